#include "diag.h"

#include <stdlib.h>
#include <string.h>

void dc_diag_init(struct dc_diag *diag, const char *program, FILE *stream)
{
	*diag = (struct dc_diag){
		.program = program,
		.stream = stream,
		.verbosity = DC_NORMAL,
	};
}

/* "file:line:col: " with the parts that are known, else "program: ". */
static void S_print_prefix(FILE *out, const char *program, struct dc_pos pos)
{
	if (!pos.file) {
		fprintf(out, "%s: ", program);
		return;
	}
	fputs(pos.file, out);
	if (pos.line > 0) {
		fprintf(out, ":%ld", pos.line);
		if (pos.col > 0)
			fprintf(out, ":%ld", pos.col);
	}
	fputs(": ", out);
}

__attribute__((format(printf, 5, 0)))
static void S_record(struct dc_diag *diag, enum dc_status status, int errnum,
		     struct dc_pos pos, const char *fmt, va_list ap)
{
	struct dc_error *err = &diag->error;
	if (err->status != DC_OK)
		return;
	err->status = status;
	err->errnum = errnum;
	err->pos = pos;
	if (pos.file) {
		snprintf(err->file, sizeof err->file, "%s", pos.file);
		err->pos.file = err->file;
	}
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	if (errnum) {
		size_t used = strlen(err->message);
		snprintf(err->message + used, sizeof err->message - used,
			 ": %s", strerror(errnum));
	}
}

enum dc_status dc_fail(struct dc_diag *diag, enum dc_status status,
		       struct dc_pos pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	S_record(diag, status, 0, pos, fmt, ap);
	va_end(ap);
	return status;
}

enum dc_status dc_fail_errno(struct dc_diag *diag, enum dc_status status,
			     int errnum, struct dc_pos pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	S_record(diag, status, errnum, pos, fmt, ap);
	va_end(ap);
	return status;
}

enum dc_status dc_fail_oom(struct dc_diag *diag)
{
	return dc_fail(diag, DC_ERR_SOFTWARE, (struct dc_pos){0},
		       "out of memory");
}

/* One diagnostic line, "PREFIX: KIND: MESSAGE" (KIND NULL: none), put
 * together in memory and written with one call: docconv often runs beside
 * others writing to the same standard error (make -j, a batch), and a
 * line written piece by piece could be cut by theirs. */
__attribute__((format(printf, 5, 0)))
static void S_line(FILE *out, const char *program, struct dc_pos pos,
		   const char *kind, const char *fmt, va_list ap)
{
	char *line = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&line, &len);
	FILE *to = mem ? mem : out;  /* out of memory: in pieces, but said */
	S_print_prefix(to, program, pos);
	if (kind)
		fprintf(to, "%s: ", kind);
	vfprintf(to, fmt, ap);
	fputc('\n', to);
	if (mem && fclose(mem) == 0 && line) {
		fwrite(line, 1, len, out);
		fflush(out);
	}
	free(line);
}

__attribute__((format(printf, 5, 6)))
static void S_linef(FILE *out, const char *program, struct dc_pos pos,
		    const char *kind, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	S_line(out, program, pos, kind, fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 3, 0)))
static void S_print_warning(struct dc_diag *diag, struct dc_pos pos,
			    const char *fmt, va_list ap)
{
	diag->warnings++;
	if (diag->verbosity == DC_QUIET || !diag->stream ||
	    diag->warnings > DC_MAX_WARNINGS_SHOWN)
		return;
	S_line(diag->stream, diag->program, pos, "warning", fmt, ap);
}

enum dc_status dc_warn(struct dc_diag *diag, struct dc_pos pos,
		       const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (diag->strict)
		S_record(diag, DC_ERR_DATA, 0, pos, fmt, ap);
	else
		S_print_warning(diag, pos, fmt, ap);
	va_end(ap);
	return diag->strict ? DC_ERR_DATA : DC_OK;
}

void dc_note(struct dc_diag *diag, struct dc_pos pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	S_print_warning(diag, pos, fmt, ap);
	va_end(ap);
}

void dc_info(struct dc_diag *diag, const char *fmt, ...)
{
	if (diag->verbosity < DC_VERBOSE || !diag->stream)
		return;
	va_list ap;
	va_start(ap, fmt);
	S_line(diag->stream, diag->program, (struct dc_pos){0}, NULL, fmt, ap);
	va_end(ap);
}

void dc_diag_print_error(const struct dc_diag *diag)
{
	const struct dc_error *err = &diag->error;
	if (!diag->stream)
		return;
	if (diag->warnings > DC_MAX_WARNINGS_SHOWN &&
	    diag->verbosity != DC_QUIET)
		S_linef(diag->stream, diag->program, (struct dc_pos){0},
			"warning", "%u more warnings not shown",
			diag->warnings - DC_MAX_WARNINGS_SHOWN);
	if (err->status == DC_OK)
		return;
	S_linef(diag->stream, diag->program, err->pos, "error", "%s",
		err->message);
}

bool dc_diag_aside_open(struct dc_diag_aside *a, const struct dc_diag *from)
{
	*a = (struct dc_diag_aside){.diag = {
		.program = from->program,
		.verbosity = from->verbosity,
		.strict = from->strict,
	}};
	if (from->stream &&
	    !(a->diag.stream = open_memstream(&a->said, &a->len)))
		return false;
	return true;
}

enum dc_aside_outcome dc_diag_aside_close(struct dc_diag_aside *a,
					  enum dc_status st)
{
	if (a->diag.stream && fclose(a->diag.stream) != 0)
		st = DC_ERR_SOFTWARE;
	a->diag.stream = NULL;
	free(a->said);
	a->said = NULL;
	if (st != DC_OK || a->diag.error.status != DC_OK)
		return DC_ASIDE_FAILED;
	return a->diag.warnings == 0 && a->len == 0 ? DC_ASIDE_QUIET
						    : DC_ASIDE_SAID;
}
