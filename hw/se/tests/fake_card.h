/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small fake card for the link tests and bench (stand-in until the
 * firmware of guest-fw/ is linked).  Commands, by INS:
 *   A4 SELECT            -> 9000
 *   CA GET DATA, P1P2=N  -> N bytes (i & 0xFF) + 9000
 *   EE ECHO              -> the whole command + 9000
 *   FF                   -> transmit() fails (link must answer 6F00)
 *   other                -> 6D00
 */
#ifndef SE_FAKE_CARD_H
#define SE_FAKE_CARD_H

#include "t1prime.h"

typedef struct fake_card {
    unsigned cold_resets;
    unsigned warm_resets;
    unsigned apdus;
    uint32_t proc_us;       /* what proc_time_us() reports */
} fake_card;

extern const t1p_card_ops fake_card_ops;

#endif
