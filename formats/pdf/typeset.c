/* The typesetter: one walk over the model with dc_iter and one switch on
 * the node kind.  Blocks that hold inlines (paragraphs, headings, terms,
 * captions, table rows) are collected into a pdf_para, broken into lines
 * and placed on the pages when they end; containers (lists, quotes, notes)
 * change the indentation of what they hold.
 *
 * Footnotes (footnotes.h) are set first, each by the same walk over its
 * body into a note of its own (pdf_pages_capture), in smaller type, its
 * number before it; the walk over the document then skips them.  A
 * paragraph remembers where in its text it references notes, and the
 * line holding the first reference to a note takes the note's group to
 * the foot of its page. */
#include "typeset.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "builder.h"
#include "footnotes.h"
#include "iter.h"
#include "outline.h"
#include "path.h"
#include "table.h"
#include "toc.h"

enum { MAX_OUTLINE = PDF_MAX_DEPTH };

/* Notes are set in smaller type than the body. */
static const double NOTE_SCALE = 0.8;

/* Where the paragraph being collected references a note: the bytes of
 * its text that are the reference's number. */
struct note_mark {
	size_t at, len;
	struct pdf_footnote *note;
};

/* How the lines of a block of inlines are set. */
struct look {
	double leading;
	bool center;   /* each line centred (the last, when justified) */
	bool justify;  /* else ragged right */
};

/* What a block container changes for its content, restored on EXIT. */
struct frame {
	double indent;   /* left indent before the node was entered */
	int number;      /* ordered list: the next item's number */
};

struct typesetter {
	const struct dc_doc *doc;
	HPDF_Doc pdf;
	struct pdf_fonts *fonts;
	struct pdf_pages *pages;
	struct dc_diag *diag;
	enum dc_status status;

	double size;         /* body text, points */
	bool justify;        /* body text justified, else ragged right */
	bool number_sections;
	int numbers[MAX_OUTLINE];  /* section numbers by depth */
	double indent;       /* left indent of the text, points */
	struct frame *frames;
	size_t n_frames, cap_frames;

	/* The block being collected, if any. */
	const struct dc_node *block;
	struct look look;    /* how its lines are set */
	bool started;        /* what comes before its lines is done */
	size_t block_lines;  /* lines of it already set (S_set_long) */
	struct pdf_para para;
	struct pdf_para *into;       /* where inlines go: para, or a cell */
	struct pdf_table *table;     /* the table being collected, if any */
	struct pdf_style_state style[DC_MAX_DEPTH + 8];
	int n_style;
	/* A list item's marker, drawn at its first line. */
	struct pdf_para marker;
	bool marker_pending;
	struct pdf_para cont;  /* the mark of a wrapped code line */

	HPDF_Dict outline_root;           /* made with the first item */
	HPDF_Dict outline[MAX_OUTLINE];   /* the last item at each depth */
	const struct dc_node *skip;  /* events are ignored until its EXIT */

	struct pdf_notes notes;
	const struct pdf_footnote *note_root;  /* the note being set, if any */
	struct note_mark *marks;     /* of the paragraph being collected */
	size_t n_marks, cap_marks;
	struct pdf_note **line_notes;  /* the notes a line brings */
	size_t cap_line_notes;
	struct pdf_note **block_notes;  /* those a table brings */
	size_t n_block_notes, cap_block_notes;
	struct pdf_footnote **block_refs;  /* and the notes it cites first */
	size_t n_block_refs, cap_block_refs;

	struct pdf_toc *toc;  /* the table of contents, or NULL */
};

static enum dc_status S_oom(struct typesetter *t)
{
	if (t->status == DC_OK)
		t->status = dc_fail_oom(t->diag);
	return t->status;
}

