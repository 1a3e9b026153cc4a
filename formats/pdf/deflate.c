#include "deflate.h"

#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "spill.h"

/* The Filter entry of a stream libharu writes raw (its own filter is
 * NONE, which makes it drop any Filter key): written with the entries. */
static HPDF_STATUS S_write_filter(HPDF_Dict dict, HPDF_Stream stream)
{
	(void)dict;
	return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

static enum dc_status S_fail(struct dc_diag *diag, const char *what)
{
	return dc_fail(diag, DC_ERR_SOFTWARE, (struct dc_pos){0},
		       "PDF page compression failed: %s", what);
}

/* All the bytes of STREAM, a libharu memory stream, taken from its
 * buffers: HPDF_Stream_Read() copies a byte at a time. */
static bool S_read_all(HPDF_Stream stream, struct dc_buf *out)
{
	HPDF_UINT32 size = HPDF_Stream_Size(stream);
	if (!dc_buf_reserve(out, size))
		return false;
	HPDF_UINT count = HPDF_MemStream_GetBufCount(stream);
	for (HPDF_UINT i = 0; i < count; i++) {
		HPDF_UINT len = 0;
		const HPDF_BYTE *buf = HPDF_MemStream_GetBufPtr(stream, i, &len);
		if (!buf || len > size - out->len)
			return false;
		memcpy(out->data + out->len, buf, len);
		out->len += len;
	}
	return out->len == size;
}

/* IN in the zlib format, as /FlateDecode has it. */
static bool S_deflate(struct libdeflate_compressor *deflater,
		      const struct dc_buf *in, struct dc_buf *out)
{
	size_t bound = libdeflate_zlib_compress_bound(deflater, in->len);
	if (!dc_buf_reserve(out, bound))
		return false;
	out->len = libdeflate_zlib_compress(deflater, in->data, in->len,
					    out->data, bound);
	return out->len > 0;
}

enum dc_status pdf_deflate_page(HPDF_Page page,
				struct libdeflate_compressor *deflater,
				struct pdf_spill *spill, struct dc_diag *diag)
{
	HPDF_PageAttr attr = page->attr;
	HPDF_Dict contents = attr->contents;
	if (!contents || contents->stream != attr->stream ||
	    !(contents->filter & HPDF_STREAM_FILTER_FLATE_DECODE))
		return DC_OK;  /* not the shape this was written for */
	struct dc_buf raw = {0}, packed = {0};
	enum dc_status st = DC_OK;
	HPDF_Stream stream = NULL;
	if (!S_read_all(attr->stream, &raw) ||
	    !S_deflate(deflater, &raw, &packed))
		st = S_fail(diag, "cannot deflate");
	if (st == DC_OK) {
		stream = pdf_spill_stream(spill, contents->mmgr, packed.data,
					  packed.len);
		if (!stream)
			st = S_fail(diag, "cannot store");
	}
	if (st == DC_OK) {
		HPDF_Stream_Free(attr->stream);
		attr->stream = contents->stream = stream;
		contents->filter = HPDF_STREAM_FILTER_NONE;
		contents->write_fn = S_write_filter;
	} else if (stream) {
		HPDF_Stream_Free(stream);
	}
	dc_buf_free(&raw);
	dc_buf_free(&packed);
	return st;
}
