/* The XHTML serialiser through the HTML writer: documents built node by
 * node, written as pages or fragments, parsed by expat (the output must
 * be well-formed XML) and checked for the markup that matters. */
#include "harness.h"

#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builder.h"
#include "format.h"
#include "sectionize.h"
#include "xhtml.h"

#ifndef DOCCONV_SOURCE_DIR
#define DOCCONV_SOURCE_DIR "."
#endif

static const char RED_PNG[] = DOCCONV_SOURCE_DIR "/fixtures/images/red.png";

/* ------------------------------------------------------------------ */
/* Building and writing */

/* Is TEXT well-formed XML?  A fragment is wrapped in one element. */
static bool S_wellformed(const char *text, bool fragment)
{
	XML_Parser p = XML_ParserCreate("UTF-8");
	bool ok = p != NULL;
	if (ok && fragment)
		ok = XML_Parse(p, "<div>", 5, 0) != XML_STATUS_ERROR;
	if (ok)
		ok = XML_Parse(p, text, (int)strlen(text), !fragment) !=
		     XML_STATUS_ERROR;
	if (ok && fragment)
		ok = XML_Parse(p, "</div>", 6, 1) != XML_STATUS_ERROR;
	if (!ok && p)
		fprintf(stderr, "not well-formed, line %lu: %s\n%s\n",
			(unsigned long)XML_GetCurrentLineNumber(p),
			XML_ErrorString(XML_GetErrorCode(p)), text);
	if (p)
		XML_ParserFree(p);
	return ok;
}

/* DOC as HTML with OPTS; *STATUS the writer's, *WARNINGS its count.
 * NULL on failure. */
static char *S_html_opts(const struct dc_doc *doc,
			 const struct dc_options *opts, enum dc_status *status,
			 unsigned *warnings)
{
	const struct dc_format *f = dc_format_by_name("html");
	struct dc_diag diag;
	struct dc_sink sink;
	dc_diag_init(&diag, "test", NULL);
	dc_sink_open_memory(&sink);
	CHECK(f != NULL);
	*status = f ? f->write(doc, &sink, opts, &diag) : DC_ERR_SOFTWARE;
	*warnings = diag.warnings;
	if (*status != DC_OK || dc_sink_commit(&sink, &diag) != DC_OK ||
	    !dc_buf_putc(&sink.mem, '\0')) {
		dc_sink_abort(&sink);
		return NULL;
	}
	CHECK(S_wellformed(sink.mem.data, opts->fragment));
	return sink.mem.data;
}

/* DOC as an HTML page (FRAGMENT false) or fragment, checked
 * well-formed. */
static char *S_html(const struct dc_doc *doc, bool fragment,
		    unsigned *warnings)
{
	struct dc_options opts = {.fragment = fragment};
	enum dc_status st;
	char *out = S_html_opts(doc, &opts, &st, warnings);
	CHECK_INT(st, DC_OK);
	CHECK(out != NULL);
	return out ? out : calloc(1, 1);
}

static char *S_fragment(const struct dc_doc *doc, unsigned *warnings)
{
	return S_html(doc, true, warnings);
}

#define CHECK_HAS(hay, needle)                                             \
	do {                                                               \
		if (!strstr((hay), (needle)))                              \
			dc_check_fail(__FILE__, __LINE__,                  \
				      "output lacks \"%s\":\n%s", (needle), \
				      (hay));                              \
	} while (0)

/* ------------------------------------------------------------------ */
/* Tests */

