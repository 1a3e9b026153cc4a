/* Fonts of the PDF writer: discovery, styles, metrics, fallback and
 * warnings, on the fonts installed (fonts-dejavu-core and
 * fonts-droid-fallback; a CFF-only family such as fonts-inconsolata's, if
 * installed, for the refusal of CFF).
 *
 * A face is opaque; these tests tell faces apart by pointer, and name
 * them by the PostScript name libharu gives when the face is loaded into
 * a PDF (DejaVuSerif-Bold, DroidSansFallback...). */
#include "harness.h"

#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf_font.h>
#include <hpdf_list.h>
#include <hpdf_objects.h>

#include "fonts.h"

/* One pdf_fonts over a fresh PDF, its diagnostics captured. */
struct S_env {
	HPDF_Doc pdf;
	struct pdf_fonts *fonts;
	struct dc_diag diag;
	char *log;
	size_t loglen;
	enum dc_status status;
};

static void S_open(struct S_env *env, const char *body, const char *mono)
{
	*env = (struct S_env){.pdf = HPDF_New(NULL, NULL)};
	dc_diag_init(&env->diag, "test",
		     open_memstream(&env->log, &env->loglen));
	CHECK(env->pdf != NULL);
	CHECK(env->diag.stream != NULL);
	if (env->pdf)
		CHECK_INT(HPDF_UseUTFEncodings(env->pdf), HPDF_OK);
	env->status = pdf_fonts_open(&env->fonts, env->pdf, body, mono,
				     &env->diag);
	fflush(env->diag.stream);
}

static void S_close(struct S_env *env)
{
	pdf_fonts_close(env->fonts);
	if (env->pdf)
		HPDF_Free(env->pdf);
	if (env->diag.stream)
		fclose(env->diag.stream);
	free(env->log);
}

/* The text of the warnings so far ("" if none). */
static const char *S_log(struct S_env *env)
{
	fflush(env->diag.stream);
	return env->log ? env->log : "";
}

/* The PostScript name of FACE, as libharu loads it. */
static const char *S_name(struct S_env *env, const struct pdf_face *face)
{
	if (!face)
		return "(no face)";
	HPDF_Font font = pdf_face_font(env->fonts, face);
	return font ? HPDF_Font_GetFontName(font) : "(not loaded)";
}

/* Check that FACE is the font whose PostScript name is PS (libharu
 * appends ",Style" to it). */
#define CHECK_FACE(env, face, ps) \
	S_check_face(__FILE__, __LINE__, env, face, ps)

static void S_check_face(const char *file, int line, struct S_env *env,
			 const struct pdf_face *face, const char *ps)
{
	const char *name = S_name(env, face);
	size_t n = strcspn(name, ",");
	if (n != strlen(ps) || strncmp(name, ps, n) != 0)
		dc_check_fail(file, line, "face is \"%s\", want \"%s\"", name,
			      ps);
}

static const struct pdf_face *S_face(struct S_env *env, enum pdf_family fam,
				     enum pdf_style style, uint32_t cp)
{
	return env->fonts ? pdf_fonts_face(env->fonts, fam, style, cp) : NULL;
}

static void test_defaults(void)
{
	static const char *const names[] = {
		"DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSerif-Italic",
		"DejaVuSerif-BoldItalic",
	};
	struct S_env env;
	S_open(&env, NULL, NULL);
	CHECK_INT(env.status, DC_OK);
	CHECK_INT(env.diag.warnings, 0);
	const struct pdf_face *faces[4] = {0};
	for (int s = 0; s < 4 && env.fonts; s++) {
		faces[s] = S_face(&env, PDF_BODY, (enum pdf_style)s, 'A');
		CHECK_FACE(&env, faces[s], names[s]);
		for (int t = 0; t < s; t++)
			CHECK(faces[s] != faces[t]);
	}
	S_close(&env);
}

