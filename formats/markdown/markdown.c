/* The Markdown reader: CommonMark with GitHub's tables, strikethrough,
 * task lists, autolinks and footnotes, and YAML front matter.
 *
 * The input is decoded first (dc_build_decode: clean UTF-8, LF line ends;
 * a NUL byte becomes U+FFFD with a warning, as every control character
 * XML cannot carry).  Then front matter is read (front.c) and footnote
 * definitions are taken out of the text (notes.c).  md4c parses the rest
 * (a long text on a thread of its own: relay.c), and its callbacks drive
 * the builder: each md4c block and span opens the node of its kind, text
 * goes into it.  Last, each footnote's body is
 * parsed the same way into a DC_FOOTNOTE at the end of the document, in
 * the order of their first references, then those never referenced.
 *
 * Positions.  md4c gives none, but it reports text as pointers into the
 * text it parses, and a text knows the input offsets of its bytes (mdr.h).
 * A node opened by md4c waits for its first text: the innermost waiting
 * node starts there, and each node around it at its own marker found by
 * scanning back on that line (a list item's bullet, a quote's '>', a
 * heading's '#', a link's '[').  A fenced code block starts at its fence.
 * A block closed with no text at all (a thematic break, an empty item)
 * starts at the first line after the last text that has something on it;
 * an empty table cell or span at the end of the text before it, or where
 * its parent starts.  Breaks stand where the text before them ends.
 *
 * Footnote references: md4c reports "[^label]" as plain text, possibly
 * split over several calls.  Inline text is gathered until the next event
 * and then searched for "[^label]" naming a defined note ("\[^x]" is text,
 * and so is a reference to a label nothing defines, as on GitHub).
 *
 * Depth: md4c nests without bound; the builder flattens past DC_MAX_DEPTH.
 * A list or table is only opened where its items or cells fit below the
 * bound, else its content goes into the node around it (flattened, one
 * warning); a soft break keeps the texts of flattened blocks apart.  Each
 * leave closes what its enter opened, whatever the depth (an end md4c
 * reports for a span it never started is ignored, a span it leaves open
 * ends with its block), so the builder's opens and closes stay balanced. */
#include <limits.h>
#include <md4c.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "entity.h"
#include "format.h"
#include "mdr.h"
#include "utf8.h"

enum {
	/* In the stack of open md4c blocks and spans: one made no node
	 * because it was flattened (DC_NONE: it has no node of its own). */
	FLAT = 0xFF,
	MAX_PENDING = DC_MAX_DEPTH + 8,
};

static const char REPLACEMENT[] = "\xEF\xBF\xBD";

/* A node waiting for the position of its first text. */
struct pending {
	struct dc_node *node;
	size_t level;  /* its place in the stack of open md4c blocks */
	size_t task;   /* a task item's '[', or MDR_NOWHERE */
};

enum pend_kind { PEND_TEXT, PEND_HTML };

/* Bytes of the gathered inline text from AT on came from text offset SRC
 * (MDR_NOWHERE: from no place), byte for byte when PLAIN. */
struct chunk {
	size_t at, src;
	bool plain;
};

struct reader {
	struct dc_builder *b;
	struct dc_diag *diag;
	const char *file;
	struct mdr_lines lines;
	struct mdr_notes notes;
	struct mdr_note **queue;  /* notes in the order they are written */
	size_t n_queued;
	const struct mdr_text *text;  /* the text md4c is parsing */
	size_t floor;         /* text offset past everything placed so far */
	/* The open md4c blocks and spans: two bytes each, the md4c event
	 * (S_EVENT) and the kind of node it made. */
	struct dc_buf open;
	int event;            /* the md4c event being entered */
	struct pending pending[MAX_PENDING];
	size_t n_pending;
	unsigned flags;       /* md4c's */
	bool extensions;      /* front matter and footnotes */
	bool trim_start;      /* strip white space off the next text */
	bool in_head;         /* in a table's head */
	char fence;           /* the open code block's fence; 0: indented */
	const char *lang;     /* the open code block's language */
	struct dc_buf lit;    /* a code block's, raw block's or span's text */
	size_t lit_at;        /* where it starts, or MDR_NOWHERE */
	struct dc_buf pend;   /* inline text gathered (see above) */
	enum pend_kind pend_kind;
	struct chunk *chunks;
	size_t n_chunks, cap_chunks;
	struct dc_buf scratch;
	enum dc_status status;  /* the first failure in a callback */
};

/* N's string WHICH (dc_node_str) set to S. */
static enum dc_status S_str(struct reader *r, const struct dc_node *n,
			    enum dc_node_str which, const char *s)
{
	if (!dc_node_set_str(r->b->doc, n, which, s))
		return dc_fail_oom(r->diag);
	return DC_OK;
}

/* ---- Positions ---- */

/* Line and column of offset OFF of the text being parsed (0, 0: none). */
static void S_at(struct reader *r, size_t off, long *line, long *col)
{
	*line = *col = 0;
	if (off != MDR_NOWHERE && r->lines.len > 0)
		mdr_lines_locate(&r->lines, mdr_text_orig(r->text, off), line,
				 col);
}

/* The offset of P in the text being parsed, or MDR_NOWHERE (md4c passes some
 * strings of its own: line ends, indentation). */
