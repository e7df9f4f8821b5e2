/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A minimal T=1' host for the qtests, written apart from hw/se so that the
 * tests check the device against link-t1prime.md, not against itself.
 */
#include "qemu/osdep.h"
#include "se-qtest.h"

/* CRC-16/X-25, bit by bit (the device uses a different formulation). */
uint16_t se_crc(const uint8_t *p, size_t n)
{
    uint16_t crc = 0xFFFF;

    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++) {
            crc = (crc & 1) ? (crc >> 1) ^ 0x8408 : crc >> 1;
        }
    }
    return crc ^ 0xFFFF;
}

size_t se_encode(uint8_t *out, uint8_t nad, uint8_t pcb, const uint8_t *inf,
                 size_t len)
{
    uint16_t crc;

    out[0] = nad;
    out[1] = pcb;
    out[2] = len >> 8;
    out[3] = len & 0xFF;
    if (len) {
        memmove(out + 4, inf, len);
    }
    crc = se_crc(out, len + 4);
    out[len + 4] = crc >> 8;
    out[len + 5] = crc & 0xFF;
    return len + 6;
}

int se_send_raw(SEBus *b, const uint8_t *buf, size_t len)
{
    if (!b->spi) {
        return se_i2c_write(b, buf, len);
    }
    se_spi_select(b, true);
    for (size_t i = 0; i < len; i++) {
        se_spi_byte(b, buf[i]);
    }
    se_spi_select(b, false);
    return 0;
}

int se_send(SEBus *b, uint8_t pcb, const uint8_t *inf, size_t len)
{
    g_autofree uint8_t *buf = g_malloc(len + 6);

    return se_send_raw(b, buf, se_encode(buf, 0x21, pcb, inf, len));
}

static bool nad_valid(uint8_t nad)
{
    return (nad >> 4) != 0 && (nad >> 4) != 0xF &&
           (nad & 0xF) != 0 && (nad & 0xF) != 0xF;
}

static int recv_i2c(SEBus *b, uint8_t *raw)
{
    size_t len;

    /* Infineon-style split read: prologue, then the rest (§2.7). */
    if (se_i2c_read(b, raw, 4)) {
        return -1;
    }
    if (!nad_valid(raw[0])) {
        return -1;
    }
    len = (size_t)raw[2] << 8 | raw[3];
    g_assert_cmpuint(len, <=, SE_BLOCK_MAX - 6);
    g_assert_cmpint(se_i2c_read(b, raw + 4, len + 2), ==, 0);
    return len + 6;
}

static int recv_spi(SEBus *b, uint8_t *raw)
{
    size_t len;
    int polls = 0;

    se_spi_select(b, true);
    do {
        raw[0] = se_spi_byte(b, 0x00);
    } while (raw[0] == 0x00 && ++polls < 16);
    if (raw[0] == 0x00) {
        se_spi_select(b, false);
        return -1;
    }
    g_assert(nad_valid(raw[0]));
    for (int i = 1; i < 4; i++) {
        raw[i] = se_spi_byte(b, 0x00);
    }
    len = (size_t)raw[2] << 8 | raw[3];
    g_assert_cmpuint(len, <=, SE_BLOCK_MAX - 6);
    for (size_t i = 0; i < len + 2; i++) {
        raw[4 + i] = se_spi_byte(b, 0x00);
    }
    se_spi_select(b, false);
    return len + 6;
}

int se_recv(SEBus *b, SEBlock *blk)
{
    uint8_t raw[SE_BLOCK_MAX];
    int n = b->spi ? recv_spi(b, raw) : recv_i2c(b, raw);
    uint16_t crc;

    if (n < 0) {
        return -1;
    }
    blk->nad = raw[0];
    blk->pcb = raw[1];
    blk->len = n - 6;
    memcpy(blk->inf, raw + 4, blk->len);
    crc = se_crc(raw, n - 2);
    blk->crc_ok = raw[n - 2] == (crc >> 8) && raw[n - 1] == (crc & 0xFF);
    return n;
}