static void test_mono(void)
{
	static const char *const names[] = {
		"DejaVuSansMono", "DejaVuSansMono-Bold",
		"DejaVuSansMono-Oblique", "DejaVuSansMono-BoldOblique",
	};
	struct S_env env;
	S_open(&env, NULL, NULL);
	for (int s = 0; s < 4 && env.fonts; s++) {
		const struct pdf_face *face =
			S_face(&env, PDF_MONO, (enum pdf_style)s, 'x');
		CHECK_FACE(&env, face, names[s]);
		/* Monospaced: every ASCII letter as wide as the space. */
		CHECK(pdf_face_advance(face, 'M') ==
		      pdf_face_advance(face, ' '));
		CHECK(pdf_face_advance(face, 'i') ==
		      pdf_face_advance(face, ' '));
	}
	S_close(&env);
}

static void test_metrics(void)
{
	struct S_env env;
	S_open(&env, NULL, NULL);
	const struct pdf_face *face = S_face(&env, PDF_BODY, PDF_REGULAR, 'M');
	if (face) {
		double m = pdf_face_advance(face, 'M');
		double space = pdf_face_advance(face, ' ');
		/* DejaVu Serif is wide: its M is 2095/2048 em. */
		CHECK(m > 0.5 && m < 1.1);
		HPDF_Font font = pdf_face_font(env.fonts, face);
		CHECK(font != NULL);
		if (font)
			CHECK_INT(HPDF_Font_GetUnicodeWidth(font, 'M'),
				  (int)(m * 1000 + 0.5));
		CHECK(space > 0.2 && space < 0.4);
		CHECK(pdf_face_advance(face, 'i') < m);
		CHECK(pdf_face_ascent(face) > 0.6 &&
		      pdf_face_ascent(face) < 1.2);
		CHECK(pdf_face_descent(face) < -0.1 &&
		      pdf_face_descent(face) > -0.5);
	}
	CHECK(face != NULL);
	S_close(&env);
}

/* Widths are libharu's own, so layout and the PDF's /W array agree. */
static void test_widths_match_libharu(void)
{
	static const uint32_t text[] = {
		'W', 'a', 'l', 't', 'z', ' ', 0xE9, 0x3A9, 0x3AD, 0x436,
		0x401, 0x1E17, 0x2014, 0x201C, 0xFB01,
	};
	char utf8[64] = "Waltz \xC3\xA9\xCE\xA9\xCE\xAD\xD0\xB6\xD0\x81"
			"\xE1\xB8\x97\xE2\x80\x94\xE2\x80\x9C\xEF\xAC\x81";
	struct S_env env;
	S_open(&env, NULL, NULL);
	const struct pdf_face *face = S_face(&env, PDF_BODY, PDF_REGULAR, 'W');
	HPDF_Font font = face ? pdf_face_font(env.fonts, face) : NULL;
	CHECK(font != NULL);
	if (font) {
		double ours = 0;
		for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
			ours += pdf_face_advance(face, text[i]) * 1000;
		HPDF_TextWidth tw = HPDF_Font_TextWidth(
			font, (const HPDF_BYTE *)utf8,
			(HPDF_UINT)strlen(utf8));
		CHECK_INT(tw.numchars, sizeof text / sizeof text[0]);
		CHECK_INT((long long)(ours + 0.5), tw.width);
	}
	S_close(&env);
}

/* STREAM's bytes, if no more than *LEN, into BUF; *LEN = how many.  No
 * more than it holds is asked for: reading past its end would leave an
 * error on the document, which refuses everything after. */
static void S_read_stream(HPDF_Stream stream, HPDF_BYTE *buf, HPDF_UINT *len)
{
	HPDF_UINT size = stream ? HPDF_Stream_Size(stream) : 0;
	bool ok = size <= *len &&
		  HPDF_Stream_Seek(stream, 0, HPDF_SEEK_SET) == HPDF_OK &&
		  HPDF_Stream_Read(stream, buf, &size) == HPDF_OK;
	*len = ok ? size : 0;
}

/* The class of an array's item (read from its header: asked for a
 * class it has not, HPDF_Array_GetItem() leaves an error on the
 * document). */
static HPDF_UINT16 S_class(void *item)
{
	return ((HPDF_Obj_Header *)item)->obj_class & HPDF_OCLASS_ANY;
}

