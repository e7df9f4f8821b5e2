/* relay.c - TCP <-> DE library relay for host tests (see relay.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "relay.h"

static int
collect(void *ctx, const uint8_t *data, size_t len)
{
	relay *r = ctx;

	if (len > sizeof r->out - r->out_len) {
		return -1;
	}
	memcpy(r->out + r->out_len, data, len);
	r->out_len += len;
	return 0;
}

/* Write the DE's output to the socket; notes alerts (record type 21) going out. */
static int
flush_out(relay *r)
{
	size_t off = 0;

	for (size_t p = 0; p + 5 <= r->out_len;) {
		if (r->out[p] == 21) {
			r->alert_out = 1;
		}
		p += 5 + ((size_t)r->out[p + 3] << 8 | r->out[p + 4]);
	}
	while (off < r->out_len) {
		ssize_t n = send(r->fd, r->out + off, r->out_len - off, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n <= 0) {
			r->out_len = 0;
			return -1;
		}
		off += (size_t)n;
	}
	r->out_len = 0;
	return 0;
}

/* see relay.h */
int
relay_connect(relay *r, int port, de_transmit_fn transmit, void *tctx)
{
	struct sockaddr_in a;
	int one = 1;

	memset(r, 0, sizeof *r);
	r->fd = socket(AF_INET, SOCK_STREAM, 0);
	if (r->fd < 0) {
		return -1;
	}
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(r->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(r->fd, (struct sockaddr *)&a, sizeof a) != 0) {
		close(r->fd);
		r->fd = -1;
		return -1;
	}
	de_init(&r->de, transmit, tctx, collect, r);
	return 0;
}

static int
feed(relay *r, const uint8_t *p, size_t n)
{
	int err = de_feed(&r->de, p, n);

	flush_out(r);
	return err;
}

/* One whole record from the server: apply the attack, hand it to the DE. */
static int
on_record(relay *r)
{
	int err;

	if (r->rec[0] != 23 || r->attack == RELAY_NONE) {
		return feed(r, r->rec, r->rec_len);
	}
	r->app_records++;
	switch (r->attack) {
	case RELAY_TAMPER:
		if (r->app_records == 1) {
			r->rec[r->rec_len - 1] ^= 0x01;
		}
		return feed(r, r->rec, r->rec_len);
	case RELAY_TRUNCATE:
		if (r->app_records == 1) {
			size_t len = r->rec_len - 5 - 4;

			r->rec[3] = (uint8_t)(len >> 8);
			r->rec[4] = (uint8_t)len;
			r->rec_len -= 4;
		}
		return feed(r, r->rec, r->rec_len);
	case RELAY_REPLAY:
		err = feed(r, r->rec, r->rec_len);
		if (err == DE_OK && r->app_records == 1) {
			err = feed(r, r->rec, r->rec_len);
		}
		return err;
	case RELAY_REORDER:
		if (r->app_records == 1) {
			memcpy(r->held, r->rec, r->rec_len);
			r->held_len = r->rec_len;
			return DE_OK;
		}
		err = feed(r, r->rec, r->rec_len);
		if (err == DE_OK && r->held_len > 0) {
			err = feed(r, r->held, r->held_len);
			r->held_len = 0;
		}
		return err;
	default:
		return feed(r, r->rec, r->rec_len);
	}
}

/* Read what the socket has and pass whole records on.  Returns DE error, or -1 on EOF. */
static int
pump_socket(relay *r, int timeout_ms)
{
	struct pollfd pfd = { r->fd, POLLIN, 0 };
	uint8_t buf[4096];
	ssize_t n;
	int rc = poll(&pfd, 1, timeout_ms);

	if (rc == 0) {
		return -2;   /* silence */
	}
	n = recv(r->fd, buf, sizeof buf, 0);
	if (n < 0 && errno == EINTR) {
		return DE_OK;
	}
	if (n <= 0) {
		r->server_eof = 1;
		return -1;
	}
	for (ssize_t i = 0; i < n;) {
		size_t need;

		if (r->rec_len < 5) {
			r->rec[r->rec_len++] = buf[i++];
			continue;
		}
		need = 5 + ((size_t)r->rec[3] << 8 | r->rec[4]);
		if (need > sizeof r->rec) {
			/* let the DE judge the oversized header */
			return feed(r, r->rec, 5);
		}
		size_t k = need - r->rec_len;

		if (k > (size_t)(n - i)) {
			k = (size_t)(n - i);
		}
		memcpy(r->rec + r->rec_len, buf + i, k);
		r->rec_len += k;
		i += (ssize_t)k;
		if (r->rec_len == need) {
			int err = on_record(r);

			r->rec_len = 0;
			if (err != DE_OK) {
				return err;
			}
		}
	}
	/* a header-only record of length 0 is complete too */
	if (r->rec_len == 5 && r->rec[3] == 0 && r->rec[4] == 0) {
		int err = feed(r, r->rec, 5);

		r->rec_len = 0;
		return err;
	}
	return DE_OK;
}

/* see relay.h */
int
relay_handshake(relay *r, const char *server_name, int timeout_ms)
{
	int err = de_open(&r->de, server_name, server_name ? strlen(server_name) : 0);

	flush_out(r);
	if (err != DE_OK) {
		return err;
	}
	while (!de_is_established(&r->de)) {
		err = pump_socket(r, timeout_ms);
		if (err == -1 || err == -2) {
			return DE_ERR_CLOSED;
		}
		if (err != DE_OK) {
			return err;
		}
	}
	return DE_OK;
}

/* see relay.h */
int
relay_run(relay *r, int timeout_ms)
{
	for (;;) {
		int err = pump_socket(r, timeout_ms);

		if (err == -1) {
			return DE_OK;
		}
		if (err == -2) {
			return DE_ERR_CLOSED;
		}
		if (err != DE_OK) {
			return err;
		}
	}
}

/* see relay.h */
void
relay_close(relay *r)
{
	de_close(&r->de);
	flush_out(r);
	relay_drop(r);
}

/* see relay.h */
void
relay_drop(relay *r)
{
	if (r->fd >= 0) {
		close(r->fd);
		r->fd = -1;
	}
}
