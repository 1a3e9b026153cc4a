/* Fonts for the PDF writer: discovery (fontconfig), metrics (FreeType),
 * per-character fallback, and loading into libharu.  See fonts.h.
 *
 * Only fonts that libharu 2.3.0 can embed are ever chosen: TrueType
 * outlines ('glyf'), in a .ttf or .ttc file, with the tables its loader
 * insists on and a Microsoft Unicode BMP cmap (platform 3, encoding 1,
 * format 4), which is the one cmap libharu reads.  FreeType is set to read
 * that same cmap, so "this face has a glyph" means exactly what libharu
 * will draw, and widths are libharu's own (whole thousandths of an em,
 * truncated), so what layout measures is what the PDF's /W array says. */
#include "fonts.h"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H
#include FT_TRUETYPE_IDS_H
#include FT_TRUETYPE_TABLES_H
#include FT_TRUETYPE_TAGS_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "deflate.h"
#include "ttfix.h"

#define S_NFAMILIES 2
#define S_NSTYLES 4
#define S_ASCII 128

static const char *const S_default_family[S_NFAMILIES] = {
	[PDF_BODY] = "DejaVu Serif",
	[PDF_MONO] = "DejaVu Sans Mono",
};

/* fontconfig's generic names: they name no family but are resolved by
 * its configuration (serif -> DejaVu Serif, ...), so they are honoured
 * rather than reported as unknown. */
static const char *const S_generic_family[] = {
	"serif", "sans-serif", "sans", "monospace", "mono",
};

/* ---- A map from code point to a 32-bit value ------------------------- */

/* Open addressing with linear probing: layout asks about every character
 * of a document, so lookups must be cheap and allocation rare. */
struct S_slot {
	uint32_t key;    /* code point + 1; 0 marks an empty slot */
	uint32_t value;
};

struct S_map {
	struct S_slot *slots;
	size_t cap;      /* a power of two, or 0 */
	size_t count;
};

static size_t S_hash(uint32_t key, size_t cap)
{
	key *= 0x9E3779B1u;  /* Fibonacci hashing: neighbours spread out */
	return (size_t)(key ^ (key >> 15)) & (cap - 1);
}

/* The slot holding CP, or the empty slot where it would go. */
static struct S_slot *S_map_probe(const struct S_map *map, uint32_t cp)
{
	size_t i = S_hash(cp + 1, map->cap);
	while (map->slots[i].key && map->slots[i].key != cp + 1)
		i = (i + 1) & (map->cap - 1);
	return &map->slots[i];
}

static const struct S_slot *S_map_find(const struct S_map *map, uint32_t cp)
{
	if (!map->cap)
		return NULL;
	const struct S_slot *slot = S_map_probe(map, cp);
	return slot->key ? slot : NULL;
}

static bool S_map_grow(struct S_map *map)
{
	size_t cap = map->cap ? map->cap * 2 : 64;
	struct S_slot *slots = calloc(cap, sizeof *slots);
	if (!slots)
		return false;
	struct S_map bigger = {.slots = slots, .cap = cap, .count = map->count};
	for (size_t i = 0; i < map->cap; i++)
		if (map->slots[i].key)
			*S_map_probe(&bigger, map->slots[i].key - 1) =
				map->slots[i];
	free(map->slots);
	*map = bigger;
	return true;
}

/* Set CP to VALUE; false when out of memory. */
static bool S_map_put(struct S_map *map, uint32_t cp, uint32_t value)
{
	if ((map->count + 1) * 4 > map->cap * 3 && !S_map_grow(map))
		return false;
	struct S_slot *slot = S_map_probe(map, cp);
	if (!slot->key)
		map->count++;
	*slot = (struct S_slot){.key = cp + 1, .value = value};
	return true;
}

static void S_map_free(struct S_map *map)
{
	free(map->slots);
	*map = (struct S_map){0};
}

/* ---- Faces ------------------------------------------------------------ */

/* What is known of one code point in a face, packed in 32 bits because
 * both halves are 16-bit quantities in libharu: the glyph id (0: none)
 * and the advance in thousandths of an em. */
#define S_GID(info) ((info) & 0xFFFFu)
#define S_MILLI(info) ((info) >> 16)

