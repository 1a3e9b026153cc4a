/* The builder: containment, implicit paragraphs, merged text, depth. */
#include "harness.h"

#include <stdlib.h>

#include "builder.h"

struct fixture {
	struct dc_doc *doc;
	struct dc_diag diag;
	struct dc_builder b;
	char *log;
	size_t log_len;
};

static bool S_setup(struct fixture *f)
{
	*f = (struct fixture){.doc = dc_doc_new()};
	dc_diag_init(&f->diag, "test", open_memstream(&f->log, &f->log_len));
	if (!f->doc || !f->diag.stream)
		return false;
	dc_builder_init(&f->b, f->doc, f->doc->root, &f->diag, "in.txt");
	return true;
}

/* The tree as ast text (without the meta line); frees nothing. */
static char *S_ast(struct fixture *f)
{
	char *ast = dc_test_write("ast", f->doc);
	return ast ? ast + strlen("meta\n") : NULL;
}

static void S_teardown(struct fixture *f, char *ast)
{
	if (ast)
		free(ast - strlen("meta\n"));
	fclose(f->diag.stream);
	free(f->log);
	dc_doc_free(f->doc);
}

static void test_text_merged(void)
{
	struct fixture f;
	if (!S_setup(&f))
		return;
	CHECK_INT(dc_build_open(&f.b, DC_PARAGRAPH, 1, 1, NULL), DC_OK);
	CHECK_INT(dc_build_text(&f.b, "ab", 2, 1, 1), DC_OK);
	CHECK_INT(dc_build_text(&f.b, "cd", 2, 1, 3), DC_OK);
	CHECK_INT(dc_build_leaf(&f.b, DC_SOFT_BREAK, NULL, 0, 1, 5, NULL),
		  DC_OK);
	CHECK_INT(dc_build_text(&f.b, "e", 1, 2, 1), DC_OK);
	CHECK_INT(dc_build_close(&f.b, DC_PARAGRAPH), DC_OK);
	CHECK_INT(dc_builder_finish(&f.b), DC_OK);
	char *ast = S_ast(&f);
	CHECK_STR(ast, "document\n"
		       "  paragraph @1:1\n"
		       "    text @1:1 \"abcd\"\n"
		       "    soft_break @1:5\n"
		       "    text @2:1 \"e\"\n");
	S_teardown(&f, ast);
}

/* Text offered to a block container gets a paragraph around it, which a
 * following block closes. */
static void test_implicit_paragraph(void)
{
	struct fixture f;
	if (!S_setup(&f))
		return;
	CHECK_INT(dc_build_open(&f.b, DC_BLOCK_QUOTE, 1, 1, NULL), DC_OK);
	CHECK_INT(dc_build_text(&f.b, "x", 1, 1, 3), DC_OK);
	CHECK_INT(dc_build_leaf(&f.b, DC_THEMATIC_BREAK, NULL, 0, 2, 1, NULL),
		  DC_OK);
	CHECK_INT(dc_build_text(&f.b, "y", 1, 3, 1), DC_OK);
	CHECK_INT(dc_build_close(&f.b, DC_BLOCK_QUOTE), DC_OK);
	CHECK_INT(dc_builder_finish(&f.b), DC_OK);
	char *ast = S_ast(&f);
	CHECK_STR(ast, "document\n"
		       "  block_quote @1:1\n"
		       "    paragraph @1:3\n"
		       "      text @1:3 \"x\"\n"
		       "    thematic_break @2:1\n"
		       "    paragraph @3:1\n"
		       "      text @3:1 \"y\"\n");
	S_teardown(&f, ast);
}

/* A misplaced kind is a reader bug: an internal error, and the builder
 * refuses everything after it. */
static void test_containment_violation(void)
{
	struct fixture f;
	if (!S_setup(&f))
		return;
	CHECK_INT(dc_build_open(&f.b, DC_BULLET_LIST, 1, 1, NULL), DC_OK);
	CHECK_INT(dc_build_open(&f.b, DC_PARAGRAPH, 1, 1, NULL),
		  DC_ERR_SOFTWARE);
	CHECK_INT(f.diag.error.status, DC_ERR_SOFTWARE);
	CHECK(strstr(f.diag.error.message, "paragraph") != NULL);
	CHECK_INT(dc_build_text(&f.b, "x", 1, 1, 1), DC_ERR_SOFTWARE);
	CHECK_INT(dc_builder_finish(&f.b), DC_ERR_SOFTWARE);
	S_teardown(&f, NULL);
}

