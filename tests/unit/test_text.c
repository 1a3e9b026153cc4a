/* The plain-text reader: edge cases of each convention of docconv(5) that
 * the fixtures do not show, hostile inputs and --strict.  Most checks
 * compare the ast writer's output, which shows kinds, attributes,
 * positions and literals at once. */
#include "harness.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "iter.h"
#include "sectionize.h"

/* SRC read as text and written as ast (malloc'd; NULL on failure); the
 * warnings are counted in *WARNINGS (if not NULL), not printed.  KEPT:
 * SRC's bytes kept, as a conversion keeps its input. */
static char *S_ast_read(const char *src, size_t len, bool kept,
			unsigned *warnings)
{
	struct dc_diag diag;
	dc_diag_init(&diag, "test", NULL);
	struct dc_doc *doc =
		kept ? dc_test_read_halves("text", src, len, 0, &diag)
		     : dc_test_read_len("text", src, len, &diag);
	char *ast = doc ? dc_test_write("ast", doc) : NULL;
	if (warnings)
		*warnings = diag.warnings;
	dc_doc_free(doc);
	return ast;
}

static char *S_ast_len(const char *src, size_t len, unsigned *warnings)
{
	return S_ast_read(src, len, false, warnings);
}

static char *S_ast(const char *src, unsigned *warnings)
{
	return S_ast_len(src, strlen(src), warnings);
}

/* Check that SRC reads, without a warning, into the ast WANT. */
#define CHECK_AST(src, want)                                               \
	do {                                                               \
		unsigned ast_warnings_ = 0;                                \
		char *ast_ = S_ast((src), &ast_warnings_);                 \
		CHECK_STR(ast_, (want));                                   \
		CHECK_INT(ast_warnings_, 0);                               \
		free(ast_);                                                \
	} while (0)

#define DOC "meta\ndocument\n"

/* ---- Metadata header ---- */

static void test_header_keys(void)
{
	/* Keys are case-insensitive; a repeated key replaces the value,
	 * except authors, which accumulate; aliases name one field. */
	CHECK_AST("TITLE: One\ntitle: Two\nAuthor: A\nauthor: B\n"
		  "Lang: fr\nCover-Image: c.png\nPublisher: P\n"
		  "Identifier: urn:x\nSubject: S\n",
		  "meta title=\"Two\" author=\"A\" author=\"B\" lang=\"fr\" "
		  "subject=\"S\" identifier=\"urn:x\" publisher=\"P\" "
		  "cover=\"c.png\"\ndocument\n");
	/* An empty value, filled by a continuation line; empty authors
	 * between semicolons are skipped; a value with no space after the
	 * colon. */
	CHECK_AST("Title:\n  Late\nAuthor: ;A;; B ;\nDate:2024\n\nBody\n",
		  "meta title=\"Late\" author=\"A\" author=\"B\" "
		  "date=\"2024\"\ndocument\n  paragraph @6:1\n"
		  "    text @6:1 \"Body\"\n");
	/* A key alone, with no value at all, sets nothing. */
	CHECK_AST("Subtitle:\n\nx\n",
		  DOC "  paragraph @3:1\n    text @3:1 \"x\"\n");
}

static void test_header_not_a_header(void)
{
	/* One line that is not a key line makes the block body text. */
	CHECK_AST("Title: T\nplain\n",
		  DOC "  paragraph @1:1\n    text @1:1 \"Title: T\"\n"
		  "    soft_break @1:9\n    text @2:1 \"plain\"\n");
	/* A continuation line cannot come first. */
	CHECK_AST(" Title: T\n",
		  DOC "  paragraph @1:2\n    text @1:2 \"Title: T\"\n");
	/* A space before the colon: not a key. */
	CHECK_AST("Title : T\n",
		  DOC "  paragraph @1:1\n    text @1:1 \"Title : T\"\n");
	/* A page break is not part of a header. */
	CHECK_AST("Title: T\n\f\n",
		  DOC "  paragraph @1:1\n    text @1:1 \"Title: T\"\n"
		  "  page_break @2:1\n");
	/* A header needs no body. */
	CHECK_AST("Title: T", "meta title=\"T\"\ndocument\n");
}

