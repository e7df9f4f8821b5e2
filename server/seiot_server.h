/* seiot_server.h - the session script of seiot-server and its sensor-log decoder. */
#ifndef SEIOT_SERVER_H
#define SEIOT_SERVER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SEIOT_LOG_MAX 1024u

enum seiot_step_kind {
	SEIOT_STEP_PLAIN,    /* send as is */
	SEIOT_STEP_READ_LOG, /* READ BINARY from the offset read so far, repeated until short */
};

struct seiot_step {
	const char *name;
	enum seiot_step_kind kind;
	uint8_t apdu[32];
	size_t len;
	uint16_t sw; /* the status word the step must get */
};

extern const struct seiot_step seiot_script[];
extern const size_t seiot_script_len;

/* Decodes App1 records (timestamp u32 | sensor id u16 | value s32, big-endian)
 * and prints one "sensor_log" JSON line. */
void seiot_log_print(FILE *out, unsigned session, const uint8_t *log, size_t len);

#endif
