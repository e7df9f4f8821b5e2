/* SPDX-License-Identifier: GPL-2.0-or-later */
/* see fake_card.h */
#include <string.h>

#include "fake_card.h"

static int fake_transmit(void *ctx, const uint8_t *cmd, size_t cmd_len,
                         uint8_t *rsp, size_t rsp_cap, size_t *rsp_len)
{
    fake_card *c = ctx;
    size_t n = 0;

    c->apdus++;
    if (cmd_len < 4) {
        rsp[0] = 0x67;
        rsp[1] = 0x00;
        *rsp_len = 2;
        return 0;
    }
    switch (cmd[1]) {
    case 0xA4:
        break;
    case 0xCA:
        n = (size_t)cmd[2] << 8 | cmd[3];
        if (n + 2 > rsp_cap) {
            return -1;
        }
        for (size_t i = 0; i < n; i++) {
            rsp[i] = (uint8_t)i;
        }
        break;
    case 0xEE:
        if (cmd_len + 2 > rsp_cap) {
            return -1;
        }
        memcpy(rsp, cmd, cmd_len);
        n = cmd_len;
        break;
    case 0xFF:
        return -1;
    default:
        rsp[0] = 0x6D;
        rsp[1] = 0x00;
        *rsp_len = 2;
        return 0;
    }
    rsp[n] = 0x90;
    rsp[n + 1] = 0x00;
    *rsp_len = n + 2;
    return 0;
}

static void fake_reset(void *ctx, t1p_reset_kind kind)
{
    fake_card *c = ctx;

    if (kind == T1P_RESET_COLD) {
        c->cold_resets++;
    } else {
        c->warm_resets++;
    }
}

static uint32_t fake_proc_time(void *ctx, const uint8_t *cmd, size_t cmd_len,
                               size_t rsp_len)
{
    const fake_card *c = ctx;

    (void)cmd;
    (void)cmd_len;
    (void)rsp_len;
    return c->proc_us;
}

const t1p_card_ops fake_card_ops = {
    .transmit = fake_transmit,
    .reset = fake_reset,
    .proc_time_us = fake_proc_time,
};
