/* The DocBook writer: documents built node by node, written, checked for
 * the markup that matters and validated by jing against the DocBook 5.0
 * RELAX NG schema.  A missing jing or schema fails the suite: a writer
 * that was never validated is not known to work. */
#include "harness.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "builder.h"
#include "format.h"
#include "sectionize.h"

static const char DEFAULT_SCHEMA[] =
	"/usr/share/xml/docbook/schema/rng/5.0/docbook.rng";

/* ------------------------------------------------------------------ */
/* Building documents */

static struct dc_node *S_para(struct dc_test_doc *d, const char *s)
{
	return dc_test_wrap(d, DC_PARAGRAPH, s);
}

static void S_meta(struct dc_test_doc *d, const char *key, const char *value)
{
	CHECK(dc_meta_set(d->doc, &d->doc->meta, key, value));
}

/* ------------------------------------------------------------------ */
/* Writing and validating */

/* DOC as DocBook, with the number of warnings it gave in *WARNINGS. */
static char *S_render(const struct dc_doc *doc, unsigned *warnings)
{
	char *xml = dc_test_write_counted("docbook", doc, warnings);
	CHECK(xml != NULL);
	return xml;
}

static const char *S_schema(void)
{
	const char *s = getenv("DOCCONV_DOCBOOK_RNG");
	return s && s[0] ? s : DEFAULT_SCHEMA;
}

static const char *S_tmpdir(void)
{
	const char *s = getenv("TMPDIR");
	return s && s[0] ? s : "/tmp";
}

static bool S_save(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");
	if (!fp)
		return false;
	bool ok = fwrite(text, 1, strlen(text), fp) == strlen(text);
	return fclose(fp) == 0 && ok;
}

static void S_show(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char line[1024];
	if (!fp)
		return;
	while (fgets(line, sizeof line, fp))
		if (strncmp(line, "[warning]", 9) != 0)  /* jing's jar noise */
			fputs(line, stderr);
	fclose(fp);
}

/* With DOCCONV_TEST_KEEP=DIR each document is also saved as DIR/NAME.xml,
 * to look at. */
static void S_keep(const char *xml, const char *name)
{
	const char *dir = getenv("DOCCONV_TEST_KEEP");
	char path[512];
	if (!dir || !dir[0] || !xml)
		return;
	int len = snprintf(path, sizeof path, "%s/%s.xml", dir, name);
	for (int i = (int)strlen(dir) + 1; i < len; i++)
		if (path[i] == ' ' || path[i] == ',')
			path[i] = '-';
	if (!S_save(path, xml))
		fprintf(stderr, "cannot save %s\n", path);
}

/* Save XML into a new temporary file; its name goes into PATH. */
static bool S_save_temp(const char *xml, char path[static 512])
{
	snprintf(path, 512, "%s/docconv-dbk-XXXXXX", S_tmpdir());
	int fd = mkstemp(path);
	if (fd < 0)
		return false;
	close(fd);
	return xml && S_save(path, xml);
}

/* Do the N files at PATHS validate with jing?  On failure they are kept
 * and jing's report shown; on success removed. */
static bool S_jing(char (*paths)[512], size_t n, const char *what)
{
	char log[sizeof *paths + sizeof ".log"];
	size_t size = 128 + strlen(S_schema()) + sizeof log + n * 520;
	char *cmd = malloc(size);
	CHECK(cmd != NULL);
	if (!cmd || n == 0)
		return false;
	snprintf(log, sizeof log, "%s.log", paths[0]);
	size_t used = (size_t)snprintf(cmd, size, "jing '%s'", S_schema());
	for (size_t i = 0; i < n; i++)
		used += (size_t)snprintf(cmd + used, size - used, " '%s'",
					 paths[i]);
	snprintf(cmd + used, size - used, " >'%s' 2>&1", log);
	bool ok = system(cmd) == 0;
	free(cmd);
	if (!ok) {
		dc_check_fail(__FILE__, __LINE__, "%s: jing rejects it (or "
			      "jing or %s is missing):", what, S_schema());
		S_show(log);
	}
	for (size_t i = 0; ok && i < n; i++)
		remove(paths[i]);
	remove(log);
	return ok;
}

/* Is XML valid DocBook 5.0 for jing? */
static bool S_valid(const char *xml, const char *name)
{
	char path[1][512];
	S_keep(xml, name);
	if (!S_save_temp(xml, path[0])) {
		dc_check_fail(__FILE__, __LINE__, "%s: no document to validate",
			      name);
		return false;
	}
	return S_jing(path, 1, name);
}

#define CHECK_HAS(text, needle)                                            \
	do {                                                               \
		const char *t_ = (text), *n_ = (needle);                   \
		if (!t_ || !strstr(t_, n_))                                \
			dc_check_fail(__FILE__, __LINE__,                  \
				      "output lacks \"%s\"", n_);          \
	} while (0)

#define CHECK_LACKS(text, needle)                                          \
	do {                                                               \
		const char *t_ = (text), *n_ = (needle);                   \
		if (t_ && strstr(t_, n_))                                  \
			dc_check_fail(__FILE__, __LINE__,                  \
				      "output has \"%s\"", n_);            \
	} while (0)

static size_t S_occurrences(const char *text, const char *needle)
{
	size_t count = 0;
	for (const char *p = text; p && (p = strstr(p, needle)); p++)
		count++;
	return count;
}

/* Write D's document, check it validates, give the output (to free). */
static char *S_write_valid(struct dc_test_doc *d, const char *name)
{
	char *out = dc_test_write("docbook", d->doc);
	CHECK(out != NULL);
	CHECK(S_valid(out, name));
	return out;
}

/* ------------------------------------------------------------------ */
/* Every kind, every field */

static void S_all_metadata(struct dc_test_doc *d)
{
	S_meta(d, "title", "All <kinds> & fields");
	S_meta(d, "subtitle", "A \"subtitle\"");
	S_meta(d, "author", "Ada Lovelace");
	S_meta(d, "author", "Charles Babbage");
	S_meta(d, "date", "2024-05-01");
	S_meta(d, "lang", "en-GB");
	S_meta(d, "subject", "Computing");
	S_meta(d, "description", "What it is about.");
	S_meta(d, "keywords", "engines, looms");
	S_meta(d, "identifier", "urn:isbn:9780000000000");
	S_meta(d, "rights", "CC BY 4.0");
	S_meta(d, "publisher", "Analytical Press");
	S_meta(d, "cover", "images/cover page.png");
	S_meta(d, "series", "Engines & <Looms>");
}

static void S_all_lists(struct dc_test_doc *d)
{
	struct dc_node *list = dc_test_open(d, DC_BULLET_LIST);
	list->as.list.tight = true;
	list->as.list.bullet = '-';
	struct dc_node *item = dc_test_open(d, DC_LIST_ITEM);
	item->as.item.task = DC_TASK_DONE;
	S_para(d, "done");
	dc_test_close(d, DC_LIST_ITEM);
	dc_test_open(d, DC_LIST_ITEM);
	dc_test_heading(d, 3, "Heading in an item");
	S_para(d, "under it");
	dc_test_close(d, DC_LIST_ITEM);
	dc_test_close(d, DC_BULLET_LIST);

	list = dc_test_open(d, DC_ORDERED_LIST);
	list->as.list.start = 3;
	list->as.list.style = DC_LIST_LOWER_ROMAN;
	list->as.list.delim = DC_DELIM_PAREN;
	dc_test_open(d, DC_LIST_ITEM);
	S_para(d, "third");
	dc_test_close(d, DC_LIST_ITEM);
	dc_test_close(d, DC_ORDERED_LIST);

	dc_test_open(d, DC_DEF_LIST);
	dc_test_open(d, DC_DEF_ITEM);
	dc_test_wrap(d, DC_DEF_TERM, "term one");
	dc_test_wrap(d, DC_DEF_TERM, "term two");
	dc_test_open(d, DC_DEF_DESC);
	S_para(d, "described");
	dc_test_close(d, DC_DEF_DESC);
	dc_test_open(d, DC_DEF_DESC);
	S_para(d, "again");
	dc_test_close(d, DC_DEF_DESC);
	dc_test_close(d, DC_DEF_ITEM);
	dc_test_close(d, DC_DEF_LIST);
}

