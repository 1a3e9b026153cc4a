#include "pageobj.h"

#include <hpdf_doc.h>
#include <hpdf_gstate.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>

/* The root's /MediaBox, made with the first page: the page's own goes. */
static bool S_size(HPDF_Doc pdf, HPDF_Page page, double width,
		   double height)
{
	if (HPDF_Dict_RemoveElement(page, "MediaBox") != HPDF_OK)
		return false;
	HPDF_Dict root = pdf->root_pages;
	if (HPDF_Dict_GetItem(root, "MediaBox", HPDF_OCLASS_ARRAY))
		return true;
	HPDF_Box box = {.right = (HPDF_REAL)width, .top = (HPDF_REAL)height};
	HPDF_Array size = HPDF_Box_Array_New(pdf->mmgr, box);
	return size && HPDF_Dict_Add(root, "MediaBox", size) == HPDF_OK;
}

/* A new dictionary as KEY of DICT; NULL on failure. */
static HPDF_Dict S_dict_in(HPDF_Dict dict, const char *key)
{
	HPDF_Dict made = HPDF_Dict_New(dict->mmgr);
	if (made && HPDF_Dict_Add(dict, key, made) != HPDF_OK)
		return NULL;  /* HPDF_Dict_Add() freed it */
	return made;
}

/* The shared /Resources, an object of its own, made with the first page;
 * each page refers to it rather than inherit it, as some tools that list
 * a page's resources expect.  libharu names a font or an image in the
 * page's dictionaries, making them when the page has none: it is given
 * the shared ones. */
static bool S_resources(HPDF_Doc pdf, HPDF_Page page,
			struct pdf_resources *res)
{
	if (HPDF_Dict_RemoveElement(page, "Resources") != HPDF_OK)
		return false;
	if (!res->all) {
		HPDF_Dict all = HPDF_Dict_New(pdf->mmgr);
		/* The cross-reference table owns it, even when adding fails. */
		if (!all || HPDF_Xref_Add(pdf->xref, all) != HPDF_OK)
			return false;
		res->all = all;
	}
	if (!res->fonts && !(res->fonts = S_dict_in(res->all, "Font")))
		return false;
	if (HPDF_Dict_Add(page, "Resources", res->all) != HPDF_OK)
		return false;
	HPDF_PageAttr attr = page->attr;
	attr->fonts = res->fonts;
	attr->xobjects = res->xobjects;
	return true;
}

HPDF_Page pdf_pageobj_add(HPDF_Doc pdf, struct pdf_resources *res,
			  double width, double height)
{
	HPDF_Page page = HPDF_AddPage(pdf);
	if (!page || !S_size(pdf, page, width, height) ||
	    !S_resources(pdf, page, res))
		return NULL;
	return page;
}

bool pdf_pageobj_images(HPDF_Page page, struct pdf_resources *res)
{
	if (!res->xobjects && !(res->xobjects = S_dict_in(res->all, "XObject")))
		return false;
	((HPDF_PageAttr)page->attr)->xobjects = res->xobjects;
	return true;
}

void pdf_pageobj_finished(HPDF_Page page)
{
	HPDF_PageAttr attr = page->attr;
	while (attr->gstate)  /* each call frees one level */
		attr->gstate = HPDF_GState_Free(page->mmgr, attr->gstate);
	/* libharu's saving and freeing of a page allow no graphics state. */
}
