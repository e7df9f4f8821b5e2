/* The Dispatcher rules (tls-apdu-binding.md section 3, patent claim 3), ISO
 * chaining, 61XX/GET RESPONSE, logical channels, reset, the firewall, and
 * independent OS instances. */
#include "secure.h"

static rig R, R2;

/* An applet that tries every door it must not open; answers 9000 only if all stay shut. */
static uint16_t rogue_process(const se_env *env, const se_apdu *c, se_rsp *r)
{
	uint8_t b[4] = {0};
	size_t off, len, rl;
	int refused = 0, tries = 0;

	if (c->ins == 0x01) { /* data with an error SW must not leave the card */
		r->buf[0] = 0xEE;
		r->len = 1;
		return SE_SW_WRONG_DATA;
	}
#define SHUT(call) (tries++, refused += (call) == SE_ERR_ACCESS)
	SHUT(se_mem_read(env, se_mem_size(env), b, 1));
	SHUT(se_mem_read(env, 0, b, se_mem_size(env) + 1));
	SHUT(se_mem_write(env, se_mem_size(env) - 1, b, 2));
	SHUT(se_mem_read(env, (size_t)-1, b, 2));
	SHUT(se_cred_read(env, 0, b, 2));
	SHUT(se_cred_find(env, SE_CRED_EC_KEY, 0, &off, &len));
	SHUT(se_cred_write(env, 2, b, 1));
	SHUT(se_cred_seal(env, 0));
	SHUT(se_card_set_state(env, SE_CARD_SECURED));
	SHUT(se_applet_set_state(env, 0, SE_LC_LOCKED));
	SHUT(se_os_dispatch_secure(env, b, 4, r->buf, r->cap, &rl));
#undef SHUT
	r->buf[0] = (uint8_t)refused;
	r->buf[1] = (uint8_t)tries;
	r->len = 2;
	/* its own memory works */
	return se_mem_write(env, 0, "ok", 2) == SE_OK && se_mem_read(env, 0, b, 2) == SE_OK && b[0] == 'o'
		       ? SE_SW_OK : SE_SW_UNKNOWN;
}

static const uint8_t rogue_aid[] = {0xF0, 0x52, 0x4F, 0x47, 0x55, 0x45};
static const se_applet rogue = {
	.aid = rogue_aid, .aid_len = sizeof rogue_aid, .nvm_size = 8, .process = rogue_process,
};

static void routing(void)
{
	rig_init(&R, 1);
	CHECK_SW(tx(&R, SEL("07", AID_APP1)), 0x9000, "SELECT App1 on the basic channel");
	CHECK_SW(tx(&R, "80 50 00 00 00"), 0x9000, "OPEN (80 50) with App1 selected answers 9000");
	CHECK(R.rlen == 2 && R.rsp[0] == 'O', "... and was answered by the TLS Manager");
	CHECK_SW(tx(&R, "00 E2 00 00 06 0001 00000010"), 0x9000, "plain APPEND RECORD still goes to App1");
	CHECK_SW(tx(&R, "80 CA 00 00"), 0x6E00, "non-binding CLA 80 INS goes to the selected App1 (6E00 from it)");
	CHECK_SW(tx(&R, "84 54 00 00"), 0x6882, "CLA 84 (secure messaging) is not a binding CLA: 6882");
	CHECK_SW(tx(&R, "90 0B 00 05 02 AA BB"), 0x9000, "CLA 90 unit segment goes to the TLS Manager, 9000");
	CHECK_SW(tx(&R, "80 0B 00 05 03 CC DD EE 00"), 0x9000, "last segment CLA 80");
	CHECK(rsp_is(&R, "0005"), "the TLS Manager saw all 5 segment bytes (no ISO chaining by the OS)");
	for (unsigned ins = 0; ins < 256; ins++) {
		uint8_t cmd[5] = {0x80, (uint8_t)ins, 0, 0, 0};
		int binding = (ins >= 1 && ins <= 0x23) || ins == 0x50 || ins == 0x52 || ins == 0x54;
		unsigned sw = txb(&R, cmd, 5, sizeof R.rsp);
		/* App1 answers CLA 80 with 6E00, the fake TLS Manager never does */
		if (binding ? sw == 0x6E00 : sw != 0x6E00) {
			CHECK(0, "INS %02X routed %s", ins, binding ? "to App1" : "to the TLS Manager");
			return;
		}
	}
	CHECK(1, "all 256 INS under CLA 80: exactly the binding set reaches the TLS Manager");

	/* no TLS Manager registered */
	rig_init(&R2, 0);
	CHECK_SW(tx(&R2, "80 50 00 00"), 0x6D00, "no TLS Manager: binding command answers 6D00");
	CHECK_SW(tx(&R2, "80 F2 80 00 00"), 0x9000, "... and other CLA 80 commands still reach the ISD");
}