static void S_warn(struct typesetter *t, const struct dc_node *n,
		   const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void S_warn(struct typesetter *t, const struct dc_node *n,
		   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	dc_node_vnote(t->diag, t->doc, n, fmt, ap);
	va_end(ap);
}

enum { MAX_STYLES = sizeof ((struct typesetter *)0)->style /
		     sizeof ((struct typesetter *)0)->style[0] };

/* The style of the innermost inline; nesting past the stack's size
 * (which the model's depth bound rules out) shares its top. */
static struct pdf_style_state *S_style(struct typesetter *t)
{
	int i = t->n_style < MAX_STYLES ? t->n_style : MAX_STYLES;
	return &t->style[i - 1];
}

static void S_push_style(struct typesetter *t)
{
	if (t->n_style < MAX_STYLES) {
		t->style[t->n_style] = t->style[t->n_style - 1];
		t->n_style++;
	} else {
		t->n_style++;  /* deeper than possible: share the top */
	}
}

static void S_pop_style(struct typesetter *t)
{
	if (t->n_style > 1)
		t->n_style--;
}

/* ---- Blocks of inlines ---- */

static double S_leading(const struct typesetter *t, double size)
{
	(void)t;
	return size * 1.32;
}

/* Headings a step or two above the text, as LaTeX's article class sets
 * them (14.4 and 12 points over 11): bold carries the rest, and the
 * document's title stays well above its first heading. */
static double S_heading_size(const struct typesetter *t, int level)
{
	static const double scale[] = {1.0, 1.31, 1.09, 1.0, 1.0};
	return t->size * (level >= 1 && level <= 4 ? scale[level] : 1.0);
}

/* The document's title and subtitle (LaTeX's title is 17.28 points
 * over 11). */
static const double TITLE_SCALE = 1.6;
static const double SUBTITLE_SCALE = 1.2;

/* Start collecting block N, its text in FAMILY, STYLE and SIZE, its
 * lines set ragged right unless the caller changes T->look. */
static void S_begin_block(struct typesetter *t, const struct dc_node *n,
			  enum pdf_family family, enum pdf_style style,
			  double size)
{
	t->block = n;
	t->look = (struct look){.leading = S_leading(t, size)};
	t->started = false;
	t->block_lines = 0;
	t->into = &t->para;
	pdf_para_reset(&t->para);
	t->n_marks = 0;
	t->n_style = 1;
	/* Body text is hyphenated; headings, titles, labels and code not. */
	t->style[0] = (struct pdf_style_state){
		.family = family, .style = style, .size = size, .link = -1,
		.hyphenate = n->kind == DC_PARAGRAPH && size == t->size &&
			     family == PDF_BODY};
}

/* Before line I of N: start a new page when the page would end the
 * paragraph's first line alone (an orphan) or leave its last line alone
 * on the next page (a widow).  A paragraph of two or three lines moves
 * whole; a longer one leaves two lines on each side. */
static enum dc_status S_keep_lines(struct typesetter *t, double leading,
				   size_t i, size_t n)
{
	size_t left = (size_t)pdf_pages_lines_left(t->pages, leading);
	size_t rest = n - i;
	if (left >= rest || left == 0 || n < 2)
		return t->status;  /* it fits, or the page is full anyway */
	bool start_here;
	if (i == 0) {
		/* Lines set here: all that fit, but one fewer if only one
		 * would go over; fewer than two is an orphan. */
		size_t here = rest - left < 2 ? left - 1 : left;
		start_here = here >= 2;
	} else {
		/* One line here and the last one over: both go over. */
		start_here = !(left == 1 && rest == 2);
	}
	if (!start_here)
		t->status = pdf_pages_break(t->pages);
	return t->status;
}

/* NOTE's group, those of its notes not placed yet, to LIST (of *N). */
static bool S_group(struct typesetter *t, struct pdf_footnote *note,
		    struct pdf_note ***list, size_t *n, size_t *cap)
{
	size_t first = (size_t)(note - t->notes.notes);
	for (size_t k = first; k < note->group_end; k++) {
		struct pdf_footnote *f = &t->notes.notes[k];
		if (f->placed)
			continue;
		f->placed = true;
		if (!f->body)
			continue;
		if (!dc_grow((void **)list, cap, *n, sizeof **list))
			return false;
		(*list)[(*n)++] = f->body;
	}
	return true;
}

/* The notes LINE brings: those first referenced by the marks from *MARK
 * on whose text ends on it (*LINE_END: the end of the text of the lines
 * so far).  *MARK moves past them.  A note's lines bring none: the notes
 * it cites are in its group. */
static size_t S_line_notes(struct typesetter *t, const struct pdf_line *line,
			   size_t *mark, size_t *line_end)
{
	for (size_t i = line->first; i < line->end; i++) {
		const struct pdf_item *it = &t->para.items[i];
		if (it->len && it->text + it->len > *line_end)
			*line_end = it->text + it->len;
	}
	size_t n = 0;
	for (; *mark < t->n_marks && t->marks[*mark].at < *line_end; ++*mark)
		if (!t->note_root &&
		    !S_group(t, t->marks[*mark].note, &t->line_notes, &n,
			     &t->cap_line_notes)) {
			S_oom(t);
			return 0;
		}
	return n;
}

/* The first reference to a note, on the line just placed, is where the
 * note links back to. */
static enum dc_status S_ref_anchors(struct typesetter *t, size_t from,
				    size_t to)
{
	for (size_t i = from; i < to && t->status == DC_OK; i++) {
		struct pdf_footnote *note = t->marks[i].note;
		if (!note->ref_anchored)
			t->status = pdf_pages_anchor_line(t->pages,
							  note->ref_id);
		note->ref_anchored = true;
	}
	return t->status;
}

/* Where the lines of the collected paragraph are being set. */
struct setting {
	size_t total;  /* lines in all: more than those set, when the rest of
			* a long paragraph is still to come */
	size_t mark, line_end;  /* where S_line_notes is */
};

/* Place LINES[0, COUNT) of the collected paragraph as HOW says. */
static enum dc_status S_place_lines(struct typesetter *t,
				    const struct pdf_line *lines,
				    size_t count, struct setting *how)
{
	for (size_t i = 0; i < count && t->status == DC_OK; i++) {
		size_t done = t->block_lines + i;
		if (S_keep_lines(t, t->look.leading, done,
				 t->block_lines + how->total) != DC_OK)
			break;
		struct pdf_line line = lines[i];
		if (!t->look.justify)
			pdf_line_natural(&line);
		size_t first_mark = how->mark;
		size_t n_notes = S_line_notes(t, &line, &how->mark,
					      &how->line_end);
		struct pdf_place place = {
			.indent = t->indent, .leading = t->look.leading,
			.center = t->look.center,
			.marker = done == 0 && t->marker_pending ? &t->marker
								 : NULL,
			.marker_gap = t->size * 0.5,
			.notes = t->line_notes, .n_notes = n_notes,
		};
		if (t->status == DC_OK)
			t->status = pdf_pages_line(t->pages, &t->para, &line,
						   &place);
		S_ref_anchors(t, first_mark, how->mark);
	}
	if (count > 0)
		t->marker_pending = false;
	return t->status;
}

/* Break the collected paragraph into *LINES (*COUNT of them). */
static enum dc_status S_break(struct typesetter *t, struct pdf_line **lines,
			      size_t *count)
{
	double measure = pdf_pages_measure(t->pages) - t->indent;
	if (!pdf_break_lines(&t->para, t->fonts, measure, measure, lines,
			     count))
		return S_oom(t);
	return t->status;
}

/* Place the lines of the collected paragraph (what S_set_long left). */
static enum dc_status S_set_lines(struct typesetter *t)
{
	struct pdf_line *lines;
	size_t n;
	if (S_break(t, &lines, &n) != DC_OK)
		return t->status;
	struct setting how = {.total = n};
	S_place_lines(t, lines, n, &how);
	free(lines);
	return t->status;
}

/* An outline entry TITLE at DEPTH (1..MAX_OUTLINE) going to DEST. */
static enum dc_status S_outline_add(struct typesetter *t, int depth,
				    const char *title, struct pdf_dest dest)
{
	HPDF_Dict parent = depth > 1 ? t->outline[depth - 2] : NULL;
	HPDF_Dict o = pdf_outline_add(t->pdf, &t->outline_root, parent, title,
				      dest, depth < 2);
	if (!o)
		return t->status = dc_fail(t->diag, DC_ERR_SOFTWARE,
					   (struct dc_pos){0},
					   "PDF library failed: outline");
	t->outline[depth - 1] = o;
	for (int d = depth; d < MAX_OUTLINE; d++)
		t->outline[d] = NULL;
	return t->status;
}

static enum dc_status S_outline_entry(struct typesetter *t,
				      const struct dc_node *heading,
				      struct pdf_dest dest)
{
	int depth = pdf_heading_depth(heading);
	if (depth <= 0 || depth > MAX_OUTLINE || !dest.page)
		return t->status;
	/* The title without the numbers of the notes it cites. */
	struct dc_buf title = {0};
	const char *text = t->para.text.data ? t->para.text.data : "";
	size_t from = 0;
	for (size_t i = 0; i <= t->n_marks; i++) {
		size_t to = i < t->n_marks ? t->marks[i].at : t->para.text.len;
		if (!dc_buf_append(&title, text + from, to - from) ||
		    !dc_buf_putc(&title, '\0')) {
			dc_buf_free(&title);
			return S_oom(t);
		}
		title.len--;
		from = i < t->n_marks ? to + t->marks[i].len : to;
	}
	S_outline_add(t, depth, title.data, dest);
	dc_buf_free(&title);
	return t->status;
}

static enum dc_status S_anchors(struct typesetter *t, const struct dc_node *n)
{
	for (; n && t->status == DC_OK; n = dc_node_parent(n)) {
		const char *id = dc_node_str(t->doc, n, DC_STR_ID);
		if (id)
			t->status = pdf_pages_anchor(t->pages, id);
		/* A section's id is that of its heading's place too. */
		if (!dc_node_parent(n) ||
		    dc_node_first(dc_node_parent(n)) != n ||
		    dc_node_parent(n)->kind != DC_SECTION)
			break;
	}
	return t->status;
}

/* The block that follows N in reading order: its next sibling or, when N
 * ends its section, what follows the section, a section entered down to
 * its heading.  NULL at the end of a chapter, a document or a list item. */
static const struct dc_node *S_next_in_flow(const struct dc_node *n)
{
	while (!dc_node_next(n) && dc_node_parent(n) &&
	       dc_node_parent(n)->kind == DC_SECTION)
		n = dc_node_parent(n);
	const struct dc_node *next = dc_node_next(n);
	while (next && next->kind == DC_SECTION)
		next = dc_node_first(next);
	return next;
}

/* The room taken by the headings that come right after heading N with
 * nothing between them (a chapter's title and its first section's): they
 * go with N, so that N is never last on a page with them on the next. */
static double S_headings_after(const struct typesetter *t,
			       const struct dc_node *n)
{
	double room = 0;
	const struct dc_node *next = S_next_in_flow(n);
	for (int i = 0; next && next->kind == DC_HEADING && i < 6; i++) {
		double size = S_heading_size(t, next->as.heading.level);
		room += (t->size + size) * 0.6 + S_leading(t, size) * 2 +
			size * 0.5;
		next = S_next_in_flow(next);
	}
	return room;
}

/* What comes before a heading's lines: room above it and for what it
 * keeps with, the places that lead to it (the contents, the outline,
 * its anchors) and, for a chapter's title, the running header. */
static enum dc_status S_heading_start(struct typesetter *t,
				      const struct dc_node *n)
{
	double size = S_heading_size(t, n->as.heading.level);
	/* More room above than below, so the heading goes with what it
	 * heads. */
	pdf_pages_skip(t->pages, (t->size + size) * 0.6);
	/* Keep the heading with the headings right after it and the first
	 * lines of what follows them. */
	t->status = pdf_pages_need(t->pages,
				   t->look.leading * 2 + S_headings_after(t, n) +
					   3 * S_leading(t, t->size));
	if (t->status != DC_OK)
		return t->status;
	struct pdf_dest dest = pdf_pages_destination(t->pages);
	if (t->toc && dest.page)
		pdf_toc_heading(t->toc, n, pdf_pages_count(t->pages), dest);
	if (S_outline_entry(t, n, dest) != DC_OK || S_anchors(t, n) != DC_OK)
		return t->status;
	/* A chapter's title heads the pages after its first. */
	if (dc_node_parent(n) && dc_node_parent(n)->kind == DC_CHAPTER &&
	    dc_node_first(dc_node_parent(n)) == n && t->para.text.data)
		t->status = pdf_pages_set_header(t->pages, t->para.text.data);
	return t->status;
}

/* What comes before the first line of the block being collected, N:
 * a heading's (above), or the anchor of its id; once. */
static enum dc_status S_block_start(struct typesetter *t,
				    const struct dc_node *n)
{
	if (t->started)
		return t->status;
	t->started = true;
	if (n->kind == DC_HEADING)
		return S_heading_start(t, n);
	const char *id = dc_node_str(t->doc, n, DC_STR_ID);
	if (id)
		t->status = pdf_pages_anchor(t->pages, id);
	return t->status;
}

/* Is N a paragraph of an item of a tight list (no space between)? */
static bool S_in_tight_list(const struct dc_node *n)
{
	const struct dc_node *item = dc_node_parent(n);
	return item && item->kind == DC_LIST_ITEM && dc_node_parent(item) &&
	       dc_node_parent(item)->as.list.tight;
}

/* Close the block being collected and set what is left of it. */
static enum dc_status S_end_block(struct typesetter *t)
{
	const struct dc_node *n = t->block;
	t->block = NULL;
	if (!n || S_block_start(t, n) != DC_OK || S_set_lines(t) != DC_OK)
		return t->status;
	double after = n->kind == DC_HEADING
			       ? S_heading_size(t, n->as.heading.level) * 0.5
		       : S_in_tight_list(n) ? t->size * 0.15
					    : t->size * 0.5;
	pdf_pages_skip(t->pages, after);
	return t->status;
}

/* The mark left of the lines a code line goes on in, in SIZE. */
static bool S_continuation_mark(struct typesetter *t, double size)
{
	struct pdf_style_state st = {.family = PDF_MONO, .size = size,
				     .link = -1};
	pdf_para_reset(&t->cont);
	return pdf_para_text(&t->cont, t->fonts, &st, "\xE2\x86\xAA", 3);
}

/* Place LINES[0, COUNT) of the code line being collected at their
 * natural width; those after its first get the continuation mark. */
static enum dc_status S_code_lines(struct typesetter *t,
				   struct pdf_line *lines, size_t count)
{
	double size = t->style[0].size;
	if (t->block_lines + count > 1 && !S_continuation_mark(t, size))
		return S_oom(t);
	for (size_t i = 0; i < count && t->status == DC_OK; i++) {
		bool first = t->block_lines + i == 0;
		pdf_line_natural(&lines[i]);
		struct pdf_place place = {
			.indent = t->indent, .leading = t->look.leading,
			.marker = !first	     ? &t->cont
				  : t->marker_pending ? &t->marker
						      : NULL,
			.marker_gap = size * 0.3,
		};
		t->status = pdf_pages_line(t->pages, &t->para, &lines[i],
					   &place);
		t->marker_pending = false;
	}
	return t->status;
}

/* Drop what S_set_long set: the items before FIRST, and the marks before
 * MARK (their notes are placed); the other marks move with the text. */
static void S_drop_set(struct typesetter *t, size_t first, size_t mark)
{
	size_t cut = pdf_para_drop_front(&t->para, first);
	size_t n = t->n_marks - mark;
	if (n > 0)  /* a paragraph that cites no note has no marks at all */
		memmove(t->marks, t->marks + mark, n * sizeof *t->marks);
	t->n_marks = n;
	for (size_t i = 0; i < n; i++)
		t->marks[i].at = t->marks[i].at >= cut ? t->marks[i].at - cut
							: 0;
}

/* A block of more items than this is set a part at a time, so that
 * memory stays bounded (a 10 MB file without a line end is one
 * paragraph; a heading, a title or a code line can be as long): its
 * lines are broken, all but the last few set, and those go on with what
 * follows.  About a thousand lines a part: the breaks are as good, the
 * seams invisible.  Not a table's cells, set when the whole table is
 * known, nor a note's text, set before the pages it goes to. */
enum { LONG_PARA_ITEMS = 30000, LONG_PARA_KEEP = 3 };

static enum dc_status S_set_long(struct typesetter *t)
{
	const struct dc_node *n = t->block;
	if (!n || t->into != &t->para || t->note_root ||
	    t->para.n_items < LONG_PARA_ITEMS ||
	    S_block_start(t, n) != DC_OK)
		return t->status;
	struct pdf_line *lines;
	size_t count;
	if (S_break(t, &lines, &count) != DC_OK)
		return t->status;
	/* The rest is still to come: no widow to avoid yet. */
	struct setting how = {.total = SIZE_MAX / 2};
	size_t set = count > LONG_PARA_KEEP ? count - LONG_PARA_KEEP : 0;
	if (set > 0 && (n->kind == DC_CODE_BLOCK
				? S_code_lines(t, lines, set)
				: S_place_lines(t, lines, set, &how)) == DC_OK) {
		t->block_lines += set;
		S_drop_set(t, lines[set].first, how.mark);
	}
	free(lines);
	return t->status;
}

/* ---- Inlines ---- */

/* The first slice of S (LEN bytes) to give a paragraph at once: up to
 * the first space after 64 KB, so that a long paragraph can be set a part
 * at a time (S_set_long). */
static size_t S_slice(const char *s, size_t len)
{
	enum { SLICE = 64 * 1024 };
	if (len <= SLICE)
		return len;
	const char *space = memchr(s + SLICE, ' ', len - SLICE);
	return space ? (size_t)(space - s) + 1 : len;
}

static enum dc_status S_text(struct typesetter *t, const char *s, size_t len)
{
	if (!t->block)
		return t->status;
	while (len > 0 && t->status == DC_OK) {
		size_t n = S_slice(s, len);
		if (!pdf_para_text(t->into, t->fonts, S_style(t), s, n))
			return S_oom(t);
		S_set_long(t);
		s += n;
		len -= n;
	}
	return t->status;
}

static enum dc_status S_link(struct typesetter *t, const char *url,
			     const char *target)
{
	S_push_style(t);
	int link = pdf_para_link(t->into, url, target);
	if (link < 0)
		return S_oom(t);
	S_style(t)->link = link;
	return t->status;
}

static void S_script(struct typesetter *t, double rise)
{
	S_push_style(t);
	struct pdf_style_state *st = S_style(t);
	st->rise += rise * st->size;
	st->size *= 0.72;
}

/* The reference's number, raised, a link to its note (unless it is in a
 * link already); the paragraph remembers where it is. */
static enum dc_status S_footnote_ref(struct typesetter *t,
				     const struct dc_node *n)
{
	struct pdf_footnote *note = pdf_notes_of_ref(&t->notes, n);
	const char *label = n->as.note.label ? n->as.note.label : "";
	if (!note && !pdf_notes_defined(&t->notes, label))
		S_warn(t, n, "reference to undefined footnote [%s] set as its "
		       "label", label);
	size_t at = t->into->text.len;
	S_script(t, 0.33);
	if (note && S_style(t)->link < 0) {
		int link = pdf_para_link(t->into, NULL, note->id);
		if (link < 0)
			return S_oom(t);
		S_style(t)->link = link;
	}
	const char *text = note ? note->number : label;
	S_text(t, text, strlen(text));
	S_pop_style(t);
	if (!note || t->status != DC_OK)
		return t->status;
	if (t->into != &t->para) {  /* a table's cell */
		bool first = !note->ref_anchored;
		note->ref_anchored = true;
		/* A note cited by a note is set with the note citing it. */
		if ((!t->note_root &&
		     !S_group(t, note, &t->block_notes, &t->n_block_notes,
			      &t->cap_block_notes)) ||
		    (first && !dc_grow((void **)&t->block_refs,
				      &t->cap_block_refs, t->n_block_refs,
				      sizeof *t->block_refs)))
			return S_oom(t);
		if (first)
			t->block_refs[t->n_block_refs++] = note;
		return t->status;
	}
	if (!dc_grow((void **)&t->marks, &t->cap_marks, t->n_marks,
		    sizeof *t->marks))
		return S_oom(t);
	t->marks[t->n_marks++] = (struct note_mark){
		.at = at, .len = strlen(text), .note = note};
	return t->status;
}

static enum dc_status S_inline_enter(struct typesetter *t,
				     const struct dc_node *n)
{
	switch (n->kind) {
	case DC_TEXT: return S_text(t, n->literal, n->len);
	case DC_CODE:
		S_push_style(t);
		S_style(t)->family = PDF_MONO;
		S_text(t, n->literal, n->len);
		S_pop_style(t);
		return t->status;
	case DC_SOFT_BREAK:
		if (!pdf_para_space(t->into, t->fonts, S_style(t)))
			return S_oom(t);
		return t->status;
	case DC_LINE_BREAK:
		if (!pdf_para_break(t->into))
			return S_oom(t);
		return t->status;
	case DC_EMPH:
		S_push_style(t);
		S_style(t)->style ^= PDF_ITALIC;
		return t->status;
	case DC_STRONG:
		S_push_style(t);
		S_style(t)->style |= PDF_BOLD;
		return t->status;
	case DC_LINK: return S_link(t, n->as.link.url, NULL);
	case DC_XREF: return S_link(t, NULL, n->as.link.url);
	case DC_SUPERSCRIPT: S_script(t, 0.33); return t->status;
	case DC_SUBSCRIPT: S_script(t, -0.15); return t->status;
	case DC_FOOTNOTE_REF: return S_footnote_ref(t, n);
	case DC_RAW_INLINE:
		return t->status;  /* meant for another format */
	default:  /* strike, image alt: their text as it is */
		S_push_style(t);
		return t->status;
	}
}

static void S_inline_exit(struct typesetter *t, const struct dc_node *n)
{
	if (!dc_kind_is_leaf(n->kind))
		S_pop_style(t);
}

/* ---- Containers ---- */

static enum dc_status S_push_frame(struct typesetter *t, int number)
{
	if (t->n_frames == t->cap_frames) {
		size_t cap = t->cap_frames ? t->cap_frames * 2 : 32;
		struct frame *f = realloc(t->frames, cap * sizeof *f);
		if (!f)
			return S_oom(t);
		t->frames = f;
		t->cap_frames = cap;
	}
	t->frames[t->n_frames++] =
		(struct frame){.indent = t->indent, .number = number};
	return t->status;
}

/* Indent what follows by BY points, so long as two thirds of the measure
 * stay for the text: deeper nesting (64 block quotes, say) no longer
 * moves the text right, where a line would have no room at all. */
static void S_indent(struct typesetter *t, double by)
{
	double limit = pdf_pages_measure(t->pages) / 3;
	if (t->indent + by <= limit)
		t->indent += by;
	else if (t->indent < limit)
		t->indent = limit;
}

static void S_pop_frame(struct typesetter *t)
{
	if (t->n_frames > 0)
		t->indent = t->frames[--t->n_frames].indent;
}

/* "a", "b", ... "z", "aa"...; roman numerals; or decimal. */
static void S_number(char *out, size_t size, int n, enum dc_list_style style)
{
	static const char *const roman[] = {
		"m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v",
		"iv", "i"};
	static const int values[] = {1000, 900, 500, 400, 100, 90, 50, 40,
				     10, 9, 5, 4, 1};
	size_t used = 0;
	out[0] = '\0';
	if ((style == DC_LIST_LOWER_ROMAN || style == DC_LIST_UPPER_ROMAN) &&
	    n > 0 && n < 4000) {
		for (int i = 0; i < 13; i++)
			for (; n >= values[i] && used + 3 < size;
			     n -= values[i])
				used += (size_t)snprintf(out + used,
							 size - used, "%s",
							 roman[i]);
	} else if ((style == DC_LIST_LOWER_ALPHA ||
		    style == DC_LIST_UPPER_ALPHA) && n > 0 && n <= 26 * 27) {
		if (n > 26)
			out[used++] = (char)('a' + (n - 1) / 26 - 1);
		out[used++] = (char)('a' + (n - 1) % 26);
		out[used] = '\0';
	} else {
		snprintf(out, size, "%d", n);
	}
	if (style == DC_LIST_UPPER_ALPHA || style == DC_LIST_UPPER_ROMAN)
		for (char *p = out; *p; p++)
			*p = (char)(*p - 'a' + 'A');
}

/* TEXT is drawn in the margin of the next line set (a list item's
 * bullet, a note's label). */
static enum dc_status S_set_marker(struct typesetter *t, const char *text)
{
	struct pdf_style_state st = {.family = PDF_BODY, .size = t->size,
				     .link = -1};
	pdf_para_reset(&t->marker);
	if (!pdf_para_text(&t->marker, t->fonts, &st, text, strlen(text)))
		return S_oom(t);
	t->marker_pending = true;
	return t->status;
}

static enum dc_status S_item_marker(struct typesetter *t,
				    const struct dc_node *item)
{
	static const char *const bullets[] = {"\xE2\x80\xA2", "\xE2\x80\x93",
					      "\xE2\x97\xA6"};  /* • – ◦ */
	const struct dc_node *list = dc_node_parent(item);
	char text[48];
	if (list && list->kind == DC_ORDERED_LIST && t->n_frames > 0) {
		struct frame *f = &t->frames[t->n_frames - 1];
		char number[32];
		S_number(number, sizeof number, f->number++,
			 list->as.list.style);
		snprintf(text, sizeof text, "%s%s", number,
			 list->as.list.delim == DC_DELIM_PAREN ? ")" : ".");
	} else {
		int depth = 0;
		for (const struct dc_node *n = list; n; n = dc_node_parent(n))
			depth += n->kind == DC_BULLET_LIST;
		snprintf(text, sizeof text, "%s", bullets[(depth + 2) % 3]);
	}
	return S_set_marker(t, text);
}

static const char *S_admonition_label(enum dc_admonition_type type)
{
	switch (type) {
	case DC_TIP: return "Tip";
	case DC_IMPORTANT: return "Important";
	case DC_WARNING: return "Warning";
	case DC_CAUTION: return "Caution";
	default: return "Note";
	}
}

/* A note's number before its first line, raised, a link back to its
 * first reference. */
static enum dc_status S_note_marker(struct typesetter *t,
				    const struct pdf_footnote *note)
{
	pdf_para_reset(&t->marker);
	int link = pdf_para_link(&t->marker, NULL, note->ref_id);
	struct pdf_style_state st = {.family = PDF_BODY, .size = t->size * 0.72,
				     .rise = t->size * 0.33, .link = link};
	if (link < 0 || !pdf_para_text(&t->marker, t->fonts, &st, note->number,
				       strlen(note->number)))
		return S_oom(t);
	t->marker_pending = true;
	return t->status;
}

/* ENTER of a note: the note being set for its foot gets its number and
 * anchor; another note with a number is skipped (set for its own foot);
 * a note without one is set where it stands, its label in the margin. */
static enum dc_status S_footnote(struct typesetter *t, const struct dc_node *n)
{
	const struct pdf_footnote *note = pdf_notes_find(&t->notes, n);
	if (note && note == t->note_root) {
		if (S_note_marker(t, note) != DC_OK ||
		    (t->status = pdf_pages_anchor(t->pages, note->id)) != DC_OK)
			return t->status;
		const char *id = dc_node_str(t->doc, n, DC_STR_ID);
		if (id)
			t->status = pdf_pages_anchor(t->pages, id);
		return t->status;
	}
	if (note) {
		t->skip = n;
		return t->status;
	}
	const char *label = n->as.note.label;
	switch (pdf_notes_why_standing(&t->notes, n)) {
	case PDF_UNLABELLED:
		S_warn(t, n, "footnote without a label set where it stands");
		break;
	case PDF_DEFINED_AGAIN:
		S_warn(t, n, "footnote [%s] defined again; the second set where "
		       "it stands", label);
		break;
	case PDF_UNREFERENCED:
		S_warn(t, n, "footnote [%s] is never referenced; set where it "
		       "stands", label);
		break;
	case PDF_CITED:
		break;
	}
	return S_set_marker(t, label ? label : "*");
}

/* A one-line block of TEXT in STYLE, set at once. */
static enum dc_status S_label(struct typesetter *t, const char *text,
			      enum pdf_style style, bool center)
{
	struct dc_node fake = {.kind = DC_PARAGRAPH};
	S_begin_block(t, &fake, PDF_BODY, style, t->size);
	t->look.center = center;
	if (S_text(t, text, strlen(text)) != DC_OK)
		return t->status;
	t->block = NULL;
	if (S_set_lines(t) != DC_OK)
		return t->status;
	pdf_pages_skip(t->pages, t->size * 0.5);
	return t->status;
}

/* What is left of a source line of a code block (S_set_long); an empty
 * one takes a line too. */
static enum dc_status S_code_line(struct typesetter *t)
{
	struct pdf_line *lines;
	size_t n;
	if (S_break(t, &lines, &n) != DC_OK)
		return t->status;
	struct pdf_line empty = {0};
	S_code_lines(t, n ? lines : &empty, n ? n : 1);
	free(lines);
	return t->status;
}

/* Preformatted text, line for line in the mono font; a line longer than
 * the measure goes on in the next with a continuation mark. */
static enum dc_status S_code_block(struct typesetter *t,
				   const struct dc_node *n)
{
	double size = t->size * 0.88;
	const char *s = n->literal ? n->literal : "";
	size_t len = n->len;
	if (len > 0 && s[len - 1] == '\n')
		len--;
	double indent = t->indent;
	S_indent(t, t->size);
	for (size_t i = 0; i <= len && t->status == DC_OK;) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - s) : len;
		struct dc_node fake = {.kind = DC_CODE_BLOCK};
		S_begin_block(t, &fake, PDF_MONO, PDF_REGULAR, size);
		if (S_text(t, s + i, end - i) != DC_OK)
			break;
		t->block = NULL;
		S_code_line(t);
		i = end + 1;
	}
	t->indent = indent;
	pdf_pages_skip(t->pages, t->size * 0.5);
	return t->status;
}

