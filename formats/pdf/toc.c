#include "toc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "iter.h"

/* The widest page number the layout leaves room for. */
static const char WIDEST_NUMBER[] = "0000";

struct entry {
	const struct dc_node *heading;
	int depth;
	char *text;              /* its number and title */
	double indent;           /* into the text block */
	double end;              /* where its last line's text ends */
	double ascent, descent;  /* of its lines */
	struct pdf_spot *spots;  /* where each of its lines is */
	size_t n_spots;
	int page;                /* where its heading is set; 0: not yet */
	struct pdf_dest dest;
};

struct pdf_toc {
	struct entry *entries;
	size_t n, cap;
	size_t next;  /* the entry pdf_toc_heading() looks at first */
	double size;
	struct dc_diag *diag;
};

int pdf_heading_depth(const struct dc_node *heading)
{
	const struct dc_node *parent = dc_node_parent(heading);
	if (!parent || (parent->kind != DC_SECTION &&
			parent->kind != DC_CHAPTER) ||
	    dc_node_first(parent) != heading)
		return 0;
	int depth = 0;
	for (const struct dc_node *n = parent; n; n = dc_node_parent(n))
		depth += n->kind == DC_SECTION || n->kind == DC_CHAPTER;
	return depth;
}

void pdf_section_number(int *numbers, int depth, char *out, size_t size)
{
	numbers[depth - 1]++;
	for (int d = depth; d < PDF_MAX_DEPTH; d++)
		numbers[d] = 0;
	size_t used = 0;
	out[0] = '\0';
	for (int d = 0; d < depth && used < size; d++)
		used += (size_t)snprintf(out + used, size - used, "%s%d",
					 d ? "." : "", numbers[d]);
	if (used + 1 < size)
		snprintf(out + used, size - used, " ");
}

/* ---- Entries ---- */

/* The text a heading shows: its words, without the numbers of the notes
 * it cites. */
static bool S_heading_text(struct dc_buf *out, const struct dc_node *heading)
{
	struct dc_iter it;
	const struct dc_node *n;
	dc_iter_init(&it, heading);
	while (dc_iter_next(&it, &n) != DC_EV_DONE) {
		if (it.event != DC_EV_ENTER)
			continue;
		bool ok = true;
		if (n->kind == DC_TEXT || n->kind == DC_CODE) {
			ok = dc_buf_append(out, n->literal, n->len);
			if (ok && n->kind == DC_TEXT)
				dc_text_unbreak(out->data + out->len - n->len,
						n->len);
		} else if (n->kind == DC_SOFT_BREAK || n->kind == DC_LINE_BREAK)
			ok = dc_buf_putc(out, ' ');
		if (!ok)
			return false;
	}
	return dc_buf_putc(out, '\0');
}

static bool S_add(struct pdf_toc *toc, const struct dc_node *heading,
		  int depth, const char *number)
{
	if (toc->n == toc->cap) {
		size_t cap = toc->cap ? toc->cap * 2 : 16;
		struct entry *more = realloc(toc->entries, cap * sizeof *more);
		if (!more)
			return false;
		toc->entries = more;
		toc->cap = cap;
	}
	struct dc_buf text = {0};
	if (!dc_buf_append(&text, number, strlen(number)) ||
	    !S_heading_text(&text, heading)) {
		dc_buf_free(&text);
		return false;
	}
	toc->entries[toc->n++] = (struct entry){
		.heading = heading, .depth = depth, .text = text.data};
	return true;
}

enum dc_status pdf_toc_open(struct pdf_toc **out, const struct dc_doc *doc,
			    int depth, bool number, struct dc_diag *diag)
{
	*out = NULL;
	struct pdf_toc *toc = calloc(1, sizeof *toc);
	if (!toc)
		return dc_fail_oom(diag);
	toc->diag = diag;
	int numbers[PDF_MAX_DEPTH] = {0};
	struct dc_iter it;
	const struct dc_node *n;
	dc_iter_init(&it, doc->root);
	while (dc_iter_next(&it, &n) != DC_EV_DONE) {
		int d = it.event == DC_EV_ENTER && n->kind == DC_HEADING
				? pdf_heading_depth(n) : 0;
		if (d <= 0 || d > PDF_MAX_DEPTH)
			continue;
		dc_iter_skip_children(&it);
		/* Headings deeper than the table are numbered all the same. */
		char label[PDF_MAX_DEPTH * 12 + 2] = "";
		if (number)
			pdf_section_number(numbers, d, label, sizeof label);
		if (d <= depth && !S_add(toc, n, d, label)) {
			pdf_toc_free(toc);
			return dc_fail_oom(diag);
		}
	}
	if (toc->n == 0)
		pdf_toc_free(toc);
	else
		*out = toc;
	return DC_OK;
}

