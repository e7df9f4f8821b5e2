// SPDX-License-Identifier: GPL-2.0
/*
 * GlobalPlatform T=1' (GPC_SPE_172) secure element driver: protocol core.
 *
 * Block framing (NAD PCB LEN INF CRC, CRC-16/X-25 sent high byte first),
 * I-, R- and S-blocks, chaining in both directions, error recovery
 * (R-blocks, retransmission, then S(RESYNCH) and one replay), S(WTX),
 * BWT timeouts and the CIP.  The phys (se_i2c.c, se_spi.c) only move
 * whole blocks; see link-t1prime.md for the profile this follows.
 *
 * User ABI (se_uapi.h): /dev/seN, one write() is one command APDU and the
 * next read() its response; poll(); ioctls for the CIP, RESYNCH/SWR and
 * RELEASE; sysfs groups "cip" and "stats" on the misc device.
 */

#include <linux/completion.h>
#include <linux/crc-ccitt.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/jiffies.h>
#include <linux/kref.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <asm/unaligned.h>

#include "se_core.h"
#include "se_uapi.h"

#define SE_NAD_HD_TO_SE		0x21

/* PCB (spec §2.3) */
#define SE_PCB_I_NS		0x40
#define SE_PCB_I_M		0x20
#define SE_PCB_R		0x80
#define SE_PCB_R_NR		0x10
#define SE_PCB_R_EE		0x03
#define SE_PCB_S		0xc0
#define SE_PCB_S_RESP		0x20
#define SE_PCB_KIND		0xc0

#define SE_S_RESYNCH		0x00
#define SE_S_IFS		0x01
#define SE_S_ABORT		0x02
#define SE_S_WTX		0x03
#define SE_S_CIP		0x04
#define SE_S_RELEASE		0x06
#define SE_S_SWR		0x0f

#define SE_R_ACK		0
#define SE_R_EDC		1
#define SE_R_OTHER		2

/* Defaults before the CIP is known (spec §2.6). */
#define SE_DEF_BWT_MS		300
#define SE_DEF_IFS		0xfe
#define SE_DEF_PWT_MS		25
#define SE_DEF_MPOT_US		1000
#define SE_DEF_RWGT_US		10
#define SE_DEF_SEGT_US		200

/* Blocks found by polling that the IRQ did not signal, before giving up. */
#define SE_IRQ_MAX_MISSES	3

static unsigned int retries = 3;
module_param(retries, uint, 0644);
MODULE_PARM_DESC(retries, "Block retries before S(RESYNCH) (default 3)");

static unsigned int max_wtx = 100;
module_param(max_wtx, uint, 0644);
MODULE_PARM_DESC(max_wtx, "S(WTX) rounds allowed per APDU (default 100)");

static unsigned int ifsd = SE_DEF_IFS;
module_param(ifsd, uint, 0444);
MODULE_PARM_DESC(ifsd, "Host receive size announced by S(IFS), 1..4089 (default 254)");

static bool use_irq = true;
module_param(use_irq, bool, 0444);
MODULE_PARM_DESC(use_irq, "Use the data-ready interrupt when wired (default Y)");

static DEFINE_IDA(se_ida);

struct se_stats {
	unsigned long blocks_tx;
	unsigned long blocks_rx;
	unsigned long apdus;
	unsigned long retries;
	unsigned long crc_errors;
	unsigned long errors;
	unsigned long timeouts;
	unsigned long resynchs;
	unsigned long swrs;
	unsigned long wtx;
	unsigned long irqs;
};

/* CIP fields (spec §2.4); PLP fields of the other bus stay 0. */
struct se_cip_info {
	u8 version;
	u8 iin_len;
	u8 iin[4];
	u8 plid;
	u8 pwt_ms;
	u8 pst_ms;
	u8 mpot_ms;
	u16 mcf_khz;
	u16 rwgt_us;
	u16 segt_us;
	u16 seal;
	u16 wut;
	u16 bwt_ms;
	u16 ifsc;
	u8 hb_len;
};

/**
 * struct se_dev - one secure element
 * @kref:        held by the bound device and by each open file
 * @dev:         the bus device (I2C client or SPI device)
 * @ops:         phy operations
 * @phy_id:      phy context passed to @ops
 * @bus:         bus type (the CIP PLID expected)
 * @id:          N of /dev/seN
 * @name:        "seN"
 * @misc:        the character device
 * @lock:        serialises the link; protects everything below
 * @dead:        the bus device is gone, the link must not be used
 * @irq:         data-ready IRQ, 0 when polling
 * @irq_line:    the IRQ requested at probe (kept after a fallback to polling)
 * @irq_dt_type: its trigger type before the request (the firmware's)
 * @irq_misses:  consecutive blocks the IRQ did not signal
 * @irq_fired:   the handler ran (and disabled the IRQ) since the last arm
 * @ready:       completed by the IRQ handler
 * @last_access: end of the previous bus access, for guard times
 * @ns:          N(S) of our next I-block
 * @nr:          N(S) expected in the SE's next I-block
 * @ifsc:        SE receive size (from the CIP or S(IFS req))
 * @ifsd:        our receive size
 * @ifsd_want:   the receive size to announce (ifsd parameter or sysfs)
 * @bwt_ms:      block waiting time
 * @pwt_ms:      power wake-up time, waited after S(SWR)
 * @params:      physical parameters for the phy
 * @cip:         raw CIP
 * @cip_len:     bytes in @cip
 * @ci:          parsed CIP
 * @crc_err:     the last receive failure was a CRC error
 * @tx:          last block sent (kept for retransmission)
 * @tx_len:      bytes in @tx
 * @rx:          last block received
 * @st:          counters shown in sysfs
 */
