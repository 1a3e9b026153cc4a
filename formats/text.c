/* Plain-text reader: placeholder until the real one lands. */
#include "format.h"

static enum dc_status S_read(const struct dc_input *in, struct dc_builder *b,
			     struct dc_meta *meta, struct dc_diag *diag)
{
	(void)meta;
	(void)diag;
	return dc_build_text(b, in->data, in->len, 1, 1);
}

static const char *const text_extensions[] = {"txt", "text", NULL};

const struct dc_format dc_format_text = {
	.name = "text",
	.description = "plain text (UTF-8 or UTF-16), see docconv(5)",
	.extensions = text_extensions,
	.read = S_read,
};
