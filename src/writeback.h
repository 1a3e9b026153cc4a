/* A thread that writes a sink's full blocks to its file descriptor while
 * the writer goes on making the next ones.  Copying a large output into
 * the page cache is about a tenth of the time of a text to XML
 * conversion; behind the writer it runs on another core.
 *
 * Blocks are written in the order given.  The first failed write is
 * kept; what comes after it is dropped, and the caller learns of it at
 * its next hand-over or at the end. */
#ifndef DC_WRITEBACK_H
#define DC_WRITEBACK_H

#include <stdbool.h>

#include "buf.h"

struct dc_writeback;

/* A thread writing to FD; NULL when none can be had (the caller then
 * writes itself). */
struct dc_writeback *dc_writeback_start(int fd);

/* Queue BLOCK's bytes, waiting while too many wait.  BLOCK gets an empty
 * buffer in return: one already written, or none (all zero), which the
 * caller's next append allocates.  Returns the errno of a write that
 * failed so far, or 0. */
int dc_writeback_push(struct dc_writeback *wb, struct dc_buf *block);

/* Write what is queued (DISCARD: drop it), end the thread and free WB.
 * Returns the errno of the first failed write, or 0. */
int dc_writeback_finish(struct dc_writeback *wb, bool discard);

#endif
