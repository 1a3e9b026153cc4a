/* The EPUB writer: how a book is cut into content documents, and a book
 * with every node kind, footnotes, cross-references between chapters and
 * an image, validated by epubcheck (a missing epubcheck fails the suite)
 * and read back with libzip. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "builder.h"
#include "epub/epub.h"
#include "format.h"
#include "sectionize.h"

#ifndef DOCCONV_SOURCE_DIR
#define DOCCONV_SOURCE_DIR "."
#endif

static const char EPUBCHECK[] = "/usr/share/java/epubcheck.jar";

/* ------------------------------------------------------------------ */
/* Splitting */

/* N paragraphs of about 100 bytes, each SECTION_EVERY a heading (0:
 * none), as plain text. */
static char *S_text_doc(int n, int section_every)
{
	size_t size = (size_t)n * 160 + 1;
	char *s = malloc(size);
	size_t used = 0;
	CHECK(s != NULL);
	if (!s)
		return NULL;
	for (int i = 0; i < n; i++) {
		if (section_every && i % section_every == 0)
			used += (size_t)snprintf(s + used, size - used,
						 "Section %d\n----------\n\n",
						 i / section_every + 1);
		used += (size_t)snprintf(s + used, size - used,
					 "Paragraph %d: some words to fill "
					 "the line up to about a hundred bytes "
					 "of text, more or less.\n\n", i);
	}
	return s;
}

static size_t S_parts(const char *text)
{
	struct dc_diag diag;
	dc_diag_init(&diag, "test", stderr);
	struct dc_doc *doc = dc_test_read("text", text, &diag);
	CHECK(doc != NULL);
	if (!doc)
		return 0;
	struct epub_split s;
	CHECK_INT(epub_split(&s, doc, EPUB_PART_SIZE, &diag), DC_OK);
	size_t n = s.n_parts;
	for (size_t i = 0; i < s.n_parts; i++) {
		CHECK(s.parts[i].size <= EPUB_PART_SIZE);
		CHECK(s.parts[i].n_runs > 0 || s.n_parts == 1);
		/* Every part after the first starts at a section when the
		 * text has them. */
		if (s.parts[i].n_runs == 0)
			continue;
		const struct dc_node *first = s.runs[s.parts[i].first_run].first;
		if (i > 0 && strstr(text, "Section 1"))
			CHECK(first->kind == DC_SECTION);
	}
	if (n > 1)  /* the last paragraph is in the last part */
		CHECK_INT(epub_part_of(&s, dc_node_last_child(doc->root)), n - 1);
	epub_split_free(&s);
	dc_doc_free(doc);
	return n;
}

static void test_split(void)
{
	char *small = S_text_doc(10, 0);
	char *flat = S_text_doc(6000, 0);      /* ~ 700 KB, no heading */
	char *sections = S_text_doc(6000, 500);
	if (small && flat && sections) {
		CHECK_INT(S_parts(small), 1);
		CHECK_INT(S_parts(""), 1);
		size_t n = S_parts(flat);
		CHECK(n >= 3 && n <= 4);
		n = S_parts(sections);
		CHECK(n >= 3 && n <= 6);
	}
	free(small);
	free(flat);
	free(sections);
}

/* ------------------------------------------------------------------ */
/* A whole book */

static void S_ref(struct dc_test_doc *d, const char *label)
{
	struct dc_node *r = dc_test_leaf(d, DC_FOOTNOTE_REF, NULL);
	r->as.note.label = dc_test_dup(d, label);
}

static void S_note(struct dc_test_doc *d, const char *label, const char *text)
{
	struct dc_node *fn = dc_test_open(d, DC_FOOTNOTE);
	fn->as.note.label = dc_test_dup(d, label);
	dc_test_wrap(d, DC_PARAGRAPH, text);
	dc_test_close(d, DC_FOOTNOTE);
}

