/* The certificate check (se_x509.h): well-formed certificates pass, each kind
 * of malformed DER is refused, and whatever it accepts BearSSL's decoder
 * takes without reading out of bounds. */
#include <bearssl.h>

#include "cert.h"
#include "se_x509.h"

static uint8_t der[3200];

static int check_parts(const cert_parts *c)
{
	return se_x509_check_buf(der, test_cert(der, c));
}

/* A certificate with notAfter replaced by the Time element `na` (hex). */
static int check_not_after(const char *na)
{
	char validity[200];
	cert_parts c = cert_default();
	piece t = { .n = 0 }, v = { .n = 0 };
	size_t i;

	raw(&v, "170D " CERT_NB);
	raw(&v, na);
	elem(&t, 0x30, &v);
	for (i = 0; i < t.n; i++)
		snprintf(validity + 2 * i, 3, "%02X", t.b[i]);
	c.validity = validity;
	return check_parts(&c);
}

static void dn_sink(void *ctx, const void *buf, size_t len)
{
	(void)ctx;
	(void)buf;
	(void)len;
}

/* BearSSL's decoder as the TLS Manager drives it: 64-byte pushes. Returns its error. */
static int bearssl_decode(const uint8_t *p, size_t n, int *is_ca)
{
	br_x509_decoder_context dc;

	br_x509_decoder_init(&dc, dn_sink, NULL);
	for (size_t off = 0; off < n; off += 64)
		br_x509_decoder_push(&dc, p + off, n - off < 64 ? n - off : 64);
	if (is_ca)
		*is_ca = br_x509_decoder_isCA(&dc);
	if (br_x509_decoder_last_error(&dc) == 0 && br_x509_decoder_get_pkey(&dc) == NULL)
		return -1;
	return br_x509_decoder_last_error(&dc);
}

static int failing_read(void *ctx, size_t off, void *buf, size_t len)
{
	const size_t *fail_at = ctx;

	(void)buf;
	return off + len > *fail_at ? -1 : (memcpy(buf, der + off, len), 0);
}

#define REFUSED(field, value, what)                                             \
	do {                                                                    \
		cert_parts c_ = cert_default();                                  \
		c_.field = value;                                                \
		CHECK(check_parts(&c_) == SE_ERR_FORMAT, "refused: %s", what);   \
	} while (0)

