/* Footnote definitions, GitHub's syntax, taken out before md4c parses:
 *
 *   [^label]: the first paragraph, which may go on
 *   on lazy lines
 *
 *       More blocks of the note, indented by four columns.
 *
 * A definition starts a line, after at most three spaces, outside fenced
 * code.  It goes on with every line indented by four columns or more
 * (blank lines between them included, the four columns removed), and with
 * each line right after a non-blank line of it that starts no block of
 * its own (a lazy continuation).  Its lines are blanked in the text md4c
 * parses, line ends kept, so offsets and line numbers stay; the note's
 * body becomes a text of its own, parsed later into a DC_FOOTNOTE.  The
 * bodies are searched in turn for definitions of their own.
 *
 * A label is one or more characters, none of them white space, '[' or
 * ']', MDR_MAX_LABEL bytes at most; labels match with ASCII case ignored,
 * and the first definition of a label is the one references reach.
 *
 * What this does not see: definitions inside block quotes, or indented by
 * four columns or more inside list items (md4c then takes them for link
 * reference definitions), and fences inside block quotes. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mdr.h"

enum {
	TAB_STOP = 4,
	CONTINUATION = 4,  /* columns of indentation a note's blocks have */
	MAX_INDENT = 3,    /* before a definition or a block start */
};

/* ---- Texts ---- */

size_t mdr_text_orig(const struct mdr_text *t, size_t off)
{
	if (t->n_segs == 0)
		return off;
	size_t lo = 0, hi = t->n_segs;  /* the last seg with at <= off */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->segs[mid].at <= off)
			lo = mid;
		else
			hi = mid;
	}
	const struct mdr_seg *s = &t->segs[lo];
	return off >= s->at ? s->orig + (off - s->at) : s->orig;
}

bool mdr_text_map(struct mdr_text *t, size_t at, size_t orig)
{
	if (t->n_segs == t->cap_segs) {
		size_t cap = t->cap_segs ? t->cap_segs * 2 : 8;
		struct mdr_seg *segs = realloc(t->segs, cap * sizeof *segs);
		if (!segs)
			return false;
		t->segs = segs;
		t->cap_segs = cap;
	}
	t->segs[t->n_segs++] = (struct mdr_seg){.at = at, .orig = orig};
	return true;
}

bool mdr_text_blank(struct mdr_text *t, size_t from, size_t to)
{
	if (!t->own) {
		t->own = malloc(t->len ? t->len : 1);
		if (!t->own)
			return false;
		memcpy(t->own, t->data, t->len);
		t->data = t->own;
	}
	for (size_t i = from; i < to; i++)
		if (t->own[i] != '\n')
			t->own[i] = ' ';
	return true;
}

void mdr_text_free(struct mdr_text *t)
{
	free(t->own);
	free(t->segs);
	*t = (struct mdr_text){0};
}

/* ---- Lines ---- */

/* One line of a text: [start, end), END at its LF or the text's end. */
struct line {
	size_t start, end;
	size_t content;  /* past the indentation */
	long indent;     /* columns of indentation, tabs to stops of 4 */
	bool blank;
};

static struct line S_line(const struct mdr_text *t, size_t pos)
{
	const char *lf = memchr(t->data + pos, '\n', t->len - pos);
	struct line l = {.start = pos,
			 .end = lf ? (size_t)(lf - t->data) : t->len};
	size_t i = pos;
	long col = 0;
	for (; i < l.end && (t->data[i] == ' ' || t->data[i] == '\t'); i++)
		col = t->data[i] == '\t' ? (col / TAB_STOP + 1) * TAB_STOP
					 : col + 1;
	l.content = i;
	l.indent = col;
	l.blank = i == l.end;
	return l;
}

static size_t S_next(const struct mdr_text *t, const struct line *l)
{
	return l->end < t->len ? l->end + 1 : t->len;
}

bool mdr_label_char(char c)
{
	return c != ' ' && c != '\t' && c != '\n' && c != '[' && c != ']';
}