/* An image as a block: drawn, its alt text skipped.  Its file is found
 * as the input that named it finds it (the model keeps the path as
 * written); with no source at all, a frame. */
static void S_block_image(struct typesetter *t, const struct dc_node *n)
{
	struct dc_pos pos = {.file = dc_node_source(t->doc, n),
			     .line = n->line, .col = n->col};
	struct dc_buf file = {0};
	if (n->as.link.url && !dc_node_file(t->doc, n, &file)) {
		S_oom(t);
		return;
	}
	t->status = pdf_pages_image(t->pages, file.data, t->indent, pos);
	dc_buf_free(&file);
	pdf_pages_skip(t->pages, t->size * 0.5);
	t->skip = n;
}

/* A cell of the table being collected: its inlines go to its own
 * paragraph, set when the whole table is known. */
static enum dc_status S_table_cell(struct typesetter *t,
				   const struct dc_node *n)
{
	struct pdf_para *para =
		t->table ? pdf_table_cell(t->table, n->as.cell.header,
					  n->as.cell.align, t->para.hyph)
			 : NULL;
	if (!para)
		return t->table ? S_oom(t) : t->status;
	t->block = n;
	t->into = para;
	t->n_style = 1;
	t->style[0] = (struct pdf_style_state){
		.family = PDF_BODY,
		.style = n->as.cell.header ? PDF_BOLD : PDF_REGULAR,
		.size = t->size * 0.92, .link = -1, .hyphenate = true};
	return t->status;
}

