/* tlsm_cred.c - credentials of one handshake, copied into the context's credential RAM. */
#include <string.h>

#include "se_x509.h"
#include "tlsm.h"

/* see tlsm.h */
void
tlsm_cred_reset(tlsm_context *t)
{
	memset(t->cred, 0, sizeof t->cred);
	t->cred_used = 0;
	t->num_tas = 0;
	t->chain_len = 0;
	t->key_type = 0;
	memset(&t->ec_key, 0, sizeof t->ec_key);
#if TLSM_WITH_RSA
	memset(&t->rsa_key, 0, sizeof t->rsa_key);
#endif
	t->server_name = "";
	t->name_hash = 0;
}

/* see tlsm.h */
uint8_t *
tlsm_cred_alloc(tlsm_context *t, size_t len)
{
	uint8_t *p;

	if (len > sizeof t->cred - t->cred_used) {
		return NULL;
	}
	p = t->cred + t->cred_used;
	t->cred_used += len;
	return p;
}

static uint8_t *
cred_copy(tlsm_context *t, const void *src, size_t len)
{
	uint8_t *p = tlsm_cred_alloc(t, len);

	if (p != NULL) {
		memcpy(p, src, len);
	}
	return p;
}

/* DN bytes of the trust anchor go straight into credential RAM. */
struct dn_sink {
	tlsm_context *t;
	uint8_t *start;
	size_t len;
	int overflow;
};

static void
dn_append(void *ctx, const void *buf, size_t len)
{
	struct dn_sink *s = ctx;

	if (s->overflow || cred_copy(s->t, buf, len) == NULL) {
		s->overflow = 1;
		return;
	}
	s->len += len;
}

/* see tlsm.h */
int
tlsm_cred_add_trust_anchor(tlsm_context *t, size_t total,
	int (*read)(void *rctx, size_t off, void *buf, size_t len), void *rctx)
{
	br_x509_decoder_context dc;
	struct dn_sink sink;
	br_x509_pkey *pk;
	br_x509_trust_anchor *ta;
	uint8_t chunk[64];
	size_t off, mark = t->cred_used;

	if (t->num_tas >= TLSM_MAX_TAS) {
		return -1;
	}
	/* BearSSL's decoder trusts the syntax of some fields: the store may come from a file */
	if (se_x509_check(total, read, rctx) != 0) {
		return -1;
	}
	sink.t = t;
	sink.start = t->cred + t->cred_used;
	sink.len = 0;
	sink.overflow = 0;
	br_x509_decoder_init(&dc, dn_append, &sink);
	for (off = 0; off < total; off += sizeof chunk) {
		size_t n = total - off < sizeof chunk ? total - off : sizeof chunk;

		if (read(rctx, off, chunk, n) != 0) {
			goto fail;
		}
		br_x509_decoder_push(&dc, chunk, n);
	}
	pk = br_x509_decoder_get_pkey(&dc);
	if (pk == NULL || sink.overflow || br_x509_decoder_last_error(&dc) != 0) {
		goto fail;
	}
	ta = &t->tas[t->num_tas];
	memset(ta, 0, sizeof *ta);
	ta->dn.data = sink.start;
	ta->dn.len = sink.len;
	ta->flags = br_x509_decoder_isCA(&dc) ? BR_X509_TA_CA : 0;
	ta->pkey.key_type = pk->key_type;
	if (pk->key_type == BR_KEYTYPE_EC) {
		ta->pkey.key.ec.curve = pk->key.ec.curve;
		ta->pkey.key.ec.q = cred_copy(t, pk->key.ec.q, pk->key.ec.qlen);
		ta->pkey.key.ec.qlen = pk->key.ec.qlen;
		if (ta->pkey.key.ec.q == NULL) {
			goto fail;
		}
	} else {
#if TLSM_WITH_RSA
		ta->pkey.key.rsa.n = cred_copy(t, pk->key.rsa.n, pk->key.rsa.nlen);
		ta->pkey.key.rsa.nlen = pk->key.rsa.nlen;
		ta->pkey.key.rsa.e = cred_copy(t, pk->key.rsa.e, pk->key.rsa.elen);
		ta->pkey.key.rsa.elen = pk->key.rsa.elen;
		if (ta->pkey.key.rsa.n == NULL || ta->pkey.key.rsa.e == NULL) {
			goto fail;
		}
#else
		goto fail;
#endif
	}
	t->num_tas++;
	return 0;
fail:
	t->cred_used = mark;
	return -1;
}

