/* SPDX-License-Identifier: GPL-2.0-or-later */
/* T=1' block codec (link-t1prime.md §1.1, §2.1-§2.3).  see t1prime.h */
#include <string.h>

#include "crc16_x25.h"
#include "t1prime.h"

/* see t1prime.h */
t1p_kind t1p_pcb_kind(uint8_t pcb)
{
    if (!(pcb & 0x80u)) {
        return T1P_KIND_I;
    }
    return (pcb & 0x40u) ? T1P_KIND_S : T1P_KIND_R;
}

/* §2.2: a nibble of 0x0 or 0xF means "no block" to the hosts. */
static bool nad_valid(uint8_t nad)
{
    uint8_t hi = nad >> 4, lo = nad & 0x0Fu;

    return hi != 0x0u && hi != 0xFu && lo != 0x0u && lo != 0xFu;
}

/* §2.3: I = 0 N(S) M 00000; R = 100 N(R) 00 ee with ee != 3, no INF. */
static bool pcb_valid(uint8_t pcb, uint16_t len)
{
    switch (t1p_pcb_kind(pcb)) {
    case T1P_KIND_I:
        return (pcb & 0x1Fu) == 0;
    case T1P_KIND_R:
        return (pcb & 0x6Cu) == 0 && (pcb & 0x03u) != 3u && len == 0;
    case T1P_KIND_S:
    default:
        return true;    /* the S type is checked by the state machine */
    }
}

/* see t1prime.h */
size_t t1p_block_expected_len(const uint8_t *buf, size_t have)
{
    if (have < T1P_PROLOGUE_LEN) {
        return 0;
    }
    return ((size_t)buf[2] << 8 | buf[3]) + T1P_OVERHEAD;
}

/* What both framings check after length and CRC, and the parsed block. */
static t1p_parse parse_header(const uint8_t *buf, size_t inf_len, size_t prologue,
                              t1p_block *out)
{
    if (!nad_valid(buf[0])) {
        return T1P_PARSE_BAD_NAD;
    }
    if (!pcb_valid(buf[1], (uint16_t)inf_len)) {
        return T1P_PARSE_BAD_PCB;
    }
    out->nad = buf[0];
    out->pcb = buf[1];
    out->len = (uint16_t)inf_len;
    out->inf = buf + prologue;
    return T1P_PARSE_OK;
}

/* see t1prime.h */
t1p_parse t1p_block_parse(const uint8_t *buf, size_t len, size_t ifs,
                          t1p_block *out)
{
    size_t inf_len;
    uint16_t crc;

    if (len < T1P_OVERHEAD) {
        return T1P_PARSE_SHORT;
    }
    inf_len = (size_t)buf[2] << 8 | buf[3];
    if (inf_len > ifs) {
        return T1P_PARSE_LEN_OVER_IFS;
    }
    if (len != inf_len + T1P_OVERHEAD) {
        return T1P_PARSE_LEN_MISMATCH;
    }
    crc = crc16_x25(buf, len - T1P_EPILOGUE_LEN);
    if (buf[len - 2] != (uint8_t)(crc >> 8) || buf[len - 1] != (uint8_t)crc) {
        return T1P_PARSE_BAD_CRC;
    }
    return parse_header(buf, inf_len, T1P_PROLOGUE_LEN, out);
}

/* see t1prime.h */
size_t t1p_block_encode(uint8_t *out, size_t cap, uint8_t nad, uint8_t pcb,
                        const uint8_t *inf, size_t inf_len)
{
    size_t n = inf_len + T1P_OVERHEAD;
    uint16_t crc;

    if (inf_len > T1P_IFS_MAX || n > cap) {
        return 0;
    }
    out[0] = nad;
    out[1] = pcb;
    out[2] = (uint8_t)(inf_len >> 8);
    out[3] = (uint8_t)inf_len;
    if (inf_len) {
        memmove(out + T1P_PROLOGUE_LEN, inf, inf_len);  /* may overlap */
    }
    crc = crc16_x25(out, n - T1P_EPILOGUE_LEN);
    out[n - 2] = (uint8_t)(crc >> 8);   /* high byte first (§2.1) */
    out[n - 1] = (uint8_t)crc;
    return n;
}

/* §3.2: NAD PCB LEN(1) INF CRC, the CRC LSB first (UM11225). */
static t1p_parse se050_parse(const uint8_t *buf, size_t len, size_t ifs,
                             t1p_block *out)
{
    size_t inf_len;
    uint16_t crc;

    if (len < T1P_SE050_OVERHEAD) {
        return T1P_PARSE_SHORT;
    }
    inf_len = buf[2];
    if (inf_len > ifs || inf_len > T1P_SE050_IFS_MAX) {
        return T1P_PARSE_LEN_OVER_IFS;
    }
    if (len != inf_len + T1P_SE050_OVERHEAD) {
        return T1P_PARSE_LEN_MISMATCH;
    }
    crc = crc16_x25(buf, len - 2);
    if (buf[len - 2] != (uint8_t)crc || buf[len - 1] != (uint8_t)(crc >> 8)) {
        return T1P_PARSE_BAD_CRC;
    }
    return parse_header(buf, inf_len, 3, out);
}

/* see t1prime.h */
t1p_parse t1p_block_parse_proto(uint8_t proto, const uint8_t *buf, size_t len,
                                size_t ifs, t1p_block *out)
{
    if (proto == T1P_PROTO_SE050) {
        return se050_parse(buf, len, ifs, out);
    }
    return t1p_block_parse(buf, len, ifs, out);
}

/* see t1prime.h */
size_t t1p_block_encode_proto(uint8_t proto, uint8_t *out, size_t cap,
                              uint8_t nad, uint8_t pcb, const uint8_t *inf,
                              size_t inf_len)
{
    size_t n = inf_len + T1P_SE050_OVERHEAD;
    uint16_t crc;

    if (proto != T1P_PROTO_SE050) {
        return t1p_block_encode(out, cap, nad, pcb, inf, inf_len);
    }
    if (inf_len > T1P_SE050_IFS_MAX || n > cap) {
        return 0;
    }
    out[0] = nad;
    out[1] = pcb;
    out[2] = (uint8_t)inf_len;
    if (inf_len) {
        memmove(out + 3, inf, inf_len);
    }
    crc = crc16_x25(out, n - 2);
    out[n - 2] = (uint8_t)crc;          /* LSB first (§3.2) */
    out[n - 1] = (uint8_t)(crc >> 8);
    return n;
}
