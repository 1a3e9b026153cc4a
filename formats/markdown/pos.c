/* Positions for the Markdown reader: line and column of an input offset,
 * and the scans of a text that find where a node starts from where its
 * first text is (markdown.c says when each is used). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mapped.h"
#include "mdr.h"
#include "utf8.h"

/* Where the line after the one starting at START starts; LEN + 1 when
 * none does. */
static size_t S_next_start(const struct mdr_lines *l, size_t start)
{
	const char *nl = start < l->len
		? memchr(l->data + start, '\n', l->len - start) : NULL;
	return nl ? (size_t)(nl - l->data) + 1 : l->len + 1;
}

/* Put the cursor on line I, which starts at START, giving back what
 * lies behind it if asked: locating goes through the input in order, as
 * the parse does. */
static void S_set_line(struct mdr_lines *l, size_t i, size_t start)
{
	if (l->maps)
		dc_maps_passed(l->maps, l->data + start);
	l->line = i;
	l->start = start;
	l->next = S_next_start(l, start);
}

bool mdr_lines_init(struct mdr_lines *l, const char *data, size_t len)
{
	*l = (struct mdr_lines){.data = data, .len = len};
	size_t lines = 1;
	const char *end = data + len;
	for (const char *p = data; (p = memchr(p, '\n', (size_t)(end - p)));
	     p++)
		lines++;
	size_t n = (lines + MDR_LINES_STEP - 1) / MDR_LINES_STEP;
	l->marks = malloc(n * sizeof *l->marks);
	if (!l->marks)
		return false;
	l->marks[l->n_marks++] = 0;
	lines = 1;
	for (const char *p = data; (p = memchr(p, '\n', (size_t)(end - p)));
	     p++)
		if (lines++ % MDR_LINES_STEP == 0)
			l->marks[l->n_marks++] = (uint32_t)(p - data) + 1;
	S_set_line(l, 0, 0);
	l->col = 1;
	return true;
}

void mdr_lines_free(struct mdr_lines *l)
{
	free(l->marks);
	*l = (struct mdr_lines){0};
}

/* Put the cursor on the line holding OFF: a few lines on from where it
 * is, else from the last mark at or before OFF. */
static void S_find_line(struct mdr_lines *l, size_t off)
{
	if (off < l->start || off >= l->next + 4 * 80) {
		size_t lo = 0, hi = l->n_marks;  /* the last mark <= off */
		while (hi - lo > 1) {
			size_t mid = lo + (hi - lo) / 2;
			if (l->marks[mid] <= off)
				lo = mid;
			else
				hi = mid;
		}
		S_set_line(l, lo * MDR_LINES_STEP, l->marks[lo]);
	}
	while (off >= l->next)
		S_set_line(l, l->line + 1, l->next);
}

void mdr_lines_locate(struct mdr_lines *l, size_t off, long *line,
		      long *col)
{
	if (off > l->len)
		off = l->len;
	if (off >= l->start && off < l->next && off >= l->off) {
		l->col += dc_utf8_count(l->data + l->off, off - l->off);
	} else if (off >= l->start && off < l->next) {
		l->col -= dc_utf8_count(l->data + off, l->off - off);
	} else {
		S_find_line(l, off);
		l->col = 1 + dc_utf8_count(l->data + l->start,
					   off - l->start);
	}
	l->off = off;
	*line = (long)l->line + 1;
	*col = l->col;
}

/* ---- Scans of a text ---- */

static bool S_in(const char *set, char c)
{
	for (; *set; set++)
		if (*set == c)
			return true;
	return false;
}

size_t mdr_back(const struct mdr_text *t, size_t at, const char *set,
		size_t max)
{
	const char *s = t->data;
	for (size_t n = 0; n < max && at > 0 && S_in(set, s[at - 1]); n++)
		at--;
	return at;
}

static bool S_before(const struct mdr_text *t, size_t at, char c)
{
	return at > 0 && t->data[at - 1] == c;
}

/* A list item's marker before AT (TASK: the offset of its task's '[',
 * or MDR_NOWHERE). */
