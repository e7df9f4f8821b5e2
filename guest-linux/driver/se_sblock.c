// SPDX-License-Identifier: GPL-2.0
/*
 * GlobalPlatform T=1' secure element driver: S-block requests.
 *
 * S(RESYNCH), S(SWR), S(IFS), S(CIP) with their retries, and the link
 * activation of a probe (se_frame.c decodes the CIP).
 */

#include <linux/delay.h>
#include <linux/device.h>
#include <linux/string.h>

#include "se_internal.h"

/**
 * se_s_exchange() - S(request) → S(response) with retries
 * @se:   the SE
 * @type: S-block type
 * @inf:  request INF, or NULL
 * @len:  request INF size
 * @b:    the response block, valid on success
 *
 * An invalid or missing answer, or an R-block, makes us send the request
 * again, at most se_param_retries times.
 *
 * Return: 0, or the last error.
 */
int se_s_exchange(struct se_dev *se, u8 type, const u8 *inf, size_t len,
		  struct se_block *b)
{
	unsigned int tries;
	int ret = -EIO;

	for (tries = 0; tries <= se_param_retries; tries++) {
		if (tries)
			se->st.retries++;
		se_build(se, SE_PCB_S | type, inf, len);
		ret = se_exchange(se, 1, b);
		if (ret)
			continue;
		if (b->pcb == (SE_PCB_S | SE_PCB_S_RESP | type))
			return 0;
		se->st.errors++;
		ret = -EPROTO;
	}
	return ret;
}

int se_resynch(struct se_dev *se)
{
	struct se_block b;
	int ret;

	se->st.resynchs++;
	ret = se_s_exchange(se, SE_S_RESYNCH, NULL, 0, &b);
	if (!ret) {
		se->ns = 0;
		se->nr = 0;
	}
	return ret;
}

int se_swr(struct se_dev *se)
{
	struct se_block b;
	int ret;

	se->st.swrs++;
	ret = se_s_exchange(se, SE_S_SWR, NULL, 0, &b);
	if (ret)
		return ret;
	if (se->pwt_ms)
		fsleep(se->pwt_ms * USEC_PER_MSEC);
	se->ns = 0;
	se->nr = 0;
	/* The SE forgot our IFSD. */
	se->ifsd = SE_DEF_IFS;
	return 0;
}

int se_set_ifsd(struct se_dev *se, unsigned int size)
{
	struct se_block b;
	u8 inf[2];
	size_t n;
	int ret;

	if (size == se->ifsd)
		return 0;
	if (size > 0xff) {
		put_unaligned_be16(size, inf);
		n = 2;
	} else {
		inf[0] = size;
		n = 1;
	}
	ret = se_s_exchange(se, SE_S_IFS, inf, n, &b);
	if (ret)
		return ret;
	if (b.len != n || memcmp(b.inf, inf, n))
		return -EPROTO;
	se->ifsd = size;
	return 0;
}

/* Read the CIP and apply its timing and size parameters. */
int se_read_cip(struct se_dev *se)
{
	struct se_cip_info ci;
	struct se_block b;
	int ret;

	ret = se_s_exchange(se, SE_S_CIP, NULL, 0, &b);
	if (ret)
		return ret;
	if (b.len > SE_CIP_MAX || se_cip_parse(b.inf, b.len, &ci)) {
		dev_err(se->dev, "malformed CIP: %*ph\n",
			(int)min_t(size_t, b.len, 64), b.inf);
		return -EPROTO;
	}
	if (ci.plid != se->bus)
		dev_warn(se->dev, "CIP announces PLID %u on a bus of PLID %u\n",
			 ci.plid, se->bus);
	memcpy(se->cip, b.inf, b.len);
	se->cip_len = b.len;
	se->ci = ci;

	se->bwt_ms = ci.bwt_ms ? ci.bwt_ms : SE_DEF_BWT_MS;
	se->ifsc = ci.ifsc;
	se->pwt_ms = ci.pwt_ms;
	/* MPOT in ms (project choice, spec §2.4); 0 means "poll freely". */
	se->params.mpot_us = ci.mpot_ms ? ci.mpot_ms * USEC_PER_MSEC : 100;
	se->params.mcf_khz = ci.mcf_khz;
	se->params.guard_us = ci.plid == SE_BUS_SPI ? ci.segt_us : ci.rwgt_us;
	se->params.seal = ci.seal;
	if (se->ops->configure)
		se->ops->configure(se->phy_id, &se->params);
	return 0;
}

int se_activate(struct se_dev *se)
{
	int ret;

	se_drain(se);
	ret = se_read_cip(se);
	if (ret)
		return ret;
	ret = se_resynch(se);
	if (ret)
		return ret;
	if (se->ifsd_want != se->ifsd) {
		ret = se_set_ifsd(se, se->ifsd_want);
		if (ret)
			dev_warn(se->dev, "S(IFS %u) refused (%d), IFSD stays %u\n",
				 se->ifsd_want, ret, se->ifsd);
	}
	return 0;
}
