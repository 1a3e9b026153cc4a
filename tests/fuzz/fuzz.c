#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "sectionize.h"

void fuzz_write_all(const struct dc_doc *doc, bool with_pdf)
{
	struct dc_options opts = {.action = DC_RUN};
	for (size_t i = 0; dc_formats[i]; i++) {
		if (!dc_formats[i]->write ||
		    (!with_pdf && strcmp(dc_formats[i]->name, "pdf") == 0))
			continue;
		struct dc_diag diag;
		dc_diag_init(&diag, "fuzz", NULL);  /* no stream: quiet */
		struct dc_sink sink;
		dc_sink_open_memory(&sink);
		if (dc_formats[i]->write(doc, &sink, &opts, &diag) == DC_OK)
			(void)dc_sink_commit(&sink, &diag);
		dc_sink_abort(&sink);
	}
}

int fuzz_read_then_write(const char *format, const uint8_t *data,
			 size_t size)
{
	const struct dc_format *reader = dc_format_by_name(format);
	struct dc_doc *doc = dc_doc_new();
	if (!reader || !doc)
		abort();  /* the target itself is broken */
	struct dc_diag diag;
	dc_diag_init(&diag, "fuzz", NULL);
	struct dc_input in = {.name = "fuzz", .data = (const char *)data,
			      .len = size};
	struct dc_builder b;
	dc_builder_init(&b, doc, doc->root, &diag, in.name);
	enum dc_status st = reader->read(&in, &b, &doc->meta, &diag);
	if (dc_builder_finish(&b) == DC_OK && st == DC_OK &&
	    dc_sectionize(doc, doc->root, &diag) == DC_OK)
		fuzz_write_all(doc, false);
	dc_doc_free(doc);
	return 0;
}
