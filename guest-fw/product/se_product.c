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