static void S_all_tables_figures(struct dc_test_doc *d)
{
	dc_test_open(d, DC_TABLE);
	dc_test_wrap(d, DC_CAPTION, "Numbers");
	static const char *const cells[2][3] = {{"a", "b", "c"},
						{"1", "2", "3"}};
	for (int r = 0; r < 2; r++) {
		dc_test_open(d, DC_TABLE_ROW);
		for (int c = 0; c < 3; c++) {
			struct dc_node *cell = dc_test_wrap(d, DC_TABLE_CELL,
						      cells[r][c]);
			cell->as.cell.header = r == 0;
			cell->as.cell.align = (enum dc_align)c + 1;
		}
		dc_test_close(d, DC_TABLE_ROW);
	}
	dc_test_close(d, DC_TABLE);

	dc_test_open(d, DC_FIGURE);
	dc_test_wrap(d, DC_CAPTION, "A loom");
	struct dc_node *img = dc_test_wrap(d, DC_IMAGE, "loom picture");
	img->as.link.url = dc_test_dup(d, "loom.png");
	dc_test_str(d, img, DC_STR_TITLE, "The loom");
	dc_test_close(d, DC_FIGURE);
}

static void S_all_blocks(struct dc_test_doc *d)
{
	struct dc_node *code =
		dc_test_leaf(d, DC_CODE_BLOCK, "int x;\n  y();\n");
	dc_test_str(d, code, DC_STR_LANG, "c");
	dc_test_open(d, DC_BLOCK_QUOTE);
	S_para(d, "quoted");
	dc_test_close(d, DC_BLOCK_QUOTE);
	dc_test_leaf(d, DC_THEMATIC_BREAK, NULL);
	dc_test_leaf(d, DC_PAGE_BREAK, NULL);
	struct dc_node *adm = dc_test_open(d, DC_ADMONITION);
	adm->as.admonition.type = DC_WARNING;
	S_para(d, "careful");
	dc_test_close(d, DC_ADMONITION);
	struct dc_node *raw = dc_test_leaf(d, DC_RAW_BLOCK,
				     "<para role=\"raw\">raw</para>");
	dc_test_str(d, raw, DC_STR_FORMAT, "docbook");
	raw = dc_test_leaf(d, DC_RAW_BLOCK, "<div>html</div>");
	dc_test_str(d, raw, DC_STR_FORMAT, "html");
}

static void S_all_inlines(struct dc_test_doc *d)
{
	dc_test_open(d, DC_PARAGRAPH);
	dc_test_text(d, "plain ");
	dc_test_wrap(d, DC_EMPH, "emph");
	dc_test_wrap(d, DC_STRONG, "strong");
	dc_test_leaf(d, DC_CODE, "code()");
	struct dc_node *link = dc_test_wrap(d, DC_LINK, "link");
	link->as.link.url = dc_test_dup(d, "https://example.org/a?b=1&c=2");
	dc_test_str(d, link, DC_STR_TITLE, "Example");
	struct dc_node *xref = dc_test_open(d, DC_XREF);
	xref->as.link.url = dc_test_dup(d, "sec-one");
	dc_test_close(d, DC_XREF);
	struct dc_node *img = dc_test_wrap(d, DC_IMAGE, "icon");
	img->as.link.url = dc_test_dup(d, "icon.png");
	dc_test_leaf(d, DC_LINE_BREAK, NULL);
	dc_test_text(d, "after break");
	dc_test_leaf(d, DC_SOFT_BREAK, NULL);
	dc_test_text(d, "next line");
	struct dc_node *ref = dc_test_leaf(d, DC_FOOTNOTE_REF, NULL);
	ref->as.note.label = dc_test_dup(d, "n1");
	dc_test_wrap(d, DC_STRIKE, "struck");
	dc_test_wrap(d, DC_SUPERSCRIPT, "sup");
	dc_test_wrap(d, DC_SUBSCRIPT, "sub");
	struct dc_node *raw =
		dc_test_leaf(d, DC_RAW_INLINE, "<phrase>r</phrase>");
	dc_test_str(d, raw, DC_STR_FORMAT, "docbook");
	raw = dc_test_leaf(d, DC_RAW_INLINE, "<b>x</b>");
	dc_test_str(d, raw, DC_STR_FORMAT, "html");
	dc_test_close(d, DC_PARAGRAPH);
	struct dc_node *note = dc_test_open(d, DC_FOOTNOTE);
	note->as.note.label = dc_test_dup(d, "n1");
	S_para(d, "The note.");
	dc_test_close(d, DC_FOOTNOTE);
}

