/* The PDF writer on documents no reader makes yet: every node kind,
 * cross-references, an empty document.  The output's structure is checked
 * here; tests/pdf.sh checks real output with qpdf, poppler and mutool. */
#include "harness.h"

#include <hpdf_doc.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "builder.h"
#include "fonts.h"
#include "foot.h"
#include "hyphenate.h"
#include "iter.h"
#include "para.h"
#include "sectionize.h"
#include "spilled.h"
#include "toc.h"

struct build {
	struct dc_doc *doc;
	struct dc_diag diag;
	struct dc_builder b;
};

static bool S_start(struct build *t)
{
	t->doc = dc_doc_new();
	dc_diag_init(&t->diag, "test", NULL);
	if (!t->doc)
		return false;
	dc_builder_init(&t->b, t->doc, t->doc->root, &t->diag, "test");
	return true;
}

static struct dc_node *S_open(struct build *t, enum dc_kind kind)
{
	struct dc_node *n = NULL;
	CHECK_INT(dc_build_open(&t->b, kind, 1, 1, &n), DC_OK);
	return n;
}

static void S_text(struct build *t, const char *s)
{
	CHECK_INT(dc_build_text(&t->b, s, strlen(s), 1, 1), DC_OK);
}

static void S_close(struct build *t, enum dc_kind kind)
{
	CHECK_INT(dc_build_close(&t->b, kind), DC_OK);
}

/* The PDF of the document built so far; its warnings in *WARNINGS. */
static char *S_pdf(struct build *t, unsigned *warnings, size_t *len)
{
	CHECK_INT(dc_builder_finish(&t->b), DC_OK);
	CHECK_INT(dc_sectionize(t->doc, t->doc->root, &t->diag), DC_OK);
	char *pdf = dc_test_write_bytes("pdf", t->doc, warnings, len);
	CHECK(pdf != NULL);
	return pdf;
}

/* How often NEEDLE occurs in the LEN bytes of PDF (binary). */
static size_t S_count(const char *pdf, size_t len, const char *needle)
{
	size_t n = 0, k = strlen(needle);
	for (size_t i = 0; pdf && i + k <= len; i++)
		n += memcmp(pdf + i, needle, k) == 0;
	return n;
}

static void test_xrefs(void)
{
	struct build t;
	if (!S_start(&t))
		return;
	struct dc_node *h = S_open(&t, DC_HEADING);
	if (h) {
		h->as.heading.level = 1;
		CHECK(dc_node_set_str(t.doc, h, DC_STR_ID, "target"));
	}
	S_text(&t, "Target");
	S_close(&t, DC_HEADING);
	S_open(&t, DC_PARAGRAPH);
	struct dc_node *x = S_open(&t, DC_XREF);
	if (x)
		x->as.link.url = "target";
	S_text(&t, "see the target");
	S_close(&t, DC_XREF);
	S_text(&t, " and ");
	x = S_open(&t, DC_XREF);
	if (x)
		x->as.link.url = "nowhere";
	S_text(&t, "a missing one");
	S_close(&t, DC_XREF);
	S_text(&t, " and ");
	struct dc_node *l = S_open(&t, DC_LINK);
	if (l)
		l->as.link.url = "https://example.org/";
	S_text(&t, "the web");
	S_close(&t, DC_LINK);
	S_close(&t, DC_PARAGRAPH);
	unsigned warnings = 0;
	size_t len;
	char *pdf = S_pdf(&t, &warnings, &len);
	CHECK(pdf && strncmp(pdf, "%PDF-", 5) == 0);
	/* One internal link, one URI link, and a warning for the missing
	 * target. */
	CHECK_INT(S_count(pdf, len, "/Subtype /Link"), 2);
	/* libharu writes '/' in strings as \057. */
	CHECK_INT(S_count(pdf, len, "/URI (https:\\057\\057example.org\\057)"),
		  1);
	/* The outline entry of the heading and the link to it. */
	CHECK_INT(S_count(pdf, len, "/Dest "), 2);
	CHECK_INT(warnings, 1);
	free(pdf);
	dc_doc_free(t.doc);
}

