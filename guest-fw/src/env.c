/*
 * The services an applet may call: the firewall. Every offset is checked
 * against the caller's own region; privileged services check the caller's
 * role in the OS's applet table (never a flag the caller could pass in).
 */
#include "os_internal.h"
#include "se_x509.h"

static const se_applet *
caller(const se_env *env)
{
	return env->os->applets[env->index];
}

static int
has_role(const se_env *env, uint8_t role)
{
	return env && env->index < env->os->applet_count && (caller(env)->flags & role);
}

static int
in_range(size_t off, size_t len, size_t size)
{
	return off <= size && len <= size - off;
}

static uint32_t
region_off(const se_env *env)
{
	uint32_t off = OS_APPLETS_OFF;

	for (uint8_t i = 0; i < env->index; i++) {
		off += env->os->applets[i]->nvm_size;
	}
	return off;
}

/* see se_applet.h */
size_t
se_mem_size(const se_env *env)
{
	return caller(env)->nvm_size;
}

/* see se_applet.h */
int
se_mem_read(const se_env *env, size_t off, void *buf, size_t len)
{
	if (!in_range(off, len, se_mem_size(env))) {
		return SE_ERR_ACCESS;
	}
	return se_nvm_read(&env->os->nvm, region_off(env) + (uint32_t)off, buf, len);
}

/* see se_applet.h */
int
se_mem_write(const se_env *env, size_t off, const void *buf, size_t len)
{
	if (!in_range(off, len, se_mem_size(env))) {
		return SE_ERR_ACCESS;
	}
	return se_nvm_write(&env->os->nvm, region_off(env) + (uint32_t)off, buf, len);
}

/* see se_applet.h */
int
se_env_random(const se_env *env, uint8_t *buf, size_t len)
{
	const se_hal *hal = env->os->nvm.hal;

	return hal->random(hal->ctx, buf, len) ? SE_ERR_IO : SE_OK;
}

/* see se_applet.h */
uint64_t
se_env_time(const se_env *env)
{
	const se_hal *hal = env->os->nvm.hal;

	return hal->time_now ? hal->time_now(hal->ctx) : 0;
}

/* Reader over one record of the store, for the certificate check. */
struct cred_reader {
	se_os_context *os;
	uint32_t base;
};

static int
cred_read_at(void *ctx, size_t off, void *buf, size_t len)
{
	const struct cred_reader *r = ctx;

	return se_nvm_read(&r->os->nvm, r->base + (uint32_t)off, buf, len);
}

/*
 * Walk the records in [2, 2 + total): with `tag` 0 check them all (known tags,
 * EC key shape, trust anchors well-formed X.509 DER), else find the index-th
 * record with that tag.
 */
static int
cred_walk(se_os_context *os, size_t total, uint8_t tag, unsigned index, size_t *off, size_t *len)
{
	uint8_t h[4];
	size_t pos = 2, l;

	if (total == 0 || total > SE_CRED_MAX - 2) {
		return SE_ERR_FORMAT;
	}
	while (pos < 2 + total) {
		if (2 + total - pos < 3
			|| se_nvm_read(&os->nvm, OS_CRED_OFF + (uint32_t)pos, h, 3)) {
			return SE_ERR_FORMAT;
		}
		l = se_get16(h + 1);
		if (l > 2 + total - pos - 3 || h[0] < SE_CRED_TRUST_ANCHOR
			|| h[0] > SE_CRED_SERVER_NAME) {
			return SE_ERR_FORMAT;
		}
		if (h[0] == SE_CRED_EC_KEY
			&& (l != 33
				|| se_nvm_read(&os->nvm, OS_CRED_OFF + (uint32_t)pos + 3, h + 3, 1)
				|| h[3] != SE_CURVE_P256)) {
			return SE_ERR_FORMAT;
		}
		if (!tag && h[0] == SE_CRED_TRUST_ANCHOR) {
			struct cred_reader r = { os, OS_CRED_OFF + (uint32_t)pos + 3 };
			int rc = se_x509_check(l, cred_read_at, &r);

			if (rc != SE_OK) {
				return rc;
			}
		}
		if (tag && h[0] == tag && index-- == 0) {
			*off = pos + 3;
			*len = l;
			return SE_OK;
		}
		pos += 3 + l;
	}
	return tag ? SE_ERR_FORMAT : SE_OK;
}

