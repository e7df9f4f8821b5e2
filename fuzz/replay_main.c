/*
 * replay_main.c - runs a libFuzzer harness without libFuzzer: every file
 * named on the command line, or found (sorted, one level) in a directory
 * named there, is passed once to LLVMFuzzerTestOneInput(). Used by
 * `meson test --suite fuzz` to replay the corpora and findings under the
 * gcc sanitizer build; deterministic, no mutation.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define INPUT_MAX (1u << 20)

static int
run_file(const char *path)
{
	static uint8_t buf[INPUT_MAX];
	FILE *f = fopen(path, "rb");
	size_t n;
	uint8_t *copy;

	if (f == NULL) {
		fprintf(stderr, "replay: cannot open %s\n", path);
		return -1;
	}
	n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	/* an exact-size heap copy so that ASan sees reads past the input */
	copy = malloc(n ? n : 1);
	if (copy == NULL) {
		return -1;
	}
	memcpy(copy, buf, n);
	LLVMFuzzerTestOneInput(copy, n);
	free(copy);
	return 0;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Files of `dir` in name order; dot files and README* are not inputs. */
static int
run_dir(const char *dir, unsigned *count)
{
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, by_name), rc = 0;

	if (n < 0) {
		fprintf(stderr, "replay: cannot read %s\n", dir);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char path[4096];
		struct stat st;
		const char *name = ents[i]->d_name;

		if (name[0] != '.' && strncmp(name, "README", 6) != 0) {
			snprintf(path, sizeof path, "%s/%s", dir, name);
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
				rc |= run_file(path);
				(*count)++;
			}
		}
		free(ents[i]);
	}
	free(ents);
	return rc;
}

int
main(int argc, char **argv)
{
	unsigned count = 0;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: no such input %s\n", argv[i]);
			rc = 1;
		} else if (S_ISDIR(st.st_mode)) {
			rc |= run_dir(argv[i], &count) ? 1 : 0;
		} else {
			rc |= run_file(argv[i]) ? 1 : 0;
			count++;
		}
	}
	printf("replayed %u inputs\n", count);
	return rc;
}
