/* fuzz_se_perso.h - a fuzz_se personalised with the fixed test PKI (fuzz_pki.c). */
#ifndef FUZZ_SE_PERSO_H
#define FUZZ_SE_PERSO_H

#include "fuzz_se.h"

/* Transport of libde and the card factory into se->prod.os (plain interface). */
int fuzz_se_transmit(void *ctx, const uint8_t *cmd, size_t len, uint8_t *rsp, size_t cap,
	size_t *rlen);

/* Like fuzz_se_fresh(), on an image personalised once (trust anchor, SE key and certificate). */
void fuzz_se_fresh_personalised(fuzz_se *se);

/*
 * An NVM file's bytes from a fuzzer input: base | patches. base 0 takes the
 * rest of the input as the file; 1 and 2 start from the formatted and the
 * personalised image and apply patches (u16 offset | length byte | bytes),
 * and 3 does the same then cuts the file at the first patch's offset.
 * \return the file length (at most cap, cap >= SE_OS_NVM_SIZE).
 */
size_t fuzz_image_from_input(const uint8_t *data, size_t size, uint8_t *file, size_t cap);

#endif