static void test_header_pandoc(void)
{
	/* A lone % skips a field; the date may have continuations. */
	CHECK_AST("%\n% A; B\n% May\n  2024\n",
		  "meta author=\"A\" author=\"B\" date=\"May 2024\"\n"
		  "document\n");
	/* A fourth % line: no title block. */
	CHECK_AST("% a\n% b\n% c\n% d\n",
		  DOC "  paragraph @1:1\n    text @1:1 \"% a\"\n"
		  "    soft_break @1:4\n    text @2:1 \"% b\"\n"
		  "    soft_break @2:4\n    text @3:1 \"% c\"\n"
		  "    soft_break @3:4\n    text @4:1 \"% d\"\n");
	/* "%" must be followed by white space. */
	CHECK_AST("%Title\n",
		  DOC "  paragraph @1:1\n    text @1:1 \"%Title\"\n");
	/* The styles do not mix: the first line decides. */
	CHECK_AST("% T\nDate: x\n",
		  DOC "  paragraph @1:1\n    text @1:1 \"% T\"\n"
		  "    soft_break @1:4\n    text @2:1 \"Date: x\"\n");
	CHECK_AST("Date: x\n% T\n",
		  DOC "  paragraph @1:1\n    text @1:1 \"Date: x\"\n"
		  "    soft_break @1:8\n    text @2:1 \"% T\"\n");
}

/* ---- Paragraphs and headings ---- */

static void test_paragraph_layout(void)
{
	/* Indentation (under 4 columns: a paragraph's first line) and
	 * trailing white space are dropped, columns count characters. */
	CHECK_AST("  \xC3\xA9t\xC3\xA9  x \t\n",
		  DOC "  paragraph @1:3\n    text @1:3 \"\xC3\xA9t\xC3\xA9  x\"\n");
	/* Non-ASCII white space is content. */
	CHECK_AST("\xC2\xA0x\xE3\x80\x80\n",
		  DOC "  paragraph @1:1\n"
		  "    text @1:1 \"\xC2\xA0x\xE3\x80\x80\"\n");
}

static void test_headings(void)
{
	/* Two characters are not an underline, nor is a mixed one, nor one
	 * with text after it. */
	CHECK_AST("T\n==\n",
		  DOC "  paragraph @1:1\n    text @1:1 \"T\"\n"
		  "    soft_break @1:2\n    text @2:1 \"==\"\n");
	CHECK_AST("T\n=-=\n",
		  DOC "  paragraph @1:1\n    text @1:1 \"T\"\n"
		  "    soft_break @1:2\n    text @2:1 \"=-=\"\n");
	CHECK_AST("T\n=== x\n",
		  DOC "  paragraph @1:1\n    text @1:1 \"T\"\n"
		  "    soft_break @1:2\n    text @2:1 \"=== x\"\n");
	/* A heading's text may look like a list item. */
	CHECK_AST("1. Intro\n--------\n",
		  DOC "  section @1:1\n    heading level=2 @1:1\n"
		  "      text @1:1 \"1. Intro\"\n");
	/* A preformatted line is no heading's text. */
	CHECK_AST("    code\n    ----\n",
		  DOC "  code_block @1:5 \"code\\n----\\n\"\n");
	/* A URL in a heading. */
	CHECK_AST("See http://a.b\n===\n",
		  DOC "  section @1:1\n    heading level=1 @1:1\n"
		  "      text @1:1 \"See \"\n"
		  "      link url=\"http://a.b\" @1:5\n"
		  "        text @1:5 \"http://a.b\"\n");
}

static void test_headings_and_lists(void)
{
	/* Inside an item, an underline is text... */
	CHECK_AST("- a\n\n  T\n  ---\n",
		  DOC "  bullet_list bullet=\"-\" @1:1\n    list_item @1:1\n"
		  "      paragraph @1:3\n        text @1:3 \"a\"\n"
		  "      paragraph @3:3\n        text @3:3 \"T\"\n"
		  "        soft_break @3:4\n        text @4:3 \"---\"\n");
	/* ...but a heading left of the items' text ends the list, even one
	 * that looks like an item. */
	CHECK_AST("- a\n\n1. T\n====\n",
		  DOC "  bullet_list bullet=\"-\" tight @1:1\n"
		  "    list_item @1:1\n      paragraph @1:3\n"
		  "        text @1:3 \"a\"\n  section @3:1\n"
		  "    heading level=1 @3:1\n      text @3:1 \"1. T\"\n");
}

/* ---- Lists ---- */

static void test_list_markers(void)
{
	/* A marker needs white space and text after it. */
	CHECK_AST("-\n", DOC "  paragraph @1:1\n    text @1:1 \"-\"\n");
	CHECK_AST("1.\n", DOC "  paragraph @1:1\n    text @1:1 \"1.\"\n");
	CHECK_AST("-x\n", DOC "  paragraph @1:1\n    text @1:1 \"-x\"\n");
	/* Ten digits are too many; "a." is not a marker. */
	CHECK_AST("1234567890. x\n",
		  DOC "  paragraph @1:1\n    text @1:1 \"1234567890. x\"\n");
	CHECK_AST("a. x\n", DOC "  paragraph @1:1\n    text @1:1 \"a. x\"\n");
	CHECK_AST("123456789) x\n",
		  DOC "  ordered_list start=123456789 style=\"decimal\" "
		  "delim=\")\" tight @1:1\n    list_item @1:1\n"
		  "      paragraph @1:12\n        text @1:12 \"x\"\n");
	/* A letter's index; • is recorded as '*'. */
	CHECK_AST("z) x\n\n\xE2\x80\xA2 y\n",
		  DOC "  ordered_list start=26 style=\"lower-alpha\" "
		  "delim=\")\" tight @1:1\n    list_item @1:1\n"
		  "      paragraph @1:4\n        text @1:4 \"x\"\n"
		  "  bullet_list bullet=\"*\" tight @3:1\n"
		  "    list_item @3:1\n      paragraph @3:3\n"
		  "        text @3:3 \"y\"\n");
}

