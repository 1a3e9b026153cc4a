/* Positions for the Markdown reader: line and column of an input offset,
 * and the scans of a text that find where a node starts from where its
 * first text is (markdown.c says when each is used). */
#include <stdlib.h>
#include <string.h>

#include "mdr.h"
#include "utf8.h"

bool mdr_lines_init(struct mdr_lines *l, const char *data, size_t len)
{
	size_t n = 1;
	const char *end = data + len;
	for (const char *p = data; (p = memchr(p, '\n', (size_t)(end - p)));
	     p++)
		n++;
	*l = (struct mdr_lines){.data = data, .len = len, .count = n, .col = 1};
	l->starts = malloc(n * sizeof *l->starts);
	if (!l->starts)
		return false;
	l->starts[0] = 0;
	n = 1;
	for (const char *p = data; (p = memchr(p, '\n', (size_t)(end - p)));
	     p++)
		l->starts[n++] = (size_t)(p - data) + 1;
	return true;
}

void mdr_lines_free(struct mdr_lines *l)
{
	free(l->starts);
	*l = (struct mdr_lines){0};
}

/* The index of the line holding OFF. */
static size_t S_line_of(const struct mdr_lines *l, size_t off)
{
	size_t lo = 0, hi = l->count;  /* the last start <= off */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (l->starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Does line I hold offset OFF? */
static bool S_holds(const struct mdr_lines *l, size_t i, size_t off)
{
	return off >= l->starts[i] &&
	       (i + 1 == l->count || off < l->starts[i + 1]);
}

void mdr_lines_locate(struct mdr_lines *l, size_t off, long *line,
		      long *col)
{
	if (off > l->len)
		off = l->len;
	size_t i = l->line;
	if (S_holds(l, i, off) && off >= l->off) {
		l->col += dc_utf8_count(l->data + l->off, off - l->off);
	} else if (S_holds(l, i, off)) {
		l->col -= dc_utf8_count(l->data + off, l->off - off);
	} else {
		/* Mostly a line soon after the cursor's: step, else search. */
		for (int step = 0; step < 4 && i + 1 < l->count &&
				   off >= l->starts[i + 1];
		     step++)
			i++;
		if (!S_holds(l, i, off))
			i = S_line_of(l, off);
		l->line = i;
		l->col = 1 + dc_utf8_count(l->data + l->starts[i],
				     off - l->starts[i]);
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