/* Every kind of the model reaches the page without failing. */
static void test_every_kind(void)
{
	static const enum dc_kind inline_kinds[] = {
		DC_EMPH, DC_STRONG, DC_STRIKE, DC_SUPERSCRIPT, DC_SUBSCRIPT,
		DC_LINK, DC_XREF, DC_IMAGE};
	struct build t;
	if (!S_start(&t))
		return;
	S_open(&t, DC_PARAGRAPH);
	for (size_t i = 0; i < sizeof inline_kinds / sizeof inline_kinds[0];
	     i++) {
		S_open(&t, inline_kinds[i]);
		S_text(&t, dc_kind_name(inline_kinds[i]));
		S_close(&t, inline_kinds[i]);
		CHECK_INT(dc_build_leaf(&t.b, DC_SOFT_BREAK, NULL, 0, 1, 1,
					NULL), DC_OK);
	}
	CHECK_INT(dc_build_leaf(&t.b, DC_CODE, "code()", 6, 1, 1, NULL), DC_OK);
	CHECK_INT(dc_build_leaf(&t.b, DC_LINE_BREAK, NULL, 0, 1, 1, NULL),
		  DC_OK);
	struct dc_node *ref;
	CHECK_INT(dc_build_leaf(&t.b, DC_FOOTNOTE_REF, NULL, 0, 1, 1, &ref),
		  DC_OK);
	if (ref)
		ref->as.note.label = "1";
	CHECK_INT(dc_build_leaf(&t.b, DC_RAW_INLINE, "<b/>", 4, 1, 1, NULL),
		  DC_OK);
	S_close(&t, DC_PARAGRAPH);
	struct dc_node *note = S_open(&t, DC_FOOTNOTE);
	if (note)
		note->as.note.label = "1";
	S_text(&t, "The note.");
	S_close(&t, DC_FOOTNOTE);
	S_open(&t, DC_BLOCK_QUOTE);
	S_text(&t, "Quoted.");
	S_close(&t, DC_BLOCK_QUOTE);
	S_open(&t, DC_ADMONITION);
	S_text(&t, "Careful.");
	S_close(&t, DC_ADMONITION);
	S_open(&t, DC_DEF_LIST);
	S_open(&t, DC_DEF_ITEM);
	S_open(&t, DC_DEF_TERM);
	S_text(&t, "Term");
	S_close(&t, DC_DEF_TERM);
	S_open(&t, DC_DEF_DESC);
	S_text(&t, "Description.");
	S_close(&t, DC_DEF_DESC);
	S_close(&t, DC_DEF_ITEM);
	S_close(&t, DC_DEF_LIST);
	S_open(&t, DC_TABLE);
	S_open(&t, DC_CAPTION);
	S_text(&t, "A table");
	S_close(&t, DC_CAPTION);
	S_open(&t, DC_TABLE_ROW);
	struct dc_node *cell = S_open(&t, DC_TABLE_CELL);
	if (cell)
		cell->as.cell.header = true;
	S_text(&t, "Head");
	S_close(&t, DC_TABLE_CELL);
	S_open(&t, DC_TABLE_CELL);
	S_text(&t, "Cell");
	S_close(&t, DC_TABLE_CELL);
	S_close(&t, DC_TABLE_ROW);
	S_close(&t, DC_TABLE);
	S_open(&t, DC_FIGURE);
	S_open(&t, DC_CAPTION);
	S_text(&t, "A figure");
	S_close(&t, DC_CAPTION);
	struct dc_node *img = S_open(&t, DC_IMAGE);
	if (img)
		img->as.link.url = "picture.png";
	S_text(&t, "alt text");
	S_close(&t, DC_IMAGE);
	S_close(&t, DC_FIGURE);
	CHECK_INT(dc_build_leaf(&t.b, DC_THEMATIC_BREAK, NULL, 0, 1, 1, NULL),
		  DC_OK);
	CHECK_INT(dc_build_leaf(&t.b, DC_PAGE_BREAK, NULL, 0, 1, 1, NULL),
		  DC_OK);
	CHECK_INT(dc_build_leaf(&t.b, DC_RAW_BLOCK, "x", 1, 1, 1, NULL), DC_OK);
	CHECK_INT(dc_build_leaf(&t.b, DC_CODE_BLOCK, "a\n\tb\n", 5, 1, 1,
				NULL), DC_OK);
	unsigned warnings = 0;
	size_t len;
	char *pdf = S_pdf(&t, &warnings, &len);
	CHECK(pdf && strncmp(pdf, "%PDF-", 5) == 0);
	CHECK_INT(S_count(pdf, len, "/Type /Page\012"), 2);  /* the page break */
	free(pdf);
	dc_doc_free(t.doc);
}

static void test_empty(void)
{
	struct build t;
	if (!S_start(&t))
		return;
	unsigned warnings = 0;
	size_t len;
	char *pdf = S_pdf(&t, &warnings, &len);
	CHECK(pdf && strncmp(pdf, "%PDF-", 5) == 0);
	CHECK_INT(S_count(pdf, len, "/Type /Page\012"), 1);
	CHECK_INT(warnings, 0);
	free(pdf);
	dc_doc_free(t.doc);
}

/* A flag (two regional indicators) is typeset, not an abort inside
 * libunibreak, and its two halves stay on one line. */
static void test_flag(void)
{
	struct build t;
	if (!S_start(&t))
		return;
	S_open(&t, DC_PARAGRAPH);
	S_text(&t, "Vive la France \xF0\x9F\x87\xAB\xF0\x9F\x87\xB7 !");
	S_close(&t, DC_PARAGRAPH);
	unsigned warnings = 0;
	size_t len;
	char *pdf = S_pdf(&t, &warnings, &len);
	CHECK(pdf && strncmp(pdf, "%PDF-", 5) == 0);
	free(pdf);
	dc_doc_free(t.doc);
}

/* The hyphenation points of WORD, as "hy-phen-ation". */
static void S_points(struct pdf_hyphenator *h, const char *word, char *out)
{
	bool breaks[64] = {false};
	size_t len = strlen(word);
	pdf_hyphenate(h, word, len, breaks);
	for (size_t i = 0; i < len; i++) {
		*out++ = word[i];
		if (breaks[i])
			*out++ = '-';
	}
	*out = '\0';
}

