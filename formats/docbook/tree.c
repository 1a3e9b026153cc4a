/* Frames, contexts and placement: where each node of a DocBook document
 * goes in the model, and the white space between inline content.
 *
 * Placement (S_find).  A node of kind K that an element (or text) brings
 * is opened in the node of the nearest frame that can hold K, walking out
 * from the current frame:
 *  - an open node that holds K: there;
 *  - a closed node that holds K (a paragraph split by a list, a list not
 *    opened yet because its title came first): it is opened again, with
 *    the closed frames around it that it needs, as a new node continuing
 *    it;
 *  - a node that cannot hold K is passed (and closed) when it may be left
 *    this way: inline markup, a paragraph of the source, a list, table,
 *    row or figure (for text between list items, say);
 *  - a title, term, table cell, caption or image's text cannot be left: a
 *    block inside one is flattened into lines of its text (FR_FLAT);
 *  - a block container that cannot hold K (a list item, for a section)
 *    ends the walk: the element makes no node, its content stays.
 * The walk looks at a bounded number of frames, so a pathological nesting
 * costs a constant per node, and each frame is skipped in one step when it
 * has no node; nothing recurses.
 *
 * White space.  DocBook is indented for the eye: white space between
 * blocks is dropped, and in inline content each run of it becomes one
 * separator, written only when content follows it in the same block: a
 * space, or a soft break when the run holds a line end (the DocBook
 * writer writes soft breaks as line ends and adds no white space inside
 * inline content, so its output reads back as it was).  A separator before
 * inline markup goes before it, one at its end after it.  A hard break
 * (<?line-break?>) eats the white space after it, as the writer puts a
 * line end there.  Flattened blocks are separated by hard breaks. */
#include <stdlib.h>
#include <string.h>

#include "dbr.h"
#include "utf8.h"

enum {
	/* Frames looked at to place one node: any sane document needs a
	 * handful; past it a node goes to the nearest open node that takes
	 * it, so that a nesting of 100,000 elements stays linear. */
	WALK_LIMIT = 4 * DC_MAX_DEPTH,
	/* Closed frames opened again for one node, at most. */
	CHAIN_MAX = DC_MAX_DEPTH,
};

enum place { P_HERE, P_FLATTEN, P_NOWHERE };

struct dbr_frame *dbr_top(struct dbr_reader *r)
{
	return &r->frames[r->n_frames - 1];
}

struct dbr_ctx *dbr_ctx(struct dbr_reader *r)
{
	return &r->ctx[r->n_ctx - 1];
}

/* ---- Kinds ---- */

/* May a node of kind PARENT hold CHILD (inline content by way of a
 * paragraph the builder opens)? */
static bool S_fits(enum dc_kind parent, enum dc_kind child)
{
	if (parent == DC_NONE)
		return false;
	return dc_kind_can_contain(parent, child) ||
	       (dc_kind_is_inline(child) &&
		dc_kind_can_contain(parent, DC_PARAGRAPH));
}

/* May a node of KIND leave FR's node, which cannot hold it, to go further
 * out, FR's node being closed (and opened again for what comes after)? */
static bool S_passable(const struct dbr_frame *fr, enum dc_kind kind)
{
	switch (fr->proto.kind) {
	case DC_IMAGE:
		return kind == DC_CAPTION;  /* alt text holds no block */
	case DC_PARAGRAPH:
		return (fr->flags & FR_SPLIT) != 0;
	case DC_BULLET_LIST:
	case DC_ORDERED_LIST:
	case DC_DEF_LIST:
	case DC_DEF_ITEM:
	case DC_TABLE:
	case DC_TABLE_ROW:
	case DC_FIGURE:
		return true;
	default:
		return dc_kind_is_inline(fr->proto.kind);
	}
}

/* Levels a node of KIND needs below its parent: itself and the least its
 * content needs (a list, an item, a paragraph), so that the builder never
 * has to flatten what this reader opened. */
