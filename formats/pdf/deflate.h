/* Compressing each page's content as soon as the page is full.
 *
 * libharu keeps every page's content stream in memory, uncompressed, until
 * the document is saved: about 9 bytes per byte of input text.  Deflating
 * a page when the next one starts keeps memory near the size of the
 * finished PDF. */
#ifndef DC_PDF_DEFLATE_H
#define DC_PDF_DEFLATE_H

#include <hpdf.h>

#include "diag.h"

/* Replace PAGE's content stream by its deflated bytes, marked
 * /FlateDecode.  Nothing may be drawn on PAGE afterwards. */
enum dc_status pdf_deflate_page(HPDF_Page page, struct dc_diag *diag);

#endif