struct se_dev {
	struct kref kref;
	struct device *dev;
	const struct se_phy_ops *ops;
	void *phy_id;
	enum se_bus bus;
	int id;
	char name[16];
	struct miscdevice misc;

	struct mutex lock;	/* the link and the fields below */
	bool dead;
	int irq;
	int irq_line;
	u32 irq_dt_type;
	unsigned int irq_misses;
	bool irq_fired;
	struct completion ready;
	ktime_t last_access;
	u8 ns;
	u8 nr;
	u16 ifsc;
	u16 ifsd;
	u16 ifsd_want;
	u32 bwt_ms;
	u32 pwt_ms;
	struct se_link_params params;
	u8 cip[SE_CIP_MAX];
	u32 cip_len;
	struct se_cip_info ci;
	bool crc_err;
	u8 *tx;
	size_t tx_len;
	u8 *rx;
	struct se_stats st;
};

struct se_block {
	u8 pcb;
	u16 len;
	const u8 *inf;
};

static u16 se_crc(const u8 *buf, size_t len)
{
	/* CRC-16/X-25: reflected 0x1021, init and xorout 0xffff */
	return crc_ccitt(0xffff, buf, len) ^ 0xffff;
}

static void se_free(struct kref *kref)
{
	struct se_dev *se = container_of(kref, struct se_dev, kref);

	if (se->id >= 0)
		ida_free(&se_ida, se->id);
	mutex_destroy(&se->lock);
	kfree(se->tx);
	kfree(se->rx);
	kfree(se);
}

/* ---- bus access ---------------------------------------------------------- */

static void se_guard(struct se_dev *se)
{
	s64 left = (s64)se->params.guard_us -
		   ktime_us_delta(ktime_get(), se->last_access);

	if (left > 0)
		fsleep(left);
}

static void se_poll_sleep(struct se_dev *se)
{
	u32 us = se->params.mpot_us;

	usleep_range(us, us + us / 4 + 10);
}

static irqreturn_t se_irq_handler(int irq, void *dev_id)
{
	struct se_dev *se = dev_id;

	/* The line may be level-triggered: quiet it until the next block. */
	disable_irq_nosync(irq);
	WRITE_ONCE(se->irq_fired, true);
	complete(&se->ready);
	return IRQ_HANDLED;
}

static void se_irq_arm(struct se_dev *se)
{
	if (se->irq > 0) {
		se->irq_fired = false;
		reinit_completion(&se->ready);
		enable_irq(se->irq);
	}
}

static void se_irq_disarm(struct se_dev *se)
{
	if (se->irq > 0) {
		/* Synchronous: the handler cannot run after this. */
		disable_irq(se->irq);
		/* The handler disabled it once too: undo one of the two. */
		if (READ_ONCE(se->irq_fired))
			enable_irq(se->irq);
	}
}

/* A block was there but the IRQ did not say so. */
static void se_irq_missed(struct se_dev *se)
{
	if (++se->irq_misses < SE_IRQ_MAX_MISSES)
		return;
	dev_warn(se->dev, FW_BUG "data-ready interrupt %d not working, polling instead\n",
		 se->irq);
	/* Called between arm and disarm: leave it disabled, as disarm would. */
	se_irq_disarm(se);
	se->irq = 0;
}

/**
 * se_xmit() - send the block in se->tx
 * @se: the SE
 *
 * An SE that is busy refuses the block (I2C address NACK); retry every
 * polling interval until BWT runs out.
 *
 * Return: 0, -ETIMEDOUT, or the phy's -errno.
 */
static int se_xmit(struct se_dev *se)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(se->bwt_ms) + 1;
	int ret;

	dev_dbg(se->dev, "tx %*ph%s\n", (int)min_t(size_t, se->tx_len, 32),
		se->tx, se->tx_len > 32 ? "..." : "");
	for (;;) {
		se_guard(se);
		ret = se->ops->send(se->phy_id, se->tx, se->tx_len);
		se->last_access = ktime_get();
		if (ret != -EBUSY)
			break;
		if (time_after(jiffies, deadline)) {
			se->st.timeouts++;
			return -ETIMEDOUT;
		}
		se_poll_sleep(se);
	}
	if (!ret)
		se->st.blocks_tx++;
	return ret;
}

/**
 * se_parse() - check the frame in se->rx and split it
 * @se: the SE
 * @n:  frame size returned by the phy
 * @b:  the block, valid on success
 *
 * Return: 0 or -EBADMSG (se->crc_err tells a CRC error from the others).
 */
static int se_parse(struct se_dev *se, size_t n, struct se_block *b)
{
	const u8 *p = se->rx;
	u16 len;
	u8 pcb;

	if (n < SE_OVERHEAD)
		goto bad;
	len = get_unaligned_be16(p + 2);
	if (len > se->ifsd || len + SE_OVERHEAD != n)
		goto bad;
	if (se_crc(p, n - SE_EPILOGUE_LEN) != get_unaligned_be16(p + n - 2)) {
		se->crc_err = true;
		se->st.crc_errors++;
		dev_dbg(se->dev, "rx CRC error %*ph\n", (int)min_t(size_t, n, 32), p);
		return -EBADMSG;
	}
	if (!se_nad_valid(p[0]))
		goto bad;
	pcb = p[1];
	switch (pcb & SE_PCB_KIND) {
	case SE_PCB_R:
		if ((pcb & 0x6c) || (pcb & SE_PCB_R_EE) == 3 || len)
			goto bad;
		break;
	case SE_PCB_S:
		break;
	default:
		if (pcb & 0x1f)
			goto bad;
	}
	b->pcb = pcb;
	b->len = len;
	b->inf = p + SE_PROLOGUE_LEN;
	se->st.blocks_rx++;
	dev_dbg(se->dev, "rx %*ph%s\n", (int)min_t(size_t, n, 32), p,
		n > 32 ? "..." : "");
	return 0;
bad:
	se->st.errors++;
	dev_dbg(se->dev, "rx bad block %*ph\n", (int)min_t(size_t, n, 32), p);
	return -EBADMSG;
}

