/*
 * se_nvm.h - the persistent image and its atomic transactions.
 *
 * Image layout (all integers big-endian), version 1:
 *   [0, 32)    header: "SEOS" | version u16 | header size u16 | image size u32 |
 *              layout id u32 | journal size u16 | 0 (10 bytes) | CRC-32 of bytes 0..27
 *   [32, 48)   two commit slots A (32) and B (40): seq u32 | CRC-32 of the seq bytes u32;
 *              seq n lives in slot n % 2
 *   [48, 48+SE_NVM_JOURNAL_SIZE)  undo journal
 *   [SE_NVM_DATA_OFF, size)       data area (offsets of se_nvm_read/write are relative to it)
 *
 * Transactions use an undo journal: before data is overwritten in place, its
 * old bytes are appended to the journal as an entry
 *   seq u32 | data offset u32 | len u16 | previous entry offset u16 | old bytes | CRC-32
 * tagged with the current sequence number S (the larger valid commit slot).
 * Commit writes S+1 into the other slot: from then on the entries are stale.
 * Opening the image after a power cut walks the valid entries tagged S
 * backwards, restores the old bytes and then commits, so the data area holds
 * either all or none of a transaction's writes; a torn entry fails its CRC and
 * was never followed by its data write.
 */
#ifndef SE_NVM_H
#define SE_NVM_H

#include "se_hal.h"

#define SE_NVM_VERSION        1u
#define SE_NVM_HEADER_SIZE    32u
#define SE_NVM_SLOTS_OFF      32u
#define SE_NVM_JOURNAL_OFF    48u
#define SE_NVM_JOURNAL_SIZE   704u /**< bounds the bytes one transaction may overwrite */
#define SE_NVM_ENTRY_OVERHEAD 16u  /**< journal bytes per write besides the old data */
#define SE_NVM_DATA_OFF       (SE_NVM_JOURNAL_OFF + SE_NVM_JOURNAL_SIZE)

/** Open-flags. */
#define SE_NVM_FORMAT             1u /**< erase and format even a valid image */
#define SE_NVM_FORMAT_ON_MISMATCH 2u /**< format when the layout id or size differs */

/** Return value of se_nvm_open() when it formatted a blank or mismatching image. */
#define SE_NVM_FORMATTED 1

/** NVM state; caller-allocated, no pointers into it are kept. */
typedef struct se_nvm {
	const se_hal *hal;
	uint32_t data_size; /**< bytes usable through se_nvm_read/write */
	uint32_t seq;       /**< sequence number tagging the open transaction's entries */
	uint16_t jpos;      /**< journal bytes used by the open transaction (0 = none) */
	uint16_t jlast;     /**< journal offset of its last entry */
} se_nvm;

/**
 * \brief Open (and if needed recover or format) the image behind `hal`.
 *
 * `layout_id` identifies the data layout (the OS derives it from the applet
 * set); `data_size` bytes of data area are needed. A blank or corrupt header
 * formats the image (zero-filled data area). An interrupted transaction is
 * rolled back.
 * \return SE_OK, SE_NVM_FORMATTED, or SE_ERR_IO / SE_ERR_FORMAT / SE_ERR_LAYOUT /
 *         SE_ERR_FULL (image too small).
 */
int se_nvm_open(se_nvm *nvm, const se_hal *hal, uint32_t layout_id, uint32_t data_size,
	unsigned flags);

/** \brief Read `len` bytes at data offset `off`. \return SE_OK, SE_ERR_PARAM, SE_ERR_IO. */
int se_nvm_read(const se_nvm *nvm, uint32_t off, void *buf, size_t len);

/**
 * \brief Write `len` bytes at data offset `off` inside the open transaction
 * (one is opened implicitly). \return SE_OK, SE_ERR_PARAM, SE_ERR_FULL
 * (journal full: the caller must abort), SE_ERR_IO.
 */
int se_nvm_write(se_nvm *nvm, uint32_t off, const void *buf, size_t len);

/** \brief Make the open transaction durable (no-op without one). \return SE_OK or SE_ERR_IO. */
int se_nvm_commit(se_nvm *nvm);

/** \brief Undo every write of the open transaction. \return SE_OK or SE_ERR_IO. */
int se_nvm_abort(se_nvm *nvm);

/** \brief CRC-32 (IEEE 802.3, reflected, init/xorout 0xFFFFFFFF); pass 0 as `crc` to start. */
uint32_t se_crc32(uint32_t crc, const void *buf, size_t len);

#endif