static int S_need(enum dc_kind kind)
{
	switch (kind) {
	case DC_DEF_LIST:
		return 4;
	case DC_BULLET_LIST:
	case DC_ORDERED_LIST:
	case DC_DEF_ITEM:
	case DC_TABLE:
		return 3;
	case DC_LIST_ITEM:
	case DC_DEF_DESC:
	case DC_SECTION:
	case DC_CHAPTER:
	case DC_BLOCK_QUOTE:
	case DC_ADMONITION:
	case DC_TABLE_ROW:
	case DC_FIGURE:
		return 2;
	default:
		return 1;
	}
}

static bool S_room(const struct dc_builder *b, enum dc_kind kind)
{
	int depth = b->depth;
	if (dc_kind_is_inline(kind) && !dc_kind_holds_inlines(b->cur->kind))
		depth++;  /* the paragraph the builder opens first */
	return b->suppressed == 0 && depth + S_need(kind) <= DC_MAX_DEPTH;
}

/* ---- Ids waiting for a node ---- */

enum dc_status dbr_orphan_id(struct dbr_reader *r, const char *id)
{
	if (!id)
		return DC_OK;
	if (!dc_buf_append(&dbr_ctx(r)->ids, &id, sizeof id))
		return dc_fail_oom(r->diag);
	return DC_OK;
}

enum dc_status dbr_set_str(struct dbr_reader *r, const struct dc_node *n,
			   enum dc_node_str which, const char *s)
{
	if (!dc_node_set_str(r->doc, n, which, s))
		return dc_fail_oom(r->diag);
	return DC_OK;
}

/* N (without an id of its own) takes the oldest id waiting. */
static enum dc_status S_take_id(struct dbr_reader *r, struct dbr_ctx *c,
				const struct dc_node *n)
{
	if (!n || c->ids_head >= c->ids.len ||
	    dc_node_str(r->doc, n, DC_STR_ID))
		return DC_OK;
	const char *id;
	memcpy(&id, c->ids.data + c->ids_head, sizeof id);
	c->ids_head += sizeof id;
	return dbr_set_str(r, n, DC_STR_ID, id);
}

/* ---- White space ---- */

void dbr_sep(struct dbr_reader *r, enum dbr_sep sep, long line, long col)
{
	struct dbr_ctx *c = dbr_ctx(r);
	if (c->trim || sep <= c->sep)
		return;
	if (c->sep == SEP_NONE) {
		c->sep_line = line;
		c->sep_col = col;
	}
	c->sep = sep;
}

/* Write the separator due before content. */
static enum dc_status S_emit_sep(struct dbr_reader *r)
{
	struct dbr_ctx *c = dbr_ctx(r);
	enum dbr_sep sep = c->sep;
	struct dc_node *n = NULL;
	c->sep = SEP_NONE;
	switch (sep) {
	case SEP_SPACE:
		return dc_build_text(c->b, " ", 1, c->sep_line, c->sep_col);
	case SEP_SOFT:
	case SEP_HARD:
		DC_TRY(dc_build_leaf(c->b, sep == SEP_SOFT ? DC_SOFT_BREAK
							: DC_LINE_BREAK,
				  NULL, 0, c->sep_line, c->sep_col, &n));
		return S_take_id(r, c, n);
	case SEP_NONE:
		break;
	}
	return DC_OK;
}

/* A node of KIND opens (OPENING) or closes: a block starts or ends a run
 * of inline content; an image's alt text is trimmed on its own. */
static void S_boundary(struct dbr_ctx *c, enum dc_kind kind, bool opening)
{
	if (kind == DC_IMAGE) {
		c->sep = SEP_NONE;
		c->trim = opening;
	} else if (dc_kind_is_block(kind)) {
		c->sep = SEP_NONE;
		c->trim = true;
	} else if (!opening) {
		c->trim = false;  /* inline markup ended: content was there */
	}
}

/* ---- Frames ---- */

