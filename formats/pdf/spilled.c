#include "spilled.h"

#include <errno.h>
#include <hpdf_streams.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* One stream's bytes, in the spill file or in memory, and how far they
 * are read. */
struct pdf_spilled {
	const struct dc_spill *file;  /* or NULL: in DATA */
	off_t at;
	char *data;                   /* or NULL: in FILE */
	HPDF_UINT len, pos;
};

static HPDF_STATUS S_read(HPDF_Stream stream, HPDF_BYTE *buf,
			  HPDF_UINT *size)
{
	struct pdf_spilled *s = stream->attr;
	HPDF_UINT want = *size < s->len - s->pos ? *size : s->len - s->pos;
	if (s->data)
		memcpy(buf, s->data + s->pos, want);
	else if (want > 0 && !dc_spill_read(s->file, s->at + s->pos, buf, want))
		return HPDF_SetError(stream->error, HPDF_FILE_IO_ERROR,
				     (HPDF_STATUS)errno);
	s->pos += want;
	*size = want;
	return s->pos < s->len ? HPDF_OK : HPDF_STREAM_EOF;
}

static HPDF_STATUS S_seek(HPDF_Stream stream, HPDF_INT pos,
			  HPDF_WhenceMode mode)
{
	struct pdf_spilled *s = stream->attr;
	long long to = mode == HPDF_SEEK_SET   ? pos
		       : mode == HPDF_SEEK_CUR ? (long long)s->pos + pos
					       : (long long)s->len + pos;
	if (to < 0 || to > s->len)
		return HPDF_SetError(stream->error, HPDF_STREAM_EOF, 0);
	s->pos = (HPDF_UINT)to;
	return HPDF_OK;
}

static HPDF_INT32 S_tell(HPDF_Stream stream)
{
	return (HPDF_INT32)((struct pdf_spilled *)stream->attr)->pos;
}

static HPDF_UINT32 S_size(HPDF_Stream stream)
{
	return ((struct pdf_spilled *)stream->attr)->len;
}

static void S_free(HPDF_Stream stream)
{
	struct pdf_spilled *s = stream->attr;
	free(s->data);
	HPDF_FreeMem(stream->mmgr, s);
	stream->attr = NULL;
}

HPDF_Stream pdf_spill_stream(HPDF_MMgr mmgr, struct pdf_spilled **slot)
{
	struct pdf_spilled *s = HPDF_GetMem(mmgr, sizeof *s);
	if (!s)
		return NULL;
	*s = (struct pdf_spilled){0};
	HPDF_Stream stream = HPDF_CallbackReader_New(mmgr, S_read, S_seek,
						     S_tell, S_size, s);
	if (!stream) {
		HPDF_FreeMem(mmgr, s);
		return NULL;
	}
	stream->free_fn = S_free;
	*slot = s;
	return stream;
}

bool pdf_spill_put(struct dc_spill *spill, struct pdf_spilled *slot,
		   const void *data, size_t len)
{
	off_t at = len > 0 ? dc_spill_append(spill, data, len) : -1;
	if (at >= 0) {
		*slot = (struct pdf_spilled){.file = spill, .at = at,
					     .len = (HPDF_UINT)len};
		return true;
	}
	char *copy = malloc(len ? len : 1);
	if (!copy)
		return false;
	if (len)
		memcpy(copy, data, len);
	*slot = (struct pdf_spilled){.data = copy,
				     .len = (HPDF_UINT)len};
	return true;
}
