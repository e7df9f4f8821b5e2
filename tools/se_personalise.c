/*
 * se-personalise - the card factory: personalises the TLS Manager of an SE
 * NVM image file (the QEMU device's "nvm" property) through ISD commands.
 *
 *   se-personalise --nvm FILE --ca CA.der --cert SE.der --key SE.key.der
 *                  [--name SERVER_NAME] [--lock]
 *
 * The image is created and formatted if absent, and locked while in use: a
 * running QEMU that holds it makes this tool stop with a clear message.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "se_nvm_file.h"
#include "se_perso.h"
#include "se_product.h"

static int tx(void *ctx, const uint8_t *cmd, size_t len, uint8_t *rsp, size_t cap, size_t *rlen)
{
	return se_os_transmit(&((se_product *)ctx)->os, cmd, len, rsp, cap, rlen) == SE_OK ? 0 : -1;
}

static long read_file(const char *path, uint8_t *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f) {
		perror(path);
		return -1;
	}
	n = fread(buf, 1, cap, f);
	if (n == cap && fgetc(f) != EOF) {
		fprintf(stderr, "se-personalise: %s is larger than %zu bytes\n", path, cap);
		n = 0;
	}
	fclose(f);
	if (n == 0)
		fprintf(stderr, "se-personalise: %s is empty or unreadable\n", path);
	return n ? (long)n : -1;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "nvm", required_argument, 0, 'n' }, { "ca", required_argument, 0, 'a' },
		{ "cert", required_argument, 0, 'c' }, { "key", required_argument, 0, 'k' },
		{ "name", required_argument, 0, 's' }, { "lock", no_argument, 0, 'l' },
		{ 0, 0, 0, 0 },
	};
	static uint8_t ca[4096], cert[4096], key[4096];
	static se_product se;
	const char *nvm = NULL, *ca_f = NULL, *cert_f = NULL, *key_f = NULL, *why;
	struct se_perso_input in = { 0 };
	long n_ca, n_cert, n_key;
	int opt, lock = 0, rc;
	se_nvm_file file;
	se_hal hal;
	uint16_t sw;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'n': nvm = optarg; break;
		case 'a': ca_f = optarg; break;
		case 'c': cert_f = optarg; break;
		case 'k': key_f = optarg; break;
		case 's': in.server_name = optarg; break;
		case 'l': lock = 1; break;
		default: goto usage;
		}
	}
	if (!nvm || !ca_f || !cert_f || !key_f || optind != argc)
		goto usage;
	if ((n_ca = read_file(ca_f, ca, sizeof(ca))) < 0 ||
	    (n_cert = read_file(cert_f, cert, sizeof(cert))) < 0 ||
	    (n_key = read_file(key_f, key, sizeof(key))) < 0)
		return 1;
	in.ca = ca;
	in.ca_len = (size_t)n_ca;
	in.cert = cert;
	in.cert_len = (size_t)n_cert;
	in.key = key;
	in.key_len = (size_t)n_key;

	rc = se_nvm_file_open(&file, &hal, nvm, SE_OS_NVM_SIZE);
	if (rc == SE_ERR_LOCKED) {
		fprintf(stderr, "se-personalise: %s is in use by another process (a running QEMU?)\n", nvm);
		return 1;
	}
	if (rc != SE_OK) {
		fprintf(stderr, "se-personalise: cannot open %s (error %d)\n", nvm, rc);
		return 1;
	}
	rc = se_product_init(&se, &hal, 0);
	if (rc != SE_OK && rc != SE_NVM_FORMATTED) {
		fprintf(stderr, "se-personalise: %s is not an image of this SE (%s); refusing to touch it\n",
			nvm, rc == SE_ERR_LAYOUT ? "another applet set" :
			rc == SE_ERR_FORMAT ? "unknown format version" : "I/O error");
		se_nvm_file_close(&file);
		return 1;
	}
	sw = se_perso_run(tx, &se, &in, &why);
	memset(key, 0, sizeof(key));
	if (sw == 0x9000 && lock)
		sw = se_perso_lock(tx, &se);
	se_nvm_file_close(&file);
	if (sw != 0x9000) {
		fprintf(stderr, "se-personalise: %s failed: %s (SW %04X)\n", nvm,
			why ? why : "the ISD refused", sw);
		return 1;
	}
	printf("se-personalise: %s personalised%s%s\n", nvm, rc == SE_NVM_FORMATTED ? " (new image)" : "",
	       lock ? ", card secured" : "");
	return 0;
usage:
	fprintf(stderr, "usage: se-personalise --nvm FILE --ca CA.der --cert SE.der --key SE.key.der "
		"[--name SERVER_NAME] [--lock]\n");
	return 2;
}
