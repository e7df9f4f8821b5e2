/*
 * ISD: the issuer security domain. GlobalPlatform-style GET STATUS, SET STATUS
 * and STORE DATA (CLA 80); personalises the TLS Manager's credential store,
 * which it can write but never read back. Command set: docs/applets.md.
 */
#include <string.h>

#include "se_applets.h"

/* transient: block number expected next | write offset u16 | 1 = STORE DATA sequence open */
#define T_NEXT 0
#define T_OFF  1
#define T_OPEN 3

/* GET STATUS / SET STATUS P1: which subset (GP 11.4.2.1) */
#define P1_CARD    0x80u
#define P1_APPLETS 0x40u
/* STORE DATA P1: b8 = last block, the other bits must be 0 */
#define P1_LAST_BLOCK 0x80u
#define P1_RFU_BITS   0x7Fu

/* GET STATUS tags (GP 11.4.3) */
#define TAG_APPLET     0xE3u
#define TAG_AID        0x4Fu
#define TAG_LC_HI      0x9Fu /* 9F70: life cycle state */
#define TAG_LC_LO      0x70u
#define TAG_PRIVILEGES 0xC5u

static const uint8_t isd_aid[] = { SE_AID_ISD };

/* Personalisation is the factory's until the card is SECURED; then only through the TLS session. */
static int
may_personalise(const se_env *env)
{
	return env->secure || se_card_state(env) == SE_CARD_OP_READY;
}

/* GET STATUS (GP 11.4): P1 80 = card life cycle, P1 40 = applets. */
static uint16_t
get_status(const se_env *env, const se_apdu *c, se_rsp *r)
{
	uint8_t *o = r->buf, lc;
	const se_applet *a;

	if (c->nc && !(c->nc == 2 && c->data[0] == TAG_AID && c->data[1] == 0)) {
		return SE_SW_WRONG_DATA;
	}
	if (c->p2 & ~0x02u) {
		return SE_SW_INCORRECT_P1P2;
	}
	if (c->p1 == P1_CARD) {
		o[0] = TAG_LC_HI;
		o[1] = TAG_LC_LO;
		o[2] = 1;
		o[3] = se_card_state(env);
		r->len = 4;
		return SE_SW_OK;
	}
	if (c->p1 != P1_APPLETS) {
		return SE_SW_INCORRECT_P1P2;
	}
	/* E3 { 4F AID, 9F70 life cycle, C5 privileges (SE_APPLET_* flags) } per applet */
	for (size_t i = 0; (a = se_applet_at(env, i, &lc)) != NULL; i++) {
		size_t n = 2u + a->aid_len + 7u;

		if (r->cap - r->len < n + 2) {
			return SE_SW_NOT_ENOUGH_MEMORY;
		}
		o[0] = TAG_APPLET;
		o[1] = (uint8_t)n;
		o[2] = TAG_AID;
		o[3] = a->aid_len;
		memcpy(o + 4, a->aid, a->aid_len);
		o += 4 + a->aid_len;
		o[0] = TAG_LC_HI;
		o[1] = TAG_LC_LO;
		o[2] = 1;
		o[3] = lc;
		o[4] = TAG_PRIVILEGES;
		o[5] = 1;
		o[6] = a->flags;
		o += 7;
		r->len += n + 2;
	}
	return SE_SW_OK;
}

/*
 * SET STATUS (GP 11.10): P1 80 P2 0F secures the card (one way); P1 40 P2 07/83 + AID
 * unlocks/locks an applet.
 */
static uint16_t
set_status(const se_env *env, const se_apdu *c)
{
	size_t i;
	const se_applet *a;

	if (c->p1 == P1_CARD) {
		if (c->p2 != SE_CARD_SECURED) {
			return SE_SW_INCORRECT_P1P2;
		}
		if (c->nc) {
			return SE_SW_WRONG_LENGTH;
		}
		return se_card_set_state(env, SE_CARD_SECURED) ? SE_SW_MEMORY_FAILURE : SE_SW_OK;
	}
	if (c->p1 != P1_APPLETS || (c->p2 != SE_LC_SELECTABLE && c->p2 != SE_LC_LOCKED)) {
		return SE_SW_INCORRECT_P1P2;
	}
	for (i = 0; (a = se_applet_at(env, i, NULL)) != NULL; i++) {
		if (a->aid_len == c->nc && !memcmp(a->aid, c->data, c->nc)) {
			break;
		}
	}
	if (!a) {
		return SE_SW_DATA_NOT_FOUND;
	}
	if (a->flags & SE_APPLET_ISD) {
		return SE_SW_CONDITIONS;
	}
	return se_applet_set_state(env, i, c->p2) ? SE_SW_MEMORY_FAILURE : SE_SW_OK;
}

/*
 * STORE DATA (GP 11.11): P2 = block number from 0, P1 b8 = last block. Block 0
 * empties the store, the blocks append TLV bytes, the last one checks and
 * publishes them. A break in the sequence is refused without side effects.
 */
static uint16_t
store_data(const se_env *env, const se_apdu *c)
{
	uint8_t *t = env->transient;
	size_t off = c->p2 ? se_get16(t + T_OFF) : 0;
	int rc;

	if (c->p1 & P1_RFU_BITS) {
		return SE_SW_INCORRECT_P1P2;
	}
	if (c->p2 && (!t[T_OPEN] || c->p2 != t[T_NEXT])) {
		return SE_SW_INCORRECT_P1P2;
	}
	if (c->nc > SE_CRED_MAX - 2 - off) {
		return SE_SW_NOT_ENOUGH_MEMORY;
	}
	rc = c->p2 == 0 ? se_cred_seal(env, 0) : SE_OK;
	if (rc == SE_OK) {
		rc = se_cred_write(env, 2 + off, c->data, c->nc);
	}
	if (rc) { /* a block larger than one transaction's journal: send smaller blocks */
		return rc == SE_ERR_FULL ? SE_SW_NOT_ENOUGH_MEMORY : SE_SW_MEMORY_FAILURE;
	}
	off += c->nc;
	t[T_OPEN] = 0;
	if (c->p1 & P1_LAST_BLOCK) {
		rc = se_cred_seal(env, off);
		if (rc == SE_ERR_FORMAT) {
			return SE_SW_WRONG_DATA;
		}
		return rc ? SE_SW_MEMORY_FAILURE : SE_SW_OK;
	}
	t[T_OPEN] = 1;
	t[T_NEXT] = (uint8_t)(c->p2 + 1);
	se_put16(t + T_OFF, (uint32_t)off);
	return SE_SW_OK;
}

static uint16_t
isd_process(const se_env *env, const se_apdu *c, se_rsp *r)
{
	if ((c->cla & 0xFC) != 0x80) {
		return SE_SW_CLA_NOT_SUPPORTED;
	}
	switch (c->ins) {
	case SE_ISD_INS_GET_STATUS:
		return get_status(env, c, r);
	case SE_ISD_INS_SET_STATUS:
		return may_personalise(env) ? set_status(env, c) : SE_SW_SECURITY_STATUS;
	case SE_ISD_INS_STORE_DATA:
		return may_personalise(env) ? store_data(env, c) : SE_SW_SECURITY_STATUS;
	default:
		return SE_SW_INS_NOT_SUPPORTED;
	}
}

const se_applet se_isd_applet = {
	.aid = isd_aid,
	.aid_len = sizeof isd_aid,
	.flags = SE_APPLET_ISD,
	.process = isd_process,
};
