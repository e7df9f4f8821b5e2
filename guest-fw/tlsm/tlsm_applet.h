/*
 * tlsm_applet.h - the TLS Manager as an applet of the card OS (guest-fw/include/se_applet.h).
 *
 * The integrator owns the context and the descriptor:
 *     static tlsm_context tlsm_ctx;
 *     static const se_applet tlsm_applet = TLSM_APPLET(&tlsm_ctx);
 * and registers &tlsm_applet with se_os_init().  The Dispatcher then routes every binding
 * command (CLA 80/90, INS 01..1F, 20..23, 50, 52, 54) and the GET RESPONSEs after a 61XX here.
 * Credentials come from the ISD-written store (se_cred_find/se_cred_read) at every OPEN;
 * decrypted commands go to se_os_dispatch_secure(); random bytes and time from the HAL.
 */
#ifndef TLSM_APPLET_H
#define TLSM_APPLET_H

#include "se_applet.h"
#include "se_os.h"
#include "se_applets.h"
#include "tlsm.h"

/** AID of the TLS Manager (SE_AID_TLSM). */
extern const uint8_t tlsm_applet_aid[8];

/** \brief Applet entry: one routed command.  `env->self->instance` is the tlsm_context. */
uint16_t tlsm_applet_process(const se_env *env, const se_apdu *cmd, se_rsp *rsp);

/** \brief Applet reset hook: the session and its keys are forgotten. */
void tlsm_applet_reset(const se_env *env);

/** Descriptor initialiser for a TLS Manager whose context is `ctx`. */
#define TLSM_APPLET(ctx) { \
	.aid = tlsm_applet_aid, \
	.aid_len = 8, \
	.flags = SE_APPLET_TLSM, \
	.nvm_size = 0, \
	.process = tlsm_applet_process, \
	.select = NULL, \
	.deselect = NULL, \
	.reset = tlsm_applet_reset, \
	.instance = (ctx), \
}

#endif
