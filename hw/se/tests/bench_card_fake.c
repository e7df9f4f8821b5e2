/* SPDX-License-Identifier: GPL-2.0-or-later */
/* see bench_card.h: the fake card (until the firmware is linked). */
#include "bench_card.h"
#include "fake_card.h"

static fake_card fc;

int bench_card_open(t1p_card *card)
{
    card->ops = &fake_card_ops;
    card->ctx = &fc;
    return 0;
}
