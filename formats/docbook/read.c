/* The DocBook reader: DocBook 5 (and DocBook 4, which has no namespace)
 * read with expat into the model.
 *
 * docs/docbook-mapping.md ("Reading DocBook") is the table of what each
 * element becomes; dbr.h says how the parts fit.  This file holds the
 * parser and its handlers, and one small function per element type
 * saying which node it makes.
 *
 * Safety.  Nothing but the input is ever read: no external DTD (parameter
 * entities are never parsed), no external entity (the handler only warns:
 * the reference is replaced by nothing), no XInclude (an xi:include is
 * warned about; its fallback's text is kept).  Entities declared in the
 * internal subset are expanded, within expat's bounds on amplification
 * (set low below), so a "billion laughs" fails in a moment with a small
 * footprint.  Entities a DTD that is not read would declare (&mdash; in
 * DocBook 4) are taken from the HTML names the Markdown reader knows;
 * others are kept as they stand, with a warning.  Malformed XML is an
 * error at its line and column (status 65), and nothing is written.
 *
 * Expat decodes UTF-8, UTF-16 (with a byte order mark) and the encodings
 * the XML declaration names that it knows; it hands over UTF-8 that is
 * valid XML text. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Debian's libexpat is built with XML_DTD, but its header declares the
 * amplification bounds only under this macro. */
#ifndef XML_DTD
#define XML_DTD 1
#endif
#include <expat.h>

#include "dbr.h"
#include "docbook.h"
#include "markdown/mdr.h"
#include "path.h"

#define TRY(expr)                                                          \
	do {                                                               \
		enum dc_status try_status_ = (expr);                       \
		if (try_status_ != DC_OK)                                  \
			return try_status_;                                \
	} while (0)

#define NS(uri, local) uri "\x1F" local

static const char DOCBOOK_NS[] = "http://docbook.org/ns/docbook";
static const char XINCLUDE_NS[] = "http://www.w3.org/2001/XInclude";
#define XML_NS "http://www.w3.org/XML/1998/namespace"
#define XLINK_NS "http://www.w3.org/1999/xlink"

enum {
	/* Entities may expand the input this many times at most, once
	 * their output passes the threshold: far more than documents that
	 * use entities for names and boilerplate need, and a billion laughs
	 * stops after a megabyte. */
	MAX_AMPLIFICATION = 20,
	AMPLIFICATION_THRESHOLD = 1 << 20,
	CHUNK = 1 << 24,    /* bytes handed to expat at a time */
	MAX_COLUMNS = 1024, /* a colspec's colnum, at most */
};

enum ns { NS_DOCBOOK, NS_XINCLUDE, NS_OTHER };

/* ---- Helpers for the other parts ---- */

bool dbr_ok(struct dbr_reader *r, enum dc_status st)
{
	if (st == DC_OK)
		return true;
	if (r->status == DC_OK) {
		r->status = st;
		XML_StopParser(r->parser, XML_FALSE);
	}
	return false;
}

void dbr_where(struct dbr_reader *r, long *line, long *col)
{
	*line = (long)XML_GetCurrentLineNumber(r->parser);
	*col = (long)XML_GetCurrentColumnNumber(r->parser) + 1;
}

const char *dbr_attr(const char **attrs, const char *name)
{
	for (size_t i = 0; attrs[i]; i += 2)
		if (strcmp(attrs[i], name) == 0)
			return attrs[i + 1];
	return NULL;
}

const char *dbr_strdup(struct dbr_reader *r, const char *s, size_t len)
{
	const char *copy = dc_arena_strndup(&r->doc->arena, s, len);
	if (!copy)
		dc_fail_oom(r->diag);
	return copy;
}

static const char *S_attr_copy(struct dbr_reader *r, const char **attrs,
			       const char *name)
{
	const char *value = dbr_attr(attrs, name);
	return value ? dbr_strdup(r, value, strlen(value)) : NULL;
}

const char *dbr_id(struct dbr_reader *r, const char **attrs)
{
	const char *id = dbr_attr(attrs, NS(XML_NS, "id"));
	if (!id)
		id = dbr_attr(attrs, "id");
	return id && id[0] ? dbr_strdup(r, id, strlen(id)) : NULL;
}

/* The same resolution as the Markdown reader's, from one place. */
const char *dbr_path(struct dbr_reader *r, const char *path)
{
	const char *copy = dbr_strdup(r, path, strlen(path));
	const char *resolved =
		copy ? dc_path_in_input(&r->doc->arena, r->file, copy) : NULL;
	if (copy && !resolved)
		dc_fail_oom(r->diag);
	return resolved;
}

/* Add KEY (in the document's arena) to the set M, which grows as it
 * fills. */
static bool S_remember(struct dbr_reader *r, struct dc_map *m,
		       const char *key)
{
	if (m->count == m->max) {
		struct dc_map bigger;
		if (!dc_map_init(&bigger, &r->doc->arena, m->max * 2, true))
			return false;
		for (size_t i = 0; i <= m->mask; i++)
			if (m->slots[i].key)
				dc_map_put(&bigger, m->slots[i].key,
					   m->slots[i].value);
		*m = bigger;
	}
	return dc_map_put(m, key, NULL);
}

