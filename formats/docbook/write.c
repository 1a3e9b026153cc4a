/* The DocBook 5.0 writer.
 *
 * docs/docbook-mapping.md is the table of what each node kind and each
 * metadata field becomes, and why.  The shape of this file:
 *
 *  - A preparation pass (S_prepare) builds the lookups once: original id
 *    -> node and the xml:id written for it (made a valid, unique NCName),
 *    footnote label -> note, and how often and from where each note is
 *    referenced, from the few nodes they concern, found by one walk.
 *    Writing never searches the tree.
 *  - One walk with dc_iter and one switch on the node kind (S_node), one
 *    small function per kind, as cmark's html.c.  Content needed out of
 *    its place (a footnote's body at its reference, captions as a title,
 *    terms before their description) is written by a nested walk over that
 *    subtree (S_walk); nesting is bounded by the kinds involved, never by
 *    the depth of the tree.
 *  - A stack of frames mirrors the walk's path: each node's frame holds the
 *    elements its handler opened, closed when the node is left.  Elements
 *    are described once (struct S_elem): their layout, and the filler the
 *    schema demands when they would be empty (a <section> with only a
 *    title gets <para/>).
 *  - Layout: two spaces per level of block structure, but not one byte of
 *    white space inside mixed content (para, title, programlisting...):
 *    text comes out exactly as the model has it.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "docbook.h"
#include "iter.h"
#include "pieces.h"
#include "utf8.h"
#include "xml.h"

static const char DOCBOOK_NS[] = "http://docbook.org/ns/docbook";
static const char XLINK_NS[] = "http://www.w3.org/1999/xlink";

/* ------------------------------------------------------------------ */
/* Elements */

enum {
	F_INDENT = 1u << 0, /* on a line of its own outside mixed content */
	F_COUNTS = 1u << 1, /* is block content of the element around it */
	F_MIXED = 1u << 2,  /* holds mixed content: no white space added */
};

enum {
	SH_BLOCK = F_INDENT | F_COUNTS,          /* holds blocks */
	SH_META = F_INDENT,                      /* holds blocks, is none */
	SH_PARA = F_INDENT | F_COUNTS | F_MIXED, /* a block of inlines */
	SH_HEAD = F_INDENT | F_MIXED,            /* inlines, not content */
	SH_INLINE = 0,
};

struct S_elem {
	unsigned shape;
	/* Written inside the element when nothing that counts went in and
	 * the schema requires something. */
	const char *filler;
	/* "<name>" and "</name>", each written with one copy: tags are most
	 * of what is written. */
	const char *start, *end;
	size_t start_len, end_len;
};

#define ELEM(var, tag, how, fill)                                          \
	static const struct S_elem var = {                                 \
		.shape = how, .filler = fill,                              \
		.start = "<" tag ">", .start_len = sizeof tag + 1,         \
		.end = "</" tag ">", .end_len = sizeof tag + 2}

static const char PARA_FILLER[] = "<para/>";

ELEM(E_article, "article", SH_BLOCK, PARA_FILLER);
ELEM(E_book, "book", SH_BLOCK, NULL);
ELEM(E_chapter, "chapter", SH_BLOCK, PARA_FILLER);
ELEM(E_section, "section", SH_BLOCK, PARA_FILLER);
ELEM(E_info, "info", SH_META, NULL);
ELEM(E_title, "title", SH_HEAD, NULL);
ELEM(E_subtitle, "subtitle", SH_HEAD, NULL);
ELEM(E_authorgroup, "authorgroup", SH_META, NULL);
ELEM(E_author, "author", SH_META, NULL);
ELEM(E_personname, "personname", SH_HEAD, NULL);
ELEM(E_date, "date", SH_HEAD, NULL);
ELEM(E_publisher, "publisher", SH_META, NULL);
ELEM(E_publishername, "publishername", SH_HEAD, NULL);
ELEM(E_biblioid, "biblioid", SH_HEAD, NULL);
ELEM(E_subjectset, "subjectset", SH_META, NULL);
ELEM(E_subject, "subject", SH_META, NULL);
ELEM(E_subjectterm, "subjectterm", SH_HEAD, NULL);
ELEM(E_keywordset, "keywordset", SH_META, NULL);
ELEM(E_keyword, "keyword", SH_HEAD, NULL);
ELEM(E_abstract, "abstract", SH_META, NULL);
ELEM(E_legalnotice, "legalnotice", SH_META, NULL);
ELEM(E_cover, "cover", SH_META, NULL);
ELEM(E_bibliomisc, "bibliomisc", SH_HEAD, NULL);
ELEM(E_para, "para", SH_PARA, NULL);
ELEM(E_bridgehead, "bridgehead", SH_PARA, NULL);
ELEM(E_itemizedlist, "itemizedlist", SH_BLOCK,
     "<listitem><para/></listitem>");
ELEM(E_orderedlist, "orderedlist", SH_BLOCK, "<listitem><para/></listitem>");
ELEM(E_listitem, "listitem", SH_BLOCK, PARA_FILLER);
ELEM(E_variablelist, "variablelist", SH_BLOCK,
     "<varlistentry><term/><listitem><para/></listitem></varlistentry>");
ELEM(E_varlistentry, "varlistentry", SH_BLOCK, NULL);
ELEM(E_term, "term", SH_HEAD, NULL);
ELEM(E_programlisting, "programlisting", SH_PARA, NULL);
ELEM(E_blockquote, "blockquote", SH_BLOCK, PARA_FILLER);
ELEM(E_table, "table", SH_BLOCK, NULL);
ELEM(E_informaltable, "informaltable", SH_BLOCK, NULL);
ELEM(E_tgroup, "tgroup", SH_BLOCK, "<tbody><row><entry/></row></tbody>");
ELEM(E_thead, "thead", SH_BLOCK, "<row><entry/></row>");
ELEM(E_tbody, "tbody", SH_BLOCK, "<row><entry/></row>");
ELEM(E_row, "row", SH_BLOCK, "<entry/>");
ELEM(E_entry, "entry", SH_PARA, NULL);
ELEM(E_figure, "figure", SH_BLOCK, PARA_FILLER);
ELEM(E_informalfigure, "informalfigure", SH_BLOCK, PARA_FILLER);
ELEM(E_mediaobject, "mediaobject", SH_BLOCK, NULL);
ELEM(E_inlinemediaobject, "inlinemediaobject", SH_INLINE, NULL);
ELEM(E_imageobject, "imageobject", SH_META, NULL);
ELEM(E_imagedata, "imagedata", SH_META, NULL);
ELEM(E_textobject, "textobject", SH_META, NULL);
ELEM(E_phrase, "phrase", SH_PARA, NULL);
ELEM(E_footnote, "footnote", SH_BLOCK, PARA_FILLER);
ELEM(E_footnoteref, "footnoteref", SH_INLINE, NULL);
ELEM(E_note, "note", SH_BLOCK, PARA_FILLER);
ELEM(E_tip, "tip", SH_BLOCK, PARA_FILLER);
ELEM(E_important, "important", SH_BLOCK, PARA_FILLER);
ELEM(E_warning, "warning", SH_BLOCK, PARA_FILLER);
ELEM(E_caution, "caution", SH_BLOCK, PARA_FILLER);
ELEM(E_anchor, "anchor", SH_BLOCK, NULL);
ELEM(E_anchor_inline, "anchor", SH_INLINE, NULL);
ELEM(E_emphasis, "emphasis", SH_INLINE, NULL);
ELEM(E_literal, "literal", SH_INLINE, NULL);
ELEM(E_link, "link", SH_INLINE, NULL);
ELEM(E_xref, "xref", SH_INLINE, NULL);
ELEM(E_superscript, "superscript", SH_INLINE, NULL);
ELEM(E_subscript, "subscript", SH_INLINE, NULL);

static const struct S_elem *const admonitions[] = {
	[DC_NOTE] = &E_note,
	[DC_TIP] = &E_tip,
	[DC_IMPORTANT] = &E_important,
	[DC_WARNING] = &E_warning,
	[DC_CAUTION] = &E_caution,
};

