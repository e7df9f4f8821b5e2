/* see fuzz_se_perso.h */
#include <string.h>

#include "fuzz_input.h"
#include "fuzz_pki.h"
#include "fuzz_se_perso.h"
#include "se_perso.h"

int
fuzz_se_transmit(void *ctx, const uint8_t *cmd, size_t len, uint8_t *rsp, size_t cap,
	size_t *rlen)
{
	(void)fuzz_se_apdu(ctx, cmd, len, rsp, cap, rlen);
	return 0;
}

void
fuzz_se_fresh_personalised(fuzz_se *se)
{
	static uint8_t personalised[SE_OS_NVM_SIZE];
	static int have;

	if (!have) {
		const struct se_perso_input in = {
			.ca = fuzz_pki_ca, .ca_len = fuzz_pki_ca_len,
			.cert = fuzz_pki_se_cert, .cert_len = fuzz_pki_se_cert_len,
			.key = fuzz_pki_se_key, .key_len = fuzz_pki_se_key_len,
			.server_name = "localhost",
		};

		fuzz_se_fresh(se);
		if (se_perso_run(fuzz_se_transmit, se, &in, NULL) != SE_SW_OK) {
			fuzz_fail("personalising the SE with the test PKI");
		}
		memcpy(personalised, se->image, sizeof personalised);
		have = 1;
	}
	memcpy(se->image, personalised, sizeof se->image);
	se_hal_ram_init(&se->ram, &se->hal, se->image, sizeof se->image);
	se->ram.now = FUZZ_SE_NOW;
	if (se_product_init(&se->prod, &se->hal, 0) != SE_OK) {
		fuzz_fail("opening the personalised image");
	}
}

size_t
fuzz_image_from_input(const uint8_t *data, size_t size, uint8_t *file, size_t cap)
{
	static fuzz_se se;
	fuzz_input in = { data, size };
	uint8_t base = fuzz_byte(&in) & 3;
	size_t len = SE_OS_NVM_SIZE, cut = SE_OS_NVM_SIZE;
	int first = 1;

	if (base == 0) {
		const uint8_t *p = fuzz_take(&in, cap, &len);

		memcpy(file, p, len);
		return len;
	}
	if (base == 1) {
		fuzz_se_fresh(&se);
	} else {
		fuzz_se_fresh_personalised(&se);
	}
	memcpy(file, se.image, SE_OS_NVM_SIZE);
	while (fuzz_more(&in)) {
		size_t off = fuzz_u16(&in) % SE_OS_NVM_SIZE, n;
		const uint8_t *p = fuzz_chunk8(&in, &n);

		if (first) {
			cut = off;
			first = 0;
		}
		n = n < SE_OS_NVM_SIZE - off ? n : SE_OS_NVM_SIZE - off;
		memcpy(file + off, p, n);
	}
	return base == 3 ? cut : len;
}
