/* The one way readers build a tree: open a node, add text, close it.
 *
 * The builder
 *  - checks containment: inline content offered to a node that holds
 *    blocks gets a paragraph opened around it; any other misplaced kind is
 *    a reader bug and fails with DC_ERR_SOFTWARE;
 *  - bounds the depth: nodes opened deeper than DC_MAX_DEPTH are not
 *    created (their content goes to the deepest open node) and one warning
 *    says so, so hostile input cannot make a tree too deep for anyone;
 *  - merges text: consecutive dc_build_text() calls make one text node.
 *
 * Every call returns a status; after a failure the builder refuses more. */
#ifndef DC_BUILDER_H
#define DC_BUILDER_H

#include "buf.h"
#include "diag.h"
#include "node.h"

enum { DC_MAX_DEPTH = 64 };

struct dc_builder {
	struct dc_doc *doc;
	struct dc_diag *diag;
	const char *file;         /* for diagnostics */
	struct dc_node *base;     /* the node building started in */
	struct dc_node *cur;      /* the innermost open node */
	int depth;                /* of cur below base */
	struct dc_node *implicit; /* a paragraph the builder opened itself */
	int suppressed;           /* opens past the depth bound, pending close */
	bool warned_depth;
	enum dc_status status;    /* first failure; DC_OK while all is well */
	/* Pending text, flushed into one DC_TEXT node. */
	struct dc_buf text;
	long text_line, text_col;
};

/* Build inside BASE (a document or a chapter of DOC). */
void dc_builder_init(struct dc_builder *b, struct dc_doc *doc,
		     struct dc_node *base, struct dc_diag *diag,
		     const char *file);
/* Close whatever is still open and release the builder's buffers. */
enum dc_status dc_builder_finish(struct dc_builder *b);

/* Open a node of KIND at LINE:COL as the last child of the current node and
 * make it current.  *OUT (if OUT is not NULL) receives it for its payload;
 * it is NULL when the node was suppressed by the depth bound. */
enum dc_status dc_build_open(struct dc_builder *b, enum dc_kind kind,
			     long line, long col, struct dc_node **out);
/* Close the current node, which must be of KIND. */
enum dc_status dc_build_close(struct dc_builder *b, enum dc_kind kind);
/* Add a leaf (a break, a code block...) with LEN bytes of LITERAL (may be
 * NULL for none), copied into the arena. */
enum dc_status dc_build_leaf(struct dc_builder *b, enum dc_kind kind,
			     const char *literal, size_t len, long line,
			     long col, struct dc_node **out);
/* Append text, merged with text added just before. */
enum dc_status dc_build_text(struct dc_builder *b, const char *s, size_t len,
			     long line, long col);

/* The current node's kind (DC_NONE when failed). */
enum dc_kind dc_build_current(const struct dc_builder *b);

#endif
