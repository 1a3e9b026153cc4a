#include "xml.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "utf8.h"

/* The replacement of a byte that is not clean UTF-8 or not XML: U+FFFD. */
static const char REPLACEMENT[] = "\xEF\xBF\xBD";

/* Does byte C need a closer look below, in text (bit 1) or in an
 * attribute (bit 2)?  Controls, & < >, the quote in attributes, every
 * byte of a non-ASCII character: what S_special_bytes() marks, for the
 * strings too short for a word. */
static bool S_special(unsigned char c, bool attr)
{
	static const unsigned char special[256] = {
		3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, /* 0x00 */
		3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, /* 0x10 */
		0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* " & */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 3, 0, /* < > */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x40 */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x50 */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x60 */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x70 */
		3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, /* 0x80 */
		3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
		3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
		3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
		3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
		3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
		3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
		3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	};
	return special[c] & (attr ? 2 : 1);
}

/* Eight bytes at a time: the high bit of each byte of W that is a
 * control, not ASCII, or & < > (or, with ATTR, ").  A byte b is below
 * 0x20 when b - 0x20 has the high bit; x ^ b is 0 for b == x, when
 * x ^ b - 1 has it; '<' and '>' differ by a bit alone, as do '"' and '&',
 * so one test finds either; a false mark only ever comes from a byte
 * that has the high bit itself.  Only the lowest marked byte (the first
 * in memory) is exact: a borrow may mark bytes after a match, never
 * before one. */
static inline uint64_t S_special_bytes(uint64_t w, bool attr)
{
	const uint64_t ones = 0x0101010101010101u, high = ones << 7;
	uint64_t angle = (w | ones * 0x02) ^ (ones * '>');
	uint64_t amp = attr ? (w | ones * 0x04) ^ (ones * '&')
			    : w ^ (ones * '&');
	return ((w - ones * 0x20) | w | (angle - ones) | (amp - ones)) & high;
}

/* The marks M of a word with its first K bytes (1..7) left out. */
static inline uint64_t S_skip_bytes(uint64_t m, unsigned k)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return m >> (8 * k);
#else
	return m << (8 * k);
#endif
}

/* The index of the first byte marked in M (not 0). */
static inline unsigned S_first_byte(uint64_t m)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (unsigned)__builtin_ctzll(m) / 8;
#else
	return (unsigned)__builtin_clzll(m) / 8;
#endif
}

/* The first byte of S[0..LEN) that needs a closer look, or LEN.  Text
 * comes in short pieces (a line, the words between two emphases), so
 * the bytes after the last whole word are taken as the end of the last
 * eight, not one by one; they follow bytes known to be plain, so no
 * borrow makes a false mark in them. */
static inline size_t S_plain_words(const char *s, size_t len, bool attr)
{
	if (len < 8) {
		size_t i = 0;
		while (i < len && !S_special((unsigned char)s[i], attr))
			i++;
		return i;
	}
	size_t i = 0;
	uint64_t m;
	for (; i + 8 <= len; i += 8)
		if ((m = S_special_bytes(dc_word_at(s + i), attr)) != 0)
			return i + S_first_byte(m);
	if (i == len)
		return len;
	unsigned seen = (unsigned)(8 - (len - i));
	m = S_skip_bytes(S_special_bytes(dc_word_at(s + len - 8), attr), seen);
	return m ? i + S_first_byte(m) : len;
}

/* The same, sixteen bytes at a time where the machine has SSE2 (every
 * x86-64): a signed compare with 0x20 marks the controls and the bytes
 * past ASCII at once, exactly. */
static inline size_t S_plain_run(const char *s, size_t len, bool attr)
{
	size_t i = 0;
#ifdef __SSE2__
	const __m128i space = _mm_set1_epi8(0x20), amp = _mm_set1_epi8('&');
	const __m128i lt = _mm_set1_epi8('<'), gt = _mm_set1_epi8('>');
	const __m128i quote = _mm_set1_epi8(attr ? '"' : '&');
	for (; i + 16 <= len; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i m = _mm_or_si128(
			_mm_or_si128(_mm_cmplt_epi8(v, space),
				     _mm_cmpeq_epi8(v, amp)),
			_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lt),
						  _mm_cmpeq_epi8(v, gt)),
				     _mm_cmpeq_epi8(v, quote)));
		unsigned mask = (unsigned)_mm_movemask_epi8(m);
		if (mask)
			return i + (unsigned)__builtin_ctz(mask);
	}
