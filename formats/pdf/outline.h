/* The document outline (bookmarks), its items written by docconv.
 *
 * libharu's outline item is a dictionary of entries with 128-byte keys
 * (/Title, /Parent, /Prev, /Next, /First, /Last, a hidden /_OPENED, and
 * the root's /Type /Outlines, which an item should not have), each with a
 * value object, kept until the document is saved: about 2 KB an item.
 * Here an item, and the outline's root, is an empty libharu dictionary,
 * so that it has an object number, whose entries are written from a
 * record of its links, its title and its destination.  The entries and
 * their values are libharu's, less the /Type of items. */
#ifndef DC_PDF_OUTLINE_H
#define DC_PDF_OUTLINE_H

#include <hpdf.h>
#include <stdbool.h>

#include "pageobj.h"

/* A new item TITLE (UTF-8, copied) going to DEST, the last child of
 * PARENT (an item this made), or with PARENT NULL of the outline's root
 * *ROOT (NULL at first: made with the first item and given to the
 * catalog), shown open when OPEN.  NULL on failure (the document's error
 * handler has seen it). */
HPDF_Dict pdf_outline_add(HPDF_Doc pdf, HPDF_Dict *root, HPDF_Dict parent,
			  const char *title, struct pdf_dest dest, bool open);

#endif
