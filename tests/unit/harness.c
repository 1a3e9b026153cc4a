/* The unit-test runner: `unit_tests SUITE` runs one suite (CTest runs each
 * as its own test); `unit_tests` alone runs them all. */
#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "arena.h"
#include "format.h"
#include "sectionize.h"

int dc_test_failures;

void dc_check_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s:%d: check failed: ", file, line);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	dc_test_failures++;
}

static const struct dc_suite *const suites[] = {
	&dc_suite_model,
	&dc_suite_builder,
	&dc_suite_iter,
	&dc_suite_registry,
	&dc_suite_utf8,
	&dc_suite_text,
	&dc_suite_markdown,
	&dc_suite_docbook,
	&dc_suite_pdf_fonts,
	&dc_suite_pdf,
	&dc_suite_xhtml,
	&dc_suite_epub,
};

static int S_run_suite(const struct dc_suite *suite)
{
	int before = dc_test_failures;
	int count = 0;
	for (const struct dc_test *t = suite->tests; t->name; t++, count++) {
		int failures = dc_test_failures;
		t->run();
		printf("%s %s.%s\n", failures == dc_test_failures ? "ok  " : "FAIL",
		       suite->name, t->name);
	}
	printf("%s: %d tests, %d failed checks\n", suite->name, count,
	       dc_test_failures - before);
	return dc_test_failures - before;
}

int main(int argc, char **argv)
{
	size_t n = sizeof suites / sizeof suites[0];
	int found = 0;
	for (size_t i = 0; i < n; i++) {
		if (argc > 1 && strcmp(argv[1], suites[i]->name) != 0)
			continue;
		found = 1;
		S_run_suite(suites[i]);
	}
	if (!found) {
		fprintf(stderr, "no suite named '%s'\n", argv[1]);
		return 2;
	}
	return dc_test_failures ? 1 : 0;
}

/* SRC read as FORMAT, its bytes kept (KEEP) as a conversion keeps its
 * input's, in halves from HALVES_FROM bytes on. */
static struct dc_doc *S_read(const char *format, const char *src, size_t len,
			     bool keep, size_t halves_from,
			     struct dc_diag *diag)
{
	const struct dc_format *f = dc_format_by_name(format);
	struct dc_doc *doc = dc_doc_new();
	if (!f || !f->read || !doc) {
		dc_doc_free(doc);
		return NULL;
	}
	struct dc_input in = {.name = "test", .data = src, .len = len};
	doc->source = in.name;
	struct dc_builder b;
	dc_builder_init(&b, doc, doc->root, diag, in.name);
	if (keep)
		dc_builder_keep(&b, src, len);
	b.halves_from = halves_from;
	enum dc_status st = f->read(&in, &b, &doc->meta, diag);
	enum dc_status fin = dc_builder_finish(&b);
	if (st == DC_OK)
		st = fin;
	if (st == DC_OK)
		st = dc_sectionize(doc, doc->root, diag);
	if (st != DC_OK) {
		dc_doc_free(doc);
		return NULL;
	}
	return doc;
}

struct dc_doc *dc_test_read_len(const char *format, const char *src,
				size_t len, struct dc_diag *diag)
{
	return S_read(format, src, len, false, 0, diag);
}

struct dc_doc *dc_test_read_halves(const char *format, const char *src,
				   size_t len, size_t halves_from,
				   struct dc_diag *diag)
{
	return S_read(format, src, len, true, halves_from, diag);
}

bool dc_test_text_within(const struct dc_node *n, const char *from,
			 size_t len)
{
	for (const struct dc_node *c = dc_node_first(n); c;
	     c = dc_node_next(c)) {
		if (c->kind == DC_TEXT &&
		    !(c->literal >= from && c->literal + c->len <= from + len))
			return false;
		if (!dc_test_text_within(c, from, len))
			return false;
	}
	return true;
}

struct dc_doc *dc_test_read(const char *format, const char *src,
			    struct dc_diag *diag)
{
	return dc_test_read_len(format, src, strlen(src), diag);
}

char *dc_test_write_bytes(const char *format, const struct dc_doc *doc,
			  unsigned *warnings, size_t *len)
{
	const struct dc_format *f = dc_format_by_name(format);
	struct dc_diag diag;
	struct dc_sink sink;
	struct dc_options opts = {.action = DC_RUN};
	if (!f || !f->write)
		return NULL;
	dc_diag_init(&diag, "test", NULL);  /* counted, not printed */
	dc_sink_open_memory(&sink);
	if (f->write(doc, &sink, &opts, &diag) != DC_OK ||
	    dc_sink_commit(&sink, &diag) != DC_OK ||
	    !dc_buf_putc(&sink.mem, '\0')) {
		dc_sink_abort(&sink);
		return NULL;
	}
	*warnings = diag.warnings;
	*len = sink.mem.len - 1;
	return sink.mem.data;  /* the caller frees it */
}

