/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The card behind the SE link: the firmware of guest-fw/ (card OS and
 * built-in applets, copied into QEMU's tree as hw/seiot/fw) over an NVM
 * image file, or a RAM image when no file is given.
 */
#ifndef HW_SEIOT_SE_CARD_H
#define HW_SEIOT_SE_CARD_H

#include "migration/vmstate.h"
#include "seos.h"

typedef struct SECard {
    se_os_context os;           /* card RAM state, migrated raw */
    se_hal hal;
    int nvm_fd;                 /* -1: RAM image */
    char *nvm_path;
    uint8_t *nvm_ram;           /* SE_OS_NVM_SIZE bytes when nvm_fd < 0 */
} SECard;

extern const VMStateDescription vmstate_se_card;
/* "guest-fw" (the card OS) or "stub" (stand-in): QOM property "card" */
extern const char se_card_name[];

/**
 * se_card_open() - open the NVM image (created if absent, locked against a
 * second user) and start the card OS on it.  @path may be NULL (RAM image).
 */
bool se_card_open(SECard *c, const char *path, Error **errp);
void se_card_close(SECard *c);
/** se_card_transmit() - one C-APDU; 0 with the R-APDU in @rsp, else -1. */
int se_card_transmit(SECard *c, const uint8_t *cmd, size_t cmd_len,
                     uint8_t *rsp, size_t rsp_cap, size_t *rsp_len);
void se_card_reset(SECard *c, bool cold);
/** se_card_fixup_pointers() - re-aim os's pointers at c (after migration). */
void se_card_fixup_pointers(SECard *c);

#endif