static void test_blocks(void)
{
	struct dc_test_doc d;
	dc_test_begin(&d);
	dc_test_heading(&d, 1, "Top & <Title>");
	dc_test_wrap(&d, DC_PARAGRAPH, "Para");
	struct dc_node *ul = dc_test_open(&d, DC_BULLET_LIST);
	ul->as.list.tight = true;
	struct dc_node *item = dc_test_open(&d, DC_LIST_ITEM);
	item->as.item.task = DC_TASK_DONE;
	dc_test_wrap(&d, DC_PARAGRAPH, "done");
	dc_test_close(&d, DC_LIST_ITEM);
	dc_test_close(&d, DC_BULLET_LIST);
	struct dc_node *ol = dc_test_open(&d, DC_ORDERED_LIST);
	ol->as.list.start = 3;
	ol->as.list.style = DC_LIST_LOWER_ALPHA;
	dc_test_open(&d, DC_LIST_ITEM);
	dc_test_wrap(&d, DC_PARAGRAPH, "loose");
	dc_test_close(&d, DC_LIST_ITEM);
	dc_test_close(&d, DC_ORDERED_LIST);
	dc_test_open(&d, DC_DEF_LIST);
	dc_test_open(&d, DC_DEF_ITEM);
	dc_test_wrap(&d, DC_DEF_TERM, "term");
	dc_test_open(&d, DC_DEF_DESC);
	dc_test_wrap(&d, DC_PARAGRAPH, "desc");
	dc_test_close(&d, DC_DEF_DESC);
	dc_test_close(&d, DC_DEF_ITEM);
	dc_test_close(&d, DC_DEF_LIST);
	struct dc_node *code = dc_test_leaf(&d, DC_CODE_BLOCK, "a < b\n  c\n");
	dc_test_str(&d, code, DC_STR_LANG, "c");
	dc_test_open(&d, DC_BLOCK_QUOTE);
	dc_test_wrap(&d, DC_PARAGRAPH, "quoted");
	dc_test_close(&d, DC_BLOCK_QUOTE);
	dc_test_leaf(&d, DC_THEMATIC_BREAK, NULL);
	dc_test_leaf(&d, DC_PAGE_BREAK, NULL);
	struct dc_node *adm = dc_test_open(&d, DC_ADMONITION);
	adm->as.admonition.type = DC_WARNING;
	dc_test_wrap(&d, DC_PARAGRAPH, "careful");
	dc_test_close(&d, DC_ADMONITION);
	struct dc_node *raw = dc_test_leaf(&d, DC_RAW_BLOCK, "<div class=\"raw\">r</div>");
	dc_test_str(&d, raw, DC_STR_FORMAT, "html");
	raw = dc_test_leaf(&d, DC_RAW_BLOCK, "\\raw");
	dc_test_str(&d, raw, DC_STR_FORMAT, "latex");
	dc_test_end(&d);
	unsigned warnings;
	char *out = S_fragment(d.doc, &warnings);
	/* A fragment's sections are their content alone (CommonMark's). */
	CHECK_HAS(out, "<h1>Top &amp; &lt;Title&gt;</h1>\n<p>Para</p>");
	CHECK(!strstr(out, "<section"));
	CHECK_HAS(out, "<li class=\"task\"><input type=\"checkbox\" disabled=\"disabled\" checked=\"checked\"/>done</li>");
	CHECK_HAS(out, "<ol start=\"3\" type=\"a\">\n<li>\n<p>loose</p>\n</li>");
	CHECK_HAS(out, "<dl>\n<dt>term</dt>\n<dd>\n<p>desc</p>\n</dd>\n</dl>");
	CHECK_HAS(out, "<pre><code class=\"language-c\">a &lt; b\n  c\n</code></pre>");
	CHECK_HAS(out, "<blockquote>\n<p>quoted</p>\n</blockquote>");
	CHECK_HAS(out, "<hr/>\n<div class=\"page-break\"></div>");
	CHECK_HAS(out, "<div class=\"warning\">\n<p>careful</p>\n</div>");
	CHECK_HAS(out, "<div class=\"raw\">r</div>\n");
	CHECK(!strstr(out, "\\raw"));
	CHECK_INT(warnings, 0);
	free(out);
	dc_doc_free(d.doc);
}

