/* Compressing each page's content as soon as the page is full.
 *
 * libharu keeps every page's content stream in memory, uncompressed, until
 * the document is saved: about 9 bytes per byte of input text.  Deflating
 * a page when the next one starts keeps memory near the size of the
 * finished PDF.
 *
 * With libdeflate, not zlib: zlib's compress2() at its default level was
 * a fifth of the time a PDF took.  libdeflate at PDF_DEFLATE_LEVEL makes
 * streams as small in a fraction of the time (the 1 MB benchmark text,
 * 332 pages: 5.25 MB of PDF either way). */
#ifndef DC_PDF_DEFLATE_H
#define DC_PDF_DEFLATE_H

#include <hpdf.h>

#include "diag.h"

enum { PDF_DEFLATE_LEVEL = 6 };

struct libdeflate_compressor;

struct pdf_spill;

/* Replace PAGE's content stream by its bytes deflated with DEFLATER (a
 * libdeflate compressor), marked /FlateDecode, and kept in SPILL
 * (spill.h).  Nothing may be drawn on PAGE afterwards. */
enum dc_status pdf_deflate_page(HPDF_Page page,
				struct libdeflate_compressor *deflater,
				struct pdf_spill *spill, struct dc_diag *diag);

#endif