void se_xfer(SEBus *b, uint8_t pcb, const uint8_t *inf, size_t len,
             SEBlock *rsp)
{
    g_assert_cmpint(se_send(b, pcb, inf, len), ==, 0);
    g_assert_cmpint(se_recv(b, rsp), >, 0);
    g_assert_true(rsp->crc_ok);
    g_assert_cmphex(rsp->nad, ==, 0x12);
}

void se_assert_block(const SEBlock *blk, uint8_t pcb, const uint8_t *inf,
                     size_t len)
{
    g_assert_cmphex(blk->pcb, ==, pcb);
    g_assert_cmpmem(blk->inf, blk->len, inf, len);
}

/* ISO 7816-3 chaining both ways (link-t1prime.md §2.8). */
uint16_t se_apdu(SEBus *b, const uint8_t *apdu, size_t len, uint8_t *rsp,
                 size_t cap, size_t *rlen)
{
    SEBlock blk;
    size_t off = 0, got = 0;
    uint8_t se_ns;

    for (;;) {
        size_t n = MIN(len - off, b->ifsc);
        bool more = off + n < len;

        se_xfer(b, (b->ns << 6) | (more ? 0x20 : 0), apdu + off, n, &blk);
        b->ns ^= 1;
        off += n;
        if (!more) {
            break;
        }
        g_assert_cmphex(blk.pcb, ==, 0x80 | (b->ns << 4));   /* R(ack) */
    }
    for (;;) {
        g_assert_cmphex(blk.pcb & 0x9F, ==, 0);             /* I-block */
        g_assert_cmpuint(got + blk.len, <=, cap);
        memcpy(rsp + got, blk.inf, blk.len);
        got += blk.len;
        if (!(blk.pcb & 0x20)) {
            break;
        }
        se_ns = (blk.pcb >> 6) & 1;
        se_xfer(b, 0x80 | ((se_ns ^ 1) << 4), NULL, 0, &blk);
    }
    g_assert_cmpuint(got, >=, 2);
    *rlen = got - 2;
    return rsp[got - 2] << 8 | rsp[got - 1];
}

uint16_t se_select(SEBus *b, const uint8_t *aid, size_t aid_len)
{
    uint8_t apdu[5 + 16];
    uint8_t rsp[300];
    size_t rlen;

    g_assert_cmpuint(aid_len, <=, 16);
    apdu[0] = 0x00;
    apdu[1] = 0xA4;
    apdu[2] = 0x04;
    apdu[3] = 0x00;
    apdu[4] = aid_len;
    memcpy(apdu + 5, aid, aid_len);
    return se_apdu(b, apdu, 5 + aid_len, rsp, sizeof(rsp), &rlen);
}

void se_assert_sw(const SEBlock *blk, uint16_t sw)
{
    g_assert_cmphex(blk->pcb & 0x9F, ==, 0);
    g_assert_cmpuint(blk->len, >=, 2);
    g_assert_cmphex(blk->inf[blk->len - 2] << 8 | blk->inf[blk->len - 1], ==, sw);
}

static const uint8_t se_aid_isd[] = { 0xA0, 0x00, 0x00, 0x01, 0x51, 0x00, 0x00, 0x00 };

void se_assert_recovers(SEBus *b)
{
    SEBlock r;

    se_xfer(b, 0xC0, NULL, 0, &r);
    se_assert_block(&r, 0xE0, NULL, 0);
    b->ns = 0;
    g_assert_cmphex(se_select(b, se_aid_isd, sizeof(se_aid_isd)), ==, 0x9000);
}

void se_bench_select(SEBus *b, const char *name)
{
    const char *out = g_getenv("SE_QTEST_BENCH_OUT");
    gint64 t0 = g_get_monotonic_time(), t1;
    unsigned n = 0;
    FILE *f;

    do {
        for (int i = 0; i < 20; i++, n++) {
            g_assert_cmphex(se_select(b, se_aid_isd, sizeof(se_aid_isd)), ==, 0x9000);
        }
        t1 = g_get_monotonic_time();
    } while (t1 - t0 < 2 * G_USEC_PER_SEC);
    f = fopen(out, "w");
    g_assert_nonnull(f);
    fprintf(f, "%s %.0f apdu/s\n", name, n * 1e6 / (t1 - t0));
    fclose(f);
}
