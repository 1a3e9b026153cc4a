/* A long document written in pieces on two threads.
 *
 * A writer whose state is the same at the start of every piece (runs of
 * the root's children) can have the pieces written at once: the even
 * ones on the calling thread, straight into the output, the odd ones on
 * a helper thread, into memory, appended in their turn.  The bytes are
 * those one thread writing every piece in order would write.
 *
 * So are the diagnostics: a piece of the helper's is taken only if it
 * went through without one (no warning, no note, no message, no
 * failure).  Otherwise the calling thread writes that piece again
 * itself, so its diagnostics come out in order, counted and capped as
 * they would be.  After a piece that failed the helper writes no more.
 *
 * The helper runs at most one piece ahead, and no piece is long
 * (dc_cuts_end), so memory holds a few megabytes of output at most
 * besides the sink's own.
 *
 * What the helper's copy of the writer shares with the calling thread's
 * must not change while pieces are written: lookups made beforehand, the
 * document.  The walks of the helper tell the document nothing of what
 * they passed (dc_doc_reached): those of the calling thread are behind
 * them, and give back what is behind. */
#ifndef DC_PIECES_H
#define DC_PIECES_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "node.h"
#include "sink.h"

/* The writers' pieces, in nodes: a piece of Markdown about 160 KB long,
 * a few milliseconds of writing, against some tens of microseconds to
 * hand it over. */
enum { DC_PIECE_NODES = 16384 };

/* The longest piece, in nodes (some megabytes of output): a document
 * with a longer run between two places it can be cut at is written on
 * one thread. */
enum { DC_PIECE_MAX_NODES = 1 << 18 };

/* Pieces of about ASKED nodes (an option's value); 0: a sixteenth of
 * the document's NODES, from DC_PIECE_MIN_NODES to DC_PIECE_NODES, so
 * that in a short document the two threads' shares differ by little.
 * With pieces of DC_PIECE_NODES, 1 MB of text made two, of 16,400 and
 * 12,100 nodes, the first the calling thread's: of the instructions
 * converting it to HTML, 23.8 M were on that thread, 15.3 M on the
 * helper; with a sixteenth, 22.3 M and 16.8 M (the calling thread also
 * decodes the input, and walks the document before the pieces). */
enum { DC_PIECE_MIN_NODES = 1024 };
static inline size_t dc_piece_nodes(size_t asked, size_t nodes)
{
	size_t n = nodes / 16;
	if (asked)
		return asked;
	return n < DC_PIECE_MIN_NODES ? DC_PIECE_MIN_NODES
	       : n > DC_PIECE_NODES  ? DC_PIECE_NODES
				     : n;
}

/* Where a writer cuts the document: before children of the root, about
 * every EVERY nodes of a walk in document order. */
struct dc_cuts {
	const struct dc_node **at;  /* where the pieces after the first start */
	size_t n, cap;
	size_t every;               /* 0: no cuts */
	size_t nodes, since, longest;  /* the walk so far */
};

/* Cut about every EVERY nodes; 0: not at all. */
void dc_cuts_init(struct dc_cuts *c, size_t every);
/* The walk has come to N, in ROOT's subtree in document order; MAY: the
 * writer's state allows a cut before N, if N is one of ROOT's children.
 * Running out of memory here only means no cuts. */
void dc_cuts_node(struct dc_cuts *c, const struct dc_node *root,
		  const struct dc_node *n, bool may);
/* The walk is over: the cuts are dropped if a piece is longer than
 * DC_PIECE_MAX_NODES. */
void dc_cuts_end(struct dc_cuts *c);
/* Drop the cuts: the writer will not use them. */
void dc_cuts_free(struct dc_cuts *c);

struct dc_pieces {
	size_t n;  /* pieces */
	/* Write piece I with the writer state WRITER into OUT, diagnostics
	 * into DIAG; the writer's status. */
	enum dc_status (*write)(void *writer, size_t i, struct dc_sink *out,
				struct dc_diag *diag);
	/* A piece of the helper's was taken: fold into MAIN what writing it
	 * changed in HELPER that the rest depends on.  Called while the
	 * helper waits.  NULL: nothing. */
	void (*taken)(void *main, void *helper);
	void *main;    /* the calling thread's writer state */
	void *helper;  /* the helper's, a copy; NULL: all on this thread */
};

/* Write P's pieces into OUT, the calling thread's diagnostics into DIAG;
 * the status of the first piece that failed, or DC_OK.  Where no thread
 * can be had, every piece is written on this one. */
enum dc_status dc_pieces_write(const struct dc_pieces *p, struct dc_sink *out,
			       struct dc_diag *diag);

#endif