static size_t S_item_start(const struct mdr_text *t, size_t task, size_t at)
{
	size_t from = task != MDR_NOWHERE && task < at ? task : at;
	size_t b = mdr_back(t, from, " \t", SIZE_MAX);
	if (S_before(t, b, '-') || S_before(t, b, '+') || S_before(t, b, '*'))
		return b - 1;
	if (S_before(t, b, '.') || S_before(t, b, ')')) {
		size_t d = mdr_back(t, b - 1, "0123456789", 9);
		if (d < b - 1)
			return d;
	}
	return at;
}

size_t mdr_marker(const struct mdr_text *t, enum dc_kind kind, size_t task,
		  size_t at)
{
	size_t b;
	switch (kind) {
	case DC_BLOCK_QUOTE:
		b = mdr_back(t, at, " \t", SIZE_MAX);
		return S_before(t, b, '>') ? b - 1 : at;
	case DC_LIST_ITEM: return S_item_start(t, task, at);
	case DC_HEADING:
		b = mdr_back(t, at, " \t", SIZE_MAX);
		return S_before(t, b, '#') ? mdr_back(t, b, "#", 6) : at;
	case DC_TABLE_ROW:
		b = mdr_back(t, at, " \t", SIZE_MAX);
		return S_before(t, b, '|') ? b - 1 : at;
	case DC_EMPH: return mdr_back(t, at, "*_", 1);
	case DC_STRONG: return mdr_back(t, at, "*_", 2);
	case DC_STRIKE: return mdr_back(t, at, "~", 2);
	case DC_LINK: return mdr_back(t, at, "[<", 1);
	case DC_IMAGE: return mdr_back(t, mdr_back(t, at, "[", 1), "!", 1);
	default: return at;
	}
}

bool mdr_escaped(const struct mdr_text *t, size_t at)
{
	size_t b = at;
	while (b > 0 && t->data[b - 1] == '\\')
		b--;
	return (at - b) % 2 == 1;
}

size_t mdr_next_line(const struct mdr_text *t, size_t at)
{
	const char *lf = at < t->len ? memchr(t->data + at, '\n', t->len - at)
				     : NULL;
	return lf ? (size_t)(lf - t->data) + 1 : t->len;
}

size_t mdr_line_from(const struct mdr_text *t, size_t at)
{
	if (at == 0 || at >= t->len || t->data[at - 1] == '\n')
		return at;
	return mdr_next_line(t, at);
}

size_t mdr_content(const struct mdr_text *t, size_t at, bool quote)
{
	const char *s = t->data;
	for (size_t pos = mdr_line_from(t, at); pos < t->len; pos++) {
		while (pos < t->len && (s[pos] == ' ' || s[pos] == '\t' ||
					(!quote && s[pos] == '>')))
			pos++;
		if (pos < t->len && s[pos] != '\n')
			return pos;
	}
	return MDR_NOWHERE;
}

size_t mdr_past_code(const struct mdr_text *t, char fence, size_t at,
		     size_t lines)
{
	size_t pos = mdr_next_line(t, at), i, n = 0;
	for (size_t k = 0; k < lines; k++)
		pos = mdr_next_line(t, pos);
	for (i = pos; i < t->len && (t->data[i] == ' ' || t->data[i] == '\t' ||
				     t->data[i] == '>');
	     i++)
		;
	while (i + n < t->len && t->data[i + n] == fence)
		n++;
	return n >= 3 ? mdr_next_line(t, i + n) : pos;
}

size_t mdr_fence_start(const struct mdr_text *t, char fence, size_t off)
{
	const char *s = t->data;
	size_t start = off;
	while (start > 0 && s[start - 1] != '\n')
		start--;
	while (start > 0) {
		size_t end = start - 1, from = end;
		while (from > 0 && s[from - 1] != '\n')
			from--;
		const char *f = memchr(s + from, fence, end - from);
		if (f)
			return (size_t)(f - s);
		start = from;
	}
	return off;
}