static void test_hyphenation(void)
{
	struct dc_diag diag;
	dc_diag_init(&diag, "test", NULL);
	struct pdf_hyphenator *h = pdf_hyphenator_open("en-US", &diag);
	CHECK(h != NULL);
	char out[128];
	S_points(h, "hyphenation", out);
	CHECK_STR(out, "hy-phen-ation");
	S_points(h, "development", out);
	CHECK_STR(out, "de-vel-op-ment");
	/* Not words to hyphenate: capitals, digits, short ones. */
	S_points(h, "Shanghai", out);
	CHECK_STR(out, "Shanghai");
	S_points(h, "abc123def", out);
	CHECK_STR(out, "abc123def");
	S_points(h, "area", out);
	CHECK_STR(out, "area");
	/* A word seen before gets its points from the hyphenator's table:
	 * the same ones, the last bits of a long word's included. */
	S_points(h, "hyphenation", out);
	CHECK_STR(out, "hy-phen-ation");
	S_points(h, "development", out);
	CHECK_STR(out, "de-vel-op-ment");
	static const char *const seen[] = {
		"antidisestablishmentarianism",
		"pneumonoultramicroscopicsilicovolcanoconiosisandmoreletters"};
	for (size_t i = 0; i < sizeof seen / sizeof *seen; i++) {
		char first[128];
		S_points(h, seen[i], first);  /* from libhyphen */
		S_points(h, seen[i], out);    /* from the table */
		CHECK_STR(out, first);
		CHECK(strlen(first) > strlen(seen[i]));
	}
	pdf_hyphenator_close(h);
	/* A language without patterns: a warning, and no hyphenation. */
	CHECK(pdf_hyphenator_open("xx", &diag) == NULL);
	CHECK_INT(diag.warnings, 1);
	CHECK_INT(diag.error.status, DC_OK);
}

/* Total fit on real text, on several measures: no line overfull, every
 * line but the last within the tolerance, never three hyphenated lines
 * in a row, and every character set. */
static void test_total_fit(void)
{
	static const char text[] =
		"Since the 18th National Congress of the Communist Party of "
		"China, Xi Jinping has delivered a series of important speeches "
		"and instructions on the integrated development of the Yangtze "
		"River Delta, providing fundamental guidance and pointing out key "
		"tasks, methods, and paths for the region\xE2\x80\x99s "
		"development. The Yangtze River Delta is seen as a model area for "
		"high-quality development, a new highland for reform and opening "
		"up, and a demonstration area for regional integrated "
		"development.";
	struct dc_diag diag;
	dc_diag_init(&diag, "test", NULL);
	HPDF_Doc pdf = HPDF_New(NULL, NULL);
	struct pdf_fonts *fonts = NULL;
	CHECK(pdf && HPDF_UseUTFEncodings(pdf) == HPDF_OK);
	CHECK_INT(pdf_fonts_open(&fonts, pdf, NULL, NULL, &diag), DC_OK);
	struct pdf_para para = {.hyph = pdf_hyphenator_open("en", &diag)};
	struct pdf_style_state st = {.family = PDF_BODY, .size = 11,
				     .link = -1, .hyphenate = true};
	CHECK(fonts && pdf_para_text(&para, fonts, &st, text, strlen(text)));
	for (double measure = 150; measure <= 450 && fonts; measure += 60) {
		struct pdf_line *lines = NULL;
		size_t n = 0;
		CHECK(pdf_break_lines(&para, fonts, measure, measure, &lines,
				      &n));
		int run = 0;
		size_t drawn = 0;
		for (size_t i = 0; i < n; i++) {
			CHECK(lines[i].ratio >= -1);
			/* On a measure of 270 pt (some 50 characters), the
			 * first passes find breaks within the tolerance;
			 * narrower ones may need the last resort. */
			if (i + 1 < n && measure >= 270)
				CHECK(lines[i].ratio <= 2.0);
			size_t end = lines[i].end;
			bool hyphen = end < para.n_items &&
				      para.items[end].flagged;
			run = hyphen ? run + 1 : 0;
			CHECK(run <= 2);
			for (size_t k = lines[i].first; k < end; k++)
				drawn += para.items[k].kind == PDF_BOX
						 ? para.items[k].len : 0;
		}
		/* Every character of every word is on some line. */
		size_t words = 0;
		for (size_t k = 0; k < para.n_items; k++)
			words += para.items[k].kind == PDF_BOX
					 ? para.items[k].len : 0;
		CHECK_INT(drawn, words);
		free(lines);
	}
	pdf_hyphenator_close(para.hyph);
	pdf_para_free(&para);
	if (fonts)
		pdf_fonts_close(fonts);
	HPDF_Free(pdf);
}

/* A paragraph set in the body face for the breaker's tests. */
struct setting {
	struct dc_diag diag;
	HPDF_Doc pdf;
	struct pdf_fonts *fonts;
	struct pdf_para para;
};

static bool S_setting_open(struct setting *s, const char *text)
{
	*s = (struct setting){.pdf = HPDF_New(NULL, NULL)};
	dc_diag_init(&s->diag, "test", NULL);
	CHECK(s->pdf && HPDF_UseUTFEncodings(s->pdf) == HPDF_OK);
	CHECK_INT(pdf_fonts_open(&s->fonts, s->pdf, NULL, NULL, &s->diag),
		  DC_OK);
	s->para.hyph = pdf_hyphenator_open("en", &s->diag);
	struct pdf_style_state st = {.family = PDF_BODY, .size = 11,
				     .link = -1, .hyphenate = true};
	bool ok = s->fonts && s->para.hyph &&
		  pdf_para_text(&s->para, s->fonts, &st, text, strlen(text));
	CHECK(ok);
	return ok;
}

