/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The card the link bench drives: the fake card, or the real card OS. */
#ifndef SE_BENCH_CARD_H
#define SE_BENCH_CARD_H

#include "t1prime.h"

/** bench_card_open() - set up a card answering SELECT; 0 on success. */
int bench_card_open(t1p_card *card);

#endif