static size_t S_offset(const struct reader *r, const char *p)
{
	uintptr_t at = (uintptr_t)p, base = (uintptr_t)r->text->data;
	return at >= base && at < base + r->text->len ? at - base : MDR_NOWHERE;
}

/* Give N the position of offset OFF; so do its children still without
 * one (empty cells and spans wait for their parent) and its parent if it
 * has none (a paragraph the builder opened for inline content). */
static void S_set(struct reader *r, struct dc_node *n, size_t off)
{
	long line, col;
	S_at(r, off, &line, &col);
	n->line = dc_node_coord(line);
	n->col = dc_node_col(col);
	for (struct dc_node *c = dc_node_first(n); c; c = dc_node_next(c))
		if (c->line == 0) {
			c->line = n->line;
			c->col = n->col;
		}
	struct dc_node *p = dc_node_parent(n);
	if (p && p->line == 0 && p->kind != DC_DOCUMENT &&
	    p->kind != DC_CHAPTER) {
		p->line = n->line;
		p->col = n->col;
	}
}

/* The waiting nodes' content starts at AT (MDR_NOWHERE: at no known
 * place): place them, innermost first. */
static void S_place(struct reader *r, size_t at)
{
	while (r->n_pending > 0) {
		struct pending *p = &r->pending[--r->n_pending];
		if (at != MDR_NOWHERE)
			at = mdr_marker(r->text, p->node->kind, p->task, at);
		S_set(r, p->node, at);
	}
}

/* Text up to END is placed. */
static void S_advance(struct reader *r, size_t end)
{
	if (end > r->floor)
		r->floor = end;
}

/* Where a block without text starts: the first line after the floor with
 * something on it (QUOTE: a quote marker counts).  The floor moves past
 * that line. */
static size_t S_guess_block(struct reader *r, bool quote)
{
	size_t at = mdr_content(r->text, r->floor, quote);
	if (at != MDR_NOWHERE)
		r->floor = mdr_next_line(r->text, at);
	return at;
}

/* ---- The stack of open md4c blocks and spans ---- */

/* md4c's block and span types as one number. */
#define S_EVENT(type, span) ((int)(type) | ((span) ? 0x40 : 0))

static size_t S_depth(const struct reader *r)
{
	return r->open.len / 2;
}

/* Push the event being entered, which made a node of KIND (or none). */
static enum dc_status S_push(struct reader *r, int kind)
{
	if (!dc_buf_putc(&r->open, (char)r->event) ||
	    !dc_buf_putc(&r->open, (char)kind))
		return dc_fail_oom(r->diag);
	return DC_OK;
}

/* The kind of node the innermost open event made. */
static int S_top(const struct reader *r)
{
	return r->open.len ? (unsigned char)r->open.data[r->open.len - 1]
			   : DC_NONE;
}

static enum dc_status S_break(struct reader *r, enum dc_kind kind);

/* Will the builder make no node for what is opened now (the depth
 * bound)? */
static bool S_suppressed(const struct reader *r)
{
	return r->b->depth >= DC_MAX_DEPTH || r->b->suppressed > 0;
}

/* The builder's warning, given here (once, whoever flattens first)
 * because the builder is not told where a node starts: at the line after
 * the last text. */
static enum dc_status S_warn_depth(struct reader *r)
{
	if (r->b->warned_depth)
		return DC_OK;
	r->b->warned_depth = true;
	struct dc_pos pos = {.file = r->file};
	S_at(r, mdr_line_from(r->text, r->floor), &pos.line, &pos.col);
	return dc_warn(r->diag, pos, "nesting deeper than %d levels flattened",
		       DC_MAX_DEPTH);
}

/* A block that gets no node of its own: its content goes on where the
 * content before it is, so a soft break keeps the two apart when that is
 * inline content. */
static enum dc_status S_separate(struct reader *r)
{
	if (dc_build_ends_line(r->b))
		return DC_OK;
	return S_break(r, DC_SOFT_BREAK);
}

/* Open a node of KIND for the md4c block or span being entered. */
static enum dc_status S_open(struct reader *r, enum dc_kind kind,
			     struct dc_node **out)
{
	struct dc_node *n;
	DC_TRY(S_push(r, kind));
	if (S_suppressed(r)) {
		DC_TRY(S_warn_depth(r));
		if (dc_kind_is_block(kind))
			DC_TRY(S_separate(r));
	}
	DC_TRY(dc_build_open(r->b, kind, 0, 0, &n));
	if (n && r->n_pending < MAX_PENDING)
		r->pending[r->n_pending++] = (struct pending){
			.node = n,
			.level = S_depth(r) - 1,
			.task = MDR_NOWHERE,
		};
	if (out)
		*out = n;
	return DC_OK;
}

/* A node closed before any text of its own: see the top comment. */
static void S_place_empty(struct reader *r)
{
	struct pending *p = &r->pending[r->n_pending - 1];
	enum dc_kind kind = p->node->kind;
	if (kind != DC_TABLE_CELL && !dc_kind_is_inline(kind)) {
		S_place(r, S_guess_block(r, kind == DC_BLOCK_QUOTE));
		return;
	}
	if (r->n_pending >= 2 && p[-1].node == dc_node_parent(p->node)) {
		r->n_pending--;  /* placed with its parent */
		return;
	}
	S_place(r, r->floor < r->text->len ? r->floor : MDR_NOWHERE);
}

