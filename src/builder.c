#include "builder.h"

#include <stdint.h>

void dc_builder_init(struct dc_builder *b, struct dc_doc *doc,
		     struct dc_node *base, struct dc_diag *diag,
		     const char *file)
{
	*b = (struct dc_builder){
		.doc = doc,
		.diag = diag,
		.file = file,
		.base = base,
		.cur = base,
		.last = dc_node_last_child(base),
	};
}

static enum dc_status S_fail(struct dc_builder *b, enum dc_status status)
{
	if (b->status == DC_OK)
		b->status = status;
	return b->status;
}

static enum dc_status S_bug(struct dc_builder *b, const char *what,
			    enum dc_kind parent, enum dc_kind child)
{
	dc_fail(b->diag, DC_ERR_SOFTWARE, (struct dc_pos){.file = b->file},
		"internal error: builder: %s %s in %s", what,
		dc_kind_name(child), dc_kind_name(parent));
	return S_fail(b, DC_ERR_SOFTWARE);
}

/* Is the current node a paragraph the builder opened by itself? */
static bool S_in_implicit_paragraph(const struct dc_builder *b)
{
	return b->implicit != NULL && b->cur == b->implicit;
}

static void S_pop(struct dc_builder *b)
{
	if (b->cur == b->implicit)
		b->implicit = NULL;
	b->last = b->cur;
	b->cur = dc_node_parent(b->cur);
	b->depth--;
}

/* Add NODE as the current node's last child. */
static void S_link(struct dc_builder *b, struct dc_node *node)
{
	dc_node_insert_after(b->cur, b->last, node);
	b->last = node;
}

/* Make NODE, the current node's last child, the current node. */
static void S_enter(struct dc_builder *b, struct dc_node *node)
{
	b->cur = node;
	b->last = NULL;
	b->depth++;
}

static enum dc_status S_flush_text(struct dc_builder *b);

/* Make room for a child of KIND under the current node: leave a paragraph
 * the builder opened when a block comes, open one when inline content
 * comes to a block container. */
static enum dc_status S_make_room(struct dc_builder *b, enum dc_kind kind,
				  long line, long col)
{
	if (dc_kind_is_block(kind) && S_in_implicit_paragraph(b))
		S_pop(b);
	if (dc_kind_can_contain(b->cur->kind, kind))
		return DC_OK;
	if (dc_kind_is_inline(kind) &&
	    dc_kind_can_contain(b->cur->kind, DC_PARAGRAPH)) {
		struct dc_node *para = dc_node_new(b->doc, DC_PARAGRAPH);
		if (!para)
			return S_fail(b, dc_fail_oom(b->diag));
		para->line = dc_node_coord(line);
		para->col = dc_node_col(col);
		S_link(b, para);
		S_enter(b, para);
		b->implicit = para;
		return DC_OK;
	}
	if (b->suppressed > 0) {
		dc_fail(b->diag, DC_ERR_DATA,
			(struct dc_pos){.file = b->file, .line = line, .col = col},
			"document nested deeper than %d levels", DC_MAX_DEPTH);
		return S_fail(b, DC_ERR_DATA);
	}
	return S_bug(b, "cannot place", b->cur->kind, kind);
}

/* Make room for a node of KIND after what is pending. */
static enum dc_status S_prepare(struct dc_builder *b, enum dc_kind kind,
				long line, long col)
{
	if (b->status != DC_OK)
		return b->status;
	if (kind != DC_TEXT && S_flush_text(b) != DC_OK)
		return b->status;
	return S_make_room(b, kind, line, col);
}

/* Append a new node of KIND to the current node. */
static enum dc_status S_append(struct dc_builder *b, enum dc_kind kind,
			       long line, long col, struct dc_node **out)
{
	*out = NULL;
	if (S_prepare(b, kind, line, col) != DC_OK)
		return b->status;
	struct dc_node *node = dc_node_new(b->doc, kind);
	if (!node)
		return S_fail(b, dc_fail_oom(b->diag));
	node->line = dc_node_coord(line);
	node->col = dc_node_col(col);
	S_link(b, node);
	*out = node;
	return DC_OK;
}

void dc_builder_keep(struct dc_builder *b, const char *data, size_t len)
{
	b->kept = data;
	b->kept_len = len;
}

bool dc_builder_keeps(const struct dc_builder *b, const char *s, size_t len)
{
	uintptr_t at = (uintptr_t)s, base = (uintptr_t)b->kept;
	return b->kept && at >= base && len <= b->kept_len &&
	       at - base <= b->kept_len - len;
}

bool dc_builder_keep_own(struct dc_builder *b, char *data, size_t len)
{
	if (!dc_arena_take(&b->doc->arena, data, len))
		return false;
	if (b->kept)
		dc_maps_done(b->doc->maps, b->kept);
	dc_builder_keep(b, data, len);
	return true;
}

