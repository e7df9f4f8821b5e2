/* se_test_conn_openssl.c - se-test-server on OpenSSL: TLS 1.2, client certificate required. */
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "se_test_conn.h"

static SSL_CTX *ctx;

static int
ossl_setup(const se_server_config *cfg)
{
	ctx = SSL_CTX_new(TLS_server_method());
	if (ctx == NULL || !SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION)
		|| !SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION)
		|| SSL_CTX_use_certificate_file(ctx, cfg->cert, SSL_FILETYPE_PEM) != 1
		|| SSL_CTX_use_PrivateKey_file(ctx, cfg->key, SSL_FILETYPE_PEM) != 1
		|| SSL_CTX_load_verify_locations(ctx, cfg->ca, NULL) != 1) {
		ERR_print_errors_fp(stderr);
		return -1;
	}
	if (cfg->verify) {
		SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
	}
	SSL_CTX_set_session_cache_mode(ctx, cfg->cache ? SSL_SESS_CACHE_SERVER : SSL_SESS_CACHE_OFF);
	SSL_CTX_set_session_id_context(ctx, (const unsigned char *)"se-test", 7);
	/* BearSSL has no session tickets; keep resumption on session IDs */
	SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
	return 0;
}

static int
ossl_accept(se_conn *c, const se_server_config *cfg, int fd)
{
	SSL *s = SSL_new(ctx);

	if (s == NULL || !SSL_set_fd(s, fd) || SSL_accept(s) != 1) {
		ERR_print_errors_fp(stderr);
		SSL_free(s);
		return -1;
	}
	if (cfg->verify && SSL_get_verify_result(s) != X509_V_OK) {
		SSL_free(s);
		return -1;
	}
	c->tls = s;
	return 0;
}

static int
ossl_write(se_conn *c, const uint8_t *p, size_t n)
{
	return SSL_write(c->tls, p, (int)n) == (int)n ? 0 : -1;
}

static int
ossl_read_full(se_conn *c, uint8_t *p, size_t n)
{
	while (n > 0) {
		int k = SSL_read(c->tls, p, (int)n);

		if (k <= 0) {
			return -1;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

static void
ossl_close(se_conn *c, int clean)
{
	if (clean) {
		SSL_shutdown(c->tls);
	}
	SSL_free(c->tls);
	c->tls = NULL;
}

const se_conn_ops se_conn_openssl = {
	ossl_setup, ossl_accept, ossl_write, ossl_read_full, ossl_close,
};
