#include "sectionize.h"

#include "builder.h"

/* The sections open while walking one container, innermost last, and
 * the last child of each and of the container (an open section is its
 * parent's last child).  Their number is bounded like any nesting of the
 * model. */
struct open_sections {
	struct dc_node *container, *container_last;
	struct dc_node *node[DC_MAX_DEPTH], *last[DC_MAX_DEPTH];
	int level[DC_MAX_DEPTH];
	int count;
};

/* Append CHILD to the innermost open section, or to the container. */
static void S_add(struct open_sections *open, struct dc_node *child)
{
	struct dc_node *parent = open->container, **last = &open->container_last;
	if (open->count) {
		parent = open->node[open->count - 1];
		last = &open->last[open->count - 1];
	}
	dc_node_insert_after(parent, *last, child);
	*last = child;
}

static enum dc_status S_open_section(struct dc_doc *doc,
				     struct open_sections *open,
				     struct dc_node *heading,
				     struct dc_diag *diag)
{
	int level = heading->as.heading.level;
	while (open->count && open->level[open->count - 1] >= level)
		open->count--;
	if (open->count == DC_MAX_DEPTH) {
		/* Deeper than anything legitimate: keep the heading where
		 * it is rather than nest further. */
		S_add(open, heading);
		return DC_OK;
	}
	struct dc_node *section = dc_node_new(doc, DC_SECTION);
	if (!section)
		return dc_fail_oom(diag);
	section->line = heading->line;
	section->col = heading->col;
	S_add(open, section);
	open->node[open->count] = section;
	open->last[open->count] = NULL;
	open->level[open->count] = level;
	open->count++;
	S_add(open, heading);
	return DC_OK;
}

/* Detach the children of CONTAINER after KEEP (all when KEEP is NULL);
 * returns the first of them. */
static struct dc_node *S_cut(struct dc_node *container, struct dc_node *keep)
{
	struct dc_node *start = keep ? dc_node_next(keep)
				     : dc_node_first(container);
	if (keep)
		dc_node_set_next(keep, NULL);
	else
		dc_node_set_first(container, NULL);
	return start;
}

static enum dc_status S_nest(struct dc_doc *doc, struct dc_node *container,
			     struct dc_diag *diag)
{
	struct dc_node *first = dc_node_first(container);
	/* A chapter's leading heading is its title: it stays in place. */
	bool titled = container->kind == DC_CHAPTER && first &&
		      first->kind == DC_HEADING;
	struct open_sections open = {.container = container,
				     .container_last = titled ? first : NULL};
	struct dc_node *child = S_cut(container, open.container_last);
	while (child) {
		struct dc_node *next = dc_node_next(child);
		dc_node_set_parent(child, NULL);
		dc_node_set_next(child, NULL);
		if (child->kind == DC_HEADING) {
			enum dc_status st = S_open_section(doc, &open, child,
							   diag);
			if (st != DC_OK)
				return st;
		} else {
			S_add(&open, child);
		}
		child = next;
	}
	return DC_OK;
}

enum dc_status dc_sectionize(struct dc_doc *doc, struct dc_node *container,
			     struct dc_diag *diag)
{
	if (container->kind != DC_DOCUMENT)
		return S_nest(doc, container, diag);
	bool has_chapters = false;
	for (struct dc_node *c = dc_node_first(container); c;
	     c = dc_node_next(c)) {
		if (c->kind != DC_CHAPTER)
			continue;
		has_chapters = true;
		enum dc_status st = S_nest(doc, c, diag);
		if (st != DC_OK)
			return st;
	}
	return has_chapters ? DC_OK : S_nest(doc, container, diag);
}
