#include "iter.h"

#include <string.h>

void dc_iter_init(struct dc_iter *it, const struct dc_node *root)
{
	*it = (struct dc_iter){.root = root};
}

static bool S_has_exit(const struct dc_node *node)
{
	return !dc_kind_is_leaf(node->kind);
}

enum dc_event dc_iter_next(struct dc_iter *it, const struct dc_node **node)
{
	const struct dc_node *cur = it->node;
	enum dc_event ev = it->event;

	if (it->skipping) {
		it->skipping = false;
		it->event = DC_EV_EXIT;
	} else if (!cur) {
		if (ev == DC_EV_DONE && it->root) {
			/* first call */
			it->node = it->root;
			it->event = DC_EV_ENTER;
		} else {
			it->event = DC_EV_DONE;
		}
	} else if (ev == DC_EV_ENTER && S_has_exit(cur)) {
		const struct dc_node *first = dc_node_first(cur);
		if (first) {
			it->node = first;
			it->event = DC_EV_ENTER;
		} else {
			it->event = DC_EV_EXIT;
		}
	} else if (cur == it->root) {
		it->node = NULL;
		it->event = DC_EV_DONE;
		it->root = NULL;
	} else if (dc_node_next(cur)) {
		it->node = dc_node_next(cur);
		it->event = DC_EV_ENTER;
	} else {
		it->node = dc_node_parent(cur);
		it->event = DC_EV_EXIT;
	}
	*node = it->node;
	return it->event;
}

void dc_iter_skip_children(struct dc_iter *it)
{
	if (it->event == DC_EV_ENTER && S_has_exit(it->node))
		it->skipping = true;
}

/* Bytes of text that dc_node_text() gives for one node. */
static size_t S_text_of(const struct dc_node *n, const char **s)
{
	switch (n->kind) {
	case DC_TEXT:
	case DC_CODE:
		*s = n->literal;
		return n->len;
	case DC_SOFT_BREAK:
	case DC_LINE_BREAK:
		*s = " ";
		return 1;
	default:
		*s = NULL;
		return 0;
	}
}

char *dc_node_text(struct dc_doc *doc, const struct dc_node *node)
{
	struct dc_iter it;
	const struct dc_node *n;
	const char *s;
	size_t total = 0;
	dc_iter_init(&it, node);
	while (dc_iter_next(&it, &n) != DC_EV_DONE)
		if (it.event == DC_EV_ENTER)
			total += S_text_of(n, &s);
	char *text = dc_arena_alloc(&doc->arena, total + 1);
	if (!text)
		return NULL;
	size_t used = 0;
	dc_iter_init(&it, node);
	while (dc_iter_next(&it, &n) != DC_EV_DONE) {
		size_t len = it.event == DC_EV_ENTER ? S_text_of(n, &s) : 0;
		if (len)
			memcpy(text + used, s, len);
		if (n->kind == DC_TEXT)
			dc_text_unbreak(text + used, len);
		used += len;
	}
	text[used] = '\0';
	return text;
}
