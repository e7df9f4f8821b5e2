/*
 * The Dispatcher (patent JP6965790B2 Fig. 9/11, ../shared/spec/tls-apdu-binding.md
 * section 3): binding commands to the TLS Manager, plain commands to the
 * channel's applet, decrypted commands to the secure channel's applet; plus
 * ISO 7816-4 command chaining (clause 5.3.3) and GET RESPONSE (clause 5.3.4).
 */
#include <string.h>

#include "os_internal.h"
#include "se_binding.h"

#define INS_GET_RESPONSE   0xC0u
#define INS_SELECT         0xA4u
#define INS_MANAGE_CHANNEL 0x70u
#define CLA_CHAINING       0x10u

/* what plain() leaves for se_os_transmit() to send */
#define EMIT_NEW     1 /* a command's response, now in os->rsp_buf */
#define EMIT_PENDING 2 /* the next part of the response waiting there */

/*
 * CLA of the first interindustry class (clause 5.4.1) or its proprietary twin:
 * b7-b6 = 00 (further interindustry and RFU classes refused); secure messaging
 * bits b4-b3 not supported.
 */
static uint16_t
check_cla(uint8_t cla)
{
	if (cla & 0x60) {
		return SE_SW_CLA_NOT_SUPPORTED;
	}
	if (cla & 0x0C) {
		return SE_SW_SM_NOT_SUPPORTED;
	}
	return 0;
}

/*
 * The secure channel's CLA: as on the plain interface, but no ISO chaining (the binding
 * chains its own units) and no logical channels.  Returns 0 or the SW to answer.
 */
static uint16_t
check_secure_cla(uint8_t cla)
{
	uint16_t sw = check_cla(cla);

	if (sw != 0) {
		return sw;
	}
	if (cla & CLA_CHAINING) {
		return SE_SW_CHAINING_NOT_SUPPORTED;
	}
	if (cla & 3u) {
		return SE_SW_CHANNEL_NOT_SUPPORTED;
	}
	return 0;
}

/* One complete command on channel `ch`: OS commands, else the selected applet. */
static uint16_t
run(se_os_context *os, uint8_t ch, const se_apdu *c, se_rsp *r)
{
	if (!(c->cla & 0x80) && c->ins == INS_SELECT) {
		return os_select(os, ch, c);
	}
	if (!(c->cla & 0x80) && c->ins == INS_MANAGE_CHANNEL) {
		return ch == SE_OS_SECURE_CHANNEL ? SE_SW_CHANNEL_NOT_SUPPORTED
						  : os_manage_channel(os, ch, c, r);
	}
	if (os->selected[ch] == SE_OS_NONE) {
		return SE_SW_APPLET_NOT_FOUND;
	}
	return os_call(os, os->selected[ch], ch, c, r);
}

/*
 * ISO chaining on channel `ch`: collect segments, hand back the assembled command when the
 * last one arrives. Returns 0 when `c` is ready to run, else the SW to answer.
 */
static uint16_t
chain(se_os_context *os, uint8_t ch, se_apdu *c)
{
	se_os_chain *k = &os->chain[ch];
	uint8_t hdr[4] = { (uint8_t)(c->cla & ~CLA_CHAINING), c->ins, c->p1, c->p2 };

	if (!k->open && !(c->cla & CLA_CHAINING)) {
		return 0;
	}
	if (k->open && memcmp(hdr, k->hdr, 4)) {
		k->open = 0;
		return SE_SW_LAST_CMD_EXPECTED;
	}
	if (!k->open) {
		memcpy(k->hdr, hdr, 4);
		k->len = 0;
	}
	if (c->nc > SE_OS_CHAIN_MAX - k->len) {
		k->open = 0;
		return SE_SW_NOT_ENOUGH_MEMORY;
	}
	if (c->nc) {
		memcpy(k->buf + k->len, c->data, c->nc);
	}
	k->len = (uint16_t)(k->len + c->nc);
	k->open = (c->cla & CLA_CHAINING) != 0;
	if (k->open) {
		return SE_SW_OK;
	}
	c->cla = hdr[0];
	c->data = k->buf;
	c->nc = k->len;
	return 0;
}

/*
 * Plain command: returns the SW; response data is left in os->rsp_buf (rsp_off/rsp_left).
 * Rejected commands return before touching any state.
 */
