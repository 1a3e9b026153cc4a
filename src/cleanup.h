/* The temporary output file and the signals that end a run.
 *
 * A file sink writes into a temporary file beside its target.  If SIGINT,
 * SIGTERM or SIGHUP ends the run before that file is renamed into place,
 * the file must not be left behind.  This module remembers the one
 * temporary file that exists at a time and removes it from a signal
 * handler; creating, renaming and removing that file go through here so
 * the handler never sees a stale or half-written name. */
#ifndef DC_CLEANUP_H
#define DC_CLEANUP_H

#include <stdbool.h>
#include <stddef.h>

/* The signals that end a run and are cleaned up after: SIGINT, SIGTERM,
 * SIGHUP. */
extern const int dc_fatal_signals[];
extern const size_t dc_n_fatal_signals;

/* Install the handlers for SIGINT, SIGTERM and SIGHUP (each left alone if
 * it was ignored when the program started, as under nohup) and for
 * SIGBUS, which a mapped input cut short raises (mapped.h), and ignore
 * SIGXFSZ so that a file size limit fails a write (EFBIG) instead of
 * killing the run.  False if sigaction() failed (errno says why). */
bool dc_cleanup_install(void);

/* dc_sink_create_temp(TEMPLATE), and remember the file it creates as the
 * one to remove on a signal.  One file at a time: fails with EBUSY while another is
 * remembered, with ENAMETOOLONG if the name does not fit. */
int dc_cleanup_create_temp(char *template);

/* rename(FROM, TO) for the remembered file, which is forgotten when the
 * rename succeeds.  Returns as rename(). */
int dc_cleanup_rename(const char *from, const char *to);

/* unlink(PATH) for the remembered file, and forget it.  Returns as
 * unlink(). */
int dc_cleanup_unlink(const char *path);

#endif
