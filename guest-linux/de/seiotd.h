/*
 * seiotd.h - the DE daemon: relays one TLS session between a server and the
 * SE's TLS Manager (through libde and /dev/seN) and stores sensor readings in
 * the SE's App1 on the plain channel. It holds no key.
 */
#ifndef SEIOTD_H
#define SEIOTD_H

#include <stddef.h>
#include <stdint.h>

#define SEIOTD_NAME_MAX 128

struct seiotd_config {
	char device[64];                /* /dev/seN */
	char host[64];                  /* server address (numeric IPv4/IPv6 or name) */
	char port[8];
	char server_name[SEIOTD_NAME_MAX]; /* checked against the server certificate */
	unsigned sample_ms;             /* 0: no periodic sampling */
	unsigned samples;               /* stop sampling after this many (0: forever) */
	unsigned sessions;              /* exit after this many sessions (0: forever) */
	unsigned backoff_min_ms, backoff_max_ms;
	char hwmon_input[128];          /* "" = find the tmp105 */
	uint16_t sensor_id;
};

/* seiotd_config.c */
void seiotd_config_defaults(struct seiotd_config *c);
/* Applies "key = value" lines; returns 0 or -1 with a message in err. */
int seiotd_config_parse(struct seiotd_config *c, const char *text, size_t len,
			char *err, size_t errlen);
/* Reads the server address from a kernel command line ("seiot.server=HOST:PORT"). */
int seiotd_config_cmdline(struct seiotd_config *c, const char *cmdline);
/* Splits "HOST:PORT" or "[V6]:PORT" into the config; 0 or -1. */
int seiotd_config_set_server(struct seiotd_config *c, const char *hostport);

/* seiotd_dev.c: libde transport over the SE character device */
int seiotd_dev_open(const char *path);
int seiotd_dev_transmit(void *ctx, const uint8_t *cmd, size_t len,
			uint8_t *rsp, size_t cap, size_t *rlen);
/* APDU segment size that fits the link's IFSC best; 0 if unknown. */
size_t seiotd_dev_segment_max(const char *path);
size_t seiotd_segment_for_ifsc(unsigned long ifsc);
/* Asks the driver for an IFSD of at least `need` bytes (best effort). */
void seiotd_dev_fit_ifsd(const char *path, unsigned need);

/* seiotd_sensor.c */
int seiotd_sensor_find(char *path, size_t cap);
int seiotd_sensor_read(const char *path, int32_t *millideg);
/* APPEND RECORD to App1 on the plain channel; returns the SW or -1. */
int seiotd_sensor_store(void *de, uint16_t sensor_id, int32_t value);

/* seiotd_net.c */
int seiotd_net_connect(const char *host, const char *port, unsigned timeout_ms);
int seiotd_net_write_all(int fd, const uint8_t *buf, size_t len);

#endif