struct pdf_face {
	char *path;
	int index;                 /* face index in a .ttc, else 0 */
	size_t id;                 /* position in pdf_fonts.faces */
	FT_Face ft;                /* NULL: the file is not usable */
	double ascent, descent;    /* in ems */
	uint32_t ascii[S_ASCII];   /* glyph info of U+0000..U+007F */
	struct S_map glyphs;       /* glyph info of the others asked about */
	HPDF_Font font;            /* NULL until drawn with */
	struct pdf_tt_glyphs tt;   /* the font's glyphs, when it is loaded */
};

/* One style of one family: its own face and how it falls back. */
struct S_style {
	struct pdf_face *face;
	FcFontSet *sorted;         /* fontconfig's order for the style */
	FcPattern **candidates;    /* usable fonts of it, each adding coverage */
	size_t ncandidates;
	bool built;                /* candidates built (on the first miss) */
	struct S_map fallback;     /* cp -> face id + 1, or 0: the own face */
};

struct S_family {
	char *name;                /* the family in use */
	struct S_style styles[S_NSTYLES];
};

struct pdf_fonts {
	HPDF_Doc pdf;
	struct dc_diag *diag;
	FcConfig *config;          /* ours, not fontconfig's global one */
	FT_Library ft;
	struct pdf_face **faces;   /* every font file tried, in order of use */
	size_t nfaces, capfaces;
	struct S_family families[S_NFAMILIES];
	struct S_map warned;       /* code points no font has, warned about */
};

/* libharu reads these tables and refuses a font that lacks one. */
static bool S_has_tables(FT_Face ft)
{
	static const FT_ULong tags[] = {
		TTAG_head, TTAG_hhea, TTAG_maxp, TTAG_cmap, TTAG_hmtx,
		TTAG_loca, TTAG_name, TTAG_OS2, TTAG_glyf,
	};
	for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
		FT_ULong len = 0;
		if (FT_Load_Sfnt_Table(ft, tags[i], 0, NULL, &len) || !len)
			return false;
	}
	return true;
}

/* Select the cmap libharu uses: Microsoft, Unicode BMP, format 4. */
static bool S_select_cmap(FT_Face ft)
{
	for (FT_Int i = 0; i < ft->num_charmaps; i++) {
		FT_CharMap cm = ft->charmaps[i];
		if (cm->platform_id == TT_PLATFORM_MICROSOFT &&
		    cm->encoding_id == TT_MS_ID_UNICODE_CS &&
		    FT_Get_CMap_Format(cm) == 4)
			return FT_Set_Charmap(ft, cm) == 0;
	}
	return false;
}

/* libharu 2.3.0 turns every character beyond U+FFFF into a space. */
#define S_BMP_LAST 0xFFFFu

static uint32_t S_glyph_load(FT_Face ft, uint32_t cp)
{
	FT_UInt gid = cp > S_BMP_LAST ? 0 : FT_Get_Char_Index(ft, cp);
	FT_UInt drawn = cp > S_BMP_LAST ? FT_Get_Char_Index(ft, ' ') : gid;
	FT_Fixed adv = 0;
	if (gid > 0xFFFF)
		gid = drawn = 0;
	if (FT_Get_Advance(ft, drawn, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING,
			   &adv))
		adv = 0;
	/* libharu's width: advance * 1000 / units per em, truncated. */
	unsigned long milli = (unsigned long)adv * 1000 / ft->units_per_EM;
	if (milli > 0xFFFF)
		milli = 0xFFFF;
	return (uint32_t)gid | (uint32_t)milli << 16;
}

/* Glyph info of CP in FACE.  The cache is mutable even through a const
 * face: measuring changes nothing visible. */
static uint32_t S_glyph(struct pdf_face *face, uint32_t cp)
{
	if (cp < S_ASCII)
		return face->ascii[cp];
	const struct S_slot *slot = S_map_find(&face->glyphs, cp);
	if (slot)
		return slot->value;
	uint32_t info = S_glyph_load(face->ft, cp);
	/* Out of memory, the answer is still right, only not remembered. */
	(void)S_map_put(&face->glyphs, cp, info);
	return info;
}

/* Whether a usable face already open has PostScript name NAME: libharu
 * refuses to load a second font of the same name, which two installed
 * copies (versions) of one font would be. */
static bool S_name_taken(const struct pdf_fonts *fonts, const char *name)
{
	for (size_t i = 0; name && i < fonts->nfaces; i++) {
		FT_Face ft = fonts->faces[i]->ft;
		const char *other = ft ? FT_Get_Postscript_Name(ft) : NULL;
		if (other && strcmp(other, name) == 0)
			return true;
	}
	return false;
}

