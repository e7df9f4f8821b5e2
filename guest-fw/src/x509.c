/*
 * Strict DER walk of an X.509 certificate (se_x509.h). Two passes over the
 * same bytes: the first checks every element's encoding (lengths, forms, the
 * contents of the primitive types the decoders interpret), the second the
 * RFC 5280 shape field by field. Internal functions return 0 or -1.
 */
#include <string.h>

#include "se_hal.h"
#include "se_x509.h"

#define T_BOOLEAN   0x01u
#define T_INTEGER   0x02u
#define T_BITSTRING 0x03u
#define T_OCTETS    0x04u
#define T_NULL      0x05u
#define T_OID       0x06u
#define T_UTCTIME   0x17u
#define T_GENTIME   0x18u
#define T_SEQUENCE  0x30u
#define T_SET       0x31u
#define T_CONSTRUCTED 0x20u

typedef struct {
	se_x509_read_fn read;
	void *ctx;
	size_t pos;
	int err; /* SE_ERR_IO once a read failed */
} cursor;

static int
get(cursor *c, void *buf, size_t len)
{
	if (c->read(c->ctx, c->pos, buf, len) != 0) {
		c->err = SE_ERR_IO;
		return -1;
	}
	c->pos += len;
	return 0;
}

/* DER: SEQUENCE and SET are constructed, every other universal type primitive. */
static int
form_ok(uint8_t tag)
{
	uint8_t num = tag & 0x1Fu;

	if (tag & 0xC0u) {
		return 1;
	}
	return num != 0 && (num == 0x10u || num == 0x11u) == ((tag & T_CONSTRUCTED) != 0);
}

/*
 * Header of the element at c->pos, which must end by `end` (c->pos <= end).
 * Lengths are definite, minimal and at most two bytes (the SE stores less
 * than 64 KiB); tags are single bytes (X.509 has no high tag numbers).
 */
static int
header(cursor *c, size_t end, uint8_t *tag, size_t *len)
{
	uint8_t b[3];
	size_t n;

	if (end - c->pos < 2 || get(c, b, 2) || (b[0] & 0x1Fu) == 0x1Fu || !form_ok(b[0])) {
		return -1;
	}
	if (b[1] < 0x80u) {
		n = b[1];
	} else if (b[1] == 0x81u) {
		if (end - c->pos < 1 || get(c, b + 2, 1) || b[2] < 0x80u) {
			return -1;
		}
		n = b[2];
	} else if (b[1] == 0x82u) {
		if (end - c->pos < 2 || get(c, b + 1, 2) || b[1] == 0) {
			return -1;
		}
		n = (size_t)b[1] << 8 | b[2];
	} else {
		return -1; /* indefinite (80) or a length this SE cannot hold */
	}
	if (n > end - c->pos) {
		return -1;
	}
	*tag = b[0];
	*len = n;
	return 0;
}

static unsigned
dec2(const uint8_t *p)
{
	return (unsigned)(p[0] - '0') * 10u + (unsigned)(p[1] - '0');
}

/* UTCTime YYMMDDHHMMSSZ (ylen 2) or GeneralizedTime YYYYMMDDHHMMSSZ (ylen 4), RFC 5280 4.1.2.5. */
static int
time_value(cursor *c, size_t len, size_t ylen)
{
	static const uint8_t mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	uint8_t b[15];
	const uint8_t *p;
	unsigned year, month, day, leap;

	if (len != ylen + 11 || get(c, b, len) || b[len - 1] != 'Z') {
		return -1;
	}
	for (size_t i = 0; i < len - 1; i++) {
		if (b[i] < '0' || b[i] > '9') {
			return -1;
		}
	}
	year = dec2(b);
	if (ylen == 4) {
		year = year * 100u + dec2(b + 2);
	} else {
		year += year < 50 ? 2000u : 1900u;
	}
	p = b + ylen;
	month = dec2(p);
	day = dec2(p + 2);
	if (month < 1 || month > 12) {
		return -1;
	}
	leap = month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
	if (day < 1 || day > mdays[month - 1] + leap) {
		return -1;
	}
	return dec2(p + 4) > 23 || dec2(p + 6) > 59 || dec2(p + 8) > 59 ? -1 : 0;
}

/* Subidentifiers in base 128, none with a leading 0x80, the last one complete. */
static int
oid_value(cursor *c, size_t len)
{
	uint8_t b[16];
	int start = 1;

	if (len == 0) {
		return -1;
	}
	while (len > 0) {
		size_t k = len < sizeof b ? len : sizeof b;

		if (get(c, b, k)) {
			return -1;
		}
		for (size_t i = 0; i < k; i++) {
			if (start && b[i] == 0x80u) {
				return -1;
			}
			start = !(b[i] & 0x80u);
		}
		len -= k;
	}
	return start ? 0 : -1;
}