/* Does L start a definition?  Then [*LABEL, *LABEL + *LEN) is its label
 * and *REST where its text starts. */
static bool S_definition(const struct mdr_text *t, const struct line *l,
			 size_t *label, size_t *len, size_t *rest)
{
	const char *s = t->data;
	size_t i = l->content;
	if (l->indent > MAX_INDENT || l->end - i < 5 || s[i] != '[' ||
	    s[i + 1] != '^')
		return false;
	size_t j = i + 2;
	while (j < l->end && j - (i + 2) < MDR_MAX_LABEL &&
	       mdr_label_char(s[j]))
		j++;
	if (j == i + 2 || j + 1 >= l->end || s[j] != ']' || s[j + 1] != ':')
		return false;
	*label = i + 2;
	*len = j - (i + 2);
	for (j += 2; j < l->end && (s[j] == ' ' || s[j] == '\t'); j++)
		;
	*rest = j;
	return true;
}

/* The length of the run of C at S[i..end). */
static size_t S_run(const char *s, size_t i, size_t end, char c)
{
	size_t n = 0;
	while (i + n < end && s[i + n] == c)
		n++;
	return n;
}

/* A run of three or more ` or ~ starting L's content (any indentation:
 * fences inside list items count); its length, or 0.  A backtick fence's
 * info string holds no backtick. */
static size_t S_fence(const struct mdr_text *t, const struct line *l,
		      char *c)
{
	const char *s = t->data;
	if (l->blank || (s[l->content] != '`' && s[l->content] != '~'))
		return 0;
	*c = s[l->content];
	size_t n = S_run(s, l->content, l->end, *c);
	if (n < 3 || (*c == '`' && memchr(s + l->content + n, '`',
					   l->end - l->content - n)))
		return 0;
	return n;
}

/* Does L close a fence of N characters C: a run at least as long, then
 * nothing but white space? */
