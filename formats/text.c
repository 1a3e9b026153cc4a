/* The plain-text reader: the conventions of docconv(5).
 *
 * The input is decoded first (dc_build_decode: clean UTF-8, LF line
 * ends, a final LF), then an optional metadata header is read, then the
 * body is read line by line, once (a long one in two halves at once, the
 * second again if its reading said anything: S_body), with one line of
 * lookahead for heading underlines.  The state between lines is small:
 * the stack of open lists (bounded), the leaf block being built (a
 * paragraph or a preformatted block) and whether the previous line was
 * blank.  Each line is looked at a bounded number of times and list
 * levels are pushed and popped once each, so reading is linear in the
 * input; nothing recurses.
 *
 * Indentation is measured in columns with tab stops of 4; positions given
 * to nodes and diagnostics count characters from 1.
 *
 * man/docconv.5 describes exactly what this file does: change one, change
 * the other. */
#include <string.h>
#include <strings.h>

#include "format.h"
#include "halves.h"
#include "utf8.h"

enum {
	TAB_STOP = 4,
	CODE_INDENT = 4,  /* columns of indentation that make a line preformatted */
	UNDERLINE_MIN = 3,
	MAX_DIGITS = 9,   /* of a list number: keeps it within an int */
	MAX_KEY = 32,     /* bytes of a header key */
	/* Lists nest as list > item > list > item...; a paragraph and a link
	 * go inside the deepest item.  This many levels keep all of that
	 * within the builder's depth bound, so the builder never has to
	 * flatten (it would glue the texts of flattened items together);
	 * deeper items are flattened here, into siblings. */
	MAX_LEVELS = (DC_MAX_DEPTH - 2) / 2,
	/* A body this long is read in two halves at once: reading it
	 * takes some milliseconds, starting a thread some tens of
	 * microseconds. */
	HALVES_FROM = 256 * 1024,
	/* Bytes of nodes a byte of the body can make, at most: a node
	 * takes 28 bytes, and the body makes about a node a byte at most
	 * (a list marker and its space make a list and an item, a letter
	 * and its line end a paragraph and a text): twice that; and the
	 * pool's first huge page is left half empty. */
	NODE_BYTES_PER_BYTE = 64,
	POOL_SLACK = 4 << 20,
};

/* One line of the decoded input. */
struct line {
	long no;           /* 1-based line number */
	const char *raw;   /* the whole line */
	size_t lead;       /* bytes of RAW before TEXT: its page breaks */
	/* RAW after LEAD, or a copy of it, with its form feeds made spaces */
	const char *text;
	size_t len;        /* bytes of text, the LF excluded */
	long col0;         /* column (in characters, from 1) of text[0] */
	long indent;       /* columns of white space at the start of text */
	size_t start;      /* offset of the content: past the indentation */
	size_t end;        /* offset past the content: trailing white space cut */
	int page_breaks;   /* form feeds among the leading white space */
	bool blank;        /* text holds only spaces and tabs */
};

enum marker_type {
	M_NONE = 0,
	M_DASH,            /* - */
	M_STAR,            /* * */
	M_BULLET,          /* • */
	M_DECIMAL_PERIOD,  /* 1. */
	M_DECIMAL_PAREN,   /* 1) */
	M_LOWER_PAREN,     /* a) */
	M_UPPER_PAREN,     /* A) */
};

/* A list marker at the start of a line's content. */
struct marker {
	enum marker_type type;
	int number;         /* an ordered marker's number; a letter's index */
	long col;           /* indentation column of the marker */
	long content_col;   /* indentation column of the item's text */
	size_t offset;      /* of the marker in the line's text */
	size_t content;     /* of the item's text */
};

/* An open list and its open (last) item. */
struct level {
	enum marker_type type;
	long content_col;  /* the text column of its open item */
	struct dc_node *list;
	bool loose;  /* a blank line separates items or blocks of an item */
};

enum leaf { LEAF_NONE = 0, LEAF_PARA, LEAF_CODE };

struct reader {
	struct dc_builder *b;
	struct dc_diag *diag;
	const char *file;
	const char *data;  /* the decoded input, ending with a LF unless empty */
	size_t len;
	/* Lines before this were scanned: those the header's end was
	 * looked for in are scanned again, by the header or the body. */
	size_t scanned;
	/* The line being read, when its form feeds were made spaces (the
	 * input is not written to: it is often mapped, read-only). */
	struct dc_buf line;
	struct level levels[MAX_LEVELS];
	int n_levels;
	enum leaf leaf;       /* the leaf block open in the innermost item */
	bool after_blank;     /* the previous line was blank */
	bool warned_depth;
	/* Where the open paragraph's last line ended: its line end's place
	 * in the input, line and column (0 when not needed). */
	const char *para_end;
	long para_end_line, para_end_col;
	/* The open preformatted block. */
	struct dc_buf code;
	size_t code_keep;     /* bytes up to its last non-blank line */
	long code_indent;     /* columns of indentation cut from each line */
	long code_line, code_col;
	struct dc_buf scratch;  /* a metadata value being assembled */
	/* The body: from BODY (line BODY_NO) on, its second half from CUT
	 * when it is read in two (else CUT is LEN). */
	size_t body, cut;
	long body_no;
};

/* A URL found in a line: [start, end) inside delimiters [open, close)
 * (open == start and close == end for a bare URL). */
struct url {
	size_t open, start, end, close;
};

/* A byte offset in a line's text with its column, moving forwards only,
 * so that columns cost linear time per line. */
struct cursor {
	size_t off;
	long col;
};

/* ---- Characters and columns ---- */

