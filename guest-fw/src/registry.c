/*
 * Applet registry: init, NVM layout, AID lookup, reset, and the call wrapper
 * that gives every applet call its own NVM transaction.
 */
#include <string.h>

#include "os_internal.h"

void
os_env(se_env *e, se_os_context *os, uint8_t idx, uint8_t ch)
{
	e->os = os;
	e->self = os->applets[idx];
	e->index = idx;
	e->channel = ch;
	e->secure = ch == SE_OS_SECURE_CHANNEL;
	e->transient = ch <= SE_OS_SECURE_CHANNEL ? os->transient[ch] : NULL;
}

uint8_t
os_find_aid(const se_os_context *os, const uint8_t *aid, size_t len)
{
	for (uint8_t i = 0; i < os->applet_count; i++) {
		const se_applet *a = os->applets[i];

		if (a->aid_len == len && !memcmp(a->aid, aid, len)) {
			return i;
		}
	}
	return SE_OS_NONE;
}

/* An unreadable byte reads as 0, which no check accepts as "selectable" or "secured". */
uint8_t
os_read_byte(se_os_context *os, uint32_t off)
{
	uint8_t b = 0;

	if (se_nvm_read(&os->nvm, off, &b, 1)) {
		os->broken = 1;
	}
	return b;
}

/* Commit on success, roll back otherwise; a failing NVM turns into 6581 and mutes the OS. */
uint16_t
os_txn_end(se_os_context *os, uint16_t sw)
{
	int rc = os_sw_success(sw) ? se_nvm_commit(&os->nvm) : se_nvm_abort(&os->nvm);

	if (rc || os->broken) {
		os->broken = 1;
		return SE_SW_MEMORY_FAILURE;
	}
	return sw;
}

uint16_t
os_call(se_os_context *os, uint8_t idx, uint8_t ch, const se_apdu *c, se_rsp *r)
{
	se_env e;
	uint16_t sw;

	os_env(&e, os, idx, ch);
	r->len = 0;
	sw = os_txn_end(os, os->applets[idx]->process(&e, c, r));
	/* error SWs carry no data, except the TLS Manager's alert units (binding section 4) */
	if ((!os_sw_success(sw) && !(os->applets[idx]->flags & SE_APPLET_TLSM))
		|| sw == SE_SW_MEMORY_FAILURE || r->len > r->cap) {
		r->len = 0;
	}
	return sw;
}

/* see se_os.h */
int
se_os_init(se_os_context *os, const se_hal *hal, const se_applet *const *applets, size_t count,
	unsigned flags)
{
	uint32_t layout = se_crc32(0, "SEOS-layout-1", 13), total = OS_APPLETS_OFF;
	uint8_t q[4];
	int rc;

	memset(os, 0, sizeof *os);
	os->tlsm = SE_OS_NONE;
	if (!hal || !applets || count > SE_OS_MAX_APPLETS) {
		return SE_ERR_PARAM;
	}
	os->applets = applets;
	for (uint8_t i = 0; i < count; i++) {
		const se_applet *a = applets[i];

		if (!a || !a->process || a->aid_len < 5 || a->aid_len > 16
			|| os_find_aid(os, a->aid, a->aid_len) != SE_OS_NONE) {
			return SE_ERR_PARAM;
		}
		if (a->flags & SE_APPLET_TLSM) {
			if (os->tlsm != SE_OS_NONE) {
				return SE_ERR_PARAM;
			}
			os->tlsm = i;
		}
		os->applet_count = (uint8_t)(i + 1);
		q[0] = a->aid_len;
		q[1] = a->flags;
		se_put16(q + 2, a->nvm_size);
		layout = se_crc32(se_crc32(layout, q, 4), a->aid, a->aid_len);
		total += a->nvm_size;
	}
	os->layout_id = layout;
	rc = se_nvm_open(&os->nvm, hal, layout, total, flags);
	if (rc == SE_NVM_FORMATTED) {
		uint8_t lc[OS_AREA_SIZE];

		memset(lc, SE_LC_SELECTABLE, sizeof lc);
		lc[OS_CARD_LC] = SE_CARD_OP_READY;
		if (se_nvm_write(&os->nvm, 0, lc, sizeof lc) || se_nvm_commit(&os->nvm)) {
			rc = SE_ERR_IO;
		}
	}
	if (rc < 0) {
		return rc;
	}
	se_os_reset(os, 0);
	return rc;
}

/* see se_os.h */
int
se_os_reset(se_os_context *os, int cold)
{
	se_env e;
	int rc = SE_OK;

	if (cold) {
		rc = se_nvm_open(&os->nvm, os->nvm.hal, os->layout_id, os->nvm.data_size, 0);
		os->broken = rc < 0;
	}
	memset(os->selected, SE_OS_NONE, sizeof os->selected);
	memset(os->transient, 0, sizeof os->transient);
	os->open_channels = 1;
	for (uint8_t ch = 0; ch < SE_OS_CHANNELS; ch++) {
		os->chain[ch].open = 0;
	}
	os->rsp_left = 0;
	os->rsp_owner = SE_OS_NONE;
	os->rsp_sw = 0;
	for (uint8_t i = 0; i < os->applet_count; i++) {
		const se_applet *a = os->applets[i];

		if (a->reset) {
			os_env(&e, os, i, SE_OS_NONE);
			a->reset(&e);
		}
		/* the ISD is the default applet of the basic channel */
		if ((a->flags & SE_APPLET_ISD) && os->selected[0] == SE_OS_NONE) {
			os->selected[0] = i;
		}
	}
	return rc;
}
