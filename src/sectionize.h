/* The normalising pass: flat headings become nested sections. */
#ifndef DC_SECTIONIZE_H
#define DC_SECTIONIZE_H

#include "diag.h"
#include "node.h"

/* Nest the children of CONTAINER (a document or chapter; for a document
 * of chapters, each chapter) so that every heading among them opens a
 * DC_SECTION holding the heading, the blocks after it, and the sections
 * of deeper headings, up to the next heading of its level or higher.
 * Headings deeper in the tree (in a list item, say) stay as they are.
 * A chapter's leading heading (its title) opens no section. */
enum dc_status dc_sectionize(struct dc_doc *doc, struct dc_node *container,
			     struct dc_diag *diag);

#endif
