#include "footnotes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iter.h"

static int S_labelled_cmp(const void *a, const void *b)
{
	const struct pdf_labelled *x = a, *y = b;
	int c = strcmp(x->node->as.note.label, y->node->as.note.label);
	if (c)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The first note of LABEL, or NULL. */
static struct pdf_labelled *S_first(const struct pdf_notes *notes,
				    const char *label)
{
	size_t lo = 0, hi = notes->n_labelled;
	while (label && lo < hi) {  /* the leftmost of the label */
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(notes->labelled[mid].node->as.note.label, label) <
		    0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!label || lo == notes->n_labelled ||
	    strcmp(notes->labelled[lo].node->as.note.label, label) != 0)
		return NULL;
	return &notes->labelled[lo];
}

static bool S_is_first(const struct pdf_notes *notes,
		       const struct dc_node *note)
{
	const struct pdf_labelled *l = S_first(notes, note->as.note.label);
	return l && l->node == note;
}

/* Every labelled note, sorted; false when out of memory. */
static bool S_collect(struct pdf_notes *notes, const struct dc_node *root)
{
	size_t cap = 0;
	struct dc_iter it;
	const struct dc_node *n;
	dc_iter_init(&it, root);
	while (dc_iter_next(&it, &n) != DC_EV_DONE) {
		if (it.event != DC_EV_ENTER || n->kind != DC_FOOTNOTE ||
		    !n->as.note.label)
			continue;
		if (notes->n_labelled == cap) {
			cap = cap ? cap * 2 : 16;
			struct pdf_labelled *more = realloc(
				notes->labelled, cap * sizeof *more);
			if (!more)
				return false;
			notes->labelled = more;
		}
		notes->labelled[notes->n_labelled] = (struct pdf_labelled){
			.node = n, .order = notes->n_labelled};
		notes->n_labelled++;
	}
	if (notes->n_labelled)
		qsort(notes->labelled, notes->n_labelled,
		      sizeof *notes->labelled, S_labelled_cmp);
	return true;
}

static void S_count_refs(struct pdf_notes *notes, const struct dc_node *root)
{
	struct dc_iter it;
	const struct dc_node *n;
	dc_iter_init(&it, root);
	while (dc_iter_next(&it, &n) != DC_EV_DONE) {
		struct pdf_labelled *l =
			n->kind == DC_FOOTNOTE_REF
				? S_first(notes, n->as.note.label) : NULL;
		if (l)
			l->refs++;
	}
}

/* Give the note of L the next number; false when out of memory. */
static bool S_number(struct pdf_notes *notes, struct pdf_labelled *l,
		     size_t *cap)
{
	if (notes->count == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		struct pdf_footnote *more =
			realloc(notes->notes, *cap * sizeof *more);
		if (!more)
			return false;
		notes->notes = more;
	}
	size_t k = notes->count++;
	struct pdf_footnote *f = &notes->notes[k];
	*f = (struct pdf_footnote){.node = l->node, .group_end = k + 1};
	snprintf(f->number, sizeof f->number, "%zu", k + 1);
	/* A control character: no reader lets one into an id. */
	snprintf(f->id, sizeof f->id, "\x1f" "fn-%zu", k + 1);
	snprintf(f->ref_id, sizeof f->ref_id, "\x1f" "fnref-%zu", k + 1);
	l->number = k + 1;
	return true;
}

/* Walk ROOT in document order: each reference not yet numbered numbers
 * its note (when the walk is over a note's body, the note cited joins
 * the group being made).  The bodies of notes a reference reaches are
 * walked by the caller, not here. */
static bool S_walk(struct pdf_notes *notes, const struct dc_node *root,
		   size_t *cap)
{
	struct dc_iter it;
	const struct dc_node *n;
	dc_iter_init(&it, root);
	while (dc_iter_next(&it, &n) != DC_EV_DONE) {
		if (it.event != DC_EV_ENTER)
			continue;
		if (n->kind == DC_FOOTNOTE && n != root) {
			const struct pdf_labelled *l =
				S_first(notes, n->as.note.label);
			if (l && l->node == n && l->refs > 0)
				dc_iter_skip_children(&it);
			continue;
		}
		struct pdf_labelled *l =
			n->kind == DC_FOOTNOTE_REF
				? S_first(notes, n->as.note.label) : NULL;
		if (!l || l->number)
			continue;
		size_t first = notes->count;
		if (!S_number(notes, l, cap))
			return false;
		if (root->kind == DC_FOOTNOTE)
			continue;  /* the caller walks the group */
		/* The group: the notes the bodies of its notes cite. */
		for (size_t k = first; k < notes->count; k++)
			if (!S_walk(notes, notes->notes[k].node, cap))
				return false;
		notes->notes[first].group_end = notes->count;
	}
	return true;
}

bool pdf_notes_scan(struct pdf_notes *notes, const struct dc_doc *doc)
{
	*notes = (struct pdf_notes){0};
	if (!S_collect(notes, doc->root))
		return false;
	if (notes->n_labelled == 0)
		return true;  /* every reference is to a missing note */
	S_count_refs(notes, doc->root);
	size_t cap = 0;
	return S_walk(notes, doc->root, &cap);
}

void pdf_notes_free(struct pdf_notes *notes)
{
	free(notes->notes);
	free(notes->labelled);
	*notes = (struct pdf_notes){0};
}

struct pdf_footnote *pdf_notes_of_ref(const struct pdf_notes *notes,
				      const struct dc_node *ref)
{
	const struct pdf_labelled *l = S_first(notes, ref->as.note.label);
	return l && l->number ? &notes->notes[l->number - 1] : NULL;
}

bool pdf_notes_defined(const struct pdf_notes *notes, const char *label)
{
	return S_first(notes, label) != NULL;
}

struct pdf_footnote *pdf_notes_find(const struct pdf_notes *notes,
				    const struct dc_node *note)
{
	const struct pdf_labelled *l = S_first(notes, note->as.note.label);
	return l && l->node == note && l->number
		       ? &notes->notes[l->number - 1] : NULL;
}

enum pdf_standing pdf_notes_why_standing(const struct pdf_notes *notes,
					 const struct dc_node *note)
{
	if (!note->as.note.label)
		return PDF_UNLABELLED;
	if (!S_is_first(notes, note))
		return PDF_DEFINED_AGAIN;
	return S_first(notes, note->as.note.label)->refs ? PDF_CITED
							 : PDF_UNREFERENCED;
}
