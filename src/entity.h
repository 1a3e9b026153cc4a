/* HTML character references (&amp; &#233; &#xE9; &eacute;), as Markdown
 * and DocBook 4 documents write them.
 *
 * The HTML 5 list of names has over 2,000 entries; the table holds the
 * HTML 4 names (Latin-1, symbols, Greek, punctuation), the XML ones, and
 * the few others the CommonMark specification's examples use. */
#ifndef DC_ENTITY_H
#define DC_ENTITY_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* Append the text of the character reference S[0..LEN) ("&...;") to OUT:
 * numeric ones by value (0, surrogates and values past U+10FFFF as
 * U+FFFD; more than 7 decimal or 6 hexadecimal digits is no reference),
 * named ones from the table; what is not a reference, or a name the table
 * lacks, is appended as it stands (as CommonMark keeps a name HTML does
 * not define).  False when out of memory. */
bool dc_entity_decode(const char *s, size_t len, struct dc_buf *out);

/* Is the table sorted and every name short enough (for the tests)? */
bool dc_entity_table_ok(void);

#endif
