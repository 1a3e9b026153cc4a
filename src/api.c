/* libdocconv: the public API (docconv.h) over the converter's internals.
 *
 * Options are set by options.c's dc_option_set(), as the command line's
 * are; files go through dc_convert(), as for the program; a buffer goes
 * through convert.c's steps too, from a memory input into a memory sink.
 * What is here is the handle and the API's checks.  Nothing here is
 * global: all state lives in the handle or on the stack, which is what
 * makes handles usable from several threads. */
#include "docconv.h"

#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>

#include "cleanup.h"
#include "convert.h"
#include "format.h"
#include "options.h"
#include "sink.h"

#ifndef DOCCONV_VERSION
#define DOCCONV_VERSION "unknown"
#endif

/* The public statuses are the internal ones under other names. */
_Static_assert(DOCCONV_OK == (int)DC_OK, "status");
_Static_assert(DOCCONV_ERR_USAGE == (int)DC_ERR_USAGE, "status");
_Static_assert(DOCCONV_ERR_DATA == (int)DC_ERR_DATA, "status");
_Static_assert(DOCCONV_ERR_NOINPUT == (int)DC_ERR_NOINPUT, "status");
_Static_assert(DOCCONV_ERR_SOFTWARE == (int)DC_ERR_SOFTWARE, "status");
_Static_assert(DOCCONV_ERR_CANTCREAT == (int)DC_ERR_CANTCREAT, "status");
_Static_assert(DOCCONV_ERR_IO == (int)DC_ERR_IO, "status");

struct docconv {
	struct dc_options opts;  /* as the command line sets them */
	FILE *stream;           /* warnings; NULL: none */
	unsigned warnings;      /* of the last conversion */
	/* The last failure, with its place: a dc_error's file and message
	 * and the separators. */
	char error[sizeof ((struct dc_error *)0)->file +
		   sizeof ((struct dc_error *)0)->message + 64];
};

const char *docconv_version(void)
{
	return DOCCONV_VERSION;
}

struct docconv *docconv_new(void)
{
	struct docconv *dc = malloc(sizeof *dc);
	if (!dc)
		return NULL;
	*dc = (struct docconv){.stream = NULL};
	dc_options_init(&dc->opts);
	return dc;
}

void docconv_free(struct docconv *dc)
{
	if (!dc)
		return;
	dc_options_free(&dc->opts);
	free(dc);
}

/* Record ST and DIAG's error in DC, as the outcome of a call. */
static enum docconv_status S_outcome(struct docconv *dc, enum dc_status st,
				     const struct dc_diag *diag)
{
	const struct dc_error *err = &diag->error;
	const struct dc_pos *pos = &err->pos;
	dc->error[0] = '\0';
	if (st == DC_OK)
		return DOCCONV_OK;
	if (!pos->file)
		snprintf(dc->error, sizeof dc->error, "%s", err->message);
	else if (pos->line > 0 && pos->col > 0)
		snprintf(dc->error, sizeof dc->error, "%s:%ld:%ld: %s",
			 pos->file, pos->line, pos->col, err->message);
	else if (pos->line > 0)
		snprintf(dc->error, sizeof dc->error, "%s:%ld: %s", pos->file,
			 pos->line, err->message);
	else
		snprintf(dc->error, sizeof dc->error, "%s: %s", pos->file,
			 err->message);
	return (enum docconv_status)st;
}

/* A diagnostics record for one call: warnings to the handle's stream. */
static void S_diag(const struct docconv *dc, struct dc_diag *diag)
{
	dc_diag_init(diag, "docconv", dc->stream);
	diag->verbosity = dc->opts.verbosity;
	diag->strict = dc->opts.strict;
}

/* A usage error found here, not by the internals. */
static enum docconv_status S_usage(struct docconv *dc, const char *what)
{
	struct dc_diag diag;
	S_diag(dc, &diag);
	return S_outcome(dc, dc_fail(&diag, DC_ERR_USAGE, (struct dc_pos){0},
				     "%s", what), &diag);
}

/* ---- Options -------------------------------------------------------- */

/* NAME=VALUE as --NAME=VALUE on the command line, but for the options
 * that drive the program rather than a conversion. */
static enum dc_status S_set(struct docconv *dc, const char *name,
			    const char *value, struct dc_diag *diag)
{
	const char *why = dc_option_program_only(name);
	if (why)
		return dc_fail(diag, DC_ERR_USAGE, (struct dc_pos){0},
			       "option '%s' is not for the library: %s", name,
			       why);
	return dc_option_set(&dc->opts, name, value, diag);
}