/**
 * se_recv() - wait for the SE's block and read it
 * @se:   the SE
 * @mult: BWT multiplier granted by the last S(WTX)
 * @b:    the block, valid on success
 *
 * Waits up to BWT for the data-ready IRQ when there is one, then polls
 * once more, so that a lost IRQ costs time, not the block (polling while
 * the SE is busy would make it NACK, which is slow on some adapters).
 * Without an IRQ, polls every MPOT.
 *
 * Return: 0, -ETIMEDOUT after BWT * @mult, -EBADMSG, or a phy -errno.
 */
static int se_recv(struct se_dev *se, unsigned int mult, struct se_block *b)
{
	unsigned long deadline = jiffies +
				 msecs_to_jiffies(se->bwt_ms * mult) + 1;
	bool first = true, signalled;
	int ret;

	se->crc_err = false;
	for (;;) {
		signalled = false;
		if (se->irq > 0) {
			long left = max_t(long, (long)(deadline - jiffies), 1);

			signalled = wait_for_completion_timeout(&se->ready,
								left) > 0;
			if (signalled)
				se->st.irqs++;
		} else if (!first) {
			se_poll_sleep(se);
		}
		first = false;
		se_guard(se);
		ret = se->ops->recv(se->phy_id, se->rx, se->ifsd + SE_OVERHEAD);
		se->last_access = ktime_get();
		if (ret == -EAGAIN) {
			if (time_after(jiffies, deadline)) {
				se->st.timeouts++;
				return -ETIMEDOUT;
			}
			if (signalled) {
				/* Early or spurious signal: wait for the next. */
				se_irq_disarm(se);
				se_poll_sleep(se);
				se_irq_arm(se);
			}
			continue;
		}
		if (se->irq > 0) {
			if (signalled)
				se->irq_misses = 0;
			else if (ret >= 0)
				se_irq_missed(se);
		}
		if (ret < 0) {
			se->st.errors++;
			dev_dbg(se->dev, "rx failed: %d\n", ret);
			return ret == -EBADMSG ? ret : -EIO;
		}
		return se_parse(se, ret, b);
	}
}

/* Send se->tx and receive the SE's answer to it. */
static int se_exchange(struct se_dev *se, unsigned int mult, struct se_block *b)
{
	int ret;

	se_irq_arm(se);
	ret = se_xmit(se);
	if (!ret)
		ret = se_recv(se, mult, b);
	se_irq_disarm(se);
	return ret;
}

static void se_build(struct se_dev *se, u8 pcb, const u8 *inf, size_t len)
{
	u8 *p = se->tx;

	p[0] = SE_NAD_HD_TO_SE;
	p[1] = pcb;
	put_unaligned_be16(len, p + 2);
	if (len)
		memmove(p + SE_PROLOGUE_LEN, inf, len);
	put_unaligned_be16(se_crc(p, len + SE_PROLOGUE_LEN),
			   p + SE_PROLOGUE_LEN + len);
	se->tx_len = len + SE_OVERHEAD;
}

static u8 se_pcb_i(u8 ns, bool more)
{
	return (ns ? SE_PCB_I_NS : 0) | (more ? SE_PCB_I_M : 0);
}

static u8 se_pcb_r(u8 nr, u8 ee)
{
	return SE_PCB_R | (nr ? SE_PCB_R_NR : 0) | ee;
}

/* ---- S-blocks and link control ------------------------------------------- */

/**
 * se_s_exchange() - S(request) → S(response) with retries
 * @se:   the SE
 * @type: S-block type
 * @inf:  request INF, or NULL
 * @len:  request INF size
 * @b:    the response block, valid on success
 *
 * An invalid or missing answer, or an R-block, makes us send the request
 * again, at most @retries times.
 *
 * Return: 0, or the last error.
 */
static int se_s_exchange(struct se_dev *se, u8 type, const u8 *inf, size_t len,
			 struct se_block *b)
{
	unsigned int tries;
	int ret = -EIO;