static void S_setting_close(struct setting *s)
{
	pdf_hyphenator_close(s->para.hyph);
	pdf_para_free(&s->para);
	if (s->fonts)
		pdf_fonts_close(s->fonts);
	HPDF_Free(s->pdf);
}

/* Whether LINE of PARA ends hyphenated: at a hyphen the breaker added,
 * or after a hyphen or dash inside a word, seen in the text itself. */
static bool S_ends_hyphenated(const struct pdf_para *para,
			      const struct pdf_line *line)
{
	if (line->end >= para->n_items ||
	    para->items[line->end].kind != PDF_PENALTY ||
	    line->end == line->first)
		return false;
	if (para->items[line->end].hyphenation)
		return true;
	const struct pdf_item *box = &para->items[line->end - 1];
	const char *end = para->text.data + box->text + box->len;
	return box->kind == PDF_BOX &&
	       ((box->len >= 1 && end[-1] == '-') ||
		(box->len >= 3 && (memcmp(end - 3, "\xE2\x80\x93", 3) == 0 ||
				   memcmp(end - 3, "\xE2\x80\x94", 3) == 0)));
}

/* Whether the breaker set all N LINES within its tolerance (a stretch
 * ratio of 2), not by its last resort, which takes any line. */
static bool S_within_tolerance(const struct pdf_line *lines, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		if (lines[i].ratio > 2.0)
			return false;
	return true;
}

/* How many lines of PARA end at a point the hyphenator found. */
static size_t S_hyphenations(const struct pdf_para *para,
			     const struct pdf_line *lines, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		count += lines[i].end < para->n_items &&
			 para->items[lines[i].end].hyphenation;
	return count;
}

/* Prose that sets on the reference page's measure (A4 less 25 mm on
 * each side) without a hyphen is not hyphenated; on a narrow measure,
 * where it cannot be set well without, it is. */
static void test_no_needless_hyphens(void)
{
	static const char text[] =
		"General Secretary Xi Jinping has shown strong commitment to "
		"the integrated development of the Yangtze River Delta, "
		"China\xE2\x80\x99s most economically active, open, and "
		"innovative region. The region, which accounts for 4% of the "
		"country\xE2\x80\x99s land area and generates nearly a quarter "
		"of the country\xE2\x80\x99s total economic output, was "
		"elevated to a national strategy in 2018 by Xi Jinping, "
		"injecting strong momentum into its development.";
	struct setting s;
	if (!S_setting_open(&s, text)) {
		S_setting_close(&s);
		return;
	}
	struct pdf_line *lines = NULL;
	size_t n = 0;
	double a4 = 595.28 - 2 * 72 * 25 / 25.4;
	size_t items = s.para.n_items, words = s.para.n_words;
	CHECK(words > 0);
	CHECK(pdf_break_lines(&s.para, s.fonts, a4, a4, &lines, &n));
	CHECK(n > 3);
	CHECK_INT(S_hyphenations(&s.para, lines, n), 0);
	for (size_t i = 0; i + 1 < n; i++)
		CHECK(lines[i].ratio <= 1.0);
	free(lines);
	/* Not even looked up: the words are as they were. */
	CHECK_INT(s.para.n_items, items);
	CHECK_INT(s.para.n_words, words);
	size_t hyphenated = 0;
	for (double measure = 120; measure < 200; measure += 10) {
		CHECK(pdf_break_lines(&s.para, s.fonts, measure, measure,
				      &lines, &n));
		hyphenated += S_hyphenations(&s.para, lines, n);
		free(lines);
	}
	CHECK(hyphenated > 0);
	CHECK(s.para.n_items > items);
	CHECK_INT(s.para.n_words, 0);
	/* Split, the boxes still hold all the text, each byte once. */
	size_t at = 0;
	for (size_t k = 0; k < s.para.n_items; k++) {
		const struct pdf_item *it = &s.para.items[k];
		if (it->kind == PDF_PENALTY)
			continue;
		CHECK_INT(it->text, at);
		at = it->text + it->len;
	}
	CHECK_INT(at, s.para.text.len);
	S_setting_close(&s);
}

/* Compounds and dashes: on no measure are three lines in a row
 * hyphenated, counting those ending after a hyphen or a dash of the
 * text as TeX does. */
static void test_hyphen_runs(void)
{
	static const char text[] =
		"A well-known, state-of-the-art and long-term plan for "
		"self-reliant, high-quality, twenty-first-century growth "
		"\xE2\x80\x94 cross-border, market-oriented and "
		"people-centred \xE2\x80\x94 was co-ordinated region-wide by "
		"forward-looking, hard-working, open-minded officials in "
		"middle-income, fast-growing river-delta cities of "
		"one-of-a-kind, ever-changing, world-class up-to-date "
		"industries.";
	struct setting s;
	if (!S_setting_open(&s, text)) {
		S_setting_close(&s);
		return;
	}
	for (double measure = 300; measure <= 460; measure += 1) {
		struct pdf_line *lines = NULL;
		size_t n = 0;
		CHECK(pdf_break_lines(&s.para, s.fonts, measure, measure,
				      &lines, &n));
		int run = 0;
		for (size_t i = 0; i < n; i++) {
			run = S_ends_hyphenated(&s.para, &lines[i]) ? run + 1
								     : 0;
			CHECK(run <= 2);
		}
		free(lines);
	}
	S_setting_close(&s);
}

