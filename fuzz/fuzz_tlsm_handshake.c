/*
 * fuzz_tlsm_handshake.c - the TLS Manager from the network side before and
 * during the handshake: a personalised SE opens a session through libde
 * and gets whatever a hostile server sends.
 *
 * Input: split | server bytes (fed to de_feed in two pieces cut at split).
 * Invariants: every SE answer fits and carries an SW (fuzz_se_apdu), and
 * after the session the image reopens cleanly.
 */
#include "de.h"
#include "fuzz_input.h"
#include "fuzz_se_perso.h"

static int
to_server(void *ctx, const uint8_t *data, size_t len)
{
	(void)ctx;
	(void)data;
	(void)len;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static fuzz_se se;
	static de_context de;
	fuzz_input in = { data, size };
	uint8_t split = fuzz_byte(&in);
	size_t n, cut;
	const uint8_t *net = fuzz_take(&in, in.left, &n);

	fuzz_se_fresh_personalised(&se);
	de_init(&de, fuzz_se_transmit, &se, to_server, NULL);
	if (de_open(&de, "localhost", 9) != DE_OK) {
		fuzz_fail("OPEN SESSION on the personalised SE");
	}
	cut = n ? (size_t)split * n / 255 : 0;
	(void)de_feed(&de, net, cut);
	(void)de_feed(&de, net + cut, n - cut);
	(void)de_close(&de);
	if (fuzz_se_reopens(se.image) != SE_OK) {
		fuzz_fail("image does not reopen after a session");
	}
	return 0;
}
