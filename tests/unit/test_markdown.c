/* The Markdown reader: what the fixtures cannot show (errors, positions
 * past front matter, image paths against the input's folder, NUL bytes)
 * and hostile inputs.  Most checks compare the ast writer's output, which
 * shows kinds, attributes, positions and literals at once. */
#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../formats/markdown/mdr.h"
#include "entity.h"
#include "format.h"
#include "iter.h"
#include "sectionize.h"

/* SRC[0..LEN) read as FORMAT from a file named NAME into a document;
 * NULL on failure (the error in DIAG, which the caller initialises). */
static struct dc_doc *S_read_named(const char *format, const char *name,
				   const char *src, size_t len,
				   struct dc_diag *diag)
{
	const struct dc_format *f = dc_format_by_name(format);
	struct dc_doc *doc = dc_doc_new();
	if (!f || !doc) {
		dc_doc_free(doc);
		return NULL;
	}
	struct dc_input in = {.name = name, .data = src, .len = len};
	struct dc_builder b;
	dc_builder_init(&b, doc, doc->root, diag, name);
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

/* SRC read as FORMAT and written as ast (malloc'd; NULL on failure); the
 * warnings are counted in *WARNINGS (if not NULL), not printed. */
static char *S_ast_as(const char *format, const char *src, size_t len,
		      unsigned *warnings)
{
	struct dc_diag diag;
	dc_diag_init(&diag, "test", NULL);
	struct dc_doc *doc = dc_test_read_len(format, src, len, &diag);
	char *ast = doc ? dc_test_write("ast", doc) : NULL;
	if (warnings)
		*warnings = diag.warnings;
	dc_doc_free(doc);
	return ast;
}

static char *S_ast(const char *src, unsigned *warnings)
{
	return S_ast_as("markdown", src, strlen(src), warnings);
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

/* The bytes of all text nodes under ROOT, in order. */
static size_t S_text_bytes(const struct dc_node *root)
{
	struct dc_iter it;
	const struct dc_node *n;
	size_t bytes = 0;
	dc_iter_init(&it, root);
	while (dc_iter_next(&it, &n) != DC_EV_DONE)
		if (it.event == DC_EV_ENTER && n->kind == DC_TEXT)
			bytes += n->len;
	return bytes;
}

/* ---- Front matter ---- */

/* SRC must fail to read with DC_ERR_DATA at LINE:COL, MESSAGE. */
static void S_check_error(const char *src, long line, long col,
			  const char *message)
{
	struct dc_diag diag;
	dc_diag_init(&diag, "test", NULL);
	struct dc_doc *doc = dc_test_read("markdown", src, &diag);
	CHECK(doc == NULL);
	CHECK_INT(diag.error.status, DC_ERR_DATA);
	CHECK_STR(diag.error.pos.file, "test");
	CHECK_INT(diag.error.pos.line, line);
	CHECK_INT(diag.error.pos.col, col);
	CHECK_STR(diag.error.message, message);
	dc_doc_free(doc);
}

static void test_front_matter_invalid(void)
{
	/* Positions count from the file's first line, the "---". */
	S_check_error("---\ntitle: a\n  bad: indentation\n---\nText\n", 3, 6,
		      "invalid YAML front matter: mapping values are not "
		      "allowed in this context");
	S_check_error("---\ntitle: [unclosed\nauthor: x\n---\n", 3, 7,
		      "invalid YAML front matter: while parsing a flow "
		      "sequence did not find expected ',' or ']'");
	S_check_error("---\n\t- tab\n---\n", 2, 1,
		      "invalid YAML front matter: while scanning for the "
		      "next token found character that cannot start any "
		      "token");
	S_check_error("---\nkey: *nowhere\n---\n", 2, 6,
		      "invalid YAML front matter: found undefined alias");
}

static void test_front_matter_shapes(void)
{
	/* No closing line: Markdown (a thematic break, a paragraph). */
	CHECK_AST("---\ntitle: x\n",
		  DOC "  thematic_break @1:1\n  paragraph @2:1\n"
		  "    text @2:1 \"title: x\"\n");
	/* Not a mapping: Markdown too. */
	CHECK_AST("---\n- a\n---\n",
		  DOC "  thematic_break @1:1\n  bullet_list bullet=\"-\" "
		  "tight @2:1\n    list_item @2:1\n      paragraph @2:3\n"
		  "        text @2:3 \"a\"\n  thematic_break @3:1\n");
	/* A blank line or a delimiter right after the first line. */
	CHECK_AST("---\n\ntitle: x\n---\n",
		  DOC "  thematic_break @1:1\n  section @3:1\n"
		  "    heading level=2 @3:1\n      text @3:1 \"title: x\"\n");
	CHECK_AST("---\n---\n",
		  DOC "  thematic_break @1:1\n  thematic_break @2:1\n");
	/* Only comments: front matter with nothing in it. */
	CHECK_AST("---\n# nothing\n---\nx\n",
		  DOC "  paragraph @4:1\n    text @4:1 \"x\"\n");
	/* Not on the first line: Markdown. */
	CHECK_AST("\n---\ntitle: x\n---\n",
		  DOC "  thematic_break @2:1\n  section @3:1\n"
		  "    heading level=2 @3:1\n      text @3:1 \"title: x\"\n");
	/* Nulls set nothing; quoted ones are text; lists of scalars. */
	CHECK_AST("---\ntitle: ~\nsubtitle: 'null'\ndate:\n"
		  "author: [A, \"B\"]\nkeywords:\n - k1, k2\n - k3\n---\n",
		  "meta subtitle=\"null\" author=\"A\" author=\"B\" "
		  "keyword=\"k1\" keyword=\"k2\" keyword=\"k3\"\ndocument\n");
}

static void test_front_matter_skipped(void)
{
	/* A value that is a mapping, or a list holding one: skipped with
	 * a warning at its place, the rest kept. */
	unsigned warnings = 0;
	char *ast = S_ast("---\nauthor:\n  name: X\ntitle: T\n"
			  "keywords: [a, [b]]\n---\n", &warnings);
	CHECK_STR(ast, "meta title=\"T\" keyword=\"a\"\ndocument\n");
	CHECK_INT(warnings, 2);
	free(ast);
	/* Under --strict that is an error. */
	struct dc_diag diag;
	dc_diag_init(&diag, "test", NULL);
	diag.strict = true;
	struct dc_doc *doc = dc_test_read("markdown",
					  "---\nauthor:\n  name: X\n---\n",
					  &diag);
	CHECK(doc == NULL);
	CHECK_INT(diag.error.status, DC_ERR_DATA);
	CHECK_INT(diag.error.pos.line, 3);
	CHECK_INT(diag.error.pos.col, 3);
	dc_doc_free(doc);
}

/* ---- Positions, paths, characters ---- */

static void test_positions(void)
{
	/* Markers: a quote's '>', an item's bullet, a heading's '#'. */
	CHECK_AST("> - # T\n>\n>   1) *e* [l](u)\n",
		  DOC "  block_quote @1:1\n"
		  "    bullet_list bullet=\"-\" @1:3\n"
		  "      list_item @1:3\n"
		  "        heading level=1 @1:5\n"
		  "          text @1:7 \"T\"\n"
		  "        ordered_list start=1 style=\"decimal\" delim=\")\" "
		  "tight @3:5\n"
		  "          list_item @3:5\n"
		  "            paragraph @3:8\n"
		  "              emph @3:8\n"
		  "                text @3:9 \"e\"\n"
		  "              text @3:11 \" \"\n"
		  "              link url=\"u\" @3:12\n"
		  "                text @3:13 \"l\"\n");
	/* Columns count characters; an item whose content starts with a
	 * fenced code block starts at its bullet. */
	CHECK_AST("é *x*\n\n- ```\n  c\n  ```\n",
		  DOC "  paragraph @1:1\n    text @1:1 \"é \"\n"
		  "    emph @1:3\n      text @1:4 \"x\"\n"
		  "  bullet_list bullet=\"-\" tight @3:1\n"
		  "    list_item @3:1\n"
		  "      code_block @3:3 \"c\\n\"\n");
	/* A fenced code block ends after its closing fence, or after its
	 * last line when it has none (found by fuzzing: the next quote's
	 * fence was taken for this one's end). */
	CHECK_AST(">```\n\n>```\n\n```\n\nx\n```\n***\n",
		  DOC "  block_quote @1:1\n    code_block @1:2 \"\"\n"
		  "  block_quote @3:1\n    code_block @3:2 \"\"\n"
		  "  code_block @5:1 \"\\nx\\n\"\n"
		  "  thematic_break @9:1\n");
	/* Blocks without text: the first line after the last text with
	 * something on it. */
	CHECK_AST("a\n\n***\n\n-\n>\n",
		  DOC "  paragraph @1:1\n    text @1:1 \"a\"\n"
		  "  thematic_break @3:1\n"
		  "  bullet_list bullet=\"-\" tight @5:1\n"
		  "    list_item @5:1\n"
		  "  block_quote @6:1\n");
}

static void test_image_paths(void)
{
	struct dc_diag diag;
	dc_diag_init(&diag, "test", NULL);
	static const char src[] =
		"---\ncover-image: c.png\n---\n"
		"![a](img/a.png) ![b](./b.png) ![c](/abs/c.png) "
		"![d](https://x.org/d.png) ![e](data:image/png;base64,AA) "
		"![f](#frag) [l](rel.html)\n";
	struct dc_doc *doc = S_read_named("markdown", "dir/sub/in.md", src,
					  sizeof src - 1, &diag);
	char *ast = doc ? dc_test_write("ast", doc) : NULL;
	/* As written: writers that open the file resolve it (dc_node_file),
	 * so that outputs naming it do not depend on the folder. */
	CHECK(ast && strstr(ast, "image url=\"img/a.png\""));
	CHECK(ast && strstr(ast, "image url=\"./b.png\""));
	CHECK(ast && strstr(ast, "image url=\"/abs/c.png\""));
	CHECK(ast && strstr(ast, "image url=\"https://x.org/d.png\""));
	CHECK(ast && strstr(ast, "image url=\"data:image/png;base64,AA\""));
	CHECK(ast && strstr(ast, "image url=\"#frag\""));
	/* Links are not files to embed: left as written. */
	CHECK(ast && strstr(ast, "link url=\"rel.html\""));
	/* The cover too (src/convert.c notes the input it is relative
	 * to, for every reader). */
	CHECK(doc && doc->meta.cover && strcmp(doc->meta.cover,
					       "c.png") == 0);
	free(ast);
	dc_doc_free(doc);
}

static void test_nul_bytes(void)
{
	/* A NUL byte is U+FFFD, with the decoder's warning, wherever it
	 * stands; &#0; is U+FFFD too, silently. */
	static const char src[] = "a\0b &#0;\n\n```\nc\0d\n```\n\n"
				  "[l](u\0v)\n";
	unsigned warnings = 0;
	char *ast = S_ast_as("markdown", src, sizeof src - 1, &warnings);
	CHECK_STR(ast, DOC "  paragraph @1:1\n"
		  "    text @1:1 \"a\xEF\xBF\xBD" "b \xEF\xBF\xBD\"\n"
		  "  code_block @3:1 \"c\xEF\xBF\xBD" "d\\n\"\n"
		  "  paragraph @7:1\n"
		  "    link url=\"u\xEF\xBF\xBDv\" @7:1\n"
		  "      text @7:2 \"l\"\n");
	CHECK_INT(warnings, 3);
	free(ast);
}

static void test_entities(void)
{
	CHECK(dc_entity_table_ok());
	struct dc_buf out = {0};
	static const char *const cases[][2] = {
		{"&amp;", "&"}, {"&AElig;", "\xC3\x86"},
		{"&zwnj;", "\xE2\x80\x8C"},
		{"&ngE;", "\xE2\x89\xA7\xCC\xB8"}, {"&#65;", "A"},
		{"&#x1F600;", "\xF0\x9F\x98\x80"}, {"&#xD800;", "\xEF\xBF\xBD"},
		{"&#1234567;", "\xEF\xBF\xBD"}, {"&#12345678;", "&#12345678;"},
		{"&#x1234567;", "&#x1234567;"}, {"&nosuch;", "&nosuch;"},
		{"&AMP;", "&AMP;"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		out.len = 0;
		CHECK(dc_entity_decode(cases[i][0], strlen(cases[i][0]), &out));
		CHECK(dc_buf_putc(&out, '\0'));
		CHECK_STR(out.data, cases[i][1]);
	}
	dc_buf_free(&out);
}

static void test_commonmark_flavour(void)
{
	/* No front matter, footnotes, tables or bare autolinks. */
	static const char src[] = "---\ntitle: x\n---\nA[^1] www.x.org\n\n"
				  "[^1]: /url\n";
	char *ast = S_ast_as("commonmark", src, sizeof src - 1, NULL);
	CHECK_STR(ast, DOC "  thematic_break @1:1\n  section @2:1\n"
		  "    heading level=2 @2:1\n      text @2:1 \"title: x\"\n"
		  "    paragraph @4:1\n      text @4:1 \"A\"\n"
		  "      link url=\"/url\" @4:2\n        text @4:3 \"^1\"\n"
		  "      text @4:6 \" www.x.org\"\n");
	free(ast);
}

/* ---- Footnotes ---- */

static void test_footnote_references(void)
{
	/* Labels match with ASCII case ignored; the reference names the
	 * definition's label.  A reference split by md4c (an underscore
	 * that might have been emphasis), right after a character
	 * reference, in a link, in a heading. */
	CHECK_AST("# T[^A_b]\n\n&amp;[^a_B] [x[^a_b]](u)\n\n[^a_b]: N\n",
		  DOC "  section @1:1\n    heading level=1 @1:1\n"
		  "      text @1:3 \"T\"\n"
		  "      footnote_ref label=\"a_b\" @1:4\n"
		  "    paragraph @3:1\n      text @3:1 \"&\"\n"
		  "      footnote_ref label=\"a_b\" @3:6\n"
		  "      text @3:12 \" \"\n      link url=\"u\" @3:13\n"
		  "        text @3:14 \"x\"\n"
		  "        footnote_ref label=\"a_b\" @3:15\n"
		  "    footnote label=\"a_b\" @5:1\n      paragraph @5:9\n"
		  "        text @5:9 \"N\"\n");
	/* Escaped, spaced, empty, undefined: text.  Escaped backslash
	 * before it: a reference. */
	CHECK_AST("\\[^n] [^ n] [^] [^m] \\\\[^n]\n\n[^n]: N\n",
		  DOC "  paragraph @1:1\n"
		  "    text @1:2 \"[^n] [^ n] [^] [^m] \\\\\"\n"
		  "    footnote_ref label=\"n\" @1:24\n"
		  "  footnote label=\"n\" @3:1\n    paragraph @3:7\n"
		  "      text @3:7 \"N\"\n");
}

/* Notes are blanked out of a copy of the input; the copy is kept as
 * the input is: text points into it, line ends joined. */
static void test_footnotes_kept(void)
{
	static const char src[] = "One[^1]\ntwo\n\n[^1]: N\n";
	struct dc_diag diag;
	dc_diag_init(&diag, "test", NULL);
	struct dc_doc *doc =
		dc_test_read_halves("markdown", src, sizeof src - 1, 0, &diag);
	char *ast = doc ? dc_test_write("ast", doc) : NULL;
	CHECK_STR(ast, DOC "  paragraph @1:1\n    text @1:1 \"One\"\n"
		  "    footnote_ref label=\"1\" @1:4\n"
		  "    text @1:8 \"\\ntwo\"\n"
		  "  footnote label=\"1\" @4:1\n    paragraph @4:7\n"
		  "      text @4:7 \"N\"\n");
	free(ast);
	dc_doc_free(doc);
}

static void test_footnote_definitions(void)
{
	/* A definition interrupts a paragraph; a lazy line continues it,
	 * a line starting a block does not; the first line may be empty. */
	CHECK_AST("p[^a][^b]\n[^a]: A\nlazy\n# H\n[^b]:\n    B\n",
		  DOC "  paragraph @1:1\n    text @1:1 \"p\"\n"
		  "    footnote_ref label=\"a\" @1:2\n"
		  "    footnote_ref label=\"b\" @1:6\n"
		  "  section @4:1\n    heading level=1 @4:1\n"
		  "      text @4:3 \"H\"\n"
		  "    footnote label=\"a\" @2:1\n      paragraph @2:7\n"
		  "        text @2:7 \"A\"\n        soft_break @2:8\n"
		  "        text @3:1 \"lazy\"\n"
		  "    footnote label=\"b\" @5:1\n      paragraph @6:5\n"
		  "        text @6:5 \"B\"\n");
	/* Order: first references (those in notes included, as met), then
	 * the others as defined; a definition inside a note's body is a
	 * note too; in fenced code, none. */
	CHECK_AST("[^b]\n\n[^a]: A\n\n    [^c]: C\n\n[^b]: B[^d]\n\n"
		  "[^d]: D\n~~~\n[^e]: E\n~~~\n",
		  DOC "  paragraph @1:1\n    footnote_ref label=\"b\" @1:1\n"
		  "  code_block @10:1 \"[^e]: E\\n\"\n"
		  "  footnote label=\"b\" @7:1\n    paragraph @7:7\n"
		  "      text @7:7 \"B\"\n"
		  "      footnote_ref label=\"d\" @7:8\n"
		  "  footnote label=\"d\" @9:1\n    paragraph @9:7\n"
		  "      text @9:7 \"D\"\n"
		  "  footnote label=\"a\" @3:1\n    paragraph @3:7\n"
		  "      text @3:7 \"A\"\n"
		  "  footnote label=\"c\" @5:5\n    paragraph @5:11\n"
		  "      text @5:11 \"C\"\n");
	/* A note citing itself, and one cited only by itself. */
	char *ast = S_ast("x[^s]\n\n[^s]: S[^s]\n\n[^t]: T[^t]\n", NULL);
	CHECK(ast != NULL);
	free(ast);
}

/* ---- Hostile inputs ---- */

static void test_md4c_unbalanced(void)
{
	/* md4c 0.4.8 ends an emphasis here that it never started (taking
	 * the '*' in the link's destination for its opener, and losing the
	 * last '*'), or starts one it never ends: a stray end is ignored, an
	 * emphasis left open ends with its paragraph. */
	CHECK_AST("[](*)*",
		  DOC "  paragraph @1:1\n    link url=\"*\" @1:1\n");
	CHECK_AST("a [x](*)* **b** *c [d](*)* e*\n",
		  DOC "  paragraph @1:1\n    text @1:1 \"a \"\n"
		  "    link url=\"*\" @1:3\n      text @1:4 \"x\"\n"
		  "    text @1:10 \" \"\n    strong @1:11\n"
		  "      text @1:13 \"b\"\n    text @1:16 \" \"\n"
		  "    emph @1:17\n      text @1:18 \"c \"\n"
		  "      link url=\"*\" @1:20\n        text @1:21 \"d\"\n"
		  "      text @1:26 \"* e*\"\n");
}

static void test_hostile_deep_quotes(void)
{
	enum { LEVELS = 10000 };
	char *src = malloc(LEVELS + 16);
	CHECK(src != NULL);
	if (!src)
		return;
	memset(src, '>', LEVELS);
	memcpy(src + LEVELS, " deep\n- a\n", 11);
	struct dc_diag diag;
	dc_diag_init(&diag, "test", NULL);
	struct dc_doc *doc = dc_test_read("markdown", src, &diag);
	CHECK(doc != NULL);
	if (doc) {
		/* The bound counts containers: the paragraph the builder
		 * opens in the deepest one, and its text, are below it. */
		CHECK_INT(diag.warnings, 1);
		CHECK_INT(S_depth(doc->root), DC_MAX_DEPTH + 2);
		CHECK_INT(S_text_bytes(doc->root), 5);
	}
	dc_doc_free(doc);
	free(src);
}

/* Nested lists, tables and spans at every depth around the bound: the
 * builder's opens and closes stay balanced and no text is lost. */
static void test_hostile_deep_mixed(void)
{
	static const char *const lines[] = {
		" - 1. x\n", "\n", " | a | b |\n", " |---|---|\n",
		" | *c* | [d](u) |\n",
	};
	for (int levels = 56; levels <= 66; levels++) {
		char src[1024];
		size_t len = 0;
		for (size_t l = 0; l < sizeof lines / sizeof lines[0]; l++) {
			memset(src + len, '>', (size_t)levels);
			len += (size_t)levels;
			memcpy(src + len, lines[l], strlen(lines[l]));
			len += strlen(lines[l]);
		}
		unsigned warnings = 0;
		char *ast = S_ast_as("markdown", src, len, &warnings);
		CHECK(ast && strstr(ast, "\"x\"") && strstr(ast, "\"a\"") &&
		      strstr(ast, "\"c\"") && strstr(ast, "\"d\""));
		/* Quotes, a list, an item, a list, an item (tight: the
		 * builder's paragraph in it is not bounded), and a table,
		 * a row, a cell, an emphasis. */
		CHECK_INT(warnings, levels + 4 > DC_MAX_DEPTH);
		free(ast);
	}
	/* Ten thousand nested links and emphases. */
	enum { N = 10000 };
	char *src = malloc(5 * N + 8);
	CHECK(src != NULL);
	if (!src)
		return;
	size_t len = 0;
	for (int i = 0; i < N; i++)
		src[len++] = '[';
	src[len++] = 'x';
	for (int i = 0; i < N; i++) {
		memcpy(src + len, "](u)", 4);
		len += 4;
	}
	char *ast = S_ast_as("markdown", src, len, NULL);
	CHECK(ast != NULL);
	free(ast);
	for (size_t i = 0; i < len; i++)
		src[i] = i < len / 2 ? '*' : (i == len / 2 ? 'x' : '*');
	ast = S_ast_as("markdown", src, len, NULL);
	CHECK(ast && strstr(ast, "\"x\""));
	free(ast);
	free(src);
}

/* SIZE bytes of every construct the reader handles, over and over. */
static char *S_mixed(size_t size, size_t *len)
{
	static const char unit[] =
		"# Heading *em* `c`\n\nPara with [link](u \"t\") and "
		"![img](i.png), &amp; <b>raw</b>, www.x.org, ~~s~~[^n]\n"
		"soft line  \nhard.\n\n- [x] item\n  1. sub\n\n> quote\n\n"
		"| a | b |\n|:--|--:|\n| 1 | 2 |\n\n```c\ncode\n```\n\n"
		"<div>\nhtml\n</div>\n\n---\n\n";
	static const char note[] = "[^n]: The note.\n";
	size_t n = (size - sizeof note) / (sizeof unit - 1);
	char *src = malloc(n * (sizeof unit - 1) + sizeof note);
	if (!src)
		return NULL;
	for (size_t i = 0; i < n; i++)
		memcpy(src + i * (sizeof unit - 1), unit, sizeof unit - 1);
	memcpy(src + n * (sizeof unit - 1), note, sizeof note);
	*len = n * (sizeof unit - 1) + sizeof note - 1;
	return src;
}

/* Seconds of CPU to read LEN bytes of SRC. */
static double S_time_read(const char *src, size_t len, struct dc_doc **out)
{
	struct dc_diag diag;
	dc_diag_init(&diag, "test", NULL);
	clock_t start = clock();
	*out = dc_test_read_len("markdown", src, len, &diag);
	return (double)(clock() - start) / CLOCKS_PER_SEC;
}

static void test_hostile_one_megabyte(void)
{
	size_t len1, len4;
	char *one = S_mixed(1 << 20, &len1);
	char *four = S_mixed(4 << 20, &len4);
	CHECK(one && four);
	if (one && four) {
		struct dc_doc *d1, *d4;
		double t1 = S_time_read(one, len1, &d1);
		double t4 = S_time_read(four, len4, &d4);
		CHECK(d1 && d4);
		if (d1 && d4) {
			int units = S_count(d1->root, DC_TABLE);
			CHECK(units > 1000);
			CHECK_INT(S_count(d1->root, DC_FOOTNOTE_REF), units);
			CHECK_INT(S_count(d1->root, DC_FOOTNOTE), 1);
			CHECK_INT(S_count(d4->root, DC_TABLE),
				  S_count(d4->root, DC_FOOTNOTE_REF));
		}
		/* Linear: four times the input, not sixteen times the
		 * time (with room for noise). */
		CHECK(t4 < 8 * t1 + 0.05);
		dc_doc_free(d1);
		dc_doc_free(d4);
	}
	free(one);
	free(four);
}

static void test_hostile_long_lines(void)
{
	enum { SIZE = 1 << 20 };
	char *src = malloc(SIZE);
	CHECK(src != NULL);
	if (!src)
		return;
	/* One 1 MB line of emphases, references and brackets. */
	for (size_t i = 0; i < SIZE; i++)
		src[i] = "*a* [^n] [x\\[^"[i % 14];
	char *ast = S_ast_as("markdown", src, SIZE, NULL);
	CHECK(ast != NULL);
	free(ast);
	/* A megabyte of blank lines, and of backslashes before one '['. */
	memset(src, '\n', SIZE);
	ast = S_ast_as("markdown", src, SIZE, NULL);
	CHECK_STR(ast, DOC);
	free(ast);
	memset(src, '\\', SIZE);
	memcpy(src + SIZE - 6, "[^n]\n\n", 6);
	ast = S_ast_as("markdown", src, SIZE, NULL);
	CHECK(ast != NULL);
	free(ast);
	free(src);
}

/* ---- relay.c: md4c on its own thread ---- */

/* md4c's events, written down as text to compare. */
struct recorder {
	struct dc_buf out;
	const char *data;
	size_t len;
	size_t events, stop_after;  /* stop_after 0: never */
	bool ok;
};

static void S_put(struct recorder *rec, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void S_put(struct recorder *rec, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	rec->ok = rec->ok && n >= 0 && (size_t)n < sizeof line &&
		  dc_buf_append(&rec->out, line, (size_t)n);
}

/* Bytes, and where they are: at an offset of the parsed data or not. */
static void S_put_bytes(struct recorder *rec, const char *s, size_t n)
{
	uintptr_t at = (uintptr_t)s, base = (uintptr_t)rec->data;
	if (n > 0 && at >= base && at - base <= rec->len)
		S_put(rec, "@%zu", (size_t)(at - base));
	else
		S_put(rec, "@-");
	S_put(rec, "[%zu:", n);
	rec->ok = rec->ok && (!n || dc_buf_append(&rec->out, s, n));
	S_put(rec, "]");
}

static void S_put_attribute(struct recorder *rec, const MD_ATTRIBUTE *a)
{
	S_put_bytes(rec, a->text, a->size);
	for (size_t i = 0; a->size > 0 && a->substr_offsets[i] < a->size; i++)
		S_put(rec, "<%d %u>", (int)a->substr_types[i],
		      a->substr_offsets[i]);
}

/* The detail of a block of TYPE. */
static void S_put_block(struct recorder *rec, MD_BLOCKTYPE type,
			const void *detail)
{
	const MD_BLOCK_UL_DETAIL *ul = detail;
	const MD_BLOCK_OL_DETAIL *ol = detail;
	const MD_BLOCK_LI_DETAIL *li = detail;
	const MD_BLOCK_CODE_DETAIL *code = detail;
	const MD_BLOCK_TABLE_DETAIL *table = detail;
	if (!detail)
		return;
	switch (type) {
	case MD_BLOCK_UL: S_put(rec, " %d %c", ul->is_tight, ul->mark); break;
	case MD_BLOCK_OL:
		S_put(rec, " %u %d %c", ol->start, ol->is_tight,
		      ol->mark_delimiter);
		break;
	case MD_BLOCK_LI:
		S_put(rec, " %d %c %u", li->is_task,
		      li->is_task ? li->task_mark : '-',
		      li->is_task ? li->task_mark_offset : 0);
		break;
	case MD_BLOCK_H:
		S_put(rec, " %u", ((const MD_BLOCK_H_DETAIL *)detail)->level);
		break;
	case MD_BLOCK_CODE:
		S_put_attribute(rec, &code->info);
		S_put_attribute(rec, &code->lang);
		S_put(rec, " %d", code->fence_char);
		break;
	case MD_BLOCK_TABLE:
		S_put(rec, " %u %u %u", table->col_count,
		      table->head_row_count, table->body_row_count);
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		S_put(rec, " %d",
		      (int)((const MD_BLOCK_TD_DETAIL *)detail)->align);
		break;
	default: break;
	}
}

static void S_put_span(struct recorder *rec, MD_SPANTYPE type,
		       const void *detail)
{
	const MD_SPAN_A_DETAIL *a = detail;
	const MD_SPAN_IMG_DETAIL *img = detail;
	if (detail && type == MD_SPAN_A) {
		S_put_attribute(rec, &a->href);
		S_put_attribute(rec, &a->title);
	} else if (detail && type == MD_SPAN_IMG) {
		S_put_attribute(rec, &img->src);
		S_put_attribute(rec, &img->title);
	}
}

/* Non-zero once STOP_AFTER events are written down. */
static int S_counted(struct recorder *rec)
{
	S_put(rec, "\n");
	return ++rec->events == rec->stop_after ? 7 : 0;
}

static int S_rec_enter_block(MD_BLOCKTYPE type, void *detail, void *data)
{
	S_put(data, "B%d", (int)type);
	S_put_block(data, type, detail);
	return S_counted(data);
}

static int S_rec_leave_block(MD_BLOCKTYPE type, void *detail, void *data)
{
	S_put(data, "b%d", (int)type);
	S_put_block(data, type, detail);
	return S_counted(data);
}

static int S_rec_enter_span(MD_SPANTYPE type, void *detail, void *data)
{
	S_put(data, "S%d", (int)type);
	S_put_span(data, type, detail);
	return S_counted(data);
}

static int S_rec_leave_span(MD_SPANTYPE type, void *detail, void *data)
{
	S_put(data, "s%d", (int)type);
	S_put_span(data, type, detail);
	return S_counted(data);
}

static int S_rec_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE size,
		      void *data)
{
	S_put(data, "T%d", (int)type);
	S_put_bytes(data, s, size);
	return S_counted(data);
}

/* SRC parsed, directly or RELAYED, its events in REC; md4c's result. */
static int S_record(const char *src, size_t len, bool relayed,
		    struct recorder *rec)
{
	static const MD_PARSER parser = {
		.flags = MD_DIALECT_GITHUB,
		.enter_block = S_rec_enter_block,
		.leave_block = S_rec_leave_block,
		.enter_span = S_rec_enter_span,
		.leave_span = S_rec_leave_span,
		.text = S_rec_text,
	};
	rec->data = src;
	rec->len = len;
	rec->ok = true;
	return relayed ? mdr_parse_relayed(src, (MD_SIZE)len, &parser, rec)
		       : md_parse(src, (MD_SIZE)len, &parser, rec);
}

/* The callbacks see the same events with the same arguments relayed as
 * called by md4c, for SRC.  With STOP_AFTER, the callback that returns
 * non-zero is the last called, and its value is the result (md4c 0.4.8
 * itself goes on after some callbacks' non-zero: the reader's callbacks
 * keep returning it, and do nothing more). */
static void S_check_relay(const char *src, size_t len, size_t stop_after)
{
	struct recorder direct = {0};
	struct recorder relayed = {.stop_after = stop_after};
	int want = S_record(src, len, false, &direct);
	int got = S_record(src, len, true, &relayed);
	CHECK(direct.ok && relayed.ok);
	if (stop_after) {
		CHECK_INT(got, 7);
		CHECK_INT(relayed.events, stop_after);
	} else {
		CHECK_INT(got, want);
		CHECK_INT(relayed.events, direct.events);
	}
	CHECK(relayed.out.len <= direct.out.len &&
	      (stop_after || relayed.out.len == direct.out.len) &&
	      memcmp(direct.out.data, relayed.out.data, relayed.out.len) == 0);
	dc_buf_free(&direct.out);
	dc_buf_free(&relayed.out);
}

static void test_relay_same_events(void)
{
	/* Each detail there is, attributes with entities and escapes (md4c
	 * builds those in buffers of its own), a NUL, line ends. */
	static const char every[] =
		"# Title &amp; *em*\n\n"
		"- [x] done\n- [ ] open\n\n3) three\n4) four\n\n"
		"``` c&#x2B;&#x2B; info \\* more\nint x;\n```\n\n"
		"    indented\n\n"
		"| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n\n"
		"[link](</a b>  \"t &quot;q&quot;\") ![img](i&amp;.png 'alt')\n"
		"<https://example.org> www.example.org x@example.org\n"
		"hard  \nbreak\\\nand \0 nul ~~del~~ `code` <b>raw</b>\n\n"
		"<div>\nhtml\n</div>\n\n> quote\n\n---\n";
	S_check_relay(every, sizeof every - 1, 0);
	S_check_relay("", 0, 0);
	/* Past a block of records (64 KB), past what may wait (512 KB): md4c
	 * waits for the callbacks. */
	size_t len;
	char *big = S_mixed(4 << 20, &len);
	CHECK(big != NULL);
	if (big)
		S_check_relay(big, len, 0);
	free(big);
}

/* A callback's non-zero stops the parse and is what it returns, however
 * far md4c has got (it may be waiting for room). */
static void test_relay_stops(void)
{
	size_t len;
	char *big = S_mixed(4 << 20, &len);
	CHECK(big != NULL);
	if (!big)
		return;
	static const size_t stops[] = {1, 2, 1000, 250000};
	for (size_t i = 0; i < sizeof stops / sizeof *stops; i++)
		S_check_relay(big, len, stops[i]);
	free(big);
}

/* Line and column of every offset of a text, asked in order, backwards
 * and in long jumps, against a count from the start: the index keeps
 * every 16th line's start only. */
static void test_lines_locate(void)
{
	char text[4000];
	size_t len = 0;
	for (int i = 0; len + 40 < sizeof text; i++) {
		/* lines of 0 to 36 bytes; an "é" (2 bytes, 1 column) in
		 * some */
		for (int k = 0; k < (i * 7) % 37; k++)
			text[len++] = 'a';
		if (i % 5 == 0) {
			text[len++] = '\xC3';
			text[len++] = '\xA9';
		}
		text[len++] = '\n';
	}
	struct mdr_lines lines;
	CHECK(mdr_lines_init(&lines, text, len));
	static const size_t strides[] = {1, 997, 3};
	for (size_t s = 0; s < sizeof strides / sizeof *strides; s++) {
		size_t off = s == 2 ? len : 0, asked = 0;
		for (; asked <= len; asked++) {
			long line, col, want_line = 1, want_col = 1;
			for (size_t i = 0; i < off; i++) {
				if (text[i] == '\n') {
					want_line++;
					want_col = 1;
				} else if (((unsigned char)text[i] & 0xC0) !=
					   0x80) {
					want_col++;
				}
			}
			mdr_lines_locate(&lines, off, &line, &col);
			CHECK_INT(line, want_line);
			CHECK_INT(col, want_col);
			if (line != want_line || col != want_col)
				break;
			/* forward by the stride, or back by 3 */
			if (s == 2)
				off = off >= 3 ? off - 3 : len;
			else
				off = (off + strides[s]) % (len + 1);
		}
	}
	mdr_lines_free(&lines);
}

static const struct dc_test tests[] = {
	{"lines_locate", test_lines_locate},
	{"front_matter_invalid", test_front_matter_invalid},
	{"front_matter_shapes", test_front_matter_shapes},
	{"front_matter_skipped", test_front_matter_skipped},
	{"positions", test_positions},
	{"image_paths", test_image_paths},
	{"nul_bytes", test_nul_bytes},
	{"entities", test_entities},
	{"commonmark_flavour", test_commonmark_flavour},
	{"footnote_references", test_footnote_references},
	{"footnotes_kept", test_footnotes_kept},
	{"footnote_definitions", test_footnote_definitions},
	{"md4c_unbalanced", test_md4c_unbalanced},
	{"hostile_deep_quotes", test_hostile_deep_quotes},
	{"hostile_deep_mixed", test_hostile_deep_mixed},
	{"hostile_one_megabyte", test_hostile_one_megabyte},
	{"hostile_long_lines", test_hostile_long_lines},
	{"relay_same_events", test_relay_same_events},
	{"relay_stops", test_relay_stops},
	{0},
};

const struct dc_suite dc_suite_markdown = {.name = "markdown",
					   .tests = tests};
