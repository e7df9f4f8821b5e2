/* se_test_conn.h - the TLS stacks behind se-test-server (OpenSSL, GnuTLS). */
#ifndef SE_TEST_CONN_H
#define SE_TEST_CONN_H

#include <stddef.h>
#include <stdint.h>

typedef struct se_server_config {
	const char *stack, *cert, *key, *ca;
	int verify;      /* request and require a client certificate */
	int cache;       /* session cache on (resumption by session ID) */
} se_server_config;

struct se_conn_ops;

typedef struct se_conn {
	const struct se_conn_ops *ops;
	void *tls;
} se_conn;

typedef struct se_conn_ops {
	int (*setup)(const se_server_config *cfg);
	/** TLS 1.2 handshake on fd; checks the client certificate when cfg->verify. */
	int (*accept)(se_conn *c, const se_server_config *cfg, int fd);
	int (*write)(se_conn *c, const uint8_t *p, size_t n);
	int (*read_full)(se_conn *c, uint8_t *p, size_t n);
	/** Send close_notify when `clean`, free the connection. */
	void (*close)(se_conn *c, int clean);
} se_conn_ops;

/** The ops of stack "openssl" or "gnutls", or NULL. */
const se_conn_ops *se_conn_stack(const char *name);

#endif
