/* Host file backend: persistence across opens and the one-user lock. */
#include <fcntl.h>
#include <unistd.h>

#include "harness.h"
#include "se_nvm_file.h"

int main(void)
{
	char path[] = "/tmp/seos-nvm-XXXXXX";
	int fd = mkstemp(path);
	se_nvm_file f1, f2;
	se_hal h1, h2;
	static se_os_context os;
	const se_applet *tab[] = {&se_isd_applet, &se_app1_applet};
	uint8_t rsp[SE_OS_RSP_MAX];
	size_t rlen;
	static const uint8_t sel[] = {0x00, 0xA4, 0x04, 0x00, 0x07, SE_AID_APP1};
	static const uint8_t app[] = {0x00, 0xE2, 0x00, 0x00, 0x06, 0x00, 0x09, 0x00, 0x00, 0x00, 0x2A};
	static const uint8_t rd[] = {0x00, 0xB2, 0x01, 0x04, 0x00};

	CHECK(fd >= 0, "temporary file %s", path);
	close(fd);
	CHECK(se_nvm_file_open(&f1, &h1, path, SE_OS_NVM_SIZE) == SE_OK, "open the image file");
	CHECK(se_nvm_file_open(&f2, &h2, path, SE_OS_NVM_SIZE) == SE_ERR_LOCKED, "second open of the same file: SE_ERR_LOCKED");
	CHECK(se_os_init(&os, &h1, tab, 2, 0) == SE_NVM_FORMATTED, "OS formats the empty file");
	se_os_transmit(&os, sel, sizeof sel, rsp, sizeof rsp, &rlen);
	se_os_transmit(&os, app, sizeof app, rsp, sizeof rsp, &rlen);
	CHECK(rlen == 2 && se_get16(rsp) == 0x9000, "append a reading");
	se_nvm_file_close(&f1);
	CHECK(se_nvm_file_open(&f2, &h2, path, SE_OS_NVM_SIZE) == SE_OK, "after close another user may open it");
	CHECK(se_os_init(&os, &h2, tab, 2, 0) == SE_OK, "image reopens without formatting");
	se_os_transmit(&os, sel, sizeof sel, rsp, sizeof rsp, &rlen);
	se_os_transmit(&os, rd, sizeof rd, rsp, sizeof rsp, &rlen);
	CHECK(rlen == 12 && rsp[5] == 0x09 && rsp[9] == 0x2A && se_get16(rsp + 10) == 0x9000,
	      "the reading persisted in the file");
	CHECK(se_get32(rsp) > 1600000000u, "timestamp from the host clock");
	se_nvm_file_close(&f2);

	/* a short file that is no image: refused, and not even padded */
	static const char notes[] = "shopping: milk, eggs\n";
	char back[sizeof notes + 8];
	fd = open(path, O_WRONLY | O_TRUNC);
	CHECK(fd >= 0 && write(fd, notes, sizeof notes - 1) == (ssize_t)(sizeof notes - 1), "a text file");
	close(fd);
	CHECK(se_nvm_file_open(&f1, &h1, path, SE_OS_NVM_SIZE) == SE_OK, "it opens");
	CHECK(se_os_init(&os, &h1, tab, 2, 0) == SE_ERR_FORMAT, "the OS refuses it");
	se_nvm_file_close(&f1);
	fd = open(path, O_RDONLY);
	CHECK(fd >= 0 && read(fd, back, sizeof back) == (ssize_t)(sizeof notes - 1)
	      && !memcmp(back, notes, sizeof notes - 1), "the refused file is byte-identical");
	close(fd);
	unlink(path);
	return done_testing();
}