struct dbr_frame *dbr_push(struct dbr_reader *r, const struct dbr_elem *elem,
			   long line, long col)
{
	if (r->n_frames == r->cap_frames) {
		int cap = r->cap_frames ? r->cap_frames * 2 : 64;
		struct dbr_frame *frames =
			r->cap_frames < (1 << 28) ?
			realloc(r->frames, (size_t)cap * sizeof *frames) :
			NULL;
		if (!frames)
			return NULL;
		r->frames = frames;
		r->cap_frames = cap;
	}
	int below = r->n_frames - 1;
	struct dbr_frame *f = &r->frames[r->n_frames++];
	*f = (struct dbr_frame){
		.elem = elem,
		.host = -1,
		.prev_open = -1,
		.ctx = r->n_ctx - 1,
		.collector = -1,
		.proto = {.kind = DC_NONE, .line = dc_node_coord(line),
			  .col = dc_node_col(col)},
	};
	if (below < 0)
		return f;  /* the base */
	const struct dbr_frame *p = &r->frames[below];
	f->flags = p->flags & (FR_COLLECT | FR_COVER);
	f->host = p->proto.kind != DC_NONE ? below : p->host;
	f->level = p->level;
	f->collector = p->collector;
	return f;
}

static enum dc_status S_warn_depth(struct dbr_reader *r, long line, long col)
{
	if (r->b->warned_depth)
		return DC_OK;
	r->b->warned_depth = true;  /* the builder's own flag: one warning */
	return dbr_warn(r, NULL, line, col,
			"nesting deeper than %d levels flattened",
			DC_MAX_DEPTH);
}

/* Open frame F's node, at LINE:COL when it continues one closed before;
 * without room it gets no node. */
static enum dc_status S_open(struct dbr_reader *r, int f, long line, long col)
{
	struct dbr_ctx *c = dbr_ctx(r);
	struct dbr_frame *fr = &r->frames[f];
	enum dc_kind kind = fr->proto.kind;
	if (!S_room(c->b, kind)) {
		fr->proto.kind = DC_NONE;
		return S_warn_depth(r, line, col);
	}
	if (!(fr->flags & FR_OPENED)) {
		line = fr->proto.line;
		col = fr->proto.col;
	}
	struct dc_node *n;
	DC_TRY(dc_build_open(c->b, kind, line, col, &n));
	if (!n)  /* S_room keeps the builder from flattening */
		return dc_fail(r->diag, DC_ERR_SOFTWARE,
			       (struct dc_pos){.file = r->file},
			       "internal error: docbook: %s flattened",
			       dc_kind_name(kind));
	n->as = fr->proto.as;
	DC_TRY(dbr_set_str(r, n, DC_STR_TITLE, fr->title));
	if (fr->id)
		DC_TRY(dbr_set_str(r, n, DC_STR_ID, fr->id));
	fr->id = NULL;  /* a continuation has none */
	DC_TRY(S_take_id(r, c, n));
	fr->node = n;
	fr->flags |= FR_OPEN | FR_OPENED;
	fr->prev_open = c->open_top;
	c->open_top = f;
	S_boundary(c, kind, true);
	return DC_OK;
}

/* Close frame F's node (the innermost open one). */
static enum dc_status S_close(struct dbr_reader *r, int f)
{
	struct dbr_ctx *c = dbr_ctx(r);
	struct dbr_frame *fr = &r->frames[f];
	enum dc_kind kind = fr->proto.kind;
	DC_TRY(dc_build_close(c->b, kind));
	/* An anchor at its end: its own id, else its last child's, unless
	 * that is text: the writer puts a text's id before the text, which
	 * would read back as the id of what follows. */
	DC_TRY(S_take_id(r, c, fr->node));
	struct dc_node *last = dc_node_last_child(fr->node);
	if (last && last->kind != DC_TEXT)
		DC_TRY(S_take_id(r, c, last));
	fr->flags &= ~FR_OPEN;
	fr->node = NULL;
	c->open_top = fr->prev_open;
	if (kind == DC_ORDERED_LIST) {  /* a continuation counts on */
		fr->proto.as.list.start += fr->count;
		fr->count = 0;
	}
	if (fr->flags & FR_ONCE)
		fr->proto.kind = DC_NONE;
	S_boundary(c, kind, false);
	return DC_OK;
}

