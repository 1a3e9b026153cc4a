#include "textstr.h"

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* The most bytes a string may have in a PDF (PDF 1.7, annex C); longer
 * text is cut there, at a character.  (libharu's own limit is 65,535.) */
enum { STRING_MAX = 32767 };

static bool S_plain_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7E)
			return false;
	return true;
}

/* How many bytes of the text S (ASCII as it is when ASCII, else as
 * UTF-16BE with a BOM) fit in a string: all of them, or those of the
 * characters before the first that would not. */
static size_t S_fitting(const char *s, bool ascii)
{
	size_t n = strlen(s);
	if (ascii)
		return n < STRING_MAX ? n : STRING_MAX;
	size_t i = 0, bytes = 2;  /* the BOM */
	while (i < n) {
		uint32_t cp;
		size_t k = dc_utf8_decode(s + i, n - i, &cp);
		size_t units = k > 0 && cp >= 0x10000 ? 4 : 2;
		if (bytes + units > STRING_MAX)
			break;
		bytes += units;
		i += k ? k : 1;
	}
	return i;
}

/* UTF-16BE with a BOM of the N bytes of UTF-8 at S; *LEN bytes,
 * malloc'd. */
static unsigned char *S_utf16be(const char *s, size_t n, size_t *len)
{
	unsigned char *out = malloc(2 + 4 * n);
	if (!out)
		return NULL;
	size_t o = 0;
	out[o++] = 0xFE;
	out[o++] = 0xFF;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = dc_utf8_decode(s + i, n - i, &cp);
		if (k == 0) {
			cp = 0xFFFD;
			k = 1;
		}
		i += k;
		if (cp >= 0x10000) {
			uint32_t v = cp - 0x10000;
			uint32_t hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
			out[o++] = (unsigned char)(hi >> 8);
			out[o++] = (unsigned char)hi;
			out[o++] = (unsigned char)(lo >> 8);
			out[o++] = (unsigned char)lo;
		} else {
			out[o++] = (unsigned char)(cp >> 8);
			out[o++] = (unsigned char)cp;
		}
	}
	*len = o;
	return out;
}

enum dc_status pdf_text_string(HPDF_Doc pdf, HPDF_Dict dict, const char *key,
			       const char *utf8, struct dc_diag *diag)
{
	bool ascii = S_plain_ascii(utf8);
	size_t n = S_fitting(utf8, ascii);
	if (utf8[n]) {
		enum dc_status st = dc_warn(
			diag, (struct dc_pos){0},
			"/%s of the PDF's document information cut to its "
			"first %zu bytes of UTF-8: a PDF string holds no more",
			key, n);
		if (st != DC_OK)
			return st;
	}
	void *obj;
	if (ascii) {
		char *cut = strndup(utf8, n);
		if (!cut)
			return dc_fail_oom(diag);
		obj = HPDF_String_New(pdf->mmgr, cut, NULL);
		free(cut);
	} else {
		size_t len;
		unsigned char *bytes = S_utf16be(utf8, n, &len);
		if (!bytes)
			return dc_fail_oom(diag);
		obj = HPDF_Binary_New(pdf->mmgr, bytes, (HPDF_UINT)len);
		free(bytes);
	}
	if (!obj || HPDF_Dict_Add(dict, key, obj) != HPDF_OK)
		return dc_fail(diag, DC_ERR_SOFTWARE, (struct dc_pos){0},
			       "PDF library failed: cannot set %s", key);
	return DC_OK;
}

HPDF_STATUS pdf_text_string_write(HPDF_Stream out, const char *utf8)
{
	bool ascii = S_plain_ascii(utf8);
	size_t n = S_fitting(utf8, ascii);
	if (ascii)
		return HPDF_Stream_WriteEscapeText2(out, utf8, (HPDF_UINT)n);
	size_t len;
	unsigned char *bytes = S_utf16be(utf8, n, &len);
	if (!bytes)
		return HPDF_FAILD_TO_ALLOC_MEM;
	HPDF_STATUS st = HPDF_Stream_WriteChar(out, '<');
	if (st == HPDF_OK)
		st = HPDF_Stream_WriteBinary(out, bytes, (HPDF_UINT)len, NULL);
	if (st == HPDF_OK)
		st = HPDF_Stream_WriteChar(out, '>');
	free(bytes);
	return st;
}