static const char *const numerations[] = {
	[DC_LIST_DECIMAL] = NULL, /* arabic, the default */
	[DC_LIST_LOWER_ALPHA] = "loweralpha",
	[DC_LIST_UPPER_ALPHA] = "upperalpha",
	[DC_LIST_LOWER_ROMAN] = "lowerroman",
	[DC_LIST_UPPER_ROMAN] = "upperroman",
};

static const char *const aligns[] = {
	[DC_ALIGN_NONE] = NULL,
	[DC_ALIGN_LEFT] = "left",
	[DC_ALIGN_CENTER] = "center",
	[DC_ALIGN_RIGHT] = "right",
};

static const char *const task_roles[] = {
	[DC_TASK_NONE] = NULL,
	[DC_TASK_OPEN] = "task-open",
	[DC_TASK_DONE] = "task-done",
};

/* ------------------------------------------------------------------ */
/* The writer's state */

/* A string-keyed hash table with open addressing, sized once for the
 * number of keys it will ever hold, so it never grows. */
struct S_slot {
	const char *key;
	void *value;
};

struct S_map {
	struct S_slot *slots;
	size_t mask;
};

/* A node's id as written: the first node to use an id owns it. */
struct S_anchor {
	const struct dc_node *node;
	const char *out;  /* the xml:id: the id itself, or a valid stand-in */
};

/* The first DC_FOOTNOTE of a label (the one references reach). */
struct S_note {
	const struct dc_node *node;
	unsigned refs;
	bool outer;    /* referenced from outside every footnote body */
	bool inner;    /* referenced from inside a footnote body */
	bool started;  /* its <footnote> has been written */
	bool queued;   /* waiting to be written where footnotes may go */
	const char *id;  /* generated xml:id when it needs one of its own */
};

/* The most elements one node's handler may open. */
enum { S_MAX_TAGS = 8 };

struct S_open_tag {
	const struct S_elem *elem;
	bool content;  /* something that counts was written inside */
};

struct S_writer {
	const struct dc_doc *doc;
	struct dc_sink *out;
	struct dc_diag *diag;
	enum dc_status status;  /* the first real failure */
	bool book;              /* the document holds chapters */

	int level;  /* indentation, in steps of two spaces */
	int mixed;  /* open elements holding mixed content */
	/* The open elements, outermost first, and for each node on the
	 * walk's path (a frame) where the elements its handler opened start
	 * among them: they are closed when the node is left. */
	struct S_open_tag *tags;
	size_t ntags, cap_tags;
	size_t *frames;
	size_t nframes, cap_frames;
	bool stray_open;  /* a book's untitled chapter for stray blocks */

	struct dc_iter *it;              /* the walk in progress */
	const struct dc_node *detached;  /* the root of a nested walk */
	/* The walk tells the document what it has read past (false on the
	 * helper thread, which writes pieces out of order). */
	bool reaches;
	/* Where the document is cut into pieces written on two threads
	 * (S_write_pieces), when it is. */
	struct dc_cuts cuts;

	int in_note;  /* footnote bodies being written (0 or 1) */
	const struct dc_node **queue;  /* footnotes to write when allowed */
	size_t queue_head, queue_tail, queue_cap;

	struct dc_arena arena;  /* the lookups below and their strings */
	struct S_map anchors;   /* original id -> struct S_anchor */
	struct S_map used;      /* xml:id values taken */
	struct S_map notes;     /* footnote label -> struct S_note */
	struct dc_buf uri;      /* a URI made valid */
	struct dc_buf scratch;  /* a URI being assembled */
	const struct dc_node **found;  /* what the preparation concerns */
	size_t nfound, cap_found;
};

static bool S_oom(struct S_writer *w)
{
	if (w->status == DC_OK)
		w->status = dc_fail_oom(w->diag);
	return false;
}

/* A warning about node N, at its place in its input; nothing may be
 * dropped or changed silently. */
__attribute__((format(printf, 3, 4)))
static void S_warn(struct S_writer *w, const struct dc_node *n,
		   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	dc_node_vnote(w->diag, w->doc, n, fmt, ap);
	va_end(ap);
}


/* ------------------------------------------------------------------ */
/* Lookup tables */

static size_t S_hash(const char *s)
{
	uint64_t h = 14695981039346656037u;  /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return (size_t)h;
}

static bool S_map_init(struct S_map *t, struct dc_arena *arena,
			 size_t keys)
{
	size_t cap = 16;
	while (cap / 2 < keys) {
		if (cap > SIZE_MAX / 2 / sizeof *t->slots)
			return false;
		cap *= 2;
	}
	t->slots = dc_arena_alloc(arena, cap * sizeof *t->slots);
	t->mask = cap - 1;
	return t->slots != NULL;
}

/* KEY's slot: the one holding it, or the empty one it would go in. */
static struct S_slot *S_slot(const struct S_map *t, const char *key)
{
	size_t i = S_hash(key) & t->mask;
	while (t->slots[i].key && strcmp(t->slots[i].key, key) != 0)
		i = (i + 1) & t->mask;
	return &t->slots[i];
}

static void *S_get(const struct S_map *t, const char *key)
{
	const struct S_slot *slot = S_slot(t, key);
	return slot->key ? slot->value : NULL;
}

/* N's id in the model, if it has one that is not empty. */
static const char *S_model_id(const struct S_writer *w,
			      const struct dc_node *n)
{
	const char *id = dc_node_str(w->doc, n, DC_STR_ID);
	return id && id[0] ? id : NULL;
}

static bool S_has_id(const struct S_writer *w, const struct dc_node *n)
{
	return S_model_id(w, n) != NULL;
}

/* The xml:id written for N, or NULL. */
static const char *S_id_of(const struct S_writer *w, const struct dc_node *n)
{
	const char *id = S_model_id(w, n);
	const struct S_anchor *a = id ? S_get(&w->anchors, id) : NULL;
	return a && a->node == n ? a->out : NULL;
}

/* The xml:id of the node the model calls ID, or NULL if there is none. */
static const char *S_target(const struct S_writer *w, const char *id)
{
	const struct S_anchor *a = id && id[0] ? S_get(&w->anchors, id) : NULL;
	return a ? a->out : NULL;
}

/* The note N is, if it is the first footnote of its label. */
static struct S_note *S_note_of(const struct S_writer *w,
				const struct dc_node *n)
{
	struct S_note *note = n->as.note.label ?
		S_get(&w->notes, n->as.note.label) : NULL;
	return note && note->node == n ? note : NULL;
}

static const char *S_note_id(const struct S_writer *w,
			     const struct dc_node *n)
{
	const char *id = S_id_of(w, n);
	const struct S_note *note = S_note_of(w, n);
	return id ? id : note ? note->id : NULL;
}

/* ------------------------------------------------------------------ */
/* Output: indentation, frames, elements */

static void S_indent(struct S_writer *w)
{
	static const char spaces[] = "                                ";
	if (w->mixed || w->level <= 0)
		return;
	for (size_t n = 2 * (size_t)w->level, k; n > 0; n -= k) {
		k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
		dc_sink_write(w->out, spaces, k);
	}
}

static void S_eol(struct S_writer *w)
{
	if (!w->mixed)
		dc_sink_putc(w->out, '\n');
}

static void S_text(struct S_writer *w, const char *s, size_t len)
{
	if (s)
		dc_xml_text(w->out, s, len);
}

static void S_cstr(struct S_writer *w, const char *s)
{
	if (s)
		dc_xml_text(w->out, s, strlen(s));
}

/* A frame for the node being entered: it starts with no elements. */
static bool S_push(struct S_writer *w)
{
	if (!dc_grow((void **)&w->frames, &w->cap_frames, w->nframes,
		     sizeof *w->frames))
		return S_oom(w);
	w->frames[w->nframes++] = w->ntags;
	return true;
}

/* Where the elements of frame FRAME end among w->tags. */
static size_t S_frame_end(const struct S_writer *w, size_t frame)
{
	return frame + 1 < w->nframes ? w->frames[frame + 1] : w->ntags;
}

/* Note that block content went into the innermost open element. */
static void S_mark(struct S_writer *w)
{
	if (w->ntags)
		w->tags[w->ntags - 1].content = true;
}