static void test_inlines(void)
{
	struct dc_test_doc d;
	dc_test_begin(&d);
	dc_test_open(&d, DC_PARAGRAPH);
	dc_test_wrap(&d, DC_EMPH, "em");
	dc_test_wrap(&d, DC_STRONG, "strong");
	dc_test_leaf(&d, DC_CODE, "x<y");
	struct dc_node *link = dc_test_open(&d, DC_LINK);
	link->as.link.url = dc_test_dup(&d, "http://e.org/a b%zz");
	dc_test_str(&d, link, DC_STR_TITLE, "T\"");
	dc_test_text(&d, "link");
	struct dc_node *inner = dc_test_open(&d, DC_LINK);
	inner->as.link.url = dc_test_dup(&d, "http://inner");
	dc_test_text(&d, "inner");
	dc_test_close(&d, DC_LINK);
	dc_test_close(&d, DC_LINK);
	dc_test_wrap(&d, DC_STRIKE, "gone");
	dc_test_wrap(&d, DC_SUPERSCRIPT, "up");
	dc_test_wrap(&d, DC_SUBSCRIPT, "down");
	dc_test_leaf(&d, DC_LINE_BREAK, NULL);
	dc_test_text(&d, "after");
	dc_test_leaf(&d, DC_SOFT_BREAK, NULL);
	dc_test_text(&d, "next");
	dc_test_close(&d, DC_PARAGRAPH);
	dc_test_end(&d);
	unsigned warnings;
	char *out = S_fragment(d.doc, &warnings);
	CHECK_HAS(out, "<p><em>em</em><strong>strong</strong><code>x&lt;y</code>");
	CHECK_HAS(out, "<a href=\"http://e.org/a%20b%25zz\" title=\"T&quot;\">link<span class=\"link\">inner</span></a>");
	CHECK_HAS(out, "<s>gone</s><sup>up</sup><sub>down</sub><br/>\nafter\nnext</p>");
	free(out);
	dc_doc_free(d.doc);
}

static void test_tables_figures(void)
{
	struct dc_test_doc d;
	dc_test_begin(&d);
	dc_test_open(&d, DC_TABLE);
	dc_test_wrap(&d, DC_CAPTION, "Cap");
	dc_test_open(&d, DC_TABLE_ROW);
	struct dc_node *c = dc_test_wrap(&d, DC_TABLE_CELL, "H");
	c->as.cell.header = true;
	dc_test_close(&d, DC_TABLE_ROW);
	dc_test_open(&d, DC_TABLE_ROW);
	c = dc_test_wrap(&d, DC_TABLE_CELL, "1");
	c->as.cell.align = DC_ALIGN_RIGHT;
	dc_test_close(&d, DC_TABLE_ROW);
	dc_test_close(&d, DC_TABLE);
	dc_test_open(&d, DC_FIGURE);
	struct dc_node *img = dc_test_open(&d, DC_IMAGE);
	img->as.link.url = dc_test_dup(&d, "pic.png");
	dc_test_text(&d, "alt \"text\"");
	dc_test_close(&d, DC_IMAGE);
	dc_test_wrap(&d, DC_CAPTION, "Fig");
	dc_test_close(&d, DC_FIGURE);
	dc_test_end(&d);
	unsigned warnings;
	char *out = S_fragment(d.doc, &warnings);
	CHECK_HAS(out, "<table>\n<caption>Cap</caption>\n<thead>\n<tr>\n<th>H</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td style=\"text-align: right\">1</td>\n</tr>\n</tbody>\n</table>");
	CHECK_HAS(out, "<figure>\n<img src=\"pic.png\" alt=\"alt &quot;text&quot;\"/>\n<figcaption>Fig</figcaption>\n</figure>");
	free(out);
	dc_doc_free(d.doc);
}

/* Notes numbered by first reference, at the end, with links back; a
 * note cited from a note; an undefined label; a note never cited. */
