#ifndef FUZZ_KSHIM_CRC_CCITT_H
#define FUZZ_KSHIM_CRC_CCITT_H

#include <linux/types.h>

/* lib/crc-ccitt.c's function: CRC-CCITT, reflected polynomial 0x8408. */
static inline u16
crc_ccitt(u16 crc, const u8 *buf, size_t len)
{
	while (len--) {
		crc ^= *buf++;
		for (int i = 0; i < 8; i++) {
			crc = (crc & 1) ? (u16)(crc >> 1 ^ 0x8408) : (u16)(crc >> 1);
		}
	}
	return crc;
}

#endif
