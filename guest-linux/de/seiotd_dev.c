/* libde transport over /dev/seN: one write() is a command, one read() its response. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "seiotd.h"

int seiotd_dev_open(const char *path)
{
	return open(path, O_RDWR | O_CLOEXEC);
}

int seiotd_dev_transmit(void *ctx, const uint8_t *cmd, size_t len,
			uint8_t *rsp, size_t cap, size_t *rlen)
{
	int fd = *(int *)ctx;
	ssize_t n;

	do
		n = write(fd, cmd, len);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)len)
		return -1;
	do
		n = read(fd, rsp, cap);
	while (n < 0 && errno == EINTR);
	if (n < 2)
		return -1;
	*rlen = (size_t)n;
	return 0;
}
