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

const char *dc_path_in_input(struct dc_arena *arena, const char *input,
			     const char *path)
{
	const char *slash = input ? strrchr(input, '/') : NULL;
	if (!slash || !path[0] || path[0] == '/' || path[0] == '#' ||
	    dc_path_has_scheme(path))
		return path;
	if (path[0] == '.' && path[1] == '/')
		path += 2;
	size_t dir = (size_t)(slash - input) + 1, len = strlen(path);
	char *out = dc_arena_alloc(arena, dir + len + 1);
	if (!out)
		return NULL;
	memcpy(out, input, dir);
	memcpy(out + dir, path, len + 1);
	return out;
}
