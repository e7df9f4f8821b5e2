/*
 * fuzz_server_frames.c - se-test-server's frame parser and response checks
 * (binding 5: LEN(2) || APDU) against whatever the SE side of the TLS
 * connection sends: the server's own code (server/se_test_server.c, built
 * here with its main renamed) over a connection that reads the fuzzer input.
 * Input: mode | the byte stream the server reads. mode b0: the frames
 * script, else the apps script and then a burst.
 */
#include <string.h>

#include "fuzz_input.h"
#include "fuzz_se.h"

#define main se_test_server_main
#include "../server/se_test_server.c"
#undef main

static fuzz_input stream;

/* The server's main() (unused here) picks a TLS stack: none in this build. */
const se_conn_ops *
se_conn_stack(const char *name)
{
	(void)name;
	return NULL;
}

static int
conn_write(se_conn *c, const uint8_t *p, size_t n)
{
	(void)c;
	(void)p;
	(void)n;
	return 0;
}

static int
conn_read_full(se_conn *c, uint8_t *p, size_t n)
{
	size_t got;
	const uint8_t *src = fuzz_take(&stream, n, &got);

	(void)c;
	if (got != n) {
		return -1;
	}
	memcpy(p, src, n);
	return 0;
}

static const se_conn_ops fuzz_conn_ops = { .write = conn_write, .read_full = conn_read_full };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	se_conn c = { &fuzz_conn_ops, NULL };
	uint8_t mode;

	stream.p = data;
	stream.left = size;
	mode = fuzz_byte(&stream);
	if (mode & 1) {
		(void)run_frames(&c);
	} else if (run_steps(&c, apps_script, sizeof apps_script / sizeof apps_script[0]) == 0) {
		(void)run_burst(&c);
	}
	return 0;
}