/* Open FACE's file with FreeType; leaves face->ft NULL if libharu could
 * not embed it (CFF or bitmap-only outlines, missing tables, no BMP
 * cmap, or the name of a font already in use). */
static void S_face_open(struct pdf_fonts *fonts, struct pdf_face *face)
{
	FT_Face ft;
	if (FT_New_Face(fonts->ft, face->path, face->index, &ft))
		return;
	if (!FT_IS_SFNT(ft) || !ft->units_per_EM || !S_has_tables(ft) ||
	    !S_select_cmap(ft) ||
	    S_name_taken(fonts, FT_Get_Postscript_Name(ft))) {
		FT_Done_Face(ft);
		return;
	}
	face->ft = ft;
	face->ascent = (double)ft->ascender / ft->units_per_EM;
	face->descent = (double)ft->descender / ft->units_per_EM;
	for (uint32_t cp = 0; cp < S_ASCII; cp++)
		face->ascii[cp] = S_glyph_load(ft, cp);
}

static bool S_faces_reserve(struct pdf_fonts *fonts)
{
	if (fonts->nfaces < fonts->capfaces)
		return true;
	size_t cap = fonts->capfaces ? fonts->capfaces * 2 : 16;
	struct pdf_face **faces = realloc(fonts->faces, cap * sizeof *faces);
	if (!faces)
		return false;
	fonts->faces = faces;
	fonts->capfaces = cap;
	return true;
}

/* The face of PATH and INDEX, opened once whatever asks for it: *OUT is
 * NULL when the file is not usable.  False only when out of memory. */
static bool S_face_get(struct pdf_fonts *fonts, const char *path, int index,
		       struct pdf_face **out)
{
	for (size_t i = 0; i < fonts->nfaces; i++) {
		struct pdf_face *face = fonts->faces[i];
		if (face->index == index && strcmp(face->path, path) == 0) {
			*out = face->ft ? face : NULL;
			return true;
		}
	}
	struct pdf_face *face = calloc(1, sizeof *face);
	if (!face || !(face->path = strdup(path)) ||
	    !S_faces_reserve(fonts)) {
		if (face)
			free(face->path);
		free(face);
		return false;
	}
	face->index = index;
	face->id = fonts->nfaces;
	fonts->faces[fonts->nfaces++] = face;
	S_face_open(fonts, face);
	*out = face->ft ? face : NULL;
	return true;
}

static void S_face_free(struct pdf_face *face)
{
	if (face->ft)
		FT_Done_Face(face->ft);
	S_map_free(&face->glyphs);
	free(face->tt.gid);
	free(face->path);
	free(face);
}

/* ---- fontconfig ------------------------------------------------------- */

static bool S_has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && FcStrCmpIgnoreCase((const FcChar8 *)s + n - m,
					    (const FcChar8 *)suffix) == 0;
}

/* Whether PAT may be a font libharu can embed, judged from fontconfig's
 * description alone (FreeType has the last word, in S_face_open):
 * TrueType outlines, not CFF, in a .ttf or .ttc file, and not a named
 * instance of a variable font (libharu embeds the default outlines
 * only).  Gives its file and face index. */
static bool S_pattern_usable(const FcPattern *pat, const char **path,
			     int *index)
{
	FcChar8 *format, *file;
	int idx;
	if (FcPatternGetString(pat, FC_FONTFORMAT, 0, &format) !=
		    FcResultMatch ||
	    strcmp((const char *)format, "TrueType") != 0 ||
	    FcPatternGetString(pat, FC_FILE, 0, &file) != FcResultMatch ||
	    FcPatternGetInteger(pat, FC_INDEX, 0, &idx) != FcResultMatch ||
	    idx < 0 || idx > 0xFFFF)
		return false;
	*path = (const char *)file;
	*index = idx;
	return S_has_suffix(*path, ".ttf") || S_has_suffix(*path, ".ttc");
}

/* The face of PAT, if it is usable.  False only when out of memory. */
static bool S_face_of(struct pdf_fonts *fonts, const FcPattern *pat,
		      struct pdf_face **out)
{
	const char *path;
	int index;
	*out = NULL;
	if (!S_pattern_usable(pat, &path, &index))
		return true;
	return S_face_get(fonts, path, index, out);
}

