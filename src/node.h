/* The document model: one node struct, one flat enum of kinds, document
 * metadata, all in one arena per document.
 *
 * Shape after dc_sectionize():
 *
 *   DOCUMENT  > block* SECTION*              (one input)
 *   DOCUMENT  > CHAPTER+                     (several inputs)
 *   CHAPTER   > HEADING? block* SECTION*     (the heading is its title)
 *   SECTION   > HEADING block* SECTION*
 *
 * Which kind may contain which is the kind table's business (node.c);
 * readers never link nodes themselves, they go through the builder. */
#ifndef DC_NODE_H
#define DC_NODE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "mapped.h"
#include "pool.h"
#include "strtab.h"

enum dc_kind {
	DC_NONE = 0,

	/* Blocks. */
	DC_DOCUMENT,
	DC_CHAPTER,        /* one per input when bundling */
	DC_SECTION,        /* made by dc_sectionize() from headings, or by a
			    * reader whose input has sections (DocBook) */
	DC_HEADING,        /* .heading.level 1..6 */
	DC_PARAGRAPH,
	DC_BULLET_LIST,    /* .list */
	DC_ORDERED_LIST,   /* .list */
	DC_LIST_ITEM,      /* .item.task */
	DC_DEF_LIST,
	DC_DEF_ITEM,       /* DEF_TERM+ DEF_DESC+ */
	DC_DEF_TERM,
	DC_DEF_DESC,
	DC_CODE_BLOCK,     /* .literal, .code.lang; kept byte for byte */
	DC_BLOCK_QUOTE,
	DC_THEMATIC_BREAK, /* a scene break */
	DC_PAGE_BREAK,
	DC_TABLE,          /* CAPTION? TABLE_ROW+ */
	DC_TABLE_ROW,
	DC_TABLE_CELL,     /* .cell */
	DC_FIGURE,         /* CAPTION? IMAGE+ */
	DC_CAPTION,        /* of a table or a figure */
	DC_FOOTNOTE,       /* a note's body: .note.label; referenced by label */
	DC_ADMONITION,     /* .admonition.type */
	DC_RAW_BLOCK,      /* .literal in .raw.format, passed through */

	/* Inlines. */
	DC_TEXT,           /* .literal; a '\n' in it is a soft break
			    * (readers join a line end to the text around it
			    * where they lie together in the input) */
	DC_EMPH,
	DC_STRONG,
	DC_CODE,           /* .literal */
	DC_LINK,           /* .link.url, .title */
	DC_XREF,           /* .link.url is the target id; children optional */
	DC_IMAGE,          /* .link.url is the source as the input wrote
			    * it (dc_node_file: the file); children are
			    * the alt */
	DC_LINE_BREAK,
	DC_SOFT_BREAK,     /* a line end inside a paragraph: a space; one
			    * in text is a '\n' instead */
	DC_FOOTNOTE_REF,   /* .note.label names a DC_FOOTNOTE */
	DC_STRIKE,
	DC_SUPERSCRIPT,
	DC_SUBSCRIPT,
	DC_RAW_INLINE,     /* .literal in .raw.format */

	DC_KIND_COUNT,
	DC_FIRST_BLOCK = DC_DOCUMENT,
	DC_LAST_BLOCK = DC_RAW_BLOCK,
	DC_FIRST_INLINE = DC_TEXT,
	DC_LAST_INLINE = DC_RAW_INLINE,
};

enum dc_list_style {
	DC_LIST_DECIMAL = 0,  /* 1. 2. 3. */
	DC_LIST_LOWER_ALPHA,  /* a) b) c) */
	DC_LIST_UPPER_ALPHA,
	DC_LIST_LOWER_ROMAN,
	DC_LIST_UPPER_ROMAN,
};

enum dc_list_delim { DC_DELIM_NONE = 0, DC_DELIM_PERIOD, DC_DELIM_PAREN };

enum dc_align { DC_ALIGN_NONE = 0, DC_ALIGN_LEFT, DC_ALIGN_CENTER,
		DC_ALIGN_RIGHT };

