/* Every command of App1 (sensor log), App2 (identity, counters), App3 (vault),
 * and power cuts at every NVM write of their multi-write commands. */
#include "secure.h"

static rig R;

static void app1(void)
{
	rig_init(&R, 1);
	CHECK_SW(tx(&R, SEL("07", AID_APP1)), 0x9000, "select App1");
	CHECK_SW(tx(&R, "00 B2 01 04 00"), 0x6A83, "empty log: READ RECORD 1 -> 6A83");
	CHECK_SW(tx(&R, "00 B0 00 00 00"), 0x9000, "empty log: READ BINARY -> no data");
	CHECK(R.rlen == 0, "0 bytes");
	R.ram.now = 0x01020304;
	CHECK_SW(tx(&R, "00 E2 00 00 06 0011 FFFFFFFE"), 0x9000, "APPEND RECORD sensor 0x11 value -2");
	R.ram.now = 0x01020305;
	CHECK_SW(tx(&R, "00 E2 00 00 06 0022 00000064"), 0x9000, "APPEND RECORD sensor 0x22 value 100");
	CHECK_SW(tx(&R, "00 B2 01 04 00"), 0x9000, "READ RECORD 1");
	CHECK(rsp_is(&R, "01020305 0022 00000064"), "record 1 = newest: timestamp | sensor id | value");
	CHECK_SW(tx(&R, "00 B2 02 04 0A"), 0x9000, "READ RECORD 2");
	CHECK(rsp_is(&R, "01020304 0011 FFFFFFFE"), "record 2 = older one");
	CHECK_SW(tx(&R, "00 B2 03 04 00"), 0x6A83, "READ RECORD 3 of 2: 6A83");
	CHECK_SW(tx(&R, "00 B2 00 04 00"), 0x6A83, "READ RECORD 0: 6A83");
	CHECK_SW(tx(&R, "00 B2 01 0C 00"), 0x6A86, "READ RECORD with P2 0C: 6A86");
	CHECK_SW(tx(&R, "00 B0 00 00 00"), 0x9000, "READ BINARY all");
	CHECK(rsp_is(&R, "01020304 0011 FFFFFFFE 01020305 0022 00000064"), "oldest first, 20 bytes");
	CHECK_SW(tx(&R, "00 B0 00 0E 04"), 0x9000, "READ BINARY offset 14, Le 4");
	CHECK(rsp_is(&R, "0022 0000"), "bytes 14..17 = sensor id and value start of record 2");
	CHECK_SW(tx(&R, "00 B0 00 08 04"), 0x9000, "READ BINARY offset 8 Le 4 (spans two records)");
	CHECK(rsp_is(&R, "FFFE 0102"), "bytes 8..11");
	CHECK_SW(tx(&R, "00 B0 00 14 00"), 0x9000, "READ BINARY at the end: no data");
	CHECK_SW(tx(&R, "00 B0 00 15 00"), 0x6B00, "READ BINARY past the end: 6B00");
	CHECK_SW(tx(&R, "00 B0 80 00 00"), 0x6A86, "READ BINARY with SFI: 6A86");
	CHECK_SW(tx(&R, "00 E2 00 00 05 0011 FFFFFF"), 0x6700, "APPEND RECORD 5 bytes: 6700");
	CHECK_SW(tx(&R, "00 E2 00 01 06 0011 FFFFFFFE"), 0x6A86, "APPEND RECORD P2 01: 6A86");
	/* wrap: 48 slots */
	for (unsigned i = 0; i < SE_APP1_RECORDS + 5; i++) {
		uint8_t cmd[11] = {0x00, 0xE2, 0, 0, 6, 0, 1, 0, 0, 0, (uint8_t)i};
		txb(&R, cmd, sizeof cmd, sizeof R.rsp);
	}
	CHECK_SW(tx(&R, "00 B2 01 04 00"), 0x9000, "after wrapping: READ RECORD 1");
	CHECK(R.rsp[9] == SE_APP1_RECORDS + 4, "newest record is the last appended");
	CHECK_SW(tx(&R, "00 B2 30 04 00"), 0x9000, "READ RECORD 48 (oldest kept)");
	CHECK(R.rsp[9] == 5, "oldest kept is append #5 (ring of %u)", SE_APP1_RECORDS);
	CHECK_SW(tx(&R, "00 B2 31 04 00"), 0x6A83, "READ RECORD 49: 6A83");
	CHECK_SW(tx(&R, "00 B0 00 00 00 01 E0"), 0x9000, "READ BINARY extended Le 480");
	CHECK(R.rlen == 480 && R.rsp[9] == 5 && R.rsp[479] == SE_APP1_RECORDS + 4, "whole ring oldest..newest");
	CHECK_SW(tx(&R, "00 0E 00 00"), 0x9000, "ERASE BINARY");
	CHECK_SW(tx(&R, "00 B2 01 04 00"), 0x6A83, "log empty after erase");
	CHECK_SW(tx(&R, "00 0E 00 01"), 0x6A86, "ERASE BINARY P2 01: 6A86");
	CHECK_SW(tx(&R, "00 CA 00 01"), 0x6D00, "unknown INS: 6D00");
	CHECK_SW(tx(&R, "80 B2 01 04"), 0x6E00, "CLA 80: 6E00");
}

