/* SPDX-License-Identifier: GPL-2.0-or-later */
/* see crc16_x25.h */
#include "crc16_x25.h"

/*
 * Byte-at-a-time reflected CCITT update without a table (the classic
 * "_crc_ccitt_update" identity): x = d ^ lo(crc); x ^= x << 4;
 * crc = (x << 8 | hi(crc)) ^ (x >> 4) ^ (x << 3).  Equivalent to eight
 * shift/xor steps with 0x8408, and fast enough for the link bench.
 */
uint16_t crc16_x25(const uint8_t *data, size_t len)
{
    uint16_t crc = 0xFFFFu;
    size_t i;

    for (i = 0; i < len; i++) {
        uint8_t x = (uint8_t)(data[i] ^ (uint8_t)crc);

        x = (uint8_t)(x ^ (uint8_t)(x << 4));
        crc = (uint16_t)((((uint16_t)x << 8) | (crc >> 8))
                         ^ (uint8_t)(x >> 4) ^ ((uint16_t)x << 3));
    }
    return (uint16_t)(crc ^ 0xFFFFu);
}
