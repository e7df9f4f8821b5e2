/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qtest of the se-iot secure element on SPI (-M se-iot,se-bus=spi: se-spi
 * on ECSPI2 CS0), through the ECSPI registers.  Spec: link-t1prime.md §1.2.
 */
#include "qemu/osdep.h"
#include "libqtest.h"
#include "se-qtest.h"

static const uint8_t aid_isd[] = { 0xA0, 0x00, 0x00, 0x01, 0x51, 0x00, 0x00, 0x00 };
static const uint8_t sel_isd[] = { 0x00, 0xA4, 0x04, 0x00, 0x08,
                                   0xA0, 0x00, 0x00, 0x01, 0x51, 0x00, 0x00, 0x00 };

static QTestState *se_start(SEBus *b, const char *extra)
{
    QTestState *qts = qtest_initf("-M se-iot,se-bus=spi %s", extra ? extra : "");

    se_bus_spi(b, qts, SE_ECSPI2_BASE, 0);
    return qts;
}

static void test_cip(void)
{
    static const uint8_t cip[] = {
        0x01, 0x03, 0xFF, 0xFF, 0xFF, 0x01, 0x0C, 0x00, 0x05, 0x27, 0x10, 0x00,
        0x01, 0x00, 0xC8, 0x01, 0x04, 0x00, 0x00, 0x04, 0x01, 0x2C, 0x00, 0xFE,
        0x00 };
    SEBus b;
    SEBlock r;
    QTestState *qts = se_start(&b, NULL);

    se_xfer(&b, 0xC4, NULL, 0, &r);
    se_assert_block(&r, 0xE4, cip, sizeof(cip));
    qtest_quit(qts);
}

/* §1.2: MISO is 0x00 while idle and after the response, never 0xFF. */
static void test_filler(void)
{
    SEBus b;
    SEBlock r;
    QTestState *qts = se_start(&b, NULL);

    se_spi_select(&b, true);
    for (int i = 0; i < 8; i++) {
        g_assert_cmphex(se_spi_byte(&b, i & 1 ? 0xFF : 0x00), ==, 0x00);
    }
    se_spi_select(&b, false);
    se_xfer(&b, 0xC0, NULL, 0, &r);
    se_assert_block(&r, 0xE0, NULL, 0);
    se_spi_select(&b, true);
    for (int i = 0; i < 8; i++) {
        g_assert_cmphex(se_spi_byte(&b, 0xFF), ==, 0x00);
    }
    se_spi_select(&b, false);
    qtest_quit(qts);
}

static void test_select_resynch(void)
{
    SEBus b;
    SEBlock r;
    QTestState *qts = se_start(&b, NULL);

    g_assert_cmphex(se_select(&b, aid_isd, sizeof(aid_isd)), ==, 0x9000);
    se_xfer(&b, 0xC0, NULL, 0, &r);
    se_assert_block(&r, 0xE0, NULL, 0);
    b.ns = 0;
    g_assert_cmphex(se_select(&b, aid_isd, sizeof(aid_isd)), ==, 0x9000);
    se_xfer(&b, 0xCF, NULL, 0, &r);
    se_assert_block(&r, 0xEF, NULL, 0);
    qtest_quit(qts);
}

static void test_chain_small_ifs(void)
{
    static const uint8_t ifs1[] = { 0x01 };
    SEBus b;
    SEBlock r;
    QTestState *qts = se_start(&b, "-global se-spi.ifsc=4");

    se_xfer(&b, 0xC1, ifs1, 1, &r);
    se_assert_block(&r, 0xE1, ifs1, 1);
    b.ifsc = 4;
    g_assert_cmphex(se_select(&b, aid_isd, sizeof(aid_isd)), ==, 0x9000);
    qtest_quit(qts);
}

static void test_crc_error_duplicate(void)
{
        uint8_t blk[32];
    size_t n = se_encode(blk, 0x21, 0x00, sel_isd, sizeof(sel_isd));
    SEBus b;
    SEBlock r, r2;
    QTestState *qts = se_start(&b, NULL);

    blk[n - 2] ^= 0x80;
    g_assert_cmpint(se_send_raw(&b, blk, n), ==, 0);
    g_assert_cmpint(se_recv(&b, &r), >, 0);
    se_assert_block(&r, 0x81, NULL, 0);
    se_xfer(&b, 0x00, sel_isd, sizeof(sel_isd), &r);
    g_assert_cmphex(r.pcb, ==, 0x00);
    se_xfer(&b, 0x00, sel_isd, sizeof(sel_isd), &r2);        /* duplicate */
    se_assert_block(&r2, r.pcb, r.inf, r.len);
    se_xfer(&b, 0x90, NULL, 0, &r2);                 /* R: send it again */
    se_assert_block(&r2, r.pcb, r.inf, r.len);
    qtest_quit(qts);
}

/* §1.2 [infer]: CS released in mid-block gives R(ee=2). */
static void test_cs_cut(void)
{
    uint8_t blk[32];
    size_t n = se_encode(blk, 0x21, 0x00,
                         sel_isd, sizeof(sel_isd));
    SEBus b;
    SEBlock r;
    QTestState *qts = se_start(&b, NULL);

    for (size_t cut = 1; cut < n; cut += 3) {
        g_assert_cmpint(se_send_raw(&b, blk, cut), ==, 0);
        g_assert_cmpint(se_recv(&b, &r), >, 0);
        g_assert_true(r.crc_ok);
        se_assert_block(&r, 0x82, NULL, 0);
    }
    g_assert_cmpint(se_send_raw(&b, blk, n), ==, 0);
    g_assert_cmpint(se_recv(&b, &r), >, 0);
    g_assert_cmphex(r.pcb, ==, 0x00);
    se_assert_sw(&r, 0x9000);
    qtest_quit(qts);
}

