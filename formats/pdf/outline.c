#include "outline.h"

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <string.h>

#include "textstr.h"

/* What an item's (or the root's) dictionary is written from. */
struct item {
	HPDF_Dict parent, first, last, prev, next;  /* NULL: none */
	struct pdf_dest dest;   /* page NULL: the root */
	bool open;
	char title[];           /* UTF-8; the root's is empty */
};

static struct item *S_item(HPDF_Dict dict)
{
	return dict->attr;
}

/* The items shown under IT when it is open: its children, and theirs
 * under those that are open, as libharu counts them. */
static HPDF_INT S_visible(const struct item *it)
{
	HPDF_INT n = 0;
	for (HPDF_Dict c = it->first; c; c = S_item(c)->next) {
		n++;
		if (S_item(c)->open)
			n += S_visible(S_item(c));
	}
	return n;
}

/* /Count: the items shown under it, negative for a closed item; none
 * when it has no children. */
static HPDF_STATUS S_count(HPDF_Stream out, const struct item *it)
{
	HPDF_INT count = S_visible(it);
	if (count == 0)
		return HPDF_OK;
	HPDF_STATUS st = HPDF_Stream_WriteStr(out, "/Count ");
	if (st == HPDF_OK)
		st = HPDF_Stream_WriteInt(out, it->open ? count : -count);
	return st == HPDF_OK ? HPDF_Stream_WriteStr(out, "\012") : st;
}

static HPDF_STATUS S_write(HPDF_Dict dict, HPDF_Stream out)
{
	const struct item *it = S_item(dict);
	HPDF_STATUS st;
	if (it->dest.page) {
		st = HPDF_Stream_WriteStr(out, "/Title ");
		if (st == HPDF_OK)
			st = pdf_text_string_write(out, it->title);
		if (st == HPDF_OK)
			st = HPDF_Stream_WriteStr(out, "\012");
	} else {
		st = HPDF_Stream_WriteStr(out, "/Type /Outlines\012");
	}
	const char *keys[] = {"/Parent ", "/Prev ", "/Next ", "/First ",
			      "/Last "};
	const HPDF_Dict refs[] = {it->parent, it->prev, it->next, it->first,
				  it->last};
	for (size_t i = 0; st == HPDF_OK && i < sizeof refs / sizeof *refs;
	     i++)
		st = pdf_ref_write(out, keys[i], refs[i]);
	if (st == HPDF_OK && it->dest.page) {
		st = HPDF_Stream_WriteStr(out, "/Dest ");
		if (st == HPDF_OK)
			st = pdf_dest_write(out, it->dest);
		if (st == HPDF_OK)
			st = HPDF_Stream_WriteStr(out, "\012");
	}
	return st == HPDF_OK ? S_count(out, it) : st;
}

static void S_free(HPDF_Dict dict)
{
	HPDF_FreeMem(dict->mmgr, dict->attr);
	dict->attr = NULL;
}

/* An item, or the root when DEST has no page, linked to nothing yet. */
static HPDF_Dict S_new(HPDF_Doc pdf, const char *title,
		       struct pdf_dest dest, bool open)
{
	size_t len = strlen(title);
	HPDF_Dict dict = HPDF_Dict_New(pdf->mmgr);
	if (!dict)
		return NULL;
	struct item *it = HPDF_GetMem(pdf->mmgr, sizeof *it + len + 1);
	if (!it) {
		HPDF_Dict_Free(dict);
		return NULL;
	}
	*it = (struct item){.dest = dest, .open = open};
	memcpy(it->title, title, len + 1);
	dict->attr = it;
	dict->write_fn = S_write;
	dict->free_fn = S_free;
	/* The cross-reference table owns the dictionary from here on, even
	 * when adding it fails. */
	return HPDF_Xref_Add(pdf->xref, dict) == HPDF_OK ? dict : NULL;
}

HPDF_Dict pdf_outline_add(HPDF_Doc pdf, HPDF_Dict *root, HPDF_Dict parent,
			  const char *title, struct pdf_dest dest, bool open)
{
	if (!dest.page) {
		HPDF_SetError(&pdf->error, HPDF_INVALID_DESTINATION, 0);
		return NULL;
	}
	if (!parent && !*root) {
		HPDF_Dict made = S_new(pdf, "", (struct pdf_dest){0}, true);
		if (!made || HPDF_Dict_Add(pdf->catalog, "Outlines", made) !=
				     HPDF_OK)
			return NULL;
		*root = made;
	}
	if (!parent)
		parent = *root;
	HPDF_Dict dict = S_new(pdf, title, dest, open);
	if (!dict)
		return NULL;
	struct item *up = S_item(parent), *it = S_item(dict);
	it->parent = parent;
	if (up->last) {
		S_item(up->last)->next = dict;
		it->prev = up->last;
	} else {
		up->first = dict;
	}
	up->last = dict;
	return dict;
}