/* see tlsm.h */
int
tlsm_cred_add_chain_cert(tlsm_context *t, size_t total,
	int (*read)(void *rctx, size_t off, void *buf, size_t len), void *rctx)
{
	uint8_t *p;

	if (t->chain_len >= TLSM_MAX_CHAIN || total == 0) {
		return -1;
	}
	p = tlsm_cred_alloc(t, total);
	if (p == NULL || read(rctx, 0, p, total) != 0) {
		return -1;
	}
	t->chain[t->chain_len].data = p;
	t->chain[t->chain_len].data_len = total;
	t->chain_len++;
	return 0;
}

/* see tlsm.h */
int
tlsm_cred_set_ec_key(tlsm_context *t, int curve, const uint8_t *x, size_t xlen)
{
	uint8_t *p;

	if (curve != BR_EC_secp256r1 || xlen != 32 || t->key_type != 0) {
		return -1;
	}
	p = cred_copy(t, x, xlen);
	if (p == NULL) {
		return -1;
	}
	t->ec_key.curve = curve;
	t->ec_key.x = p;
	t->ec_key.xlen = xlen;
	t->key_type = BR_KEYTYPE_EC;
	return 0;
}

/* see tlsm.h */
int
tlsm_cred_set_rsa_key(tlsm_context *t, uint32_t n_bitlen,
	const uint8_t *p, size_t plen, const uint8_t *q, size_t qlen,
	const uint8_t *dp, size_t dplen, const uint8_t *dq, size_t dqlen,
	const uint8_t *iq, size_t iqlen)
{
#if TLSM_WITH_RSA
	size_t mark = t->cred_used;
	br_rsa_private_key *k = &t->rsa_key;

	if (t->key_type != 0 || n_bitlen < 1024 || n_bitlen > 4096) {
		return -1;
	}
	k->n_bitlen = n_bitlen;
	k->p = cred_copy(t, p, plen);
	k->plen = plen;
	k->q = cred_copy(t, q, qlen);
	k->qlen = qlen;
	k->dp = cred_copy(t, dp, dplen);
	k->dplen = dplen;
	k->dq = cred_copy(t, dq, dqlen);
	k->dqlen = dqlen;
	k->iq = cred_copy(t, iq, iqlen);
	k->iqlen = iqlen;
	if (k->p == NULL || k->q == NULL || k->dp == NULL || k->dq == NULL || k->iq == NULL) {
		t->cred_used = mark;
		memset(k, 0, sizeof *k);
		return -1;
	}
	t->key_type = BR_KEYTYPE_RSA;
	return 0;
#else
	(void)t; (void)n_bitlen; (void)p; (void)plen; (void)q; (void)qlen;
	(void)dp; (void)dplen; (void)dq; (void)dqlen; (void)iq; (void)iqlen;
	return -1;
#endif
}

/* see tlsm.h */
int
tlsm_cred_set_server_name(tlsm_context *t, const char *name, size_t len)
{
	uint32_t h = 2166136261u;
	char *p;

	if (len > 255 || (name == NULL && len != 0)) {
		return -1;
	}
	for (size_t i = 0; i < len; i++) {
		if (name[i] == 0) {
			return -1;
		}
		h = (h ^ (uint8_t)name[i]) * 16777619u;
	}
	p = (char *)tlsm_cred_alloc(t, len + 1);
	if (p == NULL) {
		return -1;
	}
	if (len > 0) {
		memcpy(p, name, len);
	}
	p[len] = 0;
	t->server_name = p;
	t->name_hash = len > 0 ? h : 0;
	return 0;
}
