/* Paths a document names (an image, a cover): they are relative to the
 * document's own file, not to the folder docconv runs in.  The model
 * keeps them as the input wrote them, so that outputs that only name a
 * file (DocBook's fileref, HTML's src, ast) are the same whatever folder
 * docconv runs in and however the input is named; a writer that opens
 * the file resolves the path at that moment, here. */
#ifndef DC_PATH_H
#define DC_PATH_H

#include <stdbool.h>

#include "buf.h"
#include "node.h"

/* Does S start with a URI scheme (RFC 3986: a letter, then letters,
 * digits, '+', '-' or '.', then ':')? */
bool dc_path_has_scheme(const char *s);

/* PATH as named by the input called INPUT, as docconv can open it: a
 * relative path gets INPUT's folder in front ("./" dropped); absolute
 * paths, URLs with a scheme, bare fragments and empty paths, and every
 * path of an input with no folder in its name (or none: NULL, the command
 * line), stay as they are.  Into OUT, replacing its content,
 * NUL-terminated; false if out of memory. */
bool dc_path_in_input(const char *input, const char *path,
		      struct dc_buf *out);

/* The file an image NODE's URL names, as docconv can open it: the URL
 * resolved against the folder of the input the node came from
 * (dc_node_source), as dc_path_in_input() does.  Into OUT, replacing its
 * content, NUL-terminated; false if out of memory. */
bool dc_node_file(const struct dc_doc *doc, const struct dc_node *node,
		  struct dc_buf *out);

/* The file DOC's cover names, as docconv can open it: its meta.cover
 * resolved against the folder of the input it came from (cover_source;
 * none for the command line's), as dc_path_in_input() does.  Into OUT,
 * as there; an empty string when there is no cover. */
bool dc_cover_file(const struct dc_doc *doc, struct dc_buf *out);

#endif
