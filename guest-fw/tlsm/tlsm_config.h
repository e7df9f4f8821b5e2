/*
 * tlsm_config.h - build-time configuration of the TLS Manager (override with -D).
 */
#ifndef TLSM_CONFIG_H
#define TLSM_CONFIG_H

/** Maximum fragment length the SE negotiates (RFC 6066): 512 (default) or 1024. */
#ifndef TLSM_MFL
#define TLSM_MFL 512
#endif
#if TLSM_MFL != 512 && TLSM_MFL != 1024
#error "TLSM_MFL must be 512 or 1024"
#endif

/** Offer TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 besides AES-128-GCM. */
#ifndef TLSM_WITH_CHACHA
#define TLSM_WITH_CHACHA 1
#endif

/** Support an RSA-2048 SE credential and TLS_RSA_WITH_AES_128_GCM_SHA256 (RSA servers). */
#ifndef TLSM_WITH_RSA
#define TLSM_WITH_RSA 1
#endif

/**
 * Use BearSSL's 15-bit EC code (p256_m15, ecdsa_i15) instead of the 31-bit code (p256_m31,
 * ecdsa_i31).  The 15-bit code only suits cores whose 32x32->64 multiply is not constant-time
 * (Cortex-M0/M3); on the Cortex-M33 the 31-bit code is both smaller and needs less stack
 * (bench/fw-size.sh).
 */
#ifndef TLSM_SMALL_EC
#define TLSM_SMALL_EC 0
#endif

/** RAM for the credentials of one handshake: SE chain (DER), trust anchor DNs and keys, key. */
#ifndef TLSM_CRED_RAM
#define TLSM_CRED_RAM 3072
#endif

/** Trust anchors kept at most. */
#ifndef TLSM_MAX_TAS
#define TLSM_MAX_TAS 4
#endif

/** Certificates of the SE's chain kept at most. */
#ifndef TLSM_MAX_CHAIN
#define TLSM_MAX_CHAIN 3
#endif

/** Largest command APDU carried in one frame inside the session (short APDU, case 4). */
#define TLSM_APDU_MAX 261
/** Largest response APDU (256 data bytes + SW1 SW2). */
#define TLSM_RSP_MAX 258
/** Bytes of response data per APDU towards the DE (61XX beyond). */
#define TLSM_RSP_CHUNK 256

/*
 * BearSSL record buffer for the chosen MFL: one buffer shared by both directions ("mono",
 * br_ssl_engine_set_buffer(.., 0)); ssl_engine.c needs MFL + 325 bytes for it.
 */
#define TLSM_IOBUF (TLSM_MFL + 325)

#endif
