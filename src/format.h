/* Format descriptors and the one table of them (registry.c).
 *
 * A format is one `const struct dc_format` in formats/, with a reader, a
 * writer or both; adding a format is one file and one line in the table. */
#ifndef DC_FORMAT_H
#define DC_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include "builder.h"
#include "diag.h"
#include "node.h"
#include "options.h"
#include "sink.h"

/* The most bytes one input may have; a larger one is refused whole (65,
 * "input is larger than 1 GiB"), by the one place that loads inputs
 * (dc_convert_input), before it is read when its size is known.  md4c
 * counts in 32 bits: an input must stay well under 4 GiB, and every
 * reader's offsets and positions fit with room to spare. */
#define DC_MAX_INPUT ((size_t)1 << 30)
#define DC_MAX_INPUT_TEXT "1 GiB"

/* One input, read whole. */
struct dc_input {
	const char *name;  /* for diagnostics: the path, or "<stdin>" */
	const char *data;
	size_t len;
};

struct dc_format {
	const char *name;
	const char *description;
	/* File name extensions, without the dot, NULL-terminated. */
	const char *const *extensions;
	/* Read IN into the builder (positioned in a document or chapter) and
	 * its header into META.  NULL if the format cannot be read. */
	enum dc_status (*read)(const struct dc_input *in, struct dc_builder *b,
			       struct dc_meta *meta, struct dc_diag *diag);
	/* Write DOC to SINK.  NULL if the format cannot be written. */
	enum dc_status (*write)(const struct dc_doc *doc, struct dc_sink *sink,
				const struct dc_options *opts,
				struct dc_diag *diag);
	/* The output is binary: refused on a terminal. */
	bool binary;
};

/* The table, sorted by name and NULL-terminated. */
extern const struct dc_format *const dc_formats[];

const struct dc_format *dc_format_by_name(const char *name);
/* The format whose extensions include PATH's (case-insensitive), among
 * those that can read (WANT_READ) or write; NULL if none. */
const struct dc_format *dc_format_by_path(const char *path, bool want_read);
/* ".txt, .text" into OUT (SIZE bytes), for listings. */
void dc_format_extensions(const struct dc_format *f, char *out, size_t size);

#endif
