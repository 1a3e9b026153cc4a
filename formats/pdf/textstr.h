/* PDF text strings (outline titles, document information). */
#ifndef DC_PDF_TEXTSTR_H
#define DC_PDF_TEXTSTR_H

#include <hpdf.h>

#include "diag.h"

/* Set DICT's KEY to the text UTF8: printable ASCII as it is, anything
 * else as UTF-16BE with a byte order mark, the form every reader shows
 * right (libharu would write the UTF-8 bytes as PDFDocEncoding).  Text
 * longer than a PDF string may be (32,767 bytes) is cut, with a warning
 * (an error under --strict). */
enum dc_status pdf_text_string(HPDF_Doc pdf, HPDF_Dict dict, const char *key,
			       const char *utf8, struct dc_diag *diag);

/* Write the text UTF8 to OUT in the same form, for an object written by
 * docconv, cut as that is (with no warning: an outline item's title is a
 * heading, whole in the text).  HPDF_OK, or libharu's error. */
HPDF_STATUS pdf_text_string_write(HPDF_Stream out, const char *utf8);

#endif