	for (tries = 0; tries <= retries; tries++) {
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

static int se_resynch(struct se_dev *se)
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

static int se_swr(struct se_dev *se)
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

static int se_set_ifsd(struct se_dev *se, unsigned int size)
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

/**
 * se_cip_parse() - decode a CIP (spec §2.4)
 * @p:  CIP bytes
 * @n:  CIP size
 * @ci: decoded fields
 *
 * Return: 0, or -EPROTO when the layout or a length is wrong.
 */
static int se_cip_parse(const u8 *p, size_t n, struct se_cip_info *ci)
{
	size_t off, plp_len, dllp_len;
	const u8 *plp, *dllp;

	memset(ci, 0, sizeof(*ci));
	if (n < 2)
		return -EPROTO;
	ci->version = p[0];
	ci->iin_len = p[1];
	if (ci->iin_len < 3 || ci->iin_len > 4)
		return -EPROTO;
	off = 2;
	if (n < off + ci->iin_len + 2)
		return -EPROTO;
	memcpy(ci->iin, p + off, ci->iin_len);
	off += ci->iin_len;
	ci->plid = p[off++];
	plp_len = p[off++];
	plp = p + off;
	if (n < off + plp_len + 1)
		return -EPROTO;
	off += plp_len;
	dllp_len = p[off++];
	dllp = p + off;
	if (dllp_len < 4 || n < off + dllp_len + 1)
		return -EPROTO;
	off += dllp_len;
	ci->hb_len = p[off++];
	if (off + ci->hb_len != n)
		return -EPROTO;

	ci->bwt_ms = get_unaligned_be16(dllp);
	ci->ifsc = get_unaligned_be16(dllp + 2);
	if (!ci->ifsc || ci->ifsc > SE_IFS_MAX)
		return -EPROTO;
	switch (ci->plid) {
	case SE_BUS_I2C:
		if (plp_len < 8)
			return -EPROTO;
		ci->rwgt_us = get_unaligned_be16(plp + 6);
		break;
	case SE_BUS_SPI:
		if (plp_len < 12)
			return -EPROTO;
		ci->segt_us = get_unaligned_be16(plp + 6);
		ci->seal = get_unaligned_be16(plp + 8);
		ci->wut = get_unaligned_be16(plp + 10);
		break;
	default:
		return -EPROTO;
	}
	ci->pwt_ms = plp[1];
	ci->mcf_khz = get_unaligned_be16(plp + 2);
	ci->pst_ms = plp[4];
	ci->mpot_ms = plp[5];
	return 0;
}

/* Read the CIP and apply its timing and size parameters. */
static int se_read_cip(struct se_dev *se)
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

/*
 * Flush a response the SE may still hold from before (module reload, a
 * killed transaction): on SPI a queued response would swallow our block.
 */
static void se_drain(struct se_dev *se)
{
	se_guard(se);
	se->ops->recv(se->phy_id, se->rx, SE_BLOCK_MAX);
	se->last_access = ktime_get();
}

static int se_activate(struct se_dev *se)
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

/* ---- APDU transport ------------------------------------------------------ */

static bool se_tx_is_ack(struct se_dev *se)
{
	u8 pcb = se->tx[1];

	return (pcb & SE_PCB_KIND) == SE_PCB_R && !(pcb & SE_PCB_R_EE);
}

/**
 * se_transceive_once() - one command APDU → response APDU, no resync
 * @se:   the SE
 * @cmd:  command APDU
 * @clen: its size (>= 1)
 * @rsp:  response buffer
 * @rcap: its size
 * @rlen: response size on success
 *
 * ISO 7816-3 T=1 rules as GP T=1' hosts implement them (spec §2.8, §2.9):
 * a bad or missing block is answered with R(N(R), ee), or by repeating
 * our R(ACK) while the SE chains; an R-block from the SE other than the
 * ACK of our chained block asks for our last block again.  At most
 * @retries errors in a row.
 *
 * Return: 0, -EOVERFLOW if the response does not fit, -ECANCELED on
 * S(ABORT), or the error that ended the retries.
 */
static int se_transceive_once(struct se_dev *se, const u8 *cmd, size_t clen,
			      u8 *rsp, size_t rcap, size_t *rlen)
{
	unsigned int errors = 0, wtx = 0, mult = 1;
	bool more, sent_all = false, overflow = false;
	size_t off = 0, n, got = 0;
	struct se_block b;
	u32 ifs;
	int ret;

	n = min_t(size_t, clen, se->ifsc);
	more = n < clen;
	se_build(se, se_pcb_i(se->ns, more), cmd, n);

	for (;;) {
		ret = se_exchange(se, mult, &b);
		mult = 1;
		if (ret)
			goto error;

		switch (b.pcb & SE_PCB_KIND) {
		case SE_PCB_R:
			if (more && (b.pcb & SE_PCB_R_EE) == SE_R_ACK &&
			    !!(b.pcb & SE_PCB_R_NR) != se->ns) {
				/* ACK of our chained block: send the next. */
				se->ns ^= 1;
				off += n;
				n = min_t(size_t, clen - off, se->ifsc);
				more = off + n < clen;
				errors = 0;
				se_build(se, se_pcb_i(se->ns, more), cmd + off, n);
				continue;
			}
			/* The SE asks for our last block again. */
			ret = -EPROTO;
			goto resend;
		case SE_PCB_S:
			if (b.pcb == (SE_PCB_S | SE_S_WTX) && b.len == 1) {
				if (++wtx > max_wtx) {
					se->st.timeouts++;
					return -ETIMEDOUT;
				}
				se->st.wtx++;
				mult = b.inf[0] ? b.inf[0] : 1;
				se_build(se, SE_PCB_S | SE_PCB_S_RESP | SE_S_WTX,
					 b.inf, 1);
				continue;
			}
			if (b.pcb == (SE_PCB_S | SE_S_IFS) &&
			    (b.len == 1 || b.len == 2)) {
				ifs = b.len == 1 ? b.inf[0] :
				      get_unaligned_be16(b.inf);
				if (ifs && ifs <= SE_IFS_MAX) {
					se->ifsc = ifs;
					se_build(se, SE_PCB_S | SE_PCB_S_RESP |
						 SE_S_IFS, b.inf, b.len);
					continue;
				}
			}
			if (b.pcb == (SE_PCB_S | SE_S_ABORT) && !b.len) {
				se_build(se, SE_PCB_S | SE_PCB_S_RESP | SE_S_ABORT,
					 NULL, 0);
				se_xmit(se);
				return -ECANCELED;
			}
			se->st.errors++;
			ret = -EPROTO;
			goto error;
		default:
			if (more || !!(b.pcb & SE_PCB_I_NS) != se->nr) {
				se->st.errors++;
				ret = -EPROTO;
				goto error;
			}
			if (!sent_all) {
				/* The answer acknowledges our last I-block. */
				sent_all = true;
				se->ns ^= 1;
			}
			if (b.len > rcap - got) {
				overflow = true;
			} else {
				memcpy(rsp + got, b.inf, b.len);
				got += b.len;
			}
			se->nr ^= 1;
			errors = 0;
			if (!(b.pcb & SE_PCB_I_M)) {
				if (overflow)
					return -EOVERFLOW;
				se->st.apdus++;
				*rlen = got;
				return 0;
			}
			se_build(se, se_pcb_r(se->nr, SE_R_ACK), NULL, 0);
			continue;
		}
error:
		/* Ask for the SE's block again, or repeat our R(ACK). */
		if (++errors > retries)
			return ret;
		se->st.retries++;
		if (!se_tx_is_ack(se))
			se_build(se, se_pcb_r(se->nr, se->crc_err ? SE_R_EDC :
					      SE_R_OTHER), NULL, 0);
		continue;
resend:
		/* se->tx still holds our last block. */
		if (++errors > retries)
			return ret;
		se->st.retries++;
	}
}

/* One APDU with recovery: on a link failure, RESYNCH (or SWR) and replay. */
static int se_transceive(struct se_dev *se, const u8 *cmd, size_t clen,
			 u8 *rsp, size_t rcap, size_t *rlen)
{
	int ret, attempt;

	lockdep_assert_held(&se->lock);
	if (se->dead)
		return -ENODEV;
	for (attempt = 0; attempt < 2; attempt++) {
		ret = se_transceive_once(se, cmd, clen, rsp, rcap, rlen);
		if (!ret || ret == -EOVERFLOW)
			return ret;
		if (ret == -ECANCELED) {
			/* The SE aborted the chain: restart the counters too. */
			se_resynch(se);
			return ret;
		}
		dev_warn_ratelimited(se->dev, "link error %d, S(RESYNCH)\n", ret);
		if (se_resynch(se) && se_swr(se)) {
			dev_err_ratelimited(se->dev, "SE lost: no answer to S(RESYNCH) nor S(SWR)\n");
			return -EIO;
		}
	}
	return ret == -EBADMSG ? -EIO : ret;
}

/* ---- character device ---------------------------------------------------- */

enum se_file_state {
	SE_FILE_IDLE,	/* a command may be written */
	SE_FILE_BUSY,	/* the command is on the link */
	SE_FILE_DONE,	/* the response (or the error) waits for read() */
};

/**
 * struct se_file - one open /dev/seN
 * @se:      the SE (a reference is held)
 * @lock:    protects @state, @err and @rsp_len
 * @wq:      readers and pollers wait here for @state changes
 * @work:    runs the transaction of an O_NONBLOCK write()
 * @state:   enum se_file_state
 * @err:     result of the transaction for read()
 * @cmd_len: bytes in @cmd
 * @rsp_len: bytes in @rsp
 * @cmd:     command APDU
 * @rsp:     response APDU
 */
struct se_file {
	struct se_dev *se;
	struct mutex lock;	/* state, err, rsp_len */
	wait_queue_head_t wq;
	struct work_struct work;
	int state;
	int err;
	size_t cmd_len;
	size_t rsp_len;
	u8 *cmd;
	u8 *rsp;
};

/* Run the file's command on the link; the file is SE_FILE_BUSY. */
static int se_file_run(struct se_file *f, bool intr)
{
	struct se_dev *se = f->se;
	size_t rlen = 0;
	int ret;

	if (intr) {
		if (mutex_lock_interruptible(&se->lock))
			return -EINTR;
	} else {
		mutex_lock(&se->lock);
	}
	ret = se_transceive(se, f->cmd, f->cmd_len, f->rsp, SE_APDU_RSP_MAX,
			    &rlen);
	mutex_unlock(&se->lock);
	f->rsp_len = ret ? 0 : rlen;
	return ret;
}

static void se_file_work(struct work_struct *work)
{
	struct se_file *f = container_of(work, struct se_file, work);
	int ret = se_file_run(f, false);

	mutex_lock(&f->lock);
	f->err = ret;
	f->state = SE_FILE_DONE;
	mutex_unlock(&f->lock);
	wake_up_interruptible(&f->wq);
}

static int se_open(struct inode *inode, struct file *file)
{
	struct se_dev *se = container_of(file->private_data, struct se_dev,
					 misc);
	struct se_file *f;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->cmd = kvmalloc(SE_APDU_CMD_MAX, GFP_KERNEL);
	if (!f->cmd)
		goto err_free_file;
	f->rsp = kvmalloc(SE_APDU_RSP_MAX, GFP_KERNEL);
	if (!f->rsp)
		goto err_free_cmd;
	mutex_init(&f->lock);
	init_waitqueue_head(&f->wq);
	INIT_WORK(&f->work, se_file_work);
	/* misc_open() runs us under misc_mtx: se cannot go away here. */
	kref_get(&se->kref);
	f->se = se;
	file->private_data = f;
	return stream_open(inode, file);

err_free_cmd:
	kvfree(f->cmd);
err_free_file:
	kfree(f);
	return -ENOMEM;
}

static int se_release(struct inode *inode, struct file *file)
{
	struct se_file *f = file->private_data;

	cancel_work_sync(&f->work);
	kref_put(&f->se->kref, se_free);
	mutex_destroy(&f->lock);
	kvfree(f->rsp);
	kvfree(f->cmd);
	kfree(f);
	return 0;
}

static ssize_t se_write(struct file *file, const char __user *buf,
			size_t count, loff_t *ppos)
{
	struct se_file *f = file->private_data;
	ssize_t ret;

	if (count < 4)
		return -EINVAL;		/* CLA INS P1 P2 at least */
	if (count > SE_APDU_CMD_MAX)
		return -E2BIG;
	mutex_lock(&f->lock);
	if (f->state != SE_FILE_IDLE) {
		ret = -EBUSY;
		goto out_unlock;
	}
	if (copy_from_user(f->cmd, buf, count)) {
		ret = -EFAULT;
		goto out_unlock;
	}
	f->cmd_len = count;
	f->state = SE_FILE_BUSY;
	if (file->f_flags & O_NONBLOCK) {
		queue_work(system_unbound_wq, &f->work);
		ret = count;
		goto out_unlock;
	}
	mutex_unlock(&f->lock);

	ret = se_file_run(f, true);

	mutex_lock(&f->lock);
	if (ret) {
		f->state = SE_FILE_IDLE;
	} else {
		f->err = 0;
		f->state = SE_FILE_DONE;
		ret = count;
	}
	wake_up_interruptible(&f->wq);
out_unlock:
	mutex_unlock(&f->lock);
	return ret;
}

static ssize_t se_read(struct file *file, char __user *buf, size_t count,
		       loff_t *ppos)
{
	struct se_file *f = file->private_data;
	ssize_t ret;

	mutex_lock(&f->lock);
	while (f->state == SE_FILE_BUSY) {
		mutex_unlock(&f->lock);
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(f->wq, READ_ONCE(f->state) !=
					     SE_FILE_BUSY))
			return -ERESTARTSYS;
		mutex_lock(&f->lock);
	}
	if (f->state == SE_FILE_IDLE) {
		ret = -ENODATA;		/* no command written */
		goto out_unlock;
	}
	if (f->err) {
		ret = f->err;
		f->state = SE_FILE_IDLE;
		goto out_wake;
	}
	if (count < f->rsp_len) {
		ret = -EMSGSIZE;	/* kept: read again with a larger buffer */
		goto out_unlock;
	}
	if (copy_to_user(buf, f->rsp, f->rsp_len)) {
		ret = -EFAULT;
		goto out_unlock;
	}
	ret = f->rsp_len;
	f->state = SE_FILE_IDLE;
out_wake:
	wake_up_interruptible(&f->wq);
out_unlock:
	mutex_unlock(&f->lock);
	return ret;
}

static __poll_t se_poll(struct file *file, poll_table *wait)
{
	struct se_file *f = file->private_data;
	__poll_t mask = 0;

	poll_wait(file, &f->wq, wait);
	mutex_lock(&f->lock);
	if (f->state == SE_FILE_DONE)
		mask |= EPOLLIN | EPOLLRDNORM;
	else if (f->state == SE_FILE_IDLE)
		mask |= EPOLLOUT | EPOLLWRNORM;
	mutex_unlock(&f->lock);
	if (READ_ONCE(f->se->dead))
		mask |= EPOLLHUP;
	return mask;
}

static long se_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct se_file *f = file->private_data;
	struct se_dev *se = f->se;
	struct se_cip cip;
	long ret;

