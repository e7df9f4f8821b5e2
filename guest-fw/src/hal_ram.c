/* RAM-backed HAL with power-cut injection, for tests and simple hosts. */
#include <string.h>

#include "se_hal.h"

static int
ram_read(void *ctx, uint32_t off, uint8_t *buf, size_t len)
{
	se_hal_ram *r = ctx;

	if (off > r->size || len > r->size - off) {
		return -1;
	}
	memcpy(buf, r->mem + off, len);
	return 0;
}

static int
ram_write(void *ctx, uint32_t off, const uint8_t *buf, size_t len)
{
	se_hal_ram *r = ctx;

	if (off > r->size || len > r->size - off) {
		return -1;
	}
	if (r->cut || (r->writes_left >= 0 && r->writes_left-- == 0)) {
		/* power cut: a torn write leaves the first half of the bytes behind */
		if (r->tear && !r->cut) {
			memcpy(r->mem + off, buf, len / 2);
		}
		r->cut = 1;
		return -1;
	}
	memcpy(r->mem + off, buf, len);
	r->writes++;
	return 0;
}

static int
ram_random(void *ctx, uint8_t *buf, size_t len)
{
	se_hal_ram *r = ctx;

	while (len--) { /* xorshift32: reproducible, NOT for real keys */
		r->seed ^= r->seed << 13;
		r->seed ^= r->seed >> 17;
		r->seed ^= r->seed << 5;
		*buf++ = (uint8_t)r->seed;
	}
	return 0;
}

static uint64_t
ram_time(void *ctx)
{
	return ((se_hal_ram *)ctx)->now;
}

/* see se_hal.h */
void
se_hal_ram_init(se_hal_ram *ram, se_hal *hal, uint8_t *mem, uint32_t size)
{
	memset(ram, 0, sizeof *ram);
	ram->mem = mem;
	ram->size = size;
	ram->writes_left = -1;
	ram->seed = 0x2545F491u;
	hal->ctx = ram;
	hal->nvm_size = size;
	hal->nvm_read = ram_read;
	hal->nvm_write = ram_write;
	hal->random = ram_random;
	hal->time_now = ram_time;
}
