/* --outdir: every input converted on its own, into DIR/NAME.EXT.
 *
 * Each conversion runs in a child process (fork), at most opts->jobs at
 * once: the one-input conversion as it runs without --outdir, with its
 * own signal and temporary-file cleanup (cleanup.h is per process).  The
 * parent relays each child's diagnostics whole lines at a time, keeps a
 * progress line on a terminal, passes SIGINT, SIGTERM and SIGHUP on to
 * the children and waits for them. */
#ifndef DC_BATCH_H
#define DC_BATCH_H

#include "diag.h"
#include "options.h"

/* Run the batch OPTS describes (opts->outdir set).  In the parent, the
 * exit status: 0 when every conversion succeeded, else the highest of
 * theirs (128+N for one killed by signal N); a failure of the batch
 * itself (a usage error, two inputs with one output name, the folder
 * not made) is recorded in DIAG and its status returned.
 *
 * Returns in each child too, with the status of that child's conversion
 * and its error in DIAG: the caller prints the error and ends the
 * process, as after one conversion, the same code path for both. */
int dc_batch(const struct dc_options *opts, struct dc_diag *diag);

#endif