static void test_list_interrupt(void)
{
	/* After a paragraph line: a bullet, 1 and a/A start a list; other
	 * numbers and letters, and indented markers, do not. */
	CHECK_AST("p\nA) x\n",
		  DOC "  paragraph @1:1\n    text @1:1 \"p\"\n"
		  "  ordered_list start=1 style=\"upper-alpha\" delim=\")\" "
		  "tight @2:1\n    list_item @2:1\n      paragraph @2:4\n"
		  "        text @2:4 \"x\"\n");
	CHECK_AST("p\nb) x\n    - y\n",
		  DOC "  paragraph @1:1\n    text @1:1 \"p\"\n"
		  "    soft_break @1:2\n    text @2:1 \"b) x\"\n"
		  "    soft_break @2:5\n    text @3:5 \"- y\"\n");
	/* Right after an item line, any marker is an item. */
	CHECK_AST("1. a\n7. b\n",
		  DOC "  ordered_list start=1 style=\"decimal\" delim=\".\" "
		  "tight @1:1\n    list_item @1:1\n      paragraph @1:4\n"
		  "        text @1:4 \"a\"\n    list_item @2:1\n"
		  "      paragraph @2:4\n        text @2:4 \"b\"\n");
}

static void test_list_tightness(void)
{
	/* A blank line inside the inner list leaves the outer one tight. */
	CHECK_AST("- a\n  - b\n\n  - c\n- d\n",
		  DOC "  bullet_list bullet=\"-\" tight @1:1\n"
		  "    list_item @1:1\n      paragraph @1:3\n"
		  "        text @1:3 \"a\"\n"
		  "      bullet_list bullet=\"-\" @2:3\n"
		  "        list_item @2:3\n          paragraph @2:5\n"
		  "            text @2:5 \"b\"\n"
		  "        list_item @4:3\n          paragraph @4:5\n"
		  "            text @4:5 \"c\"\n"
		  "    list_item @5:1\n      paragraph @5:3\n"
		  "        text @5:3 \"d\"\n");
	/* A blank line at the end of a list does not loosen it. */
	CHECK_AST("- a\n- b\n\nafter\n",
		  DOC "  bullet_list bullet=\"-\" tight @1:1\n"
		  "    list_item @1:1\n      paragraph @1:3\n"
		  "        text @1:3 \"a\"\n    list_item @2:1\n"
		  "      paragraph @2:3\n        text @2:3 \"b\"\n"
		  "  paragraph @4:1\n    text @4:1 \"after\"\n");
}

static void test_list_blocks(void)
{
	/* After a blank line: a line at the text column is a paragraph of
	 * the item, four more columns make it preformatted (a tab that
	 * straddles the cut keeps its remaining columns as spaces), and
	 * a line left of the inner text column goes to the outer item. */
	CHECK_AST("- a\n  - b\n\n\t\tcode\n\n  outer\n",
		  DOC "  bullet_list bullet=\"-\" @1:1\n    list_item @1:1\n"
		  "      paragraph @1:3\n        text @1:3 \"a\"\n"
		  "      bullet_list bullet=\"-\" @2:3\n"
		  "        list_item @2:3\n          paragraph @2:5\n"
		  "            text @2:5 \"b\"\n"
		  "          code_block @4:3 \"code\\n\"\n"
		  "      paragraph @6:3\n        text @6:3 \"outer\"\n");
	CHECK_AST("- a\n\n\t\tcode\n",
		  DOC "  bullet_list bullet=\"-\" @1:1\n    list_item @1:1\n"
		  "      paragraph @1:3\n        text @1:3 \"a\"\n"
		  "      code_block @3:2 \"  code\\n\"\n");
	/* A less indented line right after preformatted lines ends them
	 * and starts a paragraph in the item it reaches. */
	CHECK_AST("- a\n\n      c\n  p\n",
		  DOC "  bullet_list bullet=\"-\" @1:1\n    list_item @1:1\n"
		  "      paragraph @1:3\n        text @1:3 \"a\"\n"
		  "      code_block @3:7 \"c\\n\"\n"
		  "      paragraph @4:3\n        text @4:3 \"p\"\n");
}

/* ---- Preformatted blocks, page and scene breaks ---- */

