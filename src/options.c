#include "options.h"

#include <getopt.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "format.h"

#ifndef DOCCONV_VERSION
#define DOCCONV_VERSION "unknown"
#endif

/* ---- Values ------------------------------------------------------------
 *
 * Read without strtod, whose decimal point is the locale's: the library
 * runs in programs that set one. */

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

/* A length: a positive number up to 1e5 with an optional unit, pt (the
 * default), mm, cm or in, converted to points; false if ARG is not one.
 * *END gets where it stopped when END is not NULL (else the whole ARG
 * must be it). */
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

/* --paper: a4, a5, letter, legal, or WIDTHxHEIGHT in lengths. */
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

/* A whole number from MIN to MAX, all of ARG. */
static bool S_integer(const char *arg, long min, long max, long *v)
{
	char *end;
	*v = strtol(arg, &end, 10);
	return end != arg && *end == '\0' && *v >= min && *v <= max;
}

/* ---- The table ---------------------------------------------------------- */

struct S_option;

/* Set OPT from VALUE (NULL for a switch) in OPTS. */
typedef enum dc_status S_setter(struct dc_options *opts,
				const struct S_option *opt, const char *value,
				struct dc_diag *diag);

struct S_option {
	const char *name;     /* the long name */
	char letter;          /* the short one, or 0 */
	bool value;           /* takes a value */
	S_setter *set;
	size_t field;         /* S_string, S_switch: the member of dc_options */
	const char *key;      /* S_meta: the metadata key it sets */
	int code;             /* S_action: the action; S_verbosity: the level */
	const char *shown;    /* in messages, if not "--NAME": "-j", "-M" */
	const char *program;  /* why the library does not take it, or NULL */
};

/* VALUE of OPT is not one: the option named as the command line writes
 * it, for the program and the library alike. */
static enum dc_status S_bad_value(struct dc_diag *diag,
				  const struct S_option *opt, const char *arg,
				  const char *want)
{
	return dc_fail(diag, DC_ERR_USAGE, (struct dc_pos){0},
		       "invalid %s%s '%s': %s", opt->shown ? "" : "--",
		       opt->shown ? opt->shown : opt->name, arg, want);
}

static void *S_field(struct dc_options *opts, const struct S_option *opt)
{
	return (char *)opts + opt->field;
}

/* The options own their strings; the members are const for the writers
 * that read them. */
static void S_free_string(const char *s)
{
	free((char *)s);
}

static enum dc_status S_string(struct dc_options *opts,
			       const struct S_option *opt, const char *value,
			       struct dc_diag *diag)
{
	char *copy = strdup(value);
	if (!copy)
		return dc_fail_oom(diag);
	const char **field = S_field(opts, opt);
	S_free_string(*field);
	*field = copy;
	return DC_OK;
}

static enum dc_status S_switch(struct dc_options *opts,
			       const struct S_option *opt, const char *value,
			       struct dc_diag *diag)
{
	(void)value;
	(void)diag;
	*(bool *)S_field(opts, opt) = true;
	return DC_OK;
}

static enum dc_status S_action(struct dc_options *opts,
			       const struct S_option *opt, const char *value,
			       struct dc_diag *diag)
{
	(void)value;
	(void)diag;
	opts->action = (enum dc_action)opt->code;
	return DC_OK;
}

static enum dc_status S_verbosity(struct dc_options *opts,
				  const struct S_option *opt,
				  const char *value, struct dc_diag *diag)
{
	(void)value;
	(void)diag;
	opts->verbosity = (enum dc_verbosity)opt->code;
	return DC_OK;
}

static enum dc_status S_add_meta(struct dc_options *opts,
				 struct dc_diag *diag, const char *key,
				 size_t key_len, const char *value)
{
	struct dc_meta_arg *meta =
		realloc(opts->meta, (opts->n_meta + 1) * sizeof *meta);
	if (!meta)
		return dc_fail_oom(diag);
	opts->meta = meta;
	char *k = strndup(key, key_len);
	char *v = strdup(value);
	if (!k || !v) {
		free(k);
		free(v);
		return dc_fail_oom(diag);
	}
	opts->meta[opts->n_meta++] = (struct dc_meta_arg){.key = k, .value = v};
	return DC_OK;
}

/* --title and the like: metadata under the option's key. */
static enum dc_status S_meta(struct dc_options *opts,
			     const struct S_option *opt, const char *value,
			     struct dc_diag *diag)
{
	return S_add_meta(opts, diag, opt->key, strlen(opt->key), value);
}

