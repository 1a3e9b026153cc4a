/* What each DocBook element becomes in the body of the document: one
 * small function per element type, choosing the node kind its frame makes
 * (tree.c places it) or the collector that reads it (collect.c).
 * docs/docbook-mapping.md ("Reading DocBook") is the table. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dbr.h"

enum {
	MAX_COLUMNS = 1024, /* a colspec's colnum, at most */
};

static bool S_eq(const char *a, const char *b)
{
	return a && strcasecmp(a, b) == 0;
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
	for (int i = 0; i < 2 && p > 0 && dbr_type(&r->frames[p]) == T_INFO; i++)
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
	const char *lang = dbr_attr(attrs, DBR_NS(DBR_XML_NS, "lang"));
	if (!lang)
		lang = dbr_attr(attrs, "lang");  /* DocBook 4 */
	if (lang && !dc_meta_set(r->doc, r->meta, "lang", lang))
		return dc_fail_oom(r->diag);
	if (fr->id && !dc_node_str(r->doc, r->b->base, DC_STR_ID)) {
		DC_TRY(dbr_set_str(r, r->b->base, DC_STR_ID, fr->id));
		fr->id = NULL;
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
	switch (dbr_type(owner)) {
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
		DC_TRY(dbr_leaf(r, DC_THEMATIC_BREAK, NULL, 0, fr->proto.line,
			     fr->proto.col, &n));
		fr = dbr_top(r);
		if (n && fr->id) {
			DC_TRY(dbr_set_str(r, n, DC_STR_ID, fr->id));
			fr->id = NULL;
		}
		return DC_OK;
	}
	if (dbr_type(S_parent(r)) == T_FORMALPARA)
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
	enum dbr_type type = dbr_type(list);
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
	if (lang && !(fr->lang = dbr_attr_copy(r, attrs, "language")))
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
	if (dbr_type(group) != T_TGROUP)
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
		.name = dbr_attr_copy(r, attrs, "colname"),
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
	bool header = dbr_type(fr) == T_TH ||
		      S_eq(dbr_attr(attrs, "role"), "header");
	for (int i = f - 1; i > 0 && i >= f - 6; i--) {
		struct dbr_frame *p = &r->frames[i];
		header |= (p->flags & FR_HEADER) != 0;
		if (dbr_type(p) == T_ROW && !row)
			row = p;
		if (dbr_type(p) == T_TGROUP)
			group = p;
		if (dbr_type(p) == T_TGROUP || dbr_type(p) == T_TABLE)
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
	if (dbr_type(S_parent(r)) != T_FIGURE) {
		DC_TRY(S_node(r, DC_FIGURE));
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
	/* As written: writers that open the file resolve it against this
	 * input's folder (dc_node_file). */
	const char *url = dbr_strdup(r, fileref, strlen(fileref));
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
		fr->title =
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
	const char *label = fr->id;
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
		DC_TRY(dbr_leaf(r, DC_FOOTNOTE_REF, NULL, 0, line, col, &ref));
	if (ref)
		ref->as.note.label = label;
	fr = dbr_top(r);
	note->as.note.label = label;
	if (fr->id)
		DC_TRY(dbr_set_str(r, note, DC_STR_ID, fr->id));
	note->line = dc_node_coord(line);
	note->col = dc_node_col(col);
	fr->id = NULL;
	return dbr_push_ctx(r, note);
}

static enum dc_status S_footnoteref(struct dbr_reader *r, const char **attrs)
{
	const struct dbr_frame *fr = dbr_top(r);
	const char *label = dbr_attr_copy(r, attrs, "linkend");
	struct dc_node *ref;
	if (!label)
		return r->diag->error.status;
	if (!dc_map_has(&r->cited, label) &&
	    !dbr_remember(r, &r->cited, label))
		return dc_fail_oom(r->diag);
	DC_TRY(dbr_leaf(r, DC_FOOTNOTE_REF, NULL, 0, fr->proto.line,
		     fr->proto.col, &ref));
	if (ref)
		ref->as.note.label = label;
	return DC_OK;
}

/* ---- Elements ---- */

enum dc_status dbr_body_start(struct dbr_reader *r, const char *name,
			      const char **attrs)
{
	struct dbr_frame *fr = dbr_top(r);
	const char *role = dbr_attr(attrs, "role");
	switch (dbr_type(fr)) {
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
		return S_link(r, dbr_attr(attrs, DBR_NS(DBR_XLINK_NS, "href")),
			      dbr_attr(attrs, DBR_NS(DBR_XLINK_NS, "title")),
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
		return S_node(r, dbr_type(S_parent(r)) == T_TABLE ||
					 dbr_type(S_parent(r)) == T_MEDIAOBJECT
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

/* What an element leaves at its end: a quote's attribution, a chapter's
 * notes, an empty link's URL, the space after a run-in title. */
enum dc_status dbr_body_end(struct dbr_reader *r)
{
	struct dbr_frame *fr = dbr_top(r);
	bool run_in = dbr_type(fr) == T_TITLE && fr->proto.kind == DC_STRONG;
	long line, col;
	dbr_where(r, &line, &col);
	if (dbr_type(fr) == T_BLOCKQUOTE && fr->stash)
		DC_TRY(dbr_para_text(r, fr->stash, fr->stash_line, fr->stash_col));
	else if (fr->proto.kind == DC_CHAPTER && (fr->flags & FR_OPEN))
		DC_TRY(dbr_place_notes(r));
	else if (dbr_type(fr) == T_TGROUP)
		r->cols.len = fr->cols;
	else if (fr->proto.kind == DC_LINK && fr->node &&
		 !dc_node_first(fr->node) && dbr_ctx(r)->b->text.len == 0)
		DC_TRY(dbr_text(r, fr->proto.as.link.url,  /* as stylesheets do */
			     strlen(fr->proto.as.link.url), line, col));
	DC_TRY(dbr_pop(r));
	if (run_in)
		dbr_sep(r, SEP_SPACE, line, col);
	return DC_OK;
}
