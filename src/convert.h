/* One conversion: read the inputs into one document, write it.
 *
 * The program and the library convert through the same steps: each input,
 * a file or bytes in memory, is loaded and read by dc_convert_input();
 * dc_convert_build() makes the document of them; dc_convert_write() writes
 * it into any sink. */
#ifndef DC_CONVERT_H
#define DC_CONVERT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "format.h"
#include "options.h"

/* An input: the file PATH ("-": standard input), or when PATH is NULL
 * the LEN bytes at DATA (no NUL needed), whose file name NAME (or NULL)
 * gives its format without -f, names it in messages ("<buffer>" without)
 * and is what relative paths in it are relative to. */
struct dc_source {
	const char *path;
	const char *data;
	size_t len;
	const char *name;
};

/* Read SRC into DOC: into its root, or when BUNDLE into a new chapter of
 * it, titled.  Its format is -f's, else its name's extension's, else plain
 * text; past DC_MAX_INPUT bytes it is refused (DC_ERR_DATA) unread.  Its
 * metadata fills what DOC's lacks; a cover it names is relative to it. */
enum dc_status dc_convert_input(const struct dc_options *opts,
				struct dc_doc *doc,
				const struct dc_source *src, bool bundle,
				struct dc_diag *diag);

/* Build DOC of the N inputs SOURCES (a chapter each when N > 1): the
 * options' metadata first, then the inputs', then sections. */
enum dc_status dc_convert_build(const struct dc_options *opts,
				const struct dc_source *sources, size_t n,
				struct dc_doc *doc, struct dc_diag *diag);

/* The writer: -t's, else the output's extension's. */
enum dc_status dc_convert_output_format(const struct dc_options *opts,
					const struct dc_format **out,
					struct dc_diag *diag);

/* Write DOC with FORMAT into SINK, opened; with --fail-on-warnings any
 * warning so far fails it then.  The sink is committed on success and
 * aborted on failure (nothing of it left). */
enum dc_status dc_convert_write(const struct dc_options *opts,
				const struct dc_format *format,
				const struct dc_doc *doc, struct dc_sink *sink,
				struct dc_diag *diag);

/* Convert the files OPTS->inputs into OPTS->output (NULL or "-":
 * standard output), with its --depfile. */
enum dc_status dc_convert(const struct dc_options *opts,
			  struct dc_diag *diag);

#endif
