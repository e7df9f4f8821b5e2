/*
 * tlsm.h - the TLS Manager: TLS 1.2 client with mutual authentication inside the SE,
 * speaking the TLS-over-APDU binding (docs/tls-binding.md) towards the DE.
 *
 * BearSSL style: the caller allocates tlsm_context (no malloc, no globals); the platform
 * (random, clock, credentials, secure dispatch) is passed in per call as a tlsm_platform.
 * The BearSSL engine is driven through its record buffers: units from the DE become records
 * fed to recvrec, records from sendrec become units in the response data.
 *
 * Commands handled (CLA 0x80, or 0x90 for a chained unit segment):
 *   INS 0x01..0x1F, 0x20..0x23  one unit in (P1P2 = total body length)
 *   INS 0x50 OPEN SESSION [server name]   INS 0x52 CLOSE SESSION   INS 0x54 SESSION STATUS
 *   INS 0xC0 GET RESPONSE (any CLA) while the previous answer was 61XX.
 */
#ifndef TLSM_H
#define TLSM_H

#include <stddef.h>
#include <stdint.h>

#include <bearssl.h>

#include "tlsm_config.h"

struct tlsm_context;

/** Platform services for one call.  `ctx` is passed back unchanged. */
typedef struct tlsm_platform {
	void *ctx;
	/** Fill `buf` with `len` random bytes.  Return 0 on success. */
	int (*random)(void *ctx, uint8_t *buf, size_t len);
	/** Seconds since 1970-01-01 UTC, 0 if unknown (then OPEN is refused: no validity check). */
	uint64_t (*time_now)(void *ctx);
	/**
	 * Load the credentials into `t` with tlsm_cred_reset() and tlsm_cred_add_*().
	 * Called at every OPEN.  Return 0 on success.
	 */
	int (*load_credentials)(void *ctx, struct tlsm_context *t);
	/**
	 * Run one decrypted command APDU on the secure channel; write the response APDU
	 * (data || SW1 SW2, at most `cap` bytes) to `rsp`.  Return 0 on success.
	 */
	int (*dispatch)(void *ctx, const uint8_t *cmd, size_t len,
		uint8_t *rsp, size_t cap, size_t *rlen);
	/** The session ended (closed or failed): the secure channel selection may go. May be NULL. */
	void (*session_closed)(void *ctx);
} tlsm_platform;

/** Session states (STATUS tag 0x80). */
enum tlsm_state {
	TLSM_IDLE = 0,        /**< no session; OPEN accepted */
	TLSM_HANDSHAKE = 1,   /**< OPEN done, handshake in progress */
	TLSM_ESTABLISHED = 2, /**< application data may flow */
	TLSM_CLOSED = 3,      /**< closed cleanly (close_notify) */
	TLSM_FAILED = 4       /**< failed: fatal alert sent, keys forgotten */
};

/** The TLS Manager context.  Allocate it (about 8.5 KB with MFL 512), then tlsm_init(). */
typedef struct tlsm_context {
	br_ssl_client_context cc;
	/*
	 * The X.509 validator is only used during the handshake and the APDU frame buffers only
	 * once the session is up (renegotiation is refused), so they share memory.
	 */
	union {
		br_x509_minimal_context xc;
		struct {
			uint8_t pending[TLSM_MFL];           /* decrypted bytes not yet framed */
			uint8_t frame[2 + TLSM_APDU_MAX];    /* command frame being assembled */
			uint8_t rsp_frame[2 + TLSM_RSP_MAX]; /* response frame going to sendapp */
		} app;
	} u;
	/* one shared record buffer (BearSSL "mono" mode): the SE never sends while receiving */
	unsigned char iobuf[TLSM_IOBUF];
	uint8_t state;
	uint8_t engine_live;        /* cc/xc hold a session (keys) */

	/* credentials (loaded at OPEN) */
	uint8_t cred[TLSM_CRED_RAM];
	size_t cred_used;
	br_x509_trust_anchor tas[TLSM_MAX_TAS];
	size_t num_tas;
	br_x509_certificate chain[TLSM_MAX_CHAIN];
	size_t chain_len;
	int key_type;               /* 0, BR_KEYTYPE_EC or BR_KEYTYPE_RSA */
	br_ec_private_key ec_key;
#if TLSM_WITH_RSA
	br_rsa_private_key rsa_key;
#endif
	const char *server_name;    /* NUL-terminated, in cred RAM; "" = no name check */
	uint32_t name_hash;         /* FNV-1a of server_name */

	/* session resumption by session ID (RFC 5246 7.4.1.2) */
	br_ssl_session_parameters saved;
	uint32_t saved_name_hash;   /* the server name the saved session belongs to */
	uint8_t saved_valid;
	uint8_t resumed;
	uint8_t cert_requested;     /* a CertificateRequest came in this handshake */

	/* incoming unit -> records for recvrec */
	uint8_t in_code;
	uint8_t in_active;
	uint16_t in_total;
	uint16_t in_got;
	size_t in_msg_pos;          /* handshake: bytes of header||body turned into records */
	size_t in_rec_left;         /* bytes left in the current synthesized record */

	/* records from sendrec -> units (staged for the response) */
	uint8_t ob_hdr[5];
	uint8_t ob_hdr_got;
	uint8_t ob_type;
	size_t ob_left;
	uint8_t om_hdr[4];
	uint8_t om_got;
	size_t om_left;
	uint8_t ccs_out;
	uint8_t stage[TLSM_RSP_CHUNK + 4];
	size_t stage_len;
	uint8_t get_response_ok;    /* last answer was 61XX */

	/* frames inside the session (binding 5) */
	size_t pend_len, pend_pos;
	size_t frame_got;
	size_t frame_skip;          /* bytes of an oversized frame still to discard */
	size_t rsp_len, rsp_pos;    /* response frame being written to sendapp */

	/* counters and diagnostics (STATUS) */
	int last_error;             /* BearSSL error of the last failure */
	uint8_t last_alert;
	uint32_t handshakes, resumptions, failures, frames_in, frames_out;
	uint32_t records_in, records_out;
} tlsm_context;

