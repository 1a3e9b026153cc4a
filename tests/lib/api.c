/* The rest of libdocconv's API against the installed library, beside the
 * README's example: option errors and messages, conversions in memory
 * with their warnings (to a stream, counted, strict),
 * and conversions in several threads at once (the library has no global
 * state, so each thread's output must be what one thread alone writes).
 *
 * usage: api INPUT DIR
 * writes DIR/file-N.html, DIR/file-N.pdf and DIR/buffer-N.html for N = 0
 * to 3, for tests/install.sh to compare with the program's output. */
#define _POSIX_C_SOURCE 200809L  /* open_memstream */
#include <docconv.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { THREADS = 4 };

static int failures;

static void fail(const char *what, const char *detail)
{
	fprintf(stderr, "FAIL: %s%s%s\n", what, detail ? ": " : "",
		detail ? detail : "");
	failures++;
}

/* docconv_set(NAME, VALUE) must fail with a usage error saying WANT. */
static void expect_bad_option(struct docconv *dc, const char *name,
			      const char *value, const char *want)
{
	enum docconv_status st = docconv_set(dc, name, value);
	if (st != DOCCONV_ERR_USAGE)
		fail("docconv_set accepted a bad option", name);
	else if (strcmp(docconv_error(dc), want) != 0)
		fail("wrong message", docconv_error(dc));
}

static void check_options(void)
{
	struct docconv *dc = docconv_new();
	if (!dc) {
		fail("docconv_new", "out of memory");
		return;
	}
	expect_bad_option(dc, "no-such", "x", "unknown option 'no-such'");
	expect_bad_option(dc, "toc", "x", "option 'toc' takes no value");
	expect_bad_option(dc, "to", NULL, "option 'to' needs a value");
	expect_bad_option(dc, "paper", "a7",
			  "invalid paper 'a7': want a4, a5, letter, legal or "
			  "WIDTHxHEIGHT (like 6inx9in)");
	expect_bad_option(dc, "font-size", "2pt",
			  "invalid font-size '2pt': want 4 to 72 points");
	expect_bad_option(dc, "metadata", "=x",
			  "metadata needs KEY=VALUE, got '=x'");
	if (docconv_set(dc, "margin", "2.5cm") != DOCCONV_OK ||
	    docconv_set(dc, "toc", NULL) != DOCCONV_OK ||
	    docconv_set(dc, "title", "T") != DOCCONV_OK ||
	    strcmp(docconv_error(dc), "") != 0)
		fail("docconv_set refused good options", docconv_error(dc));
	const char *missing[] = {"no/such/file.txt"};
	if (docconv_convert_files(dc, missing, 1, "out.html") !=
		    DOCCONV_ERR_NOINPUT ||
	    strcmp(docconv_error(dc), "no/such/file.txt: cannot open input: "
				      "No such file or directory") != 0)
		fail("missing input", docconv_error(dc));
	char *out = NULL;
	size_t len = 0;
	if (docconv_convert_buffer(dc, "x", 1, NULL, &out, &len) !=
		    DOCCONV_ERR_USAGE || out)
		fail("a buffer converted without \"to\"", docconv_error(dc));
	docconv_free(dc);
}

/* Convert DATA in memory with the switch OPTION (NULL: none) into
 * DocBook; the status, the warnings printed to a stream in *WARNINGS
 * (malloc'd) and the output in *OUT (malloc'd, NULL on failure). */
static enum docconv_status convert_buffer(const char *data,
					  const char *option, char **warnings,
					  char **out)
{
	struct docconv *dc = docconv_new();
	size_t size, len;
	FILE *stream = open_memstream(warnings, &size);
	enum docconv_status st = DOCCONV_ERR_SOFTWARE;
	*out = NULL;
	if (dc && stream && docconv_set(dc, "to", "docbook") == DOCCONV_OK &&
	    (!option || docconv_set(dc, option, NULL) == DOCCONV_OK)) {
		docconv_set_warnings(dc, stream);
		st = docconv_convert_buffer(dc, data, strlen(data), NULL, out,
					    &len);
		if (st != DOCCONV_OK)
			fprintf(stream, "error: %s\n", docconv_error(dc));
		/* Under "strict" the warning is the error instead. */
		unsigned want = option && !strcmp(option, "strict") ? 0 : 1;
		if (docconv_warning_count(dc) != want)
			fail("warnings miscounted", option);
	}
	if (stream)
		fclose(stream);
	else
		*warnings = NULL;
	docconv_free(dc);
	return st;
}

/* A warning goes to the stream given, and "strict" or "fail-on-warnings"
 * make it fail the conversion, as on the command line. */
