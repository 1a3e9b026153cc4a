/* A tiny test harness in cmark's spirit: suites of test functions, CHECK
 * macros that count failures and say where. */
#ifndef DC_HARNESS_H
#define DC_HARNESS_H

#include <stddef.h>
#include <string.h>

struct dc_test {
	const char *name;
	void (*run)(void);
};

struct dc_suite {
	const char *name;
	const struct dc_test *tests;  /* ended by {0} */
};

extern int dc_test_failures;

void dc_check_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define CHECK(cond)                                                        \
	do {                                                               \
		if (!(cond))                                               \
			dc_check_fail(__FILE__, __LINE__, "%s", #cond);    \
	} while (0)

#define CHECK_INT(got, want)                                               \
	do {                                                               \
		long long g_ = (long long)(got), w_ = (long long)(want);   \
		if (g_ != w_)                                              \
			dc_check_fail(__FILE__, __LINE__,                  \
				      "%s is %lld, want %lld", #got, g_, w_); \
	} while (0)

#define CHECK_STR(got, want)                                               \
	do {                                                               \
		const char *g_ = (got), *w_ = (want);                      \
		if (!g_ || strcmp(g_, w_) != 0)                            \
			dc_check_fail(__FILE__, __LINE__,                  \
				      "%s is \"%s\", want \"%s\"", #got,   \
				      g_ ? g_ : "(null)", w_);             \
	} while (0)

/* Each suite file defines one of these. */
extern const struct dc_suite dc_suite_model;
extern const struct dc_suite dc_suite_builder;
extern const struct dc_suite dc_suite_iter;
extern const struct dc_suite dc_suite_registry;
extern const struct dc_suite dc_suite_utf8;
extern const struct dc_suite dc_suite_text;
extern const struct dc_suite dc_suite_markdown;
extern const struct dc_suite dc_suite_docbook;
extern const struct dc_suite dc_suite_pdf_fonts;
extern const struct dc_suite dc_suite_pdf;
extern const struct dc_suite dc_suite_xhtml;
extern const struct dc_suite dc_suite_epub;


#include "builder.h"
#include "diag.h"
#include "node.h"

/* A document built by hand, node by node, for the writers' suites:
 * every call CHECKs that the builder took it. */
struct dc_test_doc {
	struct dc_doc *doc;
	struct dc_builder b;
	struct dc_diag diag;  /* to stderr */
};

/* A new empty document, building in its root. */
void dc_test_begin(struct dc_test_doc *d);
/* Finish building and sectionize: the document is d->doc. */
void dc_test_end(struct dc_test_doc *d);
struct dc_node *dc_test_open(struct dc_test_doc *d, enum dc_kind kind);
void dc_test_close(struct dc_test_doc *d, enum dc_kind kind);
void dc_test_text(struct dc_test_doc *d, const char *s);
/* A leaf of KIND with LITERAL (NULL for none). */
struct dc_node *dc_test_leaf(struct dc_test_doc *d, enum dc_kind kind,
			     const char *literal);
/* A node of KIND holding the text S. */
struct dc_node *dc_test_wrap(struct dc_test_doc *d, enum dc_kind kind,
			     const char *s);
struct dc_node *dc_test_heading(struct dc_test_doc *d, int level,
				const char *s);
/* S copied into the document's arena (for ids, URLs, labels). */
const char *dc_test_dup(struct dc_test_doc *d, const char *s);
/* N given a copy of S as its string WHICH (dc_node_str); N. */
struct dc_node *dc_test_str(struct dc_test_doc *d, struct dc_node *n,
			    enum dc_node_str which, const char *s);

/* Diagnostics caught in memory, to compare what two ways of doing one
 * thing said. */
struct dc_test_said {
	struct dc_diag diag;
	char *text;
	size_t len;
};

/* Catch S's diagnostics from here on (strict and verbose as asked). */
void dc_test_said_open(struct dc_test_said *s, bool strict, bool verbose);
/* LEN bytes of BODY, then a line with ST and the number of warnings, then
 * what was said and the error if ST is one; malloc'd. */
char *dc_test_said_close(struct dc_test_said *s, const char *body,
			 size_t len, enum dc_status st);

/* Read LEN bytes of SRC (which may hold NULs) as FORMAT into a new
 * sectionized document; NULL on failure (the error is in DIAG, which the
 * caller initialises).  dc_test_read() takes a C string. */
struct dc_doc *dc_test_read_len(const char *format, const char *src,
				size_t len, struct dc_diag *diag);
struct dc_doc *dc_test_read(const char *format, const char *src,
			    struct dc_diag *diag);
/* The same as a conversion reads: SRC's bytes kept (text nodes point
 * into them, and the line ends they join stay text), and the reader told
 * to read in two halves from HALVES_FROM bytes on (0: its default;
 * dc_halves_read).  SRC must outlive the document. */
struct dc_doc *dc_test_read_halves(const char *format, const char *src,
				   size_t len, size_t halves_from,
				   struct dc_diag *diag);
/* Does every text node below N point into [FROM, FROM + LEN), the
 * source a document was read from with its bytes kept? */
bool dc_test_text_within(const struct dc_node *n, const char *from,
			 size_t len);
/* DOC written as FORMAT, as a malloc'd string; NULL on failure.  The
 * writer's warnings are not printed; dc_test_write_counted() counts them
 * in *WARNINGS. */
char *dc_test_write(const char *format, const struct dc_doc *doc);
char *dc_test_write_counted(const char *format, const struct dc_doc *doc,
			    unsigned *warnings);
/* The same for binary output: *LEN bytes (a NUL follows them). */
char *dc_test_write_bytes(const char *format, const struct dc_doc *doc,
			  unsigned *warnings, size_t *len);

#endif
