#include "foot.h"

#include <stdlib.h>

#include "buf.h"

struct pdf_note *pdf_note_new(double top)
{
	struct pdf_note *note = calloc(1, sizeof *note);
	if (note)
		note->top = top;
	return note;
}

void pdf_note_free(struct pdf_note *note)
{
	if (!note)
		return;
	for (size_t i = 0; i < note->n_ops; i++) {
		struct pdf_op *op = &note->ops[i];
		if (op->para)
			pdf_para_free(op->para);
		if (op->marker)
			pdf_para_free(op->marker);
		free(op->para);
		free(op->marker);
		free(op->id);
	}
	free(note->ops);
	free(note->rows);
	free(note);
}

struct pdf_op *pdf_note_op(struct pdf_note *note, enum pdf_op_kind kind)
{
	if (!dc_grow((void **)&note->ops, &note->cap_ops, note->n_ops,
		    sizeof *note->ops))
		return NULL;
	struct pdf_op *op = &note->ops[note->n_ops++];
	size_t row = note->n_rows ? note->n_rows - 1 : 0;
	*op = (struct pdf_op){.kind = kind,
			      .row = kind == PDF_OP_ANCHOR ? note->n_rows
							   : row};
	return op;
}

bool pdf_note_row(struct pdf_note *note, double bottom)
{
	if (!dc_grow((void **)&note->rows, &note->cap_rows, note->n_rows,
		    sizeof *note->rows))
		return false;
	note->rows[note->n_rows++] = bottom;
	return true;
}

bool pdf_note_close(struct pdf_note *note)
{
	if (note->n_rows == 0 && !pdf_note_row(note, note->top))
		return false;
	for (size_t i = 0; i < note->n_ops; i++)
		if (note->ops[i].row >= note->n_rows)
			note->ops[i].row = note->n_rows - 1;
	return true;
}

double pdf_note_row_top(const struct pdf_note *note, size_t r)
{
	return r ? note->rows[r - 1] : note->top;
}

static double S_part_height(const struct pdf_foot_part *part)
{
	return pdf_note_row_top(part->note, part->from) -
	       part->note->rows[part->to - 1];
}

/* The height of FOOT without the depth of its last row. */
static double S_height_above(const struct pdf_foot *foot,
			     const struct pdf_foot_style *style)
{
	double h = style->sep;
	for (size_t i = 0; i < foot->n; i++)
		h += S_part_height(&foot->parts[i]) + (i ? style->gap : 0);
	return h;
}

double pdf_foot_height(const struct pdf_foot *foot,
		       const struct pdf_foot_style *style)
{
	if (foot->n == 0)
		return 0;
	return S_height_above(foot, style) +
	       foot->parts[foot->n - 1].note->depth;
}

size_t pdf_foot_fitting(const struct pdf_foot *foot,
			const struct pdf_foot_part *parts, size_t n,
			double room, const struct pdf_foot_style *style)
{
	double h = S_height_above(foot, style);
	bool after = foot->n > 0;  /* a note above: a gap before the next */
	size_t fitted = 0;
	for (size_t i = 0; i < n; i++) {
		const struct pdf_foot_part *p = &parts[i];
		for (size_t r = p->from; r < p->to; r++) {
			double add = pdf_note_row_top(p->note, r) -
				     p->note->rows[r];
			if (r == p->from && after)
				add += style->gap;
			if (h + add + p->note->depth > room)
				return fitted;
			h += add;
			fitted++;
		}
		after = after || p->to > p->from;
	}
	return fitted;
}

size_t pdf_foot_rows(const struct pdf_foot_part *parts, size_t n)
{
	size_t rows = 0;
	for (size_t i = 0; i < n; i++)
		rows += parts[i].to - parts[i].from;
	return rows;
}

bool pdf_foot_add(struct pdf_foot *foot, struct pdf_note *note, size_t from,
		  size_t to)
{
	if (from >= to)
		return true;
	if (!dc_grow((void **)&foot->parts, &foot->cap, foot->n,
		    sizeof *foot->parts))
		return false;
	foot->parts[foot->n++] =
		(struct pdf_foot_part){.note = note, .from = from, .to = to};
	return true;
}

bool pdf_foot_take(struct pdf_foot *here, struct pdf_foot *later,
		   const struct pdf_foot_part *parts, size_t n, size_t rows)
{
	for (size_t i = 0; i < n; i++) {
		const struct pdf_foot_part *p = &parts[i];
		size_t k = p->to - p->from < rows ? p->to - p->from : rows;
		rows -= k;
		if (!pdf_foot_add(here, p->note, p->from, p->from + k) ||
		    !pdf_foot_add(later, p->note, p->from + k, p->to))
			return false;
	}
	return true;
}

void pdf_foot_free(struct pdf_foot *foot)
{
	free(foot->parts);
	*foot = (struct pdf_foot){0};
}