enum dc_status dbr_warn(struct dbr_reader *r, const char *key, long line,
			long col, const char *fmt, ...)
{
	if (key) {
		if (dc_map_has(&r->warned, key))
			return DC_OK;
		const char *copy = dc_arena_strdup(&r->doc->arena, key);
		if (!copy || !S_remember(r, &r->warned, copy))
			return dc_fail_oom(r->diag);
	}
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	struct dc_pos pos = {.file = r->file, .line = line, .col = col};
	return dc_warn(r->diag, pos, "%s", msg);
}

static bool S_eq(const char *a, const char *b)
{
	return a && strcasecmp(a, b) == 0;
}

static enum dbr_type S_type(const struct dbr_frame *fr)
{
	return fr->elem ? fr->elem->type : T_UNKNOWN;
}

static int S_clamp(int level)
{
	return level < 1 ? 1 : level > 6 ? 6 : level;
}

/* Give the top frame a node of KIND, where it can go.  A paragraph,
 * heading, term or caption is opened with its first content (tree.c
 * opens a closed frame that holds what comes): an empty one makes no node,
 * so that the writer's filler (<para/> in an empty list item, <title/>
 * of an untitled section) reads back as the nothing it stands for.  So is
 * a definition's description, whose id the writer puts on an <anchor> at
 * its start: the id waits for it. */
static enum dc_status S_node(struct dbr_reader *r, enum dc_kind kind)
{
	dbr_top(r)->proto.kind = kind;
	return dbr_place(r, kind == DC_PARAGRAPH || kind == DC_HEADING ||
				    kind == DC_DEF_TERM || kind == DC_CAPTION ||
				    kind == DC_DEF_DESC);
}

/* The frame an element's title or caption belongs to: its parent's, past
 * an <info> or two. */
static const struct dbr_frame *S_owner(const struct dbr_reader *r)
{
	int p = r->n_frames - 2;
	for (int i = 0; i < 2 && p > 0 && S_type(&r->frames[p]) == T_INFO; i++)
		p--;
	return &r->frames[p];
}

static const struct dbr_frame *S_parent(const struct dbr_reader *r)
{
	return &r->frames[r->n_frames - 2];
}

/* ---- Structure ---- */

/* The document element (article, book, a chapter or section alone): its
 * title and info are the document's metadata, its content the body. */
static enum dc_status S_root(struct dbr_reader *r, const char *name,
			     const char **attrs)
{
	struct dbr_frame *fr = dbr_top(r);
	fr->flags |= FR_ROOT | (strcmp(name, "book") == 0 ? FR_BOOK : 0);
	const char *lang = dbr_attr(attrs, NS(XML_NS, "lang"));
	if (!lang)
		lang = dbr_attr(attrs, "lang");  /* DocBook 4 */
	if (lang && !dc_meta_set(r->doc, r->meta, "lang", lang))
		return dc_fail_oom(r->diag);
	if (fr->proto.id && !r->b->base->id) {
		r->b->base->id = fr->proto.id;
		fr->proto.id = NULL;
	}
	return DC_OK;
}

/* A chapter of a book read alone is a chapter of the model (a book's
 * chapters are how the DocBook writer makes a book); anywhere else a
 * division is a section. */
static enum dc_status S_division(struct dbr_reader *r, const char *name,
				 const char **attrs)
{
	if (r->n_frames == 2)
		return S_root(r, name, attrs);
	const struct dbr_frame *p = S_parent(r);
	struct dbr_frame *fr = dbr_top(r);
	fr->level = p->level + 1;
	bool chapter = (p->flags & FR_BOOK) && fr->elem->type == T_DIVISION &&
		       r->b->base->kind == DC_DOCUMENT;
	return S_node(r, chapter ? DC_CHAPTER : DC_SECTION);
}

static enum dc_status S_info(struct dbr_reader *r)
{
	if (!(S_parent(r)->flags & FR_ROOT))
		return DC_OK;  /* a section's: its title is the section's */
	dbr_collect(r, TG_INFO, SP_NORMAL, NULL);
	dbr_top(r)->flags |= FR_INFO;
	return DC_OK;
}

static void S_field(struct dbr_reader *r, const char *key)
{
	dbr_collect(r, TG_META, SP_NORMAL, key);
	dbr_top(r)->flags |= FR_FIELD;
}

/* A title: the document's, a section's heading, a table's or figure's
 * caption, a heading in a quote or admonition, a formal paragraph's
 * run-in title; any other (a list's) is a paragraph. */
static enum dc_status S_title(struct dbr_reader *r)
{
	const struct dbr_frame *owner = S_owner(r);
	struct dbr_frame *fr = dbr_top(r);
	if (owner->flags & FR_ROOT) {
		S_field(r, "title");
		return DC_OK;
	}
	switch (S_type(owner)) {
	case T_DIVISION:
	case T_SECTION:
		fr->proto.as.heading.level = S_clamp(owner->level);
		return S_node(r, DC_HEADING);
	case T_TABLE:
	case T_FIGURE:
		return S_node(r, DC_CAPTION);
	case T_ADMONITION:
	case T_BLOCKQUOTE:
		fr->proto.as.heading.level = S_clamp(owner->level + 1);
		return S_node(r, DC_HEADING);
	case T_FORMALPARA:
		return S_node(r, DC_STRONG);
	default:
		return S_node(r, DC_PARAGRAPH);
	}
}

