/*
 * fuzz_libde_calls.c - libde's API in any order: random call sequences
 * (open, feed, close, segment and fragment sizes, plain APDUs, select,
 * reset) against a scripted SE.
 *
 * Input: u16 n | n bytes of SE responses (each a length byte + data || SW;
 * when they run out the transport fails) | calls, each an op byte and its
 * arguments.
 * Invariants beyond the sanitizers and the fuzzer's timeout (a call that
 * loops): every call returns DE_OK or an error code libde defines, and a
 * segment size refused as busy leaves the unit being sent intact.
 */
#include <string.h>

#include "de.h"
#include "fuzz_input.h"
#include "fuzz_se.h"

static fuzz_input se_script;

static int
scripted_se(void *ctx, const uint8_t *cmd, size_t len, uint8_t *rsp, size_t cap, size_t *rlen)
{
	(void)ctx;
	(void)cmd;
	(void)len;
	return fuzz_scripted_response(&se_script, 0x9000, rsp, cap, rlen);
}

static int
to_server(void *ctx, const uint8_t *data, size_t len)
{
	(void)ctx;
	(void)data;
	(void)len;
	return 0;
}

static void
check(int rc)
{
	if (rc < DE_OK || rc >= DE_ERR__COUNT) {
		fuzz_fail("a libde call returned an unknown code");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static de_context de;
	fuzz_input in = { data, size };
	size_t n, script_len = fuzz_u16(&in);
	const uint8_t *script = fuzz_take(&in, script_len, &n);
	uint8_t rsp[300];
	size_t rlen;
	uint16_t sw;

	se_script.p = script;
	se_script.left = n;
	de_init(&de, scripted_se, NULL, to_server, NULL);
	for (int calls = 0; fuzz_more(&in) && calls < 64; calls++) {
		uint8_t op = fuzz_byte(&in);
		const uint8_t *p;
		size_t k;

		switch (op % 9) {
		case 0:
			p = fuzz_chunk8(&in, &k);
			check(de_open(&de, (op & 0x80) ? NULL : (const char *)p, (op & 0x80) ? 0 : k));
			break;
		case 1:
			p = fuzz_chunk8(&in, &k);
			check(de_feed(&de, p, k));
			break;
		case 2:
			p = fuzz_chunk16(&in, &k);
			check(de_feed(&de, p, k));
			break;
		case 3:
			check(de_close(&de));
			break;
		case 4: {
			size_t before = de.seg_max, seg = fuzz_byte(&in);
			int rc = de_set_segment_max(&de, seg);

			check(rc);
			if (rc != DE_OK && de.seg_max != before) {
				fuzz_fail("a refused segment size changed the context");
			}
			if (de.seg_len > de.seg_max) {
				fuzz_fail("the segment being filled is larger than the segment size");
			}
			break;
		}
		case 5:
			check(de_set_fragment_max(&de, fuzz_u16(&in)));
			break;
		case 6:
			p = fuzz_chunk8(&in, &k);
			check(de_apdu(&de, p, k, rsp, fuzz_byte(&in) % (sizeof rsp + 1), &rlen, &sw));
			break;
		case 7:
			p = fuzz_chunk8(&in, &k);
			check(de_select(&de, p, k));
			break;
		default:
			de_reset(&de);
			break;
		}
		(void)de_strerror(de_last_error(&de));
	}
	return 0;
}
