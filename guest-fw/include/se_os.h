/*
 * se_os.h - the card OS: applet registry, APDU transport (chaining, 61XX),
 * the Dispatcher of patent JP6965790B2 (plain channel vs. TLS Manager vs.
 * secure channel), logical channels and reset.
 *
 * Routing (see docs/guest-fw.md):
 *  - CLA 0x80 or 0x90 with a binding INS (0x01..0x1F, 0x20..0x23, 0x50, 0x52,
 *    0x54) goes to the TLS Manager whatever is selected, CLA 0x90 segments
 *    included (the TLS Manager does the binding's own chaining). Without a
 *    registered TLS Manager the answer is 6D00.
 *  - SELECT (00 A4), MANAGE CHANNEL (00 70) and GET RESPONSE (00 C0)
 *    are handled by the OS; every other plain command goes to the applet
 *    selected on its logical channel (CLA bits 1-0).
 *  - Commands the TLS Manager decrypted come in through se_os_dispatch_secure()
 *    and go to the applet selected on the secure channel, which has its own
 *    selection; their responses go back to the TLS Manager only.
 */
#ifndef SE_OS_H
#define SE_OS_H

#include "se_applet.h"
#include "se_nvm.h"

#define SE_OS_MAX_APPLETS    8u
#define SE_OS_CHANNELS       4u   /**< plain logical channels 0..3 (MANAGE CHANNEL) */
#define SE_OS_SECURE_CHANNEL 4u   /**< channel index of the secure (TLS) channel */
#define SE_OS_CHAIN_MAX      512u /**< max Nc assembled from ISO chained plain commands */
#define SE_OS_RSP_DATA_MAX   512u /**< max response data an applet can return in one command */
/** Response buffer the link layer must offer se_os_transmit() to never truncate. */
#define SE_OS_RSP_MAX (SE_OS_RSP_DATA_MAX + 2u)
/** Smallest rsp_cap se_os_dispatch_secure() accepts (applets may write 64 data bytes unchecked). */
#define SE_OS_SECURE_RSP_MIN 66u
/** NVM image size that holds the built-in applets plus a TLS Manager region of up to 3 KiB. */
#define SE_OS_NVM_SIZE 8192u
#define SE_OS_NONE     0xFFu

/** se_os_init() flags. */
#define SE_OS_FORMAT             SE_NVM_FORMAT
#define SE_OS_FORMAT_ON_MISMATCH SE_NVM_FORMAT_ON_MISMATCH

/** An ISO command chain being assembled on one logical channel. */
typedef struct se_os_chain {
	uint8_t hdr[4]; /**< CLA (chaining bit cleared), INS, P1, P2 */
	uint8_t open;   /**< 1 = a chain is being assembled */
	uint16_t len;
	uint8_t buf[SE_OS_CHAIN_MAX];
} se_os_chain;

/** The card OS state. Caller-allocated (about 2.7 KB); fields are private. */
typedef struct se_os_context {
	se_nvm nvm;
	const se_applet *const *applets;
	uint8_t applet_count;
	uint8_t tlsm;                         /**< index of the TLS Manager or SE_OS_NONE */
	uint8_t open_channels;                /**< bit n = logical channel n open */
	uint8_t selected[SE_OS_CHANNELS + 1]; /**< applet per channel, SE_OS_NONE = none */
	uint8_t transient[SE_OS_CHANNELS + 1][SE_OS_TRANSIENT_SIZE];
	uint8_t broken;     /**< NVM failed: answer 6581 until init or cold reset */
	uint32_t layout_id; /**< identifies the applet table's NVM layout */
	/* ISO command chaining (clause 5.3.3) on the plain interface, one chain per logical channel */
	se_os_chain chain[SE_OS_CHANNELS];
	/* response data waiting for GET RESPONSE (clause 5.3.4 / 61XX) */
	/** The applet that serves GET RESPONSE itself, or SE_OS_NONE. */
	uint8_t rsp_owner;
	uint8_t rsp_channel;
	uint16_t rsp_off, rsp_left;
	/** SW of an as-is response (applet's 61XX, error with data) sent with its last part; 0 = 9000. */
	uint16_t rsp_sw;
	uint8_t rsp_buf[SE_OS_RSP_DATA_MAX];
} se_os_context;

/**
 * \brief Start an OS instance over `hal` with the applet table `applets`.
 *
 * At most SE_OS_MAX_APPLETS applets, distinct AIDs, at most one
 * SE_APPLET_TLSM. `applets` (and each descriptor) must outlive `os`. The
 * NVM layout follows the table order and quotas; an image formatted for a
 * different table is refused (SE_ERR_LAYOUT) unless SE_OS_FORMAT_ON_MISMATCH.
 * After init the OS is in the cold-reset state: the ISD (if any) is selected
 * on channel 0, nothing on the secure channel.
 * \return SE_OK (or SE_NVM_FORMATTED when the image was formatted), SE_ERR_*.
 */
