/*
 * fuzz_seiotd_config.c - seiotd's configuration parsers: a config file
 * ("key = value" lines) and a kernel command line (seiot.server=...).
 * Input: split | bytes; the first part is the file, the rest the cmdline.
 * Invariant: after any input every string field is NUL-terminated.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "fuzz_se.h"
#include "seiotd.h"

#define TERMINATED(f) (memchr((f), 0, sizeof(f)) != NULL)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char cmdline[4096];
	struct seiotd_config c;
	char err[128] = "";
	fuzz_input in = { data, size };
	size_t split = fuzz_byte(&in), n, m;
	const uint8_t *text = fuzz_take(&in, split * 8, &n);
	const uint8_t *rest = fuzz_take(&in, sizeof cmdline - 1, &m);

	seiotd_config_defaults(&c);
	(void)seiotd_config_parse(&c, (const char *)text, n, err, sizeof err);
	memcpy(cmdline, rest, m);
	cmdline[m] = 0;
	(void)seiotd_config_cmdline(&c, cmdline);
	if (!TERMINATED(c.device) || !TERMINATED(c.host) || !TERMINATED(c.port)
		|| !TERMINATED(c.server_name) || !TERMINATED(c.hwmon_input) || !TERMINATED(err)) {
		fuzz_fail("a config string is not terminated");
	}
	return 0;
}
