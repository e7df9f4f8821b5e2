/*
 * fuzz_input.h - splits a fuzzer input into the pieces a harness needs:
 * single bytes and length-prefixed chunks. Running out of input yields
 * zeros and empty chunks, so every input is a valid script.
 */
#ifndef FUZZ_INPUT_H
#define FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

typedef struct fuzz_input {
	const uint8_t *p;
	size_t left;
} fuzz_input;

static inline int
fuzz_more(const fuzz_input *in)
{
	return in->left > 0;
}

static inline uint8_t
fuzz_byte(fuzz_input *in)
{
	if (in->left == 0) {
		return 0;
	}
	in->left--;
	return *in->p++;
}

static inline uint16_t
fuzz_u16(fuzz_input *in)
{
	uint16_t hi = fuzz_byte(in);

	return (uint16_t)(hi << 8 | fuzz_byte(in));
}

/* The next `want` bytes (fewer at the end); *len receives how many. */
static inline const uint8_t *
fuzz_take(fuzz_input *in, size_t want, size_t *len)
{
	const uint8_t *p = in->p;

	*len = want < in->left ? want : in->left;
	in->p += *len;
	in->left -= *len;
	return p;
}

/* A chunk prefixed by its length byte. */
static inline const uint8_t *
fuzz_chunk8(fuzz_input *in, size_t *len)
{
	return fuzz_take(in, fuzz_byte(in), len);
}

/* A chunk prefixed by its big-endian u16 length. */
static inline const uint8_t *
fuzz_chunk16(fuzz_input *in, size_t *len)
{
	return fuzz_take(in, fuzz_u16(in), len);
}

#endif
