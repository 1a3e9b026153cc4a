/* Runs a fuzz target's LLVMFuzzerTestOneInput on the files named (or
 * every file in the folders named), as libFuzzer does when it is given
 * files: so each kept crash and the seed corpus run in every build, under
 * the sanitizers too, without clang. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int S_run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		perror(path);
		return 1;
	}
	size_t cap = 1 << 16, len = 0;
	uint8_t *data = malloc(cap);
	size_t n;
	while (data && (n = fread(data + len, 1, cap - len, fp)) > 0) {
		len += n;
		if (len == cap) {
			uint8_t *more = realloc(data, cap *= 2);
			if (!more)
				free(data);
			data = more;
		}
	}
	int failed = !data || ferror(fp);
	fclose(fp);
	if (failed) {
		fprintf(stderr, "%s: cannot read\n", path);
		free(data);
		return 1;
	}
	LLVMFuzzerTestOneInput(data, len);
	free(data);
	return 0;
}

static int S_run(const char *path, int *count)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		perror(path);
		return 1;
	}
	if (!S_ISDIR(st.st_mode)) {
		++*count;
		return S_run_file(path);
	}
	struct dirent **names;
	int n = scandir(path, &names, NULL, alphasort), failed = n < 0;
	for (int i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			size_t size = strlen(path) + strlen(names[i]->d_name) + 2;
			char *child = malloc(size);
			failed |= !child;
			if (child) {
				snprintf(child, size, "%s/%s", path,
					 names[i]->d_name);
				failed |= S_run(child, count);
				free(child);
			}
		}
		free(names[i]);
	}
	free(names);
	return failed;
}

int main(int argc, char **argv)
{
	int failed = 0, count = 0;
	for (int i = 1; i < argc; i++)
		failed |= S_run(argv[i], &count);
	printf("%d inputs run\n", count);
	return failed || count == 0;
}
