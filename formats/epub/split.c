/* Cutting a book into content documents.
 *
 * Every chapter (input of a bundle) starts a part.  A chapter that fits
 * the limit is one part, written whole.  One that does not is opened: its
 * title and the blocks before its first section make runs (cut between
 * blocks when they alone pass the limit), and each section is taken whole
 * when it fits, else opened the same way.  The runs are then packed into
 * parts in order, a new part starting whenever the next run would make
 * the part pass the limit, so a part starts at a heading or, inside a
 * long stretch without one, between two blocks.
 *
 * Sizes are estimates (the bytes of text plus a little per node), taken
 * by walking a subtree; an opened section's subtree is walked again for
 * each section opened above it, so at most depth times. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builder.h"
#include "epub.h"
#include "iter.h"

enum { NODE_COST = 16 };  /* bytes of markup a node adds, roughly */

struct S_splitter {
	struct epub_split *s;
	size_t limit;
	const struct dc_node *first, *last, *owner;  /* the pending run */
	size_t pending;      /* its size */
	bool start_part;     /* the next run starts a part (a chapter began) */
	int chapter_no, part_no;
	const struct dc_node *chapter;
};

static size_t S_size(const struct dc_node *n)
{
	struct dc_iter it;
	const struct dc_node *c;
	size_t size = 0;
	dc_iter_init(&it, n);
	while (dc_iter_next(&it, &c) != DC_EV_DONE)
		if (it.event == DC_EV_ENTER)
			size += (dc_node_is_literal(c) ? c->len : 0) +
				NODE_COST;
	return size;
}

static bool S_new_part(struct S_splitter *sp)
{
	struct epub_split *s = sp->s;
	if (s->n_parts == s->cap_parts) {
		size_t cap = s->cap_parts ? s->cap_parts * 2 : 16;
		struct epub_part *parts = cap < SIZE_MAX / sizeof *parts ?
			realloc(s->parts, cap * sizeof *parts) : NULL;
		if (!parts)
			return false;
		s->parts = parts;
		s->cap_parts = cap;
	}
	struct epub_part *p = &s->parts[s->n_parts++];
	*p = (struct epub_part){.first_run = s->n_runs,
				.chapter = sp->chapter};
	if (++sp->part_no == 1) {
		snprintf(p->id, sizeof p->id, "chapter-%d", sp->chapter_no);
	} else {
		snprintf(p->id, sizeof p->id, "chapter-%d-%d", sp->chapter_no,
			 sp->part_no);
	}
	snprintf(p->name, sizeof p->name, "%s.xhtml", p->id);
	sp->start_part = false;
	return true;
}

/* Add the run FIRST..LAST of SIZE bytes to the last part, or to a new
 * one. */
static bool S_emit(struct S_splitter *sp, const struct dc_node *first,
		   const struct dc_node *last, const struct dc_node *owner,
		   size_t size)
{
	struct epub_split *s = sp->s;
	struct epub_part *p = s->n_parts ? &s->parts[s->n_parts - 1] : NULL;
	if (!p || sp->start_part || (p->size > 0 && p->size + size > sp->limit)) {
		if (!S_new_part(sp))
			return false;
		p = &s->parts[s->n_parts - 1];
	}
	if (s->n_runs == s->cap_runs) {
		size_t cap = s->cap_runs ? s->cap_runs * 2 : 64;
		struct dc_xhtml_run *runs = cap < SIZE_MAX / sizeof *runs ?
			realloc(s->runs, cap * sizeof *runs) : NULL;
		if (!runs)
			return false;
		s->runs = runs;
		s->cap_runs = cap;
	}
	s->runs[s->n_runs++] = (struct dc_xhtml_run){
		.first = first, .last = last, .owner = owner};
	p->n_runs++;
	p->size += size;
	return true;
}

static bool S_flush(struct S_splitter *sp)
{
	if (!sp->first)
		return true;
	bool ok = S_emit(sp, sp->first, sp->last, sp->owner, sp->pending);
	sp->first = sp->last = NULL;
	sp->pending = 0;
	return ok;
}

/* A block joins the pending run, which is cut first if it would pass the
 * limit. */
static bool S_block(struct S_splitter *sp, const struct dc_node *n,
		    const struct dc_node *owner)
{
	size_t size = S_size(n);
	if (sp->first && sp->pending + size > sp->limit && !S_flush(sp))
		return false;
	if (!sp->first) {
		sp->first = n;
		sp->owner = owner;
	}
	sp->last = n;
	sp->pending += size;
	return true;
}

/* The children of CONTAINER, sections opened as long as they do not fit;
 * an explicit stack instead of recursion. */
