// SPDX-License-Identifier: GPL-2.0
/*
 * GlobalPlatform T=1' secure element driver: blocks on the bus.
 *
 * Framing (se_frame.c checks the bytes), the guard and polling times
 * between bus accesses, and one exchange:
 * send a block, wait for the SE's answer (data-ready IRQ or polling, up
 * to BWT), check it.  The phys (se_i2c.c, se_spi.c) only move whole
 * blocks; see link-t1prime.md for the profile this follows.
 */

#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>

#include "se_internal.h"

/* Blocks found by polling that the IRQ did not signal, before giving up. */
#define SE_IRQ_MAX_MISSES	3

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

irqreturn_t se_irq_handler(int irq, void *dev_id)
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
int se_xmit(struct se_dev *se)
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
	int ret = se_frame_check(se->rx, n, se->ifsd, b);

	if (ret == -EILSEQ) {
		se->crc_err = true;
		se->st.crc_errors++;
		dev_dbg(se->dev, "rx CRC error %*ph\n", (int)min_t(size_t, n, 32), se->rx);
		return -EBADMSG;
	}
	if (ret) {
		se->st.errors++;
		dev_dbg(se->dev, "rx bad block %*ph\n", (int)min_t(size_t, n, 32), se->rx);
		return -EBADMSG;
	}
	se->st.blocks_rx++;
	dev_dbg(se->dev, "rx %*ph%s\n", (int)min_t(size_t, n, 32), se->rx,
		n > 32 ? "..." : "");
	return 0;
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
int se_exchange(struct se_dev *se, unsigned int mult, struct se_block *b)
{
	int ret;

	se_irq_arm(se);
	ret = se_xmit(se);
	if (!ret)
		ret = se_recv(se, mult, b);
	se_irq_disarm(se);
	return ret;
}

void se_build(struct se_dev *se, u8 pcb, const u8 *inf, size_t len)
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

/*
 * Flush a response the SE may still hold from before (module reload, a
 * killed transaction): on SPI a queued response would swallow our block.
 */
void se_drain(struct se_dev *se)
{
	se_guard(se);
	se->ops->recv(se->phy_id, se->rx, SE_BLOCK_MAX);
	se->last_access = ktime_get();
}