void pdf_toc_free(struct pdf_toc *toc)
{
	if (!toc)
		return;
	for (size_t i = 0; i < toc->n; i++) {
		free(toc->entries[i].text);
		free(toc->entries[i].spots);
	}
	free(toc->entries);
	free(toc);
}

void pdf_toc_heading(struct pdf_toc *toc, const struct dc_node *heading,
		     int page, struct pdf_dest dest)
{
	/* Headings come in the order of the entries; one never set (it
	 * cannot be, but) is passed over. */
	for (size_t i = toc->next; i < toc->n; i++)
		if (toc->entries[i].heading == heading) {
			toc->entries[i].page = page;
			toc->entries[i].dest = dest;
			toc->next = i + 1;
			return;
		}
}

/* ---- Setting ---- */

static double S_leading(double size)
{
	return size * 1.32;
}

/* The width LINE of PARA is drawn with, set ragged. */
static double S_width(const struct pdf_para *para, const struct pdf_line *line)
{
	double w = 0;
	for (size_t i = line->first; i < line->end; i++)
		if (para->items[i].kind != PDF_PENALTY)
			w += para->items[i].width;
	return w;
}

/* A line of TEXT in STYLE and SIZE, as a paragraph, and its width. */
static bool S_one_line(struct pdf_para *para, struct pdf_fonts *fonts,
		       enum pdf_style style, double size, const char *text,
		       double *width)
{
	struct pdf_style_state st = {.family = PDF_BODY, .style = style,
				     .size = size, .link = -1};
	pdf_para_reset(para);
	if (!pdf_para_text(para, fonts, &st, text, strlen(text)))
		return false;
	struct pdf_line whole = {.end = para->n_items};
	*width = S_width(para, &whole);
	return true;
}

static enum dc_status S_title(struct pdf_toc *toc, struct pdf_pages *pages,
			      struct pdf_fonts *fonts)
{
	struct pdf_para para = {0};
	double width, size = toc->size;
	enum dc_status st = DC_OK;
	if (!S_one_line(&para, fonts, PDF_BOLD, size * 1.4, "Contents",
			&width))
		st = dc_fail_oom(toc->diag);
	struct pdf_line line = {.end = para.n_items};
	struct pdf_place place = {.leading = S_leading(size * 1.4)};
	pdf_pages_skip(pages, size);
	if (st == DC_OK)
		st = pdf_pages_line(pages, &para, &line, &place);
	pdf_pages_hold(pages);
	pdf_pages_skip(pages, size * 0.8);
	pdf_para_free(&para);
	return st;
}

/* The lines of entry E's title, kept together, leaving room for the
 * widest number; where each went is remembered. */
static enum dc_status S_set_entry(struct pdf_toc *toc, struct entry *e,
				  struct pdf_pages *pages,
				  struct pdf_fonts *fonts, struct pdf_para *para)
{
	double size = toc->size, number;
	enum pdf_style style = e->depth == 1 ? PDF_BOLD : PDF_REGULAR;
	if (!S_one_line(para, fonts, style, size, WIDEST_NUMBER, &number))
		return dc_fail_oom(toc->diag);
	struct pdf_style_state st = {.family = PDF_BODY, .style = style,
				     .size = size, .link = -1};
	pdf_para_reset(para);
	e->indent = (e->depth - 1) * 1.5 * size;
	double measure = pdf_pages_measure(pages) - e->indent - number -
			 2 * size;
	struct pdf_line *lines = NULL;
	size_t n = 0;
	if (!pdf_para_text(para, fonts, &st, e->text, strlen(e->text)) ||
	    !pdf_break_lines(para, fonts, measure, measure, &lines, &n) ||
	    !(e->spots = calloc(n ? n : 1, sizeof *e->spots))) {
		free(lines);
		return dc_fail_oom(toc->diag);
	}
	e->ascent = para->ascent;
	e->descent = para->descent;
	double leading = S_leading(size);
	if (e->depth == 1)
		pdf_pages_skip(pages, size * 0.4);
	enum dc_status status = pdf_pages_need(pages, leading * (double)n);
	for (size_t i = 0; i < n && status == DC_OK; i++) {
		pdf_line_natural(&lines[i]);
		struct pdf_place place = {.indent = e->indent,
					  .leading = leading};
		status = pdf_pages_line(pages, para, &lines[i], &place);
		pdf_pages_hold(pages);
		e->spots[e->n_spots++] = pdf_pages_last_line(pages);
		e->end = e->indent + S_width(para, &lines[i]);
	}
	free(lines);
	return status;
}

