/* Configuration: defaults, "key = value" files, the kernel command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seiotd.h"

void seiotd_config_defaults(struct seiotd_config *c)
{
	memset(c, 0, sizeof(*c));
	strcpy(c->device, "/dev/se0");
	c->backoff_min_ms = 250;
	c->backoff_max_ms = 8000;
	c->sensor_id = 1;
}

static int copy_str(char *dst, size_t cap, const char *src, size_t len)
{
	if (len >= cap)
		return -1;
	memcpy(dst, src, len);
	dst[len] = 0;
	return 0;
}

int seiotd_config_set_server(struct seiotd_config *c, const char *hp)
{
	const char *colon, *host = hp;
	size_t hlen;

	if (hp[0] == '[') {
		const char *end = strchr(hp, ']');

		if (!end || end[1] != ':')
			return -1;
		host = hp + 1;
		hlen = (size_t)(end - host);
		colon = end + 1;
	} else {
		colon = strrchr(hp, ':');
		if (!colon)
			return -1;
		hlen = (size_t)(colon - hp);
	}
	if (hlen == 0 || !colon[1] || strspn(colon + 1, "0123456789") != strlen(colon + 1))
		return -1;
	if (atoi(colon + 1) < 1 || atoi(colon + 1) > 65535)
		return -1;
	if (copy_str(c->host, sizeof(c->host), host, hlen))
		return -1;
	return copy_str(c->port, sizeof(c->port), colon + 1, strlen(colon + 1));
}

static int parse_uint(const char *v, unsigned max, unsigned *out)
{
	char *end;
	unsigned long n = strtoul(v, &end, 10);

	if (!*v || *end || n > max)
		return -1;
	*out = (unsigned)n;
	return 0;
}

static int apply(struct seiotd_config *c, const char *k, const char *v)
{
	unsigned n;

	if (!strcmp(k, "device"))
		return copy_str(c->device, sizeof(c->device), v, strlen(v));
	if (!strcmp(k, "server"))
		return seiotd_config_set_server(c, v);
	if (!strcmp(k, "server_name"))
		return copy_str(c->server_name, sizeof(c->server_name), v, strlen(v));
	if (!strcmp(k, "hwmon_input"))
		return copy_str(c->hwmon_input, sizeof(c->hwmon_input), v, strlen(v));
	if (!strcmp(k, "sample_ms"))
		return parse_uint(v, 3600000, &c->sample_ms);
	if (!strcmp(k, "samples"))
		return parse_uint(v, 1000000, &c->samples);
	if (!strcmp(k, "sessions"))
		return parse_uint(v, 1000000, &c->sessions);
	if (!strcmp(k, "backoff_min_ms"))
		return parse_uint(v, 60000, &c->backoff_min_ms);
	if (!strcmp(k, "backoff_max_ms"))
		return parse_uint(v, 600000, &c->backoff_max_ms);
	if (!strcmp(k, "sensor_id")) {
		if (parse_uint(v, 0xFFFF, &n))
			return -1;
		c->sensor_id = (uint16_t)n;
		return 0;
	}
	return -2;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = 0;
	return s;
}

int seiotd_config_parse(struct seiotd_config *c, const char *text, size_t len,
			char *err, size_t errlen)
{
	char line[256];
	size_t pos = 0;
	unsigned lineno = 0;

	while (pos < len) {
		size_t n = 0;
		char *eq, *k, *v;
		int rc;

		lineno++;
		while (pos < len && text[pos] != '\n') {
			if (n + 1 >= sizeof(line)) {
				snprintf(err, errlen, "line %u: too long", lineno);
				return -1;
			}
			line[n++] = text[pos++];
		}
		pos++;
		line[n] = 0;
		k = trim(line);
		if (!*k || *k == '#')
			continue;
		eq = strchr(k, '=');
		if (!eq) {
			snprintf(err, errlen, "line %u: expected 'key = value'", lineno);
			return -1;
		}
		*eq = 0;
		v = trim(eq + 1);
		k = trim(k);
		rc = apply(c, k, v);
		if (rc == -2) {
			snprintf(err, errlen, "line %u: unknown key '%s'", lineno, k);
			return -1;
		}
		if (rc) {
			snprintf(err, errlen, "line %u: bad value for '%s'", lineno, k);
			return -1;
		}
	}
	return 0;
}

int seiotd_config_cmdline(struct seiotd_config *c, const char *cmdline)
{
	static const char key[] = "seiot.server=";
	const char *p = cmdline;

	while ((p = strstr(p, key))) {
		char hp[96];
		size_t n;

		if (p != cmdline && p[-1] != ' ') {
			p++;
			continue;
		}
		p += sizeof(key) - 1;
		n = strcspn(p, " \n");
		if (n >= sizeof(hp))
			return -1;
		memcpy(hp, p, n);
		hp[n] = 0;
		return seiotd_config_set_server(c, hp);
	}
	return 1; /* not present */
}