static bool S_is_blank_char(char c)
{
	return c == ' ' || c == '\t';
}

static bool S_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool S_is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static bool S_is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool S_is_alnum(char c)
{
	return S_is_digit(c) || S_is_lower(c) || S_is_upper(c);
}

/* The indentation column after white-space byte C at column COL. */
static long S_advance(long col, char c)
{
	return c == '\t' ? (col / TAB_STOP + 1) * TAB_STOP : col + 1;
}

/* The column (from 1, in characters) of byte OFF of L's text. */
static long S_col(const struct line *l, size_t off)
{
	return l->col0 + dc_utf8_count(l->text, off);
}

static void S_seek(const struct line *l, struct cursor *c, size_t off)
{
	c->col += dc_utf8_count(l->text + c->off, off - c->off);
	c->off = off;
}

/* ---- Lines ---- */

/* A form feed that is not a page break cannot be carried by XML: it
 * becomes a space, with a warning the first time its line is scanned.
 * L's text is then the reader's copy, which lasts until the next line
 * is scanned: the builder copies text that is not the input's. */
static enum dc_status S_replace_form_feeds(struct reader *r, struct line *l,
					   bool warn)
{
	const char *ff = memchr(l->text, '\f', l->len);
	if (!ff)
		return DC_OK;
	r->line.len = 0;
	if (!dc_buf_append(&r->line, l->text, l->len))
		return dc_fail_oom(r->diag);
	char *copy = r->line.data;
	struct cursor c = {.off = 0, .col = l->col0};
	while (ff) {
		size_t off = (size_t)(ff - l->text);
		copy[off] = ' ';
		if (warn) {
			S_seek(l, &c, off);
			struct dc_pos pos = {.file = r->file, .line = l->no,
					     .col = c.col};
			DC_TRY(dc_warn(r->diag, pos, "form feed inside a line "
				    "replaced by a space"));
		}
		ff = memchr(ff + 1, '\f', l->len - off - 1);
	}
	l->text = copy;
	return DC_OK;
}

/* Indentation, content and blankness of L's text. */
static void S_measure(struct line *l)
{
	size_t i = 0;
	long col = 0;
	while (i < l->len && S_is_blank_char(l->text[i]))
		col = S_advance(col, l->text[i++]);
	size_t end = l->len;
	while (end > i && S_is_blank_char(l->text[end - 1]))
		end--;
	l->indent = col;
	l->start = i;
	l->end = end;
	l->blank = i == l->len;
}

/* Read the line at POS (numbered NO) into L; *NEXT is where the next line
 * starts. */
static enum dc_status S_scan_line(struct reader *r, size_t pos, long no,
				  struct line *l, size_t *next)
{
	const char *raw = r->data + pos;
	const char *lf = memchr(raw, '\n', r->len - pos);
	size_t raw_len = lf ? (size_t)(lf - raw) : r->len - pos;
	*next = pos + raw_len + (lf != NULL);
	/* Page breaks: form feeds preceded only by white space. */
	size_t lead = 0;
	int page_breaks = 0;
	for (size_t i = 0; i < raw_len && (S_is_blank_char(raw[i]) ||
					   raw[i] == '\f'); i++) {
		if (raw[i] == '\f') {
			page_breaks++;
			lead = i + 1;
		}
	}
	*l = (struct line){
		.no = no,
		.raw = raw,
		.lead = lead,
		.text = raw + lead,
		.len = raw_len - lead,
		.col0 = 1 + (long)lead,  /* the leading bytes are ASCII */
		.page_breaks = page_breaks,
	};
	bool first_scan = pos >= r->scanned;
	if (first_scan)
		r->scanned = *next;
	DC_TRY(S_replace_form_feeds(r, l, first_scan));
	S_measure(l);
	return DC_OK;
}

/* The start of the line after the one at POS. */
static size_t S_skip_line(const struct reader *r, size_t pos)
{
	const char *lf = memchr(r->data + pos, '\n', r->len - pos);
	return lf ? (size_t)(lf - r->data) + 1 : r->len;
}

/* ---- Line shapes ---- */

/* The heading level an underline at POS makes: 1 for three or more '=',
 * 2 for three or more '-', alone on the line but for white space; else 0. */
static int S_underline_at(const struct reader *r, size_t pos)
{
	const char *s = r->data;
	size_t i = pos, n = 0;
	while (i < r->len && S_is_blank_char(s[i]))
		i++;
	if (i >= r->len || (s[i] != '=' && s[i] != '-'))
		return 0;
	char c = s[i];
	for (; i < r->len && s[i] == c; i++)
		n++;
	while (i < r->len && S_is_blank_char(s[i]))
		i++;
	if (n < UNDERLINE_MIN || (i < r->len && s[i] != '\n'))
		return 0;
	return c == '=' ? 1 : 2;
}

/* "* * *": three or more asterisks separated by single spaces. */
static bool S_is_scene_break(const struct line *l)
{
	const char *s = l->text + l->start;
	size_t n = l->end - l->start;
	if (n < 5 || n % 2 == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] != (i % 2 == 0 ? '*' : ' '))
			return false;
	return true;
}

static bool S_is_bullet(enum marker_type type)
{
	return type == M_DASH || type == M_STAR || type == M_BULLET;
}

/* The marker's type and, past it, the offset where it ends; M_NONE if
 * the content of L does not start with one. */
