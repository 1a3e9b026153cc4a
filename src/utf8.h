/* UTF-8 primitives and the decoding of text input. */
#ifndef DC_UTF8_H
#define DC_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "buf.h"
#include "diag.h"

/* Decode one well-formed UTF-8 sequence at S (LEN > 0 bytes available):
 * returns its length (1..4) and sets *CP, or returns 0 when the bytes at S
 * are not well-formed (overlong, surrogate, beyond U+10FFFF, truncated). */
size_t dc_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encode CP (at most U+10FFFF, no surrogate) into OUT; returns 1..4. */
size_t dc_utf8_encode(uint32_t cp, char out[4]);
/* Eight bytes at a time, for the scans of plain text that most input and
 * output is: the word at S (unaligned), and whether it holds the byte
 * C.  Exact: a word said to be clean is. */
static inline uint64_t dc_word_at(const char *s)
{
	uint64_t w;
	memcpy(&w, s, sizeof w);
	return w;
}

static inline bool dc_word_has_byte(uint64_t w, unsigned char c)
{
	const uint64_t ones = 0x0101010101010101u, high = ones << 7;
	uint64_t x = w ^ (ones * c);
	return ((x - ones) & ~x & high) != 0;
}

/* Characters (lead bytes: every byte but continuation bytes) in
 * S[0..LEN): columns, counted a word at a time, since most words of any
 * text are ASCII, eight characters. */
static inline long dc_utf8_count(const char *s, size_t len)
{
	long n = 0;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		if (!(dc_word_at(s + i) & 0x8080808080808080u)) {
			n += 8;
			continue;
		}
		for (size_t k = i; k < i + 8; k++)
			n += ((unsigned char)s[k] & 0xC0) != 0x80;
	}
	for (; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

/* The length of the run at the start of S of printable ASCII (0x20 to
 * 0x7F) and LFs, most of any text: sixteen bytes at a time where the
 * machine has SSE2 (a signed compare with 0x20 marks controls and bytes
 * past ASCII at once), else eight. */
static inline size_t dc_plain_run(const char *s, size_t len)
{
	size_t i = 0;
#ifdef __SSE2__
	const __m128i space = _mm_set1_epi8(0x20), lfs = _mm_set1_epi8('\n');
	for (; i + 16 <= len; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		unsigned mask = (unsigned)_mm_movemask_epi8(_mm_andnot_si128(
			_mm_cmpeq_epi8(v, lfs), _mm_cmplt_epi8(v, space)));
		if (mask)
			return i + (unsigned)__builtin_ctz(mask);
	}
#endif
	const uint64_t ones = 0x0101010101010101u, high = ones << 7;
	const uint64_t low = ~high;
	for (; i + 8 <= len; i += 8) {
		uint64_t w = dc_word_at(s + i);
		/* Exact per byte: no carry crosses into the next one. */
		uint64_t printable = ((w & low) + ones * 0x60) & ~w & high;
		uint64_t x = w ^ (ones * '\n');
		uint64_t lf = ~(((x & low) + low) | x) & high;
		if ((printable | lf) != high)
			break;
	}
	while (i < len && (((unsigned char)s[i] >= 0x20 &&
			    (unsigned char)s[i] < 0x80) || s[i] == '\n'))
		i++;
	return i;
}

/* Is CP allowed in XML 1.0 content? */
int dc_xml_char_ok(uint32_t cp);

/* A text input made clean: DATA and LEN are the input itself when it
 * needed no change, the common case, so nothing is copied; else they are
 * COPY's. */
struct dc_text {
	const char *data;
	size_t len;
	struct dc_buf copy;
};

/* Make the bytes of a text input clean UTF-8 in OUT:
 *  - a UTF-8 byte order mark is dropped; UTF-16 (LE or BE) with a byte
 *    order mark is converted;
 *  - CRLF and lone CR become LF;
 *  - every byte that is not part of well-formed UTF-8, and every control
 *    character XML cannot carry (all C0 controls but TAB, LF, FF), becomes
 *    U+FFFD with a warning FILE:LINE:COL (an error under --strict);
 *  - the result ends with a LF unless it is empty.
 * Columns count characters, from 1.  Readers go by OUT's length: a view
 * of DATA is not NUL-terminated unless DATA is. */
enum dc_status dc_decode_text(const char *data, size_t len, const char *file,
			      struct dc_diag *diag, struct dc_text *out);

void dc_text_free(struct dc_text *text);

#endif
