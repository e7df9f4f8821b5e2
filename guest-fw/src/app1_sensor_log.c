/*
 * App1: the sensor log, a cyclic record file (ISO 7816-4 clause 7.3.1) in NVM.
 * NVM: head u16 (next slot) | count u16 | SE_APP1_RECORDS records of
 * timestamp u32 | sensor id u16 | value s32 (big-endian). Record 1 is the newest;
 * READ BINARY sees the records oldest first as one byte string.
 */
#include "se_applets.h"

#define N   SE_APP1_RECORDS
#define RS  SE_APP1_RECORD_SIZE
#define HDR 4u

static const uint8_t app1_aid[] = { SE_AID_APP1 };

static uint32_t
slot_off(uint32_t slot)
{
	return HDR + slot * RS;
}

/* APPEND RECORD 00 E2 00 00 06 sensor-id(2) value(4): the SE adds its own timestamp. */
static uint16_t
append(const se_env *env, const se_apdu *c, uint32_t head, uint32_t count)
{
	uint8_t rec[RS], h[HDR];

	if (c->p1 || c->p2) {
		return SE_SW_INCORRECT_P1P2;
	}
	if (c->nc != RS - 4) {
		return SE_SW_WRONG_LENGTH;
	}
	se_put32(rec, (uint32_t)se_env_time(env));
	for (uint32_t i = 0; i < RS - 4; i++) {
		rec[4 + i] = c->data[i];
	}
	se_put16(h, (head + 1) % N);
	se_put16(h + 2, count < N ? count + 1 : N);
	/* two writes, one transaction: a power cut keeps the old or the new log */
	if (se_mem_write(env, slot_off(head), rec, RS) || se_mem_write(env, 0, h, HDR)) {
		return SE_SW_MEMORY_FAILURE;
	}
	return SE_SW_OK;
}

/* READ BINARY 00 B0 P1 P2 Le: offset P1P2 (15 bits) into the records, oldest first. */
static uint16_t
read_binary(const se_env *env, const se_apdu *c, se_rsp *r, uint32_t head, uint32_t count)
{
	uint32_t off = (uint32_t)c->p1 << 8 | c->p2, size = count * RS,
		 oldest = (head + N - count) % N;
	size_t n;

	if (c->p1 & 0x80) { /* short EF identifier: not supported */
		return SE_SW_INCORRECT_P1P2;
	}
	if (c->nc) {
		return SE_SW_WRONG_LENGTH;
	}
	if (off > size) {
		return SE_SW_WRONG_P1P2;
	}
	n = size - off;
	if (c->ne && n > c->ne) {
		n = c->ne;
	}
	if (n > r->cap) {
		n = r->cap;
	}
	while (r->len < n) {
		uint32_t k = off / RS, within = off % RS, take = RS - within;

		if (take > n - r->len) {
			take = (uint32_t)(n - r->len);
		}
		if (se_mem_read(env, slot_off((oldest + k) % N) + within, r->buf + r->len, take)) {
			return SE_SW_MEMORY_FAILURE;
		}
		r->len += take;
		off += take;
	}
	return SE_SW_OK;
}

static uint16_t
app1_process(const se_env *env, const se_apdu *c, se_rsp *r)
{
	uint8_t h[HDR];
	uint32_t head, count;

	if (c->cla & 0x80) {
		return SE_SW_CLA_NOT_SUPPORTED;
	}
	if (se_mem_read(env, 0, h, HDR)) {
		return SE_SW_MEMORY_FAILURE;
	}
	head = se_get16(h) % N;
	count = se_get16(h + 2);
	if (count > N) {
		count = N;
	}
	switch (c->ins) {
	case SE_APP1_INS_APPEND_RECORD:
		return append(env, c, head, count);
	case SE_APP1_INS_READ_RECORD: /* READ RECORD 00 B2 n 04 Le: record n, 1 = newest */
		if (c->p2 != 0x04) {
			return SE_SW_INCORRECT_P1P2;
		}
		if (c->nc) {
			return SE_SW_WRONG_LENGTH;
		}
		if (c->p1 == 0 || c->p1 > count) {
			return SE_SW_RECORD_NOT_FOUND;
		}
		r->len = RS;
		return se_mem_read(env, slot_off((head + N - c->p1) % N), r->buf, RS)
			? SE_SW_MEMORY_FAILURE
			: SE_SW_OK;
	case SE_APP1_INS_READ_BINARY:
		return read_binary(env, c, r, head, count);
	case SE_APP1_INS_ERASE_BINARY: /* ERASE BINARY 00 0E 00 00: empty the log */
		if (c->p1 || c->p2) {
			return SE_SW_INCORRECT_P1P2;
		}
		if (c->nc) {
			return SE_SW_WRONG_LENGTH;
		}
		h[0] = h[1] = h[2] = h[3] = 0;
		return se_mem_write(env, 0, h, HDR) ? SE_SW_MEMORY_FAILURE : SE_SW_OK;
	default:
		return SE_SW_INS_NOT_SUPPORTED;
	}
}

const se_applet se_app1_applet = {
	.aid = app1_aid,
	.aid_len = sizeof app1_aid,
	.nvm_size = HDR + N * RS,
	.process = app1_process,
};
