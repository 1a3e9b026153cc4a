#include "deflate.h"

#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <libdeflate.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "spilled.h"

/* The packer's thread deflates one page at a time: the typesetter hands
 * over the next and goes on; it waits only when the thread has not yet
 * finished the one before. */
struct pdf_packer {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	/* Under the lock: */
	struct dc_buf raw;          /* the page handed over, not yet packed */
	struct pdf_spilled *slot;   /* where it goes; NULL: no page waits */
	bool closing;
	bool failed;
	/* The thread's own: */
	struct libdeflate_compressor *deflater;
	struct dc_buf packed;
	struct dc_spill *spill;
};

static enum dc_status S_fail(struct dc_diag *diag, const char *what)
{
	return dc_fail(diag, DC_ERR_SOFTWARE, (struct dc_pos){0},
		       "PDF compression failed: %s", what);
}

/* The Filter entry of a stream libharu writes raw (its own filter is
 * NONE, which makes it drop any Filter key): written with the entries. */
static HPDF_STATUS S_write_filter(HPDF_Dict dict, HPDF_Stream stream)
{
	(void)dict;
	return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

bool pdf_stream_append(HPDF_Stream stream, struct dc_buf *out)
{
	HPDF_UINT32 size = HPDF_Stream_Size(stream);
	if (!dc_buf_reserve(out, size))
		return false;
	size_t end = out->len + size;
	HPDF_UINT count = HPDF_MemStream_GetBufCount(stream);
	for (HPDF_UINT i = 0; i < count; i++) {
		HPDF_UINT len = 0;
		const HPDF_BYTE *buf = HPDF_MemStream_GetBufPtr(stream, i, &len);
		if (!buf || len > end - out->len)
			return false;
		memcpy(out->data + out->len, buf, len);
		out->len += len;
	}
	return out->len == end;
}

/* RAW deflated by C (zlib format, as /FlateDecode has it) into PACKED. */
static bool S_compress(struct libdeflate_compressor *c,
		       const struct dc_buf *raw, struct dc_buf *packed)
{
	size_t bound = libdeflate_zlib_compress_bound(c, raw->len);
	if (!dc_buf_reserve(packed, bound))
		return false;
	packed->len = libdeflate_zlib_compress(c, raw->data, raw->len,
					       packed->data, bound);
	return packed->len > 0;
}

/* DICT's stream is to be written as it is, marked /FlateDecode. */
static void S_mark_deflated(HPDF_Dict dict)
{
	dict->filter = HPDF_STREAM_FILTER_NONE;
	dict->write_fn = S_write_filter;
}

/* RAW deflated into SLOT. */
static bool S_pack(struct pdf_packer *k, const struct dc_buf *raw,
		   struct pdf_spilled *slot)
{
	return S_compress(k->deflater, raw, &k->packed) &&
	       pdf_spill_put(k->spill, slot, k->packed.data, k->packed.len);
}

static void *S_loop(void *arg)
{
	struct pdf_packer *k = arg;
	pthread_mutex_lock(&k->lock);
	for (;;) {
		while (!k->slot && !k->closing)
			pthread_cond_wait(&k->changed, &k->lock);
		if (!k->slot)
			break;
		struct dc_buf raw = k->raw;
		struct pdf_spilled *slot = k->slot;
		pthread_mutex_unlock(&k->lock);
		bool ok = S_pack(k, &raw, slot);
		dc_buf_free(&raw);
		pthread_mutex_lock(&k->lock);
		k->raw = (struct dc_buf){0};
		k->slot = NULL;
		k->failed |= !ok;
		pthread_cond_broadcast(&k->changed);
	}
	pthread_mutex_unlock(&k->lock);
	return NULL;
}

enum dc_status pdf_packer_open(struct pdf_packer **out,
			       struct dc_spill *spill, struct dc_diag *diag)
{
	struct pdf_packer *k = calloc(1, sizeof *k);
	*out = NULL;
	if (!k)
		return dc_fail_oom(diag);
	k->spill = spill;
	k->deflater = libdeflate_alloc_compressor(PDF_DEFLATE_LEVEL);
	if (!k->deflater) {
		free(k);
		return dc_fail_oom(diag);
	}
	bool locks = pthread_mutex_init(&k->lock, NULL) == 0;
	bool cond = locks && pthread_cond_init(&k->changed, NULL) == 0;
	if (cond && pthread_create(&k->thread, NULL, S_loop, k) == 0) {
		*out = k;
		return DC_OK;
	}
	if (cond)
		pthread_cond_destroy(&k->changed);
	if (locks)
		pthread_mutex_destroy(&k->lock);
	libdeflate_free_compressor(k->deflater);
	free(k);
	return S_fail(diag, "cannot start a thread");
}

/* Hand RAW over for SLOT once the thread is free.  False if a page
 * before failed. */
static bool S_hand_over(struct pdf_packer *k, struct dc_buf *raw,
			struct pdf_spilled *slot)
{
	pthread_mutex_lock(&k->lock);
	while (k->slot)
		pthread_cond_wait(&k->changed, &k->lock);
	bool ok = !k->failed;
	if (ok) {
		k->raw = *raw;
		k->slot = slot;
		*raw = (struct dc_buf){0};
		pthread_cond_broadcast(&k->changed);
	}
	pthread_mutex_unlock(&k->lock);
	return ok;
}

enum dc_status pdf_packer_page(struct pdf_packer *k, HPDF_Page page,
			       struct dc_buf *content, struct dc_diag *diag)
{
	HPDF_PageAttr attr = page->attr;
	HPDF_Dict contents = attr->contents;
	if (!contents || contents->stream != attr->stream ||
	    attr->stream->size != 0 ||
	    !(contents->filter & HPDF_STREAM_FILTER_FLATE_DECODE))
		return S_fail(diag, "the page's content is not where "
			      "libharu 2.3.0 keeps it");
	struct pdf_spilled *slot = NULL;
	HPDF_Stream stream = pdf_spill_stream(contents->mmgr, &slot);
	if (!stream)
		return S_fail(diag, "cannot take the page's content");
	HPDF_Stream_Free(attr->stream);
	attr->stream = contents->stream = stream;
	S_mark_deflated(contents);
	if (!S_hand_over(k, content, slot))
		return S_fail(diag, "cannot deflate a page");
	return DC_OK;
}

enum dc_status pdf_packer_close(struct pdf_packer *k, struct dc_diag *diag)
{
	if (!k)
		return DC_OK;
	pthread_mutex_lock(&k->lock);
	k->closing = true;
	pthread_cond_broadcast(&k->changed);
	pthread_mutex_unlock(&k->lock);
	pthread_join(k->thread, NULL);
	bool failed = k->failed;
	pthread_cond_destroy(&k->changed);
	pthread_mutex_destroy(&k->lock);
	libdeflate_free_compressor(k->deflater);
	dc_buf_free(&k->packed);
	free(k);
	return failed ? S_fail(diag, "cannot deflate a page") : DC_OK;
}

/* DICT's data deflated by C, in place, with RAW and PACKED to work in. */
static bool S_deflate_dict(struct libdeflate_compressor *c, HPDF_Dict dict,
			   struct dc_buf *raw, struct dc_buf *packed)
{
	if (dict->write_fn == S_write_filter)
		return true;  /* done: the dictionary of two fonts */
	if (!dict->stream || dict->stream->type != HPDF_STREAM_MEMORY)
		return false;
	raw->len = 0;
	if (!pdf_stream_append(dict->stream, raw) ||
	    !S_compress(c, raw, packed))
		return false;
	HPDF_MemStream_FreeData(dict->stream);
	if (HPDF_Stream_Write(dict->stream, (const HPDF_BYTE *)packed->data,
			      (HPDF_UINT)packed->len) != HPDF_OK)
		return false;
	S_mark_deflated(dict);
	return true;
}

enum dc_status pdf_deflate_streams(HPDF_Dict *dicts, size_t n,
				   struct dc_diag *diag)
{
	struct libdeflate_compressor *c =
		libdeflate_alloc_compressor(PDF_DEFLATE_LEVEL);
	if (!c)
		return dc_fail_oom(diag);
	struct dc_buf raw = {0}, packed = {0};
	bool ok = true;
	for (size_t i = 0; ok && i < n; i++)
		ok = S_deflate_dict(c, dicts[i], &raw, &packed);
	dc_buf_free(&raw);
	dc_buf_free(&packed);
	libdeflate_free_compressor(c);
	return ok ? DC_OK : S_fail(diag, "cannot deflate a font");
}