char *dc_test_write_counted(const char *format, const struct dc_doc *doc,
			    unsigned *warnings)
{
	size_t len;
	return dc_test_write_bytes(format, doc, warnings, &len);
}

char *dc_test_write(const char *format, const struct dc_doc *doc)
{
	unsigned warnings;
	return dc_test_write_counted(format, doc, &warnings);
}

/* ------------------------------------------------------------------ */
/* Documents built by hand */

void dc_test_begin(struct dc_test_doc *d)
{
	dc_diag_init(&d->diag, "test", stderr);
	d->doc = dc_doc_new();
	CHECK(d->doc != NULL);
	dc_builder_init(&d->b, d->doc, d->doc->root, &d->diag, "test");
}

void dc_test_end(struct dc_test_doc *d)
{
	CHECK_INT(dc_builder_finish(&d->b), DC_OK);
	CHECK_INT(dc_sectionize(d->doc, d->doc->root, &d->diag), DC_OK);
}

struct dc_node *dc_test_open(struct dc_test_doc *d, enum dc_kind kind)
{
	struct dc_node *n = NULL;
	CHECK_INT(dc_build_open(&d->b, kind, 1, 1, &n), DC_OK);
	CHECK(n != NULL);
	return n;
}

void dc_test_close(struct dc_test_doc *d, enum dc_kind kind)
{
	CHECK_INT(dc_build_close(&d->b, kind), DC_OK);
}

void dc_test_text(struct dc_test_doc *d, const char *s)
{
	CHECK_INT(dc_build_text(&d->b, s, strlen(s), 1, 1), DC_OK);
}

struct dc_node *dc_test_leaf(struct dc_test_doc *d, enum dc_kind kind,
			     const char *literal)
{
	struct dc_node *n = NULL;
	CHECK_INT(dc_build_leaf(&d->b, kind, literal,
				literal ? strlen(literal) : 0, 1, 1, &n),
		  DC_OK);
	CHECK(n != NULL);
	return n;
}

struct dc_node *dc_test_wrap(struct dc_test_doc *d, enum dc_kind kind,
			     const char *s)
{
	struct dc_node *n = dc_test_open(d, kind);
	dc_test_text(d, s);
	dc_test_close(d, kind);
	return n;
}

struct dc_node *dc_test_heading(struct dc_test_doc *d, int level,
				const char *s)
{
	struct dc_node *h = dc_test_wrap(d, DC_HEADING, s);
	if (h)
		h->as.heading.level = level;
	return h;
}

const char *dc_test_dup(struct dc_test_doc *d, const char *s)
{
	return dc_arena_strdup(&d->doc->arena, s);
}

struct dc_node *dc_test_str(struct dc_test_doc *d, struct dc_node *n,
			    enum dc_node_str which, const char *s)
{
	const char *copy = dc_test_dup(d, s);
	CHECK(n && copy && dc_node_set_str(d->doc, n, which, copy));
	return n;
}

void dc_test_said_open(struct dc_test_said *s, bool strict, bool verbose)
{
	*s = (struct dc_test_said){0};
	FILE *stream = open_memstream(&s->text, &s->len);
	CHECK(stream != NULL);
	dc_diag_init(&s->diag, "test", stream);
	s->diag.strict = strict;
	s->diag.verbosity = verbose ? DC_VERBOSE : DC_NORMAL;
}

char *dc_test_said_close(struct dc_test_said *s, const char *body,
			 size_t len, enum dc_status st)
{
	char *all = NULL;
	size_t all_len = 0;
	if (s->diag.stream)
		fclose(s->diag.stream);
	FILE *out = open_memstream(&all, &all_len);
	CHECK(out != NULL);
	if (out) {
		fwrite(body ? body : "", 1, body ? len : 0, out);
		fprintf(out, "\n-- status %d, %u warnings\n%s", (int)st,
			s->diag.warnings, s->text ? s->text : "");
		if (st != DC_OK)
			fprintf(out, "error: %s\n", s->diag.error.message);
		fclose(out);
	}
	free(s->text);
	return all;
}