static void test_preformatted(void)
{
	/* Blank lines inside keep their white space past the cut; trailing
	 * blank lines are not part of the block; a less indented line
	 * ends it (and, not following a paragraph, starts one). */
	CHECK_AST("    a\n      \n    b\n\n\nc\n",
		  DOC "  code_block @1:5 \"a\\n  \\nb\\n\"\n"
		  "  paragraph @6:1\n    text @6:1 \"c\"\n");
	CHECK_AST("    a\n  b\n    c\n",
		  DOC "  code_block @1:5 \"a\\n\"\n"
		  "  paragraph @2:3\n    text @2:3 \"b\"\n"
		  "    soft_break @2:4\n    text @3:5 \"c\"\n");
	/* Inside preformatted lines, nothing is markup; but outside, a
	 * scene break is one at any indentation. */
	CHECK_AST("    c\n    * * *\n    - x\n    http://a.b\n",
		  DOC "  code_block @1:5 \"c\\n* * *\\n- x\\nhttp://a.b\\n\"\n");
	CHECK_AST("        * * *\n",
		  DOC "  thematic_break @1:9\n");
}

static void test_page_breaks(void)
{
	/* Each leading form feed is a page break; one ends lists and
	 * preformatted blocks. */
	CHECK_AST("\f\f\n- a\n\f- b\n    c\n \f    d\n",
		  DOC "  page_break @1:1\n  page_break @1:2\n"
		  "  bullet_list bullet=\"-\" tight @2:1\n"
		  "    list_item @2:1\n      paragraph @2:3\n"
		  "        text @2:3 \"a\"\n  page_break @3:1\n"
		  "  bullet_list bullet=\"-\" tight @3:2\n"
		  "    list_item @3:2\n      paragraph @3:4\n"
		  "        text @3:4 \"b\"\n        soft_break @3:5\n"
		  "        text @4:5 \"c\"\n  page_break @5:2\n"
		  "  code_block @5:7 \"d\\n\"\n");
	/* A form feed after text becomes a space, with a warning. */
	unsigned warnings = 0;
	char *ast = S_ast("a\f\fb\f\n", &warnings);
	CHECK_STR(ast, DOC "  paragraph @1:1\n    text @1:1 \"a  b\"\n");
	CHECK_INT(warnings, 3);
	free(ast);
	/* Lines read twice (a header's, and the first line when there is
	 * no header) warn once. */
	ast = S_ast("Title: a\fb\n\nx\fy\n", &warnings);
	CHECK_STR(ast, "meta title=\"a b\"\ndocument\n  paragraph @3:1\n"
		  "    text @3:1 \"x y\"\n");
	CHECK_INT(warnings, 2);
	free(ast);
	ast = S_ast("a\fb\n", &warnings);
	CHECK_INT(warnings, 1);
	free(ast);
	ast = S_ast("Title: x\na\fb\n", &warnings);
	CHECK_INT(warnings, 1);
	free(ast);
}

/* Form feeds do not make the reader copy the input: text still points
 * into it, except the text of a line whose form feeds became spaces. */
static void test_page_breaks_kept(void)
{
	static const char page[] = "\fOne\ntwo\n\n\fThree\n";
	struct dc_diag diag;
	dc_diag_init(&diag, "test", NULL);
	struct dc_doc *doc =
		dc_test_read_halves("text", page, sizeof page - 1, 0, &diag);
	CHECK(doc != NULL && dc_test_text_within(doc->root, page,
						 sizeof page - 1));
	dc_doc_free(doc);
	static const char inside[] = "One\ntwo\fthree\n";
	dc_diag_init(&diag, "test", NULL);
	doc = dc_test_read_halves("text", inside, sizeof inside - 1, 0,
				  &diag);
	CHECK(doc != NULL && !dc_test_text_within(doc->root, inside,
						  sizeof inside - 1));
	CHECK_INT(diag.warnings, 1);
	dc_doc_free(doc);
	/* Page breaks do not keep a text from being read in halves. */
	static const char halves[] = "\fOne\n\nTwo\n\fThree\n\nFour\n";
	dc_diag_init(&diag, "test", NULL);
	doc = dc_test_read_halves("text", halves, sizeof halves - 1, 1,
				  &diag);
	CHECK(doc != NULL && doc->nodes.lent > 0);
	dc_doc_free(doc);
}

static void test_scene_breaks(void)
{
	/* A scene break ends a paragraph and a list. */
	CHECK_AST("p\n * * * \n- a\n* * *\n",
		  DOC "  paragraph @1:1\n    text @1:1 \"p\"\n"
		  "  thematic_break @2:2\n"
		  "  bullet_list bullet=\"-\" tight @3:1\n"
		  "    list_item @3:1\n      paragraph @3:3\n"
		  "        text @3:3 \"a\"\n  thematic_break @4:1\n");
	/* Two asterisks are not enough; "***" is text. */
	CHECK_AST("* *\n\n***\n",
		  DOC "  bullet_list bullet=\"*\" tight @1:1\n"
		  "    list_item @1:1\n      paragraph @1:3\n"
		  "        text @1:3 \"*\"\n"
		  "  paragraph @3:1\n    text @3:1 \"***\"\n");
}