/* ---- The walk ---- */

static enum dc_status S_title_block(struct typesetter *t)
{
	const struct dc_meta *m = &t->doc->meta;
	if (!m->title)
		return t->status;
	struct dc_node fake = {.kind = DC_CAPTION};
	double title = t->size * TITLE_SCALE;
	double subtitle = t->size * SUBTITLE_SCALE;
	S_begin_block(t, &fake, PDF_BODY, PDF_BOLD, title);
	t->look.center = true;
	S_text(t, m->title, strlen(m->title));
	t->block = NULL;
	S_set_lines(t);
	if (m->subtitle) {
		S_begin_block(t, &fake, PDF_BODY, PDF_REGULAR, subtitle);
		t->look.center = true;
		S_text(t, m->subtitle, strlen(m->subtitle));
		t->block = NULL;
		S_set_lines(t);
	}
	pdf_pages_skip(t->pages, t->size);
	for (size_t i = 0; i < m->authors.count && t->status == DC_OK; i++)
		S_label(t, m->authors.items[i], PDF_REGULAR, true);
	if (m->date && t->status == DC_OK)
		S_label(t, m->date, PDF_ITALIC, true);
	pdf_pages_skip(t->pages, t->size * 2);
	if (t->status == DC_OK)
		t->status = pdf_pages_set_header(t->pages, m->title);
	return t->status;
}

