#include "table.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct cell {
	struct pdf_para para;
	bool header;
	enum dc_align align;
	struct pdf_line *lines;
	size_t n_lines;
};

struct row {
	size_t first, count;  /* its cells */
	bool header;          /* all its cells are header cells */
};

struct pdf_table {
	struct cell *cells;
	size_t n_cells, cap_cells;
	struct row *rows;
	size_t n_rows, cap_rows;
	size_t n_cols;
};

struct pdf_table *pdf_table_new(void)
{
	return calloc(1, sizeof(struct pdf_table));
}

void pdf_table_free(struct pdf_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n_cells; i++) {
		pdf_para_free(&t->cells[i].para);
		free(t->cells[i].lines);
	}
	free(t->cells);
	free(t->rows);
	free(t);
}

bool pdf_table_row(struct pdf_table *t)
{
	if (t->n_rows == t->cap_rows) {
		size_t cap = t->cap_rows ? t->cap_rows * 2 : 16;
		struct row *rows = realloc(t->rows, cap * sizeof *rows);
		if (!rows)
			return false;
		t->rows = rows;
		t->cap_rows = cap;
	}
	t->rows[t->n_rows++] =
		(struct row){.first = t->n_cells, .header = true};
	return true;
}

struct pdf_para *pdf_table_cell(struct pdf_table *t, bool header,
				enum dc_align align,
				struct pdf_hyphenator *hyph)
{
	if (t->n_rows == 0 && !pdf_table_row(t))
		return NULL;
	if (t->n_cells == t->cap_cells) {
		size_t cap = t->cap_cells ? t->cap_cells * 2 : 32;
		struct cell *cells = realloc(t->cells, cap * sizeof *cells);
		if (!cells)
			return NULL;
		t->cells = cells;
		t->cap_cells = cap;
	}
	struct row *row = &t->rows[t->n_rows - 1];
	row->count++;
	row->header &= header;
	if (row->count > t->n_cols)
		t->n_cols = row->count;
	struct cell *c = &t->cells[t->n_cells++];
	*c = (struct cell){.header = header, .align = align,
			   .para = {.hyph = hyph}};
	return &c->para;
}

/* Widths of a cell's paragraph: all on one line, and its widest box. */
static void S_cell_widths(const struct pdf_para *para, double *natural,
			  double *minimum)
{
	*natural = *minimum = 0;
	for (size_t i = 0; i < para->n_items; i++) {
		const struct pdf_item *it = &para->items[i];
		if (it->kind == PDF_PENALTY)
			continue;
		*natural += it->width;
		if (it->kind == PDF_BOX && it->width > *minimum)
			*minimum = it->width;
	}
}

/* Column widths: natural when they fit; else each column gets its
 * widest word and a share of the rest; else the widest words scaled. */
static bool S_column_widths(const struct pdf_table *t, double room,
			    double *width)
{
	double *natural = calloc(t->n_cols, sizeof *natural);
	double *minimum = calloc(t->n_cols, sizeof *minimum);
	if (!natural || !minimum) {
		free(natural);
		free(minimum);
		return false;
	}
	for (size_t r = 0; r < t->n_rows; r++)
		for (size_t k = 0; k < t->rows[r].count; k++) {
			double nat, min;
			S_cell_widths(&t->cells[t->rows[r].first + k].para,
				      &nat, &min);
			if (nat > natural[k])
				natural[k] = nat;
			if (min > minimum[k])
				minimum[k] = min;
		}
	double sum_nat = 0, sum_min = 0;
	for (size_t k = 0; k < t->n_cols; k++) {
		sum_nat += natural[k];
		sum_min += minimum[k];
	}
	for (size_t k = 0; k < t->n_cols; k++) {
		if (sum_nat <= room)
			width[k] = natural[k];
		else if (sum_min <= room && sum_nat > sum_min)
			width[k] = minimum[k] + (natural[k] - minimum[k]) *
						       (room - sum_min) /
						       (sum_nat - sum_min);
		else
			width[k] = sum_min > 0 ? minimum[k] * room / sum_min
					       : room / (double)t->n_cols;
		if (width[k] < 1)
			width[k] = 1;
	}
	free(natural);
	free(minimum);
	return true;
}