static enum dc_status S_subtitle(struct dbr_reader *r)
{
	if (S_owner(r)->flags & FR_ROOT) {
		S_field(r, "subtitle");
		return DC_OK;
	}
	return S_node(r, DC_PARAGRAPH);
}

/* renderas="sectN" (or "other" with otherrenderas="sectN") is the level
 * the writer gave; without it, one below the sections around. */
static int S_bridgehead_level(const struct dbr_frame *fr, const char **attrs)
{
	const char *as = dbr_attr(attrs, "renderas");
	if (S_eq(as, "other"))
		as = dbr_attr(attrs, "otherrenderas");
	int level;
	if (as && sscanf(as, "sect%d", &level) == 1)
		return S_clamp(level);
	return S_clamp(fr->level + 1);
}

/* ---- Blocks ---- */

static enum dc_status S_para(struct dbr_reader *r, const char **attrs)
{
	struct dbr_frame *fr = dbr_top(r);
	if (S_eq(dbr_attr(attrs, "role"), "thematic-break")) {
		struct dc_node *n;
		TRY(dbr_leaf(r, DC_THEMATIC_BREAK, NULL, 0, fr->proto.line,
			     fr->proto.col, &n));
		fr = dbr_top(r);
		if (n && fr->proto.id) {
			n->id = fr->proto.id;
			fr->proto.id = NULL;
		}
		return DC_OK;
	}
	if (S_type(S_parent(r)) == T_FORMALPARA)
		return DC_OK;  /* the formal paragraph's own paragraph */
	fr->flags |= FR_SPLIT;
	return S_node(r, DC_PARAGRAPH);
}

static enum dc_list_style S_numeration(const char *s)
{
	static const struct {
		const char *name;
		enum dc_list_style style;
	} styles[] = {
		{"loweralpha", DC_LIST_LOWER_ALPHA},
		{"upperalpha", DC_LIST_UPPER_ALPHA},
		{"lowerroman", DC_LIST_LOWER_ROMAN},
		{"upperroman", DC_LIST_UPPER_ROMAN},
	};
	for (size_t i = 0; i < sizeof styles / sizeof styles[0]; i++)
		if (S_eq(s, styles[i].name))
			return styles[i].style;
	return DC_LIST_DECIMAL;  /* arabic */
}

/* An integer attribute; false when S is none. */
static bool S_int(const char *s, int *out)
{
	if (!s)
		return false;
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s || *end || v < INT_MIN / 2 || v > INT_MAX / 2)
		return false;
	*out = (int)v;
	return true;
}

/* A list is opened with its first item, so that its title and the
 * blocks DocBook allows before the items go before it. */
static enum dc_status S_list(struct dbr_reader *r, enum dc_kind kind,
			     const char **attrs)
{
	struct dbr_frame *fr = dbr_top(r);
	fr->proto.kind = kind;
	fr->proto.as.list.tight = S_eq(dbr_attr(attrs, "spacing"), "compact");
	fr->proto.as.list.start = 1;
	if (kind != DC_ORDERED_LIST)
		return DC_OK;
	fr->proto.as.list.style = S_numeration(dbr_attr(attrs, "numeration"));
	if (S_int(dbr_attr(attrs, "startingnumber"),
		  &fr->proto.as.list.start))
		fr->flags |= FR_GIVEN;
	return DC_OK;
}

static enum dc_status S_listitem(struct dbr_reader *r, const char **attrs)
{
	struct dbr_frame *list = &r->frames[r->n_frames - 2];
	struct dbr_frame *fr = dbr_top(r);
	enum dbr_type type = S_type(list);
	if (type == T_VARLISTENTRY)
		return S_node(r, DC_DEF_DESC);
	/* pandoc writes a list's start as its first item's override. */
	if (type == T_ORDEREDLIST && list->count == 0 &&
	    !(list->flags & (FR_GIVEN | FR_OPENED)))
		S_int(dbr_attr(attrs, "override"), &list->proto.as.list.start);
	if (type == T_ORDEREDLIST || type == T_ITEMIZEDLIST)
		list->count++;
	const char *role = dbr_attr(attrs, "role");
	fr->proto.as.item.task = S_eq(role, "task-open") ? DC_TASK_OPEN
				 : S_eq(role, "task-done") ? DC_TASK_DONE
							   : DC_TASK_NONE;
	return S_node(r, DC_LIST_ITEM);
}

static enum dc_status S_verbatim(struct dbr_reader *r, const char **attrs)
{
	struct dbr_frame *fr = dbr_top(r);
	const char *lang = dbr_attr(attrs, "language");
	if (lang && !(fr->proto.as.code.lang = S_attr_copy(r, attrs,
							   "language")))
		return r->diag->error.status;
	dbr_collect(r, TG_CODE_BLOCK, SP_RAW, NULL);
	return DC_OK;
}

/* ---- Tables ---- */

static enum dc_align S_align(const char *s)
{
	return S_eq(s, "left") ? DC_ALIGN_LEFT
	       : S_eq(s, "center") ? DC_ALIGN_CENTER
	       : S_eq(s, "right") ? DC_ALIGN_RIGHT
				  : DC_ALIGN_NONE;
}