/* ---- URLs ---- */

static void test_urls(void)
{
	/* Nothing after the scheme, or only punctuation: no link. */
	CHECK_AST("http:// https://.,\n",
		  DOC "  paragraph @1:1\n    text @1:1 \"http:// https://.,\"\n");
	/* Balanced brackets stay, unbalanced closers go; a quote ends a
	 * URL; a column after multi-byte text counts characters. */
	CHECK_AST("\xC3\xA9 http://a/(b)[c]]) x http://q\"r\n",
		  DOC "  paragraph @1:1\n    text @1:1 \"\xC3\xA9 \"\n"
		  "    link url=\"http://a/(b)[c]\" @1:3\n"
		  "      text @1:3 \"http://a/(b)[c]\"\n"
		  "    text @1:18 \"]) x \"\n"
		  "    link url=\"http://q\" @1:23\n"
		  "      text @1:23 \"http://q\"\n"
		  "    text @1:31 \"\\\"r\"\n");
	/* An unclosed or empty angle bracket is text, the URL in it bare. */
	CHECK_AST("<http://a b> <http://>\n",
		  DOC "  paragraph @1:1\n    text @1:1 \"<\"\n"
		  "    link url=\"http://a\" @1:2\n"
		  "      text @1:2 \"http://a\"\n"
		  "    text @1:10 \" b> <http://>\"\n");
	/* URLs in list items; the scheme is lower case only. */
	CHECK_AST("- https://x.y.\n- HTTP://x.y\n",
		  DOC "  bullet_list bullet=\"-\" tight @1:1\n"
		  "    list_item @1:1\n      paragraph @1:3\n"
		  "        link url=\"https://x.y\" @1:3\n"
		  "          text @1:3 \"https://x.y\"\n"
		  "        text @1:14 \".\"\n    list_item @2:1\n"
		  "      paragraph @2:3\n        text @2:3 \"HTTP://x.y\"\n");
}

/* ---- Decoding ---- */

static void test_decoding(void)
{
	unsigned warnings = 0;
	/* A NUL byte becomes U+FFFD, with a warning. */
	char *ast = S_ast_len("a\0b\n", 4, &warnings);
	CHECK_STR(ast, DOC "  paragraph @1:1\n    text @1:1 \"a\xEF\xBF\xBD"
		  "b\"\n");
	CHECK_INT(warnings, 1);
	free(ast);
	/* A lone CR is a line end, also at the very end. */
	CHECK_AST("a\rb\r\rc\r",
		  DOC "  paragraph @1:1\n    text @1:1 \"a\"\n"
		  "    soft_break @1:2\n    text @2:1 \"b\"\n"
		  "  paragraph @4:1\n    text @4:1 \"c\"\n");
	/* Only a byte order mark; only blank lines. */
	CHECK_AST("\xEF\xBB\xBF", DOC);
	CHECK_AST("\xFF\xFE", DOC);
	CHECK_AST("\n\n \t \n\r\n", DOC);
	CHECK_AST("", DOC);
}

static void test_strict(void)
{
	struct dc_diag diag;
	dc_diag_init(&diag, "test", NULL);
	diag.strict = true;
	struct dc_doc *doc = dc_test_read("text", "ok\nbad \xFF\n", &diag);
	CHECK(doc == NULL);
	CHECK_INT(diag.error.status, DC_ERR_DATA);
	CHECK_INT(diag.error.pos.line, 2);
	CHECK_INT(diag.error.pos.col, 5);
	CHECK_STR(diag.error.message,
		  "invalid UTF-8 byte 0xFF replaced by U+FFFD");
	dc_doc_free(doc);

	/* A form feed inside a line, in the header too. */
	dc_diag_init(&diag, "test", NULL);
	diag.strict = true;
	doc = dc_test_read("text", "Title: a\fb\n\nx\n", &diag);
	CHECK(doc == NULL);
	CHECK_INT(diag.error.status, DC_ERR_DATA);
	CHECK_INT(diag.error.pos.col, 9);
	dc_doc_free(doc);

	/* Clean input reads under --strict. */
	dc_diag_init(&diag, "test", NULL);
	diag.strict = true;
	doc = dc_test_read("text", "Title: T\n\n- a\n", &diag);
	CHECK(doc != NULL);
	CHECK_INT(diag.error.status, DC_OK);
	dc_doc_free(doc);
}

/* An input the decoder copies (CR LF line ends, no final LF, a byte
 * order mark and CR LF, UTF-16) is kept as the input is: text points
 * into the copy, line ends joined, not copied text by text. */