/* Where a node of KIND goes, walking out from frame FROM: in frame *AT's
 * open node (P_HERE) after opening the closed frames CHAIN[0..*N)
 * (innermost first) around it; or flattened into inline content; or
 * nowhere. */
static enum place S_find(struct dbr_reader *r, int from, enum dc_kind kind,
			 int *at, int *chain, int *n)
{
	const struct dbr_ctx *c = dbr_ctx(r);
	enum dc_kind need = kind;
	int f = from;
	*n = 0;
	for (int steps = 0; f >= c->base && steps < WALK_LIMIT; steps++) {
		const struct dbr_frame *fr = &r->frames[f];
		if (fr->proto.kind == DC_NONE) {
			f = fr->host;
			continue;
		}
		if (S_fits(fr->proto.kind, need)) {
			if (fr->flags & FR_OPEN) {
				*at = f;
				return P_HERE;
			}
			if (*n == CHAIN_MAX)
				return P_NOWHERE;
			chain[(*n)++] = f;
			need = fr->proto.kind;
		} else if (fr->flags & FR_BASE) {
			return P_NOWHERE;
		} else if (!S_passable(fr, need)) {
			return dc_kind_holds_inlines(fr->proto.kind) ?
				       P_FLATTEN : P_NOWHERE;
		}
		f = fr->host;
	}
	return P_NOWHERE;
}

/* Make frame AT's node current: close the open nodes inside it, open the
 * closed frames of CHAIN.  *OK is false when one had no room. */
static enum dc_status S_realize(struct dbr_reader *r, int at, const int *chain,
				int n, long line, long col, bool *ok)
{
	struct dbr_ctx *c = dbr_ctx(r);
	*ok = false;
	while (c->open_top > at)
		DC_TRY(S_close(r, c->open_top));
	for (int i = n; i-- > 0;) {
		DC_TRY(S_open(r, chain[i], line, col));
		if (!(r->frames[chain[i]].flags & FR_OPEN))
			return DC_OK;
	}
	*ok = true;
	return DC_OK;
}

/* Make the builder's current node one that takes a node of KIND (or, for
 * inline KIND, a paragraph for it); *PLACED is false when it goes
 * nowhere: a block in a title. */
static enum dc_status S_prepare(struct dbr_reader *r, enum dc_kind kind,
				long line, long col, bool *placed)
{
	struct dbr_ctx *c = dbr_ctx(r);
	int at = 0, chain[CHAIN_MAX], n = 0;
	enum place p = S_find(r, r->n_frames - 1, kind, &at, chain, &n);
	*placed = false;
	if (p == P_HERE)
		DC_TRY(S_realize(r, at, chain, n, line, col, placed));
	if (*placed || (p == P_FLATTEN && !dc_kind_is_inline(kind)))
		return DC_OK;
	/* Too deep to look further: the innermost open node that takes
	 * it (the base takes every block and text). */
	for (int f = c->open_top; f >= c->base; f = r->frames[f].prev_open) {
		if (!S_fits(r->frames[f].proto.kind, kind))
			continue;
		DC_TRY(S_realize(r, f, NULL, 0, line, col, placed));
		break;
	}
	return DC_OK;
}