#endif
	return i + S_plain_words(s + i, len - i, attr);
}

/* The length of the 2- or 3-byte character at S (LEN bytes available)
 * if it is well-formed and allowed in XML, the common case of non-ASCII
 * text (accents, curly quotes, dashes); 0 for anything else, which
 * dc_utf8_decode() then judges. */
static inline size_t S_utf8_quick(const unsigned char *s, size_t len)
{
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		return len >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (s[0] < 0xE0 || s[0] > 0xEF || len < 3 || (s[1] & 0xC0) != 0x80 ||
	    (s[2] & 0xC0) != 0x80)
		return 0;
	if ((s[0] == 0xE0 && s[1] < 0xA0) ||   /* overlong */
	    (s[0] == 0xED && s[1] >= 0xA0) ||  /* a surrogate */
	    (s[0] == 0xEF && s[1] == 0xBF && s[2] >= 0xBE))  /* U+FFFE/F */
		return 0;
	return 3;
}

/* What the ASCII byte C becomes, or NULL if it stays. */
static const char *S_ascii_escape(unsigned char c, bool attr)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return attr ? "&quot;" : NULL;
	case '\n': return attr ? "&#10;" : NULL;
	case '\t': return attr ? "&#9;" : NULL;
	case '\r': return "&#13;";
	default: return c < 0x20 ? REPLACEMENT : NULL;
	}
}

static void S_escape(struct dc_sink *out, const char *s, size_t len,
		     bool attr)
{
	size_t run = 0;  /* start of the pending run of plain bytes */
	size_t i = 0;
	while ((i += S_plain_run(s + i, len - i, attr)) < len) {
		unsigned char c = (unsigned char)s[i];
		const char *rep = NULL;
		size_t n = 1;
		if (c < 0x80) {
			rep = S_ascii_escape(c, attr);
		} else if (!(n = S_utf8_quick((const unsigned char *)s + i,
					      len - i))) {
			uint32_t cp;
			n = dc_utf8_decode(s + i, len - i, &cp);
			if (n == 0 || !dc_xml_char_ok(cp)) {
				rep = REPLACEMENT;
				n = n ? n : 1;
			}
		}
		if (rep) {
			dc_sink_write(out, s + run, i - run);
			dc_sink_puts(out, rep);
			run = i + n;
		}
		i += n;
	}
	dc_sink_write(out, s + run, len - run);
}

void dc_xml_text(struct dc_sink *out, const char *s, size_t len)
{
	S_escape(out, s, len, false);
}

void dc_xml_attr(struct dc_sink *out, const char *s)
{
	S_escape(out, s, strlen(s), true);
}

/* ------------------------------------------------------------------ */
/* URIs */

static bool S_is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool S_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Letters, digits and - . _ ~: never escaped, wherever they are. */
static bool S_is_unreserved(char c)
{
	return S_is_alpha(c) || S_is_digit(c) || c == '-' || c == '.' ||
	       c == '_' || c == '~';
}

