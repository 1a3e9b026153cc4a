#include "path.h"

#include <string.h>

static bool S_alpha(char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

bool dc_path_has_scheme(const char *s)
{
	size_t i = 0;
	if (!S_alpha(s[0]))
		return false;
	while (S_alpha(s[i]) || (s[i] >= '0' && s[i] <= '9') || s[i] == '+' ||
	       s[i] == '-' || s[i] == '.')
		i++;
	return s[i] == ':';
}

/* How many bytes of INPUT's name go in front of PATH: its folder with the
 * final '/'; 0 when PATH stays as it is. */
static size_t S_folder_len(const char *input, const char *path)
{
	const char *slash = input ? strrchr(input, '/') : NULL;
	if (!slash || !path[0] || path[0] == '/' || path[0] == '#' ||
	    dc_path_has_scheme(path))
		return 0;
	return (size_t)(slash - input) + 1;
}

/* PATH without a leading "./", which the folder in front makes useless. */
static const char *S_relative(const char *path)
{
	return path[0] == '.' && path[1] == '/' ? path + 2 : path;
}

bool dc_path_in_input(const char *input, const char *path,
		      struct dc_buf *out)
{
	size_t dir = S_folder_len(input, path);
	out->len = 0;
	if (dir == 0)  /* appending keeps OUT NUL-terminated */
		return dc_buf_append(out, path, strlen(path));
	path = S_relative(path);
	return dc_buf_append(out, input, dir) &&
	       dc_buf_append(out, path, strlen(path));
}

bool dc_node_file(const struct dc_doc *doc, const struct dc_node *node,
		  struct dc_buf *out)
{
	return dc_path_in_input(dc_node_source(doc, node),
				node->as.link.url ? node->as.link.url : "",
				out);
}

bool dc_cover_file(const struct dc_doc *doc, struct dc_buf *out)
{
	const struct dc_meta *m = &doc->meta;
	return dc_path_in_input(m->cover_source, m->cover ? m->cover : "",
				out);
}