enum dc_admonition_type { DC_NOTE = 0, DC_TIP, DC_IMPORTANT, DC_WARNING,
			  DC_CAUTION };

enum dc_task { DC_TASK_NONE = 0, DC_TASK_OPEN, DC_TASK_DONE };

/* A large document has millions of nodes, and their size is most of its
 * memory: hence an 8-bit kind beside a 24-bit column, 32-bit lines and
 * lengths, links that are 32-bit distances, not pointers (a document's
 * nodes lie in one pool: pool.h), no link to the previous sibling or to
 * the last child, which only a few places need (they walk from the
 * parent's first child; the builder keeps the last child of the node it
 * fills), one field for a literal's length and a first child (a node with
 * a literal has no children), and one field of 8 bytes for what a node
 * holds: its literal, or its payload.  The strings few nodes have (an id,
 * which only a DocBook input gives; a link's title; a code block's
 * language; a raw node's format) the document keeps (dc_node_str).  A
 * node is 28 bytes, packed: its 8-byte field may be unaligned, which the
 * processors docconv runs on read at full speed.  (It was 48 bytes, with
 * pointers: 100 MB of Markdown took 465 MB, 322 MB now.) */
struct dc_node {
	enum dc_kind kind : 8;
	/* Where it starts in its input, 1-based; 0 unknown (also past
	 * INT32_MAX for the line, DC_NODE_MAX_COL for the column:
	 * dc_node_coord, dc_node_col). */
	uint32_t col : 24;
	int32_t line;
	union {
		uint32_t len;        /* the kinds dc_kind_has_literal(), which
				      * have no children: bytes in literal
				      * (which may hold any byte); inputs are
				      * at most DC_MAX_INPUT bytes, and the
				      * builder refuses longer text */
		int32_t link_first;  /* the others': see below */
	};
	/* Its links (and LINK_FIRST above), read and set only through
	 * dc_node_parent() and the others below: each is the distance from
	 * this node to the one it links to, in 4-byte units, or 0 for none
	 * (no node links to itself). */
	int32_t link_parent, link_next;
	union {
		const char *literal;  /* the kinds dc_kind_has_literal():
				       * the content, not always
				       * NUL-terminated: see len */
		union {               /* the others' */
			struct { int level; } heading;
			struct {
				int start;
				unsigned char style;  /* enum dc_list_style */
				unsigned char delim;  /* enum dc_list_delim */
				char bullet;  /* the marker of a bullet list */
				bool tight;
			} list;
			struct { enum dc_task task; } item;
			struct { const char *url; } link;
			struct { enum dc_align align; bool header; } cell;
			struct { const char *label; } note;
			struct { enum dc_admonition_type type; } admonition;
			struct { const char *source; } chapter; /* input's */
		} as;
	};
} __attribute__((packed, aligned(4)));

/* The node LINK leads to from N. */
static inline struct dc_node *dc_node_linked(const struct dc_node *n,
					     int32_t link)
{
	if (!link)
		return NULL;
	return (struct dc_node *)((uintptr_t)n +
				  (uintptr_t)((intptr_t)link * 4));
}

/* The link from N to TO (NULL: none).  Both are nodes of one document,
 * made by dc_node_new(): its pool is less than DC_POOL_RESERVE long, so
 * the distance fits. */
static inline int32_t dc_node_link(const struct dc_node *n,
				   const struct dc_node *to)
{
	return to ? (int32_t)((intptr_t)((uintptr_t)to - (uintptr_t)n) / 4)
		  : 0;
}

/* N's parent, first child, next sibling: NULL for none. */
static inline struct dc_node *dc_node_parent(const struct dc_node *n)
{
	return dc_node_linked(n, n->link_parent);
}

/* The kinds with a literal, a bit each (dc_kind_has_literal). */
#define DC_LITERAL_KINDS                                                \
	(1ull << DC_TEXT | 1ull << DC_CODE | 1ull << DC_CODE_BLOCK |    \
	 1ull << DC_RAW_BLOCK | 1ull << DC_RAW_INLINE)

/* Is N of a kind with a literal, which holds its length where the others
 * hold their first child? */
static inline bool dc_node_is_literal(const struct dc_node *n)
{
	return DC_LITERAL_KINDS >> n->kind & 1;
}