static bool S_closes(const struct mdr_text *t, const struct line *l,
		     char c, size_t n)
{
	const char *s = t->data;
	if (l->blank || s[l->content] != c)
		return false;
	size_t run = S_run(s, l->content, l->end, c);
	size_t i = l->content + run;
	while (i < l->end && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return run >= n && i == l->end;
}

/* A thematic break or setext underline: three or more of one of - * _ =
 * with only spaces and tabs between. */
static bool S_is_break(const char *s, size_t i, size_t end)
{
	char c = s[i];
	size_t n = 0;
	if (c != '-' && c != '*' && c != '_' && c != '=')
		return false;
	for (; i < end; i++) {
		if (s[i] == c)
			n++;
		else if (s[i] != ' ' && s[i] != '\t')
			return false;
	}
	return n >= 3;
}

static bool S_is_list_marker(const char *s, size_t i, size_t end)
{
	size_t j = i;
	if (s[i] == '-' || s[i] == '+' || s[i] == '*') {
		j = i + 1;
	} else {
		while (j < end && j - i < 9 && s[j] >= '0' && s[j] <= '9')
			j++;
		if (j == i || j >= end || (s[j] != '.' && s[j] != ')'))
			return false;
		j++;
	}
	return j == end || s[j] == ' ' || s[j] == '\t';
}

/* Does L start a block of its own, so that it cannot continue a note's
 * paragraph lazily?  (An approximation of CommonMark's rules: headings,
 * quotes, fences, list items, breaks, HTML and other definitions.) */
static bool S_starts_block(const struct mdr_text *t, const struct line *l)
{
	const char *s = t->data;
	size_t i = l->content;
	size_t label, len, rest;
	char fence;
	if (l->indent > MAX_INDENT)
		return false;
	return s[i] == '#' || s[i] == '>' || s[i] == '<' ||
	       S_fence(t, l, &fence) > 0 || S_is_break(s, i, l->end) ||
	       S_is_list_marker(s, i, l->end) ||
	       S_definition(t, l, &label, &len, &rest);
}

/* ---- Definitions ---- */

/* Append T[from..to) and a LF to BODY, mapped from T's offset FROM. */
static bool S_body_line(struct mdr_text *body, struct dc_buf *buf,
			const struct mdr_text *t, size_t from, size_t to)
{
	if (!mdr_text_map(body, buf->len, mdr_text_orig(t, from)) ||
	    !dc_buf_append(buf, t->data + from, to - from) ||
	    !dc_buf_putc(buf, '\n'))
		return false;
	return true;
}

/* The offset past CONTINUATION columns of L's indentation (it has that
 * many: tab stops are multiples of 4, so no tab is split). */
static size_t S_strip(const struct mdr_text *t, const struct line *l)
{
	size_t i = l->start;
	long col = 0;
	while (col < CONTINUATION) {
		col = t->data[i] == '\t' ? (col / TAB_STOP + 1) * TAB_STOP
					 : col + 1;
		i++;
	}
	return i;
}

/* Read the definition whose first line is L (text from REST) into BODY;
 * *END is the end of its last line. */
static bool S_read_body(const struct mdr_text *t, const struct line *first,
			size_t rest, struct mdr_text *body, struct dc_buf *buf,
			size_t *end)
{
	bool lazy = rest < first->end;  /* the last line was text */
	size_t pos = S_next(t, first), blanks_from = 0;
	size_t blanks = 0;
	*end = first->end;
	if (!S_body_line(body, buf, t, rest, first->end))
		return false;
	while (pos < t->len) {
		struct line l = S_line(t, pos);
		if (l.blank) {
			if (blanks++ == 0)
				blanks_from = l.start;
		} else if (l.indent >= CONTINUATION ||
			   (blanks == 0 && lazy && !S_starts_block(t, &l))) {
			for (size_t b = blanks_from; blanks > 0; blanks--) {
				struct line bl = S_line(t, b);
				if (!S_body_line(body, buf, t, bl.end, bl.end))
					return false;
				b = S_next(t, &bl);
			}
			size_t from = l.indent >= CONTINUATION ? S_strip(t, &l)
							       : l.start;
			if (!S_body_line(body, buf, t, from, l.end))
				return false;
			*end = l.end;
			lazy = true;
		} else {
			break;
		}
		pos = S_next(t, &l);
	}
	return true;
}

static bool S_add_note(struct mdr_notes *notes, const struct mdr_note *n)
{
	if (notes->count == notes->cap) {
		size_t cap = notes->cap ? notes->cap * 2 : 8;
		struct mdr_note *items = realloc(notes->items,
						 cap * sizeof *items);
		if (!items)
			return false;
		notes->items = items;
		notes->cap = cap;
	}
	notes->items[notes->count++] = *n;
	return true;
}

/* Take the definition starting at line L out of T; *NEXT is where the
 * lines after it start. */
static enum dc_status S_take(struct mdr_notes *notes, struct mdr_text *t,
			     const struct line *l, struct dc_doc *doc,
			     struct dc_diag *diag, size_t *next)
{
	size_t label, len, rest, end;
	struct dc_buf buf = {0};
	S_definition(t, l, &label, &len, &rest);
	struct mdr_note n = {
		.label = dc_arena_strndup(&doc->arena, t->data + label, len),
		.label_len = len,
		.orig = mdr_text_orig(t, label - 2),
	};
	if (!n.label || !S_read_body(t, l, rest, &n.body, &buf, &end) ||
	    !mdr_text_blank(t, l->start, end)) {
		dc_buf_free(&buf);
		mdr_text_free(&n.body);
		return dc_fail_oom(diag);
	}
	n.body.own = buf.data;
	n.body.data = buf.data;
	n.body.len = buf.len;
	if (!S_add_note(notes, &n)) {
		mdr_text_free(&n.body);
		return dc_fail_oom(diag);
	}
	*next = end < t->len ? end + 1 : t->len;
	return DC_OK;
}

/* Does T hold "[^" at all?  Most texts have no footnote: the line scan
 * is then skipped. */
static bool S_has_caret(const struct mdr_text *t)
{
	const char *p = t->data, *end = t->data + t->len;
	while ((p = memchr(p, '[', (size_t)(end - p))) && p + 1 < end) {
		if (p[1] == '^')
			return true;
		p++;
	}
	return false;
}

/* Take the definitions out of one text. */
static enum dc_status S_extract_one(struct mdr_notes *notes,
				    struct mdr_text *t, struct dc_doc *doc,
				    struct dc_diag *diag)
{
	size_t pos = 0, fence_len = 0;
	char fence_char = 0;
	if (!S_has_caret(t))
		return DC_OK;
	while (pos < t->len) {
		struct line l = S_line(t, pos);
		size_t label, len, rest;
		char c = 0;
		size_t n;
		pos = S_next(t, &l);
		if (fence_len > 0) {
			if (S_closes(t, &l, fence_char, fence_len))
				fence_len = 0;
		} else if ((n = S_fence(t, &l, &c)) > 0) {
			fence_len = n;
			fence_char = c;
		} else if (S_definition(t, &l, &label, &len, &rest)) {
			enum dc_status st = S_take(notes, t, &l, doc, diag,
						   &pos);
			if (st != DC_OK)
				return st;
		}
	}
	return DC_OK;
}

enum dc_status mdr_notes_extract(struct mdr_notes *notes,
				 struct mdr_text *text, struct dc_doc *doc,
				 struct dc_diag *diag)
{
	enum dc_status st = S_extract_one(notes, text, doc, diag);
	/* The list grows as bodies give up definitions of their own. */
	for (size_t i = 0; st == DC_OK && i < notes->count; i++) {
		struct mdr_text body = notes->items[i].body;
		st = S_extract_one(notes, &body, doc, diag);
		notes->items[i].body = body;
	}
	return st;
}

/* ---- Labels ---- */

static int S_label_cmp(const char *a, size_t alen, const char *b,
		       size_t blen)
{
	int c = strncasecmp(a, b, alen < blen ? alen : blen);
	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

/* By label, then by place in the list: the first definition first. */
static int S_by_label(const void *pa, const void *pb)
{
	const struct mdr_note *a = *(const struct mdr_note *const *)pa;
	const struct mdr_note *b = *(const struct mdr_note *const *)pb;
	int c = S_label_cmp(a->label, a->label_len, b->label, b->label_len);
	return c ? c : (a > b) - (a < b);
}

enum dc_status mdr_notes_index(struct mdr_notes *notes,
			       struct dc_diag *diag)
{
	if (notes->count == 0)
		return DC_OK;
	notes->by_label = malloc(notes->count * sizeof *notes->by_label);
	if (!notes->by_label)
		return dc_fail_oom(diag);
	for (size_t i = 0; i < notes->count; i++)
		notes->by_label[i] = &notes->items[i];
	qsort(notes->by_label, notes->count, sizeof *notes->by_label,
	      S_by_label);
	return DC_OK;
}

struct mdr_note *mdr_notes_find(const struct mdr_notes *notes,
				const char *label, size_t len)
{
	size_t lo = 0, hi = notes->count;  /* the first label >= LABEL */
	if (!notes->by_label)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct mdr_note *n = notes->by_label[mid];
		if (S_label_cmp(n->label, n->label_len, label, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == notes->count)
		return NULL;
	struct mdr_note *n = notes->by_label[lo];
	return S_label_cmp(n->label, n->label_len, label, len) == 0 ? n : NULL;
}

void mdr_notes_free(struct mdr_notes *notes)
{
	for (size_t i = 0; i < notes->count; i++)
		mdr_text_free(&notes->items[i].body);
	free(notes->items);
	free(notes->by_label);
	*notes = (struct mdr_notes){0};
}
