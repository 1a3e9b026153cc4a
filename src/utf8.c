#include "utf8.h"

#include <string.h>

size_t dc_utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char c = s[0];
	size_t n;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		n = 2; v = c & 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3; v = c & 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4; v = c & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

size_t dc_utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

int dc_xml_char_ok(uint32_t cp)
{
	if (cp < 0x20)
		return cp == '\t' || cp == '\n' || cp == '\r';
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	return cp != 0xFFFE && cp != 0xFFFF && cp <= 0x10FFFF;
}

static const uint32_t REPLACEMENT = 0xFFFD;

/* The decoder's state: where in the input the next character is. */
struct decoder {
	const char *file;
	struct dc_diag *diag;
	struct dc_buf *out;  /* empty until the first change */
	size_t size;         /* of the input: the copy's likely size */
	/* The line and column of input offset COUNTED: brought forward only
	 * for a diagnostic (S_count_to), not for every character. */
	long line, col;
	size_t counted;
	bool after_cr;  /* the last character was a CR (already a LF) */
};

/* Append LEN bytes at S to the copy, made the input's size (and a byte
 * for the final LF) at the first change. */
static enum dc_status S_copy(struct decoder *d, const char *s, size_t len)
{
	if ((!d->out->cap && !dc_buf_reserve(d->out, d->size + 2)) ||
	    !dc_buf_append(d->out, s, len))
		return dc_fail_oom(d->diag);
	return DC_OK;
}

static enum dc_status S_put(struct decoder *d, uint32_t cp)
{
	char bytes[4];
	return S_copy(d, bytes, dc_utf8_encode(cp, bytes));
}

/* Emit one decoded character, turning line ends into LF and characters
 * that no output can carry into U+FFFD. */
static enum dc_status S_emit(struct decoder *d, uint32_t cp)
{
	bool after_cr = d->after_cr;
	d->after_cr = false;
	if (cp == '\n' && after_cr)
		return DC_OK;  /* the LF of a CRLF */
	if (cp == '\r' || cp == '\n') {
		d->after_cr = cp == '\r';
		d->line++;
		d->col = 1;
		return S_put(d, '\n');
	}
	struct dc_pos pos = {.file = d->file, .line = d->line, .col = d->col};
	d->col++;
	if (cp != '\f' && !dc_xml_char_ok(cp)) {
		if (dc_warn(d->diag, pos, "control character U+%04X replaced "
			    "by U+FFFD", (unsigned)cp) != DC_OK)
			return DC_ERR_DATA;
		cp = REPLACEMENT;
	}
	return S_put(d, cp);
}

static enum dc_status S_invalid(struct decoder *d, const char *what,
				unsigned value)
{
	struct dc_pos pos = {.file = d->file, .line = d->line, .col = d->col};
	if (dc_warn(d->diag, pos, "%s 0x%02X replaced by U+FFFD", what,
		    value) != DC_OK)
		return DC_ERR_DATA;
	return S_emit(d, REPLACEMENT);
}

/* Is the character at S (N bytes, code point CP) copied as it is?  Most
 * are: all but CR, a LF that ends a CRLF, and what S_emit() replaces. */
static bool S_plain(const struct decoder *d, uint32_t cp)
{
	if (cp == '\n')
		return !d->after_cr;
	return cp != '\r' && (cp == '\f' || dc_xml_char_ok(cp));
}

/* Bring D's line and column forward to offset I of S, over characters
 * that were all plain. */
