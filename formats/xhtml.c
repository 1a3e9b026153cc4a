/* The XHTML serialiser shared by the HTML and EPUB writers.
 *
 * docs/xhtml-mapping.md is the table of what each node kind becomes.  The
 * shape of this file, as formats/docbook/write.c:
 *
 *  - A preparation (S_prepare) builds every lookup once: original id
 *    -> node, node -> id written (valid and unique; every chapter and
 *    section gets one, for the tables of contents), footnote label ->
 *    note, and each note's number and part.  One walk gathers the few
 *    nodes it is about; its steps then go over those.  Writing never
 *    searches.
 *  - One walk per run of nodes (S_walk: a loop over the tree's links, as
 *    it runs for every node) and one switch on the kind (S_node) calling
 *    one small function per kind.  Footnote bodies are walked again, one
 *    after the other, at the end of their part; alt texts and titles by
 *    a flat walk of their own.  Nothing recurses.
 *  - Most kinds map to one element: entering opens it, leaving closes
 *    it.  Blocks start on a line of their own; not a byte of white space
 *    is added inside inline content.  Tags are written with plain writes;
 *    only text and attribute values go through the escaping of xml.c.
 *
 * Footnotes: a note belongs to the part (content document) of its first
 * reference and is written at the end of that part, numbered in the order
 * of first references over the whole book, with a link back to that
 * reference. */
#include "xhtml.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "iter.h"
#include "map.h"
#include "path.h"
#include "pieces.h"
#include "xml.h"

/* ------------------------------------------------------------------ */
/* The default stylesheet */

const char dc_xhtml_css[] =
	"/* docconv's default stylesheet */\n"
	"body { margin: 0 5%; line-height: 1.5; font-family: serif;\n"
	"  orphans: 2; widows: 2; }\n"
	"p { margin: 0 0 0.75em; text-align: justify; hyphens: auto;\n"
	"  -webkit-hyphens: auto; -epub-hyphens: auto; }\n"
	"h1, h2, h3, h4, h5, h6 { font-family: sans-serif; line-height: 1.2;\n"
	"  text-align: left; hyphens: manual; -webkit-hyphens: manual;\n"
	"  -epub-hyphens: manual; page-break-after: avoid;\n"
	"  break-after: avoid; margin: 1.5em 0 0.75em; }\n"
	"h1 { font-size: 1.6em; }\n"
	"h2 { font-size: 1.35em; }\n"
	"h3 { font-size: 1.15em; }\n"
	"h4, h5, h6 { font-size: 1em; }\n"
	"header.title-block { margin-bottom: 2em; text-align: center; }\n"
	"header.title-block p { text-align: center; }\n"
	"code, pre { font-family: monospace; }\n"
	"pre { white-space: pre; overflow-x: auto; font-size: 0.85em;\n"
	"  line-height: 1.3; padding: 0.5em; margin: 0 0 0.75em;\n"
	"  background: #f5f5f5; border: 1px solid #ddd; }\n"
	"blockquote { margin: 0 0 0.75em 1.5em; padding-left: 0.75em;\n"
	"  border-left: 3px solid #ccc; }\n"
	"ul, ol { margin: 0 0 0.75em; padding-left: 1.5em; }\n"
	"li.task { list-style: none; }\n"
	"dt { font-weight: bold; }\n"
	"dd { margin: 0 0 0.5em 1.5em; }\n"
	"table { border-collapse: collapse; margin: 0 0 0.75em; }\n"
	"th, td { border: 1px solid #999; padding: 0.2em 0.5em;\n"
	"  vertical-align: top; }\n"
	"th { background: #eee; }\n"
	"caption, figcaption { font-size: 0.9em; font-style: italic; }\n"
	"figure { margin: 0 0 0.75em; text-align: center; }\n"
	"img { max-width: 100%; height: auto; }\n"
	"hr { border: none; border-top: 1px solid #999; margin: 1.5em 30%; }\n"
	"div.page-break { page-break-after: always; break-after: page; }\n"
	"div.note, div.tip, div.important, div.warning, div.caution {\n"
	"  margin: 0 0 0.75em; padding: 0.25em 0.75em;\n"
	"  border-left: 4px solid #888; background: #f8f8f8; }\n"
	"div.warning, div.caution { border-left-color: #c33; }\n"
	"a.footnote-ref { text-decoration: none; }\n"
	"aside.footnote, section.footnotes { font-size: 0.9em; }\n"
	"aside.footnote { margin-top: 1em; }\n"
	"nav ol { list-style: none; padding-left: 1.2em; }\n"
	"img.cover { display: block; margin: 0 auto; max-height: 100%; }\n";

/* ------------------------------------------------------------------ */
/* The serialiser's state */

struct S_note {
	const struct dc_node *node;  /* the DC_FOOTNOTE */
	unsigned refs;               /* references outside alt texts */
	bool outer;            /* referenced from outside every footnote */
	bool placed, by_ref;   /* numbered; placed by its first reference */
	bool ref_written;      /* the first reference (with its id) is out */
	unsigned number;
	size_t part;
	const char *id, *ref_id;
};

struct dc_xhtml {
	struct dc_xhtml_config cfg;
	const struct dc_doc *doc;
	struct dc_diag *diag;
	enum dc_status status;  /* the first failure */
	struct dc_arena arena;  /* lookups and their strings */

	struct dc_map ids;       /* original id -> its first node */
	struct dc_map used;      /* ids written: taken */
	struct dc_map node_ids;  /* node -> id written */
	struct dc_map labels;    /* footnote label -> its first note */
	struct dc_map notes;     /* DC_FOOTNOTE node -> struct S_note */
	struct S_note **order;  /* notes by number */
	size_t n_order, next_note;
	size_t n_containers;    /* chapters and sections */

	/* While writing a part. */
	struct dc_sink *out;
	size_t part;
	const struct dc_xhtml_run *run;
	struct S_note *note;  /* the note whose body is being written */
	int links;            /* open <a>: no <a> may go inside */
	int link_depth;       /* links and cross-references entered */
	uint64_t link_spans;  /* bit D: the one at depth D is a <span> */
	int table_part;       /* 0 none, 1 thead, 2 tbody open */
	struct dc_buf uri, href, text;
	struct dc_buf file;  /* dc_xhtml_image_file()'s answer */

	struct dc_xhtml_toc_entry *toc;
	const char *title, *lang;

	/* Where a long run of the root's children is cut into pieces
	 * written on two threads (S_write_pieces), when it may be. */
	struct dc_cuts cuts;
	/* The walks tell the document what they have read past (false on
	 * the helper thread, which writes pieces out of order). */
	bool reaches;
};

static bool S_oom(struct dc_xhtml *x)
{
	if (x->status == DC_OK)
		x->status = dc_fail_oom(x->diag);
	return false;
}

/* A warning about node N, at its place in its input; nothing may be
 * dropped or changed silently. */
__attribute__((format(printf, 3, 4)))
static void S_warn(struct dc_xhtml *x, const struct dc_node *n,
		   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	dc_node_vnote(x->diag, x->doc, n, fmt, ap);
	va_end(ap);
}


/* ------------------------------------------------------------------ */
/* Lookups */

/* N's own id, if it has one that is not empty. */
static const char *S_own_id(const struct dc_doc *doc, const struct dc_node *n)
{
	const char *id = dc_node_str(doc, n, DC_STR_ID);
	return id && id[0] ? id : NULL;
}

static bool S_is_container(const struct dc_node *n)
{
	return n->kind == DC_SECTION || n->kind == DC_CHAPTER;
}

/* The id written for N, or NULL.  Only nodes with an id of their own and
 * sections have one (S_assign_ids, S_container_ids): most nodes are
 * neither, and need no lookup. */
static const char *S_id_of(const struct dc_xhtml *x, const struct dc_node *n)
{
	if (!S_is_container(n) && !S_own_id(x->doc, n))
		return NULL;
	return dc_map_get(&x->node_ids, n);
}

/* BASE, or BASE-2, BASE-3...: the first not taken yet; now taken. */
static const char *S_unique(struct dc_xhtml *x, const char *base)
{
	const char *id = base;
	size_t size = strlen(base) + 16;
	for (unsigned k = 2; dc_map_has(&x->used, id); k++) {
		char *next = dc_arena_alloc(&x->arena, size);
		if (!next)
			return NULL;
		snprintf(next, size, "%s-%u", base, k);
		id = next;
	}
	return dc_map_put(&x->used, id, (void *)id) ? id : NULL;
}

/* ------------------------------------------------------------------ */
/* Plain text */

/* Append the plain text of N's subtree, in DOC, to BUF: text and code as
 * they are, breaks as spaces.  The preparation asks for every heading's,
 * in order: a walk of its own through the input (dc_doc_reached). */
