/* de_error.c - names of the DE library's error codes. */
#include "de.h"

static const char *const names[DE_ERR__COUNT] = {
	[DE_OK] = "ok",
	[DE_ERR_PARAM] = "bad parameter",
	[DE_ERR_TRANSPORT] = "SE transport failed",
	[DE_ERR_RECORD_TYPE] = "bad record content type",
	[DE_ERR_RECORD_VERSION] = "bad record version (want 0x0303)",
	[DE_ERR_RECORD_LENGTH] = "bad record length",
	[DE_ERR_HANDSHAKE_TYPE] = "bad handshake message type",
	[DE_ERR_HANDSHAKE_LENGTH] = "handshake message too long for one unit",
	[DE_ERR_INTERLEAVE] = "record interleaved with a fragmented handshake message",
	[DE_ERR_UNIT] = "malformed unit from the SE",
	[DE_ERR_SE_STATE] = "SE: not allowed in this state (6985)",
	[DE_ERR_SE_MALFORMED] = "SE: malformed unit (6A80)",
	[DE_ERR_SE_AUTH] = "SE: authentication failed (6982)",
	[DE_ERR_SE_SW] = "SE: unexpected status word",
	[DE_ERR_OUTPUT] = "output callback failed",
	[DE_ERR_CLOSED] = "session closed",
	[DE_ERR_BUSY] = "a unit is being sent to the SE",
};

/* see de.h */
const char *
de_strerror(int err)
{
	if (err < 0 || err >= DE_ERR__COUNT || names[err] == 0) {
		return "unknown error";
	}
	return names[err];
}
