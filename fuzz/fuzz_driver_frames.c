/*
 * fuzz_driver_frames.c - the guest driver's parsers of bytes from the SE
 * (guest-linux/driver/se_frame.c, the source the module builds) on raw
 * input. Input: kind (b0) | ifsd u16 | bytes; kind even: a frame, odd: a CIP.
 * Invariants: an accepted frame has the length it says, fits the IFSD and
 * is what the SE's own codec (hw/se/t1prime.c) encodes for its fields; a
 * CRC error is one by that codec too; an accepted CIP has a usable IFSC and
 * a known physical layer.
 */
#include <errno.h>
#include <string.h>

#include "fuzz_input.h"
#include "fuzz_se.h"
#include "se_frame.h"
#include "se_t1prime.h"
#include "t1prime.h"

static void
check_frame(const uint8_t *p, size_t n, size_t ifsd)
{
	static uint8_t again[T1P_BLOCK_MAX];
	struct se_block b;
	size_t m;
	int ret = se_frame_check(p, n, ifsd, &b);

	if (ret == -EBADMSG) {
		return;
	}
	if (ret == -EILSEQ) {
		size_t len = n - SE_OVERHEAD;

		m = t1p_block_encode_proto(T1P_PROTO_GP, again, sizeof again, p[0], p[1],
			p + SE_PROLOGUE_LEN, len);
		if (m == n && memcmp(again + n - 2, p + n - 2, 2) == 0) {
			fuzz_fail("the driver saw a CRC error in a frame whose CRC is right");
		}
		return;
	}
	if (ret != 0) {
		fuzz_fail("se_frame_check returned an unknown error");
	}
	if (b.len > ifsd || (size_t)b.len + SE_OVERHEAD != n || b.inf != p + SE_PROLOGUE_LEN) {
		fuzz_fail("an accepted frame does not have the length it says");
	}
	m = t1p_block_encode_proto(T1P_PROTO_GP, again, sizeof again, p[0], b.pcb, b.inf, b.len);
	if (m != n || memcmp(again, p, n) != 0) {
		fuzz_fail("an accepted frame is not what the SE's codec encodes for it");
	}
}

static void
check_cip(const uint8_t *p, size_t n)
{
	struct se_cip_info ci;

	if (se_cip_parse(p, n, &ci) != 0) {
		return;
	}
	if (ci.ifsc == 0 || ci.ifsc > SE_IFS_MAX) {
		fuzz_fail("an accepted CIP has an unusable IFSC");
	}
	if (ci.plid != SE_BUS_I2C && ci.plid != SE_BUS_SPI) {
		fuzz_fail("an accepted CIP has an unknown physical layer");
	}
	if (ci.iin_len < 3 || ci.iin_len > 4 || ci.hb_len >= n) {
		fuzz_fail("an accepted CIP has fields outside its bytes");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_input in = { data, size };
	uint8_t kind = fuzz_byte(&in);
	size_t ifsd = fuzz_u16(&in), n;
	const uint8_t *p = fuzz_take(&in, in.left, &n);

	if (kind & 1) {
		check_cip(p, n);
	} else {
		check_frame(p, n, ifsd);
	}
	return 0;
}