struct table_layout {
	struct pdf_table *table;
	struct pdf_pages *pages;
	double *width;   /* per column */
	double indent, gap, leading, total;
	size_t n_head;   /* header rows, repeated on each page */
	size_t repeat;   /* those repeated: none when they fill a page */
};

/* The lines of ROW: those of its longest cell, one at least. */
static size_t S_row_lines(const struct table_layout *l, const struct row *row)
{
	size_t lines = 1;
	for (size_t k = 0; k < row->count; k++) {
		size_t n = l->table->cells[row->first + k].n_lines;
		if (n > lines)
			lines = n;
	}
	return lines;
}

/* The height of LINES lines of a row. */
static double S_row_height(const struct table_layout *l, size_t lines)
{
	return (double)lines * l->leading + l->leading * 0.3;
}

/* The width LINE is drawn with: cells are set ragged, their glue and
 * glyphs only ever shrunk (a line chosen with some shrink must keep it
 * to fit). */
static double S_line_width(const struct pdf_para *para,
			   struct pdf_line *line)
{
	if (line->ratio > 0)
		line->ratio = 0;
	if (line->expand > 0)
		line->expand = 0;
	return pdf_line_drawn_width(para, line);
}

/* Lines FROM to TO of ROW's cells (all of them: 0 to SIZE_MAX). */
static enum dc_status S_draw_row(struct table_layout *l, const struct row *row,
				 size_t from, size_t to)
{
	size_t lines = S_row_lines(l, row);
	to = to < lines ? to : lines;
	double height = S_row_height(l, to - from);
	double top = pdf_pages_reserve(l->pages, height);
	if (top < 0)
		return DC_ERR_SOFTWARE;
	double x = l->indent;
	enum dc_status st = DC_OK;
	for (size_t k = 0; k < row->count && st == DC_OK; k++) {
		struct cell *c = &l->table->cells[row->first + k];
		for (size_t i = from; i < to && i < c->n_lines && st == DC_OK;
		     i++) {
			double w = S_line_width(&c->para, &c->lines[i]);
			double dx = c->align == DC_ALIGN_RIGHT ? l->width[k] - w
				    : c->align == DC_ALIGN_CENTER
					    ? (l->width[k] - w) / 2
					    : 0;
			st = pdf_pages_line_at(l->pages, &c->para,
					       &c->lines[i], x + dx,
					       top - (double)(i - from + 1) *
							     l->leading +
						       l->leading * 0.25);
		}
		x += l->width[k] + l->gap;
	}
	if (st == DC_OK && row->header && to == lines)
		st = pdf_pages_rule(l->pages, l->indent, l->indent + l->total,
				    top - height + l->leading * 0.1, 0.4);
	return st;
}

/* A new page for row R; the header rows go on top of it again, unless R
 * is one of them. */
static enum dc_status S_next_page(struct table_layout *l, size_t r)
{
	enum dc_status st = pdf_pages_break(l->pages);
	for (size_t h = 0; r >= l->n_head && h < l->repeat && st == DC_OK;
	     h++)
		st = S_draw_row(l, &l->table->rows[h], 0, SIZE_MAX);
	return st;
}

/* The most lines of a row that fit below HEADS points on a new page. */
static size_t S_lines_below(const struct table_layout *l, double heads)
{
	double room = pdf_pages_text_height(l->pages) - heads - l->leading * 0.3;
	return room > 0 ? (size_t)(room / l->leading) : 0;
}

/* The most lines of a row that fit on this page. */
static size_t S_lines_here(const struct table_layout *l)
{
	int n = pdf_pages_lines_left(l->pages, l->leading);
	size_t here = n > 0 ? (size_t)n : 0;
	while (here > 0 &&
	       pdf_pages_lines_left(l->pages, S_row_height(l, here)) < 1)
		here--;
	return here;
}