/* Whether NAME is one of PAT's family names (a font may have several:
 * "DejaVu Serif" and "DejaVu Serif Condensed", or localised ones). */
static bool S_has_family(const FcPattern *pat, const char *name)
{
	FcChar8 *family;
	for (int i = 0; FcPatternGetString(pat, FC_FAMILY, i, &family) ==
			    FcResultMatch;
	     i++)
		if (FcStrCmpIgnoreCase(family, (const FcChar8 *)name) == 0)
			return true;
	return false;
}

static bool S_is_generic(const char *name)
{
	size_t n = sizeof S_generic_family / sizeof S_generic_family[0];
	for (size_t i = 0; i < n; i++)
		if (FcStrCmpIgnoreCase((const FcChar8 *)name,
				       (const FcChar8 *)S_generic_family[i]) ==
		    0)
			return true;
	return false;
}

/* All installed fonts, best first for FAMILY in STYLE; NULL when out of
 * memory or no font is installed at all.  The language is fixed, not
 * taken from the locale, so that a document gets the same fonts
 * whoever converts it. */
static FcFontSet *S_sort(struct pdf_fonts *fonts, const char *family,
			 enum pdf_style style)
{
	FcPattern *pat = FcPatternCreate();
	if (!pat)
		return NULL;
	int weight = style & PDF_BOLD ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR;
	int slant = style & PDF_ITALIC ? FC_SLANT_ITALIC : FC_SLANT_ROMAN;
	FcFontSet *set = NULL;
	FcResult result;
	if (FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family) &&
	    FcPatternAddInteger(pat, FC_WEIGHT, weight) &&
	    FcPatternAddInteger(pat, FC_SLANT, slant) &&
	    FcPatternAddInteger(pat, FC_WIDTH, FC_WIDTH_NORMAL) &&
	    FcPatternAddString(pat, FC_LANG, (const FcChar8 *)"en") &&
	    FcConfigSubstitute(fonts->config, pat, FcMatchPattern)) {
		FcDefaultSubstitute(pat);
		/* Untrimmed: trimming here would count the coverage of CFF
		 * fonts we cannot use (S_build_candidates trims instead). */
		set = FcFontSort(fonts->config, pat, FcFalse, NULL, &result);
	}
	FcPatternDestroy(pat);
	if (set && set->nfont == 0) {
		FcFontSetDestroy(set);
		set = NULL;
	}
	return set;
}

/* ---- Families --------------------------------------------------------- */

enum S_found { S_FOUND, S_NO_FAMILY, S_NO_TRUETYPE, S_OOM };

/* The face of FAMILY nearest to STYLE: the first usable font of the
 * family in fontconfig's order, which ranks the family above the style,
 * the nearest weight and slant first.  Never a font of another family. */
static enum S_found S_find_style(struct pdf_fonts *fonts, struct S_style *st,
				 const char *family, enum pdf_style style)
{
	st->sorted = S_sort(fonts, family, style);
	if (!st->sorted)
		return S_NO_FAMILY;
	enum S_found found = S_NO_FAMILY;
	for (int i = 0; i < st->sorted->nfont; i++) {
		const FcPattern *pat = st->sorted->fonts[i];
		if (!S_has_family(pat, family))
			continue;
		if (!S_face_of(fonts, pat, &st->face))
			return S_OOM;
		if (st->face)
			return S_FOUND;
		found = S_NO_TRUETYPE;
	}
	return found;
}

/* A generic NAME resolved to the family of the first usable font that
 * fontconfig gives for it; any other NAME as it is.  A copy, NULL when
 * out of memory; *FOUND says whether a generic name found a font. */
static char *S_resolve_generic(struct pdf_fonts *fonts, const char *name,
			       enum S_found *found)
{
	*found = S_FOUND;
	if (!S_is_generic(name))
		return strdup(name);
	*found = S_NO_TRUETYPE;
	FcFontSet *set = S_sort(fonts, name, PDF_REGULAR);
	char *family = NULL;
	for (int i = 0; set && i < set->nfont && !family; i++) {
		struct pdf_face *face;
		FcChar8 *first;
		if (!S_face_of(fonts, set->fonts[i], &face)) {
			*found = S_OOM;
			break;
		}
		if (face && FcPatternGetString(set->fonts[i], FC_FAMILY, 0,
					       &first) == FcResultMatch) {
			family = strdup((const char *)first);
			*found = family ? S_FOUND : S_OOM;
		}
	}
	if (set)
		FcFontSetDestroy(set);
	return family;
}