/* Contents of a primitive element: the types decoders interpret are checked, others skipped. */
static int
primitive(cursor *c, uint8_t tag, size_t len)
{
	uint8_t b[2];

	switch (tag) {
	case T_BOOLEAN:
		return len != 1 || get(c, b, 1) || (b[0] != 0 && b[0] != 0xFFu) ? -1 : 0;
	case T_INTEGER: /* minimal two's complement */
		if (len == 0 || get(c, b, len < 2 ? len : 2)) {
			return -1;
		}
		if (len >= 2 && ((b[0] == 0 && !(b[1] & 0x80u)) || (b[0] == 0xFFu && (b[1] & 0x80u)))) {
			return -1;
		}
		c->pos += len - (len < 2 ? len : 2);
		return 0;
	case T_BITSTRING: /* unused-bits count, then bits whose unused tail is zero */
		if (len == 0 || get(c, b, 1) || b[0] > 7 || (len == 1 && b[0] != 0)) {
			return -1;
		}
		if (len > 1) {
			uint8_t unused = b[0];

			c->pos += len - 2;
			if (get(c, b, 1) || (b[0] & ((1u << unused) - 1u))) {
				return -1;
			}
		}
		return 0;
	case T_NULL:
		return len == 0 ? 0 : -1;
	case T_OID:
		return oid_value(c, len);
	case T_UTCTIME:
		return time_value(c, len, 2);
	case T_GENTIME:
		return time_value(c, len, 4);
	default:
		c->pos += len;
		return 0;
	}
}

/* Pass 1: every element in [c->pos, end) and everything nested in them. */
static int
elements(cursor *c, size_t end)
{
	size_t ends[SE_X509_MAX_DEPTH], len;
	unsigned depth = 0;
	uint8_t tag;

	ends[0] = end;
	for (;;) {
		if (c->pos == ends[depth]) {
			if (depth == 0) {
				return 0;
			}
			depth--;
			continue;
		}
		if (header(c, ends[depth], &tag, &len)) {
			return -1;
		}
		if (tag & T_CONSTRUCTED) {
			if (depth + 1 == SE_X509_MAX_DEPTH) {
				return -1;
			}
			ends[++depth] = c->pos + len;
		} else if (primitive(c, tag, len)) {
			return -1;
		}
	}
}

/* ---- pass 2: the shape (RFC 5280 4.1), on bytes pass 1 accepted ---- */

/* Tag of the next element without taking it; 0 at `end`. */
static uint8_t
peek(cursor *c, size_t end)
{
	uint8_t t;

	if (c->pos == end) {
		return 0;
	}
	if (c->read(c->ctx, c->pos, &t, 1) != 0) {
		c->err = SE_ERR_IO;
		return 0;
	}
	return t;
}

/* The next element must have `tag`; `*cend` is where its contents end. */
static int
take(cursor *c, size_t end, uint8_t tag, size_t *cend)
{
	uint8_t t;
	size_t len;

	if (header(c, end, &t, &len) || t != tag) {
		return -1;
	}
	*cend = c->pos + len;
	return 0;
}

/* The next element, with `tag` (0 = any), skipped whole. */
static int
field(cursor *c, size_t end, uint8_t tag)
{
	uint8_t t;
	size_t len;

	if (header(c, end, &t, &len) || (tag && t != tag)) {
		return -1;
	}
	c->pos += len;
	return 0;
}

/* AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL } */
static int
algorithm(cursor *c, size_t end)
{
	size_t e;

	if (take(c, end, T_SEQUENCE, &e) || field(c, e, T_OID)) {
		return -1;
	}
	if (c->pos < e && field(c, e, 0)) {
		return -1;
	}
	return c->pos == e ? 0 : -1;
}

/* Name ::= SEQUENCE OF SET SIZE (1..MAX) OF SEQUENCE { type OID, value ANY } */
static int
name(cursor *c, size_t end)
{
	size_t e, set, atv;

	if (take(c, end, T_SEQUENCE, &e)) {
		return -1;
	}
	while (c->pos < e) {
		if (take(c, e, T_SET, &set) || c->pos == set) {
			return -1;
		}
		while (c->pos < set) {
			if (take(c, set, T_SEQUENCE, &atv) || field(c, atv, T_OID)
				|| field(c, atv, 0) || c->pos != atv) {
				return -1;
			}
		}
	}
	return 0;
}

