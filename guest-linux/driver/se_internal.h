/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GlobalPlatform T=1' secure element driver: state shared by the files of
 * the protocol module (se_t1prime.ko), never by the phys.
 *
 *   se_frame.c       frames and the CIP as bytes: CRC, checks, decoding
 *   se_block.c       blocks on the bus: one exchange, guard times, waits
 *   se_sblock.c      S-block requests, the CIP, link activation
 *   se_transceive.c  APDU transport: chaining and recovery
 *   se_cdev.c        /dev/seN
 *   se_sysfs.c       attributes of /sys/class/misc/seN
 *   se_core.c        probe, data-ready IRQ, teardown, module parameters
 */
#ifndef SE_INTERNAL_H
#define SE_INTERNAL_H

#include <linux/completion.h>
#include <linux/fs.h>
#include <linux/irqreturn.h>
#include <linux/ktime.h>
#include <linux/miscdevice.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/types.h>

#include "se_frame.h"
#include "se_t1prime.h"
#include "se_uapi.h"

#define SE_NAD_HD_TO_SE		0x21

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

/* Module parameters (se_core.c). */
extern unsigned int se_param_retries;
extern unsigned int se_param_max_wtx;

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

static inline u8 se_pcb_i(u8 ns, bool more)
{
	return (ns ? SE_PCB_I_NS : 0) | (more ? SE_PCB_I_M : 0);
}

static inline u8 se_pcb_r(u8 nr, u8 ee)
{
	return SE_PCB_R | (nr ? SE_PCB_R_NR : 0) | ee;
}

/* se_block.c */
void se_build(struct se_dev *se, u8 pcb, const u8 *inf, size_t len);
int se_xmit(struct se_dev *se);
int se_exchange(struct se_dev *se, unsigned int mult, struct se_block *b);
void se_drain(struct se_dev *se);
irqreturn_t se_irq_handler(int irq, void *dev_id);

/* se_sblock.c */
int se_s_exchange(struct se_dev *se, u8 type, const u8 *inf, size_t len,
		  struct se_block *b);
int se_resynch(struct se_dev *se);
int se_swr(struct se_dev *se);
int se_set_ifsd(struct se_dev *se, unsigned int size);
int se_read_cip(struct se_dev *se);
int se_activate(struct se_dev *se);

/* se_transceive.c */
int se_transceive(struct se_dev *se, const u8 *cmd, size_t clen,
		  u8 *rsp, size_t rcap, size_t *rlen);

/* se_cdev.c */
extern const struct file_operations se_fops;

/* se_sysfs.c */
extern const struct attribute_group *se_groups[];

/* se_core.c */
void se_free(struct kref *kref);

#endif /* SE_INTERNAL_H */