static enum dc_status S_close(struct reader *r, enum dc_kind kind)
{
	if (r->n_pending > 0 &&
	    r->pending[r->n_pending - 1].level == S_depth(r))
		S_place_empty(r);
	return dc_build_close(r->b, kind);
}

/* Can N more levels be opened without the builder flattening them? */
static bool S_room(const struct reader *r, int n)
{
	const struct dc_builder *b = r->b;
	int depth = b->depth - (b->implicit && b->cur == b->implicit);
	return b->suppressed == 0 && depth + n <= DC_MAX_DEPTH;
}

/* Make no node for the block being entered. */
static enum dc_status S_flatten(struct reader *r)
{
	DC_TRY(S_push(r, FLAT));
	DC_TRY(S_warn_depth(r));
	return S_separate(r);
}

/* ---- Inline text ---- */

static enum dc_status S_leaf(struct reader *r, enum dc_kind kind,
			     const char *s, size_t len, size_t at,
			     struct dc_node **out)
{
	long line, col;
	S_at(r, at, &line, &col);
	return dc_build_leaf(r->b, kind, s, len, line, col, out);
}

/* The chunk holding byte I of the gathered text. */
static const struct chunk *S_chunk(const struct reader *r, size_t i)
{
	size_t lo = 0, hi = r->n_chunks;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->chunks[mid].at <= i)
			lo = mid;
		else
			hi = mid;
	}
	return &r->chunks[lo];
}

/* The text offset byte I of the gathered text came from, or MDR_NOWHERE. */
static size_t S_src(const struct reader *r, size_t i)
{
	const struct chunk *c = S_chunk(r, i);
	if (c->src == MDR_NOWHERE)
		return MDR_NOWHERE;
	return c->plain ? c->src + (i - c->at) : c->src;
}

/* Is byte I of the gathered text (a '[') escaped, or not from the text
 * as written (a character reference)? */
static bool S_escaped(const struct reader *r, size_t i)
{
	const struct chunk *c = S_chunk(r, i);
	if (!c->plain || c->src == MDR_NOWHERE)
		return true;
	return mdr_escaped(r->text, c->src + (i - c->at));
}

static void S_queue(struct reader *r, struct mdr_note *n)
{
	if (!n->queued) {
		n->queued = true;
		r->queue[r->n_queued++] = n;
	}
}

/* The note a reference at byte I of the gathered text names, or NULL;
 * *END is past the reference. */
static struct mdr_note *S_reference(const struct reader *r, size_t i,
				    size_t *end)
{
	const char *s = r->pend.data;
	size_t len = r->pend.len, j = i + 2;
	if (j >= len || s[i + 1] != '^')
		return NULL;
	while (j < len && j - (i + 2) < MDR_MAX_LABEL && mdr_label_char(s[j]))
		j++;
	if (j == i + 2 || j >= len || s[j] != ']' || S_escaped(r, i))
		return NULL;
	*end = j + 1;
	return mdr_notes_find(&r->notes, s + i + 2, j - (i + 2));
}

/* Gathered bytes [FROM, TO) as text, chunk by chunk: a plain chunk's
 * bytes are given where they lie in the text parsed, so that the builder
 * can point at them instead of copying them when that text is the
 * input's (dc_builder_keep). */
static enum dc_status S_text_piece(struct reader *r, size_t from, size_t to)
{
	long line, col;
	if (to == from)
		return DC_OK;
	S_at(r, S_src(r, from), &line, &col);
	const struct chunk *c = S_chunk(r, from);
	const struct chunk *end = r->chunks + r->n_chunks;
	for (size_t at = from; at < to; c++) {
		size_t stop = c + 1 < end && c[1].at < to ? c[1].at : to;
		const char *s = c->plain && c->src != MDR_NOWHERE
			? r->text->data + c->src + (at - c->at)
			: r->pend.data + at;
		DC_TRY(dc_build_text(r->b, s, stop - at, line, col));
		at = stop;
	}
	return DC_OK;
}

static enum dc_status S_footnote_ref(struct reader *r, struct mdr_note *n,
				     size_t i)
{
	struct dc_node *ref;
	DC_TRY(S_leaf(r, DC_FOOTNOTE_REF, NULL, 0, S_src(r, i), &ref));
	ref->as.note.label = n->label;
	S_queue(r, n);
	return DC_OK;
}

/* Hand the gathered text to the builder, its references as nodes. */
static enum dc_status S_flush_text(struct reader *r)
{
	size_t done = 0, i = 0, len = r->pend.len;
	const char *s = r->pend.data;
	while (r->notes.count > 0 && i < len) {
		const char *open = memchr(s + i, '[', len - i);
		size_t end;
		if (!open)
			break;
		i = (size_t)(open - s);
		struct mdr_note *n = S_reference(r, i, &end);
		if (!n) {
			i++;
			continue;
		}
		DC_TRY(S_text_piece(r, done, i));
		DC_TRY(S_footnote_ref(r, n, i));
		done = i = end;
	}
	return S_text_piece(r, done, len);
}