static struct dbr_colspec *S_colspecs(struct dbr_reader *r,
				      const struct dbr_frame *group,
				      size_t *count)
{
	*count = (r->cols.len - group->cols) / sizeof(struct dbr_colspec);
	if (*count == 0)  /* and perhaps no buffer yet */
		return NULL;
	return (struct dbr_colspec *)(void *)(r->cols.data + group->cols);
}

/* A CALS column: its name and alignment, at its number. */
static enum dc_status S_colspec(struct dbr_reader *r, const char **attrs)
{
	const struct dbr_frame *group = S_parent(r);
	if (S_type(group) != T_TGROUP)
		return DC_OK;
	size_t count;
	S_colspecs(r, group, &count);
	int number;
	struct dbr_colspec pad = {.align = DC_ALIGN_NONE};
	if (S_int(dbr_attr(attrs, "colnum"), &number) && number <= MAX_COLUMNS)
		for (; number > 0 && count + 1 < (size_t)number; count++)
			if (!dc_buf_append(&r->cols, &pad, sizeof pad))
				return dc_fail_oom(r->diag);
	struct dbr_colspec spec = {
		.name = S_attr_copy(r, attrs, "colname"),
		.align = S_align(dbr_attr(attrs, "align")),
	};
	if (!dc_buf_append(&r->cols, &spec, sizeof spec))
		return dc_fail_oom(r->diag);
	return DC_OK;
}

/* The column a cell is in: the one it names, else the one after the
 * previous cell's; ROW counts. */
static size_t S_column(struct dbr_reader *r, const struct dbr_frame *group,
		       struct dbr_frame *row, const char **attrs)
{
	const char *name = dbr_attr(attrs, "colname");
	if (!name)
		name = dbr_attr(attrs, "namest");
	size_t count, column = (size_t)row->count;
	const struct dbr_colspec *specs =
		group ? S_colspecs(r, group, &count) : NULL;
	for (size_t i = 0; name && specs && i < count; i++)
		if (specs[i].name && strcmp(specs[i].name, name) == 0)
			column = i;
	row->count = (int)column + 1;
	return column;
}

/* A cell: aligned as it says, else as its column, else as its tgroup; a
 * header cell in a table head, as <th>, or marked by the writer's role. */
static enum dc_status S_cell(struct dbr_reader *r, const char **attrs)
{
	int f = r->n_frames - 1;
	struct dbr_frame *fr = &r->frames[f];
	struct dbr_frame *row = NULL, *group = NULL;
	bool header = S_type(fr) == T_TH ||
		      S_eq(dbr_attr(attrs, "role"), "header");
	for (int i = f - 1; i > 0 && i >= f - 6; i--) {
		struct dbr_frame *p = &r->frames[i];
		header |= (p->flags & FR_HEADER) != 0;
		if (S_type(p) == T_ROW && !row)
			row = p;
		if (S_type(p) == T_TGROUP)
			group = p;
		if (S_type(p) == T_TGROUP || S_type(p) == T_TABLE)
			break;
	}
	enum dc_align align = S_align(dbr_attr(attrs, "align"));
	if (row) {
		size_t count, column = S_column(r, group, row, attrs);
		const struct dbr_colspec *specs =
			group ? S_colspecs(r, group, &count) : NULL;
		if (!align && specs && column < count)
			align = specs[column].align;
		if (!align && group)
			align = group->proto.as.cell.align;
	}
	fr->proto.as.cell.align = align;
	fr->proto.as.cell.header = header;
	return S_node(r, DC_TABLE_CELL);
}

/* ---- Images ---- */

/* A mediaobject is an image of its figure; anywhere else it makes a
 * figure of its own (an image of the model is inline). */
static enum dc_status S_mediaobject(struct dbr_reader *r)
{
	struct dbr_frame *fr = dbr_top(r);
	if (S_type(S_parent(r)) != T_FIGURE) {
		TRY(S_node(r, DC_FIGURE));
		fr = dbr_push(r, fr->elem, fr->proto.line, fr->proto.col);
		if (!fr)
			return dc_fail_oom(r->diag);
		fr->flags |= FR_PAIRED;
	}
	fr->flags |= FR_ONCE;
	return S_node(r, DC_IMAGE);
}

/* The image an imagedata or textobject belongs to, if it has a node. */
static struct dbr_frame *S_image(struct dbr_reader *r)
{
	int f = r->n_frames - 1;
	for (int i = f - 1; i > 0 && i >= f - 3; i--)
		if (r->frames[i].proto.kind == DC_IMAGE)
			return &r->frames[i];
	return NULL;
}

/* The first imagedata of an image is its source. */
static enum dc_status S_imagedata(struct dbr_reader *r, const char **attrs)
{
	struct dbr_frame *image = S_image(r);
	const char *fileref = dbr_attr(attrs, "fileref");
	if (!image || !fileref || image->proto.as.link.url)
		return DC_OK;
	const char *url = dbr_path(r, fileref);
	if (!url)
		return r->diag->error.status;
	image->proto.as.link.url = url;
	if (image->node)
		image->node->as.link.url = url;
	return DC_OK;
}

