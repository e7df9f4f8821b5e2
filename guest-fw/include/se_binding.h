/*
 * se_binding.h - the TLS-over-APDU binding between the DE and the SE
 * (docs/tls-binding.md): the one definition of its wire constants, used by
 * the card OS, the TLS Manager, libde, seiotd, the servers and the tests
 * (the Python tests parse the #define lines of this file).
 *
 * Portable C99, header only: no allocation, no global state.
 */
#ifndef SE_BINDING_H
#define SE_BINDING_H

#include <stddef.h>
#include <stdint.h>

/* Binding commands: CLA 0x80 (last or only segment), 0x90 (more follow). */
#define SE_BINDING_CLA       0x80
#define SE_BINDING_CLA_MORE  0x90

/* Session commands. */
#define SE_BINDING_INS_OPEN   0x50
#define SE_BINDING_INS_CLOSE  0x52
#define SE_BINDING_INS_STATUS 0x54

/*
 * Unit codes, which are also the INS of the command that carries the unit:
 * 0x01..0x1F a plaintext handshake message of that HandshakeType, then the
 * record-layer units.
 */
#define SE_BINDING_UNIT_HANDSHAKE_MIN 0x01
#define SE_BINDING_UNIT_HANDSHAKE_MAX 0x1F
#define SE_BINDING_UNIT_APPDATA       0x20
#define SE_BINDING_UNIT_FINISHED      0x21
#define SE_BINDING_UNIT_CCS           0x22
#define SE_BINDING_UNIT_ALERT         0x23

/* unit = CODE(1) || LEN(3) || BODY; P1P2 of a unit command carry LEN (<= 65535). */
#define SE_BINDING_UNIT_HEADER_LEN 4
#define SE_BINDING_UNIT_BODY_MAX   65535u

/* TLS record layer as the binding carries it (RFC 5246 6.2). */
#define SE_BINDING_CT_CCS           20
#define SE_BINDING_CT_ALERT         21
#define SE_BINDING_CT_HANDSHAKE     22
#define SE_BINDING_CT_APPDATA       23
#define SE_BINDING_RECORD_VERSION   0x0303
#define SE_BINDING_RECORD_HEADER_LEN 5

/* Application frames inside the session: LEN(2, big-endian) || APDU. */
#define SE_BINDING_FRAME_HEADER_LEN 2
#define SE_BINDING_FRAME_MAX        65535u

/*
 * The product's applet AIDs. The ISD has the GlobalPlatform ISD AID; the
 * others a proprietary RID F0 "SEIO".
 */
#define SE_AID_ISD   0xA0, 0x00, 0x00, 0x01, 0x51, 0x00, 0x00, 0x00
#define SE_AID_APP1  0xF0, 0x53, 0x45, 0x49, 0x4F, 0x41, 0x31
#define SE_AID_APP2  0xF0, 0x53, 0x45, 0x49, 0x4F, 0x41, 0x32
#define SE_AID_APP3  0xF0, 0x53, 0x45, 0x49, 0x4F, 0x41, 0x33
#define SE_AID_TLSM  0xF0, 0x53, 0x45, 0x49, 0x4F, 0x54, 0x4C, 0x53

/** \return non-zero if (cla, ins) is a binding command (routed to the TLS Manager). */
static inline int
se_binding_is_command(uint8_t cla, uint8_t ins)
{
	if (cla != SE_BINDING_CLA && cla != SE_BINDING_CLA_MORE) {
		return 0;
	}
	return (ins >= SE_BINDING_UNIT_HANDSHAKE_MIN && ins <= SE_BINDING_UNIT_ALERT)
		|| ins == SE_BINDING_INS_OPEN || ins == SE_BINDING_INS_CLOSE
		|| ins == SE_BINDING_INS_STATUS;
}

/** \return non-zero if `code` is a unit code the binding defines. */
static inline int
se_binding_is_unit(unsigned code)
{
	return code >= SE_BINDING_UNIT_HANDSHAKE_MIN && code <= SE_BINDING_UNIT_ALERT;
}

/** Write the 5-byte TLS 1.2 record header for a record of `type` and `len` bytes (len <= 0xFFFF). */
static inline void
se_binding_record_header(uint8_t h[SE_BINDING_RECORD_HEADER_LEN], uint8_t type, size_t len)
{
	h[0] = type;
	h[1] = (uint8_t)(SE_BINDING_RECORD_VERSION >> 8);
	h[2] = (uint8_t)SE_BINDING_RECORD_VERSION;
	h[3] = (uint8_t)(len >> 8);
	h[4] = (uint8_t)len;
}

/** Write a frame header for an APDU of `len` bytes (len <= SE_BINDING_FRAME_MAX). */
static inline void
se_binding_frame_header(uint8_t h[SE_BINDING_FRAME_HEADER_LEN], size_t len)
{
	h[0] = (uint8_t)(len >> 8);
	h[1] = (uint8_t)len;
}

/** \return the APDU length a frame header announces. */
static inline size_t
se_binding_frame_len(const uint8_t h[SE_BINDING_FRAME_HEADER_LEN])
{
	return ((size_t)h[0] << 8) | h[1];
}

#endif
