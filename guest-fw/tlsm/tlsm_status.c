/*
 * tlsm_status.c - SESSION STATUS (80 54 00 00): a flat list of TLVs (tag u8, len u8, value,
 * big-endian integers), documented in docs/tls-binding.md:
 *   80 01 state (enum tlsm_state)      81 02 protocol version (0303, 0000 without a session)
 *   82 02 cipher suite (0000 none)     83 02 max fragment length in force (bytes)
 *   84 01 1 = the session was resumed  85 02 BearSSL error of the last failure
 *   86 01 last fatal alert sent        87 1C counters u32: handshakes, resumptions,
 *         failures, frames in, frames out, records in, records out.
 */
#include "tlsm_internal.h"

static uint8_t *
put(uint8_t *p, uint8_t tag, uint8_t len, uint32_t v)
{
	*p++ = tag;
	*p++ = len;
	for (int i = len - 1; i >= 0; i--) {
		*p++ = (uint8_t)(v >> (8 * i));
	}
	return p;
}

/* see tlsm_internal.h */
uint16_t
tlsm_status(const tlsm_context *t, uint8_t *rsp, size_t cap, size_t *rlen)
{
	const br_ssl_engine_context *eng = &t->cc.eng;
	uint8_t *p = rsp;
	uint32_t version = 0, suite = 0, mfl = TLSM_MFL;

	if (cap < 60) {
		return TLSM_SW_INTERNAL;
	}
	if (t->engine_live) {
		version = eng->session.version;
		suite = eng->session.cipher_suite;
		mfl = (uint32_t)eng->max_frag_len;
	}
	p = put(p, 0x80, 1, t->state);
	p = put(p, 0x81, 2, version);
	p = put(p, 0x82, 2, suite);
	p = put(p, 0x83, 2, mfl);
	p = put(p, 0x84, 1, t->resumed);
	p = put(p, 0x85, 2, (uint32_t)t->last_error);
	p = put(p, 0x86, 1, t->last_alert);
	*p++ = 0x87;
	*p++ = 28;
	{
		/* the counters are a run of u32 values without tags of their own */
		const uint32_t c[7] = { t->handshakes, t->resumptions, t->failures,
			t->frames_in, t->frames_out, t->records_in, t->records_out };

		for (int i = 0; i < 7; i++) {
			p[0] = (uint8_t)(c[i] >> 24);
			p[1] = (uint8_t)(c[i] >> 16);
			p[2] = (uint8_t)(c[i] >> 8);
			p[3] = (uint8_t)c[i];
			p += 4;
		}
	}
	*rlen = (size_t)(p - rsp);
	return TLSM_SW_OK;
}
