/* Breaking a paragraph into lines: first fit, using the glue's shrink so
 * lines are as full as they can be, then every line but the last (and
 * those a forced break ends) is justified.  A Knuth-Plass breaker replaces
 * pdf_break_lines() without touching anything else. */
#include <stdlib.h>
#include <string.h>

#include "para.h"
#include "utf8.h"

/* How far glue may stretch before a line is left underfull instead. */
static const double MAX_STRETCH_RATIO = 5.0;

/* Split the box at index I into pieces no wider than MEASURE (at least
 * one character each), with penalties between them: the only way a word
 * wider than the line can be set without overflowing it. */
static bool S_split_box(struct pdf_para *para, size_t i, double measure,
			struct pdf_item **out, size_t *n_out, size_t *cap_out)
{
	const struct pdf_item box = para->items[i];
	const char *text = para->text.data;
	size_t start = box.text, end = box.text + box.len;
	while (start < end) {
		double w = 0;
		size_t at = start;
		while (at < end) {
			uint32_t cp;
			size_t n = dc_utf8_decode(text + at, end - at, &cp);
			n = n ? n : 1;
			double cw = pdf_face_advance(box.face, cp) * box.size;
			if (at > start && w + cw > measure)
				break;
			w += cw;
			at += n;
		}
		if (*n_out + 2 > *cap_out) {
			size_t cap = *cap_out * 2 + 16;
			struct pdf_item *items = realloc(*out, cap * sizeof *items);
			if (!items)
				return false;
			*out = items;
			*cap_out = cap;
		}
		if (start > box.text)
			(*out)[(*n_out)++] = (struct pdf_item){
				.kind = PDF_PENALTY, .link = -1};
		struct pdf_item piece = box;
		piece.text = start;
		piece.len = at - start;
		piece.width = w;
		(*out)[(*n_out)++] = piece;
		start = at;
	}
	return true;
}

/* Replace the items by a copy where every box wider than MEASURE is
 * split.  Nothing to do (and no copy) in the usual case. */
static bool S_split_wide_boxes(struct pdf_para *para, double measure)
{
	size_t i = 0;
	while (i < para->n_items && !(para->items[i].kind == PDF_BOX &&
				      para->items[i].width > measure))
		i++;
	if (i == para->n_items)
		return true;
	size_t cap = para->n_items + 16, n = i;
	struct pdf_item *items = malloc(cap * sizeof *items);
	if (!items)
		return false;
	memcpy(items, para->items, i * sizeof *items);
	for (; i < para->n_items; i++) {
		const struct pdf_item *it = &para->items[i];
		if (it->kind == PDF_BOX && it->width > measure) {
			if (!S_split_box(para, i, measure, &items, &n, &cap)) {
				free(items);
				return false;
			}
			continue;
		}
		if (n == cap) {
			cap *= 2;
			struct pdf_item *more = realloc(items, cap * sizeof *more);
			if (!more) {
				free(items);
				return false;
			}
			items = more;
		}
		items[n++] = *it;
	}
	free(para->items);
	para->items = items;
	para->n_items = n;
	para->cap_items = cap;
	return true;
}

static bool S_add_line(struct pdf_line **lines, size_t *n, size_t *cap,
		       struct pdf_line line)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		struct pdf_line *more = realloc(*lines, c * sizeof *more);
		if (!more)
			return false;
		*lines = more;
		*cap = c;
	}
	(*lines)[(*n)++] = line;
	return true;
}

/* Width, stretch and shrink of items [first, end), trailing glue out. */
static struct pdf_line S_measure(const struct pdf_para *para, size_t first,
				 size_t end, double *stretch, double *shrink)
{
	while (end > first && para->items[end - 1].kind != PDF_BOX)
		end--;
	struct pdf_line line = {.first = first, .end = end};
	*stretch = *shrink = 0;
	for (size_t i = first; i < end; i++) {
		line.width += para->items[i].width;
		*stretch += para->items[i].stretch;
		*shrink += para->items[i].shrink;
	}
	return line;
}

static struct pdf_line S_justify(const struct pdf_para *para, size_t first,
				 size_t end, double measure, bool last)
{
	double stretch, shrink;
	struct pdf_line line = S_measure(para, first, end, &stretch, &shrink);
	double slack = measure - line.width;
	if (last && slack >= 0)
		return line;
	if (slack > 0 && stretch > 0)
		line.ratio = slack / stretch;
	else if (slack < 0 && shrink > 0)
		line.ratio = slack / shrink;
	if (line.ratio > MAX_STRETCH_RATIO)
		line.ratio = MAX_STRETCH_RATIO;
	if (line.ratio < -1)
		line.ratio = -1;
	return line;
}

/* The end of the line starting at FIRST: the last break that fits. Sets
 * *NEXT to where the next line starts and *LAST when the paragraph or a
 * forced break ends the line. */
static size_t S_fit(const struct pdf_para *para, size_t first,
		    double measure, size_t *next, bool *last)
{
	double width = 0, shrink = 0;
	size_t brk = 0;  /* a break point after FIRST, 0 for none yet */
	for (size_t j = first; j < para->n_items; j++) {
		const struct pdf_item *it = &para->items[j];
		if (it->kind == PDF_PENALTY && it->forced) {
			*next = j + 1;
			*last = true;
			return j;
		}
		if (it->kind == PDF_BOX && width + it->width > measure + shrink &&
		    brk > first) {
			*next = brk + 1;
			*last = false;
			return brk;
		}
		if (it->kind != PDF_BOX && j > first)
			brk = j;
		width += it->width;
		shrink += it->shrink;
	}
	*next = para->n_items;
	*last = true;
	return para->n_items;
}

bool pdf_break_lines(struct pdf_para *para, struct pdf_fonts *fonts,
		     double first_measure, double measure,
		     struct pdf_line **lines, size_t *n_lines)
{
	(void)fonts;
	size_t cap = 0;
	*lines = NULL;
	*n_lines = 0;
	double narrowest = first_measure < measure ? first_measure : measure;
	if (!S_split_wide_boxes(para, narrowest))
		return false;
	size_t first = 0;
	while (first < para->n_items) {
		/* Glue and optional breaks at the start of a line vanish. */
		const struct pdf_item *it = &para->items[first];
		if (it->kind == PDF_GLUE ||
		    (it->kind == PDF_PENALTY && !it->forced)) {
			first++;
			continue;
		}
		double m = *n_lines ? measure : first_measure;
		size_t next;
		bool last;
		size_t end = S_fit(para, first, m, &next, &last);
		if (!S_add_line(lines, n_lines, &cap,
				S_justify(para, first, end, m, last))) {
			free(*lines);
			*lines = NULL;
			return false;
		}
		first = next;
	}
	return true;
}
