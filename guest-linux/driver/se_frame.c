// SPDX-License-Identifier: GPL-2.0
/*
 * GlobalPlatform T=1' secure element driver: frames and the CIP as bytes.
 *
 * Frame layout NAD PCB LEN(2) INF CRC(2), CRC-16/X-25 sent high byte first
 * (spec §2.1); the CIP layout of spec §2.4.
 */

#include <linux/crc-ccitt.h>
#include <linux/errno.h>
#include <linux/string.h>

#include "se_frame.h"
#include "se_t1prime.h"

u16 se_crc(const u8 *buf, size_t len)
{
	/* CRC-16/X-25: reflected 0x1021, init and xorout 0xffff */
	return crc_ccitt(0xffff, buf, len) ^ 0xffff;
}

/**
 * se_frame_check() - check a frame from the SE and split it
 * @p:    the frame
 * @n:    its size
 * @ifsd: the largest INF the host accepts
 * @b:    the block, valid on success; @b->inf points into @p
 *
 * Return: 0, -EILSEQ on a CRC error, -EBADMSG for any other fault.
 */
int se_frame_check(const u8 *p, size_t n, size_t ifsd, struct se_block *b)
{
	u16 len;
	u8 pcb;

	if (n < SE_OVERHEAD)
		return -EBADMSG;
	len = get_unaligned_be16(p + 2);
	if (len > ifsd || len + SE_OVERHEAD != n)
		return -EBADMSG;
	if (se_crc(p, n - SE_EPILOGUE_LEN) != get_unaligned_be16(p + n - 2))
		return -EILSEQ;
	if (!se_nad_valid(p[0]))
		return -EBADMSG;
	pcb = p[1];
	switch (pcb & SE_PCB_KIND) {
	case SE_PCB_R:
		if ((pcb & 0x6c) || (pcb & SE_PCB_R_EE) == 3 || len)
			return -EBADMSG;
		break;
	case SE_PCB_S:
		break;
	default:
		if (pcb & 0x1f)
			return -EBADMSG;
	}
	b->pcb = pcb;
	b->len = len;
	b->inf = p + SE_PROLOGUE_LEN;
	return 0;
}

/**
 * se_cip_parse() - decode a CIP (spec §2.4)
 * @p:  CIP bytes
 * @n:  CIP size
 * @ci: decoded fields
 *
 * Return: 0, or -EPROTO when the layout or a length is wrong.
 */
int se_cip_parse(const u8 *p, size_t n, struct se_cip_info *ci)
{
	size_t off, plp_len, dllp_len;
	const u8 *plp, *dllp;

	memset(ci, 0, sizeof(*ci));
	if (n < 2)
		return -EPROTO;
	ci->version = p[0];
	ci->iin_len = p[1];
	if (ci->iin_len < 3 || ci->iin_len > 4)
		return -EPROTO;
	off = 2;
	if (n < off + ci->iin_len + 2)
		return -EPROTO;
	memcpy(ci->iin, p + off, ci->iin_len);
	off += ci->iin_len;
	ci->plid = p[off++];
	plp_len = p[off++];
	plp = p + off;
	if (n < off + plp_len + 1)
		return -EPROTO;
	off += plp_len;
	dllp_len = p[off++];
	dllp = p + off;
	if (dllp_len < 4 || n < off + dllp_len + 1)
		return -EPROTO;
	off += dllp_len;
	ci->hb_len = p[off++];
	if (off + ci->hb_len != n)
		return -EPROTO;

	ci->bwt_ms = get_unaligned_be16(dllp);
	ci->ifsc = get_unaligned_be16(dllp + 2);
	if (!ci->ifsc || ci->ifsc > SE_IFS_MAX)
		return -EPROTO;
	switch (ci->plid) {
	case SE_BUS_I2C:
		if (plp_len < 8)
			return -EPROTO;
		ci->rwgt_us = get_unaligned_be16(plp + 6);
		break;
	case SE_BUS_SPI:
		if (plp_len < 12)
			return -EPROTO;
		ci->segt_us = get_unaligned_be16(plp + 6);
		ci->seal = get_unaligned_be16(plp + 8);
		ci->wut = get_unaligned_be16(plp + 10);
		break;
	default:
		return -EPROTO;
	}
	ci->pwt_ms = plp[1];
	ci->mcf_khz = get_unaligned_be16(plp + 2);
	ci->pst_ms = plp[4];
	ci->mpot_ms = plp[5];
	return 0;
}
