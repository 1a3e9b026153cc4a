/* Where a writer's bytes go: a file (written atomically), a device or pipe
 * named on the command line, standard output, or memory (for tests and for
 * writers that post-process).
 *
 * Writes never fail on the spot: the first failure is remembered and
 * reported by dc_sink_commit(), so writers stay free of error plumbing. */
#ifndef DC_SINK_H
#define DC_SINK_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "diag.h"

struct dc_writeback;

enum dc_sink_type {
	DC_SINK_FILE,    /* a temporary file renamed over the target */
	DC_SINK_DEVICE,  /* an existing non-regular file (/dev/null, a FIFO) */
	DC_SINK_STDOUT,
	DC_SINK_MEMORY,
};

struct dc_sink {
	enum dc_sink_type type;
	FILE *fp;            /* all but MEMORY */
	char *tmp_path;      /* FILE: the temporary file beside the target */
	char *target;        /* FILE, DEVICE: the path written, links resolved */
	const char *name;    /* the output as the user named it, for messages */
	struct dc_buf mem;   /* MEMORY: all bytes; others: those not yet
			      * passed to FP */
	int errnum;          /* first write failure's errno, or -1 for memory */
	bool failed;
	/* Streams: the thread writing full blocks once there are any, or
	 * NULL; SYNCHRONOUS when none could be had. */
	struct dc_writeback *writeback;
	bool synchronous;
};

/* Create a temporary file beside PATH (beside the file a symbolic link
 * points to); nothing changes at PATH until dc_sink_commit().  When PATH
 * is an existing device, FIFO or socket, it is opened and written
 * directly: renaming over /dev/null would replace it.  Until the rename,
 * SIGINT, SIGTERM or SIGHUP removes the temporary file (see cleanup.h). */
enum dc_status dc_sink_open_file(struct dc_sink *sink, const char *path,
				 struct dc_diag *diag);
void dc_sink_open_stdout(struct dc_sink *sink);
void dc_sink_open_memory(struct dc_sink *sink);

/* Create TEMPLATE, a path ending in XXXXXX (made unique), as a new file
 * open for reading and writing, with the permissions any new file gets:
 * 0666 less the umask, which the system applies.  (mkstemp() makes it
 * 0600, and widening that needs the umask, which can only be read by
 * setting it, for every thread of the process at once.)  Returns the
 * descriptor, or -1 with errno set. */
int dc_sink_create_temp(char *template);

/* Writers write a few bytes at a time: every sink stages them in memory
 * (sink->mem), and those with a stream pass them on in blocks of this
 * size. */
enum { DC_SINK_BLOCK = 64 * 1024 };

/* The write that does not fit the staging buffer as it is. */
void dc_sink_write_slow(struct dc_sink *sink, const void *data, size_t len);

/* A piece that fits is copied without a call: most are. */
static inline void dc_sink_write(struct dc_sink *sink, const void *data,
				 size_t len)
{
	struct dc_buf *mem = &sink->mem;
	if (len == 0)
		return;
	if (!sink->failed && len < mem->cap - mem->len &&
	    (sink->type == DC_SINK_MEMORY ||
	     mem->len + len < DC_SINK_BLOCK)) {
		memcpy(mem->data + mem->len, data, len);
		mem->len += len;
		mem->data[mem->len] = '\0';
		return;
	}
	dc_sink_write_slow(sink, data, len);
}

static inline void dc_sink_puts(struct dc_sink *sink, const char *s)
{
	dc_sink_write(sink, s, strlen(s));
}

static inline void dc_sink_putc(struct dc_sink *sink, char c)
{
	dc_sink_write(sink, &c, 1);
}
void dc_sink_printf(struct dc_sink *sink, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Finish: flush, close and rename the temporary file into place (FILE),
 * flush (STDOUT), or keep the bytes in sink->mem (MEMORY).  On failure
 * the temporary file is removed and the target left untouched. */
enum dc_status dc_sink_commit(struct dc_sink *sink, struct dc_diag *diag);
/* Give up: remove the temporary file; a memory sink's bytes are freed. */
void dc_sink_abort(struct dc_sink *sink);

#endif
