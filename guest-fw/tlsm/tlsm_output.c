/*
 * tlsm_output.c - SE -> DE: records from BearSSL's sendrec become units (binding 2), staged
 * for the response data.  Plaintext handshake records are cut into one unit per message;
 * ChangeCipherSpec becomes 0x22; after our CCS a handshake record is the encrypted Finished
 * (0x21); application data 0x20 and alerts 0x23 stay one record each.
 */
#include <string.h>

#include "tlsm_internal.h"

/* see tlsm_internal.h */
void
tlsm_output_reset(tlsm_context *t)
{
	t->ob_hdr_got = 0;
	t->ob_left = 0;
	t->om_got = 0;
	t->om_left = 0;
	t->ccs_out = 0;
}

/* see tlsm_internal.h */
int
tlsm_stage_put(tlsm_context *t, const uint8_t *p, size_t n)
{
	if (n > sizeof t->stage - t->stage_len) {
		return -1;
	}
	memcpy(t->stage + t->stage_len, p, n);
	t->stage_len += n;
	return 0;
}

static void
stage_unit_header(tlsm_context *t, uint8_t code, size_t len)
{
	uint8_t h[4];

	h[0] = code;
	h[1] = (uint8_t)(len >> 16);
	h[2] = (uint8_t)(len >> 8);
	h[3] = (uint8_t)len;
	(void)tlsm_stage_put(t, h, 4);   /* callers checked there is room for 4 bytes */
}

/* Convert up to `n` bytes of one record stream; returns the bytes consumed. */
static size_t
convert(tlsm_context *t, const uint8_t *p, size_t n)
{
	size_t used = 0;

	while (used < n && sizeof t->stage - t->stage_len >= 4) {
		if (t->ob_hdr_got < 5) {
			t->ob_hdr[t->ob_hdr_got++] = p[used++];
			if (t->ob_hdr_got < 5) {
				continue;
			}
			t->ob_type = t->ob_hdr[0];
			t->ob_left = ((size_t)t->ob_hdr[3] << 8) | t->ob_hdr[4];
			t->records_out++;
			switch (t->ob_type) {
			case TLSM_CT_HANDSHAKE:
				if (t->ccs_out) {
					stage_unit_header(t, TLSM_UNIT_FINISHED, t->ob_left);
				}
				break;
			case TLSM_CT_CCS:
				t->ccs_out = 1;
				stage_unit_header(t, TLSM_UNIT_CCS, t->ob_left);
				break;
			case TLSM_CT_ALERT:
				stage_unit_header(t, TLSM_UNIT_ALERT, t->ob_left);
				break;
			default:
				stage_unit_header(t, TLSM_UNIT_APPDATA, t->ob_left);
				break;
			}
			if (t->ob_left == 0) {
				t->ob_hdr_got = 0;
			}
			continue;
		}
		if (t->ob_type == TLSM_CT_HANDSHAKE && !t->ccs_out && t->om_left == 0) {
			/* plaintext handshake: 4-byte message header -> unit header */
			t->om_hdr[t->om_got++] = p[used++];
			t->ob_left--;
			if (t->om_got == 4) {
				t->om_got = 0;
				t->om_left = ((size_t)t->om_hdr[1] << 16)
					| ((size_t)t->om_hdr[2] << 8) | t->om_hdr[3];
				stage_unit_header(t, t->om_hdr[0], t->om_left);
			}
		} else {
			size_t k = n - used, room = sizeof t->stage - t->stage_len;

			if (k > t->ob_left) {
				k = t->ob_left;
			}
			if (t->ob_type == TLSM_CT_HANDSHAKE && !t->ccs_out && k > t->om_left) {
				k = t->om_left;
			}
			if (k > room) {
				k = room;
			}
			(void)tlsm_stage_put(t, p + used, k);
			used += k;
			t->ob_left -= k;
			if (t->ob_type == TLSM_CT_HANDSHAKE && !t->ccs_out) {
				t->om_left -= k;
			}
		}
		if (t->ob_left == 0) {
			t->ob_hdr_got = 0;
		}
	}
	return used;
}

/* see tlsm_internal.h */
size_t
tlsm_stage_output(tlsm_context *t)
{
	br_ssl_engine_context *eng = &t->cc.eng;
	size_t len, used;
	unsigned char *buf = br_ssl_engine_sendrec_buf(eng, &len);

	if (buf == NULL || len == 0) {
		return 0;
	}
	used = convert(t, buf, len);
	if (used > 0) {
		br_ssl_engine_sendrec_ack(eng, used);
	}
	return used;
}

