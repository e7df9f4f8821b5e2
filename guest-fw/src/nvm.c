/* Persistent image: header, two commit slots, undo journal, data area (se_nvm.h). */
#include <string.h>

#include "se_apdu.h"
#include "se_nvm.h"

#define ENTRY_HDR  12u /* seq u32 | off u32 | len u16 | prev u16 */
#define COPY_CHUNK 32u
#define NO_DST     0xFFFFFFFFu /* raw_copy: only CRC the source */

/* see se_nvm.h */
uint32_t
se_crc32(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++) {
			crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
		}
	}
	return ~crc;
}

static int
raw_read(const se_nvm *n, uint32_t off, void *buf, size_t len)
{
	return n->hal->nvm_read(n->hal->ctx, off, buf, len) ? SE_ERR_IO : SE_OK;
}

static int
raw_write(const se_nvm *n, uint32_t off, const void *buf, size_t len)
{
	return n->hal->nvm_write(n->hal->ctx, off, buf, len) ? SE_ERR_IO : SE_OK;
}

/* Copy `len` bytes inside the image through a small stack buffer, CRC-ing them on the way. */
static int
raw_copy(const se_nvm *n, uint32_t dst, uint32_t src, size_t len, uint32_t *crc)
{
	uint8_t tmp[COPY_CHUNK];

	while (len) {
		size_t k = len < COPY_CHUNK ? len : COPY_CHUNK;

		if (raw_read(n, src, tmp, k)) {
			return SE_ERR_IO;
		}
		*crc = se_crc32(*crc, tmp, k);
		if (dst != NO_DST && raw_write(n, dst, tmp, k)) {
			return SE_ERR_IO;
		}
		if (dst != NO_DST) {
			dst += k;
		}
		src += k;
		len -= k;
	}
	return SE_OK;
}

/* The commit point: slot (seq % 2) := seq. */
static int
write_slot(se_nvm *n, uint32_t seq)
{
	uint8_t s[8];

	se_put32(s, seq);
	se_put32(s + 4, se_crc32(0, s, 4));
	if (raw_write(n, SE_NVM_SLOTS_OFF + (seq & 1u) * 8u, s, 8)) {
		return SE_ERR_IO;
	}
	n->seq = seq;
	n->jpos = 0;
	n->jlast = 0;
	return SE_OK;
}

static void
make_header(uint8_t h[SE_NVM_HEADER_SIZE], const se_nvm *n, uint32_t layout_id)
{
	memset(h, 0, SE_NVM_HEADER_SIZE);
	memcpy(h, "SEOS", 4);
	se_put16(h + 4, SE_NVM_VERSION);
	se_put16(h + 6, SE_NVM_HEADER_SIZE);
	se_put32(h + 8, n->hal->nvm_size);
	se_put32(h + 12, layout_id);
	se_put16(h + 16, SE_NVM_JOURNAL_SIZE);
	se_put32(h + 28, se_crc32(0, h, 28));
}

/* Header last: a cut anywhere before leaves an invalid header, so the next open formats again. */
static int
format(se_nvm *n, uint32_t layout_id)
{
	uint8_t buf[SE_NVM_HEADER_SIZE] = { 0 };
	uint32_t end = SE_NVM_DATA_OFF + n->data_size;

	for (uint32_t off = 0; off < end; off += sizeof buf) {
		uint32_t k = end - off < sizeof buf ? end - off : sizeof buf;

		if (raw_write(n, off, buf, k)) {
			return SE_ERR_IO;
		}
	}
	if (write_slot(n, 1)) {
		return SE_ERR_IO;
	}
	make_header(buf, n, layout_id);
	return raw_write(n, 0, buf, sizeof buf) ? SE_ERR_IO : SE_NVM_FORMATTED;
}

/*
 * Validate the journal entry at `pos`: tagged with the current seq, linked to the previous one,
 * CRC intact.
 */