static enum dc_status S_flush(struct reader *r)
{
	enum dc_status st = DC_OK;
	struct dc_node *raw;
	if (r->pend.len == 0)
		return DC_OK;
	if (r->pend_kind == PEND_TEXT) {
		st = S_flush_text(r);
	} else {
		st = S_leaf(r, DC_RAW_INLINE, r->pend.data, r->pend.len,
			    S_src(r, 0), &raw);
		if (st == DC_OK)
			st = S_str(r, raw, DC_STR_FORMAT, "html");
	}
	r->pend.len = 0;
	r->n_chunks = 0;
	return st;
}

/* Where text at OFF places the nodes waiting for it: before the
 * backslash that escapes its first character, if one does. */
static size_t S_text_anchor(const struct reader *r, size_t off)
{
	return mdr_escaped(r->text, off) ? off - 1 : off;
}

/* Gather N bytes S of KIND that stand for SIZE bytes at text offset OFF
 * (byte for byte if PLAIN). */
static enum dc_status S_gather(struct reader *r, enum pend_kind kind,
			       const char *s, size_t n, size_t off,
			       size_t size, bool plain)
{
	r->trim_start = false;
	if (r->pend.len > 0 && r->pend_kind != kind)
		DC_TRY(S_flush(r));
	if (off != MDR_NOWHERE && r->n_pending > 0)  /* the anchor costs */
		S_place(r, kind == PEND_TEXT ? S_text_anchor(r, off) : off);
	if (off != MDR_NOWHERE)
		S_advance(r, off + size);
	if (r->n_chunks == r->cap_chunks) {
		size_t cap = r->cap_chunks ? r->cap_chunks * 2 : 16;
		struct chunk *c = realloc(r->chunks, cap * sizeof *c);
		if (!c)
			return dc_fail_oom(r->diag);
		r->chunks = c;
		r->cap_chunks = cap;
	}
	r->chunks[r->n_chunks++] = (struct chunk){
		.at = r->pend.len, .src = off, .plain = plain};
	r->pend_kind = kind;
	if (!dc_buf_append(&r->pend, s, n))
		return dc_fail_oom(r->diag);
	return DC_OK;
}

static enum dc_status S_break(struct reader *r, enum dc_kind kind)
{
	DC_TRY(S_flush(r));
	size_t at = r->floor < r->text->len ? r->floor : MDR_NOWHERE;
	if (kind != DC_SOFT_BREAK)
		return S_leaf(r, kind, NULL, 0, at, NULL);
	/* The line end: nothing of this line after the floor is text (md4c
	 * reports the break after the line's last inline). */
	const char *end = at == MDR_NOWHERE ? NULL
		: memchr(r->text->data + at, '\n', r->text->len - at);
	long line = 0, col = 0;  /* not needed when the text takes it */
	if (dc_build_line_end_placed(r->b, end))
		S_at(r, end ? (size_t)(end - r->text->data) : at, &line, &col);
	return dc_build_soft_break(r->b, end, line, col);
}

/* Would inline content come first in a block?  md4c reports a line end
 * first in a task item whose text starts on the next line; CommonMark
 * never starts a block with one. */
static bool S_starts_block(const struct reader *r)
{
	return r->pend.len == 0 && r->n_pending > 0 &&
	       dc_kind_is_block(r->pending[r->n_pending - 1].node->kind);
}

static enum dc_status S_inline_text(struct reader *r, MD_TEXTTYPE type,
				    const char *s, size_t size, size_t off)
{
	switch (type) {
	case MD_TEXT_BR: return S_break(r, DC_LINE_BREAK);
	case MD_TEXT_SOFTBR:
		if (S_starts_block(r))
			return DC_OK;
		return S_break(r, DC_SOFT_BREAK);
	case MD_TEXT_HTML:
		return S_gather(r, PEND_HTML, s, size, off, size, true);
	case MD_TEXT_NULLCHAR:
		return S_gather(r, PEND_TEXT, REPLACEMENT, 3, off, size,
				false);
	case MD_TEXT_ENTITY:
		r->scratch.len = 0;
		if (!dc_entity_decode(s, size, &r->scratch))
			return dc_fail_oom(r->diag);
		return S_gather(r, PEND_TEXT, r->scratch.data, r->scratch.len,
				off, size, false);
	default:
		while (r->trim_start && size > 0 && (*s == ' ' || *s == '\t')) {
			s++;
			size--;
			off += off != MDR_NOWHERE;
		}
		return size ? S_gather(r, PEND_TEXT, s, size, off, size, true)
			    : DC_OK;
	}
}

/* md4c leaves tabs around a heading's text, and at the end of the text
 * of a paragraph, item or cell, which CommonMark strips: strip those of
 * the text gathered last (trailing) and of a heading's first (leading). */
static void S_trim_end(struct reader *r)
{
	const struct chunk *c = r->n_chunks ? &r->chunks[r->n_chunks - 1]
					    : NULL;
	if (r->pend_kind != PEND_TEXT || !c || !c->plain)
		return;
	while (r->pend.len > c->at && (r->pend.data[r->pend.len - 1] == ' ' ||
				       r->pend.data[r->pend.len - 1] == '\t'))
		r->pend.len--;
}

