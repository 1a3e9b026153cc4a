#include "annot.h"

#include <hpdf_doc.h>
#include <hpdf_list.h>
#include <hpdf_objects.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "pageobj.h"

/* What an annotation's object is written from. */
struct link_spec {
	HPDF_Rect rect;
	const char *uri;     /* the caller's (see annot.h), or NULL */
	HPDF_Page page;      /* the destination, when there is no URI */
	HPDF_REAL y;
	uint32_t number;     /* the object's */
};

/* Records come in blocks that never move, so that a long document's
 * table grows without copying it. */
enum { SPECS_PER_BLOCK = 1024 };

struct pdf_annots {
	HPDF_Doc pdf;
	HPDF_Dict writer;           /* what each entry of the table points at */
	struct link_spec **blocks;
	size_t n_blocks, cap_blocks;
	size_t count;
	size_t next;                /* the record the writer writes next */
};

static struct link_spec *S_spec(const struct pdf_annots *a, size_t i)
{
	return &a->blocks[i / SPECS_PER_BLOCK][i % SPECS_PER_BLOCK];
}

static HPDF_XrefEntry S_entry(const struct pdf_annots *a,
			      const struct link_spec *spec)
{
	HPDF_Xref xref = a->pdf->xref;
	return HPDF_Xref_GetEntry(xref, spec->number - xref->start_offset);
}

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
			st = pdf_dest_write(out, (struct pdf_dest){
				.page = spec->page, .y = spec->y});
		return st == HPDF_OK ? HPDF_Stream_WriteStr(out, "\012") : st;
	}
	st = HPDF_Stream_WriteStr(out, "/A <<\012/Type /Action\012/S /URI\012"
				       "/URI ");
	if (st == HPDF_OK)
		st = HPDF_Stream_WriteEscapeText2(out, spec->uri,
						  (HPDF_UINT)strlen(spec->uri));
	return st == HPDF_OK ? HPDF_Stream_WriteStr(out, "\012>>\012") : st;
}

/* Is SPEC's object the one being written into OUT?  libharu wrote "N 0
 * obj" and "<<", each with a line end, from its entry's offset on.  This
 * holds the writer to the order it counts on. */
static bool S_written_now(const struct pdf_annots *a,
			  const struct link_spec *spec, HPDF_Stream out)
{
	HPDF_XrefEntry entry = S_entry(a, spec);
	HPDF_UINT header = sizeof " 0 obj\012<<\012" - 1;
	for (uint32_t n = spec->number; n > 0; n /= 10)
		header++;
	return entry && entry->obj == a->writer &&
	       entry->byte_offset + header == out->size;
}

/* The entries as libharu writes its own link annotation's, less /P
 * (optional for a link), for the next record: called once for each
 * entry, in the order of their numbers. */
static HPDF_STATUS S_write(HPDF_Dict dict, HPDF_Stream out)
{
	struct pdf_annots *a = dict->attr;
	if (a->next >= a->count || !S_written_now(a, S_spec(a, a->next), out))
		return HPDF_SetError(dict->error, HPDF_INVALID_OBJECT, 0);
	const struct link_spec *spec = S_spec(a, a->next);
	a->next = (a->next + 1) % a->count;  /* a second save starts over */
	HPDF_STATUS st = S_write_rect(out, spec->rect);
	if (st == HPDF_OK)
		st = HPDF_Stream_WriteStr(out, "/Type /Annot\012"
					       "/Subtype /Link\012");
	if (st == HPDF_OK)
		st = S_write_target(out, spec);
	return st == HPDF_OK ? HPDF_Stream_WriteStr(out, "/Border [ 0 0 0 ]\012")
			     : st;
}

struct pdf_annots *pdf_annots_new(HPDF_Doc pdf)
{
	struct pdf_annots *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	a->pdf = pdf;
	a->writer = HPDF_Dict_New(pdf->mmgr);
	if (!a->writer) {
		free(a);
		return NULL;
	}
	a->writer->attr = a;
	a->writer->write_fn = S_write;
	return a;
}

void pdf_annots_free(struct pdf_annots *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->count; i++)
		S_entry(a, S_spec(a, i))->obj = NULL;
	for (size_t i = 0; i < a->n_blocks; i++)
		free(a->blocks[i]);
	free(a->blocks);
	HPDF_Dict_Free(a->writer);
	free(a);
}

/* Room for one more record; false when out of memory. */
static bool S_room(struct pdf_annots *a)
{
	if (a->count < a->n_blocks * SPECS_PER_BLOCK)
		return true;
	if (!dc_grow((void **)&a->blocks, &a->cap_blocks, a->n_blocks,
		     sizeof *a->blocks))
		return false;
	struct link_spec *block = malloc(SPECS_PER_BLOCK * sizeof *block);
	if (!block)
		return false;
	a->blocks[a->n_blocks++] = block;
	return true;
}

/* A cross-reference entry for the next record: its object number in
 * *NUMBER.  HPDF_OK, or libharu's error. */
static HPDF_STATUS S_add_entry(struct pdf_annots *a, uint32_t *number)
{
	HPDF_Xref xref = a->pdf->xref;
	if (xref->entries->count >= HPDF_LIMIT_MAX_XREF_ELEMENT)
		return HPDF_SetError(xref->error, HPDF_XREF_COUNT_ERR, 0);
	HPDF_XrefEntry entry = HPDF_GetMem(xref->mmgr, sizeof *entry);
	if (!entry)
		return HPDF_Error_GetCode(xref->error);
	*entry = (HPDF_XrefEntry_Rec){.entry_typ = HPDF_IN_USE_ENTRY,
				      .obj = a->writer};
	HPDF_STATUS st = HPDF_List_Add(xref->entries, entry);
	if (st != HPDF_OK) {
		HPDF_FreeMem(xref->mmgr, entry);
		return st;
	}
	*number = xref->start_offset + xref->entries->count - 1;
	return HPDF_OK;
}

HPDF_STATUS pdf_annot_link(struct pdf_annots *a, HPDF_Page page,
			   HPDF_Rect rect, const char *uri,
			   struct pdf_dest dest)
{
	size_t uri_len = uri ? strlen(uri) : 0;
	if ((!uri_len && !dest.page) || uri_len > HPDF_LIMIT_MAX_STRING_LEN)
		return HPDF_SetError(page->error, HPDF_INVALID_PARAMETER, 0);
	if (!S_room(a))
		return HPDF_SetError(page->error, HPDF_FAILD_TO_ALLOC_MEM, 0);
	uint32_t number = 0;
	HPDF_STATUS st = S_add_entry(a, &number);
	if (st != HPDF_OK)
		return st;
	*S_spec(a, a->count++) = (struct link_spec){
		.rect = rect, .uri = uri_len ? uri : NULL,
		.page = dest.page, .y = dest.y, .number = number};
	return pdf_pageobj_annot(page, number);
}