/* Attributes: name, value pairs, a NULL value being left out. */
#define S_ATTRS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* " xml:id=ID" unless ID is NULL, then " name=value" for each of ATTRS
 * (NULL: none). */
static void S_attrs(struct S_writer *w, const char *id,
		    const char *const *attrs)
{
	if (id) {
		dc_sink_puts(w->out, " xml:id=\"");
		dc_xml_attr(w->out, id);
		dc_sink_putc(w->out, '"');
	}
	for (; attrs && attrs[0]; attrs += 2) {
		if (!attrs[1])
			continue;
		dc_sink_putc(w->out, ' ');
		dc_sink_puts(w->out, attrs[0]);
		dc_sink_puts(w->out, "=\"");
		dc_xml_attr(w->out, attrs[1]);
		dc_sink_putc(w->out, '"');
	}
}

/* <E ...> or, if EMPTY, <E .../>. */
static void S_start_tag(struct S_writer *w, const struct S_elem *e,
			const char *id, const char *const *attrs, bool empty)
{
	if (e->shape & F_COUNTS)
		S_mark(w);
	if (e->shape & F_INDENT)
		S_indent(w);
	if (!id && !attrs && !empty) {
		dc_sink_write(w->out, e->start, e->start_len);
		return;
	}
	dc_sink_write(w->out, e->start, e->start_len - 1);  /* no '>' */
	S_attrs(w, id, attrs);
	dc_sink_puts(w->out, empty ? "/>" : ">");
}

/* Put TAG last in frame FRAME: at the end of w->tags but for the rare
 * element opened in a frame below the innermost (a table's <tbody>, when
 * its row is entered). */
static bool S_add_tag(struct S_writer *w, size_t frame,
		      struct S_open_tag tag)
{
	if (!dc_grow((void **)&w->tags, &w->cap_tags, w->ntags,
		     sizeof *w->tags))
		return S_oom(w);
	size_t at = S_frame_end(w, frame);
	if (at < w->ntags)
		memmove(&w->tags[at + 1], &w->tags[at],
			(w->ntags - at) * sizeof *w->tags);
	w->tags[at] = tag;
	w->ntags++;
	for (size_t k = frame + 1; k < w->nframes; k++)
		w->frames[k]++;
	return true;
}

/* Open E in frame FRAME (an index into w->frames). */
static void S_open_at(struct S_writer *w, size_t frame,
		      const struct S_elem *e, const char *id,
		      const char *const *attrs)
{
	if (S_frame_end(w, frame) - w->frames[frame] == S_MAX_TAGS) {
		if (w->status == DC_OK)
			w->status = dc_fail(w->diag, DC_ERR_SOFTWARE,
					    (struct dc_pos){0},
					    "internal error: docbook: too "
					    "many elements for one node");
		return;
	}
	S_start_tag(w, e, id, attrs, false);
	if (!S_add_tag(w, frame, (struct S_open_tag){.elem = e}))
		return;
	if (e->shape & F_MIXED) {
		w->mixed++;
	} else if (e->shape & F_INDENT) {
		S_eol(w);
		w->level++;
	}
}

/* Open E in the current node's frame. */
static void S_open(struct S_writer *w, const struct S_elem *e,
		   const char *id, const char *const *attrs)
{
	S_open_at(w, w->nframes - 1, e, id, attrs);
}

/* An empty element <E .../>. */
static void S_empty(struct S_writer *w, const struct S_elem *e,
		    const char *id, const char *const *attrs)
{
	S_start_tag(w, e, id, attrs, true);
	if (e->shape & F_INDENT)
		S_eol(w);
}

static void S_end_tag(struct S_writer *w, const struct S_elem *e)
{
	dc_sink_write(w->out, e->end, e->end_len);
}

static void S_close_tag(struct S_writer *w, const struct S_open_tag *tag)
{
	const struct S_elem *e = tag->elem;
	if (!tag->content && e->filler) {
		S_indent(w);
		dc_sink_puts(w->out, e->filler);
		S_eol(w);
	}
	if (e->shape & F_MIXED) {
		w->mixed--;
		S_end_tag(w, e);
		if (e->shape & F_INDENT)
			S_eol(w);
	} else if (e->shape & F_INDENT) {
		w->level--;
		S_indent(w);
		S_end_tag(w, e);
		S_eol(w);
	} else {
		S_end_tag(w, e);
	}
}

/* Close the last element of frame FRAME, if it has one. */
static void S_close_last_at(struct S_writer *w, size_t frame)
{
	size_t end = S_frame_end(w, frame);
	if (end == w->frames[frame])
		return;
	struct S_open_tag tag = w->tags[end - 1];
	if (end < w->ntags)
		memmove(&w->tags[end - 1], &w->tags[end],
			(w->ntags - end) * sizeof *w->tags);
	w->ntags--;
	for (size_t k = frame + 1; k < w->nframes; k++)
		w->frames[k]--;
	S_close_tag(w, &tag);
}

static void S_close_last(struct S_writer *w)
{
	S_close_last_at(w, w->nframes - 1);
}

static const struct S_elem *S_last_elem(const struct S_writer *w,
					size_t frame)
{
	size_t end = S_frame_end(w, frame);
	return end > w->frames[frame] ? w->tags[end - 1].elem : NULL;
}

/* Leave the current node: close what its handler opened. */
static void S_pop(struct S_writer *w)
{
	size_t base = w->frames[w->nframes - 1];
	while (w->ntags > base)
		S_close_tag(w, &w->tags[--w->ntags]);
	w->nframes--;
}

/* <E>TEXT</E>, or <E/> for no text. */
static void S_text_elem(struct S_writer *w, const struct S_elem *e,
			const char *text)
{
	if (!text) {
		S_empty(w, e, NULL, NULL);
		return;
	}
	S_open(w, e, NULL, NULL);
	S_cstr(w, text);
	S_close_last(w);
}

/* Where a node's id has no element of its own to go on. */
static void S_anchor(struct S_writer *w, const struct dc_node *n, bool block)
{
	const char *id = S_id_of(w, n);
	if (id)
		S_empty(w, block ? &E_anchor : &E_anchor_inline, id, NULL);
}

/* ------------------------------------------------------------------ */
/* URIs */

/* S made a valid URI (dc_xml_uri); the result lives in w->uri until the
 * next call.  NULL when out of memory. */
static const char *S_uri(struct S_writer *w, const char *s)
{
	if (!dc_xml_uri(&w->uri, s)) {
		S_oom(w);
		return NULL;
	}
	if (s && s[0] && strcmp(w->uri.data, s) != 0)
		dc_info(w->diag, "URI '%s' written as '%s'", s, w->uri.data);
	return w->uri.data;
}

/* PREFIX and S as one valid URI. */
static const char *S_uri2(struct S_writer *w, const char *prefix,
			  const char *s)
{
	struct dc_buf *b = &w->scratch;
	b->len = 0;
	if (!dc_buf_append(b, prefix, strlen(prefix)) ||
	    !dc_buf_append(b, s ? s : "", s ? strlen(s) : 0)) {
		S_oom(w);
		return NULL;
	}
	return S_uri(w, b->data);
}

/* ------------------------------------------------------------------ */
/* Preparation: ids and footnotes */

/* BASE, or BASE-2, BASE-3...: the first no element has taken yet. */
static const char *S_unique(struct S_writer *w, const char *base)
{
	const char *id = base;
	size_t size = strlen(base) + 16;
	for (unsigned k = 2; S_slot(&w->used, id)->key; k++) {
		char *next = dc_arena_alloc(&w->arena, size);
		if (!next)
			return NULL;
		snprintf(next, size, "%s-%u", base, k);
		id = next;
	}
	struct S_slot *slot = S_slot(&w->used, id);
	slot->key = id;
	slot->value = (void *)id;
	return id;
}

/* Is N inside the body of a footnote? */
static bool S_in_footnote(const struct dc_node *n)
{
	for (const struct dc_node *p = dc_node_parent(n); p;
	     p = dc_node_parent(p))
		if (p->kind == DC_FOOTNOTE)
			return true;
	return false;
}

/* The node after N in document order, in the tree at ROOT; NULL after
 * the last. */