static void test_every_kind(void)
{
	struct dc_test_doc d;
	dc_test_begin(&d);
	S_all_metadata(&d);
	S_para(&d, "Before any heading.");
	struct dc_node *h = dc_test_heading(&d, 1, "Section one");
	dc_test_str(&d, h, DC_STR_ID, "sec-one");
	S_all_inlines(&d);
	dc_test_heading(&d, 2, "Lists");
	S_all_lists(&d);
	dc_test_heading(&d, 1, "Blocks");
	S_all_tables_figures(&d);
	S_all_blocks(&d);
	dc_test_end(&d);

	char *out = S_write_valid(&d, "every kind");
	CHECK_HAS(out, "<article xmlns=\"http://docbook.org/ns/docbook\" "
		  "xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
		  "version=\"5.0\" xml:lang=\"en-GB\">");
	CHECK_HAS(out, "<title>All &lt;kinds&gt; &amp; fields</title>");
	CHECK_HAS(out, "<subtitle>A \"subtitle\"</subtitle>");
	CHECK_HAS(out, "<authorgroup>");
	CHECK_HAS(out, "<author>\n        <personname>Ada Lovelace"
		  "</personname>");
	CHECK_HAS(out, "<date>2024-05-01</date>");
	CHECK_HAS(out, "<publishername>Analytical Press</publishername>");
	CHECK_HAS(out, "<biblioid>urn:isbn:9780000000000</biblioid>");
	CHECK_HAS(out, "<subjectterm>Computing</subjectterm>");
	CHECK_HAS(out, "<keyword>engines</keyword>");
	CHECK_HAS(out, "<keyword>looms</keyword>");
	CHECK_HAS(out, "<abstract>\n      <para>What it is about.</para>");
	CHECK_HAS(out, "<legalnotice>\n      <para>CC BY 4.0</para>");
	CHECK_HAS(out, "<imagedata fileref=\"images/cover page.png\"/>");
	CHECK_HAS(out, "<bibliomisc role=\"series\">Engines &amp; "
		  "&lt;Looms&gt;</bibliomisc>");
	CHECK_HAS(out, "<section xml:id=\"sec-one\">\n    <title>Section one"
		  "</title>");
	CHECK_HAS(out, "<emphasis>emph</emphasis>");
	CHECK_HAS(out, "<emphasis role=\"strong\">strong</emphasis>");
	CHECK_HAS(out, "<literal>code()</literal>");
	CHECK_HAS(out, "<link xlink:href=\"https://example.org/a?b=1&amp;c=2\""
		  " xlink:title=\"Example\">link</link>");
	CHECK_HAS(out, "<xref linkend=\"sec-one\"/>");
	CHECK_HAS(out, "<inlinemediaobject><imageobject><imagedata "
		  "fileref=\"icon.png\"/></imageobject><textobject><phrase>"
		  "icon</phrase></textobject></inlinemediaobject>");
	CHECK_HAS(out, "<?line-break?>\nafter break\nnext line<footnote>"
		  "<para>The note.</para></footnote>");
	CHECK_HAS(out, "<emphasis role=\"strikethrough\">struck</emphasis>");
	CHECK_HAS(out, "<superscript>sup</superscript>");
	CHECK_HAS(out, "<subscript>sub</subscript>");
	CHECK_HAS(out, "<phrase>r</phrase>");
	CHECK_LACKS(out, "<b>x</b>");
	CHECK_LACKS(out, "<div>");
	CHECK_HAS(out, "<itemizedlist spacing=\"compact\">");
	CHECK_HAS(out, "<listitem role=\"task-done\">");
	CHECK_HAS(out, "<bridgehead renderas=\"sect3\">Heading in an item"
		  "</bridgehead>");
	CHECK_HAS(out, "<orderedlist numeration=\"lowerroman\" "
		  "startingnumber=\"3\">");
	CHECK_HAS(out, "<term>term one</term>");
	CHECK_HAS(out, "<term>term two</term>");
	CHECK_INT(S_occurrences(out, "<varlistentry>"), 1);
	CHECK_HAS(out, "<para>described</para>");
	CHECK_HAS(out, "<para>again</para>");
	CHECK_HAS(out, "<table>\n      <title>Numbers</title>\n"
		  "      <tgroup cols=\"3\">\n        <thead>");
	CHECK_HAS(out, "<entry align=\"left\">a</entry>");
	CHECK_HAS(out, "<entry align=\"right\">3</entry>");
	CHECK_HAS(out, "<figure>\n      <title>A loom</title>\n"
		  "      <mediaobject>");
	CHECK_HAS(out, "<imagedata fileref=\"loom.png\"/>\n");
	CHECK_HAS(out, "<textobject>\n          <phrase>loom picture</phrase>"
		  "\n        </textobject>\n        <textobject role="
		  "\"title\">\n          <phrase>The loom</phrase>");
	CHECK_HAS(out, "<programlisting language=\"c\">int x;\n  y();\n"
		  "</programlisting>");
	CHECK_HAS(out, "<blockquote>\n      <para>quoted</para>");
	CHECK_HAS(out, "<para role=\"thematic-break\"/>");
	CHECK_HAS(out, "<?hard-pagebreak?>");
	CHECK_HAS(out, "<warning>\n      <para>careful</para>");
	CHECK_HAS(out, "<para role=\"raw\">raw</para>");
	free(out);
	dc_doc_free(d.doc);
}

/* ------------------------------------------------------------------ */
/* Shapes */

static struct dc_node *S_chapter(struct dc_test_doc *d)
{
	return dc_test_open(d, DC_CHAPTER);
}

static void test_book(void)
{
	struct dc_test_doc d;
	dc_test_begin(&d);
	S_meta(&d, "title", "The Book");
	S_chapter(&d);
	dc_test_heading(&d, 1, "First");
	S_para(&d, "one");
	dc_test_heading(&d, 2, "Inner");
	S_para(&d, "two");
	dc_test_close(&d, DC_CHAPTER);
	struct dc_node *ch = S_chapter(&d);
	dc_test_str(&d, ch, DC_STR_ID, "ch2");
	dc_test_heading(&d, 1, "Second");
	S_para(&d, "three");
	dc_test_close(&d, DC_CHAPTER);
	dc_test_end(&d);

	char *out = S_write_valid(&d, "book");
	CHECK_HAS(out, "<book xmlns=");
	CHECK_HAS(out, "\n  <title>The Book</title>\n  <chapter>\n"
		  "    <title>First</title>\n    <para>one</para>\n"
		  "    <section>\n      <title>Inner</title>");
	CHECK_HAS(out, "<chapter xml:id=\"ch2\">\n    <title>Second</title>");
	CHECK_INT(S_occurrences(out, "<chapter"), 2);
	CHECK_LACKS(out, "<article");
	CHECK_LACKS(out, "<info>");
	free(out);
	dc_doc_free(d.doc);
}

static void test_empty_document(void)
{
	struct dc_test_doc d;
	dc_test_begin(&d);
	dc_test_end(&d);
	char *out = S_write_valid(&d, "empty document");
	CHECK_STR(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		  "<article xmlns=\"http://docbook.org/ns/docbook\" "
		  "xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
		  "version=\"5.0\">\n  <title/>\n  <para/>\n</article>\n");
	free(out);
	dc_doc_free(d.doc);
}

static void test_empty_chapter(void)
{
	struct dc_test_doc d;
	dc_test_begin(&d);
	S_chapter(&d);
	dc_test_heading(&d, 1, "Nothing here");
	dc_test_close(&d, DC_CHAPTER);
	S_chapter(&d);  /* not even a title */
	dc_test_close(&d, DC_CHAPTER);
	dc_test_end(&d);
	char *out = S_write_valid(&d, "empty chapter");
	CHECK_HAS(out, "<chapter>\n    <title>Nothing here</title>\n"
		  "    <para/>\n  </chapter>");
	CHECK_HAS(out, "<chapter>\n    <title/>\n    <para/>\n  </chapter>");
	free(out);
	dc_doc_free(d.doc);
}

static void test_empty_containers(void)
{
	struct dc_test_doc d;
	dc_test_begin(&d);
	dc_test_heading(&d, 1, "Only a title");
	dc_test_open(&d, DC_BULLET_LIST);
	dc_test_close(&d, DC_BULLET_LIST);
	dc_test_open(&d, DC_ORDERED_LIST);
	dc_test_open(&d, DC_LIST_ITEM);
	dc_test_close(&d, DC_LIST_ITEM);
	dc_test_close(&d, DC_ORDERED_LIST);
	dc_test_open(&d, DC_DEF_LIST);
	dc_test_close(&d, DC_DEF_LIST);
	dc_test_open(&d, DC_DEF_LIST);
	dc_test_open(&d, DC_DEF_ITEM);
	dc_test_close(&d, DC_DEF_ITEM);
	dc_test_close(&d, DC_DEF_LIST);
	dc_test_open(&d, DC_BLOCK_QUOTE);
	dc_test_close(&d, DC_BLOCK_QUOTE);
	dc_test_open(&d, DC_ADMONITION);
	dc_test_close(&d, DC_ADMONITION);
	dc_test_open(&d, DC_TABLE);
	dc_test_close(&d, DC_TABLE);
	dc_test_open(&d, DC_TABLE);
	dc_test_open(&d, DC_TABLE_ROW);
	dc_test_close(&d, DC_TABLE_ROW);
	dc_test_close(&d, DC_TABLE);
	dc_test_open(&d, DC_FIGURE);
	dc_test_close(&d, DC_FIGURE);
	dc_test_open(&d, DC_PARAGRAPH);
	dc_test_close(&d, DC_PARAGRAPH);
	struct dc_node *note = dc_test_open(&d, DC_FOOTNOTE);
	note->as.note.label = dc_test_dup(&d, "empty");
	dc_test_close(&d, DC_FOOTNOTE);
	dc_test_heading(&d, 1, "Next");
	dc_test_leaf(&d, DC_PAGE_BREAK, NULL);
	dc_test_end(&d);
	char *out = S_write_valid(&d, "empty containers");
	CHECK_HAS(out, "<itemizedlist>\n      <listitem><para/></listitem>");
	CHECK_HAS(out, "<informaltable>\n      <tgroup cols=\"1\">\n"
		  "        <tbody><row><entry/></row></tbody>");
	CHECK_HAS(out, "<informalfigure>\n      <para/>");
	CHECK_HAS(out, "<?hard-pagebreak?>\n    <para/>\n  </section>");
	free(out);
	dc_doc_free(d.doc);
}

