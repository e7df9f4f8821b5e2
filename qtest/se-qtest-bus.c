/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * i.MX I2C and ECSPI masters driven through their registers, reporting
 * NACKs instead of asserting (libqos/i2c-imx.c asserts on them).
 */
#include "qemu/osdep.h"
#include "hw/i2c/imx_i2c.h"
#include "se-qtest.h"

#define ECSPI_RX        0x00
#define ECSPI_TX        0x04
#define ECSPI_CON       0x08
#define CON_EN          (1u << 0)
#define CON_SMC         (1u << 3)
#define CON_MASTER(c)   (1u << (4 + (c)))
#define CON_CHSEL(c)    ((uint32_t)(c) << 18)
#define CON_BURST8      (7u << 20)

void se_bus_i2c(SEBus *b, QTestState *qts, uint64_t base, uint8_t addr)
{
    memset(b, 0, sizeof(*b));
    b->qts = qts;
    b->base = base;
    b->addr = addr;
    b->ifsc = 254;
}

void se_bus_spi(SEBus *b, QTestState *qts, uint64_t base, uint8_t cs)
{
    memset(b, 0, sizeof(*b));
    b->qts = qts;
    b->spi = true;
    b->base = base;
    b->cs = cs;
    b->ifsc = 254;
}

static uint8_t i2sr(SEBus *b)
{
    return qtest_readb(b->qts, b->base + I2SR_ADDR);
}

/* START + address; on NACK the bus is released again. */
static int i2c_start(SEBus *b, bool read)
{
    qtest_writeb(b->qts, b->base + I2CR_ADDR,
                 I2CR_IEN | I2CR_IIEN | I2CR_MSTA | I2CR_MTX | I2CR_TXAK);
    g_assert(i2sr(b) & I2SR_IBB);
    qtest_writeb(b->qts, b->base + I2DR_ADDR, (b->addr << 1) | (read ? 1 : 0));
    if (i2sr(b) & I2SR_RXAK) {
        qtest_writeb(b->qts, b->base + I2CR_ADDR, I2CR_IEN);
        g_assert(!(i2sr(b) & I2SR_IBB));
        return -1;
    }
    g_assert(i2sr(b) & I2SR_IIF);
    qtest_writeb(b->qts, b->base + I2SR_ADDR, 0);
    return 0;
}

int se_i2c_write(SEBus *b, const uint8_t *buf, size_t len)
{
    int rc = 0;

    if (i2c_start(b, false)) {
        return -1;
    }
    for (size_t i = 0; i < len; i++) {
        qtest_writeb(b->qts, b->base + I2DR_ADDR, buf[i]);
        if (i2sr(b) & I2SR_RXAK) {
            rc = -2;            /* the controller ended the transfer */
            break;
        }
        qtest_writeb(b->qts, b->base + I2SR_ADDR, 0);
    }
    qtest_writeb(b->qts, b->base + I2CR_ADDR, I2CR_IEN);   /* STOP */
    g_assert(!(i2sr(b) & I2SR_IBB));
    return rc;
}

/* Same sequence as the Linux i2c-imx driver: dummy read, then pipelined. */
int se_i2c_read(SEBus *b, uint8_t *buf, size_t len)
{
    uint8_t cr = I2CR_IEN | I2CR_IIEN | I2CR_MSTA;

    g_assert(len > 0);
    if (i2c_start(b, true)) {
        return -1;
    }
    qtest_writeb(b->qts, b->base + I2CR_ADDR, len == 1 ? cr | I2CR_TXAK : cr);
    qtest_readb(b->qts, b->base + I2DR_ADDR);
    qtest_writeb(b->qts, b->base + I2SR_ADDR, 0);
    for (size_t i = 0; i < len; i++) {
        if (i == len - 1) {
            qtest_writeb(b->qts, b->base + I2CR_ADDR, I2CR_IEN | I2CR_IIEN);
        } else if (i == len - 2) {
            qtest_writeb(b->qts, b->base + I2CR_ADDR, cr | I2CR_TXAK);
        }
        buf[i] = qtest_readb(b->qts, b->base + I2DR_ADDR);
        qtest_writeb(b->qts, b->base + I2SR_ADDR, 0);
    }
    g_assert(!(i2sr(b) & I2SR_IBB));
    return 0;
}

/* CS follows the enable bit: imx_spi releases every CS on disable. */
void se_spi_select(SEBus *b, bool on)
{
    qtest_writel(b->qts, b->base + ECSPI_CON,
                 on ? CON_EN | CON_SMC | CON_MASTER(b->cs) | CON_CHSEL(b->cs) |
                      CON_BURST8 : 0);
}

uint8_t se_spi_byte(SEBus *b, uint8_t out)
{
    qtest_writel(b->qts, b->base + ECSPI_TX, out);      /* SMC: sent now */
    return (uint8_t)qtest_readl(b->qts, b->base + ECSPI_RX);
}