/* -M KEY=VALUE; -M KEY alone sets KEY to "true", as pandoc does. */
static enum dc_status S_metadata(struct dc_options *opts,
				 const struct S_option *opt, const char *arg,
				 struct dc_diag *diag)
{
	const char *eq = strchr(arg, '=');
	size_t key_len = eq ? (size_t)(eq - arg) : strlen(arg);
	if (key_len == 0)
		return dc_fail(diag, DC_ERR_USAGE, (struct dc_pos){0},
			       "%s needs KEY=VALUE, got '%s'", opt->shown,
			       arg);
	return S_add_meta(opts, diag, arg, key_len, eq ? eq + 1 : "true");
}

static enum dc_status S_css(struct dc_options *opts,
			    const struct S_option *opt, const char *path,
			    struct dc_diag *diag)
{
	(void)opt;
	const char **css = realloc(opts->css, (opts->n_css + 1) * sizeof *css);
	if (!css)
		return dc_fail_oom(diag);
	opts->css = css;
	if (!(css[opts->n_css] = strdup(path)))
		return dc_fail_oom(diag);
	opts->n_css++;
	return DC_OK;
}

static enum dc_status S_paper_size(struct dc_options *opts,
				   const struct S_option *opt,
				   const char *arg, struct dc_diag *diag)
{
	double w, h;
	if (!S_paper(arg, &w, &h))
		return S_bad_value(diag, opt, arg,
				   "want a4, a5, letter, legal or "
				   "WIDTHxHEIGHT (like 6inx9in)");
	opts->paper_width = w;
	opts->paper_height = h;
	return DC_OK;
}

static enum dc_status S_margin(struct dc_options *opts,
			       const struct S_option *opt, const char *arg,
			       struct dc_diag *diag)
{
	double v;
	if (!S_length(arg, &v, NULL))
		return S_bad_value(diag, opt, arg,
				   "want a length like 25mm, 1in, 72pt");
	opts->margin = v;
	return DC_OK;
}

static enum dc_status S_font_size(struct dc_options *opts,
				  const struct S_option *opt,
				  const char *arg, struct dc_diag *diag)
{
	double v;
	if (!S_length(arg, &v, NULL) || v < 4 || v > 72)
		return S_bad_value(diag, opt, arg, "want 4 to 72 points");
	opts->font_size = v;
	return DC_OK;
}

static enum dc_status S_toc_depth(struct dc_options *opts,
				  const struct S_option *opt,
				  const char *arg, struct dc_diag *diag)
{
	long v;
	if (!S_integer(arg, 1, 6, &v))
		return S_bad_value(diag, opt, arg, "want 1 to 6");
	opts->toc_depth = (int)v;
	return DC_OK;
}

static enum dc_status S_jobs(struct dc_options *opts,
			     const struct S_option *opt, const char *arg,
			     struct dc_diag *diag)
{
	long v;
	if (!S_integer(arg, 1, DC_MAX_JOBS, &v))
		return S_bad_value(diag, opt, arg,
				   "want 1 to " DC_MAX_JOBS_TEXT);
	opts->jobs = v;
	return DC_OK;
}

static enum dc_status S_outdir(struct dc_options *opts,
			       const struct S_option *opt, const char *arg,
			       struct dc_diag *diag)
{
	if (!arg[0])
		return S_bad_value(diag, opt, arg, "want a folder");
	return S_string(opts, opt, arg, diag);
}

#define S_AT(member) offsetof(struct dc_options, member)

/* Why the library leaves an option to the program. */
#define S_BATCH "convert each input with docconv_convert_files()"
#define S_PRINTS "the library prints nothing"

