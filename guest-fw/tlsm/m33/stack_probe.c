/*
 * stack_probe.c - measures the SE firmware's worst stack depth on real call chains.
 *
 * The firmware (card OS, applets, TLS Manager, BearSSL) is compiled for the host with
 * -finstrument-functions; every function entry/exit is tracked and the chain's depth is the
 * sum of the Cortex-M33 frame sizes (-fstack-usage of the M33 -Os -fno-inline build) of the
 * functions on it.  The chains are those of full sessions: OPEN, the handshake with a real
 * openssl s_server (ECDHE_ECDSA + AES-128-GCM, client certificate, CertificateVerify) and
 * framed APDUs to the applets through se-test-server.
 *
 *   stack-probe FRAMES_FILE SYMBOLS_FILE PKI_DIR SE_TEST_SERVER
 * FRAMES_FILE: "name bytes" lines; SYMBOLS_FILE: `nm` of this binary ("addr type name").
 * Prints the peak in bytes (deepest chain on stderr).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc.h"
#include "relay.h"
#include "se_host.h"

#define MAX_FUNCS 8192
#define MAX_DEPTH 256

struct fn { uintptr_t addr; unsigned frame; char name[64]; };

static struct fn fns[MAX_FUNCS];
static size_t nfns;
static uintptr_t chain[MAX_DEPTH];
static unsigned chain_bytes[MAX_DEPTH];
static int depth, tracking;
static unsigned cur, peak;
static char peak_chain[4096];

__attribute__((no_instrument_function)) static struct fn *
lookup(uintptr_t a)
{
	size_t lo = 0, hi = nfns;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (fns[mid].addr == a) {
			return &fns[mid];
		}
		if (fns[mid].addr < a) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return NULL;
}

__attribute__((no_instrument_function)) void
__cyg_profile_func_enter(void *f, void *site)
{
	struct fn *e;

	(void)site;
	if (!tracking || depth >= MAX_DEPTH) {
		return;
	}
	e = lookup((uintptr_t)f);
	chain[depth] = (uintptr_t)f;
	chain_bytes[depth] = e ? e->frame : 0;
	cur += chain_bytes[depth];
	depth++;
	if (cur > peak) {
		size_t n = 0;

		peak = cur;
		for (int i = 0; i < depth && n + 80 < sizeof peak_chain; i++) {
			struct fn *x = lookup(chain[i]);

			n += (size_t)snprintf(peak_chain + n, sizeof peak_chain - n, "%s(%u) ",
				x ? x->name : "?", chain_bytes[i]);
		}
	}
}

__attribute__((no_instrument_function)) void
__cyg_profile_func_exit(void *f, void *site)
{
	(void)f;
	(void)site;
	if (!tracking || depth == 0) {
		return;
	}
	depth--;
	cur -= chain_bytes[depth];
}

__attribute__((no_instrument_function)) static int
cmp_fn(const void *a, const void *b)
{
	const struct fn *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Symbol table of this binary, then frame sizes by name. */
static int
load(const char *frames, const char *symbols)
{
	FILE *s = fopen(symbols, "r"), *f = fopen(frames, "r");
	char line[512], name[256], type;
	unsigned long long addr;
	unsigned bytes;

	if (s == NULL || f == NULL) {
		return -1;
	}
	while (fgets(line, sizeof line, s) && nfns < MAX_FUNCS) {
		if (sscanf(line, "%llx %c %255s", &addr, &type, name) == 3 && (type == 't' || type == 'T')) {
			fns[nfns].addr = (uintptr_t)addr;
			snprintf(fns[nfns].name, sizeof fns[nfns].name, "%s", name);
			nfns++;
		}
	}
	qsort(fns, nfns, sizeof fns[0], cmp_fn);
	while (fgets(line, sizeof line, f)) {
		if (sscanf(line, "%255s %u", name, &bytes) != 2) {
			continue;
		}
		for (size_t i = 0; i < nfns; i++) {
			if (strcmp(fns[i].name, name) == 0 && bytes > fns[i].frame) {
				fns[i].frame = bytes;
			}
		}
	}
	fclose(s);
	fclose(f);
	return 0;
}

static se_host se;

int
main(int argc, char **argv)
{
	char ca[512], cert[512], key[512], scert[512], skey[512], sca[512];
	proc srv;
	relay r;
	char out[256];
	size_t have = 0;
	int port = -1, err;

	if (argc != 5 || load(argv[1], argv[2]) != 0) {
		fprintf(stderr, "usage: stack-probe FRAMES SYMBOLS PKI_DIR SE_TEST_SERVER\n");
		return 2;
	}
	snprintf(ca, sizeof ca, "%s/ca.der", argv[3]);
	snprintf(cert, sizeof cert, "%s/se.der", argv[3]);
	snprintf(key, sizeof key, "%s/se.key.der", argv[3]);
	snprintf(scert, sizeof scert, "%s/server.crt", argv[3]);
	snprintf(skey, sizeof skey, "%s/server.key", argv[3]);
	snprintf(sca, sizeof sca, "%s/ca.crt", argv[3]);
	char *sargv[] = { argv[4], "--stack", "openssl", "--cert", scert, "--key", skey,
		"--ca", sca, "--script", "apps", "--count", "1", NULL };

	if (se_host_init(&se) != 0 || se_host_personalise(&se, ca, cert, key, NULL) != 0x9000
		|| proc_start(&srv, sargv) != 0) {
		return 2;
	}
	while (port < 0 && have < sizeof out - 1) {
		size_t before = have;

		have = proc_read(&srv, out, sizeof out - 1, have, 5000);
		out[have] = 0;
		if (strstr(out, "PORT ") && strchr(strstr(out, "PORT "), '\n')) {
			port = atoi(strstr(out, "PORT ") + 5);
		}
		if (have == before) {
			break;
		}
	}
	if (port < 0 || relay_connect(&r, port, se_host_transmit, &se) != 0) {
		return 2;
	}
	tracking = 1;
	err = relay_handshake(&r, "localhost", 5000);
	if (err == DE_OK) {
		err = relay_run(&r, 5000);
	}
	relay_close(&r);
	tracking = 0;
	if (err != DE_OK || proc_wait(&srv, 5000) != 0 || se.tlsm.frames_in == 0) {
		fprintf(stderr, "stack-probe: session failed (%s)\n", de_strerror(err));
		return 1;
	}
	fprintf(stderr, "deepest chain: %s\n", peak_chain);
	printf("%u\n", peak);
	return 0;
}
