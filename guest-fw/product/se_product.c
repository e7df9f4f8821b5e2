/* The se-iot SE's applet set (see se_product.h). */
#include <string.h>

#include "se_product.h"

/* see se_product.h */
int se_product_init(se_product *p, const se_hal *hal, unsigned flags)
{
	const se_applet tlsm = TLSM_APPLET(&p->tlsm);

	memset(p, 0, sizeof(*p));
	tlsm_init(&p->tlsm);
	p->tlsm_desc = tlsm;
	p->applets[0] = &se_isd_applet;
	p->applets[1] = &se_app1_applet;
	p->applets[2] = &se_app2_applet;
	p->applets[3] = &se_app3_applet;
	p->applets[4] = &p->tlsm_desc;
	return se_os_init(&p->os, hal, p->applets, SE_PRODUCT_APPLETS, flags);
}

/* see se_product.h */
int
se_product_transmit(se_product *p, const uint8_t *cmd, size_t cmd_len,
	uint8_t *rsp, size_t rsp_cap, size_t *rsp_len)
{
	return se_os_transmit(&p->os, cmd, cmd_len, rsp, rsp_cap, rsp_len);
}

/* see se_product.h */
int
se_product_reset(se_product *p, int cold)
{
	return se_os_reset(&p->os, cold);
}

/* see se_product.h */
int
se_product_save_state(const se_product *p, uint8_t *buf, size_t cap, size_t *len)
{
	return se_os_save_state(&p->os, buf, cap, len);
}

/* see se_product.h */
int
se_product_load_state(se_product *p, const uint8_t *buf, size_t len)
{
	return se_os_load_state(&p->os, buf, len);
}
