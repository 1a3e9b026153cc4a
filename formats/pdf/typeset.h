/* The typesetter: walks the document model and sets every block as
 * paragraphs of lines on pages. */
#ifndef DC_PDF_TYPESET_H
#define DC_PDF_TYPESET_H

#include <hpdf.h>

#include "diag.h"
#include "fonts.h"
#include "hyphenate.h"
#include "node.h"
#include "page.h"

/* How the text is set. */
struct pdf_settings {
	double font_size;             /* of body text, points */
	bool justify;                 /* else ragged right */
	bool number_sections;         /* 1, 1.1, ... before headings */
	bool toc;                     /* a table of contents (toc.h) */
	int toc_depth;                /* of the headings in it, 1.. */
	struct pdf_hyphenator *hyph;  /* NULL: no hyphenation */
};

/* Set DOC on PAGES as SETTINGS say; the outline is made in PDF.  Returns
 * the first failure. */
enum dc_status pdf_typeset(const struct dc_doc *doc, HPDF_Doc pdf,
			   struct pdf_fonts *fonts, struct pdf_pages *pages,
			   const struct pdf_settings *settings,
			   struct dc_diag *diag);

#endif
