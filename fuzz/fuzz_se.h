/*
 * fuzz_se.h - the SE as shipped (se_product) on a RAM image for the
 * harnesses: every input starts from the same freshly formatted image, so
 * runs are deterministic and independent.
 */
#ifndef FUZZ_SE_H
#define FUZZ_SE_H

#include "se_product.h"

/* The SE's clock: a fixed time inside the validity of the test PKI (fuzz_pki.c). */
#define FUZZ_SE_NOW 1798761600u /* 2027-01-01 */

typedef struct fuzz_se {
	se_product prod;
	se_hal hal;
	se_hal_ram ram;
	uint8_t image[SE_OS_NVM_SIZE];
} fuzz_se;

/* Restore the formatted image (formatted on first use) and start the SE on it. */
void fuzz_se_fresh(fuzz_se *se);

/* Power-cycle: clear any armed cut and start the SE again on its image. */
int fuzz_se_reboot(fuzz_se *se);

/* Open a copy of `image` as the SE would at power-on; SE_OK if it is clean. */
int fuzz_se_reopens(const uint8_t image[SE_OS_NVM_SIZE]);

/* One plain APDU; aborts unless the answer fits `cap` and carries an SW. */
uint16_t fuzz_se_apdu(fuzz_se *se, const uint8_t *cmd, size_t len, uint8_t *rsp, size_t cap,
	size_t *rlen);

/* Abort with a message: an invariant of the harness does not hold. */
void fuzz_fail(const char *what) __attribute__((noreturn));

#endif