/* Do the arrays A and B hold the same numbers and arrays of numbers? */
static bool S_same_array(HPDF_Array a, HPDF_Array b)
{
	HPDF_UINT n = a && b ? HPDF_Array_Items(a) : 0;
	if (!a || !b || n != HPDF_Array_Items(b))
		return false;
	for (HPDF_UINT i = 0; i < n; i++) {
		void *ia = HPDF_List_ItemAt(a->list, i);
		void *ib = HPDF_List_ItemAt(b->list, i);
		if (!ia || !ib || S_class(ia) != S_class(ib))
			return false;
		if (S_class(ia) == HPDF_OCLASS_NUMBER) {
			if (((HPDF_Number)ia)->value != ((HPDF_Number)ib)->value)
				return false;
		} else if (S_class(ia) != HPDF_OCLASS_ARRAY ||
			   !S_same_array(ia, ib)) {
			return false;
		}
	}
	return true;
}

/* FONT's widths (/W), from its CIDFont. */
static HPDF_Array S_widths(HPDF_Font font)
{
	HPDF_FontAttr attr = font ? font->attr : NULL;
	return attr ? HPDF_Dict_GetItem(attr->descendant_font, "W",
					HPDF_OCLASS_ARRAY)
		    : NULL;
}

/* FONT's CIDToGIDMap into *LEN bytes at BUF. */
static void S_glyph_map(HPDF_Font font, HPDF_BYTE *buf, HPDF_UINT *len)
{
	HPDF_FontAttr attr = font ? font->attr : NULL;
	S_read_stream(attr && attr->map_stream ? attr->map_stream->stream
					       : NULL, buf, len);
}

/* FACE's font as libharu makes it, with HPDF_GetFont(), in REF. */
static HPDF_Font S_libharu_font(HPDF_Doc ref, const struct pdf_face *face)
{
	int index = 0;
	const char *path = pdf_face_path(face, &index);
	if (!ref || HPDF_UseUTFEncodings(ref) != HPDF_OK)
		return NULL;
	const char *name =
		index ? HPDF_LoadTTFontFromFile2(ref, path, (HPDF_UINT)index,
						 HPDF_TRUE)
		      : HPDF_LoadTTFontFromFile(ref, path, HPDF_TRUE);
	return name ? HPDF_GetFont(ref, name, "UTF-8") : NULL;
}

/* The CIDToGIDMap and the widths (/W) docconv makes for a font
 * (ttfix.c, without libharu's search of the cmap for each code) are the
 * ones libharu makes for the same font got with HPDF_GetFont() in a
 * document of its own: the same bytes, the same numbers.  For a Latin
 * face and for the CJK fallback, whose cmap is the largest. */
static void test_tables_match_libharu(void)
{
	enum { MAP_BYTES = 2 * 0x10000 };
	static const uint32_t cps[] = {'A', 0x8FD1};
	HPDF_BYTE *ours = malloc(MAP_BYTES), *theirs = malloc(MAP_BYTES);
	struct S_env env;
	S_open(&env, NULL, NULL);
	CHECK(ours && theirs && env.fonts);
	for (size_t i = 0; i < 2 && env.fonts && ours && theirs; i++) {
		const struct pdf_face *face =
			S_face(&env, PDF_BODY, PDF_REGULAR, cps[i]);
		HPDF_Font font = face ? pdf_face_font(env.fonts, face) : NULL;
		HPDF_Doc ref = HPDF_New(NULL, NULL);
		HPDF_Font own = face ? S_libharu_font(ref, face) : NULL;
		CHECK(font && own);
		HPDF_UINT na = MAP_BYTES, nb = MAP_BYTES;
		S_glyph_map(font, ours, &na);
		S_glyph_map(own, theirs, &nb);
		CHECK_INT(na, 2 * 0xFFFF);
		CHECK(na == nb && memcmp(ours, theirs, na) == 0);
		CHECK(S_same_array(S_widths(font), S_widths(own)));
		CHECK(HPDF_Array_Items(S_widths(font)) > 10);
		if (ref)
			HPDF_Free(ref);
	}
	S_close(&env);
	free(ours);
	free(theirs);
}

