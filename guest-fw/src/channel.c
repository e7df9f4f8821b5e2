/*
 * Selection state per channel: SELECT by AID (ISO 7816-4 clause 11.2.2) and
 * MANAGE CHANNEL (clause 11.1.2). The secure channel has a selection of its
 * own, so a SELECT inside the TLS session never disturbs the DE's channels.
 */
#include <string.h>

#include "os_internal.h"

void
os_deselect(se_os_context *os, uint8_t ch)
{
	uint8_t idx = os->selected[ch];
	se_env e;

	if (idx != SE_OS_NONE && os->applets[idx]->deselect) {
		os_env(&e, os, idx, ch);
		os->applets[idx]->deselect(&e);
		os_txn_end(os, SE_SW_OK);
	}
	os->selected[ch] = SE_OS_NONE;
	memset(os->transient[ch], 0, SE_OS_TRANSIENT_SIZE);
}

uint16_t
os_select(se_os_context *os, uint8_t ch, const se_apdu *c)
{
	uint8_t idx;
	const se_applet *a;
	se_env e;
	uint16_t sw = SE_SW_OK;

	if (c->p1 != 0x04 || (c->p2 & ~0x0Cu)) { /* by DF name only; FCI (00) or no data (0C) */
		return SE_SW_INCORRECT_P1P2;
	}
	idx = os_find_aid(os, c->data, c->nc);
	if (idx == SE_OS_NONE) {
		return SE_SW_APPLET_NOT_FOUND;
	}
	a = os->applets[idx];
	/* refusals first, so a refused SELECT leaves the current selection alone */
	if (ch == SE_OS_SECURE_CHANNEL && (a->flags & SE_APPLET_TLSM)) {
		return SE_SW_CONDITIONS;
	}
	if (ch != SE_OS_SECURE_CHANNEL && (a->flags & SE_APPLET_SECURE_ONLY)) {
		return SE_SW_SECURITY_STATUS;
	}
	if (os_read_byte(os, OS_APPLET_LC + idx) != SE_LC_SELECTABLE) {
		return os->broken ? SE_SW_MEMORY_FAILURE : SE_SW_SELECT_FAILED;
	}
	os_deselect(os, ch);
	os->selected[ch] = idx;
	if (a->select) {
		os_env(&e, os, idx, ch);
		sw = os_txn_end(os, a->select(&e));
		if (sw != SE_SW_OK) {
			os->selected[ch] = SE_OS_NONE;
		}
	}
	return sw;
}

uint16_t
os_manage_channel(se_os_context *os, uint8_t ch, const se_apdu *c, se_rsp *r)
{
	uint8_t n = c->p2;

	if (c->nc) {
		return SE_SW_WRONG_LENGTH;
	}
	if (c->p1 == 0x00) { /* open: P2 = 0 lets the card choose and returns the number */
		if (n == 0) {
			while (++n < SE_OS_CHANNELS && (os->open_channels >> n & 1)) {
				;
			}
		}
		if (n >= SE_OS_CHANNELS || (os->open_channels >> n & 1)) {
			return n == c->p2 ? SE_SW_INCORRECT_P1P2 : SE_SW_CHANNEL_NOT_SUPPORTED;
		}
		os->open_channels |= (uint8_t)(1u << n);
		os->selected[n] = os->selected[ch]; /* the origin channel's applet, clause 11.1.2 */
		memset(os->transient[n], 0, SE_OS_TRANSIENT_SIZE);
		if (c->p2 == 0) {
			r->buf[0] = n;
			r->len = 1;
		}
		return SE_SW_OK;
	}
	if (c->p1 == 0x80 && n > 0 && n < SE_OS_CHANNELS && (os->open_channels >> n & 1)) {
		os_deselect(os, n);
		os->open_channels &= (uint8_t) ~(1u << n);
		return SE_SW_OK;
	}
	return SE_SW_INCORRECT_P1P2;
}
