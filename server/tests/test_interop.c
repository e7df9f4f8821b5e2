/*
 * test_interop.c - the SE firmware in-process + the DE library + real TCP to real TLS
 * servers (openssl s_server, gnutls-serv, and se-test-server on OpenSSL or GnuTLS).
 *
 *   test-interop PKI_DIR SE_TEST_SERVER CASE
 *
 * Each CASE is one meson test.  Servers bind 127.0.0.1 on a port chosen free at run time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc.h"
#include "relay.h"
#include "se_host.h"

static const char *pki;
static const char *test_server;
static int failures;

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "%s:%d: CHECK(%s) failed\n", \
	__FILE__, __LINE__, #c); failures++; } } while (0)
#define CHECK_EQ(a, b) do { long long _a = (long long)(a), _b = (long long)(b); if (_a != _b) { \
	fprintf(stderr, "%s:%d: %s == %lld (0x%llx), want %lld (0x%llx)\n", __FILE__, __LINE__, \
	#a, _a, _a, _b, _b); failures++; } } while (0)

static char *
path(const char *name)
{
	static char buf[8][512];
	static int i;

	i = (i + 1) % 8;
	snprintf(buf[i], sizeof buf[i], "%s/%s", pki, name);
	return buf[i];
}

static se_host se;

static void
se_fresh(const char *key_kind)
{
	int rsa = key_kind != NULL && strcmp(key_kind, "rsa") == 0;

	CHECK_EQ(se_host_init(&se), 0);
	CHECK_EQ(se_host_personalise(&se, path("ca.der"), path(rsa ? "se-rsa.der" : "se.der"),
		path(rsa ? "se-rsa.key.der" : "se.key.der"), NULL), 0x9000);
}

/* SESSION STATUS through the DE's plain APDU path: returns the value of `tag` (<= 4 bytes). */
static long
se_status(de_context *de, uint8_t tag)
{
	static const uint8_t cmd[] = { 0x80, 0x54, 0x00, 0x00, 0x00 };
	uint8_t rsp[300];
	size_t rlen = 0;
	uint16_t sw = 0;

	if (de_apdu(de, cmd, sizeof cmd, rsp, sizeof rsp, &rlen, &sw) != DE_OK || sw != 0x9000) {
		return -1;
	}
	for (size_t i = 0; i + 2 <= rlen; i += 2 + rsp[i + 1]) {
		if (rsp[i] == tag && rsp[i + 1] <= 4) {
			long v = 0;

			for (size_t k = 0; k < rsp[i + 1]; k++) {
				v = v << 8 | rsp[i + 2 + k];
			}
			return v;
		}
	}
	return -1;
}

static int
start_s_server(proc *p, int port, const char *cert, const char *key, int verify)
{
	char portarg[32];

	snprintf(portarg, sizeof portarg, "127.0.0.1:%d", port);
	char *argv[] = { "openssl", "s_server", "-accept", portarg, "-tls1_2",
		verify ? "-Verify" : "-quiet", "1", "-cert", path(cert), "-key", path(key),
		"-CAfile", path("ca.crt"), "-quiet", "-ign_eof", NULL };

	if (!verify) {
		/* no client certificate request: drop "-Verify 1" */
		argv[5] = "-quiet";
		argv[6] = "-quiet";
	}
	if (proc_start(p, argv) != 0) {
		return -1;
	}
	return proc_wait_port(port, 5000);
}

/* --- cases -------------------------------------------------------------------------------- */

static void
case_s_server_handshake(void)
{
	proc srv;
	relay r;
	int port = proc_free_port();
	static const uint8_t select_app1[] = { 0x00, 0x0C, 0x00, 0xA4, 0x04, 0x00, 0x07,
		0xF0, 0x53, 0x45, 0x49, 0x4F, 0x41, 0x31 };
	static const uint8_t ok_frame[] = { 0x00, 0x02, 0x90, 0x00 };

	se_fresh("ec");
	CHECK_EQ(start_s_server(&srv, port, "server.crt", "server.key", 1), 0);
	CHECK_EQ(relay_connect(&r, port, se_host_transmit, &se), 0);
	CHECK_EQ(relay_handshake(&r, "localhost", 5000), DE_OK);
	CHECK_EQ(se_status(&r.de, 0x80), 2);
	CHECK_EQ(se_status(&r.de, 0x81), 0x0303);
	CHECK_EQ(se_status(&r.de, 0x83), 512);
	/* one framed SELECT App1 typed into s_server's stdin; the answer frame shows on stdout */
	CHECK(write(srv.in_fd, select_app1, sizeof select_app1) == (ssize_t)sizeof select_app1);
	CHECK_EQ(relay_run(&r, 1000), DE_ERR_CLOSED);   /* silence after the answer */
	CHECK(proc_expect(&srv, ok_frame, sizeof ok_frame, 2000));
	relay_close(&r);
	proc_stop(&srv);
}

static const struct {
	const char *name;
	void (*fn)(void);
} cases[] = {
	{ "s_server-handshake", case_s_server_handshake },
};

int
main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: %s PKI_DIR SE_TEST_SERVER CASE\n", argv[0]);
		return 2;
	}
	pki = argv[1];
	test_server = argv[2];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (strcmp(cases[i].name, argv[3]) == 0) {
			cases[i].fn();
			if (failures) {
				fprintf(stderr, "%s: %d check(s) failed\n", argv[3], failures);
				return 1;
			}
			printf("%s: ok\n", argv[3]);
			return 0;
		}
	}
	fprintf(stderr, "unknown case %s\n", argv[3]);
	return 2;
}
