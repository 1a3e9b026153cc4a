/* The rest of libdocconv's API against the installed library, beside the
 * README's example: option errors and messages, conversions in memory
 * with their warnings (to a stream, counted, strict), the input size
 * limit, a cover relative to a buffer's name, and conversions in several
 * threads at once (the library has no global state, so each thread's
 * output must be what one thread alone writes).
 *
 * usage: api INPUT DIR
 * writes DIR/file-N.html, DIR/file-N.pdf and DIR/buffer-N.html for N = 0
 * to 3, for tests/install.sh to compare with the program's output. */
#define _POSIX_C_SOURCE 200809L  /* open_memstream */
#include <docconv.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
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
	/* The values are checked by the command line's code, and the
	 * messages are its own. */
	expect_bad_option(dc, "paper", "a7",
			  "invalid --paper 'a7': want a4, a5, letter, legal "
			  "or WIDTHxHEIGHT (like 6inx9in)");
	expect_bad_option(dc, "font-size", "2pt",
			  "invalid --font-size '2pt': want 4 to 72 points");
	expect_bad_option(dc, "toc-depth", "3.0",
			  "invalid --toc-depth '3.0': want 1 to 6");
	expect_bad_option(dc, "metadata", "=x",
			  "-M needs KEY=VALUE, got '=x'");
	/* What drives the program, not a conversion. */
	expect_bad_option(dc, "outdir", "d",
			  "option 'outdir' is not for the library: convert "
			  "each input with docconv_convert_files()");
	expect_bad_option(dc, "jobs", "2",
			  "option 'jobs' is not for the library: convert "
			  "each input with docconv_convert_files()");
	expect_bad_option(dc, "output", "o.pdf",
			  "option 'output' is not for the library: the output "
			  "is an argument of the conversions");
	expect_bad_option(dc, "help", NULL,
			  "option 'help' is not for the library: the library "
			  "prints nothing");
	if (docconv_set(dc, "margin", "2.5cm") != DOCCONV_OK ||
	    docconv_set(dc, "css", "a.css") != DOCCONV_OK ||
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

/* A buffer past the limit is refused whole, before a byte of it is read
 * (which is why a short one may stand for it here). */
static void check_too_large(void)
{
	struct docconv *dc = docconv_new();
	char *out = NULL;
	size_t len = 0;
	/* A value set again replaces the one before. */
	if (!dc || docconv_set(dc, "to", "html") != DOCCONV_OK ||
	    docconv_set(dc, "to", "docbook") != DOCCONV_OK) {
		fail("docconv_new or \"to\"", NULL);
		docconv_free(dc);
		return;
	}
	static const size_t sizes[] = {((size_t)1 << 30) + 1, SIZE_MAX};
	static const char *const want[] = {
		"big.txt: input is larger than 1 GiB (1073741825 bytes)",
		"<buffer>: input is larger than 1 GiB (18446744073709551615 "
		"bytes)",
	};
	for (size_t i = 0; i < 2; i++) {
		if (docconv_convert_buffer(dc, "x", sizes[i],
					   i ? NULL : "big.txt", &out,
					   &len) != DOCCONV_ERR_DATA || out)
			fail("a buffer past the limit", docconv_error(dc));
		else if (SIZE_MAX == UINT64_MAX &&
			 strcmp(docconv_error(dc), want[i]) != 0)
			fail("the limit's message", docconv_error(dc));
	}
	docconv_free(dc);
}

static int write_file(const char *path, const char *data, size_t len);

/* A cover a buffer's header names is found beside the buffer's NAME, as
 * a file's is beside the file. */
static void check_cover(const char *dir)
{
	static const unsigned char png[] = {
		0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00,
		0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x04,
		0x00, 0x00, 0x00, 0x04, 0x08, 0x02, 0x00, 0x00, 0x00, 0x26,
		0x93, 0x09, 0x29, 0x00, 0x00, 0x00, 0x10, 0x49, 0x44, 0x41,
		0x54, 0x78, 0xda, 0x63, 0x38, 0x61, 0xa3, 0x01, 0x47, 0x0c,
		0xc4, 0x71, 0x00, 0xf1, 0xc3, 0x12, 0xc1, 0xb4, 0xed, 0xa9,
		0x58, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
		0x42, 0x60, 0x82,
	};
	static const char doc[] = "---\ntitle: C\ncover: c.png\n---\n\nText.\n";
	char sub[4096], image[4096], name[4096];
	/* DIR is a short path (install.sh's "out"): no truncation. */
	if (snprintf(sub, sizeof sub, "%.4000s/cover", dir) < 0 ||
	    snprintf(image, sizeof image, "%.4000s/cover/c.png", dir) < 0 ||
	    snprintf(name, sizeof name, "%.4000s/cover/in.md", dir) < 0 ||
	    mkdir(sub, 0777) != 0 ||
	    write_file(image, (const char *)png, sizeof png) != 0) {
		fail("cannot write", image);
		return;
	}
	struct docconv *dc = docconv_new();
	char *out = NULL;
	size_t len = 0;
	if (!dc || docconv_set(dc, "to", "epub") != DOCCONV_OK ||
	    docconv_convert_buffer(dc, doc, strlen(doc), name, &out, &len) !=
		    DOCCONV_OK)
		fail("a cover beside a buffer's name", docconv_error(dc));
	free(out);
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
	check_too_large();
	check_cover(argv[2]);
	check_threads(argv[1], argv[2]);
	return failures ? 1 : 0;
}