static enum marker_type S_marker_type(const struct line *l, size_t *after,
				      int *number)
{
	const char *s = l->text;
	size_t i = l->start, end = l->end;
	*number = 1;
	if (s[i] == '-' || s[i] == '*') {
		*after = i + 1;
		return s[i] == '-' ? M_DASH : M_STAR;
	}
	if (end - i >= 3 && memcmp(s + i, "\xE2\x80\xA2", 3) == 0) {
		*after = i + 3;
		return M_BULLET;
	}
	if (S_is_digit(s[i])) {
		size_t j = i;
		int n = 0;
		while (j < end && S_is_digit(s[j]) && j - i < MAX_DIGITS)
			n = n * 10 + (s[j++] - '0');
		if (j >= end || (s[j] != '.' && s[j] != ')'))
			return M_NONE;
		*after = j + 1;
		*number = n;
		return s[j] == '.' ? M_DECIMAL_PERIOD : M_DECIMAL_PAREN;
	}
	if ((S_is_lower(s[i]) || S_is_upper(s[i])) && i + 1 < end &&
	    s[i + 1] == ')') {
		*after = i + 2;
		*number = (s[i] | 0x20) - 'a' + 1;
		return S_is_lower(s[i]) ? M_LOWER_PAREN : M_UPPER_PAREN;
	}
	return M_NONE;
}

/* Does L start with a list marker followed by white space and text? */
static bool S_marker(const struct line *l, struct marker *m)
{
	size_t after = 0;
	int number = 1;
	if (l->blank)
		return false;
	enum marker_type type = S_marker_type(l, &after, &number);
	/* The content is trimmed: white space after the marker means text
	 * follows it. */
	if (type == M_NONE || after >= l->end ||
	    !S_is_blank_char(l->text[after]))
		return false;
	long col = l->indent + dc_utf8_count(l->text + l->start, after - l->start);
	size_t i = after;
	while (S_is_blank_char(l->text[i]))
		col = S_advance(col, l->text[i++]);
	*m = (struct marker){
		.type = type,
		.number = number,
		.col = l->indent,
		.content_col = col,
		.offset = l->start,
		.content = i,
	};
	return true;
}

/* May the marker start a list right after a paragraph line?  Bullets
 * may; numbers only from 1 (or a/A), so that a wrapped line starting with
 * a year ("1984. Then...") stays text. */
static bool S_can_interrupt(const struct marker *m)
{
	return S_is_bullet(m->type) || m->number == 1;
}

/* ---- Inline content: text and URLs ---- */

static size_t S_scheme(const char *s, size_t i, size_t to)
{
	if (to - i >= 8 && memcmp(s + i, "https://", 8) == 0)
		return 8;
	if (to - i >= 7 && memcmp(s + i, "http://", 7) == 0)
		return 7;
	return 0;
}

static bool S_is_url_char(char c)
{
	return !S_is_blank_char(c) && c != '<' && c != '>' && c != '"';
}

/* The length of a character ending S[start..end) that closes the
 * sentence rather than the URL: ASCII punctuation or a closing quote. */
static size_t S_trailing_punct(const char *s, size_t start, size_t end)
{
	static const char ascii[] = ".,;:!?'";
	static const char *const quotes[] = {
		"\xE2\x80\x9D",  /* ” */
		"\xE2\x80\x99",  /* ’ */
		"\xC2\xBB",      /* » */
	};
	if (memchr(ascii, s[end - 1], sizeof ascii - 1))
		return 1;
	if ((unsigned char)s[end - 1] < 0x80)
		return 0;
	for (size_t q = 0; q < sizeof quotes / sizeof quotes[0]; q++) {
		size_t n = strlen(quotes[q]);
		if (end - start >= n && memcmp(s + end - n, quotes[q], n) == 0)
			return n;
	}
	return 0;
}

/* Cut from the end of the URL S[start..end) (START past its scheme)
 * punctuation and closing brackets it does not open; returns the end. */
static size_t S_trim_url(const char *s, size_t start, size_t end)
{
	long parens = 0, brackets = 0;  /* unmatched closers, net */
	bool counted = false;  /* counted when a closer ends the URL */
	while (end > start) {
		size_t n = S_trailing_punct(s, start, end);
		char last = s[end - 1];
		if (n == 0 && !counted && (last == ')' || last == ']')) {
			/* What was cut so far holds no bracket. */
			for (size_t i = start; i < end; i++) {
				parens += (s[i] == ')') - (s[i] == '(');
				brackets += (s[i] == ']') - (s[i] == '[');
			}
			counted = true;
		}
		if (n == 0 && s[end - 1] == ')' && parens > 0) {
			parens--;
			n = 1;
		} else if (n == 0 && s[end - 1] == ']' && brackets > 0) {
			brackets--;
			n = 1;
		}
		if (n == 0)
			break;
		end -= n;
	}
	return end;
}

/* <http://...>: the brackets delimit the URL, whatever it ends with. */
static bool S_angle_url(const char *s, size_t i, size_t to, struct url *u)
{
	if (s[i] != '<' || i + 1 >= to)
		return false;
	size_t scheme = S_scheme(s, i + 1, to);
	if (scheme == 0)
		return false;
	size_t j = i + 1 + scheme;
	while (j < to && S_is_url_char(s[j]))
		j++;
	if (j >= to || s[j] != '>' || j == i + 1 + scheme)
		return false;
	*u = (struct url){.open = i, .start = i + 1, .end = j, .close = j + 1};
	return true;
}

/* A bare URL at I, not glued to a word before it (FROM is where the
 * text starts). */
static bool S_bare_url(const char *s, size_t from, size_t i, size_t to,
		       struct url *u)
{
	if (i > from && S_is_alnum(s[i - 1]))
		return false;
	size_t scheme = S_scheme(s, i, to);
	if (scheme == 0)
		return false;
	size_t end = i + scheme;
	while (end < to && S_is_url_char(s[end]))
		end++;
	end = S_trim_url(s, i + scheme, end);
	if (end == i + scheme)
		return false;
	*u = (struct url){.open = i, .start = i, .end = end, .close = end};
	return true;
}

