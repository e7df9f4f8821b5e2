/*
 * se_product.h - the se-iot SE as shipped: the card OS with ISD, App1, App2,
 * App3 and the TLS Manager, in this order (the NVM layout follows it, so every
 * user of an image - the QEMU device, host tools, tests - must agree on it).
 */
#ifndef SE_PRODUCT_H
#define SE_PRODUCT_H

#include "seos.h"
#include "tlsm_applet.h"

#define SE_PRODUCT_APPLETS 5u

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

#endif