enum dc_status dbr_place(struct dbr_reader *r, bool lazy)
{
	int f = r->n_frames - 1;
	enum dc_kind kind = r->frames[f].proto.kind;
	long line = r->frames[f].proto.line, col = r->frames[f].proto.col;
	if (kind == DC_NONE)
		return DC_OK;
	int at = 0, chain[CHAIN_MAX], n = 0;
	bool ok = false;
	enum place p = S_find(r, f - 1, kind, &at, chain, &n);
	if (p == P_HERE && lazy)
		return DC_OK;  /* opened by its first content (S_find) */
	if (p == P_HERE)
		DC_TRY(S_realize(r, at, chain, n, line, col, &ok));
	if (ok && dc_kind_is_inline(kind) && dbr_ctx(r)->sep != SEP_NONE) {
		/* The run of white space goes on inside: it is written. */
		DC_TRY(S_emit_sep(r));
		dbr_ctx(r)->trim = true;
	}
	if (ok)
		DC_TRY(S_open(r, f, line, col));
	struct dbr_frame *fr = &r->frames[f];
	if (fr->flags & FR_OPEN)
		return DC_OK;
	/* No node: its content goes where it can, a block's as lines. */
	fr->proto.kind = DC_NONE;
	if (dc_kind_is_block(kind)) {
		fr->flags |= FR_FLAT;
		dbr_sep(r, SEP_HARD, line, col);
	}
	const char *id = fr->id;
	fr->id = NULL;
	return dbr_orphan_id(r, id);
}

/* ---- Contexts ---- */

enum dc_status dbr_push_ctx(struct dbr_reader *r, struct dc_node *note)
{
	int f = r->n_frames - 1;
	struct dbr_frame *fr = &r->frames[f];
	struct dbr_ctx *c = &r->ctx[r->n_ctx++];
	*c = (struct dbr_ctx){.base = f, .open_top = f, .trim = true};
	c->b = &c->own;
	dc_builder_init(&c->own, r->doc, note, r->diag, r->file);
	fr->ctx = r->n_ctx - 1;
	fr->flags |= FR_BASE | FR_OPEN | FR_OPENED;
	fr->proto.kind = DC_FOOTNOTE;
	fr->node = note;
	return DC_OK;
}

/* Ids still waiting when their context ends: the base takes one, the
 * others have no element left to go on. */
static enum dc_status S_drop_ids(struct dbr_reader *r, struct dbr_ctx *c,
				 struct dc_node *base)
{
	DC_TRY(S_take_id(r, c, base));
	while (c->ids_head < c->ids.len) {
		const char *id;
		memcpy(&id, c->ids.data + c->ids_head, sizeof id);
		c->ids_head += sizeof id;
		long line, col;
		dbr_where(r, &line, &col);
		DC_TRY(dbr_warn(r, NULL, line, col, "id '%s' has no element to "
			     "go on; dropped", id));
	}
	return DC_OK;
}

static enum dc_status S_pop_ctx(struct dbr_reader *r)
{
	struct dbr_ctx *c = dbr_ctx(r);
	enum dc_status st = S_drop_ids(r, c, r->frames[c->base].node);
	enum dc_status fin = dc_builder_finish(c->b);
	dc_buf_free(&c->ids);
	r->n_ctx--;
	return st != DC_OK ? st : fin;
}

enum dc_status dbr_pop(struct dbr_reader *r)
{
	for (;;) {
		int f = r->n_frames - 1;
		struct dbr_frame *fr = &r->frames[f];
		unsigned flags = fr->flags;
		long line, col;
		dbr_where(r, &line, &col);
		if (flags & FR_BASE)
			DC_TRY(S_pop_ctx(r));
		else if (flags & FR_OPEN)
			DC_TRY(S_close(r, f));
		else
			DC_TRY(dbr_orphan_id(r, fr->id));
		r->n_frames--;
		if (flags & FR_FLAT)
			dbr_sep(r, SEP_HARD, line, col);
		if (!(flags & FR_PAIRED))
			return DC_OK;
	}
}

/* ---- Content ---- */

static bool S_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static enum dc_status S_word(struct dbr_reader *r, const char *s, size_t len,
			     long line, long col)
{
	bool placed;
	DC_TRY(S_prepare(r, DC_TEXT, line, col, &placed));
	DC_TRY(S_emit_sep(r));
	struct dbr_ctx *c = dbr_ctx(r);
	c->trim = false;
	return dc_build_text(c->b, s, len, line, col);
}