static enum dc_status S_link(struct reader *r, const struct line *l,
			     const struct url *u, long col)
{
	const char *url = l->text + u->start;
	size_t len = u->end - u->start;
	struct dc_node *link;
	DC_TRY(dc_build_open(r->b, DC_LINK, l->no, col, &link));
	if (link) {
		/* Copied, not interned (dc_doc_intern): URLs in text
		 * repeat less than in Markdown.  In the benchmark's 10 MB
		 * of text the table cost 4 ms to save 1.2 MB. */
		link->as.link.url =
			dc_arena_strndup(&r->b->doc->arena, url, len);
		if (!link->as.link.url)
			return dc_fail_oom(r->diag);
	}
	DC_TRY(dc_build_text(r->b, url, len, l->no, col));
	return dc_build_close(r->b, DC_LINK);
}

/* The first ':' or '<' in S[I..TO), or TO: sixteen bytes at a time where
 * the machine has SSE2, else eight; both are rare in prose. */
static size_t S_colon_or_angle(const char *s, size_t i, size_t to)
{
#ifdef __SSE2__
	const __m128i colon = _mm_set1_epi8(':'), lt = _mm_set1_epi8('<');
	for (; i + 16 <= to; i += 16) {
		__m128i v =
			_mm_loadu_si128((const __m128i *)(const void *)(s + i));
		unsigned mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(
			_mm_cmpeq_epi8(v, colon), _mm_cmpeq_epi8(v, lt)));
		if (mask)
			return i + (unsigned)__builtin_ctz(mask);
	}
#endif
	for (; i + 8 <= to; i += 8) {
		uint64_t w = dc_word_at(s + i);
		if (dc_word_has_byte(w, '<') || dc_word_has_byte(w, ':'))
			break;
	}
	while (i < to && s[i] != ':' && s[i] != '<')
		i++;
	return i;
}

/* The first place in S[I..TO) where a URL may start: a '<', or the "http"
 * or "https" before a colon; TO if none. */
static size_t S_url_candidate(const char *s, size_t i, size_t to)
{
	for (size_t k = i; (k = S_colon_or_angle(s, k, to)) < to; k++) {
		if (s[k] == '<')
			return k;
		if (k - i >= 5 && memcmp(s + k - 5, "https", 5) == 0)
			return k - 5;
		if (k - i >= 4 && memcmp(s + k - 4, "http", 4) == 0)
			return k - 4;
	}
	return to;
}

/* Add L's text[from..to) as text.  Its column is counted only when the
 * builder will keep it: most text goes on text pending (a wrapped line
 * after the line end that joined it). */
static enum dc_status S_text(struct reader *r, const struct line *l,
			     struct cursor *c, size_t from, size_t to)
{
	const char *s = l->text + from;
	long col = 0;
	if (to > from && dc_build_text_starts(r->b, s, to - from)) {
		S_seek(l, c, from);
		col = c->col;
	}
	return dc_build_text(r->b, s, to - from, l->no, col);
}

/* Add L's text[from..to) to the open paragraph or heading: text, with
 * its URLs as links.  Remembers where it ended, for a soft break. */
static enum dc_status S_inline(struct reader *r, const struct line *l,
			       size_t from, size_t to)
{
	const char *s = l->text;
	struct cursor c = {.off = 0, .col = l->col0};
	size_t done = from;  /* text before DONE is in the builder */
	for (size_t i = from; (i = S_url_candidate(s, i, to)) < to; i++) {
		struct url u;
		if (!S_angle_url(s, i, to, &u) &&
		    !S_bare_url(s, from, i, to, &u))
			continue;
		DC_TRY(S_text(r, l, &c, done, u.open));
		S_seek(l, &c, u.start);
		DC_TRY(S_link(r, l, &u, c.col));
		done = u.close;
		i = u.close - 1;
	}
	DC_TRY(S_text(r, l, &c, done, to));
	r->para_end = s + to;
	r->para_end_line = l->no;
	r->para_end_col = 0;  /* unused when the line end joins the text */
	if (dc_build_line_end_placed(r->b, s + to)) {
		S_seek(l, &c, to);
		r->para_end_col = c.col;
	}
	return DC_OK;
}

/* ---- Leaf blocks ---- */

static enum dc_status S_para_start(struct reader *r, const struct line *l,
				   size_t from)
{
	DC_TRY(dc_build_open(r->b, DC_PARAGRAPH, l->no, S_col(l, from), NULL));
	r->leaf = LEAF_PARA;
	return S_inline(r, l, from, l->end);
}

/* A hard-wrapped line: a soft break where the last line ended. */
static enum dc_status S_para_line(struct reader *r, const struct line *l)
{
	DC_TRY(dc_build_soft_break(r->b, r->para_end, r->para_end_line,
				   r->para_end_col));
	return S_inline(r, l, l->start, l->end);
}

static enum dc_status S_heading(struct reader *r, const struct line *l,
				int level)
{
	struct dc_node *heading;
	DC_TRY(dc_build_open(r->b, DC_HEADING, l->no, S_col(l, l->start),
			  &heading));
	if (heading)
		heading->as.heading.level = level;
	DC_TRY(S_inline(r, l, l->start, l->end));
	return dc_build_close(r->b, DC_HEADING);
}

/* Where L's text is left after cutting COLS columns of indentation:
 * the offset of the first byte kept, and in *PAD the columns of a tab
 * that straddles the cut (kept as that many spaces). */
