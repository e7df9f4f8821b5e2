/*
 * tlsm_input.c - DE -> SE: one unit in (binding 3), possibly in ISO 7816-4 chained segments
 * (CLA 0x90 ... then 0x80, P1P2 = total body length).  The unit is turned back into the
 * record(s) BearSSL expects and streamed into recvrec segment by segment, so no buffer for a
 * whole unit is needed: a handshake message is cut into plaintext records of at most MFL
 * bytes; a ciphertext unit is exactly one record.
 */
#include <string.h>

#include "tlsm_internal.h"

static uint16_t
record_header(tlsm_context *t, const tlsm_platform *pf, uint8_t type, size_t len)
{
	uint8_t h[5];

	h[0] = type;
	h[1] = 0x03;
	h[2] = 0x03;
	h[3] = (uint8_t)(len >> 8);
	h[4] = (uint8_t)len;
	t->records_in++;
	return tlsm_feed_records(t, pf, h, sizeof h);
}

/* Bytes of (handshake header || body): records of at most TLSM_MFL bytes. */
static uint16_t
handshake_bytes(tlsm_context *t, const tlsm_platform *pf, const uint8_t *p, size_t n)
{
	size_t total = 4 + (size_t)t->in_total;

	while (n > 0) {
		uint16_t sw;
		size_t k;

		if (t->in_rec_left == 0) {
			size_t left = total - t->in_msg_pos;

			t->in_rec_left = left < TLSM_MFL ? left : TLSM_MFL;
			sw = record_header(t, pf, TLSM_CT_HANDSHAKE, t->in_rec_left);
			if (sw != 0) {
				return sw;
			}
		}
		k = n < t->in_rec_left ? n : t->in_rec_left;
		sw = tlsm_feed_records(t, pf, p, k);
		if (sw != 0) {
			return sw;
		}
		t->in_rec_left -= k;
		t->in_msg_pos += k;
		p += k;
		n -= k;
	}
	return 0;
}

/* First segment of a unit: check it against the session state and start its record. */
static uint16_t
unit_begin(tlsm_context *t, const tlsm_platform *pf, uint8_t code, uint16_t total)
{
	int hs = t->state == TLSM_HANDSHAKE, up = t->state == TLSM_ESTABLISHED;
	size_t rec_max = TLSM_IOBUF - 5;

	switch (code) {
	case TLSM_UNIT_APPDATA:
		if (!up) {
			return TLSM_SW_STATE;   /* application data before the handshake: 6985 */
		}
		break;
	case TLSM_UNIT_ALERT:
		if (!hs && !up) {
			return TLSM_SW_STATE;
		}
		break;
	default:                          /* handshake messages, CCS, encrypted Finished */
		if (!hs) {
			return TLSM_SW_STATE;
		}
		break;
	}
	if (code >= 0x01 && code <= 0x1F) {
		if (code == 13) {
			t->cert_requested = 1;
		}
		if (code == 14 && !t->cert_requested) {
			/* ServerHelloDone without CertificateRequest: the SE insists on mutual auth */
			return tlsm_fail(t, pf, BR_ERR_NO_CLIENT_AUTH);
		}
		uint8_t h[4];

		t->in_msg_pos = 0;
		t->in_rec_left = 0;
		h[0] = code;
		h[1] = 0;
		h[2] = (uint8_t)(total >> 8);
		h[3] = (uint8_t)total;
		return handshake_bytes(t, pf, h, 4);
	}
	if (code == TLSM_UNIT_CCS) {
		if (total != 1) {
			return tlsm_fail(t, pf, BR_ERR_BAD_CCS);
		}
		return record_header(t, pf, TLSM_CT_CCS, 1);
	}
	/* ciphertext units are exactly one record: it must fit BearSSL's input buffer */
	if (total == 0 || total > rec_max) {
		return tlsm_fail(t, pf, total == 0 ? BR_ERR_BAD_LENGTH : BR_ERR_TOO_LARGE);
	}
	return record_header(t, pf, code == TLSM_UNIT_ALERT ? TLSM_CT_ALERT
		: code == TLSM_UNIT_FINISHED ? TLSM_CT_HANDSHAKE : TLSM_CT_APPDATA, total);
}

/* see tlsm_internal.h */
uint16_t
tlsm_unit_in(tlsm_context *t, const tlsm_platform *pf, uint8_t cla, uint8_t ins,
	uint16_t total, const uint8_t *data, size_t nc)
{
	int more = (cla & 0x10) != 0;
	uint16_t sw;

	if (!t->in_active) {
		t->in_total = total;    /* unit_begin's record framing needs it */
		sw = unit_begin(t, pf, ins, total);
		if (sw != 0) {
			return sw;
		}
		t->in_active = 1;
		t->in_code = ins;
		t->in_total = total;
		t->in_got = 0;
	} else if (ins != t->in_code || total != t->in_total) {
		/* a segment of another unit inside a chain: bad chaining */
		return tlsm_fail(t, pf, BR_ERR_BAD_LENGTH);
	}
	if (nc > (size_t)(t->in_total - t->in_got) || (more && t->in_got + nc == t->in_total)
		|| (!more && t->in_got + nc != t->in_total)) {
		return tlsm_fail(t, pf, BR_ERR_BAD_LENGTH);
	}
	t->in_got = (uint16_t)(t->in_got + nc);
	if (!more) {
		t->in_active = 0;
	}
	if (nc > 0) {
		if (ins >= 0x01 && ins <= 0x1F) {
			sw = handshake_bytes(t, pf, data, nc);
		} else {
			sw = tlsm_feed_records(t, pf, data, nc);
		}
		if (sw != 0) {
			return sw;
		}
	}
	return more ? 0 : tlsm_pump(t, pf);
}