static void S_count_to(struct decoder *d, const char *s, size_t i)
{
	const char *p = s + d->counted, *end = s + i, *lf;
	while ((lf = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		d->line++;
		d->col = 1;
		p = lf + 1;
	}
	d->col += dc_utf8_count(p, (size_t)(end - p));
	d->counted = i;
}

/* Decode S: the copy holds it all once anything changed; until then,
 * nothing is copied and *CLEAN tells the caller that S is the result. */
static enum dc_status S_decode_utf8(struct decoder *d, const char *s,
				    size_t len, bool *clean)
{
	size_t i = 0, run = 0;  /* s[run..i) is plain, not yet copied */
	*clean = false;
	while (i < len) {
		size_t plain = d->after_cr ? 0 : dc_plain_run(s + i, len - i);
		if (plain > 0) {
			i += plain;
			continue;
		}
		uint32_t cp;
		size_t n = dc_utf8_decode(s + i, len - i, &cp);
		if (n > 0 && S_plain(d, cp)) {
			d->after_cr = false;
			i += n;
			continue;
		}
		S_count_to(d, s, i);
		d->counted = i + (n ? n : 1);  /* S_emit counts this one */
		DC_TRY(S_copy(d, s + run, i - run));
		enum dc_status st = n == 0 ? S_invalid(d, "invalid UTF-8 byte",
						       (unsigned char)s[i])
					   : S_emit(d, cp);
		if (st != DC_OK)
			return st;
		i += n ? n : 1;
		run = i;
	}
	if (run == 0 && !d->out->len) {
		*clean = true;
		return DC_OK;
	}
	return S_copy(d, s + run, i - run);
}

static uint32_t S_unit16(const unsigned char *p, bool big_endian)
{
	return big_endian ? (uint32_t)(p[0] << 8 | p[1])
			  : (uint32_t)(p[1] << 8 | p[0]);
}

static enum dc_status S_decode_utf16(struct decoder *d, const char *data,
				     size_t len, bool big_endian)
{
	const unsigned char *s = (const unsigned char *)data;
	size_t i = 0;
	while (i + 1 < len) {
		uint32_t u = S_unit16(s + i, big_endian);
		enum dc_status st;
		i += 2;
		if (u >= 0xD800 && u <= 0xDBFF && i + 1 < len) {
			uint32_t lo = S_unit16(s + i, big_endian);
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				i += 2;
				u = 0x10000 + ((u - 0xD800) << 10) +
				    (lo - 0xDC00);
			}
		}
		if (u >= 0xD800 && u <= 0xDFFF)
			st = S_invalid(d, "unpaired UTF-16 surrogate", u);
		else
			st = S_emit(d, u);
		if (st != DC_OK)
			return st;
	}
	if (i < len)
		return S_invalid(d, "odd trailing byte", s[i]);
	return DC_OK;
}

enum dc_status dc_decode_text(const char *data, size_t len, const char *file,
			      struct dc_diag *diag, struct dc_text *out)
{
	*out = (struct dc_text){.data = ""};
	struct decoder d = {.file = file, .diag = diag, .out = &out->copy,
			    .size = len, .line = 1, .col = 1};
	enum dc_status st;
	bool clean = false;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
		st = S_decode_utf8(&d, data, len, &clean);
	} else if (len >= 2 && memcmp(data, "\xFF\xFE", 2) == 0) {
		st = S_decode_utf16(&d, data + 2, len - 2, false);
	} else if (len >= 2 && memcmp(data, "\xFE\xFF", 2) == 0) {
		st = S_decode_utf16(&d, data + 2, len - 2, true);
	} else {
		st = S_decode_utf8(&d, data, len, &clean);
	}
	if (st != DC_OK)
		return st;
	/* Clean and ending with a LF (or empty): the input itself. */
	if (clean && (len == 0 || data[len - 1] == '\n')) {
		out->data = data;
		out->len = len;
		return DC_OK;
	}
	if (clean)
		DC_TRY(S_copy(&d, data, len));
	if (out->copy.len && out->copy.data[out->copy.len - 1] != '\n')
		DC_TRY(S_copy(&d, "\n", 1));
	out->data = out->copy.data ? out->copy.data : "";
	out->len = out->copy.len;
	return DC_OK;
}

void dc_text_free(struct dc_text *text)
{
	dc_buf_free(&text->copy);
	*text = (struct dc_text){.data = ""};
}
