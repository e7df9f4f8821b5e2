/*
 * se_applets.h - the built-in applets (descriptors in ROM) and their AIDs.
 * Command sets: docs/applets.md.
 */
#ifndef SE_APPLETS_H
#define SE_APPLETS_H

#include "se_applet.h"

/* AIDs. The ISD uses the GlobalPlatform ISD AID; the others a proprietary RID F0 "SEIO". */
#define SE_AID_ISD   0xA0, 0x00, 0x00, 0x01, 0x51, 0x00, 0x00, 0x00
#define SE_AID_APP1  0xF0, 0x53, 0x45, 0x49, 0x4F, 0x41, 0x31       /* sensor log */
#define SE_AID_APP2  0xF0, 0x53, 0x45, 0x49, 0x4F, 0x41, 0x32       /* device identity + counters */
#define SE_AID_APP3  0xF0, 0x53, 0x45, 0x49, 0x4F, 0x41, 0x33       /* secure-only vault */
#define SE_AID_TLSM  0xF0, 0x53, 0x45, 0x49, 0x4F, 0x54, 0x4C, 0x53 /* TLS Manager (guest-fw/tlsm) */

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

#endif
