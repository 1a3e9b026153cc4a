/* Mending libharu 2.3.0's embedded TrueType fonts from outside (ttfix.h).
 *
 * What libharu does, read from its 2.3.0 sources (hpdf_font_cid.c,
 * hpdf_fontdef_tt.c, hpdf_encoder_utf.c) and confirmed on its output:
 *
 *  - HPDF_GetFont(pdf, name, "UTF-8") on a TrueType font makes a Type0
 *    font (HPDF_FontAttr.type HPDF_FONT_TYPE0_TT).  Its attr->fontdef is
 *    the TrueType font definition itself (the descendant CIDFontType2
 *    dictionary has no attr of its own), and fontdef->attr is the
 *    HPDF_TTFontDefAttr whose glyph_tbl.flgs[gid] says which glyphs to
 *    embed (1 = embed; glyph 0 always is).
 *  - The UTF-8 encoder writes each character as its 2-byte UCS-2 value
 *    (characters above U+FFFF become U+0020); /Encoding is /Identity-H, so
 *    the CID is that value, and the CIDToGIDMap libharu writes when the
 *    font is made holds HPDF_TTFontDef_GetGlyphid(fontdef, cid) for every
 *    CID from 0 to U+FFFE (made here instead, the same, without a search
 *    for each: pdf_ttfix_get_font).  Glyph ids in the file are the font's
 *    own: the subset keeps every glyph slot and leaves the unused ones
 *    empty.
 *  - Measuring or drawing a character sets flgs[gid] and looks one level
 *    into a composite glyph, but not deeper, not at components above glyph
 *    32767 (it reads the index as a signed 16-bit number), and not at all
 *    when the glyph was already marked as someone's component.
 *  - The font program is cut by CIDFontType2_BeforeWrite_Func, the Type0
 *    dictionary's before-write hook, which libharu calls at each save;
 *    at the first it calls HPDF_TTFontDef_SaveFontData (and sets
 *    fontdef->descriptor), whose RecreateGLYF copies exactly the glyphs
 *    whose flag is 1.  docconv calls the hook itself first
 *    (pdf_ttfix_cut), so flags set before that are honoured, and none
 *    after.
 *  - attr->cmap_stream, the font dictionary's /ToUnicode, is the
 *    encoder's CMap (a 'begincidrange' mapping to CID 0) which poppler
 *    rejects.  It is an ordinary memory stream, so it can be emptied and
 *    rewritten in place; its /Filter is set from the font's at save.
 *  - The CIDFont's /CIDSystemInfo says /Ordering (Identity-H), which is no
 *    character collection: a reader falling back on it (poppler does when
 *    a ToUnicode CMap has no entries) reports an error.
 *
 * Nothing here depends on the order in which fonts or glyphs were used, so
 * the same drawing gives the same bytes. */
#include "ttfix.h"

#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include <ft2build.h>
#include FT_FREETYPE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The codes the UTF-8 encoder can write: 2 bytes, one per UCS-2 value. */
#define N_CODES 0x10000u
/* libharu's CIDToGIDMap stops before U+FFFF (a noncharacter anyway). */
#define LAST_MAPPED_CODE 0xFFFEu
/* A CMap's begin...end blocks may hold at most 100 entries each. */
#define CMAP_CHUNK 100u

/* What pdf_ttfix_font works on, found once from the HPDF_Font. */
struct ttfix_font {
	const char *path;            /* the font file, for messages */
	HPDF_FontDef def;            /* the TrueType font definition */
	HPDF_TTFontDefAttr tt;       /* its glyph table */
	HPDF_Dict to_unicode;        /* the /ToUnicode stream dictionary */
	HPDF_Stream cid_to_gid;      /* the CIDToGIDMap's data */
	HPDF_Dict cid_info;          /* the CIDFont's /CIDSystemInfo */
};