/* Every code point of a wide range asked twice: the cache (grown many
 * times over) answers as FreeType did the first time. */
static void test_cache(void)
{
	enum { FIRST = 0x80, LAST = 0x33FF };
	static double first[LAST + 1];
	struct S_env env;
	S_open(&env, NULL, NULL);
	const struct pdf_face *face = S_face(&env, PDF_BODY, PDF_REGULAR, 'a');
	if (face) {
		for (uint32_t cp = FIRST; cp <= LAST; cp++)
			first[cp] = pdf_face_advance(face, cp);
		int differ = 0;
		for (uint32_t cp = LAST; cp >= FIRST; cp--)
			differ += pdf_face_advance(face, cp) != first[cp];
		CHECK_INT(differ, 0);
		CHECK(first[0x416] > 0.5);  /* Ж */
	}
	CHECK(face != NULL);
	S_close(&env);
}

/* In every style of the default body family, each of CPS is set in the
 * family's own face, without a warning. */
static void S_expect_own_face(const uint32_t *cps, size_t n)
{
	struct S_env env;
	S_open(&env, NULL, NULL);
	for (int s = 0; s < 4 && env.fonts; s++) {
		const struct pdf_face *own =
			S_face(&env, PDF_BODY, (enum pdf_style)s, 'a');
		for (size_t i = 0; i < n; i++)
			CHECK(S_face(&env, PDF_BODY, (enum pdf_style)s,
				     cps[i]) == own);
	}
	CHECK_INT(env.diag.warnings, 0);
	S_close(&env);
}

static void test_scripts_stay(void)
{
	static const uint32_t cps[] = {
		0xE9,   /* é */
		0x15D,  /* ŝ */
		0x3A9,  /* Ω */
		0x3AD,  /* έ */
		0x436,  /* ж */
		0x401,  /* Ё */
		0x1E17, /* ḗ */
	};
	S_expect_own_face(cps, sizeof cps / sizeof cps[0]);
}

static void test_cjk_fallback(void)
{
	struct S_env env;
	S_open(&env, NULL, NULL);
	for (int s = 0; s < 4 && env.fonts; s++) {
		const struct pdf_face *jin =
			S_face(&env, PDF_BODY, (enum pdf_style)s, 0x8FD1);
		const struct pdf_face *tan =
			S_face(&env, PDF_MONO, (enum pdf_style)s, 0x8C08);
		CHECK_FACE(&env, jin, "DroidSansFallback");
		CHECK(jin == tan);
		if (jin) {
			double w = pdf_face_advance(jin, 0x8FD1);
			CHECK(w > 0.8 && w <= 1.0);
		}
		/* Asked again: the same decision, from the cache. */
		CHECK(S_face(&env, PDF_BODY, (enum pdf_style)s, 0x8FD1) == jin);
	}
	CHECK_INT(env.diag.warnings, 0);
	S_close(&env);
}

static void test_unknown_family(void)
{
	struct S_env env;
	S_open(&env, "No Such Family 7", NULL);
	CHECK_INT(env.status, DC_OK);
	CHECK_INT(env.diag.warnings, 1);
	CHECK_STR(S_log(&env), "test: warning: font family 'No Such Family "
			       "7' not found; using DejaVu Serif\n");
	CHECK_FACE(&env, S_face(&env, PDF_BODY, PDF_BOLD, 'a'),
		   "DejaVuSerif-Bold");
	S_close(&env);

	S_open(&env, NULL, "No Such Mono");
	CHECK_INT(env.status, DC_OK);
	CHECK_INT(env.diag.warnings, 1);
	CHECK_STR(S_log(&env), "test: warning: font family 'No Such Mono' "
			       "not found; using DejaVu Sans Mono\n");
	CHECK_FACE(&env, S_face(&env, PDF_MONO, PDF_REGULAR, 'a'),
		   "DejaVuSansMono");
	S_close(&env);
}

