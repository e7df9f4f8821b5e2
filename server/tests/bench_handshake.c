/*
 * bench_handshake.c - TLS 1.2 mutual-auth handshake time, SE path vs a plain BearSSL client.
 *
 *   bench-handshake PKI_DIR PORT N
 *
 * Against the same server (bench/tls-handshake.sh starts openssl s_server -tls1_2 -Verify 1
 * -no_cache), alternately: (a) the SE firmware in-process (card OS, TLS Manager) through the
 * DE library over TCP, OPEN to the SE's acceptance of the server Finished; (b) a plain BearSSL
 * client with the same profile (ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, P-256 m31, client
 * certificate, 512-byte fragments) straight over TCP, reset to SENDAPP.  Full handshakes only.
 * Prints the medians in ms.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <bearssl.h>

#include "relay.h"
#include "se_host.h"

static se_host se;

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* ---- direct BearSSL client ---- */

struct direct {
	uint8_t ca[4096], cert[4096], key[4096];
	long ca_len, cert_len, key_len;
	br_x509_trust_anchor ta;
	uint8_t ta_dn[512];
	size_t ta_dn_len;
	br_x509_certificate chain;
	br_ec_private_key sk;
	uint8_t sk_x[32];
	uint8_t ta_q[65];
};

static void
dn_append(void *ctx, const void *buf, size_t len)
{
	struct direct *d = ctx;

	if (len <= sizeof d->ta_dn - d->ta_dn_len) {
		memcpy(d->ta_dn + d->ta_dn_len, buf, len);
		d->ta_dn_len += len;
	}
}

static int
direct_load(struct direct *d, const char *pki)
{
	char p[512];
	br_x509_decoder_context dc;
	br_skey_decoder_context kc;
	const br_ec_private_key *k;
	br_x509_pkey *pk;

	snprintf(p, sizeof p, "%s/ca.der", pki);
	d->ca_len = se_host_read_file(p, d->ca, sizeof d->ca);
	snprintf(p, sizeof p, "%s/se.der", pki);
	d->cert_len = se_host_read_file(p, d->cert, sizeof d->cert);
	snprintf(p, sizeof p, "%s/se.key.der", pki);
	d->key_len = se_host_read_file(p, d->key, sizeof d->key);
	if (d->ca_len <= 0 || d->cert_len <= 0 || d->key_len <= 0) {
		return -1;
	}
	br_x509_decoder_init(&dc, dn_append, d);
	br_x509_decoder_push(&dc, d->ca, (size_t)d->ca_len);
	pk = br_x509_decoder_get_pkey(&dc);
	if (pk == NULL || pk->key_type != BR_KEYTYPE_EC || pk->key.ec.qlen != 65) {
		return -1;
	}
	memcpy(d->ta_q, pk->key.ec.q, 65);
	d->ta.dn.data = d->ta_dn;
	d->ta.dn.len = d->ta_dn_len;
	d->ta.flags = BR_X509_TA_CA;
	d->ta.pkey.key_type = BR_KEYTYPE_EC;
	d->ta.pkey.key.ec.curve = pk->key.ec.curve;
	d->ta.pkey.key.ec.q = d->ta_q;
	d->ta.pkey.key.ec.qlen = 65;
	d->chain.data = d->cert;
	d->chain.data_len = (size_t)d->cert_len;
	br_skey_decoder_init(&kc);
	br_skey_decoder_push(&kc, d->key, (size_t)d->key_len);
	k = br_skey_decoder_get_ec(&kc);
	if (k == NULL || k->xlen > 32) {
		return -1;
	}
	memset(d->sk_x, 0, 32);
	memcpy(d->sk_x + 32 - k->xlen, k->x, k->xlen);
	d->sk.curve = k->curve;
	d->sk.x = d->sk_x;
	d->sk.xlen = 32;
	return 0;
}

static int
tcp_connect(int port)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int
sock_read(void *ctx, unsigned char *buf, size_t len)
{
	for (;;) {
		ssize_t n = read(*(int *)ctx, buf, len);

		if (n < 0 && errno == EINTR) {
			continue;
		}
		return n <= 0 ? -1 : (int)n;
	}
}

static int
sock_write(void *ctx, const unsigned char *buf, size_t len)
{
	for (;;) {
		ssize_t n = write(*(int *)ctx, buf, len);

		if (n < 0 && errno == EINTR) {
			continue;
		}
		return n <= 0 ? -1 : (int)n;
	}
}

static int
getrandom_seed(uint8_t seed[32])
{
	return getrandom(seed, 32, 0) == 32 ? 0 : -1;
}