static void secure_channel(void)
{
	rig_init(&R, 1);
	CHECK_SW(tx(&R, SEL("07", AID_APP1)), 0x9000, "plain: select App1");
	CHECK_SW(tx(&R, SEL("07", AID_APP3)), 0x6982, "plain SELECT App3 refused with 6982");
	CHECK_SW(tx(&R, "00 B2 01 04 00"), 0x6A83, "App1 still selected after the refused SELECT (6A83 from empty log)");
	CHECK_SW(sec(&R, "00 32 00 00"), 0x6A82, "secure channel starts with nothing selected: 6A82");
	CHECK_SW(sec(&R, SEL("07", AID_APP3)), 0x9000, "secure SELECT App3");
	CHECK_SW(sec(&R, "00 32 00 00"), 0x9000, "secure INCREASE on App3");
	CHECK(rsp_is(&R, "00000001"), "counter is 1");
	CHECK_SW(tx(&R, "00 32 00 00"), 0x6D00, "plain INCREASE still goes to App1 (6D00), not App3");
	CHECK_SW(sec(&R, SEL("08", AID_TLSM)), 0x6985, "TLS Manager cannot be selected on the secure channel");
	CHECK_SW(sec(&R, "00 CA 00 00"), 0x9000, "App3 remains selected after that refusal");
	CHECK_SW(sec(&R, "01 CA 00 00"), 0x6881, "secure channel has no logical channels: 6881");
	CHECK_SW(sec(&R, "10 DA 00 00 02 01 41"), 0x6884, "no chaining on the secure channel: 6884");
	CHECK_SW(sec(&R, "00 70 00 00 01"), 0x6881, "MANAGE CHANNEL on the secure channel: 6881");
	CHECK_SW(sec(&R, SEL("07", AID_APP2)), 0x9000, "secure SELECT App2");
	CHECK_SW(sec(&R, "00 DA 00 02 03 534543"), 0x9000, "secure PUT DATA label on App2");
	CHECK_SW(tx(&R, "00 B2 01 04 00"), 0x6A83, "plain channel still on App1");
	CHECK_SW(tx(&R, SEL("07", AID_APP2)), 0x9000, "plain SELECT App2 too");
	CHECK_SW(tx(&R, "00 CA 00 02 00"), 0x9000, "plain GET DATA label");
	CHECK(rsp_is(&R, "534543"), "plain and secure see the same applet data");
	CHECK_SW(tx(&R, "80 52 00 00"), 0x9000, "CLOSE");
	CHECK_SW(sec(&R, "00 CA 00 02 00"), 0x6A82, "after CLOSE nothing is selected on the secure channel");
	CHECK_SW(tx(&R, "00 CA 00 02 00"), 0x9000, "plain selection survives CLOSE");
	/* App3 is unreachable from the plain side whatever is tried */
	CHECK_SW(tx(&R, "01 A4 04 00 07 " AID_APP3), 0x6881, "App3 via a closed logical channel: 6881");
	CHECK_SW(tx(&R, "00 70 00 00 01"), 0x9000, "open channel 1");
	CHECK_SW(tx(&R, "01 A4 04 00 07 " AID_APP3), 0x6982, "App3 on logical channel 1: 6982");
}