/* Case does not matter; fontconfig's generic names are honoured. */
static void test_family_names(void)
{
	struct S_env env;
	S_open(&env, "dejavu SERIF", "monospace");
	CHECK_INT(env.status, DC_OK);
	CHECK_INT(env.diag.warnings, 0);
	CHECK_FACE(&env, S_face(&env, PDF_BODY, PDF_REGULAR, 'a'),
		   "DejaVuSerif");
	CHECK_FACE(&env, S_face(&env, PDF_MONO, PDF_REGULAR, 'a'),
		   "DejaVuSansMono");
	S_close(&env);

	S_open(&env, "DejaVu Sans", "DejaVu Serif");
	CHECK_INT(env.diag.warnings, 0);
	CHECK_FACE(&env, S_face(&env, PDF_BODY, PDF_ITALIC, 'a'),
		   "DejaVuSans-Oblique");
	CHECK_FACE(&env, S_face(&env, PDF_MONO, PDF_BOLD, 'a'),
		   "DejaVuSerif-Bold");
	S_close(&env);
}

/* A family with one style lends it to all four, never another family's. */
static void test_missing_styles(void)
{
	struct S_env env;
	S_open(&env, "Droid Sans Fallback", NULL);
	CHECK_INT(env.status, DC_OK);
	CHECK_INT(env.diag.warnings, 0);
	const struct pdf_face *regular =
		S_face(&env, PDF_BODY, PDF_REGULAR, 0x8FD1);
	CHECK_FACE(&env, regular, "DroidSansFallback");
	for (int s = 1; s < 4; s++)
		CHECK(S_face(&env, PDF_BODY, (enum pdf_style)s, 0x8FD1) ==
		      regular);
	/* It has no Latin letters: they fall back (to DejaVu here). */
	CHECK(S_face(&env, PDF_BODY, PDF_REGULAR, 'a') != regular);
	CHECK_INT(env.diag.warnings, 0);
	S_close(&env);
}

static void test_missing_glyph_warns_once(void)
{
	struct S_env env;
	S_open(&env, NULL, NULL);
	for (int round = 0; round < 3 && env.fonts; round++)
		for (int s = 0; s < 4; s++)
			for (int fam = 0; fam < 2; fam++) {
				const struct pdf_face *own = S_face(
					&env, (enum pdf_family)fam,
					(enum pdf_style)s, 'a');
				CHECK(S_face(&env, (enum pdf_family)fam,
					     (enum pdf_style)s,
					     0x10FFFD) == own);
			}
	CHECK_INT(env.diag.warnings, 1);
	CHECK_STR(S_log(&env), "test: warning: U+10FFFD is beyond U+FFFF, "
			       "which the PDF writer cannot draw; it will "
			       "show as a space\n");
	/* An unassigned character of the BMP: no font has it. */
	S_face(&env, PDF_BODY, PDF_REGULAR, 0x0378);
	S_face(&env, PDF_MONO, PDF_BOLD, 0x0378);
	S_face(&env, PDF_BODY, PDF_REGULAR, 0x0378);
	CHECK_INT(env.diag.warnings, 2);
	CHECK(strstr(S_log(&env), "\ntest: warning: no installed font has a "
				  "glyph for U+0378; it will show as a "
				  "box\n") != NULL);
	S_close(&env);
}

/* Beyond U+FFFF libharu 2.3.0 draws a space, and measures it so: layout
 * must reserve what will be drawn. */
static void test_beyond_bmp(void)
{
	struct S_env env;
	S_open(&env, NULL, NULL);
	const struct pdf_face *face =
		S_face(&env, PDF_BODY, PDF_REGULAR, 0x1F600);
	CHECK(face == S_face(&env, PDF_BODY, PDF_REGULAR, 'a'));
	if (face)
		CHECK(pdf_face_advance(face, 0x1F600) ==
		      pdf_face_advance(face, ' '));
	CHECK_INT(env.diag.warnings, 1);
	S_close(&env);
}

static void test_invisible_never_warn(void)
{
	static const uint32_t cps[] = {
		'\t', '\n', '\r', ' ', 0x7F, 0x85, 0xA0, 0x200B, 0x200C,
		0x200D, 0x2060, 0xFEFF,
	};
	S_expect_own_face(cps, sizeof cps / sizeof cps[0]);
}

