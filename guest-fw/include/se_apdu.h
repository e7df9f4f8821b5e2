/*
 * se_apdu.h - ISO/IEC 7816-4 command APDU parsing (clause 5.1: cases 1, 2S/2E,
 * 3S/3E, 4S/4E) and the status words the firmware answers with.
 */
#ifndef SE_APDU_H
#define SE_APDU_H

#include <stddef.h>
#include <stdint.h>

/* Status words (ISO 7816-4 clause 5.6 tables 5-6; 6999 from Java Card). */
#define SE_SW_OK                     0x9000u
#define SE_SW_BYTES_REMAINING        0x6100u /* | remaining (00 = 256 or more) */
#define SE_SW_END_OF_FILE            0x6282u
#define SE_SW_MEMORY_FAILURE         0x6581u
#define SE_SW_WRONG_LENGTH           0x6700u
#define SE_SW_CHANNEL_NOT_SUPPORTED  0x6881u
#define SE_SW_SM_NOT_SUPPORTED       0x6882u
#define SE_SW_LAST_CMD_EXPECTED      0x6883u
#define SE_SW_CHAINING_NOT_SUPPORTED 0x6884u
#define SE_SW_SECURITY_STATUS        0x6982u
#define SE_SW_CONDITIONS             0x6985u
#define SE_SW_WRONG_DATA             0x6A80u
#define SE_SW_APPLET_NOT_FOUND       0x6A82u
#define SE_SW_RECORD_NOT_FOUND       0x6A83u
#define SE_SW_NOT_ENOUGH_MEMORY      0x6A84u
#define SE_SW_INCORRECT_P1P2         0x6A86u
#define SE_SW_DATA_NOT_FOUND         0x6A88u
#define SE_SW_WRONG_P1P2             0x6B00u
#define SE_SW_INS_NOT_SUPPORTED      0x6D00u
#define SE_SW_CLA_NOT_SUPPORTED      0x6E00u
#define SE_SW_UNKNOWN                0x6F00u
#define SE_SW_SELECT_FAILED          0x6999u

/** A parsed command APDU. `data` points into the caller's buffer. */
typedef struct se_apdu {
	uint8_t cla, ins, p1, p2;
	const uint8_t *data; /**< command data field (Nc bytes), NULL when Nc = 0 */
	size_t nc;           /**< Nc: length of the data field */
	size_t ne;           /**< Ne: 0 = no Le field; Le=00 -> 256, extended 0000 -> 65536 */
	uint8_t extended;    /**< 1 when Lc/Le used the extended (3-byte / 2-byte) form */
} se_apdu;

/**
 * \brief Parse `len` bytes as one command APDU (ISO 7816-4 clause 5.1).
 *
 * Accepts exactly the seven encodings of cases 1, 2S, 3S, 4S, 2E, 3E, 4E; any
 * other length is rejected. Lc = 0 in short form is invalid.
 *
 * \return 0 on success, SE_SW_WRONG_LENGTH when the bytes are not one APDU.
 */
uint16_t se_apdu_parse(se_apdu *apdu, const uint8_t *buf, size_t len);

/* Big-endian helpers shared by every module. */
static inline uint16_t
se_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}
static inline uint32_t
se_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static inline void
se_put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}
static inline void
se_put32(uint8_t *p, uint32_t v)
{
	se_put16(p, v >> 16);
	se_put16(p + 2, v);
}

#endif
