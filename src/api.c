/* libdocconv: the public API (docconv.h) over the converter's internals.
 *
 * Files go through dc_convert(), as for the program; a buffer goes through
 * the same format table, readers, sectionizing pass and writers into a
 * memory sink.  Nothing here is global: all state lives in the handle or
 * on the stack, which is what makes handles usable from several threads. */
#include "docconv.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cleanup.h"
#include "convert.h"
#include "format.h"
#include "options.h"
#include "sectionize.h"
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
	/* The options as the command line sets them.  Its strings point
	 * into the copies below or into .meta, which the handle owns. */
	struct dc_options opts;
	char *from, *to, *font, *mono_font;
	char **css;             /* copies; opts.css is this array */
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
	/* The defaults dc_options_parse() starts from. */
	*dc = (struct docconv){
		.opts = {.action = DC_RUN, .toc_depth = 3},
	};
	return dc;
}

void docconv_free(struct docconv *dc)
{
	if (!dc)
		return;
	for (size_t i = 0; i < dc->opts.n_css; i++)
		free(dc->css[i]);
	free(dc->css);
	dc->opts.css = NULL;  /* freed above, as dc->css */
	dc->opts.n_css = 0;
	dc_options_free(&dc->opts);  /* the metadata */
	free(dc->from);
	free(dc->to);
	free(dc->font);
	free(dc->mono_font);
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

/* ---- Options --------------------------------------------------------
 *
 * The command line's option values, read without getopt (whose state is
 * global) and without strtod (whose decimal point is the locale's).  The
 * grammar is the command line's (options.c); keep the two in step. */

/* A positive decimal number, digits with an optional fraction, at *S; *S
 * is moved past it.  False if there is none. */
static bool S_decimal(const char **s, double *v)
{
	const char *p = *s;
	double x = 0, scale = 1;
	bool digits = false;
	for (; *p >= '0' && *p <= '9'; p++, digits = true)
		x = x * 10 + (*p - '0');
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++, digits = true)
			x += (*p - '0') * (scale /= 10);
	*s = p;
	*v = x;
	return digits;
}

/* A length, as S_length() in options.c: a positive number up to 1e5
 * with an optional unit pt (the default), mm, cm or in, in points.  With
 * END, *END gets where it stopped; without, all of ARG must be it. */
static bool S_length(const char *arg, double *points, const char **end)
{
	static const struct {
		const char *unit;
		double points;
	} units[] = {
		{.unit = "pt", .points = 1},
		{.unit = "mm", .points = 72 / 25.4},
		{.unit = "cm", .points = 72 / 2.54},
		{.unit = "in", .points = 72},
	};
	const char *rest = arg;
	double v;
	if (!S_decimal(&rest, &v) || !(v > 0) || v > 1e5)
		return false;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		size_t n = strlen(units[i].unit);
		if (strncmp(rest, units[i].unit, n) == 0) {
			v *= units[i].points;
			rest += n;
			break;
		}
	}
	*points = v;
	if (end)
		*end = rest;
	return end || *rest == '\0';
}

/* A paper size, as S_paper() in options.c: a4, a5, letter, legal or
 * WIDTHxHEIGHT. */
static bool S_paper(const char *arg, double *w, double *h)
{
	static const struct {
		const char *name;
		double w, h;
	} sizes[] = {
		{.name = "a4", .w = 595.276, .h = 841.89},
		{.name = "a5", .w = 419.528, .h = 595.276},
		{.name = "letter", .w = 612, .h = 792},
		{.name = "legal", .w = 612, .h = 1008},
	};
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		if (strcasecmp(arg, sizes[i].name) == 0) {
			*w = sizes[i].w;
			*h = sizes[i].h;
			return true;
		}
	}
	const char *x;
	return S_length(arg, w, &x) && (*x == 'x' || *x == 'X') &&
	       S_length(x + 1, h, NULL);
}

/* The options with a value to check, each setting its field only when
 * the value is valid; false when it is not. */
static bool S_font_size(const char *arg, struct dc_options *o)
{
	double v;
	if (!S_length(arg, &v, NULL) || v < 4 || v > 72)
		return false;
	o->font_size = v;
	return true;
}

static bool S_margin(const char *arg, struct dc_options *o)
{
	return S_length(arg, &o->margin, NULL);
}

static bool S_paper_size(const char *arg, struct dc_options *o)
{
	double w, h;
	if (!S_paper(arg, &w, &h))
		return false;
	o->paper_width = w;
	o->paper_height = h;
	return true;
}

