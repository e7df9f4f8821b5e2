/* NVM image: format, versioning, layout check, transactions, and the
 * exhaustive power-cut test (cut before every write of a transaction, clean
 * and torn, and again during the recovery that follows). */
#include "harness.h"

#define IMG 4096u
#define DATA 1024u
#define LAYOUT 0x1234u

static uint8_t mem[IMG];
static se_hal_ram ram;
static se_hal hal;

static void setup(void)
{
	memset(mem, 0, sizeof mem);
	se_hal_ram_init(&ram, &hal, mem, sizeof mem);
}

static void data_of(uint8_t *out)
{
	memcpy(out, mem + SE_NVM_DATA_OFF, DATA);
}

/* The transaction under test: three writes, one overwriting bytes of another. */
static int txn(se_nvm *n)
{
	static const uint8_t a[40] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
				      21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40};
	static const uint8_t b[8] = {0xB0, 0xB1, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7};
	static const uint8_t c[3] = {0xC0, 0xC1, 0xC2};

	if (se_nvm_write(n, 100, a, sizeof a) || se_nvm_write(n, 900, b, sizeof b) ||
	    se_nvm_write(n, 120, c, sizeof c))
		return -1;
	return se_nvm_commit(n);
}

int main(void)
{
	se_nvm n;
	uint8_t old[DATA], new_[DATA], got[DATA], byte;
	static uint8_t base[IMG];
	unsigned long total;
	int rc;

	setup();
	CHECK(se_nvm_open(&n, &hal, LAYOUT, DATA, 0) == SE_NVM_FORMATTED, "blank image is formatted");
	CHECK(!memcmp(mem, "SEOS", 4) && se_get16(mem + 4) == SE_NVM_VERSION, "header: magic and version 1");
	CHECK(se_nvm_open(&n, &hal, LAYOUT, DATA, 0) == SE_OK, "valid image opens without formatting");
	CHECK(se_nvm_open(&n, &hal, LAYOUT + 1, DATA, 0) == SE_ERR_LAYOUT, "other layout id is refused");
	CHECK(se_nvm_open(&n, &hal, LAYOUT, IMG, 0) == SE_ERR_FULL, "data area larger than the image is refused");

	/* transactions: commit keeps, abort restores */
	CHECK(se_nvm_open(&n, &hal, LAYOUT, DATA, 0) == SE_OK, "reopen");
	data_of(old);
	CHECK(txn(&n) == SE_OK, "three-write transaction commits");
	CHECK(se_nvm_read(&n, 120, got, 3) == SE_OK && got[0] == 0xC0 && got[2] == 0xC2, "overlapping write wins");
	CHECK(se_nvm_read(&n, 100, got, 1) == SE_OK && got[0] == 1, "first write kept");
	byte = 0x77;
	CHECK(se_nvm_write(&n, 100, &byte, 1) == SE_OK && se_nvm_write(&n, 100, &byte, 1) == SE_OK,
	      "two writes to one byte");
	CHECK(se_nvm_abort(&n) == SE_OK && se_nvm_read(&n, 100, got, 1) == SE_OK && got[0] == 1,
	      "abort restores the byte written twice");
	CHECK(se_nvm_write(&n, DATA - 1, got, 2) == SE_ERR_PARAM, "write past the data area refused");
	CHECK(se_nvm_read(&n, DATA, got, 1) == SE_ERR_PARAM, "read past the data area refused");
	CHECK(se_nvm_write(&n, 0, got, SE_NVM_JOURNAL_SIZE) == SE_ERR_FULL, "write larger than the journal: SE_ERR_FULL");
	CHECK(se_nvm_write(&n, 0, mem, SE_NVM_JOURNAL_SIZE - SE_NVM_ENTRY_OVERHEAD) == SE_OK &&
	      se_nvm_write(&n, 0, mem, 1) == SE_ERR_FULL, "journal full after exactly its capacity");
	CHECK(se_nvm_abort(&n) == SE_OK, "abort after journal full");
	se_nvm_open(&n, &hal, LAYOUT, DATA, 0);
	data_of(got);
	data_of(new_);
	CHECK(se_nvm_open(&n, &hal, LAYOUT, DATA, 0) == SE_OK && !memcmp(mem + SE_NVM_DATA_OFF, got, DATA),
	      "committed data survives reopen");

	/* unknown version: never formatted implicitly */
	memcpy(base, mem, IMG);
	se_put16(mem + 4, 2);
	se_put32(mem + 28, se_crc32(0, mem, 28));
	CHECK(se_nvm_open(&n, &hal, LAYOUT, DATA, SE_NVM_FORMAT_ON_MISMATCH) == SE_ERR_FORMAT, "version 2 image refused");
	CHECK(se_get16(mem + 4) == 2, "refused image left untouched");
	memcpy(mem, base, IMG);
	CHECK(se_nvm_open(&n, &hal, LAYOUT + 1, DATA, SE_NVM_FORMAT_ON_MISMATCH) == SE_NVM_FORMATTED,
	      "FORMAT_ON_MISMATCH formats another layout");
	memcpy(mem, base, IMG);
	mem[10] ^= 1;
	CHECK(se_nvm_open(&n, &hal, LAYOUT, DATA, 0) == SE_ERR_FORMAT,
	      "damaged header over committed data is refused");
	CHECK(!memcmp(mem + 11, base + 11, IMG - 11) && mem[10] == (base[10] ^ 1), "and left untouched");
	memcpy(mem, "NOTANSE!", 8);
	CHECK(se_nvm_open(&n, &hal, LAYOUT, DATA, 0) == SE_ERR_FORMAT, "foreign file is refused");
	/* blank header bytes over committed data: refused, whichever blank */
	for (unsigned fill = 0x00; fill <= 0xFF; fill += 0xFF) {
		memcpy(mem, base, IMG);
		memset(mem, (int)fill, SE_NVM_HEADER_SIZE);
		CHECK(se_nvm_open(&n, &hal, LAYOUT, DATA, 0) == SE_ERR_FORMAT,
		      "header of 0x%02X over committed data is refused", fill);
		CHECK(!memcmp(mem + SE_NVM_HEADER_SIZE, base + SE_NVM_HEADER_SIZE, IMG - SE_NVM_HEADER_SIZE),
		      "and its log and keys are left untouched");
	}
	/* a format cut short in its last write (the header): formatted again */
	memset(mem, 0, IMG);
	CHECK(se_nvm_open(&n, &hal, LAYOUT, DATA, SE_NVM_FORMAT) == SE_NVM_FORMATTED, "format");
	memset(mem + 7, 0, SE_NVM_HEADER_SIZE - 7);
	CHECK(se_nvm_open(&n, &hal, LAYOUT, DATA, 0) == SE_NVM_FORMATTED, "torn header after format: reformatted");
	memset(mem, 0xFF, IMG);
	CHECK(se_nvm_open(&n, &hal, LAYOUT, DATA, 0) == SE_NVM_FORMATTED, "erased (0xFF) image is formatted");
	memcpy(mem, base, IMG);
	mem[SE_NVM_SLOTS_OFF] ^= 0x55;
	mem[SE_NVM_SLOTS_OFF + 8] ^= 0x55;
	CHECK(se_nvm_open(&n, &hal, LAYOUT, DATA, 0) == SE_ERR_FORMAT, "both commit slots corrupt: SE_ERR_FORMAT");

	/* exhaustive power cut: old state, then count the writes of the transaction */
	setup();
	se_nvm_open(&n, &hal, LAYOUT, DATA, 0);
	for (unsigned i = 0; i < DATA; i++)
		mem[SE_NVM_DATA_OFF + i] = (uint8_t)(i * 7);
	data_of(old);
	memcpy(base, mem, IMG);
	ram.writes = 0;
	CHECK(txn(&n) == SE_OK, "reference run of the transaction");
	total = ram.writes;
	data_of(new_);
	CHECK(memcmp(old, new_, DATA) != 0, "the transaction changes the data (%lu writes)", total);

	int all_ok = 1, saw_old = 0, saw_new = 0, recov_ok = 1;
	for (int tear = 0; tear < 2; tear++) {
		for (unsigned long k = 0; k <= total; k++) {
			memcpy(mem, base, IMG);
			se_nvm_open(&n, &hal, LAYOUT, DATA, 0);
			ram.cut = 0;
			ram.tear = tear;
			ram.writes_left = (long)k;
			rc = txn(&n);
			ram.writes_left = -1;
			ram.cut = 0;
			if (k < total && rc == SE_OK)
				all_ok = 0; /* a cut must be noticed */
			static uint8_t after_cut[IMG];
			memcpy(after_cut, mem, IMG);
			ram.writes = 0;
			if (se_nvm_open(&n, &hal, LAYOUT, DATA, 0) != SE_OK)
				all_ok = 0;
			unsigned long recovery_writes = ram.writes;
			data_of(got);
			int is_old = !memcmp(got, old, DATA), is_new = !memcmp(got, new_, DATA);
			saw_old += is_old;
			saw_new += is_new;
			if (!is_old && !is_new) {
				all_ok = 0;
				printf("# cut before write %lu (tear %d): mixed state\n", k, tear);
			}
			/* a second cut at every write of the recovery itself */
			for (unsigned long j = 0; j < recovery_writes; j++) {
				memcpy(mem, after_cut, IMG);
				ram.writes_left = (long)j;
				se_nvm_open(&n, &hal, LAYOUT, DATA, 0);
				ram.writes_left = -1;
				ram.cut = 0;
				if (se_nvm_open(&n, &hal, LAYOUT, DATA, 0) != SE_OK)
					recov_ok = 0;
				data_of(got);
				if (memcmp(got, is_old ? old : new_, DATA))
					recov_ok = 0;
			}
		}
	}
	CHECK(all_ok, "cut before each of the %lu writes, clean and torn: reopened state is old or new", total);
	CHECK(saw_old && saw_new, "both outcomes occur (old %d times, new %d times)", saw_old, saw_new);
	CHECK(recov_ok, "a cut during recovery, at every recovery write, still ends in the same state");
	return done_testing();
}