static int
entry_valid(const se_nvm *n, uint32_t pos, uint32_t *len)
{
	uint8_t h[ENTRY_HDR + 4];
	uint32_t crc, off;

	if (pos + ENTRY_HDR + 4 > SE_NVM_JOURNAL_SIZE
		|| raw_read(n, SE_NVM_JOURNAL_OFF + pos, h, ENTRY_HDR)) {
		return 0;
	}
	off = se_get32(h + 4);
	*len = se_get16(h + 8);
	if (se_get32(h) != n->seq || se_get16(h + 10) != n->jlast || *len == 0
		|| *len > SE_NVM_JOURNAL_SIZE - ENTRY_HDR - 4 - pos || off > n->data_size
		|| *len > n->data_size - off) {
		return 0;
	}
	crc = se_crc32(0, h, ENTRY_HDR);
	if (raw_copy(n, NO_DST, SE_NVM_JOURNAL_OFF + pos + ENTRY_HDR, *len, &crc)
		|| raw_read(n, SE_NVM_JOURNAL_OFF + pos + ENTRY_HDR + *len, h, 4)) {
		return 0;
	}
	return se_get32(h) == crc;
}

/*
 * A commit after the format's own (seq > 1) is in a slot: the image holds
 * data. An erased slot (all 0xFF, whose CRC happens to match) is no commit;
 * a slot that cannot be read counts as one, so that nothing is destroyed.
 */
static int
committed(se_nvm *n)
{
	static const uint8_t erased[8] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
	uint8_t s[8];

	for (uint32_t i = 0; i < 2; i++) {
		if (raw_read(n, SE_NVM_SLOTS_OFF + i * 8, s, 8)) {
			return 1;
		}
		if (memcmp(s, erased, sizeof s) && se_get32(s + 4) == se_crc32(0, s, 4)
			&& se_get32(s) > 1) {
			return 1;
		}
	}
	return 0;
}

/*
 * A header that is not valid is formatted only when nothing can be lost: a
 * blank header (all 0x00 or all 0xFF), or a format cut short (format() zeroes
 * the image, writes commit slot 1, then the header, so a torn header is a
 * prefix of the wanted one followed by zeros), and in both cases no commit
 * came after. Anything else - a damaged header over committed data, whatever
 * its bytes, a foreign file - is refused rather than destroyed.
 */
static int
unformatted(se_nvm *n, const uint8_t *h, const uint8_t *want)
{
	uint32_t k = 0, ones = 0;

	for (uint32_t i = 0; i < SE_NVM_HEADER_SIZE; i++) {
		ones += h[i] == 0xFF;
	}
	if (ones != SE_NVM_HEADER_SIZE) {
		while (k < SE_NVM_HEADER_SIZE && h[k] == want[k]) {
			k++;
		}
		for (; k < SE_NVM_HEADER_SIZE; k++) {
			if (h[k]) {
				return 0;
			}
		}
	}
	return !committed(n);
}

/* see se_nvm.h */
int
se_nvm_open(se_nvm *n, const se_hal *hal, uint32_t layout_id, uint32_t data_size, unsigned flags)
{
	uint8_t h[SE_NVM_HEADER_SIZE], want[SE_NVM_HEADER_SIZE];
	uint32_t best = 0, len;
	int have = 0;

	memset(n, 0, sizeof *n);
	n->hal = hal;
	n->data_size = data_size;
	if (hal->nvm_size < SE_NVM_DATA_OFF || hal->nvm_size - SE_NVM_DATA_OFF < data_size) {
		return SE_ERR_FULL;
	}
	if (raw_read(n, 0, h, sizeof h)) {
		return SE_ERR_IO;
	}
	make_header(want, n, layout_id);
	if (flags & SE_NVM_FORMAT) {
		return format(n, layout_id);
	}
	if (memcmp(h, "SEOS", 4) || se_get32(h + 28) != se_crc32(0, h, 28)) {
		return unformatted(n, h, want) ? format(n, layout_id) : SE_ERR_FORMAT;
	}
	if (se_get16(h + 4) != SE_NVM_VERSION) {
		return SE_ERR_FORMAT; /* a newer image: never destroy it implicitly */
	}
	if (memcmp(h, want, sizeof h)) {
		return (flags & SE_NVM_FORMAT_ON_MISMATCH) ? format(n, layout_id) : SE_ERR_LAYOUT;
	}

	for (uint32_t i = 0; i < 2; i++) {
		if (raw_read(n, SE_NVM_SLOTS_OFF + i * 8, h, 8)) {
			return SE_ERR_IO;
		}
		uint32_t seq = se_get32(h);
		if ((seq & 1u) == i && se_get32(h + 4) == se_crc32(0, h, 4)
			&& (!have || seq > best)) {
			best = seq;
			have = 1;
		}
	}
	if (!have) {
		return SE_ERR_FORMAT;
	}
	n->seq = best;
	/* recovery: find the interrupted transaction's entries, then roll them back */
	while (entry_valid(n, n->jpos, &len)) {
		n->jlast = n->jpos;
		n->jpos = (uint16_t)(n->jpos + ENTRY_HDR + len + 4);
	}
	return se_nvm_abort(n);
}