static void app2(void)
{
	uint8_t serial[8];

	rig_init(&R, 1);
	CHECK_SW(tx(&R, SEL("07", AID_APP2)), 0x9000, "select App2");
	CHECK_SW(tx(&R, "00 CA 00 01 00"), 0x9000, "GET DATA serial");
	CHECK(R.rlen == 8 && R.rsp[0] == 0x5E, "8-byte serial, first byte 5E");
	memcpy(serial, R.rsp, 8);
	CHECK_SW(tx(&R, "00 CA 00 01 00"), 0x9000, "GET DATA serial again");
	CHECK(R.rlen == 8 && !memcmp(serial, R.rsp, 8), "serial is stable");
	CHECK(se_os_reset(&R.os, 1) == SE_OK && tx(&R, SEL("07", AID_APP2)) == 0x9000 &&
	      tx(&R, "00 CA 00 01 00") == 0x9000 && !memcmp(serial, R.rsp, 8), "serial survives a cold reset");
	CHECK_SW(tx(&R, "00 CA 00 02 00"), 0x9000, "GET DATA label (empty)");
	CHECK(R.rlen == 0, "no label yet");
	CHECK_SW(tx(&R, "00 DA 00 02 05 6E6F646531"), 0x9000, "PUT DATA label 'node1'");
	CHECK_SW(tx(&R, "00 CA 00 02 00"), 0x9000, "GET DATA label");
	CHECK(rsp_is(&R, "6E6F646531"), "label 'node1'");
	CHECK_SW(tx(&R, "00 DA 00 01 01 00"), 0x6985, "PUT DATA serial: 6985");
	CHECK_SW(tx(&R, "00 DA 00 03 01 00"), 0x6985, "PUT DATA counters: 6985");
	CHECK_SW(tx(&R, "00 DA 00 09 01 00"), 0x6A88, "PUT DATA unknown tag: 6A88");
	CHECK_SW(tx(&R, "00 CA 00 09 00"), 0x6A88, "GET DATA unknown tag: 6A88");
	CHECK_SW(tx(&R, "00 CA 01 01 00"), 0x6A88, "GET DATA tag 0101: 6A88");
	CHECK_SW(tx(&R, "00 CA 00 03 00"), 0x9000, "GET DATA counters");
	CHECK(rsp_is(&R, "00000000 00000000 00000000 00000000"), "four zero counters");
	CHECK_SW(tx(&R, "00 32 02 00 04 00000005 00"), 0x9000, "INCREASE counter 2 by 5");
	CHECK(rsp_is(&R, "00000005"), "returns 5");
	CHECK_SW(tx(&R, "00 32 02 00 04 FFFFFFFA 00"), 0x9000, "INCREASE counter 2 to FFFFFFFF");
	CHECK_SW(tx(&R, "00 32 02 00 04 00000001 00"), 0x6985, "INCREASE past FFFFFFFF: 6985");
	CHECK_SW(tx(&R, "00 32 04 00 04 00000001"), 0x6A86, "INCREASE counter 4: 6A86");
	CHECK_SW(tx(&R, "00 32 00 00 02 0001"), 0x6700, "INCREASE with 2 bytes: 6700");
	CHECK_SW(tx(&R, "00 CA 00 03 00"), 0x9000, "GET DATA counters");
	CHECK(rsp_is(&R, "00000000 00000000 FFFFFFFF 00000000"), "only counter 2 changed");
	CHECK_SW(tx(&R, "00 20 00 00"), 0x6D00, "unknown INS: 6D00");
	CHECK_SW(tx(&R, "80 CA 00 01"), 0x6E00, "CLA 80 GET DATA: 6E00");
}