/* Every option, in --help's order.  dc_print_help() describes them. */
static const struct S_option S_options[] = {
	{.name = "from", .letter = 'f', .value = true, .set = S_string,
	 .field = S_AT(from)},
	{.name = "to", .letter = 't', .value = true, .set = S_string,
	 .field = S_AT(to)},
	{.name = "output", .letter = 'o', .value = true, .set = S_string,
	 .field = S_AT(output),
	 .program = "the output is an argument of the conversions"},
	{.name = "metadata", .letter = 'M', .value = true, .set = S_metadata,
	 .shown = "-M"},
	{.name = "title", .value = true, .set = S_meta, .key = "title"},
	{.name = "author", .value = true, .set = S_meta, .key = "author"},
	{.name = "lang", .value = true, .set = S_meta, .key = "lang"},
	{.name = "strict", .set = S_switch, .field = S_AT(strict)},
	{.name = "fail-on-warnings", .set = S_switch,
	 .field = S_AT(fail_on_warnings)},
	{.name = "quiet", .letter = 'q', .set = S_verbosity,
	 .code = DC_QUIET},
	{.name = "verbose", .letter = 'v', .set = S_verbosity,
	 .code = DC_VERBOSE},
	{.name = "list-formats", .set = S_action, .code = DC_LIST_FORMATS,
	 .program = S_PRINTS},
	{.name = "help", .letter = 'h', .set = S_action, .code = DC_HELP,
	 .program = S_PRINTS},
	{.name = "version", .set = S_action, .code = DC_VERSION,
	 .program = "docconv_version() gives the version"},
	/* Typesetting. */
	{.name = "font", .value = true, .set = S_string, .field = S_AT(font)},
	{.name = "mono-font", .value = true, .set = S_string,
	 .field = S_AT(mono_font)},
	{.name = "paper", .value = true, .set = S_paper_size},
	{.name = "margin", .value = true, .set = S_margin},
	{.name = "font-size", .value = true, .set = S_font_size},
	{.name = "no-justify", .set = S_switch, .field = S_AT(no_justify)},
	{.name = "number-sections", .set = S_switch,
	 .field = S_AT(number_sections)},
	/* Tables of contents, HTML and EPUB. */
	{.name = "toc", .set = S_switch, .field = S_AT(toc)},
	{.name = "toc-depth", .value = true, .set = S_toc_depth},
	{.name = "css", .value = true, .set = S_css},
	{.name = "cover", .value = true, .set = S_meta, .key = "cover"},
	{.name = "self-contained", .set = S_switch,
	 .field = S_AT(self_contained)},
	{.name = "fragment", .set = S_switch, .field = S_AT(fragment)},
	/* Build scripts. */
	{.name = "outdir", .value = true, .set = S_outdir,
	 .field = S_AT(outdir), .program = S_BATCH},
	{.name = "jobs", .letter = 'j', .value = true, .set = S_jobs,
	 .shown = "-j", .program = S_BATCH},
	{.name = "depfile", .value = true, .set = S_string,
	 .field = S_AT(depfile),
	 .program = "make rules are the program's"},
};

enum { S_N_OPTIONS = sizeof S_options / sizeof S_options[0] };

static const struct S_option *S_by_name(const char *name)
{
	for (size_t i = 0; i < S_N_OPTIONS; i++)
		if (strcmp(name, S_options[i].name) == 0)
			return &S_options[i];
	return NULL;
}

void dc_options_init(struct dc_options *opts)
{
	*opts = (struct dc_options){.action = DC_RUN, .toc_depth = 3};
}

enum dc_status dc_option_set(struct dc_options *opts, const char *name,
			     const char *value, struct dc_diag *diag)
{
	const struct S_option *o = S_by_name(name);
	if (!o)
		return dc_fail(diag, DC_ERR_USAGE, (struct dc_pos){0},
			       "unknown option '%s'", name);
	if (o->value != (value != NULL))
		return dc_fail(diag, DC_ERR_USAGE, (struct dc_pos){0},
			       o->value ? "option '%s' needs a value"
					: "option '%s' takes no value",
			       name);
	return o->set(opts, o, value, diag);
}

const char *dc_option_program_only(const char *name)
{
	const struct S_option *o = S_by_name(name);
	return o ? o->program : NULL;
}

/* ---- The command line --------------------------------------------------- */

/* What getopt_long() returns for a long option without a letter: its
 * index in the table after the values of chars. */
enum { S_LONG_ONLY = 256 };

/* getopt_long()'s tables, made from ours.  The leading ':' of SHORTS
 * makes it report a missing argument as ':' and print nothing itself:
 * the messages are ours, in our format. */
static void S_getopt_tables(struct option longs[S_N_OPTIONS + 1],
			    char shorts[2 * S_N_OPTIONS + 2])
{
	size_t n = 0;
	shorts[n++] = ':';
	for (size_t i = 0; i < S_N_OPTIONS; i++) {
		const struct S_option *o = &S_options[i];
		longs[i] = (struct option){
			.name = o->name,
			.has_arg = o->value ? required_argument : no_argument,
			.val = o->letter ? o->letter : S_LONG_ONLY + (int)i,
		};
		if (o->letter)
			shorts[n++] = o->letter;
		if (o->letter && o->value)
			shorts[n++] = ':';
	}
	longs[S_N_OPTIONS] = (struct option){0};
	shorts[n] = '\0';
}