/* The table of contents after the title block, an outline entry of its
 * own; the content starts on a new page. */
static enum dc_status S_contents(struct typesetter *t)
{
	struct pdf_dest dest = pdf_pages_destination(t->pages);
	if (!dest.page || S_outline_add(t, 1, "Contents", dest) != DC_OK)
		return t->status = t->status ? t->status : DC_ERR_SOFTWARE;
	if ((t->status = pdf_toc_set(t->toc, t->pages, t->fonts, t->size)) ==
	    DC_OK)
		t->status = pdf_pages_break(t->pages);
	return t->status;
}

/* "2.3 " before a heading that titles a chapter or section at depth 2
 * (--number-sections); the outline entry and the table of contents show
 * it too. */
static void S_section_number(struct typesetter *t, const struct dc_node *n)
{
	int depth = pdf_heading_depth(n);
	if (depth <= 0 || depth > MAX_OUTLINE)
		return;
	char number[MAX_OUTLINE * 12 + 2];
	pdf_section_number(t->numbers, depth, number, sizeof number);
	S_text(t, number, strlen(number));
}

/* ENTER of a block that holds inlines: start collecting it. */
static void S_inline_block(struct typesetter *t, const struct dc_node *n)
{
	switch (n->kind) {
	case DC_HEADING:
		S_begin_block(t, n, PDF_BODY, PDF_BOLD,
			      S_heading_size(t, n->as.heading.level));
		if (t->number_sections)
			S_section_number(t, n);
		break;
	case DC_DEF_TERM:
		S_begin_block(t, n, PDF_BODY, PDF_BOLD, t->size);
		t->look.justify = t->justify;
		break;
	case DC_CAPTION:
		S_begin_block(t, n, PDF_BODY, PDF_ITALIC, t->size);
		t->look = (struct look){.leading = t->look.leading,
					.center = true, .justify = t->justify};
		break;
	default:
		S_begin_block(t, n, PDF_BODY, PDF_REGULAR, t->size);
		t->look.justify = t->justify;
	}
}

