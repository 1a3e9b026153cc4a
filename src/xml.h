/* XML serialisation shared by every XML writer (DocBook, XHTML). */
#ifndef DC_XML_H
#define DC_XML_H

#include <stddef.h>

#include "sink.h"

/* Write LEN bytes of UTF-8 text S escaped for element content (&, <, >)
 * or, with ATTR, for a double-quoted attribute value (also ", and line
 * ends and tabs as character references so they survive).  A character
 * XML 1.0 cannot carry becomes U+FFFD; the model never holds one unless a
 * reader let it through. */
void dc_xml_text(struct dc_sink *out, const char *s, size_t len);
void dc_xml_attr(struct dc_sink *out, const char *s);

#endif