/* Whether some font of FAMILY (by any of its names) is TrueType. */
static bool S_family_has_truetype(const FcFontSet *set, const FcChar8 *family)
{
	for (int i = 0; i < set->nfont; i++) {
		FcChar8 *name, *format;
		bool member = false;
		for (int n = 0; FcPatternGetString(set->fonts[i], FC_FAMILY, n,
						   &name) == FcResultMatch;
		     n++)
			member |= FcStrCmpIgnoreCase(name, family) == 0;
		if (member &&
		    FcPatternGetString(set->fonts[i], FC_FONTFORMAT, 0,
				       &format) == FcResultMatch &&
		    strcmp((const char *)format, "TrueType") == 0)
			return true;
	}
	return false;
}

/* The alphabetically first installed family with CFF fonts and no
 * TrueType one, in BUF; false if there is none. */
static bool S_cff_only_family(char *buf, size_t size)
{
	FcConfig *config = FcInitLoadConfigAndFonts();
	FcPattern *all = FcPatternCreate();
	FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, FC_FONTFORMAT, (char *)0);
	FcFontSet *set = config && all && os ? FcFontList(config, all, os)
					     : NULL;
	*buf = '\0';
	for (int i = 0; set && i < set->nfont; i++) {
		FcChar8 *family, *format;
		if (FcPatternGetString(set->fonts[i], FC_FAMILY, 0, &family) !=
			    FcResultMatch ||
		    FcPatternGetString(set->fonts[i], FC_FONTFORMAT, 0,
				       &format) != FcResultMatch ||
		    strcmp((const char *)format, "CFF") != 0 ||
		    S_family_has_truetype(set, family) ||
		    (*buf && strcmp((const char *)family, buf) >= 0) ||
		    strlen((const char *)family) >= size)
			continue;
		strcpy(buf, (const char *)family);
	}
	if (set)
		FcFontSetDestroy(set);
	if (os)
		FcObjectSetDestroy(os);
	if (all)
		FcPatternDestroy(all);
	if (config)
		FcConfigDestroy(config);
	return *buf != '\0';
}

static void test_cff_refused(void)
{
	char family[256], want[1024];
	/* tools/deps.sh installs fonts-inconsolata for this test: without a
	 * CFF-only family the refusal cannot be shown, so that fails too. */
	if (!S_cff_only_family(family, sizeof family)) {
		dc_check_fail(__FILE__, __LINE__,
			      "no CFF-only font family is installed; "
			      "apt-get install fonts-inconsolata");
		return;
	}
	printf("note pdf_fonts.cff_refused: refusing '%s'\n", family);
	struct S_env env;
	S_open(&env, family, family);
	CHECK_INT(env.status, DC_OK);
	CHECK_INT(env.diag.warnings, 2);
	snprintf(want, sizeof want,
		 "test: warning: font family '%s' has no TrueType outlines; "
		 "using DejaVu Serif\n"
		 "test: warning: font family '%s' has no TrueType outlines; "
		 "using DejaVu Sans Mono\n",
		 family, family);
	CHECK_STR(S_log(&env), want);
	CHECK_FACE(&env, S_face(&env, PDF_BODY, PDF_REGULAR, 'a'),
		   "DejaVuSerif");
	CHECK_FACE(&env, S_face(&env, PDF_MONO, PDF_REGULAR, 'a'),
		   "DejaVuSansMono");
	S_close(&env);
}

/* With no font at all (a fontconfig configuration naming an empty
 * folder), opening fails and says what to install. */