static void S_chapter_one(struct dc_test_doc *d, const char *image)
{
	struct dc_node *h = dc_test_wrap(d, DC_HEADING, "One");
	h->as.heading.level = 1;
	dc_test_str(d, h, DC_STR_ID, "one");
	dc_test_open(d, DC_PARAGRAPH);
	dc_test_text(d, "Text");
	S_ref(d, "n1");
	dc_test_wrap(d, DC_EMPH, " em");
	struct dc_node *img = dc_test_open(d, DC_IMAGE);
	img->as.link.url = dc_test_dup(d, image);
	dc_test_text(d, "red square");
	dc_test_close(d, DC_IMAGE);
	dc_test_close(d, DC_PARAGRAPH);
	S_note(d, "n1", "First note.");
	struct dc_node *ul = dc_test_open(d, DC_BULLET_LIST);
	ul->as.list.tight = true;
	dc_test_open(d, DC_LIST_ITEM);
	dc_test_wrap(d, DC_PARAGRAPH, "item");
	dc_test_close(d, DC_LIST_ITEM);
	dc_test_close(d, DC_BULLET_LIST);
	dc_test_open(d, DC_TABLE);
	dc_test_wrap(d, DC_CAPTION, "Table");
	dc_test_open(d, DC_TABLE_ROW);
	struct dc_node *c = dc_test_wrap(d, DC_TABLE_CELL, "H");
	c->as.cell.header = true;
	dc_test_close(d, DC_TABLE_ROW);
	dc_test_open(d, DC_TABLE_ROW);
	dc_test_wrap(d, DC_TABLE_CELL, "v");
	dc_test_close(d, DC_TABLE_ROW);
	dc_test_close(d, DC_TABLE);
	dc_test_open(d, DC_FIGURE);
	img = dc_test_open(d, DC_IMAGE);
	img->as.link.url = dc_test_dup(d, image);
	dc_test_text(d, "again");
	dc_test_close(d, DC_IMAGE);
	dc_test_wrap(d, DC_CAPTION, "Figure");
	dc_test_close(d, DC_FIGURE);
	dc_test_leaf(d, DC_CODE_BLOCK, "code\n");
}

static void S_chapter_two(struct dc_test_doc *d)
{
	struct dc_node *h = dc_test_wrap(d, DC_HEADING, "Two");
	h->as.heading.level = 1;
	dc_test_open(d, DC_PARAGRAPH);
	struct dc_node *x = dc_test_open(d, DC_XREF);
	x->as.link.url = dc_test_dup(d, "one");
	dc_test_close(d, DC_XREF);
	struct dc_node *l = dc_test_open(d, DC_LINK);
	l->as.link.url = dc_test_dup(d, "other.html");
	dc_test_text(d, "outside");
	dc_test_close(d, DC_LINK);
	S_ref(d, "n2");
	S_ref(d, "n1");
	dc_test_close(d, DC_PARAGRAPH);
	S_note(d, "n2", "Second note.");
	struct dc_node *dl = dc_test_open(d, DC_DEF_LIST);
	(void)dl;
	dc_test_open(d, DC_DEF_ITEM);
	dc_test_wrap(d, DC_DEF_TERM, "term");
	dc_test_open(d, DC_DEF_DESC);
	dc_test_wrap(d, DC_PARAGRAPH, "desc");
	dc_test_close(d, DC_DEF_DESC);
	dc_test_close(d, DC_DEF_ITEM);
	dc_test_close(d, DC_DEF_LIST);
	dc_test_wrap(d, DC_HEADING, "Sub")->as.heading.level = 2;
	dc_test_wrap(d, DC_PARAGRAPH, "sub text");
}

static struct dc_doc *S_book(struct dc_test_doc *d, const char *image)
{
	dc_diag_init(&d->diag, "test", stderr);
	d->doc = dc_doc_new();
	CHECK(d->doc != NULL);
	struct dc_node *ch[2];
	for (int i = 0; i < 2; i++) {
		ch[i] = dc_node_new(d->doc, DC_CHAPTER);
		ch[i]->as.chapter.source = i ? "two.txt" : "one.txt";
		dc_node_append(d->doc->root, ch[i]);
	}
	dc_builder_init(&d->b, d->doc, ch[0], &d->diag, "one.txt");
	S_chapter_one(d, image);
	CHECK_INT(dc_builder_finish(&d->b), DC_OK);
	dc_builder_init(&d->b, d->doc, ch[1], &d->diag, "two.txt");
	S_chapter_two(d);
	CHECK_INT(dc_builder_finish(&d->b), DC_OK);
	CHECK(dc_meta_set(d->doc, &d->doc->meta, "title", "Book"));
	CHECK(dc_meta_set(d->doc, &d->doc->meta, "author", "Ann"));
	CHECK_INT(dc_sectionize(d->doc, d->doc->root, &d->diag), DC_OK);
	return d->doc;
}

