/* XML serialisation shared by every XML writer (DocBook, XHTML). */
#ifndef DC_XML_H
#define DC_XML_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "sink.h"

/* Write LEN bytes of UTF-8 text S escaped for element content (&, <, >)
 * or, with ATTR, for a double-quoted attribute value (also ", and line
 * ends and tabs as character references so they survive).  A character
 * XML 1.0 cannot carry becomes U+FFFD; the model never holds one unless a
 * reader let it through. */
void dc_xml_text(struct dc_sink *out, const char *s, size_t len);
void dc_xml_attr(struct dc_sink *out, const char *s);

/* S (NULL: empty) made a valid URI reference, into OUT (replacing what it
 * held): valid as it stands for xsd:anyURI as XML Schema processors check
 * it (java.net.URI after escaping the characters URIs cannot hold), so
 * only what would make it invalid is percent-escaped: '%' not followed by
 * two hex digits, a second '#', '[' and ']' in a path or in a host that is
 * not an IPv6 literal, a ':' that would start an invalid scheme, "//" with
 * nothing after it.  Spaces and non-ASCII are left alone.  False when out
 * of memory. */
bool dc_xml_uri(struct dc_buf *out, const char *s);
/* S made an href as HTML pages carry it: dc_xml_uri(), and every byte
 * outside the characters URLs may hold unescaped (spaces, controls,
 * non-ASCII, " < > \\ ^ ` { | } and brackets outside an IPv6 host)
 * percent-escaped, as CommonMark's reference renderer does, so that the
 * page means the same under any encoding and to any URL parser; a colon
 * in a first segment that is no scheme stays, as URL parsers read it. */
bool dc_xml_href(struct dc_buf *out, const char *s);

/* Is S an NCName (an xml:id, an XHTML id) every XML processor accepts?
 * Only ASCII letters, digits, '.', '-', '_' count, not starting with a
 * digit, '.' or '-': which other characters are name characters differs
 * between XML editions. */
bool dc_xml_is_ncname(const char *s);
/* S as such an NCName, in ARENA: '_' for each character that cannot be
 * in one, and a leading '_' when it would not start with a letter or
 * '_'.  NULL when out of memory. */
char *dc_xml_ncname(struct dc_arena *arena, const char *s);

#endif
