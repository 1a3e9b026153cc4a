#include "node.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Content classes: what a kind is, as seen by its parent.  A kind's
 * `accepts` mask lists the classes its children may have. */
enum {
	C_BLOCK = 1u << 0,
	C_INLINE = 1u << 1,
	C_SECTION = 1u << 2,
	C_CHAPTER = 1u << 3,
	C_ITEM = 1u << 4,
	C_DEF_ITEM = 1u << 5,
	C_DEF_PART = 1u << 6,
	C_ROW = 1u << 7,
	C_CELL = 1u << 8,
	C_CAPTION = 1u << 9,
	C_FIGURE_IMAGE = 1u << 10,
};

struct dc_kind_info {
	const char *name;
	unsigned is;       /* classes of this kind */
	unsigned accepts;  /* classes of its children; 0 for a leaf */
};

static const struct dc_kind_info kinds[DC_KIND_COUNT] = {
	[DC_NONE] = {.name = "none"},
	[DC_DOCUMENT] = {.name = "document",
			 .accepts = C_BLOCK | C_SECTION | C_CHAPTER},
	[DC_CHAPTER] = {.name = "chapter", .is = C_CHAPTER,
			.accepts = C_BLOCK | C_SECTION},
	[DC_SECTION] = {.name = "section", .is = C_SECTION,
			.accepts = C_BLOCK | C_SECTION},
	[DC_HEADING] = {.name = "heading", .is = C_BLOCK, .accepts = C_INLINE},
	[DC_PARAGRAPH] = {.name = "paragraph", .is = C_BLOCK,
			  .accepts = C_INLINE},
	[DC_BULLET_LIST] = {.name = "bullet_list", .is = C_BLOCK,
			    .accepts = C_ITEM},
	[DC_ORDERED_LIST] = {.name = "ordered_list", .is = C_BLOCK,
			     .accepts = C_ITEM},
	[DC_LIST_ITEM] = {.name = "list_item", .is = C_ITEM, .accepts = C_BLOCK},
	[DC_DEF_LIST] = {.name = "def_list", .is = C_BLOCK,
			 .accepts = C_DEF_ITEM},
	[DC_DEF_ITEM] = {.name = "def_item", .is = C_DEF_ITEM,
			 .accepts = C_DEF_PART},
	[DC_DEF_TERM] = {.name = "def_term", .is = C_DEF_PART,
			 .accepts = C_INLINE},
	[DC_DEF_DESC] = {.name = "def_desc", .is = C_DEF_PART,
			 .accepts = C_BLOCK},
	[DC_CODE_BLOCK] = {.name = "code_block", .is = C_BLOCK},
	[DC_BLOCK_QUOTE] = {.name = "block_quote", .is = C_BLOCK,
			    .accepts = C_BLOCK},
	[DC_THEMATIC_BREAK] = {.name = "thematic_break", .is = C_BLOCK},
	[DC_PAGE_BREAK] = {.name = "page_break", .is = C_BLOCK},
	[DC_TABLE] = {.name = "table", .is = C_BLOCK,
		      .accepts = C_CAPTION | C_ROW},
	[DC_TABLE_ROW] = {.name = "table_row", .is = C_ROW, .accepts = C_CELL},
	[DC_TABLE_CELL] = {.name = "table_cell", .is = C_CELL,
			   .accepts = C_INLINE},
	[DC_FIGURE] = {.name = "figure", .is = C_BLOCK,
		       .accepts = C_CAPTION | C_FIGURE_IMAGE},
	[DC_CAPTION] = {.name = "caption", .is = C_CAPTION, .accepts = C_INLINE},
	[DC_FOOTNOTE] = {.name = "footnote", .is = C_BLOCK, .accepts = C_BLOCK},
	[DC_ADMONITION] = {.name = "admonition", .is = C_BLOCK,
			   .accepts = C_BLOCK},
	[DC_RAW_BLOCK] = {.name = "raw_block", .is = C_BLOCK},

	[DC_TEXT] = {.name = "text", .is = C_INLINE},
	[DC_EMPH] = {.name = "emph", .is = C_INLINE, .accepts = C_INLINE},
	[DC_STRONG] = {.name = "strong", .is = C_INLINE, .accepts = C_INLINE},
	[DC_CODE] = {.name = "code", .is = C_INLINE},
	[DC_LINK] = {.name = "link", .is = C_INLINE, .accepts = C_INLINE},
	[DC_XREF] = {.name = "xref", .is = C_INLINE, .accepts = C_INLINE},
	[DC_IMAGE] = {.name = "image", .is = C_INLINE | C_FIGURE_IMAGE,
		      .accepts = C_INLINE},
	[DC_LINE_BREAK] = {.name = "line_break", .is = C_INLINE},
	[DC_SOFT_BREAK] = {.name = "soft_break", .is = C_INLINE},
	[DC_FOOTNOTE_REF] = {.name = "footnote_ref", .is = C_INLINE},
	[DC_STRIKE] = {.name = "strike", .is = C_INLINE, .accepts = C_INLINE},
	[DC_SUPERSCRIPT] = {.name = "superscript", .is = C_INLINE,
			    .accepts = C_INLINE},
	[DC_SUBSCRIPT] = {.name = "subscript", .is = C_INLINE,
			  .accepts = C_INLINE},
	[DC_RAW_INLINE] = {.name = "raw_inline", .is = C_INLINE},
};

