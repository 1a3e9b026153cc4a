/* A growable byte buffer (malloc'd), NUL-terminated once allocated. */
#ifndef DC_BUF_H
#define DC_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct dc_buf {
	char *data;
	size_t len, cap;
};

/* Each returns false when out of memory (the buffer is unchanged). */
bool dc_buf_reserve(struct dc_buf *buf, size_t more);
bool dc_buf_append(struct dc_buf *buf, const void *data, size_t len);
bool dc_buf_putc(struct dc_buf *buf, char c);
void dc_buf_free(struct dc_buf *buf);

#endif
