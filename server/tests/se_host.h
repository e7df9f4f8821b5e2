/*
 * se_host.h - the whole SE firmware in-process for host tests and benches: card OS,
 * Dispatcher, ISD, App1-3 and the TLS Manager over a RAM NVM image, personalised through
 * ISD STORE DATA commands from the files of scripts/pki.sh.
 */
#ifndef SE_HOST_H
#define SE_HOST_H

#include <stddef.h>
#include <stdint.h>

#include "seos.h"
#include "tlsm_applet.h"

typedef struct se_host {
	se_hal_ram ram;
	se_hal hal;
	uint8_t nvm[SE_OS_NVM_SIZE];
	se_os_context os;
	tlsm_context tlsm;
	se_applet tlsm_desc;
	const se_applet *applets[5];
	uint64_t fixed_time;       /* 0 = real time */
} se_host;

/** \brief Format a fresh SE.  Returns 0 or -1. */
int se_host_init(se_host *h);

/**
 * \brief Personalise the credential store through the ISD: trust anchor `ca` (DER file),
 *        SE certificate `cert` (DER) and private key `key` (DER: SEC1 EC or PKCS#1 RSA),
 *        optional default server name.  Returns the ISD's last status word.
 */
uint16_t se_host_personalise(se_host *h, const char *ca, const char *cert, const char *key,
	const char *server_name);

/** \brief DE transport callback (de_transmit_fn) into the SE. */
int se_host_transmit(void *ctx, const uint8_t *cmd, size_t len, uint8_t *rsp, size_t cap,
	size_t *rlen);

/** \brief Read a whole file into buf; returns its length or -1. */
long se_host_read_file(const char *path, uint8_t *buf, size_t cap);

#endif
