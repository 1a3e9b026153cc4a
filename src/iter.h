/* Walking a tree without recursion, as cmark's iterator does: every node
 * with children (or able to have them) is seen twice, on ENTER and on EXIT;
 * a leaf is seen once, on ENTER. */
#ifndef DC_ITER_H
#define DC_ITER_H

#include "node.h"

enum dc_event { DC_EV_DONE = 0, DC_EV_ENTER, DC_EV_EXIT };

struct dc_iter {
	const struct dc_node *root;
	const struct dc_node *node;  /* the node of the last event */
	enum dc_event event;
	bool skipping;  /* deliver the node's EXIT next */
};

void dc_iter_init(struct dc_iter *it, const struct dc_node *root);
/* The next event; *NODE is its node.  DC_EV_DONE after the root's EXIT. */
enum dc_event dc_iter_next(struct dc_iter *it, const struct dc_node **node);
/* After an ENTER: skip the node's children, so the next event is its EXIT
 * (or, for a leaf, what follows it). */
void dc_iter_skip_children(struct dc_iter *it);

#endif