/* Validity ::= SEQUENCE { notBefore Time, notAfter Time } */
static int
validity(cursor *c, size_t end)
{
	size_t e;

	if (take(c, end, T_SEQUENCE, &e)) {
		return -1;
	}
	for (int i = 0; i < 2; i++) {
		uint8_t t = peek(c, e);

		if ((t != T_UTCTIME && t != T_GENTIME) || field(c, e, t)) {
			return -1;
		}
	}
	return c->pos == e ? 0 : -1;
}

/* SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING } */
static int
spki(cursor *c, size_t end)
{
	size_t e;

	if (take(c, end, T_SEQUENCE, &e) || algorithm(c, e) || field(c, e, T_BITSTRING)) {
		return -1;
	}
	return c->pos == e ? 0 : -1;
}

/*
 * [3] EXPLICIT SEQUENCE SIZE (1..MAX) OF Extension ::= SEQUENCE { extnID OID,
 * critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }. DER omits a FALSE
 * critical; the value holds the DER of exactly one element.
 */
static int
extensions(cursor *c, size_t end)
{
	size_t x, list, ext, v, start;
	uint8_t b;

	if (take(c, end, 0xA3u, &x) || take(c, x, T_SEQUENCE, &list) || list != x || c->pos == list) {
		return -1;
	}
	while (c->pos < list) {
		if (take(c, list, T_SEQUENCE, &ext) || field(c, ext, T_OID)) {
			return -1;
		}
		if (peek(c, ext) == T_BOOLEAN
			&& (take(c, ext, T_BOOLEAN, &v) || get(c, &b, 1) || b != 0xFFu)) {
			return -1;
		}
		if (take(c, ext, T_OCTETS, &v)) {
			return -1;
		}
		start = c->pos;
		if (elements(c, v)) {
			return -1;
		}
		c->pos = start;
		if (field(c, v, 0) || c->pos != v || c->pos != ext) {
			return -1;
		}
	}
	return 0;
}

/* TBSCertificate (RFC 5280 4.1.2); version 1 is the default, so DER omits it. */
static int
tbs(cursor *c, size_t end)
{
	size_t e, v, i;
	uint8_t version = 0;

	if (take(c, end, T_SEQUENCE, &e)) {
		return -1;
	}
	if (peek(c, e) == 0xA0u) {
		if (take(c, e, 0xA0u, &v) || take(c, v, T_INTEGER, &i) || i - c->pos != 1
			|| get(c, &version, 1) || (version != 1 && version != 2) || c->pos != v) {
			return -1;
		}
	}
	if (field(c, e, T_INTEGER) || algorithm(c, e) || name(c, e) || validity(c, e)
		|| name(c, e) || spki(c, e)) {
		return -1;
	}
	if (peek(c, e) == 0x81u && (version < 1 || field(c, e, 0x81u))) {
		return -1;
	}
	if (peek(c, e) == 0x82u && (version < 1 || field(c, e, 0x82u))) {
		return -1;
	}
	if (peek(c, e) == 0xA3u && (version < 2 || extensions(c, e))) {
		return -1;
	}
	return c->pos == e ? 0 : -1;
}

/* see se_x509.h */
int
se_x509_check(size_t len, se_x509_read_fn read, void *ctx)
{
	cursor c = { read, ctx, 0, 0 };
	size_t e;
	int bad;

	bad = len == 0 || read == NULL || elements(&c, len);
	if (!bad) {
		/* Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue } */
		c.pos = 0;
		bad = take(&c, len, T_SEQUENCE, &e) || e != len || tbs(&c, e) || algorithm(&c, e)
			|| field(&c, e, T_BITSTRING) || c.pos != e;
	}
	if (c.err) {
		return c.err;
	}
	return bad ? SE_ERR_FORMAT : SE_OK;
}

struct buf_reader {
	const uint8_t *p;
	size_t len;
};

static int
buf_read(void *ctx, size_t off, void *out, size_t len)
{
	const struct buf_reader *b = ctx;

	if (off > b->len || len > b->len - off) {
		return -1;
	}
	memcpy(out, b->p + off, len);
	return 0;
}

/* see se_x509.h */
int
se_x509_check_buf(const uint8_t *der, size_t len)
{
	struct buf_reader b = { der, len };

	if (der == NULL) {
		return SE_ERR_FORMAT;
	}
	return se_x509_check(len, buf_read, &b);
}