static void S_family_clear(struct S_family *fam)
{
	for (int s = 0; s < S_NSTYLES; s++) {
		struct S_style *st = &fam->styles[s];
		if (st->sorted)
			FcFontSetDestroy(st->sorted);
		free(st->candidates);
		S_map_free(&st->fallback);
	}
	free(fam->name);
	*fam = (struct S_family){0};
}

/* Find NAME's four styles (all of one family) for FAM. */
static enum S_found S_find_family(struct pdf_fonts *fonts,
				  struct S_family *fam, const char *name)
{
	enum S_found found;
	S_family_clear(fam);
	fam->name = S_resolve_generic(fonts, name, &found);
	if (!fam->name)
		return found == S_FOUND ? S_OOM : found;
	for (int s = 0; s < S_NSTYLES && found == S_FOUND; s++)
		found = S_find_style(fonts, &fam->styles[s], fam->name,
				     (enum pdf_style)s);
	return found;
}

static const char *S_why(enum S_found found)
{
	return found == S_NO_TRUETYPE ? "has no TrueType outlines"
				      : "not found";
}

/* Find the family FAMILY (NULL: the default), or warn and take the
 * default. */
static enum dc_status S_open_family(struct pdf_fonts *fonts,
				    enum pdf_family which, const char *family)
{
	struct S_family *fam = &fonts->families[which];
	const char *def = S_default_family[which];
	const char *name = family && *family ? family : def;
	enum S_found found = S_find_family(fonts, fam, name);
	if (found != S_FOUND && found != S_OOM &&
	    FcStrCmpIgnoreCase((const FcChar8 *)name,
			       (const FcChar8 *)def) != 0) {
		dc_note(fonts->diag, (struct dc_pos){0},
			"font family '%s' %s; using %s", name, S_why(found),
			def);
		found = S_find_family(fonts, fam, def);
	}
	if (found == S_OOM)
		return dc_fail_oom(fonts->diag);
	if (found != S_FOUND)
		return dc_fail(fonts->diag, DC_ERR_SOFTWARE, (struct dc_pos){0},
			       "font family '%s' %s; install the "
			       "fonts-dejavu-core package",
			       def, S_why(found));
	return DC_OK;
}

enum dc_status pdf_fonts_open(struct pdf_fonts **out, HPDF_Doc pdf,
			      const char *body_family,
			      const char *mono_family, struct dc_diag *diag)
{
	*out = NULL;
	struct pdf_fonts *fonts = calloc(1, sizeof *fonts);
	if (!fonts)
		return dc_fail_oom(diag);
	*fonts = (struct pdf_fonts){.pdf = pdf, .diag = diag};
	enum dc_status st = DC_OK;
	fonts->config = FcInitLoadConfigAndFonts();
	if (!fonts->config)
		st = dc_fail(diag, DC_ERR_SOFTWARE, (struct dc_pos){0},
			     "cannot load the fontconfig configuration");
	else if (FT_Init_FreeType(&fonts->ft))
		st = dc_fail(diag, DC_ERR_SOFTWARE, (struct dc_pos){0},
			     "cannot initialise FreeType");
	if (st == DC_OK)
		st = S_open_family(fonts, PDF_BODY, body_family);
	if (st == DC_OK)
		st = S_open_family(fonts, PDF_MONO, mono_family);
	if (st != DC_OK) {
		pdf_fonts_close(fonts);
		return st;
	}
	*out = fonts;
	return DC_OK;
}

void pdf_fonts_close(struct pdf_fonts *fonts)
{
	if (!fonts)
		return;
	/* Our font sets hold references into the configuration's fonts:
	 * they go before it. */
	for (int f = 0; f < S_NFAMILIES; f++)
		S_family_clear(&fonts->families[f]);
	for (size_t i = 0; i < fonts->nfaces; i++)
		S_face_free(fonts->faces[i]);
	free(fonts->faces);
	S_map_free(&fonts->warned);
	if (fonts->ft)
		FT_Done_FreeType(fonts->ft);
	if (fonts->config)
		FcConfigDestroy(fonts->config);
	free(fonts);
}