/* Text of a code block, raw block or code span (TOP), kept as it is. */
static enum dc_status S_literal_text(struct reader *r, int top,
				     MD_TEXTTYPE type, const char *s,
				     size_t size, size_t off)
{
	if (off != MDR_NOWHERE && r->lit_at == MDR_NOWHERE) {
		r->lit_at = off;
		if (top == DC_CODE)  /* at its backticks */
			r->lit_at = mdr_back(r->text,
					     mdr_back(r->text, off, " ", 1),
					     "`", SIZE_MAX);
		else if (top == DC_CODE_BLOCK && r->fence)
			r->lit_at = mdr_fence_start(r->text, r->fence, off);
		S_place(r, r->lit_at);
	}
	if (off != MDR_NOWHERE)
		S_advance(r, off + size);
	if (type == MD_TEXT_NULLCHAR) {
		s = REPLACEMENT;
		size = 3;
	}
	if (!dc_buf_append(&r->lit, s, size))
		return dc_fail_oom(r->diag);
	return DC_OK;
}

/* ---- Blocks ---- */

/* MD_ATTRIBUTE A (a URL, a title, a language) decoded, in the arena,
 * once for the same bytes (a document links to a few places many
 * times). */
static enum dc_status S_attribute(struct reader *r, const MD_ATTRIBUTE *a,
				  const char **out)
{
	r->scratch.len = 0;
	for (size_t i = 0; a->size > 0 && a->substr_offsets[i] < a->size;
	     i++) {
		const char *s = a->text + a->substr_offsets[i];
		size_t n = a->substr_offsets[i + 1] - a->substr_offsets[i];
		bool ok;
		switch (a->substr_types[i]) {
		case MD_TEXT_ENTITY: ok = dc_entity_decode(s, n, &r->scratch); break;
		case MD_TEXT_NULLCHAR:
			ok = dc_buf_append(&r->scratch, REPLACEMENT, 3);
			break;
		default: ok = dc_buf_append(&r->scratch, s, n); break;
		}
		if (!ok)
			return dc_fail_oom(r->diag);
	}
	*out = dc_doc_intern(r->b->doc, r->scratch.data ? r->scratch.data : "",
			     r->scratch.len);
	return *out ? DC_OK : dc_fail_oom(r->diag);
}

/* As S_attribute, NULL when empty. */
static enum dc_status S_optional(struct reader *r, const MD_ATTRIBUTE *a,
				 const char **out)
{
	*out = NULL;
	return a->size > 0 ? S_attribute(r, a, out) : DC_OK;
}

static enum dc_status S_list(struct reader *r, enum dc_kind kind,
			     const void *detail)
{
	struct dc_node *n;
	if (!S_room(r, 2))  /* the list and an item */
		return S_flatten(r);
	DC_TRY(S_open(r, kind, &n));
	if (!n)
		return DC_OK;
	if (kind == DC_BULLET_LIST) {
		const MD_BLOCK_UL_DETAIL *d = detail;
		n->as.list.bullet = d->mark;
		n->as.list.tight = d->is_tight;
		return DC_OK;
	}
	const MD_BLOCK_OL_DETAIL *d = detail;
	n->as.list.start = d->start > INT_MAX ? INT_MAX : (int)d->start;
	n->as.list.style = DC_LIST_DECIMAL;
	n->as.list.delim = d->mark_delimiter == ')' ? DC_DELIM_PAREN
						    : DC_DELIM_PERIOD;
	n->as.list.tight = d->is_tight;
	return DC_OK;
}

static enum dc_status S_item(struct reader *r, const MD_BLOCK_LI_DETAIL *d)
{
	struct dc_node *n;
	if (S_top(r) == FLAT)
		return S_flatten(r);
	DC_TRY(S_open(r, DC_LIST_ITEM, &n));
	if (!n || !d->is_task)
		return DC_OK;
	n->as.item.task = d->task_mark == ' ' ? DC_TASK_OPEN : DC_TASK_DONE;
	if (r->n_pending > 0 && r->pending[r->n_pending - 1].node == n &&
	    d->task_mark_offset > 0)
		r->pending[r->n_pending - 1].task = d->task_mark_offset - 1;
	return DC_OK;
}

static enum dc_status S_cell(struct reader *r, MD_BLOCKTYPE type,
			     const MD_BLOCK_TD_DETAIL *d)
{
	static const enum dc_align aligns[] = {
		[MD_ALIGN_DEFAULT] = DC_ALIGN_NONE,
		[MD_ALIGN_LEFT] = DC_ALIGN_LEFT,
		[MD_ALIGN_CENTER] = DC_ALIGN_CENTER,
		[MD_ALIGN_RIGHT] = DC_ALIGN_RIGHT,
	};
	struct dc_node *n;
	if (S_top(r) == FLAT)
		return S_flatten(r);
	DC_TRY(S_open(r, DC_TABLE_CELL, &n));
	if (n) {
		n->as.cell.align = d->align <= MD_ALIGN_RIGHT ? aligns[d->align]
							      : DC_ALIGN_NONE;
		n->as.cell.header = type == MD_BLOCK_TH || r->in_head;
	}
	return DC_OK;
}