/* The end of the words from I on in S[0, LEN) that single spaces part:
 * given as one text, they make what each word and the space after it
 * would, with one call where there were two for each word (a quarter of
 * the instructions of reading DocBook went to that). */
static size_t S_words_end(const char *s, size_t len, size_t i)
{
	for (;;) {
		while (i < len && !S_is_space(s[i]))
			i++;
		if (i + 1 >= len || s[i] != ' ' || S_is_space(s[i + 1]))
			return i;
		i++;
	}
}

enum dc_status dbr_text(struct dbr_reader *r, const char *s, size_t len,
			long line, long col)
{
	size_t i = 0;
	while (i < len) {
		size_t j = i;
		if (S_is_space(s[i])) {
			long at_line = line, at_col = col;
			bool newline = false;
			for (; j < len && S_is_space(s[j]); j++) {
				bool lf = s[j] == '\n';
				newline |= lf;
				line += lf;
				col = lf ? 1 : col + 1;
			}
			dbr_sep(r, newline ? SEP_SOFT : SEP_SPACE, at_line,
				at_col);
		} else {
			j = S_words_end(s, len, i);
			DC_TRY(S_word(r, s + i, j - i, line, col));
			col += dc_utf8_count(s + i, j - i);  /* no line end */
		}
		i = j;
	}
	return DC_OK;
}

enum dc_status dbr_leaf(struct dbr_reader *r, enum dc_kind kind,
			const char *literal, size_t len, long line, long col,
			struct dc_node **out)
{
	bool placed;
	*out = NULL;
	DC_TRY(S_prepare(r, kind, line, col, &placed));
	if (!placed)
		return DC_OK;
	struct dbr_ctx *c = dbr_ctx(r);
	if (kind == DC_LINE_BREAK)
		c->sep = SEP_NONE;  /* white space before a break is nothing */
	else if (dc_kind_is_inline(kind))
		DC_TRY(S_emit_sep(r));
	DC_TRY(dc_build_leaf(c->b, kind, literal, len, line, col, out));
	DC_TRY(S_take_id(r, c, *out));
	if (kind == DC_LINE_BREAK) {
		c->trim = true;
		c->sep = SEP_NONE;
	} else if (dc_kind_is_inline(kind)) {
		c->trim = false;
	} else {
		S_boundary(c, kind, false);
	}
	return DC_OK;
}

enum dc_status dbr_para_text(struct dbr_reader *r, const char *text,
			     long line, long col)
{
	bool placed;
	DC_TRY(S_prepare(r, DC_PARAGRAPH, line, col, &placed));
	if (!placed) {  /* in a title: a line of it */
		dbr_sep(r, SEP_HARD, line, col);
		return S_word(r, text, strlen(text), line, col);
	}
	struct dbr_ctx *c = dbr_ctx(r);
	DC_TRY(dc_build_open(c->b, DC_PARAGRAPH, line, col, NULL));
	DC_TRY(dc_build_text(c->b, text, strlen(text), line, col));
	DC_TRY(dc_build_close(c->b, DC_PARAGRAPH));
	S_boundary(c, DC_PARAGRAPH, false);
	return DC_OK;
}

/* ---- Notes and the end ---- */

enum dc_status dbr_place_notes(struct dbr_reader *r)
{
	struct dc_builder *b = r->b;
	struct dc_node **notes = (struct dc_node **)(void *)r->notes.data;
	size_t count = r->notes.len / sizeof *notes;
	for (size_t i = 0; i < count; i++) {
		/* The builder checks the place and ends the paragraph before
		 * the note built on its own. */
		DC_TRY(dc_build_graft(b, notes[i]));
	}
	r->notes.len = 0;
	S_boundary(dbr_ctx(r), DC_FOOTNOTE, false);
	return DC_OK;
}

enum dc_status dbr_finish(struct dbr_reader *r)
{
	while (r->n_frames > 1)
		DC_TRY(dbr_pop(r));
	DC_TRY(dbr_place_notes(r));
	return S_drop_ids(r, &r->ctx[0], r->b->base);
}
