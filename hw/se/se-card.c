/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The card OS of guest-fw/ with its built-in applets (ISD, App1-App3)
 * behind the SE link.  see se-card.h
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "se-card.h"
#include "se-card-nvm.h"

const char se_card_name[] = "guest-fw";

static const se_applet *const se_card_applets[] = {
    &se_isd_applet,
    &se_app1_applet,
    &se_app2_applet,
    &se_app3_applet,
};

bool se_card_open(SECard *c, const char *path, Error **errp)
{
    int rc;

    if (!se_card_nvm_open(c, path, errp)) {
        return false;
    }
    rc = se_os_init(&c->os, &c->hal, se_card_applets,
                    ARRAY_SIZE(se_card_applets), 0);
    if (rc < 0) {
        error_setg(errp, "SE card OS refused the NVM image%s%s (error %d%s)",
                   path ? " " : "", path ? path : "", rc,
                   rc == SE_ERR_LAYOUT ? ": formatted for another applet set" : "");
        se_card_nvm_close(c);
        return false;
    }
    return true;
}

void se_card_close(SECard *c)
{
    se_card_nvm_close(c);
}

void se_card_fixup_pointers(SECard *c)
{
    c->os.nvm.hal = &c->hal;
    c->os.applets = se_card_applets;
}

int se_card_transmit(SECard *c, const uint8_t *cmd, size_t cmd_len,
                     uint8_t *rsp, size_t rsp_cap, size_t *rsp_len)
{
    return se_os_transmit(&c->os, cmd, cmd_len, rsp, rsp_cap, rsp_len) == SE_OK
           ? 0 : -1;
}

void se_card_reset(SECard *c, bool cold)
{
    /* An NVM error leaves the OS answering 6581, which is the card's way. */
    se_os_reset(&c->os, cold);
}
