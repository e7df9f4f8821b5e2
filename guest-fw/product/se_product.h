/*
 * se_product.h - the se-iot SE as shipped: the card OS with ISD, App1, App2,
 * App3 and the TLS Manager, in this order (the NVM layout follows it, so every
 * user of an image - the QEMU device, host tools, tests - must agree on it).
 * This is the public API of the card library (pkg-config seiot-card) that
 * the QEMU device links.
 */
#ifndef SE_PRODUCT_H
#define SE_PRODUCT_H

#include "seos.h"
#include "tlsm_applet.h"

#define SE_PRODUCT_APPLETS 5u
/** Capacity a buffer for se_product_save_state() needs. */
#define SE_PRODUCT_STATE_MAX SE_OS_STATE_MAX

/** One SE instance. Caller-owned; it must not move after se_product_init(). */
typedef struct se_product {
	se_os_context os;
	tlsm_context tlsm;
	se_applet tlsm_desc;
	const se_applet *applets[SE_PRODUCT_APPLETS];
} se_product;

/**
 * \brief Start the SE over `hal` (which must outlive it).
 * \param flags  se_os_init() flags (SE_OS_FORMAT, SE_OS_FORMAT_ON_MISMATCH).
 * \return se_os_init()'s result: SE_OK, SE_NVM_FORMATTED or SE_ERR_*.
 */
int se_product_init(se_product *p, const se_hal *hal, unsigned flags);

/** \brief One command APDU of the plain interface: se_os_transmit(). */
int se_product_transmit(se_product *p, const uint8_t *cmd, size_t cmd_len,
	uint8_t *rsp, size_t rsp_cap, size_t *rsp_len);

/** \brief Warm or cold reset: se_os_reset(). */
int se_product_reset(se_product *p, int cold);

/**
 * \brief The card's RAM state as a versioned blob of at most
 * SE_PRODUCT_STATE_MAX bytes: se_os_save_state(). The TLS session is not
 * part of it.
 */
int se_product_save_state(const se_product *p, uint8_t *buf, size_t cap, size_t *len);

/**
 * \brief Restore a blob of se_product_save_state(): se_os_load_state() (a
 * refused blob leaves the card as it was; a TLS session in progress ends).
 */
int se_product_load_state(se_product *p, const uint8_t *buf, size_t len);

#endif
