/* A growable byte buffer (malloc'd), NUL-terminated once allocated; and
 * the growth of any malloc'd array. */
#ifndef DC_BUF_H
#define DC_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

struct dc_buf {
	char *data;
	size_t len, cap;
};

/* Each returns false when out of memory (the buffer is unchanged). */
bool dc_buf_reserve(struct dc_buf *buf, size_t more);
void dc_buf_free(struct dc_buf *buf);

/* Inline: the typesetter appends a character at a time, and a call for
 * each was 2% of a PDF's instructions. */
static inline bool dc_buf_append(struct dc_buf *buf, const void *data,
				 size_t len)
{
	/* Room for LEN bytes and the NUL, or the buffer grows. */
	if (len >= buf->cap - buf->len && !dc_buf_reserve(buf, len))
		return false;
	if (len)
		memcpy(buf->data + buf->len, data, len);
	buf->len += len;
	buf->data[buf->len] = '\0';
	return true;
}

static inline bool dc_buf_putc(struct dc_buf *buf, char c)
{
	return dc_buf_append(buf, &c, 1);
}

/* Room in the array *ARRAY, of *CAP elements of SIZE bytes, for one at
 * index N: the capacity doubles (16 at first) when N has reached it.
 * False when out of memory or too large (the array is unchanged). */
bool dc_grow(void **array, size_t *cap, size_t n, size_t size);

#endif
