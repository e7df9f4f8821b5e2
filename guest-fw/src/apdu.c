/* ISO/IEC 7816-4 clause 5.1: the seven command APDU encodings. */
#include "se_apdu.h"

/* see se_apdu.h */
uint16_t
se_apdu_parse(se_apdu *a, const uint8_t *b, size_t n)
{
	size_t lc;

	if (n < 4) {
		return SE_SW_WRONG_LENGTH;
	}
	a->cla = b[0];
	a->ins = b[1];
	a->p1 = b[2];
	a->p2 = b[3];
	a->data = NULL;
	a->nc = 0;
	a->ne = 0;
	a->extended = 0;
	if (n == 4) { /* case 1 */
		return 0;
	}
	if (n == 5) { /* case 2S: Le = 00 means 256 */
		a->ne = b[4] ? b[4] : 256;
		return 0;
	}
	if (b[4] != 0) { /* short Lc: cases 3S and 4S */
		lc = b[4];
		if (n == 5 + lc + 1) {
			a->ne = b[n - 1] ? b[n - 1] : 256;
		} else if (n != 5 + lc) {
			return SE_SW_WRONG_LENGTH;
		}
		a->data = b + 5;
		a->nc = lc;
		return 0;
	}
	/* first byte 00 of an extended Lc or Le field: cases 2E, 3E, 4E */
	if (n < 7) {
		return SE_SW_WRONG_LENGTH;
	}
	a->extended = 1;
	lc = se_get16(b + 5);
	if (n == 7) { /* case 2E: Le = 0000 means 65536 */
		a->ne = lc ? lc : 65536;
		return 0;
	}
	if (lc == 0) {
		return SE_SW_WRONG_LENGTH;
	}
	if (n == 7 + lc + 2) {
		lc = se_get16(b + n - 2);
		a->ne = lc ? lc : 65536;
		lc = n - 9;
	} else if (n != 7 + lc) {
		return SE_SW_WRONG_LENGTH;
	}
	a->data = b + 7;
	a->nc = lc;
	return 0;
}