/** \brief Initialise: no session, no credentials. */
void tlsm_init(tlsm_context *t);

/**
 * \brief Process one command routed to the TLS Manager.
 *
 * \param cla, ins, p1, p2  the header; \param data, nc  the command data field.
 * \param rsp, cap          response data buffer (at least 2 bytes; TLSM_RSP_CHUNK is enough).
 * \param rlen              receives the response data length.
 * \return the status word: 9000, 61XX (more output: GET RESPONSE), 6985 (not allowed in this
 *         state, nothing changed), 6A80 (malformed unit; the data may carry a fatal alert unit),
 *         6982 (authentication/decryption failure; the data carries the fatal alert unit),
 *         6700, 6A86, 6D00, 6E00, 6F00 (internal: entropy, clock, credentials).
 */
uint16_t tlsm_command(tlsm_context *t, const tlsm_platform *pf,
	uint8_t cla, uint8_t ins, uint8_t p1, uint8_t p2, const uint8_t *data, size_t nc,
	uint8_t *rsp, size_t cap, size_t *rlen);

/**
 * \brief Card reset: forget any session (keys wiped), the resumable session and pending
 *        output.  `pf` may be NULL (no session_closed callback).
 */
void tlsm_reset(tlsm_context *t, const tlsm_platform *pf);

/* ---- credentials (called from load_credentials) ------------------------------------- */

/** \brief Drop the loaded credentials. */
void tlsm_cred_reset(tlsm_context *t);

/**
 * \brief Add a trust anchor from a DER certificate read in pieces through
 *        `read(rctx, off, buf, len)` (any offset in [0, total)), `total` bytes in all.
 *        The bytes must pass se_x509_check() before BearSSL's decoder sees them.
 * \return 0, or -1 (malformed DER, undecodable, unsupported key, no room).
 */
int tlsm_cred_add_trust_anchor(tlsm_context *t, size_t total,
	int (*read)(void *rctx, size_t off, void *buf, size_t len), void *rctx);

/** \brief Add the next certificate of the SE chain (leaf first), copied from `read`. */
int tlsm_cred_add_chain_cert(tlsm_context *t, size_t total,
	int (*read)(void *rctx, size_t off, void *buf, size_t len), void *rctx);

/** \brief Set the SE's EC private key (curve BR_EC_secp256r1, big-endian scalar). */
int tlsm_cred_set_ec_key(tlsm_context *t, int curve, const uint8_t *x, size_t xlen);

/**
 * \brief Set the SE's RSA private key (CRT form, big-endian, as in br_rsa_private_key).
 * \return 0, or -1 (no room / not built with TLSM_WITH_RSA).
 */
int tlsm_cred_set_rsa_key(tlsm_context *t, uint32_t n_bitlen,
	const uint8_t *p, size_t plen, const uint8_t *q, size_t qlen,
	const uint8_t *dp, size_t dplen, const uint8_t *dq, size_t dqlen,
	const uint8_t *iq, size_t iqlen);

/** \brief Reserve `len` bytes of credential RAM (valid until the next OPEN); NULL if full. */
uint8_t *tlsm_cred_alloc(tlsm_context *t, size_t len);

/**
 * \brief Set the server name for the certificate name check (NULL/0 = no check); at most 255
 *        bytes, no NUL.  OPEN's name replaces the credential store's default.
 */
int tlsm_cred_set_server_name(tlsm_context *t, const char *name, size_t len);

#endif