static void test_heading_in_list_item(void)
{
	struct dc_test_doc d;
	dc_test_begin(&d);
	dc_test_open(&d, DC_BULLET_LIST);
	dc_test_open(&d, DC_LIST_ITEM);
	struct dc_node *h = dc_test_heading(&d, 6, "Deep heading");
	dc_test_str(&d, h, DC_STR_ID, "deep");
	dc_test_close(&d, DC_LIST_ITEM);
	dc_test_close(&d, DC_BULLET_LIST);
	dc_test_open(&d, DC_BLOCK_QUOTE);
	dc_test_heading(&d, 2, "Quoted heading");
	dc_test_close(&d, DC_BLOCK_QUOTE);
	dc_test_end(&d);
	char *out = S_write_valid(&d, "heading in a list item");
	CHECK_HAS(out, "<listitem>\n      <bridgehead xml:id=\"deep\" "
		  "renderas=\"other\" otherrenderas=\"sect6\">Deep heading"
		  "</bridgehead>\n    </listitem>");
	CHECK_HAS(out, "<bridgehead renderas=\"sect2\">Quoted heading");
	free(out);
	dc_doc_free(d.doc);
}

/* ------------------------------------------------------------------ */
/* Footnotes */

static struct dc_node *S_ref(struct dc_test_doc *d, const char *label)
{
	struct dc_node *ref = dc_test_leaf(d, DC_FOOTNOTE_REF, NULL);
	ref->as.note.label = dc_test_dup(d, label);
	return ref;
}

static struct dc_node *S_note(struct dc_test_doc *d, const char *label,
			      const char *text)
{
	struct dc_node *note = dc_test_open(d, DC_FOOTNOTE);
	note->as.note.label = label ? dc_test_dup(d, label) : NULL;
	S_para(d, text);
	dc_test_close(d, DC_FOOTNOTE);
	return note;
}

static void test_footnotes(void)
{
	struct dc_test_doc d;
	dc_test_begin(&d);
	dc_test_open(&d, DC_PARAGRAPH);
	dc_test_text(&d, "First");
	S_ref(&d, "a");
	dc_test_text(&d, " and again");
	S_ref(&d, "a");
	dc_test_text(&d, " and a missing one");
	S_ref(&d, "zz");
	dc_test_close(&d, DC_PARAGRAPH);
	S_note(&d, "a", "Twice referenced.");
	S_note(&d, "lonely", "Never referenced.");
	S_note(&d, "a", "Second definition of a.");
	dc_test_end(&d);

	unsigned warnings = 0;
	char *out = S_render(d.doc, &warnings);
	CHECK(S_valid(out, "footnotes"));
	CHECK_HAS(out, "<para>First<footnote xml:id=\"fn-a\"><para>Twice "
		  "referenced.</para></footnote> and again<footnoteref "
		  "linkend=\"fn-a\"/> and a missing one<superscript>zz"
		  "</superscript></para>");
	CHECK_HAS(out, "<para><footnote><para>Never referenced.</para>"
		  "</footnote></para>");
	CHECK_HAS(out, "<para><footnote><para>Second definition of a.</para>"
		  "</footnote></para>");
	CHECK_INT(S_occurrences(out, "Twice referenced."), 1);
	CHECK_INT(warnings, 3);  /* missing, unreferenced, defined again */
	char *again = S_render(d.doc, &warnings);
	CHECK_STR(again, out);  /* deterministic */
	free(again);
	free(out);
	dc_doc_free(d.doc);
}

/* DocBook has no footnote inside a footnote nor inside a superscript:
 * such notes are written right after, and marked where they are
 * referenced. */
static void test_footnotes_nested(void)
{
	struct dc_test_doc d;
	dc_test_begin(&d);
	dc_test_open(&d, DC_PARAGRAPH);
	dc_test_text(&d, "Outer");
	S_ref(&d, "outer");
	dc_test_text(&d, " x");
	dc_test_open(&d, DC_SUPERSCRIPT);
	dc_test_text(&d, "2");
	dc_test_wrap(&d, DC_EMPH, "e");
	dc_test_leaf(&d, DC_CODE, "c");
	S_ref(&d, "sup");
	dc_test_close(&d, DC_SUPERSCRIPT);
	dc_test_close(&d, DC_PARAGRAPH);
	struct dc_node *note = dc_test_open(&d, DC_FOOTNOTE);
	note->as.note.label = dc_test_dup(&d, "outer");
	dc_test_open(&d, DC_PARAGRAPH);
	dc_test_text(&d, "Outer note cites");
	S_ref(&d, "inner");
	dc_test_close(&d, DC_PARAGRAPH);
	dc_test_close(&d, DC_FOOTNOTE);
	dc_test_open(&d, DC_FOOTNOTE)->as.note.label = dc_test_dup(&d, "inner");
	dc_test_open(&d, DC_PARAGRAPH);
	dc_test_text(&d, "Inner note, cites outer");
	S_ref(&d, "outer");
	dc_test_close(&d, DC_PARAGRAPH);
	dc_test_close(&d, DC_FOOTNOTE);
	S_note(&d, "sup", "In a superscript.");
	/* Two notes citing only each other: no reference outside them. */
	dc_test_open(&d, DC_FOOTNOTE)->as.note.label = dc_test_dup(&d, "c1");
	dc_test_open(&d, DC_PARAGRAPH);
	S_ref(&d, "c2");
	dc_test_close(&d, DC_PARAGRAPH);
	dc_test_close(&d, DC_FOOTNOTE);
	dc_test_open(&d, DC_FOOTNOTE)->as.note.label = dc_test_dup(&d, "c2");
	dc_test_open(&d, DC_PARAGRAPH);
	dc_test_text(&d, "Cycle");
	S_ref(&d, "c1");
	dc_test_close(&d, DC_PARAGRAPH);
	dc_test_close(&d, DC_FOOTNOTE);
	dc_test_end(&d);

	char *out = S_write_valid(&d, "nested footnotes");
	CHECK_HAS(out, "<footnote xml:id=\"fn-outer\"><para>Outer note cites"
		  "<footnoteref linkend=\"fn-inner\"/></para></footnote>"
		  "<footnote xml:id=\"fn-inner\"><para>Inner note, cites outer"
		  "<footnoteref linkend=\"fn-outer\"/></para></footnote>");
	CHECK_HAS(out, "<superscript>2<phrase role=\"emphasis\">e</phrase>"
		  "<phrase role=\"code\">c</phrase></superscript><footnote>"
		  "<para>In a superscript.</para></footnote>");
	CHECK_INT(S_occurrences(out, "Cycle"), 1);
	CHECK_INT(S_occurrences(out, "</footnote>"), 5);
	CHECK_INT(S_occurrences(out, "<footnoteref"), 4);
	free(out);
	dc_doc_free(d.doc);
}

/* ------------------------------------------------------------------ */
/* Links and ids */

static struct dc_node *S_xref(struct dc_test_doc *d, const char *target,
			      const char *text)
{
	struct dc_node *x = dc_test_open(d, DC_XREF);
	x->as.link.url = dc_test_dup(d, target);
	if (text)
		dc_test_text(d, text);
	dc_test_close(d, DC_XREF);
	return x;
}