static bool S_valid(enum dc_kind kind)
{
	return kind > DC_NONE && kind < DC_KIND_COUNT;
}

const char *dc_kind_name(enum dc_kind kind)
{
	return S_valid(kind) ? kinds[kind].name : "none";
}

enum dc_kind dc_kind_by_name(const char *name)
{
	for (int k = DC_NONE + 1; k < DC_KIND_COUNT; k++)
		if (strcmp(kinds[k].name, name) == 0)
			return (enum dc_kind)k;
	return DC_NONE;
}

bool dc_kind_is_block(enum dc_kind kind)
{
	return kind >= DC_FIRST_BLOCK && kind <= DC_LAST_BLOCK;
}

bool dc_kind_is_inline(enum dc_kind kind)
{
	return kind >= DC_FIRST_INLINE && kind <= DC_LAST_INLINE;
}

bool dc_kind_is_leaf(enum dc_kind kind)
{
	return !S_valid(kind) || kinds[kind].accepts == 0;
}

bool dc_kind_can_contain(enum dc_kind parent, enum dc_kind child)
{
	return S_valid(parent) && S_valid(child) &&
	       (kinds[parent].accepts & kinds[child].is) != 0;
}

bool dc_kind_holds_inlines(enum dc_kind kind)
{
	return S_valid(kind) && (kinds[kind].accepts & C_INLINE) != 0;
}

bool dc_kind_has_literal(enum dc_kind kind)
{
	return DC_LITERAL_KINDS >> kind & 1;
}

struct dc_doc *dc_doc_new(void)
{
	struct dc_doc *doc = calloc(1, sizeof *doc);
	if (!doc)
		return NULL;
	dc_arena_init(&doc->arena);
	dc_pool_init(&doc->nodes);
	doc->maps = calloc(1, sizeof *doc->maps);
	doc->root = doc->maps ? dc_node_new(doc, DC_DOCUMENT) : NULL;
	if (!doc->root) {
		dc_doc_free(doc);
		return NULL;
	}
	return doc;
}

void dc_doc_free(struct dc_doc *doc)
{
	if (!doc)
		return;
	dc_arena_free(&doc->arena);
	dc_pool_free(&doc->nodes);
	dc_strtab_free(&doc->interned);
	if (doc->maps)
		dc_maps_free(doc->maps);
	free(doc->maps);
	free(doc->strs.nodes);
	free(doc->strs.strs);
	free(doc);
}

/* ---- The strings a few nodes have ---- */

/* Where N is, or would go, in T (which has room). */
static size_t S_slot(const struct dc_node_strs *t, const struct dc_node *n)
{
	/* Nodes are 4-byte aligned: the bits above those, mixed. */
	uint64_t h = (uint64_t)(uintptr_t)n >> 2;
	h *= UINT64_C(0x9E3779B97F4A7C15);
	size_t i = (size_t)(h >> 32) & (t->cap - 1);
	while (t->nodes[i] && t->nodes[i] != n)
		i = (i + 1) & (t->cap - 1);
	return i;
}