static bool S_toc_depth(const char *arg, struct dc_options *o)
{
	const char *end = arg;
	double v;
	if (!S_decimal(&end, &v) || *end || v != (int)v || v < 1 || v > 6)
		return false;
	o->toc_depth = (int)v;
	return true;
}

/* How an option's value is taken. */
enum S_type {
	S_SWITCH,   /* no value; sets the bool at .field */
	S_STRING,   /* a copy replaces the char * at .field */
	S_META,     /* adds a metadata setting, .key=VALUE (or KEY=VALUE) */
	S_CSS,      /* adds a stylesheet */
	S_CHECKED,  /* .parse checks and sets it */
	S_QUIET,
	S_VERBOSE,
};

struct S_option {
	const char *name;
	enum S_type type;
	size_t field;           /* S_SWITCH, S_STRING: offset in docconv */
	const char *key;        /* S_META: the key; NULL: KEY=VALUE */
	bool (*parse)(const char *arg, struct dc_options *o);  /* S_CHECKED */
	const char *want;       /* S_CHECKED: what a valid value looks like */
};

#define S_FIELD(member) offsetof(struct docconv, member)

/* Sorted by name, as `docconv --help` would list them. */
static const struct S_option S_options[] = {
	{.name = "author", .type = S_META, .key = "author"},
	{.name = "cover", .type = S_META, .key = "cover"},
	{.name = "css", .type = S_CSS},
	{.name = "fail-on-warnings", .type = S_SWITCH,
	 .field = S_FIELD(opts.fail_on_warnings)},
	{.name = "font", .type = S_STRING, .field = S_FIELD(font)},
	{.name = "font-size", .type = S_CHECKED, .parse = S_font_size,
	 .want = "want 4 to 72 points"},
	{.name = "fragment", .type = S_SWITCH,
	 .field = S_FIELD(opts.fragment)},
	{.name = "from", .type = S_STRING, .field = S_FIELD(from)},
	{.name = "lang", .type = S_META, .key = "lang"},
	{.name = "margin", .type = S_CHECKED, .parse = S_margin,
	 .want = "want a length like 25mm, 1in, 72pt"},
	{.name = "metadata", .type = S_META},
	{.name = "mono-font", .type = S_STRING, .field = S_FIELD(mono_font)},
	{.name = "no-justify", .type = S_SWITCH,
	 .field = S_FIELD(opts.no_justify)},
	{.name = "number-sections", .type = S_SWITCH,
	 .field = S_FIELD(opts.number_sections)},
	{.name = "paper", .type = S_CHECKED, .parse = S_paper_size,
	 .want = "want a4, a5, letter, legal or WIDTHxHEIGHT (like 6inx9in)"},
	{.name = "quiet", .type = S_QUIET},
	{.name = "self-contained", .type = S_SWITCH,
	 .field = S_FIELD(opts.self_contained)},
	{.name = "strict", .type = S_SWITCH, .field = S_FIELD(opts.strict)},
	{.name = "title", .type = S_META, .key = "title"},
	{.name = "to", .type = S_STRING, .field = S_FIELD(to)},
	{.name = "toc", .type = S_SWITCH, .field = S_FIELD(opts.toc)},
	{.name = "toc-depth", .type = S_CHECKED, .parse = S_toc_depth,
	 .want = "want 1 to 6"},
	{.name = "verbose", .type = S_VERBOSE},
};

static void *S_at(struct docconv *dc, size_t offset)
{
	return (char *)dc + offset;
}

/* Add KEY=VALUE to the metadata settings, both copied. */
static enum dc_status S_add_meta(struct docconv *dc, const char *key,
				 size_t key_len, const char *value)
{
	struct dc_options *o = &dc->opts;
	struct dc_meta_arg *meta =
		realloc(o->meta, (o->n_meta + 1) * sizeof *meta);
	if (!meta)
		return DC_ERR_SOFTWARE;
	o->meta = meta;
	char *k = strndup(key, key_len);
	char *v = strdup(value);
	if (!k || !v) {
		free(k);
		free(v);
		return DC_ERR_SOFTWARE;
	}
	o->meta[o->n_meta++] = (struct dc_meta_arg){.key = k, .value = v};
	return DC_OK;
}

/* "metadata": KEY=VALUE, KEY alone being "true", as -M KEY. */
static enum dc_status S_metadata(struct docconv *dc, const char *arg,
				 struct dc_diag *diag)
{
	const char *eq = strchr(arg, '=');
	size_t key_len = eq ? (size_t)(eq - arg) : strlen(arg);
	if (key_len == 0)
		return dc_fail(diag, DC_ERR_USAGE, (struct dc_pos){0},
			       "metadata needs KEY=VALUE, got '%s'", arg);
	enum dc_status st = S_add_meta(dc, arg, key_len, eq ? eq + 1 : "true");
	return st == DC_OK ? DC_OK : dc_fail_oom(diag);
}