static void test_no_fonts(void)
{
	char path[] = "/tmp/docconv-fonts-XXXXXX";
	int fd = mkstemp(path);
	FILE *conf = fd >= 0 ? fdopen(fd, "w") : NULL;
	CHECK(conf != NULL);
	if (!conf)
		return;
	fputs("<?xml version=\"1.0\"?>\n<fontconfig><dir>/nonexistent"
	      "</dir><cachedir>/nonexistent</cachedir></fontconfig>\n",
	      conf);
	fclose(conf);
	const char *old = getenv("FONTCONFIG_FILE");
	char *saved = old ? strdup(old) : NULL;
	setenv("FONTCONFIG_FILE", path, 1);
	struct S_env env;
	S_open(&env, "Anything", NULL);
	CHECK_INT(env.status, DC_ERR_SOFTWARE);
	CHECK(env.fonts == NULL);
	CHECK_STR(S_log(&env), "test: warning: font family 'Anything' not "
			       "found; using DejaVu Serif\n");
	CHECK_STR(env.diag.error.message,
		  "font family 'DejaVu Serif' not found; install the "
		  "fonts-dejavu-core package");
	S_close(&env);
	if (saved)
		setenv("FONTCONFIG_FILE", saved, 1);
	else
		unsetenv("FONTCONFIG_FILE");
	free(saved);
	remove(path);
}

/* The same questions give the same faces, loaded in the same order. */
static void test_deterministic(void)
{
	static const uint32_t cps[] = {'a', 0x8FD1, 0x2192, 0x10FFFD, 0x5F};
	const char *names[2][4 * 5] = {{0}};
	struct S_env env[2];
	for (int run = 0; run < 2; run++) {
		S_open(&env[run], NULL, NULL);
		for (int s = 0; s < 4 && env[run].fonts; s++)
			for (int i = 0; i < 5; i++)
				names[run][s * 5 + i] = S_name(
					&env[run],
					S_face(&env[run], PDF_BODY,
					       (enum pdf_style)s, cps[i]));
	}
	for (int i = 0; i < 4 * 5; i++)
		CHECK_STR(names[1][i], names[0][i] ? names[0][i] : "(null)");
	S_close(&env[0]);
	S_close(&env[1]);
}

/* Faces drawn with are mended and the PDF saves. */
static void test_finish(void)
{
	struct S_env env;
	S_open(&env, NULL, NULL);
	if (env.fonts) {
		HPDF_Page page = HPDF_AddPage(env.pdf);
		const struct pdf_face *latin =
			S_face(&env, PDF_BODY, PDF_REGULAR, 'H');
		const struct pdf_face *cjk =
			S_face(&env, PDF_BODY, PDF_REGULAR, 0x8FD1);
		HPDF_Font f1 = pdf_face_font(env.fonts, latin);
		HPDF_Font f2 = pdf_face_font(env.fonts, cjk);
		CHECK(f1 && f2 && f1 != f2);
		CHECK(pdf_face_font(env.fonts, latin) == f1);
		HPDF_Page_BeginText(page);
		HPDF_Page_SetFontAndSize(page, f1, 12);
		HPDF_Page_TextOut(page, 72, 700, "Hello");
		HPDF_Page_SetFontAndSize(page, f2, 12);
		HPDF_Page_TextOut(page, 72, 680, "\xE8\xBF\x91");
		HPDF_Page_EndText(page);
		CHECK_INT(pdf_fonts_finish(env.fonts), DC_OK);
		CHECK_INT(HPDF_SaveToStream(env.pdf), HPDF_OK);
		CHECK(HPDF_GetStreamSize(env.pdf) > 1000);
	}
	S_close(&env);
}

static const struct dc_test tests[] = {
	{"defaults", test_defaults},
	{"mono", test_mono},
	{"metrics", test_metrics},
	{"widths_match_libharu", test_widths_match_libharu},
	{"tables_match_libharu", test_tables_match_libharu},
	{"cache", test_cache},
	{"scripts_stay", test_scripts_stay},
	{"cjk_fallback", test_cjk_fallback},
	{"unknown_family", test_unknown_family},
	{"family_names", test_family_names},
	{"missing_styles", test_missing_styles},
	{"missing_glyph_warns_once", test_missing_glyph_warns_once},
	{"beyond_bmp", test_beyond_bmp},
	{"invisible_never_warn", test_invisible_never_warn},
	{"cff_refused", test_cff_refused},
	{"no_fonts", test_no_fonts},
	{"deterministic", test_deterministic},
	{"finish", test_finish},
	{0},
};

const struct dc_suite dc_suite_pdf_fonts = {.name = "pdf_fonts",
					    .tests = tests};
