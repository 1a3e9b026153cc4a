/* pdf_glyphs: check that the composite glyphs of TrueType fonts extracted
 * from a PDF (mutool extract) have every component they are built from.
 *
 * A subsetting writer that embeds a composite glyph (Ё, έ, many CJK
 * ideographs) but not the glyphs it references leaves those references
 * pointing at empty glyphs: viewers then draw half a character, or none.
 * For every composite glyph of each FONTFILE, each component must exist
 * and be non-empty: a simple glyph with at least one contour, or itself a
 * composite with at least one component (that one is checked in its own
 * turn, so nesting of any depth is covered without recursion).
 *
 * usage: pdf_glyphs FONTFILE...
 * Each failure is one line on standard output,
 *     FONTFILE: glyph G: component C is empty
 * and the exit status is 1 when there was any (or a file could not be
 * read as a font), 0 when all is well, 64 on a usage error. */
#include <ft2build.h>
#include FT_FREETYPE_H

#include <stdio.h>

enum { S_EXIT_USAGE = 64 };

/* What a glyph is, read without scaling, hinting or resolving composites
 * (FT_LOAD_NO_RECURSE keeps a composite's component list). */
enum glyph_kind { GLYPH_BAD, GLYPH_EMPTY, GLYPH_SIMPLE, GLYPH_COMPOSITE };

static enum glyph_kind S_kind(FT_Face face, FT_UInt gid)
{
	FT_Error err = FT_Load_Glyph(face, gid,
				     FT_LOAD_NO_RECURSE | FT_LOAD_NO_SCALE);
	if (err)
		return GLYPH_BAD;
	FT_GlyphSlot slot = face->glyph;
	if (slot->format == FT_GLYPH_FORMAT_COMPOSITE)
		return slot->num_subglyphs > 0 ? GLYPH_COMPOSITE : GLYPH_EMPTY;
	if (slot->format == FT_GLYPH_FORMAT_OUTLINE)
		return slot->outline.n_contours > 0 ? GLYPH_SIMPLE : GLYPH_EMPTY;
	return GLYPH_BAD;
}

/* The component indices of composite glyph GID, into COMP (at most CAP);
 * returns how many, or -1 if FreeType cannot tell.  They are copied out
 * because loading a component reuses the glyph slot. */
static long S_components(FT_Face face, FT_UInt gid, FT_UInt *comp, long cap)
{
	if (S_kind(face, gid) != GLYPH_COMPOSITE)
		return 0;
	FT_GlyphSlot slot = face->glyph;
	long n = (long)slot->num_subglyphs;
	if (n > cap)
		return -1;
	for (long k = 0; k < n; k++) {
		FT_Int index = 0, arg1 = 0, arg2 = 0;
		FT_UInt flags = 0;
		FT_Matrix transform;
		if (FT_Get_SubGlyph_Info(slot, (FT_UInt)k, &index, &flags,
					 &arg1, &arg2, &transform) != 0 ||
		    index < 0)
			return -1;
		comp[k] = (FT_UInt)index;
	}
	return n;
}

/* Check one composite glyph; returns the number of failures printed. */
static unsigned S_check_glyph(const char *file, FT_Face face, FT_UInt gid)
{
	/* TrueType stores the component count nowhere; FreeType caps it far
	 * below this in practice, and more would be a broken font. */
	FT_UInt comp[1024];
	long n = S_components(face, gid, comp, 1024);
	if (n < 0) {
		printf("%s: glyph %u: cannot read its components\n", file, gid);
		return 1;
	}
	unsigned failures = 0;
	for (long k = 0; k < n; k++) {
		if (comp[k] >= (FT_UInt)face->num_glyphs) {
			printf("%s: glyph %u: component %u does not exist\n",
			       file, gid, comp[k]);
			failures++;
			continue;
		}
		enum glyph_kind kind = S_kind(face, comp[k]);
		if (kind == GLYPH_EMPTY) {
			printf("%s: glyph %u: component %u is empty\n", file,
			       gid, comp[k]);
			failures++;
		} else if (kind == GLYPH_BAD) {
			printf("%s: glyph %u: component %u cannot be loaded\n",
			       file, gid, comp[k]);
			failures++;
		}
	}
	return failures;
}

static unsigned S_check_font(FT_Library lib, const char *file)
{
	FT_Face face;
	FT_Error err = FT_New_Face(lib, file, 0, &face);
	if (err) {
		printf("%s: cannot be read as a font (FreeType error %d)\n",
		       file, err);
		return 1;
	}
	unsigned failures = 0;
	for (FT_Long gid = 0; gid < face->num_glyphs; gid++)
		failures += S_check_glyph(file, face, (FT_UInt)gid);
	FT_Done_Face(face);
	return failures;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: pdf_glyphs FONTFILE...\n");
		return S_EXIT_USAGE;
	}
	FT_Library lib;
	if (FT_Init_FreeType(&lib) != 0) {
		fprintf(stderr, "pdf_glyphs: cannot initialise FreeType\n");
		return 1;
	}
	unsigned failures = 0;
	for (int i = 1; i < argc; i++)
		failures += S_check_font(lib, argv[i]);
	FT_Done_FreeType(lib);
	return failures ? 1 : 0;
}
