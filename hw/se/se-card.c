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

/*
 * The TLS Manager's BearSSL context points into itself and cannot move to
 * another process: a session in progress ends with the migration, as after
 * a reset of the TLS Manager (the DE reconnects).  Everything else of the
 * card OS is plain data.
 */
bool se_card_fixup_pointers(SECard *c)
{
    se_os_context *os = &c->prod.os;

    os->nvm.hal = &c->hal;
    os->applets = c->prod.applets;
    tlsm_init(&c->prod.tlsm);
    os->selected[SE_OS_SECURE_CHANNEL] = SE_OS_NONE;
    memset(os->transient[SE_OS_SECURE_CHANNEL], 0,
           sizeof(os->transient[SE_OS_SECURE_CHANNEL]));
    return os->applet_count == SE_PRODUCT_APPLETS;
}

int se_card_transmit(SECard *c, const uint8_t *cmd, size_t cmd_len,
                     uint8_t *rsp, size_t rsp_cap, size_t *rsp_len)
{
    return se_os_transmit(&c->prod.os, cmd, cmd_len, rsp, rsp_cap, rsp_len) == SE_OK
           ? 0 : -1;
}

void se_card_reset(SECard *c, bool cold)
{
    /* An NVM error leaves the OS answering 6581, which is the card's way. */
    se_os_reset(&c->prod.os, cold);
}