static void test_close_mismatch(void)
{
	struct fixture f;
	if (!S_setup(&f))
		return;
	CHECK_INT(dc_build_open(&f.b, DC_PARAGRAPH, 1, 1, NULL), DC_OK);
	CHECK_INT(dc_build_open(&f.b, DC_EMPH, 1, 1, NULL), DC_OK);
	CHECK_INT(dc_build_close(&f.b, DC_PARAGRAPH), DC_ERR_SOFTWARE);
	S_teardown(&f, NULL);

	/* Closing past the base is a bug too. */
	if (!S_setup(&f))
		return;
	CHECK_INT(dc_build_close(&f.b, DC_DOCUMENT), DC_ERR_SOFTWARE);
	S_teardown(&f, NULL);
}

static void test_leaf_payload(void)
{
	struct fixture f;
	struct dc_node *code;
	if (!S_setup(&f))
		return;
	CHECK_INT(dc_build_leaf(&f.b, DC_CODE_BLOCK, "a\0b\n", 4, 1, 1, &code),
		  DC_OK);
	CHECK(code && code->len == 4 && code->literal[1] == '\0');
	CHECK_INT(dc_build_open(&f.b, DC_TEXT, 1, 1, NULL), DC_ERR_SOFTWARE);
	S_teardown(&f, NULL);
}

/* Nesting past DC_MAX_DEPTH is flattened with one warning; the text is
 * kept; the tree is never deeper than the bound. */
static void test_depth_bound(void)
{
	struct fixture f;
	if (!S_setup(&f))
		return;
	const int levels = 10000;
	for (int i = 0; i < levels; i++) {
		CHECK_INT(dc_build_open(&f.b, DC_BLOCK_QUOTE, i + 1, 1, NULL),
			  DC_OK);
		if (f.b.status != DC_OK)
			break;
	}
	CHECK_INT(dc_build_text(&f.b, "deep", 4, 1, 1), DC_OK);
	for (int i = 0; i < levels; i++)
		CHECK_INT(dc_build_close(&f.b, DC_BLOCK_QUOTE), DC_OK);
	CHECK_INT(dc_builder_finish(&f.b), DC_OK);
	CHECK_INT(f.diag.warnings, 1);
	fflush(f.diag.stream);
	CHECK(f.log && strstr(f.log, "in.txt:65:1: warning: nesting deeper "
			      "than 64 levels flattened"));
	int depth = 0;
	const struct dc_node *n = f.doc->root;
	while (dc_node_first(n)) {
		n = dc_node_first(n);
		depth++;
	}
	CHECK_INT(depth, DC_MAX_DEPTH + 2);  /* + paragraph + text */
	CHECK(n->kind == DC_TEXT && n->len == 4);
	S_teardown(&f, NULL);
}

static void test_depth_bound_strict(void)
{
	struct fixture f;
	if (!S_setup(&f))
		return;
	f.diag.strict = true;
	enum dc_status st = DC_OK;
	for (int i = 0; i < DC_MAX_DEPTH + 1 && st == DC_OK; i++)
		st = dc_build_open(&f.b, DC_BLOCK_QUOTE, 1, 1, NULL);
	CHECK_INT(st, DC_ERR_DATA);
	CHECK_INT(f.diag.error.status, DC_ERR_DATA);
	S_teardown(&f, NULL);
}

/* finish() closes what the reader left open. */
/* A line end joins kept text that it follows there: one node for a
 * wrapped paragraph.  Not after trailing blanks (the text stops short of
 * it), nor after text that was copied; and text after a joined line end
 * that does not follow it (an indented line) starts a node of its own,
 * which is when its position is wanted. */
static void test_line_end_joined(void)
{
	static const char input[] = "one\ntwo  \nthree\n  four\n";
	struct fixture f;
	if (!S_setup(&f))
		return;
	dc_builder_keep(&f.b, input, sizeof input - 1);
	CHECK_INT(dc_build_open(&f.b, DC_PARAGRAPH, 1, 1, NULL), DC_OK);
	CHECK(dc_build_text_starts(&f.b, input, 3));
	CHECK_INT(dc_build_text(&f.b, input, 3, 1, 1), DC_OK);
	CHECK(dc_build_joins_line_end(&f.b, NULL));
	CHECK(!dc_build_line_end_placed(&f.b, input + 3));
	CHECK_INT(dc_build_soft_break(&f.b, NULL, 1, 4), DC_OK);
	CHECK(!dc_build_text_starts(&f.b, input + 4, 3));
	CHECK_INT(dc_build_text(&f.b, input + 4, 3, 2, 1), DC_OK);
	CHECK(!dc_build_joins_line_end(&f.b, NULL));  /* blanks before it */
	CHECK(dc_build_line_end_placed(&f.b, input + 7));
	CHECK_INT(dc_build_soft_break(&f.b, NULL, 2, 4), DC_OK);
	CHECK_INT(dc_build_text(&f.b, input + 10, 5, 3, 1), DC_OK);
	CHECK_INT(dc_build_soft_break(&f.b, NULL, 3, 6), DC_OK);
	CHECK(dc_build_ends_line(&f.b));
	CHECK(dc_build_text_starts(&f.b, input + 18, 4));
	CHECK_INT(dc_build_text(&f.b, input + 18, 4, 4, 3), DC_OK);
	CHECK_INT(dc_build_soft_break(&f.b, NULL, 4, 7), DC_OK);
	CHECK_INT(dc_build_text(&f.b, "copied", 6, 5, 1), DC_OK);
	CHECK(!dc_build_joins_line_end(&f.b, NULL));
	CHECK_INT(dc_build_soft_break(&f.b, NULL, 5, 7), DC_OK);
	CHECK_INT(dc_build_close(&f.b, DC_PARAGRAPH), DC_OK);
	CHECK_INT(dc_builder_finish(&f.b), DC_OK);
	char *ast = S_ast(&f);
	CHECK_STR(ast, "document\n"
		       "  paragraph @1:1\n"
		       "    text @1:1 \"one\\ntwo\"\n"
		       "    soft_break @2:4\n"
		       "    text @3:1 \"three\\n\"\n"
		       "    text @4:3 \"four\\n\"\n"
		       "    text @5:1 \"copied\"\n"
		       "    soft_break @5:7\n");
	S_teardown(&f, ast);
}