static void chaining_and_get_response(void)
{
	rig_init(&R, 1);
	CHECK_SW(tx(&R, SEL("07", AID_APP2)), 0x9000, "select App2");
	CHECK_SW(tx(&R, "10 DA 00 02 03 616263"), 0x9000, "chained PUT DATA, segment 1 -> 9000");
	CHECK_SW(tx(&R, "10 DA 00 02 00"), 0x9000, "empty middle segment -> 9000");
	CHECK_SW(tx(&R, "00 DA 00 02 02 6465"), 0x9000, "last segment runs the command");
	CHECK_SW(tx(&R, "00 CA 00 02 00"), 0x9000, "read label");
	CHECK(rsp_is(&R, "6162636465"), "label is the concatenation 'abcde'");
	CHECK_SW(tx(&R, "10 DA 00 02 01 78"), 0x9000, "start another chain");
	CHECK_SW(tx(&R, "00 CA 00 02 00"), 0x6883, "different command inside a chain: 6883");
	CHECK_SW(tx(&R, "00 CA 00 02 00"), 0x9000, "chain was dropped; next command runs");
	CHECK(rsp_is(&R, "6162636465"), "label unchanged by the broken chain");
	uint8_t seg[5 + 255];
	memset(seg, 0x41, sizeof seg);
	seg[0] = 0x10; seg[1] = 0xDA; seg[2] = 0; seg[3] = 2; seg[4] = 255;
	CHECK_SW(txb(&R, seg, sizeof seg, sizeof R.rsp), 0x9000, "255-byte segment");
	CHECK_SW(txb(&R, seg, sizeof seg, sizeof R.rsp), 0x9000, "second 255-byte segment (510)");
	CHECK_SW(txb(&R, seg, sizeof seg, sizeof R.rsp), 0x6A84, "chain beyond %u bytes: 6A84", SE_OS_CHAIN_MAX);
	CHECK_SW(tx(&R, "00 DA 00 02 21 " "00000000000000000000000000000000" "00000000000000000000000000000000" "00"),
		 0x6700, "33-byte label (unchained) is refused by App2: 6700");

	/* OS-buffered 61XX: 30 log records = 300 bytes */
	CHECK_SW(tx(&R, SEL("07", AID_APP1)), 0x9000, "select App1");
	for (int i = 0; i < 30; i++)
		tx(&R, "00 E2 00 00 06 0001 00000000");
	CHECK_SW(tx(&R, "00 B0 00 00 00"), 0x9000, "READ BINARY Le 00 (Ne 256)");
	CHECK(R.rlen == 256, "256 bytes");
	CHECK_SW(tx(&R, "00 B0 00 00 00 01 2C"), 0x9000, "extended Le 012C: all 300 bytes at once");
	CHECK(R.rlen == 300, "300 bytes in one response");
	uint8_t cmd[7];
	hex("00 B0 00 00 00 01 2C", cmd);
	CHECK_SW(txb(&R, cmd, 7, 102), 0x61C8, "same with a 102-byte link buffer: 100 bytes + 61C8");
	CHECK(R.rlen == 100, "100 bytes delivered");
	CHECK_SW(tx(&R, "00 C0 01 00 00"), 0x6A86, "GET RESPONSE with P1 01: 6A86");
	CHECK_SW(tx(&R, "00 C0 00 00 00"), 0x9000, "GET RESPONSE after the error still gets the remaining 200");
	CHECK(R.rlen == 200 && R.rsp[0] == 0x65, "200 bytes, from record 11 (timestamp 0x6553F100 first)");
	CHECK_SW(tx(&R, "00 C0 00 00 00"), 0x6985, "GET RESPONSE with nothing waiting: 6985");
	CHECK_SW(tx(&R, "80 F2 40 00"), 0x6E00, "GET STATUS sent to App1: 6E00");
	CHECK_SW(tx(&R, SEL("08", AID_ISD)), 0x9000, "select ISD");
	CHECK_SW(tx(&R, "80 F2 40 00"), 0x615C, "GET STATUS without Le: no data, 615C (5 applets: 19+18+18+18+19 = 92 bytes)");
	CHECK(R.rlen == 0, "no data in the 61XX response");
	CHECK_SW(tx(&R, "00 C0 00 00 10"), 0x614C, "GET RESPONSE Le 10: 16 bytes and 614C");
	CHECK(R.rlen == 16 && R.rsp[0] == 0xE3, "first 16 bytes start with the E3 template");
	CHECK_SW(tx(&R, "00 C0 00 00 00"), 0x9000, "GET RESPONSE Le 00: the rest");
	CHECK(R.rlen == 0x4C, "76 bytes");

	/* 61XX served by the TLS Manager itself */
	CHECK_SW(tx(&R, "80 0E 00 00"), 0x6100, "long flight: 6100 from the TLS Manager");
	size_t got = 0;
	int pattern_ok = 1;
	unsigned sw;
	do {
		sw = tx(&R, "00 C0 00 00 00");
		for (size_t i = 0; i < R.rlen; i++)
			pattern_ok &= R.rsp[i] == (uint8_t)(got + i);
		got += R.rlen;
	} while ((sw >> 8) == 0x61 && got < 2000);
	CHECK(sw == 0x9000 && got == 600 && pattern_ok, "GET RESPONSE loop reaches the TLS Manager: 600 bytes in order");
}

