/* UTF-8 primitives and the decoding of text input. */
#ifndef DC_UTF8_H
#define DC_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "diag.h"

/* Decode one well-formed UTF-8 sequence at S (LEN > 0 bytes available):
 * returns its length (1..4) and sets *CP, or returns 0 when the bytes at S
 * are not well-formed (overlong, surrogate, beyond U+10FFFF, truncated). */
size_t dc_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encode CP (at most U+10FFFF, no surrogate) into OUT; returns 1..4. */
size_t dc_utf8_encode(uint32_t cp, char out[4]);
/* Is CP allowed in XML 1.0 content? */
int dc_xml_char_ok(uint32_t cp);

/* Turn the bytes of a text input into clean UTF-8 in OUT:
 *  - a UTF-8 byte order mark is dropped; UTF-16 (LE or BE) with a byte
 *    order mark is converted;
 *  - CRLF and lone CR become LF;
 *  - every byte that is not part of well-formed UTF-8, and every control
 *    character XML cannot carry (all C0 controls but TAB, LF, FF), becomes
 *    U+FFFD with a warning FILE:LINE:COL (an error under --strict);
 *  - the result ends with a LF unless it is empty.
 * Columns count characters, from 1. */
enum dc_status dc_decode_text(const char *data, size_t len, const char *file,
			      struct dc_diag *diag, struct dc_buf *out);

#endif
