/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GlobalPlatform T=1' secure element driver: frames and the CIP as bytes.
 *
 * What the SE sends is checked and decoded here, with no device state, so
 * that the module and the fuzzers (fuzz/fuzz_driver_frames.c) build the
 * same source.
 */
#ifndef SE_FRAME_H
#define SE_FRAME_H

#include <linux/types.h>

/* PCB (spec §2.3) */
#define SE_PCB_I_NS		0x40
#define SE_PCB_I_M		0x20
#define SE_PCB_R		0x80
#define SE_PCB_R_NR		0x10
#define SE_PCB_R_EE		0x03
#define SE_PCB_S		0xc0
#define SE_PCB_S_RESP		0x20
#define SE_PCB_KIND		0xc0

/* A received block; @inf points into the checked frame. */
struct se_block {
	u8 pcb;
	u16 len;
	const u8 *inf;
};

/* CIP fields (spec §2.4); PLP fields of the other bus stay 0. */
struct se_cip_info {
	u8 version;
	u8 iin_len;
	u8 iin[4];
	u8 plid;
	u8 pwt_ms;
	u8 pst_ms;
	u8 mpot_ms;
	u16 mcf_khz;
	u16 rwgt_us;
	u16 segt_us;
	u16 seal;
	u16 wut;
	u16 bwt_ms;
	u16 ifsc;
	u8 hb_len;
};

u16 se_crc(const u8 *buf, size_t len);
int se_frame_check(const u8 *p, size_t n, size_t ifsd, struct se_block *b);
int se_cip_parse(const u8 *p, size_t n, struct se_cip_info *ci);

#endif /* SE_FRAME_H */
