/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * User ABI of the GlobalPlatform T=1' secure element driver (/dev/seN).
 *
 * One write() is one command APDU; the next read() returns its response
 * APDU (data + SW1 SW2).  poll() reports EPOLLIN when a response is ready
 * and EPOLLOUT when a new command may be written.  The link layer (T=1'
 * blocks, chaining, retries, RESYNCH, WTX) stays in the kernel.
 */
#ifndef _UAPI_SE_T1PRIME_H
#define _UAPI_SE_T1PRIME_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* Largest command APDU (extended length, Lc 65535) and response APDU. */
#define SE_APDU_CMD_MAX		65544
#define SE_APDU_RSP_MAX		65538

/* Largest CIP (Communication Interface Parameters) the driver keeps. */
#define SE_CIP_MAX		64

/**
 * struct se_cip - raw CIP bytes as returned by S(CIP resp)
 * @len:  number of valid bytes in @data
 * @data: the CIP, VER | IIN_LEN | IIN | PLID | PLP_LEN | PLP | DLLP_LEN |
 *        DLLP | HB_LEN | HB
 */
struct se_cip {
	__u32 len;
	__u8 data[SE_CIP_MAX];
};

/* Argument of SE_IOC_RESET. */
#define SE_RESET_RESYNCH	0	/* S(RESYNCH): sequence counters only */
#define SE_RESET_SWR		1	/* S(SWR): link + application reset */

#define SE_IOC_MAGIC		0xE5

/* Ask the SE for its CIP again (S(CIP)), apply it and return it. */
#define SE_IOC_GET_CIP		_IOR(SE_IOC_MAGIC, 0x01, struct se_cip)
/* Reset the link: arg is SE_RESET_RESYNCH or SE_RESET_SWR (by value). */
#define SE_IOC_RESET		_IO(SE_IOC_MAGIC, 0x02)
/* S(RELEASE): the SE may enter power saving until the next block. */
#define SE_IOC_RELEASE		_IO(SE_IOC_MAGIC, 0x03)

#endif /* _UAPI_SE_T1PRIME_H */