const char *dc_node_str(const struct dc_doc *doc, const struct dc_node *n,
			enum dc_node_str which)
{
	const struct dc_node_strs *t = &doc->strs;
	if (t->counts[which] == 0)
		return NULL;
	size_t i = S_slot(t, n);
	return t->nodes[i] ? t->strs[i][which] : NULL;
}

/* T with twice the room (at least 16), its entries placed again. */
static bool S_grow(struct dc_node_strs *t)
{
	size_t cap = t->cap ? t->cap * 2 : 16;
	struct dc_node_strs grown = *t;
	grown.cap = cap;
	grown.nodes = calloc(cap, sizeof *grown.nodes);
	grown.strs = grown.nodes ? calloc(cap, sizeof *grown.strs) : NULL;
	if (!grown.strs) {
		free(grown.nodes);
		return false;
	}
	for (size_t i = 0; i < t->cap; i++) {
		if (!t->nodes[i])
			continue;
		size_t j = S_slot(&grown, t->nodes[i]);
		grown.nodes[j] = t->nodes[i];
		memcpy(grown.strs[j], t->strs[i], sizeof grown.strs[j]);
	}
	free(t->nodes);
	free(t->strs);
	*t = grown;
	return true;
}

bool dc_node_set_str(struct dc_doc *doc, const struct dc_node *n,
		     enum dc_node_str which, const char *s)
{
	struct dc_node_strs *t = &doc->strs;
	if (!s) {  /* none: unset */
		size_t i = t->count ? S_slot(t, n) : 0;
		if (t->count && t->nodes[i] && t->strs[i][which]) {
			t->strs[i][which] = NULL;
			t->counts[which]--;
		}
		return true;
	}
	/* At most half full, so that a search ends soon. */
	if (2 * (t->count + 1) > t->cap && !S_grow(t))
		return false;
	size_t i = S_slot(t, n);
	if (!t->nodes[i]) {
		t->nodes[i] = n;
		t->count++;
	}
	if (!t->strs[i][which])
		t->counts[which]++;
	t->strs[i][which] = s;
	return true;
}

/* node.h says why. */
_Static_assert(sizeof(struct dc_node) <= 28, "a node takes 28 bytes at most");
_Static_assert(DC_KIND_COUNT <= 64, "DC_LITERAL_KINDS has a bit a kind");

struct dc_node *dc_node_new(struct dc_doc *doc, enum dc_kind kind)
{
	struct dc_node *node = dc_pool_alloc(&doc->nodes, sizeof *node);
	if (node) {
		node->kind = kind;
		doc->n_nodes++;
	}
	return node;
}

struct dc_node *dc_node_last_child(const struct dc_node *parent)
{
	struct dc_node *last = dc_node_first(parent);
	while (last && dc_node_next(last))
		last = dc_node_next(last);
	return last;
}

void dc_node_insert_after(struct dc_node *parent, struct dc_node *prev,
			  struct dc_node *child)
{
	dc_node_set_parent(child, parent);
	if (prev) {
		dc_node_set_next(child, dc_node_next(prev));
		dc_node_set_next(prev, child);
	} else {
		dc_node_set_next(child, dc_node_first(parent));
		dc_node_set_first(parent, child);
	}
}

void dc_node_append(struct dc_node *parent, struct dc_node *child)
{
	dc_node_insert_after(parent, dc_node_last_child(parent), child);
}

void dc_node_prepend(struct dc_node *parent, struct dc_node *node)
{
	dc_node_insert_after(parent, NULL, node);
}

void dc_text_unbreak(char *s, size_t len)
{
	char *end = s + len;
	while ((s = memchr(s, '\n', (size_t)(end - s))) != NULL)
		*s++ = ' ';
}

const char *dc_node_source(const struct dc_doc *doc,
			   const struct dc_node *node)
{
	for (; node; node = dc_node_parent(node))
		if (node->kind == DC_CHAPTER)
			return node->as.chapter.source;
	return doc->source;
}

void dc_node_vnote(struct dc_diag *diag, const struct dc_doc *doc,
		   const struct dc_node *node, const char *fmt, va_list ap)
{
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	struct dc_pos pos = {.file = dc_node_source(doc, node),
			     .line = node->line, .col = node->col};
	dc_note(diag, pos, "%s", msg);
}