/* ---- Fallback --------------------------------------------------------- */

/* Characters that draw nothing: they never look for another font. */
static bool S_is_invisible(uint32_t cp)
{
	return cp <= 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xA0 ||
	       (cp >= 0x200B && cp <= 0x200F) ||  /* zero width, LRM, RLM */
	       (cp >= 0x2028 && cp <= 0x202E) ||  /* separators, bidi */
	       (cp >= 0x2060 && cp <= 0x2064) ||  /* word joiner... */
	       cp == 0xFEFF;
}

/* The usable fonts of ST's sorted list that add coverage to those
 * before them: fontconfig's trimming, but counting usable fonts only,
 * so a CFF font ranked first cannot hide a TrueType one with the same
 * characters.  False when out of memory. */
static bool S_build_candidates(struct S_style *st)
{
	FcCharSet *seen = FcCharSetCreate();
	st->candidates = malloc((size_t)st->sorted->nfont *
				sizeof *st->candidates);
	if (!seen || !st->candidates) {
		if (seen)
			FcCharSetDestroy(seen);
		return false;
	}
	bool ok = true;
	for (int i = 0; ok && i < st->sorted->nfont; i++) {
		FcPattern *pat = st->sorted->fonts[i];
		const char *path;
		int index;
		FcCharSet *cs;
		if (!S_pattern_usable(pat, &path, &index) ||
		    FcPatternGetCharSet(pat, FC_CHARSET, 0, &cs) !=
			    FcResultMatch ||
		    FcCharSetIsSubset(cs, seen))
			continue;
		ok = FcCharSetMerge(seen, cs, NULL);
		st->candidates[st->ncandidates++] = pat;
	}
	FcCharSetDestroy(seen);
	if (!ok) {
		free(st->candidates);
		st->candidates = NULL;
		st->ncandidates = 0;
	}
	st->built = ok;
	return ok;
}

/* The first candidate of ST with a glyph for CP, or NULL; false when out
 * of memory.  fontconfig's coverage picks the candidates, FreeType (with
 * libharu's cmap) confirms. */
static bool S_find_fallback(struct pdf_fonts *fonts, struct S_style *st,
			    uint32_t cp, struct pdf_face **out)
{
	*out = NULL;
	for (size_t i = 0; i < st->ncandidates; i++) {
		FcCharSet *cs;
		struct pdf_face *face;
		if (FcPatternGetCharSet(st->candidates[i], FC_CHARSET, 0,
					&cs) != FcResultMatch ||
		    !FcCharSetHasChar(cs, cp))
			continue;
		if (!S_face_of(fonts, st->candidates[i], &face))
			return false;
		if (face && S_GID(S_glyph(face, cp))) {
			*out = face;
			return true;
		}
	}
	return true;
}

/* Warn once per document about CP, which no font has (or which libharu
 * cannot draw at all). */
static bool S_warn_missing(struct pdf_fonts *fonts, uint32_t cp)
{
	if (S_map_find(&fonts->warned, cp))
		return true;
	if (!S_map_put(&fonts->warned, cp, 0))
		return false;
	if (cp > S_BMP_LAST)
		dc_note(fonts->diag, (struct dc_pos){0},
			"U+%04X is beyond U+FFFF, which the PDF writer cannot "
			"draw; it will show as a space",
			(unsigned)cp);
	else
		dc_note(fonts->diag, (struct dc_pos){0},
			"no installed font has a glyph for U+%04X; it will "
			"show as a box",
			(unsigned)cp);
	return true;
}

/* First time CP is missing from ST's face: decide, remember, warn. */
static const struct pdf_face *S_miss(struct pdf_fonts *fonts,
				     struct S_style *st, uint32_t cp)
{
	struct pdf_face *face = NULL;
	bool drawable = cp <= S_BMP_LAST;
	if ((drawable && !st->built && !S_build_candidates(st)) ||
	    (drawable && !S_find_fallback(fonts, st, cp, &face)) ||
	    (!face && !S_warn_missing(fonts, cp)) ||
	    !S_map_put(&st->fallback, cp, face ? (uint32_t)face->id + 1 : 0)) {
		dc_fail_oom(fonts->diag);
		return NULL;
	}
	return face ? face : st->face;
}

