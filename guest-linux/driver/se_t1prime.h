/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GlobalPlatform T=1' secure element driver: interface between the
 * protocol module (se_t1prime.ko) and the bus phys (se_i2c.c, se_spi.c).
 */
#ifndef SE_T1PRIME_H
#define SE_T1PRIME_H

#include <linux/device.h>
#include <linux/types.h>
#include <linux/version.h>

/* The unaligned accessors moved to <linux/unaligned.h> in 6.12. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

#define SE_PROLOGUE_LEN		4	/* NAD PCB LEN_H LEN_L */
#define SE_EPILOGUE_LEN		2	/* CRC_H CRC_L */
#define SE_OVERHEAD		(SE_PROLOGUE_LEN + SE_EPILOGUE_LEN)
#define SE_IFS_MAX		0x0ff9
#define SE_BLOCK_MAX		(SE_IFS_MAX + SE_OVERHEAD)

/* Physical layer identifiers of the CIP, used here as the bus type. */
enum se_bus {
	SE_BUS_SPI = 0x01,
	SE_BUS_I2C = 0x02,
};

/**
 * struct se_link_params - physical parameters a phy may need
 * @mcf_khz:  maximum clock frequency (CIP PLP)
 * @guard_us: RWGT (I2C) or SEGT (SPI) guard time between two accesses
 * @seal:     SPI: largest transfer per access; 0 when unknown
 * @mpot_us:  minimum polling time
 */
struct se_link_params {
	u32 mcf_khz;
	u32 guard_us;
	u32 seal;
	u32 mpot_us;
};

/**
 * struct se_phy_ops - bus operations of a phy
 * @send:      write one complete block in one bus access.  Return 0, or
 *             -EBUSY when the SE refused it (I2C address NACK): the core
 *             retries after the polling time until BWT runs out.
 * @recv:      read one block into @buf (at most @cap bytes).  Return the
 *             block size (LEN + 6, checked against @cap), -EAGAIN when no
 *             block is ready yet (I2C NACK, SPI filler byte), -EBADMSG
 *             for a garbled prologue, or another -errno.
 * @configure: optional; called with new parameters after each CIP.
 */
struct se_phy_ops {
	int (*send)(void *phy_id, const u8 *buf, size_t len);
	int (*recv)(void *phy_id, u8 *buf, size_t cap);
	void (*configure)(void *phy_id, const struct se_link_params *params);
};

/**
 * se_nad_valid() - tell a NAD from bus filler
 * @nad: the first byte of a block
 *
 * Hosts treat a nibble of 0x0 or 0xF as "no block yet" (spec §2.2).
 *
 * Return: true if both nibbles are neither 0x0 nor 0xF.
 */
static inline bool se_nad_valid(u8 nad)
{
	u8 hi = nad >> 4, lo = nad & 0x0f;

	return hi && hi != 0x0f && lo && lo != 0x0f;
}

int se_t1prime_probe(struct device *dev, const struct se_phy_ops *ops,
		     void *phy_id, int irq, enum se_bus bus);

#endif /* SE_T1PRIME_H */
