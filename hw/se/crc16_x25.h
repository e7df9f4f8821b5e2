/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CRC-16/X-25, the T=1' EDC (link-t1prime.md §1.1, §2.1): reflected
 * poly 0x1021 (0x8408), init 0xFFFF, xorout 0xFFFF.  Check("123456789")
 * = 0x906E.  Portable C11: no QEMU, no GLib.
 */
#ifndef SE_CRC16_X25_H
#define SE_CRC16_X25_H

#include <stddef.h>
#include <stdint.h>

/**
 * crc16_x25() - CRC-16/X-25 of @len bytes at @data (final XOR applied).
 * The T=1' block carries the result high byte first.
 */
uint16_t crc16_x25(const uint8_t *data, size_t len);

#endif