enum dc_status pdf_toc_set(struct pdf_toc *toc, struct pdf_pages *pages,
			   struct pdf_fonts *fonts, double size)
{
	toc->size = size;
	struct pdf_para para = {0};
	enum dc_status st = S_title(toc, pages, fonts);
	for (size_t i = 0; i < toc->n && st == DC_OK; i++)
		st = S_set_entry(toc, &toc->entries[i], pages, fonts, &para);
	pdf_para_free(&para);
	return st;
}

/* ---- Finishing ---- */

/* Dots from just after the title to just before the number at NUMBER_X,
 * on a grid from the text block's left edge, so that the dots of every
 * line stand in the same columns. */
static enum dc_status S_leaders(struct pdf_toc *toc, const struct entry *e,
				struct pdf_pages *pages,
				struct pdf_fonts *fonts, struct pdf_para *para,
				double number_x)
{
	double size = toc->size, dot, pair;
	if (!S_one_line(para, fonts, PDF_REGULAR, size, ". ", &pair) ||
	    !S_one_line(para, fonts, PDF_REGULAR, size, ".", &dot))
		return dc_fail_oom(toc->diag);
	double gap = size * 0.6;
	/* The first column of the grid at or after the gap (ceil() would
	 * need libm for this one call). */
	double columns = (double)(long)((e->end + gap) / pair);
	if (columns * pair < e->end + gap)
		columns += 1;
	double start = columns * pair;
	double room = number_x - gap - start - dot;
	if (room < 0)
		return DC_OK;
	size_t count = (size_t)(room / pair) + 1;
	struct dc_buf text = {0};
	for (size_t i = 0; i < count; i++)
		if (!dc_buf_append(&text, i + 1 < count ? ". " : ".",
				   i + 1 < count ? 2 : 1)) {
			dc_buf_free(&text);
			return dc_fail_oom(toc->diag);
		}
	double width;
	bool ok = S_one_line(para, fonts, PDF_REGULAR, size, text.data,
			     &width);
	dc_buf_free(&text);
	if (!ok)
		return dc_fail_oom(toc->diag);
	struct pdf_line whole = {.end = para->n_items};
	return pdf_pages_line_on(pages, e->spots[e->n_spots - 1], para,
				 &whole, start);
}

/* Entry E's page number at the right edge, its leaders, its links. */
static enum dc_status S_finish_entry(struct pdf_toc *toc,
				     const struct entry *e,
				     struct pdf_pages *pages,
				     struct pdf_fonts *fonts,
				     struct pdf_para *para)
{
	char number[16];
	snprintf(number, sizeof number, "%d", e->page);
	double width, measure = pdf_pages_measure(pages);
	if (!S_one_line(para, fonts, e->depth == 1 ? PDF_BOLD : PDF_REGULAR,
			toc->size, number, &width))
		return dc_fail_oom(toc->diag);
	struct pdf_line whole = {.end = para->n_items};
	struct pdf_spot last = e->spots[e->n_spots - 1];
	enum dc_status st = pdf_pages_line_on(pages, last, para, &whole,
					      measure - width);
	if (st == DC_OK)
		st = S_leaders(toc, e, pages, fonts, para, measure - width);
	for (size_t i = 0; i < e->n_spots && st == DC_OK && e->dest.page; i++)
		st = pdf_pages_link_on(pages, e->spots[i], e->indent, measure,
				       e->ascent, -e->descent, e->dest);
	return st;
}

enum dc_status pdf_toc_finish(struct pdf_toc *toc, struct pdf_pages *pages,
			      struct pdf_fonts *fonts)
{
	struct pdf_para para = {0};
	enum dc_status st = DC_OK;
	for (size_t i = 0; i < toc->n && st == DC_OK; i++) {
		const struct entry *e = &toc->entries[i];
		if (e->page > 0 && e->n_spots > 0)
			st = S_finish_entry(toc, e, pages, fonts, &para);
	}
	pdf_para_free(&para);
	return st;
}
