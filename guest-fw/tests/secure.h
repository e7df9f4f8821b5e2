/* Drive the secure channel through the fake TLS Manager: 80 20 00 00 Lc <inner APDU> 00. */
#ifndef SEOS_TEST_SECURE_H
#define SEOS_TEST_SECURE_H

#include "harness.h"

/* Returns the inner SW (0xFFFFxxxx if the outer command failed); inner data in r->rsp/r->rlen. */
static inline unsigned sec(rig *r, const char *inner)
{
	uint8_t cmd[600];
	size_t n = hex(inner, cmd + 5);
	unsigned sw;

	cmd[0] = 0x80;
	cmd[1] = 0x20;
	cmd[2] = 0;
	cmd[3] = (uint8_t)n;
	cmd[4] = (uint8_t)n;
	cmd[5 + n] = 0;
	sw = txb(r, cmd, n + 6, sizeof r->rsp);
	if (sw != 0x9000 || r->rlen < 2)
		return 0xFFFF0000u | sw;
	r->rlen -= 2;
	return se_get16(r->rsp + r->rlen);
}

#endif