/* An ISO chain open on one channel: another channel and the TLS Manager's own
 * GET RESPONSE stream go on untouched, and the chain completes after. */
static void chains_per_channel(void)
{
	size_t got = 0;
	unsigned sw;

	rig_init(&R, 1);
	CHECK_SW(tx(&R, "00 70 00 01"), 0x9000, "open channel 1");
	CHECK_SW(tx(&R, "01 A4 04 00 07 " AID_APP2), 0x9000, "select App2 on channel 1");
	CHECK_SW(tx(&R, "11 DA 00 02 03 616263"), 0x9000, "channel 1: first segment of a chained PUT DATA");
	CHECK_SW(tx(&R, "80 0E 00 00"), 0x6100, "channel 0: long flight from the TLS Manager, 6100");
	do {
		sw = tx(&R, "00 C0 00 00 00");
		got += R.rlen;
	} while ((sw >> 8) == 0x61 && got < 2000);
	CHECK(sw == 0x9000 && got == 600, "its GET RESPONSE stream is whole (%zu bytes, SW %04X) despite the chain", got, sw);
	CHECK_SW(tx(&R, "80 F2 80 00 00"), 0x9000, "channel 0: a plain command to the ISD");
	CHECK_SW(tx(&R, "01 DA 00 02 02 6465"), 0x9000, "channel 1: the last segment still completes the chain");
	CHECK_SW(tx(&R, "01 CA 00 02 00"), 0x9000, "channel 1: read the label");
	CHECK(rsp_is(&R, "6162636465"), "label is the whole chain 'abcde'");

	CHECK_SW(tx(&R, "00 A4 04 00 07 " AID_APP2), 0x9000, "App2 on channel 0 as well");
	CHECK_SW(tx(&R, "10 DA 00 02 02 7879"), 0x9000, "channel 0: chain 'xy' ...");
	CHECK_SW(tx(&R, "11 DA 00 02 01 7A"), 0x9000, "channel 1: chain 'z' ...");
	CHECK_SW(tx(&R, "80 0E 00 00"), 0x6100, "a TLS Manager flight in between");
	CHECK_SW(tx(&R, "00 C0 00 00 00"), 0x6100, "its first GET RESPONSE (channel 0, chain open there)");
	CHECK_SW(tx(&R, "01 DA 00 02 01 7A"), 0x9000, "channel 1: its chain ends ('zz')");
	CHECK_SW(tx(&R, "00 DA 00 02 01 7A"), 0x9000, "channel 0: its chain ends ('xyz')");
	CHECK_SW(tx(&R, "00 CA 00 02 00"), 0x9000, "read the label");
	CHECK(rsp_is(&R, "78797A"), "label 'xyz': channel 0 ended last, its chain was its own");
	CHECK_SW(tx(&R, "11 DA 00 02 01 61"), 0x9000, "channel 1: another chain");
	CHECK_SW(tx(&R, "01 CA 00 02 00"), 0x6883, "channel 1: another command inside it: 6883");
	CHECK_SW(tx(&R, "00 CA 00 02 00"), 0x9000, "channel 0 unaffected");
	CHECK(rsp_is(&R, "78797A"), "label still 'xyz'");
}

/* GET RESPONSE loop with a link buffer of `cap` bytes: bytes received, pattern check, last SW. */
static size_t drain(size_t cap, int *pattern_ok, unsigned *last, size_t start)
{
	uint8_t gr[5] = { 0x00, 0xC0, 0x00, 0x00, 0x00 };
	size_t got = start;
	unsigned sw;
	int n = 0;

	do {
		sw = txb(&R, gr, 5, cap);
		for (size_t i = 0; i < R.rlen; i++)
			*pattern_ok &= R.rsp[i] == (uint8_t)(got + i);
		got += R.rlen;
	} while ((sw >> 8) == 0x61 && ++n < 2000);
	*last = sw;
	return got;
}

