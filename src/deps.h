/* The files an output is made from, for --depfile: a make rule that make
 * can `include` and Ninja can read as a `depfile`.
 *
 * One list, filled from two sides: the conversion adds what the options
 * and the model name (the inputs, --css, the cover, every image), and a
 * writer adds what only it knows it read (the PDF writer's font files),
 * through dc_options.deps. */
#ifndef DC_DEPS_H
#define DC_DEPS_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "node.h"
#include "options.h"

struct dc_deps {
	char **paths;   /* malloc'd copies, in the order first added */
	size_t count, cap;
};

void dc_deps_init(struct dc_deps *deps);
void dc_deps_free(struct dc_deps *deps);

/* Add PATH (copied) unless it is already there; an empty PATH or a URL
 * with a scheme is no file and is left out.  False when out of memory. */
bool dc_deps_add(struct dc_deps *deps, const char *path);

/* Add the inputs, the --css files, the cover and the file of every image
 * of DOC that has one (dc_node_file), in that order. */
enum dc_status dc_deps_collect(struct dc_deps *deps,
			       const struct dc_options *opts,
			       const struct dc_doc *doc,
			       struct dc_diag *diag);

/* The rule "TARGET: DEP..." and an empty rule per dependency (so that
 * make does not stop when one is deleted later, as gcc -MP does), escaped
 * for make and Ninja, written atomically to PATH.  DC_ERR_DATA when a
 * name cannot be written in a rule (a tab or a line break in it). */
enum dc_status dc_deps_write(const struct dc_deps *deps, const char *target,
			     const char *path, struct dc_diag *diag);

#endif