/* Set S's paragraph with its glyphs as they are (no font expansion). */
static void S_expansion_off(struct setting *s)
{
	for (size_t k = 0; k < s->para.n_items; k++)
		s->para.items[k].expands = false;
}

/* The lines of S's paragraph on MEASURE; *N of them. */
static struct pdf_line *S_set(struct setting *s, double measure, size_t *n)
{
	struct pdf_line *lines = NULL;
	*n = 0;
	CHECK(pdf_break_lines(&s->para, s->fonts, measure, measure, &lines,
			      n));
	return lines;
}

static const char congress[] =
	"Since the 18th National Congress of the Communist Party of China, "
	"Xi Jinping has delivered a series of important speeches and "
	"instructions on the integrated development of the Yangtze River "
	"Delta, providing fundamental guidance and pointing out key tasks, "
	"methods, and paths for the region\xE2\x80\x99s development.";

/* The line before the last is not hyphenated (its word's tail would
 * stand alone on the last line) when another way is almost as good: on
 * these measures the paragraph is hyphenated, and was at its line before
 * the last when that cost no more than any other hyphen.  (With font
 * expansion these measures need no hyphen at all: it is off.) */
static void test_final_hyphen(void)
{
	struct setting s;
	if (!S_setting_open(&s, congress)) {
		S_setting_close(&s);
		return;
	}
	S_expansion_off(&s);
	for (double measure = 426; measure <= 430; measure += 1) {
		size_t n;
		struct pdf_line *lines = S_set(&s, measure, &n);
		CHECK(n >= 2 && S_within_tolerance(lines, n));
		CHECK(S_hyphenations(&s.para, lines, n) > 0);
		CHECK(n >= 2 && !S_ends_hyphenated(&s.para, &lines[n - 2]));
		free(lines);
	}
	S_setting_close(&s);
}

/* The fitness class of a line of ratio R: 0 tight .. 3 very loose. */
static int S_fitness_class(double r)
{
	return r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1 ? 2 : 3;
}

/* How many lines of N (the last aside, which is not stretched) are of a
 * fitness class more than one from the line before's. */
static size_t S_fitness_jumps(const struct pdf_line *lines, size_t n)
{
	size_t jumps = 0;
	for (size_t i = 0; i + 2 < n; i++)
		jumps += abs(S_fitness_class(lines[i].ratio) -
			     S_fitness_class(lines[i + 1].ratio)) > 1;
	return jumps;
}

/* A tight line is not set next to a loose one when a way without costs
 * little more: on these measures the paragraph was set with such a jump
 * when it cost little (adjdemerits 100 where TeX's is 10,000). */
static void test_fitness_spread(void)
{
	static const char text[] =
		"In recent years, the region has made significant progress in "
		"the innovation and technology sectors. The G60 Science and "
		"Technology Innovation Corridor, which originated in Shanghai, "
		"has expanded its geographical space and increased the number "
		"of high-tech enterprises in the region, positioning itself as "
		"a leading center for innovation and collaboration. At every "
		"important stage and key link, General Secretary Xi Jinping has "
		"personally taken the lead and promoted the integrated "
		"development of the Yangtze River Delta in depth, further "
		"solidifying the region\xE2\x80\x99s position as a key driver "
		"of China\xE2\x80\x99s economic and social development.";
	struct setting s;
	if (!S_setting_open(&s, text)) {
		S_setting_close(&s);
		return;
	}
	static const double measures[] = {362, 363, 364, 370, 399, 428};
	for (size_t i = 0; i < sizeof measures / sizeof measures[0]; i++) {
		size_t n;
		struct pdf_line *lines = S_set(&s, measures[i], &n);
		CHECK(S_within_tolerance(lines, n));
		CHECK_INT(S_fitness_jumps(lines, n), 0);
		free(lines);
	}
	S_setting_close(&s);
}

/* A 2x1 PNG (one red, one blue pixel). */
/* The variance of the space ratios of N LINES, the last (not
 * stretched) aside. */
static double S_ratio_spread(const struct pdf_line *lines, size_t n)
{
	double sum = 0, squares = 0;
	for (size_t i = 0; i + 1 < n; i++) {
		sum += lines[i].ratio;
		squares += lines[i].ratio * lines[i].ratio;
	}
	if (n < 3)
		return 0;
	double mean = sum / (double)(n - 1);
	return squares / (double)(n - 1) - mean * mean;
}

/* Whether LINE of PARA, a hyphen at its end included, is drawn MEASURE
 * wide. */
static bool S_flush(const struct pdf_para *para, const struct pdf_line *line,
		    double measure)
{
	double w = pdf_line_drawn_width(para, line);
	if (line->end < para->n_items &&
	    para->items[line->end].kind == PDF_PENALTY)
		w += pdf_item_drawn_width(line, &para->items[line->end]);
	return w > measure - 0.01 && w < measure + 0.01;
}

/* Font expansion: glyphs scaled within the limit, in whole steps, take
 * up part of each line's slack, so the spaces of the lines differ less
 * than when only they are stretched, and the lines still end flush. */