static size_t S_cut_indent(const struct line *l, long cols, long *pad)
{
	size_t i = 0;
	long col = 0;
	*pad = 0;
	while (col < cols && i < l->len && S_is_blank_char(l->text[i])) {
		long next = S_advance(col, l->text[i++]);
		if (next > cols)
			*pad = next - cols;
		col = next;
	}
	return i;
}

static enum dc_status S_code_line(struct reader *r, const struct line *l)
{
	static const char spaces[] = "   ";  /* a cut tab leaves 3 at most */
	long pad;
	size_t from = S_cut_indent(l, r->code_indent, &pad);
	if (!dc_buf_append(&r->code, spaces, (size_t)pad) ||
	    !dc_buf_append(&r->code, l->text + from, l->len - from) ||
	    !dc_buf_putc(&r->code, '\n'))
		return dc_fail_oom(r->diag);
	if (!l->blank)
		r->code_keep = r->code.len;
	return DC_OK;
}

/* A preformatted block starting with L, indented by INDENT columns. */
static enum dc_status S_code_start(struct reader *r, const struct line *l,
				   long indent)
{
	long pad;
	size_t from = S_cut_indent(l, indent, &pad);
	r->leaf = LEAF_CODE;
	r->code.len = 0;
	r->code_keep = 0;
	r->code_indent = indent;
	r->code_line = l->no;
	r->code_col = S_col(l, pad ? from - 1 : from);
	return S_code_line(r, l);
}

static enum dc_status S_close_leaf(struct reader *r)
{
	enum leaf leaf = r->leaf;
	r->leaf = LEAF_NONE;
	if (leaf == LEAF_PARA)
		return dc_build_close(r->b, DC_PARAGRAPH);
	if (leaf == LEAF_CODE)
		return dc_build_leaf(r->b, DC_CODE_BLOCK, r->code.data,
				     r->code_keep, r->code_line, r->code_col,
				     NULL);
	return DC_OK;
}

/* ---- Lists ---- */

static enum dc_status S_close_level(struct reader *r)
{
	struct level *lv = &r->levels[r->n_levels - 1];
	DC_TRY(S_close_leaf(r));
	DC_TRY(dc_build_close(r->b, DC_LIST_ITEM));
	if (lv->list)
		lv->list->as.list.tight = !lv->loose;
	r->n_levels--;
	return dc_build_close(r->b, S_is_bullet(lv->type) ? DC_BULLET_LIST
							  : DC_ORDERED_LIST);
}

static enum dc_status S_close_all(struct reader *r)
{
	while (r->n_levels > 0)
		DC_TRY(S_close_level(r));
	return S_close_leaf(r);
}

static enum dc_status S_open_item(struct reader *r, const struct line *l,
				  const struct marker *m)
{
	DC_TRY(dc_build_open(r->b, DC_LIST_ITEM, l->no, S_col(l, m->offset),
			  NULL));
	return S_para_start(r, l, m->content);
}

static void S_list_attrs(struct dc_node *list, const struct marker *m)
{
	static const char bullets[] = {
		[M_DASH] = '-', [M_STAR] = '*',
		/* The model's bullet is one byte: • is the bullet * stands
		 * for. */
		[M_BULLET] = '*',
	};
	static const enum dc_list_style styles[] = {
		[M_DECIMAL_PERIOD] = DC_LIST_DECIMAL,
		[M_DECIMAL_PAREN] = DC_LIST_DECIMAL,
		[M_LOWER_PAREN] = DC_LIST_LOWER_ALPHA,
		[M_UPPER_PAREN] = DC_LIST_UPPER_ALPHA,
	};
	if (S_is_bullet(m->type)) {
		list->as.list.bullet = bullets[m->type];
		return;
	}
	list->as.list.start = m->number;
	list->as.list.style = styles[m->type];
	list->as.list.delim = m->type == M_DECIMAL_PERIOD ? DC_DELIM_PERIOD
							   : DC_DELIM_PAREN;
}

/* A new list (one level deeper) whose first item is marked by M. */
static enum dc_status S_open_level(struct reader *r, const struct line *l,
				   const struct marker *m)
{
	struct dc_node *list;
	enum dc_kind kind = S_is_bullet(m->type) ? DC_BULLET_LIST
						 : DC_ORDERED_LIST;
	DC_TRY(dc_build_open(r->b, kind, l->no, S_col(l, m->offset), &list));
	if (list)
		S_list_attrs(list, m);
	r->levels[r->n_levels++] = (struct level){
		.type = m->type,
		.content_col = m->content_col,
		.list = list,
	};
	return S_open_item(r, l, m);
}

static enum dc_status S_warn_depth(struct reader *r, const struct line *l,
				   const struct marker *m)
{
	if (r->warned_depth)
		return DC_OK;
	r->warned_depth = true;
	struct dc_pos pos = {.file = r->file, .line = l->no,
			     .col = S_col(l, m->offset)};
	return dc_warn(r->diag, pos, "lists nested deeper than %d levels "
		       "flattened", MAX_LEVELS);
}

static void S_mark_loose(struct reader *r, int level)
{
	if (r->after_blank && level >= 0)
		r->levels[level].loose = true;
}

/* A line marked by M: a new item, nested in the innermost open item
 * when the marker sits at or past its text column; else the next item of
 * the innermost list whose enclosing item's text column the marker is
 * not left of (a new list there if the marker differs). */
