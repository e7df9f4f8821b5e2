/*
 * fw_main.c - the whole SE firmware for the Cortex-M33 size bench (bench/fw-size.sh):
 * card OS, Dispatcher, ISD, App1-3 and the TLS Manager (BearSSL linked in), on the bare MCU
 * of guest-fw/m33 (mailbox link layer, memory-mapped NVM region, TRNG and RTC registers).
 */
#include <string.h>

#include "seos.h"
#include "tlsm_applet.h"

#define MAILBOX_CMD_MAX 261u /* short APDU: 5 + 255 + Le */
#define MAILBOX_RSP_MAX 258u /* 256 data + SW: longer answers go through 61XX */

#define TRNG_DATA (*(volatile uint32_t *)0x40001000u)
#define RTC_SECONDS (*(volatile uint32_t *)0x40002000u)
#define MAILBOX_LEN (*(volatile uint32_t *)0x40003000u)

static uint8_t nvm[SE_OS_NVM_SIZE] __attribute__((section(".nvm")));
static se_os_context os;
static tlsm_context tlsm;
static uint8_t cmd[MAILBOX_CMD_MAX], rsp[MAILBOX_RSP_MAX];

static int
nvm_read(void *ctx, uint32_t off, uint8_t *buf, size_t len)
{
	(void)ctx;
	memcpy(buf, nvm + off, len);
	return 0;
}

static int
nvm_write(void *ctx, uint32_t off, const uint8_t *buf, size_t len)
{
	(void)ctx;
	memcpy(nvm + off, buf, len);
	return 0;
}

static int
trng(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	while (len--) {
		*buf++ = (uint8_t)TRNG_DATA;
	}
	return 0;
}

static uint64_t
rtc(void *ctx)
{
	(void)ctx;
	return RTC_SECONDS;
}

static const se_hal hal = {
	.nvm_size = SE_OS_NVM_SIZE,
	.nvm_read = nvm_read,
	.nvm_write = nvm_write,
	.random = trng,
	.time_now = rtc,
};

static const se_applet tlsm_applet = TLSM_APPLET(&tlsm);
static const se_applet *const applets[] = {
	&se_isd_applet, &se_app1_applet, &se_app2_applet, &se_app3_applet, &tlsm_applet,
};

int
main(void)
{
	size_t rlen;

	if (se_os_init(&os, &hal, applets, sizeof applets / sizeof applets[0],
		SE_OS_FORMAT_ON_MISMATCH) < 0) {
		for (;;) {
		}
	}
	for (;;) {
		uint32_t len = MAILBOX_LEN;

		if (len == 0xFFFFFFFFu) {
			se_os_reset(&os, 1);
		} else if (len && len <= sizeof cmd) {
			se_os_transmit(&os, cmd, len, rsp, sizeof rsp, &rlen);
			MAILBOX_LEN = (uint32_t)rlen;
		}
	}
}
