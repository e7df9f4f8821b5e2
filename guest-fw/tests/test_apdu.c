/* ISO 7816-4 clause 5.1: every case, short and extended, and the malformed lengths. */
#include "harness.h"

static unsigned parse(const char *h, se_apdu *a)
{
	static uint8_t b[70000];
	return se_apdu_parse(a, b, hex(h, b));
}

int main(void)
{
	se_apdu a;
	static uint8_t big[7 + 300 + 2];

	CHECK(parse("00 A4 04 00", &a) == 0 && a.nc == 0 && a.ne == 0 && !a.data, "case 1: no data, no Le");
	CHECK(a.cla == 0 && a.ins == 0xA4 && a.p1 == 4 && a.p2 == 0, "case 1: header bytes");
	CHECK(parse("00 B0 00 00 10", &a) == 0 && a.nc == 0 && a.ne == 16 && !a.extended, "case 2S: Le 10 -> Ne 16");
	CHECK(parse("00 B0 00 00 00", &a) == 0 && a.ne == 256, "case 2S: Le 00 -> Ne 256");
	CHECK(parse("00 DA 00 02 03 41 42 43", &a) == 0 && a.nc == 3 && a.ne == 0 && a.data[0] == 0x41 &&
	      a.data[2] == 0x43, "case 3S: Lc 3, data, no Le");
	CHECK(parse("00 CB 00 00 02 6B 31 20", &a) == 0 && a.nc == 2 && a.ne == 0x20, "case 4S: Lc 2, Le 20");
	CHECK(parse("00 CB 00 00 01 6B 00", &a) == 0 && a.nc == 1 && a.ne == 256, "case 4S: Le 00 -> Ne 256");
	CHECK(parse("00 B0 00 00 00 01 02", &a) == 0 && a.nc == 0 && a.ne == 0x102 && a.extended, "case 2E: Le 0102");
	CHECK(parse("00 B0 00 00 00 00 00", &a) == 0 && a.ne == 65536, "case 2E: Le 0000 -> Ne 65536");
	CHECK(parse("00 DA 00 00 00 00 02 AA BB", &a) == 0 && a.nc == 2 && a.ne == 0 && a.extended &&
	      a.data[1] == 0xBB, "case 3E: Lc 0002");
	CHECK(parse("00 CB 00 00 00 00 01 AA 00 00", &a) == 0 && a.nc == 1 && a.ne == 65536, "case 4E: Le 0000 -> 65536");
	big[0] = 0x80; big[1] = 0x20; big[5] = 0x01; big[6] = 0x2C; /* Lc = 300 */
	CHECK(se_apdu_parse(&a, big, 7 + 300) == 0 && a.nc == 300 && a.data == big + 7, "case 3E: 300 data bytes");
	big[7 + 300] = 0x01; big[7 + 301] = 0x00;
	CHECK(se_apdu_parse(&a, big, sizeof big) == 0 && a.nc == 300 && a.ne == 256, "case 4E: 300 bytes, Le 0100");

	CHECK(parse("", &a) == SE_SW_WRONG_LENGTH, "empty -> 6700");
	CHECK(parse("00 A4 04", &a) == SE_SW_WRONG_LENGTH, "3 bytes -> 6700");
	CHECK(parse("00 DA 00 00 03 41 42", &a) == SE_SW_WRONG_LENGTH, "short Lc longer than data -> 6700");
	CHECK(parse("00 DA 00 00 02 41 42 43 44", &a) == SE_SW_WRONG_LENGTH, "short Lc with 2 extra bytes -> 6700");
	CHECK(parse("00 DA 00 00 00 01", &a) == SE_SW_WRONG_LENGTH, "6 bytes with 00 at byte 5 -> 6700");
	CHECK(parse("00 DA 00 00 00 00 00 41", &a) == SE_SW_WRONG_LENGTH, "extended Lc 0000 -> 6700");
	CHECK(parse("00 DA 00 00 00 00 03 41 42", &a) == SE_SW_WRONG_LENGTH, "extended Lc longer than data -> 6700");
	CHECK(parse("00 DA 00 00 00 00 01 41 42", &a) == SE_SW_WRONG_LENGTH, "extended Lc + 1 stray byte -> 6700");
	CHECK(parse("00 DA 00 00 00 00 01 41 42 43 44", &a) == SE_SW_WRONG_LENGTH, "extended Lc + 3 stray bytes -> 6700");
	return done_testing();
}