static double
direct_handshake(struct direct *d, int port)
{
	static br_ssl_client_context cc;
	static br_x509_minimal_context xc;
	static unsigned char ibuf[512 + 325], obuf[512 + 85];
	static const uint16_t suites[] = { BR_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 };
	br_sslio_context io;
	uint8_t seed[32];
	double t0 = now_ms();
	int fd = tcp_connect(port), ok;

	if (fd < 0) {
		return -1;
	}
	br_ssl_client_zero(&cc);
	br_ssl_engine_set_versions(&cc.eng, BR_TLS12, BR_TLS12);
	br_ssl_engine_set_suites(&cc.eng, suites, 1);
	br_ssl_engine_set_hash(&cc.eng, br_sha256_ID, &br_sha256_vtable);
	br_ssl_engine_set_prf_sha256(&cc.eng, &br_tls12_sha256_prf);
	br_ssl_engine_set_ec(&cc.eng, &br_ec_p256_m31);
	br_ssl_engine_set_ecdsa(&cc.eng, &br_ecdsa_i31_vrfy_asn1);
	br_ssl_engine_set_gcm(&cc.eng, &br_sslrec_in_gcm_vtable, &br_sslrec_out_gcm_vtable);
	br_ssl_engine_set_aes_ctr(&cc.eng, &br_aes_ct_ctr_vtable);
	br_ssl_engine_set_ghash(&cc.eng, &br_ghash_ctmul32);
	br_x509_minimal_init(&xc, &br_sha256_vtable, &d->ta, 1);
	br_x509_minimal_set_hash(&xc, br_sha256_ID, &br_sha256_vtable);
	br_x509_minimal_set_ecdsa(&xc, &br_ec_p256_m31, &br_ecdsa_i31_vrfy_asn1);
	br_ssl_engine_set_x509(&cc.eng, &xc.vtable);
	br_ssl_client_set_single_ec(&cc, &d->chain, 1, &d->sk, BR_KEYTYPE_SIGN, BR_KEYTYPE_EC,
		&br_ec_p256_m31, &br_ecdsa_i31_sign_asn1);
	br_ssl_engine_set_buffers_bidi(&cc.eng, ibuf, sizeof ibuf, obuf, sizeof obuf);
	if (getrandom_seed(seed) != 0) {
		close(fd);
		return -1;
	}
	br_ssl_engine_inject_entropy(&cc.eng, seed, sizeof seed);
	br_ssl_client_reset(&cc, "localhost", 0);
	br_sslio_init(&io, &cc.eng, sock_read, &fd, sock_write, &fd);
	br_sslio_flush(&io);
	ok = (br_ssl_engine_current_state(&cc.eng) & BR_SSL_SENDAPP) != 0;
	double t = now_ms() - t0;

	br_sslio_close(&io);
	close(fd);
	return ok ? t : -1;
}

static double se_cpu;

static int
timed_transmit(void *ctx, const uint8_t *cmd, size_t len, uint8_t *rsp, size_t cap, size_t *rlen)
{
	double t0 = now_ms();
	int rc = se_host_transmit(ctx, cmd, len, rsp, cap, rlen);

	se_cpu += now_ms() - t0;
	return rc;
}

static double
se_handshake(int port)
{
	static relay r;
	double t0 = now_ms();
	int err;

	if (relay_connect(&r, port, timed_transmit, &se) != 0) {
		return -1;
	}
	err = relay_handshake(&r, "localhost", 5000);
	double t = now_ms() - t0;

	relay_close(&r);
	return err == DE_OK ? t : -1;
}

int
main(int argc, char **argv)
{
	static struct direct d;
	char ca[512], cert[512], key[512];
	int port, n;
	double *a, *b;

	if (argc != 4) {
		fprintf(stderr, "usage: bench-handshake PKI_DIR PORT N\n");
		return 2;
	}
	port = atoi(argv[2]);
	n = atoi(argv[3]);
	snprintf(ca, sizeof ca, "%s/ca.der", argv[1]);
	snprintf(cert, sizeof cert, "%s/se.der", argv[1]);
	snprintf(key, sizeof key, "%s/se.key.der", argv[1]);
	if (n < 1 || se_host_init(&se) != 0 || se_host_personalise(&se, ca, cert, key, NULL) != 0x9000
		|| direct_load(&d, argv[1]) != 0) {
		fprintf(stderr, "bench-handshake: set-up failed\n");
		return 1;
	}
	a = calloc((size_t)n, sizeof *a);
	b = calloc((size_t)n, sizeof *b);
	/* warm-up, then alternate so both paths see the same server and machine load */
	if (se_handshake(port) < 0 || direct_handshake(&d, port) < 0) {
		fprintf(stderr, "bench-handshake: warm-up handshake failed\n");
		return 1;
	}
	for (int i = 0; i < n; i++) {
		/* no resumption: every SE handshake is a full one, as the direct client's */
		se.tlsm.saved_valid = 0;
		a[i] = se_handshake(port);
		b[i] = direct_handshake(&d, port);
		if (a[i] < 0 || b[i] < 0) {
			fprintf(stderr, "bench-handshake: handshake %d failed\n", i);
			return 1;
		}
	}
	qsort(a, (size_t)n, sizeof *a, cmp_double);
	qsort(b, (size_t)n, sizeof *b, cmp_double);
	printf("%.3f %.3f\n", a[n / 2], b[n / 2]);
	fprintf(stderr, "# bench-handshake: SE firmware time per handshake %.3f ms (APDU processing)\n", se_cpu / (n + 1));
	free(a);
	free(b);
	return 0;
}
