/* The card OS's RAM state between two commands as a versioned blob (see
 * se_os.h and docs/guest-fw.md): explicit fields, big-endian, no pointers,
 * so that a QEMU device can migrate a card to another process. */
#include <string.h>

#include "os_internal.h"

#define ST_MAGIC      "SEST"
#define ST_OFF_VER    4u
#define ST_OFF_LEN    6u
#define ST_OFF_LAYOUT 8u
#define ST_OFF_COUNT  12u
#define ST_OFF_OPEN   13u
#define ST_OFF_BROKEN 14u
#define ST_OFF_SEL    15u
#define ST_OFF_TRANS  (ST_OFF_SEL + SE_OS_CHANNELS)
/* per channel: open u8 | CLA INS P1 P2 | length u16 */
#define ST_OFF_CHAINS (ST_OFF_TRANS + SE_OS_CHANNELS * SE_OS_TRANSIENT_SIZE)
#define ST_CHAIN_SIZE 7u
#define ST_OFF_OWNER  (ST_OFF_CHAINS + SE_OS_CHANNELS * ST_CHAIN_SIZE)
#define ST_OFF_RSPCH  (ST_OFF_OWNER + 1u)
#define ST_OFF_RSPSW  (ST_OFF_RSPCH + 1u)
#define ST_OFF_RSPLEN (ST_OFF_RSPSW + 2u)
#define ST_OFF_DATA   (ST_OFF_RSPLEN + 2u)
#define ST_CRC_SIZE   4u

_Static_assert(SE_OS_STATE_MAX == ST_OFF_DATA + SE_OS_CHANNELS * SE_OS_CHAIN_MAX + SE_OS_RSP_DATA_MAX
	       + ST_CRC_SIZE, "SE_OS_STATE_MAX out of date");

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)se_get16(p) << 16 | se_get16(p + 2);
}

static const uint8_t *
chain_rec(const uint8_t *buf, uint8_t ch)
{
	return buf + ST_OFF_CHAINS + ch * ST_CHAIN_SIZE;
}

/* Bytes of chain data the blob carries. */
static size_t
chain_bytes(const uint8_t *buf)
{
	size_t n = 0;

	for (uint8_t ch = 0; ch < SE_OS_CHANNELS; ch++)
		n += se_get16(chain_rec(buf, ch) + 5);
	return n;
}

/* see se_os.h */
int
se_os_save_state(const se_os_context *os, uint8_t *buf, size_t cap, size_t *len)
{
	size_t n = ST_OFF_DATA + os->rsp_left + ST_CRC_SIZE, at;

	for (uint8_t ch = 0; ch < SE_OS_CHANNELS; ch++)
		n += os->chain[ch].open ? os->chain[ch].len : 0;
	if (!buf || !len || cap < n)
		return SE_ERR_PARAM;
	memset(buf, 0, ST_OFF_DATA);
	memcpy(buf, ST_MAGIC, 4);
	se_put16(buf + ST_OFF_VER, SE_OS_STATE_VERSION);
	se_put16(buf + ST_OFF_LEN, (uint32_t)n);
	se_put32(buf + ST_OFF_LAYOUT, os->layout_id);
	buf[ST_OFF_COUNT] = os->applet_count;
	buf[ST_OFF_OPEN] = os->open_channels;
	buf[ST_OFF_BROKEN] = os->broken;
	memcpy(buf + ST_OFF_SEL, os->selected, SE_OS_CHANNELS);
	memcpy(buf + ST_OFF_TRANS, os->transient, SE_OS_CHANNELS * SE_OS_TRANSIENT_SIZE);
	at = ST_OFF_DATA;
	for (uint8_t ch = 0; ch < SE_OS_CHANNELS; ch++) {
		const se_os_chain *k = &os->chain[ch];
		uint8_t *r = buf + ST_OFF_CHAINS + ch * ST_CHAIN_SIZE;

		if (!k->open)
			continue;
		r[0] = 1;
		memcpy(r + 1, k->hdr, 4);
		se_put16(r + 5, k->len);
		memcpy(buf + at, k->buf, k->len);
		at += k->len;
	}
	buf[ST_OFF_OWNER] = os->rsp_owner;
	buf[ST_OFF_RSPCH] = os->rsp_channel;
	se_put16(buf + ST_OFF_RSPSW, os->rsp_sw);
	se_put16(buf + ST_OFF_RSPLEN, os->rsp_left);
	memcpy(buf + at, os->rsp_buf + os->rsp_off, os->rsp_left);
	se_put32(buf + n - ST_CRC_SIZE, se_crc32(0, buf, n - ST_CRC_SIZE));
	*len = n;
	return SE_OK;
}

/* The envelope: size, magic and version, declared lengths, CRC. */
static int
check_envelope(const uint8_t *buf, size_t len)
{
	size_t n;

	if (!buf || len < ST_OFF_DATA + ST_CRC_SIZE)
		return SE_ERR_STATE_SHORT;
	if (memcmp(buf, ST_MAGIC, 4) || se_get16(buf + ST_OFF_VER) != SE_OS_STATE_VERSION)
		return SE_ERR_STATE_VERSION;
	for (uint8_t ch = 0; ch < SE_OS_CHANNELS; ch++)
		if (se_get16(chain_rec(buf, ch) + 5) > SE_OS_CHAIN_MAX)
			return SE_ERR_STATE_LENGTH;
	if (se_get16(buf + ST_OFF_RSPLEN) > SE_OS_RSP_DATA_MAX)
		return SE_ERR_STATE_LENGTH;
	n = ST_OFF_DATA + chain_bytes(buf) + se_get16(buf + ST_OFF_RSPLEN) + ST_CRC_SIZE;
	if (se_get16(buf + ST_OFF_LEN) != n || len != n)
		return len < n ? SE_ERR_STATE_SHORT : SE_ERR_STATE_LENGTH;
	if (se_crc32(0, buf, n - ST_CRC_SIZE) != get32(buf + n - ST_CRC_SIZE))
		return SE_ERR_STATE_CRC;
	return SE_OK;
}