/* The fewest lines of a row split across pages to leave on a page. */
enum { MIN_SPLIT_LINES = 2 };

/* Row R: on this page, or whole on the next when it fits there (NEXT:
 * the lines a new page holds for it), else on as many pages as it
 * takes, a slice of lines on each, the header rows on top of each. */
static enum dc_status S_set_row(struct table_layout *l, size_t r,
				size_t next)
{
	const struct row *row = &l->table->rows[r];
	size_t lines = S_row_lines(l, row);
	bool fresh = false;  /* the page was just started for this row */
	enum dc_status st = DC_OK;
	for (size_t from = 0; from < lines && st == DC_OK;) {
		size_t rest = lines - from, here = S_lines_here(l);
		if (rest <= here)
			return S_draw_row(l, row, from, lines);
		if (from == 0 && rest <= next) {
			if (r > l->n_head)
				st = S_next_page(l, r);
			return st == DC_OK ? S_draw_row(l, row, 0, lines) : st;
		}
		if (here < MIN_SPLIT_LINES && !fresh) {
			st = S_next_page(l, r);
			fresh = true;
			continue;
		}
		here = here > 0 ? here : 1;  /* a page that holds none */
		st = S_draw_row(l, row, from, from + here);
		from += here;
		if (from < lines && st == DC_OK) {
			st = S_next_page(l, r);
			fresh = true;
		}
	}
	return st;
}

enum dc_status pdf_table_set(struct pdf_table *t, struct pdf_pages *pages,
			     struct pdf_fonts *fonts, double indent,
			     double size, struct dc_diag *diag)
{
	if (t->n_cols == 0)
		return DC_OK;
	double gap = size;
	double room = pdf_pages_measure(pages) - indent -
		      gap * (double)(t->n_cols - 1);
	double *width = calloc(t->n_cols, sizeof *width);
	if (!width || !S_column_widths(t, room, width)) {
		free(width);
		return dc_fail_oom(diag);
	}
	struct table_layout l = {.table = t, .pages = pages, .width = width,
				 .indent = indent, .gap = gap,
				 .leading = size * 1.3};
	for (size_t k = 0; k < t->n_cols; k++)
		l.total += width[k] + (k ? gap : 0);
	enum dc_status st = DC_OK;
	for (size_t r = 0; r < t->n_rows && st == DC_OK; r++)
		for (size_t k = 0; k < t->rows[r].count; k++) {
			struct cell *c = &t->cells[t->rows[r].first + k];
			if (!pdf_break_lines(&c->para, fonts, width[k],
					     width[k], &c->lines,
					     &c->n_lines))
				st = dc_fail_oom(diag);
		}
	/* Rows of header cells at the top are repeated on every page. */
	while (l.n_head < t->n_rows && t->rows[l.n_head].header)
		l.n_head++;
	if (l.n_head == t->n_rows)
		l.n_head = 0;
	double top = st == DC_OK ? pdf_pages_reserve(pages, size * 0.4) : -1;
	if (top >= 0)
		st = pdf_pages_rule(pages, indent, indent + l.total, top, 0.8);
	/* What a new page holds of a row below the header rows, repeated
	 * unless they leave too little; the first row after them goes on
	 * a new page without them. */
	double heads = 0;
	for (size_t h = 0; h < l.n_head; h++)
		heads += S_row_height(&l, S_row_lines(&l, &t->rows[h]));
	l.repeat = S_lines_below(&l, heads) >= MIN_SPLIT_LINES ? l.n_head : 0;
	size_t below = S_lines_below(&l, l.repeat ? heads : 0);
	for (size_t r = 0; r < t->n_rows && st == DC_OK; r++)
		st = S_set_row(&l, r,
			       r > l.n_head ? below : S_lines_below(&l, 0));
	top = st == DC_OK ? pdf_pages_reserve(pages, size * 0.2) : -1;
	if (top >= 0)
		st = pdf_pages_rule(pages, indent, indent + l.total,
				    top - size * 0.1, 0.8);
	free(width);
	return st;
}