/* see se_nvm.h */
int
se_nvm_read(const se_nvm *n, uint32_t off, void *buf, size_t len)
{
	if (off > n->data_size || len > n->data_size - off) {
		return SE_ERR_PARAM;
	}
	return raw_read(n, SE_NVM_DATA_OFF + off, buf, len);
}

/* see se_nvm.h */
int
se_nvm_write(se_nvm *n, uint32_t off, const void *buf, size_t len)
{
	uint8_t h[ENTRY_HDR];
	uint32_t pos = n->jpos, crc;

	if (off > n->data_size || len > n->data_size - off) {
		return SE_ERR_PARAM;
	}
	if (len == 0) {
		return SE_OK;
	}
	if (len + ENTRY_HDR + 4 > SE_NVM_JOURNAL_SIZE - pos) {
		return SE_ERR_FULL;
	}
	/* 1. save the old bytes in the journal, CRC last */
	se_put32(h, n->seq);
	se_put32(h + 4, off);
	se_put16(h + 8, (uint32_t)len);
	se_put16(h + 10, n->jlast);
	crc = se_crc32(0, h, ENTRY_HDR);
	if (raw_write(n, SE_NVM_JOURNAL_OFF + pos, h, ENTRY_HDR)
		|| raw_copy(n, SE_NVM_JOURNAL_OFF + pos + ENTRY_HDR, SE_NVM_DATA_OFF + off, len,
			&crc)) {
		return SE_ERR_IO;
	}
	se_put32(h, crc);
	if (raw_write(n, SE_NVM_JOURNAL_OFF + pos + ENTRY_HDR + (uint32_t)len, h, 4)) {
		return SE_ERR_IO;
	}
	n->jlast = (uint16_t)pos;
	n->jpos = (uint16_t)(pos + ENTRY_HDR + len + 4);
	/* 2. only now overwrite in place */
	return raw_write(n, SE_NVM_DATA_OFF + off, buf, len) ? SE_ERR_IO : SE_OK;
}

/* see se_nvm.h */
int
se_nvm_commit(se_nvm *n)
{
	return n->jpos ? write_slot(n, n->seq + 1) : SE_OK;
}

/* see se_nvm.h */
int
se_nvm_abort(se_nvm *n)
{
	uint8_t h[ENTRY_HDR];
	uint32_t pos = n->jlast, crc = 0;

	if (!n->jpos) {
		return SE_OK;
	}
	/* newest first, so bytes written twice end with their oldest value */
	for (;;) {
		if (raw_read(n, SE_NVM_JOURNAL_OFF + pos, h, ENTRY_HDR)
			|| raw_copy(n, SE_NVM_DATA_OFF + se_get32(h + 4),
				SE_NVM_JOURNAL_OFF + pos + ENTRY_HDR, se_get16(h + 8), &crc)) {
			return SE_ERR_IO;
		}
		if (pos == 0) {
			break;
		}
		pos = se_get16(h + 10);
	}
	return write_slot(n, n->seq + 1);
}
