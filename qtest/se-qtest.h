/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers for the SE qtests: the i.MX I2C and ECSPI controllers driven by
 * register accesses (se-qtest-bus.c), and a small independent T=1' host
 * (se-qtest-link.c) so that test bodies read like link-t1prime.md.
 */
#ifndef SE_QTEST_H
#define SE_QTEST_H

#include "libqtest.h"

#define SE_I2C3_BASE    0x30a40000  /* board SE bus, i2c-bus.2 */
#define SE_I2C2_BASE    0x30a30000  /* i2c-bus.1 */
#define SE_ECSPI2_BASE  0x30830000
#define SE_I2C_ADDR     0x48
#define SE_BLOCK_MAX    (0x0FF9 + 6)

typedef struct SEBus {
    QTestState *qts;
    bool spi;
    uint64_t base;
    uint8_t addr;       /* I2C */
    uint8_t cs;         /* SPI */
    uint8_t ns;         /* host N(S) of its next I-block */
    uint16_t ifsc;      /* SE receive size the host chains to */
} SEBus;

typedef struct SEBlock {
    uint8_t nad, pcb;
    uint16_t len;
    uint8_t inf[SE_BLOCK_MAX];
    bool crc_ok;
} SEBlock;

/* ---- bus (se-qtest-bus.c) ---- */
void se_bus_i2c(SEBus *b, QTestState *qts, uint64_t base, uint8_t addr);
void se_bus_spi(SEBus *b, QTestState *qts, uint64_t base, uint8_t cs);
/* I2C: 0 ok, -1 address NACK, -2 data byte NACK */
int se_i2c_write(SEBus *b, const uint8_t *buf, size_t len);
int se_i2c_read(SEBus *b, uint8_t *buf, size_t len);
void se_spi_select(SEBus *b, bool on);
uint8_t se_spi_byte(SEBus *b, uint8_t out);

/* ---- link (se-qtest-link.c) ---- */
uint16_t se_crc(const uint8_t *p, size_t n);
size_t se_encode(uint8_t *out, uint8_t nad, uint8_t pcb, const uint8_t *inf,
                 size_t len);
/* one frame as is: I2C one write, SPI one CS assertion; <0 if refused */
int se_send_raw(SEBus *b, const uint8_t *buf, size_t len);
int se_send(SEBus *b, uint8_t pcb, const uint8_t *inf, size_t len);
/* one SE block, read in two parts (prologue, then rest); -1 if not ready */
int se_recv(SEBus *b, SEBlock *blk);
/* send + receive, asserting the answer came with a good CRC */
void se_xfer(SEBus *b, uint8_t pcb, const uint8_t *inf, size_t len,
             SEBlock *rsp);
/* APDU with chaining both ways; returns SW, data in rsp (up to cap) */
uint16_t se_apdu(SEBus *b, const uint8_t *apdu, size_t len, uint8_t *rsp,
                 size_t cap, size_t *rlen);
uint16_t se_select(SEBus *b, const uint8_t *aid, size_t aid_len);
/* the block is an I-block whose INF ends with @sw */
void se_assert_sw(const SEBlock *blk, uint16_t sw);
void se_assert_block(const SEBlock *blk, uint8_t pcb, const uint8_t *inf,
                     size_t len);
/* after abuse: RESYNCH answers and SELECT ISD gets 9000 */
void se_assert_recovers(SEBus *b);
/* bench/qtest-apdu.sh: SELECT round trips for 2 s, written as "@name N apdu/s"
 * to the file named by SE_QTEST_BENCH_OUT */
void se_bench_select(SEBus *b, const char *name);

/* ---- QMP (se-qtest-vm.c) ---- */
/* wait until the migration ends, assert it ended as @want ("completed" or
 * "failed"); returns its error-desc (g_free it) */
char *se_wait_migration(QTestState *qts, const char *want);
/* wait for block job @id to conclude without error, dismiss it */
void se_wait_job(QTestState *qts, const char *id);
/* -M se-iot @args, with QEMU's own snapshot leaks suppressed; @supp: the
 * suppression file to unlink */
QTestState *se_start_for_snapshots(const char *args, char **supp);
/* qcow2 node "snap" over the file @path (formatted first if @create) */
void se_snapshot_node(QTestState *qts, const char *path, bool create);

#endif