static enum dc_status S_item(struct reader *r, const struct line *l,
			     const struct marker *m)
{
	while (r->n_levels >= 2 &&
	       m->col < r->levels[r->n_levels - 2].content_col)
		DC_TRY(S_close_level(r));
	DC_TRY(S_close_leaf(r));
	if (r->n_levels == 0)
		return S_open_level(r, l, m);
	int top = r->n_levels - 1;
	struct level *lv = &r->levels[top];
	if (m->col >= lv->content_col) {
		S_mark_loose(r, top);
		if (r->n_levels < MAX_LEVELS)
			return S_open_level(r, l, m);
		DC_TRY(S_warn_depth(r, l, m));
		/* Too deep: a sibling of the deepest item instead. */
	}
	if (m->type != lv->type) {
		DC_TRY(S_close_level(r));
		S_mark_loose(r, top - 1);
		return S_open_level(r, l, m);
	}
	S_mark_loose(r, top);
	DC_TRY(dc_build_close(r->b, DC_LIST_ITEM));
	lv->content_col = m->content_col;
	return S_open_item(r, l, m);
}

/* ---- Blocks ---- */

/* A line that starts a block outside any list. */
static enum dc_status S_top_block(struct reader *r, const struct line *l,
				  const struct marker *m)
{
	if (l->indent >= CODE_INDENT)
		return S_code_start(r, l, CODE_INDENT);
	if (m)
		return S_item(r, l, m);
	return S_para_start(r, l, l->start);
}

/* A line that starts a block while lists are open (M its marker, if
 * any): an item, or a block in the innermost item whose text column it
 * reaches, or, left of all of them, a block after the lists. */
static enum dc_status S_in_lists(struct reader *r, const struct line *l,
				 const struct marker *m)
{
	long deepest = r->levels[r->n_levels - 1].content_col;
	if (m && !(r->after_blank && l->indent >= deepest + CODE_INDENT))
		return S_item(r, l, m);
	while (r->n_levels > 0 &&
	       l->indent < r->levels[r->n_levels - 1].content_col)
		DC_TRY(S_close_level(r));
	if (r->n_levels == 0)
		return S_top_block(r, l, NULL);
	DC_TRY(S_close_leaf(r));
	S_mark_loose(r, r->n_levels - 1);
	long content_col = r->levels[r->n_levels - 1].content_col;
	if (l->indent >= content_col + CODE_INDENT)
		return S_code_start(r, l, content_col + CODE_INDENT);
	return S_para_start(r, l, l->start);
}

static enum dc_status S_blank(struct reader *r, const struct line *l)
{
	if (r->leaf == LEAF_PARA)
		return S_close_leaf(r);
	if (r->leaf == LEAF_CODE)
		return S_code_line(r, l);  /* kept if more code follows */
	return DC_OK;
}

/* Could L, which starts a block, be a heading's text?  Not when
 * preformatted, nor inside a list item. */
static bool S_may_be_heading(const struct reader *r, const struct line *l)
{
	return l->indent < CODE_INDENT &&
	       (r->n_levels == 0 || l->indent < r->levels[0].content_col);
}

/* One non-blank line, its page breaks done.  NEXT is where the next line
 * starts; *SKIP_NEXT is set when this line used it up (an underline). */
static enum dc_status S_line(struct reader *r, const struct line *l,
			     size_t next, bool *skip_next)
{
	if (r->leaf == LEAF_CODE) {
		if (l->indent >= r->code_indent)
			return S_code_line(r, l);
		DC_TRY(S_close_leaf(r));
	}
	if (S_is_scene_break(l)) {
		DC_TRY(S_close_all(r));
		return dc_build_leaf(r->b, DC_THEMATIC_BREAK, NULL, 0, l->no,
				     S_col(l, l->start), NULL);
	}
	struct marker m;
	bool marked = S_marker(l, &m);
	if (r->leaf == LEAF_PARA) {
		if (marked && (r->n_levels > 0 ||
			       (l->indent < CODE_INDENT && S_can_interrupt(&m))))
			return S_item(r, l, &m);
		return S_para_line(r, l);
	}
	int level = S_may_be_heading(r, l) ? S_underline_at(r, next) : 0;
	if (level) {
		*skip_next = true;
		DC_TRY(S_close_all(r));
		return S_heading(r, l, level);
	}
	if (r->n_levels > 0)
		return S_in_lists(r, l, marked ? &m : NULL);
	return S_top_block(r, l, marked ? &m : NULL);
}

/* Each leading form feed of L is a page break, between blocks. */
static enum dc_status S_page_breaks(struct reader *r, const struct line *l)
{
	if (l->page_breaks == 0)
		return DC_OK;
	DC_TRY(S_close_all(r));
	for (size_t i = 0; i < l->lead; i++)
		if (l->raw[i] == '\f')
			DC_TRY(dc_build_leaf(r->b, DC_PAGE_BREAK, NULL, 0, l->no,
					  1 + (long)i, NULL));
	return DC_OK;
}

/* Read the lines from POS (numbered NO) up to END. */
static enum dc_status S_lines(struct reader *r, size_t pos, long no,
			      size_t end)
{
	while (pos < end) {
		struct line l;
		size_t next;
		bool skip_next = false;
		DC_TRY(S_scan_line(r, pos, no, &l, &next));
		DC_TRY(S_page_breaks(r, &l));
		if (l.blank)
			DC_TRY(S_blank(r, &l));
		else
			DC_TRY(S_line(r, &l, next, &skip_next));
		r->after_blank = l.blank;
		pos = next;
		no++;
		if (skip_next) {
			pos = S_skip_line(r, pos);
			no++;
		}
	}
	return S_close_all(r);
}

/* ---- The body, in two halves when long ---- */

