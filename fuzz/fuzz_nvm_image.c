/*
 * fuzz_nvm_image.c - the card OS's NVM open (se_product_init, flags 0) on
 * any image, as an NVM file or a flash dump would hand it over: raw bytes
 * (padded with zeros) or a real image with patches (fuzz_image_from_input).
 * Invariants: a refused image is left byte-identical; an accepted one
 * serves a few commands and then reopens cleanly.
 */
#include <string.h>

#include "fuzz_se_perso.h"
#include "se_binding.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static fuzz_se se;
	static uint8_t before[SE_OS_NVM_SIZE], rsp[SE_OS_RSP_MAX];
	static const uint8_t cmds[][16] = {
		{ 0x00, 0xA4, 0x04, 0x00, 0x07, SE_AID_APP1 },
		{ 0x00, 0xB0, 0x00, 0x00, 0x00 },
		{ 0x00, 0xE2, 0x00, 0x00, 0x06, 0x00, 0x01, 0x00, 0x00, 0x00, 0x2A },
		{ 0x00, 0xA4, 0x04, 0x00, 0x07, SE_AID_APP2 },
		{ 0x00, 0xCA, 0x00, 0x01, 0x00 },
	};
	static const size_t lens[] = { 12, 5, 11, 12, 5 };
	static uint8_t file[SE_OS_NVM_SIZE];
	size_t rlen;
	int rc;

	memset(before, 0, sizeof before);
	memcpy(before, file, fuzz_image_from_input(data, size, file, sizeof file));
	memcpy(se.image, before, sizeof se.image);
	se_hal_ram_init(&se.ram, &se.hal, se.image, sizeof se.image);
	se.ram.now = FUZZ_SE_NOW;
	rc = se_product_init(&se.prod, &se.hal, 0);
	if (rc < 0) {
		if (memcmp(se.image, before, sizeof before) != 0) {
			fuzz_fail("a refused image was modified");
		}
		return 0;
	}
	for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		(void)fuzz_se_apdu(&se, cmds[i], lens[i], rsp, sizeof rsp, &rlen);
	}
	if (fuzz_se_reopens(se.image) != SE_OK) {
		fuzz_fail("an accepted image does not reopen cleanly");
	}
	return 0;
}
