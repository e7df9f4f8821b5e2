/* Bad input: malformed and unknown APDUs get the right SW, change no state
 * (NVM image, selections, channels), and never crash; then a seeded fuzz run
 * on the plain and the secure path. */
#include "secure.h"

static rig R;
static uint8_t snap_mem[SE_OS_NVM_SIZE];
static uint8_t snap_sel[SE_OS_CHANNELS + 1], snap_open;

static void snapshot(void)
{
	memcpy(snap_mem, R.mem, sizeof snap_mem);
	memcpy(snap_sel, R.os.selected, sizeof snap_sel);
	snap_open = R.os.open_channels;
}

/* The data area is the persistent state; journal and commit slots move even on a rollback. */
static int data_same(void)
{
	return !memcmp(snap_mem + SE_NVM_DATA_OFF, R.mem + SE_NVM_DATA_OFF, sizeof snap_mem - SE_NVM_DATA_OFF);
}

static int unchanged(void)
{
	return data_same() && !memcmp(snap_sel, R.os.selected, sizeof snap_sel) &&
	       snap_open == R.os.open_channels;
}

static const struct {
	const char *select; /* applet to select first (plain), NULL = ISD */
	const char *apdu;
	unsigned sw;
	const char *what;
} table[] = {
	{NULL, "", 0x6700, "empty APDU"},
	{NULL, "00", 0x6700, "1 byte"},
	{NULL, "00 A4 04", 0x6700, "3 bytes"},
	{NULL, "00 A4 04 00 08 A0 00", 0x6700, "Lc 8 with 2 data bytes"},
	{NULL, "00 A4 04 00 00 00 09 A0", 0x6700, "extended Lc 9 with 1 byte"},
	{NULL, "00 A4 04 00 00 00 00", 0x6A82, "SELECT case 2E without AID: applet not found"},
	{NULL, "FF A4 04 00", 0x6E00, "CLA FF"},
	{NULL, "40 A4 04 00", 0x6E00, "CLA 40 (further interindustry)"},
	{NULL, "C0 F2 80 00", 0x6E00, "CLA C0"},
	{NULL, "20 F2 80 00", 0x6E00, "CLA 20 (RFU)"},
	{NULL, "A0 F2 80 00", 0x6E00, "CLA A0"},
	{NULL, "0C F2 80 00", 0x6882, "CLA 0C (secure messaging)"},
	{NULL, "84 F2 80 00", 0x6882, "CLA 84 (secure messaging)"},
	{NULL, "02 F2 80 00", 0x6881, "closed logical channel 2"},
	{NULL, "00 A4 04 00 05 0102030405", 0x6A82, "SELECT unknown AID"},
	{NULL, "00 A4 00 00 02 3F00", 0x6A86, "SELECT by file id"},
	{NULL, "00 A4 04 01 07 " AID_APP1, 0x6A86, "SELECT P2 01"},
	{NULL, "00 A4 04 00 07 " AID_APP3, 0x6982, "SELECT App3 on the plain channel"},
	{NULL, "00 70 00 04", 0x6A86, "MANAGE CHANNEL open channel 4"},
	{NULL, "00 70 00 00 01 00", 0x6700, "MANAGE CHANNEL with data"},
	{NULL, "00 70 80 02", 0x6A86, "MANAGE CHANNEL close a closed channel"},
	{NULL, "00 C0 00 00 00", 0x6985, "GET RESPONSE with nothing waiting"},
	{NULL, "80 E2 00 01 01 00", 0x6A86, "STORE DATA block 1 first"},
	{NULL, "80 E2 80 00 04 09 0001 00", 0x6A80, "STORE DATA unknown tag"},
	{NULL, "80 F0 80 01", 0x6A86, "SET STATUS card to 01"},
	{NULL, "80 F2 10 00", 0x6A86, "GET STATUS P1 10"},
	{NULL, "80 00 00 00", 0x6D00, "ISD INS 00"},
	{SEL("07", AID_APP1), "00 B2 01 04 01 00 00", 0x6700, "READ RECORD with data"},
	{SEL("07", AID_APP1), "00 B2 01 04 00", 0x6A83, "READ RECORD on an empty log"},
	{SEL("07", AID_APP1), "00 E2 00 00 07 00000000000000", 0x6700, "APPEND RECORD of 7 bytes"},
	{SEL("07", AID_APP1), "00 E2 00 00", 0x6700, "APPEND RECORD without data"},
	{SEL("07", AID_APP1), "00 B0 7F FF 00", 0x6B00, "READ BINARY offset 7FFF"},
	{SEL("07", AID_APP1), "00 0E 00 00 01 00", 0x6700, "ERASE BINARY with data"},
	{SEL("07", AID_APP1), "00 FF 00 00", 0x6D00, "App1 INS FF"},
	{SEL("07", AID_APP2), "00 32 00 00 03 000001", 0x6700, "INCREASE 3-byte amount"},
	{SEL("07", AID_APP2), "00 32 00 01 04 00000001", 0x6A86, "INCREASE P2 01"},
	{SEL("07", AID_APP2), "00 CA 00 02 01 00", 0x6700, "GET DATA with data"},
	{SEL("07", AID_APP2), "00 CA 00 07", 0x6A88, "GET DATA tag 07"},
	{SEL("07", AID_APP2), "00 DA 00 02 00 00 21 000000000000000000000000000000000000000000000000000000000000000000",
	 0x6700, "PUT DATA 33-byte label (extended)"},
	{SEL("07", AID_APP2), "90 DA 00 02 01 00", 0x9000, "a chain segment (accepted, no state change)"},
	{SEL("07", AID_APP2), "00 CA 00 02", 0x6883, "... broken by another command: 6883"},
	{SEL("08", AID_TLSM), "80 60 00 00", 0x6D00, "TLS Manager: unknown INS"},
};