enum dc_status dc_build_decode(struct dc_builder *b, const char *data,
			       size_t len, struct dc_text *out)
{
	DC_TRY(dc_decode_text(data, len, b->file, b->diag, out));
	if (!out->copy.data || b->kept != data)
		return DC_OK;
	if (!dc_builder_keep_own(b, out->copy.data, out->len))
		return dc_fail_oom(b->diag);
	out->copy = (struct dc_buf){0};  /* the document's now */
	return DC_OK;
}

enum dc_status dc_build_adopt(struct dc_builder *b, struct dc_node *from)
{
	if (b->status != DC_OK || S_flush_text(b) != DC_OK)
		return b->status;
	if (b->cur != b->base || from->kind != b->cur->kind)
		return S_bug(b, "cannot adopt into", b->cur->kind, from->kind);
	struct dc_node *child = dc_node_first(from);
	if (!child)
		return DC_OK;
	if (b->last)
		dc_node_set_next(b->last, child);
	else
		dc_node_set_first(b->cur, child);
	for (; child; child = dc_node_next(child)) {
		dc_node_set_parent(child, b->cur);
		b->last = child;
	}
	dc_node_set_first(from, NULL);
	return DC_OK;
}

/* A node's literal is at most UINT32_MAX bytes: past DC_MAX_INPUT only
 * expanded entities could make one so long. */
static enum dc_status S_check_length(struct dc_builder *b, size_t len,
				     long line, long col)
{
	if (len <= UINT32_MAX)
		return DC_OK;
	dc_fail(b->diag, DC_ERR_DATA,
		(struct dc_pos){.file = b->file, .line = line, .col = col},
		"text of more than %lu bytes in one piece",
		(unsigned long)UINT32_MAX);
	return S_fail(b, DC_ERR_DATA);
}

static enum dc_status S_flush_text(struct dc_builder *b)
{
	const char *ref = b->ref;
	size_t len = ref ? b->ref_len : b->text.len;
	if (len == 0)
		return DC_OK;
	b->ref = NULL;
	b->ref_len = b->text.len = 0;
	/* Readers go through their input in order: what lies before this
	 * text will not be read again while reading. */
	if (ref)
		dc_maps_passed(b->doc->maps, ref);
	struct dc_node *node;
	if (S_check_length(b, len, b->text_line, b->text_col) != DC_OK ||
	    S_append(b, DC_TEXT, b->text_line, b->text_col, &node) != DC_OK)
		return b->status;
	node->literal = ref ? ref
			    : dc_arena_strndup(&b->doc->arena, b->text.data,
					       len);
	node->len = (uint32_t)len;
	if (!node->literal)
		return S_fail(b, dc_fail_oom(b->diag));
	return DC_OK;
}

enum dc_status dc_build_open(struct dc_builder *b, enum dc_kind kind,
			     long line, long col, struct dc_node **out)
{
	struct dc_node *node = NULL;
	if (out)
		*out = NULL;
	if (b->status != DC_OK)
		return b->status;
	if (dc_kind_is_leaf(kind))
		return S_bug(b, "cannot open leaf", b->cur->kind, kind);
	if (b->depth >= DC_MAX_DEPTH || b->suppressed > 0) {
		b->suppressed++;
		if (b->warned_depth)
			return DC_OK;
		b->warned_depth = true;
		struct dc_pos pos = {.file = b->file, .line = line, .col = col};
		if (dc_warn(b->diag, pos, "nesting deeper than %d levels "
			    "flattened", DC_MAX_DEPTH) != DC_OK)
			return S_fail(b, DC_ERR_DATA);
		return DC_OK;
	}
	if (S_append(b, kind, line, col, &node) != DC_OK)
		return b->status;
	S_enter(b, node);
	if (out)
		*out = node;
	return DC_OK;
}

enum dc_status dc_build_close(struct dc_builder *b, enum dc_kind kind)
{
	if (b->status != DC_OK)
		return b->status;
	if (S_flush_text(b) != DC_OK)
		return b->status;
	if (b->suppressed > 0) {
		b->suppressed--;
		return DC_OK;
	}
	if (S_in_implicit_paragraph(b) && kind != DC_PARAGRAPH)
		S_pop(b);
	if (b->cur == b->base || b->cur->kind != kind)
		return S_bug(b, "close of", b->cur->kind, kind);
	S_pop(b);
	return DC_OK;
}

enum dc_status dc_build_leaf(struct dc_builder *b, enum dc_kind kind,
			     const char *literal, size_t len, long line,
			     long col, struct dc_node **out)
{
	struct dc_node *node;
	if (out)
		*out = NULL;
	if (b->status != DC_OK)
		return b->status;
	if (!dc_kind_is_leaf(kind) || kind == DC_TEXT)
		return S_bug(b, "not a leaf:", b->cur->kind, kind);
	if (literal && !dc_kind_has_literal(kind))
		return S_bug(b, "a literal for a leaf without one:",
			     b->cur->kind, kind);
	if (S_check_length(b, len, line, col) != DC_OK ||
	    S_append(b, kind, line, col, &node) != DC_OK)
		return b->status;
	if (literal) {
		node->literal = dc_arena_strndup(&b->doc->arena, literal, len);
		if (!node->literal)
			return S_fail(b, dc_fail_oom(b->diag));
		node->len = (uint32_t)len;
	}
	if (out)
		*out = node;
	return DC_OK;
}