static int
applet_or_none(const se_os_context *os, uint8_t idx)
{
	return idx == SE_OS_NONE || idx < os->applet_count;
}

/* The values: made for this applet set, every index and flag in range. */
static int
check_values(const se_os_context *os, const uint8_t *buf)
{
	uint8_t open = buf[ST_OFF_OPEN];
	uint16_t sw;

	if (get32(buf + ST_OFF_LAYOUT) != os->layout_id || buf[ST_OFF_COUNT] != os->applet_count)
		return SE_ERR_STATE_CARD;
	if (!(open & 1u) || open >> SE_OS_CHANNELS || buf[ST_OFF_BROKEN] > 1)
		return SE_ERR_STATE_RANGE;
	for (uint8_t ch = 0; ch < SE_OS_CHANNELS; ch++) {
		uint8_t sel = buf[ST_OFF_SEL + ch];
		const uint8_t *r = chain_rec(buf, ch);

		if (!applet_or_none(os, sel) || (!(open >> ch & 1u) && sel != SE_OS_NONE))
			return SE_ERR_STATE_RANGE;
		/* a chain only on an open channel; a closed record is all zero */
		if (r[0] > 1 || (r[0] && !(open >> ch & 1u))
		    || (!r[0] && (get32(r + 1) || se_get16(r + 5))))
			return SE_ERR_STATE_RANGE;
	}
	if (!applet_or_none(os, buf[ST_OFF_OWNER]) || buf[ST_OFF_RSPCH] >= SE_OS_CHANNELS)
		return SE_ERR_STATE_RANGE;
	/* a held SW goes with pending data, and is one an applet may answer (not 9000) */
	sw = se_get16(buf + ST_OFF_RSPSW);
	if (sw && (!se_get16(buf + ST_OFF_RSPLEN) || sw < 0x6100 || sw > 0x6FFF))
		return SE_ERR_STATE_RANGE;
	return SE_OK;
}

/* Everything of `os` the blob does not carry: the secure channel and the NVM. */
static int
restart_rest(se_os_context *os)
{
	se_env e;
	int rc;

	os->selected[SE_OS_SECURE_CHANNEL] = SE_OS_NONE;
	memset(os->transient[SE_OS_SECURE_CHANNEL], 0, SE_OS_TRANSIENT_SIZE);
	if (os->tlsm != SE_OS_NONE && os->applets[os->tlsm]->reset) {
		os_env(&e, os, os->tlsm, SE_OS_NONE);
		os->applets[os->tlsm]->reset(&e);
	}
	rc = se_nvm_open(&os->nvm, os->nvm.hal, os->layout_id, os->nvm.data_size, 0);
	if (rc < 0)
		os->broken = 1;
	return rc < 0 ? rc : SE_OK;
}

/* see se_os.h */
int
se_os_load_state(se_os_context *os, const uint8_t *buf, size_t len)
{
	size_t at;
	int rc;

	if (!os)
		return SE_ERR_PARAM;
	if ((rc = check_envelope(buf, len)) != SE_OK || (rc = check_values(os, buf)) != SE_OK)
		return rc;
	os->open_channels = buf[ST_OFF_OPEN];
	os->broken = buf[ST_OFF_BROKEN];
	memcpy(os->selected, buf + ST_OFF_SEL, SE_OS_CHANNELS);
	memcpy(os->transient, buf + ST_OFF_TRANS, SE_OS_CHANNELS * SE_OS_TRANSIENT_SIZE);
	at = ST_OFF_DATA;
	for (uint8_t ch = 0; ch < SE_OS_CHANNELS; ch++) {
		se_os_chain *k = &os->chain[ch];
		const uint8_t *r = chain_rec(buf, ch);

		k->open = r[0];
		memcpy(k->hdr, r + 1, 4);
		k->len = se_get16(r + 5);
		memcpy(k->buf, buf + at, k->len);
		at += k->len;
	}
	os->rsp_owner = buf[ST_OFF_OWNER];
	os->rsp_channel = buf[ST_OFF_RSPCH];
	os->rsp_sw = se_get16(buf + ST_OFF_RSPSW);
	os->rsp_off = 0;
	os->rsp_left = se_get16(buf + ST_OFF_RSPLEN);
	memcpy(os->rsp_buf, buf + at, os->rsp_left);
	return restart_rest(os);
}

/* see se_os.h */
const char *
se_os_state_error(int rc)
{
	switch (rc) {
	case SE_OK:                return "no error";
	case SE_ERR_PARAM:         return "bad argument or buffer too small";
	case SE_ERR_STATE_SHORT:   return "card state blob is truncated";
	case SE_ERR_STATE_VERSION: return "not a card state blob, or of an unknown version";
	case SE_ERR_STATE_LENGTH:  return "card state blob has a bad length";
	case SE_ERR_STATE_CRC:     return "card state blob is corrupt (CRC mismatch)";
	case SE_ERR_STATE_CARD:    return "card state blob was saved by another applet set";
	case SE_ERR_STATE_RANGE:   return "card state blob holds an out-of-range value";
	default:                   return rc < 0 ? "NVM image could not be re-opened" : "unknown";
	}
}
