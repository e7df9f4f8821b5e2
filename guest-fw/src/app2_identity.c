/*
 * App2: device identity and counters for the DE, plain channel.
 * NVM: serial[8] (all zero = not yet drawn) | label len u8 | label[32] | 4 counters u32.
 */
#include <string.h>

#include "se_applets.h"

#define SERIAL_OFF   0u
#define SERIAL_LEN   8u
#define LABEL_OFF    8u
#define LABEL_MAX    32u
#define COUNTERS_OFF (LABEL_OFF + 1u + LABEL_MAX)
#define COUNTERS     4u

#define TAG_SERIAL   1u
#define TAG_LABEL    2u
#define TAG_COUNTERS 3u

static const uint8_t app2_aid[] = { SE_AID_APP2 };

/* GET DATA 00 CA 00 tag: 01 serial (drawn from the RNG on first use), 02 label, 03 counters. */
static uint16_t
get_data(const se_env *env, const se_apdu *c, se_rsp *r)
{
	static const uint8_t zero[SERIAL_LEN];
	uint8_t *o = r->buf;

	if (c->nc) {
		return SE_SW_WRONG_LENGTH;
	}
	if (c->p1) {
		return SE_SW_DATA_NOT_FOUND;
	}
	switch (c->p2) {
	case TAG_SERIAL:
		r->len = SERIAL_LEN;
		if (se_mem_read(env, SERIAL_OFF, o, SERIAL_LEN)) {
			return SE_SW_MEMORY_FAILURE;
		}
		if (!memcmp(o, zero, SERIAL_LEN)) {
			o[0] = 0x5E; /* never all zero again */
			if (se_env_random(env, o + 1, SERIAL_LEN - 1)
				|| se_mem_write(env, SERIAL_OFF, o, SERIAL_LEN)) {
				return SE_SW_MEMORY_FAILURE;
			}
		}
		return SE_SW_OK;
	case TAG_LABEL:
		if (se_mem_read(env, LABEL_OFF, o, 1 + LABEL_MAX)) {
			return SE_SW_MEMORY_FAILURE;
		}
		r->len = o[0] > LABEL_MAX ? LABEL_MAX : o[0];
		memmove(o, o + 1, r->len);
		return SE_SW_OK;
	case TAG_COUNTERS:
		r->len = COUNTERS * 4;
		return se_mem_read(env, COUNTERS_OFF, o, COUNTERS * 4) ? SE_SW_MEMORY_FAILURE
								       : SE_SW_OK;
	default:
		return SE_SW_DATA_NOT_FOUND;
	}
}

/* PUT DATA 00 DA 00 02 label (0..32 bytes); serial and counters are not writable. */
static uint16_t
put_data(const se_env *env, const se_apdu *c)
{
	uint8_t n = (uint8_t)c->nc;

	if (c->p1 || (c->p2 != TAG_LABEL && c->p2 != TAG_SERIAL && c->p2 != TAG_COUNTERS)) {
		return SE_SW_DATA_NOT_FOUND;
	}
	if (c->p2 != TAG_LABEL) {
		return SE_SW_CONDITIONS;
	}
	if (c->nc > LABEL_MAX) {
		return SE_SW_WRONG_LENGTH;
	}
	if (se_mem_write(env, LABEL_OFF, &n, 1)
		|| se_mem_write(env, LABEL_OFF + 1, c->data, c->nc)) {
		return SE_SW_MEMORY_FAILURE;
	}
	return SE_SW_OK;
}

/* INCREASE 00 32 n 00 04 amount: counter n (0..3) += amount, returns the new value; no wrap. */
static uint16_t
increase(const se_env *env, const se_apdu *c, se_rsp *r)
{
	uint32_t off = COUNTERS_OFF + 4u * c->p1, v;

	if (c->p1 >= COUNTERS || c->p2) {
		return SE_SW_INCORRECT_P1P2;
	}
	if (c->nc != 4) {
		return SE_SW_WRONG_LENGTH;
	}
	if (se_mem_read(env, off, r->buf, 4)) {
		return SE_SW_MEMORY_FAILURE;
	}
	v = se_get32(r->buf) + se_get32(c->data);
	if (v < se_get32(c->data)) {
		return SE_SW_CONDITIONS;
	}
	se_put32(r->buf, v);
	r->len = 4;
	return se_mem_write(env, off, r->buf, 4) ? SE_SW_MEMORY_FAILURE : SE_SW_OK;
}

static uint16_t
app2_process(const se_env *env, const se_apdu *c, se_rsp *r)
{
	if (c->cla & 0x80) {
		return SE_SW_CLA_NOT_SUPPORTED;
	}
	switch (c->ins) {
	case SE_APP2_INS_GET_DATA:
		return get_data(env, c, r);
	case SE_APP2_INS_PUT_DATA:
		return put_data(env, c);
	case SE_APP2_INS_INCREASE:
		return increase(env, c, r);
	default:
		return SE_SW_INS_NOT_SUPPORTED;
	}
}

const se_applet se_app2_applet = {
	.aid = app2_aid,
	.aid_len = sizeof app2_aid,
	.nvm_size = COUNTERS_OFF + COUNTERS * 4,
	.process = app2_process,
};