static uint32_t rnd_state = 12345;
static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

/* A random APDU, biased towards the CLA/INS values the OS and applets know. */
static size_t random_apdu(uint8_t *b, size_t cap)
{
	static const uint8_t clas[] = {0x00, 0x01, 0x03, 0x10, 0x80, 0x90, 0x84, 0x0C, 0xFF, 0x40};
	static const uint8_t inss[] = {0xA4, 0x70, 0xC0, 0xB0, 0xB2, 0xE2, 0x0E, 0xCA, 0xCB, 0xDA, 0x32,
				       0xF0, 0xF2, 0x50, 0x52, 0x54, 0x0B, 0x20};
	size_t n = rnd() % 3 ? 4 + rnd() % 12 : rnd() % 300;

	if (n > cap)
		n = cap;
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)rnd();
	if (n > 0 && rnd() % 4)
		b[0] = clas[rnd() % sizeof clas];
	if (n > 1 && rnd() % 4)
		b[1] = inss[rnd() % sizeof inss];
	if (n > 2 && rnd() % 2)
		b[2] = b[3 % n] = 0;
	if (n > 5 && rnd() % 2) /* a consistent short Lc now and then */
		b[4] = (uint8_t)(n - 5 - (rnd() % 2));
	if (n > 5 && b[1] == 0xA4 && rnd() % 2) { /* a real AID now and then */
		static const uint8_t aids[][8] = {{SE_AID_APP1}, {SE_AID_APP2}, {SE_AID_APP3}, {SE_AID_TLSM}};
		n = 5 + 7;
		b[2] = 4;
		b[3] = 0;
		b[4] = 7;
		memcpy(b + 5, aids[rnd() % 4], 7);
	}
	return n;
}

static int success(unsigned sw)
{
	return sw == 0x9000 || (sw >> 8) == 0x61 || (sw >> 8) == 0x62 || (sw >> 8) == 0x63;
}

int main(void)
{
	uint8_t cmd[600];
	int all_ok = 1;

	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		if (strncmp(table[i].what, "...", 3)) { /* "..." continues the previous row */
			rig_init(&R, 1);
			if (table[i].select)
				tx(&R, table[i].select);
		}
		snapshot();
		unsigned sw = tx(&R, table[i].apdu);
		CHECK(sw == table[i].sw && unchanged(), "%s -> %04X, state unchanged", table[i].what, table[i].sw);
		if (sw != table[i].sw)
			printf("#   got %04X\n", sw);
	}

	/* secure path: malformed inner commands */
	rig_init(&R, 1);
	snapshot();
	CHECK_SW(sec(&R, "00 A4"), 0x6700, "secure: 2-byte inner APDU -> 6700");
	CHECK_SW(sec(&R, "00 A4 04 00 03 0102"), 0x6700, "secure: bad Lc -> 6700");
	CHECK_SW(sec(&R, "FF 00 00 00"), 0x6E00, "secure: CLA FF -> 6E00");
	CHECK_SW(sec(&R, "00 CA 00 00"), 0x6A82, "secure: nothing selected -> 6A82");
	CHECK(unchanged(), "secure rejections changed nothing");

	/* fuzz, plain: any SW outside 9000/61/62/63 leaves the state unchanged */
	unsigned long n_err = 0, n_ok = 0, bad_len = 0, changed = 0;
	for (int round = 0; round < 4; round++) {
		rig_init(&R, 1);
		for (int i = 0; i < 20000; i++) {
			size_t n = random_apdu(cmd, sizeof cmd);
			size_t cap = rnd() % 8 ? sizeof R.rsp : 2 + rnd() % 40;
			snapshot();
			unsigned sw = txb(&R, cmd, n, cap);
			if (sw == 0xFFFFFFFF || R.rlen + 2 > cap)
				bad_len++;
			if (success(sw)) {
				n_ok++;
			} else {
				n_err++;
				changed += !unchanged();
			}
		}
	}
	CHECK(bad_len == 0, "fuzz plain: every response fits the offered buffer and has a SW");
	CHECK(changed == 0, "fuzz plain: %lu rejected APDUs changed no state (%lu accepted)", n_err, n_ok);
	all_ok &= changed == 0;

	/* fuzz, secure: random inner APDUs through the TLS Manager */
	rig_init(&R, 1);
	n_err = changed = 0;
	for (int i = 0; i < 20000; i++) {
		uint8_t outer[600];
		size_t n = random_apdu(outer + 5, 250);
		outer[0] = 0x80;
		outer[1] = 0x20;
		outer[2] = 0;
		outer[3] = (uint8_t)n;
		outer[4] = (uint8_t)n;
		outer[5 + n] = 0;
		if (n == 0) /* case 3S needs Lc >= 1 */
			continue;
		if (i % 50 == 0) { /* give the secure channel something selected */
			static const char *const sel[] = {SEL("07", AID_APP1), SEL("07", AID_APP2), SEL("07", AID_APP3),
							  SEL("08", AID_ISD)};
			sec(&R, sel[rnd() % 4]);
		}
		snapshot();
		unsigned sw = txb(&R, outer, n + 6, sizeof R.rsp);
		if (sw != 0x9000 || R.rlen < 2) {
			bad_len++;
			continue;
		}
		unsigned inner = se_get16(R.rsp + R.rlen - 2);
		if (!success(inner)) {
			n_err++;
			changed += !data_same() ||
				   memcmp(snap_sel, R.os.selected, SE_OS_CHANNELS) != 0;
		}
	}
	CHECK(bad_len == 0, "fuzz secure: every outer command answered 9000 with an inner response APDU");
	CHECK(changed == 0, "fuzz secure: %lu rejected inner APDUs changed no state", n_err);
	return done_testing();
}
