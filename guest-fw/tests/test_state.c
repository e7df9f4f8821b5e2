/* The card OS's state blob (se_os_save_state/se_os_load_state): a card saved
 * in the middle of an ISO chain with a pending GET RESPONSE goes on in a
 * second instance exactly like the original, and every malformed blob is
 * refused with its named error, leaving the OS untouched. */
#include "harness.h"
#include "secure.h"

static rig A, B;
static uint8_t blob[SE_OS_STATE_MAX], bad[SE_OS_STATE_MAX + 8];
static size_t blob_len;

/* Offsets of the version 2 format (docs/guest-fw.md). */
#define OFF_VER    4
#define OFF_LEN    6
#define OFF_LAYOUT 8
#define OFF_OPEN   13
#define OFF_BROKEN 14
#define OFF_SEL    15
#define OFF_TRANS  19
#define OFF_CHAINS 83 /* per channel: open | CLA INS P1 P2 | length u16 */
#define OFF_RSPCH  112
#define OFF_RSPSW  113
#define FIXED_LEN  117

static void
fix_crc(uint8_t *b, size_t n)
{
	se_put32(b + n - 4, se_crc32(0, b, n - 4));
}

/* A on channel 0: App2 with half a PUT DATA chain; on channel 1: App1 with 200 bytes pending;
 * on channel 2: App2 with a chain of its own. */
static void
busy_card(rig *r)
{
	uint8_t cmd[7];

	rig_init(r, 1);
	tx(r, SEL("07", AID_APP2));
	tx(r, "00 70 00 00 01");
	tx(r, "01 A4 04 00 07 " AID_APP1);
	tx(r, "00 70 00 02");
	tx(r, "02 A4 04 00 07 " AID_APP2);
	CHECK_SW(tx(r, "12 DA 00 02 02 7879"), 0x9000, "App2 on channel 2: first chain segment");
	for (int i = 0; i < 30; i++)
		tx(r, "01 E2 00 00 06 0001 00000000");
	hex("01 B0 00 00 00 01 2C", cmd);
	CHECK_SW(txb(r, cmd, 7, 102), 0x61C8, "App1 on channel 1: 100 bytes, 200 pending (61C8)");
	CHECK_SW(tx(r, "10 DA 00 02 03 616263"), 0x9000, "App2 on channel 0: first chain segment");
}

static void
round_trip(void)
{
	uint8_t ref[SE_OS_RSP_MAX];
	size_t ref_len;
	unsigned resets;

	busy_card(&A);
	CHECK(se_os_save_state(&A.os, blob, 50, &blob_len) == SE_ERR_PARAM, "save into a short buffer: SE_ERR_PARAM");
	CHECK(se_os_save_state(&A.os, blob, sizeof blob, &blob_len) == SE_OK, "save: SE_OK");
	CHECK(blob_len == FIXED_LEN + 3 + 2 + 200 + 4, "blob: fixed part + two chains + pending data + CRC (%zu)",
	      blob_len);
	rig_init(&B, 1);
	memcpy(B.mem, A.mem, sizeof B.mem);
	tx(&B, "80 50 00 00 00");
	resets = B.rsp[1];
	CHECK(se_os_load_state(&B.os, blob, blob_len) == SE_OK, "load into a fresh instance: SE_OK");

	CHECK_SW(tx(&A, "01 C0 00 00 00"), 0x9000, "original: GET RESPONSE on channel 1");
	memcpy(ref, A.rsp, A.rlen);
	ref_len = A.rlen;
	CHECK_SW(tx(&B, "01 C0 00 00 00"), 0x9000, "restored: GET RESPONSE on channel 1");
	CHECK(B.rlen == 200 && ref_len == 200 && !memcmp(B.rsp, ref, 200), "the same 200 pending bytes");
	CHECK_SW(tx(&B, "02 DA 00 02 01 7A"), 0x9000, "restored: channel 2's chain ends");
	CHECK_SW(tx(&B, "02 CA 00 02 00"), 0x9000, "restored: read the label");
	CHECK(rsp_is(&B, "78797A"), "label is channel 2's chain 'xyz'");
	CHECK_SW(tx(&B, "00 DA 00 02 02 6465"), 0x9000, "restored: last chain segment runs PUT DATA");
	CHECK_SW(tx(&B, "00 CA 00 02 00"), 0x9000, "restored: read the label");
	CHECK(rsp_is(&B, "6162636465"), "label is the whole chain 'abcde'");
	CHECK_SW(tx(&B, "01 CA 00 02 00"), 0x6D00, "channel 1 still has App1 (no GET DATA: 6D00)");
	CHECK_SW(tx(&B, "80 50 00 00 00"), 0x9000, "TLS Manager OPEN after the load");
	CHECK(B.rsp[1] == (uint8_t)(resets + 1), "the TLS Manager was reset by the load");

	/* loading into a running card (loadvm) drops its secure channel */
	CHECK_SW(sec(&A, SEL("07", AID_APP3)), 0x9000, "original: App3 selected on the secure channel");
	CHECK(se_os_load_state(&A.os, blob, blob_len) == SE_OK, "load back into the running original");
	CHECK_SW(sec(&A, "00 32 00 00"), 0x6A82, "its secure channel has nothing selected: 6A82");
	CHECK_SW(tx(&A, "00 DA 00 02 02 6465"), 0x9000, "and its chain is the saved one again");
}

