/*
 * tlsm_command.c - the TLS Manager's command set (binding 3) and its responses (binding 4):
 * OPEN / CLOSE / STATUS, units in, and the staged output units handed out 256 bytes at a time
 * with 61XX + GET RESPONSE.
 */
#include <string.h>

#include "tlsm_internal.h"

/* see tlsm.h */
void
tlsm_init(tlsm_context *t)
{
	memset(t, 0, sizeof *t);
	tlsm_cred_reset(t);
	t->state = TLSM_IDLE;
}

/* Drop the live session and pending output; the resumable session stays. */
static void
drop_session(tlsm_context *t, const tlsm_platform *pf)
{
	if (t->engine_live) {
		tlsm_engine_wipe(t);
		if (pf != NULL && pf->session_closed != NULL) {
			pf->session_closed(pf->ctx);
		}
	}
	tlsm_output_reset(t);
	t->stage_len = 0;
	t->get_response_ok = 0;
	t->state = TLSM_IDLE;
}

/* see tlsm.h */
void
tlsm_reset(tlsm_context *t, const tlsm_platform *pf)
{
	drop_session(t, pf);
	memset(&t->saved, 0, sizeof t->saved);
	t->saved_valid = 0;
	t->saved_name_hash = 0;
}

/*
 * Move staged output into the response (as much as fits), refill the stage from the engine and
 * return 9000 or 61XX with XX = bytes still waiting (00 = 256 or more).  The stage holds
 * TLSM_RSP_CHUNK + 4 bytes, so when it is not full the engine has nothing more to give and
 * the count is exact.
 */
static uint16_t
respond(tlsm_context *t, const tlsm_platform *pf, uint8_t *rsp, size_t cap, size_t *rlen,
	size_t limit, uint16_t final_sw)
{
	size_t n = 0;

	if (limit > cap) {
		limit = cap;
	}
	for (;;) {
		size_t k = t->stage_len < limit - n ? t->stage_len : limit - n;

		memcpy(rsp + n, t->stage, k);
		memmove(t->stage, t->stage + k, t->stage_len - k);
		t->stage_len -= k;
		n += k;
		if (t->engine_live) {
			uint16_t sw = tlsm_pump(t, pf);

			if (sw != 0 && final_sw == TLSM_SW_OK) {
				final_sw = sw;
			}
		}
		if (k == 0 || n == limit) {
			break;
		}
	}
	*rlen = n;
	if (t->stage_len > 0) {
		t->get_response_ok = 1;
		if (final_sw != TLSM_SW_OK) {
			/* an error answer carries its alert whole: the stage holds it */
			t->get_response_ok = 0;
			t->stage_len = 0;
			return final_sw;
		}
		return (uint16_t)(TLSM_SW_MORE | (t->stage_len >= 256 ? 0 : t->stage_len));
	}
	t->get_response_ok = 0;
	return final_sw;
}

static uint16_t
cmd_open(tlsm_context *t, const tlsm_platform *pf, const uint8_t *data, size_t nc,
	uint8_t *rsp, size_t cap, size_t *rlen)
{
	uint16_t sw;

	/* a new OPEN is accepted at once, whatever the state: the old session is dropped */
	drop_session(t, pf);
	tlsm_cred_reset(t);
	t->cert_requested = 0;
	t->resumed = 0;
	if (pf->load_credentials(pf->ctx, t) != 0) {
		tlsm_cred_reset(t);
		return TLSM_SW_INTERNAL;
	}
	if (nc > 0 && tlsm_cred_set_server_name(t, (const char *)data, nc) != 0) {
		tlsm_cred_reset(t);
		return TLSM_SW_MALFORMED;
	}
	if (tlsm_engine_start(t, pf, t->server_name) != 0) {
		tlsm_engine_wipe(t);
		tlsm_cred_reset(t);
		return TLSM_SW_INTERNAL;
	}
	t->state = TLSM_HANDSHAKE;
	t->last_error = 0;
	t->last_alert = 0;
	sw = tlsm_pump(t, pf);
	return respond(t, pf, rsp, cap, rlen, TLSM_RSP_CHUNK, sw != 0 ? sw : TLSM_SW_OK);
}

static uint16_t
cmd_close(tlsm_context *t, const tlsm_platform *pf, uint8_t *rsp, size_t cap, size_t *rlen)
{
	if (t->engine_live) {
		br_ssl_engine_close(&t->cc.eng);
		/* the close_notify goes to the stage; we do not wait for the server's */
		while (tlsm_stage_output(t) > 0) {
		}
		tlsm_end(t, pf, TLSM_CLOSED);
	}
	t->in_active = 0;
	return respond(t, pf, rsp, cap, rlen, TLSM_RSP_CHUNK, TLSM_SW_OK);
}

/* see tlsm.h */
uint16_t
tlsm_command(tlsm_context *t, const tlsm_platform *pf,
	uint8_t cla, uint8_t ins, uint8_t p1, uint8_t p2, const uint8_t *data, size_t nc,
	uint8_t *rsp, size_t cap, size_t *rlen)
{
	uint16_t sw;

	*rlen = 0;
	if (cap < 2 || (data == NULL && nc != 0)) {
		return TLSM_SW_INTERNAL;
	}
	if (ins == 0xC0 && (cla & 0x80) == 0 && t->get_response_ok) {
		/* GET RESPONSE (ISO 7816-4 7.6.1): the next part of the staged units */
		return respond(t, pf, rsp, cap, rlen, TLSM_RSP_CHUNK, TLSM_SW_OK);
	}
	/* any other command drops output the DE did not collect */
	t->stage_len = 0;
	t->get_response_ok = 0;
	if ((cla & 0xEF) != 0x80) {
		return TLSM_SW_CLA;
	}
	if (ins <= 0x23 && ins != 0x00) {
		if (cla == 0x90 && nc == 0) {
			return TLSM_SW_LENGTH;
		}
		sw = tlsm_unit_in(t, pf, cla, ins, (uint16_t)(p1 << 8 | p2), data, nc);
		if (sw != 0 && sw != TLSM_SW_STATE) {
			return respond(t, pf, rsp, cap, rlen, TLSM_RSP_CHUNK, sw);
		}
		if (sw != 0 || (cla & 0x10)) {
			return sw != 0 ? sw : TLSM_SW_OK;
		}
		return respond(t, pf, rsp, cap, rlen, TLSM_RSP_CHUNK, TLSM_SW_OK);
	}
	if (cla != 0x80) {
		return TLSM_SW_CLA;
	}
	if (p1 != 0 || p2 != 0) {
		return TLSM_SW_P1P2;
	}
	switch (ins) {
	case 0x50:
		return cmd_open(t, pf, data, nc, rsp, cap, rlen);
	case 0x52:
		return cmd_close(t, pf, rsp, cap, rlen);
	case 0x54:
		return tlsm_status(t, rsp, cap, rlen);
	default:
		return TLSM_SW_INS;
	}
}
