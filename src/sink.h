/* Where a writer's bytes go: a file (written atomically), standard output,
 * or memory (for tests and for writers that post-process).
 *
 * Writes never fail on the spot: the first failure is remembered and
 * reported by dc_sink_commit(), so writers stay free of error plumbing. */
#ifndef DC_SINK_H
#define DC_SINK_H

#include <stdbool.h>
#include <stdio.h>

#include "buf.h"
#include "diag.h"

enum dc_sink_type { DC_SINK_FILE, DC_SINK_STDOUT, DC_SINK_MEMORY };

struct dc_sink {
	enum dc_sink_type type;
	FILE *fp;            /* FILE and STDOUT */
	char *tmp_path;      /* FILE: the temporary file beside the target */
	const char *target;  /* FILE: the path it is renamed to */
	struct dc_buf mem;   /* MEMORY */
	int errnum;          /* first write failure's errno, or -1 for memory */
	bool failed;
};

/* Create a temporary file beside PATH; nothing exists at PATH until
 * dc_sink_commit(). */
enum dc_status dc_sink_open_file(struct dc_sink *sink, const char *path,
				 struct dc_diag *diag);
void dc_sink_open_stdout(struct dc_sink *sink);
void dc_sink_open_memory(struct dc_sink *sink);

void dc_sink_write(struct dc_sink *sink, const void *data, size_t len);
void dc_sink_puts(struct dc_sink *sink, const char *s);
void dc_sink_putc(struct dc_sink *sink, char c);
void dc_sink_printf(struct dc_sink *sink, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Finish: flush, close and rename the temporary file into place (FILE),
 * flush (STDOUT), or keep the bytes in sink->mem (MEMORY).  On failure
 * the temporary file is removed and the target left untouched. */
enum dc_status dc_sink_commit(struct dc_sink *sink, struct dc_diag *diag);
/* Give up: remove the temporary file; a memory sink's bytes are freed. */
void dc_sink_abort(struct dc_sink *sink);

#endif
