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

/* What an annotation's object is written from, and its entry in the
 * document's cross-reference table: in the record, not allocated apart,
 * it costs a link 16 bytes rather than 32 (malloc's overhead). */
struct link_spec {
	HPDF_XrefEntry_Rec entry;
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

/* The entry libharu's table holds under SPEC's number. */
static HPDF_XrefEntry S_listed(const struct pdf_annots *a,
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
	HPDF_UINT header = sizeof " 0 obj\012<<\012" - 1;
	for (uint32_t n = spec->number; n > 0; n /= 10)
		header++;
	return S_listed(a, spec) == &spec->entry &&
	       spec->entry.byte_offset + header == out->size;
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

/* Take the records' entries out of libharu's table: HPDF_Free() frees
 * every entry the table holds, and the object each points at. */
static void S_unlist(struct pdf_annots *a)
{
	HPDF_List list = a->pdf->xref->entries;
	HPDF_UINT kept = 0;
	for (HPDF_UINT i = 0; i < list->count; i++) {
		HPDF_XrefEntry entry = list->obj[i];
		if (entry->obj != a->writer)
			list->obj[kept++] = entry;
	}
	list->count = kept;
}

void pdf_annots_free(struct pdf_annots *a)
{
	if (!a)
		return;
	if (a->count)
		S_unlist(a);
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

/* SPEC's entry into the cross-reference table, its object number into
 * SPEC.  HPDF_OK, or libharu's error. */
static HPDF_STATUS S_add_entry(struct pdf_annots *a, struct link_spec *spec)
{
	HPDF_Xref xref = a->pdf->xref;
	if (xref->entries->count >= HPDF_LIMIT_MAX_XREF_ELEMENT)
		return HPDF_SetError(xref->error, HPDF_XREF_COUNT_ERR, 0);
	spec->entry = (HPDF_XrefEntry_Rec){.entry_typ = HPDF_IN_USE_ENTRY,
					   .obj = a->writer};
	HPDF_STATUS st = HPDF_List_Add(xref->entries, &spec->entry);
	if (st == HPDF_OK)
		spec->number = xref->start_offset + xref->entries->count - 1;
	return st;
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
	struct link_spec *spec = S_spec(a, a->count);
	HPDF_STATUS st = S_add_entry(a, spec);
	if (st != HPDF_OK)
		return st;
	a->count++;
	spec->rect = rect;
	spec->uri = uri_len ? uri : NULL;
	spec->page = dest.page;
	spec->y = dest.y;
	return pdf_pageobj_annot(page, spec->number);
}
