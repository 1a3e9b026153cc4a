/* The iterator: ENTER/EXIT order, leaves, skipping. */
#include "harness.h"

#include "iter.h"

static struct dc_node *S_add(struct dc_doc *doc, struct dc_node *parent,
			     enum dc_kind kind)
{
	struct dc_node *n = dc_node_new(doc, kind);
	if (n)
		dc_node_append(parent, n);
	return n;
}

/* document > (paragraph > text, emph > text), thematic_break, list(empty) */
static struct dc_doc *S_sample(void)
{
	struct dc_doc *doc = dc_doc_new();
	if (!doc)
		return NULL;
	struct dc_node *p = S_add(doc, doc->root, DC_PARAGRAPH);
	if (!p)
		return doc;
	S_add(doc, p, DC_TEXT);
	struct dc_node *em = S_add(doc, p, DC_EMPH);
	if (em)
		S_add(doc, em, DC_TEXT);
	S_add(doc, doc->root, DC_THEMATIC_BREAK);
	S_add(doc, doc->root, DC_BULLET_LIST);
	return doc;
}

/* The events as a string: "+kind" on ENTER, "-kind" on EXIT. */
static void S_trace(const struct dc_node *root, char *out, size_t size,
		    const char *skip_kind)
{
	struct dc_iter it;
	const struct dc_node *n;
	size_t used = 0;
	out[0] = '\0';
	dc_iter_init(&it, root);
	while (dc_iter_next(&it, &n) != DC_EV_DONE) {
		int w = snprintf(out + used, size - used, "%s%s ",
				 it.event == DC_EV_ENTER ? "+" : "-",
				 dc_kind_name(n->kind));
		if (w < 0 || (size_t)w >= size - used)
			return;
		used += (size_t)w;
		if (skip_kind && it.event == DC_EV_ENTER &&
		    strcmp(dc_kind_name(n->kind), skip_kind) == 0)
			dc_iter_skip_children(&it);
	}
}

static void test_order(void)
{
	struct dc_doc *doc = S_sample();
	char trace[512];
	CHECK(doc != NULL);
	if (!doc)
		return;
	S_trace(doc->root, trace, sizeof trace, NULL);
	CHECK_STR(trace, "+document +paragraph +text +emph +text -emph "
			 "-paragraph +thematic_break +bullet_list "
			 "-bullet_list -document ");
	dc_doc_free(doc);
}

static void test_skip(void)
{
	struct dc_doc *doc = S_sample();
	char trace[512];
	if (!doc)
		return;
	S_trace(doc->root, trace, sizeof trace, "paragraph");
	CHECK_STR(trace, "+document +paragraph -paragraph +thematic_break "
			 "+bullet_list -bullet_list -document ");
	dc_doc_free(doc);
}

/* A subtree walk stays inside the subtree. */
static void test_subtree(void)
{
	struct dc_doc *doc = S_sample();
	char trace[512];
	if (!doc)
		return;
	S_trace(dc_node_last_child(dc_node_first(doc->root)), trace,
		sizeof trace, NULL);
	CHECK_STR(trace, "+emph +text -emph ");
	S_trace(dc_node_next(dc_node_first(doc->root)), trace, sizeof trace,
		NULL);
	CHECK_STR(trace, "+thematic_break ");
	dc_doc_free(doc);
}

/* A very deep tree is walked without recursion. */
static void test_deep(void)
{
	struct dc_doc *doc = dc_doc_new();
	if (!doc)
		return;
	struct dc_node *n = doc->root;
	for (int i = 0; i < 200000 && n; i++)
		n = S_add(doc, n, DC_BLOCK_QUOTE);
	struct dc_iter it;
	const struct dc_node *cur;
	long events = 0;
	dc_iter_init(&it, doc->root);
	while (dc_iter_next(&it, &cur) != DC_EV_DONE)
		events++;
	CHECK_INT(events, 2 * 200001);
	dc_doc_free(doc);
}

static const struct dc_test tests[] = {
	{.name = "order", .run = test_order},
	{.name = "skip", .run = test_skip},
	{.name = "subtree", .run = test_subtree},
	{.name = "deep", .run = test_deep},
	{0},
};

const struct dc_suite dc_suite_iter = {.name = "iter", .tests = tests};
