/* The format table: --list-formats, -f/-t and extension lookup all come
 * from it. */
#include "format.h"

#include <string.h>
#include <strings.h>

extern const struct dc_format dc_format_ast;
extern const struct dc_format dc_format_commonmark;
extern const struct dc_format dc_format_docbook;
extern const struct dc_format dc_format_epub;
extern const struct dc_format dc_format_html;
extern const struct dc_format dc_format_markdown;
extern const struct dc_format dc_format_pdf;
extern const struct dc_format dc_format_text;

/* Sorted by name. */
const struct dc_format *const dc_formats[] = {
	&dc_format_ast,
	&dc_format_commonmark,
	&dc_format_docbook,
	&dc_format_epub,
	&dc_format_html,
	&dc_format_markdown,
	&dc_format_pdf,
	&dc_format_text,
	NULL,
};

const struct dc_format *dc_format_by_name(const char *name)
{
	for (size_t i = 0; dc_formats[i]; i++)
		if (strcasecmp(dc_formats[i]->name, name) == 0)
			return dc_formats[i];
	return NULL;
}

static const char *S_extension(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	const char *dot = strrchr(base, '.');
	return dot && dot != base ? dot + 1 : NULL;
}

const struct dc_format *dc_format_by_path(const char *path, bool want_read)
{
	const char *ext = S_extension(path);
	if (!ext)
		return NULL;
	for (size_t i = 0; dc_formats[i]; i++) {
		const struct dc_format *f = dc_formats[i];
		if (want_read ? !f->read : !f->write)
			continue;
		for (size_t j = 0; f->extensions && f->extensions[j]; j++)
			if (strcasecmp(f->extensions[j], ext) == 0)
				return f;
	}
	return NULL;
}

void dc_format_extensions(const struct dc_format *f, char *out, size_t size)
{
	size_t used = 0;
	out[0] = '\0';
	for (size_t j = 0; f->extensions && f->extensions[j]; j++) {
		int n = snprintf(out + used, size - used, "%s.%s",
				 j ? ", " : "", f->extensions[j]);
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
	}
}
