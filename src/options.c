#include "options.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "format.h"

#ifndef DOCCONV_VERSION
#define DOCCONV_VERSION "unknown"
#endif

/* Long options without a short form. */
enum {
	OPT_TITLE = 256,
	OPT_AUTHOR,
	OPT_LANG,
	OPT_STRICT,
	OPT_VERSION,
	OPT_LIST_FORMATS,
	OPT_FONT,
	OPT_MONO_FONT,
	OPT_PAPER,
	OPT_MARGIN,
	OPT_FONT_SIZE,
	OPT_NO_JUSTIFY,
	OPT_NUMBER_SECTIONS,
	OPT_CSS,
	OPT_COVER,
	OPT_TOC,
	OPT_TOC_DEPTH,
	OPT_SELF_CONTAINED,
	OPT_FRAGMENT,
	OPT_FAIL_ON_WARNINGS,
	OPT_OUTDIR,
	OPT_DEPFILE,
};

static const struct option long_options[] = {
	{.name = "from", .has_arg = required_argument, .val = 'f'},
	{.name = "to", .has_arg = required_argument, .val = 't'},
	{.name = "output", .has_arg = required_argument, .val = 'o'},
	{.name = "metadata", .has_arg = required_argument, .val = 'M'},
	{.name = "title", .has_arg = required_argument, .val = OPT_TITLE},
	{.name = "author", .has_arg = required_argument, .val = OPT_AUTHOR},
	{.name = "lang", .has_arg = required_argument, .val = OPT_LANG},
	{.name = "quiet", .has_arg = no_argument, .val = 'q'},
	{.name = "verbose", .has_arg = no_argument, .val = 'v'},
	{.name = "strict", .has_arg = no_argument, .val = OPT_STRICT},
	{.name = "help", .has_arg = no_argument, .val = 'h'},
	{.name = "version", .has_arg = no_argument, .val = OPT_VERSION},
	{.name = "list-formats", .has_arg = no_argument,
	 .val = OPT_LIST_FORMATS},
	{.name = "font", .has_arg = required_argument, .val = OPT_FONT},
	{.name = "mono-font", .has_arg = required_argument,
	 .val = OPT_MONO_FONT},
	{.name = "paper", .has_arg = required_argument, .val = OPT_PAPER},
	{.name = "margin", .has_arg = required_argument, .val = OPT_MARGIN},
	{.name = "font-size", .has_arg = required_argument,
	 .val = OPT_FONT_SIZE},
	{.name = "no-justify", .has_arg = no_argument, .val = OPT_NO_JUSTIFY},
	{.name = "number-sections", .has_arg = no_argument,
	 .val = OPT_NUMBER_SECTIONS},
	{.name = "css", .has_arg = required_argument, .val = OPT_CSS},
	{.name = "cover", .has_arg = required_argument, .val = OPT_COVER},
	{.name = "toc", .has_arg = no_argument, .val = OPT_TOC},
	{.name = "toc-depth", .has_arg = required_argument,
	 .val = OPT_TOC_DEPTH},
	{.name = "self-contained", .has_arg = no_argument,
	 .val = OPT_SELF_CONTAINED},
	{.name = "fragment", .has_arg = no_argument, .val = OPT_FRAGMENT},
	{.name = "fail-on-warnings", .has_arg = no_argument,
	 .val = OPT_FAIL_ON_WARNINGS},
	{.name = "outdir", .has_arg = required_argument, .val = OPT_OUTDIR},
	{.name = "jobs", .has_arg = required_argument, .val = 'j'},
	{.name = "depfile", .has_arg = required_argument, .val = OPT_DEPFILE},
	{0},
};

/* The leading ':' makes getopt_long() report a missing argument as ':'
 * and print nothing itself: the messages are ours, in our format. */
static const char short_options[] = ":f:t:o:M:j:qvh";

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

/* -M KEY=VALUE; -M KEY alone sets KEY to "true", as pandoc does. */
static enum dc_status S_metadata_option(struct dc_options *opts,
					struct dc_diag *diag, const char *arg)
{
	const char *eq = strchr(arg, '=');
	size_t key_len = eq ? (size_t)(eq - arg) : strlen(arg);
	if (key_len == 0)
		return dc_fail(diag, DC_ERR_USAGE, (struct dc_pos){0},
			       "-M needs KEY=VALUE, got '%s'", arg);
	return S_add_meta(opts, diag, arg, key_len, eq ? eq + 1 : "true");
}

/* A length: a positive number with an optional unit, pt (the default),
 * mm, cm or in, converted to points; false if ARG is not one.  *END gets
 * where it stopped when END is not NULL (else the whole ARG must be it). */
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
	char *rest;
	double v = strtod(arg, &rest);
	if (rest == arg || !(v > 0) || v > 1e5)
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

static enum dc_status S_bad_value(struct dc_diag *diag, const char *option,
				  const char *arg, const char *want)
{
	return dc_fail(diag, DC_ERR_USAGE, (struct dc_pos){0},
		       "invalid %s '%s': %s", option, arg, want);
}

