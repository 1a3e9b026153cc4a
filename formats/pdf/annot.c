#include "annot.h"

#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <string.h>

#include "pageobj.h"

/* What an annotation's dictionary holds till it is written. */
struct link_spec {
	HPDF_Rect rect;
	const char *uri;        /* the caller's (see annot.h), or NULL */
	struct pdf_dest dest;   /* when there is no URI */
};

static HPDF_STATUS S_write_rect(HPDF_Stream out, HPDF_Rect r)
{
	HPDF_STATUS st = HPDF_Stream_WriteStr(out, "/Rect [ ");
	const HPDF_REAL sides[] = {r.left, r.bottom, r.right, r.top};
	for (size_t i = 0; st == HPDF_OK && i < 4; i++) {
		st = HPDF_Stream_WriteReal(out, sides[i]);
		if (st == HPDF_OK)
			st = HPDF_Stream_WriteChar(out, ' ');
	}
	return st == HPDF_OK ? HPDF_Stream_WriteStr(out, "]\012") : st;
}

static HPDF_STATUS S_write_target(HPDF_Stream out,
				  const struct link_spec *spec)
{
	HPDF_STATUS st;
	if (!spec->uri) {
		st = HPDF_Stream_WriteStr(out, "/Dest ");
		if (st == HPDF_OK)
			st = pdf_dest_write(out, spec->dest);
		return st == HPDF_OK ? HPDF_Stream_WriteStr(out, "\012") : st;
	}
	st = HPDF_Stream_WriteStr(out, "/A <<\012/Type /Action\012/S /URI\012"
				       "/URI ");
	if (st == HPDF_OK)
		st = HPDF_Stream_WriteEscapeText2(out, spec->uri,
						  (HPDF_UINT)strlen(spec->uri));
	return st == HPDF_OK ? HPDF_Stream_WriteStr(out, "\012>>\012") : st;
}

/* The entries as libharu writes its own link annotation's, less /P
 * (optional for a link). */
static HPDF_STATUS S_write(HPDF_Dict dict, HPDF_Stream out)
{
	const struct link_spec *spec = dict->attr;
	HPDF_STATUS st = S_write_rect(out, spec->rect);
	if (st == HPDF_OK)
		st = HPDF_Stream_WriteStr(out, "/Type /Annot\012"
					       "/Subtype /Link\012");
	if (st == HPDF_OK)
		st = S_write_target(out, spec);
	return st == HPDF_OK ? HPDF_Stream_WriteStr(out, "/Border [ 0 0 0 ]\012")
			     : st;
}

static void S_free(HPDF_Dict dict)
{
	HPDF_FreeMem(dict->mmgr, dict->attr);
	dict->attr = NULL;
}

HPDF_STATUS pdf_annot_link(HPDF_Page page, HPDF_Rect rect, const char *uri,
			   struct pdf_dest dest)
{
	HPDF_PageAttr attr = page->attr;
	size_t uri_len = uri ? strlen(uri) : 0;
	if ((!uri_len && !dest.page) || uri_len > HPDF_LIMIT_MAX_STRING_LEN)
		return HPDF_SetError(page->error, HPDF_INVALID_PARAMETER, 0);
	HPDF_Dict dict = HPDF_Dict_New(page->mmgr);
	if (!dict)
		return HPDF_Error_GetCode(page->error);
	struct link_spec *spec = HPDF_GetMem(page->mmgr, sizeof *spec);
	if (!spec) {
		HPDF_Dict_Free(dict);
		return HPDF_Error_GetCode(page->error);
	}
	*spec = (struct link_spec){.rect = rect, .uri = uri_len ? uri : NULL,
				   .dest = dest};
	dict->attr = spec;
	dict->write_fn = S_write;
	dict->free_fn = S_free;
	/* The cross-reference table owns the dictionary from here on, even
	 * when adding it fails. */
	HPDF_STATUS st = HPDF_Xref_Add(attr->xref, dict);
	return st == HPDF_OK ? pdf_pageobj_annot(page, dict) : st;
}