static struct dc_node *S_link(struct dc_test_doc *d, const char *url)
{
	struct dc_node *l = dc_test_wrap(d, DC_LINK, "l");
	l->as.link.url = dc_test_dup(d, url);
	return l;
}

static void test_links(void)
{
	struct dc_test_doc d;
	dc_test_begin(&d);
	dc_test_str(&d, dc_test_heading(&d, 1, "Target"), DC_STR_ID, "target");
	dc_test_open(&d, DC_PARAGRAPH);
	S_xref(&d, "target", NULL);
	S_xref(&d, "target", "with text");
	S_xref(&d, "nowhere", "lost");
	S_xref(&d, "nowhere", NULL);
	S_link(&d, "https://example.org/");
	S_link(&d, "#target");
	dc_test_close(&d, DC_PARAGRAPH);
	dc_test_end(&d);

	unsigned warnings = 0;
	char *out = S_render(d.doc, &warnings);
	CHECK(S_valid(out, "links"));
	CHECK_HAS(out, "<section xml:id=\"target\">");
	CHECK_HAS(out, "<xref linkend=\"target\"/>");
	CHECK_HAS(out, "<link linkend=\"target\">with text</link>");
	CHECK_HAS(out, "<link xlink:href=\"#nowhere\">lost</link>");
	CHECK_HAS(out, "<link xlink:href=\"#nowhere\"></link>");
	CHECK_HAS(out, "<link xlink:href=\"https://example.org/\">l</link>");
	CHECK_HAS(out, "<link linkend=\"target\">l</link>");
	CHECK_INT(warnings, 2);
	free(out);
	dc_doc_free(d.doc);
}

/* URIs the schema (xsd:anyURI) would refuse as they are. */
static void test_uris(void)
{
	static const char *const uris[] = {
		"a b.png", "100%", "%zz", "a#b#c", "x[1].png",
		"http://host/p[1]?q=[2]#f[3]", "http://[::1]:80/x",
		"http://[1:2]/", "http:", "http://", "//", ":x", "1abc:foo",
		"a b:c", "mailto:a[1]", "", "C:\\dir\\x.png",
		"http://h\xC3\xA9llo/\xE2\x82\xAC", "<&\">",
	};
	struct dc_test_doc d;
	dc_test_begin(&d);
	S_meta(&d, "cover", "%");
	dc_test_open(&d, DC_PARAGRAPH);
	for (size_t i = 0; i < sizeof uris / sizeof uris[0]; i++) {
		S_link(&d, uris[i]);
		struct dc_node *img = dc_test_open(&d, DC_IMAGE);
		img->as.link.url = dc_test_dup(&d, uris[i]);
		dc_test_close(&d, DC_IMAGE);
	}
	dc_test_open(&d, DC_IMAGE);  /* no source at all */
	dc_test_close(&d, DC_IMAGE);
	dc_test_close(&d, DC_PARAGRAPH);
	dc_test_end(&d);
	char *out = S_write_valid(&d, "uris");
	CHECK_HAS(out, "xlink:href=\"a b.png\"");
	CHECK_HAS(out, "xlink:href=\"100%25\"");
	CHECK_HAS(out, "xlink:href=\"a#b%23c\"");
	CHECK_HAS(out, "xlink:href=\"x%5B1%5D.png\"");
	CHECK_HAS(out, "xlink:href=\"http://host/p%5B1%5D?q=[2]#f[3]\"");
	CHECK_HAS(out, "xlink:href=\"http://[::1]:80/x\"");
	CHECK_HAS(out, "xlink:href=\"http://%5B1:2%5D/\"");
	CHECK_HAS(out, "xlink:href=\"http%3A\"");
	CHECK_HAS(out, "xlink:href=\"http:%2F%2F\"");
	CHECK_HAS(out, "xlink:href=\"1abc%3Afoo\"");
	CHECK_HAS(out, "xlink:href=\"&lt;&amp;&quot;&gt;\"");
	free(out);
	dc_doc_free(d.doc);
}

static void test_ids(void)
{
	struct dc_test_doc d;
	dc_test_begin(&d);
	dc_test_str(&d, dc_test_heading(&d, 1, "One"), DC_STR_ID, "1 intro");
	dc_test_str(&d, dc_test_heading(&d, 1, "Two"), DC_STR_ID, "_1_intro");
	dc_test_str(&d, S_para(&d, "dup"), DC_STR_ID, "_1_intro");
	dc_test_str(&d, S_para(&d, "caf\xC3\xA9"), DC_STR_ID, "caf\xC3\xA9");
	dc_test_str(&d, S_para(&d, "colon"), DC_STR_ID, "a:b");
	dc_test_str(&d, S_para(&d, "empty"), DC_STR_ID, "");
	dc_test_open(&d, DC_PARAGRAPH);
	dc_test_text(&d, "see ");
	S_xref(&d, "1 intro", NULL);
	S_xref(&d, "_1_intro", NULL);
	S_xref(&d, "caf\xC3\xA9", NULL);
	S_xref(&d, "a:b", "ab");
	dc_test_str(&d, dc_test_leaf(&d, DC_SOFT_BREAK, NULL), DC_STR_ID,
		    "soft");
	dc_test_str(&d, dc_test_leaf(&d, DC_LINE_BREAK, NULL), DC_STR_ID,
		    "hard");
	dc_test_str(&d, S_ref(&d, "n"), DC_STR_ID, "ref");
	dc_test_close(&d, DC_PARAGRAPH);
	dc_test_str(&d, S_note(&d, "n", "note"), DC_STR_ID, "fn-n");
	dc_test_str(&d, dc_test_leaf(&d, DC_PAGE_BREAK, NULL), DC_STR_ID, "pb");
	struct dc_node *raw = dc_test_leaf(&d, DC_RAW_BLOCK, "x");
	dc_test_str(&d, raw, DC_STR_ID, "raw");
	dc_test_str(&d, raw, DC_STR_FORMAT, "latex");
	dc_test_open(&d, DC_DEF_LIST);
	dc_test_open(&d, DC_DEF_ITEM);
	dc_test_str(&d, dc_test_open(&d, DC_DEF_DESC), DC_STR_ID, "desc");
	S_para(&d, "no term");
	dc_test_close(&d, DC_DEF_DESC);
	dc_test_close(&d, DC_DEF_ITEM);
	dc_test_close(&d, DC_DEF_LIST);
	dc_test_open(&d, DC_PARAGRAPH);
	S_xref(&d, "soft", NULL);
	S_xref(&d, "hard", NULL);
	S_xref(&d, "ref", NULL);
	S_xref(&d, "fn-n", NULL);
	S_xref(&d, "pb", NULL);
	S_xref(&d, "raw", NULL);
	S_xref(&d, "desc", NULL);
	dc_test_close(&d, DC_PARAGRAPH);
	dc_test_end(&d);
	dc_test_str(&d, d.doc->root, DC_STR_ID, "doc");

	unsigned warnings = 0;
	char *out = S_render(d.doc, &warnings);
	CHECK(S_valid(out, "ids"));
	CHECK_HAS(out, "version=\"5.0\" xml:id=\"doc\">");
	CHECK_HAS(out, "<section xml:id=\"_1_intro\">\n    <title>Two");
	CHECK_HAS(out, "<section xml:id=\"_1_intro-2\">\n    <title>One");
	CHECK_HAS(out, "<para xml:id=\"caf_\">");
	CHECK_HAS(out, "<para xml:id=\"a_b\">");
	CHECK_HAS(out, "<para>empty</para>");
	CHECK_HAS(out, "see <xref linkend=\"_1_intro-2\"/><xref linkend="
		  "\"_1_intro\"/><xref linkend=\"caf_\"/><link linkend="
		  "\"a_b\">ab</link><anchor xml:id=\"soft\"/>\n<anchor "
		  "xml:id=\"hard\"/><?line-break?>\n<anchor xml:id=\"ref\"/>"
		  "<footnote xml:id=\"fn-n\">");
	CHECK_HAS(out, "<anchor xml:id=\"pb\"/>\n    <?hard-pagebreak?>");
	CHECK_HAS(out, "<anchor xml:id=\"raw\"/>");
	CHECK_HAS(out, "<varlistentry>\n        <term/>\n        "
		  "<listitem>\n          <anchor xml:id=\"desc\"/>");
	CHECK_INT(warnings, 1);  /* the duplicate */
	free(out);
	dc_doc_free(d.doc);
}

