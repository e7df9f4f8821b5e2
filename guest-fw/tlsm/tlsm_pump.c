/*
 * tlsm_pump.c - drives the BearSSL engine through its buffers (no sockets):
 * sendrec -> staged units, recvrec <- synthesized records, recvapp -> APDU frames ->
 * secure dispatch -> response frames -> sendapp (binding 5: frame = LEN(2) || APDU).
 */
#include <string.h>

#include "tlsm_internal.h"

/* The handshake just completed: remember the session for resumption by ID. */
static void
on_established(tlsm_context *t)
{
	br_ssl_session_parameters now;

	br_ssl_engine_get_session_parameters(&t->cc.eng, &now);
	t->resumed = (uint8_t)(t->saved_valid && now.session_id_len == t->saved.session_id_len
		&& memcmp(now.session_id, t->saved.session_id, now.session_id_len) == 0);
	t->state = TLSM_ESTABLISHED;
	t->handshakes++;
	if (t->resumed) {
		t->resumptions++;
	}
	t->saved = now;
	memset(&now, 0, sizeof now);
	t->saved_name_hash = t->name_hash;
	t->saved_valid = t->saved.session_id_len > 0;
}

/* A whole command frame is in t->frame: run it on the secure channel. */
static void
run_frame(tlsm_context *t, const tlsm_platform *pf, size_t len)
{
	size_t rlen = 0;

	t->frames_in++;
	if (pf->dispatch(pf->ctx, t->u.app.frame + 2, len, t->u.app.rsp_frame + 2, TLSM_RSP_MAX, &rlen) != 0
		|| rlen < 2 || rlen > TLSM_RSP_MAX) {
		t->u.app.rsp_frame[2] = 0x6F;
		t->u.app.rsp_frame[3] = 0x00;
		rlen = 2;
	}
	t->u.app.rsp_frame[0] = (uint8_t)(rlen >> 8);
	t->u.app.rsp_frame[1] = (uint8_t)rlen;
	t->rsp_len = 2 + rlen;
	t->rsp_pos = 0;
}

/* Oversized or undersized frame: skip its bytes, answer 6700 in its place. */
static void
reject_frame(tlsm_context *t, size_t len)
{
	t->frame_skip = len;
	t->u.app.rsp_frame[0] = 0;
	t->u.app.rsp_frame[1] = 2;
	t->u.app.rsp_frame[2] = 0x67;
	t->u.app.rsp_frame[3] = 0x00;
	t->rsp_len = 4;
	t->rsp_pos = 0;
	t->frames_in++;
}

/*
 * The engine runs on one shared (mono) buffer: plaintext must leave it before a response can
 * be written.  Move all of it into the plaintext queue; returns bytes taken.
 */
static size_t
absorb_plaintext(tlsm_context *t)
{
	br_ssl_engine_context *eng = &t->cc.eng;
	size_t avail, room, k;
	unsigned char *buf = br_ssl_engine_recvapp_buf(eng, &avail);

	if (buf == NULL) {
		return 0;
	}
	if (t->pend_pos > 0) {
		memmove(t->u.app.pending, t->u.app.pending + t->pend_pos, t->pend_len - t->pend_pos);
		t->pend_len -= t->pend_pos;
		t->pend_pos = 0;
	}
	room = sizeof t->u.app.pending - t->pend_len;
	k = avail < room ? avail : room;
	if (k > 0) {
		memcpy(t->u.app.pending + t->pend_len, buf, k);
		t->pend_len += k;
		br_ssl_engine_recvapp_ack(eng, k);
	}
	return k;
}

