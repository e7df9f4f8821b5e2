/* tlsm_internal.h - functions shared by the TLS Manager's source files (not public). */
#ifndef TLSM_INTERNAL_H
#define TLSM_INTERNAL_H

#include "tlsm.h"

#define TLSM_SW_OK        0x9000u
#define TLSM_SW_MORE      0x6100u
#define TLSM_SW_LENGTH    0x6700u
#define TLSM_SW_AUTH      0x6982u
#define TLSM_SW_STATE     0x6985u
#define TLSM_SW_MALFORMED 0x6A80u
#define TLSM_SW_P1P2      0x6A86u
#define TLSM_SW_INS       0x6D00u
#define TLSM_SW_CLA       0x6E00u
#define TLSM_SW_INTERNAL  0x6F00u

/* Record content types (RFC 5246 6.2.1) and unit codes (binding 2). */
#define TLSM_CT_CCS       20
#define TLSM_CT_ALERT     21
#define TLSM_CT_HANDSHAKE 22
#define TLSM_CT_APPDATA   23
#define TLSM_UNIT_APPDATA  0x20
#define TLSM_UNIT_FINISHED 0x21
#define TLSM_UNIT_CCS      0x22
#define TLSM_UNIT_ALERT    0x23

/** Configure the BearSSL client (profile, credentials, buffers) and start a handshake. */
int tlsm_engine_start(tlsm_context *t, const tlsm_platform *pf, const char *name);

/** Wipe every key and the engine state (memset of contexts and buffers). */
void tlsm_engine_wipe(tlsm_context *t);

/**
 * Drive the engine as far as the staging buffer allows: output records to units, plaintext to
 * frames, frames to the secure dispatch, responses to sendapp.  On engine failure calls
 * tlsm_fail().  Returns 0, or the failure status word (6982 / 6A80).
 */
uint16_t tlsm_pump(tlsm_context *t, const tlsm_platform *pf);

/** Feed bytes (already a TLS record stream) to the engine's recvrec, pumping as needed. */
uint16_t tlsm_feed_records(tlsm_context *t, const tlsm_platform *pf, const uint8_t *p, size_t n);

/** Convert bytes of sendrec into staged units; returns bytes consumed from the engine. */
size_t tlsm_stage_output(tlsm_context *t);

/** Reset the output converter (records -> units). */
void tlsm_output_reset(tlsm_context *t);

/**
 * Fail the session: append the fatal alert unit for BearSSL error `err` (encrypted if the keys
 * are active), wipe the keys, forget the resumable session.  Returns 6982 or 6A80.
 */
uint16_t tlsm_fail(tlsm_context *t, const tlsm_platform *pf, int err);

/** The session ended cleanly: keys wiped, state CLOSED (session stays resumable). */
void tlsm_end(tlsm_context *t, const tlsm_platform *pf, uint8_t state);

/** Process one unit segment (INS 0x01..0x23).  Returns the status word (no data). */
uint16_t tlsm_unit_in(tlsm_context *t, const tlsm_platform *pf, uint8_t cla, uint8_t ins,
	uint16_t total, const uint8_t *data, size_t nc);

/** Write the STATUS TLV into rsp.  Returns the status word. */
uint16_t tlsm_status(const tlsm_context *t, uint8_t *rsp, size_t cap, size_t *rlen);

/** Append bytes to the staging buffer; returns 0 or -1 (no room). */
int tlsm_stage_put(tlsm_context *t, const uint8_t *p, size_t n);

#endif
