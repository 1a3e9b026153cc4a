#include "textstr.h"

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

static bool S_plain_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7E)
			return false;
	return true;
}

/* UTF-16BE with a BOM; *LEN bytes, malloc'd. */
static unsigned char *S_utf16be(const char *s, size_t *len)
{
	size_t n = strlen(s);
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
	void *obj;
	if (S_plain_ascii(utf8)) {
		obj = HPDF_String_New(pdf->mmgr, utf8, NULL);
	} else {
		size_t len;
		unsigned char *bytes = S_utf16be(utf8, &len);
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
	if (S_plain_ascii(utf8))
		return HPDF_Stream_WriteEscapeText2(out, utf8,
						    (HPDF_UINT)strlen(utf8));
	size_t len;
	unsigned char *bytes = S_utf16be(utf8, &len);
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
