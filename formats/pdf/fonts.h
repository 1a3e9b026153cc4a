/* Fonts for the PDF writer: discovery by family name (fontconfig), faces
 * loaded lazily, metrics (FreeType), and per-character fallback.
 *
 * A face is one font file in one style.  Measuring a character never puts
 * anything into the PDF; a face is embedded (through libharu, as a subset
 * in Unicode) only when something is drawn with it.
 *
 * Only fonts libharu 2.3.0 can embed are ever chosen: TrueType outlines
 * in a .ttf or .ttc file (never CFF, so never an OpenType .otf), with a
 * Unicode BMP cmap.  Faces live until pdf_fonts_close(); the same file is
 * one face however it was reached (own style or fallback).  Everything is
 * deterministic: the same questions give the same faces, whatever the
 * locale (fallback ranks fonts for English, not for $LANG). */
#ifndef DC_PDF_FONTS_H
#define DC_PDF_FONTS_H

#include <hpdf.h>
#include <stdint.h>

#include "deps.h"
#include "diag.h"

enum pdf_family { PDF_BODY = 0, PDF_MONO = 1 };

/* Bits: regular 0, bold 1, italic 2, bold italic 3. */
enum pdf_style { PDF_REGULAR = 0, PDF_BOLD = 1, PDF_ITALIC = 2,
		 PDF_BOLD_ITALIC = 3 };

struct pdf_fonts;
struct pdf_face;

/* Find the body and mono families (NULL: DejaVu Serif, DejaVu Sans
 * Mono) and their styles.  Family names match case-insensitively; the
 * generic names serif, sans-serif, sans, monospace and mono take the
 * family fontconfig gives for them.  A style the family lacks is its
 * nearest style (fontconfig's ranking), never another family's.  An
 * unknown family, or one without TrueType outlines, gives one warning
 * naming it and the default (dc_note: not an error under --strict).
 * Fails only when the default itself is unusable (DC_ERR_SOFTWARE, with
 * a message naming the package to install) or out of memory.  DIAG must
 * outlive the fonts: later warnings and errors go there too. */
enum dc_status pdf_fonts_open(struct pdf_fonts **out, HPDF_Doc pdf,
			      const char *body_family,
			      const char *mono_family, struct dc_diag *diag);
void pdf_fonts_close(struct pdf_fonts *fonts);

/* The face that draws CP in FAMILY and STYLE: the family's own face when
 * it has a glyph for CP, else the first installed TrueType font that has
 * one (fontconfig's coverage; CJK reaches Droid Sans Fallback), else the
 * family's own face -- with one warning per such character for the whole
 * document.  Characters that draw nothing (controls, tab, line feed,
 * no-break space, zero-width and bidi marks, BOM) always get the family's
 * face and no warning; layout should not draw them.  A character beyond
 * U+FFFF, which libharu cannot draw, gets the family's face and one
 * warning saying so.  Each miss is resolved once and remembered, so
 * asking per character is cheap.  NULL only when out of memory (recorded
 * in the diag). */
const struct pdf_face *pdf_fonts_face(struct pdf_fonts *fonts,
				      enum pdf_family family,
				      enum pdf_style style, uint32_t cp);

/* Advance width of CP in FACE, in ems (multiply by the font size):
 * exactly libharu's width for it (whole thousandths of an em), so the
 * layout agrees with the PDF.  A character FACE lacks measures as its
 * .notdef glyph, and one beyond U+FFFF as a space: what will be drawn. */
double pdf_face_advance(const struct pdf_face *face, uint32_t cp);
/* Ascender and descender (negative) of FACE, in ems. */
double pdf_face_ascent(const struct pdf_face *face);
double pdf_face_descent(const struct pdf_face *face);

/* The libharu font for drawing with FACE in UTF-8, loaded and embedded on
 * first use (the caller has called HPDF_UseUTFEncodings); NULL on failure
 * (recorded in the diag given to open).  libharu 2.3.0 draws only the
 * BMP: a character above U+FFFF comes out as a space. */
HPDF_Font pdf_face_font(struct pdf_fonts *fonts,
			const struct pdf_face *face);
struct pdf_tt_glyphs;  /* ttfix.h */

/* The file FACE comes from, and its index in it (0 but in a .ttc). */
const char *pdf_face_path(const struct pdf_face *face, int *index);

/* The glyphs of FACE's font, once pdf_face_font() has loaded it (NULL
 * before): text drawn with it marks its glyphs used here. */
const struct pdf_tt_glyphs *pdf_face_glyphs(const struct pdf_face *face);

/* Before the document is saved, once everything is drawn: mend what
 * libharu 2.3.0 gets wrong in every embedded face (see ttfix.h), in a
 * fixed order. */
enum dc_status pdf_fonts_finish(struct pdf_fonts *fonts);

/* Add to DEPS the file of every face embedded so far (drawn with), in
 * the order first drawn: what --depfile lists for the fonts.  Faces only
 * measured or tried as fallbacks and not drawn leave no trace in the PDF
 * and are left out.  False when out of memory. */
bool pdf_fonts_record(const struct pdf_fonts *fonts, struct dc_deps *deps);

#endif
