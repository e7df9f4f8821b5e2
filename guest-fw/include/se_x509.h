/*
 * se_x509.h - strict structure check of a DER X.509 certificate (RFC 5280
 * section 4.1, X.690 DER) before any decoder sees it. The SE stores trust
 * anchors it will later hand to BearSSL's X.509 decoder, which trusts the
 * syntax of some fields (a Time with a non-digit month reads out of bounds in
 * BearSSL 0.6); this walker refuses such input first.
 *
 * What it checks: definite, minimal lengths inside their parent; single-byte
 * tags, universal types in their DER form (SEQUENCE/SET constructed, the
 * others primitive); BOOLEAN, INTEGER, BIT STRING, NULL, OBJECT IDENTIFIER
 * contents as DER encodes them; UTCTime YYMMDDHHMMSSZ and GeneralizedTime
 * YYYYMMDDHHMMSSZ with real dates; the Certificate/TBSCertificate shape with
 * each field's tag in order, nothing trailing; an extension value holding
 * exactly one DER element. It does not check signatures, names or keys.
 *
 * No allocation: the certificate is read through a callback in small pieces,
 * so it can stay in NVM. Nesting is bounded by SE_X509_MAX_DEPTH.
 */
#ifndef SE_X509_H
#define SE_X509_H

#include <stddef.h>
#include <stdint.h>

/** Deepest nesting of constructed elements accepted. */
#define SE_X509_MAX_DEPTH 12u

/** Reads `len` bytes at offset `off` of the certificate; 0 on success. */
typedef int (*se_x509_read_fn)(void *ctx, size_t off, void *buf, size_t len);

/**
 * \brief Check that the `len` bytes `read` delivers are exactly one DER
 * X.509 Certificate as described above.
 * \return SE_OK, SE_ERR_FORMAT (not one), SE_ERR_IO (`read` failed).
 */
int se_x509_check(size_t len, se_x509_read_fn read, void *ctx);

/** \brief se_x509_check() over a buffer. */
int se_x509_check_buf(const uint8_t *der, size_t len);

#endif