enum dc_status dc_build_graft(struct dc_builder *b, struct dc_node *node)
{
	if (b->status != DC_OK)
		return b->status;
	if (dc_kind_is_inline(node->kind))
		return S_bug(b, "cannot graft", b->cur->kind, node->kind);
	if (b->depth >= DC_MAX_DEPTH || b->suppressed > 0)
		return S_bug(b, "no room to graft", b->cur->kind, node->kind);
	if (S_prepare(b, node->kind, node->line, node->col) != DC_OK)
		return b->status;
	S_link(b, node);
	return DC_OK;
}

/* Does LEN bytes at S go on the run of kept text pending? */
static bool S_extends_ref(const struct dc_builder *b, const char *s,
			  size_t len)
{
	return b->ref && s == b->ref + b->ref_len &&
	       dc_builder_keeps(b, s, len);
}

/* Is the text pending a run of kept text that took a line end? */
static bool S_ref_took_line_end(const struct dc_builder *b)
{
	return b->ref && b->ref[b->ref_len - 1] == '\n';
}

bool dc_build_text_starts(const struct dc_builder *b, const char *s,
			  size_t len)
{
	if (!b->ref && b->text.len == 0)
		return true;
	return !S_extends_ref(b, s, len) && S_ref_took_line_end(b);
}

enum dc_status dc_build_text(struct dc_builder *b, const char *s, size_t len,
			     long line, long col)
{
	if (b->status != DC_OK)
		return b->status;
	if (len == 0)
		return DC_OK;
	bool empty = !b->ref && b->text.len == 0;
	if (empty) {
		b->text_line = line;
		b->text_col = col;
	}
	/* Kept text is referred to while it comes as one run. */
	if (empty && dc_builder_keeps(b, s, len)) {
		b->ref = s;
		b->ref_len = len;
		return DC_OK;
	}
	if (S_extends_ref(b, s, len)) {
		b->ref_len += len;
		return DC_OK;
	}
	/* Text after a line end the kept text took (an indented line)
	 * starts a node of its own rather than copy the paragraph so far. */
	if (S_ref_took_line_end(b)) {
		if (S_flush_text(b) != DC_OK)
			return b->status;
		return dc_build_text(b, s, len, line, col);
	}
	if (b->ref) {
		const char *ref = b->ref;
		b->ref = NULL;
		if (!dc_buf_append(&b->text, ref, b->ref_len))
			return S_fail(b, dc_fail_oom(b->diag));
		b->ref_len = 0;
	}
	if (!dc_buf_append(&b->text, s, len))
		return S_fail(b, dc_fail_oom(b->diag));
	return DC_OK;
}

bool dc_build_joins_line_end(const struct dc_builder *b, const char *at)
{
	if (!at && b->ref)
		at = b->ref + b->ref_len;
	if (!at || !dc_builder_keeps(b, at, 1) || *at != '\n')
		return false;
	if (b->ref)
		return at == b->ref + b->ref_len;
	return b->text.len == 0;
}

bool dc_build_line_end_placed(const struct dc_builder *b, const char *at)
{
	return !dc_build_joins_line_end(b, at) || !b->ref;
}

enum dc_status dc_build_soft_break(struct dc_builder *b, const char *at,
				   long line, long col)
{
	if (b->status != DC_OK)
		return b->status;
	if (!dc_build_joins_line_end(b, at))
		return dc_build_leaf(b, DC_SOFT_BREAK, NULL, 0, line, col, NULL);
	if (b->ref) {
		b->ref_len++;
		return DC_OK;
	}
	return dc_build_text(b, at, 1, line, col);
}

bool dc_build_ends_line(const struct dc_builder *b)
{
	if (b->ref)
		return S_ref_took_line_end(b);
	if (b->text.len > 0)
		return b->text.data[b->text.len - 1] == '\n';
	const struct dc_node *last = b->last;
	if (!dc_kind_holds_inlines(b->cur->kind) || !last)
		return true;
	return last->kind == DC_SOFT_BREAK ||
	       (last->kind == DC_TEXT && last->len > 0 &&
		last->literal[last->len - 1] == '\n');
}

enum dc_kind dc_build_current(const struct dc_builder *b)
{
	return b->status == DC_OK ? b->cur->kind : DC_NONE;
}

enum dc_status dc_builder_finish(struct dc_builder *b)
{
	if (b->status == DC_OK && S_flush_text(b) == DC_OK) {
		while (b->cur != b->base)
			S_pop(b);
		b->suppressed = 0;
	}
	dc_buf_free(&b->text);
	return b->status;
}
