/*
 * fuzz_t1prime_link.c - the T=1' link core (hw/se/t1prime*.c) with the real
 * card OS behind it, in GP or SE05x framing, over I2C or SPI parameters.
 *
 * Input: mode | items. mode b0 = SE05x framing, b1 = SPI. An item is a
 * kind byte: 0x7F cold reset, 0x7E warm reset; b7 set: a raw block
 * (u16 length + bytes, CRC as given); otherwise a PCB and a u16-prefixed
 * INF the harness frames with a valid CRC.
 * Invariants: every SE block parses back; the card runs at most once per
 * block, exactly when the link says so; a repeated I-block that already ran
 * the card does not run it again.
 */
#include <string.h>

#include "fuzz_input.h"
#include "fuzz_se.h"
#include "t1prime.h"

static unsigned card_runs;

static int
card_transmit(void *ctx, const uint8_t *cmd, size_t cmd_len, uint8_t *rsp, size_t rsp_cap,
	size_t *rsp_len)
{
	card_runs++;
	return se_os_transmit(ctx, cmd, cmd_len, rsp, rsp_cap, rsp_len) == SE_OK ? 0 : -1;
}

static void
card_reset(void *ctx, t1p_reset_kind kind)
{
	se_os_reset(ctx, kind == T1P_RESET_COLD);
}

static const t1p_card_ops card_ops = { .transmit = card_transmit, .reset = card_reset };

/* Build the next host block into blk; 0 for a reset item (done here). */
static size_t
next_block(fuzz_input *in, t1p_state *s, const t1p_card *card, uint8_t *blk, size_t cap)
{
	uint8_t kind = fuzz_byte(in), proto = s->cfg.proto;
	const uint8_t *p;
	size_t len;

	if (kind == 0x7F || kind == 0x7E) {
		t1p_reset(s, card, kind == 0x7F ? T1P_RESET_COLD : T1P_RESET_WARM);
		return 0;
	}
	if (kind & 0x80) {
		p = fuzz_chunk16(in, &len);
		len = len < cap ? len : cap;
		memcpy(blk, p, len);
		return len;
	}
	p = fuzz_chunk16(in, &len);
	return t1p_block_encode_proto(proto, blk, cap, proto == T1P_PROTO_SE050 ? 0x5A : T1P_NAD_HD_TO_SE,
		fuzz_byte(in), p, len);
}

static void
check_output(const t1p_state *s, unsigned out)
{
	t1p_block b;
	size_t ifs = s->cfg.proto == T1P_PROTO_SE050 ? T1P_SE050_IFS_MAX : T1P_IFS_MAX;

	if ((out & T1P_OUT_BLOCK)
		&& t1p_block_parse_proto(s->cfg.proto, s->tx, s->tx_len, ifs, &b) != T1P_PARSE_OK) {
		fuzz_fail("an SE block does not parse back");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static fuzz_se se;
	static t1p_state link;
	static uint8_t blk[T1P_BLOCK_MAX], prev[T1P_BLOCK_MAX];
	const t1p_card card = { &card_ops, &se.prod.os };
	fuzz_input in = { data, size };
	uint8_t mode = fuzz_byte(&in);
	t1p_config cfg;
	size_t prev_len = 0;
	int prev_ran = 0;

	fuzz_se_fresh(&se);
	t1p_config_default(&cfg, (mode & 2) ? T1P_PLID_SPI : T1P_PLID_I2C);
	cfg.proto = (mode & 1) ? T1P_PROTO_SE050 : T1P_PROTO_GP;
	t1p_init(&link, &cfg);
	while (fuzz_more(&in)) {
		size_t len = next_block(&in, &link, &card, blk, sizeof blk);
		unsigned before = card_runs, out;
		int ran, repeat;

		if (len == 0) {
			prev_len = 0;
			continue;
		}
		repeat = len == prev_len && !memcmp(blk, prev, len) && t1p_pcb_kind(blk[1]) == T1P_KIND_I;
		out = t1p_input(&link, &card, blk, len);
		ran = card_runs != before;
		if (card_runs - before > 1 || ran != ((out & T1P_OUT_APDU) != 0)) {
			fuzz_fail("the card ran other than once per APDU the link reported");
		}
		if (repeat && prev_ran && ran) {
			fuzz_fail("a repeated I-block ran the card twice");
		}
		check_output(&link, out);
		memcpy(prev, blk, len);
		prev_len = len;
		prev_ran = ran;
	}
	return 0;
}
