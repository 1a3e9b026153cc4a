/* Footnotes as the pages see them: a note's body set in advance as a list
 * of drawing operations in rows, and the foot of a page as rows of notes.
 *
 * A note is set once, before the page it goes to is known, on a column
 * of the page's measure with no bottom: y is TOP at its top and goes down
 * (TOP is far up, so y stays positive as it does on a page).  Its rows
 * tile it from the top: row R spans from the bottom of row R-1 (TOP for
 * the first) to rows[R], the baseline of a line or the
 * bottom of an image or of a block drawn by hand (a table row).  A page
 * break may fall between any two rows, so a long note goes on at the foot
 * of the next page.  Everything here is arithmetic; page.c draws. */
#ifndef DC_PDF_FOOT_H
#define DC_PDF_FOOT_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>

#include "para.h"

enum pdf_op_kind {
	PDF_OP_LINE,    /* a line (and its marker) */
	PDF_OP_RULE,
	PDF_OP_IMAGE,   /* or, without an image, an empty frame */
	PDF_OP_ANCHOR,  /* a destination for a cross-reference */
};

struct pdf_op {
	enum pdf_op_kind kind;
	size_t row;
	double x, y;   /* LINE: left edge, baseline; RULE: from x, at y;
			* IMAGE: lower left corner; ANCHOR: y */
	double x1;     /* RULE: to x */
	double w, h;   /* RULE: w is the line width; IMAGE: size */
	struct pdf_para *para, *marker;  /* LINE: owned copies; marker
					  * may be NULL */
	struct pdf_line line;
	double marker_x;
	HPDF_Image image;  /* IMAGE: NULL draws a frame */
	char *id;          /* ANCHOR: owned */
};

struct pdf_note {
	double top;
	struct pdf_op *ops;  /* in row order */
	size_t n_ops, cap_ops;
	double *rows;        /* the bottom of each row */
	size_t n_rows, cap_rows;
	double depth;        /* below the last row's bottom (descenders) */
};

/* A note whose top is at TOP. */
struct pdf_note *pdf_note_new(double top);
void pdf_note_free(struct pdf_note *note);
/* A new operation of KIND in the row being made (the next row for an
 * anchor: it marks what follows); NULL when out of memory. */
struct pdf_op *pdf_note_op(struct pdf_note *note, enum pdf_op_kind kind);
/* End a row at BOTTOM; operations added after it belong to it until the
 * next row starts (a table row's lines come after its row is made). */
bool pdf_note_row(struct pdf_note *note, double bottom);
/* Every anchor in a row; a note with no row gets one of no height. */
bool pdf_note_close(struct pdf_note *note);
/* The top of row R. */
double pdf_note_row_top(const struct pdf_note *note, size_t r);

/* Rows [from, to) of a note. */
struct pdf_foot_part {
	struct pdf_note *note;
	size_t from, to;
};

/* A list of parts: the foot of a page, or what waits for the next. */
struct pdf_foot {
	struct pdf_foot_part *parts;
	size_t n, cap;
};

/* SEP: above the first note (the rule is in it); GAP: between notes. */
struct pdf_foot_style {
	double sep, gap;
};

/* The height of FOOT at the bottom of a page (0 when empty). */
double pdf_foot_height(const struct pdf_foot *foot,
		       const struct pdf_foot_style *style);
/* How many rows of PARTS (in order) can follow FOOT with the whole foot
 * no higher than ROOM. */
size_t pdf_foot_fitting(const struct pdf_foot *foot,
			const struct pdf_foot_part *parts, size_t n,
			double room, const struct pdf_foot_style *style);
/* The rows in PARTS. */
size_t pdf_foot_rows(const struct pdf_foot_part *parts, size_t n);
/* The first ROWS rows of PARTS go to HERE, the others to the end of
 * LATER.  False when out of memory. */
bool pdf_foot_take(struct pdf_foot *here, struct pdf_foot *later,
		   const struct pdf_foot_part *parts, size_t n, size_t rows);
/* Append a part (the rows of NOTE) to FOOT; false when out of memory. */
bool pdf_foot_add(struct pdf_foot *foot, struct pdf_note *note, size_t from,
		  size_t to);
void pdf_foot_free(struct pdf_foot *foot);

#endif
