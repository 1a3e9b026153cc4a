/* The PDF writer: a typesetter on libharu.
 *
 *   annot.c    link annotations, lighter than libharu's
 *   fonts.c    font discovery (fontconfig), metrics (FreeType), fallback
 *   ttfix.c    mending libharu's embedded fonts before saving
 *   para.c     paragraphs as boxes, glue and penalties
 *   hyphenate.c  hyphenation points (libhyphen)
 *   breaker.c  breaking paragraphs into lines
 *   page.c     placing lines and images on pages, links, destinations
 *   foot.c     footnotes as rows, and the foot of a page
 *   footnotes.c  which notes go to a foot, their numbers
 *   table.c    tables
 *   toc.c      headings' depth and numbers, the table of contents
 *   deflate.c  compressing each page as soon as it is full
 *   spilled.c  where full pages wait till the document is saved
 *   typeset.c  the walk over the model
 *   pdf.c      this: the document, its metadata, saving */
#include <hpdf.h>
#include <hpdf_doc.h>
#include <linebreak.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "annot.h"
#include "format.h"
#include "fonts.h"
#include "hyphenate.h"
#include "page.h"
#include "spilled.h"
#include "textstr.h"
#include "typeset.h"

#ifndef DOCCONV_VERSION
#define DOCCONV_VERSION "unknown"
#endif

/* libharu reports errors through this handler as well as through return
 * values; the first one is kept for the message. */
static void S_on_error(HPDF_STATUS code, HPDF_STATUS detail, void *data)
{
	struct pdf_lib_error *e = data;
	if (e->code == 0) {
		e->code = code;
		e->detail = detail;
	}
}

static struct pdf_geometry S_geometry(const struct dc_options *opts)
{
	struct pdf_geometry g = {.width = 595.276, .height = 841.89,
				 .margin = 72 * 25 / 25.4, .font_size = 11};
	if (opts->paper_width > 0) {
		g.width = opts->paper_width;
		g.height = opts->paper_height;
	}
	if (opts->margin > 0)
		g.margin = opts->margin;
	if (opts->font_size > 0)
		g.font_size = opts->font_size;
	return g;
}

/* SOURCE_DATE_EPOCH when set (reproducible builds), else now. */
static HPDF_Date S_date(void)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	char *end = NULL;
	time_t t = epoch ? (time_t)strtoll(epoch, &end, 10) : time(NULL);
	if (epoch && (end == epoch || *end))
		t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	return (HPDF_Date){.year = tm.tm_year + 1900, .month = tm.tm_mon + 1,
			   .day = tm.tm_mday, .hour = tm.tm_hour,
			   .minutes = tm.tm_min, .seconds = tm.tm_sec,
			   .ind = 'Z'};
}

/* "a, b, c" from a list, malloc'd. */
static char *S_join(const struct dc_strlist *list)
{
	size_t size = 1;
	for (size_t i = 0; i < list->count; i++)
		size += strlen(list->items[i]) + 2;
	char *s = malloc(size);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (size_t i = 0; i < list->count; i++) {
		if (i)
			strcat(s, ", ");
		strcat(s, list->items[i]);
	}
	return s;
}

static enum dc_status S_info(HPDF_Doc pdf, const struct dc_meta *m,
			     struct dc_diag *diag)
{
	HPDF_Date date = S_date();
	if (HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR,
			     "docconv " DOCCONV_VERSION) != HPDF_OK ||
	    HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, date) !=
		    HPDF_OK ||
	    HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, date) != HPDF_OK ||
	    !pdf->info)
		return dc_fail(diag, DC_ERR_SOFTWARE, (struct dc_pos){0},
			       "PDF library failed: document information");
	enum dc_status st = DC_OK;
	char *authors = S_join(&m->authors);
	char *keywords = S_join(&m->keywords);
	if (!authors || !keywords)
		st = dc_fail_oom(diag);
	const struct {
		const char *key, *value;
	} fields[] = {
		{.key = "Title", .value = m->title},
		{.key = "Author", .value = authors},
		{.key = "Subject", .value = m->subject ? m->subject
						       : m->description},
		{.key = "Keywords", .value = keywords},
	};
	for (size_t i = 0; st == DC_OK && i < 4; i++)
		if (fields[i].value && fields[i].value[0])
			st = pdf_text_string(pdf, pdf->info, fields[i].key,
					     fields[i].value, diag);
	free(authors);
	free(keywords);
	return st;
}

static HPDF_STATUS S_to_sink(HPDF_Stream stream, const HPDF_BYTE *data,
			     HPDF_UINT len)
{
	dc_sink_write(stream->attr, data, len);
	return HPDF_OK;  /* the sink keeps its own error for the commit */
}

/* Save PDF straight into OUT.  HPDF_SaveToStream() writes into the
 * document's stream, a memory stream of the whole file unless one is
 * given: a stream that writes to the sink keeps the PDF out of memory. */
