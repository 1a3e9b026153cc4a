/* Footnotes before anything is set: which note each reference reaches,
 * which notes go to the foot of a page and their numbers.
 *
 * A note goes to a foot when a reference reaches it: the first DC_FOOTNOTE
 * of its label.  Notes are numbered 1, 2, ... in the order of their first
 * references in the document; the notes a note's body cites (and not
 * cited before) are numbered right after it and go to the same foot,
 * after it: together they are its group.  A note no reference reaches --
 * never referenced, a second definition of its label, one without a
 * label, or one only cited by notes that cite each other in a circle --
 * keeps no number and is set where it stands. */
#ifndef DC_PDF_FOOTNOTES_H
#define DC_PDF_FOOTNOTES_H

#include <stddef.h>

#include "node.h"

struct pdf_note;

struct pdf_footnote {
	const struct dc_node *node;  /* the DC_FOOTNOTE */
	size_t group_end;            /* its group: notes [this, group_end) */
	char number[24];             /* "1", "2"... */
	char id[32], ref_id[32];     /* anchors of the note and of its
				      * first reference (not ids a reader
				      * can make) */
	struct pdf_note *body;       /* as set for the foot (page.h) */
	bool placed;                 /* given to a foot already */
	bool ref_anchored;           /* its first reference is placed */
};

/* A DC_FOOTNOTE with a label. */
struct pdf_labelled {
	const struct dc_node *node;
	size_t order;   /* in the document */
	size_t refs;    /* references to the label (the first note's) */
	size_t number;  /* index into notes + 1; 0: none */
};

struct pdf_notes {
	struct pdf_footnote *notes;  /* in the order of their numbers */
	size_t count;
	struct pdf_labelled *labelled;  /* by label, then document order */
	size_t n_labelled;
};

/* Number the notes of DOC; false when out of memory. */
bool pdf_notes_scan(struct pdf_notes *notes, const struct dc_doc *doc);
void pdf_notes_free(struct pdf_notes *notes);

/* The numbered note the reference REF reaches, or NULL. */
struct pdf_footnote *pdf_notes_of_ref(const struct pdf_notes *notes,
				      const struct dc_node *ref);
/* Is there a note of LABEL (numbered or not)? */
bool pdf_notes_defined(const struct pdf_notes *notes, const char *label);
/* NOTE (a DC_FOOTNOTE) as numbered, or NULL when it stands where it is. */
struct pdf_footnote *pdf_notes_find(const struct pdf_notes *notes,
				    const struct dc_node *note);
enum pdf_standing {
	PDF_CITED,          /* only by notes that cite each other */
	PDF_UNLABELLED,
	PDF_DEFINED_AGAIN,  /* not the first note of its label */
	PDF_UNREFERENCED,
};
/* Why NOTE, not numbered, stands where it is. */
enum pdf_standing pdf_notes_why_standing(const struct pdf_notes *notes,
					 const struct dc_node *note);

#endif
