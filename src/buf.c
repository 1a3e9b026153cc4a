#include "buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

bool dc_buf_reserve(struct dc_buf *buf, size_t more)
{
	if (more >= SIZE_MAX / 2 - buf->len)
		return false;
	size_t need = buf->len + more + 1;  /* room for the NUL */
	if (need <= buf->cap)
		return true;
	size_t cap = buf->cap ? buf->cap : 256;
	while (cap < need)
		cap *= 2;
	char *data = realloc(buf->data, cap);
	if (!data)
		return false;
	buf->data = data;
	buf->cap = cap;
	buf->data[buf->len] = '\0';
	return true;
}

bool dc_grow(void **array, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return true;
	size_t c = *cap ? *cap * 2 : 16;
	if (c < *cap || c > SIZE_MAX / size)
		return false;
	void *more = realloc(*array, c * size);
	if (!more)
		return false;
	*array = more;
	*cap = c;
	return true;
}

void dc_buf_free(struct dc_buf *buf)
{
	free(buf->data);
	*buf = (struct dc_buf){0};
}