	switch (cmd) {
	case SE_IOC_GET_CIP:
	case SE_IOC_RESET:
	case SE_IOC_RELEASE:
		break;
	default:
		return -ENOTTY;
	}
	if (cmd == SE_IOC_RESET && arg != SE_RESET_RESYNCH &&
	    arg != SE_RESET_SWR)
		return -EINVAL;

	mutex_lock(&f->lock);
	if (f->state == SE_FILE_BUSY) {
		mutex_unlock(&f->lock);
		return -EBUSY;
	}
	if (cmd == SE_IOC_RESET)
		f->state = SE_FILE_IDLE;	/* drop an unread response */
	mutex_unlock(&f->lock);

	if (mutex_lock_interruptible(&se->lock))
		return -EINTR;
	if (se->dead) {
		ret = -ENODEV;
	} else if (cmd == SE_IOC_GET_CIP) {
		ret = se_read_cip(se);
		memset(&cip, 0, sizeof(cip));
		cip.len = se->cip_len;
		memcpy(cip.data, se->cip, se->cip_len);
	} else if (cmd == SE_IOC_RESET && arg == SE_RESET_SWR) {
		ret = se_swr(se);
		if (!ret)
			se_set_ifsd(se, se->ifsd_want);
	} else if (cmd == SE_IOC_RESET) {
		ret = se_resynch(se);
	} else {
		struct se_block b;

		ret = se_s_exchange(se, SE_S_RELEASE, NULL, 0, &b);
	}
	mutex_unlock(&se->lock);

