/* Compressing each page's content as soon as the page is full, on a
 * thread of its own.
 *
 * libharu keeps every page's content stream in memory, uncompressed, until
 * the document is saved: about 9 bytes per byte of input text.  Deflating
 * a page when the next one starts, and keeping the result in the spill
 * file (spilled.h), keeps memory near the size of the model.  The deflating
 * is a quarter of a PDF's work, done by a thread beside the typesetter:
 * while a page is deflated the next is set.
 *
 * With libdeflate, not zlib: zlib's compress2() at its default level was
 * a fifth of the time a PDF took.  libdeflate at PDF_DEFLATE_LEVEL makes
 * streams as small in a fraction of the time (the 1 MB benchmark text,
 * 332 pages, when its PDF was 5.25 MB: the same size either way).  Each
 * page is deflated alone, so the bytes do not depend on the threads.
 *
 * The fonts' streams, which libharu would deflate with zlib as it writes
 * the document, are deflated here too, just before (pdf_deflate_streams). */
#ifndef DC_PDF_DEFLATE_H
#define DC_PDF_DEFLATE_H

#include <hpdf.h>

#include "buf.h"
#include "diag.h"

enum { PDF_DEFLATE_LEVEL = 6 };

struct pdf_packer;
struct dc_spill;

/* A packer whose pages go to SPILL (NULL: memory), with its thread. */
enum dc_status pdf_packer_open(struct pdf_packer **out,
			       struct dc_spill *spill, struct dc_diag *diag);

/* Replace PAGE's content stream, empty, by one whose bytes are CONTENT
 * deflated, marked /FlateDecode; the deflating goes on on the packer's
 * thread.  On success CONTENT is taken (left empty); on failure it is
 * the caller's still.  Nothing may be drawn on PAGE afterwards. */
enum dc_status pdf_packer_page(struct pdf_packer *packer, HPDF_Page page,
			       struct dc_buf *content, struct dc_diag *diag);

/* Wait until every page handed over is packed, end the thread and free
 * PACKER (NULL: nothing).  Before the document is saved.  DC_OK, or the
 * failure of a page (reported in DIAG). */
enum dc_status pdf_packer_close(struct pdf_packer *packer,
				struct dc_diag *diag);

/* Append the bytes of STREAM, a libharu memory stream, to OUT, taken
 * from its buffers: HPDF_Stream_Read() copies a byte at a time.  False
 * when out of memory (OUT may then hold part of them). */
bool pdf_stream_append(HPDF_Stream stream, struct dc_buf *out);

/* Deflate the data of each of the N stream dictionaries at DICTS now,
 * with libdeflate at PDF_DEFLATE_LEVEL, and mark them to be written as
 * they are, /FlateDecode: streams libharu would otherwise deflate with
 * zlib when it writes the document.  One already done is left as it is.
 * DC_OK, or the failure (reported in DIAG). */
enum dc_status pdf_deflate_streams(HPDF_Dict *dicts, size_t n,
				   struct dc_diag *diag);

#endif