static enum dc_status S_save(HPDF_Doc pdf, struct dc_sink *out,
			     struct dc_diag *diag)
{
	if (!pdf->stream)
		pdf->stream = HPDF_CallbackWriter_New(pdf->mmgr, S_to_sink, out);
	if (!pdf->stream || HPDF_SaveToStream(pdf) != HPDF_OK)
		return dc_fail(diag, DC_ERR_SOFTWARE, (struct dc_pos){0},
			       "PDF library failed: cannot save");
	return DC_OK;
}

static enum dc_status S_typeset(HPDF_Doc pdf, const struct dc_doc *doc,
				const struct dc_options *opts,
				struct pdf_fonts *fonts,
				struct pdf_annots *annots,
				struct pdf_lib_error *error,
				struct dc_spill *spill, struct dc_diag *diag)
{
	struct pdf_geometry g = S_geometry(opts);
	if (2 * g.margin + 3 * g.font_size >= g.width ||
	    2 * g.margin + 3 * g.font_size >= g.height)
		return dc_fail(diag, DC_ERR_USAGE, (struct dc_pos){0},
			       "the margins leave no room for text on the "
			       "page");
	struct pdf_pages *pages = NULL;
	struct pdf_hyphenator *hyph = pdf_hyphenator_open(doc->meta.lang, diag);
	enum dc_status st = diag->error.status;  /* out of memory, or DC_OK */
	if (st == DC_OK)
		st = pdf_pages_open(&pages, pdf, fonts, annots, &g, error,
				    spill, diag);
	struct pdf_settings settings = {
		.font_size = g.font_size, .justify = !opts->no_justify,
		.number_sections = opts->number_sections, .hyph = hyph,
		.toc = opts->toc,
		.toc_depth = opts->toc_depth > 0 ? opts->toc_depth : 3};
	if (st == DC_OK)
		st = pdf_typeset(doc, pdf, fonts, pages, &settings, diag);
	enum dc_status closed = pdf_pages_close(pages);
	pdf_hyphenator_close(hyph);
	return st != DC_OK ? st : closed;
}

/* Pages hang from intermediate page-tree nodes of this many: libharu's
 * one node holds at most 32,767, and 100 MB of text makes 33,000 pages;
 * a tree of two levels holds millions, and viewers find a page in it
 * faster than in one long list. */
enum { PAGES_PER_NODE = 256 };

static enum dc_status S_write(const struct dc_doc *doc, struct dc_sink *out,
			      const struct dc_options *opts,
			      struct dc_diag *diag)
{
	struct pdf_lib_error error = {0};
	HPDF_Doc pdf = HPDF_New(S_on_error, &error);
	if (!pdf)
		return dc_fail_oom(diag);
	/* libunibreak's tables are set up once for the process: a library
	 * user may write PDFs on several threads at once. */
	static pthread_once_t linebreak_ready = PTHREAD_ONCE_INIT;
	pthread_once(&linebreak_ready, init_linebreak);
	struct dc_spill *spill = dc_spill_open();  /* NULL: in memory */
	struct pdf_fonts *fonts = NULL;
	struct pdf_annots *annots = pdf_annots_new(pdf);
	enum dc_status st = annots ? DC_OK : dc_fail_oom(diag);
	if (st == DC_OK &&
	    (HPDF_UseUTFEncodings(pdf) != HPDF_OK ||
	     HPDF_SetPagesConfiguration(pdf, PAGES_PER_NODE) != HPDF_OK ||
	     HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL) != HPDF_OK ||
	     HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE) != HPDF_OK))
		st = dc_fail(diag, DC_ERR_SOFTWARE, (struct dc_pos){0},
			     "PDF library failed: setup");
	if (st == DC_OK)
		st = pdf_fonts_open(&fonts, pdf, opts->font, opts->mono_font,
				    diag);
	if (st == DC_OK)
		st = S_typeset(pdf, doc, opts, fonts, annots, &error, spill,
			       diag);
	if (st == DC_OK)
		st = pdf_fonts_finish(fonts);
	if (st == DC_OK && opts->deps && !pdf_fonts_record(fonts, opts->deps))
		st = dc_fail_oom(diag);
	if (st == DC_OK)
		st = S_info(pdf, &doc->meta, diag);
	if (st == DC_OK)
		st = S_save(pdf, out, diag);
	if (st == DC_OK && error.code)
		st = dc_fail(diag, DC_ERR_SOFTWARE, (struct dc_pos){0},
			     "PDF library error 0x%04X (detail %u)",
			     (unsigned)error.code, (unsigned)error.detail);
	if (fonts)
		pdf_fonts_close(fonts);
	pdf_annots_free(annots);  /* before its entries in PDF's table go */
	HPDF_Free(pdf);
	dc_spill_close(spill);
	return st;
}

static const char *const pdf_extensions[] = {"pdf", NULL};

const struct dc_format dc_format_pdf = {
	.name = "pdf",
	.description = "PDF, typeset (fonts embedded, outline, links)",
	.extensions = pdf_extensions,
	.write = S_write,
	.binary = true,
};