const struct pdf_face *pdf_fonts_face(struct pdf_fonts *fonts,
				      enum pdf_family family,
				      enum pdf_style style, uint32_t cp)
{
	struct S_family *fam =
		&fonts->families[family == PDF_MONO ? PDF_MONO : PDF_BODY];
	struct S_style *st = &fam->styles[style & PDF_BOLD_ITALIC];
	if (S_is_invisible(cp) || S_GID(S_glyph(st->face, cp)))
		return st->face;
	const struct S_slot *slot = S_map_find(&st->fallback, cp);
	if (slot)
		return slot->value ? fonts->faces[slot->value - 1] : st->face;
	return S_miss(fonts, st, cp);
}

/* ---- Metrics and drawing ---------------------------------------------- */

double pdf_face_advance(const struct pdf_face *face, uint32_t cp)
{
	/* Faces are never const objects: the cast only reaches the cache. */
	return S_MILLI(S_glyph((struct pdf_face *)face, cp)) / 1000.0;
}

double pdf_face_ascent(const struct pdf_face *face)
{
	return face->ascent;
}

double pdf_face_descent(const struct pdf_face *face)
{
	return face->descent;
}

HPDF_Font pdf_face_font(struct pdf_fonts *fonts, const struct pdf_face *face)
{
	struct pdf_face *f = fonts->faces[face->id];
	if (f->font)
		return f->font;
	const char *name =
		S_has_suffix(f->path, ".ttc")
			? HPDF_LoadTTFontFromFile2(fonts->pdf, f->path,
						   (HPDF_UINT)f->index,
						   HPDF_TRUE)
			: HPDF_LoadTTFontFromFile(fonts->pdf, f->path,
						  HPDF_TRUE);
	HPDF_Font font = name ? pdf_ttfix_get_font(fonts->pdf, name) : NULL;
	if (!font) {
		dc_fail(fonts->diag, DC_ERR_SOFTWARE, (struct dc_pos){0},
			"cannot load the font %s into the PDF (libharu error "
			"0x%04lX)",
			f->path, (unsigned long)HPDF_GetError(fonts->pdf));
		return NULL;
	}
	if (pdf_ttfix_glyphs(fonts->pdf, font, f->path, &f->tt,
			     fonts->diag) != DC_OK)
		return NULL;
	return f->font = font;
}

const char *pdf_face_path(const struct pdf_face *face, int *index)
{
	*index = face->index;
	return face->path;
}

const struct pdf_tt_glyphs *pdf_face_glyphs(const struct pdf_face *face)
{
	return face->font ? &face->tt : NULL;
}

/* Every font's program cut, and its streams deflated here, not by
 * libharu's zlib at the save (ttfix.h). */
static enum dc_status S_deflate_fonts(struct pdf_fonts *fonts)
{
	HPDF_Dict *streams =
		calloc(fonts->nfaces ? fonts->nfaces : 1,
		       PDF_TTFIX_STREAMS * sizeof *streams);
	if (!streams)
		return dc_fail_oom(fonts->diag);
	size_t n = 0;
	enum dc_status st = DC_OK;
	for (size_t i = 0; st == DC_OK && i < fonts->nfaces; i++) {
		struct pdf_face *face = fonts->faces[i];
		if (!face->font)
			continue;
		size_t cut = pdf_ttfix_cut(face->font, streams + n);
		if (cut == 0)
			st = dc_fail(fonts->diag, DC_ERR_SOFTWARE,
				     (struct dc_pos){0},
				     "PDF library failed: cannot embed %s",
				     face->path);
		n += cut;
	}
	if (st == DC_OK)
		st = pdf_deflate_streams(streams, n, fonts->diag);
	free(streams);
	return st;
}

enum dc_status pdf_fonts_finish(struct pdf_fonts *fonts)
{
	for (size_t i = 0; i < fonts->nfaces; i++) {
		struct pdf_face *face = fonts->faces[i];
		if (!face->font)
			continue;
		enum dc_status st = pdf_ttfix_font(fonts->pdf, face->font,
						   face->path, &face->tt,
						   fonts->diag);
		if (st != DC_OK)
			return st;
	}
	return S_deflate_fonts(fonts);
}

bool pdf_fonts_record(const struct pdf_fonts *fonts, struct dc_deps *deps)
{
	for (size_t i = 0; i < fonts->nfaces; i++)
		if (fonts->faces[i]->font &&
		    !dc_deps_add(deps, fonts->faces[i]->path))
			return false;
	return true;
}
