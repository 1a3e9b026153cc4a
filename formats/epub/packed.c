/* Zip entries deflated by docconv, handed to libzip as data that is
 * compressed already, which it copies as it is.
 *
 * Why: libzip deflates with zlib, and at zlib's default level (6) that
 * was 60% of the time an EPUB took.  libdeflate makes the same format
 * faster.  The 10 MB benchmark book (tests/bench), 12.6 MB of XHTML,
 * took 1.8 s to EPUB with zlib at 6, for 3.16 MB; with libdeflate:
 *
 *   level      1       3       4       6
 *   EPUB     3.50    3.32    3.29    3.20 MB
 *   time     0.3     0.32    0.4     0.8 s
 *
 * Level 3 (EPUB_DEFLATE_LEVEL) is 5% larger than zlib at 6 in a sixth of
 * the time: about the 30 MB/s the EPUB writer is held to.  libzip takes
 * data compressed already from a source whose stat gives the compression
 * method, both sizes and the CRC. */
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>

#include "epub.h"

struct S_packed {
	unsigned char *data;  /* the deflated bytes */
	size_t len;           /* of data */
	size_t size;          /* of the bytes before deflating */
	uint32_t crc;         /* of the bytes before deflating */
	size_t at;            /* the next byte read */
	zip_error_t error;
};

static zip_int64_t S_read(struct S_packed *p, void *out, zip_uint64_t want)
{
	size_t n = p->len - p->at;
	if (want < n)
		n = (size_t)want;
	memcpy(out, p->data + p->at, n);
	p->at += n;
	return (zip_int64_t)n;
}

static zip_int64_t S_stat(const struct S_packed *p, zip_stat_t *st)
{
	zip_stat_init(st);
	st->size = p->size;
	st->comp_size = p->len;
	st->crc = p->crc;
	st->comp_method = ZIP_CM_DEFLATE;
	st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_CRC |
		    ZIP_STAT_COMP_METHOD;
	return (zip_int64_t)sizeof *st;
}

static void S_free(struct S_packed *p)
{
	zip_error_fini(&p->error);
	free(p->data);
	free(p);
}

static zip_int64_t S_callback(void *state, void *data, zip_uint64_t len,
			      zip_source_cmd_t cmd)
{
	struct S_packed *p = state;
	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		p->at = 0;
		return 0;
	case ZIP_SOURCE_READ:
		return S_read(p, data, len);
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT:
		return S_stat(p, data);
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&p->error, data, len);
	case ZIP_SOURCE_FREE:
		S_free(p);
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(
			ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
			ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		zip_error_set(&p->error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

struct libdeflate_compressor *epub_deflater(void)
{
	return libdeflate_alloc_compressor(EPUB_DEFLATE_LEVEL);
}

void epub_deflater_free(struct libdeflate_compressor *c)
{
	libdeflate_free_compressor(c);
}

zip_source_t *epub_deflated_source(zip_t *za, struct libdeflate_compressor *c,
				   const void *data, size_t len)
{
	struct S_packed *p = calloc(1, sizeof *p);
	size_t bound = libdeflate_deflate_compress_bound(c, len);
	if (!p || !(p->data = malloc(bound ? bound : 1))) {
		free(p);
		return NULL;
	}
	p->len = libdeflate_deflate_compress(c, data, len, p->data, bound);
	p->size = len;
	p->crc = libdeflate_crc32(0, data, len);
	zip_error_init(&p->error);
	zip_source_t *src = p->len ? zip_source_function(za, S_callback, p)
				   : NULL;
	if (!src)
		S_free(p);
	return src;
}
