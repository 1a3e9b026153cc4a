/* Link annotations, written by docconv rather than built of libharu's
 * objects.
 *
 * HPDF_Page_CreateURILinkAnnot() builds an annotation of a dozen
 * dictionaries, names and numbers, each with a 128-byte key, and keeps
 * them all until the document is saved: about 9.5 KB of memory for each
 * link, three times the size of the page text around it.  Even an empty
 * libharu dictionary of its own costs a link about 360 bytes (the
 * dictionary, its list, its cross-reference entry, five allocations):
 * 17 MB for the 47,000 links of 10 MB of text.  Here a link is a 56-byte
 * record in the document's table, its cross-reference entry in it, which
 * points at the table's one dictionary; that dictionary's writer writes
 * the records one after the other, as libharu writes the objects in the
 * order of their numbers, which is the order the links were made in. */
#ifndef DC_PDF_ANNOT_H
#define DC_PDF_ANNOT_H

#include <hpdf.h>

#include "pageobj.h"

struct pdf_annots;

/* The table of PDF's link annotations; NULL when out of memory. */
struct pdf_annots *pdf_annots_new(HPDF_Doc pdf);
/* Free A (NULL: nothing), before its document: its cross-reference
 * entries leave the document's table, and its dictionary goes with it. */
void pdf_annots_free(struct pdf_annots *a);

/* A link over RECT of PAGE (made by pdf_pageobj_add()), without a
 * border, to URI (written as a URI action) or, when URI is NULL, to DEST.
 * HPDF_OK, or libharu's error (the document's error handler has seen it
 * too).  URI is not copied: it must last until the document is saved
 * (the model's does).  The document must not be encrypted: the URI is
 * written as it is. */
HPDF_STATUS pdf_annot_link(struct pdf_annots *a, HPDF_Page page,
			   HPDF_Rect rect, const char *uri,
			   struct pdf_dest dest);

#endif