static const struct dc_node *S_following(const struct dc_node *root,
					 const struct dc_node *n)
{
	if (dc_node_first(n))
		return dc_node_first(n);
	for (; n != root; n = dc_node_parent(n))
		if (dc_node_next(n))
			return dc_node_next(n);
	return NULL;
}

/* The one walk of the preparation: the nodes it concerns (those with an
 * id, footnotes, references to them) into w->found, in document order;
 * how many ids and footnotes there are; where the document could be cut
 * into pieces (w->cuts).  A book is cut before chapters only: blocks
 * between two chapters share an untitled one. */
static bool S_find(struct S_writer *w, size_t *ids, size_t *notes)
{
	const struct dc_node *root = w->doc->root;
	for (const struct dc_node *n = root; n; n = S_following(root, n)) {
		dc_cuts_node(&w->cuts, root, n,
			     !w->book || n->kind == DC_CHAPTER);
		if (!S_has_id(w, n) && n->kind != DC_FOOTNOTE &&
		    n->kind != DC_FOOTNOTE_REF)
			continue;
		if (!dc_grow((void **)&w->found, &w->cap_found, w->nfound,
			     sizeof *w->found))
			return S_oom(w);
		w->found[w->nfound++] = n;
		*ids += S_has_id(w, n);
		*notes += n->kind == DC_FOOTNOTE;
	}
	return true;
}

static bool S_collect_id(struct S_writer *w, const struct dc_node *n)
{
	const char *id = dc_node_str(w->doc, n, DC_STR_ID);
	struct S_slot *slot = S_slot(&w->anchors, id);
	if (slot->key) {
		S_warn(w, n, "duplicate id '%s' dropped", id);
		return true;
	}
	struct S_anchor *a = dc_arena_alloc(&w->arena, sizeof *a);
	if (!a)
		return S_oom(w);
	a->node = n;
	slot->key = id;
	slot->value = a;
	return true;
}

static bool S_collect_note(struct S_writer *w, const struct dc_node *n)
{
	struct S_slot *slot = S_slot(&w->notes, n->as.note.label);
	if (slot->key)
		return true;  /* a second definition: written where it is */
	struct S_note *note = dc_arena_alloc(&w->arena, sizeof *note);
	if (!note)
		return S_oom(w);
	note->node = n;
	slot->key = n->as.note.label;
	slot->value = note;
	return true;
}

static void S_count_ref(struct S_writer *w, const struct dc_node *n)
{
	struct S_note *note = n->as.note.label ?
		S_get(&w->notes, n->as.note.label) : NULL;
	if (!note)
		return;
	note->refs++;
	if (S_in_footnote(n))
		note->inner = true;
	else
		note->outer = true;
}

/* Ids and notes by name, first comers first; references counted. */
static bool S_collect(struct S_writer *w)
{
	for (size_t i = 0; i < w->nfound; i++) {
		const struct dc_node *n = w->found[i];
		if (S_has_id(w, n) && !S_collect_id(w, n))
			return false;
		if (n->kind == DC_FOOTNOTE && n->as.note.label &&
		    !S_collect_note(w, n))
			return false;
	}
	for (size_t i = 0; i < w->nfound; i++)
		if (w->found[i]->kind == DC_FOOTNOTE_REF)
			S_count_ref(w, w->found[i]);
	return true;
}

/* Give every owned id its xml:id: valid ones first, as they are, so that
 * a made-up one never takes a name the document uses. */
static bool S_assign_ids(struct S_writer *w, bool valid)
{
	for (size_t i = 0; i < w->nfound; i++) {
		const struct dc_node *n = w->found[i];
		const char *id = S_model_id(w, n);
		if (!id || dc_xml_is_ncname(id) != valid)
			continue;
		struct S_anchor *a = S_get(&w->anchors, id);
		if (a->node != n)
			continue;
		const char *base = valid ? id : dc_xml_ncname(&w->arena, id);
		a->out = base ? S_unique(w, base) : NULL;
		if (!a->out)
			return S_oom(w);
		if (!valid)
			dc_info(w->diag, "id '%s' is not an XML name; written "
				"as '%s'", id, a->out);
	}
	return true;
}

/* A note referenced more than once, or from another note (where only a
 * <footnoteref> can point at it), needs an xml:id. */
static bool S_assign_note_ids(struct S_writer *w)
{
	for (size_t i = 0; i < w->nfound; i++) {
		const struct dc_node *n = w->found[i];
		if (n->kind != DC_FOOTNOTE)
			continue;
		struct S_note *note = S_note_of(w, n);
		if (!note || (note->refs < 2 && !note->inner) || S_id_of(w, n))
			continue;
		size_t size = strlen(n->as.note.label) + 4;
		char *base = dc_arena_alloc(&w->arena, size);
		if (!base)
			return S_oom(w);
		snprintf(base, size, "fn-%s", n->as.note.label);
		const char *name = dc_xml_ncname(&w->arena, base);
		note->id = name ? S_unique(w, name) : NULL;
		if (!note->id)
			return S_oom(w);
	}
	return true;
}

static bool S_prepare(struct S_writer *w)
{
	size_t ids = 0, notes = 0;
	if (!S_find(w, &ids, &notes))
		return false;
	dc_cuts_end(&w->cuts);
	w->queue_cap = notes;
	if (!S_map_init(&w->anchors, &w->arena, ids) ||
	    !S_map_init(&w->used, &w->arena, ids + notes) ||
	    !S_map_init(&w->notes, &w->arena, notes) ||
	    notes > SIZE_MAX / sizeof *w->queue)
		return S_oom(w);
	w->queue = dc_arena_alloc(&w->arena, (notes + 1) * sizeof *w->queue);
	if (!w->queue)
		return S_oom(w);
	return S_collect(w) && S_assign_ids(w, true) &&
	       S_assign_ids(w, false) && S_assign_note_ids(w);
}

/* ------------------------------------------------------------------ */
/* Walking */

/* Walk the subtree at ROOT, the root included. */
static void S_walk(struct S_writer *w, const struct dc_node *root);

/* Is N's mixed content limited to DocBook's small inline set (text,
 * links, anchors, super- and subscripts, phrases)?  So it is inside
 * <superscript> and <subscript>, up to the nearest element that opens
 * the full set again. */
static bool S_restricted(const struct dc_node *n)
{
	for (const struct dc_node *p = dc_node_parent(n); p;
	     p = dc_node_parent(p)) {
		switch (p->kind) {
		case DC_SUPERSCRIPT:
		case DC_SUBSCRIPT:
			return true;
		case DC_LINK:
		case DC_XREF:
		case DC_IMAGE:
			return false;
		default:
			if (dc_kind_is_block(p->kind))
				return false;
		}
	}
	return false;
}

static bool S_pending(const struct S_writer *w)
{
	return w->queue_head < w->queue_tail;
}

static void S_enqueue(struct S_writer *w, const struct dc_node *n,
		      struct S_note *note)
{
	if (note)
		note->queued = true;
	if (w->queue_tail < w->queue_cap)
		w->queue[w->queue_tail++] = n;
}

/* <footnote>body</footnote> for the footnote node N. */
static void S_write_note(struct S_writer *w, const struct dc_node *n,
			 struct S_note *note)
{
	if (note)
		note->started = true;
	w->in_note++;
	S_walk(w, n);
	w->in_note--;
}

/* Write the footnotes that had to wait: DocBook has no footnote inside a
 * footnote, nor inside a superscript.  A note written here may queue more;
 * the loop takes them too. */
static void S_flush(struct S_writer *w)
{
	while (w->status == DC_OK && S_pending(w)) {
		const struct dc_node *n = w->queue[w->queue_head++];
		S_write_note(w, n, S_note_of(w, n));
	}
}

/* ------------------------------------------------------------------ */
/* Document, metadata */

static bool S_has_chapters(const struct dc_node *root)
{
	for (const struct dc_node *c = dc_node_first(root); c;
	     c = dc_node_next(c))
		if (c->kind == DC_CHAPTER)
			return true;
	return false;
}

/* Is there metadata besides the title and subtitle? */
static bool S_has_info(const struct dc_meta *m)
{
	return m->authors.count || m->date || m->publisher || m->identifier ||
	       m->subject || m->keywords.count || m->description ||
	       m->rights || m->cover || m->n_extra;
}