/* ------------------------------------------------------------------ */
/* Text */

static void test_text_exact(void)
{
	/* XML specials, controls XML cannot carry, U+FFFE, a surrogate, a
	 * stray byte, CR, TAB, and ]]>. */
	static const char nasty[] =
		"<a & b> \"q\" 'a' ]]> \x01\x08\x0B\x0C\x1F\x7F "
		"\xEF\xBF\xBE\xEF\xBF\xBF \xED\xA0\x80 \xFF \r \t end";
	struct dc_test_doc d;
	dc_test_begin(&d);
	S_meta(&d, "title", nasty);
	S_meta(&d, "author", nasty);
	S_meta(&d, "x-key", nasty);
	dc_test_open(&d, DC_PARAGRAPH);
	dc_test_text(&d, "  leading spaces, line one");
	dc_test_leaf(&d, DC_SOFT_BREAK, NULL);
	dc_test_text(&d, "line two  ");
	dc_test_close(&d, DC_PARAGRAPH);
	S_para(&d, nasty);
	struct dc_node *code = dc_test_leaf(&d, DC_CODE_BLOCK, nasty);
	dc_test_str(&d, code, DC_STR_LANG, "\"<&>\"");
	struct dc_node *link = dc_test_wrap(&d, DC_LINK, nasty);
	link->as.link.url = dc_test_dup(&d, "x");
	dc_test_str(&d, link, DC_STR_TITLE, nasty);
	dc_test_end(&d);
	char *out = S_write_valid(&d, "special characters");
	CHECK_HAS(out, "<para>  leading spaces, line one\nline two  </para>");
	static const char escaped[] =
		"&lt;a &amp; b&gt; \"q\" 'a' ]]&gt; "
		"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
		"\x7F \xEF\xBF\xBD\xEF\xBF\xBD "
		"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD "
		"&#13; \t end";
	char para[512];
	snprintf(para, sizeof para, "<para>%s</para>", escaped);
	CHECK_HAS(out, para);
	snprintf(para, sizeof para, "<programlisting language=\"&quot;&lt;"
		 "&amp;&gt;&quot;\">%s</programlisting>", escaped);
	CHECK_HAS(out, para);
	CHECK_HAS(out, "xlink:title=\"&lt;a &amp; b&gt; &quot;q&quot;");
	CHECK_HAS(out, "&#13; &#9; end\"");
	free(out);
	dc_doc_free(d.doc);
}

/* CONTENT, a DocBook article's, read as a conversion reads and written
 * as ast (malloc'd). */
static char *S_read_ast(const char *content)
{
	char src[512];
	int n = snprintf(src, sizeof src, "<article xmlns=\"http://docbook"
			 ".org/ns/docbook\" version=\"5.0\">%s</article>",
			 content);
	struct dc_diag diag;
	dc_diag_init(&diag, "test", NULL);
	struct dc_doc *doc = n > 0 && (size_t)n < sizeof src
		? dc_test_read_halves("docbook", src, (size_t)n, 0, &diag)
		: NULL;
	char *ast = doc ? dc_test_write("ast", doc) : NULL;
	dc_doc_free(doc);
	return ast;
}

/* Words that single spaces part are given as one text; other white
 * space is one space, or a soft break where it holds a line end. */
static void test_read_white_space(void)
{
	char *ast = S_read_ast("<para>One two \xC3\xA9t\xC3\xA9 three</para>");
	CHECK_HAS(ast, "\n    text @1:68 \"One two \xC3\xA9t\xC3\xA9 three\"\n");
	free(ast);
	ast = S_read_ast("<para> a  b\n  c <emphasis>d e</emphasis>\tf "
			 "</para>");
	CHECK_HAS(ast, "\n    text @1:69 \"a b\"\n    soft_break @1:73\n"
		  "    text @2:3 \"c \"\n    emph @2:5\n"
		  "      text @2:15 \"d e\"\n    text @2:29 \" f\"\n");
	free(ast);
}

/* ------------------------------------------------------------------ */
/* Tables, books with strays, depth */

static void S_row(struct dc_test_doc *d, const char *const *cells, size_t n,
		  bool header)
{
	dc_test_open(d, DC_TABLE_ROW);
	for (size_t i = 0; i < n; i++) {
		struct dc_node *cell =
			dc_test_wrap(d, DC_TABLE_CELL, cells[i]);
		cell->as.cell.header = header;
	}
	dc_test_close(d, DC_TABLE_ROW);
}

static void test_tables(void)
{
	static const char *const two[] = {"x", "y"};
	static const char *const one[] = {"z"};
	struct dc_test_doc d;
	dc_test_begin(&d);
	dc_test_open(&d, DC_TABLE);  /* header only */
	S_row(&d, two, 2, true);
	dc_test_close(&d, DC_TABLE);
	dc_test_open(&d, DC_TABLE);  /* ragged, a row header in the body */
	S_row(&d, two, 2, true);
	S_row(&d, two, 2, true);
	S_row(&d, one, 1, false);
	S_row(&d, two, 2, true);
	dc_test_wrap(&d, DC_CAPTION, "late caption");
	dc_test_wrap(&d, DC_CAPTION, "second caption");
	dc_test_close(&d, DC_TABLE);
	dc_test_end(&d);
	char *out = S_write_valid(&d, "tables");
	CHECK_HAS(out, "<informaltable>\n    <tgroup cols=\"2\">\n"
		  "      <tbody>\n        <row>\n          <entry role="
		  "\"header\">x</entry>");
	CHECK_HAS(out, "<table>\n    <title>late caption\nsecond caption"
		  "</title>\n    <tgroup cols=\"2\">\n      <thead>\n"
		  "        <row>\n          <entry>x</entry>");
	CHECK_HAS(out, "</thead>\n      <tbody>\n        <row>\n"
		  "          <entry>z</entry>");
	free(out);
	dc_doc_free(d.doc);
}

static void test_book_strays(void)
{
	struct dc_test_doc d;
	dc_test_begin(&d);
	S_para(&d, "before the chapters");
	S_chapter(&d);
	dc_test_heading(&d, 1, "Chapter");
	dc_test_close(&d, DC_CHAPTER);
	dc_test_leaf(&d, DC_PAGE_BREAK, NULL);
	dc_test_heading(&d, 1, "stray heading");
	dc_test_end(&d);
	char *out = S_write_valid(&d, "book with strays");
	CHECK_INT(S_occurrences(out, "<chapter>"), 3);
	CHECK_HAS(out, "<chapter>\n    <title/>\n    <para>before the "
		  "chapters</para>\n  </chapter>");
	CHECK_HAS(out, "<bridgehead renderas=\"sect1\">stray heading");
	free(out);
	dc_doc_free(d.doc);
}

