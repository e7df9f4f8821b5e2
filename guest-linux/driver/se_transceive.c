// SPDX-License-Identifier: GPL-2.0
/*
 * GlobalPlatform T=1' secure element driver: APDU transport.
 *
 * One command APDU out as chained I-blocks, its response in the same way,
 * under ISO 7816-3 T=1 rules as GP T=1' hosts implement them (spec §2.8,
 * §2.9).  Each block the SE sends goes to the handler of its kind, which
 * prepares our next block and tells the loop what to do with it, as the
 * SE side does in hw/se/t1prime.c.  A link failure ends in S(RESYNCH),
 * or S(SWR), and one replay of the APDU.
 */

#include <linux/device.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include "se_internal.h"

/* What the transceive loop does after a block or a failed exchange. */
enum se_action {
	SE_ACT_NEXT,	/* se->tx holds our next block: send it */
	SE_ACT_RESEND,	/* the SE asks for our last block again */
	SE_ACT_ASK,	/* bad or missing block: ask for it again */
	SE_ACT_DONE,	/* the response is complete */
	SE_ACT_FAIL,	/* the transaction ends with xfer.err */
};

/**
 * struct se_xfer - one APDU transaction in progress
 * @cmd:      command APDU
 * @clen:     its size
 * @off:      offset in @cmd of the I-block being sent
 * @n:        its INF size
 * @more:     it has M=1: more of @cmd follows
 * @sent_all: the SE acknowledged our last I-block
 * @rsp:      response buffer
 * @rcap:     its size
 * @got:      response bytes gathered
 * @overflow: the response did not fit in @rcap
 * @errors:   errors in a row, bounded by the retries parameter
 * @wtx:      S(WTX) rounds so far
 * @mult:     BWT multiplier for the next wait (from S(WTX))
 * @err:      the error behind an ASK, RESEND or FAIL action
 */
struct se_xfer {
	const u8 *cmd;
	size_t clen;
	size_t off;
	size_t n;
	bool more;
	bool sent_all;
	u8 *rsp;
	size_t rcap;
	size_t got;
	bool overflow;
	unsigned int errors;
	unsigned int wtx;
	unsigned int mult;
	int err;
};

static bool se_tx_is_ack(struct se_dev *se)
{
	u8 pcb = se->tx[1];

	return (pcb & SE_PCB_KIND) == SE_PCB_R && !(pcb & SE_PCB_R_EE);
}

/* Frame the I-block of @x->cmd that starts at @x->off. */
static void se_build_segment(struct se_dev *se, struct se_xfer *x)
{
	x->n = min_t(size_t, x->clen - x->off, se->ifsc);
	x->more = x->off + x->n < x->clen;
	se_build(se, se_pcb_i(se->ns, x->more), x->cmd + x->off, x->n);
}

static enum se_action se_fail(struct se_xfer *x, int err)
{
	x->err = err;
	return SE_ACT_FAIL;
}

/* A malformed or unexpected block: counted, then asked for again. */
static enum se_action se_bad_block(struct se_dev *se, struct se_xfer *x)
{
	se->st.errors++;
	x->err = -EPROTO;
	return SE_ACT_ASK;
}

static enum se_action se_on_rblock(struct se_dev *se, struct se_xfer *x,
				   const struct se_block *b)
{
	if (x->more && (b->pcb & SE_PCB_R_EE) == SE_R_ACK &&
	    !!(b->pcb & SE_PCB_R_NR) != se->ns) {
		/* ACK of our chained block: send the next. */
		se->ns ^= 1;
		x->off += x->n;
		x->errors = 0;
		se_build_segment(se, x);
		return SE_ACT_NEXT;
	}
	/* Any other R-block asks for our last block again. */
	x->err = -EPROTO;
	return SE_ACT_RESEND;
}

static enum se_action se_on_wtx(struct se_dev *se, struct se_xfer *x,
				const struct se_block *b)
{
	if (++x->wtx > se_param_max_wtx) {
		se->st.timeouts++;
		return se_fail(x, -ETIMEDOUT);
	}
	se->st.wtx++;
	x->mult = b->inf[0] ? b->inf[0] : 1;
	se_build(se, SE_PCB_S | SE_PCB_S_RESP | SE_S_WTX, b->inf, 1);
	return SE_ACT_NEXT;
}

