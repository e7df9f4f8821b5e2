/* A stand-in TLS Manager for the dispatcher tests. It does no TLS; it shows
 * what the OS gives the real one (guest-fw/tlsm/):
 *   80/90 0B  chained unit segments, acknowledged 9000; the last returns the total length (u16)
 *   80 0E     a long flight: 600 pattern bytes served by its own 61XX / GET RESPONSE
 *   80 20     "application data": the data field is a plain command APDU, handed to
 *             se_os_dispatch_secure(); the response APDU comes back as data
 *   80 50     OPEN: returns 'O' and the number of resets seen
 *   80 52     CLOSE: se_os_secure_close()
 *   80 15     a failed handshake: 6982 with an alert unit (23 000002 0230) as data
 *   80 54     STATUS: count of trust anchors, chain certs, EC keys, then CRC-32 of the EC key record,
 *             then SE_OK/err of se_cred_write (must be refused)
 *   other     6D00 */
#include <string.h>

#include "seos.h"

typedef struct fake_state {
	unsigned resets;
	size_t seg_total;
	size_t left, off;
} fake_state;

static fake_state fake;

static uint16_t flight(se_rsp *r, size_t ne)
{
	size_t k = ne ? ne : 0;

	if (k > fake.left)
		k = fake.left;
	for (size_t i = 0; i < k; i++)
		r->buf[i] = (uint8_t)(fake.off + i);
	r->len = k;
	fake.off += k;
	fake.left -= k;
	return fake.left ? (uint16_t)(0x6100 | (fake.left > 255 ? 0 : fake.left)) : SE_SW_OK;
}

static uint16_t fake_process(const se_env *env, const se_apdu *c, se_rsp *r)
{
	size_t off, len, rlen;
	uint8_t buf[64];

	if (c->ins == 0xC0)
		return flight(r, c->ne);
	switch (c->ins) {
	case 0x0B:
		fake.seg_total += c->nc;
		if (c->cla == 0x90)
			return SE_SW_OK;
		se_put16(r->buf, (uint32_t)fake.seg_total);
		r->len = 2;
		fake.seg_total = 0;
		return SE_SW_OK;
	case 0x15:
		memcpy(r->buf, "\x23\x00\x00\x02\x02\x30", 6);
		r->len = 6;
		return SE_SW_SECURITY_STATUS;
	case 0x0E:
		fake.left = 600;
		fake.off = 0;
		return flight(r, 0);
	case 0x20:
		if (se_os_dispatch_secure(env, c->data, c->nc, r->buf, r->cap, &rlen) != SE_OK)
			return SE_SW_UNKNOWN;
		r->len = rlen;
		return SE_SW_OK;
	case 0x50:
		r->buf[0] = 'O';
		r->buf[1] = (uint8_t)fake.resets;
		r->len = 2;
		return SE_SW_OK;
	case 0x52:
		se_os_secure_close(env);
		return SE_SW_OK;
	case 0x54: {
		uint32_t crc = 0;
		for (uint8_t tag = SE_CRED_TRUST_ANCHOR; tag <= SE_CRED_EC_KEY; tag++) {
			unsigned n = 0;
			while (se_cred_find(env, tag, n, &off, &len) == SE_OK)
				n++;
			r->buf[tag - 1] = (uint8_t)n;
		}
		if (se_cred_find(env, SE_CRED_EC_KEY, 0, &off, &len) == SE_OK && len <= sizeof buf &&
		    se_cred_read(env, off, buf, len) == SE_OK)
			crc = se_crc32(0, buf, len);
		se_put32(r->buf + 3, crc);
		r->buf[7] = (uint8_t)-se_cred_write(env, 2, buf, 1);
		r->len = 8;
		return SE_SW_OK;
	}
	default:
		return SE_SW_INS_NOT_SUPPORTED;
	}
}

static void fake_reset(const se_env *env)
{
	(void)env;
	fake.resets++;
	fake.left = 0;
	fake.seg_total = 0;
}

static const uint8_t fake_aid[] = {SE_AID_TLSM};

const se_applet fake_tlsm = {
	.aid = fake_aid,
	.aid_len = sizeof fake_aid,
	.flags = SE_APPLET_TLSM,
	.nvm_size = 64,
	.process = fake_process,
	.reset = fake_reset,
};