	if (!ret && cmd == SE_IOC_GET_CIP &&
	    copy_to_user((void __user *)arg, &cip, sizeof(cip)))
		ret = -EFAULT;
	return ret;
}

static const struct file_operations se_fops = {
	.owner = THIS_MODULE,
	.open = se_open,
	.release = se_release,
	.read = se_read,
	.write = se_write,
	.poll = se_poll,
	.unlocked_ioctl = se_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = no_llseek,
};

/* ---- sysfs --------------------------------------------------------------- */

static struct se_dev *to_se(struct device *dev)
{
	struct miscdevice *misc = dev_get_drvdata(dev);

	return container_of(misc, struct se_dev, misc);
}

static ssize_t bus_show(struct device *dev, struct device_attribute *attr,
			char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  to_se(dev)->bus == SE_BUS_SPI ? "spi" : "i2c");
}
static DEVICE_ATTR_RO(bus);

static ssize_t interrupt_show(struct device *dev, struct device_attribute *attr,
			      char *buf)
{
	int irq = READ_ONCE(to_se(dev)->irq);

	if (irq > 0)
		return sysfs_emit(buf, "%d\n", irq);
	return sysfs_emit(buf, "polling\n");
}
static DEVICE_ATTR_RO(interrupt);

static ssize_t ifsd_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(to_se(dev)->ifsd));
}

/*
 * A new IFSD is announced with S(IFS) at once and again after S(SWR).  A
 * user whose responses are longer than 254 bytes (a short R-APDU is 258)
 * saves the SE's response chaining, one R(ACK) round trip per APDU.
 */