/* see se_applet.h */
int
se_cred_find(const se_env *env, uint8_t tag, unsigned index, size_t *off, size_t *len)
{
	uint8_t t[2];

	if (!has_role(env, SE_APPLET_TLSM)) {
		return SE_ERR_ACCESS;
	}
	if (!tag || se_nvm_read(&env->os->nvm, OS_CRED_OFF, t, 2)) {
		return SE_ERR_FORMAT;
	}
	return cred_walk(env->os, se_get16(t), tag, index, off, len);
}

/* see se_applet.h */
int
se_cred_read(const se_env *env, size_t off, void *buf, size_t len)
{
	if (!has_role(env, SE_APPLET_TLSM)) {
		return SE_ERR_ACCESS;
	}
	if (!in_range(off, len, SE_CRED_MAX)) {
		return SE_ERR_PARAM;
	}
	return se_nvm_read(&env->os->nvm, OS_CRED_OFF + (uint32_t)off, buf, len);
}

/* see se_applet.h */
int
se_cred_write(const se_env *env, size_t off, const void *buf, size_t len)
{
	if (!has_role(env, SE_APPLET_ISD)) {
		return SE_ERR_ACCESS;
	}
	if (off < 2 || !in_range(off, len, SE_CRED_MAX)) {
		return SE_ERR_FULL;
	}
	return se_nvm_write(&env->os->nvm, OS_CRED_OFF + (uint32_t)off, buf, len);
}

/* see se_applet.h */
int
se_cred_seal(const se_env *env, size_t total)
{
	uint8_t t[2];
	size_t unused;
	int rc;

	if (!has_role(env, SE_APPLET_ISD)) {
		return SE_ERR_ACCESS;
	}
	if (total && (rc = cred_walk(env->os, total, 0, 0, &unused, &unused)) != SE_OK) {
		return rc;
	}
	se_put16(t, (uint32_t)total);
	return se_nvm_write(&env->os->nvm, OS_CRED_OFF, t, 2);
}

/* see se_applet.h */
uint8_t
se_card_state(const se_env *env)
{
	return os_read_byte(env->os, OS_CARD_LC);
}

/* see se_applet.h */
int
se_card_set_state(const se_env *env, uint8_t state)
{
	if (!has_role(env, SE_APPLET_ISD)) {
		return SE_ERR_ACCESS;
	}
	return se_nvm_write(&env->os->nvm, OS_CARD_LC, &state, 1);
}

/* see se_applet.h */
size_t
se_applet_count(const se_env *env)
{
	return env->os->applet_count;
}

/* see se_applet.h */
const se_applet *
se_applet_at(const se_env *env, size_t i, uint8_t *life_cycle)
{
	if (i >= env->os->applet_count) {
		return NULL;
	}
	if (life_cycle) {
		*life_cycle = os_read_byte(env->os, OS_APPLET_LC + (uint32_t)i);
	}
	return env->os->applets[i];
}

/* see se_applet.h */
int
se_applet_set_state(const se_env *env, size_t i, uint8_t life_cycle)
{
	if (!has_role(env, SE_APPLET_ISD)) {
		return SE_ERR_ACCESS;
	}
	if (i >= env->os->applet_count
		|| (life_cycle != SE_LC_SELECTABLE && life_cycle != SE_LC_LOCKED)) {
		return SE_ERR_PARAM;
	}
	return se_nvm_write(&env->os->nvm, OS_APPLET_LC + (uint32_t)i, &life_cycle, 1);
}
