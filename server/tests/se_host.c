/* se_host.c - the SE firmware in-process (see se_host.h). */
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include <bearssl.h>

#include "se_host.h"

static int
host_random(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	while (len > 0) {
		ssize_t n = getrandom(buf, len, 0);

		if (n <= 0) {
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static uint64_t
host_time(void *ctx)
{
	se_host *h = ctx;

	return h->fixed_time ? h->fixed_time : (uint64_t)time(NULL);
}

static int
host_nvm_read(void *ctx, uint32_t off, uint8_t *buf, size_t len)
{
	se_host *h = ctx;

	if (off > sizeof h->nvm || len > sizeof h->nvm - off) {
		return -1;
	}
	memcpy(buf, h->nvm + off, len);
	return 0;
}

static int
host_nvm_write(void *ctx, uint32_t off, const uint8_t *buf, size_t len)
{
	se_host *h = ctx;

	if (off > sizeof h->nvm || len > sizeof h->nvm - off) {
		return -1;
	}
	memcpy(h->nvm + off, buf, len);
	return 0;
}

/* see se_host.h */
int
se_host_init(se_host *h)
{
	se_applet d = TLSM_APPLET(&h->tlsm);
	int rc;

	memset(h, 0, sizeof *h);
	tlsm_init(&h->tlsm);
	h->tlsm_desc = d;
	h->applets[0] = &se_isd_applet;
	h->applets[1] = &se_app1_applet;
	h->applets[2] = &se_app2_applet;
	h->applets[3] = &se_app3_applet;
	h->applets[4] = &h->tlsm_desc;
	h->hal.ctx = h;
	h->hal.nvm_size = sizeof h->nvm;
	h->hal.nvm_read = host_nvm_read;
	h->hal.nvm_write = host_nvm_write;
	h->hal.random = host_random;
	h->hal.time_now = host_time;
	rc = se_os_init(&h->os, &h->hal, h->applets, 5, SE_OS_FORMAT);
	return rc == SE_OK || rc == SE_NVM_FORMATTED ? 0 : -1;
}

/* see se_host.h */
int
se_host_transmit(void *ctx, const uint8_t *cmd, size_t len, uint8_t *rsp, size_t cap,
	size_t *rlen)
{
	se_host *h = ctx;

	return se_os_transmit(&h->os, cmd, len, rsp, cap, rlen) == SE_OK ? 0 : -1;
}

/* see se_host.h */
long
se_host_read_file(const char *path, uint8_t *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL) {
		return -1;
	}
	n = fread(buf, 1, cap, f);
	if (n == cap && fgetc(f) != EOF) {
		fclose(f);
		return -1;
	}
	fclose(f);
	return (long)n;
}

static size_t
put_tlv(uint8_t *p, uint8_t tag, const uint8_t *v, size_t len)
{
	p[0] = tag;
	p[1] = (uint8_t)(len >> 8);
	p[2] = (uint8_t)len;
	memcpy(p + 3, v, len);
	return 3 + len;
}

static size_t
put_part(uint8_t *p, const uint8_t *v, size_t len)
{
	p[0] = (uint8_t)(len >> 8);
	p[1] = (uint8_t)len;
	memcpy(p + 2, v, len);
	return 2 + len;
}

/* Private key DER -> store record (tag 03 EC: curve | scalar; tag 04 RSA: CRT parts). */
static size_t
key_record(uint8_t *p, const uint8_t *der, size_t len)
{
	br_skey_decoder_context dc;
	uint8_t v[1400];
	size_t n = 0;

	br_skey_decoder_init(&dc);
	br_skey_decoder_push(&dc, der, len);
	if (br_skey_decoder_last_error(&dc) != 0) {
		return 0;
	}
	if (br_skey_decoder_key_type(&dc) == BR_KEYTYPE_EC) {
		const br_ec_private_key *k = br_skey_decoder_get_ec(&dc);

		if (k->curve != BR_EC_secp256r1 || k->xlen > 32) {
			return 0;
		}
		v[0] = SE_CURVE_P256;
		memset(v + 1, 0, 32);
		memcpy(v + 1 + 32 - k->xlen, k->x, k->xlen);
		return put_tlv(p, SE_CRED_EC_KEY, v, 33);
	}
	const br_rsa_private_key *k = br_skey_decoder_get_rsa(&dc);

	v[0] = (uint8_t)(k->n_bitlen >> 8);
	v[1] = (uint8_t)k->n_bitlen;
	n = 2;
	n += put_part(v + n, k->p, k->plen);
	n += put_part(v + n, k->q, k->qlen);
	n += put_part(v + n, k->dp, k->dplen);
	n += put_part(v + n, k->dq, k->dqlen);
	n += put_part(v + n, k->iq, k->iqlen);
	return put_tlv(p, SE_CRED_RSA_KEY, v, n);
}

/* see se_host.h */
uint16_t
se_host_personalise(se_host *h, const char *ca, const char *cert, const char *key,
	const char *server_name)
{
	static uint8_t store[SE_CRED_MAX], file[4096];
	size_t n = 0, off = 0, rlen;
	long len;
	uint8_t cmd[5 + 255 + 1], rsp[300];
	unsigned block = 0;
	uint16_t sw = 0;

	if ((len = se_host_read_file(ca, file, sizeof file)) <= 0) {
		return 0;
	}
	n += put_tlv(store + n, SE_CRED_TRUST_ANCHOR, file, (size_t)len);
	if ((len = se_host_read_file(cert, file, sizeof file)) <= 0) {
		return 0;
	}
	n += put_tlv(store + n, SE_CRED_CHAIN_CERT, file, (size_t)len);
	if ((len = se_host_read_file(key, file, sizeof file)) <= 0) {
		return 0;
	}
	size_t k = key_record(store + n, file, (size_t)len);

	if (k == 0) {
		return 0;
	}
	n += k;
	if (server_name != NULL) {
		n += put_tlv(store + n, SE_CRED_SERVER_NAME, (const uint8_t *)server_name,
			strlen(server_name));
	}
	/* SELECT ISD on channel 0, then STORE DATA blocks (GP 11.11) */
	static const uint8_t sel[] = { 0x00, 0xA4, 0x04, 0x00, 0x08, SE_AID_ISD };

	if (se_os_transmit(&h->os, sel, sizeof sel, rsp, sizeof rsp, &rlen) != SE_OK
		|| rlen < 2 || rsp[rlen - 2] != 0x90) {
		return rlen >= 2 ? (uint16_t)(rsp[rlen - 2] << 8 | rsp[rlen - 1]) : 0;
	}
	while (off < n) {
		size_t seg = n - off > 255 ? 255 : n - off;

		cmd[0] = 0x80;
		cmd[1] = 0xE2;
		cmd[2] = off + seg == n ? 0x80 : 0x00;
		cmd[3] = (uint8_t)block++;
		cmd[4] = (uint8_t)seg;
		memcpy(cmd + 5, store + off, seg);
		if (se_os_transmit(&h->os, cmd, 5 + seg, rsp, sizeof rsp, &rlen) != SE_OK || rlen < 2) {
			return 0;
		}
		sw = (uint16_t)(rsp[rlen - 2] << 8 | rsp[rlen - 1]);
		if (sw != 0x9000) {
			return sw;
		}
		off += seg;
	}
	memset(store, 0, sizeof store);
	return sw;
}
