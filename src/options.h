/* The command line, parsed. */
#ifndef DC_OPTIONS_H
#define DC_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

struct dc_deps;

/* One metadata setting from the command line, in the order given. */
struct dc_meta_arg {
	char *key;
	char *value;
};

/* -j's ceiling: a guard against a typo forking thousands of processes,
 * not a tuning knob. */
#define DC_MAX_JOBS 1024
#define DC_MAX_JOBS_TEXT "1024"

enum dc_action { DC_RUN, DC_HELP, DC_VERSION, DC_LIST_FORMATS };

struct dc_options {
	enum dc_action action;
	const char *from;    /* -f: the input format's name, or NULL */
	const char *to;      /* -t: the output format's name, or NULL */
	const char *output;  /* -o: a path, "-" for standard output */
	const char *const *inputs;  /* "-" is standard input */
	size_t n_inputs;
	struct dc_meta_arg *meta;   /* -M, --title, --author, --lang */
	size_t n_meta;
	bool strict;
	bool fail_on_warnings;  /* --fail-on-warnings: any warning fails (65) */
	enum dc_verbosity verbosity;
	/* Build scripts. */
	const char *outdir;     /* --outdir DIR: batch, one output per input */
	long jobs;              /* -j N: conversions at once (0: the CPUs) */
	const char *depfile;    /* --depfile FILE: make rule of the output */
	/* Where a writer records the files it reads beyond those of the
	 * model (the PDF writer's fonts); NULL when nobody asks.  Not an
	 * option: the conversion sets it for --depfile. */
	struct dc_deps *deps;
	/* Typesetting (PDF); 0 or NULL means the writer's default. */
	const char *font;       /* --font: body text family */
	const char *mono_font;  /* --mono-font: code family */
	double paper_width, paper_height;  /* --paper, points */
	double margin;          /* --margin, points */
	double font_size;       /* --font-size, points */
	bool no_justify;        /* --no-justify: ragged-right lines */
	bool number_sections;   /* --number-sections: 1, 1.1, 1.2... */
	/* HTML and EPUB. */
	const char **css;       /* --css FILE, in order (the array malloc'd) */
	size_t n_css;
	bool toc;               /* --toc: a table of contents (HTML, PDF) */
	int toc_depth;          /* --toc-depth N: heading levels in it, 1-6 */
	bool self_contained;    /* --self-contained: images as data URIs */
	bool fragment;          /* --fragment: the body's content only */
};

/* Parse ARGV into OPTS (which borrows from ARGV).  Returns DC_OK or
 * DC_ERR_USAGE, with the message recorded in DIAG. */
enum dc_status dc_options_parse(int argc, char **argv,
				struct dc_options *opts, struct dc_diag *diag);
void dc_options_free(struct dc_options *opts);

void dc_print_help(FILE *out, const char *program);
void dc_print_version(FILE *out);
void dc_print_formats(FILE *out);

#endif
