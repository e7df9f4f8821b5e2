/*
 * se_applet.h - what an applet is and the only services it can reach.
 *
 * The firewall is this API: an applet gets a `se_env` naming itself, and every
 * memory service checks offsets against that applet's own NVM region or its
 * channel's transient area. Privileged services (credential store, life
 * cycle, secure dispatch) check the caller's role flag.
 */
#ifndef SE_APPLET_H
#define SE_APPLET_H

#include "se_apdu.h"
#include "se_hal.h"

struct se_os_context;
struct se_applet;

/** Bytes of transient (RAM) memory per channel, zeroed on select, deselect and reset. */
#define SE_OS_TRANSIENT_SIZE 16u

/** Applet role and policy flags. */
/** The issuer security domain: life cycle + credential writes. */
#define SE_APPLET_ISD 0x01u
/** The TLS Manager: gets every binding command (at most one). */
#define SE_APPLET_TLSM 0x02u
/** Selectable only on the secure channel (App3). */
#define SE_APPLET_SECURE_ONLY 0x04u

/** Application life cycle bytes (GlobalPlatform values). */
#define SE_LC_SELECTABLE 0x07u
#define SE_LC_LOCKED     0x83u
/** Card life cycle: personalisation on the plain channel allowed until SECURED. */
#define SE_CARD_OP_READY 0x01u
#define SE_CARD_SECURED  0x0Fu

/** Context of one call into an applet. Built by the OS; applets only read it. */
typedef struct se_env {
	struct se_os_context *os;
	const struct se_applet *self;
	uint8_t *transient; /**< SE_OS_TRANSIENT_SIZE bytes of this channel; NULL in reset() */
	uint8_t index;      /**< position of `self` in the OS's applet table */
	uint8_t channel;    /**< logical channel 0..3, or SE_OS_SECURE_CHANNEL */
	uint8_t secure;     /**< 1 when the command came through the TLS Manager */
} se_env;

/** Response buffer handed to an applet: write at most `cap` bytes, set `len`. */
typedef struct se_rsp {
	uint8_t *buf;
	size_t cap;
	size_t len;
} se_rsp;

/**
 * \brief An applet: a const descriptor, normally in ROM.
 *
 * `process` returns the status word. Response data is only sent with SW 9000,
 * 61XX, 62XX and 63XX, except that the TLS Manager's data goes out with any SW
 * (binding section 4: 6982/6A80 carry an alert unit), whole and at once.
 * With 9000/62XX/63XX the OS sends Ne bytes and keeps the rest for GET
 * RESPONSE (61XX). Returning 61XX instead means the applet serves the
 * following GET RESPONSEs itself (the TLS Manager streaming a long flight).
 * An NVM transaction spans each call: on a SW other than 9000/61XX/62XX/63XX
 * every se_mem_write of the call is rolled back.
 * CLA 80/90 with a binding INS (01..23, 50, 52, 54) never reaches an applet
 * other than the TLS Manager; SELECT, MANAGE CHANNEL and GET RESPONSE are
 * the OS's. MANAGE CHANNEL open copies the origin channel's selection without
 * calling `select`.
 */
typedef struct se_applet {
	const uint8_t *aid;
	uint8_t aid_len;   /**< 5..16 */
	uint8_t flags;     /**< SE_APPLET_* */
	uint16_t nvm_size; /**< persistent quota in bytes (zeroed at format) */
	uint16_t (*process)(const se_env *env, const se_apdu *cmd, se_rsp *rsp);
	/** Called on SELECT; non-9000 refuses the selection. May be NULL. */
	uint16_t (*select)(const se_env *env);
	/**
	 * Called when another applet is selected on the channel or the channel closes.
	 * May be NULL.
	 */
	void (*deselect)(const se_env *env);
	/**
	 * Called for every applet by se_os_reset(): drop volatile state (e.g. a TLS session).
	 * May be NULL.
	 */
	void (*reset)(const se_env *env);
	/** Applet-private RAM object owned by the integrator (e.g. the TLS Manager's context). */
	void *instance;
} se_applet;

/* ---- memory: every applet, own region only ------------------------------------- */