static enum dc_status S_textobject(struct dbr_reader *r, const char **attrs)
{
	if (S_eq(dbr_attr(attrs, "role"), "title") && S_image(r))
		dbr_collect(r, TG_IMAGE_TITLE, SP_NORMAL, NULL);
	return DC_OK;  /* else its text is the image's alt text */
}

/* ---- Inlines ---- */

/* emphasis role="strong" is DocBook XSL's bold, "strikethrough" its
 * strike (as the DocBook writer writes them). */
static enum dc_status S_emphasis(struct dbr_reader *r, const char *role)
{
	if (S_eq(role, "strong") || S_eq(role, "bold"))
		return S_node(r, DC_STRONG);
	if (S_eq(role, "strikethrough") || S_eq(role, "strike") ||
	    S_eq(role, "line-through"))
		return S_node(r, DC_STRIKE);
	return S_node(r, DC_EMPH);
}

/* A phrase is nothing of its own but in the writer's roles (inside a
 * superscript, where emphasis cannot go). */
static enum dc_status S_phrase(struct dbr_reader *r, const char *role)
{
	if (S_eq(role, "code")) {
		dbr_collect(r, TG_CODE, SP_CODE, NULL);
		return DC_OK;
	}
	if (S_eq(role, "emphasis") || S_eq(role, "strong") ||
	    S_eq(role, "strikethrough"))
		return S_emphasis(r, role);
	return DC_OK;
}

/* A link to a URI is a link; one to an id of the document a cross
 * reference. */
static enum dc_status S_link(struct dbr_reader *r, const char *href,
			     const char *title, const char *linkend)
{
	struct dbr_frame *fr = dbr_top(r);
	if (href) {
		fr->proto.as.link.url = dbr_strdup(r, href, strlen(href));
		fr->proto.as.link.title =
			title ? dbr_strdup(r, title, strlen(title)) : NULL;
		return fr->proto.as.link.url ? S_node(r, DC_LINK)
					     : r->diag->error.status;
	}
	if (!linkend)
		return DC_OK;
	fr->proto.as.link.url = dbr_strdup(r, linkend, strlen(linkend));
	return fr->proto.as.link.url ? S_node(r, DC_XREF)
				     : r->diag->error.status;
}

/* A footnote: a reference where it stands, its body built in a context
 * of its own and placed later.  Its label is its id (so footnoteref
 * finds it), else its number.  One a footnoteref before it cites is that
 * reference's note, no reference of its own: the writer puts a note first
 * cited inside another note right after that note. */
static enum dc_status S_footnote(struct dbr_reader *r)
{
	struct dbr_frame *fr = dbr_top(r);
	long line = fr->proto.line, col = fr->proto.col;
	if (r->n_ctx == DBR_MAX_CTX) {  /* notes in notes in notes... */
		fr->flags |= FR_FLAT;
		dbr_sep(r, SEP_HARD, line, col);
		return DC_OK;
	}
	const char *label = fr->proto.id;
	if (!label) {
		char number[32];
		snprintf(number, sizeof number, "%u", ++r->next_note);
		label = dbr_strdup(r, number, strlen(number));
		if (!label)
			return r->diag->error.status;
	}
	struct dc_node *ref, *note = dc_node_new(r->doc, DC_FOOTNOTE);
	if (!note || !dc_buf_append(&r->notes, &note, sizeof note))
		return dc_fail_oom(r->diag);
	ref = NULL;
	if (!dc_map_has(&r->cited, label))
		TRY(dbr_leaf(r, DC_FOOTNOTE_REF, NULL, 0, line, col, &ref));
	if (ref)
		ref->as.note.label = label;
	fr = dbr_top(r);
	note->as.note.label = label;
	note->id = fr->proto.id;
	note->line = line;
	note->col = col;
	fr->proto.id = NULL;
	return dbr_push_ctx(r, note);
}

static enum dc_status S_footnoteref(struct dbr_reader *r, const char **attrs)
{
	const struct dbr_frame *fr = dbr_top(r);
	const char *label = S_attr_copy(r, attrs, "linkend");
	struct dc_node *ref;
	if (!label)
		return r->diag->error.status;
	if (!dc_map_has(&r->cited, label) &&
	    !S_remember(r, &r->cited, label))
		return dc_fail_oom(r->diag);
	TRY(dbr_leaf(r, DC_FOOTNOTE_REF, NULL, 0, fr->proto.line,
		     fr->proto.col, &ref));
	if (ref)
		ref->as.note.label = label;
	return DC_OK;
}

/* ---- Elements ---- */

