/* The options of a conversion: one table of them (options.c), set from
 * the command line (getopt_long) and from the library (docconv_set) by
 * the same code. */
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

/* The options own every string they hold (copies of the values given),
 * except INPUTS; the strings are const for their readers. */
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
	/* Writers that write a long document in pieces on two threads
	 * (src/pieces.h) cut it about every this many nodes; 0: their
	 * default.  Not an option: the tests cut small documents with it. */
	size_t piece_nodes;
};

/* The defaults: what a command line without options says. */
void dc_options_init(struct dc_options *opts);

/* Set the option of long name NAME ("paper", "jobs") to VALUE, NULL for
 * a switch, as --NAME=VALUE does: the value checked (messages name it as
 * the command line does: "invalid --paper 'a7': ..."), copied.  Returns
 * DC_OK, DC_ERR_USAGE for an unknown NAME or a bad VALUE, or
 * DC_ERR_SOFTWARE when out of memory, with the message in DIAG. */
enum dc_status dc_option_set(struct dc_options *opts, const char *name,
			     const char *value, struct dc_diag *diag);

/* Why the library does not take option NAME (it drives the program, not a
 * conversion: --outdir, --help...), or NULL when it does or there is no
 * such option. */
const char *dc_option_program_only(const char *name);

/* Parse ARGV into OPTS (whose INPUTS point into ARGV).  Returns DC_OK or
 * DC_ERR_USAGE, with the message recorded in DIAG; OPTS is to be freed
 * either way. */
enum dc_status dc_options_parse(int argc, char **argv,
				struct dc_options *opts, struct dc_diag *diag);
void dc_options_free(struct dc_options *opts);

void dc_print_help(FILE *out, const char *program);
void dc_print_version(FILE *out);
void dc_print_formats(FILE *out);

#endif
