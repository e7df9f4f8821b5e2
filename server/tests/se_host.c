/* se_host.c - the SE firmware in-process (see se_host.h). */
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include <bearssl.h>

#include "se_host.h"
#include "se_perso.h"

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

/* see se_host.h */
uint16_t
se_host_personalise(se_host *h, const char *ca, const char *cert, const char *key,
	const char *server_name)
{
	static uint8_t ca_buf[4096], cert_buf[4096], key_buf[4096];
	struct se_perso_input in = { .server_name = server_name };
	long n_ca, n_cert, n_key;
	uint16_t sw;

	if ((n_ca = se_host_read_file(ca, ca_buf, sizeof ca_buf)) <= 0
		|| (n_cert = se_host_read_file(cert, cert_buf, sizeof cert_buf)) <= 0
		|| (n_key = se_host_read_file(key, key_buf, sizeof key_buf)) <= 0) {
		return 0;
	}
	in.ca = ca_buf;
	in.ca_len = (size_t)n_ca;
	in.cert = cert_buf;
	in.cert_len = (size_t)n_cert;
	in.key = key_buf;
	in.key_len = (size_t)n_key;
	/* the card factory's code path (tools/se_perso.c): SELECT ISD + STORE DATA */
	sw = se_perso_run(se_host_transmit, h, &in, NULL);
	memset(key_buf, 0, sizeof key_buf);
	return sw;
}
