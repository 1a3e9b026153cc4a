/* Paths a document names (an image, a cover): they are relative to the
 * document's own file, not to the folder docconv runs in.  Readers
 * resolve them once, so that the model holds paths every writer can open
 * as they are. */
#ifndef DC_PATH_H
#define DC_PATH_H

#include <stdbool.h>

#include "arena.h"
#include "buf.h"
#include "node.h"

/* Does S start with a URI scheme (RFC 3986: a letter, then letters,
 * digits, '+', '-' or '.', then ':')? */
bool dc_path_has_scheme(const char *s);

/* PATH as named by the input called INPUT: a relative path gets INPUT's
 * folder in front ("./" dropped); absolute paths, URLs with a scheme, bare
 * fragments and empty paths, and every path of an input with no folder
 * in its name, stay as they are.  The result is PATH itself or a copy in
 * ARENA; NULL when out of memory. */
const char *dc_path_in_input(struct dc_arena *arena, const char *input,
			     const char *path);

/* The file an image NODE's URL names, as docconv can open it: the URL
 * resolved against the folder of the input the node came from
 * (dc_node_source), as dc_path_in_input() does.  Into OUT, replacing its
 * content, NUL-terminated; false if out of memory.  Writers that open the
 * file call this; the model keeps the URL as the input wrote it, so that
 * outputs that only name the file are the same whatever folder docconv
 * runs in. */
bool dc_node_file(const struct dc_doc *doc, const struct dc_node *node,
		  struct dc_buf *out);

#endif