static ssize_t ifsd_store(struct device *dev, struct device_attribute *attr,
			  const char *buf, size_t count)
{
	struct se_dev *se = to_se(dev);
	unsigned int size;
	int ret;

	ret = kstrtouint(buf, 0, &size);
	if (ret)
		return ret;
	if (size < 1 || size > SE_IFS_MAX)
		return -EINVAL;
	if (mutex_lock_interruptible(&se->lock))
		return -EINTR;
	if (se->dead) {
		ret = -ENODEV;
	} else {
		ret = se_set_ifsd(se, size);
		if (!ret)
			se->ifsd_want = size;
	}
	mutex_unlock(&se->lock);
	return ret ? ret : count;
}
static DEVICE_ATTR_RW(ifsd);

static struct attribute *se_attrs[] = {
	&dev_attr_bus.attr,
	&dev_attr_interrupt.attr,
	&dev_attr_ifsd.attr,
	NULL
};

static const struct attribute_group se_group = {
	.attrs = se_attrs,
};

#define SE_CIP_ATTR(_field, _fmt)					\
static ssize_t cip_##_field##_show(struct device *dev,			\
				   struct device_attribute *attr,	\
				   char *buf)				\
{									\
	return sysfs_emit(buf, _fmt "\n", to_se(dev)->ci._field);	\
}									\
static struct device_attribute dev_attr_cip_##_field =			\
	__ATTR(_field, 0444, cip_##_field##_show, NULL)

SE_CIP_ATTR(version, "%u");
SE_CIP_ATTR(plid, "%u");
SE_CIP_ATTR(bwt_ms, "%u");
SE_CIP_ATTR(ifsc, "%u");
SE_CIP_ATTR(pwt_ms, "%u");
SE_CIP_ATTR(mcf_khz, "%u");
SE_CIP_ATTR(pst_ms, "%u");
SE_CIP_ATTR(mpot_ms, "%u");
SE_CIP_ATTR(rwgt_us, "%u");
SE_CIP_ATTR(segt_us, "%u");
SE_CIP_ATTR(seal, "%u");
SE_CIP_ATTR(wut, "%u");

static ssize_t cip_raw_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	struct se_dev *se = to_se(dev);
	ssize_t ret;

	mutex_lock(&se->lock);
	ret = sysfs_emit(buf, "%*phN\n", (int)se->cip_len, se->cip);
	mutex_unlock(&se->lock);
	return ret;
}

static struct device_attribute dev_attr_cip_raw = __ATTR(raw, 0444,
							 cip_raw_show, NULL);

static ssize_t cip_iin_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	struct se_dev *se = to_se(dev);

	return sysfs_emit(buf, "%*phN\n", se->ci.iin_len, se->ci.iin);
}

static struct device_attribute dev_attr_cip_iin = __ATTR(iin, 0444,
							 cip_iin_show, NULL);

static struct attribute *se_cip_attrs[] = {
	&dev_attr_cip_raw.attr,
	&dev_attr_cip_version.attr,
	&dev_attr_cip_iin.attr,
	&dev_attr_cip_plid.attr,
	&dev_attr_cip_bwt_ms.attr,
	&dev_attr_cip_ifsc.attr,
	&dev_attr_cip_pwt_ms.attr,
	&dev_attr_cip_mcf_khz.attr,
	&dev_attr_cip_pst_ms.attr,
	&dev_attr_cip_mpot_ms.attr,
	&dev_attr_cip_rwgt_us.attr,
	&dev_attr_cip_segt_us.attr,
	&dev_attr_cip_seal.attr,
	&dev_attr_cip_wut.attr,
	NULL
};

static const struct attribute_group se_cip_group = {
	.name = "cip",
	.attrs = se_cip_attrs,
};

