/*
 * se_applets.h - the built-in applets (descriptors in ROM).
 * Command sets: docs/applets.md.
 */
#ifndef SE_APPLETS_H
#define SE_APPLETS_H

#include "se_applet.h"
#include "se_binding.h"

/* The AIDs (SE_AID_*) are part of the binding: se_binding.h. */

/** ISD: life cycle, applet list, TLS Manager personalisation (STORE DATA). */
extern const se_applet se_isd_applet;
/** App1: sensor log, cyclic record file of SE_APP1_RECORDS records of SE_APP1_RECORD_SIZE bytes. */
extern const se_applet se_app1_applet;
/** App2: device identity (serial, label) and four DE counters. */
extern const se_applet se_app2_applet;
/** App3: secure-only monotonic counter and key-value store. */
extern const se_applet se_app3_applet;

#define SE_APP1_RECORD_SIZE 10u /* timestamp u32 | sensor id u16 | value s32, big-endian */
#define SE_APP1_RECORDS     48u
#define SE_APP3_KEY_MAX     16u
#define SE_APP3_VALUE_MAX   32u
#define SE_APP3_SLOTS       8u

/* The command sets (INS bytes), as in docs/applets.md. */
/** ISD, CLA 80..83: GlobalPlatform card management. */
#define SE_ISD_INS_GET_STATUS 0xF2u
#define SE_ISD_INS_SET_STATUS 0xF0u
#define SE_ISD_INS_STORE_DATA 0xE2u
/** App1: ISO 7816-4 record and binary file commands on the sensor log. */
#define SE_APP1_INS_APPEND_RECORD 0xE2u
#define SE_APP1_INS_READ_RECORD   0xB2u
#define SE_APP1_INS_READ_BINARY   0xB0u
#define SE_APP1_INS_ERASE_BINARY  0x0Eu
/** App2: identity data objects (P2 = tag) and the DE counters. */
#define SE_APP2_INS_GET_DATA 0xCAu
#define SE_APP2_INS_PUT_DATA 0xDAu
#define SE_APP2_INS_INCREASE 0x32u
/** App3: the counter and the key-value store (GET DATA with the odd INS takes the key as data). */
#define SE_APP3_INS_INCREASE     0x32u
#define SE_APP3_INS_GET_DATA     0xCAu
#define SE_APP3_INS_GET_DATA_KEY 0xCBu
#define SE_APP3_INS_PUT_DATA     0xDAu

#endif
