/* ISD: GET STATUS, SET STATUS (applet and card life cycle), STORE DATA of the
 * TLS Manager's credentials, the lock, and that no command returns the key. */
#include "cert.h"
#include "secure.h"

static rig R;
static uint8_t creds[1200];
static size_t creds_len, anchor_len;
static uint8_t anchor[3200];
static uint8_t scalar[32];

static size_t tlv(uint8_t *p, uint8_t tag, const uint8_t *v, size_t len)
{
	p[0] = tag;
	se_put16(p + 1, (uint32_t)len);
	memcpy(p + 3, v, len);
	return 3 + len;
}

static void build_creds(void)
{
	uint8_t cert[400], key[33];
	cert_parts ca = cert_default();

	for (size_t i = 0; i < sizeof cert; i++)
		cert[i] = (uint8_t)(i * 13 + 1);
	for (size_t i = 0; i < sizeof scalar; i++)
		scalar[i] = (uint8_t)(0xA5 ^ (i * 29));
	key[0] = SE_CURVE_P256;
	memcpy(key + 1, scalar, 32);
	anchor_len = test_cert(anchor, &ca);
	creds_len = tlv(creds, SE_CRED_TRUST_ANCHOR, anchor, anchor_len);
	creds_len += tlv(creds + creds_len, SE_CRED_CHAIN_CERT, cert, 400);
	creds_len += tlv(creds + creds_len, SE_CRED_CHAIN_CERT, cert + 10, 300);
	creds_len += tlv(creds + creds_len, SE_CRED_EC_KEY, key, 33);
}

/* STORE DATA in blocks of `blk` bytes; returns the SW of the last block (or the first failure). */
static unsigned store(unsigned (*send)(rig *, const uint8_t *, size_t), const uint8_t *d, size_t len, size_t blk)
{
	uint8_t cmd[5 + 255];
	unsigned sw = 0x9000;
	size_t off = 0;

	for (unsigned b = 0; sw == 0x9000; b++) {
		size_t k = len - off < blk ? len - off : blk;
		cmd[0] = 0x80;
		cmd[1] = 0xE2;
		cmd[2] = off + k == len ? 0x80 : 0x00;
		cmd[3] = (uint8_t)b;
		cmd[4] = (uint8_t)k;
		memcpy(cmd + 5, d + off, k);
		sw = send(&R, cmd, 5 + k);
		off += k;
		if (off == len)
			break;
	}
	return sw;
}

static unsigned plain_send(rig *r, const uint8_t *c, size_t n)
{
	return txb(r, c, n, sizeof r->rsp);
}

static unsigned secure_send(rig *r, const uint8_t *c, size_t n)
{
	char h[600];
	for (size_t i = 0; i < n; i++)
		snprintf(h + 2 * i, 3, "%02X", c[i]);
	return sec(r, h);
}

/* Counts seen by the TLS Manager: anchors, chain certs, EC keys, CRC of the key record. */
static int tlsm_sees(unsigned anchors, unsigned chain, unsigned keys)
{
	uint8_t key[33] = {SE_CURVE_P256};

	memcpy(key + 1, scalar, 32);
	if (tx(&R, "80 54 00 00 00") != 0x9000 || R.rlen != 8)
		return 0;
	return R.rsp[0] == anchors && R.rsp[1] == chain && R.rsp[2] == keys &&
	       se_get32(R.rsp + 3) == (keys ? se_crc32(0, key, 33) : 0);
}

static int contains_scalar(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i + 8 <= n; i++)
		if (!memcmp(p + i, scalar, 8) || !memcmp(p + i, scalar + 24, 8))
			return 1;
	return 0;
}