/* The file NAME of the zip ZIP (LEN bytes), as a string; NULL if none. */
static char *S_unzip(const char *zip, size_t len, const char *name)
{
	zip_error_t error;
	zip_error_init(&error);
	zip_source_t *src = zip_source_buffer_create(zip, len, 0, &error);
	zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY, &error) : NULL;
	zip_error_fini(&error);
	if (!za) {
		if (src)
			zip_source_free(src);
		return NULL;
	}
	zip_stat_t st;
	zip_file_t *f = zip_stat(za, name, 0, &st) == 0 ?
		zip_fopen(za, name, 0) : NULL;
	char *out = f ? calloc(1, st.size + 1) : NULL;
	if (out && zip_fread(f, out, st.size) != (zip_int64_t)st.size) {
		free(out);
		out = NULL;
	}
	if (f)
		zip_fclose(f);
	zip_close(za);
	return out;
}

/* Run epubcheck on the LEN bytes of BOOK: its count of fatal errors,
 * errors and warnings; -1 when it could not tell. */
static int S_epubcheck(const char *book, size_t len)
{
	const char *tmp = getenv("TMPDIR");
	char dir[512], path[600], json[600], cmd[2048];
	snprintf(dir, sizeof dir, "%s/docconv-epub-XXXXXX",
		 tmp && tmp[0] ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/book.epub", dir);
	snprintf(json, sizeof json, "%s/report.json", dir);
	FILE *fp = fopen(path, "wb");
	bool ok = fp && fwrite(book, 1, len, fp) == len;
	if (fp && fclose(fp) != 0)
		ok = false;
	snprintf(cmd, sizeof cmd, "java -jar %s '%s' --failonwarnings -j '%s' "
		 ">/dev/null 2>&1", EPUBCHECK, path, json);
	if (ok)
		(void)!system(cmd);
	int count = -1;
	fp = ok ? fopen(json, "r") : NULL;
	char line[512];
	while (fp && fgets(line, sizeof line, fp)) {
		int n;
		if (sscanf(line, " \"nError\" : %d", &n) == 1 ||
		    sscanf(line, " \"nFatal\" : %d", &n) == 1 ||
		    sscanf(line, " \"nWarning\" : %d", &n) == 1)
			count = (count < 0 ? 0 : count) + n;
	}
	if (fp)
		fclose(fp);
	if (count != 0) {
		fprintf(stderr, "epubcheck: %d messages for %s (kept)\n",
			count, path);
		return count;
	}
	unlink(json);
	unlink(path);
	rmdir(dir);
	return count;
}

static void test_book(void)
{
	if (access(EPUBCHECK, R_OK) != 0) {
		CHECK(!"epubcheck is needed (apt-get install epubcheck)");
		return;
	}
	struct dc_test_doc d;
	S_book(&d, DOCCONV_SOURCE_DIR "/fixtures/images/red.png");
	unsigned warnings;
	size_t len;
	char *book = dc_test_write_bytes("epub", d.doc, &warnings, &len);
	CHECK(book != NULL);
	CHECK_INT(warnings, 1);  /* the link to other.html */
	if (!book) {
		dc_doc_free(d.doc);
		return;
	}
	CHECK_INT(S_epubcheck(book, len), 0);
	char *one = S_unzip(book, len, "EPUB/chapter-1.xhtml");
	char *two = S_unzip(book, len, "EPUB/chapter-2.xhtml");
	char *opf = S_unzip(book, len, "EPUB/package.opf");
	CHECK(one && two && opf);
	if (one && two && opf) {
		/* One image file for its two uses. */
		CHECK(strstr(opf, "<item id=\"img-1\" href=\"images/img-1.png\" media-type=\"image/png\"/>"));
		CHECK(!strstr(opf, "img-2"));
		CHECK(strstr(one, "<img src=\"images/img-1.png\" alt=\"red square\"/>"));
		CHECK(strstr(one, "<a id=\"fnref-1\" class=\"footnote-ref\" href=\"#fn-1\" epub:type=\"noteref\"><sup>1</sup></a>"));
		CHECK(strstr(one, "<aside id=\"fn-1\" class=\"footnote\" epub:type=\"footnote\">\n<p><a class=\"footnote-back\" href=\"#fnref-1\">1</a> First note.</p>"));
		/* Across documents: a cross-reference and a note. */
		CHECK(strstr(two, "<a href=\"chapter-1.xhtml#one\">One</a>"));
		CHECK(strstr(two, "href=\"chapter-1.xhtml#fn-1\""));
		CHECK(strstr(two, "<aside id=\"fn-2\""));
		CHECK(strstr(two, "<span class=\"link\">outside</span>"));
		CHECK(strstr(two, "<section id=\"two\" class=\"chapter\" epub:type=\"chapter\">"));
	}
	free(one);
	free(two);
	free(opf);
	free(book);
	dc_doc_free(d.doc);
}

/* An image that is not one stops the writer, naming it. */
/* An image of the content that is not one, or not there, is a warning:
 * the book is made with the image's text in its place, and no image. */
static void test_bad_image(void)
{
	const char *bad[] = {DOCCONV_SOURCE_DIR "/README.md",
			     "no-such-image.png"};
	for (size_t i = 0; i < 2; i++) {
		struct dc_test_doc d;
		S_book(&d, bad[i]);
		unsigned warnings;
		size_t len;
		char *book = dc_test_write_bytes("epub", d.doc, &warnings,
						 &len);
		CHECK(book != NULL);
		CHECK_INT(warnings, 2);  /* the image, the link to other.html */
		char *one = book ? S_unzip(book, len, "EPUB/chapter-1.xhtml")
				 : NULL;
		char *opf = book ? S_unzip(book, len, "EPUB/package.opf")
				 : NULL;
		CHECK(one && strstr(one, "<span class=\"image-alt\">"));
		CHECK(opf && !strstr(opf, "images/"));
		free(one);
		free(opf);
		free(book);
		dc_doc_free(d.doc);
	}
}

/* The zip writer: a stored and a deflated file, read back by libzip;
 * and the limits of a zip without ZIP64, refused rather than written. */
static void test_zip(void)
{
	static const char stored[] = "application/epub+zip";
	static const char plain[] = "<p>deflated, deflated, deflated</p>";
	struct epub_packed packed = {.data = plain, .size = strlen(plain)};
	CHECK(epub_pack(&packed, 1));
	struct dc_sink sink;
	dc_sink_open_memory(&sink);
	struct epub_zip z;
	epub_zip_open(&z, &sink, 0);
	struct epub_zip_file files[] = {
		{.name = "mimetype", .method = EPUB_ZIP_STORED,
		 .crc = 0x2cab616f, .size = strlen(stored),
		 .csize = strlen(stored)},
		{.name = "EPUB/caf\xC3\xA9.xhtml", .method = EPUB_ZIP_DEFLATED,
		 .crc = packed.crc, .size = packed.size, .csize = packed.len},
	};
	CHECK(epub_zip_begin(&z, &files[0]));
	epub_zip_write(&z, stored, strlen(stored));
	CHECK(epub_zip_begin(&z, &files[1]));
	CHECK(epub_packed_write(&packed, &z));
	CHECK(epub_zip_finish(&z));
	CHECK_INT(z.at, sink.mem.len);
	char *one = S_unzip(sink.mem.data, sink.mem.len, "mimetype");
	char *two = S_unzip(sink.mem.data, sink.mem.len,
			    "EPUB/caf\xC3\xA9.xhtml");
	CHECK(one && strcmp(one, stored) == 0);
	CHECK(two && strcmp(two, plain) == 0);
	free(one);
	free(two);
	epub_zip_free(&z);
	epub_packed_free(&packed);
	dc_buf_free(&sink.mem);

	CHECK(epub_zip_fits(65534, 0xFFFFFFFEu - 22));
	CHECK(!epub_zip_fits(65535, 100));
	CHECK(!epub_zip_fits(1, 0xFFFFFFFEu - 21));
	dc_sink_open_memory(&sink);
	epub_zip_open(&z, &sink, 0);
	z.at = 0xFFFFFFFFu;  /* as if that much were written */
	CHECK(!epub_zip_begin(&z, &files[0]));
	CHECK(z.too_large);
	epub_zip_free(&z);
	dc_buf_free(&sink.mem);
}

static const struct dc_test tests[] = {
	{"split", test_split},
	{"book", test_book},
	{"bad_image", test_bad_image},
	{"zip", test_zip},
	{0},
};

const struct dc_suite dc_suite_epub = {.name = "epub", .tests = tests};
