/* libde transport over /dev/seN: one write() is a command, one read() its response. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
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

/* Reads /sys/class/misc/<name of path>/<attr> as a number; 0 if it cannot. */
static unsigned long sys_read(const char *path, const char *attr)
{
	const char *name = strrchr(path, '/');
	char sys[128];
	unsigned long v;
	FILE *f;

	snprintf(sys, sizeof(sys), "/sys/class/misc/%s/%s", name ? name + 1 : path, attr);
	f = fopen(sys, "r");
	if (!f)
		return 0;
	if (fscanf(f, "%lu", &v) != 1)
		v = 0;
	fclose(f);
	return v;
}

/*
 * The command data size per APDU segment that moves the most bytes per link
 * block: the driver cuts an APDU (data + 6 header/Le bytes) into I-blocks of at
 * most IFSC bytes, and each extra block costs a round trip for the SE's R(ACK).
 * With IFSC 254, 248-byte segments travel as one block where 255-byte ones
 * take two (254 + a 7-byte tail). IFSC comes from the driver's sysfs CIP; 0
 * (keep libde's default) if it cannot be read.
 */
size_t seiotd_segment_for_ifsc(unsigned long ifsc)
{
	size_t best = 0, seg;

	if (!ifsc)
		return 0;
	/* seg / blocks(seg) is largest; ties go to the larger segment (fewer APDUs) */
	for (seg = 1; seg <= 255; seg++) {
		size_t blocks = (seg + 6 + ifsc - 1) / ifsc;
		size_t bblocks = (best + 6 + ifsc - 1) / ifsc;

		if (!best || seg * bblocks >= best * blocks)
			best = seg;
	}
	return best;
}

size_t seiotd_dev_segment_max(const char *path)
{
	return seiotd_segment_for_ifsc(sys_read(path, "cip/ifsc"));
}

/*
 * Raise the driver's IFSD (its S(IFS) to the SE) to `need` bytes, so that
 * a response of that size comes in one block instead of a chain that costs an
 * R(ACK) round trip per extra block. Best effort: an older driver or a
 * read-only sysfs leaves the link as it is.
 */
void seiotd_dev_fit_ifsd(const char *path, unsigned need)
{
	const char *name = strrchr(path, '/');
	char sys[128];
	FILE *f;

	if (sys_read(path, "ifsd") >= need)
		return;
	snprintf(sys, sizeof(sys), "/sys/class/misc/%s/ifsd", name ? name + 1 : path);
	f = fopen(sys, "w");
	if (f) {
		fprintf(f, "%u\n", need);
		fclose(f);
	}
}
