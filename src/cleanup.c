#include "cleanup.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sink.h"

/* Global and mutable, the only such state in docconv: a signal handler
 * takes no argument through which it could reach the sink, so the name of
 * the file it must remove has to live where the handler can read it.
 *
 * Why the handler can trust it: S_path and S_armed are changed only while
 * the signals handled below are blocked, so the handler never runs in the
 * middle of a change; S_armed is a volatile sig_atomic_t, as the C standard
 * asks of what a handler reads.  They change only while docconv runs
 * no other thread (the output is opened before a writer starts one, and
 * committed after it joins them all), so sigprocmask() is the mask that
 * matters then; a handler running on another thread sees them still. */
static char S_path[PATH_MAX];
static volatile sig_atomic_t S_armed;

const int dc_fatal_signals[] = {SIGINT, SIGTERM, SIGHUP};
enum { S_N_FATAL = sizeof dc_fatal_signals / sizeof dc_fatal_signals[0] };
const size_t dc_n_fatal_signals = S_N_FATAL;

static void S_fatal_set(sigset_t *set)
{
	/* sigemptyset() and sigaddset() fail only for an invalid signal. */
	(void)sigemptyset(set);
	for (size_t i = 0; i < S_N_FATAL; i++)
		(void)sigaddset(set, dc_fatal_signals[i]);
}

/* sigprocmask() fails only for an invalid HOW, and these pass valid ones;
 * errno is kept for the caller, who reports the call in between. */
static void S_block(sigset_t *old)
{
	sigset_t set;
	int errnum = errno;
	S_fatal_set(&set);
	(void)sigprocmask(SIG_BLOCK, &set, old);
	errno = errnum;
}

static void S_unblock(const sigset_t *old)
{
	int errnum = errno;
	(void)sigprocmask(SIG_SETMASK, old, NULL);
	errno = errnum;
}

/* Only async-signal-safe calls here: unlink() and raise().  SA_RESETHAND
 * has restored the default action, so the signal raised again ends the
 * process (once this handler returns and unblocks it) just as if it had
 * never been caught: the shell sees "killed by signal", status 128+N. */
static void S_on_fatal_signal(int sig)
{
	if (S_armed)
		(void)unlink(S_path);  /* nothing better to do if it fails */
	(void)raise(sig);
}

/* Catch SIG, unless it was ignored when the program started: whoever
 * started it (nohup, a shell's background job) asked for that. */
static bool S_catch(int sig, const sigset_t *during_handler)
{
	struct sigaction old;
	if (sigaction(sig, NULL, &old) != 0)
		return false;
	if (old.sa_handler == SIG_IGN)
		return true;
	struct sigaction act = {
		.sa_handler = S_on_fatal_signal,
		.sa_mask = *during_handler,
		.sa_flags = SA_RESETHAND,
	};
	return sigaction(sig, &act, NULL) == 0;
}

bool dc_cleanup_install(void)
{
	sigset_t all_fatal;
	S_fatal_set(&all_fatal);
	/* One handler at a time: a SIGTERM arriving during the handler of a
	 * SIGINT waits, and the first signal decides the exit status. */
	for (size_t i = 0; i < S_N_FATAL; i++)
		if (!S_catch(dc_fatal_signals[i], &all_fatal))
			return false;
	/* A mapped input file cut short by another program while docconv
	 * runs (mapped.h) raises SIGBUS where its lost pages are read: the
	 * run ends killed by it, but leaves no temporary file. */
	if (!S_catch(SIGBUS, &all_fatal))
		return false;
	/* Past a file size limit (ulimit -f) a write would kill the process,
	 * leaving the temporary file; ignored, the write fails with EFBIG and
	 * the run ends as on a full disk, cleaning up. */
	struct sigaction ignore = {.sa_handler = SIG_IGN};
	return sigaction(SIGXFSZ, &ignore, NULL) == 0;
}

int dc_cleanup_create_temp(char *template)
{
	if (S_armed) {
		errno = EBUSY;
		return -1;
	}
	size_t size = strlen(template) + 1;
	if (size > sizeof S_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	/* Blocked from before the file exists until it is remembered: no
	 * signal can end the run in between and leave it behind. */
	sigset_t old;
	S_block(&old);
	int fd = dc_sink_create_temp(template);
	if (fd >= 0) {
		memcpy(S_path, template, size);
		S_armed = 1;
	}
	S_unblock(&old);
	return fd;
}

/* Blocked across the call and the forgetting: otherwise a signal between
 * the two would remove a file that is no longer ours (the finished output,
 * renamed; or a stranger's file that took the freed name). */
int dc_cleanup_rename(const char *from, const char *to)
{
	sigset_t old;
	S_block(&old);
	int rc = rename(from, to);
	if (rc == 0 && S_armed && strcmp(from, S_path) == 0)
		S_armed = 0;
	S_unblock(&old);
	return rc;
}

int dc_cleanup_unlink(const char *path)
{
	sigset_t old;
	S_block(&old);
	int rc = unlink(path);
	if (S_armed && strcmp(path, S_path) == 0)
		S_armed = 0;
	S_unblock(&old);
	return rc;
}
