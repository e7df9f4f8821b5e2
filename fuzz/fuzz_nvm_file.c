/*
 * fuzz_nvm_file.c - the host file loader (guest-fw/host/nvm_file.c) as
 * se-personalise uses it: any file contents (raw, or a real image patched
 * and maybe cut short: fuzz_image_from_input), then the SE's NVM open.
 * Invariant: a file the SE refuses stays byte-identical, size included.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_se_perso.h"
#include "se_nvm_file.h"

#define FILE_MAX (2u * SE_OS_NVM_SIZE)

static void
put_file(const char *path, const uint8_t *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || write(fd, data, len) != (ssize_t)len) {
		fuzz_fail("writing the input file");
	}
	close(fd);
}

static size_t
get_file(const char *path, uint8_t *buf, size_t cap)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, cap);

	if (fd >= 0) {
		close(fd);
	}
	return n < 0 ? 0 : (size_t)n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static se_product prod;
	static uint8_t back[FILE_MAX + 1], file[FILE_MAX];
	static char path[64];
	size_t n = fuzz_image_from_input(data, size, file, sizeof file);
	se_nvm_file f;
	se_hal hal;
	int rc;

	if (!path[0]) {
		snprintf(path, sizeof path, "%s/fuzz-nvm-file-%ld",
			access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp", (long)getpid());
	}
	put_file(path, file, n);
	if (se_nvm_file_open(&f, &hal, path, SE_OS_NVM_SIZE) != SE_OK) {
		fuzz_fail("opening a plain file");
	}
	rc = se_product_init(&prod, &hal, 0);
	se_nvm_file_close(&f);
	if (rc < 0 && (get_file(path, back, sizeof back) != n || memcmp(back, file, n) != 0)) {
		fuzz_fail("a refused file was modified");
	}
	unlink(path);
	return 0;
}
