#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "format.h"

void fuzz_write_all(const struct dc_doc *doc, bool with_pdf)
{
	struct dc_options opts;
	dc_options_init(&opts);
	for (size_t i = 0; dc_formats[i]; i++) {
		if (!dc_formats[i]->write ||
		    (!with_pdf && strcmp(dc_formats[i]->name, "pdf") == 0))
			continue;
		struct dc_diag diag;
		dc_diag_init(&diag, "fuzz", NULL);  /* no stream: quiet */
		struct dc_sink sink;
		dc_sink_open_memory(&sink);
		(void)dc_convert_write(&opts, dc_formats[i], doc, &sink, &diag);
		dc_sink_abort(&sink);  /* the bytes, dropped */
	}
	dc_options_free(&opts);
}

/* As the program and the library build a document of one input in
 * memory (src/convert.c), with FORMAT's reader. */
int fuzz_read_then_write(const char *format, const uint8_t *data,
			 size_t size)
{
	struct dc_options opts;
	struct dc_diag diag;
	struct dc_doc *doc = dc_doc_new();
	dc_options_init(&opts);
	dc_diag_init(&diag, "fuzz", NULL);
	if (!doc || dc_option_set(&opts, "from", format, &diag) != DC_OK)
		abort();  /* the target itself is broken */
	struct dc_source src = {.data = (const char *)data, .len = size,
				.name = "fuzz"};
	if (dc_convert_build(&opts, &src, 1, doc, &diag) == DC_OK)
		fuzz_write_all(doc, false);
	dc_doc_free(doc);
	dc_options_free(&opts);
	return 0;
}