/* Cut the next command frame from the queue and run it; returns bytes consumed. */
static size_t
next_frame(tlsm_context *t, const tlsm_platform *pf)
{
	const uint8_t *buf = t->u.app.pending + t->pend_pos;
	size_t avail = t->pend_len - t->pend_pos, used = 0;

	/* one frame at a time: its response goes out before the next one runs */
	while (used < avail && t->rsp_pos == t->rsp_len) {
		if (t->frame_skip > 0) {
			size_t k = avail - used < t->frame_skip ? avail - used : t->frame_skip;

			t->frame_skip -= k;
			used += k;
			continue;
		}
		if (t->frame_got < 2) {
			t->u.app.frame[t->frame_got++] = buf[used++];
			if (t->frame_got == 2) {
				size_t flen = ((size_t)t->u.app.frame[0] << 8) | t->u.app.frame[1];

				if (flen < 4 || flen > TLSM_APDU_MAX) {
					t->frame_got = 0;
					reject_frame(t, flen);
				}
			}
			continue;
		}
		size_t flen = ((size_t)t->u.app.frame[0] << 8) | t->u.app.frame[1];
		size_t need = 2 + flen - t->frame_got;
		size_t k = avail - used < need ? avail - used : need;

		memcpy(t->u.app.frame + t->frame_got, buf + used, k);
		t->frame_got += k;
		used += k;
		if (t->frame_got == 2 + flen) {
			t->frame_got = 0;
			run_frame(t, pf, flen);
		}
	}
	t->pend_pos += used;
	if (t->pend_pos == t->pend_len) {
		t->pend_pos = t->pend_len = 0;
	}
	return used;
}

/* Write the pending response frame into sendapp; flush the record when it is complete. */
static size_t
give_response(tlsm_context *t)
{
	br_ssl_engine_context *eng = &t->cc.eng;
	size_t room, k;
	unsigned char *buf = br_ssl_engine_sendapp_buf(eng, &room);

	if (buf == NULL || t->rsp_pos == t->rsp_len) {
		return 0;
	}
	k = t->rsp_len - t->rsp_pos;
	if (k > room) {
		k = room;
	}
	memcpy(buf, t->u.app.rsp_frame + t->rsp_pos, k);
	br_ssl_engine_sendapp_ack(eng, k);
	t->rsp_pos += k;
	if (t->rsp_pos == t->rsp_len) {
		t->frames_out++;
		br_ssl_engine_flush(eng, 0);
	}
	return k;
}

/* see tlsm_internal.h */
uint16_t
tlsm_pump(tlsm_context *t, const tlsm_platform *pf)
{
	br_ssl_engine_context *eng = &t->cc.eng;

	while (t->engine_live) {
		unsigned st = br_ssl_engine_current_state(eng);

		if (st & BR_SSL_CLOSED) {
			int err = br_ssl_engine_last_error(eng);

			if (err != BR_ERR_OK) {
				return tlsm_fail(t, pf, err);
			}
			tlsm_end(t, pf, TLSM_CLOSED);
			return 0;
		}
		if (t->state == TLSM_HANDSHAKE && (st & (BR_SSL_SENDAPP | BR_SSL_RECVAPP))) {
			on_established(t);
		}
		if ((st & BR_SSL_SENDREC) && tlsm_stage_output(t) > 0) {
			continue;
		}
		if ((st & BR_SSL_SENDAPP) && give_response(t) > 0) {
			continue;
		}
		if ((st & BR_SSL_RECVAPP) && absorb_plaintext(t) > 0) {
			continue;
		}
		if (t->pend_len > t->pend_pos && next_frame(t, pf) > 0) {
			continue;
		}
		break;
	}
	return 0;
}

/* see tlsm_internal.h */
uint16_t
tlsm_feed_records(tlsm_context *t, const tlsm_platform *pf, const uint8_t *p, size_t n)
{
	br_ssl_engine_context *eng = &t->cc.eng;

	while (n > 0) {
		uint16_t sw;
		size_t room;
		unsigned char *buf;

		if (!t->engine_live) {
			return TLSM_SW_STATE;
		}
		buf = br_ssl_engine_recvrec_buf(eng, &room);
		if (buf != NULL && room > 0) {
			size_t k = n < room ? n : room;

			memcpy(buf, p, k);
			br_ssl_engine_recvrec_ack(eng, k);
			p += k;
			n -= k;
			continue;
		}
		/* the engine wants to output first (or failed): pump, then retry */
		size_t before = t->stage_len;
		unsigned st = br_ssl_engine_current_state(eng);

		sw = tlsm_pump(t, pf);
		if (sw != 0) {
			return sw;
		}
		if (t->engine_live && t->stage_len == before
			&& br_ssl_engine_current_state(eng) == st) {
			/* no progress possible: output backlog the DE did not collect */
			return tlsm_fail(t, pf, BR_ERR_UNEXPECTED);
		}
	}
	return tlsm_pump(t, pf);
}