static void test_decoded_kept(void)
{
	static const struct {
		const char *src;
		size_t len;
	} copied[] = {
		{"One\r\ntwo\r\n", 10}, {"One\ntwo", 7},
		{"\xEF\xBB\xBFOne\r\ntwo", 11},
		{"\xFF\xFEO\0n\0e\0\n\0t\0w\0o\0", 16},
	};
	char *want = S_ast_read("One\ntwo\n", 8, true, NULL);
	CHECK_STR(want, DOC "  paragraph @1:1\n    text @1:1 \"One\\ntwo\"\n");
	for (size_t i = 0; i < sizeof copied / sizeof *copied; i++) {
		char *ast =
			S_ast_read(copied[i].src, copied[i].len, true, NULL);
		CHECK_STR(ast, want);
		free(ast);
	}
	free(want);
}

/* ---- Hostile inputs ---- */

/* The deepest node below ROOT, counting ROOT's children as 1. */
static int S_depth(const struct dc_node *root)
{
	struct dc_iter it;
	const struct dc_node *n;
	int depth = 0, max = 0;
	dc_iter_init(&it, root);
	while (dc_iter_next(&it, &n) != DC_EV_DONE) {
		if (it.event == DC_EV_EXIT) {
			depth--;
			continue;
		}
		if (n != root && depth > max)
			max = depth;
		if (!dc_kind_is_leaf(n->kind))
			depth++;
	}
	return max;
}

static int S_count(const struct dc_node *root, enum dc_kind kind)
{
	struct dc_iter it;
	const struct dc_node *n;
	int count = 0;
	dc_iter_init(&it, root);
	while (dc_iter_next(&it, &n) != DC_EV_DONE)
		count += it.event == DC_EV_ENTER && n->kind == kind;
	return count;
}

/* LEVELS list items, each nested in the one before: item K is indented
 * by 2K columns (tabs, then two spaces if K is odd). */
static char *S_deep_list(int levels)
{
	size_t size = (size_t)levels * ((size_t)levels / 2 + 8) + 1;
	char *src = malloc(size);
	size_t len = 0;
	if (!src)
		return NULL;
	for (int k = 0; k < levels; k++) {
		memset(src + len, '\t', (size_t)k / 2);
		len += (size_t)k / 2;
		if (k % 2) {
			memcpy(src + len, "  ", 2);
			len += 2;
		}
		memcpy(src + len, "- x\n", 4);
		len += 4;
	}
	src[len] = '\0';
	return src;
}

static void test_hostile_deep_nesting(void)
{
	enum { LEVELS = 10000 };
	char *src = S_deep_list(LEVELS);
	CHECK(src != NULL);
	if (!src)
		return;
	struct dc_diag diag;
	dc_diag_init(&diag, "test", NULL);
	struct dc_doc *doc = dc_test_read("text", src, &diag);
	CHECK(doc != NULL);
	if (doc) {
		/* Nothing lost, one warning, and within the depth bound. */
		CHECK_INT(S_count(doc->root, DC_LIST_ITEM), LEVELS);
		CHECK_INT(S_count(doc->root, DC_TEXT), LEVELS);
		CHECK_INT(diag.warnings, 1);
		CHECK(S_depth(doc->root) <= DC_MAX_DEPTH);
	}
	dc_doc_free(doc);

	/* Under --strict, flattening is an error. */
	dc_diag_init(&diag, "test", NULL);
	diag.strict = true;
	doc = dc_test_read("text", src, &diag);
	CHECK(doc == NULL);
	CHECK_INT(diag.error.status, DC_ERR_DATA);
	dc_doc_free(doc);
	free(src);

	/* Just within the bound: 31 levels, no warning. */
	src = S_deep_list(31);
	unsigned warnings = 1;
	char *ast = src ? S_ast(src, &warnings) : NULL;
	CHECK(ast != NULL);
	CHECK_INT(warnings, 0);
	free(ast);
	free(src);
}

static void test_hostile_long_line(void)
{
	enum { SIZE = 1 << 20 };
	char *src = malloc(SIZE + 1);
	CHECK(src != NULL);
	if (!src)
		return;
	/* One 1 MB line of words, with URLs to find on the way. */
	for (size_t i = 0; i < SIZE; i++)
		src[i] = "ab http://x "[i % 12];
	src[SIZE] = '\0';
	struct dc_diag diag;
	dc_diag_init(&diag, "test", NULL);
	struct dc_doc *doc = dc_test_read("text", src, &diag);
	CHECK(doc != NULL);
	if (doc)
		CHECK_INT(S_count(doc->root, DC_LINK), SIZE / 12);
	dc_doc_free(doc);

	/* A URL-like run that is all punctuation, then one that never
	 * closes its angle bracket: linear, no link. */
	memcpy(src, "http://", 7);
	memset(src + 7, '.', SIZE - 7);
	char *ast = S_ast(src, NULL);
	CHECK(ast != NULL && strstr(ast, "link") == NULL);
	free(ast);
	for (size_t i = 0; i < SIZE; i++)
		src[i] = "<http://a"[i % 9];
	ast = S_ast(src, NULL);
	CHECK(ast != NULL);
	free(ast);
	free(src);
}

