/* Shared by the OS modules (registry, channel, dispatch, env); not public. */
#ifndef SE_OS_INTERNAL_H
#define SE_OS_INTERNAL_H

#include "se_os.h"

/* Data-area layout: OS area | credential store | applet regions in table order. */
#define OS_CARD_LC     0u /* card life cycle byte */
#define OS_APPLET_LC   1u /* + applet index: its life cycle byte */
#define OS_AREA_SIZE   16u
#define OS_CRED_OFF    OS_AREA_SIZE
#define OS_APPLETS_OFF (OS_CRED_OFF + SE_CRED_MAX)

/* SW classes that carry data and commit the call's NVM transaction. */
static inline int
os_sw_success(uint16_t sw)
{
	return sw == SE_SW_OK || (sw >> 8) == 0x61 || (sw >> 8) == 0x62 || (sw >> 8) == 0x63;
}

void os_env(se_env *e, se_os_context *os, uint8_t idx, uint8_t ch);
uint8_t os_find_aid(const se_os_context *os, const uint8_t *aid, size_t len);
uint8_t os_read_byte(se_os_context *os, uint32_t off);
uint16_t os_txn_end(se_os_context *os, uint16_t sw);
uint16_t os_call(se_os_context *os, uint8_t idx, uint8_t ch, const se_apdu *c, se_rsp *r);
void os_deselect(se_os_context *os, uint8_t ch);
uint16_t os_select(se_os_context *os, uint8_t ch, const se_apdu *c);
uint16_t os_manage_channel(se_os_context *os, uint8_t ch, const se_apdu *c, se_rsp *r);

#endif