static void test_malformed(void)
{
    g_autofree uint8_t *big = g_malloc0(300);
    uint8_t blk[32];
    size_t n;
    SEBus b;
    SEBlock r;
    QTestState *qts = se_start(&b, NULL);

    n = se_encode(big, 0x21, 0x00, big + 8, 255);    /* LEN > IFSC */
    g_assert_cmpint(se_send_raw(&b, big, n), ==, 0);
    g_assert_cmpint(se_recv(&b, &r), >, 0);
    se_assert_block(&r, 0x82, NULL, 0);
    n = se_encode(blk, 0x21, 0x83, NULL, 0);         /* R with ee=3 */
    g_assert_cmpint(se_send_raw(&b, blk, n), ==, 0);
    g_assert_cmpint(se_recv(&b, &r), >, 0);
    se_assert_block(&r, 0x82, NULL, 0);
    g_assert_cmphex(se_select(&b, aid_isd, sizeof(aid_isd)), ==, 0x9000);
    qtest_quit(qts);
}

/* §1.2: MISO stays 0x00 while the APDU is processed, then the answer. */
static void test_busy_filler(void)
{
    SEBus b;
    SEBlock r;
    QTestState *qts = se_start(&b, "-global se-spi.proc-time-us=3000");

    g_assert_cmpint(se_send(&b, 0x00, sel_isd, sizeof(sel_isd)), ==, 0);
    g_assert_cmpint(se_recv(&b, &r), ==, -1);       /* 16 polls of 0x00 */
    qtest_clock_step(qts, 2999 * 1000);
    g_assert_cmpint(se_recv(&b, &r), ==, -1);
    qtest_clock_step(qts, 1000);
    g_assert_cmpint(se_recv(&b, &r), >, 0);
    g_assert_true(r.crc_ok);
    se_assert_sw(&r, 0x9000);
    qtest_quit(qts);
}

/* Data-ready on SPI: up when the answer is queued, down on its first byte. */
static void test_ready_line(void)
{
    SEBus b;
    SEBlock r;
    QTestState *qts = se_start(&b, "-global se-spi.x-nack-storm=2");

    qtest_irq_intercept_out_named(qts, "/machine/se", "ready");
    g_assert_false(qtest_get_irq(qts, 0));
    g_assert_cmpint(se_send(&b, 0xC4, NULL, 0), ==, 0);
    g_assert_true(qtest_get_irq(qts, 0));
    se_spi_select(&b, true);
    g_assert_cmphex(se_spi_byte(&b, 0), ==, 0x00);         /* nack-storm */
    g_assert_cmphex(se_spi_byte(&b, 0), ==, 0x00);
    g_assert_true(qtest_get_irq(qts, 0));
    se_spi_select(&b, false);
    g_assert_cmpint(se_recv(&b, &r), >, 0);
    g_assert_true(r.crc_ok);
    g_assert_cmphex(r.pcb, ==, 0xE4);
    g_assert_false(qtest_get_irq(qts, 0));
    qtest_quit(qts);
}

/* Random frames from a seeded generator: every one is answered or ignored,
 * QEMU survives (ASan/UBSan builds watch it), and the link recovers. */
static void test_fuzz(void)
{
    g_autofree uint8_t *buf = g_malloc(400);
    GRand *rnd = g_rand_new_with_seed(0x5e107);
    SEBus b;
    SEBlock r;
    QTestState *qts = se_start(&b, NULL);

    for (int i = 0; i < 150; i++) {
        size_t n = g_rand_int_range(rnd, 1, 300);

        for (size_t k = 0; k < n; k++) {
            buf[k] = g_rand_int(rnd);
        }
        /*
         * A byte stream has no STOP: keep the first byte a NAD and let LEN
         * end the block at the frame's end or beyond it (a CS cut), so that
         * the SE's answer is never clocked out inside our own frame.
         */
        if (buf[0] == 0x00 || buf[0] == 0xFF) {
            buf[0] = 0x21;
        }
        if (n >= 4) {
            size_t len = (n >= 6 && (i & 1)) ? n - 6 : n + g_rand_int_range(rnd, 0, 5000);

            buf[2] = len >> 8;
            buf[3] = len & 0xFF;
        }
        se_send_raw(&b, buf, n);
        if (se_recv(&b, &r) > 0) {
            g_assert_true(r.crc_ok);
        }
    }
    se_assert_recovers(&b);
    g_rand_free(rnd);
    qtest_quit(qts);
}

static void test_bench(void)
{
    SEBus b;
    QTestState *qts = se_start(&b, NULL);

    se_bench_select(&b, "qtest_apdu_per_s_spi");
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/se-spi/cip", test_cip);
    qtest_add_func("/se-spi/filler", test_filler);
    qtest_add_func("/se-spi/select-resynch-swr", test_select_resynch);
    qtest_add_func("/se-spi/chain-small-ifs", test_chain_small_ifs);
    qtest_add_func("/se-spi/crc-error-duplicate", test_crc_error_duplicate);
    qtest_add_func("/se-spi/cs-cut", test_cs_cut);
    qtest_add_func("/se-spi/malformed", test_malformed);
    qtest_add_func("/se-spi/busy-filler", test_busy_filler);
    qtest_add_func("/se-spi/ready-line", test_ready_line);
    qtest_add_func("/se-spi/fuzz", test_fuzz);
    if (g_getenv("SE_QTEST_BENCH_OUT")) {
        qtest_add_func("/se-spi/bench", test_bench);
    }
    return g_test_run();
}