static void S_authors(struct S_writer *w, const struct dc_strlist *authors)
{
	if (authors->count > 1)
		S_open(w, &E_authorgroup, NULL, NULL);
	for (size_t i = 0; i < authors->count; i++) {
		S_open(w, &E_author, NULL, NULL);
		S_text_elem(w, &E_personname, authors->items[i]);
		S_close_last(w);
	}
	if (authors->count > 1)
		S_close_last(w);
}

/* <OUTER>...<INNER>TEXT</INNER>...</OUTER>. */
static void S_wrapped(struct S_writer *w, const struct S_elem *outer,
		      const struct S_elem *inner, const char *text)
{
	if (!text)
		return;
	S_open(w, outer, NULL, NULL);
	S_text_elem(w, inner, text);
	S_close_last(w);
}

static void S_subject(struct S_writer *w, const char *subject)
{
	if (!subject)
		return;
	S_open(w, &E_subjectset, NULL, NULL);
	S_wrapped(w, &E_subject, &E_subjectterm, subject);
	S_close_last(w);
}

static void S_keywords(struct S_writer *w, const struct dc_strlist *keywords)
{
	if (!keywords->count)
		return;
	S_open(w, &E_keywordset, NULL, NULL);
	for (size_t i = 0; i < keywords->count; i++)
		S_text_elem(w, &E_keyword, keywords->items[i]);
	S_close_last(w);
}

static void S_cover(struct S_writer *w, const char *cover)
{
	if (!cover)
		return;
	S_open(w, &E_cover, NULL, NULL);
	S_open(w, &E_mediaobject, NULL, NULL);
	S_open(w, &E_imageobject, NULL, NULL);
	S_empty(w, &E_imagedata, NULL, S_ATTRS("fileref", S_uri(w, cover)));
	S_close_last(w);
	S_close_last(w);
	S_close_last(w);
}

/* Keys with no DocBook element: untyped bibliographic data, named by its
 * role. */
static void S_extra(struct S_writer *w, const struct dc_meta *m)
{
	for (size_t i = 0; i < m->n_extra; i++) {
		S_open(w, &E_bibliomisc, NULL,
		       S_ATTRS("role", m->extra[i].key));
		S_cstr(w, m->extra[i].value);
		S_close_last(w);
	}
}

/* The title bare when it is all there is; else everything in <info>.  An
 * article must have a title: an untitled one gets an empty one. */
static void S_info(struct S_writer *w)
{
	const struct dc_meta *m = &w->doc->meta;
	bool info = S_has_info(m);
	if (info)
		S_open(w, &E_info, NULL, NULL);
	if (m->title || !w->book)
		S_text_elem(w, &E_title, m->title);
	if (m->subtitle)
		S_text_elem(w, &E_subtitle, m->subtitle);
	if (!info)
		return;
	S_authors(w, &m->authors);
	if (m->date)
		S_text_elem(w, &E_date, m->date);
	S_wrapped(w, &E_publisher, &E_publishername, m->publisher);
	if (m->identifier)
		S_text_elem(w, &E_biblioid, m->identifier);
	S_subject(w, m->subject);
	S_keywords(w, &m->keywords);
	S_wrapped(w, &E_abstract, &E_para, m->description);
	S_wrapped(w, &E_legalnotice, &E_para, m->rights);
	S_cover(w, m->cover);
	S_extra(w, m);
	S_close_last(w);
}

static void S_document(struct S_writer *w, const struct dc_node *n,
		       bool entering)
{
	if (!entering)
		return;
	S_open(w, w->book ? &E_book : &E_article, NULL,
	       S_ATTRS("xmlns", DOCBOOK_NS, "xmlns:xlink", XLINK_NS,
		       "version", "5.0", "xml:lang", w->doc->meta.lang,
		       "xml:id", S_id_of(w, n)));
	S_info(w);
}

/* A block of a book that is not in a chapter: DocBook has no place for
 * it, so each run of them goes into an untitled chapter, opened at the
 * first (in the document's frame) and closed after the last. */
static bool S_stray(const struct S_writer *w, const struct dc_node *n)
{
	return w->book && dc_node_parent(n) == w->doc->root &&
	       n->kind != DC_CHAPTER && n != w->detached;
}

static void S_stray_open(struct S_writer *w, const struct dc_node *n)
{
	if (!S_stray(w, n) || w->stray_open)
		return;
	S_warn(w, n, "content outside the chapters put in an untitled "
	       "chapter");
	S_open(w, &E_chapter, NULL, NULL);
	S_empty(w, &E_title, NULL, NULL);
	w->stray_open = true;
}

static void S_stray_close(struct S_writer *w, const struct dc_node *n)
{
	if (S_stray(w, n) &&
	    (!dc_node_next(n) || dc_node_next(n)->kind == DC_CHAPTER)) {
		S_close_last(w);
		w->stray_open = false;
	}
}

/* ------------------------------------------------------------------ */
/* Blocks */

/* The heading that titles a chapter or section: its first child. */
static const struct dc_node *S_title_heading(const struct dc_node *c)
{
	const struct dc_node *h = dc_node_first(c);
	return h && h->kind == DC_HEADING ? h : NULL;
}

static bool S_is_title(const struct dc_node *heading)
{
	const struct dc_node *p = dc_node_parent(heading);
	return p && (p->kind == DC_SECTION || p->kind == DC_CHAPTER) &&
	       dc_node_first(p) == heading;
}

/* A section carries its own id, else its title's (the id a reader gave
 * the heading), so that cross-references lead to the section. */
static const char *S_container_id(const struct S_writer *w,
				  const struct dc_node *c)
{
	const char *id = S_id_of(w, c);
	const struct dc_node *h = S_title_heading(c);
	return id ? id : h ? S_id_of(w, h) : NULL;
}

static void S_container(struct S_writer *w, const struct dc_node *n,
			bool entering, const struct S_elem *e)
{
	if (!entering)
		return;
	S_open(w, e, S_container_id(w, n), NULL);
	if (!S_title_heading(n))
		S_empty(w, &E_title, NULL, NULL);
}

static void S_heading(struct S_writer *w, const struct dc_node *n,
		      bool entering)
{
	if (!entering)
		return;
	if (S_is_title(n)) {
		const char *own = S_id_of(w, dc_node_parent(n));
		S_open(w, &E_title, own ? S_id_of(w, n) : NULL, NULL);
		return;
	}
	int level = n->as.heading.level;
	char sect[32];
	snprintf(sect, sizeof sect, "sect%d", level);
	bool known = level >= 1 && level <= 5;
	bool other = level > 5;
	S_open(w, &E_bridgehead, S_id_of(w, n),
	       S_ATTRS("renderas", known ? sect : other ? "other" : NULL,
		       "otherrenderas", other ? sect : NULL));
}

static void S_paragraph(struct S_writer *w, const struct dc_node *n,
			bool entering)
{
	if (entering)
		S_open(w, &E_para, S_id_of(w, n), NULL);
}

static void S_bullet_list(struct S_writer *w, const struct dc_node *n,
			  bool entering)
{
	if (entering)
		S_open(w, &E_itemizedlist, S_id_of(w, n),
		       S_ATTRS("spacing",
			       n->as.list.tight ? "compact" : NULL));
}

static void S_ordered_list(struct S_writer *w, const struct dc_node *n,
			   bool entering)
{
	if (!entering)
		return;
	enum dc_list_style style = n->as.list.style;
	char start[32];
	snprintf(start, sizeof start, "%d", n->as.list.start);
	const char *numeration = style <= DC_LIST_UPPER_ROMAN ?
		numerations[style] : NULL;
	S_open(w, &E_orderedlist, S_id_of(w, n),
	       S_ATTRS("numeration", numeration,
		       "startingnumber", n->as.list.start != 1 ? start : NULL,
		       "spacing", n->as.list.tight ? "compact" : NULL));
}

static void S_list_item(struct S_writer *w, const struct dc_node *n,
			bool entering)
{
	enum dc_task task = n->as.item.task;
	if (entering)
		S_open(w, &E_listitem, S_id_of(w, n),
		       S_ATTRS("role", task <= DC_TASK_DONE ? task_roles[task]
							    : NULL));
}

