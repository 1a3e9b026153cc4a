/* DocBook 5 writer: placeholder until the real one lands. */
#include "format.h"

static enum dc_status S_write(const struct dc_doc *doc, struct dc_sink *out,
			      const struct dc_options *opts,
			      struct dc_diag *diag)
{
	(void)doc;
	(void)opts;
	(void)diag;
	dc_sink_puts(out, "<article/>\n");
	return DC_OK;
}

static const char *const docbook_extensions[] = {"dbk", "xml", "docbook",
						 NULL};

const struct dc_format dc_format_docbook = {
	.name = "docbook",
	.description = "DocBook 5.0 XML",
	.extensions = docbook_extensions,
	.write = S_write,
};
