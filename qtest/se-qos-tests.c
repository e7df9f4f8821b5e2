/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qgraph tests of se-i2c (any machine with an "i2c-bus"), through the
 * libqos I2C adapter.  qgraph reuses one QEMU and resets it between tests,
 * so they also check that a system reset restores the power-on state.
 */
#include "qemu/osdep.h"
#include "libqtest.h"
#include "libqos/qgraph.h"
#include "libqos/i2c.h"
#include "se-qtest.h"

static void qos_xfer(QI2CDevice *dev, uint8_t pcb, const uint8_t *inf,
                     size_t len, SEBlock *r)
{
    uint8_t raw[300];
    size_t n = se_encode(raw, 0x21, pcb, inf, len);
    uint16_t crc;

    qi2c_send(dev, raw, n);
    qi2c_recv(dev, raw, 4);                 /* prologue, then the rest */
    r->nad = raw[0];
    r->pcb = raw[1];
    r->len = raw[2] << 8 | raw[3];
    g_assert_cmpuint(r->len, <=, sizeof(raw) - 6);
    qi2c_recv(dev, raw + 4, r->len + 2);
    memcpy(r->inf, raw + 4, r->len);
    crc = se_crc(raw, r->len + 4);
    r->crc_ok = raw[r->len + 4] == (crc >> 8) && raw[r->len + 5] == (crc & 0xFF);
    g_assert_true(r->crc_ok);
    g_assert_cmphex(r->nad, ==, 0x12);
}

static void qos_cip(void *obj, void *data, QGuestAllocator *alloc)
{
    SEBlock r;

    qos_xfer(obj, 0xC4, NULL, 0, &r);
    g_assert_cmphex(r.pcb, ==, 0xE4);
    g_assert_cmpuint(r.len, ==, 21);
    g_assert_cmphex(r.inf[5], ==, 0x02);            /* PLID I2C */
}

static void qos_select(void *obj, void *data, QGuestAllocator *alloc)
{
    static const uint8_t sel[] = { 0x00, 0xA4, 0x04, 0x00, 0x08, 0xA0, 0x00,
                                   0x00, 0x01, 0x51, 0x00, 0x00, 0x00 };
    SEBlock r;

    /* N(S)=0 right after the reset qgraph did between tests */
    qos_xfer(obj, 0x00, sel, sizeof(sel), &r);
    se_assert_sw(&r, 0x9000);
    qos_xfer(obj, 0x40, sel, sizeof(sel), &r);
    g_assert_cmphex(r.pcb, ==, 0x40);
    se_assert_sw(&r, 0x9000);
}

static void qos_chain(void *obj, void *data, QGuestAllocator *alloc)
{
    static const uint8_t sel[] = { 0x00, 0xA4, 0x04, 0x00, 0x08, 0xA0, 0x00,
                                   0x00, 0x01, 0x51, 0x00, 0x00, 0x00 };
    SEBlock r;

    qos_xfer(obj, 0x20, sel, 6, &r);                /* I(0, M) */
    g_assert_cmphex(r.pcb, ==, 0x90);
    qos_xfer(obj, 0x40, sel + 6, sizeof(sel) - 6, &r);
    g_assert_cmphex(r.pcb, ==, 0x00);
    se_assert_sw(&r, 0x9000);
}

static void se_qos_register(void)
{
    qos_add_test("cip", "se-i2c", qos_cip, NULL);
    qos_add_test("select", "se-i2c", qos_select, NULL);
    qos_add_test("chain", "se-i2c", qos_chain, NULL);
}

libqos_init(se_qos_register);
