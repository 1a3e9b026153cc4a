#include "pageobj.h"

#include <hpdf_doc.h>
#include <hpdf_gstate.h>
#include <hpdf_list.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <stdint.h>
#include <stdlib.h>

#include "buf.h"

/* A page's libharu attributes, and what its entries are written from. */
struct page_ext {
	HPDF_PageAttr_Rec attr;  /* first: all libharu knows of */
	HPDF_Dict resources;
	uint32_t *annots;        /* object numbers, in order */
	size_t n_annots, cap_annots;
};

/* An object's number, as libharu keeps it. */
static HPDF_UINT S_number(const void *obj)
{
	return ((const HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFF;
}

HPDF_STATUS pdf_ref_write(HPDF_Stream out, const char *key, const void *obj)
{
	if (!obj)
		return HPDF_OK;
	HPDF_STATUS st = HPDF_Stream_WriteStr(out, key);
	if (st == HPDF_OK)
		st = HPDF_Stream_WriteUInt(out, S_number(obj));
	return st == HPDF_OK ? HPDF_Stream_WriteStr(out, " 0 R\012") : st;
}

HPDF_STATUS pdf_dest_write(HPDF_Stream out, struct pdf_dest dest)
{
	HPDF_STATUS st = HPDF_Stream_WriteStr(out, "[ ");
	if (st == HPDF_OK)
		st = HPDF_Stream_WriteUInt(out, S_number(dest.page));
	if (st == HPDF_OK)
		st = HPDF_Stream_WriteStr(out, " 0 R /XYZ 0 ");
	if (st == HPDF_OK)
		st = HPDF_Stream_WriteReal(out, dest.y);
	return st == HPDF_OK ? HPDF_Stream_WriteStr(out, " null ]") : st;
}

static HPDF_STATUS S_write_annots(HPDF_Stream out, const struct page_ext *x)
{
	if (x->n_annots == 0)
		return HPDF_OK;
	HPDF_STATUS st = HPDF_Stream_WriteStr(out, "/Annots [");
	for (size_t i = 0; st == HPDF_OK && i < x->n_annots; i++) {
		st = HPDF_Stream_WriteChar(out, ' ');
		if (st == HPDF_OK)
			st = HPDF_Stream_WriteUInt(out, x->annots[i]);
		if (st == HPDF_OK)
			st = HPDF_Stream_WriteStr(out, " 0 R");
	}
	return st == HPDF_OK ? HPDF_Stream_WriteStr(out, " ]\012") : st;
}

/* The entries libharu's page had, less /MediaBox (see pageobj.h). */
static HPDF_STATUS S_write(HPDF_Dict page, HPDF_Stream out)
{
	const struct page_ext *x = page->attr;
	HPDF_STATUS st = HPDF_Stream_WriteStr(out, "/Type /Page\012");
	if (st == HPDF_OK)
		st = pdf_ref_write(out, "/Parent ", x->attr.parent);
	if (st == HPDF_OK)
		st = pdf_ref_write(out, "/Resources ", x->resources);
	if (st == HPDF_OK)
		st = pdf_ref_write(out, "/Contents ", x->attr.contents);
	return st == HPDF_OK ? S_write_annots(out, x) : st;
}

/* Free the graphics state of PAGE, every level of it. */
static void S_free_gstate(HPDF_Page page)
{
	HPDF_PageAttr attr = page->attr;
	while (attr->gstate)  /* each call frees one level */
		attr->gstate = HPDF_GState_Free(page->mmgr, attr->gstate);
}

/* What libharu frees of a page's attributes, and the annotations'. */
static void S_free(HPDF_Dict page)
{
	struct page_ext *x = page->attr;
	if (!x)
		return;
	S_free_gstate(page);
	free(x->annots);
	HPDF_FreeMem(page->mmgr, x);
	page->attr = NULL;
}

/* The root's /MediaBox, made with the first page. */
static bool S_size(HPDF_Doc pdf, double width, double height)
{
	HPDF_Dict root = pdf->root_pages;
	if (HPDF_Dict_GetItem(root, "MediaBox", HPDF_OCLASS_ARRAY))
		return true;
	HPDF_Box box = {.right = (HPDF_REAL)width, .top = (HPDF_REAL)height};
	HPDF_Array size = HPDF_Box_Array_New(pdf->mmgr, box);
	return size && HPDF_Dict_Add(root, "MediaBox", size) == HPDF_OK;
}

/* The shared /Resources, an object of its own, with its /Font, made with
 * the first page. */
static bool S_resources(HPDF_Doc pdf, struct pdf_resources *res)
{
	if (!res->all) {
		HPDF_Dict all = HPDF_Dict_New(pdf->mmgr);
		/* The cross-reference table owns it, even when adding fails. */
		if (!all || HPDF_Xref_Add(pdf->xref, all) != HPDF_OK)
			return false;
		res->all = all;
	}
	if (res->fonts)
		return true;
	HPDF_Dict fonts = HPDF_Dict_New(pdf->mmgr);
	if (!fonts || HPDF_Dict_Add(res->all, "Font", fonts) != HPDF_OK)
		return false;  /* HPDF_Dict_Add() freed it */
	res->fonts = fonts;
	return true;
}

/* PAGE's entries all go, to be written from its attributes; libharu
 * names a font or an image in the page's dictionaries, making them when
 * the page has none: it is given the shared ones. */
static bool S_trim(HPDF_Page page, const struct pdf_resources *res)
{
	static const char *const entries[] = {"Type", "MediaBox", "Contents",
					      "Resources", "Parent"};
	for (size_t i = 0; i < sizeof entries / sizeof *entries; i++)
		if (HPDF_Dict_RemoveElement(page, entries[i]) != HPDF_OK)
			return false;
	HPDF_List_Clear(page->list);  /* removing kept room for 20 */
	struct page_ext *x = HPDF_GetMem(page->mmgr, sizeof *x);
	if (!x)
		return false;
	*x = (struct page_ext){.attr = *(HPDF_PageAttr)page->attr,
			       .resources = res->all};
	x->attr.fonts = res->fonts;
	x->attr.xobjects = res->xobjects;
	HPDF_FreeMem(page->mmgr, page->attr);
	page->attr = x;
	page->free_fn = S_free;
	page->write_fn = S_write;
	return true;
}

HPDF_Page pdf_pageobj_add(HPDF_Doc pdf, struct pdf_resources *res,
			  double width, double height)
{
	HPDF_Page page = HPDF_AddPage(pdf);
	if (!page || !S_size(pdf, width, height) || !S_resources(pdf, res) ||
	    !S_trim(page, res))
		return NULL;
	return page;
}

bool pdf_pageobj_images(HPDF_Page page, struct pdf_resources *res)
{
	if (!res->xobjects) {
		HPDF_Dict xobjects = HPDF_Dict_New(page->mmgr);
		if (!xobjects ||
		    HPDF_Dict_Add(res->all, "XObject", xobjects) != HPDF_OK)
			return false;  /* HPDF_Dict_Add() freed it */
		res->xobjects = xobjects;
	}
	((HPDF_PageAttr)page->attr)->xobjects = res->xobjects;
	return true;
}

HPDF_STATUS pdf_pageobj_annot(HPDF_Page page, uint32_t number)
{
	struct page_ext *x = page->attr;
	if (page->write_fn != S_write)
		return HPDF_SetError(page->error, HPDF_INVALID_PAGE, 0);
	if (!dc_grow((void **)&x->annots, &x->cap_annots, x->n_annots,
		     sizeof *x->annots))
		return HPDF_SetError(page->error, HPDF_FAILD_TO_ALLOC_MEM, 0);
	x->annots[x->n_annots++] = number;
	return HPDF_OK;
}

void pdf_pageobj_finished(HPDF_Page page)
{
	S_free_gstate(page);  /* libharu saves a page without one */
}