static void S_def_list(struct S_writer *w, const struct dc_node *n,
		       bool entering)
{
	if (entering)
		S_open(w, &E_variablelist, S_id_of(w, n), NULL);
}

/* A <varlistentry> is term+ then one listitem: the terms are written
 * first, wherever they stand among the descriptions, and all
 * descriptions share the one listitem. */
static void S_def_item(struct S_writer *w, const struct dc_node *n,
		       bool entering)
{
	if (!entering)
		return;
	S_open(w, &E_varlistentry, S_id_of(w, n), NULL);
	bool terms = false;
	for (const struct dc_node *c = dc_node_first(n); c;
	     c = dc_node_next(c)) {
		if (c->kind != DC_DEF_TERM)
			continue;
		S_walk(w, c);
		terms = true;
	}
	if (!terms)
		S_empty(w, &E_term, NULL, NULL);
	S_open(w, &E_listitem, NULL, NULL);
}

static void S_def_term(struct S_writer *w, const struct dc_node *n,
		       bool entering)
{
	if (n != w->detached)
		dc_iter_skip_children(w->it);  /* written by its item */
	else if (entering)
		S_open(w, &E_term, S_id_of(w, n), NULL);
}

static void S_def_desc(struct S_writer *w, const struct dc_node *n,
		       bool entering)
{
	if (entering)
		S_anchor(w, n, true);
}

static void S_code_block(struct S_writer *w, const struct dc_node *n)
{
	S_open(w, &E_programlisting, S_id_of(w, n),
	       S_ATTRS("language", dc_node_str(w->doc, n, DC_STR_LANG)));
	S_text(w, n->literal, n->len);
}

static void S_block_quote(struct S_writer *w, const struct dc_node *n,
			  bool entering)
{
	if (entering)
		S_open(w, &E_blockquote, S_id_of(w, n), NULL);
}

static void S_thematic_break(struct S_writer *w, const struct dc_node *n)
{
	S_empty(w, &E_para, S_id_of(w, n), S_ATTRS("role", "thematic-break"));
}

static void S_page_break(struct S_writer *w, const struct dc_node *n)
{
	S_anchor(w, n, true);
	S_indent(w);
	dc_sink_puts(w->out, "<?hard-pagebreak?>");
	S_eol(w);
}

static const struct dc_node *S_first_caption(const struct dc_node *n)
{
	for (const struct dc_node *c = dc_node_first(n); c; c = dc_node_next(c))
		if (c->kind == DC_CAPTION)
			return c;
	return NULL;
}

/* The <title> of a table or figure: its caption, or its captions joined
 * by a line end should there be several. */
static void S_caption_title(struct S_writer *w, const struct dc_node *first)
{
	S_open(w, &E_title, S_id_of(w, first), NULL);
	for (const struct dc_node *c = first; c; c = dc_node_next(c)) {
		if (c->kind != DC_CAPTION)
			continue;
		if (c != first) {
			S_warn(w, c, "second caption joined to the first");
			dc_sink_putc(w->out, '\n');
			S_anchor(w, c, false);
		}
		S_walk(w, c);
	}
	S_close_last(w);
}

static void S_caption(struct S_writer *w, const struct dc_node *n)
{
	if (n != w->detached)
		dc_iter_skip_children(w->it);  /* written as the title */
}

static size_t S_table_cols(const struct dc_node *table)
{
	size_t cols = 1;
	for (const struct dc_node *r = dc_node_first(table); r;
	     r = dc_node_next(r)) {
		size_t cells = 0;
		if (r->kind != DC_TABLE_ROW)
			continue;
		for (const struct dc_node *c = dc_node_first(r); c;
		     c = dc_node_next(c))
			cells++;
		if (cells > cols)
			cols = cells;
	}
	return cols;
}

static void S_table(struct S_writer *w, const struct dc_node *n,
		    bool entering)
{
	if (!entering)
		return;
	const struct dc_node *caption = S_first_caption(n);
	char cols[32];
	snprintf(cols, sizeof cols, "%zu", S_table_cols(n));
	S_open(w, caption ? &E_table : &E_informaltable, S_id_of(w, n), NULL);
	if (caption)
		S_caption_title(w, caption);
	S_open(w, &E_tgroup, NULL, S_ATTRS("cols", cols));
}

static bool S_header_row(const struct dc_node *row)
{
	if (!dc_node_first(row))
		return false;
	for (const struct dc_node *c = dc_node_first(row); c;
	     c = dc_node_next(c))
		if (c->kind != DC_TABLE_CELL || !c->as.cell.header)
			return false;
	return true;
}

static const struct dc_node *S_next_row(const struct dc_node *row)
{
	for (row = dc_node_next(row); row && row->kind != DC_TABLE_ROW;)
		row = dc_node_next(row);
	return row;
}

/* The leading rows of header cells go in <thead>, provided a body row
 * follows (a tbody needs a row); the first other row starts <tbody>.
 * TABLE is the table's frame: its innermost element tells where the rows
 * are, and the tgroup alone means this is the first row. */
static void S_table_part(struct S_writer *w, const struct dc_node *row,
			 size_t table)
{
	if (S_last_elem(w, table) == &E_tgroup) {
		const struct dc_node *body = row;
		while (body && S_header_row(body))
			body = S_next_row(body);
		S_open_at(w, table, body && body != row ? &E_thead : &E_tbody,
			  NULL, NULL);
	} else if (S_last_elem(w, table) == &E_thead && !S_header_row(row)) {
		S_close_last_at(w, table);
		S_open_at(w, table, &E_tbody, NULL, NULL);
	}
}

static void S_table_row(struct S_writer *w, const struct dc_node *n,
			bool entering)
{
	if (!entering)
		return;
	if (w->nframes >= 2 && dc_node_parent(n) &&
	    dc_node_parent(n)->kind == DC_TABLE)
		S_table_part(w, n, w->nframes - 2);
	S_open(w, &E_row, S_id_of(w, n), NULL);
}

/* A header cell outside <thead> keeps its kind as role="header". */
static void S_table_cell(struct S_writer *w, const struct dc_node *n,
			 bool entering)
{
	if (!entering)
		return;
	bool in_head = w->nframes >= 3 &&
		       S_last_elem(w, w->nframes - 3) == &E_thead;
	enum dc_align align = n->as.cell.align;
	S_open(w, &E_entry, S_id_of(w, n),
	       S_ATTRS("align", align <= DC_ALIGN_RIGHT ? aligns[align] : NULL,
		       "role", n->as.cell.header && !in_head ? "header"
							      : NULL));
}

static void S_figure(struct S_writer *w, const struct dc_node *n,
		     bool entering)
{
	if (!entering)
		return;
	const struct dc_node *caption = S_first_caption(n);
	S_open(w, caption ? &E_figure : &E_informalfigure, S_id_of(w, n),
	       NULL);
	if (caption)
		S_caption_title(w, caption);
}

/* A footnote is written at its first reference.  Where it stands it is
 * written only if no reference outside a footnote will write it: never
 * referenced, a second definition of its label, unlabelled, or referenced
 * only from other notes (which may never be written: a cycle). */
static void S_footnote_here(struct S_writer *w, const struct dc_node *n)
{
	struct S_note *note = S_note_of(w, n);
	const char *label = n->as.note.label;
	if (note && (note->outer || note->started || note->queued))
		return;
	if (!label)
		S_warn(w, n, "footnote without a label written where it "
		       "stands");
	else if (!note)
		S_warn(w, n, "footnote [%s] defined again; the second written "
		       "where it stands", label);
	else if (note->refs == 0)
		S_warn(w, n, "footnote [%s] is never referenced; written "
		       "where it stands", label);
	if (w->in_note) {
		S_enqueue(w, n, note);
		return;
	}
	S_open(w, &E_para, NULL, NULL);
	S_write_note(w, n, note);
	S_flush(w);
	S_close_last(w);
}

static void S_footnote(struct S_writer *w, const struct dc_node *n,
		       bool entering)
{
	if (n == w->detached) {
		if (entering)
			S_open(w, &E_footnote, S_note_id(w, n), NULL);
		return;
	}
	if (!entering)
		return;
	dc_iter_skip_children(w->it);
	S_footnote_here(w, n);
}