/** \brief Size of the caller's persistent region (its nvm_size). */
size_t se_mem_size(const se_env *env);
/**
 * \brief Read own persistent memory.
 * \return SE_OK, SE_ERR_ACCESS (outside the region), SE_ERR_IO.
 */
int se_mem_read(const se_env *env, size_t off, void *buf, size_t len);
/**
 * \brief Write own persistent memory, inside the call's transaction.
 * \return SE_OK, SE_ERR_ACCESS, SE_ERR_FULL, SE_ERR_IO.
 */
int se_mem_write(const se_env *env, size_t off, const void *buf, size_t len);
/** \brief Random bytes from the HAL. \return SE_OK or SE_ERR_IO. */
int se_env_random(const se_env *env, uint8_t *buf, size_t len);
/** \brief Seconds since the epoch from the HAL (0 = unknown). */
uint64_t se_env_time(const se_env *env);

/*
 * ---- credential store: written by the ISD, read by the TLS Manager ----------------
 * Format (docs/applets.md): length u16 | TLV records, each tag u8 | len u16 | value.
 * Length 0 means "no credentials".
 */
/** Bytes of the store, length prefix included. */
#define SE_CRED_MAX 3072u
/** DER X.509 certificate of a CA the SE trusts (repeatable). */
#define SE_CRED_TRUST_ANCHOR 0x01u
/** DER certificate of the SE's chain, leaf first (repeatable, in order). */
#define SE_CRED_CHAIN_CERT 0x02u
/** Curve id u8 (23 = secp256r1) | private scalar (32 bytes for P-256). */
#define SE_CRED_EC_KEY 0x03u
/** n_bitlen u16 | p | q | dp | dq | iq, each len u16 | big-endian bytes. */
#define SE_CRED_RSA_KEY 0x04u
/** Default server name (UTF-8) for the certificate name check. */
#define SE_CRED_SERVER_NAME 0x05u
/** Curve id of secp256r1 (TLS NamedCurve numbering). */
#define SE_CURVE_P256 23u

/**
 * \brief TLS Manager only: find the `index`-th record (0-based) with tag `tag`.
 * On success sets `*off`/`*len` to its value, for se_cred_read().
 * \return SE_OK, SE_ERR_FORMAT (not found or no credentials), SE_ERR_ACCESS, SE_ERR_IO.
 */
int se_cred_find(const se_env *env, uint8_t tag, unsigned index, size_t *off, size_t *len);
/** \brief TLS Manager only: read the store (offsets as returned by se_cred_find). */
int se_cred_read(const se_env *env, size_t off, void *buf, size_t len);
/**
 * \brief ISD only: write record bytes at store offset `off` (>= 2, after the
 * length prefix). \return SE_OK, SE_ERR_ACCESS, SE_ERR_FULL, SE_ERR_IO.
 */
int se_cred_write(const se_env *env, size_t off, const void *buf, size_t len);
/**
 * \brief ISD only: publish the first `total` record bytes as the store (0 =
 * empty it). The records are checked first: known tags, lengths that add up
 * exactly, an EC key of 33 bytes on secp256r1, each trust anchor one
 * well-formed DER X.509 certificate (se_x509.h).
 * \return SE_OK, SE_ERR_FORMAT (store left as it was), SE_ERR_ACCESS, SE_ERR_IO.
 */
int se_cred_seal(const se_env *env, size_t total);

/* ---- life cycle: ISD only ------------------------------------------------------------ */

/** \brief Card life cycle (SE_CARD_*). Any applet may read it. */
uint8_t se_card_state(const se_env *env);
/** \brief ISD only: set the card life cycle. \return SE_OK, SE_ERR_ACCESS, SE_ERR_IO. */
int se_card_set_state(const se_env *env, uint8_t state);
/** \brief Number of registered applets. */
size_t se_applet_count(const se_env *env);
/** \brief The `i`-th applet and its life cycle (SE_LC_*), or NULL past the end. */
const se_applet *se_applet_at(const se_env *env, size_t i, uint8_t *life_cycle);
/**
 * \brief ISD only: set applet `i`'s life cycle.
 * \return SE_OK, SE_ERR_ACCESS, SE_ERR_PARAM, SE_ERR_IO.
 */
int se_applet_set_state(const se_env *env, size_t i, uint8_t life_cycle);

#endif
