/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The se-iot SE as shipped (guest-fw se_product: card OS, ISD, App1-App3,
 * TLS Manager) behind the SE link.  see se-card.h
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "se-card.h"
#include "se-card-nvm.h"

bool se_card_open(SECard *c, const char *path, Error **errp)
{
    int rc;

    if (!se_card_nvm_open(c, path, errp)) {
        return false;
    }
    rc = se_product_init(&c->prod, &c->hal, 0);
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

int se_card_transmit(SECard *c, const uint8_t *cmd, size_t cmd_len,
                     uint8_t *rsp, size_t rsp_cap, size_t *rsp_len)
{
    return se_product_transmit(&c->prod, cmd, cmd_len,
                               rsp, rsp_cap, rsp_len) == SE_OK ? 0 : -1;
}

void se_card_reset(SECard *c, bool cold)
{
    /* An NVM error leaves the OS answering 6581, which is the card's way. */
    se_product_reset(&c->prod, cold);
}
