/*
 * fuzz_server_log.c - seiot-server's decoder of the sensor log it reads
 * from the SE through the session (App1 records, seiot_log_print).
 * Input: the log bytes as READ BINARY returned them.
 */
#include <stdio.h>

#include "fuzz_se.h"
#include "seiot_server.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;

	if (sink == NULL && (sink = fopen("/dev/null", "w")) == NULL) {
		fuzz_fail("opening /dev/null");
	}
	seiot_log_print(sink, 1, data, size < SEIOT_LOG_MAX ? size : SEIOT_LOG_MAX);
	return 0;
}
