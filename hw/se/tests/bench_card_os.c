/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * see bench_card.h: the SE firmware as shipped (guest-fw se_product: card
 * OS, ISD, App1-App3, TLS Manager) on a RAM NVM image, as the QEMU device
 * runs it (hw/se/se-card.c).
 */
#include <string.h>

#include "bench_card.h"
#include "se_product.h"

static se_product prod;
static se_hal hal;
static se_hal_ram ram;
static uint8_t image[SE_OS_NVM_SIZE];

static int os_transmit(void *ctx, const uint8_t *cmd, size_t cmd_len,
                       uint8_t *rsp, size_t rsp_cap, size_t *rsp_len)
{
    return se_os_transmit(ctx, cmd, cmd_len, rsp, rsp_cap, rsp_len) == SE_OK ? 0 : -1;
}

static void os_reset(void *ctx, t1p_reset_kind kind)
{
    se_os_reset(ctx, kind == T1P_RESET_COLD);
}

static const t1p_card_ops os_ops = {
    .transmit = os_transmit,
    .reset = os_reset,
};

int bench_card_open(t1p_card *card)
{
    se_hal_ram_init(&ram, &hal, image, sizeof(image));
    if (se_product_init(&prod, &hal, 0) < 0) {
        return -1;
    }
    card->ops = &os_ops;
    card->ctx = &prod.os;
    return 0;
}
