/* libdocconv: docconv's conversions from C.
 *
 *	#include <docconv.h>
 *	cc prog.c $(pkg-config --cflags --libs docconv)
 *
 * One handle holds what the command line would say (options set by their
 * long names, the stream for warnings) and the outcome of its last call.
 * Conversions are the program's: the same readers, the same writers, the
 * same bytes out for the same input and options.
 *
 * Statuses are the program's exit statuses (sysexits(3)); DOCCONV_OK is 0.
 *
 * Threads: docconv keeps no global mutable state (what the libraries
 * under it share, such as fontconfig's caches, they lock).  Different
 * handles may be used by different threads at the same time; one handle
 * by one thread at a time (a call records its outcome in it).
 * docconv_version() may be called from anywhere.  Conversions read
 * SOURCE_DATE_EPOCH from the environment, so do not change it while one
 * runs.  A conversion to a file reads the process's umask by setting it
 * and setting it back, so a file another thread creates at that instant
 * may miss the umask.
 *
 * The library prints nothing unless given a stream for warnings, installs
 * no signal handlers and never exits.  A file is written atomically: into
 * a hidden temporary file beside it, ".NAME.XXXXXX" for NAME, renamed
 * into place on success.  The program removes that file when SIGINT,
 * SIGTERM or SIGHUP ends it; a process killed during a library conversion
 * leaves it behind. */
#ifndef DOCCONV_H
#define DOCCONV_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The library is built with hidden visibility: only what is marked so
 * is exported from libdocconv.so. */
#if defined(__GNUC__)
#define DOCCONV_API __attribute__((visibility("default")))
#else
#define DOCCONV_API
#endif

enum docconv_status {
	DOCCONV_OK = 0,
	DOCCONV_ERR_USAGE = 64,     /* a bad option, format or argument */
	DOCCONV_ERR_DATA = 65,      /* an input is malformed ("strict") */
	DOCCONV_ERR_NOINPUT = 66,   /* an input is missing or unreadable */
	DOCCONV_ERR_SOFTWARE = 70,  /* internal error, or out of memory */
	DOCCONV_ERR_CANTCREAT = 73, /* the output cannot be created */
	DOCCONV_ERR_IO = 74,        /* reading or writing failed */
};

/* A converter: its options, its warning stream, its last outcome. */
struct docconv;

/* "0.1.0": the library's version, as `docconv --version` says it. */
DOCCONV_API const char *docconv_version(void);

/* A handle with the program's defaults; NULL when out of memory. */
DOCCONV_API struct docconv *docconv_new(void);
/* Free the handle (NULL is allowed). */
DOCCONV_API void docconv_free(struct docconv *dc);

/* Set an option as the command line's --NAME=VALUE would (see docconv(1)):
 *   from, to                    format names (see docconv --list-formats)
 *   metadata KEY=VALUE; title, author, lang, cover
 *   font, mono-font, paper, margin, font-size, toc-depth, css
 *   strict, fail-on-warnings, quiet, verbose, no-justify,
 *   number-sections, toc, self-contained, fragment
 *                               switches: VALUE must be NULL
 * Lengths are a number with '.' for decimals (whatever the locale) and
 * an optional unit: 25mm, 1in, 2.5cm, 72pt.  metadata, author and css
 * add to what is there; the others replace.  Values are copied.
 * DOCCONV_ERR_USAGE for an unknown NAME or a bad VALUE (docconv_error()
 * says which, as the command line would: "invalid --paper 'a7': ...").
 * The options that drive the program rather than a conversion (output,
 * outdir, jobs, depfile, help, version, list-formats) are refused:
 * "output" is an argument of the conversions. */
DOCCONV_API enum docconv_status docconv_set(struct docconv *dc,
					    const char *name,
					    const char *value);

/* Where warnings go (and with "verbose", progress), one GCC-style line
 * each: "in.txt:12:5: warning: ...".  NULL, the default: nowhere (they
 * are still counted).  The stream is not closed by the library. */
DOCCONV_API void docconv_set_warnings(struct docconv *dc, FILE *stream);

/* Convert the N_INPUTS files INPUTS (several make one document, a chapter
 * each) into the file OUTPUT, as `docconv INPUTS... -o OUTPUT` does: the
 * input format by "from", else by extension, else plain text; the output
 * format by "to", else by OUTPUT's extension.  An input "-" is standard
 * input, an OUTPUT "-" standard output.  An input file is mapped, not
 * copied: if another program cuts it short during the call, reading the
 * lost part raises SIGBUS in the calling process, whose handler (the
 * library installs none) decides what follows. */
DOCCONV_API enum docconv_status
docconv_convert_files(struct docconv *dc, const char *const *inputs,
		      size_t n_inputs, const char *output);

/* Convert the LEN bytes at DATA (no NUL needed) into memory: *OUT gets a
 * malloc'd buffer (free() it) of *OUT_LEN bytes and a NUL after them; on
 * failure *OUT and *OUT_LEN are left as they were.  NAME, which may be
 * NULL, is the input's file name: it names the input in messages, gives
 * the format when "from" is not set (else plain text), and relative image
 * paths are read from its folder.  "to" must be set.  An input of more
 * than 1 GiB is refused unread (DOCCONV_ERR_DATA), as a file is. */
DOCCONV_API enum docconv_status
docconv_convert_buffer(struct docconv *dc, const char *data, size_t len,
		       const char *name, char **out, size_t *out_len);

/* Why the last call on DC failed: "in.txt:3:1: invalid ..." or a message
 * without a place; "" after a success.  Valid until the next call on DC. */
DOCCONV_API const char *docconv_error(const struct docconv *dc);

/* The warnings the last conversion on DC gave, printed or not. */
DOCCONV_API unsigned docconv_warning_count(const struct docconv *dc);

#ifdef __cplusplus
}
#endif

#endif