static bool S_is_hex(char c)
{
	return S_is_digit(c) || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

static bool S_is_scheme(const char *s, size_t len)
{
	if (len == 0 || !S_is_alpha(s[0]))
		return false;
	for (size_t i = 1; i < len; i++)
		if (!S_is_alpha(s[i]) && !S_is_digit(s[i]) && s[i] != '+' &&
		    s[i] != '-' && s[i] != '.')
			return false;
	return true;
}

/* Is S[0..LEN) "[address]" with an IPv6 address, then nothing or a
 * numeric port? */
static bool S_is_ipv6_host(const char *s, size_t len)
{
	const char *close = memchr(s, ']', len);
	char addr[64];
	struct in6_addr a;
	if (len < 2 || s[0] != '[' || !close)
		return false;
	size_t alen = (size_t)(close - s) - 1;
	size_t rest = len - (size_t)(close - s) - 1;
	if (alen >= sizeof addr)
		return false;
	if (rest > 0) {
		if (rest == 1 || close[1] != ':')
			return false;
		for (size_t i = 2; i <= rest; i++)
			if (!S_is_digit(close[i]))
				return false;
	}
	memcpy(addr, s + 1, alen);
	addr[alen] = '\0';
	return inet_pton(AF_INET6, addr, &a) == 1;
}

/* The parts of a URI reference, as byte offsets. */
struct S_uri_parts {
	size_t len;
	bool scheme;         /* it starts with a valid "scheme:" */
	bool hier;           /* hierarchical: path brackets must be escaped */
	size_t first_seg;    /* end of the first segment */
	size_t auth, auth_end;   /* "//authority", auth == auth_end if none */
	size_t path_end;     /* start of the query or fragment */
	size_t frag;         /* the first '#', or len */
	size_t host_open, host_close;  /* brackets of an IPv6 host to keep */
};

static struct S_uri_parts S_uri_split(const char *s)
{
	struct S_uri_parts p = {.len = strlen(s), .host_open = SIZE_MAX,
				.host_close = SIZE_MAX};
	size_t colon = strcspn(s, ":/?#");
	p.first_seg = strcspn(s, "/?#");
	p.scheme = s[colon] == ':' && S_is_scheme(s, colon) &&
		   colon + 1 < p.len;
	size_t i = p.scheme ? colon + 1 : 0;
	p.hier = !p.scheme || s[i] == '/';
	p.auth = p.auth_end = i;
	if (p.hier && s[i] == '/' && s[i + 1] == '/') {
		p.auth = i + 2;
		p.auth_end = p.auth + strcspn(s + p.auth, "/?#");
		const char *at = NULL;
		for (size_t k = p.auth; k < p.auth_end; k++)
			if (s[k] == '@')
				at = s + k;
		size_t host = at ? (size_t)(at - s) + 1 : p.auth;
		if (S_is_ipv6_host(s + host, p.auth_end - host)) {
			p.host_open = host;
			p.host_close = (size_t)((const char *)
				memchr(s + host, ']', p.auth_end - host) - s);
		}
	}
	p.path_end = p.auth_end + strcspn(s + p.auth_end, "?#");
	p.frag = strcspn(s, "#");
	return p;
}

/* The escape S[I] needs so that the whole is a valid xsd:anyURI as XML
 * Schema processors check it (java.net.URI after escaping the characters
 * URIs cannot hold), or NULL if it is fine as it is.  An HREF is read by
 * URL parsers instead, for which a colon after a non-scheme is harmless:
 * "foo):" is a relative path to them. */
static const char *S_uri_escape(const char *s, size_t i,
				const struct S_uri_parts *p, bool href)
{
	char c = s[i];
	bool bare_slashes = p->auth == p->auth_end && p->auth >= 2 &&
			    p->auth == p->len && s[p->auth - 1] == '/';
	if (c == '%' && !(i + 2 < p->len && S_is_hex(s[i + 1]) &&
			  S_is_hex(s[i + 2])))
		return "%25";
	if (c == '#' && i != p->frag)
		return "%23";
	if (c == ':' && !p->scheme && i < p->first_seg && !href)
		return "%3A";  /* not a scheme: a colon in the first segment */
	if (c == '/' && bare_slashes && i + 2 >= p->len)
		return "%2F";  /* "//" with nothing after it */
	if ((c == '[' || c == ']') && p->hier && i < p->path_end &&
	    i != p->host_open && i != p->host_close)
		return c == '[' ? "%5B" : "%5D";
	return NULL;
}

/* Is byte C outside what an href may hold unescaped: a control, a space,
 * a byte of a non-ASCII character, or one of the characters URLs exclude
 * (the brackets are kept around an IPv6 host by the caller)? */
static bool S_href_unsafe(unsigned char c)
{
	return c <= 0x20 || c >= 0x7f || strchr("\"<>\\^`{|}[]", c);
}

/* Bytes that may have to be escaped in a URI: '%' (unless two hex digits
 * follow), '[' and ']' (outside an IPv6 host), '#' (after the first) in
 * a URI (bit 1); those and every byte S_href_unsafe() names, in an href
 * (bit 2). */
static bool S_uri_suspect(unsigned char c, bool href)
{
	static const unsigned char suspect[256] = {
		2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, /* 0x00 */
		2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, /* 0x10 */
		2, 0, 2, 3, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* " # % */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2, 0, /* < > */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x40 */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 2, 3, 2, 0, /* [ \ ] ^ */
		2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* ` */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 0, 2, /* { | } DEL */
		2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, /* 0x80 */
		2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
		2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
		2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
		2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
		2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
		2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
		2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	};
	return suspect[c] & (href ? 2 : 1);
}

/* Is S (LEN bytes) certain to need no escape, the case of nearly every
 * link?  S_uri_escape() and S_href_unsafe() could only object to a
 * suspect byte, a second '#', a ':' in the first segment of what is no
 * scheme (a URI only), or "//" at the end. */
static bool S_uri_plain(const char *s, size_t len, bool href)
{
	bool hash = false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!S_uri_suspect(c, href))
			continue;
		if (c != '#' || hash)
			return false;
		hash = true;
	}
	if (len >= 2 && s[len - 1] == '/' && s[len - 2] == '/')
		return false;
	size_t colon = strcspn(s, ":/?#");
	return href || s[colon] != ':' ||
	       (S_is_scheme(s, colon) && colon + 1 < len);
}

static bool S_uri_write(struct dc_buf *out, const char *s, bool href)
{
	static const char hex[] = "0123456789ABCDEF";
	s = s ? s : "";
	out->len = 0;
	size_t len = strlen(s);
	if (S_uri_plain(s, len, href))
		return dc_buf_append(out, s, len);
	struct S_uri_parts p = S_uri_split(s);
	if (!dc_buf_reserve(out, p.len))
		return false;
	out->data[0] = '\0';
	for (size_t i = 0; i < p.len; i++) {
		unsigned char c = (unsigned char)s[i];
		size_t run = i;
		while (run < p.len && S_is_unreserved(s[run]))
			run++;
		if (run > i) {
			if (!dc_buf_append(out, s + i, run - i))
				return false;
			i = run - 1;
			continue;
		}
		const char *esc = S_uri_escape(s, i, &p, href);
		char pct[4] = {'%', hex[c >> 4], hex[c & 15], '\0'};
		if (!esc && href && S_href_unsafe(c) && i != p.host_open &&
		    i != p.host_close)
			esc = pct;
		if (!(esc ? dc_buf_append(out, esc, 3)
			  : dc_buf_putc(out, s[i])))
			return false;
	}
	return true;
}

bool dc_xml_uri(struct dc_buf *out, const char *s)
{
	return S_uri_write(out, s, false);
}

bool dc_xml_href(struct dc_buf *out, const char *s)
{
	return S_uri_write(out, s, true);
}

/* ------------------------------------------------------------------ */
/* Names */

static bool S_is_name_start(unsigned char c)
{
	return S_is_alpha((char)c) || c == '_';
}

static bool S_is_name_char(unsigned char c)
{
	return S_is_name_start(c) || S_is_digit((char)c) || c == '.' ||
	       c == '-';
}

bool dc_xml_is_ncname(const char *s)
{
	if (!S_is_name_start((unsigned char)s[0]))
		return false;
	for (s++; *s; s++)
		if (!S_is_name_char((unsigned char)*s))
			return false;
	return true;
}

char *dc_xml_ncname(struct dc_arena *arena, const char *s)
{
	size_t len = strlen(s);
	char *out = dc_arena_alloc(arena, len + 2);
	if (!out)
		return NULL;
	size_t used = 0;
	if (!S_is_name_start((unsigned char)s[0]))
		out[used++] = '_';
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = dc_utf8_decode(s + i, len - i, &cp);
		unsigned char c = (unsigned char)s[i];
		out[used++] = n == 1 && S_is_name_char(c) ? (char)c : '_';
		i += n ? n : 1;
	}
	out[used] = '\0';
	return out;
}
