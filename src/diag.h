/* Status codes, the error record and GCC-style diagnostics.
 *
 * Every fallible function returns a dc_status.  The details of the first
 * error go into the dc_diag's error record, which main() prints; warnings
 * are printed as they happen.  Status values are the sysexits(3) codes, so
 * main() can return them unchanged. */
#ifndef DC_DIAG_H
#define DC_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

enum dc_status {
	DC_OK = 0,
	DC_ERR_USAGE = 64,     /* EX_USAGE: bad command line */
	DC_ERR_DATA = 65,      /* EX_DATAERR: the input is malformed */
	DC_ERR_NOINPUT = 66,   /* EX_NOINPUT: an input is missing or unreadable */
	DC_ERR_SOFTWARE = 70,  /* EX_SOFTWARE: internal error (also out of memory) */
	DC_ERR_CANTCREAT = 73, /* EX_CANTCREAT: the output cannot be created */
	DC_ERR_IO = 74,        /* EX_IOERR: reading or writing failed */
};

/* Return the status of EXPR from the function around it unless it is
 * DC_OK: the one way code that builds or reads propagates a failure. */
#define DC_TRY(expr)                                                       \
	do {                                                               \
		enum dc_status dc_try_status_ = (expr);                    \
		if (dc_try_status_ != DC_OK)                               \
			return dc_try_status_;                             \
	} while (0)

/* Where a diagnostic points: a file name and a 1-based line and column
 * (0 = unknown). */
struct dc_pos {
	const char *file;
	long line;
	long col;
};

struct dc_error {
	enum dc_status status;  /* DC_OK while no error was recorded */
	int errnum;             /* errno at the failure, or 0 */
	struct dc_pos pos;      /* .file points at file below */
	char message[512];
	/* The file name, copied: it is printed after the document (whose
	 * arena may hold the name given) has been freed. */
	char file[512];
};

enum dc_verbosity { DC_QUIET = -1, DC_NORMAL = 0, DC_VERBOSE = 1 };

struct dc_diag {
	const char *program;       /* prefix for messages without a file */
	FILE *stream;              /* where diagnostics go (stderr) */
	enum dc_verbosity verbosity;
	bool strict;               /* warnings about the input are errors */
	unsigned warnings;         /* warnings reported so far */
	struct dc_error error;     /* the first error */
};

void dc_diag_init(struct dc_diag *diag, const char *program, FILE *stream);

/* Record an error (the first one wins) and return its status, so callers
 * can write `return dc_fail(...)`. */
enum dc_status dc_fail(struct dc_diag *diag, enum dc_status status,
		       struct dc_pos pos, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* As dc_fail, with errno's message appended ("...: No such file"). */
enum dc_status dc_fail_errno(struct dc_diag *diag, enum dc_status status,
			     int errnum, struct dc_pos pos, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

enum dc_status dc_fail_oom(struct dc_diag *diag);

/* Warn about the input at POS.  Returns DC_OK, or under --strict records
 * the warning as an error and returns DC_ERR_DATA: readers stop then. */
enum dc_status dc_warn(struct dc_diag *diag, struct dc_pos pos,
		       const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A warning about something other than the input (a missing font, say):
 * never an error, even under --strict. */
void dc_note(struct dc_diag *diag, struct dc_pos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Progress information, printed only with --verbose. */
void dc_info(struct dc_diag *diag, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Diagnostics set aside, for work on a helper thread that is kept only
 * if it said nothing: set up as another's (program name, verbosity,
 * strictness), with a stream of their own in memory when that one has a
 * stream, so that a message meant for it is seen and dropped. */
struct dc_diag_aside {
	struct dc_diag diag;
	char *said;
	size_t len;
};

/* What came of work whose diagnostics were set aside. */
enum dc_aside_outcome {
	DC_ASIDE_QUIET,   /* went through without a diagnostic */
	DC_ASIDE_SAID,    /* went through, and warned or said something */
	DC_ASIDE_FAILED,  /* failed (or what it said cannot be known) */
};

/* Set A aside as FROM; false when out of memory. */
bool dc_diag_aside_open(struct dc_diag_aside *a, const struct dc_diag *from);
/* Close A after work that ended with ST. */
enum dc_aside_outcome dc_diag_aside_close(struct dc_diag_aside *a,
					  enum dc_status st);

/* Warnings past this many are counted (for --fail-on-warnings), not
 * printed: a damaged file of a gigabyte would give a billion lines. */
enum { DC_MAX_WARNINGS_SHOWN = 100 };

/* At the end of a run: how many warnings were not printed, if any, then
 * the recorded error, if any, each as one GCC-style line. */
void dc_diag_print_error(const struct dc_diag *diag);

#endif
