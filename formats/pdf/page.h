/* Pages: the vertical list of lines on pages of fixed size, drawn with
 * libharu as they are placed, with page numbers, link annotations,
 * destinations for the outline and for cross-references, and footnotes at
 * the foot of the page (foot.h). */
#ifndef DC_PDF_PAGE_H
#define DC_PDF_PAGE_H

#include <hpdf.h>

#include "diag.h"
#include "fonts.h"
#include "foot.h"
#include "pageobj.h"
#include "para.h"

struct pdf_geometry {
	double width, height;  /* of the paper, points */
	double margin;         /* on every side, points */
	double font_size;      /* of body text, points */
};

/* The first error libharu reported to its handler (0: none). */
struct pdf_lib_error {
	HPDF_STATUS code;
	HPDF_STATUS detail;
};

struct pdf_pages;

struct dc_spill;

struct pdf_annots;

/* Links go into ANNOTS (annot.h); ERROR is where the document's libharu
 * error handler records; finished pages wait in SPILL (spilled.h; NULL:
 * in memory). */
enum dc_status pdf_pages_open(struct pdf_pages **out, HPDF_Doc pdf,
			      struct pdf_fonts *fonts,
			      struct pdf_annots *annots,
			      const struct pdf_geometry *geometry,
			      struct pdf_lib_error *error,
			      struct dc_spill *spill, struct dc_diag *diag);
/* Resolve the cross-reference links, free everything.  Returns the first
 * failure of the whole run. */
enum dc_status pdf_pages_close(struct pdf_pages *pages);

/* The width of the text block. */
double pdf_pages_measure(const struct pdf_pages *pages);
/* Start a new page, unless nothing is on the current one. */
enum dc_status pdf_pages_break(struct pdf_pages *pages);
/* Make sure HEIGHT points are left on the page, else start a new one. */
enum dc_status pdf_pages_need(struct pdf_pages *pages, double height);
/* Vertical space; none at the top of a page. */
void pdf_pages_skip(struct pdf_pages *pages, double space);
/* How many lines LEADING apart still fit on the current page (those of a
 * new page when there is none yet). */
int pdf_pages_lines_left(const struct pdf_pages *pages, double leading);
/* The height of a page's text, before any note at its foot (more than
 * any page while a note is being set). */
double pdf_pages_text_height(const struct pdf_pages *pages);
/* The running header: TEXT (copied; NULL for none) at the top of every
 * page from the next one on, cut with an ellipsis when wider than the
 * text; the page being filled keeps what it has. */
enum dc_status pdf_pages_set_header(struct pdf_pages *pages, const char *text);

/* Place LINE of PARA, its left edge INDENT points into the text block,
 * LEADING points below the previous baseline (the first line of a page
 * sits at the top margin plus its ascent).  MARKER, if not NULL, is a
 * paragraph of one line drawn ending MARKER_GAP points left of the line
 * (a list item's bullet or number).  CENTER centres the line.  NOTES are
 * the footnotes the line references first: they go to the foot of the
 * page the line lands on, which moves to the next page when not even the
 * first two lines of the first note fit under it; what does not fit
 * goes on at the foot of the next page. */
struct pdf_place {
	double indent;
	double leading;
	bool center;
	const struct pdf_para *marker;
	double marker_gap;
	struct pdf_note *const *notes;
	size_t n_notes;
};
enum dc_status pdf_pages_line(struct pdf_pages *pages,
			      const struct pdf_para *para,
			      const struct pdf_line *line,
			      const struct pdf_place *place);

/* A destination at the top of the last line placed (or of the next page
 * position when none is on this page), for the outline; page NULL when
 * there is none (in a note being set, or on failure). */
struct pdf_dest pdf_pages_destination(struct pdf_pages *pages);
/* Remember that ID is here, for cross-references to it. */
enum dc_status pdf_pages_anchor(struct pdf_pages *pages, const char *id);
/* Remember that ID is at the top of the last line placed. */
enum dc_status pdf_pages_anchor_line(struct pdf_pages *pages, const char *id);

/* Place the image at PATH (PNG or JPEG) as a block: at most MAX_WIDTH
 * points wide and a page high, its left edge INDENT into the text block,
 * centred in what is left.  A missing, unreadable or corrupt image gives a
 * warning at POS and an empty frame in its place. */
enum dc_status pdf_pages_image(struct pdf_pages *pages, const char *path,
			       double indent, struct dc_pos pos);

/* Take HEIGHT points of the page for a block drawn by hand (a table
 * row): a new page first when they are not left.  Returns the y of the
 * block's top, or a negative value on failure. */
double pdf_pages_reserve(struct pdf_pages *pages, double height);
/* Draw LINE of PARA with its left edge X points into the text block and
 * its baseline at BASELINE (page coordinates), moving nothing. */
enum dc_status pdf_pages_line_at(struct pdf_pages *pages,
				 const struct pdf_para *para,
				 const struct pdf_line *line, double x,
				 double baseline);
/* A thin horizontal rule from X0 to X1 (into the text block) at Y. */
enum dc_status pdf_pages_rule(struct pdf_pages *pages, double x0, double x1,
			      double y, double width);

/* The page count so far. */
int pdf_pages_count(const struct pdf_pages *pages);

/* ---- Footnotes ---- */

/* From now on what would be placed on the pages (lines, images, blocks
 * drawn by hand, rules, anchors) is set into a new note instead, on a
 * column with no bottom, until pdf_pages_capture_end(), which returns it
 * (owned by PAGES; NULL on failure).  Nothing is drawn and no page is
 * made; breaks are ignored.  The strings its lines link to must live
 * until pdf_pages_finish(). */
enum dc_status pdf_pages_capture(struct pdf_pages *pages);
struct pdf_note *pdf_pages_capture_end(struct pdf_pages *pages);
/* NOTES go to the foot of the current page, what does not fit to the next
 * (the notes of a block not placed line by line: a table). */
enum dc_status pdf_pages_notes(struct pdf_pages *pages,
			       struct pdf_note *const *notes, size_t n);
/* Everything is placed: the notes still waiting go to the foot of the
 * last page and of as many pages as they need after it. */
enum dc_status pdf_pages_finish(struct pdf_pages *pages);

/* ---- Drawing on a page left behind (a table of contents' numbers) ---- */

/* Where a line was placed. */
struct pdf_spot {
	HPDF_Page page;
	double baseline;
};
/* The last line placed (page NULL when none was). */
struct pdf_spot pdf_pages_last_line(const struct pdf_pages *pages);
/* Keep the current page's content open (not compressed when it is
 * left), for drawing on it later. */
void pdf_pages_hold(struct pdf_pages *pages);
/* Draw LINE of PARA on the held page of SPOT at its baseline, its left
 * edge X points into the text block. */
enum dc_status pdf_pages_line_on(struct pdf_pages *pages,
				 struct pdf_spot spot,
				 const struct pdf_para *para,
				 const struct pdf_line *line, double x);
/* A link to DEST over the line of SPOT from X0 to X1 into the text
 * block, UP points above its baseline and DOWN below. */
enum dc_status pdf_pages_link_on(struct pdf_pages *pages,
				 struct pdf_spot spot, double x0, double x1,
				 double up, double down,
				 struct pdf_dest dest);

#endif