/* Responses that go out as they are (an applet's own 61XX, an error with data) through a
 * link buffer smaller than the data: the rest waits for GET RESPONSE, as for the others. */
static void small_link_buffers(void)
{
	static const size_t caps[] = { 2, 3, 5, 66, 102, 200, 257 };
	uint8_t cmd[4] = { 0x80, 0x0E, 0x00, 0x00 };
	unsigned sw;

	rig_init(&R, 1);
	for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
		size_t cap = caps[i], got;
		int ok = 1;

		CHECK_SW(txb(&R, cmd, 4, cap), 0x6100, "long flight, link buffer %zu: 6100", cap);
		got = drain(cap < 3 ? 3 : cap, &ok, &sw, 0);
		CHECK(got == 600 && ok && sw == 0x9000,
		      "link buffer %zu: the TLS Manager's 600 bytes arrive whole and in order (%zu, SW %04X)",
		      cap < 3 ? 3 : cap, got, sw);
	}
	hex("80 15 00 00", cmd);
	CHECK_SW(txb(&R, cmd, 4, 5), 0x6103, "error with a 6-byte alert, 3 bytes of room: 3 bytes, 6103");
	CHECK(rsp_is(&R, "23 0000"), "the alert's first 3 bytes");
	CHECK_SW(tx(&R, "00 C0 00 00 00"), 0x6982, "GET RESPONSE: the last 3 bytes with the TLS Manager's 6982");
	CHECK(rsp_is(&R, "02 0230"), "the alert's last 3 bytes");
	CHECK_SW(tx(&R, "00 C0 00 00 00"), 0x6985, "then nothing waits: 6985");
	CHECK_SW(txb(&R, cmd, 4, 2), 0x6106, "no room at all: 6106, the whole alert waits");
	CHECK_SW(tx(&R, "00 C0 00 00 00"), 0x6982, "GET RESPONSE: alert and 6982");
	CHECK(rsp_is(&R, "23 000002 0230"), "the whole alert unit");
	CHECK_SW(txb(&R, cmd, 4, 5), 0x6103, "again 3 bytes, 6103");
	CHECK_SW(tx(&R, "80 F2 80 00 00"), 0x9000, "another command drops the rest");
	CHECK_SW(tx(&R, "00 C0 00 00 00"), 0x6985, "nothing waits after it: 6985");
}

static void channels_and_reset(void)
{
	rig_init(&R, 1);
	CHECK_SW(tx(&R, "00 70 00 00 01"), 0x9000, "MANAGE CHANNEL open");
	CHECK(rsp_is(&R, "01"), "card chose channel 1");
	CHECK_SW(tx(&R, "01 A4 04 00 07 " AID_APP2), 0x9000, "select App2 on channel 1");
	CHECK_SW(tx(&R, "00 F2 80 00 00"), 0x6E00, "channel 0 still on the ISD (6E00 for CLA 00)");
	CHECK_SW(tx(&R, "80 F2 80 00 00"), 0x9000, "ISD on channel 0");
	CHECK_SW(tx(&R, "01 CA 00 03 00"), 0x9000, "App2 on channel 1");
	CHECK_SW(tx(&R, "02 CA 00 03 00"), 0x6881, "channel 2 not open: 6881");
	CHECK_SW(tx(&R, "00 70 00 03"), 0x9000, "open channel 3 explicitly");
	CHECK_SW(tx(&R, "00 70 00 03"), 0x6A86, "open channel 3 again: 6A86");
	CHECK_SW(tx(&R, "00 70 00 00 01"), 0x9000, "open next free (2)");
	CHECK(rsp_is(&R, "02"), "channel 2");
	CHECK_SW(tx(&R, "00 70 00 00 01"), 0x6881, "no free channel: 6881");
	CHECK_SW(tx(&R, "00 70 80 01"), 0x9000, "close channel 1");
	CHECK_SW(tx(&R, "01 CA 00 03 00"), 0x6881, "closed channel: 6881");
	CHECK_SW(tx(&R, "00 70 80 00"), 0x6A86, "closing the basic channel: 6A86");
	CHECK_SW(tx(&R, "00 70 40 00"), 0x6A86, "MANAGE CHANNEL P1 40: 6A86");

	/* ISD STORE DATA sequence lives in transient memory: a reset breaks it */
	CHECK_SW(tx(&R, "80 E2 00 00 03 01 0001"), 0x9000, "STORE DATA block 0");
	CHECK_SW(sec(&R, SEL("07", AID_APP3)), 0x9000, "secure channel on App3");
	CHECK_SW(tx(&R, "80 50 00 00 00"), 0x9000, "OPEN before reset");
	unsigned before = R.rsp[1];
	CHECK(se_os_reset(&R.os, 0) == SE_OK, "warm reset");
	CHECK_SW(tx(&R, "80 50 00 00 00"), 0x9000, "OPEN after reset");
	CHECK(R.rsp[1] == before + 1, "the TLS Manager's reset hook ran (session dropped)");
	CHECK_SW(sec(&R, "00 CA 00 00"), 0x6A82, "secure channel selection dropped by reset");
	CHECK_SW(tx(&R, "03 CA 00 03 00"), 0x6881, "logical channels closed by reset");
	CHECK_SW(tx(&R, "80 E2 80 01 01 AA"), 0x6A86, "STORE DATA block 1 after reset: sequence gone (6A86)");
	CHECK(se_os_reset(&R.os, 1) == SE_OK, "cold reset (NVM reopened)");
	CHECK_SW(tx(&R, "80 F2 80 00 00"), 0x9000, "ISD selected on channel 0 after cold reset");
}