static bool S_plain_into(const struct dc_doc *doc, struct dc_buf *buf,
			 const struct dc_node *n, bool reaches)
{
	struct dc_iter it;
	const struct dc_node *c;
	dc_iter_init(&it, n);
	while (dc_iter_next(&it, &c) != DC_EV_DONE) {
		if (it.event != DC_EV_ENTER)
			continue;
		if (reaches)
			dc_doc_reached(doc, c);
		bool ok = true;
		if (c->kind == DC_TEXT || c->kind == DC_CODE) {
			ok = dc_buf_append(buf, c->literal, c->len);
			if (ok && c->kind == DC_TEXT)
				dc_text_unbreak(buf->data + buf->len - c->len,
						c->len);
		} else if (c->kind == DC_SOFT_BREAK || c->kind == DC_LINE_BREAK)
			ok = dc_buf_putc(buf, ' ');
		else if (c->kind == DC_FOOTNOTE_REF || c->kind == DC_FOOTNOTE)
			dc_iter_skip_children(&it);
		if (!ok)
			return false;
	}
	return true;
}

const char *dc_xhtml_plain(struct dc_xhtml *x, const struct dc_node *n)
{
	x->text.len = 0;
	if (!dc_buf_reserve(&x->text, 0) || !S_plain_into(x->doc, &x->text, n,
								x->reaches)) {
		S_oom(x);
		return NULL;
	}
	char *s = dc_arena_strndup(&x->arena, x->text.data, x->text.len);
	if (!s)
		S_oom(x);
	return s;
}

/* The heading that titles a chapter or section: its first child. */
static const struct dc_node *S_title_heading(const struct dc_node *c)
{
	const struct dc_node *h = c ? dc_node_first(c) : NULL;
	return h && h->kind == DC_HEADING ? h : NULL;
}

/* A section written as its content alone (dc_xhtml_config.flat). */
static bool S_is_flat(const struct dc_xhtml *x, const struct dc_node *n)
{
	return x->cfg.flat && n->kind == DC_SECTION;
}

/* ------------------------------------------------------------------ */
/* Preparation: the nodes it is about */

/* The node after N in document order, within ROOT's subtree, its
 * children skipped unless INTO; NULL after the last.  A walk of the
 * preparation sees each node once, so it needs no dc_iter. */
static const struct dc_node *S_next(const struct dc_node *n,
				    const struct dc_node *root, bool into)
{
	if (into && dc_node_first(n))
		return dc_node_first(n);
	while (n != root && !dc_node_next(n))
		n = dc_node_parent(n);
	return n == root ? NULL : dc_node_next(n);
}

/* Is N inside a node of KIND? */
static bool S_within(const struct dc_node *n, enum dc_kind kind)
{
	for (const struct dc_node *p = dc_node_parent(n); p;
	     p = dc_node_parent(p))
		if (p->kind == kind)
			return true;
	return false;
}

/* Nodes in document order. */
struct S_list {
	const struct dc_node **at;
	size_t n, cap;
};

static bool S_push(struct S_list *l, const struct dc_node *n)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		void *at = cap < SIZE_MAX / sizeof *l->at
				   ? realloc(l->at, cap * sizeof *l->at) : NULL;
		if (!at)
			return false;
		l->at = at;
		l->cap = cap;
	}
	l->at[l->n++] = n;
	return true;
}

/* What each step of the preparation is about, gathered by one walk of
 * the document: the steps must run one after the other (a reference may
 * come before its note, a made-up id must not take a name the document
 * uses), and each then looks at its few nodes, not at all of them. */
struct S_gathered {
	struct S_list ids;         /* nodes with an id */
	struct S_list containers;  /* chapters and sections */
	struct S_list notes;       /* DC_FOOTNOTE */
	struct S_list marks;       /* DC_FOOTNOTE and DC_FOOTNOTE_REF */
};

static bool S_gather(const struct dc_doc *doc, struct S_gathered *g,
		     struct dc_cuts *cuts)
{
	const struct dc_node *root = doc->root;
	for (const struct dc_node *n = root; n; n = S_next(n, root, true)) {
		bool note = n->kind == DC_FOOTNOTE;
		dc_cuts_node(cuts, root, n, true);
		if ((S_own_id(doc, n) && !S_push(&g->ids, n)) ||
		    (S_is_container(n) && !S_push(&g->containers, n)) ||
		    (note && !S_push(&g->notes, n)) ||
		    ((note || n->kind == DC_FOOTNOTE_REF) &&
		     !S_push(&g->marks, n)))
			return false;
	}
	return true;
}

static void S_gathered_free(struct S_gathered *g)
{
	free(g->ids.at);
	free(g->containers.at);
	free(g->notes.at);
	free(g->marks.at);
}

/* ------------------------------------------------------------------ */
/* Preparation: ids */

static bool S_new_note(struct dc_xhtml *x, const struct dc_node *n)
{
	struct S_note *note = dc_arena_alloc(&x->arena, sizeof *note);
	if (!note)
		return S_oom(x);
	note->node = n;
	if (!dc_map_put(&x->notes, n, note))
		return S_oom(x);
	const char *label = n->as.note.label;
	if (label && !dc_map_has(&x->labels, label) &&
	    !dc_map_put(&x->labels, label, note))
		return S_oom(x);
	return true;
}

/* Ids by name (the first node keeps a duplicated one) and notes. */
static bool S_collect(struct dc_xhtml *x, const struct S_gathered *g)
{
	for (size_t i = 0; i < g->ids.n; i++) {
		const struct dc_node *n = g->ids.at[i];
		const char *id = dc_node_str(x->doc, n, DC_STR_ID);
		if (dc_map_get(&x->ids, id))
			S_warn(x, n, "duplicate id '%s' dropped", id);
		else if (!dc_map_put(&x->ids, id, (void *)n))
			return S_oom(x);
	}
	for (size_t i = 0; i < g->notes.n; i++)
		if (!S_new_note(x, g->notes.at[i]))
			return false;
	return true;
}

/* References counted; those in an image's alt text are never written. */
static void S_count_refs(struct dc_xhtml *x, const struct S_gathered *g)
{
	for (size_t i = 0; i < g->marks.n; i++) {
		const struct dc_node *n = g->marks.at[i];
		struct S_note *note = n->kind == DC_FOOTNOTE_REF ?
			dc_map_get(&x->labels, n->as.note.label) : NULL;
		if (!note || S_within(n, DC_IMAGE))
			continue;
		note->refs++;
		note->outer |= !S_within(n, DC_FOOTNOTE);
	}
}

/* Give every owned id its written form: valid ones first, as they are,
 * so that a made-up one never takes a name the document uses. */
static bool S_assign_ids(struct dc_xhtml *x, const struct S_gathered *g,
			 bool valid)
{
	for (size_t i = 0; i < g->ids.n; i++) {
		const struct dc_node *n = g->ids.at[i];
		const char *id = dc_node_str(x->doc, n, DC_STR_ID);
		if (dc_xml_is_ncname(id) != valid ||
		    dc_map_get(&x->ids, id) != n)
			continue;
		const char *base = valid ? id : dc_xml_ncname(&x->arena, id);
		const char *out = base ? S_unique(x, base) : NULL;
		if (!out)
			return S_oom(x);
		if (!dc_map_put(&x->node_ids, n, (void *)out))
			return S_oom(x);
		if (!valid)
			dc_info(x->diag, "id '%s' is not an XML name; written "
				"as '%s'", id, out);
	}
	return true;
}

/* An id made from a title: ASCII letters and digits in lower case, each
 * run of anything else a hyphen; "section" when nothing is left. */
static const char *S_slug(struct dc_xhtml *x, const char *title)
{
	enum { MAX_SLUG = 40 };
	char slug[MAX_SLUG + 1];
	size_t used = 0;
	bool gap = false;
	for (const char *s = title; *s && used < MAX_SLUG; s++) {
		char c = *s;
		bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (c >= 'A' && c <= 'Z') {
			c = (char)(c - 'A' + 'a');
			alnum = true;
		}
		if (!alnum) {
			gap = used > 0;
			continue;
		}
		if (gap && used + 1 < MAX_SLUG)
			slug[used++] = '-';
		gap = false;
		slug[used++] = c;
	}
	slug[used] = '\0';
	const char *base = used == 0 ? "section"
			   : slug[0] >= '0' && slug[0] <= '9' ? NULL : slug;
	char *copy = NULL;
	if (!base) {  /* an id may not start with a digit */
		copy = dc_arena_alloc(&x->arena, used + 3);
		if (copy)
			snprintf(copy, used + 3, "s-%s", slug);
	} else {
		copy = dc_arena_strdup(&x->arena, base);
	}
	return copy ? S_unique(x, copy) : NULL;
}