/* Open KIND whether or not the builder's depth bound lets it in. */
static void S_open_any(struct dc_test_doc *d, enum dc_kind kind)
{
	CHECK_INT(dc_build_open(&d->b, kind, 1, 1, NULL), DC_OK);
}

/* Past the builder's depth bound, in lists, block quotes, emphasis and
 * superscripts. */
static void test_deep_built(void)
{
	struct dc_test_doc d;
	dc_test_begin(&d);
	d.diag.stream = NULL;  /* the builder's flattening warning */
	/* Three levels a turn: the deepest node is a block quote, where
	 * the text can go. */
	for (int i = 0; i < DC_MAX_DEPTH / 3 + 8; i++) {
		S_open_any(&d, DC_BLOCK_QUOTE);
		S_open_any(&d, DC_BULLET_LIST);
		S_open_any(&d, DC_LIST_ITEM);
	}
	S_open_any(&d, DC_PARAGRAPH);
	for (int i = 0; i < 40; i++)
		S_open_any(&d, i % 3 ? DC_EMPH : DC_SUPERSCRIPT);
	dc_test_text(&d, "deep");
	dc_test_end(&d);
	char *out = S_write_valid(&d, "deep, built");
	CHECK_HAS(out, "deep");
	free(out);
	dc_doc_free(d.doc);
}

static struct dc_node *S_append(struct dc_doc *doc, struct dc_node *parent,
				enum dc_kind kind)
{
	struct dc_node *n = dc_node_new(doc, kind);
	CHECK(n != NULL);
	if (n)
		dc_node_append(parent, n);
	return n ? n : parent;
}

/* Far deeper than the builder allows, linked by hand: the writer has no
 * recursion to run out of, whatever the depth. */
static void test_deep_linked(void)
{
	enum { DEPTH = 3000 };
	struct dc_doc *doc = dc_doc_new();
	CHECK(doc != NULL);
	if (!doc)
		return;
	struct dc_node *n = doc->root;
	for (int i = 0; i < DEPTH; i++)
		n = S_append(doc, n, DC_BLOCK_QUOTE);
	n = S_append(doc, n, DC_PARAGRAPH);
	for (int i = 0; i < DEPTH; i++)
		n = S_append(doc, n, i % 2 ? DC_EMPH : DC_SUPERSCRIPT);
	struct dc_node *ref = S_append(doc, n, DC_FOOTNOTE_REF);
	ref->as.note.label = "deep";
	struct dc_node *note = S_append(doc, doc->root, DC_FOOTNOTE);
	note->as.note.label = "deep";
	struct dc_node *text = S_append(doc, S_append(doc, note, DC_PARAGRAPH),
					DC_TEXT);
	text->literal = "bottom";
	text->len = strlen(text->literal);
	char *out = dc_test_write("docbook", doc);
	CHECK(out != NULL);
	CHECK_INT(S_occurrences(out, "<blockquote>"), DEPTH);
	CHECK_INT(S_occurrences(out, "</superscript>"), DEPTH / 2);
	/* The note waits for the outermost superscript to close. */
	CHECK_HAS(out, "</superscript><footnote><para>bottom</para>"
		  "</footnote></para>");
	free(out);
	dc_doc_free(doc);
}

/* ------------------------------------------------------------------ */
/* Random trees: whatever the builder accepts must come out valid */

/* A small deterministic generator (xorshift), so failures reproduce. */
static unsigned S_rand(unsigned long long *state, unsigned n)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return (unsigned)(*state % n);
}

static const char *S_pick(unsigned long long *st, const char *const *set,
			  size_t n)
{
	return set[S_rand(st, (unsigned)n)];
}

#define PICK(st, set) S_pick(st, set, sizeof set / sizeof set[0])

static const char *const random_ids[] = {
	NULL, NULL, NULL, NULL, "a", "b", "1 bad", "x:y", "caf\xC3\xA9",
	"fn-a", "",
};
static const char *const random_labels[] = {"a", "b", "c", "d", NULL};
static const char *const random_urls[] = {
	"http://example.org/", "#a", "#b", "#zz", "%", "a[1]", "x#y#z",
	"1:x", "", NULL,
};
static const char *const random_texts[] = {
	"word", " spaced ", "<&>\"'", "\x01\xFF", "caf\xC3\xA9", "",
};

/* Fill the payload of a new node of its kind at random. */
static void S_random_payload(struct dc_test_doc *d, struct dc_node *n,
			     unsigned long long *st)
{
	const char *id = PICK(st, random_ids);
	if (id)
		dc_test_str(d, n, DC_STR_ID, id);
	switch (n->kind) {
	case DC_HEADING: n->as.heading.level = (int)S_rand(st, 8); break;
	case DC_BULLET_LIST:
	case DC_ORDERED_LIST:
		n->as.list.start = (int)S_rand(st, 4);
		n->as.list.style = (enum dc_list_style)S_rand(st, 5);
		n->as.list.tight = S_rand(st, 2);
		break;
	case DC_LIST_ITEM: n->as.item.task = (enum dc_task)S_rand(st, 3); break;
	case DC_TABLE_CELL:
		n->as.cell.align = (enum dc_align)S_rand(st, 4);
		n->as.cell.header = S_rand(st, 2);
		break;
	case DC_ADMONITION:
		n->as.admonition.type = (enum dc_admonition_type)S_rand(st, 5);
		break;
	case DC_FOOTNOTE:
	case DC_FOOTNOTE_REF: {
		const char *label = PICK(st, random_labels);
		n->as.note.label = label ? dc_test_dup(d, label) : NULL;
		break;
	}
	case DC_LINK:
	case DC_XREF:
	case DC_IMAGE: {
		const char *url = n->kind == DC_XREF ? PICK(st, random_ids) :
			PICK(st, random_urls);
		n->as.link.url = url ? dc_test_dup(d, url) : NULL;
		if (S_rand(st, 2))
			dc_test_str(d, n, DC_STR_TITLE, "t");
		break;
	}
	case DC_CODE_BLOCK: dc_test_str(d, n, DC_STR_LANG, "c"); break;
	case DC_RAW_BLOCK:
	case DC_RAW_INLINE:
		dc_test_str(d, n, DC_STR_FORMAT,
			    S_rand(st, 2) ? "docbook" : "html");
		break;
	default: break;
	}
}

static bool S_fits(enum dc_kind cur, enum dc_kind k)
{
	return dc_kind_can_contain(cur, k) ||
	       (dc_kind_is_inline(k) && dc_kind_can_contain(cur, DC_PARAGRAPH));
}

/* A leaf of kind K, with literal text that is valid where it goes. */
static void S_random_leaf(struct dc_test_doc *d, enum dc_kind k,
			  unsigned long long *st)
{
	const char *literal = dc_kind_has_literal(k) ? PICK(st, random_texts)
						     : NULL;
	struct dc_node *n = NULL;
	CHECK_INT(dc_build_leaf(&d->b, k, literal, literal ? strlen(literal) : 0,
				1, 1, &n),
		  DC_OK);
	if (!n)
		return;
	S_random_payload(d, n, st);
	if (k == DC_RAW_BLOCK || k == DC_RAW_INLINE) {
		bool docbook = strcmp(dc_node_str(d->doc, n, DC_STR_FORMAT),
				      "docbook") == 0;
		literal = !docbook ? "<x>" : k == DC_RAW_BLOCK ?
			"<para>raw</para>" : "<phrase>raw</phrase>";
		n->literal = dc_test_dup(d, literal);
		n->len = strlen(literal);
	}
}

