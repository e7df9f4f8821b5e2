/* Host-only HAL backend: NVM image in a file, one user at a time (flock), random
 * bytes from getrandom(), time from the system clock. Not part of the OS-free core. */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "se_nvm_file.h"

/*
 * The whole range or fail: short transfers are continued, EINTR retried. A
 * read past the end of a short file sees zeros, as the image it will become.
 */
static int transfer(int fd, uint8_t *buf, size_t len, uint32_t off, int write)
{
	while (len) {
		ssize_t n = write ? pwrite(fd, buf, len, off) : pread(fd, buf, len, off);
		if (n == 0 && !write) {
			memset(buf, 0, len);
			return 0;
		}
		if (n <= 0 && !(n < 0 && errno == EINTR))
			return -1;
		if (n > 0) {
			buf += n;
			off += (uint32_t)n;
			len -= (size_t)n;
		}
	}
	return 0;
}

static int file_read(void *ctx, uint32_t off, uint8_t *buf, size_t len)
{
	return transfer(((se_nvm_file *)ctx)->fd, buf, len, off, 0);
}

/*
 * A short file becomes a whole image on the first write only: opening and
 * reading a file the firmware then refuses must leave it byte-identical.
 */
static int extend(se_nvm_file *f)
{
	struct stat st;

	if (f->extended)
		return 0;
	if (fstat(f->fd, &st) || (st.st_size < (off_t)f->size && ftruncate(f->fd, f->size)))
		return -1;
	f->extended = 1;
	return 0;
}

static int file_write(void *ctx, uint32_t off, const uint8_t *buf, size_t len)
{
	se_nvm_file *f = ctx;

	if (extend(f))
		return -1;
	/* the transaction layer needs each write durable before the next one */
	return transfer(f->fd, (uint8_t *)(uintptr_t)buf, len, off, 1) || fdatasync(f->fd) ? -1 : 0;
}

static int file_random(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	while (len) {
		ssize_t n = getrandom(buf, len, 0);
		if (n < 0 && errno != EINTR)
			return -1;
		if (n > 0) {
			buf += n;
			len -= (size_t)n;
		}
	}
	return 0;
}

static uint64_t file_time(void *ctx)
{
	(void)ctx;
	return (uint64_t)time(NULL);
}

/* see se_nvm_file.h */
int se_nvm_file_open(se_nvm_file *f, se_hal *hal, const char *path, uint32_t size)
{
	f->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (f->fd < 0)
		return SE_ERR_IO;
	/* flock locks the open file description: a second open, even in this process, is refused */
	if (flock(f->fd, LOCK_EX | LOCK_NB)) {
		int busy = errno == EWOULDBLOCK;
		close(f->fd);
		f->fd = -1;
		return busy ? SE_ERR_LOCKED : SE_ERR_IO;
	}
	f->size = size;
	f->extended = 0;
	hal->ctx = f;
	hal->nvm_size = size;
	hal->nvm_read = file_read;
	hal->nvm_write = file_write;
	hal->random = file_random;
	hal->time_now = file_time;
	return SE_OK;
}

/* see se_nvm_file.h */
void se_nvm_file_close(se_nvm_file *f)
{
	if (f->fd >= 0) {
		flock(f->fd, LOCK_UN);
		close(f->fd);
		f->fd = -1;
	}
}