static enum dc_status S_add_css(struct docconv *dc, const char *path)
{
	char **css = realloc(dc->css, (dc->opts.n_css + 1) * sizeof *css);
	if (!css)
		return DC_ERR_SOFTWARE;
	dc->css = css;
	/* The writers read the list through a pointer to const strings. */
	dc->opts.css = (const char **)css;
	css[dc->opts.n_css] = strdup(path);
	if (!css[dc->opts.n_css])
		return DC_ERR_SOFTWARE;
	dc->opts.n_css++;
	return DC_OK;
}

static enum dc_status S_replace(char **field, const char *value)
{
	char *copy = strdup(value);
	if (!copy)
		return DC_ERR_SOFTWARE;
	free(*field);
	*field = copy;
	return DC_OK;
}

/* An option that takes a value. */
static enum dc_status S_set_value(struct docconv *dc,
				  const struct S_option *o, const char *value,
				  struct dc_diag *diag)
{
	enum dc_status st = DC_OK;
	switch (o->type) {
	case S_STRING: st = S_replace(S_at(dc, o->field), value); break;
	case S_META:
		if (!o->key)
			return S_metadata(dc, value, diag);
		st = S_add_meta(dc, o->key, strlen(o->key), value);
		break;
	case S_CSS: st = S_add_css(dc, value); break;
	case S_CHECKED:
		if (o->parse(value, &dc->opts))
			return DC_OK;
		return dc_fail(diag, DC_ERR_USAGE, (struct dc_pos){0},
			       "invalid %s '%s': %s", o->name, value, o->want);
	default: break;  /* switches: checked by the caller */
	}
	return st == DC_OK ? DC_OK : dc_fail_oom(diag);
}

static enum dc_status S_set(struct docconv *dc, const char *name,
			    const char *value, struct dc_diag *diag)
{
	const struct S_option *o = NULL;
	for (size_t i = 0; !o && i < sizeof S_options / sizeof S_options[0];
	     i++)
		if (strcmp(name, S_options[i].name) == 0)
			o = &S_options[i];
	if (!o)
		return dc_fail(diag, DC_ERR_USAGE, (struct dc_pos){0},
			       "unknown option '%s'", name);
	bool is_switch = o->type == S_SWITCH || o->type == S_QUIET ||
			 o->type == S_VERBOSE;
	if (is_switch != !value)
		return dc_fail(diag, DC_ERR_USAGE, (struct dc_pos){0},
			       is_switch ? "option '%s' takes no value"
					 : "option '%s' needs a value",
			       name);
	switch (o->type) {
	case S_SWITCH: *(bool *)S_at(dc, o->field) = true; return DC_OK;
	case S_QUIET: dc->opts.verbosity = DC_QUIET; return DC_OK;
	case S_VERBOSE: dc->opts.verbosity = DC_VERBOSE; return DC_OK;
	default: return S_set_value(dc, o, value, diag);
	}
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

/* The handle's options with its strings in place. */
static struct dc_options S_options_of(const struct docconv *dc)
{
	struct dc_options opts = dc->opts;
	opts.from = dc->from;
	opts.to = dc->to;
	opts.font = dc->font;
	opts.mono_font = dc->mono_font;
	return opts;
}

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
	struct dc_options opts = S_options_of(dc);
	opts.inputs = inputs;
	opts.n_inputs = n_inputs;
	opts.output = output;
	struct dc_diag diag;
	S_diag(dc, &diag);
	enum dc_status st = dc_convert(&opts, &diag);
	dc->warnings = diag.warnings;
	return S_outcome(dc, st, &diag);
}

/* The reader for a buffer: "from", else NAME's extension, else text, as
 * for a file. */
static enum dc_status S_reader(const struct dc_options *opts,
			       const char *name,
			       const struct dc_format **out,
			       struct dc_diag *diag)
{
	const struct dc_format *f =
		opts->from ? dc_format_by_name(opts->from)
		: name	   ? dc_format_by_path(name, true)
			   : NULL;
	if (opts->from && (!f || !f->read))
		return dc_fail(diag, DC_ERR_USAGE, (struct dc_pos){0},
			       "cannot read format '%s'", opts->from);
	*out = f ? f : dc_format_by_name("text");
	return DC_OK;
}