enum docconv_status docconv_set(struct docconv *dc, const char *name,
				const char *value)
{
	if (!dc)
		return DOCCONV_ERR_USAGE;
	if (!name)
		return S_usage(dc, "no option name");
	struct dc_diag diag;
	S_diag(dc, &diag);
	return S_outcome(dc, S_set(dc, name, value, &diag), &diag);
}

void docconv_set_warnings(struct docconv *dc, FILE *stream)
{
	if (dc)
		dc->stream = stream;
}

const char *docconv_error(const struct docconv *dc)
{
	return dc ? dc->error : "no handle";
}

unsigned docconv_warning_count(const struct docconv *dc)
{
	return dc ? dc->warnings : 0;
}

/* ---- Conversions ---------------------------------------------------- */

enum docconv_status docconv_convert_files(struct docconv *dc,
					  const char *const *inputs,
					  size_t n_inputs, const char *output)
{
	if (!dc)
		return DOCCONV_ERR_USAGE;
	if (!inputs || n_inputs == 0)
		return S_usage(dc, "no input file");
	for (size_t i = 0; i < n_inputs; i++)
		if (!inputs[i])
			return S_usage(dc, "an input file name is NULL");
	if (!output)
		return S_usage(dc, "no output file");
	struct dc_options opts = dc->opts;  /* borrowed: not to be freed */
	opts.inputs = inputs;
	opts.n_inputs = n_inputs;
	opts.output = output;
	struct dc_diag diag;
	S_diag(dc, &diag);
	enum dc_status st = dc_convert(&opts, &diag);
	dc->warnings = diag.warnings;
	return S_outcome(dc, st, &diag);
}

/* SRC into *OUT as the program converts a file, but from memory into
 * memory. */
static enum dc_status S_convert_buffer(const struct dc_options *opts,
				       const struct dc_source *src,
				       struct dc_buf *out,
				       struct dc_diag *diag)
{
	const struct dc_format *to = NULL;
	if (!opts->to)  /* no output's name to tell it by */
		return dc_fail(diag, DC_ERR_USAGE, (struct dc_pos){0},
			       "no output format: set \"to\"");
	DC_TRY(dc_convert_output_format(opts, &to, diag));
	struct dc_doc *doc = dc_doc_new();
	if (!doc)
		return dc_fail_oom(diag);
	struct dc_sink sink;
	dc_sink_open_memory(&sink);
	enum dc_status st = dc_convert_build(opts, src, 1, doc, diag);
	if (st == DC_OK)
		st = dc_convert_write(opts, to, doc, &sink, diag);
	else
		dc_sink_abort(&sink);
	dc_doc_free(doc);
	DC_TRY(st);
	/* An output of no bytes still gets its buffer, for the NUL. */
	if (!sink.mem.data && !dc_buf_reserve(&sink.mem, 1))
		return dc_fail_oom(diag);
	*out = sink.mem;
	return DC_OK;
}

enum docconv_status docconv_convert_buffer(struct docconv *dc,
					   const char *data, size_t len,
					   const char *name, char **out,
					   size_t *out_len)
{
	if (!dc)
		return DOCCONV_ERR_USAGE;
	if ((!data && len > 0) || !out || !out_len)
		return S_usage(dc, "no input data or no place for the output");
	struct dc_source src = {.data = data, .len = len, .name = name};
	struct dc_diag diag;
	S_diag(dc, &diag);
	struct dc_buf result = {0};
	enum dc_status st = S_convert_buffer(&dc->opts, &src, &result, &diag);
	dc->warnings = diag.warnings;
	if (st == DC_OK) {
		*out = result.data;
		*out_len = result.len;
	}
	return S_outcome(dc, st, &diag);
}

/* ---- The temporary output file, without signal handlers -------------
 *
 * The program's cleanup.c remembers its one temporary file in global
 * state, for its signal handlers.  A library installs no handlers, so
 * there is nothing to remember: the library is built with these plain
 * calls in its place, which keeps it free of global state and lets
 * threads write files at the same time.  (This is why api.c is in the
 * library only, never beside cleanup.c.) */

int dc_cleanup_create_temp(char *template)
{
	return dc_sink_create_temp(template);
}

int dc_cleanup_rename(const char *from, const char *to)
{
	return rename(from, to);
}

int dc_cleanup_unlink(const char *path)
{
	return unlink(path);
}
