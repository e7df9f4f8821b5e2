/* fuzz_se_perso.h - a fuzz_se personalised with the fixed test PKI (fuzz_pki.c). */
#ifndef FUZZ_SE_PERSO_H
#define FUZZ_SE_PERSO_H

#include "fuzz_se.h"

/* Transport of libde and the card factory into se->prod.os (plain interface). */
int fuzz_se_transmit(void *ctx, const uint8_t *cmd, size_t len, uint8_t *rsp, size_t cap,
	size_t *rlen);

/* Like fuzz_se_fresh(), on an image personalised once (trust anchor, SE key and certificate). */
void fuzz_se_fresh_personalised(fuzz_se *se);

#endif
