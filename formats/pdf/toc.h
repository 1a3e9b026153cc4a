/* Headings as the outline and the table of contents see them, and the
 * table of contents of a PDF (--toc): one line per chapter and section
 * down to a depth, indented by depth, its title, dot leaders and its page
 * number, the whole line a link to the heading.
 *
 * The numbers are known only once the headings are set, after the table.
 * So the table is laid out before the content from the headings' text
 * alone, each title broken into lines that leave room for a page number
 * of four digits: its length, and so every page after it, does not depend
 * on the numbers.  Its pages are held open; when the document is set,
 * each entry's leaders and number are drawn on the line where its title
 * ends, and its links are made. */
#ifndef DC_PDF_TOC_H
#define DC_PDF_TOC_H

#include "fonts.h"
#include "node.h"
#include "page.h"

enum { PDF_MAX_DEPTH = 16 };

/* How deep HEADING sits in the outline: 1 for a chapter's title or a top
 * section, more for nested sections; 0 when it titles nothing. */
int pdf_heading_depth(const struct dc_node *heading);
/* Count a heading at DEPTH (1..PDF_MAX_DEPTH) in NUMBERS (PDF_MAX_DEPTH
 * of them, zero at first) and write its number, "2.3 ", into OUT. */
void pdf_section_number(int *numbers, int depth, char *out, size_t size);

struct pdf_toc;

/* The entries of DOC: headings down to DEPTH, numbered as the headings
 * are when NUMBER.  *OUT is NULL when there is none. */
enum dc_status pdf_toc_open(struct pdf_toc **out, const struct dc_doc *doc,
			    int depth, bool number, struct dc_diag *diag);
void pdf_toc_free(struct pdf_toc *toc);

/* Set the title ("Contents") and the entries' titles in text of SIZE
 * points, from the current position on; the pages are held open. */
enum dc_status pdf_toc_set(struct pdf_toc *toc, struct pdf_pages *pages,
			   struct pdf_fonts *fonts, double size);
/* HEADING was set on PAGE, at DEST. */
void pdf_toc_heading(struct pdf_toc *toc, const struct dc_node *heading,
		     int page, struct pdf_dest dest);
/* Draw the leaders and page numbers and make the links. */
enum dc_status pdf_toc_finish(struct pdf_toc *toc, struct pdf_pages *pages,
			      struct pdf_fonts *fonts);

#endif