static inline struct dc_node *dc_node_first(const struct dc_node *n)
{
	return dc_node_is_literal(n) ? NULL
				     : dc_node_linked(n, n->link_first);
}

static inline struct dc_node *dc_node_next(const struct dc_node *n)
{
	return dc_node_linked(n, n->link_next);
}

/* Set N's link to TO (NULL: none).  Readers never link nodes themselves
 * (node.h's top); the builder, dc_node_append() and the like do. */
static inline void dc_node_set_parent(struct dc_node *n, struct dc_node *to)
{
	n->link_parent = dc_node_link(n, to);
}

static inline void dc_node_set_first(struct dc_node *n, struct dc_node *to)
{
	n->link_first = dc_node_link(n, to);
}

static inline void dc_node_set_next(struct dc_node *n, struct dc_node *to)
{
	n->link_next = dc_node_link(n, to);
}

/* The strings a document keeps for a few of its nodes. */
enum dc_node_str {
	DC_STR_ID,      /* any: an anchor (xml:id) */
	DC_STR_TITLE,   /* LINK, IMAGE: the title */
	DC_STR_LANG,    /* CODE_BLOCK: its language */
	DC_STR_FORMAT,  /* RAW_BLOCK, RAW_INLINE: the format it is in */
	DC_STR_COUNT,
};

/* Those strings, by node: an open-addressed table (NODES[i] NULL: free),
 * and how many nodes have a string of each kind (none: no lookup). */
struct dc_node_strs {
	const struct dc_node **nodes;
	const char *(*strs)[DC_STR_COUNT];
	size_t count, cap;  /* CAP 0 or a power of two */
	size_t counts[DC_STR_COUNT];
};

/* Named strings, in the order given. */
struct dc_strlist {
	const char **items;
	size_t count, cap;
};

struct dc_meta_field {
	const char *key, *value;
};

struct dc_meta {
	const char *title, *subtitle, *date, *lang, *subject, *description,
		*identifier, *rights, *publisher, *cover;
	/* The input COVER was named in, NULL for the command line: a cover
	 * is kept as written (outputs that name it do not depend on the
	 * folder docconv runs in) and found, when a writer opens it, relative
	 * to that input's folder (dc_cover_file), as an image is. */
	const char *cover_source;
	struct dc_strlist authors, keywords;
	/* Keys that are none of the above, kept in order (-M foo=bar). */
	struct dc_meta_field *extra;
	size_t n_extra, cap_extra;
};

struct dc_doc {
	struct dc_arena arena;
	struct dc_pool nodes;  /* every node of the document */
	size_t n_nodes;        /* made by dc_node_new() */
	struct dc_node *root;  /* a DC_DOCUMENT */
	struct dc_meta meta;
	const char *source;    /* the input's name, when there is one input */
	struct dc_node_strs strs;
	struct dc_strtab interned;  /* strings kept once (dc_doc_intern) */
	/* Input files, mapped (dc_maps_file).  Apart, because writers, which
	 * hold the document const, still tell it what they have read past. */
	struct dc_maps *maps;
};

/* A walk that writes DOC in order has reached N: the text of a mapped
 * input before N's literal may be given back (dc_maps_passed). */
static inline void dc_doc_reached(const struct dc_doc *doc,
				  const struct dc_node *n)
{
	if (dc_node_is_literal(n))
		dc_maps_passed(doc->maps, n->literal);
}

/* A line as a node holds it: 0 (unknown) when out of range. */
static inline int32_t dc_node_coord(long v)
{
	return v > 0 && v <= INT32_MAX ? (int32_t)v : 0;
}

/* A column as a node holds it: 0 (unknown) when out of range. */
#define DC_NODE_MAX_COL 0xFFFFFF
static inline uint32_t dc_node_col(long v)
{
	return v > 0 && v <= DC_NODE_MAX_COL ? (uint32_t)v : 0;
}

