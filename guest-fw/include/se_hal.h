/*
 * se_hal.h - the hardware abstraction the SE firmware needs: a byte-addressed
 * non-volatile image, a random source and a clock. The firmware never calls
 * the C library for any of these, so the same code runs in QEMU, in host tests
 * and on a bare Cortex-M33.
 */
#ifndef SE_HAL_H
#define SE_HAL_H

#include <stddef.h>
#include <stdint.h>

/* Error codes of the firmware's C API (status words are separate, see se_apdu.h). */
#define SE_OK         0
#define SE_ERR_PARAM  (-1) /**< bad argument or buffer too small */
#define SE_ERR_IO     (-2) /**< the HAL failed an NVM read or write */
#define SE_ERR_FORMAT (-3) /**< NVM image has an unknown version or is corrupt */
#define SE_ERR_LAYOUT (-4) /**< NVM image was formatted for another applet set */
#define SE_ERR_FULL   (-5) /**< transaction journal or NVM area full */
#define SE_ERR_ACCESS (-6) /**< firewall: the caller may not touch that memory or service */
#define SE_ERR_LOCKED (-7) /**< host backend: the NVM file is in use by another process */

/**
 * \brief Platform operations, filled in by the integrator.
 *
 * Every function receives `ctx` unchanged. Return 0 on success, non-zero on
 * failure. A failed NVM write may have written any prefix of the bytes (a torn
 * write); the NVM transaction layer copes with that.
 */
typedef struct se_hal {
	void *ctx;
	/** Size of the non-volatile image in bytes (the firmware uses [0, nvm_size)). */
	uint32_t nvm_size;
	/** Read `len` bytes at offset `off` of the image into `buf`. */
	int (*nvm_read)(void *ctx, uint32_t off, uint8_t *buf, size_t len);
	/** Program `len` bytes at `off`. MUST be durable when it returns 0. */
	int (*nvm_write)(void *ctx, uint32_t off, const uint8_t *buf, size_t len);
	/** Fill `buf` with `len` random bytes (a TRNG or a seeded DRBG). */
	int (*random)(void *ctx, uint8_t *buf, size_t len);
	/** Seconds since 1970-01-01 UTC; 0 when unknown (no certificate time check possible). */
	uint64_t (*time_now)(void *ctx);
} se_hal;

/**
 * \brief RAM-backed HAL for tests and for hosts without a file (no OS calls).
 *
 * Fault injection for power-cut tests: `writes_left` >= 0 makes the
 * (writes_left+1)-th NVM write fail ("power cut"); with `tear` set that write
 * first stores the first half of its bytes. The cut sets `cut`, and every
 * write fails until the test clears it. `writes` counts successful writes.
 * Random bytes come from a xorshift generator seeded by `seed` (tests only:
 * not a cryptographic source). Time is the `now` field.
 */
typedef struct se_hal_ram {
	uint8_t *mem;
	uint32_t size;
	long writes_left;
	int tear;
	int cut;
	unsigned long writes;
	uint32_t seed;
	uint64_t now;
} se_hal_ram;

/**
 * \brief Bind `hal` to a RAM image `mem` of `size` bytes.
 *
 * `mem` is not cleared (pass a zeroed or previous image). `ram` and `mem` must
 * outlive `hal`. No fault is armed; time starts at `now` = 0.
 */
void se_hal_ram_init(se_hal_ram *ram, se_hal *hal, uint8_t *mem, uint32_t size);

#endif