static enum dc_status S_add_css(struct dc_options *opts,
				struct dc_diag *diag, const char *path)
{
	const char **css = realloc(opts->css, (opts->n_css + 1) * sizeof *css);
	if (!css)
		return dc_fail_oom(diag);
	css[opts->n_css++] = path;
	opts->css = css;
	return DC_OK;
}

/* The options of the HTML and EPUB writers. */
static enum dc_status S_web_option(struct dc_options *opts,
				   struct dc_diag *diag, int c,
				   const char *arg)
{
	char *end;
	switch (c) {
	case OPT_CSS: return S_add_css(opts, diag, arg);
	case OPT_COVER: return S_add_meta(opts, diag, "cover", 5, arg);
	case OPT_TOC: opts->toc = true; break;
	case OPT_TOC_DEPTH:
		opts->toc_depth = (int)strtol(arg, &end, 10);
		if (end == arg || *end || opts->toc_depth < 1 ||
		    opts->toc_depth > 6)
			return S_bad_value(diag, "--toc-depth", arg,
					   "want 1 to 6");
		break;
	case OPT_SELF_CONTAINED: opts->self_contained = true; break;
	case OPT_FRAGMENT: opts->fragment = true; break;
	}
	return DC_OK;
}

/* The options of the typesetter. */
static enum dc_status S_layout_option(struct dc_options *opts,
				      struct dc_diag *diag, int c,
				      const char *arg)
{
	switch (c) {
	case OPT_FONT: opts->font = arg; break;
	case OPT_MONO_FONT: opts->mono_font = arg; break;
	case OPT_PAPER:
		if (!S_paper(arg, &opts->paper_width, &opts->paper_height))
			return S_bad_value(diag, "--paper", arg,
					   "want a4, a5, letter, legal or "
					   "WIDTHxHEIGHT (like 6inx9in)");
		break;
	case OPT_MARGIN:
		if (!S_length(arg, &opts->margin, NULL))
			return S_bad_value(diag, "--margin", arg,
					   "want a length like 25mm, 1in, "
					   "72pt");
		break;
	case OPT_FONT_SIZE:
		if (!S_length(arg, &opts->font_size, NULL) ||
		    opts->font_size < 4 || opts->font_size > 72)
			return S_bad_value(diag, "--font-size", arg,
					   "want 4 to 72 points");
		break;
	case OPT_NO_JUSTIFY: opts->no_justify = true; break;
	case OPT_NUMBER_SECTIONS: opts->number_sections = true; break;
	default: return S_web_option(opts, diag, c, arg);
	}
	return DC_OK;
}

/* The options for build scripts. */
static enum dc_status S_build_option(struct dc_options *opts,
				     struct dc_diag *diag, int c,
				     const char *arg)
{
	char *end;
	switch (c) {
	case OPT_OUTDIR:
		if (!arg[0])
			return S_bad_value(diag, "--outdir", arg,
					   "want a folder");
		opts->outdir = arg;
		break;
	case OPT_DEPFILE: opts->depfile = arg; break;
	case 'j':
		opts->jobs = strtol(arg, &end, 10);
		if (end == arg || *end || opts->jobs < 1 ||
		    opts->jobs > DC_MAX_JOBS)
			return S_bad_value(diag, "-j", arg,
					   "want 1 to " DC_MAX_JOBS_TEXT);
		break;
	default: return S_layout_option(opts, diag, c, arg);
	}
	return DC_OK;
}

static enum dc_status S_option(struct dc_options *opts, struct dc_diag *diag,
			       int c, const char *arg)
{
	switch (c) {
	case 'f': opts->from = arg; break;
	case 't': opts->to = arg; break;
	case 'o': opts->output = arg; break;
	case 'M': return S_metadata_option(opts, diag, arg);
	case OPT_TITLE: return S_add_meta(opts, diag, "title", 5, arg);
	case OPT_AUTHOR: return S_add_meta(opts, diag, "author", 6, arg);
	case OPT_LANG: return S_add_meta(opts, diag, "lang", 4, arg);
	case 'q': opts->verbosity = DC_QUIET; break;
	case 'v': opts->verbosity = DC_VERBOSE; break;
	case OPT_STRICT: opts->strict = true; break;
	case OPT_FAIL_ON_WARNINGS: opts->fail_on_warnings = true; break;
	case 'h': opts->action = DC_HELP; break;
	case OPT_VERSION: opts->action = DC_VERSION; break;
	case OPT_LIST_FORMATS: opts->action = DC_LIST_FORMATS; break;
	default: return S_build_option(opts, diag, c, arg);
	}
	return DC_OK;
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
	*opts = (struct dc_options){.action = DC_RUN, .toc_depth = 3};
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, short_options, long_options,
				NULL)) != -1) {
		enum dc_status st = c == '?' || c == ':'
					    ? S_bad_option(diag, c, argv)
					    : S_option(opts, diag, c, optarg);
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
	opts->meta = NULL;
	opts->n_meta = 0;
	free(opts->css);
	opts->css = NULL;
	opts->n_css = 0;
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