static void test_footnotes(void)
{
	struct dc_test_doc d;
	dc_test_begin(&d);
	dc_test_open(&d, DC_PARAGRAPH);
	dc_test_text(&d, "x");
	struct dc_node *r = dc_test_leaf(&d, DC_FOOTNOTE_REF, NULL);
	r->as.note.label = dc_test_dup(&d, "b");
	r = dc_test_leaf(&d, DC_FOOTNOTE_REF, NULL);
	r->as.note.label = dc_test_dup(&d, "a");
	r = dc_test_leaf(&d, DC_FOOTNOTE_REF, NULL);
	r->as.note.label = dc_test_dup(&d, "b");
	r = dc_test_leaf(&d, DC_FOOTNOTE_REF, NULL);
	r->as.note.label = dc_test_dup(&d, "nope");
	dc_test_close(&d, DC_PARAGRAPH);
	struct dc_node *fn = dc_test_open(&d, DC_FOOTNOTE);
	fn->as.note.label = dc_test_dup(&d, "a");
	dc_test_open(&d, DC_PARAGRAPH);
	dc_test_text(&d, "note a");
	r = dc_test_leaf(&d, DC_FOOTNOTE_REF, NULL);
	r->as.note.label = dc_test_dup(&d, "c");
	dc_test_close(&d, DC_PARAGRAPH);
	dc_test_close(&d, DC_FOOTNOTE);
	fn = dc_test_open(&d, DC_FOOTNOTE);
	fn->as.note.label = dc_test_dup(&d, "b");
	dc_test_wrap(&d, DC_PARAGRAPH, "note b");
	dc_test_close(&d, DC_FOOTNOTE);
	fn = dc_test_open(&d, DC_FOOTNOTE);
	fn->as.note.label = dc_test_dup(&d, "c");
	dc_test_wrap(&d, DC_PARAGRAPH, "note c");
	dc_test_close(&d, DC_FOOTNOTE);
	fn = dc_test_open(&d, DC_FOOTNOTE);
	fn->as.note.label = dc_test_dup(&d, "lonely");
	dc_test_wrap(&d, DC_PARAGRAPH, "never cited");
	dc_test_close(&d, DC_FOOTNOTE);
	dc_test_end(&d);
	unsigned warnings;
	char *out = S_fragment(d.doc, &warnings);
	CHECK_HAS(out, "<p>x<a id=\"fnref-1\" class=\"footnote-ref\" href=\"#fn-1\" role=\"doc-noteref\"><sup>1</sup></a>"
		       "<a id=\"fnref-2\" class=\"footnote-ref\" href=\"#fn-2\" role=\"doc-noteref\"><sup>2</sup></a>"
		       "<a class=\"footnote-ref\" href=\"#fn-1\" role=\"doc-noteref\"><sup>1</sup></a><sup>nope</sup></p>");
	CHECK_HAS(out, "<section class=\"footnotes\" role=\"doc-endnotes\">\n<hr/>\n<ol>\n"
		       "<li id=\"fn-1\">\n<p>note b <a class=\"footnote-back\" href=\"#fnref-1\" role=\"doc-backlink\">");
	CHECK_HAS(out, "<li id=\"fn-2\">\n<p>note a<a id=\"fnref-3\" class=\"footnote-ref\" href=\"#fn-3\"");
	CHECK_HAS(out, "<li id=\"fn-3\">\n<p>note c");
	CHECK_HAS(out, "<li id=\"fn-4\">\n<p>never cited</p>\n</li>");
	CHECK_INT(warnings, 2);  /* [nope] undefined, [lonely] never cited */
	free(out);
	dc_doc_free(d.doc);
}

/* Ids made valid and unique; sections get ids from their titles;
 * cross-references and "#id" links follow. */
static void test_ids(void)
{
	struct dc_test_doc d;
	dc_test_begin(&d);
	struct dc_node *h = dc_test_heading(&d, 1, "Intro");
	dc_test_str(&d, h, DC_STR_ID, "1 intro");
	dc_test_heading(&d, 1, "Intro");
	dc_test_heading(&d, 2, "2024 plans");
	struct dc_node *p = dc_test_open(&d, DC_PARAGRAPH);
	dc_test_str(&d, p, DC_STR_ID, "intro");
	struct dc_node *x = dc_test_open(&d, DC_XREF);
	x->as.link.url = dc_test_dup(&d, "1 intro");
	dc_test_close(&d, DC_XREF);
	struct dc_node *l = dc_test_open(&d, DC_LINK);
	l->as.link.url = dc_test_dup(&d, "#intro");
	dc_test_text(&d, "para");
	dc_test_close(&d, DC_LINK);
	x = dc_test_open(&d, DC_XREF);
	x->as.link.url = dc_test_dup(&d, "missing");
	dc_test_close(&d, DC_XREF);
	dc_test_close(&d, DC_PARAGRAPH);
	p = dc_test_wrap(&d, DC_PARAGRAPH, "dup");
	dc_test_str(&d, p, DC_STR_ID, "intro");
	dc_test_end(&d);
	unsigned warnings;
	char *out = S_html(d.doc, false, &warnings);
	CHECK_HAS(out, "<section id=\"_1_intro\">\n<h1>Intro</h1>");
	CHECK_HAS(out, "<section id=\"intro-2\">\n<h1>Intro</h1>");
	CHECK_HAS(out, "<section id=\"s-2024-plans\">\n<h2>2024 plans</h2>");
	CHECK_HAS(out, "<p id=\"intro\"><a href=\"#_1_intro\">Intro</a><a href=\"#intro\">para</a><span class=\"link\">missing</span></p>");
	CHECK_HAS(out, "<p>dup</p>");
	CHECK_INT(warnings, 2);  /* duplicate id, unknown target */
	free(out);
	/* A fragment makes up no id, but keeps the document's own. */
	out = S_fragment(d.doc, &warnings);
	CHECK_HAS(out, "<h1 id=\"_1_intro\">Intro</h1>\n<h1>Intro</h1>\n<h2>2024 plans</h2>");
	CHECK_HAS(out, "<a href=\"#_1_intro\">Intro</a>");
	free(out);
	dc_doc_free(d.doc);
}

