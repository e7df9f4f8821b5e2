/*
 * Just enough of the kernel's headers to build the driver's byte parsers
 * (guest-linux/driver/se_frame.c) in user space for the fuzzers.
 */
#ifndef FUZZ_KSHIM_TYPES_H
#define FUZZ_KSHIM_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef int64_t s64;

#endif