/* Where the body's second half may start: a line after an empty line,
 * at column 1 with an ASCII letter, that is not a list marker ("a)").
 * Whatever is open before such a line (lists, a preformatted block; the
 * empty line ended any paragraph), the line closes it, exactly as the
 * end of the input does, and it starts a paragraph or a heading in
 * nothing, as at the start of a body.  So the body up to it and the body
 * from it, read each from a fresh state, are read as the whole is.  The
 * first such line from the middle on; LEN if there is none. */
static size_t S_find_cut(const struct reader *r)
{
	const char *s = r->data;
	size_t i = r->body + (r->len - r->body) / 2;
	for (;;) {
		const char *lf = memchr(s + i, '\n', r->len - i);
		if (!lf)
			break;
		i = (size_t)(lf - s) + 1;  /* a line starts at I */
		if (i + 2 >= r->len)
			break;
		if (s[i] == '\n' && (S_is_lower(s[i + 1]) ||
				     S_is_upper(s[i + 1])) && s[i + 2] != ')')
			return i + 1;
	}
	return r->len;
}

/* The line ends in S[0, LEN). */
static long S_count_lines(const char *s, size_t len)
{
	long n = 0;
	for (const char *end = s + len;
	     (s = memchr(s, '\n', (size_t)(end - s))) != NULL; s++)
		n++;
	return n;
}

static enum dc_status S_first_half(void *state, struct dc_builder *b,
				   struct dc_diag *diag)
{
	struct reader *r = state;
	(void)b;
	(void)diag;
	return S_lines(r, r->body, r->body_no, r->cut);
}

/* The second half with the reader STATE: the calling thread's, or a
 * fresh one of the helper's. */
static enum dc_status S_second_half(void *state, struct dc_builder *b,
				    struct dc_diag *diag)
{
	struct reader *r = state;
	r->b = b;
	r->diag = diag;
	long no = r->body_no +
		  S_count_lines(r->data + r->body, r->cut - r->body);
	return S_lines(r, r->cut, no, r->len);
}

static enum dc_status S_body(struct reader *r)
{
	size_t from = r->b->halves_from ? r->b->halves_from : HALVES_FROM;
	r->cut = r->len;
	if (r->len - r->body >= from &&
	    r->len <= SIZE_MAX / NODE_BYTES_PER_BYTE - POOL_SLACK)
		r->cut = S_find_cut(r);
	if (r->cut == r->len)
		return S_lines(r, r->body, r->body_no, r->len);
	struct reader helper = {
		.file = r->file,
		.data = r->data,
		.len = r->len,
		.after_blank = true,  /* the line before the cut is empty */
		.body = r->body,
		.cut = r->cut,
		.body_no = r->body_no,
	};
	struct dc_halves h = {
		.first = S_first_half,
		.second = S_second_half,
		.main = r,
		.helper = &helper,
		.second_at = r->data + r->cut,
		.first_room = (r->cut - r->body) * NODE_BYTES_PER_BYTE +
			      POOL_SLACK,
		.second_room = (r->len - r->cut) * NODE_BYTES_PER_BYTE +
			       POOL_SLACK,
	};
	enum dc_status st = dc_halves_read(r->b, &h, r->diag);
	dc_buf_free(&helper.code);
	dc_buf_free(&helper.scratch);
	dc_buf_free(&helper.line);
	return st;
}

/* ---- The metadata header ---- */

enum header_style { HEADER_NONE = 0, HEADER_KEYS, HEADER_PANDOC };

/* The length of the known key of a "Key: value" line, else 0. */
static size_t S_key_len(const struct line *l)
{
	size_t n = 0;
	while (n < l->len && n < MAX_KEY &&
	       (S_is_lower(l->text[n]) || S_is_upper(l->text[n]) ||
		l->text[n] == '-'))
		n++;
	if (n == 0 || n >= l->len || l->text[n] != ':' ||
	    !dc_meta_key_known(l->text, n))
		return 0;
	return n;
}

/* "%", alone or followed by white space: a field of pandoc's title block. */
static bool S_is_percent_line(const struct line *l)
{
	return l->page_breaks == 0 && l->len >= 1 && l->text[0] == '%' &&
	       (l->len == 1 || S_is_blank_char(l->text[1]));
}

/* Is L a line of a header of STYLE (FIRST: its first line)?  *FIELDS
 * counts pandoc's fields, of which there are three at most. */
static bool S_header_line(const struct line *l, enum header_style style,
			  bool first, int *fields)
{
	if (l->page_breaks > 0 || l->blank)
		return false;
	if (l->indent > 0)
		return !first;  /* continues the field above */
	if (style == HEADER_KEYS)
		return S_key_len(l) > 0;
	return S_is_percent_line(l) && ++*fields <= 3;
}

/* The style of the header the input starts with, HEADER_NONE if it has
 * none: every line up to the first blank one (or the end) must belong to
 * the header, else it is all body.  *BODY is where the body starts, and
 * *BODY_NO its line number. */
static enum dc_status S_header_extent(struct reader *r,
				      enum header_style *style, size_t *body,
				      long *body_no)
{
	struct line l;
	size_t pos = 0, next;
	long no = 1;
	int fields = 0;
	*style = HEADER_NONE;
	if (r->len == 0)
		return DC_OK;
	/* The input ends with a LF, so data[1] exists after a '%'. */
	enum header_style s = r->data[0] == '%' &&
				      (S_is_blank_char(r->data[1]) ||
				       r->data[1] == '\n')
				      ? HEADER_PANDOC
				      : HEADER_KEYS;
	for (; pos < r->len; pos = next, no++) {
		DC_TRY(S_scan_line(r, pos, no, &l, &next));
		if (l.blank && l.page_breaks == 0 && no > 1) {
			pos = next;
			no++;
			break;
		}
		if (!S_header_line(&l, s, no == 1, &fields))
			return DC_OK;
	}
	*style = s;
	*body = pos;
	*body_no = no;
	return DC_OK;
}