/* Is LIST within an item of another list? */
static bool S_nested_list(const struct dc_node *list)
{
	for (const struct dc_node *p = dc_node_parent(list); p;
	     p = dc_node_parent(p))
		if (p->kind == DC_LIST_ITEM)
			return true;
	return false;
}

/* Lists as LaTeX sets them: an item's text 2.5 em in (2.2 em in a list
 * within a list), its marker ending half an em before the text (the
 * marker gap of S_set_lines), so numbers line up on their last digit and
 * bullets end where they do. */
static double S_item_indent(const struct typesetter *t,
			    const struct dc_node *item)
{
	bool nested = dc_node_parent(item) &&
		      S_nested_list(dc_node_parent(item));
	return t->size * (nested ? 2.2 : 2.5);
}

/* A list or quote of several blocks does not start with its first line
 * alone at the foot of a page (a paragraph's own lines are kept together
 * by S_keep_lines; items of one line each are not).  A list inside an
 * item is left alone: moving it would leave the item's line alone. */
static enum dc_status S_keep_start(struct typesetter *t,
				   const struct dc_node *n)
{
	bool nested = dc_node_parent(n) &&
		      dc_node_parent(n)->kind == DC_LIST_ITEM;
	if (nested || !dc_node_first(n) || !dc_node_next(dc_node_first(n)))
		return t->status;
	return t->status = pdf_pages_need(t->pages,
					  2 * S_leading(t, t->size) +
						  0.5 * t->size);
}