static enum dc_status S_start_body(struct dbr_reader *r, const char *name,
				   const char **attrs)
{
	struct dbr_frame *fr = dbr_top(r);
	const char *role = dbr_attr(attrs, "role");
	switch (S_type(fr)) {
	case T_DIVISION: return S_division(r, name, attrs);
	case T_SECTION:
		if (r->n_frames == 2)
			return S_root(r, name, attrs);
		fr->level = S_parent(r)->level + 1;
		return S_node(r, DC_SECTION);
	case T_INFO: return S_info(r);
	case T_TITLE: return S_title(r);
	case T_SUBTITLE: return S_subtitle(r);
	case T_PARA: return S_para(r, attrs);
	case T_FORMALPARA:
		fr->flags |= FR_SPLIT;
		return S_node(r, DC_PARAGRAPH);
	case T_ITEMIZEDLIST: return S_list(r, DC_BULLET_LIST, attrs);
	case T_ORDEREDLIST: return S_list(r, DC_ORDERED_LIST, attrs);
	case T_VARIABLELIST: return S_list(r, DC_DEF_LIST, attrs);
	case T_VARLISTENTRY: return S_node(r, DC_DEF_ITEM);
	case T_TERM: return S_node(r, DC_DEF_TERM);
	case T_LISTITEM: return S_listitem(r, attrs);
	case T_VERBATIM: return S_verbatim(r, attrs);
	case T_BLOCKQUOTE: return S_node(r, DC_BLOCK_QUOTE);
	case T_ATTRIBUTION:
		dbr_collect(r, TG_ATTRIBUTION, SP_NORMAL, NULL);
		return DC_OK;
	case T_ADMONITION:
		fr->proto.as.admonition.type =
			(enum dc_admonition_type)fr->elem->sub;
		return S_node(r, DC_ADMONITION);
	case T_BRIDGEHEAD:
		fr->proto.as.heading.level = S_bridgehead_level(fr, attrs);
		return S_node(r, DC_HEADING);
	case T_EMPHASIS: return S_emphasis(r, role);
	case T_CODE:
		dbr_collect(r, TG_CODE, SP_CODE, NULL);
		return DC_OK;
	case T_SUPERSCRIPT: return S_node(r, DC_SUPERSCRIPT);
	case T_SUBSCRIPT: return S_node(r, DC_SUBSCRIPT);
	case T_PHRASE: return S_phrase(r, role);
	case T_LINK:
		return S_link(r, dbr_attr(attrs, NS(XLINK_NS, "href")),
			      dbr_attr(attrs, NS(XLINK_NS, "title")),
			      dbr_attr(attrs, "linkend"));
	case T_ULINK: return S_link(r, dbr_attr(attrs, "url"), NULL, NULL);
	case T_XREF: return S_link(r, NULL, NULL, dbr_attr(attrs, "linkend"));
	case T_FOOTNOTE: return S_footnote(r);
	case T_FOOTNOTEREF: return S_footnoteref(r, attrs);
	case T_TABLE: return S_node(r, DC_TABLE);
	case T_TGROUP:
		fr->cols = r->cols.len;
		fr->proto.as.cell.align = S_align(dbr_attr(attrs, "align"));
		return DC_OK;
	case T_COLSPEC: return S_colspec(r, attrs);
	case T_THEAD:
		fr->flags |= FR_HEADER;
		return DC_OK;
	case T_ROW: return S_node(r, DC_TABLE_ROW);
	case T_ENTRY:
	case T_TH: return S_cell(r, attrs);
	case T_CAPTION:
		return S_node(r, S_type(S_parent(r)) == T_TABLE ||
					 S_type(S_parent(r)) == T_MEDIAOBJECT
				 ? DC_CAPTION : DC_PARAGRAPH);
	case T_FIGURE: return S_node(r, DC_FIGURE);
	case T_MEDIAOBJECT: return S_mediaobject(r);
	case T_INLINEMEDIAOBJECT:
		fr->flags |= FR_ONCE;
		return S_node(r, DC_IMAGE);
	case T_IMAGEDATA: return S_imagedata(r, attrs);
	case T_TEXTOBJECT: return S_textobject(r, attrs);
	default: return DC_OK;  /* its content goes where it can */
	}
}

/* Split an expat name ("uri\x1Flocal", or "local" without a namespace)
 * into its namespace and *LOCAL name. */
static enum ns S_split(const char *name, const char **local)
{
	const char *sep = strchr(name, DBR_NS_SEP);
	*local = sep ? sep + 1 : name;
	if (!sep)
		return NS_DOCBOOK;  /* DocBook 4 has no namespace */
	size_t len = (size_t)(sep - name);
	if (len == strlen(DOCBOOK_NS) && memcmp(name, DOCBOOK_NS, len) == 0)
		return NS_DOCBOOK;
	if (len == strlen(XINCLUDE_NS) && memcmp(name, XINCLUDE_NS, len) == 0)
		return NS_XINCLUDE;
	return NS_OTHER;
}

/* An element the table does not know: its text is kept, and one warning
 * per name says so; an XInclude is not followed. */
static enum dc_status S_unknown(struct dbr_reader *r, const char *name,
				const char *local, enum ns ns,
				const char **attrs, long line, long col)
{
	if (ns == NS_DOCBOOK)
		return dbr_warn(r, local, line, col, "unknown DocBook element "
				"<%s>: its text is kept", local);
	if (ns == NS_OTHER)
		return dbr_warn(r, name, line, col, "element <%s> of namespace "
				"'%.*s' is not DocBook: its text is kept",
				local, (int)(local - 1 - name), name);
	if (strcmp(local, "include") != 0)
		return DC_OK;  /* a fallback: its text is what is kept */
	const char *href = dbr_attr(attrs, "href");
	return dbr_warn(r, NULL, line, col, "XInclude of '%s' not followed "
			"(docconv reads no file but its input)",
			href ? href : "");
}