/* RFC 5246 7.2.2 alert for a BearSSL error; -1 when none is to be sent by us. */
static int
alert_for(int err)
{
	if (err >= BR_ERR_RECV_FATAL_ALERT) {
		return -1;   /* the server sent one, or BearSSL already sent ours */
	}
	switch (err) {
	case BR_ERR_X509_EXPIRED:      return 45;   /* certificate_expired */
	case BR_ERR_X509_NOT_TRUSTED:  return 48;   /* unknown_ca */
	case BR_ERR_BAD_MAC:           return 20;   /* bad_record_mac */
	case BR_ERR_BAD_SIGNATURE:
	case BR_ERR_BAD_FINISHED:      return 51;   /* decrypt_error */
	case BR_ERR_TOO_LARGE:         return 22;   /* record_overflow */
	case BR_ERR_BAD_LENGTH:
	case BR_ERR_BAD_PARAM:         /* the handshake parser's length checks */
	case BR_ERR_BAD_HANDSHAKE:     return 50;   /* decode_error */
	case BR_ERR_BAD_FRAGLEN:
	case BR_ERR_BAD_SECRENEG:
	case BR_ERR_BAD_SNI:
	case BR_ERR_EXTRA_EXTENSION:   return 47;   /* illegal_parameter */
	case BR_ERR_UNEXPECTED:
	case BR_ERR_BAD_CCS:
	case BR_ERR_UNKNOWN_TYPE:      return 10;   /* unexpected_message */
	case BR_ERR_BAD_VERSION:
	case BR_ERR_UNSUPPORTED_VERSION: return 70; /* protocol_version */
	default:
		break;
	}
	if (err >= BR_ERR_X509_OK && err < BR_ERR_X509_OK + 32) {
		return 42;                         /* bad_certificate */
	}
	return 40;                                 /* handshake_failure */
}

static int
is_auth_error(int err)
{
	return (err >= BR_ERR_X509_OK && err < BR_ERR_X509_OK + 32)
		|| err == BR_ERR_BAD_MAC || err == BR_ERR_BAD_SIGNATURE
		|| err == BR_ERR_BAD_FINISHED || err == BR_ERR_NO_CLIENT_AUTH
		|| err >= BR_ERR_RECV_FATAL_ALERT;
}

/*
 * Stage a fatal alert unit.  The alert goes through the engine's current output cipher
 * (the "clear" one before our ChangeCipherSpec), so after CCS it is properly encrypted with
 * the next sequence number, although BearSSL itself refuses output once failed.
 */
static void
stage_alert(tlsm_context *t, uint8_t desc)
{
	br_ssl_engine_context *eng = &t->cc.eng;
	unsigned char buf[5 + 16 + 8 + 2 + 16 + 16];
	size_t start = 5, end = sizeof buf, len = 2;
	unsigned char *rec;

	eng->out.vtable->max_plaintext(&eng->out.vtable, &start, &end);
	if (end < start + 2) {
		return;
	}
	buf[start] = 2;   /* fatal */
	buf[start + 1] = desc;
	rec = eng->out.vtable->encrypt(&eng->out.vtable, TLSM_CT_ALERT, 0x0303, buf + start, &len);
	if (rec == NULL || len < 5 || sizeof t->stage - t->stage_len < 4 + len - 5) {
		return;
	}
	stage_unit_header(t, TLSM_UNIT_ALERT, len - 5);
	(void)tlsm_stage_put(t, rec + 5, len - 5);
	t->last_alert = desc;
}

/* see tlsm_internal.h */
uint16_t
tlsm_fail(tlsm_context *t, const tlsm_platform *pf, int err)
{
	int alert = alert_for(err);

	if (t->engine_live && alert >= 0) {
		/* drop a half-converted output record: the alert replaces it */
		if (t->ob_hdr_got != 0 || t->ob_left != 0) {
			tlsm_output_reset(t);
		}
		stage_alert(t, (uint8_t)alert);
	} else if (err >= BR_ERR_SEND_FATAL_ALERT) {
		t->last_alert = (uint8_t)(err - BR_ERR_SEND_FATAL_ALERT);
	}
	tlsm_engine_wipe(t);
	/* RFC 5246 7.2.2: a session that ended with a fatal alert must not be resumed. */
	memset(&t->saved, 0, sizeof t->saved);
	t->saved_valid = 0;
	t->last_error = err;
	t->failures++;
	t->state = TLSM_FAILED;
	if (pf->session_closed != NULL) {
		pf->session_closed(pf->ctx);
	}
	return is_auth_error(err) ? TLSM_SW_AUTH : TLSM_SW_MALFORMED;
}

/* see tlsm_internal.h */
void
tlsm_end(tlsm_context *t, const tlsm_platform *pf, uint8_t state)
{
	tlsm_engine_wipe(t);
	t->state = state;
	if (pf->session_closed != NULL) {
		pf->session_closed(pf->ctx);
	}
}