static void S_random_step(struct dc_test_doc *d, unsigned long long *st,
			  int *depth, bool chapters)
{
	enum dc_kind cur = dc_build_current(&d->b);
	unsigned roll = S_rand(st, 10);
	if ((roll < 3 || *depth > 8) && cur != DC_DOCUMENT) {
		CHECK_INT(dc_build_close(&d->b, cur), DC_OK);
		(*depth)--;
		return;
	}
	if (roll < 5 && S_fits(cur, DC_TEXT)) {
		dc_test_text(d, PICK(st, random_texts));
		return;
	}
	enum dc_kind k = (enum dc_kind)(1 + S_rand(st, DC_KIND_COUNT - 1));
	if (k == DC_DOCUMENT || k == DC_SECTION || k == DC_TEXT ||
	    (k == DC_CHAPTER && !chapters) || !S_fits(cur, k))
		return;
	if (dc_kind_is_leaf(k)) {
		S_random_leaf(d, k, st);
		return;
	}
	struct dc_node *n = NULL;
	CHECK_INT(dc_build_open(&d->b, k, 1, 1, &n), DC_OK);
	if (n)
		S_random_payload(d, n, st);
	(*depth)++;
}

static void test_random_trees(void)
{
	enum { TREES = 60, STEPS = 300 };
	static char paths[TREES][512];
	size_t saved = 0;
	for (unsigned seed = 1; seed <= TREES; seed++) {
		unsigned long long st = 0x9E3779B97F4A7C15ull * seed;
		struct dc_test_doc d;
		dc_test_begin(&d);
		d.diag.stream = NULL;
		int depth = 0;
		for (int i = 0; i < STEPS; i++)
			S_random_step(&d, &st, &depth, seed % 3 == 0);
		dc_test_end(&d);
		char *out = dc_test_write("docbook", d.doc);
		char name[32];
		snprintf(name, sizeof name, "random %u", seed);
		S_keep(out, name);
		if (out && S_save_temp(out, paths[saved]))
			saved++;
		free(out);
		dc_doc_free(d.doc);
	}
	CHECK_INT(saved, TREES);
	CHECK(S_jing(paths, saved, "random trees"));
}

/* ------------------------------------------------------------------ */
/* In pieces on two threads */

#ifndef DOCCONV_SOURCE_DIR
#define DOCCONV_SOURCE_DIR "."
#endif

/* How a document is written: a writer, and options. */
struct S_way {
	const char *format;
	bool strict, verbose, fragment, toc;
};

/* DOC written the way WAY says in pieces of about EVERY nodes: the bytes,
 * then a line with the status and the number of warnings, then what was
 * said. */
static char *S_write_every(const struct dc_doc *doc, size_t every,
			   const struct S_way *way)
{
	const struct dc_format *f = dc_format_by_name(way->format);
	struct dc_options opts = {.action = DC_RUN, .piece_nodes = every,
				  .fragment = way->fragment,
				  .toc = way->toc};
	struct dc_test_said said;
	dc_test_said_open(&said, way->strict, way->verbose);
	struct dc_sink sink;
	dc_sink_open_memory(&sink);
	enum dc_status st = f->write(doc, &sink, &opts, &said.diag);
	char *all = dc_test_said_close(&said, sink.mem.data, sink.mem.len, st);
	dc_sink_abort(&sink);
	return all;
}

/* DOC written whole and in pieces of 1, 2 and 5 nodes by the writers
 * that cut (DocBook, and HTML through xhtml.c, checked here with the
 * same documents): the same bytes and the same diagnostics, plain,
 * verbose and strict, and HTML's fragment and table of contents too.
 * (Neither writes a NUL: the strings compare whole.) */
static void S_check_pieces(const struct dc_doc *doc, const char *name)
{
	static const struct S_way ways[] = {
		{.format = "docbook"},
		{.format = "docbook", .verbose = true},
		{.format = "docbook", .strict = true},
		{.format = "html"},
		{.format = "html", .verbose = true, .toc = true},
		{.format = "html", .strict = true},
		{.format = "html", .fragment = true},
		{.format = "html", .fragment = true, .toc = true},
	};
	static const size_t every[] = {1, 2, 5};
	for (size_t w = 0; w < sizeof ways / sizeof *ways; w++) {
		char *whole = S_write_every(doc, SIZE_MAX, &ways[w]);
		for (size_t i = 0; whole && i < sizeof every / sizeof *every;
		     i++) {
			char *cut = S_write_every(doc, every[i], &ways[w]);
			if (!cut || strcmp(cut, whole) != 0)
				dc_check_fail(__FILE__, __LINE__,
					      "%s as %s (way %zu) in pieces of "
					      "%zu differs:\n%s\n-- whole:\n%s",
					      name, ways[w].format, w, every[i],
					      cut ? cut : "(null)", whole);
			free(cut);
		}
		free(whole);
	}
}

/* Every input in fixtures/FOLDER (named *EXT), read as FORMAT; how many
 * were checked. */
static size_t S_pieces_of(const char *format, const char *folder,
			  const char *ext)
{
	char dir[512];
	snprintf(dir, sizeof dir, "%s/fixtures/%s", DOCCONV_SOURCE_DIR, folder);
	DIR *d = opendir(dir);
	CHECK(d != NULL);
	size_t n = 0;
	for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		const char *dot = strrchr(e->d_name, '.');
		FILE *fp = dot && strcmp(dot, ext) == 0 ? fopen(path, "rb")
							 : NULL;
		if (!fp)
			continue;
		char data[1 << 16];
		size_t len = fread(data, 1, sizeof data, fp);
		fclose(fp);
		CHECK(len < sizeof data);  /* read whole */
		struct dc_diag diag;
		dc_diag_init(&diag, "test", NULL);
		struct dc_doc *doc = dc_test_read_len(format, data, len, &diag);
		if (doc) {
			S_check_pieces(doc, path);
			n++;
		}
		dc_doc_free(doc);
	}
	if (d)
		closedir(d);
	return n;
}

/* The helper thread writes every other piece: none of it may show. */
static void test_pieces(void)
{
	CHECK(S_pieces_of("text", "text", ".txt") >= 30);
	CHECK(S_pieces_of("markdown", "markdown", ".md") >= 15);
	CHECK(S_pieces_of("docbook", "docbook", ".xml") >= 15);
	/* Trees no reader makes: strays in books, every kind at the top. */
	for (unsigned seed = 1; seed <= 60; seed++) {
		unsigned long long st = 0x9E3779B97F4A7C15ull * seed;
		struct dc_test_doc d;
		dc_test_begin(&d);
		d.diag.stream = NULL;
		int depth = 0;
		for (int i = 0; i < 300; i++)
			S_random_step(&d, &st, &depth, seed % 3 == 0);
		dc_test_end(&d);
		char name[32];
		snprintf(name, sizeof name, "random %u", seed);
		S_check_pieces(d.doc, name);
		dc_doc_free(d.doc);
	}
}

static const struct dc_test tests[] = {
	{"read_white_space", test_read_white_space},
	{"every_kind", test_every_kind},
	{"book", test_book},
	{"empty_document", test_empty_document},
	{"empty_chapter", test_empty_chapter},
	{"empty_containers", test_empty_containers},
	{"heading_in_list_item", test_heading_in_list_item},
	{"footnotes", test_footnotes},
	{"footnotes_nested", test_footnotes_nested},
	{"links", test_links},
	{"uris", test_uris},
	{"ids", test_ids},
	{"text_exact", test_text_exact},
	{"tables", test_tables},
	{"book_strays", test_book_strays},
	{"deep_built", test_deep_built},
	{"deep_linked", test_deep_linked},
	{"random_trees", test_random_trees},
	{"pieces", test_pieces},
	{0},
};

const struct dc_suite dc_suite_docbook = {.name = "docbook", .tests = tests};
