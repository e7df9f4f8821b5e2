/* SE personalisation through ISD commands (see se_perso.h). */
#include <string.h>

#include <bearssl.h>

#include "se_applet.h"
#include "se_applets.h"
#include "se_perso.h"
#include "se_x509.h"

static int put_tlv(uint8_t *p, size_t cap, size_t *n, uint8_t tag, const uint8_t *v, size_t len)
{
	if (len > 0xFFFF || cap - *n < 3 + len)
		return -1;
	p[*n] = tag;
	p[*n + 1] = (uint8_t)(len >> 8);
	p[*n + 2] = (uint8_t)len;
	memcpy(p + *n + 3, v, len);
	*n += 3 + len;
	return 0;
}

static int put_part(uint8_t *v, size_t cap, size_t *n, const uint8_t *x, size_t len)
{
	if (cap - *n < 2 + len)
		return -1;
	v[*n] = (uint8_t)(len >> 8);
	v[*n + 1] = (uint8_t)len;
	memcpy(v + *n + 2, x, len);
	*n += 2 + len;
	return 0;
}

/* Private key DER -> store record (03: curve | scalar, 04: RSA CRT parts). */
static int key_record(uint8_t *store, size_t cap, size_t *n, const uint8_t *der, size_t len)
{
	br_skey_decoder_context dc;
	uint8_t v[1400];
	size_t m = 0;
	int rc = -1;

	br_skey_decoder_init(&dc);
	br_skey_decoder_push(&dc, der, len);
	if (br_skey_decoder_last_error(&dc) != 0)
		return -1;
	if (br_skey_decoder_key_type(&dc) == BR_KEYTYPE_EC) {
		const br_ec_private_key *k = br_skey_decoder_get_ec(&dc);

		if (k->curve != BR_EC_secp256r1 || k->xlen > 32)
			return -1;
		v[0] = SE_CURVE_P256;
		memset(v + 1, 0, 32);
		memcpy(v + 1 + 32 - k->xlen, k->x, k->xlen);
		rc = put_tlv(store, cap, n, SE_CRED_EC_KEY, v, 33);
	} else {
		const br_rsa_private_key *k = br_skey_decoder_get_rsa(&dc);

		v[0] = (uint8_t)(k->n_bitlen >> 8);
		v[1] = (uint8_t)k->n_bitlen;
		m = 2;
		if (!put_part(v, sizeof(v), &m, k->p, k->plen) &&
		    !put_part(v, sizeof(v), &m, k->q, k->qlen) &&
		    !put_part(v, sizeof(v), &m, k->dp, k->dplen) &&
		    !put_part(v, sizeof(v), &m, k->dq, k->dqlen) &&
		    !put_part(v, sizeof(v), &m, k->iq, k->iqlen))
			rc = put_tlv(store, cap, n, SE_CRED_RSA_KEY, v, m);
	}
	memset(v, 0, sizeof(v));
	memset(&dc, 0, sizeof(dc));
	return rc;
}

static uint16_t send(se_perso_transmit_fn tx, void *ctx, const uint8_t *cmd, size_t len)
{
	uint8_t rsp[258];
	size_t rlen;

	if (tx(ctx, cmd, len, rsp, sizeof(rsp), &rlen) || rlen < 2)
		return 0;
	return (uint16_t)(rsp[rlen - 2] << 8 | rsp[rlen - 1]);
}

static uint16_t select_isd(se_perso_transmit_fn tx, void *ctx)
{
	static const uint8_t sel[] = { 0x00, 0xA4, 0x04, 0x00, 0x08, SE_AID_ISD };

	return send(tx, ctx, sel, sizeof(sel));
}

/* see se_perso.h */
uint16_t se_perso_run(se_perso_transmit_fn tx, void *ctx, const struct se_perso_input *in,
		      const char **why)
{
	uint8_t store[SE_CRED_MAX], cmd[5 + 255];
	size_t n = 0, off = 0;
	unsigned block = 0;
	uint16_t sw;
	const char *dummy;

	if (!why)
		why = &dummy;
	*why = NULL;
	if (put_tlv(store, sizeof(store), &n, SE_CRED_TRUST_ANCHOR, in->ca, in->ca_len) ||
	    put_tlv(store, sizeof(store), &n, SE_CRED_CHAIN_CERT, in->cert, in->cert_len)) {
		*why = "certificates larger than the credential store";
		return 0;
	}
	if (key_record(store, sizeof(store), &n, in->key, in->key_len)) {
		*why = "private key is not a P-256 EC or RSA key in DER, or does not fit";
		memset(store, 0, sizeof(store));
		return 0;
	}
	if (in->server_name && put_tlv(store, sizeof(store), &n, SE_CRED_SERVER_NAME,
				       (const uint8_t *)in->server_name, strlen(in->server_name))) {
		*why = "server name does not fit";
		memset(store, 0, sizeof(store));
		return 0;
	}
	sw = select_isd(tx, ctx);
	while (sw == 0x9000 && off < n) {
		size_t seg = n - off > 255 ? 255 : n - off;

		/* STORE DATA (GP 11.11): P1 b8 = last block, P2 = block number */
		cmd[0] = 0x80;
		cmd[1] = 0xE2;
		cmd[2] = off + seg == n ? 0x80 : 0x00;
		cmd[3] = (uint8_t)block++;
		cmd[4] = (uint8_t)seg;
		memcpy(cmd + 5, store + off, seg);
		sw = send(tx, ctx, cmd, 5 + seg);
		off += seg;
	}
	memset(store, 0, sizeof(store));
	memset(cmd, 0, sizeof(cmd));
	if (sw == 0)
		*why = "transport failure";
	else if (sw == 0x6A80 && se_x509_check_buf(in->ca, in->ca_len) != SE_OK)
		*why = "the CA certificate is not a well-formed DER X.509 certificate; the ISD refused it";
	else if (sw == 0x6A80)
		*why = "the ISD refused the credential records as malformed";
	else if (sw != 0x9000)
		*why = "the ISD refused (see the status word)";
	return sw;
}

/* see se_perso.h */
uint16_t se_perso_lock(se_perso_transmit_fn tx, void *ctx)
{
	static const uint8_t secure[] = { 0x80, 0xF0, 0x80, 0x0F, 0x00 };
	uint16_t sw = select_isd(tx, ctx);

	return sw == 0x9000 ? send(tx, ctx, secure, 4) : sw;
}