#define SE_STAT_ATTR(_field)						\
static ssize_t stat_##_field##_show(struct device *dev,		\
				    struct device_attribute *attr,	\
				    char *buf)				\
{									\
	return sysfs_emit(buf, "%lu\n", READ_ONCE(to_se(dev)->st._field)); \
}									\
static struct device_attribute dev_attr_stat_##_field =		\
	__ATTR(_field, 0444, stat_##_field##_show, NULL)

SE_STAT_ATTR(blocks_tx);
SE_STAT_ATTR(blocks_rx);
SE_STAT_ATTR(apdus);
SE_STAT_ATTR(retries);
SE_STAT_ATTR(crc_errors);
SE_STAT_ATTR(errors);
SE_STAT_ATTR(timeouts);
SE_STAT_ATTR(resynchs);
SE_STAT_ATTR(swrs);
SE_STAT_ATTR(wtx);
SE_STAT_ATTR(irqs);

static struct attribute *se_stat_attrs[] = {
	&dev_attr_stat_blocks_tx.attr,
	&dev_attr_stat_blocks_rx.attr,
	&dev_attr_stat_apdus.attr,
	&dev_attr_stat_retries.attr,
	&dev_attr_stat_crc_errors.attr,
	&dev_attr_stat_errors.attr,
	&dev_attr_stat_timeouts.attr,
	&dev_attr_stat_resynchs.attr,
	&dev_attr_stat_swrs.attr,
	&dev_attr_stat_wtx.attr,
	&dev_attr_stat_irqs.attr,
	NULL
};

static const struct attribute_group se_stat_group = {
	.name = "stats",
	.attrs = se_stat_attrs,
};

static const struct attribute_group *se_groups[] = {
	&se_group,
	&se_cip_group,
	&se_stat_group,
	NULL
};

/* ---- probe / teardown ---------------------------------------------------- */

static void se_put_action(void *data)
{
	struct se_dev *se = data;

	kref_put(&se->kref, se_free);
}

/*
 * Runs after the IRQ is freed.  The mapping keeps the type it was requested
 * with, and the next probe's of_irq_get() refuses a mapping whose type
 * differs from the firmware's ("type mismatch"): the driver would come back
 * without its IRQ.  Leave the line as the firmware described it.
 */
static void se_irq_restore_type(void *data)
{
	struct se_dev *se = data;
	int ret;

	ret = irq_set_irq_type(se->irq_line, se->irq_dt_type);
	if (ret)
		dev_warn(se->dev, "cannot restore the type of IRQ %d: %d\n",
			 se->irq_line, ret);
}

static void se_teardown(void *data)
{
	struct se_dev *se = data;

	misc_deregister(&se->misc);
	/* Waits for a transaction in flight; later ones see dead. */
	mutex_lock(&se->lock);
	se->dead = true;
	mutex_unlock(&se->lock);
}

/**
 * se_core_probe() - bring up an SE found on a bus
 * @dev:    the bus device; everything is tied to its lifetime (devm)
 * @ops:    phy operations
 * @phy_id: phy context for @ops, valid while @dev is bound
 * @irq:    data-ready interrupt, or <= 0 to poll
 * @bus:    SE_BUS_I2C or SE_BUS_SPI
 *
 * Reads the CIP, sends S(RESYNCH) (and S(IFS) if the ifsd parameter asks
 * for it), then registers /dev/seN.  Open files keep the core state alive
 * after @dev is unbound; they get -ENODEV from then on.
 *
 * Return: 0 or a negative error code.
 */
int se_core_probe(struct device *dev, const struct se_phy_ops *ops,
		  void *phy_id, int irq, enum se_bus bus)
{
	struct se_dev *se;
	int ret;

	se = kzalloc(sizeof(*se), GFP_KERNEL);
	if (!se)
		return -ENOMEM;
	kref_init(&se->kref);
	mutex_init(&se->lock);
	init_completion(&se->ready);
	se->id = -1;
	ret = devm_add_action_or_reset(dev, se_put_action, se);
	if (ret)
		return ret;

	/* Separate allocations: the phys may DMA into these. */
	se->tx = kmalloc(SE_BLOCK_MAX, GFP_KERNEL);
	se->rx = kmalloc(SE_BLOCK_MAX, GFP_KERNEL);
	if (!se->tx || !se->rx)
		return -ENOMEM;
	se->dev = dev;
	se->ops = ops;
	se->phy_id = phy_id;
	se->bus = bus;
	se->bwt_ms = SE_DEF_BWT_MS;
	se->pwt_ms = SE_DEF_PWT_MS;
	se->ifsc = SE_DEF_IFS;
	se->ifsd = SE_DEF_IFS;
	se->ifsd_want = ifsd >= 1 && ifsd <= SE_IFS_MAX ? ifsd : SE_DEF_IFS;
	se->params.mpot_us = SE_DEF_MPOT_US;
	se->params.guard_us = bus == SE_BUS_SPI ? SE_DEF_SEGT_US :
						  SE_DEF_RWGT_US;
	if (ops->configure)
		ops->configure(phy_id, &se->params);

	se->id = ida_alloc(&se_ida, GFP_KERNEL);
	if (se->id < 0)
		return se->id;
	snprintf(se->name, sizeof(se->name), "se%d", se->id);

	if (irq > 0 && use_irq) {
		/*
		 * The line stays asserted until the response is read, after
		 * the handler: as a level IRQ it would fire again at each
		 * enable_irq() (a latched status).  Wait for its edge instead.
		 */
		u32 type = irq_get_trigger_type(irq);
		unsigned long flags = IRQF_NO_AUTOEN;

		if (type == IRQ_TYPE_LEVEL_LOW || type == IRQ_TYPE_EDGE_FALLING)
			flags |= IRQF_TRIGGER_FALLING;
		else
			flags |= IRQF_TRIGGER_RISING;
		if (type != IRQ_TYPE_NONE &&
		    type != (flags & IRQF_TRIGGER_MASK)) {
			se->irq_line = irq;
			se->irq_dt_type = type;
			/* Registered first, so it runs after the IRQ is freed. */
			ret = devm_add_action_or_reset(dev, se_irq_restore_type,
						       se);
			if (ret)
				return ret;
		}
		ret = devm_request_irq(dev, irq, se_irq_handler, flags,
				       se->name, se);
		if (ret)
			return dev_err_probe(dev, ret, "cannot request IRQ %d\n",
					     irq);
		se->irq = irq;
	}

	mutex_lock(&se->lock);
	ret = se_activate(se);
	mutex_unlock(&se->lock);
	if (ret)
		return dev_err_probe(dev, ret == -ETIMEDOUT ? -ENODEV : ret,
				     "no valid answer to S(CIP)/S(RESYNCH) (%d)\n",
				     ret);

	se->misc = (struct miscdevice) {
		.minor = MISC_DYNAMIC_MINOR,
		.name = se->name,
		.fops = &se_fops,
		.parent = dev,
		.groups = se_groups,
		.mode = 0600,
	};
	ret = misc_register(&se->misc);
	if (ret)
		return dev_err_probe(dev, ret, "cannot register /dev/%s\n",
				     se->name);
	ret = devm_add_action_or_reset(dev, se_teardown, se);
	if (ret)
		return ret;

	dev_info(dev, "/dev/%s: GP T=1' over %s, CIP v%u, IFSC %u, BWT %u ms, %s\n",
		 se->name, bus == SE_BUS_SPI ? "SPI" : "I2C", se->ci.version,
		 se->ifsc, se->bwt_ms, se->irq > 0 ? "data-ready IRQ" : "polling");
	return 0;
}
EXPORT_SYMBOL_GPL(se_core_probe);

static int __init se_core_init(void)
{
	return 0;
}
module_init(se_core_init);

static void __exit se_core_exit(void)
{
	ida_destroy(&se_ida);
}
module_exit(se_core_exit);

MODULE_DESCRIPTION("GlobalPlatform T=1' secure element driver core");
MODULE_LICENSE("GPL");