static uint16_t
plain(se_os_context *os, se_apdu *c, int *emit)
{
	se_rsp r = { os->rsp_buf, SE_OS_RSP_DATA_MAX, 0 };
	uint8_t ch = c->cla & 3u, owner = os->rsp_owner, idx;
	uint16_t sw;
	int get_response = !(c->cla & 0xF0) && c->ins == INS_GET_RESPONSE;
	int pending = get_response && os->rsp_left && os->rsp_channel == ch;
	/* the buffer first, then the applet that answered 61XX streams the rest itself */
	int owned = get_response && !pending && owner != SE_OS_NONE && os->rsp_channel == ch;
	int direct = owned; /* straight to one applet, bypassing the channel's OS commands */

	if (pending) {
		if (c->p1 || c->p2 || c->nc) {
			return c->nc ? SE_SW_WRONG_LENGTH : SE_SW_INCORRECT_P1P2;
		}
		*emit = EMIT_PENDING; /* the caller serves it from the buffer */
		return SE_SW_OK;
	}
	if (se_binding_is_command(c->cla, c->ins)) { /* whatever is selected (patent claim 3) */
		if (os->tlsm == SE_OS_NONE) {
			return SE_SW_INS_NOT_SUPPORTED;
		}
		idx = os->tlsm;
		ch = 0;
		direct = 1;
	} else {
		if ((sw = check_cla(c->cla)) != 0) {
			return sw;
		}
		if (!(os->open_channels >> ch & 1)) {
			return SE_SW_CHANNEL_NOT_SUPPORTED;
		}
		/* a GET RESPONSE an applet serves continues its answer: never part of a chain */
		if (!owned && (sw = chain(os, ch, c)) != 0) {
			return sw;
		}
		if (get_response && !owned) {
			return SE_SW_CONDITIONS; /* nothing waiting */
		}
		idx = owned ? owner : os->selected[ch];
	}
	os->rsp_left = 0;
	os->rsp_owner = SE_OS_NONE;
	os->rsp_sw = 0;
	sw = direct ? os_call(os, idx, ch, c, &r) : run(os, ch, c, &r);
	if ((sw >> 8) == 0x61) {
		os->rsp_owner = idx;
	}
	os->rsp_channel = ch;
	os->rsp_off = 0;
	os->rsp_left = (uint16_t)r.len;
	*emit = EMIT_NEW;
	return sw;
}

/* see se_os.h */
int
se_os_transmit(se_os_context *os, const uint8_t *cmd, size_t cmd_len, uint8_t *rsp, size_t rsp_cap,
	size_t *rsp_len)
{
	se_apdu c;
	uint16_t sw;
	size_t k = 0;
	int emit = 0;

	if (!os || !rsp || rsp_cap < 2 || !rsp_len || (!cmd && cmd_len)) {
		return SE_ERR_PARAM;
	}
	if (os->broken) {
		sw = SE_SW_MEMORY_FAILURE;
	} else if ((sw = se_apdu_parse(&c, cmd, cmd_len)) == 0) {
		sw = plain(os, &c, &emit);
	}
	if (os->broken) {
		os->rsp_left = 0;
	}
	if (emit && os->rsp_left) {
		/* As is: an applet's own 61XX stream, or an error with data (a TLS alert unit),
		 * as much as fits. Else, and for the rest of either, at most Ne bytes; what is
		 * left waits for GET RESPONSE (61XX, XX = 00 for >= 256). The SW of an as-is
		 * response that did not fit is held until its last byte goes out. */
		int as_is = emit == EMIT_NEW && (os->rsp_owner != SE_OS_NONE || !os_sw_success(sw));

		k = as_is ? os->rsp_left : c.ne;
		if (k > os->rsp_left) {
			k = os->rsp_left;
		}
		if (k > rsp_cap - 2) {
			k = rsp_cap - 2;
		}
		memcpy(rsp, os->rsp_buf + os->rsp_off, k);
		os->rsp_off = (uint16_t)(os->rsp_off + k);
		os->rsp_left = (uint16_t)(os->rsp_left - k);
		if (as_is && os->rsp_left) {
			os->rsp_sw = sw;
		}
		if (os->rsp_left) {
			sw = (uint16_t)(SE_SW_BYTES_REMAINING
				| (os->rsp_left > 255 ? 0 : os->rsp_left));
		} else if (os->rsp_sw) {
			sw = os->rsp_sw;
			os->rsp_sw = 0;
		}
	}
	se_put16(rsp + k, sw);
	*rsp_len = k + 2;
	return SE_OK;
}

/* see se_os.h */
int
se_os_dispatch_secure(const se_env *env, const uint8_t *cmd, size_t cmd_len, uint8_t *rsp,
	size_t rsp_cap, size_t *rsp_len)
{
	se_os_context *os;
	se_apdu c;
	se_rsp r;
	uint16_t sw;

	if (!env || !env->os || env->index != env->os->tlsm) {
		return SE_ERR_ACCESS;
	}
	if (!rsp || rsp_cap < SE_OS_SECURE_RSP_MIN || !rsp_len || (!cmd && cmd_len)) {
		return SE_ERR_PARAM;
	}
	os = env->os;
	r.buf = rsp;
	r.cap = rsp_cap - 2;
	r.len = 0;
	/* the TLS Manager's own writes so far stand on their own */
	sw = os_txn_end(os, SE_SW_OK);
	if (sw == SE_SW_OK && (sw = se_apdu_parse(&c, cmd, cmd_len)) == 0
		&& (sw = check_secure_cla(c.cla)) == 0) {
		sw = run(os, SE_OS_SECURE_CHANNEL, &c, &r);
	}
	if ((sw >> 8) == 0x61) { /* no GET RESPONSE on the secure channel */
		sw = SE_SW_OK;
	}
	se_put16(rsp + r.len, sw);
	*rsp_len = r.len + 2;
	return SE_OK;
}

/* see se_os.h */
void
se_os_secure_close(const se_env *env)
{
	if (env && env->os && env->index == env->os->tlsm) {
		os_deselect(env->os, SE_OS_SECURE_CHANNEL);
	}
}
