/*
 * seiot-server - the host server of the se-iot system.
 *
 * An ordinary TLS 1.2 server (OpenSSL) on loopback that requires a client
 * certificate issued by the project's CA, i.e. a session terminated inside an
 * SE. For each session it runs a script of command APDUs framed as in the
 * binding (LEN(2) || APDU): read the sensor log from App1, use App3's counter,
 * query the ISD. Results go out as JSON lines. With SSLKEYLOGFILE set, the
 * session keys are logged in NSS key-log format for Wireshark.
 *
 *   seiot-server --cert F --key F --ca F [--port N] [--sessions N] [--out F]
 *                [--idle-ms N] [--hold-ms N] [--burst N] [--no-resume]
 *
 * Listens on 127.0.0.1 (port 0: a free one) and prints "PORT <n>" on stdout.
 * Serves sessions one after another; exits after --sessions (0: forever).
 * --hold-ms waits that long after the handshake; --burst N ends each session
 * with N SELECT round trips and reports their rate ("burst" event);
 * --no-resume turns the session cache off (every handshake is a full one).
 */
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "seiot_server.h"

struct server {
	SSL_CTX *ctx;
	FILE *out;
	FILE *keylog;
	unsigned idle_ms;
	unsigned hold_ms;  /* wait after the handshake (tests kill the server then) */
	unsigned burst;    /* round trips of the throughput measurement */
};

static struct server *keylog_owner;

static double ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

static void keylog_cb(const SSL *ssl, const char *line)
{
	(void)ssl;
	if (keylog_owner && keylog_owner->keylog) {
		fprintf(keylog_owner->keylog, "%s\n", line);
		fflush(keylog_owner->keylog);
	}
}

static SSL_CTX *make_ctx(const char *cert, const char *key, const char *ca, int resume)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

	if (!ctx || !SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) ||
	    !SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION) ||
	    SSL_CTX_use_certificate_chain_file(ctx, cert) != 1 ||
	    SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_check_private_key(ctx) != 1 ||
	    SSL_CTX_load_verify_locations(ctx, ca, NULL) != 1) {
		ERR_print_errors_fp(stderr);
		SSL_CTX_free(ctx);
		return NULL;
	}
	/* Only an SE with a certificate from our CA may talk to us. */
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
	SSL_CTX_set_client_CA_list(ctx, SSL_load_client_CA_file(ca));
	/* BearSSL resumes by session ID only. */
	SSL_CTX_set_session_id_context(ctx, (const unsigned char *)"seiot", 5);
	SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
	if (!resume)
		SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	SSL_CTX_set_keylog_callback(ctx, keylog_cb);
	return ctx;
}

static int listen_loopback(unsigned port, unsigned *bound)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t alen = sizeof(a);
	int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 8) ||
	    getsockname(fd, (struct sockaddr *)&a, &alen)) {
		close(fd);
		return -1;
	}
	*bound = ntohs(a.sin_port);
	return fd;
}

/* One framed command out, one framed response in (binding section 5). */
static int exchange(SSL *ssl, const uint8_t *apdu, size_t len, uint8_t *rsp, size_t cap,
		    size_t *rlen)
{
	uint8_t frame[2 + 5 + 255 + 3], hdr[2];
	size_t need, got = 0;

	/* One write, one record: a frame split over two would cost a round trip. */
	if (len > sizeof(frame) - 2)
		return -2;
	frame[0] = (uint8_t)(len >> 8);
	frame[1] = (uint8_t)len;
	memcpy(frame + 2, apdu, len);
	if (SSL_write(ssl, frame, (int)(len + 2)) != (int)(len + 2))
		return -1;
	while (got < 2) {
		int k = SSL_read(ssl, hdr + got, (int)(2 - got));

		if (k <= 0)
			return -1;
		got += (size_t)k;
	}
	need = (size_t)hdr[0] << 8 | hdr[1];
	if (need < 2 || need > cap)
		return -2; /* a response APDU has at least SW1 SW2 */
	for (got = 0; got < need;) {
		int k = SSL_read(ssl, rsp + got, (int)(need - got));

		if (k <= 0)
			return -1;
		got += (size_t)k;
	}
	*rlen = need;
	return 0;
}

