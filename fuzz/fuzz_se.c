/* see fuzz_se.h */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_se.h"

void
fuzz_fail(const char *what)
{
	fprintf(stderr, "fuzz invariant: %s\n", what);
	abort();
}

void
fuzz_se_fresh(fuzz_se *se)
{
	static uint8_t formatted[SE_OS_NVM_SIZE];
	static int have;

	if (!have) {
		memset(se->image, 0, sizeof se->image);
		se_hal_ram_init(&se->ram, &se->hal, se->image, sizeof se->image);
		if (se_product_init(&se->prod, &se->hal, SE_OS_FORMAT) < 0) {
			fuzz_fail("formatting a RAM image");
		}
		memcpy(formatted, se->image, sizeof formatted);
		have = 1;
	}
	memcpy(se->image, formatted, sizeof se->image);
	se_hal_ram_init(&se->ram, &se->hal, se->image, sizeof se->image);
	se->ram.now = FUZZ_SE_NOW;
	if (se_product_init(&se->prod, &se->hal, 0) != SE_OK) {
		fuzz_fail("opening the formatted image");
	}
}

int
fuzz_se_reboot(fuzz_se *se)
{
	se->ram.cut = 0;
	se->ram.writes_left = -1;
	return se_product_init(&se->prod, &se->hal, 0);
}

int
fuzz_se_reopens(const uint8_t image[SE_OS_NVM_SIZE])
{
	static fuzz_se copy;

	memcpy(copy.image, image, sizeof copy.image);
	se_hal_ram_init(&copy.ram, &copy.hal, copy.image, sizeof copy.image);
	return se_product_init(&copy.prod, &copy.hal, 0);
}

uint16_t
fuzz_se_apdu(fuzz_se *se, const uint8_t *cmd, size_t len, uint8_t *rsp, size_t cap, size_t *rlen)
{
	*rlen = 0;
	if (se_os_transmit(&se->prod.os, cmd, len, rsp, cap, rlen) != SE_OK) {
		fuzz_fail("se_os_transmit refused a response buffer of at least 2 bytes");
	}
	if (*rlen < 2 || *rlen > cap) {
		fuzz_fail("response without SW or beyond its capacity");
	}
	return (uint16_t)(rsp[*rlen - 2] << 8 | rsp[*rlen - 1]);
}
