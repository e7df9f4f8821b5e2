/*
 * fuzz_t1prime_block.c - the T=1' block codec on raw bus bytes, both
 * framings. Input: proto (b0) | ifs u16 | block bytes.
 * Invariant: a block that parses re-encodes to the same bytes.
 */
#include <string.h>

#include "fuzz_input.h"
#include "fuzz_se.h"
#include "t1prime.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t again[T1P_BLOCK_MAX];
	fuzz_input in = { data, size };
	uint8_t proto = fuzz_byte(&in) & 1;
	size_t ifs = fuzz_u16(&in), len, n;
	const uint8_t *blk = fuzz_take(&in, in.left, &len);
	t1p_block b;

	(void)t1p_block_expected_len(blk, len);
	if (t1p_block_parse_proto(proto, blk, len, ifs, &b) != T1P_PARSE_OK) {
		return 0;
	}
	if (b.len > ifs || b.len > T1P_IFS_MAX) {
		fuzz_fail("a parsed block is larger than the receiver's IFS");
	}
	n = t1p_block_encode_proto(proto, again, sizeof again, b.nad, b.pcb, b.inf, b.len);
	if (n != len || memcmp(again, blk, len) != 0) {
		fuzz_fail("a parsed block does not re-encode to its bytes");
	}
	return 0;
}
