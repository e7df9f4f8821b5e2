/*
 * fuzz_x509_anchor.c - the trust-anchor check (guest-fw se_x509.h) and what
 * stands behind it. Input: mode (b0) | certificate bytes.
 * Invariants: what the check accepts, BearSSL's X.509 decoder takes (in the
 * TLS Manager's 64-byte pushes) without a fault, and no strict prefix of it
 * passes; with mode b0 bit 0 the bytes are stored as the trust anchor of a
 * fresh SE through the ISD, which answers 9000 exactly when the check
 * accepts them (6A80 otherwise; 6A84 when the store is too large), then
 * OPEN SESSION runs on that store.
 */
#include <bearssl.h>

#include "fuzz_input.h"
#include "fuzz_pki.h"
#include "fuzz_se_perso.h"
#include "se_perso.h"
#include "se_x509.h"

static void
dn_sink(void *ctx, const void *buf, size_t len)
{
	(void)ctx;
	(void)buf;
	(void)len;
}

static void
decode(const uint8_t *der, size_t len)
{
	br_x509_decoder_context dc;

	br_x509_decoder_init(&dc, dn_sink, NULL);
	for (size_t off = 0; off < len; off += 64) {
		br_x509_decoder_push(&dc, der + off, len - off < 64 ? len - off : 64);
	}
	(void)br_x509_decoder_get_pkey(&dc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t open_[] = { 0x80, 0x50, 0x00, 0x00, 0x00 };
	static fuzz_se se;
	fuzz_input in = { data, size };
	uint8_t mode = fuzz_byte(&in), rsp[SE_OS_RSP_MAX];
	size_t len, rlen;
	const uint8_t *der = fuzz_take(&in, in.left, &len);
	int ok = se_x509_check_buf(der, len) == SE_OK;
	struct se_perso_input perso = {
		der, len, fuzz_pki_se_cert, fuzz_pki_se_cert_len, fuzz_pki_se_key, fuzz_pki_se_key_len, NULL,
	};
	uint16_t sw;

	if (ok) {
		if (se_x509_check_buf(der, len - 1) == SE_OK) {
			fuzz_fail("a strict prefix of an accepted certificate is accepted");
		}
		decode(der, len);
	}
	if (!(mode & 1)) {
		return 0;
	}
	fuzz_se_fresh(&se);
	sw = se_perso_run(fuzz_se_transmit, &se, &perso, NULL);
	/* 0: the tool's own refusal (too large for its store); 6A84: the ISD's store is smaller */
	if (sw != 0 && sw != SE_SW_NOT_ENOUGH_MEMORY && sw != (ok ? SE_SW_OK : SE_SW_WRONG_DATA)) {
		fuzz_fail("the ISD's answer to a trust anchor disagrees with the check");
	}
	(void)fuzz_se_apdu(&se, open_, sizeof open_, rsp, sizeof rsp, &rlen);
	if (fuzz_se_reopens(se.image) != SE_OK) {
		fuzz_fail("image does not reopen after OPEN SESSION");
	}
	return 0;
}
