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

/* Set DOC on PAGES, body text hyphenated with HYPH (NULL: not at all);
 * the outline is made in PDF.  Returns the first failure. */
enum dc_status pdf_typeset(const struct dc_doc *doc, HPDF_Doc pdf,
			   struct pdf_fonts *fonts, struct pdf_pages *pages,
			   struct pdf_hyphenator *hyph, double font_size,
			   struct dc_diag *diag);

#endif
