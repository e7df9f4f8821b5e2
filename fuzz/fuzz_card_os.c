/*
 * fuzz_card_os.c - the card OS from the link layer: a script of plain
 * APDUs (ISO chaining, logical channels, GET RESPONSE with a small response
 * buffer), resets, and a power cut at any NVM write.
 *
 * Input: cut | cap | items. cut b7 arms a power cut after (cut & 0x3F)
 * writes, b6 makes it torn; cap < 0x80 gives a response buffer of
 * 2 + 4 * cap bytes, else SE_OS_RSP_MAX. Each item is a length byte and an
 * APDU; length 0xFF is a cold reset, 0xFE a warm one.
 * Invariants: answers fit and carry an SW; App3 is never selected on the
 * plain interface; after a cut, and after every command, the image reopens
 * cleanly.
 */
#include <string.h>

#include "fuzz_input.h"
#include "fuzz_se.h"
#include "se_binding.h"

static const uint8_t app3_aid[] = { SE_AID_APP3 };

/* SELECT by AID (any channel, any P2) naming App3. */
static int
selects_app3(const uint8_t *cmd, size_t len)
{
	return len >= 5 + sizeof app3_aid && (cmd[0] & 0xFC) == 0x00 && cmd[1] == 0xA4
		&& cmd[2] == 0x04 && cmd[4] == sizeof app3_aid
		&& !memcmp(cmd + 5, app3_aid, sizeof app3_aid);
}

static void
arm_cut(fuzz_se *se, uint8_t cut)
{
	if (cut & 0x80) {
		se->ram.writes_left = cut & 0x3F;
		se->ram.tear = (cut & 0x40) != 0;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static fuzz_se se;
	static uint8_t rsp[SE_OS_RSP_MAX];
	fuzz_input in = { data, size };
	uint8_t cut = fuzz_byte(&in), capsel = fuzz_byte(&in);
	size_t cap = capsel < 0x80 ? 2u + 4u * capsel : sizeof rsp;

	fuzz_se_fresh(&se);
	arm_cut(&se, cut);
	while (fuzz_more(&in)) {
		size_t len, rlen;
		uint8_t tag = in.p[0];
		const uint8_t *cmd;

		if (tag >= 0xFE) {
			fuzz_byte(&in);
			se_os_reset(&se.prod.os, tag == 0xFF);
			continue;
		}
		cmd = fuzz_chunk8(&in, &len);
		if (fuzz_se_apdu(&se, cmd, len, rsp, cap, &rlen) == SE_SW_OK && selects_app3(cmd, len)) {
			fuzz_fail("App3 selected on the plain interface");
		}
		if (se.ram.cut) {
			if (fuzz_se_reboot(&se) != SE_OK) {
				fuzz_fail("image does not reopen after a power cut");
			}
		} else if (fuzz_se_reopens(se.image) != SE_OK) {
			fuzz_fail("image does not reopen after a command");
		}
	}
	return 0;
}