static bool S_open(struct S_splitter *sp, const struct dc_node *container,
		   const struct dc_node *owner)
{
	const struct dc_node *next[DC_MAX_DEPTH + 4];
	const struct dc_node *owners[DC_MAX_DEPTH + 4];
	int top = 0;
	next[top] = dc_node_first(container);
	owners[top++] = owner;
	while (top > 0) {
		const struct dc_node *c = next[top - 1];
		if (!c) {
			top--;
			if (!S_flush(sp))
				return false;
			continue;
		}
		next[top - 1] = dc_node_next(c);
		if (c->kind != DC_SECTION) {
			if (!S_block(sp, c, owners[top - 1]))
				return false;
			continue;
		}
		size_t size = S_size(c);
		if (!S_flush(sp))
			return false;
		if (size <= sp->limit || top == DC_MAX_DEPTH + 4) {
			if (!S_emit(sp, c, c, NULL, size))
				return false;
		} else {
			next[top] = dc_node_first(c);
			owners[top++] = c;
		}
	}
	return true;
}

static void S_begin_chapter(struct S_splitter *sp, const struct dc_node *c)
{
	sp->chapter_no++;
	sp->part_no = 0;
	sp->chapter = c;
	sp->start_part = true;
}

static bool S_has_chapters(const struct dc_node *root)
{
	for (const struct dc_node *c = dc_node_first(root); c;
	     c = dc_node_next(c))
		if (c->kind == DC_CHAPTER)
			return true;
	return false;
}

/* A book: each chapter, and each run of blocks between chapters (which
 * only hand-built documents have), starts a part. */
static bool S_book(struct S_splitter *sp, const struct dc_node *root)
{
	const struct dc_node *prev = NULL;
	for (const struct dc_node *c = dc_node_first(root); c;
	     prev = c, c = dc_node_next(c)) {
		if (c->kind != DC_CHAPTER) {
			if (!prev || prev->kind == DC_CHAPTER) {
				if (!S_flush(sp))
					return false;
				S_begin_chapter(sp, NULL);
			}
			if (!S_block(sp, c, NULL))
				return false;
			continue;
		}
		if (!S_flush(sp))
			return false;
		S_begin_chapter(sp, c);
		size_t size = S_size(c);
		if (size <= sp->limit ? !S_emit(sp, c, c, NULL, size)
				      : !S_open(sp, c, c))
			return false;
	}
	return S_flush(sp);
}

/* Every node of a run knows its part. */
static bool S_index(struct epub_split *s)
{
	size_t members = 0;
	for (size_t i = 0; i < s->n_runs; i++)
		for (const struct dc_node *n = s->runs[i].first; n;
		     n = dc_node_next(n)) {
			members++;
			if (n == s->runs[i].last)
				break;
		}
	if (!dc_map_init(&s->members, &s->arena, members, false))
		return false;
	for (size_t p = 0; p < s->n_parts; p++) {
		const struct epub_part *part = &s->parts[p];
		for (size_t i = part->first_run;
		     i < part->first_run + part->n_runs; i++)
			for (const struct dc_node *n = s->runs[i].first; n;
			     n = dc_node_next(n)) {
				if (!dc_map_put(&s->members, n,
						(void *)(uintptr_t)(p + 1)))
					return false;
				if (n == s->runs[i].last)
					break;
			}
	}
	return true;
}

enum dc_status epub_split(struct epub_split *s, const struct dc_doc *doc,
			  size_t limit, struct dc_diag *diag)
{
	*s = (struct epub_split){0};
	dc_arena_init(&s->arena);
	struct S_splitter sp = {.s = s, .limit = limit};
	bool ok;
	if (S_has_chapters(doc->root)) {
		ok = S_book(&sp, doc->root);
	} else {
		S_begin_chapter(&sp, NULL);
		ok = S_open(&sp, doc->root, NULL) && S_flush(&sp);
	}
	if (ok && s->n_parts == 0) {  /* an empty document: an empty part */
		S_begin_chapter(&sp, NULL);
		ok = S_new_part(&sp);
	}
	if (!ok || !S_index(s))
		return dc_fail_oom(diag);
	return DC_OK;
}

void epub_split_free(struct epub_split *s)
{
	free(s->runs);
	free(s->parts);
	dc_arena_free(&s->arena);
	*s = (struct epub_split){0};
}

/* The part of N's nearest ancestor in a run; a chapter or section that
 * was opened is in the part of its first child. */
size_t epub_part_of(const struct epub_split *s, const struct dc_node *n)
{
	for (const struct dc_node *a = n; a; a = dc_node_parent(a)) {
		uintptr_t v = (uintptr_t)dc_map_get(&s->members, a);
		if (v)
			return (size_t)(v - 1);
	}
	for (const struct dc_node *c = n ? dc_node_first(n) : NULL; c;
	     c = dc_node_first(c)) {
		uintptr_t v = (uintptr_t)dc_map_get(&s->members, c);
		if (v)
			return (size_t)(v - 1);
	}
	return 0;
}