static enum dc_status S_fail(struct dc_diag *diag, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static enum dc_status S_fail(struct dc_diag *diag, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return dc_fail(diag, DC_ERR_SOFTWARE, (struct dc_pos){0}, "%s", msg);
}

/* ---- finding libharu's structures ---------------------------------- */

/* The encoder must be the one HPDF_UseUTFEncodings() registers: only with
 * it are the codes Unicode values, which the CMap below relies on. */
static bool S_is_utf8_encoder(HPDF_Encoder enc)
{
	return enc && strcmp(enc->name, "UTF-8") == 0 &&
	       enc->type == HPDF_ENCODER_TYPE_DOUBLE_BYTE;
}

static enum dc_status S_find_fontdef(HPDF_Font font, struct ttfix_font *f,
				     struct dc_diag *diag)
{
	HPDF_FontAttr attr = font->attr;
	if (!attr || attr->type != HPDF_FONT_TYPE0_TT || !attr->fontdef ||
	    attr->fontdef->type != HPDF_FONTDEF_TYPE_TRUETYPE)
		return S_fail(diag, "%s: not a TrueType font loaded as a "
			      "Type0 (CID) font", f->path);
	if (!S_is_utf8_encoder(attr->encoder))
		return S_fail(diag, "%s: font not got with the \"UTF-8\" "
			      "encoder", f->path);
	f->def = attr->fontdef;
	f->tt = f->def->attr;
	if (!f->tt || !f->tt->glyph_tbl.flgs || f->tt->num_glyphs == 0)
		return S_fail(diag, "%s: libharu has no glyph table for it",
			      f->path);
	/* The descriptor is made, and the subset cut, by the before-write
	 * hook: at the first save, or by pdf_ttfix_cut. */
	if (f->def->descriptor)
		return S_fail(diag, "%s: font mended after the document was "
			      "saved", f->path);
	return DC_OK;
}

static enum dc_status S_find_dicts(HPDF_Font font, struct ttfix_font *f,
				   struct dc_diag *diag)
{
	HPDF_FontAttr attr = font->attr;
	HPDF_Dict cmap = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
	if (!cmap || cmap != attr->cmap_stream || !cmap->stream ||
	    cmap->stream->type != HPDF_STREAM_MEMORY)
		return S_fail(diag, "%s: libharu's /ToUnicode stream is not "
			      "where libharu 2.3.0 puts it", f->path);
	HPDF_Dict info = attr->descendant_font ?
		HPDF_Dict_GetItem(attr->descendant_font, "CIDSystemInfo",
				  HPDF_OCLASS_DICT) : NULL;
	if (!info)
		return S_fail(diag, "%s: libharu's CIDFont has no "
			      "/CIDSystemInfo", f->path);
	HPDF_Dict map = attr->map_stream;
	if (!map || !map->stream || map->stream->type != HPDF_STREAM_MEMORY)
		return S_fail(diag, "%s: libharu's CIDToGIDMap is not where "
			      "libharu 2.3.0 puts it", f->path);
	f->to_unicode = cmap;
	f->cid_info = info;
	f->cid_to_gid = map->stream;
	return DC_OK;
}

static enum dc_status S_inspect(HPDF_Doc pdf, HPDF_Font font,
				struct ttfix_font *f, struct dc_diag *diag)
{
	if (!HPDF_HasDoc(pdf) || !font || !HPDF_Font_Validate(font))
		return S_fail(diag, "%s: not a libharu font", f->path);
	enum dc_status st = S_find_fontdef(font, f, diag);
	if (st != DC_OK)
		return st;
	return S_find_dicts(font, f, diag);
}

/* ---- the tables of every code, made without a search for each ------ *
 *
 * Making the font (CIDFontType2_New), libharu asks
 * HPDF_TTFontDef_GetGlyphid() the glyph of every code from 0 to U+FFFF,
 * for the CIDToGIDMap and the /W widths.  Each answer is a linear search
 * of the cmap's segments: a tenth of the instructions of a 300-page PDF,
 * for its four fonts.  So libharu makes the font with a cmap of one empty
 * segment (every code glyph 0, no widths but the default), and the two
 * tables are then made here, in one walk of the segments, with the
 * lookup's own arithmetic: the same bytes. */

/* The one segment libharu's cmap ends with, alone: U+FFFF to glyph 0.
 * libharu's fields are not const, but it only reads them. */
static const HPDF_UINT16 S_last_code[] = {0xFFFF};
static const HPDF_INT16 S_last_delta[] = {1};
static const HPDF_UINT16 S_no_offset[] = {0};

static bool S_may_blank(HPDF_FontDef def)
{
	if (!def || def->type != HPDF_FONTDEF_TYPE_TRUETYPE || !def->attr)
		return false;
	HPDF_TTFontDefAttr tt = def->attr;
	return tt->cmap.format == 4 && tt->cmap.seg_count_x2 > 0;
}

HPDF_Font pdf_ttfix_get_font(HPDF_Doc pdf, const char *name)
{
	HPDF_FontDef def = HPDF_GetFontDef(pdf, name);
	if (!S_may_blank(def))
		return HPDF_GetFont(pdf, name, "UTF-8");
	HPDF_TTFontDefAttr tt = def->attr;
	HPDF_TTF_CmapRange kept = tt->cmap;
	tt->cmap.seg_count_x2 = 2;
	tt->cmap.end_count = (HPDF_UINT16 *)S_last_code;
	tt->cmap.start_count = (HPDF_UINT16 *)S_last_code;
	tt->cmap.id_delta = (HPDF_INT16 *)S_last_delta;
	tt->cmap.id_range_offset = (HPDF_UINT16 *)S_no_offset;
	HPDF_Font font = HPDF_GetFont(pdf, name, "UTF-8");
	tt->cmap = kept;
	return font;
}

/* CODE's glyph in segment I of CMAP (SEGS segments), as libharu's lookup
 * gives it; but past the glyph array it gives 0 for the one index that
 * libharu reads beyond it. */
static uint16_t S_segment_gid(const HPDF_TTF_CmapRange *cmap, HPDF_UINT segs,
			      HPDF_UINT i, HPDF_UINT16 code)
{
	if (i >= segs || cmap->start_count[i] > code)
		return 0;
	if (cmap->id_range_offset[i] == 0)
		return (uint16_t)(code + cmap->id_delta[i]);
	HPDF_UINT idx = cmap->id_range_offset[i] / 2 +
			(HPDF_UINT)(code - cmap->start_count[i]) - (segs - i);
	if (idx >= cmap->glyph_id_array_count)
		return 0;
	return (uint16_t)(cmap->glyph_id_array[idx] + cmap->id_delta[i]);
}

/* The first segment of CMAP whose last code is CODE or more, from FROM on
 * (libharu searches from 0: the same when the ends are in order). */
static HPDF_UINT S_segment(const HPDF_TTF_CmapRange *cmap, HPDF_UINT segs,
			  HPDF_UINT from, HPDF_UINT16 code)
{
	HPDF_UINT i = from;
	while (i < segs && code > cmap->end_count[i])
		i++;
	return i;
}

/* GID[code] for every code below LAST_MAPPED_CODE + 1, by TT's cmap. */
static void S_cmap_gids(const HPDF_TTFontDefAttr tt, uint16_t *gid)
{
	const HPDF_TTF_CmapRange *cmap = &tt->cmap;
	HPDF_UINT segs = cmap->seg_count_x2 / 2;
	bool in_order = true;
	for (HPDF_UINT i = 1; i < segs; i++)
		in_order &= cmap->end_count[i - 1] <= cmap->end_count[i];
	HPDF_UINT i = 0;
	for (HPDF_UINT code = 0; code <= LAST_MAPPED_CODE; code++) {
		if (cmap->format == 0) {
			gid[code] = cmap->glyph_id_array[code & 0xFF];
			continue;
		}
		i = S_segment(cmap, segs, in_order ? i : 0, (HPDF_UINT16)code);
		gid[code] = S_segment_gid(cmap, segs, i, (HPDF_UINT16)code);
	}
}

/* The CIDToGIDMap's data: two bytes (big-endian) for each code. */
static HPDF_STATUS S_write_glyph_map(const struct ttfix_font *f,
				     const uint16_t *gid)
{
	HPDF_BYTE *map = malloc(2 * (LAST_MAPPED_CODE + 1));
	if (!map)
		return HPDF_FAILD_TO_ALLOC_MEM;
	for (HPDF_UINT code = 0; code <= LAST_MAPPED_CODE; code++) {
		map[2 * code] = (HPDF_BYTE)(gid[code] >> 8);
		map[2 * code + 1] = (HPDF_BYTE)gid[code];
	}
	HPDF_MemStream_FreeData(f->cid_to_gid);
	HPDF_STATUS st = HPDF_Stream_Write(f->cid_to_gid, map,
					   2 * (LAST_MAPPED_CODE + 1));
	free(map);
	return st;
}

/* The CIDFont's /W: for each run of codes whose glyph's width is not the
 * default, the first code and an array of their widths, as libharu
 * makes it. */
static HPDF_STATUS S_write_widths(const struct ttfix_font *f,
				  HPDF_Dict cid_font, const uint16_t *gid)
{
	HPDF_Array widths = HPDF_Dict_GetItem(cid_font, "W",
					      HPDF_OCLASS_ARRAY);
	if (!widths)
		return HPDF_INVALID_OBJECT;
	HPDF_Array_Clear(widths);
	HPDF_INT16 dw = f->def->missing_width;
	HPDF_Array run = NULL;
	HPDF_STATUS st = HPDF_OK;
	for (HPDF_UINT code = 0; st == HPDF_OK && code <= LAST_MAPPED_CODE;
	     code++) {
		HPDF_INT w = HPDF_TTFontDef_GetGidWidth(f->def, gid[code]);
		if (w == dw) {
			run = NULL;
			continue;
		}
		if (!run) {
			st = HPDF_Array_AddNumber(widths, (HPDF_INT32)code);
			run = st == HPDF_OK ? HPDF_Array_New(widths->mmgr)
					    : NULL;
			if (st == HPDF_OK)
				st = run ? HPDF_Array_Add(widths, run)
					 : HPDF_FAILD_TO_ALLOC_MEM;
		}
		if (st == HPDF_OK)
			st = HPDF_Array_AddNumber(run, w);
	}
	return st;
}

/* ---- the codes drawn ----------------------------------------------- */

/* TEXT[code] = the Unicode character the code stands for, 0 = no entry.
 * libharu keeps no list of the codes drawn, only the glyphs used; every
 * code whose glyph (by libharu's own cmap lookup, the one its CIDToGIDMap
 * holds) is used gets an entry.  Under the UTF-8 encoder a code is its
 * character, so each entry is exact, and a code that was not drawn costs
 * one harmless line.  Not covered: a code drawn with no glyph in the font
 * (it shows .notdef, glyph 0, which every code without a glyph shares).
 * GLYPHS is the font's CIDToGIDMap as pdf_ttfix_glyphs() read it. */
static void S_drawn_codes(const struct ttfix_font *f,
			  const struct pdf_tt_glyphs *glyphs, uint32_t *text)
{
	for (uint32_t code = 1;
	     code <= LAST_MAPPED_CODE && code < glyphs->n_codes; code++) {
		if (code >= 0xD800 && code <= 0xDFFF)
			continue;  /* half a surrogate pair is no text */
		unsigned gid = glyphs->gid[code];
		if (gid == 0 || gid >= f->tt->num_glyphs ||
		    f->tt->glyph_tbl.flgs[gid] != 1)
			continue;
		text[code] = code;
	}
}

/* ---- closing the glyph set over composite components --------------- */

/* Whether FACE is the file libharu loaded: the glyph ids below index
 * libharu's table, so they must be the same font's.  libharu's name is the
 * PostScript name, with ",Style" appended unless the style is Regular. */
static bool S_same_font(const struct ttfix_font *f, FT_Face face)
{
	if (!FT_IS_SFNT(face) ||
	    face->num_glyphs != (FT_Long)f->tt->num_glyphs ||
	    face->units_per_EM != f->tt->header.units_per_em)
		return false;
	const char *ps = FT_Get_Postscript_Name(face);
	if (!ps)
		return true;  /* nothing more to compare */
	size_t len = strlen(ps);
	const char *name = f->def->base_font;
	return strncmp(name, ps, len) == 0 &&
	       (name[len] == '\0' || name[len] == ',');
}

/* The face of PATH that libharu loaded: a TrueType collection (.ttc,
 * which fonts.c loads with HPDF_LoadTTFontFromFile2) holds several, and
 * the interface gives no index, so take the first that matches. */
static enum dc_status S_open_face(const struct ttfix_font *f, FT_Library lib,
				  FT_Face *face, struct dc_diag *diag)
{
	FT_Long count = 1;
	for (FT_Long i = 0; i < count; i++) {
		FT_Error err = FT_New_Face(lib, f->path, i, face);
		if (err)
			return S_fail(diag, "%s: FreeType cannot open face %ld "
				      "(error %d)", f->path, (long)i, err);
		count = (*face)->num_faces;
		if (S_same_font(f, *face))
			return DC_OK;
		FT_Done_Face(*face);
	}
	return S_fail(diag, "%s: not the font file libharu loaded for %s",
		      f->path, f->def->base_font);
}

/* Mark the components of GID used and push those not yet marked on WORK
 * (each glyph is pushed at most once, so num_glyphs slots suffice). */
static enum dc_status S_mark_components(const struct ttfix_font *f,
					FT_Face face, FT_UInt gid,
					HPDF_UINT16 *work, size_t *top,
					struct dc_diag *diag)
{
	FT_Error err = FT_Load_Glyph(face, gid,
				     FT_LOAD_NO_RECURSE | FT_LOAD_NO_SCALE);
	if (err)
		return S_fail(diag, "%s: glyph %u: FreeType cannot load it "
			      "(error %d)", f->path, gid, err);
	FT_GlyphSlot slot = face->glyph;
	if (slot->format != FT_GLYPH_FORMAT_COMPOSITE)
		return DC_OK;
	for (FT_UInt k = 0; k < slot->num_subglyphs; k++) {
		FT_Int index = -1, arg1 = 0, arg2 = 0;
		FT_UInt flags = 0;
		FT_Matrix transform;
		err = FT_Get_SubGlyph_Info(slot, k, &index, &flags, &arg1,
					   &arg2, &transform);
		if (err || index < 0 || index >= (FT_Int)f->tt->num_glyphs)
			return S_fail(diag, "%s: glyph %u: bad component %u",
				      f->path, gid, k);
		HPDF_BYTE *flag = &f->tt->glyph_tbl.flgs[index];
		if (*flag != 1) {
			*flag = 1;  /* RecreateGLYF embeds exactly flag 1 */
			work[(*top)++] = (HPDF_UINT16)index;
		}
	}
	return DC_OK;
}

/* A work list, not recursion: composites nest, and a hostile font could
 * nest them deeply. */
static enum dc_status S_close_over(const struct ttfix_font *f, FT_Face face,
				   struct dc_diag *diag)
{
	size_t n = f->tt->num_glyphs;
	HPDF_UINT16 *work = malloc(n * sizeof *work);
	if (!work)
		return dc_fail_oom(diag);
	size_t top = 0;
	for (size_t gid = 0; gid < n; gid++)
		if (f->tt->glyph_tbl.flgs[gid] == 1)
			work[top++] = (HPDF_UINT16)gid;
	enum dc_status st = DC_OK;
	while (top > 0 && st == DC_OK) {
		FT_UInt gid = work[--top];
		st = S_mark_components(f, face, gid, work, &top, diag);
	}
	free(work);
	return st;
}

static enum dc_status S_add_components(const struct ttfix_font *f,
				       struct dc_diag *diag)
{
	/* Without embedding libharu writes no font program to mend. */
	if (!f->tt->embedding)
		return DC_OK;
	FT_Library lib;
	FT_Error err = FT_Init_FreeType(&lib);
	if (err)
		return S_fail(diag, "cannot initialise FreeType (error %d)",
			      err);
	FT_Face face;
	enum dc_status st = S_open_face(f, lib, &face, diag);
	if (st == DC_OK) {
		st = S_close_over(f, face, diag);
		FT_Done_Face(face);
	}
	FT_Done_FreeType(lib);
	return st;
}

/* ---- writing the ToUnicode CMap ------------------------------------ */

/* One bfrange (LO..HI to DST, DST+1, ...) or, when LO == HI, one bfchar. */
struct cmap_entry {
	uint32_t lo;
	uint32_t hi;
	uint32_t dst;
};

/* Whether code C + 1 may join a range ending at C.  A range's codes may
 * differ only in their last byte, and the viewer makes each destination
 * by adding to the last byte of DST, so that byte must not overflow;
 * destinations beyond the BMP (two UTF-16 units) get single entries. */
static bool S_extends(const uint32_t *text, uint32_t start, uint32_t c)
{
	uint32_t next = c + 1;
	return next < N_CODES && (next >> 8) == (start >> 8) &&
	       text[start] <= 0xFFFF && text[next] != 0 &&
	       text[next] == text[c] + 1 && (text[next] & 0xFF) != 0;
}

/* The next entry at or after *POS; false when there is none. */
static bool S_next_entry(const uint32_t *text, uint32_t *pos,
			 struct cmap_entry *e)
{
	uint32_t c = *pos;
	while (c < N_CODES && text[c] == 0)
		c++;
	if (c >= N_CODES)
		return false;
	uint32_t start = c;
	while (S_extends(text, start, c))
		c++;
	*e = (struct cmap_entry){ .lo = start, .hi = c, .dst = text[start] };
	*pos = c + 1;
	return true;
}

static size_t S_count_entries(const uint32_t *text, bool ranges)
{
	size_t n = 0;
	uint32_t pos = 0;
	struct cmap_entry e;
	while (S_next_entry(text, &pos, &e))
		if ((e.hi > e.lo) == ranges)
			n++;
	return n;
}

static HPDF_STATUS S_put(HPDF_Stream out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static HPDF_STATUS S_put(HPDF_Stream out, const char *fmt, ...)
{
	char line[128];
	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (len < 0 || (size_t)len >= sizeof line)
		return HPDF_INVALID_PARAMETER;
	return HPDF_Stream_WriteStr(out, line);
}

/* CP (at most U+10FFFF) as UTF-16BE hex digits: 4 in the BMP, else the 8
 * of a surrogate pair. */
static void S_utf16_hex(uint32_t cp, char out[9])
{
	if (cp <= 0xFFFF) {
		snprintf(out, 9, "%04X", (unsigned)cp);
		return;
	}
	uint32_t v = (cp - 0x10000) & 0xFFFFF;
	snprintf(out, 9, "%04X%04X", (unsigned)(0xD800 + (v >> 10)),
		 (unsigned)(0xDC00 + (v & 0x3FF)));
}

static HPDF_STATUS S_put_entry(HPDF_Stream out, const struct cmap_entry *e)
{
	char dst[9];
	S_utf16_hex(e->dst, dst);
	if (e->hi > e->lo)
		return S_put(out, "<%04X> <%04X> <%s>\n", (unsigned)e->lo,
			     (unsigned)e->hi, dst);
	return S_put(out, "<%04X> <%s>\n", (unsigned)e->lo, dst);
}

/* All ranges (RANGES) or all single characters, TOTAL of them, in blocks
 * of at most CMAP_CHUNK. */
static HPDF_STATUS S_put_block(HPDF_Stream out, const uint32_t *text,
			       bool ranges, size_t total)
{
	const char *kind = ranges ? "bfrange" : "bfchar";
	HPDF_STATUS st = HPDF_OK;
	size_t done = 0;
	uint32_t pos = 0;
	struct cmap_entry e;
	while (st == HPDF_OK && S_next_entry(text, &pos, &e)) {
		if ((e.hi > e.lo) != ranges)
			continue;
		if (done % CMAP_CHUNK == 0) {
			size_t left = total - done;
			st = S_put(out, "%zu begin%s\n",
				   left < CMAP_CHUNK ? left : CMAP_CHUNK, kind);
		}
		if (st == HPDF_OK)
			st = S_put_entry(out, &e);
		done++;
		if (st == HPDF_OK && (done % CMAP_CHUNK == 0 || done == total))
			st = S_put(out, "end%s\n", kind);
	}
	return st;
}

static const char S_cmap_head[] =
	"/CIDInit /ProcSet findresource begin\n"
	"12 dict begin\n"
	"begincmap\n"
	"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	"/CMapName /Adobe-Identity-UCS def\n"
	"/CMapType 2 def\n"
	"1 begincodespacerange\n"
	"<0000> <FFFF>\n"
	"endcodespacerange\n";

static const char S_cmap_tail[] =
	"endcmap\n"
	"CMapName currentdict /CMap defineresource pop\n"
	"end\n"
	"end\n";

static HPDF_STATUS S_put_cmap(HPDF_Stream out, const uint32_t *text)
{
	HPDF_STATUS st = HPDF_Stream_WriteStr(out, S_cmap_head);
	if (st == HPDF_OK)
		st = S_put_block(out, text, true, S_count_entries(text, true));
	if (st == HPDF_OK)
		st = S_put_block(out, text, false,
				 S_count_entries(text, false));
	if (st == HPDF_OK)
		st = HPDF_Stream_WriteStr(out, S_cmap_tail);
	return st;
}

/* The stream dictionary described the encoder's CMap ("UTF-8", Identity
 * ordering, a writing mode); say what the stream now is instead. */
static HPDF_STATUS S_relabel(HPDF_Dict cmap)
{
	HPDF_Dict info = HPDF_Dict_New(cmap->mmgr);
	if (!info)
		return HPDF_FAILD_TO_ALLOC_MEM;
	HPDF_STATUS st = HPDF_Dict_Add(cmap, "CIDSystemInfo", info);
	if (st != HPDF_OK)
		return st;  /* HPDF_Dict_Add freed INFO */
	st = HPDF_Dict_Add(info, "Registry",
			   HPDF_String_New(cmap->mmgr, "Adobe", NULL));
	if (st == HPDF_OK)
		st = HPDF_Dict_Add(info, "Ordering",
				   HPDF_String_New(cmap->mmgr, "UCS", NULL));
	if (st == HPDF_OK)
		st = HPDF_Dict_AddNumber(info, "Supplement", 0);
	if (st == HPDF_OK)
		st = HPDF_Dict_AddName(cmap, "CMapName", "Adobe-Identity-UCS");
	if (st == HPDF_OK)
		(void)HPDF_Dict_RemoveElement(cmap, "WMode");  /* absent: fine */
	return st;
}

static enum dc_status S_rewrite_to_unicode(const struct ttfix_font *f,
					   const uint32_t *text,
					   struct dc_diag *diag)
{
	HPDF_MemStream_FreeData(f->to_unicode->stream);
	HPDF_STATUS st = S_put_cmap(f->to_unicode->stream, text);
	if (st == HPDF_OK)
		st = S_relabel(f->to_unicode);
	if (st != HPDF_OK)
		return S_fail(diag, "%s: cannot write its ToUnicode CMap "
			      "(libharu error 0x%04X)", f->path,
			      (unsigned)st);
	return DC_OK;
}

/* ---- the CIDFont's character collection ----------------------------- */

/* libharu names the collection Adobe-Identity-H (the encoder's name, not a
 * collection); with /Encoding /Identity-H it must be Adobe-Identity-0.  A
 * reader that finds no usable ToUnicode entry falls back on the collection,
 * and poppler then reports "Unknown character collection". */
static enum dc_status S_fix_ordering(const struct ttfix_font *f,
				     struct dc_diag *diag)
{
	HPDF_STATUS st = HPDF_Dict_Add(f->cid_info, "Ordering",
				       HPDF_String_New(f->cid_info->mmgr,
						       "Identity", NULL));
	if (st != HPDF_OK)
		return S_fail(diag, "%s: cannot set its CIDSystemInfo "
			      "(libharu error 0x%04X)", f->path, (unsigned)st);
	return DC_OK;
}

/* ---- the entry points ---------------------------------------------- */

enum dc_status pdf_ttfix_glyphs(HPDF_Doc pdf, HPDF_Font font,
				const char *path, struct pdf_tt_glyphs *out,
				struct dc_diag *diag)
{
	struct ttfix_font f = {.path = path ? path : "(font)"};
	*out = (struct pdf_tt_glyphs){0};
	enum dc_status st = S_inspect(pdf, font, &f, diag);
	if (st != DC_OK)
		return st;
	uint16_t *gid = malloc((LAST_MAPPED_CODE + 1) * sizeof *gid);
	if (!gid)
		return dc_fail_oom(diag);
	S_cmap_gids(f.tt, gid);
	HPDF_FontAttr attr = font->attr;
	HPDF_STATUS hst = S_write_glyph_map(&f, gid);
	if (hst == HPDF_OK)
		hst = S_write_widths(&f, attr->descendant_font, gid);
	if (hst != HPDF_OK) {
		free(gid);
		return S_fail(diag, "%s: cannot write the CIDToGIDMap and "
			      "widths (libharu error 0x%04X)", f.path,
			      (unsigned)hst);
	}
	*out = (struct pdf_tt_glyphs){.gid = gid,
				      .n_codes = LAST_MAPPED_CODE + 1,
				      .used = f.tt->glyph_tbl.flgs,
				      .n_glyphs = f.tt->num_glyphs};
	return DC_OK;
}

enum dc_status pdf_ttfix_font(HPDF_Doc pdf, HPDF_Font font, const char *path,
			      const struct pdf_tt_glyphs *glyphs,
			      struct dc_diag *diag)
{
	struct ttfix_font f = { .path = path ? path : "(font)" };
	enum dc_status st = S_inspect(pdf, font, &f, diag);
	if (st != DC_OK)
		return st;
	if (!path)
		return S_fail(diag, "no font file given for %s",
			      f.def->base_font);
	uint32_t *text = calloc(N_CODES, sizeof *text);
	if (!text)
		return dc_fail_oom(diag);
	/* The codes first: the components marked next were not drawn. */
	S_drawn_codes(&f, glyphs, text);
	st = S_add_components(&f, diag);
	if (st == DC_OK)
		st = S_rewrite_to_unicode(&f, text, diag);
	if (st == DC_OK)
		st = S_fix_ordering(&f, diag);
	free(text);
	return st;
}

/* ---- the font program, cut before the save -------------------------- *
 *
 * At each save, CIDFontType2_BeforeWrite_Func (the Type0 dictionary's
 * before-write hook) gives the three streams the Type0 dictionary's
 * filter, and at the first it makes the descriptor and cuts the font
 * program into /FontFile2.  Called here once first, with that filter
 * none, it does the same; the save then finds the descriptor made and
 * writes the streams as they are, deflated by libdeflate (deflate.h):
 * libharu's zlib took 88 M instructions for the four fonts of a 300-page
 * PDF, libdeflate takes 49 M, and the streams come out smaller. */

size_t pdf_ttfix_cut(HPDF_Font font, HPDF_Dict streams[PDF_TTFIX_STREAMS])
{
	HPDF_FontAttr attr = font->attr;
	font->filter = HPDF_STREAM_FILTER_NONE;
	if (!font->before_write_fn || font->before_write_fn(font) != HPDF_OK)
		return 0;
	HPDF_Dict descriptor = attr->fontdef->descriptor;
	HPDF_Dict program = descriptor ? HPDF_Dict_GetItem(descriptor,
		"FontFile2", HPDF_OCLASS_DICT) : NULL;
	if (!program || !program->stream || !attr->map_stream ||
	    !attr->cmap_stream)
		return 0;
	streams[0] = program;
	streams[1] = attr->map_stream;
	streams[2] = attr->cmap_stream;
	return PDF_TTFIX_STREAMS;
}
