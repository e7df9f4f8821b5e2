/* de_apdu.c - APDU exchange: one command, 61XX + GET RESPONSE, SELECT. */
#include <string.h>

#include "de_internal.h"

/* see de_internal.h */
int
de_fail(de_context *de, int err)
{
	if (de->err == DE_OK) {
		de->err = err;
	}
	return de->err;
}

/* see de_internal.h */
int
de_sw_error(uint16_t sw)
{
	switch (sw) {
	case DE_SW_OK:        return DE_OK;
	case DE_SW_STATE:     return DE_ERR_SE_STATE;
	case DE_SW_MALFORMED: return DE_ERR_SE_MALFORMED;
	case DE_SW_AUTH:      return DE_ERR_SE_AUTH;
	default:              return DE_ERR_SE_SW;
	}
}

/*
 * One transmit; checks the response has at least SW1 SW2.  Data goes to `data_sink` (units
 * parser) or is appended to (buf, cap, *blen).
 */
static int
transmit_once(de_context *de, const uint8_t *cmd, size_t len, int to_units,
	uint8_t *buf, size_t cap, size_t *blen, uint16_t *sw)
{
	uint8_t rsp[DE_RSP_MAX];
	size_t rlen = 0;
	int err;

	de->apdus++;
	if (de->transmit == NULL || de->transmit(de->transmit_ctx, cmd, len, rsp, sizeof rsp, &rlen) != 0
		|| rlen < 2 || rlen > sizeof rsp) {
		return de_fail(de, DE_ERR_TRANSPORT);
	}
	*sw = (uint16_t)((rsp[rlen - 2] << 8) | rsp[rlen - 1]);
	de->last_sw = *sw;
	rlen -= 2;
	if (rlen == 0) {
		return DE_OK;
	}
	if (to_units) {
		err = de_units_parse(de, rsp, rlen);
		return err;
	}
	if (rlen > cap - *blen) {
		return de_fail(de, DE_ERR_PARAM);
	}
	memcpy(buf + *blen, rsp, rlen);
	*blen += rlen;
	return DE_OK;
}

/* Send `cmd`, then GET RESPONSE while SW1 == 0x61 (ISO 7816-4 5.3.3 / 5.6). */
static int
exchange(de_context *de, const uint8_t *cmd, size_t len, int to_units,
	uint8_t *buf, size_t cap, size_t *blen, uint16_t *sw)
{
	uint8_t gr[5] = { 0x00, 0xC0, 0x00, 0x00, 0x00 };
	unsigned rounds = 0;
	int err;

	gr[0] |= de->cla_mask;
	err = transmit_once(de, cmd, len, to_units, buf, cap, blen, sw);
	while (err == DE_OK && (*sw >> 8) == 0x61) {
		/* 64 KiB of output at most per command: a bounded loop. */
		if (++rounds > 256) {
			return de_fail(de, DE_ERR_TRANSPORT);
		}
		gr[4] = (uint8_t)(*sw & 0xFF);
		err = transmit_once(de, gr, sizeof gr, to_units, buf, cap, blen, sw);
	}
	return err;
}

/* see de_internal.h */
int
de_exchange_units(de_context *de, const uint8_t *cmd, size_t len, uint16_t *sw)
{
	return exchange(de, cmd, len, 1, NULL, 0, NULL, sw);
}

/* see de.h */
int
de_apdu(de_context *de, const uint8_t *cmd, size_t len,
	uint8_t *rsp, size_t cap, size_t *rlen, uint16_t *sw)
{
	size_t n = 0;
	int err;

	if (de == NULL || cmd == NULL || len < 4 || len > 6 + DE_SEGMENT_MAX
		|| (rsp == NULL && cap != 0) || rlen == NULL || sw == NULL) {
		return DE_ERR_PARAM;
	}
	/* plain APDUs (SELECT, STATUS) do not depend on the record stream's sticky error */
	err = exchange(de, cmd, len, 0, rsp, cap, &n, sw);
	*rlen = n;
	return err;
}

/* see de.h */
int
de_select(de_context *de, const uint8_t *aid, size_t aid_len)
{
	uint8_t cmd[5 + 16];
	uint16_t sw = 0;
	size_t rlen = 0;
	uint8_t rsp[DE_RSP_MAX];
	int err;

	if (de == NULL || aid == NULL || aid_len < 5 || aid_len > 16) {
		return DE_ERR_PARAM;
	}
	cmd[0] = de->cla_mask;
	cmd[1] = 0xA4;
	cmd[2] = 0x04;
	cmd[3] = 0x00;
	cmd[4] = (uint8_t)aid_len;
	memcpy(cmd + 5, aid, aid_len);
	err = de_apdu(de, cmd, 5 + aid_len, rsp, sizeof rsp, &rlen, &sw);
	if (err == DE_OK && sw != DE_SW_OK) {
		err = DE_ERR_SE_SW;
	}
	return err;
}
