/*
 * fuzz_libde.c - libde between a hostile server and a scripted SE: records
 * from the network cut anywhere, and whatever the SE answers.
 *
 * Input: seg | split | u16 n | n network bytes | SE responses (each a
 * length byte + data || SW; shorter than 2 bytes reads as 6F00). When the
 * script runs out the transport fails.
 * Invariants beyond the sanitizers: every record libde writes towards the
 * server, up to the close, has a valid content type and version 0x0303.
 */
#include <string.h>

#include "de.h"
#include "fuzz_input.h"
#include "fuzz_se.h"
#include "se_binding.h"

static fuzz_input se_script;
static uint8_t out[1u << 16];
static size_t out_len;

static int
scripted_se(void *ctx, const uint8_t *cmd, size_t len, uint8_t *rsp, size_t cap, size_t *rlen)
{
	(void)ctx;
	(void)cmd;
	(void)len;
	return fuzz_scripted_response(&se_script, 0x6F00, rsp, cap, rlen);
}

static int
to_server(void *ctx, const uint8_t *data, size_t len)
{
	(void)ctx;
	if (len > sizeof out - out_len) {
		len = sizeof out - out_len;
	}
	memcpy(out + out_len, data, len);
	out_len += len;
	return 0;
}

/* The complete records of out[] must carry a record header the binding allows. */
static void
check_records(void)
{
	size_t off = 0;

	while (off + SE_BINDING_RECORD_HEADER_LEN <= out_len) {
		const uint8_t *r = out + off;
		unsigned type = r[0], version = (unsigned)r[1] << 8 | r[2];

		if (type < SE_BINDING_CT_CCS || type > SE_BINDING_CT_APPDATA
			|| version != SE_BINDING_RECORD_VERSION) {
			fuzz_fail("libde wrote a record with a bad header");
		}
		off += SE_BINDING_RECORD_HEADER_LEN + ((size_t)r[3] << 8 | r[4]);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static de_context de;
	fuzz_input in = { data, size };
	uint8_t seg = fuzz_byte(&in), split = fuzz_byte(&in);
	size_t n, cut;
	const uint8_t *net = fuzz_chunk16(&in, &n);

	se_script = in;
	out_len = 0;
	de_init(&de, scripted_se, NULL, to_server, NULL);
	(void)de_set_segment_max(&de, seg ? seg : DE_SEGMENT_MAX);
	(void)de_open(&de, "localhost", 9);
	cut = n ? split % (n + 1) : 0;
	(void)de_feed(&de, net, cut);
	(void)de_feed(&de, net + cut, n - cut);
	/* a failed session may end inside a record: de_close() then still says close_notify */
	check_records();
	(void)de_close(&de);
	(void)de_strerror(de_last_error(&de));
	return 0;
}
