/* Page objects, trimmed of what libharu gives every page and keeps in
 * memory until the document is saved.
 *
 * libharu's page is a dictionary of entries with 128-byte keys: /Type, a
 * /MediaBox, /Contents, /Parent, a /Resources with a /ProcSet and a /Font
 * dictionary of its own, and /Annots, an array with an object for each
 * annotation that refers to it: about 2 KB a page, and 40 bytes an
 * annotation.  Here every page is the same size, which the root of the
 * page tree holds and the pages inherit, and every page refers to one
 * /Resources object, so that resource names (/F1, /X1) are the same on
 * every page.  A page's other entries are written from its attributes
 * and a list of its annotations' object numbers, when the document is
 * saved.  A page's graphics state goes once the page is finished.  What a
 * reader sees is the same. */
#ifndef DC_PDF_PAGEOBJ_H
#define DC_PDF_PAGEOBJ_H

#include <hpdf.h>
#include <stdbool.h>
#include <stdint.h>

/* A place to go to on PAGE: the view's top Y points up the page, its
 * left edge the page's, the zoom left as the reader has it.  Written
 * into the object that goes there ([page /XYZ 0 y null]) rather than
 * kept as a libharu array of five objects, an object of its own. */
struct pdf_dest {
	HPDF_Page page;  /* NULL: none */
	HPDF_REAL y;
};

/* Write "KEY N 0 R" and a line end for OBJ, an object of the document;
 * nothing when OBJ is NULL.  HPDF_OK, or libharu's error. */
HPDF_STATUS pdf_ref_write(HPDF_Stream out, const char *key, const void *obj);

/* Write DEST as a destination array.  HPDF_OK, or libharu's error. */
HPDF_STATUS pdf_dest_write(HPDF_Stream out, struct pdf_dest dest);

/* The page tree's resources: made with the first page. */
struct pdf_resources {
	HPDF_Dict all;       /* /Resources, an object of its own */
	HPDF_Dict fonts;     /* its /Font */
	HPDF_Dict xobjects;  /* its /XObject, made with the first image */
};

/* A new page, WIDTH by HEIGHT points, at the end of PDF, drawing on RES;
 * NULL on failure (the document's error handler has seen it). */
HPDF_Page pdf_pageobj_add(HPDF_Doc pdf, struct pdf_resources *res,
			  double width, double height);

/* Ready PAGE to draw an image; false on failure. */
bool pdf_pageobj_images(HPDF_Page page, struct pdf_resources *res);

/* Put the annotation that is object NUMBER of the document in PAGE's
 * /Annots.  HPDF_OK, or libharu's error (the document's error handler
 * has seen it). */
HPDF_STATUS pdf_pageobj_annot(HPDF_Page page, uint32_t number);

/* PAGE is finished (its content packed): it is never drawn on again. */
void pdf_pageobj_finished(HPDF_Page page);

#endif