static enum dc_status S_writer(const struct dc_options *opts,
			       const struct dc_format **out,
			       struct dc_diag *diag)
{
	if (!opts->to)
		return dc_fail(diag, DC_ERR_USAGE, (struct dc_pos){0},
			       "no output format: set \"to\"");
	*out = dc_format_by_name(opts->to);
	if (!*out || !(*out)->write)
		return dc_fail(diag, DC_ERR_USAGE, (struct dc_pos){0},
			       "cannot write format '%s'", opts->to);
	return DC_OK;
}

/* Build DOC from IN as dc_convert() builds a document of one input:
 * options' metadata first, then the reader's, then sections. */
static enum dc_status S_build(const struct dc_options *opts,
			      const struct dc_format *reader,
			      const struct dc_input *in, struct dc_doc *doc,
			      struct dc_diag *diag)
{
	for (size_t i = 0; i < opts->n_meta; i++)
		if (!dc_meta_set(doc, &doc->meta, opts->meta[i].key,
				 opts->meta[i].value))
			return dc_fail_oom(diag);
	struct dc_meta meta = {0};
	struct dc_builder b;
	dc_builder_init(&b, doc, doc->root, diag, in->name);
	enum dc_status st = reader->read(in, &b, &meta, diag);
	enum dc_status fin = dc_builder_finish(&b);
	DC_TRY(st);
	DC_TRY(fin);
	if (!dc_meta_merge(doc, &doc->meta, &meta))
		return dc_fail_oom(diag);
	return dc_sectionize(doc, doc->root, diag);
}

/* Write DOC with WRITER into memory; *OUT takes the bytes. */
static enum dc_status S_write(const struct dc_options *opts,
			      const struct dc_format *writer,
			      const struct dc_doc *doc, struct dc_buf *out,
			      struct dc_diag *diag)
{
	struct dc_sink sink;
	dc_sink_open_memory(&sink);
	enum dc_status st = writer->write(doc, &sink, opts, diag);
	/* As dc_convert() does it: every warning given, then no output. */
	if (st == DC_OK && opts->fail_on_warnings && diag->warnings)
		st = dc_fail(diag, DC_ERR_DATA, (struct dc_pos){0},
			     "%u warning%s, and --fail-on-warnings; no output "
			     "written", diag->warnings,
			     diag->warnings == 1 ? "" : "s");
	if (st == DC_OK)
		st = dc_sink_commit(&sink, diag);
	if (st != DC_OK) {
		dc_sink_abort(&sink);
		return st;
	}
	/* An output of no bytes still gets its buffer, for the NUL. */
	if (!sink.mem.data && !dc_buf_reserve(&sink.mem, 1))
		return dc_fail_oom(diag);
	*out = sink.mem;
	return DC_OK;
}

static enum dc_status S_convert_buffer(const struct dc_options *opts,
				       const char *data, size_t len,
				       const char *name, struct dc_buf *out,
				       struct dc_diag *diag)
{
	/* Set by the calls below whenever they return DC_OK. */
	const struct dc_format *reader = NULL, *writer = NULL;
	DC_TRY(S_writer(opts, &writer, diag));
	DC_TRY(S_reader(opts, name, &reader, diag));
	/* Readers are given NUL-terminated input, as read from a file. */
	struct dc_buf copy = {0};
	if (len == SIZE_MAX || !dc_buf_reserve(&copy, len + 1) ||
	    !dc_buf_append(&copy, data, len)) {
		dc_buf_free(&copy);
		return dc_fail_oom(diag);
	}
	struct dc_doc *doc = dc_doc_new();
	if (!doc) {
		dc_buf_free(&copy);
		return dc_fail_oom(diag);
	}
	/* The source names the folder relative image paths are read from. */
	doc->source = name ? dc_arena_strdup(&doc->arena, name) : NULL;
	struct dc_input in = {.name = name ? name : "<buffer>",
			      .data = copy.data, .len = copy.len};
	enum dc_status st = name && !doc->source ? dc_fail_oom(diag) : DC_OK;
	if (st == DC_OK)
		st = S_build(opts, reader, &in, doc, diag);
	if (st == DC_OK)
		st = S_write(opts, writer, doc, out, diag);
	dc_doc_free(doc);
	dc_buf_free(&copy);
	return st;
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
	struct dc_options opts = S_options_of(dc);
	struct dc_diag diag;
	S_diag(dc, &diag);
	struct dc_buf result = {0};
	enum dc_status st = S_convert_buffer(&opts, data ? data : "", len,
					     name, &result, &diag);
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

int dc_cleanup_mkstemp(char *template)
{
	return mkstemp(template);
}

int dc_cleanup_rename(const char *from, const char *to)
{
	return rename(from, to);
}

int dc_cleanup_unlink(const char *path)
{
	return unlink(path);
}
