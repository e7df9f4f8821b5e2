/*
 * relay.h - the DE side of a host test: TCP client to a TLS server, records cut from the
 * stream, handed to the DE library, whose output goes back to the socket.  Test hooks can
 * tamper with, truncate, replay or reorder the server's application data records.
 */
#ifndef RELAY_H
#define RELAY_H

#include <stddef.h>
#include <stdint.h>

#include "de.h"

enum relay_attack {
	RELAY_NONE = 0,
	RELAY_TAMPER,    /* flip a bit in the first server application record */
	RELAY_TRUNCATE,  /* cut 4 bytes off it (header length fixed up) */
	RELAY_REPLAY,    /* deliver it, then deliver it again */
	RELAY_REORDER,   /* hold it back and deliver the second one first */
};

typedef struct relay {
	int fd;
	de_context de;
	uint8_t out[20000];
	size_t out_len;
	uint8_t rec[5 + DE_RECORD_MAX];
	size_t rec_len;
	uint8_t held[5 + DE_RECORD_MAX];
	size_t held_len;
	int attack;
	int app_records;         /* server application records seen */
	int alert_out;           /* an alert record went to the server */
	int server_eof;
} relay;

/** \brief Connect to 127.0.0.1:port and bind the DE to the SE transport. */
int relay_connect(relay *r, int port, de_transmit_fn transmit, void *tctx);

/** \brief OPEN and relay until the SE accepted the server's Finished. Returns a DE error. */
int relay_handshake(relay *r, const char *server_name, int timeout_ms);

/**
 * \brief Relay until the server closes the connection, an error occurs or `timeout_ms` of
 *        silence.  Returns DE_OK on a clean end (EOF or close_notify), else the DE error.
 */
int relay_run(relay *r, int timeout_ms);

/** \brief CLOSE SESSION on the SE, forward the close_notify, close the socket. */
void relay_close(relay *r);

/** \brief Close the socket only. */
void relay_drop(relay *r);

#endif