/* Kind table queries. */
const char *dc_kind_name(enum dc_kind kind);
enum dc_kind dc_kind_by_name(const char *name);
bool dc_kind_is_block(enum dc_kind kind);
bool dc_kind_is_inline(enum dc_kind kind);
/* Leaves never have children (text, breaks, code blocks...). */
bool dc_kind_is_leaf(enum dc_kind kind);
/* May a node of kind PARENT hold a child of kind CHILD? */
bool dc_kind_can_contain(enum dc_kind parent, enum dc_kind child);
/* Does the kind hold inline content (paragraph, heading, emphasis...)? */
bool dc_kind_holds_inlines(enum dc_kind kind);
/* Is a node of the kind's content its literal (text, code, raw)? */
bool dc_kind_has_literal(enum dc_kind kind);

/* A new empty document (root only); NULL when out of memory. */
struct dc_doc *dc_doc_new(void);
void dc_doc_free(struct dc_doc *doc);

/* LEN bytes of S as a NUL-terminated string in DOC's arena, the same
 * one for the same bytes: a URL linked to a thousand times is kept once
 * (src/intern.c).  NULL when out of memory. */
const char *dc_doc_intern(struct dc_doc *doc, const char *s, size_t len);

/* A detached node in DOC's pool; NULL when out of memory. */
struct dc_node *dc_node_new(struct dc_doc *doc, enum dc_kind kind);

/* N's string WHICH, or NULL. */
const char *dc_node_str(const struct dc_doc *doc, const struct dc_node *n,
			enum dc_node_str which);
/* Set N's string WHICH to S, which outlives DOC's nodes (in DOC's arena,
 * or static), or unset it (S NULL); false when out of memory. */
bool dc_node_set_str(struct dc_doc *doc, const struct dc_node *n,
		     enum dc_node_str which, const char *s);

/* Linking; no containment check (the builder checks). */
/* Make CHILD, detached, PARENT's last child: a walk over the children,
 * for the few places that add one; whoever adds many keeps the last one
 * and calls dc_node_insert_after(). */
void dc_node_append(struct dc_node *parent, struct dc_node *child);
/* Make CHILD, detached, PARENT's child after PREV, one of its children
 * (NULL: first). */
void dc_node_insert_after(struct dc_node *parent, struct dc_node *prev,
			  struct dc_node *child);
/* PARENT's last child (a walk), or NULL. */
struct dc_node *dc_node_last_child(const struct dc_node *parent);
/* Make NODE, detached, PARENT's first child. */
void dc_node_prepend(struct dc_node *parent, struct dc_node *node);

/* The name of the input NODE came from (its chapter's, or the document's),
 * for diagnostics; NULL if unknown. */
const char *dc_node_source(const struct dc_doc *doc,
			   const struct dc_node *node);

/* A warning about NODE, at its place in its input: what a writer says
 * when it has to change or leave out something of the document. */
void dc_node_vnote(struct dc_diag *diag, const struct dc_doc *doc,
		   const struct dc_node *node, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

/* The concatenated text of a subtree (alt texts, titles), as one string
 * in DOC's arena, soft breaks as spaces; NULL when out of memory. */
char *dc_node_text(struct dc_doc *doc, const struct dc_node *node);
/* Make the soft breaks in LEN bytes copied from a text node (its '\n's)
 * spaces, as text flattened into a title or a name wants them. */
void dc_text_unbreak(char *s, size_t len);

/* Metadata.  dc_meta_set() maps a key (case-insensitive: title, subtitle,
 * author, date, lang/language, subject, description, keywords, identifier,
 * rights, publisher, cover) to its field; author adds one author, keywords
 * adds each comma-separated keyword; other keys go to .extra.  VALUE is
 * copied into DOC's arena.  Returns false when out of memory. */
bool dc_meta_set(struct dc_doc *doc, struct dc_meta *meta, const char *key,
		 const char *value);
/* Is KEY one dc_meta_set() knows by name? */
bool dc_meta_key_known(const char *key, size_t len);
/* Fill the fields of DST that are unset from SRC (same arena). */
bool dc_meta_merge(struct dc_doc *doc, struct dc_meta *dst,
		   const struct dc_meta *src);
bool dc_strlist_add(struct dc_arena *arena, struct dc_strlist *list,
		    const char *s);

#endif
