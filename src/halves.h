/* A long input read in two halves at once.
 *
 * Where a reader's state is the same whatever came before (nothing is
 * open), the text after that place can be read on a helper thread while
 * the calling thread reads the text before it.  The helper builds into
 * nodes of its own, in a part of the document's pool (dc_pool_split),
 * and text of its own, in an arena of its own; it gives back the mapped
 * input only behind itself (dc_maps_view).  When both are done, its nodes go to the end of the
 * calling thread's, where one thread reading in order would have put
 * them, if its half went through without a diagnostic (no warning, no
 * note, no message, no failure).  Otherwise they are dropped and the
 * calling thread reads the second half again itself, after the first,
 * so that the document and its diagnostics are those of one thread.
 *
 * Only the nodes, the arena and the node count of the helper's document
 * are taken: a reader whose second half sets nodes' strings
 * (dc_node_set_str) or interns (dc_doc_intern) cannot use this as it
 * is. */
#ifndef DC_HALVES_H
#define DC_HALVES_H

#include <stddef.h>

#include "builder.h"

struct dc_halves {
	/* Read the first half into B, with MAIN's state, diagnostics into
	 * DIAG; leave nothing open in B. */
	enum dc_status (*first)(void *main, struct dc_builder *b,
				struct dc_diag *diag);
	/* Read the second half into B with STATE: HELPER's, on the helper
	 * thread, or MAIN's after the first half. */
	enum dc_status (*second)(void *state, struct dc_builder *b,
				 struct dc_diag *diag);
	void *main;
	void *helper;  /* NULL: all on the calling thread */
	const char *second_at;  /* where the second half starts */
	/* The most bytes of nodes each half can take. */
	size_t first_room, second_room;
};

/* Read H's halves into B, the calling thread's diagnostics into DIAG;
 * the status of the first failure, or DC_OK.  Where the pool has not the
 * room or no thread can be had, both are read on the calling thread. */
enum dc_status dc_halves_read(struct dc_builder *b, const struct dc_halves *h,
			      struct dc_diag *diag);

#endif