static void app3(void)
{
	rig_init(&R, 1);
	CHECK_SW(sec(&R, SEL("07", AID_APP3)), 0x9000, "secure SELECT App3");
	CHECK_SW(sec(&R, "00 CA 00 00 00"), 0x9000, "GET DATA counter");
	CHECK(rsp_is(&R, "00000000"), "starts at 0");
	CHECK_SW(sec(&R, "00 32 00 00 00"), 0x9000, "INCREASE");
	CHECK_SW(sec(&R, "00 32 00 00 00"), 0x9000, "INCREASE");
	CHECK(rsp_is(&R, "00000002"), "counter 2");
	CHECK_SW(sec(&R, "00 32 00 00 01 01"), 0x6700, "INCREASE with data: 6700");
	CHECK_SW(sec(&R, "00 32 01 00"), 0x6A86, "INCREASE P1 01: 6A86");
	CHECK_SW(sec(&R, "00 DA 00 00 07 03 6B6579 76616C"), 0x9000, "PUT 'key' = 'val'");
	CHECK_SW(sec(&R, "00 CB 00 00 03 6B6579 00"), 0x9000, "GET 'key'");
	CHECK(rsp_is(&R, "76616C"), "value 'val'");
	CHECK_SW(sec(&R, "00 DA 00 00 06 03 6B6579 5858"), 0x9000, "overwrite 'key' = 'XX'");
	CHECK_SW(sec(&R, "00 CB 00 00 03 6B6579 00"), 0x9000, "GET 'key'");
	CHECK(rsp_is(&R, "5858"), "value 'XX'");
	CHECK_SW(sec(&R, "00 CB 00 00 02 6B65 00"), 0x6A88, "GET 'ke' (prefix): 6A88");
	CHECK_SW(sec(&R, "00 DA 00 00 04 03 6B6579"), 0x9000, "PUT without value deletes 'key'");
	CHECK_SW(sec(&R, "00 CB 00 00 03 6B6579 00"), 0x6A88, "deleted: 6A88");
	CHECK_SW(sec(&R, "00 DA 00 00 04 03 6B6579"), 0x6A88, "delete missing key: 6A88");
	CHECK_SW(sec(&R, "00 DA 00 00 03 05 6B65"), 0x6A80, "klen longer than data: 6A80");
	CHECK_SW(sec(&R, "00 DA 00 00 02 00 41"), 0x6A80, "klen 0: 6A80");
	CHECK_SW(sec(&R, "00 DA 00 00 12 11 000102030405060708090A0B0C0D0E0F10"), 0x6A80, "key of 17 bytes: 6A80");
	CHECK_SW(sec(&R, "00 DA 00 00 23 01 41 "
			 "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F20"), 0x6A80,
		 "value of 33 bytes: 6A80");
	CHECK_SW(sec(&R, "00 CB 00 00 11 000102030405060708090A0B0C0D0E0F10"), 0x6700, "GET with a 17-byte key: 6700");
	unsigned okc = 0;
	for (unsigned i = 0; i < SE_APP3_SLOTS; i++) {
		char cmd[64];
		snprintf(cmd, sizeof cmd, "00 DA 00 00 03 01 %02X 56", i);
		okc += sec(&R, cmd) == 0x9000;
	}
	CHECK(okc == SE_APP3_SLOTS, "fill all %u slots", SE_APP3_SLOTS);
	CHECK_SW(sec(&R, "00 DA 00 00 03 01 FF 56"), 0x6A84, "ninth key: 6A84");
	CHECK_SW(sec(&R, "00 DA 00 00 03 01 03 57"), 0x9000, "overwriting an existing key still works when full");
	CHECK_SW(sec(&R, "00 CB 00 00 01 03 00"), 0x9000, "GET key 03");
	CHECK(rsp_is(&R, "57"), "new value");
	CHECK_SW(sec(&R, "00 CA 00 01"), 0x6A86, "GET DATA P2 01: 6A86");
	CHECK_SW(sec(&R, "00 B0 00 00"), 0x6D00, "unknown INS: 6D00");
	CHECK_SW(sec(&R, "80 CA 00 00"), 0x6E00, "CLA 80: 6E00");
	CHECK_SW(tx(&R, "00 A4 04 00 07 " AID_APP3), 0x6982, "plain SELECT App3: 6982");
}