static void S_admonition(struct S_writer *w, const struct dc_node *n,
			 bool entering)
{
	enum dc_admonition_type type = n->as.admonition.type;
	if (entering)
		S_open(w, type <= DC_CAUTION ? admonitions[type] : &E_note,
		       S_id_of(w, n), NULL);
}

static bool S_is_docbook(const char *format)
{
	return format && strcasecmp(format, "docbook") == 0;
}

static void S_raw_block(struct S_writer *w, const struct dc_node *n)
{
	S_anchor(w, n, true);
	const char *format = dc_node_str(w->doc, n, DC_STR_FORMAT);
	if (!S_is_docbook(format)) {
		dc_info(w->diag, "raw %s block dropped",
			format ? format : "(unnamed)");
		return;
	}
	S_mark(w);
	S_indent(w);
	dc_sink_write(w->out, n->literal, n->len);
	if (n->len == 0 || n->literal[n->len - 1] != '\n')
		S_eol(w);
}

/* ------------------------------------------------------------------ */
/* Inlines */

static void S_inline_text(struct S_writer *w, const struct dc_node *n)
{
	S_anchor(w, n, false);
	S_text(w, n->literal, n->len);
}

/* Emphasis of ROLE (NULL: plain); a phrase where emphasis may not go. */
static void S_emphasis(struct S_writer *w, const struct dc_node *n,
		       bool entering, const char *role)
{
	if (!entering)
		return;
	if (S_restricted(n))
		S_open(w, &E_phrase, S_id_of(w, n),
		       S_ATTRS("role", role ? role : "emphasis"));
	else
		S_open(w, &E_emphasis, S_id_of(w, n), S_ATTRS("role", role));
}

static void S_code(struct S_writer *w, const struct dc_node *n)
{
	if (S_restricted(n))
		S_open(w, &E_phrase, S_id_of(w, n), S_ATTRS("role", "code"));
	else
		S_open(w, &E_literal, S_id_of(w, n), NULL);
	S_text(w, n->literal, n->len);
}

/* A link to "#id" of this document goes by linkend, so that it follows
 * the id should it have been renamed. */
static void S_link(struct S_writer *w, const struct dc_node *n,
		   bool entering)
{
	if (!entering)
		return;
	const char *url = n->as.link.url ? n->as.link.url : "";
	const char *title = dc_node_str(w->doc, n, DC_STR_TITLE);
	const char *target = url[0] == '#' ? S_target(w, url + 1) : NULL;
	if (target && !title)
		S_open(w, &E_link, S_id_of(w, n), S_ATTRS("linkend", target));
	else if (target)
		S_open(w, &E_link, S_id_of(w, n),
		       S_ATTRS("xlink:href", S_uri2(w, "#", target),
			       "xlink:title", title));
	else
		S_open(w, &E_link, S_id_of(w, n),
		       S_ATTRS("xlink:href", S_uri(w, url),
			       "xlink:title", title));
}

static void S_xref(struct S_writer *w, const struct dc_node *n,
		   bool entering)
{
	if (!entering)
		return;
	const char *url = n->as.link.url;
	const char *target = S_target(w, url);
	if (target && !dc_node_first(n)) {
		S_empty(w, &E_xref, S_id_of(w, n), S_ATTRS("linkend", target));
	} else if (target) {
		S_open(w, &E_link, S_id_of(w, n), S_ATTRS("linkend", target));
	} else {
		S_warn(w, n, "cross-reference to unknown id '%s'; written as "
		       "a link to '#%s'", url ? url : "", url ? url : "");
		S_open(w, &E_link, S_id_of(w, n),
		       S_ATTRS("xlink:href", S_uri2(w, "#", url)));
	}
}

/* A figure's image is a block <mediaobject>, any other an
 * <inlinemediaobject>; the alt text (the children) goes in a textobject,
 * the title in a second one with role="title". */
static void S_image(struct S_writer *w, const struct dc_node *n,
		    bool entering)
{
	bool block = dc_node_parent(n) && dc_node_parent(n)->kind == DC_FIGURE;
	if (entering) {
		S_open(w, block ? &E_mediaobject : &E_inlinemediaobject,
		       S_id_of(w, n), NULL);
		S_open(w, &E_imageobject, NULL, NULL);
		S_empty(w, &E_imagedata, NULL,
			S_ATTRS("fileref", S_uri(w, n->as.link.url)));
		S_close_last(w);
		if (dc_node_first(n)) {
			S_open(w, &E_textobject, NULL, NULL);
			S_open(w, &E_phrase, NULL, NULL);
		}
		return;
	}
	if (dc_node_first(n)) {
		S_close_last(w);
		S_close_last(w);
	}
	const char *title = dc_node_str(w->doc, n, DC_STR_TITLE);
	if (title) {
		S_open(w, &E_textobject, NULL, S_ATTRS("role", "title"));
		S_text_elem(w, &E_phrase, title);
		S_close_last(w);
	}
}

/* The source's line end goes through; a hard break also leaves the
 * line-break processing instruction DocBook stylesheets know. */
static void S_break(struct S_writer *w, const struct dc_node *n, bool hard)
{
	S_anchor(w, n, false);
	if (hard)
		dc_sink_puts(w->out, "<?line-break?>");
	dc_sink_putc(w->out, '\n');
}

/* A mark pointing at a note already written or waiting: <footnoteref>,
 * or <xref> where only the small inline set may go. */
static void S_note_mark(struct S_writer *w, const struct dc_node *note,
			bool restricted)
{
	const char *id = S_note_id(w, note);
	if (id)
		S_empty(w, restricted ? &E_xref : &E_footnoteref, NULL,
			S_ATTRS("linkend", id));
}

static void S_footnote_ref(struct S_writer *w, const struct dc_node *n)
{
	const char *label = n->as.note.label;
	struct S_note *note = label ? S_get(&w->notes, label) : NULL;
	bool restricted = S_restricted(n);
	S_anchor(w, n, false);
	if (!note) {
		S_warn(w, n, "reference to undefined footnote [%s]; written "
		       "as its label", label ? label : "");
		S_open(w, &E_superscript, NULL, NULL);
		S_cstr(w, label);
		return;
	}
	if (note->started || note->queued) {
		S_note_mark(w, note->node, restricted);
	} else if (restricted || w->in_note) {
		S_enqueue(w, note->node, note);
		if (w->in_note)
			S_note_mark(w, note->node, restricted);
	} else {
		S_write_note(w, note->node, note);
		S_flush(w);
	}
}

/* Notes held back inside a superscript go right after it. */
static void S_script(struct S_writer *w, const struct dc_node *n,
		     bool entering, const struct S_elem *e)
{
	if (entering) {
		S_open(w, e, S_id_of(w, n), NULL);
		return;
	}
	S_close_last(w);
	if (!w->in_note && S_pending(w) && !S_restricted(n))
		S_flush(w);
}

static void S_raw_inline(struct S_writer *w, const struct dc_node *n)
{
	const char *format = dc_node_str(w->doc, n, DC_STR_FORMAT);
	if (S_is_docbook(format)) {
		S_anchor(w, n, false);
		dc_sink_write(w->out, n->literal, n->len);
		return;
	}
	S_anchor(w, n, false);
	dc_info(w->diag, "raw %s inline dropped",
		format ? format : "(unnamed)");
}

/* ------------------------------------------------------------------ */
/* The switch */

