/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Link configuration and the CIP (link-t1prime.md §1.1, §2.4).  see t1prime.h */
#include <string.h>

#include "t1prime.h"

#define T1P_CIP_VER     0x01u   /* §2.4: emit 0x01 for GP */

/* see t1prime.h */
void t1p_config_default(t1p_config *cfg, uint8_t plid)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->plid = plid;
    cfg->iin_len = 3;
    memset(cfg->iin, 0xFF, sizeof(cfg->iin));  /* placeholder IIN (§1.1) */
    cfg->ifsc = T1P_IFS_DEFAULT;
    cfg->bwt_ms = 300;      /* equals the hosts' pre-CIP default (§1.1) */
    cfg->pwt_ms = 5;
    cfg->pst_ms = 0;
    cfg->mpot_ms = 1;
    cfg->wtx_mult = 1;
    if (plid == T1P_PLID_SPI) {
        cfg->mcf_khz = 10000;
        cfg->segt_us = 200;
        cfg->seal = 260;
        cfg->wut = 0;
    } else {
        cfg->mcf_khz = 1000;
        cfg->rwgt_us = 10;
        cfg->segt_us = 100;     /* only in the SE050-mode ATR */
    }
}

/* see t1prime.h */
const char *t1p_config_check(const t1p_config *cfg)
{
    if (cfg->plid != T1P_PLID_I2C && cfg->plid != T1P_PLID_SPI) {
        return "plid must be 1 (SPI) or 2 (I2C)";
    }
    if (cfg->proto > T1P_PROTO_SE050) {
        return "proto must be gp or se050";
    }
    if (cfg->proto == T1P_PROTO_SE050 &&
        (cfg->plid != T1P_PLID_I2C || cfg->ifsc > T1P_SE050_IFS_MAX)) {
        return "se050 mode needs I2C and ifsc <= 254";
    }
    if (cfg->iin_len != 3 && cfg->iin_len != 4) {
        return "IIN length must be 3 or 4";
    }
    if (cfg->ifsc < 1 || cfg->ifsc > T1P_IFS_MAX) {
        return "ifsc must be 1..4089";
    }
    if (cfg->bwt_ms == 0) {
        return "bwt must be at least 1 ms";
    }
    if (cfg->wtx_mult == 0) {
        return "WTX multiplier must be at least 1";
    }
    return NULL;
}

static uint8_t *put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);   /* all CIP fields are big-endian (§2.4) */
    p[1] = (uint8_t)v;
    return p + 2;
}

/* see t1prime.h */
size_t t1p_cip_encode(const t1p_config *cfg, uint8_t *out, size_t cap)
{
    uint8_t buf[T1P_CIP_MAX];
    uint8_t *p = buf;
    size_t iin_len = cfg->iin_len > 4 ? 4 : cfg->iin_len;

    /* VER | IIN_LEN | IIN | PLID | PLP_LEN | PLP | DLLP_LEN | DLLP | HB_LEN */
    *p++ = T1P_CIP_VER;
    *p++ = (uint8_t)iin_len;
    memcpy(p, cfg->iin, iin_len);
    p += iin_len;
    *p++ = cfg->plid;
    if (cfg->plid == T1P_PLID_SPI) {
        *p++ = 12;  /* CONF PWT MCF PST MPOT SEGT SEAL WUT */
        *p++ = 0;
        *p++ = cfg->pwt_ms;
        p = put16(p, cfg->mcf_khz);
        *p++ = cfg->pst_ms;
        *p++ = cfg->mpot_ms;
        p = put16(p, cfg->segt_us);
        p = put16(p, cfg->seal);
        p = put16(p, cfg->wut);
    } else {
        *p++ = 8;   /* CONF PWT MCF PST MPOT RWGT */
        *p++ = 0;
        *p++ = cfg->pwt_ms;
        p = put16(p, cfg->mcf_khz);
        *p++ = cfg->pst_ms;
        *p++ = cfg->mpot_ms;
        p = put16(p, cfg->rwgt_us);
    }
    *p++ = 4;       /* DLLP: BWT(ms) IFSC */
    p = put16(p, cfg->bwt_ms);
    p = put16(p, cfg->ifsc);
    *p++ = 0;       /* no historical bytes */
    if ((size_t)(p - buf) > cap) {
        return 0;
    }
    memcpy(out, buf, (size_t)(p - buf));
    return (size_t)(p - buf);
}

/* see t1prime.h */
size_t t1p_atr_encode(const t1p_config *cfg, uint8_t *out, size_t cap)
{
    /* §3.4 layout; the VID is NXP's RID as SE05x hosts expect it */
    static const uint8_t vid[5] = { 0xA0, 0x00, 0x00, 0x03, 0x96 };
    static const uint8_t hb[] = { 's', 'e', '-', 'i', 'o', 't' };
    uint8_t buf[T1P_CIP_MAX];
    uint8_t *p = buf;

    *p++ = 0x00;                /* PVER, as a real SE050 */
    memcpy(p, vid, sizeof(vid));
    p += sizeof(vid);
    *p++ = 4;                   /* DLLP: BWT(ms) IFSC */
    p = put16(p, cfg->bwt_ms);
    p = put16(p, cfg->ifsc);
    *p++ = T1P_PLID_I2C;
    *p++ = 11;                  /* MCF CONFIG MPOT RFU(3) SEGT WUT */
    p = put16(p, cfg->mcf_khz);
    *p++ = 0x00;
    *p++ = cfg->mpot_ms;
    *p++ = 0;
    *p++ = 0;
    *p++ = 0;
    p = put16(p, cfg->segt_us);
    p = put16(p, cfg->wut);
    *p++ = sizeof(hb);
    memcpy(p, hb, sizeof(hb));
    p += sizeof(hb);
    if ((size_t)(p - buf) > cap) {
        return 0;
    }
    memcpy(out, buf, (size_t)(p - buf));
    return (size_t)(p - buf);
}