/* Tamper with a copy of the blob (`edit` may resize it), optionally fix the CRC, load into B. */
static int
load_edited(size_t len, void (*edit)(uint8_t *), int crc)
{
	memcpy(bad, blob, blob_len);
	if (edit)
		edit(bad);
	if (crc)
		fix_crc(bad, len);
	return se_os_load_state(&B.os, bad, len);
}

static void e_magic(uint8_t *b) { b[0] = 'X'; }
static void e_version(uint8_t *b) { se_put16(b + OFF_VER, 1); }
static void e_transient(uint8_t *b) { b[OFF_TRANS + 3] ^= 0x01; }
static void e_layout(uint8_t *b) { b[OFF_LAYOUT] ^= 0x80; }
static void e_declared(uint8_t *b) { se_put16(b + OFF_LEN, se_get16(b + OFF_LEN) + 1); }
static void e_chain_max(uint8_t *b) { se_put16(b + OFF_CHAINS + 5, SE_OS_CHAIN_MAX + 1); }
static void e_chain_flag(uint8_t *b) { b[OFF_CHAINS] = 2; }
static void e_chain_closed(uint8_t *b) { b[OFF_CHAINS + 3 * 7] = 1; }
static void e_chain_stale(uint8_t *b) { b[OFF_CHAINS + 1 * 7 + 2] = 0xDA; }
static void e_sel_index(uint8_t *b) { b[OFF_SEL + 1] = 7; }
static void e_sel_closed(uint8_t *b) { b[OFF_SEL + 3] = 1; }
static void e_basic_closed(uint8_t *b) { b[OFF_OPEN] = 0x02; }
static void e_channel_bits(uint8_t *b) { b[OFF_OPEN] = 0x11; }
static void e_broken(uint8_t *b) { b[OFF_BROKEN] = 2; }
static void e_rsp_channel(uint8_t *b) { b[OFF_RSPCH] = SE_OS_SECURE_CHANNEL; }
static void e_held_sw(uint8_t *b) { se_put16(b + OFF_RSPSW, 0x9000); }

/* An error with data that did not fit the link buffer: the rest and its SW move too. */
static void
held_sw(void)
{
	uint8_t cmd[4] = { 0x80, 0x15, 0x00, 0x00 };

	rig_init(&A, 1);
	CHECK_SW(txb(&A, cmd, 4, 5), 0x6103, "TLS Manager error with a 6-byte alert, 3 bytes of room: 6103");
	CHECK(se_os_save_state(&A.os, blob, sizeof blob, &blob_len) == SE_OK, "save with the SW held");
	rig_init(&B, 1);
	memcpy(B.mem, A.mem, sizeof B.mem);
	CHECK(se_os_load_state(&B.os, blob, blob_len) == SE_OK, "load");
	CHECK_SW(tx(&B, "00 C0 00 00 00"), 0x6982, "restored: GET RESPONSE ends with the held 6982");
	CHECK(rsp_is(&B, "02 0230"), "and the alert's last 3 bytes");
}