static void json_hex(FILE *f, const uint8_t *p, size_t n)
{
	fputc('"', f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02X", p[i]);
	fputc('"', f);
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

/* N framed SELECT round trips back to back: the session's APDU rate. */
static int run_burst(struct server *sv, SSL *ssl, unsigned session)
{
	const struct seiot_step *sel = &seiot_script[0];
	uint8_t rsp[2 + 258];
	struct timespec t0;
	size_t rlen;
	double ms;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (unsigned i = 0; i < sv->burst; i++) {
		if (exchange(ssl, sel->apdu, sel->len, rsp, sizeof(rsp), &rlen) ||
		    rsp[rlen - 2] != 0x90 || rsp[rlen - 1] != 0x00) {
			fprintf(sv->out, "{\"event\":\"error\",\"session\":%u,\"step\":\"burst\","
				"\"error\":\"round trip %u failed\"}\n", session, i);
			return 1;
		}
	}
	ms = ms_since(&t0);
	fprintf(sv->out, "{\"event\":\"burst\",\"session\":%u,\"count\":%u,\"ms\":%.3f,"
		"\"apdu_per_s\":%.1f}\n", session, sv->burst, ms, sv->burst * 1000.0 / ms);
	return 0;
}

/* Runs the session script; returns 0 when every step got its status word. */
static int run_script(struct server *sv, SSL *ssl, unsigned session)
{
	static uint8_t log[SEIOT_LOG_MAX];
	size_t log_len = 0;
	int failed = 0;

	for (size_t i = 0; i < seiot_script_len; i++) {
		const struct seiot_step *st = &seiot_script[i];
		uint8_t apdu[5 + 255], rsp[2 + 258];
		size_t alen = st->len, rlen;
		uint16_t sw;
		struct timespec t0;
		int rc;

		memcpy(apdu, st->apdu, alen);
		if (st->kind == SEIOT_STEP_READ_LOG) {
			/* READ BINARY at the offset read so far */
			apdu[2] = (uint8_t)(log_len >> 8);
			apdu[3] = (uint8_t)log_len;
		}
		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = exchange(ssl, apdu, alen, rsp, sizeof(rsp), &rlen);
		if (rc) {
			fprintf(sv->out, "{\"event\":\"error\",\"session\":%u,\"step\":", session);
			json_str(sv->out, st->name);
			fprintf(sv->out, ",\"error\":\"%s\"}\n",
				rc == -2 ? "malformed response frame" : "connection lost");
			return -1;
		}
		sw = (uint16_t)(rsp[rlen - 2] << 8 | rsp[rlen - 1]);
		fprintf(sv->out, "{\"event\":\"apdu\",\"session\":%u,\"step\":", session);
		json_str(sv->out, st->name);
		fprintf(sv->out, ",\"cmd\":");
		json_hex(sv->out, apdu, alen);
		fprintf(sv->out, ",\"data\":");
		json_hex(sv->out, rsp, rlen - 2);
		fprintf(sv->out, ",\"sw\":\"%04X\",\"ms\":%.3f}\n", sw, ms_since(&t0));
		if (sw != st->sw)
			failed = 1;
		if (st->kind == SEIOT_STEP_READ_LOG && sw == 0x9000) {
			size_t n = rlen - 2;

			if (log_len + n > sizeof(log))
				n = sizeof(log) - log_len;
			memcpy(log + log_len, rsp, n);
			log_len += n;
			/* a full chunk means there may be more */
			if (rlen - 2 == apdu[4] && log_len < sizeof(log))
				i--;
		}
	}
	seiot_log_print(sv->out, session, log, log_len);
	if (sv->burst && !failed)
		failed = run_burst(sv, ssl, session);
	return failed ? -1 : 0;
}

static void peer_name(SSL *ssl, char *buf, size_t cap)
{
	X509 *x = SSL_get1_peer_certificate(ssl);

	buf[0] = 0;
	if (x) {
		X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, buf, (int)cap);
		X509_free(x);
	}
}

static int serve_one(struct server *sv, int cfd, unsigned session)
{
	struct timeval tv = { .tv_sec = sv->idle_ms / 1000, .tv_usec = (sv->idle_ms % 1000) * 1000 };
	SSL *ssl = SSL_new(sv->ctx);
	struct timespec t0;
	char cn[128];
	int ok;

	setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &(int){ 1 }, sizeof(int));
	/* A stalled or silent peer must not hold the server forever. */
	setsockopt(cfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(cfd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (!ssl || !SSL_set_fd(ssl, cfd) || SSL_accept(ssl) != 1) {
		unsigned long e = ERR_peek_last_error();

		fprintf(sv->out, "{\"event\":\"handshake_failed\",\"session\":%u,\"error\":", session);
		json_str(sv->out, e ? ERR_reason_error_string(e) ? ERR_reason_error_string(e) : "?"
				    : "peer closed");
		fprintf(sv->out, "}\n");
		ERR_clear_error();
		SSL_free(ssl);
		return -1;
	}
	peer_name(ssl, cn, sizeof(cn));
	fprintf(sv->out, "{\"event\":\"session\",\"session\":%u,\"peer\":", session);
	json_str(sv->out, cn);
	fprintf(sv->out, ",\"cipher\":\"%s\",\"version\":\"%s\",\"resumed\":%s,"
		"\"max_fragment\":%u,\"handshake_ms\":%.3f}\n",
		SSL_get_cipher_name(ssl), SSL_get_version(ssl),
		SSL_session_reused(ssl) ? "true" : "false",
		(unsigned)SSL_SESSION_get_max_fragment_length(SSL_get_session(ssl)) ?
			256u << SSL_SESSION_get_max_fragment_length(SSL_get_session(ssl)) : 16384u,
		ms_since(&t0));
	fflush(sv->out);
	if (sv->hold_ms)
		nanosleep(&(struct timespec){ .tv_sec = sv->hold_ms / 1000,
					      .tv_nsec = (long)(sv->hold_ms % 1000) * 1000000 }, NULL);
	ok = run_script(sv, ssl, session) == 0;
	SSL_shutdown(ssl);
	SSL_free(ssl);
	fprintf(sv->out, "{\"event\":\"end\",\"session\":%u,\"ok\":%s}\n", session,
		ok ? "true" : "false");
	fflush(sv->out);
	return ok ? 0 : -1;
}

static void usage(void)
{
	fprintf(stderr, "usage: seiot-server --cert F --key F --ca F [--port N] "
		"[--sessions N] [--out F] [--idle-ms N] [--hold-ms N] [--burst N] [--no-resume]\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "cert", required_argument, 0, 'c' }, { "key", required_argument, 0, 'k' },
		{ "ca", required_argument, 0, 'a' }, { "port", required_argument, 0, 'p' },
		{ "sessions", required_argument, 0, 'n' }, { "out", required_argument, 0, 'o' },
		{ "idle-ms", required_argument, 0, 'i' }, { "hold-ms", required_argument, 0, 'h' },
		{ "burst", required_argument, 0, 'b' }, { "no-resume", no_argument, 0, 'r' },
		{ 0, 0, 0, 0 },
	};
	const char *cert = NULL, *key = NULL, *ca = NULL, *out = NULL, *kl;
	unsigned port = 0, sessions = 0, bound, done = 0, bad = 0;
	struct server sv = { .idle_ms = 15000 };
	int opt, lfd, resume = 1;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'c': cert = optarg; break;
		case 'k': key = optarg; break;
		case 'a': ca = optarg; break;
		case 'p': port = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'n': sessions = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'o': out = optarg; break;
		case 'i': sv.idle_ms = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'h': sv.hold_ms = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'b': sv.burst = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'r': resume = 0; break;
		default: usage(); return 2;
		}
	}
	if (!cert || !key || !ca || port > 65535 || !sv.idle_ms) {
		usage();
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	sv.out = out ? fopen(out, "a") : stdout;
	if (!sv.out) {
		fprintf(stderr, "seiot-server: cannot open %s: %s\n", out, strerror(errno));
		return 2;
	}
	kl = getenv("SSLKEYLOGFILE");
	if (kl && *kl && !(sv.keylog = fopen(kl, "a"))) {
		fprintf(stderr, "seiot-server: cannot open SSLKEYLOGFILE %s: %s\n", kl, strerror(errno));
		return 2;
	}
	keylog_owner = &sv;
	sv.ctx = make_ctx(cert, key, ca, resume);
	if (!sv.ctx) {
		fprintf(stderr, "seiot-server: bad certificate, key or CA file\n");
		return 2;
	}
	lfd = listen_loopback(port, &bound);
	if (lfd < 0) {
		fprintf(stderr, "seiot-server: cannot listen on 127.0.0.1:%u: %s\n", port, strerror(errno));
		return 2;
	}
	printf("PORT %u\n", bound);
	fflush(stdout);
	while (!sessions || done < sessions) {
		int cfd = accept(lfd, NULL, NULL);

		if (cfd < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		bad += serve_one(&sv, cfd, ++done) != 0;
		close(cfd);
	}
	close(lfd);
	SSL_CTX_free(sv.ctx);
	if (sv.keylog)
		fclose(sv.keylog);
	if (sv.out != stdout)
		fclose(sv.out);
	return bad ? 1 : 0;
}