int main(void)
{
	cert_parts c = cert_default();
	size_t n, m, accepted = 0, mutants = 0;
	int is_ca = 0;

	/* well-formed */
	n = test_cert(der, &c);
	CHECK(se_x509_check_buf(der, n) == SE_OK, "synthetic v3 CA certificate (%zu bytes) accepted", n);
	CHECK(bearssl_decode(der, n, &is_ca) == 0 && is_ca, "... and BearSSL decodes it as a CA");
	c.version = "";
	c.extensions = "";
	CHECK(check_parts(&c) == SE_OK, "v1 certificate (no version, no extensions) accepted");
	c = cert_default();
	c.pad = 2900;
	n = test_cert(der, &c);
	CHECK(se_x509_check_buf(der, n) == SE_OK && n > 3000, "a %zu-byte certificate (two-byte lengths) accepted", n);
	CHECK(check_not_after("180F 32303530303130313030303030305A") == SE_OK, "GeneralizedTime 20500101000000Z accepted");
	CHECK(check_not_after("170D 3238303232393233353935395A") == SE_OK, "UTCTime 280229235959Z (leap day) accepted");
	CHECK(check_not_after("180F 32303030303232393030303030305A") == SE_OK, "29 Feb 2000 (leap century) accepted");

	/* Time values: the corrupted notAfter that made BearSSL 0.6 read out of bounds, and its kin */
	CHECK(check_not_after("170D 3336 2031 3031 3030 3030 3030 5A") == SE_ERR_FORMAT,
	      "refused: notAfter month \" 1\" (a space for its first digit)");
	CHECK(check_not_after("170D 3336 0031 3031 3030 3030 3030 5A") == SE_ERR_FORMAT,
	      "refused: notAfter month with a 00 byte");
	CHECK(check_not_after("170D 333630303031303030303030 5A") == SE_ERR_FORMAT, "refused: month 00");
	CHECK(check_not_after("170D 333631333031303030303030 5A") == SE_ERR_FORMAT, "refused: month 13");
	CHECK(check_not_after("170D 333630343331303030303030 5A") == SE_ERR_FORMAT, "refused: 31 April");
	CHECK(check_not_after("170D 333631323030303030303030 5A") == SE_ERR_FORMAT, "refused: day 00");
	CHECK(check_not_after("170D 323730323239303030303030 5A") == SE_ERR_FORMAT, "refused: 29 Feb 2027");
	CHECK(check_not_after("180F 3231303030323239303030303030 5A") == SE_ERR_FORMAT, "refused: 29 Feb 2100");
	CHECK(check_not_after("170D 333631323031323430303030 5A") == SE_ERR_FORMAT, "refused: hour 24");
	CHECK(check_not_after("170D 333631323031303036303030 5A") == SE_ERR_FORMAT, "refused: minute 60");
	CHECK(check_not_after("170D 333631323031303030303630 5A") == SE_ERR_FORMAT, "refused: second 60");
	CHECK(check_not_after("170D 333631323031303030303030 30") == SE_ERR_FORMAT, "refused: no Z");
	CHECK(check_not_after("170B 3336313230313030303030 5A") == SE_ERR_FORMAT, "refused: UTCTime without seconds");
	CHECK(check_not_after("1711 333631323031303030303030 2B30313030") == SE_ERR_FORMAT,
	      "refused: UTCTime with a +0100 offset");
	CHECK(check_not_after("180D 333631323031303030303030 5A") == SE_ERR_FORMAT,
	      "refused: GeneralizedTime with a two-digit year");
	CHECK(check_not_after("1811 32303336313230313030303030302E30 5A") == SE_ERR_FORMAT,
	      "refused: GeneralizedTime with fractional seconds");
	CHECK(check_not_after("170D 33363132303130303030302D 5A") == SE_ERR_FORMAT, "refused: a '-' among the digits");
	CHECK(check_not_after("0C0D 333631323031303030303030 5A") == SE_ERR_FORMAT, "refused: notAfter a UTF8String");

	/* lengths */
	c = cert_default();
	n = test_cert(der, &c);
	m = 0;
	for (size_t k = 0; k < n; k++)
		m += se_x509_check_buf(der, k) == SE_ERR_FORMAT;
	CHECK(m == n, "every truncation (%zu of %zu lengths) refused", m, n);
	der[n] = 0;
	CHECK(se_x509_check_buf(der, n + 1) == SE_ERR_FORMAT, "refused: a trailing byte");
	der[n] = 0x30;
	CHECK(se_x509_check_buf(der, n + 1) == SE_ERR_FORMAT, "refused: a trailing tag byte");
	REFUSED(serial, "0280 01 00", "indefinite length (80)");
	REFUSED(serial, "0281 01 05", "non-minimal long-form length (81 01)");
	REFUSED(serial, "028200 01 05", "non-minimal two-byte length (82 00 01)");
	REFUSED(serial, "0283000001 05", "three-byte length");
	REFUSED(serial, "0205 01", "an INTEGER length that swallows the next field");
	REFUSED(issuer, "3013 3110 300E 0603 550403 0C07 54657374204341", "a SEQUENCE length one past its contents");
	REFUSED(issuer, "3012 3110 300F 0603 550403 0C07 54657374204341", "a child longer than its parent");

	/* encodings of the primitive types */
	REFUSED(serial, "0200", "empty INTEGER");
	REFUSED(serial, "0202 0001", "INTEGER with a redundant leading 00");
	REFUSED(serial, "0202 FF80", "INTEGER with a redundant leading FF");
	REFUSED(version, "A003 020100", "explicit version v1 (DER omits the default)");
	REFUSED(version, "A003 020103", "version 4");
	REFUSED(version, "A004 02020002", "version INTEGER of two bytes");
	REFUSED(version, "A203 020102", "version under tag [2]");
	REFUSED(sig_alg, "300A 0608 802A8648CE3D0403", "OID subidentifier with a leading 80");
	REFUSED(sig_alg, "300A 0608 2A8648CE3D040382", "OID ending inside a subidentifier");
	REFUSED(sig_alg, "3002 0600", "empty OID");
	REFUSED(sig_alg, "300C 0608 2A8648CE3D040302 0501 00", "NULL with contents");
	REFUSED(signature, "030A 08 3007 020101 0202 00FF", "BIT STRING with 8 unused bits");
	REFUSED(signature, "030A 01 3007 020101 0202 00FF", "BIT STRING whose unused bit is set");
	REFUSED(signature, "0301 01", "empty BIT STRING claiming unused bits");
	REFUSED(signature, "0300", "BIT STRING without its unused-bits byte");
	REFUSED(signature, "230C 030A 00 3007 020101 0202 00FF", "constructed BIT STRING");
	REFUSED(sig_alg, "100A 0608 2A8648CE3D040302", "primitive SEQUENCE");
	REFUSED(sig_alg, "1F10 0A 0608 2A8648CE3D040302", "high tag number form");
	REFUSED(sig_alg, "300C 0608 2A8648CE3D040302 0000", "universal tag 0");
	REFUSED(extensions, "A313 3011 300F 0603 551D13 010101 0405 30030101FF", "BOOLEAN 01 (DER: FF)");

	/* the X.509 shape */
	REFUSED(extensions, "A313 3011 300F 0603 551D13 010100 0405 30030101FF", "critical FALSE encoded");
	REFUSED(extensions, "A302 3000", "empty extensions");
	REFUSED(extensions, "A300", "extensions without their SEQUENCE");
	REFUSED(extensions, "A30F 300D 300B 0603 551D13 0101FF 0401 30", "extnValue that is not DER");
	REFUSED(extensions, "A30E 300C 300A 0603 551D13 0101FF 0400", "empty extnValue");
	REFUSED(extensions, "A317 3015 3013 0603 551D13 0101FF 0409 30030101FF 0500 0500",
		"extnValue of three elements");
	REFUSED(extensions, "A311 300F 0603 551D13 0101FF 0405 30030101FF", "Extension without the SEQUENCE OF");
	REFUSED(extensions, "A413 3011 300F 0603 551D13 0101FF 0405 30030101FF", "extensions under tag [4]");
	REFUSED(issuer, "3002 3100", "empty RelativeDistinguishedName");
	REFUSED(issuer, "3009 3107 3005 0C03 414243", "attribute without its type OID");
	REFUSED(issuer, "3107 3005 0603 550403", "Name as a SET");
	REFUSED(validity, "300F 170D " CERT_NB, "Validity with one Time");
	REFUSED(validity, "302D 170D " CERT_NB " 170D " CERT_NA " 170D " CERT_NA, "Validity with three Times");
	REFUSED(spki, "3015 3013 0607 2A8648CE3D0201 0608 2A8648CE3D030107", "SubjectPublicKeyInfo without the key");
	REFUSED(serial, "0500", "serialNumber a NULL");
	REFUSED(outer_alg, "", "no signatureAlgorithm");
	REFUSED(signature, "0403 000102", "signature an OCTET STRING");
	REFUSED(version, "", "v1 with extensions");
	c = cert_default();
	c.subject = CERT_VALIDITY(CERT_NB, CERT_NA);
	c.validity = CERT_NAME_CA;
	CHECK(check_parts(&c) == SE_ERR_FORMAT, "refused: Validity and subject swapped");
	{
		/* nesting deeper than SE_X509_MAX_DEPTH inside an extension value */
		piece p = { .n = 0 }, q;
		char h[400];
		size_t i;

		raw(&p, "0500");
		for (i = 0; i < SE_X509_MAX_DEPTH; i++) {
			q = p;
			p.n = 0;
			elem(&p, 0x30, &q);
		}
		q.n = 0;
		raw(&q, "0603 551D11");
		elem(&q, 0x04, &p);
		p.n = 0;
		elem(&p, 0x30, &q);
		q = p;
		p.n = 0;
		elem(&p, 0x30, &q);
		q = p;
		p.n = 0;
		elem(&p, 0xA3, &q);
		for (i = 0; i < p.n; i++)
			snprintf(h + 2 * i, 3, "%02X", p.b[i]);
		REFUSED(extensions, h, "SEQUENCEs nested deeper than SE_X509_MAX_DEPTH");
	}

	/* the reader */
	c = cert_default();
	n = test_cert(der, &c);
	m = 0;
	for (size_t fail_at = 0; fail_at < n; fail_at++)
		m += se_x509_check(n, failing_read, &fail_at) == SE_ERR_IO;
	CHECK(m == n, "a read failure at any offset is SE_ERR_IO (%zu of %zu)", m, n);
	CHECK(se_x509_check_buf(NULL, 10) == SE_ERR_FORMAT && se_x509_check(10, NULL, NULL) == SE_ERR_FORMAT,
	      "no buffer or no reader: refused");

	/* every single-byte mutation: what the check lets through, BearSSL decodes without crashing */
	for (size_t pos = 0; pos < n; pos++) {
		uint8_t keep = der[pos];

		for (unsigned v = 0; v < 256; v++) {
			if (v == keep)
				continue;
			der[pos] = (uint8_t)v;
			mutants++;
			if (se_x509_check_buf(der, n) == SE_OK) {
				accepted++;
				(void)bearssl_decode(der, n, NULL);
			}
		}
		der[pos] = keep;
	}
	CHECK(accepted > 0 && accepted < mutants,
	      "%zu single-byte mutants: %zu accepted and decoded by BearSSL without a crash", mutants, accepted);
	return done_testing();
}