int main(void)
{
	build_creds();
	rig_init(&R, 1);

	CHECK_SW(tx(&R, "80 F2 80 00 00"), 0x9000, "GET STATUS card");
	CHECK(rsp_is(&R, "9F7001 01"), "card life cycle OP_READY (01)");
	CHECK_SW(tx(&R, "80 F2 40 00 00"), 0x9000, "GET STATUS applets");
	CHECK(R.rlen == 92 && rsp_is(&R, "E311 4F08 " AID_ISD " 9F7001 07 C501 01"
				     "E310 4F07 " AID_APP1 " 9F7001 07 C501 00"
				     "E310 4F07 " AID_APP2 " 9F7001 07 C501 00"
				     "E310 4F07 " AID_APP3 " 9F7001 07 C501 04"
				     "E311 4F08 " AID_TLSM " 9F7001 07 C501 02"),
	      "five E3 entries: AID, life cycle 07, role flags");
	CHECK_SW(tx(&R, "80 F2 40 02 02 4F00 00"), 0x9000, "GET STATUS with search criterion 4F00, P2 02");
	CHECK_SW(tx(&R, "80 F2 40 00 03 4F01AA 00"), 0x6A80, "GET STATUS with other criteria: 6A80");
	CHECK_SW(tx(&R, "80 F2 20 00 00"), 0x6A86, "GET STATUS P1 20: 6A86");
	CHECK_SW(tx(&R, "80 F2 40 01 00"), 0x6A86, "GET STATUS P2 01: 6A86");
	CHECK_SW(tx(&R, "00 F2 40 00 00"), 0x6E00, "ISD with CLA 00: 6E00");
	CHECK_SW(tx(&R, "80 10 00 00"), 0x6D00, "binding INS 10 is not the ISD's: TLS Manager says 6D00");
	CHECK_SW(tx(&R, "80 CA 00 00"), 0x6D00, "unknown ISD INS: 6D00");

	/* applet life cycle */
	CHECK_SW(tx(&R, "80 F0 40 83 07 " AID_APP2), 0x9000, "SET STATUS: lock App2");
	CHECK_SW(tx(&R, SEL("07", AID_APP2)), 0x6999, "SELECT locked App2: 6999");
	CHECK_SW(tx(&R, "80 F2 40 00 00"), 0x9000, "ISD still selected after the failed SELECT");
	CHECK(R.rsp[19 + 18 + 14] == SE_LC_LOCKED, "GET STATUS shows App2 locked (83)");
	CHECK_SW(tx(&R, "80 F0 40 07 07 " AID_APP2), 0x9000, "SET STATUS: unlock App2");
	CHECK_SW(tx(&R, SEL("07", AID_APP2)), 0x9000, "App2 selectable again");
	CHECK_SW(tx(&R, SEL("08", AID_ISD)), 0x9000, "back to the ISD");
	CHECK_SW(tx(&R, "80 F0 40 83 08 " AID_ISD), 0x6985, "locking the ISD: 6985");
	CHECK_SW(tx(&R, "80 F0 40 83 05 F000000000"), 0x6A88, "locking an unknown AID: 6A88");
	CHECK_SW(tx(&R, "80 F0 40 01 07 " AID_APP2), 0x6A86, "SET STATUS to life cycle 01: 6A86");
	CHECK_SW(tx(&R, "80 F0 80 07"), 0x6A86, "card life cycle 07: 6A86");
	CHECK_SW(tx(&R, "80 F0 80 0F 01 00"), 0x6700, "card SECURED with data: 6700");

	/* personalisation */
	CHECK(tlsm_sees(0, 0, 0), "no credentials before personalisation");
	CHECK_SW(store(plain_send, creds, creds_len, 200), 0x9000, "STORE DATA %zu bytes in 200-byte blocks", creds_len);
	CHECK(tlsm_sees(1, 2, 1), "TLS Manager finds 1 anchor, 2 chain certs, the EC key (same bytes)");
	CHECK_SW(tx(&R, "80 E2 00 00 01 02"), 0x9000, "new sequence, block 0");
	CHECK(tlsm_sees(0, 0, 0), "block 0 of a new sequence empties the store");
	CHECK_SW(tx(&R, "80 E2 00 02 02 0000"), 0x6A86, "block 2 after 0: 6A86");
	CHECK_SW(tx(&R, "80 E2 80 01 02 0000"), 0x9000, "block 1 still accepted after the refused one");
	CHECK(tlsm_sees(0, 1, 0), "chain certificate of 0 bytes published");
	CHECK_SW(tx(&R, "80 E2 80 05 01 00"), 0x6A86, "block 5 with no sequence open: 6A86");
	CHECK_SW(tx(&R, "80 E2 40 00 01 00"), 0x6A86, "P1 40: 6A86");
	CHECK_SW(store(plain_send, creds, creds_len, 255), 0x9000, "personalise again (255-byte blocks)");
	CHECK_SW(tx(&R, "80 E2 80 00 04 09 0001 00"), 0x6A80, "single block with unknown tag 09: 6A80");
	CHECK(tlsm_sees(1, 2, 1), "a refused single-block sequence leaves the old credentials");
	CHECK_SW(tx(&R, "80 E2 00 00 03 03 0020"), 0x9000, "block 0: EC key record header with 32-byte length");
	CHECK_SW(tx(&R, "80 E2 80 01 20 17000000000000000000000000000000000000000000000000000000000000 00"),
		 0x6A80, "EC key of 32 bytes (no curve + 31): 6A80");
	CHECK(tlsm_sees(0, 0, 0), "store empty after the failed sequence");
	CHECK_SW(tx(&R, "80 E2 80 00 03 01 0005"), 0x6A80, "record longer than the data: 6A80");

	/* trust anchors must be well-formed DER X.509: BearSSL's decoder reads them at OPEN SESSION */
	CHECK_SW(store(plain_send, creds, creds_len, 200), 0x9000, "personalise");
	uint8_t bad[sizeof creds];
	memcpy(bad, creds, creds_len);
	bad[3 + 67] = ' '; /* the tens digit of notAfter's month */
	CHECK(!memcmp(anchor + 63, "\x17\x0d" "36", 4), "(the anchor's notAfter is where the test expects it)");
	CHECK_SW(store(plain_send, bad, creds_len, 200), 0x6A80, "anchor with a corrupted notAfter month: 6A80");
	CHECK(tlsm_sees(0, 0, 0), "... and the store is left empty");
	CHECK_SW(store(plain_send, creds, creds_len, 200), 0x9000, "personalise");
	bad[3 + 67] = '1';
	se_put16(bad + 1, (uint32_t)anchor_len - 1);
	memmove(bad + 3 + anchor_len - 1, bad + 3 + anchor_len, creds_len - 3 - anchor_len);
	CHECK_SW(store(plain_send, bad, creds_len - 1, 200), 0x6A80, "anchor one byte short: 6A80");
	CHECK_SW(tx(&R, "80 E2 80 00 03 01 0000"), 0x6A80, "anchor of 0 bytes: 6A80");
	CHECK_SW(sec(&R, SEL("08", AID_ISD)), 0x9000, "secure SELECT ISD");
	CHECK_SW(store(secure_send, bad, creds_len - 1, 100), 0x6A80,
		 "the same short anchor from the server, through the TLS session: 6A80");
	CHECK(tlsm_sees(0, 0, 0), "no anchor after the refusals");

	uint8_t big[SE_CRED_MAX];
	size_t big_len = 0;
	cert_parts ca = cert_default();
	for (ca.pad = 2700; ca.pad < 3000 && big_len != SE_CRED_MAX - 5; ca.pad++)
		big_len = test_cert(anchor, &ca);
	CHECK(big_len == SE_CRED_MAX - 5, "(a certificate of %u bytes)", SE_CRED_MAX - 5);
	big[0] = SE_CRED_TRUST_ANCHOR;
	se_put16(big + 1, SE_CRED_MAX - 5);
	memcpy(big + 3, anchor, SE_CRED_MAX - 5);
	CHECK_SW(store(plain_send, big, SE_CRED_MAX - 2, 250), 0x9000, "a store of exactly %u bytes fits", SE_CRED_MAX);
	CHECK(tlsm_sees(1, 0, 0), "one big anchor");
	uint8_t ext[7 + 700] = {0x80, 0xE2, 0x80, 0x00, 0x00, 0x02, 0xBC};
	memcpy(ext + 7, creds, 700);
	CHECK_SW(txb(&R, ext, sizeof ext, sizeof R.rsp), 0x6A84,
		 "one extended block of 700 bytes (more than a transaction's journal): 6A84");
	CHECK(tlsm_sees(1, 0, 0), "... and the store is unchanged");
	big[1] = 0xFF;
	CHECK_SW(store(plain_send, big, SE_CRED_MAX - 1, 250), 0x6A84, "one byte more: 6A84");

	/* lock: plain personalisation refused, secure still works */
	CHECK_SW(store(plain_send, creds, creds_len, 200), 0x9000, "personalise");
	CHECK_SW(tx(&R, "80 F0 80 0F"), 0x9000, "SET STATUS: card SECURED");
	CHECK_SW(tx(&R, "80 F2 80 00 00"), 0x9000, "GET STATUS card");
	CHECK(rsp_is(&R, "9F7001 0F"), "card life cycle 0F");
	CHECK_SW(tx(&R, "80 E2 00 00 01 01"), 0x6982, "plain STORE DATA after the lock: 6982");
	CHECK_SW(tx(&R, "80 F0 40 83 07 " AID_APP2), 0x6982, "plain SET STATUS after the lock: 6982");
	CHECK(tlsm_sees(1, 2, 1), "credentials intact");
	CHECK_SW(sec(&R, SEL("08", AID_ISD)), 0x9000, "secure SELECT ISD");
	CHECK_SW(store(secure_send, creds, 3 + anchor_len, 100), 0x9000, "STORE DATA through the TLS session after the lock");
	CHECK(tlsm_sees(1, 0, 0), "server replaced the credentials");
	CHECK_SW(store(secure_send, creds, creds_len, 120), 0x9000, "and back");

	/* no command returns the private key */
	int leaked = 0;
	unsigned sent = 0;
	for (unsigned cla = 0; cla < 2; cla++)
		for (unsigned ins = 0; ins < 256; ins++)
			for (unsigned p1 = 0; p1 < 256; p1 += 0x40) {
				uint8_t cmd[7] = {(uint8_t)(cla ? 0x80 : 0x00), (uint8_t)ins, (uint8_t)p1, 0, 0, 0, 0};
				unsigned sw = txb(&R, cmd, 7, sizeof R.rsp);
				sent++;
				leaked |= contains_scalar(R.rsp, R.rlen);
				for (int g = 0; (sw >> 8) == 0x61 && g < 300; g++) {
					sw = tx(&R, "00 C0 00 00 00");
					leaked |= contains_scalar(R.rsp, R.rlen);
				}
				tx(&R, "00 A4 04 00 08 " AID_ISD);
			}
	CHECK(!leaked, "%u commands (every CLA 00/80 INS, P1 00/40/80/C0, Le 65536): no response holds the key", sent);
	CHECK(tlsm_sees(1, 2, 1), "and none of them changed the credentials");
	return done_testing();
}