static void test_hostile_many_items(void)
{
	enum { ITEMS = 10000 };
	char *src = malloc(ITEMS * 5 + 1);
	CHECK(src != NULL);
	if (!src)
		return;
	for (int i = 0; i < ITEMS; i++)
		memcpy(src + i * 5, "1. x\n", 5);
	src[ITEMS * 5] = '\0';
	struct dc_diag diag;
	dc_diag_init(&diag, "test", NULL);
	struct dc_doc *doc = dc_test_read("text", src, &diag);
	CHECK(doc != NULL);
	if (doc) {
		CHECK_INT(S_count(doc->root, DC_ORDERED_LIST), 1);
		CHECK_INT(S_count(doc->root, DC_LIST_ITEM), ITEMS);
		CHECK_INT(diag.warnings, 0);
	}
	dc_doc_free(doc);
	free(src);
}

static void test_hostile_blank(void)
{
	enum { SIZE = 1 << 20 };
	char *src = malloc(SIZE + 1);
	CHECK(src != NULL);
	if (!src)
		return;
	memset(src, '\n', SIZE);
	src[SIZE] = '\0';
	char *ast = S_ast(src, NULL);
	CHECK_STR(ast, DOC);
	free(ast);
	/* A million form feeds: page breaks, each its own node. */
	memset(src, '\f', SIZE);
	struct dc_diag diag;
	dc_diag_init(&diag, "test", NULL);
	struct dc_doc *doc = dc_test_read("text", src, &diag);
	CHECK(doc != NULL);
	if (doc)
		CHECK_INT(S_count(doc->root, DC_PAGE_BREAK), SIZE);
	dc_doc_free(doc);
	free(src);
}

/* ---- In two halves on two threads ---- */

#ifndef DOCCONV_SOURCE_DIR
#define DOCCONV_SOURCE_DIR "."
#endif

/* LEN bytes of SRC read as text, in halves from HALVES_FROM bytes on,
 * written as ast, then a line with the status and the number of
 * warnings, then what was said; *TAKEN counts a second half read on the
 * helper and taken. */
static char *S_read_said(const char *src, size_t len, size_t halves_from,
			 bool strict, unsigned *taken)
{
	struct dc_test_said said;
	dc_test_said_open(&said, strict, false);
	struct dc_doc *doc =
		dc_test_read_halves("text", src, len, halves_from, &said.diag);
	char *ast = doc ? dc_test_write("ast", doc) : NULL;
	if (doc && doc->nodes.lent > 0)
		(*taken)++;
	dc_doc_free(doc);
	char *all = dc_test_said_close(&said, ast, ast ? strlen(ast) : 0,
				       said.diag.error.status);
	free(ast);
	return all;
}

/* SRC read whole and in halves: the same document and diagnostics, with
 * and without --strict. */
static void S_check_halves(const char *src, size_t len, const char *name,
			   unsigned *taken)
{
	for (int strict = 0; strict <= 1; strict++) {
		unsigned none = 0;
		char *whole = S_read_said(src, len, SIZE_MAX, strict, &none);
		char *halves = S_read_said(src, len, 1, strict, taken);
		CHECK_INT(none, 0);
		if (!whole || !halves || strcmp(whole, halves) != 0)
			dc_check_fail(__FILE__, __LINE__,
				      "%s (strict %d) in halves differs:\n%s\n"
				      "-- whole:\n%s", name, strict,
				      halves ? halves : "(null)",
				      whole ? whole : "(null)");
		free(whole);
		free(halves);
	}
}

/* The lines random texts are made of: every shape docconv(5) knows, at
 * the places a cut is tried (column 1 after an empty line) and near;
 * the first S_LIST_SHAPES are empty lines and list items. */
static const char *const S_shapes[] = {
	"", "", "", "   ",
	"- dash item", "* star item", "\xE2\x80\xA2 bullet item",
	"1. first", "2. second", "3) third", "a) letter", "B) Letter",
	"a)b not an item", "A)", "  - nested", "    - deeper",
	"      1. deeper still", "  continued item text",
	"Words of a paragraph.", "and its next line", "Another one",
	"  indented words", "    preformatted", "\tpreformatted by a tab",
	"        deeper preformatted",
	"Title", "=====", "-----", "* * *",
	"see https://example.org/x). and <http://a.b/c>",
	"http://x.y", "x\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D",
};
enum { S_LIST_SHAPES = 18 };