static void S_node(struct S_writer *w, const struct dc_node *n,
		   bool entering)
{
	switch (n->kind) {
	case DC_DOCUMENT: S_document(w, n, entering); break;
	case DC_CHAPTER: S_container(w, n, entering, &E_chapter); break;
	case DC_SECTION: S_container(w, n, entering, &E_section); break;
	case DC_HEADING: S_heading(w, n, entering); break;
	case DC_PARAGRAPH: S_paragraph(w, n, entering); break;
	case DC_BULLET_LIST: S_bullet_list(w, n, entering); break;
	case DC_ORDERED_LIST: S_ordered_list(w, n, entering); break;
	case DC_LIST_ITEM: S_list_item(w, n, entering); break;
	case DC_DEF_LIST: S_def_list(w, n, entering); break;
	case DC_DEF_ITEM: S_def_item(w, n, entering); break;
	case DC_DEF_TERM: S_def_term(w, n, entering); break;
	case DC_DEF_DESC: S_def_desc(w, n, entering); break;
	case DC_CODE_BLOCK: S_code_block(w, n); break;
	case DC_BLOCK_QUOTE: S_block_quote(w, n, entering); break;
	case DC_THEMATIC_BREAK: S_thematic_break(w, n); break;
	case DC_PAGE_BREAK: S_page_break(w, n); break;
	case DC_TABLE: S_table(w, n, entering); break;
	case DC_TABLE_ROW: S_table_row(w, n, entering); break;
	case DC_TABLE_CELL: S_table_cell(w, n, entering); break;
	case DC_FIGURE: S_figure(w, n, entering); break;
	case DC_CAPTION: S_caption(w, n); break;
	case DC_FOOTNOTE: S_footnote(w, n, entering); break;
	case DC_ADMONITION: S_admonition(w, n, entering); break;
	case DC_RAW_BLOCK: S_raw_block(w, n); break;
	case DC_TEXT: S_inline_text(w, n); break;
	case DC_EMPH: S_emphasis(w, n, entering, NULL); break;
	case DC_STRONG: S_emphasis(w, n, entering, "strong"); break;
	case DC_CODE: S_code(w, n); break;
	case DC_LINK: S_link(w, n, entering); break;
	case DC_XREF: S_xref(w, n, entering); break;
	case DC_IMAGE: S_image(w, n, entering); break;
	case DC_LINE_BREAK: S_break(w, n, true); break;
	case DC_SOFT_BREAK: S_break(w, n, false); break;
	case DC_FOOTNOTE_REF: S_footnote_ref(w, n); break;
	case DC_STRIKE: S_emphasis(w, n, entering, "strikethrough"); break;
	case DC_SUPERSCRIPT: S_script(w, n, entering, &E_superscript); break;
	case DC_SUBSCRIPT: S_script(w, n, entering, &E_subscript); break;
	case DC_RAW_INLINE: S_raw_inline(w, n); break;
	case DC_NONE:
	case DC_KIND_COUNT: break;
	}
}

/* Every node gets a frame for the elements its handler opens; leaving
 * the node (or, for a leaf, right after it) closes them. */
static void S_event(struct S_writer *w, const struct dc_node *n,
		    bool entering)
{
	if (entering) {
		S_stray_open(w, n);
		if (!S_push(w))
			return;
		S_node(w, n, true);
		if (!dc_kind_is_leaf(n->kind))
			return;
	} else {
		S_node(w, n, false);
	}
	S_pop(w);
	S_stray_close(w, n);
}

/* Walk the subtree at ROOT as the walk of DETACHED's writes it (ROOT
 * itself, or an ancestor: the document's root, for a piece). */
static void S_walk_as(struct S_writer *w, const struct dc_node *root,
		      const struct dc_node *detached)
{
	struct dc_iter it;
	const struct dc_node *n;
	struct dc_iter *outer_it = w->it;
	const struct dc_node *outer_root = w->detached;
	w->it = &it;
	w->detached = detached;
	dc_iter_init(&it, root);
	while (w->status == DC_OK && dc_iter_next(&it, &n) != DC_EV_DONE) {
		if (w->reaches)
			dc_doc_reached(w->doc, n);
		S_event(w, n, it.event == DC_EV_ENTER);
	}
	w->it = outer_it;
	w->detached = outer_root;
}

static void S_walk(struct S_writer *w, const struct dc_node *root)
{
	S_walk_as(w, root, root);
}

/* ------------------------------------------------------------------ */
/* A long document in pieces on two threads (src/pieces.h) */

/* Pieces start at children of the root (S_cuts_at), where the state of
 * the writer is always the same: the root's element open, nothing else.
 * Footnotes are written at their first reference, wherever the note
 * stands: a document with any is written on one thread. */

/* Piece I: the root's children from the cut before it to the next. */
static enum dc_status S_piece(void *writer, size_t i, struct dc_sink *out,
			      struct dc_diag *diag)
{
	struct S_writer *w = writer;
	const struct dc_node *root = w->doc->root;
	const struct dc_node *c = i == 0 ? dc_node_first(root)
					 : w->cuts.at[i - 1];
	const struct dc_node *end = i < w->cuts.n ? w->cuts.at[i] : NULL;
	w->out = out;
	w->diag = diag;
	for (; c != end && w->status == DC_OK; c = dc_node_next(c))
		S_walk_as(w, c, root);
	return w->status;
}

/* What a piece of the helper's changes that the rest depends on: whether
 * content went into the root's element (no filler then). */
static void S_piece_taken(void *main, void *helper)
{
	struct S_writer *w = main, *h = helper;
	for (size_t i = 0; i < w->ntags; i++) {
		w->tags[i].content |= h->tags[i].content;
		h->tags[i].content = false;
	}
}

/* H: a copy of W's state for the helper, with what the walk changes of
 * its own (the open elements, buffers, an arena); false when out of
 * memory. */
static bool S_helper_init(struct S_writer *h, const struct S_writer *w)
{
	*h = *w;
	h->tags = malloc(w->ntags * sizeof *h->tags);
	h->frames = malloc(w->nframes * sizeof *h->frames);
	h->cap_tags = w->ntags;
	h->cap_frames = w->nframes;
	h->uri = h->scratch = (struct dc_buf){0};
	dc_arena_init(&h->arena);
	h->reaches = false;
	if (!h->tags || !h->frames) {
		free(h->tags);
		free(h->frames);
		return false;
	}
	memcpy(h->frames, w->frames, w->nframes * sizeof *h->frames);
	for (size_t i = 0; i < w->ntags; i++)
		h->tags[i] = (struct S_open_tag){.elem = w->tags[i].elem};
	return true;
}

static void S_helper_free(struct S_writer *h)
{
	free(h->tags);
	free(h->frames);
	dc_buf_free(&h->uri);
	dc_buf_free(&h->scratch);
	dc_arena_free(&h->arena);
}

/* Is there a footnote, or a reference to one, in the document? */
static bool S_has_notes(const struct S_writer *w)
{
	for (size_t i = 0; i < w->nfound; i++)
		if (w->found[i]->kind == DC_FOOTNOTE ||
		    w->found[i]->kind == DC_FOOTNOTE_REF)
			return true;
	return false;
}

/* The document as S_walk writes it, its root's children in pieces. */
static void S_write_pieces(struct S_writer *w)
{
	const struct dc_node *root = w->doc->root;
	struct S_writer helper;
	w->detached = root;
	S_event(w, root, true);
	if (w->status != DC_OK)
		return;
	bool helped = S_helper_init(&helper, w);
	struct dc_pieces p = {
		.n = w->cuts.n + 1,
		.write = S_piece,
		.taken = S_piece_taken,
		.main = w,
		.helper = helped ? &helper : NULL,
	};
	enum dc_status st = dc_pieces_write(&p, w->out, w->diag);
	if (helped)
		S_helper_free(&helper);
	if (st == DC_OK)
		S_event(w, root, false);
}

enum dc_status dc_docbook_write(const struct dc_doc *doc, struct dc_sink *out,
				const struct dc_options *opts,
				struct dc_diag *diag)
{
	struct S_writer w = {
		.doc = doc,
		.out = out,
		.diag = diag,
		.book = S_has_chapters(doc->root),
		.reaches = true,
	};
	dc_cuts_init(&w.cuts, dc_piece_nodes(opts->piece_nodes, doc->n_nodes));
	dc_arena_init(&w.arena);
	if (S_prepare(&w)) {
		dc_sink_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		if (w.cuts.n > 0 && !S_has_notes(&w))
			S_write_pieces(&w);
		else
			S_walk(&w, doc->root);
	}
	free(w.frames);
	free(w.tags);
	free(w.found);
	dc_cuts_free(&w.cuts);
	dc_buf_free(&w.uri);
	dc_buf_free(&w.scratch);
	dc_arena_free(&w.arena);
	return w.status;
}
