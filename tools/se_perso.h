/*
 * se_perso.h - personalisation of an SE's TLS Manager through ISD commands,
 * as a card factory does it: the credential store (docs/applets.md) is built
 * from DER files and written with SELECT ISD + STORE DATA blocks, over any
 * transport. No private key ever comes back out of the SE.
 */
#ifndef SE_PERSO_H
#define SE_PERSO_H

#include <stddef.h>
#include <stdint.h>

typedef int (*se_perso_transmit_fn)(void *ctx, const uint8_t *cmd, size_t len,
				    uint8_t *rsp, size_t cap, size_t *rlen);

struct se_perso_input {
	const uint8_t *ca;   size_t ca_len;    /* trust anchor, DER certificate */
	const uint8_t *cert; size_t cert_len;  /* the SE's certificate, DER */
	const uint8_t *key;  size_t key_len;   /* its private key, DER (SEC1 EC P-256 or PKCS#1 RSA) */
	const char *server_name;               /* optional default name for the certificate check */
};

/**
 * \brief Build the store and write it through the ISD.
 * \return the last status word (0x9000 on success), or 0 for bad input
 *         (a key that is neither P-256 nor RSA, a store larger than SE_CRED_MAX)
 *         or a transport failure; `why` (may be NULL) then names the cause.
 */
uint16_t se_perso_run(se_perso_transmit_fn tx, void *ctx, const struct se_perso_input *in,
		      const char **why);

/** \brief SET STATUS: secure the card (personalisation refused on the plain channel after). */
uint16_t se_perso_lock(se_perso_transmit_fn tx, void *ctx);

#endif
