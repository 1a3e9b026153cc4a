/* The DocBook format's descriptor: its line in the format table. */
#include "docbook.h"

static const char *const docbook_extensions[] = {"dbk", "xml", "docbook",
						 NULL};

const struct dc_format dc_format_docbook = {
	.name = "docbook",
	.description = "DocBook 5.0 XML",
	.extensions = docbook_extensions,
	.read = dc_docbook_read,
	.write = dc_docbook_write,
};
