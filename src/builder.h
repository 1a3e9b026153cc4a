/* The one way readers build a tree: open a node, add text, close it.
 *
 * The builder
 *  - checks containment: inline content offered to a node that holds
 *    blocks gets a paragraph opened around it; any other misplaced kind is
 *    a reader bug and fails with DC_ERR_SOFTWARE;
 *  - bounds the depth: nodes opened deeper than DC_MAX_DEPTH are not
 *    created (their content goes to the deepest open node) and one warning
 *    says so, so hostile input cannot make a tree too deep for anyone;
 *  - merges text: consecutive dc_build_text() calls make one text node;
 *  - joins a line end to the text before it where the two lie together
 *    in the kept bytes (dc_build_soft_break);
 *  - copies text into the document, except text that lies in the bytes
 *    dc_builder_keep() named: a node then points into them.
 *
 * Every call returns a status; after a failure the builder refuses more. */
#ifndef DC_BUILDER_H
#define DC_BUILDER_H

#include "buf.h"
#include "diag.h"
#include "node.h"
#include "utf8.h"

enum { DC_MAX_DEPTH = 64 };

struct dc_builder {
	struct dc_doc *doc;
	struct dc_diag *diag;
	const char *file;         /* for diagnostics */
	struct dc_node *base;     /* the node building started in */
	struct dc_node *cur;      /* the innermost open node */
	/* CUR's last child: an open node is always its parent's last, so
	 * closing one makes it the last child of the node it leaves. */
	struct dc_node *last;
	int depth;                /* of cur below base */
	struct dc_node *implicit; /* a paragraph the builder opened itself */
	int suppressed;           /* opens past the depth bound, pending close */
	bool warned_depth;
	enum dc_status status;    /* first failure; DC_OK while all is well */
	/* Pending text, flushed into one DC_TEXT node: REF_LEN bytes at REF
	 * while it is one run of the kept bytes, else TEXT's. */
	struct dc_buf text;
	const char *ref;
	size_t ref_len;
	long text_line, text_col;
	/* Bytes that live as long as the document (dc_builder_keep). */
	const char *kept;
	size_t kept_len;
	/* A reader may read an input from this many bytes on in two halves
	 * at once (dc_halves_read); 0: from its own default.  For tests. */
	size_t halves_from;
};

/* Build inside BASE (a document or a chapter of DOC). */
void dc_builder_init(struct dc_builder *b, struct dc_doc *doc,
		     struct dc_node *base, struct dc_diag *diag,
		     const char *file);
/* The LEN bytes at DATA live as long as the document (its input, in
 * its arena): text that lies in them is not copied. */
void dc_builder_keep(struct dc_builder *b, const char *data, size_t len);
/* Do the LEN bytes at S lie in the kept bytes? */
bool dc_builder_keeps(const struct dc_builder *b, const char *s, size_t len);
/* The LEN bytes at DATA, from malloc, become the document's (freed with
 * its arena) and the kept bytes in place of the input, which nothing
 * points into any more: if it is mapped, its pages are given back.
 * False when out of memory; DATA is then still the caller's. */
bool dc_builder_keep_own(struct dc_builder *b, char *data, size_t len);
/* DATA's LEN bytes decoded for a reader (dc_decode_text, with B's file
 * and diagnostics).  A copy the decoding makes of the kept input is kept
 * in its place (dc_builder_keep_own): text nodes point into it as into
 * the input, and are not copied one by one. */
enum dc_status dc_build_decode(struct dc_builder *b, const char *data,
			       size_t len, struct dc_text *out);

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
/* Append NODE, a block built apart and detached (with its subtree), where
 * a block of its kind opened now would go. */
enum dc_status dc_build_graft(struct dc_builder *b, struct dc_node *node);
/* Move the children of FROM, a node of the same document built apart
 * by another builder (a detached base of the current node's kind), to
 * the end of the current node, which must be the base, with nothing
 * pending: as if they had been built here. */
enum dc_status dc_build_adopt(struct dc_builder *b, struct dc_node *from);
/* Append text, merged with text added just before. */
enum dc_status dc_build_text(struct dc_builder *b, const char *s, size_t len,
			     long line, long col);

/* Would LEN bytes of text at S start a text node, and so need their
 * position?  Text that joins the text pending does not (a reader that
 * has to count for a position can skip it then). */
bool dc_build_text_starts(const struct dc_builder *b, const char *s,
			  size_t len);
/* Would a line end at AT join the text pending (dc_build_soft_break)? */
bool dc_build_joins_line_end(const struct dc_builder *b, const char *at);
/* Would a line end at AT need its position: as a soft-break node, or as
 * the start of a text node?  Not when it joins the text pending. */
bool dc_build_line_end_placed(const struct dc_builder *b, const char *at);

/* A line end inside a paragraph, at LINE:COL, and at AT in the input when
 * the reader knows where (else NULL: right after the text pending).
 * When AT is a '\n' of the kept bytes and follows the text pending there,
 * or there is no text pending (after a link), the '\n' is text (a soft
 * break, node.h): a hard-wrapped paragraph is then one text node, not
 * two nodes a line.  Else a DC_SOFT_BREAK node. */
enum dc_status dc_build_soft_break(struct dc_builder *b, const char *at,
				   long line, long col);

/* Has the current node no inline content, or does it end in a line end
 * (a soft break, or text that took one)? */
bool dc_build_ends_line(const struct dc_builder *b);

/* The current node's kind (DC_NONE when failed). */
enum dc_kind dc_build_current(const struct dc_builder *b);

#endif
