/*
 * fuzz_input.h - splits a fuzzer input into the pieces a harness needs:
 * single bytes and length-prefixed chunks. Running out of input yields
 * zeros and empty chunks, so every input is a valid script.
 */
#ifndef FUZZ_INPUT_H
#define FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

/*
 * The next response of a scripted SE: a chunk of the script, or the status
 * word fallback_sw when the chunk is too short to carry one; at most cap
 * bytes. Returns -1 (a transport error) once the script is used up.
 */
static inline int
fuzz_scripted_response(fuzz_input *script, uint16_t fallback_sw, uint8_t *rsp, size_t cap,
	size_t *rlen)
{
	const uint8_t *p;
	uint8_t sw[2];
	size_t n;

	if (!fuzz_more(script)) {
		return -1;
	}
	p = fuzz_chunk8(script, &n);
	if (n < 2) {
		sw[0] = (uint8_t)(fallback_sw >> 8);
		sw[1] = (uint8_t)fallback_sw;
		p = sw;
		n = 2;
	}
	n = n < cap ? n : cap;
	memcpy(rsp, p, n);
	*rlen = n;
	return 0;
}

#endif