/* The option getopt_long() returned as C, or NULL for its errors. */
static const struct S_option *S_by_code(int c)
{
	if (c >= S_LONG_ONLY)
		return &S_options[c - S_LONG_ONLY];
	for (size_t i = 0; i < S_N_OPTIONS; i++)
		if (S_options[i].letter && S_options[i].letter == c)
			return &S_options[i];
	return NULL;
}

/* The option getopt_long() just rejected, as the user wrote it. */
static enum dc_status S_bad_option(struct dc_diag *diag, int c, char **argv)
{
	const char *what = c == ':' ? "option needs an argument"
				    : "unrecognized option";
	const char *arg = argv[optind - 1];
	if (strncmp(arg, "--", 2) == 0) {
		int len = (int)strcspn(arg, "=");
		return dc_fail(diag, DC_ERR_USAGE, (struct dc_pos){0},
			       "%s '%.*s'; try '%s --help'", what, len, arg,
			       diag->program);
	}
	return dc_fail(diag, DC_ERR_USAGE, (struct dc_pos){0},
		       "%s '-%c'; try '%s --help'", what, optopt,
		       diag->program);
}

static enum dc_status S_usage(struct dc_diag *diag, const char *message)
{
	return dc_fail(diag, DC_ERR_USAGE, (struct dc_pos){0}, "%s", message);
}

/* Options that make no sense together, refused before anything runs. */
static enum dc_status S_check_combination(const struct dc_options *opts,
					  struct dc_diag *diag)
{
	bool to_stdout = !opts->output || strcmp(opts->output, "-") == 0;
	if (opts->outdir && opts->output)
		return S_usage(diag, "-o and --outdir exclude each other: "
				     "--outdir names each output after its "
				     "input");
	if (opts->outdir && !opts->to)
		return S_usage(diag, "--outdir needs -t FORMAT");
	if (opts->outdir && opts->depfile)
		return S_usage(diag, "--depfile names one output's rule; "
				     "with --outdir, run docconv once per "
				     "output instead");
	if (opts->depfile && to_stdout)
		return S_usage(diag, "--depfile needs -o FILE: the rule "
				     "names the output");
	if (opts->depfile && strcmp(opts->depfile, "-") == 0)
		return S_usage(diag, "--depfile needs a file, not -");
	if (opts->depfile && strcmp(opts->depfile, opts->output) == 0)
		return S_usage(diag, "--depfile and -o name one file");
	for (size_t i = 0; opts->outdir && i < opts->n_inputs; i++)
		if (strcmp(opts->inputs[i], "-") == 0)
			return S_usage(diag, "standard input (-) has no name "
					     "to name an output after; not "
					     "with --outdir");
	return DC_OK;
}

enum dc_status dc_options_parse(int argc, char **argv,
				struct dc_options *opts, struct dc_diag *diag)
{
	struct option longs[S_N_OPTIONS + 1];
	char shorts[2 * S_N_OPTIONS + 2];
	dc_options_init(opts);
	S_getopt_tables(longs, shorts);
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		const struct S_option *o = S_by_code(c);
		enum dc_status st = o ? o->set(opts, o, optarg, diag)
				      : S_bad_option(diag, c, argv);
		if (st != DC_OK)
			return st;
	}
	opts->inputs = (const char *const *)argv + optind;
	opts->n_inputs = (size_t)(argc - optind);
	if (opts->action != DC_RUN)
		return DC_OK;
	if (opts->n_inputs == 0)
		return dc_fail(diag, DC_ERR_USAGE, (struct dc_pos){0},
			       "no input file; try '%s --help'",
			       diag->program);
	return S_check_combination(opts, diag);
}

void dc_options_free(struct dc_options *opts)
{
	for (size_t i = 0; i < opts->n_meta; i++) {
		free(opts->meta[i].key);
		free(opts->meta[i].value);
	}
	free(opts->meta);
	for (size_t i = 0; i < opts->n_css; i++)
		S_free_string(opts->css[i]);
	free(opts->css);
	const char *strings[] = {opts->from, opts->to, opts->output,
				 opts->font, opts->mono_font, opts->outdir,
				 opts->depfile};
	for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
		S_free_string(strings[i]);
	dc_options_init(opts);
}