static void firewall_and_instances(void)
{
	rig_init(&R, 1);
	R.tab[R.n++] = &rogue;
	CHECK(rig_open(&R, SE_OS_FORMAT_ON_MISMATCH) == SE_NVM_FORMATTED, "new applet table: image reformatted on request");
	CHECK_SW(tx(&R, "00 A4 04 00 06 F0524F475545"), 0x9000, "select the rogue applet");
	CHECK_SW(tx(&R, "00 00 00 00 00"), 0x9000, "rogue runs");
	CHECK(R.rlen == 2 && R.rsp[0] == R.rsp[1] && R.rsp[1] == 11,
	      "all %u forbidden calls (other memory, credentials, life cycle, secure dispatch) refused", R.rsp[1]);
	CHECK_SW(tx(&R, "00 01 00 00 00"), 0x6A80, "an applet's 6A80 ...");
	CHECK(R.rlen == 0, "... goes out without the data it wrote");
	CHECK_SW(tx(&R, "80 15 00 00"), 0x6982, "TLS Manager 6982 (no Le) ...");
	CHECK(rsp_is(&R, "23 000002 0230"), "... carries its alert unit at once, no 61XX (binding section 4)");
	CHECK_SW(tx(&R, "80 54 00 00 00"), 0x9000, "TLS Manager STATUS");
	CHECK(R.rlen == 8 && R.rsp[7] == (uint8_t)-SE_ERR_ACCESS, "the TLS Manager may not write credentials");
	R.n--;
	CHECK(rig_open(&R, 0) == SE_ERR_LAYOUT, "image of another applet table is refused without the flag");

	const se_applet *dup[] = {&se_app1_applet, &se_app1_applet};
	const se_applet *two_tlsm[] = {&fake_tlsm, &fake_tlsm};
	CHECK(se_os_init(&R.os, &R.hal, dup, 2, 0) == SE_ERR_PARAM, "duplicate AID refused");
	CHECK(se_os_init(&R.os, &R.hal, two_tlsm, 2, 0) == SE_ERR_PARAM, "two TLS Managers refused");

	rig_init(&R, 1);
	rig_init(&R2, 1);
	tx(&R, SEL("07", AID_APP1));
	tx(&R2, SEL("07", AID_APP1));
	CHECK_SW(tx(&R, "00 E2 00 00 06 0007 0000002A"), 0x9000, "instance 1: append a reading");
	CHECK_SW(tx(&R2, "00 B2 01 04 00"), 0x6A83, "instance 2 has no reading");
	CHECK_SW(tx(&R, "00 B2 01 04 00"), 0x9000, "instance 1 has it");
}

int main(void)
{
	routing();
	secure_channel();
	chaining_and_get_response();
	chains_per_channel();
	small_link_buffers();
	channels_and_reset();
	firewall_and_instances();
	return done_testing();
}
