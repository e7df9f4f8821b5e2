/*
 * tlsm_applet.c - binds the TLS Manager core to the card OS: platform services from se_env,
 * credentials from the ISD's store (format in docs/applets.md, tags in se_applet.h).
 */
#include <string.h>

#include "tlsm_applet.h"

const uint8_t tlsm_applet_aid[8] = { SE_AID_TLSM };

static int
env_random(void *ctx, uint8_t *buf, size_t len)
{
	return se_env_random(ctx, buf, len) == SE_OK ? 0 : -1;
}

static uint64_t
env_time(void *ctx)
{
	return se_env_time(ctx);
}

static int
env_dispatch(void *ctx, const uint8_t *cmd, size_t len, uint8_t *rsp, size_t cap, size_t *rlen)
{
	return se_os_dispatch_secure(ctx, cmd, len, rsp, cap, rlen) == SE_OK ? 0 : -1;
}

static void
env_closed(void *ctx)
{
	se_os_secure_close(ctx);
}

/* Reader over one record of the credential store. */
struct cred_reader {
	const se_env *env;
	size_t base;
};

static int
cred_read(void *rctx, size_t off, void *buf, size_t len)
{
	struct cred_reader *r = rctx;

	return se_cred_read(r->env, r->base + off, buf, len) == SE_OK ? 0 : -1;
}

/* RSA record: n_bitlen u16 | p | q | dp | dq | iq, each len u16 | bytes (docs/applets.md). */
static int
load_rsa(tlsm_context *t, const se_env *env, size_t off, size_t len)
{
	uint8_t *rec = tlsm_cred_alloc(t, len);
	const uint8_t *part[5];
	size_t plen[5], pos = 2;

	if (rec == NULL || len < 2 || se_cred_read(env, off, rec, len) != SE_OK) {
		return -1;
	}
	for (int i = 0; i < 5; i++) {
		if (len - pos < 2) {
			return -1;
		}
		plen[i] = se_get16(rec + pos);
		pos += 2;
		if (len - pos < plen[i]) {
			return -1;
		}
		part[i] = rec + pos;
		pos += plen[i];
	}
	return tlsm_cred_set_rsa_key(t, se_get16(rec), part[0], plen[0], part[1], plen[1],
		part[2], plen[2], part[3], plen[3], part[4], plen[4]);
}

static int
env_load_credentials(void *ctx, tlsm_context *t)
{
	const se_env *env = ctx;
	struct cred_reader r = { env, 0 };
	size_t off, len;
	unsigned i;

	for (i = 0; se_cred_find(env, SE_CRED_TRUST_ANCHOR, i, &off, &len) == SE_OK; i++) {
		r.base = off;
		if (tlsm_cred_add_trust_anchor(t, len, cred_read, &r) != 0) {
			return -1;
		}
	}
	for (i = 0; se_cred_find(env, SE_CRED_CHAIN_CERT, i, &off, &len) == SE_OK; i++) {
		r.base = off;
		if (tlsm_cred_add_chain_cert(t, len, cred_read, &r) != 0) {
			return -1;
		}
	}
	if (se_cred_find(env, SE_CRED_EC_KEY, 0, &off, &len) == SE_OK) {
		uint8_t k[33];
		int rc;

		if (len != sizeof k || se_cred_read(env, off, k, len) != SE_OK || k[0] != SE_CURVE_P256) {
			return -1;
		}
		rc = tlsm_cred_set_ec_key(t, BR_EC_secp256r1, k + 1, 32);
		memset(k, 0, sizeof k);
		if (rc != 0) {
			return -1;
		}
	} else if (se_cred_find(env, SE_CRED_RSA_KEY, 0, &off, &len) == SE_OK) {
		if (load_rsa(t, env, off, len) != 0) {
			return -1;
		}
	}
	if (se_cred_find(env, SE_CRED_SERVER_NAME, 0, &off, &len) == SE_OK) {
		char name[64];

		if (len >= sizeof name || se_cred_read(env, off, name, len) != SE_OK
			|| tlsm_cred_set_server_name(t, name, len) != 0) {
			return -1;
		}
	}
	return 0;
}

static void
platform_of(const se_env *env, tlsm_platform *pf)
{
	pf->ctx = (void *)(uintptr_t)env;
	pf->random = env_random;
	pf->time_now = env_time;
	pf->load_credentials = env_load_credentials;
	pf->dispatch = env_dispatch;
	pf->session_closed = env_closed;
}

/* see tlsm_applet.h */
uint16_t
tlsm_applet_process(const se_env *env, const se_apdu *cmd, se_rsp *rsp)
{
	tlsm_context *t = env->self->instance;
	tlsm_platform pf;
	size_t cap = rsp->cap < TLSM_RSP_CHUNK ? rsp->cap : TLSM_RSP_CHUNK;
	uint16_t sw;

	platform_of(env, &pf);
	rsp->len = 0;
	sw = tlsm_command(t, &pf, cmd->cla, cmd->ins, cmd->p1, cmd->p2, cmd->data, cmd->nc,
		rsp->buf, cap, &rsp->len);
	return sw;
}

/* see tlsm_applet.h */
void
tlsm_applet_reset(const se_env *env)
{
	tlsm_context *t = env->self->instance;

	/* the OS already dropped the secure channel selection on reset */
	tlsm_reset(t, NULL);
}
