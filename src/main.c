/* docconv: the command line.  The only place that exits. */
#include <errno.h>
#include <stdio.h>

#include "batch.h"
#include "cleanup.h"
#include "convert.h"
#include "options.h"

int main(int argc, char **argv)
{
	struct dc_diag diag;
	struct dc_options opts;
	dc_diag_init(&diag, "docconv", stderr);
	/* Before anything is written: an interrupted run must not leave its
	 * temporary output file behind. */
	if (!dc_cleanup_install()) {
		enum dc_status st = dc_fail_errno(&diag, DC_ERR_SOFTWARE, errno,
						  (struct dc_pos){0},
						  "cannot install signal "
						  "handlers");
		dc_diag_print_error(&diag);
		return (int)st;
	}

	enum dc_status st = dc_options_parse(argc, argv, &opts, &diag);
	int status = 0;  /* a batch's: the worst of its conversions' */
	if (st == DC_OK) {
		diag.verbosity = opts.verbosity;
		diag.strict = opts.strict;
		switch (opts.action) {
		case DC_HELP: dc_print_help(stdout, "docconv"); break;
		case DC_VERSION: dc_print_version(stdout); break;
		case DC_LIST_FORMATS: dc_print_formats(stdout); break;
		case DC_RUN:
			if (opts.outdir)
				status = dc_batch(&opts, &diag);
			else
				st = dc_convert(&opts, &diag);
			break;
		}
	}
	if (st == DC_OK && opts.action != DC_RUN && fflush(stdout) != 0)
		st = dc_fail(&diag, DC_ERR_IO, (struct dc_pos){0},
			     "cannot write to standard output");
	dc_diag_print_error(&diag);
	dc_options_free(&opts);
	return st != DC_OK ? (int)st : status;
}