static void test_font_expansion(void)
{
	struct setting s;
	if (!S_setting_open(&s, congress)) {
		S_setting_close(&s);
		return;
	}
	/* The items as they stay: with the hyphenation points the narrow
	 * measures need, which the breaker would put in. */
	CHECK(pdf_para_hyphenate(&s.para));
	bool *expands = malloc(s.para.n_items * sizeof *expands);
	CHECK(expands != NULL);
	double with = 0, without = 0;
	for (double measure = 240; expands && measure <= 450; measure += 15) {
		size_t n;
		struct pdf_line *lines = S_set(&s, measure, &n);
		for (size_t i = 0; i < n; i++) {
			CHECK(abs(lines[i].expand) <= PDF_EXPAND_LIMIT);
			CHECK_INT(lines[i].expand % PDF_EXPAND_STEP, 0);
			/* A line left underfull, or with no space (a
			 * word alone before a hyphenated one), aside. */
			bool spaced = lines[i].ratio != 0 &&
				      lines[i].ratio > -1 &&
				      lines[i].ratio < 5;
			if (i + 1 < n && spaced)
				CHECK(S_flush(&s.para, &lines[i], measure));
		}
		with += S_ratio_spread(lines, n);
		free(lines);
		for (size_t k = 0; k < s.para.n_items; k++) {
			expands[k] = s.para.items[k].expands;
			s.para.items[k].expands = false;
		}
		lines = S_set(&s, measure, &n);
		for (size_t i = 0; i < n; i++)
			CHECK_INT(lines[i].expand, 0);
		without += S_ratio_spread(lines, n);
		free(lines);
		for (size_t k = 0; k < s.para.n_items; k++)
			s.para.items[k].expands = expands[k];
	}
	CHECK(with < without * 0.8);
	free(expands);
	S_setting_close(&s);
}

static const unsigned char tiny_png[] = {
	0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D,
	0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01,
	0x08, 0x02, 0x00, 0x00, 0x00, 0x7B, 0x40, 0xE8, 0xDD, 0x00, 0x00, 0x00,
	0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0x00, 0x04,
	0xFF, 0x01, 0x07, 0x00, 0x01, 0xFF, 0xE2, 0x23, 0x9E, 0x59, 0x00, 0x00,
	0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};

/* A figure with a real PNG is drawn as an image XObject; a missing one and
 * one that is not an image give a warning each and a frame. */
static void test_images(void)
{
	char png[] = "/tmp/docconv-test-XXXXXX";
	int fd = mkstemp(png);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK(write(fd, tiny_png, sizeof tiny_png) == (ssize_t)sizeof tiny_png);
	close(fd);
	char text[] = "/tmp/docconv-test-XXXXXX";
	fd = mkstemp(text);
	CHECK(fd >= 0 && write(fd, "not an image\n", 13) == 13);
	if (fd >= 0)
		close(fd);
	struct build t;
	if (!S_start(&t))
		return;
	const char *urls[] = {png, "/no/such/image.png", text};
	for (size_t i = 0; i < 3; i++) {
		S_open(&t, DC_FIGURE);
		struct dc_node *img = S_open(&t, DC_IMAGE);
		if (img)
			img->as.link.url = urls[i];
		S_text(&t, "alt text");
		S_close(&t, DC_IMAGE);
		S_close(&t, DC_FIGURE);
	}
	unsigned warnings = 0;
	size_t len;
	char *pdf = S_pdf(&t, &warnings, &len);
	CHECK_INT(S_count(pdf, len, "/Subtype /Image"), 1);
	CHECK_INT(warnings, 2);
	/* The alt text of a drawn image is not set as text. */
	CHECK_INT(S_count(pdf, len, "alt text"), 0);
	free(pdf);
	dc_doc_free(t.doc);
	unlink(png);
	unlink(text);
}

/* A note of ROWS rows, each LEADING high under a first row of ASCENT. */
static struct pdf_note *S_note(size_t rows, double ascent, double leading)
{
	struct pdf_note *note = pdf_note_new(1000);
	CHECK(note != NULL);
	for (size_t r = 0; note && r < rows; r++)
		CHECK(pdf_note_row(note, 1000 - ascent - (double)r * leading));
	if (note) {
		note->depth = 2;
		CHECK(pdf_note_close(note));
	}
	return note;
}