static enum dc_status S_thematic_break(struct reader *r)
{
	size_t at = S_guess_block(r, false);
	DC_TRY(S_push(r, DC_NONE));
	S_place(r, at);
	return S_leaf(r, DC_THEMATIC_BREAK, NULL, 0, at, NULL);
}

/* A code block (or, RAW, an HTML block): its text is gathered, the leaf
 * made when it ends. */
static enum dc_status S_literal_start(struct reader *r,
				      const MD_BLOCK_CODE_DETAIL *d)
{
	r->lit.len = 0;
	r->lit_at = MDR_NOWHERE;
	r->fence = d ? d->fence_char : 0;
	r->lang = NULL;
	DC_TRY(S_push(r, d ? DC_CODE_BLOCK : DC_RAW_BLOCK));
	return d ? S_optional(r, &d->lang, &r->lang) : DC_OK;
}

/* The lines of a code block's text: its line ends. */
static size_t S_lines(const struct dc_buf *b)
{
	size_t n = 0;
	if (!b->data)  /* nothing yet: no pointer to count from */
		return 0;
	for (const char *p = b->data, *end = b->data + b->len;
	     (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
		n++;
	return n;
}

static enum dc_status S_literal_end(struct reader *r, enum dc_kind kind)
{
	struct dc_node *n;
	size_t at = r->lit_at != MDR_NOWHERE ? r->lit_at
					     : S_guess_block(r, false);
	S_place(r, at);
	DC_TRY(S_leaf(r, kind, r->lit.data ? r->lit.data : "", r->lit.len, at,
		   &n));
	if (kind == DC_RAW_BLOCK)
		return S_str(r, n, DC_STR_FORMAT, "html");
	if (r->fence && at != MDR_NOWHERE)
		S_advance(r, mdr_past_code(r->text, r->fence, at,
					   S_lines(&r->lit)));
	return S_str(r, n, DC_STR_LANG, r->lang);
}

static enum dc_status S_table_part(struct reader *r, bool head)
{
	r->in_head = head;
	return S_push(r, S_top(r) == FLAT ? FLAT : DC_NONE);
}

static enum dc_status S_row(struct reader *r)
{
	if (S_top(r) == FLAT)
		return S_flatten(r);
	return S_open(r, DC_TABLE_ROW, NULL);
}

static enum dc_status S_enter(struct reader *r, MD_BLOCKTYPE type,
			      void *detail)
{
	struct dc_node *n;
	switch (type) {
	case MD_BLOCK_QUOTE: return S_open(r, DC_BLOCK_QUOTE, NULL);
	case MD_BLOCK_UL: return S_list(r, DC_BULLET_LIST, detail);
	case MD_BLOCK_OL: return S_list(r, DC_ORDERED_LIST, detail);
	case MD_BLOCK_LI: return S_item(r, detail);
	case MD_BLOCK_HR: return S_thematic_break(r);
	case MD_BLOCK_H:
		r->trim_start = true;
		DC_TRY(S_open(r, DC_HEADING, &n));
		if (n)
			n->as.heading.level =
				(int)((const MD_BLOCK_H_DETAIL *)detail)->level;
		return DC_OK;
	case MD_BLOCK_CODE: return S_literal_start(r, detail);
	case MD_BLOCK_HTML: return S_literal_start(r, NULL);
	case MD_BLOCK_P: return S_open(r, DC_PARAGRAPH, NULL);
	case MD_BLOCK_TABLE:
		/* The table, a row and a cell. */
		return S_room(r, 3) ? S_open(r, DC_TABLE, NULL) : S_flatten(r);
	case MD_BLOCK_THEAD: return S_table_part(r, true);
	case MD_BLOCK_TBODY: return S_table_part(r, false);
	case MD_BLOCK_TR: return S_row(r);
	case MD_BLOCK_TH:
	case MD_BLOCK_TD: return S_cell(r, type, detail);
	default: return S_push(r, DC_NONE);  /* the document */
	}
}

/* Leave the innermost open block or span. */
static enum dc_status S_pop(struct reader *r)
{
	int kind = S_top(r);
	if (kind == DC_PARAGRAPH || kind == DC_HEADING ||
	    kind == DC_LIST_ITEM || kind == DC_TABLE_CELL)
		S_trim_end(r);
	DC_TRY(S_flush(r));
	r->open.len -= 2;
	switch (kind) {
	case DC_NONE:
	case FLAT: return DC_OK;
	case DC_CODE_BLOCK:
	case DC_RAW_BLOCK: return S_literal_end(r, (enum dc_kind)kind);
	case DC_CODE:
		return S_leaf(r, DC_CODE, r->lit.data ? r->lit.data : "",
			      r->lit.len,
			      r->lit_at != MDR_NOWHERE ? r->lit_at : r->floor,
			      NULL);
	default: return S_close(r, (enum dc_kind)kind);
	}
}

enum { MAX_SEARCH = 2 * DC_MAX_DEPTH };

/* Leave md4c's EVENT: the innermost open one, normally.  md4c 0.4.8
 * sometimes reports a span's end it never reported the start of, or
 * ends spans out of order: an end matching no open event near the top is
 * ignored, and the events open inside the one it matches end with it.
 * (Whatever is left open when md4c is done is closed then.) */
static enum dc_status S_leave(struct reader *r, int event)
{
	size_t depth = S_depth(r), i = depth;
	while (i > 0 && depth - i < MAX_SEARCH &&
	       (unsigned char)r->open.data[2 * (i - 1)] != event)
		i--;
	if (i == 0 || depth - i >= MAX_SEARCH)
		return S_flush(r);
	while (S_depth(r) >= i)
		DC_TRY(S_pop(r));
	return DC_OK;
}

/* ---- Spans ---- */

static enum dc_status S_link(struct reader *r, enum dc_kind kind,
			     const MD_ATTRIBUTE *url, const MD_ATTRIBUTE *title)
{
	struct dc_node *n;
	DC_TRY(S_open(r, kind, &n));
	if (!n)
		return DC_OK;
	const char *href;  /* N is packed: its url may be unaligned */
	DC_TRY(S_attribute(r, url, &href));
	n->as.link.url = href;
	/* An image's path stays as written (writers that open the file
	 * resolve it: dc_node_file). */
	const char *t;
	DC_TRY(S_optional(r, title, &t));
	return S_str(r, n, DC_STR_TITLE, t);
}

static enum dc_status S_span(struct reader *r, MD_SPANTYPE type,
			     void *detail)
{
	const MD_SPAN_A_DETAIL *a = detail;
	const MD_SPAN_IMG_DETAIL *img = detail;
	switch (type) {
	case MD_SPAN_EM: return S_open(r, DC_EMPH, NULL);
	case MD_SPAN_STRONG: return S_open(r, DC_STRONG, NULL);
	case MD_SPAN_DEL: return S_open(r, DC_STRIKE, NULL);
	case MD_SPAN_A: return S_link(r, DC_LINK, &a->href, &a->title);
	case MD_SPAN_IMG: return S_link(r, DC_IMAGE, &img->src, &img->title);
	case MD_SPAN_CODE:
		r->lit.len = 0;
		r->lit_at = MDR_NOWHERE;
		return S_push(r, DC_CODE);
	default: return S_push(r, DC_NONE);  /* not enabled */
	}
}

/* ---- md4c's callbacks ---- */

/* Record ST; md4c stops when a callback returns non-zero. */
static int S_result(struct reader *r, enum dc_status st)
{
	if (r->status == DC_OK)
		r->status = st;
	return r->status != DC_OK;
}

static int S_enter_block(MD_BLOCKTYPE type, void *detail, void *data)
{
	struct reader *r = data;
	enum dc_status st = S_flush(r);
	r->event = S_EVENT(type, false);
	return S_result(r, st == DC_OK ? S_enter(r, type, detail) : st);
}

static int S_leave_block(MD_BLOCKTYPE type, void *detail, void *data)
{
	struct reader *r = data;
	(void)detail;
	return S_result(r, S_leave(r, S_EVENT(type, false)));
}

static int S_enter_span(MD_SPANTYPE type, void *detail, void *data)
{
	struct reader *r = data;
	r->trim_start = false;
	enum dc_status st = S_flush(r);
	r->event = S_EVENT(type, true);
	return S_result(r, st == DC_OK ? S_span(r, type, detail) : st);
}

static int S_leave_span(MD_SPANTYPE type, void *detail, void *data)
{
	struct reader *r = data;
	(void)detail;
	return S_result(r, S_leave(r, S_EVENT(type, true)));
}

static int S_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE size,
		  void *data)
{
	struct reader *r = data;
	size_t off = S_offset(r, s);
	int top = S_top(r);
	if (top == DC_CODE_BLOCK || top == DC_RAW_BLOCK || top == DC_CODE)
		return S_result(r, S_literal_text(r, top, type, s, size, off));
	return S_result(r, S_inline_text(r, type, s, size, off));
}

/* Parse TEXT into the builder's current node. */
static enum dc_status S_parse(struct reader *r, const struct mdr_text *text)
{
	const MD_PARSER parser = {
		.flags = r->flags,
		.enter_block = S_enter_block,
		.leave_block = S_leave_block,
		.enter_span = S_enter_span,
		.leave_span = S_leave_span,
		.text = S_text,
	};
	if (text->len > UINT_MAX)
		return dc_fail(r->diag, DC_ERR_DATA,
			       (struct dc_pos){.file = r->file},
			       "input too large for the Markdown parser");
	r->text = text;
	r->floor = 0;
	r->open.len = 0;
	r->n_pending = 0;
	int ret = text->len >= MDR_RELAY_MIN
			  ? mdr_parse_relayed(text->data, (MD_SIZE)text->len,
					      &parser, r)
			  : md_parse(text->data, (MD_SIZE)text->len, &parser, r);
	while (r->status == DC_OK && ret == 0 && S_depth(r) > 0)
		S_result(r, S_pop(r));  /* events md4c left open */
	if (r->status != DC_OK)
		return r->status;
	return ret == 0 ? DC_OK : dc_fail_oom(r->diag);
}

/* ---- Notes and the whole ---- */

static enum dc_status S_note(struct reader *r, struct mdr_note *note)
{
	struct dc_node *n;
	long line, col;
	mdr_lines_locate(&r->lines, note->orig, &line, &col);
	DC_TRY(dc_build_open(r->b, DC_FOOTNOTE, line, col, &n));
	if (n)
		n->as.note.label = note->label;
	DC_TRY(S_parse(r, &note->body));
	return dc_build_close(r->b, DC_FOOTNOTE);
}

/* The notes: those referenced in the order of their first references
 * (references in notes count, as they are met), then the others in the
 * order of their definitions. */
static enum dc_status S_notes(struct reader *r)
{
	size_t head = 0, unreferenced = 0;
	for (;;) {
		while (head < r->n_queued)
			DC_TRY(S_note(r, r->queue[head++]));
		while (unreferenced < r->notes.count &&
		       r->notes.items[unreferenced].queued)
			unreferenced++;
		if (unreferenced == r->notes.count)
			return DC_OK;
		S_queue(r, &r->notes.items[unreferenced]);
	}
}

static enum dc_status S_body(struct reader *r, struct mdr_text *text)
{
	if (r->extensions)
		DC_TRY(mdr_notes_extract(&r->notes, text, r->b->doc, r->diag));
	/* Notes blanked out of a copy: text nodes point into the copy as
	 * they would into the input, and finding lines, which reads the
	 * input, gives its pages back instead of their walk. */
	if (text->own && r->b->kept) {
		if (dc_builder_keeps(r->b, r->lines.data, r->lines.len))
			r->lines.maps = r->b->doc->maps;
		if (!dc_builder_keep_own(r->b, text->own, text->len))
			return dc_fail_oom(r->diag);
		text->own = NULL;  /* the document's now */
	}
	DC_TRY(mdr_notes_index(&r->notes, r->diag));
	if (r->notes.count > 0) {
		r->queue = malloc(r->notes.count * sizeof *r->queue);
		if (!r->queue)
			return dc_fail_oom(r->diag);
	}
	DC_TRY(S_parse(r, text));
	return S_notes(r);
}

static enum dc_status S_read_decoded(struct reader *r, const char *data,
				     size_t len, struct dc_meta *meta)
{
	size_t body = 0;
	if (!mdr_lines_init(&r->lines, data, len))
		return dc_fail_oom(r->diag);
	if (r->extensions)
		DC_TRY(mdr_front_matter(data, len, r->file, r->b->doc, meta,
				     r->diag, &body));
	/* The text after the front matter, its offsets mapped past it. */
	struct mdr_text text = {.data = data + body, .len = len - body};
	enum dc_status st = DC_OK;
	if (body > 0 && !mdr_text_map(&text, 0, body))
		st = dc_fail_oom(r->diag);
	if (st == DC_OK)
		st = S_body(r, &text);
	mdr_text_free(&text);
	return st;
}

static void S_reader_free(struct reader *r)
{
	mdr_lines_free(&r->lines);
	mdr_notes_free(&r->notes);
	free(r->queue);
	free(r->chunks);
	dc_buf_free(&r->open);
	dc_buf_free(&r->lit);
	dc_buf_free(&r->pend);
	dc_buf_free(&r->scratch);
}

/* Read IN as CommonMark with md4c's FLAGS, and with front matter and
 * footnotes if EXTENSIONS. */
static enum dc_status S_read_as(const struct dc_input *in,
				struct dc_builder *b, struct dc_meta *meta,
				struct dc_diag *diag, unsigned flags,
				bool extensions)
{
	struct dc_text decoded;
	struct reader r = {
		.b = b,
		.diag = diag,
		.file = in->name,
		.flags = flags,
		.extensions = extensions,
	};
	enum dc_status st = dc_build_decode(b, in->data, in->len, &decoded);
	if (st == DC_OK)
		st = S_read_decoded(&r, decoded.data, decoded.len, meta);
	S_reader_free(&r);
	dc_text_free(&decoded);
	return st;
}

static enum dc_status S_read_markdown(const struct dc_input *in,
				      struct dc_builder *b,
				      struct dc_meta *meta,
				      struct dc_diag *diag)
{
	return S_read_as(in, b, meta, diag, MD_DIALECT_GITHUB, true);
}

static enum dc_status S_read_commonmark(const struct dc_input *in,
					struct dc_builder *b,
					struct dc_meta *meta,
					struct dc_diag *diag)
{
	return S_read_as(in, b, meta, diag, MD_DIALECT_COMMONMARK, false);
}

static const char *const markdown_extensions[] = {"md", "markdown", NULL};

const struct dc_format dc_format_markdown = {
	.name = "markdown",
	.description = "Markdown: CommonMark with GitHub's tables, task "
		       "lists, strikethrough, autolinks and footnotes; YAML "
		       "front matter",
	.extensions = markdown_extensions,
	.read = S_read_markdown,
};

/* The same reader without any extension (a "[^x]:" line is a link
 * reference definition, "---" a thematic break): CommonMark as its
 * specification has it, for documents written to it and for the test
 * of conformance, which GitHub's autolinks would fail. */
static const char *const commonmark_extensions[] = {NULL};  /* -f only */

const struct dc_format dc_format_commonmark = {
	.name = "commonmark",
	.description = "CommonMark, strictly: Markdown without GitHub's "
		       "extensions, footnotes or front matter",
	.extensions = commonmark_extensions,
	.read = S_read_commonmark,
};