static void check_buffer(void)
{
	static const char bad[] = "a\377b\n";
	static const char warning[] = "<buffer>:1:2: warning: invalid UTF-8 "
				      "byte 0xFF replaced by U+FFFD\n";
	char *warnings, *out;
	if (convert_buffer(bad, NULL, &warnings, &out) != DOCCONV_OK ||
	    !warnings || strcmp(warnings, warning) != 0 || !out ||
	    !strstr(out, "<para>a\357\277\275b</para>"))
		fail("a buffer's warning or output", warnings);
	free(warnings);
	free(out);
	if (convert_buffer(bad, "strict", &warnings, &out) !=
		    DOCCONV_ERR_DATA || out || !warnings ||
	    strcmp(warnings, "error: <buffer>:1:2: invalid UTF-8 byte 0xFF "
			     "replaced by U+FFFD\n") != 0)
		fail("strict", warnings);
	free(warnings);
	if (convert_buffer(bad, "fail-on-warnings", &warnings, &out) !=
		    DOCCONV_ERR_DATA || out || !warnings ||
	    !strstr(warnings, "error: 1 warning, and --fail-on-warnings"))
		fail("fail-on-warnings", warnings);
	free(warnings);
}

/* All of PATH, or NULL. */
static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	char *data = NULL;
	size_t cap = 0;
	*len = 0;
	for (;;) {
		if (cap - *len < 4096) {
			char *more = realloc(data, cap = cap * 2 + 4096);
			if (!more)
				break;
			data = more;
		}
		size_t n = fread(data + *len, 1, cap - *len, fp);
		*len += n;
		if (n == 0) {
			int bad = ferror(fp);
			fclose(fp);
			if (!bad)
				return data;
			free(data);
			return NULL;
		}
	}
	fclose(fp);
	free(data);
	return NULL;
}

struct job {
	int n;
	const char *input, *dir;
	const char *data;
	size_t len;
	int failed;
};

static int write_file(const char *path, const char *data, size_t len)
{
	FILE *fp = fopen(path, "wb");
	if (!fp)
		return -1;
	size_t n = fwrite(data, 1, len, fp);
	return fclose(fp) == 0 && n == len ? 0 : -1;
}

/* One thread: the input to files, HTML and PDF (the typesetter, its
 * fonts and hyphenation), and from memory to a buffer of HTML. */
static void *convert(void *arg)
{
	struct job *job = arg;
	char path[4096];
	struct docconv *dc = docconv_new();
	if (!dc) {
		job->failed = 1;
		return NULL;
	}
	const char *inputs[] = {job->input};
	static const char *const exts[] = {"html", "pdf"};
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		snprintf(path, sizeof path, "%s/file-%d.%s", job->dir, job->n,
			 exts[i]);
		if (docconv_convert_files(dc, inputs, 1, path) != DOCCONV_OK) {
			fprintf(stderr, "thread %d: %s\n", job->n,
				docconv_error(dc));
			job->failed = 1;
		}
	}
	char *out = NULL;
	size_t len = 0;
	snprintf(path, sizeof path, "%s/buffer-%d.html", job->dir, job->n);
	if (docconv_set(dc, "to", "html") != DOCCONV_OK ||
	    docconv_convert_buffer(dc, job->data, job->len, job->input, &out,
				   &len) != DOCCONV_OK ||
	    out[len] != '\0' || write_file(path, out, len) != 0) {
		fprintf(stderr, "thread %d: %s\n", job->n, docconv_error(dc));
		job->failed = 1;
	}
	free(out);
	docconv_free(dc);
	return NULL;
}

static void check_threads(const char *input, const char *dir)
{
	size_t len;
	char *data = slurp(input, &len);
	if (!data) {
		fail("cannot read", input);
		return;
	}
	pthread_t threads[THREADS];
	struct job jobs[THREADS];
	int started = 0;
	for (int i = 0; i < THREADS; i++, started++) {
		jobs[i] = (struct job){.n = i, .input = input, .dir = dir,
				       .data = data, .len = len};
		if (pthread_create(&threads[i], NULL, convert, &jobs[i]) != 0) {
			fail("pthread_create", NULL);
			break;
		}
	}
	for (int i = 0; i < started; i++) {
		pthread_join(threads[i], NULL);
		if (jobs[i].failed)
			fail("a thread's conversion failed", NULL);
	}
	free(data);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: api INPUT DIR\n");
		return 64;
	}
	if (strcmp(docconv_version(), "") == 0)
		fail("no version", NULL);
	check_options();
	check_buffer();
	check_threads(argv[1], argv[2]);
	return failures ? 1 : 0;
}