/* The foot's arithmetic: heights, which rows fit, the split. */
static void test_foot(void)
{
	struct pdf_foot_style style = {.sep = 10, .gap = 3};
	struct pdf_note *a = S_note(2, 8, 10), *b = S_note(5, 8, 10);
	if (!a || !b)
		return;
	struct pdf_foot foot = {0}, later = {0};
	CHECK(pdf_foot_height(&foot, &style) == 0);
	struct pdf_foot_part parts[] = {{.note = a, .from = 0, .to = 2},
					{.note = b, .from = 0, .to = 5}};
	/* a: 10 + 8 + 10, and 2 below = 30; b after it: 3 + 8 + 4 * 10. */
	CHECK_INT(pdf_foot_fitting(&foot, parts, 2, 29.9, &style), 1);
	CHECK_INT(pdf_foot_fitting(&foot, parts, 2, 30, &style), 2);
	CHECK_INT(pdf_foot_fitting(&foot, parts, 2, 30 + 11 + 20, &style), 5);
	CHECK_INT(pdf_foot_fitting(&foot, parts, 2, 30 + 11 + 19.9, &style), 4);
	CHECK_INT(pdf_foot_fitting(&foot, parts, 2, 1000, &style), 7);
	CHECK_INT(pdf_foot_rows(parts, 2), 7);
	CHECK(pdf_foot_take(&foot, &later, parts, 2, 4));
	CHECK_INT(foot.n, 2);
	CHECK_INT(later.n, 1);
	if (foot.n == 2 && later.n == 1) {
		CHECK_INT(foot.parts[1].to, 2);
		CHECK_INT(later.parts[0].from, 2);
		CHECK_INT(later.parts[0].to, 5);
	}
	CHECK(pdf_foot_height(&foot, &style) == 30 + 11 + 10);
	/* The rest alone on a page: its first row is a whole leading. */
	struct pdf_foot next = {0};
	CHECK(pdf_foot_take(&next, &foot, later.parts, later.n, 3));
	CHECK(pdf_foot_height(&next, &style) == 10 + 30 + 2);
	pdf_foot_free(&foot);
	pdf_foot_free(&later);
	pdf_foot_free(&next);
	pdf_note_free(a);
	pdf_note_free(b);
}

/* A line copied out of its paragraph draws the same text. */
static void test_para_slice(void)
{
	struct dc_diag diag;
	dc_diag_init(&diag, "test", NULL);
	HPDF_Doc pdf = HPDF_New(NULL, NULL);
	struct pdf_fonts *fonts = NULL;
	CHECK(pdf && HPDF_UseUTFEncodings(pdf) == HPDF_OK);
	CHECK_INT(pdf_fonts_open(&fonts, pdf, NULL, NULL, &diag), DC_OK);
	struct pdf_para para = {0}, copy = {0};
	struct pdf_style_state st = {.family = PDF_BODY, .size = 10,
				     .link = -1};
	const char text[] = "one two three four five six seven";
	struct pdf_line *lines = NULL;
	size_t n = 0;
	CHECK(fonts && pdf_para_text(&para, fonts, &st, text, strlen(text)));
	CHECK(pdf_para_link(&para, "https://example.org/", NULL) == 0);
	CHECK(fonts && pdf_break_lines(&para, fonts, 60, 60, &lines, &n));
	CHECK(n > 2);
	struct pdf_line line;
	if (n > 2 && pdf_para_slice(&copy, &para, &lines[1], &line)) {
		CHECK_INT(line.first, 0);
		CHECK_INT(line.end, lines[1].end - lines[1].first);
		CHECK(line.end < copy.n_items);  /* the break after it */
		CHECK_INT(copy.n_links, 1);
		const struct pdf_item *first = &copy.items[0];
		const struct pdf_item *orig = &para.items[lines[1].first];
		CHECK_INT(first->len, orig->len);
		CHECK(memcmp(copy.text.data + first->text,
			     para.text.data + orig->text, orig->len) == 0);
		CHECK(copy.ascent == para.ascent);
	} else {
		CHECK(!"pdf_para_slice");
	}
	free(lines);
	pdf_para_free(&copy);
	pdf_para_free(&para);
	if (fonts)
		pdf_fonts_close(fonts);
	HPDF_Free(pdf);
}

/* A note cited twice is set once: two references link to it, its number
 * links back; a note never cited and a reference to no note are warned
 * about. */
static void test_footnotes(void)
{
	struct build t;
	if (!S_start(&t))
		return;
	S_open(&t, DC_PARAGRAPH);
	const char *labels[] = {"a", "a", "none"};
	for (size_t i = 0; i < 3; i++) {
		S_text(&t, "Cited");
		struct dc_node *ref;
		CHECK_INT(dc_build_leaf(&t.b, DC_FOOTNOTE_REF, NULL, 0, 1, 1,
					&ref), DC_OK);
		if (ref)
			ref->as.note.label = labels[i];
		S_text(&t, ". ");
	}
	S_close(&t, DC_PARAGRAPH);
	const char *notes[] = {"a", "spare"};
	for (size_t i = 0; i < 2; i++) {
		struct dc_node *note = S_open(&t, DC_FOOTNOTE);
		if (note)
			note->as.note.label = notes[i];
		S_open(&t, DC_PARAGRAPH);
		S_text(&t, "The note.");
		S_close(&t, DC_PARAGRAPH);
		S_close(&t, DC_FOOTNOTE);
	}
	unsigned warnings = 0;
	size_t len;
	char *pdf = S_pdf(&t, &warnings, &len);
	CHECK_INT(S_count(pdf, len, "/Subtype /Link"), 3);
	CHECK_INT(S_count(pdf, len, "/Type /Page\012"), 1);
	CHECK_INT(warnings, 2);
	free(pdf);
	dc_doc_free(t.doc);
}

/* Headings' depths in the outline and their numbers: a chapter's or a
 * section's first child counts (a level skipped is no level), a heading
 * elsewhere (in a list) not. */
