/* Mending libharu 2.3.0's embedded TrueType fonts from outside, before
 * the document is saved:
 *
 *  - its subsetter keeps only the glyphs drawn, not the components of a
 *    composite glyph, so accented letters built from parts (Ё, έ, ǖ, ḗ,
 *    ắ in DejaVu Serif) and many ideographs (近, 谈 in Droid Sans
 *    Fallback) come out broken: close the set of used glyphs over their
 *    components, transitively;
 *  - its ToUnicode CMap is malformed (poppler: "Invalid 'begincidrange'
 *    operator in ToUnicode CMap"): replace it with a correct one that maps
 *    every glyph code used to its Unicode text;
 *  - its CIDFont names the character collection Adobe-Identity-H, which
 *    does not exist (poppler: "Unknown character collection" whenever it
 *    falls back on it): make it Adobe-Identity-0. */
#ifndef DC_PDF_TTFIX_H
#define DC_PDF_TTFIX_H

#include <hpdf.h>
#include <stdint.h>

#include "diag.h"

/* What drawing text in a font takes of libharu's font, for text drawn
 * by docconv rather than by HPDF_Page_ShowText(), which measures the
 * text again and asks the font's cmap twice for each character. */
struct pdf_tt_glyphs {
	uint16_t *gid;        /* [code]: the glyph libharu maps it to */
	size_t n_codes;       /* codes past these have glyph 0 */
	HPDF_BYTE *used;      /* libharu's [glyph] = 1: to be embedded */
	uint32_t n_glyphs;
};

/* HPDF_GetFont(PDF, NAME, "UTF-8") for the TrueType font NAME, loaded:
 * made without libharu's search of the cmap for every code, its
 * CIDToGIDMap and widths left for pdf_ttfix_glyphs() to make. */
HPDF_Font pdf_ttfix_get_font(HPDF_Doc pdf, const char *name);

/* Make FONT's CIDToGIDMap and widths (/W) from its cmap, and OUT for
 * FONT (as for pdf_ttfix_font), with GID malloc'd: free() it.  The
 * glyphs are the ones the CIDToGIDMap holds, so a code drawn marks the
 * glyph the PDF shows for it. */

enum dc_status pdf_ttfix_glyphs(HPDF_Doc pdf, HPDF_Font font,
				const char *path, struct pdf_tt_glyphs *out,
				struct dc_diag *diag);

/* Mend FONT, a TrueType font loaded by HPDF_LoadTTFontFromFile() and got
 * with the "UTF-8" encoder, once everything has been drawn with it and
 * before HPDF_SaveToStream()/HPDF_SaveToFile().  PATH is its font file
 * (FreeType reads the composite structure from it); GLYPHS is what
 * pdf_ttfix_glyphs() gave for it.
 *
 * Call it before the subset is cut (pdf_ttfix_cut, or else the first
 * save), once, and a later call fails.  Calling it twice before that is
 * harmless.  The
 * CMap maps every code whose glyph is used (libharu keeps no list of the
 * codes drawn); a character drawn without a glyph in FONT (it shows
 * .notdef) gets no entry, and characters above U+FFFF cannot be drawn at
 * all: libharu's UTF-8 encoder turns them into U+0020.  Fails with
 * DC_ERR_SOFTWARE (message in DIAG) for a font of another kind, a PATH
 * that is not the file libharu loaded, or out of memory. */
enum dc_status pdf_ttfix_font(HPDF_Doc pdf, HPDF_Font font, const char *path,
			      const struct pdf_tt_glyphs *glyphs,
			      struct dc_diag *diag);

/* The streams of a font libharu deflates, with zlib, when it writes the
 * document: its font program, CIDToGIDMap and ToUnicode CMap. */
enum { PDF_TTFIX_STREAMS = 3 };

/* Cut FONT's font program now, as libharu does at the first save, once
 * nothing more is drawn with any font and every font has been mended
 * (pdf_ttfix_font): a glyph drawn after is left out.  Put its streams
 * in STREAMS.  libharu will write them as they are: they are to be
 * deflated (deflate.h).  The count of streams (PDF_TTFIX_STREAMS), or 0
 * when libharu fails. */
size_t pdf_ttfix_cut(HPDF_Font font,
		     HPDF_Dict streams[PDF_TTFIX_STREAMS]);

#endif