/* OS-level power cut: App1 APPEND (record + header) and App3 PUT, at every write. */
static void power_cut(const char *what, int secure, const char *select, const char *prep, const char *cmd,
		      const char *check)
{
	static uint8_t base[SE_OS_NVM_SIZE];
	uint8_t old_rsp[600], new_rsp[600];
	size_t old_len, new_len;
	unsigned long total;
	int ok = 1, saw_old = 0;

	rig_init(&R, 1);
	unsigned (*send)(rig *, const char *) = secure ? sec : tx;
	send(&R, select);
	send(&R, prep); /* "old" is a state that differs from both blank and "new" */
	send(&R, check);
	old_len = R.rlen;
	memcpy(old_rsp, R.rsp, R.rlen);
	memcpy(base, R.mem, sizeof base);
	R.ram.writes = 0;
	send(&R, cmd);
	total = R.ram.writes;
	send(&R, check);
	new_len = R.rlen;
	memcpy(new_rsp, R.rsp, R.rlen);
	for (unsigned long k = 0; k < total; k++) {
		memcpy(R.mem, base, sizeof base);
		se_os_reset(&R.os, 1);
		send(&R, select);
		R.ram.writes_left = (long)k;
		unsigned sw = send(&R, cmd);
		R.ram.writes_left = -1;
		R.ram.cut = 0;
		if (sw == 0x9000)
			ok = 0;
		if (rig_open(&R, 0) < 0)
			ok = 0;
		send(&R, select);
		send(&R, check);
		int is_old = R.rlen == old_len && !memcmp(R.rsp, old_rsp, old_len);
		int is_new = R.rlen == new_len && !memcmp(R.rsp, new_rsp, new_len);
		saw_old += is_old;
		ok &= (is_old || is_new) && (sw & 0xFFFF) == SE_SW_MEMORY_FAILURE;
	}
	ok &= old_len != new_len || memcmp(old_rsp, new_rsp, old_len);
	CHECK(ok && saw_old, "%s: cut before each of its %lu writes -> 6581, reopened state is the old one (%d of %lu)",
	      what, total, saw_old, total);
}

/* A failed NVM write answers 6581. If the rollback worked the OS goes on; if
 * the NVM stays dead the OS is mute (6581) until a cold reset recovers it. */
static void nvm_failure(void)
{
	rig_init(&R, 1);
	tx(&R, SEL("07", AID_APP1));
	tx(&R, "00 E2 00 00 06 0001 00000001");
	R.ram.writes_left = 0;
	CHECK_SW(tx(&R, "00 E2 00 00 06 0001 00000002"), 0x6581, "first NVM write of a command fails: 6581");
	R.ram.cut = 0;
	R.ram.writes_left = -1;
	CHECK(tx(&R, "00 B2 01 04 00") == 0x9000 && R.rsp[9] == 1 && tx(&R, "00 B2 02 04 00") == 0x6A83,
	      "nothing was written in place: the OS goes on, log unchanged");
	R.ram.writes_left = 3; /* journal entry header, old bytes, CRC: then the in-place write fails */
	CHECK_SW(tx(&R, "00 E2 00 00 06 0001 00000003"), 0x6581, "in-place write fails and so does the rollback: 6581");
	R.ram.cut = 0;
	R.ram.writes_left = -1;
	CHECK_SW(tx(&R, "00 B2 01 04 00"), 0x6581, "the OS stays mute (6581) while the image may be half-written");
	CHECK(se_os_reset(&R.os, 0) == SE_OK && tx(&R, "00 A4 04 00 07 " AID_APP1) == 0x6581,
	      "a warm reset does not unmute it");
	CHECK(se_os_reset(&R.os, 1) == SE_OK, "cold reset re-opens the image and rolls back");
	CHECK_SW(tx(&R, "00 A4 04 00 07 " AID_APP1), 0x9000, "working again");
	CHECK(tx(&R, "00 B2 01 04 00") == 0x9000 && R.rsp[9] == 1 && tx(&R, "00 B2 02 04 00") == 0x6A83,
	      "the log holds only the first reading");
	uint8_t small[SE_NVM_DATA_OFF + 100];
	se_hal_ram ram;
	se_hal hal;
	se_hal_ram_init(&ram, &hal, small, sizeof small);
	CHECK(se_os_init(&R.os, &hal, R.tab, R.n, 0) == SE_ERR_FULL, "an image smaller than the quotas: SE_ERR_FULL");
}

int main(void)
{
	nvm_failure();
	app1();
	app2();
	app3();
	power_cut("App1 APPEND RECORD", 0, SEL("07", AID_APP1), "00 E2 00 00 06 0001 00000001",
		  "00 E2 00 00 06 0001 00000002", "00 B0 00 00 00");
	power_cut("App3 PUT DATA", 1, SEL("07", AID_APP3), "00 DA 00 00 03 01 4B 41", "00 DA 00 00 05 01 4B 565657",
		  "00 CB 00 00 01 4B 00");
	power_cut("App2 PUT DATA label", 0, SEL("07", AID_APP2), "00 DA 00 02 02 7879", "00 DA 00 02 03 414243",
		  "00 CA 00 02 00");
	return done_testing();
}