/* A line end the reader places, after a link (no text pending), starts
 * the text that the next line goes on. */
static void test_line_end_after_link(void)
{
	static const char input[] = "http://a.example\nnext\n";
	struct fixture f;
	if (!S_setup(&f))
		return;
	dc_builder_keep(&f.b, input, sizeof input - 1);
	CHECK_INT(dc_build_open(&f.b, DC_PARAGRAPH, 1, 1, NULL), DC_OK);
	CHECK_INT(dc_build_open(&f.b, DC_LINK, 1, 1, NULL), DC_OK);
	CHECK_INT(dc_build_text(&f.b, input, 16, 1, 1), DC_OK);
	CHECK_INT(dc_build_close(&f.b, DC_LINK), DC_OK);
	CHECK(!dc_build_joins_line_end(&f.b, NULL));
	CHECK(!dc_build_joins_line_end(&f.b, input + 15));  /* not a LF */
	CHECK(dc_build_joins_line_end(&f.b, input + 16));
	CHECK(dc_build_line_end_placed(&f.b, input + 16));  /* starts text */
	CHECK_INT(dc_build_soft_break(&f.b, input + 16, 1, 17), DC_OK);
	CHECK_INT(dc_build_text(&f.b, input + 17, 4, 2, 1), DC_OK);
	CHECK_INT(dc_build_close(&f.b, DC_PARAGRAPH), DC_OK);
	CHECK_INT(dc_builder_finish(&f.b), DC_OK);
	char *ast = S_ast(&f);
	CHECK_STR(ast, "document\n"
		       "  paragraph @1:1\n"
		       "    link @1:1\n"
		       "      text @1:1 \"http://a.example\"\n"
		       "    text @1:17 \"\\nnext\"\n");
	S_teardown(&f, ast);
}

static void test_finish_closes(void)
{
	struct fixture f;
	if (!S_setup(&f))
		return;
	CHECK_INT(dc_build_open(&f.b, DC_BULLET_LIST, 1, 1, NULL), DC_OK);
	CHECK_INT(dc_build_open(&f.b, DC_LIST_ITEM, 1, 1, NULL), DC_OK);
	CHECK_INT(dc_build_current(&f.b), DC_LIST_ITEM);
	CHECK_INT(dc_build_text(&f.b, "item", 4, 1, 3), DC_OK);
	CHECK_INT(dc_builder_finish(&f.b), DC_OK);
	char *ast = S_ast(&f);
	CHECK_STR(ast, "document\n"
		       "  bullet_list @1:1\n"
		       "    list_item @1:1\n"
		       "      paragraph @1:3\n"
		       "        text @1:3 \"item\"\n");
	S_teardown(&f, ast);
}

static const struct dc_test tests[] = {
	{.name = "text_merged", .run = test_text_merged},
	{.name = "implicit_paragraph", .run = test_implicit_paragraph},
	{.name = "containment_violation", .run = test_containment_violation},
	{.name = "close_mismatch", .run = test_close_mismatch},
	{.name = "leaf_payload", .run = test_leaf_payload},
	{.name = "depth_bound", .run = test_depth_bound},
	{.name = "depth_bound_strict", .run = test_depth_bound_strict},
	{.name = "finish_closes", .run = test_finish_closes},
	{.name = "line_end_joined", .run = test_line_end_joined},
	{.name = "line_end_after_link", .run = test_line_end_after_link},
	{0},
};

const struct dc_suite dc_suite_builder = {.name = "builder", .tests = tests};
