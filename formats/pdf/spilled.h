/* Finished pages' content streams, kept in a temporary file until the
 * document is saved.
 *
 * libharu keeps every object of a document in memory until it is saved,
 * and a page's content stream is most of a page: 9 KB deflated, for 3 KB
 * of text.  A page's stream is finished when the next page starts; from
 * then on it waits in an unnamed temporary file, and libharu reads it
 * back from there through a stream of docconv's as it saves.  Where no
 * temporary file can be made or written, the streams stay in memory, as
 * libharu would keep them: the same PDF either way. */
#ifndef DC_PDF_SPILLED_H
#define DC_PDF_SPILLED_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>

#include "spill.h"  /* the file: struct dc_spill */

/* One stream's bytes: where pdf_spill_put() keeps them. */
struct pdf_spilled;

/* A libharu stream for MMGR's document whose bytes pdf_spill_put() gives
 * *SLOT later, before the document is saved.  NULL when out of memory. */
HPDF_Stream pdf_spill_stream(HPDF_MMgr mmgr, struct pdf_spilled **slot);

/* The LEN bytes at DATA as SLOT's: in SPILL's file, or a copy in memory
 * when SPILL is NULL or its file cannot take them.  False when out of
 * memory.  Any thread may put, one at a time, if the document is saved
 * after the last put is known to be done, and before SPILL is closed. */
bool pdf_spill_put(struct dc_spill *spill, struct pdf_spilled *slot,
		   const void *data, size_t len);

#endif