static enum dc_status S_start_element(struct dbr_reader *r, const char *name,
				      const char **attrs)
{
	long line, col;
	const char *local;
	dbr_where(r, &line, &col);
	enum ns ns = S_split(name, &local);
	const struct dbr_elem *e = ns == NS_DOCBOOK ? dbr_element(local) : NULL;
	struct dbr_frame *fr = dbr_push(r, e, line, col);
	if (!fr)
		return dc_fail_oom(r->diag);
	fr->proto.id = dbr_id(r, attrs);
	if (r->diag->error.status != DC_OK)  /* out of memory */
		return r->diag->error.status;
	if (!e)
		TRY(S_unknown(r, name, local, ns, attrs, line, col));
	int f = r->n_frames - 1;
	fr = &r->frames[f];
	if (fr->flags & FR_COLLECT)
		TRY(dbr_collect_start(r, local, attrs));
	else if (e)
		TRY(S_start_body(r, local, attrs));
	fr = &r->frames[f];
	bool leaf = fr->collector == f &&
		    (fr->target == TG_CODE || fr->target == TG_CODE_BLOCK);
	if (fr->proto.kind == DC_NONE && !leaf) {  /* no node for the id */
		TRY(dbr_orphan_id(r, fr->proto.id));
		fr->proto.id = NULL;
	}
	if (e && (e->flags & EF_BLOCK) && fr->proto.kind == DC_NONE &&
	    !(fr->flags & (FR_COLLECT | FR_FLAT)))
		dbr_sep(r, SEP_SPACE, line, col);  /* "Ann" "Lee" are words */
	return DC_OK;
}

static enum dc_status S_end_element(struct dbr_reader *r)
{
	struct dbr_frame *fr = dbr_top(r);
	bool run_in = S_type(fr) == T_TITLE && fr->proto.kind == DC_STRONG;
	long line, col;
	dbr_where(r, &line, &col);
	if (fr->flags & FR_COLLECT)
		TRY(dbr_collect_end(r));
	else if (S_type(fr) == T_BLOCKQUOTE && fr->stash)
		TRY(dbr_para_text(r, fr->stash, fr->stash_line, fr->stash_col));
	else if (fr->proto.kind == DC_CHAPTER && (fr->flags & FR_OPEN))
		TRY(dbr_place_notes(r));
	else if (S_type(fr) == T_TGROUP)
		r->cols.len = fr->cols;
	else if (fr->proto.kind == DC_LINK && fr->node &&
		 !fr->node->first_child && dbr_ctx(r)->b->text.len == 0)
		TRY(dbr_text(r, fr->proto.as.link.url,  /* as stylesheets do */
			     strlen(fr->proto.as.link.url), line, col));
	TRY(dbr_pop(r));
	if (run_in)
		dbr_sep(r, SEP_SPACE, line, col);
	return DC_OK;
}

/* ---- Expat's handlers ---- */

static void XMLCALL S_start(void *data, const XML_Char *name,
			    const XML_Char **attrs)
{
	struct dbr_reader *r = data;
	if (r->status == DC_OK)
		dbr_ok(r, S_start_element(r, name, attrs));
}

static void XMLCALL S_end(void *data, const XML_Char *name)
{
	struct dbr_reader *r = data;
	(void)name;
	if (r->status == DC_OK)
		dbr_ok(r, S_end_element(r));
}

static enum dc_status S_chars(struct dbr_reader *r, const char *s, size_t len)
{
	if (dbr_top(r)->flags & FR_COLLECT)
		return dbr_collect_text(r, s, len);
	long line, col;
	dbr_where(r, &line, &col);
	return dbr_text(r, s, len, line, col);
}

static void XMLCALL S_text(void *data, const XML_Char *s, int len)
{
	struct dbr_reader *r = data;
	if (r->status == DC_OK && len > 0)
		dbr_ok(r, S_chars(r, s, (size_t)len));
}

/* The writer's page and line breaks; other instructions are not for us. */
static void XMLCALL S_pi(void *data, const XML_Char *target,
			 const XML_Char *pi_data)
{
	struct dbr_reader *r = data;
	bool page = strcmp(target, "hard-pagebreak") == 0;
	(void)pi_data;
	if (r->status != DC_OK || (!page && strcmp(target, "line-break") != 0))
		return;
	if (dbr_top(r)->flags & FR_COLLECT) {
		dbr_collect_break(r);
		return;
	}
	long line, col;
	struct dc_node *n;
	dbr_where(r, &line, &col);
	dbr_ok(r, dbr_leaf(r, page ? DC_PAGE_BREAK : DC_LINE_BREAK, NULL, 0,
			   line, col, &n));
}

/* An external entity is never loaded: its reference reads as nothing. */
static int XMLCALL S_external(XML_Parser p, const XML_Char *context,
			      const XML_Char *base, const XML_Char *system_id,
			      const XML_Char *public_id)
{
	struct dbr_reader *r = XML_GetUserData(p);
	long line, col;
	(void)context;
	(void)base;
	(void)public_id;
	dbr_where(r, &line, &col);
	dbr_ok(r, dbr_warn(r, NULL, line, col, "external entity '%s' not "
			   "loaded (docconv reads no file but its input)",
			   system_id ? system_id : ""));
	return r->status == DC_OK ? XML_STATUS_OK : XML_STATUS_ERROR;
}

