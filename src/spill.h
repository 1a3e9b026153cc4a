/* A temporary file that holds bytes until they are read back: what a
 * writer sets aside so as not to keep it in memory (a PDF's finished
 * pages, an EPUB's deflated files).
 *
 * The file is in $TMPDIR (or /tmp) and has no name there, so that
 * nothing is left behind however the run ends.  Whoever uses one keeps
 * its bytes in memory where none can be made or a write fails: a full
 * disk or a file size limit costs memory, not the output. */
#ifndef DC_SPILL_H
#define DC_SPILL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct dc_spill;

/* A new, empty spill file; NULL when none can be made (or no memory). */
struct dc_spill *dc_spill_open(void);
void dc_spill_close(struct dc_spill *spill);

/* LEN bytes at DATA written at the end of SPILL's file: where they
 * start, or -1 when SPILL is NULL or the file cannot take them (from
 * then on it takes no more). */
off_t dc_spill_append(struct dc_spill *spill, const void *data, size_t len);

/* LEN bytes at AT read into BUF; false, and errno set, on a read error or
 * where the file has fewer. */
bool dc_spill_read(const struct dc_spill *spill, off_t at, void *buf,
		   size_t len);

#endif