static void test_page(void)
{
	struct dc_test_doc d;
	dc_test_begin(&d);
	CHECK(dc_meta_set(d.doc, &d.doc->meta, "title", "The <T>"));
	CHECK(dc_meta_set(d.doc, &d.doc->meta, "author", "Ann"));
	CHECK(dc_meta_set(d.doc, &d.doc->meta, "lang", "pt_BR"));
	dc_test_heading(&d, 1, "One");
	dc_test_heading(&d, 2, "Two");
	dc_test_heading(&d, 3, "Three");
	dc_test_heading(&d, 1, "Four");
	dc_test_end(&d);
	const char *css[] = {"my.css"};
	struct dc_options opts = {.toc = true, .toc_depth = 2, .css = css,
				  .n_css = 1};
	enum dc_status st;
	unsigned warnings;
	char *out = S_html_opts(d.doc, &opts, &st, &warnings);
	CHECK_INT(st, DC_OK);
	CHECK(out != NULL);
	if (out) {
		CHECK(strncmp(out, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"pt-BR\" xml:lang=\"pt-BR\">", 85) == 0);
		CHECK_HAS(out, "<title>The &lt;T&gt;</title>");
		CHECK_HAS(out, "<meta name=\"author\" content=\"Ann\"/>");
		CHECK_HAS(out, "</style>\n<link rel=\"stylesheet\" href=\"my.css\"/>\n</head>");
		CHECK_HAS(out, "<header class=\"title-block\">\n<h1 class=\"title\">The &lt;T&gt;</h1>\n<p class=\"author\">Ann</p>\n</header>");
		CHECK_HAS(out, "<nav id=\"toc\" role=\"doc-toc\">\n<ol>\n<li><a href=\"#one\">One</a>\n<ol>\n<li><a href=\"#two\">Two</a></li>\n</ol>\n</li>\n<li><a href=\"#four\">Four</a></li>\n</ol>\n</nav>");
		CHECK(!strstr(out, "href=\"#three\""));
		CHECK_HAS(out, "<h3>Three</h3>");
		CHECK_HAS(out, "</body>\n</html>\n");
	}
	free(out);
	dc_doc_free(d.doc);
}

/* An image in a document with one image S's source. */
static struct dc_doc *S_image_doc(struct dc_test_doc *d, const char *src)
{
	dc_test_begin(d);
	dc_test_open(d, DC_PARAGRAPH);
	struct dc_node *img = dc_test_open(d, DC_IMAGE);
	img->as.link.url = dc_test_dup(d, src);
	dc_test_text(d, "red");
	dc_test_close(d, DC_IMAGE);
	dc_test_close(d, DC_PARAGRAPH);
	dc_test_end(d);
	return d->doc;
}

