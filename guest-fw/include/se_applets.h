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

#endif
