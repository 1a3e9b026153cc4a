/* What libzip builds the zip in, before docconv copies it to the output.
 *
 * libzip writes an archive to a source that it can seek in: it goes back
 * to each entry's local header once the entry is written.  Its buffer
 * source keeps the archive in memory, as large again as the deflated
 * files it is made of (33 MB for 100 MB of text).  This source keeps it
 * in a spill file (src/spill.h) instead, and in memory where none can be
 * made; when the file stops taking bytes (a full disk, a file size
 * limit), what it holds is read back into memory and the archive goes
 * on there.  The zip is the same either way. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "epub.h"

struct S_archive {
	struct dc_spill *file;  /* or NULL: in MEM */
	struct dc_buf mem;      /* in memory: LEN is SIZE */
	zip_uint64_t size;      /* bytes written */
	zip_uint64_t at;        /* where the next write goes */
	zip_uint64_t read_at;   /* where the next read comes from */
	zip_error_t error;
};

/* Room in MEM for SIZE bytes. */
static bool S_reserve(struct S_archive *a, zip_uint64_t size)
{
	return size <= a->mem.len ||
	       (size <= SIZE_MAX &&
		dc_buf_reserve(&a->mem, (size_t)size - a->mem.len));
}

/* The file's bytes into memory, and the file given up. */
static bool S_to_memory(struct S_archive *a)
{
	if (!S_reserve(a, a->size)) {
		zip_error_set(&a->error, ZIP_ER_MEMORY, 0);
		return false;
	}
	if (a->size > 0 && !dc_spill_read(a->file, 0, a->mem.data, a->size)) {
		zip_error_set(&a->error, ZIP_ER_READ, errno);
		return false;
	}
	a->mem.len = (size_t)a->size;
	dc_spill_close(a->file);
	a->file = NULL;
	return true;
}

static zip_int64_t S_write(struct S_archive *a, const void *data,
			   zip_uint64_t len)
{
	if (len == 0)
		return 0;
	if (a->file && !dc_spill_write(a->file, (off_t)a->at, data, len) &&
	    !S_to_memory(a))
		return -1;
	if (!a->file) {
		if (!S_reserve(a, a->at + len)) {
			zip_error_set(&a->error, ZIP_ER_MEMORY, 0);
			return -1;
		}
		memcpy(a->mem.data + a->at, data, len);
		if (a->at + len > a->mem.len)
			a->mem.len = (size_t)(a->at + len);
	}
	a->at += len;
	if (a->at > a->size)
		a->size = a->at;
	return (zip_int64_t)len;
}

static zip_int64_t S_read(struct S_archive *a, void *out, zip_uint64_t want)
{
	zip_uint64_t n = a->read_at < a->size ? a->size - a->read_at : 0;
	if (want < n)
		n = want;
	if (n == 0)
		return 0;
	if (!a->file) {
		memcpy(out, a->mem.data + a->read_at, n);
	} else if (!dc_spill_read(a->file, (off_t)a->read_at, out, n)) {
		zip_error_set(&a->error, ZIP_ER_READ, errno);
		return -1;
	}
	a->read_at += n;
	return (zip_int64_t)n;
}

/* *AT moved as the seek arguments in DATA say. */
static zip_int64_t S_seek(struct S_archive *a, zip_uint64_t *at,
			  void *data, zip_uint64_t len)
{
	zip_int64_t to = zip_source_seek_compute_offset(*at, a->size, data,
							len, &a->error);
	if (to < 0)
		return -1;
	*at = (zip_uint64_t)to;
	return 0;
}

static zip_int64_t S_stat(const struct S_archive *a, zip_stat_t *st)
{
	zip_stat_init(st);
	st->size = a->size;
	st->valid = ZIP_STAT_SIZE;
	return (zip_int64_t)sizeof *st;
}

static void S_free(struct S_archive *a)
{
	dc_spill_close(a->file);
	dc_buf_free(&a->mem);
	zip_error_fini(&a->error);
	free(a);
}

static zip_int64_t S_callback(void *state, void *data, zip_uint64_t len,
			      zip_source_cmd_t cmd)
{
	struct S_archive *a = state;
	switch (cmd) {
	case ZIP_SOURCE_BEGIN_WRITE:
	case ZIP_SOURCE_ROLLBACK_WRITE:
	case ZIP_SOURCE_REMOVE:
		/* The archive is always made anew (ZIP_TRUNCATE): there is
		 * no earlier one to keep or to go back to. */
		a->size = a->at = a->read_at = 0;
		a->mem.len = 0;
		return 0;
	case ZIP_SOURCE_WRITE:
		return S_write(a, data, len);
	case ZIP_SOURCE_SEEK_WRITE:
		return S_seek(a, &a->at, data, len);
	case ZIP_SOURCE_TELL_WRITE:
		return (zip_int64_t)a->at;
	case ZIP_SOURCE_OPEN:
		a->read_at = 0;
		return 0;
	case ZIP_SOURCE_READ:
		return S_read(a, data, len);
	case ZIP_SOURCE_SEEK:
		return S_seek(a, &a->read_at, data, len);
	case ZIP_SOURCE_TELL:
		return (zip_int64_t)a->read_at;
	case ZIP_SOURCE_COMMIT_WRITE:
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT:
		return S_stat(a, data);
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&a->error, data, len);
	case ZIP_SOURCE_FREE:
		S_free(a);
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(
			ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
			ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
			ZIP_SOURCE_SEEK, ZIP_SOURCE_TELL, ZIP_SOURCE_SUPPORTS,
			ZIP_SOURCE_BEGIN_WRITE, ZIP_SOURCE_WRITE,
			ZIP_SOURCE_COMMIT_WRITE, ZIP_SOURCE_ROLLBACK_WRITE,
			ZIP_SOURCE_SEEK_WRITE, ZIP_SOURCE_TELL_WRITE,
			ZIP_SOURCE_REMOVE, -1);
	default:
		zip_error_set(&a->error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

zip_source_t *epub_archive_source(zip_error_t *error)
{
	struct S_archive *a = calloc(1, sizeof *a);
	if (!a) {
		zip_error_set(error, ZIP_ER_MEMORY, 0);
		return NULL;
	}
	zip_error_init(&a->error);
	a->file = dc_spill_open();  /* NULL: in memory */
	zip_source_t *src = zip_source_function_create(S_callback, a, error);
	if (!src)
		S_free(a);
	return src;
}