/* An entity a DTD that is not read declares (a DocBook 4 document's
 * &mdash;): its character when it is one of HTML's, else the reference
 * as it stands, with a warning. */
static void XMLCALL S_skipped(void *data, const XML_Char *name,
			      int is_parameter_entity)
{
	struct dbr_reader *r = data;
	if (r->status != DC_OK || is_parameter_entity)
		return;
	struct dc_buf *ref = &r->scratch, text = {0};
	ref->len = 0;
	if (!dc_buf_putc(ref, '&') || !dc_buf_append(ref, name, strlen(name)) ||
	    !dc_buf_putc(ref, ';') || !mdr_entity(ref->data, ref->len, &text)) {
		dbr_ok(r, dc_fail_oom(r->diag));
		dc_buf_free(&text);
		return;
	}
	enum dc_status st = DC_OK;
	if (text.len == ref->len && memcmp(text.data, ref->data, text.len) == 0) {
		long line, col;
		dbr_where(r, &line, &col);
		st = dbr_warn(r, ref->data, line, col, "entity '%s' is not "
			      "declared (its DTD is not read): kept as it "
			      "stands", text.data);
	}
	if (st == DC_OK)
		st = S_chars(r, text.data, text.len);
	dbr_ok(r, st);
	dc_buf_free(&text);
}

/* ---- The parse ---- */

static enum dc_status S_parser(struct dbr_reader *r)
{
	XML_Parser p = XML_ParserCreateNS(NULL, DBR_NS_SEP);
	if (!p)
		return dc_fail_oom(r->diag);
	r->parser = p;
	if (!XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER) ||
	    !XML_SetBillionLaughsAttackProtectionMaximumAmplification(
		    p, MAX_AMPLIFICATION) ||
	    !XML_SetBillionLaughsAttackProtectionActivationThreshold(
		    p, AMPLIFICATION_THRESHOLD))
		return dc_fail(r->diag, DC_ERR_SOFTWARE,
			       (struct dc_pos){.file = r->file},
			       "expat cannot bound entity expansion");
	XML_SetUserData(p, r);
	XML_SetElementHandler(p, S_start, S_end);
	XML_SetCharacterDataHandler(p, S_text);
	XML_SetProcessingInstructionHandler(p, S_pi);
	XML_SetExternalEntityRefHandler(p, S_external);
	XML_SetSkippedEntityHandler(p, S_skipped);
	return DC_OK;
}

static enum dc_status S_xml_error(struct dbr_reader *r)
{
	enum XML_Error code = XML_GetErrorCode(r->parser);
	long line, col;
	if (code == XML_ERROR_NO_MEMORY)
		return dc_fail_oom(r->diag);
	dbr_where(r, &line, &col);
	struct dc_pos pos = {.file = r->file, .line = line, .col = col};
	return dc_fail(r->diag, DC_ERR_DATA, pos, "%s", XML_ErrorString(code));
}

static enum dc_status S_parse(struct dbr_reader *r, const struct dc_input *in)
{
	const char *data = in->data;
	size_t left = in->len;
	for (;;) {
		int n = left > CHUNK ? CHUNK : (int)left;
		bool last = (size_t)n == left;
		enum XML_Status st = XML_Parse(r->parser, data, n, last);
		if (r->status != DC_OK)
			return r->status;
		if (st != XML_STATUS_OK)
			return S_xml_error(r);
		if (last)
			return DC_OK;
		data += n;
		left -= (size_t)n;
	}
}

/* Frame 0 stands for the node reading starts in: the document, or the
 * chapter of a bundle. */
static enum dc_status S_init(struct dbr_reader *r)
{
	struct dbr_frame *base = dbr_push(r, NULL, 0, 0);
	if (!base || !dc_map_init(&r->warned, &r->doc->arena, 16, true) ||
	    !dc_map_init(&r->cited, &r->doc->arena, 16, true))
		return dc_fail_oom(r->diag);
	base->flags = FR_BASE | FR_OPEN | FR_OPENED;
	base->proto.kind = r->b->base->kind;
	base->node = r->b->base;
	return DC_OK;
}

static void S_free(struct dbr_reader *r)
{
	for (int i = r->n_ctx; i-- > 0;) {
		if (i > 0)
			dc_builder_finish(&r->ctx[i].own);
		dc_buf_free(&r->ctx[i].ids);
	}
	if (r->parser)
		XML_ParserFree(r->parser);
	free(r->frames);
	dc_buf_free(&r->col);
	dc_buf_free(&r->cols);
	dc_buf_free(&r->notes);
	dc_buf_free(&r->scratch);
}

enum dc_status dc_docbook_read(const struct dc_input *in, struct dc_builder *b,
			       struct dc_meta *meta, struct dc_diag *diag)
{
	struct dbr_reader r = {
		.run_start = NO_RUN,
		.b = b,
		.diag = diag,
		.meta = meta,
		.doc = b->doc,
		.file = in->name,
		.n_ctx = 1,
	};
	r.ctx[0] = (struct dbr_ctx){.b = b, .trim = true};
	enum dc_status st = S_init(&r);
	if (st == DC_OK)
		st = S_parser(&r);
	if (st == DC_OK)
		st = S_parse(&r, in);
	if (st == DC_OK)
		st = dbr_finish(&r);
	S_free(&r);
	return st;
}