/* Does anything but page breaks come after N in the document?  A page
 * break with nothing after it (text that ends in a form feed, as
 * printouts do) makes no empty last page. */
static bool S_followed(const struct dc_node *n)
{
	for (; n; n = dc_node_parent(n))
		for (const struct dc_node *m = dc_node_next(n); m;
		     m = dc_node_next(m))
			if (m->kind != DC_PAGE_BREAK)
				return true;
	return false;
}

static enum dc_status S_block_enter(struct typesetter *t,
				    const struct dc_node *n)
{
	double em = t->size;
	switch (n->kind) {
	case DC_DOCUMENT:
		if (S_title_block(t) == DC_OK && t->toc)
			S_contents(t);
		return t->status;
	case DC_CHAPTER:
		/* Each input of a bundle starts on a new page, which has no
		 * running header. */
		if ((t->status = pdf_pages_set_header(t->pages, NULL)) == DC_OK &&
		    pdf_pages_count(t->pages) > 0)
			t->status = pdf_pages_break(t->pages);
		return t->status;
	case DC_BULLET_LIST:
	case DC_ORDERED_LIST:
		if (S_keep_start(t, n) != DC_OK)
			return t->status;
		return S_push_frame(t, n->as.list.start);
	case DC_LIST_ITEM:
		/* The marker counts in the list's frame, then the item gets
		 * its own. */
		if (S_item_marker(t, n) != DC_OK || S_push_frame(t, 0) != DC_OK)
			return t->status;
		S_indent(t, S_item_indent(t, n));
		return t->status;
	case DC_FOOTNOTE:
		if (S_footnote(t, n) != DC_OK || t->skip == n)
			return t->status;
		/* fall through */
	case DC_BLOCK_QUOTE:
	case DC_DEF_DESC:
		if ((n->kind == DC_BLOCK_QUOTE && S_keep_start(t, n) != DC_OK) ||
		    S_push_frame(t, 0) != DC_OK)
			return t->status;
		S_indent(t, 1.6 * em);
		return t->status;
	case DC_ADMONITION:
		if (S_label(t, S_admonition_label(n->as.admonition.type),
			    PDF_BOLD, false) != DC_OK ||
		    S_push_frame(t, 0) != DC_OK)
			return t->status;
		S_indent(t, 1.6 * em);
		return t->status;
	case DC_CODE_BLOCK: return S_code_block(t, n);
	case DC_THEMATIC_BREAK: return S_label(t, "* * *", PDF_REGULAR, true);
	case DC_PAGE_BREAK:
		if (!S_followed(n))
			return t->status;
		return t->status = pdf_pages_break(t->pages);
	case DC_TABLE:
		pdf_table_free(t->table);
		if (!(t->table = pdf_table_new()))
			return S_oom(t);
		return t->status;
	case DC_TABLE_ROW:
		if (t->table && !pdf_table_row(t->table))
			return S_oom(t);
		return t->status;
	case DC_TABLE_CELL: return S_table_cell(t, n);
	default:
		/* A paragraph that is one image (Markdown's usual way to put
		 * a picture in) is not set as text: the image is drawn. */
		if (n->kind == DC_PARAGRAPH && dc_node_first(n) &&
		    !dc_node_next(dc_node_first(n)) &&
		    dc_node_first(n)->kind == DC_IMAGE)
			return t->status;
		if (dc_kind_holds_inlines(n->kind))
			S_inline_block(t, n);
		return t->status;
	}
}