static enum se_action se_on_ifs(struct se_dev *se, struct se_xfer *x,
				const struct se_block *b)
{
	u32 ifs = b->len == 1 ? b->inf[0] : get_unaligned_be16(b->inf);

	if (!ifs || ifs > SE_IFS_MAX)
		return se_bad_block(se, x);
	se->ifsc = ifs;
	se_build(se, SE_PCB_S | SE_PCB_S_RESP | SE_S_IFS, b->inf, b->len);
	return SE_ACT_NEXT;
}

/* The SE's requests: WTX and IFS are answered, ABORT ends the call. */
static enum se_action se_on_sblock(struct se_dev *se, struct se_xfer *x,
				   const struct se_block *b)
{
	if (b->pcb == (SE_PCB_S | SE_S_WTX) && b->len == 1)
		return se_on_wtx(se, x, b);
	if (b->pcb == (SE_PCB_S | SE_S_IFS) && (b->len == 1 || b->len == 2))
		return se_on_ifs(se, x, b);
	if (b->pcb == (SE_PCB_S | SE_S_ABORT) && !b->len) {
		se_build(se, SE_PCB_S | SE_PCB_S_RESP | SE_S_ABORT, NULL, 0);
		se_xmit(se);
		return se_fail(x, -ECANCELED);
	}
	return se_bad_block(se, x);
}

/* A segment of the response, once our whole command is out. */
static enum se_action se_on_iblock(struct se_dev *se, struct se_xfer *x,
				   const struct se_block *b)
{
	if (x->more || !!(b->pcb & SE_PCB_I_NS) != se->nr)
		return se_bad_block(se, x);
	if (!x->sent_all) {
		/* The answer acknowledges our last I-block. */
		x->sent_all = true;
		se->ns ^= 1;
	}
	if (b->len > x->rcap - x->got) {
		x->overflow = true;
	} else {
		memcpy(x->rsp + x->got, b->inf, b->len);
		x->got += b->len;
	}
	se->nr ^= 1;
	x->errors = 0;
	if (b->pcb & SE_PCB_I_M) {
		se_build(se, se_pcb_r(se->nr, SE_R_ACK), NULL, 0);
		return SE_ACT_NEXT;
	}
	if (x->overflow)
		return se_fail(x, -EOVERFLOW);
	se->st.apdus++;
	return SE_ACT_DONE;
}

static enum se_action se_on_block(struct se_dev *se, struct se_xfer *x,
				  const struct se_block *b)
{
	switch (b->pcb & SE_PCB_KIND) {
	case SE_PCB_R:
		return se_on_rblock(se, x, b);
	case SE_PCB_S:
		return se_on_sblock(se, x, b);
	default:
		return se_on_iblock(se, x, b);
	}
}

/*
 * Ask for the SE's block again: R(N(R), ee), or our R(ACK) repeated while
 * the SE chains, because the SE only moves on for ee=0.
 */
static void se_build_nak(struct se_dev *se)
{
	if (!se_tx_is_ack(se))
		se_build(se, se_pcb_r(se->nr, se->crc_err ? SE_R_EDC :
				      SE_R_OTHER), NULL, 0);
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
 * At most se_param_retries errors in a row; a RESEND keeps se->tx as it
 * is, an ASK replaces it with an R-block unless it is our R(ACK).
 *
 * Return: 0, -EOVERFLOW if the response does not fit, -ECANCELED on
 * S(ABORT), or the error that ended the retries.
 */
static int se_transceive_once(struct se_dev *se, const u8 *cmd, size_t clen,
			      u8 *rsp, size_t rcap, size_t *rlen)
{
	struct se_xfer x = {
		.cmd = cmd, .clen = clen, .rsp = rsp, .rcap = rcap, .mult = 1,
	};
	enum se_action act;
	struct se_block b;
	int ret;

	se_build_segment(se, &x);
	for (;;) {
		ret = se_exchange(se, x.mult, &b);
		x.mult = 1;
		if (ret) {
			x.err = ret;
			act = SE_ACT_ASK;
		} else {
			act = se_on_block(se, &x, &b);
		}
		switch (act) {
		case SE_ACT_NEXT:
			break;
		case SE_ACT_DONE:
			*rlen = x.got;
			return 0;
		case SE_ACT_FAIL:
			return x.err;
		case SE_ACT_ASK:
		case SE_ACT_RESEND:
			if (++x.errors > se_param_retries)
				return x.err;
			se->st.retries++;
			if (act == SE_ACT_ASK)
				se_build_nak(se);
			break;
		}
	}
}

/* One APDU with recovery: on a link failure, RESYNCH (or SWR) and replay. */
int se_transceive(struct se_dev *se, const u8 *cmd, size_t clen,
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