static void test_heading_numbers(void)
{
	struct build t;
	if (!S_start(&t))
		return;
	static const int levels[] = {1, 2, 2, 3, 1, 3};
	for (size_t i = 0; i < 6; i++) {
		struct dc_node *h = S_open(&t, DC_HEADING);
		if (h)
			h->as.heading.level = levels[i];
		S_text(&t, "Title");
		S_close(&t, DC_HEADING);
	}
	S_open(&t, DC_BULLET_LIST);
	S_open(&t, DC_LIST_ITEM);
	struct dc_node *stray = S_open(&t, DC_HEADING);
	S_text(&t, "In a list");
	S_close(&t, DC_HEADING);
	S_close(&t, DC_LIST_ITEM);
	S_close(&t, DC_BULLET_LIST);
	CHECK_INT(dc_builder_finish(&t.b), DC_OK);
	CHECK_INT(dc_sectionize(t.doc, t.doc->root, &t.diag), DC_OK);
	static const char *const want[] = {"1 ", "1.1 ", "1.2 ", "1.2.1 ",
					   "2 ", "2.1 "};
	int numbers[PDF_MAX_DEPTH] = {0};
	size_t k = 0;
	struct dc_iter it;
	const struct dc_node *n;
	dc_iter_init(&it, t.doc->root);
	while (dc_iter_next(&it, &n) != DC_EV_DONE) {
		if (it.event != DC_EV_ENTER || n->kind != DC_HEADING ||
		    n == stray)
			continue;
		int depth = pdf_heading_depth(n);
		char number[64];
		CHECK(depth > 0);
		if (depth <= 0 || k >= 6)
			break;
		pdf_section_number(numbers, depth, number, sizeof number);
		CHECK_STR(number, want[k]);
		k++;
	}
	CHECK_INT(k, 6);
	if (stray)
		CHECK_INT(pdf_heading_depth(stray), 0);
	dc_doc_free(t.doc);
}

/* LEN bytes of S, read 4096 at a time from where it is, equal DATA. */
static void S_check_read(HPDF_Stream s, const unsigned char *data,
			 size_t len)
{
	unsigned char buf[4096];
	size_t got = 0;
	HPDF_STATUS st = HPDF_OK;
	while (st == HPDF_OK) {
		HPDF_UINT n = sizeof buf;
		st = HPDF_Stream_Read(s, buf, &n);
		CHECK(got + n <= len);
		if (got + n > len)
			return;
		CHECK(memcmp(buf, data + got, n) == 0);
		got += n;
	}
	CHECK_INT(st, HPDF_STREAM_EOF);
	CHECK_INT(got, len);
}

/* A page's stream kept in the spill file reads back whole, from any
 * place, beside others; without a spill file, from memory. */
static void test_spill(void)
{
	HPDF_Doc pdf = HPDF_New(NULL, NULL);
	struct dc_spill *spill = dc_spill_open();
	CHECK(pdf != NULL);
	CHECK(spill != NULL);
	if (!pdf || !spill)
		return;
	static unsigned char data[10000];
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (unsigned char)(i * 7 + i / 256);
	struct pdf_spilled *slots[3] = {0};
	HPDF_Stream before = pdf_spill_stream(pdf->mmgr, &slots[0]);
	HPDF_Stream s = pdf_spill_stream(pdf->mmgr, &slots[1]);
	HPDF_Stream kept = pdf_spill_stream(pdf->mmgr, &slots[2]);
	CHECK(before && s && kept);
	if (before && s && kept) {
		CHECK(pdf_spill_put(spill, slots[0], "ab", 2));
		CHECK(pdf_spill_put(spill, slots[1], data, sizeof data));
		CHECK(pdf_spill_put(NULL, slots[2], data, 100));
		CHECK_INT(HPDF_Stream_Size(s), sizeof data);
		S_check_read(before, (const unsigned char *)"ab", 2);
		S_check_read(s, data, sizeof data);
		CHECK_INT(HPDF_Stream_Seek(s, 9990, HPDF_SEEK_SET), HPDF_OK);
		S_check_read(s, data + 9990, 10);
		CHECK_INT(HPDF_Stream_Seek(s, 0, HPDF_SEEK_SET), HPDF_OK);
		S_check_read(s, data, sizeof data);
		S_check_read(kept, data, 100);
	}
	HPDF_Stream_Free(before);
	HPDF_Stream_Free(s);
	HPDF_Stream_Free(kept);
	HPDF_Free(pdf);
	dc_spill_close(spill);
}

static const struct dc_test tests[] = {
	{.name = "spill", .run = test_spill},
	{.name = "heading_numbers", .run = test_heading_numbers},
	{.name = "foot", .run = test_foot},
	{.name = "para_slice", .run = test_para_slice},
	{.name = "footnotes", .run = test_footnotes},
	{.name = "images", .run = test_images},
	{.name = "hyphenation", .run = test_hyphenation},
	{.name = "total_fit", .run = test_total_fit},
	{.name = "no_needless_hyphens", .run = test_no_needless_hyphens},
	{.name = "hyphen_runs", .run = test_hyphen_runs},
	{.name = "final_hyphen", .run = test_final_hyphen},
	{.name = "fitness_spread", .run = test_fitness_spread},
	{.name = "font_expansion", .run = test_font_expansion},
	{.name = "xrefs", .run = test_xrefs},
	{.name = "every_kind", .run = test_every_kind},
	{.name = "empty", .run = test_empty},
	{.name = "flag", .run = test_flag},
	{0},
};

const struct dc_suite dc_suite_pdf = {.name = "pdf", .tests = tests};