static void
refusals(void)
{
	static se_os_context before;
	size_t n = blob_len;

	rig_init(&B, 1);
	memcpy(B.mem, A.mem, sizeof B.mem);
	before = B.os;
	CHECK(se_os_load_state(&B.os, blob, 10) == SE_ERR_STATE_SHORT, "10 bytes: SE_ERR_STATE_SHORT");
	CHECK(se_os_load_state(&B.os, NULL, 0) == SE_ERR_STATE_SHORT, "no blob: SE_ERR_STATE_SHORT");
	CHECK(load_edited(n - 1, NULL, 0) == SE_ERR_STATE_SHORT, "one byte cut: SE_ERR_STATE_SHORT");
	CHECK(load_edited(n, e_magic, 1) == SE_ERR_STATE_VERSION, "bad magic: SE_ERR_STATE_VERSION");
	CHECK(load_edited(n, e_version, 1) == SE_ERR_STATE_VERSION, "version 1 (one chain for all channels): SE_ERR_STATE_VERSION");
	CHECK(load_edited(n, e_transient, 0) == SE_ERR_STATE_CRC, "a flipped bit: SE_ERR_STATE_CRC");
	CHECK(load_edited(n + 1, NULL, 1) == SE_ERR_STATE_LENGTH, "one byte too many: SE_ERR_STATE_LENGTH");
	CHECK(load_edited(n, e_declared, 1) == SE_ERR_STATE_LENGTH, "declared length off: SE_ERR_STATE_LENGTH");
	CHECK(load_edited(n, e_chain_max, 1) == SE_ERR_STATE_LENGTH, "chain over the maximum: SE_ERR_STATE_LENGTH");
	CHECK(load_edited(n, e_chain_flag, 1) == SE_ERR_STATE_RANGE, "chain flag 2: SE_ERR_STATE_RANGE");
	CHECK(load_edited(n, e_chain_closed, 1) == SE_ERR_STATE_RANGE, "a chain on a closed channel: SE_ERR_STATE_RANGE");
	CHECK(load_edited(n, e_chain_stale, 1) == SE_ERR_STATE_RANGE, "a header without a chain: SE_ERR_STATE_RANGE");
	CHECK(load_edited(n, e_layout, 1) == SE_ERR_STATE_CARD, "another layout id: SE_ERR_STATE_CARD");
	CHECK(load_edited(n, e_sel_index, 1) == SE_ERR_STATE_RANGE, "applet index 7 of 5: SE_ERR_STATE_RANGE");
	CHECK(load_edited(n, e_sel_closed, 1) == SE_ERR_STATE_RANGE, "selection on a closed channel: SE_ERR_STATE_RANGE");
	CHECK(load_edited(n, e_basic_closed, 1) == SE_ERR_STATE_RANGE, "basic channel closed: SE_ERR_STATE_RANGE");
	CHECK(load_edited(n, e_channel_bits, 1) == SE_ERR_STATE_RANGE, "channel 4 open: SE_ERR_STATE_RANGE");
	CHECK(load_edited(n, e_broken, 1) == SE_ERR_STATE_RANGE, "NVM failure flag 2: SE_ERR_STATE_RANGE");
	CHECK(load_edited(n, e_rsp_channel, 1) == SE_ERR_STATE_RANGE, "pending data on the secure channel: SE_ERR_STATE_RANGE");
	CHECK(load_edited(n, e_held_sw, 1) == SE_ERR_STATE_RANGE, "held SW 9000: SE_ERR_STATE_RANGE");
	CHECK(!memcmp(&before, &B.os, sizeof before), "every refusal left the OS untouched");
	CHECK_SW(tx(&B, "00 DA 00 02 02 6465"), 0x6E00, "the card still runs its own state (ISD, no chain)");

	rig_init(&B, 0);
	CHECK(se_os_load_state(&B.os, blob, n) == SE_ERR_STATE_CARD, "blob of 5 applets into 4: SE_ERR_STATE_CARD");
	CHECK(se_os_state_error(SE_ERR_STATE_CRC)[0] != '\0', "refusals have a message");
}

int
main(void)
{
	round_trip();
	refusals();
	held_sw();
	return done_testing();
}