/* The notes a table references go to the foot of the page it ends on. */
static enum dc_status S_block_notes(struct typesetter *t)
{
	if (t->status == DC_OK && t->n_block_notes)
		t->status = pdf_pages_notes(t->pages, t->block_notes,
					    t->n_block_notes);
	t->n_block_notes = 0;
	return t->status;
}

static enum dc_status S_block_exit(struct typesetter *t,
				   const struct dc_node *n)
{
	switch (n->kind) {
	case DC_BULLET_LIST:
	case DC_ORDERED_LIST:
		/* A list stands apart from what follows (another list, too)
		 * by more than its items; one within an item goes on as the
		 * item's lines do. */
		S_pop_frame(t);
		if (!S_nested_list(n))
			pdf_pages_skip(t->pages, t->size * 0.5);
		return t->status;
	case DC_LIST_ITEM:
	case DC_BLOCK_QUOTE:
	case DC_DEF_DESC:
	case DC_FOOTNOTE:
	case DC_ADMONITION:
		S_pop_frame(t);
		return t->status;
	case DC_TABLE_CELL:
		t->block = NULL;
		t->into = &t->para;
		return t->status;
	case DC_TABLE:
		/* Notes cited in the table link back to its top. */
		for (size_t i = 0; i < t->n_block_refs && t->status == DC_OK;
		     i++)
			t->status = pdf_pages_anchor(t->pages,
						     t->block_refs[i]->ref_id);
		t->n_block_refs = 0;
		if (t->table && t->status == DC_OK)
			t->status = pdf_table_set(t->table, t->pages, t->fonts,
						  t->indent, t->size * 0.92,
						  t->diag);
		pdf_table_free(t->table);
		t->table = NULL;
		pdf_pages_skip(t->pages, t->size * 0.6);
		return S_block_notes(t);
	default:
		if (t->block == n)
			return S_end_block(t);
		return t->status;
	}
}

static enum dc_status S_event(struct typesetter *t, enum dc_event ev,
			      const struct dc_node *n)
{
	bool inline_kind = dc_kind_is_inline(n->kind);
	if (t->skip) {  /* inside a drawn image: its alt text */
		if (t->skip == n)
			t->skip = NULL;
		return t->status;
	}
	/* An image standing as a block (in a figure) is drawn; its alt
	 * text (its children) is for those who cannot see it. */
	if (n->kind == DC_IMAGE && !t->block) {
		if (ev == DC_EV_ENTER)
			S_block_image(t, n);
		return t->status;
	}
	/* Other inlines only count inside a block being collected. */
	if (inline_kind && !t->block)
		return t->status;
	if (ev == DC_EV_ENTER)
		return inline_kind ? S_inline_enter(t, n) : S_block_enter(t, n);
	if (inline_kind) {
		S_inline_exit(t, n);
		return t->status;
	}
	return S_block_exit(t, n);
}

/* Walk the subtree ROOT. */
static enum dc_status S_walk(struct typesetter *t, const struct dc_node *root)
{
	struct dc_iter it;
	const struct dc_node *n;
	enum dc_event ev;
	dc_iter_init(&it, root);
	while (t->status == DC_OK &&
	       (ev = dc_iter_next(&it, &n)) != DC_EV_DONE) {
		dc_doc_reached(t->doc, n);
		S_event(t, ev, n);
	}
	return t->status;
}

/* Every numbered note, set into a note of its own in smaller type. */
static enum dc_status S_set_notes(struct typesetter *t)
{
	double body = t->size;
	t->size = body * NOTE_SCALE;
	for (size_t k = 0; k < t->notes.count && t->status == DC_OK; k++) {
		struct pdf_footnote *note = &t->notes.notes[k];
		t->note_root = note;
		if ((t->status = pdf_pages_capture(t->pages)) != DC_OK)
			break;
		S_walk(t, note->node);
		t->marker_pending = false;  /* an empty note's number */
		note->body = pdf_pages_capture_end(t->pages);
		if (!note->body && t->status == DC_OK)
			t->status = t->diag->error.status ? t->diag->error.status
							  : DC_ERR_SOFTWARE;
	}
	t->note_root = NULL;
	t->size = body;
	return t->status;
}

/* Notes whose references were not set (in the alt text of a drawn image)
 * go to the foot of the last page, and link back to it. */
static enum dc_status S_notes_left(struct typesetter *t)
{
	for (size_t k = 0; k < t->notes.count && t->status == DC_OK; k++) {
		struct pdf_footnote *note = &t->notes.notes[k];
		if (!note->placed &&
		    !S_group(t, note, &t->block_notes, &t->n_block_notes,
			     &t->cap_block_notes))
			return S_oom(t);
		if (S_block_notes(t) == DC_OK && !note->ref_anchored)
			t->status = pdf_pages_anchor(t->pages, note->ref_id);
		note->ref_anchored = true;
	}
	return t->status;
}

enum dc_status pdf_typeset(const struct dc_doc *doc, HPDF_Doc pdf,
			   struct pdf_fonts *fonts, struct pdf_pages *pages,
			   const struct pdf_settings *settings,
			   struct dc_diag *diag)
{
	struct typesetter t = {.doc = doc, .pdf = pdf, .fonts = fonts,
			       .pages = pages, .diag = diag,
			       .size = settings->font_size,
			       .justify = settings->justify,
			       .number_sections = settings->number_sections,
			       .para = {.hyph = settings->hyph}};
	t.into = &t.para;
	if (!pdf_notes_scan(&t.notes, doc))
		S_oom(&t);
	if (settings->toc && t.status == DC_OK)
		t.status = pdf_toc_open(&t.toc, doc, settings->toc_depth,
					settings->number_sections, diag);
	if (S_set_notes(&t) == DC_OK && S_walk(&t, doc->root) == DC_OK &&
	    S_notes_left(&t) == DC_OK &&
	    (t.status = pdf_pages_finish(pages)) == DC_OK && t.toc)
		t.status = pdf_toc_finish(t.toc, pages, fonts);
	pdf_toc_free(t.toc);
	pdf_notes_free(&t.notes);
	free(t.marks);
	free(t.line_notes);
	free(t.block_notes);
	free(t.block_refs);
	pdf_para_free(&t.para);
	pdf_para_free(&t.marker);
	pdf_para_free(&t.cont);
	pdf_table_free(t.table);
	free(t.frames);
	return t.status;
}
