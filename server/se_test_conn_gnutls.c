/* se_test_conn_gnutls.c - se-test-server on GnuTLS: TLS 1.2, client certificate required. */
#include <stdio.h>
#include <string.h>

#include <gnutls/gnutls.h>

#include "se_test_conn.h"

static gnutls_certificate_credentials_t cred;

static int
gt_setup(const se_server_config *cfg)
{
	if (gnutls_global_init() < 0 || gnutls_certificate_allocate_credentials(&cred) < 0
		|| gnutls_certificate_set_x509_key_file(cred, cfg->cert, cfg->key,
			GNUTLS_X509_FMT_PEM) < 0
		|| gnutls_certificate_set_x509_trust_file(cred, cfg->ca, GNUTLS_X509_FMT_PEM) < 0) {
		return -1;
	}
	return 0;
}

static int
gt_accept(se_conn *c, const se_server_config *cfg, int fd)
{
	gnutls_session_t s;
	unsigned status = 0;
	int rc;

	if (gnutls_init(&s, GNUTLS_SERVER) < 0) {
		return -1;
	}
	if (gnutls_priority_set_direct(s, "NORMAL:-VERS-ALL:+VERS-TLS1.2", NULL) < 0
		|| gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred) < 0) {
		gnutls_deinit(s);
		return -1;
	}
	if (cfg->verify) {
		gnutls_certificate_server_set_request(s, GNUTLS_CERT_REQUIRE);
	}
	gnutls_transport_set_int(s, fd);
	do {
		rc = gnutls_handshake(s);
	} while (rc < 0 && !gnutls_error_is_fatal(rc));
	if (rc < 0) {
		fprintf(stderr, "se-test-server: gnutls handshake: %s\n", gnutls_strerror(rc));
		gnutls_deinit(s);
		return -1;
	}
	if (cfg->verify && (gnutls_certificate_verify_peers2(s, &status) < 0 || status != 0)) {
		fprintf(stderr, "se-test-server: gnutls: client certificate not verified\n");
		gnutls_deinit(s);
		return -1;
	}
	c->tls = s;
	return 0;
}

static int
gt_write(se_conn *c, const uint8_t *p, size_t n)
{
	ssize_t k;

	do {
		k = gnutls_record_send(c->tls, p, n);
	} while (k == GNUTLS_E_AGAIN || k == GNUTLS_E_INTERRUPTED);
	return k == (ssize_t)n ? 0 : -1;
}

static int
gt_read_full(se_conn *c, uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t k = gnutls_record_recv(c->tls, p, n);

		if (k == GNUTLS_E_AGAIN || k == GNUTLS_E_INTERRUPTED) {
			continue;
		}
		if (k <= 0) {
			return -1;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

static void
gt_close(se_conn *c, int clean)
{
	if (clean) {
		gnutls_bye(c->tls, GNUTLS_SHUT_WR);
	}
	gnutls_deinit(c->tls);
	c->tls = NULL;
}

const se_conn_ops se_conn_gnutls = {
	gt_setup, gt_accept, gt_write, gt_read_full, gt_close,
};