/* A random text of about LINES lines from S_shapes (a third of them
 * only lists), sometimes with a header, a run of lists nested past the
 * reader's bound (a warning), page breaks or a form feed inside a line
 * (a warning); malloc'd, *LEN bytes. */
static char *S_random_text(unsigned seed, int lines, size_t *len)
{
	uint64_t st = 0x9E3779B97F4A7C15ull * seed + 1;
	char *buf = NULL;
	size_t n = 0;
	FILE *out = open_memstream(&buf, &n);
	if (!out)
		return NULL;
	if (seed % 4 == 0)
		fputs("Title: Random\nAuthor: Test\n\n", out);
	for (int i = 0; i < lines; i++) {
		st = st * 6364136223846793005ull + 1442695040888963407ull;
		unsigned r = (unsigned)(st >> 33);
		if (seed % 5 == 0 && r % 97 == 0) {
			for (int d = 0; d < 40; d++)
				fprintf(out, "%*s- deep\n", 2 * d, "");
			continue;
		}
		if (seed % 11 == 0 && r % 89 == 0)
			fputs("\f", out);
		if (seed % 13 == 0 && r % 83 == 0)
			fputs("form\ffeed ", out);
		size_t shapes = sizeof S_shapes / sizeof *S_shapes;
		if (seed % 3 == 0)
			shapes = S_LIST_SHAPES;
		fputs(S_shapes[r % shapes], out);
		fputc('\n', out);
	}
	fclose(out);
	*len = n;
	return buf;
}

/* TEXT (*LEN bytes) with CR LF line ends; malloc'd, *LEN updated. */
static char *S_crlf(const char *text, size_t *len)
{
	char *out = malloc(2 * *len + 1);
	size_t n = 0;
	for (size_t i = 0; out && i < *len; i++) {
		if (text[i] == '\n')
			out[n++] = '\r';
		out[n++] = text[i];
	}
	*len = n;
	return out;
}

/* A long body is read in two halves at once: the document and the
 * diagnostics are those of one thread reading it in order. */
static void test_halves(void)
{
	unsigned taken = 0, files = 0;
	char dir[512];
	snprintf(dir, sizeof dir, "%s/fixtures/text", DOCCONV_SOURCE_DIR);
	DIR *d = opendir(dir);
	CHECK(d != NULL);
	for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
		const char *dot = strrchr(e->d_name, '.');
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		FILE *fp = dot && strcmp(dot, ".txt") == 0 ? fopen(path, "rb")
							  : NULL;
		if (!fp)
			continue;
		static char data[1 << 17];
		size_t len = fread(data, 1, sizeof data, fp);
		fclose(fp);
		CHECK(len < sizeof data);  /* read whole */
		S_check_halves(data, len, path, &taken);
		files++;
	}
	if (d)
		closedir(d);
	CHECK(files >= 30);
	unsigned before = taken;
	for (unsigned seed = 1; seed <= 200; seed++) {
		size_t len = 0;
		char *text = S_random_text(seed, 20 + (int)(seed % 7) * 30,
					   &len);
		CHECK(text != NULL);
		char name[32];
		snprintf(name, sizeof name, "random %u", seed);
		if (text)
			S_check_halves(text, len, name, &taken);
		/* Line ends the decoder turns into LFs, in a copy. */
		char *crlf = seed % 4 == 1 && text ? S_crlf(text, &len) : NULL;
		if (crlf)
			S_check_halves(crlf, len, name, &taken);
		free(crlf);
		free(text);
	}
	/* Many are cut, and their second halves taken from the helper
	 * (170 of the 500 readings in halves). */
	CHECK(before >= 10);
	CHECK(taken - before >= 100);
}

static const struct dc_test tests[] = {
	{"header_keys", test_header_keys},
	{"header_not_a_header", test_header_not_a_header},
	{"header_pandoc", test_header_pandoc},
	{"paragraph_layout", test_paragraph_layout},
	{"headings", test_headings},
	{"headings_and_lists", test_headings_and_lists},
	{"list_markers", test_list_markers},
	{"list_interrupt", test_list_interrupt},
	{"list_tightness", test_list_tightness},
	{"list_blocks", test_list_blocks},
	{"preformatted", test_preformatted},
	{"page_breaks", test_page_breaks},
	{"page_breaks_kept", test_page_breaks_kept},
	{"decoded_kept", test_decoded_kept},
	{"scene_breaks", test_scene_breaks},
	{"urls", test_urls},
	{"decoding", test_decoding},
	{"strict", test_strict},
	{"hostile_deep_nesting", test_hostile_deep_nesting},
	{"hostile_long_line", test_hostile_long_line},
	{"hostile_many_items", test_hostile_many_items},
	{"hostile_blank", test_hostile_blank},
	{"halves", test_halves},
	{0},
};

const struct dc_suite dc_suite_text = {.name = "text", .tests = tests};