/* Give KEY the value VALUE[0..LEN); an author's, each of its
 * ';'-separated parts. */
static enum dc_status S_meta_set(struct reader *r, struct dc_meta *meta,
				 const char *key, const char *value, size_t len)
{
	bool authors = strcasecmp(key, "author") == 0 ||
		       strcasecmp(key, "authors") == 0;
	for (;;) {
		const char *semi = authors ? memchr(value, ';', len) : NULL;
		size_t n = semi ? (size_t)(semi - value) : len;
		r->scratch.len = 0;
		if (!dc_buf_append(&r->scratch, value, n) ||
		    !dc_buf_putc(&r->scratch, '\0') ||
		    !dc_meta_set(r->b->doc, meta, key, r->scratch.data))
			return dc_fail_oom(r->diag);
		if (!semi)
			return DC_OK;
		value = semi + 1;
		len -= n + 1;
	}
}

/* The field being assembled: its key and its value so far. */
struct field {
	char key[MAX_KEY + 1];
	struct dc_buf value;
};

static void S_field_key(struct field *f, const char *key, size_t len)
{
	memcpy(f->key, key, len);
	f->key[len] = '\0';
}

/* Append L's text[from..end), white space trimmed, to F's value, after
 * one space if the value has some text already. */
static enum dc_status S_field_append(struct reader *r, struct field *f,
				     const struct line *l, size_t from)
{
	while (from < l->end && S_is_blank_char(l->text[from]))
		from++;
	if (from >= l->end)
		return DC_OK;
	if ((f->value.len && !dc_buf_putc(&f->value, ' ')) ||
	    !dc_buf_append(&f->value, l->text + from, l->end - from))
		return dc_fail_oom(r->diag);
	return DC_OK;
}

/* Store F's value, if any, and empty it; the key stays. */
static enum dc_status S_field_flush(struct reader *r, struct dc_meta *meta,
				    struct field *f)
{
	size_t len = f->value.len;
	f->value.len = 0;
	if (f->key[0] == '\0' || len == 0)
		return DC_OK;
	return S_meta_set(r, meta, f->key, f->value.data, len);
}

/* One line of a pandoc title block: "% title", "% authors", "% date",
 * each with indented continuation lines.  In the authors' field each line
 * is a list of authors of its own, as in pandoc. */
static enum dc_status S_pandoc_line(struct reader *r, struct dc_meta *meta,
				    struct field *f, const struct line *l,
				    int *field)
{
	static const char *const keys[] = {"title", "author", "date"};
	bool first = S_is_percent_line(l);
	if (first || *field == 1)
		DC_TRY(S_field_flush(r, meta, f));
	if (first) {
		++*field;
		S_field_key(f, keys[*field], strlen(keys[*field]));
	}
	return S_field_append(r, f, l, first ? 1 : l->start);
}

/* One line of a "Key: value" header, or a continuation line. */
static enum dc_status S_keys_line(struct reader *r, struct dc_meta *meta,
				  struct field *f, const struct line *l)
{
	if (l->indent > 0)
		return S_field_append(r, f, l, l->start);
	size_t key_len = S_key_len(l);
	DC_TRY(S_field_flush(r, meta, f));
	S_field_key(f, l->text, key_len);
	return S_field_append(r, f, l, key_len + 1);
}

/* Read the header, the lines before BODY, into META. */
static enum dc_status S_header_fields(struct reader *r, struct dc_meta *meta,
				      enum header_style style, size_t body)
{
	struct field f = {.key = ""};
	enum dc_status st = DC_OK;
	size_t pos = 0;
	int field = -1;
	for (long no = 1; st == DC_OK && pos < body; no++) {
		struct line l;
		st = S_scan_line(r, pos, no, &l, &pos);
		if (st != DC_OK || l.blank)
			continue;
		if (style == HEADER_PANDOC)
			st = S_pandoc_line(r, meta, &f, &l, &field);
		else
			st = S_keys_line(r, meta, &f, &l);
	}
	if (st == DC_OK)
		st = S_field_flush(r, meta, &f);
	dc_buf_free(&f.value);
	return st;
}

static enum dc_status S_parse(struct reader *r, struct dc_meta *meta)
{
	enum header_style style;
	r->body = 0;
	r->body_no = 1;
	DC_TRY(S_header_extent(r, &style, &r->body, &r->body_no));
	if (style != HEADER_NONE)
		DC_TRY(S_header_fields(r, meta, style, r->body));
	return S_body(r);
}

static enum dc_status S_read(const struct dc_input *in, struct dc_builder *b,
			     struct dc_meta *meta, struct dc_diag *diag)
{
	struct dc_text decoded;
	enum dc_status st = dc_build_decode(b, in->data, in->len, &decoded);
	struct reader r = {
		.b = b,
		.diag = diag,
		.file = in->name,
		.data = decoded.data,
		.len = decoded.len,
	};
	if (st == DC_OK)
		st = S_parse(&r, meta);
	dc_text_free(&decoded);
	dc_buf_free(&r.code);
	dc_buf_free(&r.scratch);
	dc_buf_free(&r.line);
	return st;
}

static const char *const text_extensions[] = {"txt", "text", NULL};

const struct dc_format dc_format_text = {
	.name = "text",
	.description = "plain text (UTF-8 or UTF-16), see docconv(5)",
	.extensions = text_extensions,
	.read = S_read,
};