void dc_print_help(FILE *out, const char *program)
{
	fprintf(out,
"Usage: %s [OPTION]... INPUT... [-o OUTPUT]\n"
"  or:  %s -t FORMAT --outdir=DIR [OPTION]... INPUT...\n"
"Convert documents; --list-formats shows what can be read and written.\n"
"Several inputs make one document, one chapter per input (with --outdir=DIR,\n"
"one document each).  An INPUT of - is standard input; OUTPUT - (the\n"
"default) is standard output.\n"
"\n"
"  -f, --from=FORMAT        read inputs as FORMAT (default: by extension,\n"
"                           else plain text)\n"
"  -t, --to=FORMAT          write FORMAT (default: by the output's extension)\n"
"  -o, --output=FILE        write to FILE, replaced only on success\n"
"  -M, --metadata=KEY=VALUE set a metadata field (title, subtitle, author,\n"
"                           date, lang, subject, description, keywords,\n"
"                           identifier, rights, publisher, cover, or any)\n"
"      --title=TEXT         same as -M title=TEXT\n"
"      --author=NAME        same as -M author=NAME (repeat for several)\n"
"      --lang=TAG           same as -M lang=TAG (a BCP 47 tag: en, de-CH)\n"
"      --strict             treat warnings about the input as errors\n"
"      --fail-on-warnings   fail (status 65, no output) after any warning\n"
"  -q, --quiet              print no warnings (errors still)\n"
"  -v, --verbose            say what is being done\n"
"      --list-formats       list the formats and exit\n"
"  -h, --help               print this help and exit\n"
"      --version            print the version and exit\n"
"\n"
"Typesetting (PDF):\n"
"      --font=FAMILY        body text font family (default DejaVu Serif)\n"
"      --mono-font=FAMILY   code font family (default DejaVu Sans Mono)\n"
"      --paper=SIZE         a4 (default), a5, letter, legal or WIDTHxHEIGHT\n"
"      --margin=LENGTH      page margin, like 25mm (the default), 1in\n"
"      --font-size=LENGTH   body text size (default 11pt)\n"
"      --no-justify         ragged-right lines instead of justified ones\n"
"      --number-sections    number headings (1, 1.1, ...) and the outline\n"
"\n"
"Tables of contents (an EPUB always has one):\n"
"      --toc                add one to HTML and PDF, after the title\n"
"      --toc-depth=N        the heading levels they list, 1-6 (3)\n"
"\n"
"HTML and EPUB:\n"
"      --css=FILE           add a stylesheet (repeat for several)\n"
"      --cover=IMAGE        a cover image (same as -M cover=IMAGE)\n"
"      --self-contained     HTML: embed images as data: URIs\n"
"      --fragment           HTML: write only the content of the body\n"
"\n"
"Build scripts:\n"
"      --outdir=DIR         convert each INPUT on its own into DIR (made if\n"
"                           need be), named after it with -t's extension\n"
"  -j, --jobs=N             with --outdir=DIR: N conversions at once (the\n"
"                           default: the number of CPUs)\n"
"      --depfile=FILE       after a successful -o, write a make rule: the\n"
"                           output and every file it was made from\n"
"\n"
"Exit status: 0 success, 64 usage, 65 bad input data, 66 input missing,\n"
"70 internal error, 73 output cannot be created, 74 I/O error; with\n"
"--outdir=DIR, the highest status of its conversions.\n"
"See docconv(1) and, for plain-text conventions, docconv(5).\n",
		program, program);
}

void dc_print_version(FILE *out)
{
	fprintf(out, "docconv %s\n", DOCCONV_VERSION);
}

void dc_print_formats(FILE *out)
{
	fprintf(out, "%-10s %-6s %-18s %s\n", "FORMAT", "MODE", "EXTENSIONS",
		"DESCRIPTION");
	for (size_t i = 0; dc_formats[i]; i++) {
		const struct dc_format *f = dc_formats[i];
		char exts[128];
		dc_format_extensions(f, exts, sizeof exts);
		const char *mode = f->read && f->write ? "rw"
				   : f->read           ? "r"
						       : "w";
		fprintf(out, "%-10s %-6s %-18s %s\n", f->name, mode,
			exts[0] ? exts : "-", f->description);
	}
}
