/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stand-in card used only while guest-fw/ has no card OS sources yet
 * (hw/meson.build picks se-card.c as soon as they exist): SELECT by AID
 * answers 9000, anything else 6D00.  Same NVM file handling as the real one.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "se-card.h"
#include "se-card-nvm.h"

const char se_card_name[] = "stub";

bool se_card_open(SECard *c, const char *path, Error **errp)
{
    return se_card_nvm_open(c, path, errp);
}

void se_card_close(SECard *c)
{
    se_card_nvm_close(c);
}

void se_card_fixup_pointers(SECard *c)
{
    c->os.nvm.hal = &c->hal;
}

int se_card_transmit(SECard *c, const uint8_t *cmd, size_t cmd_len,
                     uint8_t *rsp, size_t rsp_cap, size_t *rsp_len)
{
    bool select = cmd_len >= 4 && cmd[1] == 0xA4 && cmd[2] == 0x04;

    if (rsp_cap < 2) {
        return -1;
    }
    rsp[0] = select ? 0x90 : 0x6D;
    rsp[1] = 0x00;
    *rsp_len = 2;
    return 0;
}

void se_card_reset(SECard *c, bool cold)
{
}
