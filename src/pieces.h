/* A long document written in pieces on two threads.
 *
 * A writer whose state is the same at the start of every piece (runs of
 * the root's children, say) can have the pieces written at once: the
 * even ones on the calling thread, straight into the output, the odd
 * ones on a helper thread, into memory, appended in their turn.  The
 * bytes are those one thread writing every piece in order would write.
 *
 * So are the diagnostics: a piece of the helper's is taken only if it
 * went through without one (no warning, no note, no message, no
 * failure).  Otherwise the calling thread writes that piece again, and
 * every piece after it, itself: its diagnostics come out in order,
 * counted and capped as they would be.
 *
 * The helper runs at most one piece ahead, so memory holds at most one
 * piece of output besides the sink's own. */
#ifndef DC_PIECES_H
#define DC_PIECES_H

#include <stddef.h>

#include "diag.h"
#include "sink.h"

/* The writers' pieces, in nodes: a piece of Markdown about 160 KB long,
 * a few milliseconds of writing, against some tens of microseconds to
 * hand it over. */
enum { DC_PIECE_NODES = 16384 };

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