int se_os_init(se_os_context *os, const se_hal *hal, const se_applet *const *applets, size_t count,
	unsigned flags);

/**
 * \brief Process one command APDU from the plain interface (the link layer).
 *
 * Writes the response APDU (data || SW1 SW2) to `rsp`. If `rsp_cap` is below
 * SE_OS_RSP_MAX, data beyond `rsp_cap - 2` is kept for GET RESPONSE (61XX);
 * for a response that goes out as is (an applet's own 61XX, an error with
 * data) its SW then comes with the last part.
 * \return SE_OK when a response was written, SE_ERR_PARAM when `rsp_cap` < 2.
 */
int se_os_transmit(se_os_context *os, const uint8_t *cmd, size_t cmd_len, uint8_t *rsp,
	size_t rsp_cap, size_t *rsp_len);

/**
 * \brief Reset. Both kinds clear transient memory, pending chains and
 * responses, close logical channels 1-3, drop the secure channel selection,
 * call every applet's reset hook (the TLS Manager forgets its session) and
 * select the ISD on channel 0. `cold` additionally re-opens the NVM image as at
 * power-on (rolls back an interrupted transaction).
 * \return SE_OK or an SE_ERR_* from re-opening the NVM.
 */
int se_os_reset(se_os_context *os, int cold);

/**
 * \brief TLS Manager only: run one decrypted command APDU on the secure channel.
 *
 * `env` must be the environment the TLS Manager got in its current call.
 * The command goes to the applet selected on the secure channel (SELECT by AID
 * selects there, the plain channel is untouched). No chaining and no 61XX on
 * this channel: the whole response (data || SW1 SW2, up to `rsp_cap` bytes,
 * data truncated to `rsp_cap - 2`, Le ignored) is returned at once, since the
 * TLS frame carries whole response APDUs. The TLS Manager itself cannot be
 * selected there (6985). NVM writes of the secure command commit on their own.
 * \return SE_OK, SE_ERR_ACCESS (caller is not the TLS Manager), SE_ERR_PARAM
 *         (e.g. `rsp_cap` < SE_OS_SECURE_RSP_MIN).
 */
int se_os_dispatch_secure(const se_env *env, const uint8_t *cmd, size_t cmd_len, uint8_t *rsp,
	size_t rsp_cap, size_t *rsp_len);

/**
 * \brief TLS Manager only: the session ended; deselect the secure channel's applet.
 */
void se_os_secure_close(const se_env *env);

/** Version of the se_os_save_state() blob; se_os_load_state() refuses any other. */
#define SE_OS_STATE_VERSION  2u
/** Largest state blob: fixed part, a full chain buffer per channel, full pending response data, CRC. */
#define SE_OS_STATE_MAX      (117u + SE_OS_CHANNELS * SE_OS_CHAIN_MAX + SE_OS_RSP_DATA_MAX + 4u)

/** se_os_load_state() refusals (the OS is left untouched). */
#define SE_ERR_STATE_SHORT   (-20) /**< shorter than its header or its declared length */
#define SE_ERR_STATE_VERSION (-21) /**< not a state blob, or a version this firmware does not know */
#define SE_ERR_STATE_LENGTH  (-22) /**< declared lengths out of bounds or not the blob's size */
#define SE_ERR_STATE_CRC     (-23) /**< corrupt: CRC-32 mismatch */
#define SE_ERR_STATE_CARD    (-24) /**< saved by an OS with another applet set (layout id, count) */
#define SE_ERR_STATE_RANGE   (-25) /**< an applet index, channel or flag out of range */

/**
 * \brief Save the RAM state the OS keeps between two commands: open channels and
 * the applet selected on each, their transient memory, the ISO chain being
 * assembled on each, response data waiting for GET RESPONSE with its owner
 * and held SW, the NVM failure flag. Not saved: the secure channel (the TLS session cannot move;
 * se_os_load_state() resets the TLS Manager) and the NVM (no transaction is
 * open between commands; the image itself is authoritative).
 * Format (big-endian, version SE_OS_STATE_VERSION): see docs/guest-fw.md.
 * \return SE_OK with the blob's size in `*len`, SE_ERR_PARAM when `cap` is too small.
 */
int se_os_save_state(const se_os_context *os, uint8_t *buf, size_t cap, size_t *len);

/**
 * \brief Restore a blob of se_os_save_state() into an initialised `os` with the
 * same applet table. Every check comes first: a refused blob leaves `os` as it
 * was. Then the secure channel is dropped, the TLS Manager reset, and the NVM
 * image re-opened as at power-on (a migrated RAM image is read afresh).
 * \return SE_OK, SE_ERR_STATE_* (refused), SE_ERR_PARAM, or the SE_ERR_* of
 *         re-opening the NVM (the OS then answers 6581).
 */
int se_os_load_state(se_os_context *os, const uint8_t *buf, size_t len);

/** \brief A short English message for a se_os_load_state()/save_state() result. */
const char *se_os_state_error(int rc);

#endif
