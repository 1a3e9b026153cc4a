/* libFuzzer target: every reader, then every writer, on arbitrary bytes.
 * The first byte picks the reader; the rest is the input.  Build with
 * clang and -DDOCCONV_FUZZ=ON; run build/tests/fuzz_read CORPUS_DIR. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "format.h"
#include "sectionize.h"

static size_t S_count_readers(void)
{
	size_t n = 0;
	for (size_t i = 0; dc_formats[i]; i++)
		n += dc_formats[i]->read != NULL;
	return n;
}

static const struct dc_format *S_reader(size_t pick)
{
	for (size_t i = 0; dc_formats[i]; i++)
		if (dc_formats[i]->read && pick-- == 0)
			return dc_formats[i];
	return NULL;
}

static void S_write_all(const struct dc_doc *doc, struct dc_diag *diag)
{
	struct dc_options opts = {.action = DC_RUN};
	for (size_t i = 0; dc_formats[i]; i++) {
		if (!dc_formats[i]->write)
			continue;
		struct dc_sink sink;
		dc_sink_open_memory(&sink);
		if (dc_formats[i]->write(doc, &sink, &opts, diag) == DC_OK)
			dc_sink_commit(&sink, diag);
		dc_sink_abort(&sink);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const struct dc_format *reader = S_reader(data[0] % S_count_readers());
	struct dc_diag diag;
	dc_diag_init(&diag, "fuzz", NULL);  /* no stream: stay quiet */
	struct dc_doc *doc = dc_doc_new();
	if (!doc || !reader)
		return 0;
	struct dc_input in = {.name = "fuzz", .data = (const char *)data + 1,
			      .len = size - 1};
	struct dc_builder b;
	dc_builder_init(&b, doc, doc->root, &diag, in.name);
	enum dc_status st = reader->read(&in, &b, &doc->meta, &diag);
	if (dc_builder_finish(&b) == DC_OK && st == DC_OK &&
	    dc_sectionize(doc, doc->root, &diag) == DC_OK)
		S_write_all(doc, &diag);
	dc_doc_free(doc);
	return 0;
}
