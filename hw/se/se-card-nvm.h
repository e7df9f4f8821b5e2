/* SPDX-License-Identifier: GPL-2.0-or-later */
/* NVM image + HAL of the card, used by se-card.c. */
#ifndef HW_SEIOT_SE_CARD_NVM_H
#define HW_SEIOT_SE_CARD_NVM_H

#include "se-card.h"

/** se_card_nvm_open() - fill c->hal over the file @path or a RAM image. */
bool se_card_nvm_open(SECard *c, const char *path, Error **errp);
void se_card_nvm_close(SECard *c);

#endif
