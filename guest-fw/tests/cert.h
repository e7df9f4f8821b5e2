/*
 * A DER builder for the tests: synthetic X.509 certificates whose every field
 * can be swapped for a malformed one. Each piece is an element in a buffer;
 * test_cert() assembles Certificate from the pieces of a cert_parts.
 */
#ifndef SEOS_TEST_CERT_H
#define SEOS_TEST_CERT_H

#include <stdint.h>
#include <string.h>

#include "harness.h"

typedef struct {
	uint8_t b[3200];
	size_t n;
} piece;

/* Append raw bytes given in hex. */
static inline piece *raw(piece *p, const char *h)
{
	uint8_t tmp[600];
	size_t n = hex(h, tmp);

	memcpy(p->b + p->n, tmp, n);
	p->n += n;
	return p;
}

/* Append the element tag || DER length || contents (contents = another piece). */
static inline piece *elem(piece *p, uint8_t tag, const piece *c)
{
	uint8_t *o = p->b + p->n;
	size_t h;

	o[0] = tag;
	if (c->n < 0x80) {
		o[1] = (uint8_t)c->n;
		h = 2;
	} else if (c->n < 0x100) {
		o[1] = 0x81;
		o[2] = (uint8_t)c->n;
		h = 3;
	} else {
		o[1] = 0x82;
		o[2] = (uint8_t)(c->n >> 8);
		o[3] = (uint8_t)c->n;
		h = 4;
	}
	memcpy(o + h, c->b, c->n);
	p->n += h + c->n;
	return p;
}

static inline piece *elem_hex(piece *p, uint8_t tag, const char *h)
{
	static piece c;

	c.n = 0;
	raw(&c, h);
	return elem(p, tag, &c);
}

/* The fields of TBSCertificate as whole elements (hex), plus the outer parts. */
typedef struct {
	const char *version, *serial, *sig_alg, *issuer, *validity, *subject, *spki, *extensions;
	const char *outer_alg, *signature;
	size_t pad; /* bytes of an extra non-critical extension, to grow the certificate */
} cert_parts;

#define CERT_ECDSA_SHA256 "300A 0608 2A8648CE3D040302"
#define CERT_NAME_CA      "3012 3110 300E 0603 550403 0C07 54657374204341" /* CN=Test CA */
#define CERT_VALIDITY(nb, na) "301E 170D " nb " 170D " na
/* 261201000000Z .. 361201000000Z */
#define CERT_NB "3236313230313030303030305A"
#define CERT_NA "3336313230313030303030305A"
#define CERT_SPKI "3059 3013 0607 2A8648CE3D0201 0608 2A8648CE3D030107 0342 0004" \
	"6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296" \
	"4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5"
/* v3: basicConstraints critical CA:TRUE */
#define CERT_EXT_CA "A313 3011 300F 0603 551D13 0101FF 0405 30030101FF"

static inline cert_parts cert_default(void)
{
	cert_parts c = {
		.version = "A003 020102",
		.serial = "0201 01",
		.sig_alg = CERT_ECDSA_SHA256,
		.issuer = CERT_NAME_CA,
		.validity = CERT_VALIDITY(CERT_NB, CERT_NA),
		.subject = CERT_NAME_CA,
		.spki = CERT_SPKI,
		.extensions = CERT_EXT_CA,
		.outer_alg = CERT_ECDSA_SHA256,
		.signature = "030A 00 3007 020101 0202 00FF",
		.pad = 0,
	};
	return c;
}

/* Certificate ::= SEQUENCE { tbs, alg, sig } into `out` (>= 3200 bytes); returns its length. */
static inline size_t test_cert(uint8_t *out, const cert_parts *c)
{
	static piece tbs, cert, ext, ext1, val, padding;

	tbs.n = cert.n = 0;
	raw(&tbs, c->version);
	raw(&tbs, c->serial);
	raw(&tbs, c->sig_alg);
	raw(&tbs, c->issuer);
	raw(&tbs, c->validity);
	raw(&tbs, c->subject);
	raw(&tbs, c->spki);
	if (c->pad) {
		/* [3] { SEQUENCE { the CA extension's content, { OID 1.3.6.1.4.1.99999.1, OCTET { OCTET pad } } } } */
		ext.n = ext1.n = val.n = padding.n = 0;
		memset(padding.b, 0x5A, c->pad);
		padding.n = c->pad;
		raw(&ext1, "0609 2B0601040186 8D1F01");
		elem(&val, 0x04, &padding);
		elem(&ext1, 0x04, &val);
		raw(&ext, "300F 0603 551D13 0101FF 0405 30030101FF");
		elem(&ext, 0x30, &ext1);
		val.n = 0;
		elem(&val, 0x30, &ext);
		elem(&tbs, 0xA3, &val);
	} else {
		raw(&tbs, c->extensions);
	}
	elem(&cert, 0x30, &tbs);
	raw(&cert, c->outer_alg);
	raw(&cert, c->signature);
	tbs.n = 0;
	elem(&tbs, 0x30, &cert);
	memcpy(out, tbs.b, tbs.n);
	return tbs.n;
}

#endif
