#ifndef FUZZ_KSHIM_UNALIGNED_H
#define FUZZ_KSHIM_UNALIGNED_H

#include <linux/types.h>

static inline u16
get_unaligned_be16(const void *p)
{
	const u8 *b = p;

	return (u16)(b[0] << 8 | b[1]);
}

static inline void
put_unaligned_be16(u16 v, void *p)
{
	u8 *b = p;

	b[0] = (u8)(v >> 8);
	b[1] = (u8)v;
}

#endif
