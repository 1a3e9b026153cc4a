/* Link annotations, written by docconv rather than built of libharu's
 * objects.
 *
 * HPDF_Page_CreateURILinkAnnot() builds an annotation of a dozen
 * dictionaries, names and numbers, each with a 128-byte key, and keeps
 * them all until the document is saved: about 9.5 KB of memory for each
 * link, three times the size of the page text around it.  Here an
 * annotation is an empty libharu dictionary, so that it has an object
 * number and a place in the page's /Annots (pageobj.h), whose entries
 * are written from 40 bytes when the document is saved. */
#ifndef DC_PDF_ANNOT_H
#define DC_PDF_ANNOT_H

#include <hpdf.h>

#include "pageobj.h"

/* A link over RECT of PAGE (made by pdf_pageobj_add()), without a
 * border, to URI (written as a URI action) or, when URI is NULL, to DEST.
 * HPDF_OK, or libharu's error (the document's error handler has seen it
 * too).  URI is not copied: it must last until the document is saved
 * (the model's does).  The document must not be encrypted: the URI is
 * written as it is. */
HPDF_STATUS pdf_annot_link(HPDF_Page page, HPDF_Rect rect, const char *uri,
			   struct pdf_dest dest);

#endif