static void test_self_contained(void)
{
	struct dc_test_doc d;
	struct dc_options opts = {.fragment = true, .self_contained = true};
	enum dc_status st;
	unsigned warnings;
	char *out = S_html_opts(S_image_doc(&d, RED_PNG), &opts, &st,
				&warnings);
	CHECK_INT(st, DC_OK);
	if (out)
		CHECK_HAS(out, "<img src=\"data:image/png;base64,iVBORw0KGgo");
	free(out);
	dc_doc_free(d.doc);

	/* One that cannot be embedded is linked, with a warning. */
	out = S_html_opts(S_image_doc(&d, "/no/such/image.png"), &opts, &st,
			  &warnings);
	CHECK_INT(st, DC_OK);
	CHECK_INT(warnings, 1);
	if (out)
		CHECK_HAS(out, "<img src=\"/no/such/image.png\" alt=\"red\"/>");
	free(out);
	dc_doc_free(d.doc);

	out = S_html_opts(S_image_doc(&d, DOCCONV_SOURCE_DIR "/README.md"),
			  &opts, &st, &warnings);
	CHECK_INT(st, DC_OK);
	CHECK_INT(warnings, 1);
	if (out)
		CHECK_HAS(out, "README.md\" alt=\"red\"/>");
	free(out);
	dc_doc_free(d.doc);

	out = S_html_opts(S_image_doc(&d, "http://e.org/x.png"), &opts, &st,
			  &warnings);
	CHECK_INT(st, DC_OK);
	if (out)
		CHECK_HAS(out, "<img src=\"http://e.org/x.png\" alt=\"red\"/>");
	free(out);
	dc_doc_free(d.doc);
}

static void test_media_types(void)
{
	CHECK_STR(dc_media_type("\x89PNG\r\n\x1A\n....", 12), "image/png");
	CHECK_STR(dc_media_type("\xFF\xD8\xFF\xE0", 4), "image/jpeg");
	CHECK_STR(dc_media_type("GIF89a..", 8), "image/gif");
	CHECK_STR(dc_media_type("RIFF....WEBPVP8 ", 16), "image/webp");
	const char *svg = "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- c -->\n"
			  "<!DOCTYPE svg>\n<svg xmlns=\"x\"/>";
	CHECK_STR(dc_media_type(svg, strlen(svg)), "image/svg+xml");
	CHECK(dc_media_type("<svgx/>", 7) == NULL);
	CHECK(dc_media_type("hello", 5) == NULL);
	CHECK(dc_media_type("", 0) == NULL);
	CHECK_STR(dc_media_extension("image/jpeg"), "jpg");
	CHECK_STR(dc_media_extension("image/svg+xml"), "svg");
}

/* Title: metadata, else first heading, else the file name; language:
 * a tag, else "en". */
static void test_defaults(void)
{
	struct dc_diag diag;
	dc_diag_init(&diag, "test", NULL);
	struct dc_doc *doc = dc_test_read("text", "Head\n====\n\nText.\n",
					  &diag);
	CHECK(doc != NULL);
	if (!doc)
		return;
	struct dc_xhtml *x;
	struct dc_xhtml_config config = {.doc = doc, .diag = &diag};
	CHECK_INT(dc_xhtml_new(&config, &x), DC_OK);
	CHECK_STR(dc_xhtml_title(x), "Head");
	CHECK_STR(dc_xhtml_lang(x), "en");
	dc_xhtml_free(x);
	dc_node_first(dc_node_first(dc_node_first(doc->root)))->literal = "";
	dc_node_first(dc_node_first(dc_node_first(doc->root)))->len = 0;
	doc->source = "dir/my.file.txt";
	CHECK(dc_meta_set(doc, &doc->meta, "lang", "not a tag!"));
	CHECK_INT(dc_xhtml_new(&config, &x), DC_OK);
	CHECK_STR(dc_xhtml_title(x), "my.file");
	unsigned before = diag.warnings;
	CHECK_STR(dc_xhtml_lang(x), "en");
	CHECK_INT(diag.warnings, before + 1);
	dc_xhtml_free(x);
	dc_doc_free(doc);
}

static const struct dc_test tests[] = {
	{"blocks", test_blocks},
	{"inlines", test_inlines},
	{"tables_figures", test_tables_figures},
	{"footnotes", test_footnotes},
	{"ids", test_ids},
	{"page", test_page},
	{"self_contained", test_self_contained},
	{"media_types", test_media_types},
	{"defaults", test_defaults},
	{0},
};

const struct dc_suite dc_suite_xhtml = {.name = "xhtml", .tests = tests};
