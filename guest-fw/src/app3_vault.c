/*
 * App3: the server's vault, reachable only through the TLS Manager (secure
 * channel): a monotonic counter and a small key-value store.
 * NVM: counter u32 | SE_APP3_SLOTS slots of klen u8 | key[16] | vlen u8 | value[32]
 * (klen 0 = free).
 */
#include <string.h>

#include "se_applets.h"

#define KMAX SE_APP3_KEY_MAX
#define VMAX SE_APP3_VALUE_MAX
#define SLOT (2u + KMAX + VMAX)

static const uint8_t app3_aid[] = { SE_AID_APP3 };

static uint32_t
slot_off(unsigned i)
{
	return 4u + i * SLOT;
}

/* Slot holding `key`, else the first free slot in *free_slot (SE_APP3_SLOTS if none). */
static int
find(const se_env *env, const uint8_t *key, size_t klen, unsigned *free_slot, uint8_t *s)
{
	*free_slot = SE_APP3_SLOTS;
	for (unsigned i = 0; i < SE_APP3_SLOTS; i++) {
		if (se_mem_read(env, slot_off(i), s, SLOT)) {
			return -2;
		}
		if (s[0] == klen && !memcmp(s + 1, key, klen)) {
			return (int)i;
		}
		if (s[0] == 0 && *free_slot == SE_APP3_SLOTS) {
			*free_slot = i;
		}
	}
	return -1;
}

/* PUT DATA 00 DA 00 00 klen key value: set (value 1..32 bytes) or delete (no value). */
static uint16_t
put(const se_env *env, const se_apdu *c)
{
	uint8_t s[SLOT] = { 0 };
	size_t klen = c->nc ? c->data[0] : 0, vlen = c->nc - 1 - klen;
	unsigned free_slot;
	int i;

	if (c->nc < 2 || klen == 0 || klen > KMAX || klen + 1 > c->nc || vlen > VMAX) {
		return SE_SW_WRONG_DATA;
	}
	i = find(env, c->data + 1, klen, &free_slot, s);
	if (i == -2) {
		return SE_SW_MEMORY_FAILURE;
	}
	if (i < 0 && vlen == 0) {
		return SE_SW_DATA_NOT_FOUND;
	}
	if (i < 0 && free_slot == SE_APP3_SLOTS) {
		return SE_SW_NOT_ENOUGH_MEMORY;
	}
	memset(s, 0, SLOT);
	if (vlen) {
		s[0] = (uint8_t)klen;
		memcpy(s + 1, c->data + 1, klen);
		s[1 + KMAX] = (uint8_t)vlen;
		memcpy(s + 2 + KMAX, c->data + 1 + klen, vlen);
	}
	return se_mem_write(env, slot_off(i < 0 ? free_slot : (unsigned)i), s, SLOT)
		? SE_SW_MEMORY_FAILURE
		: SE_SW_OK;
}

static uint16_t
app3_process(const se_env *env, const se_apdu *c, se_rsp *r)
{
	uint8_t s[SLOT];
	unsigned free_slot;
	uint32_t v;
	int i;

	if (!env->secure) { /* only what the TLS Manager decrypted */
		return SE_SW_SECURITY_STATUS;
	}
	if (c->cla & 0x80) {
		return SE_SW_CLA_NOT_SUPPORTED;
	}
	if (c->ins != SE_APP3_INS_INCREASE && c->ins != SE_APP3_INS_GET_DATA
		&& c->ins != SE_APP3_INS_GET_DATA_KEY && c->ins != SE_APP3_INS_PUT_DATA) {
		return SE_SW_INS_NOT_SUPPORTED;
	}
	if (c->p1 || c->p2) {
		return SE_SW_INCORRECT_P1P2;
	}
	switch (c->ins) {
	case SE_APP3_INS_INCREASE: /* INCREASE 00 32 00 00: counter + 1, returned */
	case SE_APP3_INS_GET_DATA: /* GET DATA 00 CA 00 00: counter */
		if (c->nc) {
			return SE_SW_WRONG_LENGTH;
		}
		if (se_mem_read(env, 0, r->buf, 4)) {
			return SE_SW_MEMORY_FAILURE;
		}
		r->len = 4;
		if (c->ins == SE_APP3_INS_GET_DATA) {
			return SE_SW_OK;
		}
		v = se_get32(r->buf) + 1;
		if (v == 0) { /* monotonic: never wraps */
			return SE_SW_CONDITIONS;
		}
		se_put32(r->buf, v);
		return se_mem_write(env, 0, r->buf, 4) ? SE_SW_MEMORY_FAILURE : SE_SW_OK;
	case SE_APP3_INS_GET_DATA_KEY: /* GET DATA 00 CB 00 00 key: its value */
		if (c->nc == 0 || c->nc > KMAX) {
			return SE_SW_WRONG_LENGTH;
		}
		i = find(env, c->data, c->nc, &free_slot, s);
		if (i < 0) {
			return i == -2 ? SE_SW_MEMORY_FAILURE : SE_SW_DATA_NOT_FOUND;
		}
		r->len = s[1 + KMAX] > VMAX ? VMAX : s[1 + KMAX];
		memcpy(r->buf, s + 2 + KMAX, r->len);
		return SE_SW_OK;
	default: /* SE_APP3_INS_PUT_DATA, the only INS left */
		return put(env, c);
	}
}

const se_applet se_app3_applet = {
	.aid = app3_aid,
	.aid_len = sizeof app3_aid,
	.flags = SE_APPLET_SECURE_ONLY,
	.nvm_size = 4 + SE_APP3_SLOTS * SLOT,
	.process = app3_process,
};