/* Every chapter and section has an id (the tables of contents point at
 * it): its own, else its title heading's, else one made from its title.
 * Flat sections are not written, so none is made for them unless asked. */
static bool S_container_ids(struct dc_xhtml *x, const struct S_gathered *g)
{
	for (size_t i = 0; i < g->containers.n; i++) {
		const struct dc_node *n = g->containers.at[i];
		if (S_id_of(x, n) || (S_is_flat(x, n) && !x->cfg.flat_ids))
			continue;
		const struct dc_node *h = S_title_heading(n);
		const char *id = h ? S_id_of(x, h) : NULL;
		if (!id) {
			const char *title = h ? dc_xhtml_plain(x, h) : "";
			id = title ? S_slug(x, title) : NULL;
		}
		if (!id)
			return S_oom(x);
		if (!dc_map_put(&x->node_ids, n, (void *)id))
			return S_oom(x);
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* Preparation: footnotes */

static size_t S_part_of(const struct dc_xhtml *x, const struct dc_node *n)
{
	const struct dc_xhtml_hooks *h = &x->cfg.hooks;
	return h->part_of ? h->part_of(h->ctx, n) : 0;
}

/* NAME-NUMBER made unique. */
static const char *S_numbered_id(struct dc_xhtml *x, const char *name,
				 unsigned number)
{
	char base[64];
	snprintf(base, sizeof base, "%s-%u", name, number);
	char *copy = dc_arena_strdup(&x->arena, base);
	return copy ? S_unique(x, copy) : NULL;
}

static bool S_place(struct dc_xhtml *x, struct S_note *note, size_t part,
		    bool by_ref)
{
	note->placed = true;
	note->by_ref = by_ref;
	note->part = part;
	note->number = (unsigned)x->n_order + 1;
	x->order[x->n_order++] = note;
	const char *own = S_id_of(x, note->node);
	note->id = own ? own : S_numbered_id(x, "fn", note->number);
	note->ref_id = S_numbered_id(x, "fnref", note->number);
	return note->id && note->ref_id ? true : S_oom(x);
}

/* A note no reference outside a footnote places goes where it stands:
 * never referenced, a second definition, no label, or referenced only
 * from other notes (which may cite each other in a circle). */
static bool S_stand(struct dc_xhtml *x, const struct dc_node *n, size_t part)
{
	struct S_note *note = dc_map_get(&x->notes, n);
	const char *label = n->as.note.label;
	bool first = label && dc_map_get(&x->labels, label) == note;
	if (!note || note->placed || (first && note->outer))
		return true;
	if (!label)
		S_warn(x, n, "footnote without a label written at the end of "
		       "its part");
	else if (!first)
		S_warn(x, n, "footnote [%s] defined again; the second written "
		       "as another note", label);
	else if (note->refs == 0)
		S_warn(x, n, "footnote [%s] is never referenced", label);
	return S_place(x, note, part, false);
}

/* The notes the bodies of notes FROM... cite go with them. */
static bool S_place_nested(struct dc_xhtml *x, size_t from)
{
	for (size_t k = from; k < x->n_order; k++) {
		const struct dc_node *root = x->order[k]->node;
		size_t part = x->order[k]->part;
		for (const struct dc_node *n = dc_node_first(root); n;
		     n = S_next(n, root, n->kind != DC_IMAGE)) {
			struct S_note *note = n->kind == DC_FOOTNOTE_REF ?
				dc_map_get(&x->labels, n->as.note.label) : NULL;
			bool ok = true;
			if (n->kind == DC_FOOTNOTE)
				ok = S_stand(x, n, part);
			else if (note && !note->placed)
				ok = S_place(x, note, part, true);
			if (!ok)
				return false;
		}
	}
	return true;
}

/* Number and place every note, in the order the parts will be written. */
static bool S_place_notes(struct dc_xhtml *x, const struct S_gathered *g)
{
	for (size_t i = 0; i < g->marks.n; i++) {
		const struct dc_node *n = g->marks.at[i];
		if (S_within(n, DC_IMAGE) || S_within(n, DC_FOOTNOTE))
			continue;  /* never written; placed with its note */
		size_t from = x->n_order;
		bool ok = true;
		if (n->kind == DC_FOOTNOTE) {
			ok = S_stand(x, n, S_part_of(x, n));
		} else if (n->kind == DC_FOOTNOTE_REF) {
			struct S_note *note =
				dc_map_get(&x->labels, n->as.note.label);
			if (note && !note->placed)
				ok = S_place(x, note, S_part_of(x, n), true);
		}
		if (!ok || !S_place_nested(x, from))
			return false;
	}
	return true;
}

static bool S_prepare_with(struct dc_xhtml *x, const struct S_gathered *g)
{
	size_t ids = g->ids.n, containers = g->containers.n;
	size_t notes = g->notes.n;
	size_t taken = ids + containers + 2 * notes;
	if (!dc_map_init(&x->ids, &x->arena, ids, true) ||
	    !dc_map_init(&x->used, &x->arena, taken, true) ||
	    !dc_map_init(&x->node_ids, &x->arena, ids + containers, false) ||
	    !dc_map_init(&x->labels, &x->arena, notes, true) ||
	    !dc_map_init(&x->notes, &x->arena, notes, false) ||
	    notes > SIZE_MAX / sizeof *x->order)
		return S_oom(x);
	x->order = dc_arena_alloc(&x->arena, (notes + 1) * sizeof *x->order);
	if (!x->order)
		return S_oom(x);
	x->n_containers = containers;
	if (!S_collect(x, g))
		return false;
	S_count_refs(x, g);
	return S_assign_ids(x, g, true) && S_assign_ids(x, g, false) &&
	       S_container_ids(x, g) && S_place_notes(x, g);
}

static bool S_prepare(struct dc_xhtml *x)
{
	struct S_gathered g = {0};
	dc_cuts_init(&x->cuts, x->cfg.piece_nodes);
	bool ok = S_gather(x->doc, &g, &x->cuts) ? S_prepare_with(x, &g)
						   : S_oom(x);
	dc_cuts_end(&x->cuts);
	/* Footnotes are numbered and written in the order they are
	 * reached, and an image_src hook is the caller's, for one thread:
	 * a document with either is written on one thread. */
	if (g.marks.n > 0 || x->cfg.hooks.image_src)
		dc_cuts_free(&x->cuts);
	S_gathered_free(&g);
	return ok;
}

enum dc_status dc_xhtml_new(const struct dc_xhtml_config *config,
			    struct dc_xhtml **out)
{
	struct dc_xhtml *x = calloc(1, sizeof *x);
	*out = NULL;
	if (!x)
		return dc_fail_oom(config->diag);
	x->cfg = *config;
	x->doc = config->doc;
	x->diag = config->diag;
	x->reaches = true;
	dc_arena_init(&x->arena);
	if (!S_prepare(x)) {
		enum dc_status st = x->status;
		dc_xhtml_free(x);
		return st;
	}
	*out = x;
	return DC_OK;
}

void dc_xhtml_free(struct dc_xhtml *x)
{
	if (!x)
		return;
	dc_buf_free(&x->uri);
	dc_buf_free(&x->href);
	dc_buf_free(&x->text);
	dc_buf_free(&x->file);
	free(x->toc);
	dc_cuts_free(&x->cuts);
	dc_arena_free(&x->arena);
	free(x);
}

/* ------------------------------------------------------------------ */
/* Output */

static void S_puts(struct dc_xhtml *x, const char *s)
{
	dc_sink_puts(x->out, s);
}

static void S_text(struct dc_xhtml *x, const char *s, size_t len)
{
	if (s)
		dc_xml_text(x->out, s, len);
}

/* An attribute of an element: one whose value is NULL is left out. */
struct S_attr {
	const char *name, *value;
};

/* The attributes of an element as S_open_with() and S_void() take them,
 * an array and its length: S_ATTRS({"class", c}, {"href", h}).  Not a
 * va_list: the compiler checks them, and nothing is formatted. */
#define S_ATTRS(...) (const struct S_attr[]){__VA_ARGS__}, \
	sizeof((const struct S_attr[]){__VA_ARGS__}) / sizeof(struct S_attr)

static void S_attr(struct dc_xhtml *x, const char *name, const char *value)
{
	dc_sink_putc(x->out, ' ');
	S_puts(x, name);
	dc_sink_write(x->out, "=\"", 2);
	dc_xml_attr(x->out, value);
	dc_sink_putc(x->out, '"');
}

/* <NAME id="ID" a="v"...>, the N ATTRS after the id; SLASH closes it at
 * once (void elements only). */
static void S_tag(struct dc_xhtml *x, const char *name, const char *id,
		  const struct S_attr *attrs, size_t n, bool slash)
{
	dc_sink_putc(x->out, '<');
	S_puts(x, name);
	if (id)
		S_attr(x, "id", id);
	for (size_t i = 0; i < n; i++)
		if (attrs[i].value)
			S_attr(x, attrs[i].name, attrs[i].value);
	if (slash)
		dc_sink_write(x->out, "/>", 2);
	else
		dc_sink_putc(x->out, '>');
}

static void S_open(struct dc_xhtml *x, const char *name, const char *id)
{
	S_tag(x, name, id, NULL, 0, false);
}

static void S_open_with(struct dc_xhtml *x, const char *name,
			const char *id, const struct S_attr *attrs, size_t n)
{
	S_tag(x, name, id, attrs, n, false);
}

static void S_void(struct dc_xhtml *x, const char *name, const char *id,
		   const struct S_attr *attrs, size_t n)
{
	S_tag(x, name, id, attrs, n, true);
}

static void S_close(struct dc_xhtml *x, const char *name)
{
	dc_sink_write(x->out, "</", 2);
	S_puts(x, name);
	dc_sink_putc(x->out, '>');
}

/* A block element: on a line of its own. */
static void S_block(struct dc_xhtml *x, const char *name, const char *id,
		    bool entering)
{
	if (entering)
		S_open(x, name, id);
	else
		S_close(x, name);
	dc_sink_putc(x->out, '\n');
}

/* Where a node's id has no element of its own to go on: an empty one. */
static void S_anchor(struct dc_xhtml *x, const struct dc_node *n, bool block)
{
	const char *id = S_id_of(x, n);
	if (!id)
		return;
	S_open(x, block ? "div" : "span", id);
	S_close(x, block ? "div" : "span");
	if (block)
		dc_sink_putc(x->out, '\n');
}

/* S made an href (dc_xml_href), in x->uri until the next call. */
static const char *S_uri(struct dc_xhtml *x, const char *s)
{
	if (!dc_xml_href(&x->uri, s)) {
		S_oom(x);
		return "";
	}
	if (s && s[0] && strcmp(x->uri.data, s) != 0)
		dc_info(x->diag, "URI '%s' written as '%s'", s, x->uri.data);
	return x->uri.data;
}

/* The href of ID in PART, from the part being written: "#ID" or
 * "FILE#ID"; in x->href until the next call. */
static const char *S_href(struct dc_xhtml *x, size_t part, const char *id)
{
	const struct dc_xhtml_hooks *h = &x->cfg.hooks;
	const char *file = h->part_name && part != x->part
				   ? h->part_name(h->ctx, part) : "";
	struct dc_buf *b = &x->href;
	b->len = 0;
	if (!dc_buf_append(b, file, strlen(file)) || !dc_buf_putc(b, '#') ||
	    !dc_buf_append(b, id, strlen(id))) {
		S_oom(x);
		return "#";
	}
	return b->data;
}

/* The part a node is written in: a note's body goes with its note. */
static size_t S_target_part(const struct dc_xhtml *x,
			    const struct dc_node *n)
{
	for (const struct dc_node *p = n; p; p = dc_node_parent(p)) {
		const struct S_note *note = p->kind == DC_FOOTNOTE ?
			dc_map_get(&x->notes, p) : NULL;
		if (note && note->placed)
			return note->part;
	}
	return S_part_of(x, n);
}

/* The href of the node the model calls ID, or NULL when there is none. */
static const char *S_target_href(struct dc_xhtml *x, const char *id)
{
	const struct dc_node *target = dc_map_get(&x->ids, id);
	if (!target)
		return NULL;
	const struct S_note *note = target->kind == DC_FOOTNOTE ?
		dc_map_get(&x->notes, target) : NULL;
	const char *out = note && note->placed ? note->id
					       : S_id_of(x, target);
	return out ? S_href(x, S_target_part(x, target), out) : NULL;
}

/* ------------------------------------------------------------------ */
/* Blocks */

/* The heading level of a chapter's or section's title: how deep the
 * section is, so the outline is always well formed. */
static int S_title_level(const struct dc_node *heading)
{
	int level = 0;
	for (const struct dc_node *p = dc_node_parent(heading); p;
	     p = dc_node_parent(p))
		level += S_is_container(p);
	return level < 1 ? 1 : level > 6 ? 6 : level;
}

static bool S_is_title(const struct dc_node *heading)
{
	const struct dc_node *p = dc_node_parent(heading);
	return p && S_is_container(p) && dc_node_first(p) == heading;
}

static void S_container(struct dc_xhtml *x, const struct dc_node *n,
			bool entering)
{
	bool chapter = n->kind == DC_CHAPTER;
	if (S_is_flat(x, n))
		return;
	if (!entering) {
		S_block(x, "section", NULL, false);
		return;
	}
	S_open_with(x, "section", S_id_of(x, n),
		    S_ATTRS({"class", chapter ? "chapter" : NULL},
			    {"epub:type", chapter && x->cfg.epub ? "chapter"
								  : NULL}));
	dc_sink_putc(x->out, '\n');
}

static void S_heading(struct dc_xhtml *x, const struct dc_node *n,
		      bool entering)
{
	bool title = S_is_title(n);
	bool flat = title && S_is_flat(x, dc_node_parent(n));
	static const char *const names[] = {"h1", "h2", "h3", "h4", "h5", "h6"};
	int level = title && !flat ? S_title_level(n) : n->as.heading.level;
	const char *name = names[level < 1 ? 0 : level > 6 ? 5 : level - 1];
	if (!entering) {
		S_block(x, name, NULL, false);
		return;
	}
	const char *own = S_id_of(x, n);
	const char *id = own;
	if (title && S_id_of(x, dc_node_parent(n)) == own)
		id = NULL;  /* the section carries it */
	if (flat || (title && x->run && x->run->owner == dc_node_parent(n))) {
		/* The section is not written: its id goes on its title. */
		const char *section = S_id_of(x, dc_node_parent(n));
		id = section ? section : own;
	}
	S_open(x, name, id);
	if (own && id != own &&
	    (!title || S_id_of(x, dc_node_parent(n)) != own)) {
		S_open(x, "span", own);
		S_close(x, "span");
	}
}

/* A note's link back to its reference. */
static void S_backlink(struct dc_xhtml *x, const struct S_note *note)
{
	char number[32];
	snprintf(number, sizeof number, "%u", note->number);
	if (!note->by_ref) {
		if (x->cfg.epub) {
			S_open_with(x, "span", NULL,
				    S_ATTRS({"class", "footnote-number"}));
			S_puts(x, number);
			S_close(x, "span");
			S_puts(x, " ");
		}
		return;
	}
	const char *href = S_href(x, note->part, note->ref_id);
	if (x->cfg.epub) {
		S_open_with(x, "a", NULL, S_ATTRS({"class", "footnote-back"},
						  {"href", href}));
		S_puts(x, number);
		S_close(x, "a");
		S_puts(x, " ");
	} else {
		S_puts(x, " ");
		S_open_with(x, "a", NULL, S_ATTRS({"class", "footnote-back"},
						  {"href", href},
						  {"role", "doc-backlink"}));
		S_puts(x, "\xE2\x86\xA9\xEF\xB8\x8E");  /* ↩︎ */
		S_close(x, "a");
	}
}

/* A paragraph of an item of a tight list has no <p>: its text stands in
 * the <li>, as such lists are shown. */
static bool S_tight(const struct dc_node *n)
{
	const struct dc_node *item = dc_node_parent(n);
	const struct dc_node *list = item ? dc_node_parent(item) : NULL;
	return n->kind == DC_PARAGRAPH && item->kind == DC_LIST_ITEM &&
	       list && list->as.list.tight;
}

/* EPUB puts the note's number first, HTML its back link last, inside the
 * first or last paragraph of the body. */
static void S_paragraph(struct dc_xhtml *x, const struct dc_node *n,
			bool entering)
{
	const struct S_note *note = x->note;
	bool in_note = note && dc_node_parent(n) == note->node;
	if (S_tight(n)) {
		if (entering)
			S_anchor(x, n, false);
		else if (dc_node_next(n))
			dc_sink_putc(x->out, '\n');
		return;
	}
	if (entering) {
		S_open(x, "p", S_id_of(x, n));
		if (in_note && x->cfg.epub && n == dc_node_first(note->node))
			S_backlink(x, note);
		return;
	}
	if (in_note && !x->cfg.epub && !dc_node_next(n))  /* the note's last */
		S_backlink(x, note);
	S_block(x, "p", NULL, false);
}

static const char *const list_types[] = {
	[DC_LIST_DECIMAL] = NULL,
	[DC_LIST_LOWER_ALPHA] = "a",
	[DC_LIST_UPPER_ALPHA] = "A",
	[DC_LIST_LOWER_ROMAN] = "i",
	[DC_LIST_UPPER_ROMAN] = "I",
};

static void S_ordered_list(struct dc_xhtml *x, const struct dc_node *n,
			   bool entering)
{
	if (!entering) {
		S_block(x, "ol", NULL, false);
		return;
	}
	enum dc_list_style style = n->as.list.style;
	char start[32] = "";
	if (n->as.list.start != 1)
		snprintf(start, sizeof start, "%d", n->as.list.start);
	S_open_with(x, "ol", S_id_of(x, n),
		    S_ATTRS({"start", n->as.list.start != 1 ? start : NULL},
			    {"type", style <= DC_LIST_UPPER_ROMAN
					     ? list_types[style] : NULL}));
	dc_sink_putc(x->out, '\n');
}

/* A task item shows its state as a disabled check box. */
static void S_list_item(struct dc_xhtml *x, const struct dc_node *n,
			bool entering)
{
	enum dc_task task = n->as.item.task;
	if (!entering) {
		S_block(x, "li", NULL, false);
		return;
	}
	S_open_with(x, "li", S_id_of(x, n),
		    S_ATTRS({"class", task != DC_TASK_NONE ? "task" : NULL}));
	if (task != DC_TASK_NONE)
		S_void(x, "input", NULL,
		       S_ATTRS({"type", "checkbox"}, {"disabled", "disabled"},
			       {"checked", task == DC_TASK_DONE ? "checked"
								: NULL}));
	if (!dc_node_first(n) || !S_tight(dc_node_first(n)))
		dc_sink_putc(x->out, '\n');
}

/* <dt> and <dd> stand in the <dl> itself: an item has no element. */
static void S_def_item(struct dc_xhtml *x, const struct dc_node *n,
		       bool entering)
{
	if (entering && S_id_of(x, n))
		dc_info(x->diag, "id '%s' of a definition item dropped: it has "
			"no element", dc_node_str(x->doc, n, DC_STR_ID));
}

static void S_code_block(struct dc_xhtml *x, const struct dc_node *n)
{
	char cls[128];
	const char *lang = dc_node_str(x->doc, n, DC_STR_LANG);
	if (lang && lang[0])
		snprintf(cls, sizeof cls, "language-%s", lang);
	S_open(x, "pre", S_id_of(x, n));
	S_open_with(x, "code", NULL,
		    S_ATTRS({"class", lang && lang[0] ? cls : NULL}));
	S_text(x, n->literal, n->len);
	S_close(x, "code");
	S_block(x, "pre", NULL, false);
}

static void S_void_block(struct dc_xhtml *x, const char *name,
			 const struct dc_node *n)
{
	S_void(x, name, S_id_of(x, n), NULL, 0);
	dc_sink_putc(x->out, '\n');
}

static void S_page_break(struct dc_xhtml *x, const struct dc_node *n)
{
	S_open_with(x, "div", S_id_of(x, n),
		    S_ATTRS({"class", "page-break"}));
	S_block(x, "div", NULL, false);
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

static const char *const table_parts[] = {NULL, "thead", "tbody"};

/* The leading rows of header cells go in <thead>, the rest in <tbody>. */
static void S_table_row(struct dc_xhtml *x, const struct dc_node *n,
			bool entering)
{
	if (!entering) {
		S_block(x, "tr", NULL, false);
		return;
	}
	int want = S_header_row(n) && x->table_part < 2 ? 1 : 2;
	if (dc_node_parent(n) && dc_node_parent(n)->kind == DC_TABLE &&
	    want != x->table_part) {
		if (x->table_part)
			S_block(x, table_parts[x->table_part], NULL, false);
		S_block(x, table_parts[want], NULL, true);
		x->table_part = want;
	}
	S_block(x, "tr", S_id_of(x, n), true);
}

static void S_table(struct dc_xhtml *x, const struct dc_node *n,
		    bool entering)
{
	if (!entering && x->table_part)
		S_block(x, table_parts[x->table_part], NULL, false);
	x->table_part = 0;
	S_block(x, "table", entering ? S_id_of(x, n) : NULL, entering);
}

static const char *const aligns[] = {
	[DC_ALIGN_NONE] = NULL,
	[DC_ALIGN_LEFT] = "text-align: left",
	[DC_ALIGN_CENTER] = "text-align: center",
	[DC_ALIGN_RIGHT] = "text-align: right",
};

static void S_table_cell(struct dc_xhtml *x, const struct dc_node *n,
			 bool entering)
{
	const char *name = n->as.cell.header ? "th" : "td";
	enum dc_align align = n->as.cell.align;
	if (!entering) {
		S_block(x, name, NULL, false);
		return;
	}
	S_open_with(x, name, S_id_of(x, n),
		    S_ATTRS({"style", align <= DC_ALIGN_RIGHT ? aligns[align]
							      : NULL}));
}

static void S_caption(struct dc_xhtml *x, const struct dc_node *n,
		      bool entering)
{
	bool table = dc_node_parent(n) && dc_node_parent(n)->kind == DC_TABLE;
	const char *name = table ? "caption" : "figcaption";
	if (entering)
		S_open(x, name, S_id_of(x, n));
	else
		S_block(x, name, NULL, false);
}

/* A note's body is written at the end of its part, not where it stands:
 * false there, where its children are not written. */
static bool S_footnote(struct dc_xhtml *x, const struct dc_node *n,
		       bool entering)
{
	const struct S_note *note = x->note;
	if (!note || n != note->node)
		return false;
	const char *name = x->cfg.epub ? "aside" : "li";
	if (!entering) {
		const struct dc_node *last = dc_node_last_child(n);
		if (!x->cfg.epub && (!last || last->kind != DC_PARAGRAPH)) {
			S_open(x, "p", NULL);
			S_backlink(x, note);
			S_block(x, "p", NULL, false);
		}
		S_block(x, name, NULL, false);
		return true;
	}
	if (x->cfg.epub)
		S_open_with(x, "aside", note->id,
			    S_ATTRS({"class", "footnote"},
				    {"epub:type", "footnote"}));
	else
		S_open(x, "li", note->id);
	dc_sink_putc(x->out, '\n');
	if (x->cfg.epub && (!dc_node_first(n) ||
			    dc_node_first(n)->kind != DC_PARAGRAPH)) {
		S_open(x, "p", NULL);
		S_backlink(x, note);
		S_block(x, "p", NULL, false);
	}
	return true;
}

static const char *const admonitions[] = {
	[DC_NOTE] = "note",
	[DC_TIP] = "tip",
	[DC_IMPORTANT] = "important",
	[DC_WARNING] = "warning",
	[DC_CAUTION] = "caution",
};

static void S_admonition(struct dc_xhtml *x, const struct dc_node *n,
			 bool entering)
{
	enum dc_admonition_type type = n->as.admonition.type;
	if (!entering) {
		S_block(x, "div", NULL, false);
		return;
	}
	S_open_with(x, "div", S_id_of(x, n),
		    S_ATTRS({"class", type <= DC_CAUTION ? admonitions[type]
							 : "note"}));
	dc_sink_putc(x->out, '\n');
}

/* Raw HTML goes through as it is: its author answers for it. */
static bool S_is_html(const char *format)
{
	return format && (strcasecmp(format, "html") == 0 ||
			  strcasecmp(format, "xhtml") == 0);
}

static void S_raw(struct dc_xhtml *x, const struct dc_node *n, bool block)
{
	S_anchor(x, n, block);
	const char *format = dc_node_str(x->doc, n, DC_STR_FORMAT);
	if (!S_is_html(format)) {
		dc_info(x->diag, "raw %s %s dropped",
			format ? format : "(unnamed)",
			block ? "block" : "inline");
		return;
	}
	dc_sink_write(x->out, n->literal, n->len);
	if (block && (n->len == 0 || n->literal[n->len - 1] != '\n'))
		dc_sink_putc(x->out, '\n');
}

/* ------------------------------------------------------------------ */
/* Inlines */

static void S_inline(struct dc_xhtml *x, const char *name,
		     const struct dc_node *n, bool entering)
{
	if (entering)
		S_open(x, name, S_id_of(x, n));
	else
		S_close(x, name);
}

static void S_inline_text(struct dc_xhtml *x, const struct dc_node *n)
{
	S_anchor(x, n, false);
	S_text(x, n->literal, n->len);
}

static void S_code(struct dc_xhtml *x, const struct dc_node *n)
{
	S_open(x, "code", S_id_of(x, n));
	S_text(x, n->literal, n->len);
	S_close(x, "code");
}

/* Enter a link or cross-reference to HREF: an <a>, or a <span> when it
 * stands inside another <a> or has nowhere to lead (HREF NULL). */
static void S_enter_link(struct dc_xhtml *x, const struct dc_node *n,
			 const char *href, const char *title)
{
	int depth = x->link_depth++;
	bool plain = x->links > 0 || !href;
	if (depth < 64 && plain)
		x->link_spans |= (uint64_t)1 << depth;
	else if (depth < 64)
		x->link_spans &= ~((uint64_t)1 << depth);
	if (plain) {
		S_open_with(x, "span", S_id_of(x, n),
			    S_ATTRS({"class", "link"}));
		return;
	}
	S_open_with(x, "a", S_id_of(x, n),
		    S_ATTRS({"href", href}, {"title", title}));
	x->links++;
}

static void S_exit_link(struct dc_xhtml *x)
{
	int depth = --x->link_depth;
	bool plain = depth < 64 && (x->link_spans >> depth & 1);
	if (!plain)
		x->links--;
	S_close(x, plain ? "span" : "a");
}

/* Does URL lead out of the book to a file beside it?  Only links with a
 * scheme or to a place inside the book may stand in an EPUB. */
static bool S_leaves_book(const char *url)
{
	size_t scheme = strcspn(url, ":/?#");
	return url[0] != '#' && (url[scheme] != ':' || scheme == 0);
}

/* "#ID" of this document goes to where ID is written, across parts. */
static void S_link(struct dc_xhtml *x, const struct dc_node *n,
		   bool entering)
{
	if (!entering) {
		S_exit_link(x);
		return;
	}
	const char *url = n->as.link.url ? n->as.link.url : "";
	const char *href = url[0] == '#' ? S_target_href(x, url + 1) : NULL;
	if (!href && x->cfg.epub && S_leaves_book(url)) {
		S_warn(x, n, "link to '%s' outside the book written as text",
		       url);
	} else if (!href) {
		href = S_uri(x, url);
	}
	S_enter_link(x, n, href, dc_node_str(x->doc, n, DC_STR_TITLE));
}

/* The text of a cross-reference without any of its own: the target's
 * title, or its id. */
static void S_xref_text(struct dc_xhtml *x, const struct dc_node *target,
			const char *id)
{
	const struct dc_node *title = target && S_is_container(target)
					      ? S_title_heading(target)
					      : target;
	const char *text = NULL;
	if (title && title->kind == DC_HEADING)
		text = dc_xhtml_plain(x, title);
	if (!text || !text[0])
		text = id;
	S_text(x, text, strlen(text));
}

static void S_xref(struct dc_xhtml *x, const struct dc_node *n,
		   bool entering)
{
	if (!entering) {
		S_exit_link(x);
		return;
	}
	const char *id = n->as.link.url ? n->as.link.url : "";
	const char *href = S_target_href(x, id);
	if (!href)
		S_warn(x, n, "cross-reference to unknown id '%s' written as "
		       "text", id);
	S_enter_link(x, n, href, NULL);
	if (!dc_node_first(n))
		S_xref_text(x, href ? dc_map_get(&x->ids, id) : NULL, id);
}

/* <img> with the alt text (the children, as plain text) and title; an
 * image the hook cannot show becomes its alt text.  The walk does not go
 * into its children. */
static void S_image(struct dc_xhtml *x, const struct dc_node *n,
		    bool entering)
{
	if (!entering)
		return;
	const char *src = n->as.link.url ? n->as.link.url : "";
	const struct dc_xhtml_hooks *h = &x->cfg.hooks;
	if (h->image_src) {
		enum dc_status st = h->image_src(h->ctx, n, &src);
		if (st != DC_OK) {
			if (x->status == DC_OK)
				x->status = st;
			return;
		}
	} else {
		src = S_uri(x, src);
	}
	const char *alt = dc_xhtml_plain(x, n);
	if (!alt)
		return;
	if (!src) {
		S_open_with(x, "span", S_id_of(x, n),
			    S_ATTRS({"class", "image-alt"}));
		S_text(x, alt, strlen(alt));
		S_close(x, "span");
		return;
	}
	S_void(x, "img", S_id_of(x, n),
	       S_ATTRS({"src", src}, {"alt", alt},
		       {"title", dc_node_str(x->doc, n, DC_STR_TITLE)}));
	if (dc_node_parent(n) && dc_node_parent(n)->kind == DC_FIGURE)
		dc_sink_putc(x->out, '\n');
}

/* A hard break keeps the source's line end after it, as a soft one is. */
static void S_break(struct dc_xhtml *x, const struct dc_node *n, bool hard)
{
	S_anchor(x, n, false);
	if (hard)
		S_void(x, "br", NULL, NULL, 0);
	dc_sink_putc(x->out, '\n');
}

/* The note's number, a link to it; no link inside another link.  The
 * first reference written carries the id the note links back to. */
static void S_footnote_ref(struct dc_xhtml *x, const struct dc_node *n)
{
	const char *label = n->as.note.label ? n->as.note.label : "";
	struct S_note *note = dc_map_get(&x->labels, label);
	S_anchor(x, n, false);
	if (!note || !note->placed) {
		S_warn(x, n, "reference to undefined footnote [%s] written as "
		       "its label", label);
		S_open(x, "sup", NULL);
		S_text(x, label, strlen(label));
		S_close(x, "sup");
		return;
	}
	const char *id = note->ref_written ? NULL : note->ref_id;
	note->ref_written = true;
	char number[32];
	snprintf(number, sizeof number, "%u", note->number);
	if (x->links > 0) {
		S_open(x, "sup", id);
	} else {
		const char *href = S_href(x, note->part, note->id);
		bool epub = x->cfg.epub;
		S_open_with(x, "a", id,
			    S_ATTRS({"class", "footnote-ref"}, {"href", href},
				    {"epub:type", epub ? "noteref" : NULL},
				    {"role", epub ? NULL : "doc-noteref"}));
		S_open(x, "sup", NULL);
	}
	S_puts(x, number);
	S_close(x, "sup");
	if (x->links == 0)
		S_close(x, "a");
}

/* ------------------------------------------------------------------ */
/* The switch */

/* Write N on entering or leaving it.  On entering: does the walk go into
 * its children? */
static bool S_node(struct dc_xhtml *x, const struct dc_node *n,
		   bool entering)
{
	switch (n->kind) {
	case DC_DOCUMENT: break;
	case DC_CHAPTER:
	case DC_SECTION: S_container(x, n, entering); break;
	case DC_HEADING: S_heading(x, n, entering); break;
	case DC_PARAGRAPH: S_paragraph(x, n, entering); break;
	case DC_BULLET_LIST: S_block(x, "ul", S_id_of(x, n), entering); break;
	case DC_ORDERED_LIST: S_ordered_list(x, n, entering); break;
	case DC_LIST_ITEM: S_list_item(x, n, entering); break;
	case DC_DEF_LIST: S_block(x, "dl", S_id_of(x, n), entering); break;
	case DC_DEF_ITEM: S_def_item(x, n, entering); break;
	case DC_DEF_TERM: S_inline(x, "dt", n, entering);
		if (!entering) dc_sink_putc(x->out, '\n');
		break;
	case DC_DEF_DESC: S_block(x, "dd", S_id_of(x, n), entering); break;
	case DC_CODE_BLOCK: S_code_block(x, n); break;
	case DC_BLOCK_QUOTE:
		S_block(x, "blockquote", S_id_of(x, n), entering); break;
	case DC_THEMATIC_BREAK: S_void_block(x, "hr", n); break;
	case DC_PAGE_BREAK: S_page_break(x, n); break;
	case DC_TABLE: S_table(x, n, entering); break;
	case DC_TABLE_ROW: S_table_row(x, n, entering); break;
	case DC_TABLE_CELL: S_table_cell(x, n, entering); break;
	case DC_FIGURE: S_block(x, "figure", S_id_of(x, n), entering); break;
	case DC_CAPTION: S_caption(x, n, entering); break;
	case DC_FOOTNOTE: return S_footnote(x, n, entering);
	case DC_ADMONITION: S_admonition(x, n, entering); break;
	case DC_RAW_BLOCK: S_raw(x, n, true); break;
	case DC_TEXT: S_inline_text(x, n); break;
	case DC_EMPH: S_inline(x, "em", n, entering); break;
	case DC_STRONG: S_inline(x, "strong", n, entering); break;
	case DC_CODE: S_code(x, n); break;
	case DC_LINK: S_link(x, n, entering); break;
	case DC_XREF: S_xref(x, n, entering); break;
	case DC_IMAGE: S_image(x, n, entering); return false;
	case DC_LINE_BREAK: S_break(x, n, true); break;
	case DC_SOFT_BREAK: S_break(x, n, false); break;
	case DC_FOOTNOTE_REF: S_footnote_ref(x, n); break;
	case DC_STRIKE: S_inline(x, "s", n, entering); break;
	case DC_SUPERSCRIPT: S_inline(x, "sup", n, entering); break;
	case DC_SUBSCRIPT: S_inline(x, "sub", n, entering); break;
	case DC_RAW_INLINE: S_raw(x, n, false); break;
	case DC_NONE:
	case DC_KIND_COUNT: break;
	}
	return true;
}

/* Write the subtree at ROOT, the root included, as dc_iter would give it
 * (every node entered; left too unless it is a leaf, whose kind never has
 * children) but without its calls and state: this loop runs for every
 * node of the book.  Stops at the first failure. */
static void S_walk(struct dc_xhtml *x, const struct dc_node *root)
{
	const struct dc_node *n = root;
	bool entering = true;
	while (x->status == DC_OK) {
		if (entering) {
			if (x->reaches)
				dc_doc_reached(x->doc, n);
			bool leaf = dc_kind_is_leaf(n->kind);
			bool into = S_node(x, n, true) && !leaf;
			if (into && dc_node_first(n)) {
				n = dc_node_first(n);
				continue;
			}
			entering = false;
			if (!leaf)
				continue;  /* leave it next */
		} else {
			S_node(x, n, false);
		}
		/* N is done: its next sibling, else leave its parent. */
		if (n == root)
			return;
		entering = dc_node_next(n) != NULL;
		n = entering ? dc_node_next(n) : dc_node_parent(n);
	}
}

/* The notes placed in the part being written, in number order. */
static void S_write_notes(struct dc_xhtml *x)
{
	size_t end = x->next_note;
	while (end < x->n_order && x->order[end]->part == x->part)
		end++;
	if (end == x->next_note)
		return;
	if (!x->cfg.epub)
		S_puts(x, "<section class=\"footnotes\" role=\"doc-endnotes\">"
		       "\n<hr/>\n<ol>\n");
	for (size_t i = x->next_note; i < end && x->status == DC_OK; i++) {
		x->note = x->order[i];
		S_walk(x, x->note->node);
		x->note = NULL;
	}
	if (!x->cfg.epub)
		S_puts(x, "</ol>\n</section>\n");
	x->next_note = end;
}

/* ------------------------------------------------------------------ */
/* A long run in pieces on two threads (src/pieces.h) */

/* Piece I: the root's children from the cut before it to the next.
 * Between two of them the writer's state is always the same. */
static enum dc_status S_piece(void *writer, size_t i, struct dc_sink *out,
			      struct dc_diag *diag)
{
	struct dc_xhtml *x = writer;
	const struct dc_node *n = i == 0 ? x->run->first : x->cuts.at[i - 1];
	const struct dc_node *end = i < x->cuts.n ? x->cuts.at[i] : NULL;
	x->out = out;
	x->diag = diag;
	for (; n != end && x->status == DC_OK; n = dc_node_next(n))
		S_walk(x, n);
	return x->status;
}

/* H: a copy of X for the helper, with buffers and an arena of its own
 * (a plain text is kept in it). */
static void S_helper_init(struct dc_xhtml *h, const struct dc_xhtml *x)
{
	*h = *x;
	dc_arena_init(&h->arena);
	h->uri = h->href = h->text = h->file = (struct dc_buf){0};
	h->toc = NULL;
	h->reaches = false;
}

static void S_helper_free(struct dc_xhtml *h)
{
	dc_buf_free(&h->uri);
	dc_buf_free(&h->href);
	dc_buf_free(&h->text);
	dc_buf_free(&h->file);
	dc_arena_free(&h->arena);
}

/* Is RUN all of the root's children, there being cuts in it? */
static bool S_in_pieces(const struct dc_xhtml *x,
			const struct dc_xhtml_run *run)
{
	const struct dc_node *root = x->doc->root;
	return x->cuts.n > 0 && !run->owner &&
	       run->first == dc_node_first(root) &&
	       run->last == dc_node_last_child(root);
}

static void S_write_pieces(struct dc_xhtml *x)
{
	struct dc_xhtml helper;
	S_helper_init(&helper, x);
	struct dc_pieces p = {
		.n = x->cuts.n + 1,
		.write = S_piece,
		.main = x,
		.helper = &helper,
	};
	/* Its status is that of the piece that failed: in x->status. */
	(void)dc_pieces_write(&p, x->out, x->diag);
	S_helper_free(&helper);
}

enum dc_status dc_xhtml_write_part(struct dc_xhtml *x, struct dc_sink *out,
				   size_t part,
				   const struct dc_xhtml_run *runs,
				   size_t n_runs)
{
	x->out = out;
	x->part = part;
	/* Notes of parts that were never written (empty ones) are skipped. */
	while (x->next_note < x->n_order &&
	       x->order[x->next_note]->part < part)
		x->next_note++;
	for (size_t i = 0; i < n_runs && x->status == DC_OK; i++) {
		x->run = &runs[i];
		if (S_in_pieces(x, &runs[i])) {
			S_write_pieces(x);
			x->run = NULL;
			continue;
		}
		for (const struct dc_node *n = runs[i].first; n;
		     n = dc_node_next(n)) {
			S_walk(x, n);
			if (n == runs[i].last)
				break;
		}
		x->run = NULL;
	}
	if (x->status == DC_OK)
		S_write_notes(x);
	x->out = NULL;
	return x->status;
}

/* ------------------------------------------------------------------ */
/* Tables of contents */

static enum dc_status S_toc_entry(struct dc_xhtml *x,
				  const struct dc_node *n, int depth,
				  struct dc_xhtml_toc_entry *e)
{
	const struct dc_node *h = S_title_heading(n);
	const char *text = h ? dc_xhtml_plain(x, h) : NULL;
	if (h && !text)
		return x->status;
	size_t saved = x->part;
	x->part = SIZE_MAX;  /* from outside every part: always FILE#ID */
	const char *href = S_href(x, S_part_of(x, n), S_id_of(x, n));
	x->part = saved;
	*e = (struct dc_xhtml_toc_entry){
		.depth = depth,
		.text = text && text[0] ? text : "\xE2\x80\x94",  /* — */
		.href = dc_arena_strdup(&x->arena, href),
	};
	return e->href ? DC_OK : dc_fail_oom(x->diag);
}

enum dc_status dc_xhtml_toc(struct dc_xhtml *x, int depth,
			    const struct dc_xhtml_toc_entry **entries,
			    size_t *count)
{
	size_t cap = x->n_containers, n = 0;
	free(x->toc);
	x->toc = calloc(cap + 1, sizeof *x->toc);
	if (!x->toc)
		return dc_fail_oom(x->diag);
	struct dc_iter it;
	const struct dc_node *c;
	int level = 0;
	const struct dc_node *skipped = NULL;  /* its EXIT comes next */
	dc_iter_init(&it, x->doc->root);
	while (dc_iter_next(&it, &c) != DC_EV_DONE) {
		bool enter = it.event == DC_EV_ENTER;
		if (c->kind == DC_DOCUMENT || c == skipped)
			continue;
		if (!S_is_container(c) || (enter && level >= depth)) {
			if (enter)
				dc_iter_skip_children(&it);
			skipped = c;
			continue;
		}
		level += enter ? 1 : -1;
		if (enter && S_toc_entry(x, c, level, &x->toc[n++]) != DC_OK)
			return x->status ? x->status : DC_ERR_SOFTWARE;
	}
	*entries = x->toc;
	*count = n;
	return DC_OK;
}

/* One <ol> per level: an entry deeper than the one before opens one
 * inside it, one shallower closes as many as it climbs. */
void dc_xhtml_write_toc(struct dc_sink *out,
			const struct dc_xhtml_toc_entry *entries, size_t n)
{
	int open = 0;
	for (size_t i = 0; i < n; i++) {
		int depth = entries[i].depth;
		if (depth > open) {
			for (; open < depth; open++)
				dc_sink_puts(out, open ? "\n<ol>\n" : "<ol>\n");
		} else {
			dc_sink_puts(out, "</li>\n");
			for (; open > depth; open--)
				dc_sink_puts(out, "</ol>\n</li>\n");
		}
		dc_sink_puts(out, "<li><a href=\"");
		dc_xml_attr(out, entries[i].href);
		dc_sink_puts(out, "\">");
		dc_xml_text(out, entries[i].text, strlen(entries[i].text));
		dc_sink_puts(out, "</a>");
	}
	if (open)
		dc_sink_puts(out, "</li>\n");
	for (; open > 0; open--)
		dc_sink_puts(out, open > 1 ? "</ol>\n</li>\n" : "</ol>\n");
}

/* ------------------------------------------------------------------ */
/* Title, language */

static const struct dc_node *S_first_heading(const struct dc_node *root)
{
	struct dc_iter it;
	const struct dc_node *n;
	dc_iter_init(&it, root);
	while (dc_iter_next(&it, &n) != DC_EV_DONE) {
		if (it.event != DC_EV_ENTER)
			continue;
		if (n->kind == DC_HEADING)
			return n;
		if (n->kind == DC_FOOTNOTE || dc_kind_is_inline(n->kind))
			dc_iter_skip_children(&it);
	}
	return NULL;
}

/* The input's file name without its directory and extension. */
static const char *S_file_title(struct dc_xhtml *x, const char *path)
{
	if (!path || strcmp(path, "<stdin>") == 0)
		return NULL;
	const char *slash = strrchr(path, '/');
	const char *base = slash && slash[1] ? slash + 1 : path;
	const char *dot = strrchr(base, '.');
	size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	return len ? dc_arena_strndup(&x->arena, base, len) : NULL;
}

const char *dc_xhtml_title(struct dc_xhtml *x)
{
	if (x->title)
		return x->title;
	const struct dc_meta *m = &x->doc->meta;
	const char *title = m->title && m->title[0] ? m->title : NULL;
	const struct dc_node *h = title ? NULL : S_first_heading(x->doc->root);
	if (h)
		title = dc_xhtml_plain(x, h);
	if (!title || !title[0])
		title = S_file_title(x, x->doc->source);
	x->title = title && title[0] ? title : "Untitled";
	return x->title;
}

/* A language tag as BCP 47 has it, loosely: subtags of 1 to 8 letters or
 * digits joined by hyphens, the first of 2 to 8 letters (or "i", "x"). */
static bool S_lang_ok(const char *tag)
{
	size_t len = 0, subtags = 0;
	bool first_alpha = true;
	for (const char *s = tag;; s++) {
		if (*s == '-' || *s == '\0') {
			if (len == 0 || len > 8 ||
			    (subtags == 0 && !first_alpha))
				return false;
			subtags++;
			len = 0;
			if (*s == '\0')
				return true;
			continue;
		}
		bool alpha = (*s >= 'a' && *s <= 'z') ||
			     (*s >= 'A' && *s <= 'Z');
		if (!alpha && !(*s >= '0' && *s <= '9'))
			return false;
		if (subtags == 0 && !alpha)
			first_alpha = false;
		len++;
	}
}

const char *dc_xhtml_lang(struct dc_xhtml *x)
{
	if (x->lang)
		return x->lang;
	const char *given = x->doc->meta.lang;
	char *tag = given ? dc_arena_strdup(&x->arena, given) : NULL;
	for (char *s = tag; s && *s; s++)
		if (*s == '_')
			*s = '-';
	x->lang = tag && S_lang_ok(tag) ? tag : "en";
	if (given && x->lang != tag)
		dc_note(x->diag, (struct dc_pos){0}, "language '%s' is not a "
			"language tag; written as 'en'", given);
	return x->lang;
}

/* ------------------------------------------------------------------ */
/* Media types */

static bool S_starts(const char *data, size_t len, const char *magic,
		     size_t n)
{
	return len >= n && memcmp(data, magic, n) == 0;
}

/* An SVG file: optional BOM, white space, XML declaration, comments and
 * doctype, then an <svg element. */
static bool S_is_svg(const char *data, size_t len)
{
	size_t n = len < 4096 ? len : 4096;
	char head[4097];
	memcpy(head, data, n);
	head[n] = '\0';
	if (memchr(head, '\0', n))
		return false;
	const char *s = head;
	if (S_starts(s, n, "\xEF\xBB\xBF", 3))
		s += 3;
	while (*s) {
		s += strspn(s, " \t\r\n");
		if (strncmp(s, "<svg", 4) == 0 &&
		    (s[4] == ' ' || s[4] == '>' || s[4] == '\n' ||
		     s[4] == '\t' || s[4] == '\r'))
			return true;
		bool comment = strncmp(s, "<!--", 4) == 0;
		const char *end = comment ? strstr(s, "-->")
				  : strncmp(s, "<?", 2) == 0 ||
				  strncmp(s, "<!", 2) == 0 ? strchr(s, '>')
							   : NULL;
		if (!end)
			return false;
		s = end + (comment ? 3 : 1);
	}
	return false;
}

const char *dc_media_type(const char *data, size_t len)
{
	if (S_starts(data, len, "\x89PNG\r\n\x1A\n", 8))
		return "image/png";
	if (S_starts(data, len, "\xFF\xD8\xFF", 3))
		return "image/jpeg";
	if (S_starts(data, len, "GIF87a", 6) || S_starts(data, len, "GIF89a", 6))
		return "image/gif";
	if (len >= 12 && S_starts(data, len, "RIFF", 4) &&
	    memcmp(data + 8, "WEBP", 4) == 0)
		return "image/webp";
	if (S_is_svg(data, len))
		return "image/svg+xml";
	return NULL;
}

const char *dc_media_extension(const char *media_type)
{
	static const struct {
		const char *type, *ext;
	} exts[] = {
		{.type = "image/png", .ext = "png"},
		{.type = "image/jpeg", .ext = "jpg"},
		{.type = "image/gif", .ext = "gif"},
		{.type = "image/webp", .ext = "webp"},
		{.type = "image/svg+xml", .ext = "svg"},
	};
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
		if (media_type && strcmp(exts[i].type, media_type) == 0)
			return exts[i].ext;
	return "bin";
}

/* ------------------------------------------------------------------ */
/* Files */

/* PATH whole into BUF: 0, the errno of a failure, or -1 when out of
 * memory. */
static int S_slurp(const char *path, struct dc_buf *buf)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return errno ? errno : EIO;
	buf->len = 0;
	for (;;) {
		if (!dc_buf_reserve(buf, 64 * 1024)) {
			fclose(fp);
			return -1;
		}
		size_t room = buf->cap - buf->len - 1;
		size_t n = fread(buf->data + buf->len, 1, room, fp);
		buf->len += n;
		buf->data[buf->len] = '\0';
		if (n < room)
			break;
	}
	int errnum = ferror(fp) ? (errno ? errno : EIO) : 0;  /* a folder */
	fclose(fp);
	return errnum;
}

enum dc_status dc_xhtml_read_file(const char *path, struct dc_buf *buf,
				  struct dc_pos pos, const char *what,
				  struct dc_diag *diag)
{
	int errnum = S_slurp(path, buf);
	if (errnum == -1)
		return dc_fail_oom(diag);
	if (errnum)
		return dc_fail_errno(diag, DC_ERR_NOINPUT, errnum, pos,
				     "cannot read %s", what);
	return DC_OK;
}

enum dc_status dc_xhtml_load_image(const char *path, struct dc_buf *buf,
				   const char **type, struct dc_pos pos,
				   const char *what, struct dc_diag *diag)
{
	*type = NULL;
	int errnum = S_slurp(path, buf);
	if (errnum == -1)
		return dc_fail_oom(diag);
	if (errnum)
		return dc_warn(diag, pos, "cannot read %s: %s; its text is "
			       "written instead", what, strerror(errnum));
	*type = dc_media_type(buf->data, buf->len);
	if (!*type)
		return dc_warn(diag, pos, "%s is not an image (PNG, JPEG, "
			       "GIF, WebP or SVG); its text is written "
			       "instead", what);
	return DC_OK;
}

enum dc_status dc_xhtml_read_image(const char *path, struct dc_buf *buf,
				   const char **type, struct dc_pos pos,
				   const char *what, struct dc_diag *diag)
{
	enum dc_status st = dc_xhtml_read_file(path, buf, pos, what, diag);
	if (st != DC_OK)
		return st;
	*type = dc_media_type(buf->data, buf->len);
	if (!*type)
		return dc_fail(diag, DC_ERR_DATA, pos, "%s is not an image "
			       "(PNG, JPEG, GIF, WebP or SVG)", what);
	return DC_OK;
}

const char *dc_xhtml_image_file(struct dc_xhtml *x, const struct dc_node *n)
{
	if (n->as.link.url && dc_path_has_scheme(n->as.link.url))
		return NULL;
	if (!dc_node_file(x->doc, n, &x->file)) {
		S_oom(x);
		return NULL;
	}
	return x->file.data;
}

enum dc_status dc_xhtml_status(const struct dc_xhtml *x)
{
	return x->status;
}
