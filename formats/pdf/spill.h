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
#ifndef DC_PDF_SPILL_H
#define DC_PDF_SPILL_H

#include <hpdf.h>
#include <stddef.h>

struct pdf_spill;

/* A spill file in $TMPDIR (or /tmp) that has no name there, so that
 * nothing is left behind however the run ends.  NULL when none can be
 * made (or no memory): then pdf_spill_stream() keeps bytes in memory. */
struct pdf_spill *pdf_spill_open(void);
/* After the document that read from SPILL is freed. */
void pdf_spill_close(struct pdf_spill *spill);

/* A libharu stream of the LEN bytes at DATA, to be read as MMGR's
 * document is saved: from SPILL's file, or from memory when SPILL is NULL
 * or its file cannot take them.  NULL when out of memory. */
HPDF_Stream pdf_spill_stream(struct pdf_spill *spill, HPDF_MMgr mmgr,
			     const void *data, size_t len);

#endif
