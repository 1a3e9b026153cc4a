#include "para.h"

#include <linebreak.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

void pdf_para_reset(struct pdf_para *para)
{
	para->text.len = 0;
	para->n_items = 0;
	para->n_links = 0;
	para->n_words = 0;
	para->ascent = para->descent = 0;
}

void pdf_para_free(struct pdf_para *para)
{
	dc_buf_free(&para->text);
	free(para->items);
	free(para->links);
	free(para->words);
	*para = (struct pdf_para){0};
}

double pdf_item_drawn_width(const struct pdf_line *line,
			    const struct pdf_item *item)
{
	double width = item->width;
	if (item->kind == PDF_GLUE)
		width += line->ratio * (line->ratio > 0 ? item->stretch
							: item->shrink);
	if (item->expands)
		width *= 1 + line->expand / 1000.0;
	return width;
}

double pdf_line_drawn_width(const struct pdf_para *para,
			    const struct pdf_line *line)
{
	double w = 0;
	for (size_t i = line->first; i < line->end; i++)
		if (para->items[i].kind != PDF_PENALTY)
			w += pdf_item_drawn_width(line, &para->items[i]);
	return w;
}

void pdf_line_natural(struct pdf_line *line)
{
	line->ratio = 0;
	line->expand = 0;
}

static struct pdf_item *S_push(struct pdf_para *para, enum pdf_item_kind kind)
{
	if (para->n_items == para->cap_items) {
		size_t cap = para->cap_items ? para->cap_items * 2 : 64;
		struct pdf_item *items =
			realloc(para->items, cap * sizeof *items);
		if (!items)
			return NULL;
		para->items = items;
		para->cap_items = cap;
	}
	struct pdf_item *it = &para->items[para->n_items++];
	*it = (struct pdf_item){.kind = kind, .link = -1};
	return it;
}

int pdf_para_link(struct pdf_para *para, const char *url, const char *target)
{
	if (para->n_links == para->cap_links) {
		size_t cap = para->cap_links ? para->cap_links * 2 : 4;
		struct pdf_link *links =
			realloc(para->links, cap * sizeof *links);
		if (!links)
			return -1;
		para->links = links;
		para->cap_links = cap;
	}
	para->links[para->n_links] =
		(struct pdf_link){.url = url, .target = target};
	return (int)para->n_links++;
}

/* The bytes of text items [FIRST, END) use: [*FROM, *TO). */
static void S_text_span(const struct pdf_para *para, size_t first,
			size_t end, size_t *from, size_t *to)
{
	*from = SIZE_MAX;
	*to = 0;
	for (size_t i = first; i < end; i++) {
		const struct pdf_item *it = &para->items[i];
		if (it->len == 0)
			continue;
		if (it->text < *from)
			*from = it->text;
		if (it->text + it->len > *to)
			*to = it->text + it->len;
	}
	if (*from > *to)
		*from = *to = 0;
}

bool pdf_para_slice(struct pdf_para *dst, const struct pdf_para *src,
		    const struct pdf_line *line, struct pdf_line *copy)
{
	*dst = (struct pdf_para){.ascent = src->ascent,
				 .descent = src->descent};
	size_t end = line->end < src->n_items ? line->end + 1 : line->end;
	size_t n = end - line->first, from, to;
	S_text_span(src, line->first, end, &from, &to);
	dst->items = malloc((n ? n : 1) * sizeof *dst->items);
	dst->links = malloc((src->n_links ? src->n_links : 1) *
			    sizeof *dst->links);
	if (!dst->items || !dst->links ||
	    !dc_buf_append(&dst->text, src->text.data + from, to - from)) {
		pdf_para_free(dst);
		return false;
	}
	dst->n_items = dst->cap_items = n;
	for (size_t i = 0; i < n; i++) {
		struct pdf_item it = src->items[line->first + i];
		/* Items without text (penalties, glue between ideographs)
		 * may point anywhere: they are never drawn. */
		it.text = it.text >= from ? it.text - from : 0;
		if (it.len == 0 && it.text > to - from)
			it.text = to - from;
		dst->items[i] = it;
	}
	if (src->n_links)
		memcpy(dst->links, src->links,
		       src->n_links * sizeof *dst->links);
	dst->n_links = dst->cap_links = src->n_links;
	*copy = *line;
	copy->first = 0;
	copy->end = line->end - line->first;
	return true;
}

size_t pdf_para_drop_front(struct pdf_para *para, size_t first)
{
	if (first > para->n_items)
		first = para->n_items;
	size_t from, to;
	S_text_span(para, first, para->n_items, &from, &to);
	size_t cut = from < to ? from : para->text.len;
	if (para->text.data) {  /* items without text have no buffer yet */
		memmove(para->text.data, para->text.data + cut,
			para->text.len - cut);
		para->text.len -= cut;
		para->text.data[para->text.len] = '\0';
	}
	size_t n = para->n_items - first;
	if (n > 0)
		memmove(para->items, para->items + first,
			n * sizeof *para->items);
	para->n_items = n;
	for (size_t i = 0; i < n; i++) {
		struct pdf_item *it = &para->items[i];
		/* Items without text may point anywhere (pdf_para_slice). */
		it->text = it->text >= cut ? it->text - cut : 0;
	}
	size_t kept = 0;
	for (size_t i = 0; i < para->n_words; i++) {
		struct pdf_word w = para->words[i];
		if (w.text < cut)
			continue;
		w.text -= cut;
		para->words[kept++] = w;
	}
	para->n_words = kept;
	return cut;
}

static void S_note_extent(struct pdf_para *para, const struct pdf_face *face,
			  const struct pdf_style_state *st)
{
	double ascent = pdf_face_ascent(face) * st->size + st->rise;
	double descent = pdf_face_descent(face) * st->size + st->rise;
	if (ascent > para->ascent)
		para->ascent = ascent;
	if (descent < para->descent)
		para->descent = descent;
}

bool pdf_para_space(struct pdf_para *para, struct pdf_fonts *fonts,
		    const struct pdf_style_state *st)
{
	const struct pdf_face *face =
		pdf_fonts_face(fonts, st->family, st->style, ' ');
	if (!face)
		return false;
	/* Two spaces in a row (a soft break after a space) are one glue. */
	const struct pdf_item *last =
		para->n_items ? &para->items[para->n_items - 1] : NULL;
	if (last && last->kind == PDF_GLUE && last->len > 0)
		return true;
	size_t at = para->text.len;
	if (!dc_buf_putc(&para->text, ' '))
		return false;
	struct pdf_item *it = S_push(para, PDF_GLUE);
	if (!it)
		return false;
	double w = pdf_face_advance(face, ' ') * st->size;
	*it = (struct pdf_item){
		.kind = PDF_GLUE, .face = face, .size = st->size,
		.rise = st->rise, .text = at, .len = 1, .width = w,
		/* Monospaced text keeps its spaces as they are. */
		.stretch = st->family == PDF_MONO ? 0 : w * 0.6,
		.shrink = st->family == PDF_MONO ? 0 : w * 0.3,
		.link = st->link,
	};
	return true;
}

bool pdf_para_break(struct pdf_para *para)
{
	struct pdf_item *it = S_push(para, PDF_PENALTY);
	if (!it)
		return false;
	it->forced = true;
	return true;
}

static bool S_penalty(struct pdf_para *para)
{
	return S_push(para, PDF_PENALTY) != NULL;
}

/* What a break costs after a hyphen found in a word, or one in the text
 * (TeX's hyphenpenalty and exhyphenpenalty, both 50). */
enum { HYPHEN_COST = 50 };

/* A hyphen or a dash: a line broken after one ends hyphenated. */
static bool S_is_dash(uint32_t cp)
{
	return cp == '-' || (cp >= 0x2010 && cp <= 0x2015) || cp == 0xAD;
}

/* The break Unicode allows after CP inside a word: after a hyphen or a
 * dash it makes a hyphenated line, as one found by the dictionary does;
 * elsewhere it costs nothing. */
static bool S_text_break(struct pdf_para *para, uint32_t cp)
{
	struct pdf_item *it = S_push(para, PDF_PENALTY);
	if (!it)
		return false;
	if (S_is_dash(cp)) {
		it->flagged = true;
		it->cost = HYPHEN_COST;
	}
	return true;
}

/* Ideographs, kana, hangul and their punctuation: text set without
 * spaces, justified by spacing its characters. */
static bool S_is_cjk(uint32_t cp)
{
	return (cp >= 0x2E80 && cp <= 0x9FFF) ||
	       (cp >= 0xAC00 && cp <= 0xD7AF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFF00 && cp <= 0xFFEF);
}

/* Append the character at S (N bytes, CP) to the box being built, or
 * start a new box when the face changes. */
static bool S_box_char(struct pdf_para *para, struct pdf_fonts *fonts,
		       const struct pdf_style_state *st, const char *s,
		       size_t n, uint32_t cp, bool *in_box)
{
	const struct pdf_face *face =
		pdf_fonts_face(fonts, st->family, st->style, cp);
	if (!face)
		return false;
	struct pdf_item *last =
		para->n_items ? &para->items[para->n_items - 1] : NULL;
	size_t at = para->text.len;
	if (!dc_buf_append(&para->text, s, n))
		return false;
	double w = pdf_face_advance(face, cp) * st->size;
	/* Code keeps its columns, ideographs their square. */
	bool expands = st->family != PDF_MONO && !S_is_cjk(cp);
	if (*in_box && last && last->kind == PDF_BOX && last->face == face &&
	    last->expands == expands && last->text + last->len == at) {
		last->len += n;
		last->width += w;
		return true;
	}
	struct pdf_item *it = S_push(para, PDF_BOX);
	if (!it)
		return false;
	*it = (struct pdf_item){.kind = PDF_BOX, .face = face,
				.size = st->size, .rise = st->rise,
				.text = at, .len = n, .width = w,
				.expands = expands, .link = st->link};
	S_note_extent(para, face, st);
	*in_box = true;
	return true;
}

static bool S_is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n';
}

/* A break between ideographs: glue of no width that may stretch a
 * little, so a line of Chinese or Japanese is justified too. */
static bool S_cjk_glue(struct pdf_para *para,
		       const struct pdf_style_state *st)
{
	struct pdf_item *it = S_push(para, PDF_GLUE);
	if (!it)
		return false;
	*it = (struct pdf_item){.kind = PDF_GLUE, .size = st->size,
				.text = para->text.len,
				.stretch = st->size * 0.15, .link = st->link};
	return true;
}

static bool S_ascii_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Note the words of S that may be hyphenated: each word's core of
 * letters, without the punctuation around it.  Their TEXT is their offset
 * in S until pdf_para_text() knows where they are in the paragraph. */
static bool S_defer_words(struct pdf_para *para, struct pdf_fonts *fonts,
			  const struct pdf_style_state *st, const char *s,
			  size_t len)
{
	const struct pdf_face *hyphen = NULL;
	for (size_t i = 0; i < len;) {
		while (i < len && !S_ascii_letter(s[i]))
			i++;
		size_t start = i;
		while (i < len && S_ascii_letter(s[i]))
			i++;
		/* A core glued to other letters (café, naïve) is not a word
		 * of its own. */
		bool glued = (start > 0 && (unsigned char)s[start - 1] >= 0x80) ||
			     (i < len && (unsigned char)s[i] >= 0x80);
		if (glued || !pdf_hyphen_candidate(s + start, i - start))
			continue;
		if (!hyphen)
			hyphen = pdf_fonts_face(fonts, st->family, st->style,
						'-');
		if (!hyphen)
			return false;
		if (!dc_grow((void **)&para->words, &para->cap_words,
			     para->n_words, sizeof *para->words))
			return false;
		para->words[para->n_words++] = (struct pdf_word){
			.text = start, .len = i - start, .hyphen = hyphen};
	}
	return true;
}

/* Is S[I..LEN) a regional indicator (U+1F1E6..U+1F1FF, the halves of a
 * flag) in UTF-8? */
static bool S_regional_indicator(const char *s, size_t i, size_t len)
{
	return i + 4 <= len && memcmp(s + i, "\xF0\x9F\x87", 3) == 0 &&
	       (unsigned char)s[i + 3] >= 0xA6 &&
	       (unsigned char)s[i + 3] <= 0xBF;
}

/* Is the word S (no spaces) plain: ASCII letters and digits, quotes, and
 * the marks . , ; : ! ? ) where no letter or digit follows them?  Unicode
 * allows no break inside such a word: not between letters and digits
 * (UAX #14 rules LB23, LB25, LB28), not before any of those marks (LB13,
 * LB19), and not after a quote (LB19). */
static bool S_plain_word(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (S_ascii_letter(c) || (c >= '0' && c <= '9') || c == '\'' ||
		    c == '"')
			continue;
		if (c == '\0' || !strchr(".,;:!?)", c))
			return false;
		if (i + 1 < len && (S_ascii_letter(s[i + 1]) ||
				    (s[i + 1] >= '0' && s[i + 1] <= '9')))
			return false;
	}
	return true;
}

/* The break opportunities in the word S, into BRKS (libunibreak).
 * Debian 12's libunibreak fails an assertion, and aborts, on a regional
 * indicator, though its tables have them (fixed upstream in 2014).  A
 * word with one is looked at as a copy where each is U+1D400, a letter
 * as long in UTF-8: breaks then fall as around letters, never inside a
 * flag.  False if out of memory. */
static bool S_word_breaks(const char *s, size_t len, char *brks)
{
	size_t i = 0;
	while (i < len && !S_regional_indicator(s, i, len))
		i++;
	if (i == len) {
		set_linebreaks_utf8((const utf8_t *)s, len, NULL, brks);
		return true;
	}
	char *copy = malloc(len);
	if (!copy)
		return false;
	memcpy(copy, s, len);
	for (; i < len; i++)
		if (S_regional_indicator(copy, i, len))
			memcpy(copy + i, "\xF0\x9D\x90\x80", 4);
	set_linebreaks_utf8((const utf8_t *)copy, len, NULL, brks);
	free(copy);
	return true;
}

/* The break opportunities in S, into BRKS, where pdf_para_text() asks:
 * inside words, after a character that is followed by one.  Those depend
 * on the word alone (the rules of UAX #14 that look across spaces decide
 * the place after the spaces), so each word is looked at on its own, and
 * a plain word not at all: libunibreak looks every character up in its
 * tables, which was a tenth of a PDF's time.  The same answers as for the
 * whole text on 39,000 paragraphs of the benchmarks and fixtures and 2
 * million random strings of 56 kinds of character.  False if out of
 * memory. */
static bool S_find_breaks(const char *s, size_t len, char *brks)
{
	memset(brks, LINEBREAK_NOBREAK, len);
	for (size_t i = 0; i < len;) {
		while (i < len && S_is_space((unsigned char)s[i]))
			i++;
		size_t start = i;
		while (i < len && !S_is_space((unsigned char)s[i]))
			i++;
		if (i > start && !S_plain_word(s + start, i - start) &&
		    !S_word_breaks(s + start, i - start, brks + start))
			return false;
	}
	return true;
}

bool pdf_para_text(struct pdf_para *para, struct pdf_fonts *fonts,
		   const struct pdf_style_state *st, const char *s,
		   size_t len)
{
	char small[256];
	char *brks = len <= sizeof small ? small : malloc(len);
	bool hyphenate = st->hyphenate && para->hyph && st->link < 0 &&
			 st->family != PDF_MONO;
	size_t word = para->n_words;  /* the next word to be placed */
	if (!brks || !S_find_breaks(s, len, brks) ||
	    (hyphenate && !S_defer_words(para, fonts, st, s, len))) {
		if (brks != small)
			free(brks);
		return false;
	}
	bool ok = true, in_box = false;
	for (size_t i = 0; ok && i < len;) {
		/* A word's letters go into the text as they are. */
		if (word < para->n_words && para->words[word].text == i)
			para->words[word++].text = para->text.len;
		uint32_t cp;
		size_t n = dc_utf8_decode(s + i, len - i, &cp);
		if (n == 0) {  /* the model holds clean UTF-8; be safe */
			cp = 0xFFFD;
			n = 1;
		}
		if (S_is_space(cp) && st->family == PDF_MONO) {
			/* Code keeps every space: each is text, with a break
			 * allowed after it. */
			ok = S_box_char(para, fonts, st, " ", 1, ' ',
					&in_box) && S_penalty(para);
			in_box = false;
		} else if (S_is_space(cp)) {
			ok = pdf_para_space(para, fonts, st);
			in_box = false;
		} else {
			ok = S_box_char(para, fonts, st, s + i, n, cp, &in_box);
			/* A break allowed after this character, inside a word
			 * (after a hyphen or dash, between ideographs). */
			bool next_space = i + n < len &&
					  S_is_space((unsigned char)s[i + n]);
			uint32_t next = 0;
			if (i + n < len)
				dc_utf8_decode(s + i + n, len - i - n, &next);
			if (ok && i + n < len && !next_space &&
			    brks[i + n - 1] == LINEBREAK_ALLOWBREAK) {
				ok = S_is_cjk(cp) || S_is_cjk(next)
					     ? S_cjk_glue(para, st)
					     : S_text_break(para, cp);
				in_box = false;
			}
		}
		i += n;
	}
	if (brks != small)
		free(brks);
	return ok;
}

/* ---- Hyphenation points, put in when a paragraph needs them ---- */

/* A hyphenation point at byte AT of the paragraph's text. */
struct cut {
	size_t at;
	const struct pdf_face *hyphen;
};

/* The hyphenation points of PARA's words, in the order of the text, into
 * *CUTS (malloc'd); false when out of memory. */
static bool S_cuts(const struct pdf_para *para, struct cut **cuts,
		   size_t *n_cuts)
{
	size_t cap = 0;
	for (size_t i = 0; i < para->n_words; i++)
		cap += para->words[i].len - 1;
	*n_cuts = 0;
	*cuts = malloc(cap * sizeof **cuts);
	if (!*cuts)
		return false;
	for (size_t i = 0; i < para->n_words; i++) {
		const struct pdf_word *w = &para->words[i];
		bool breaks[PDF_HYPHEN_MAX_WORD];
		if (!pdf_hyphenate(para->hyph, para->text.data + w->text,
				   w->len, breaks))
			continue;
		for (size_t k = 0; k + 1 < w->len; k++)
			if (breaks[k])
				(*cuts)[(*n_cuts)++] = (struct cut){
					.at = w->text + k + 1,
					.hyphen = w->hyphen};
	}
	return true;
}

/* The width of the text [FROM, TO) of BOX, summed as S_box_char() sums
 * it, so a piece is as wide as a box made of it would be. */
static double S_piece_width(const struct pdf_para *para,
			    const struct pdf_item *box, size_t from, size_t to)
{
	double width = 0;
	while (from < to) {
		uint32_t cp;
		size_t n = dc_utf8_decode(para->text.data + from, to - from,
					  &cp);
		if (n == 0) {
			cp = 0xFFFD;
			n = 1;
		}
		width += pdf_face_advance(box->face, cp) * box->size;
		from += n;
	}
	return width;
}

/* Append IT to the items being made. */
static bool S_put(struct pdf_item **items, size_t *n, size_t *cap,
		  struct pdf_item it)
{
	if (!dc_grow((void **)items, cap, *n, sizeof **items))
		return false;
	(*items)[(*n)++] = it;
	return true;
}

/* BOX into ITEMS, split at the CUTS inside it (from *NEXT on), with a
 * penalty for each: a break that draws a hyphen (TeX's hyphenpenalty). */
static bool S_split_at_cuts(const struct pdf_para *para,
			    const struct pdf_item *box, const struct cut *cuts,
			    size_t n_cuts, size_t *next,
			    struct pdf_item **items, size_t *n, size_t *cap)
{
	size_t start = box->text, end = box->text + box->len;
	/* A point lies between two letters of a word: inside a box or at
	 * its end, never at its start (skipped, were one there). */
	while (*next < n_cuts && cuts[*next].at <= start)
		++*next;
	if (*next == n_cuts || cuts[*next].at > end)
		return S_put(items, n, cap, *box);
	for (; *next < n_cuts && cuts[*next].at <= end; ++*next) {
		const struct cut *c = &cuts[*next];
		struct pdf_item piece = *box;
		piece.text = start;
		piece.len = c->at - start;
		piece.width = S_piece_width(para, box, start, c->at);
		struct pdf_item penalty = {
			.kind = PDF_PENALTY, .flagged = true,
			.hyphenation = true, .cost = HYPHEN_COST,
			.face = c->hyphen, .size = box->size,
			.rise = box->rise, .text = c->at,
			.width = pdf_face_advance(c->hyphen, 0xAD) * box->size,
			.expands = true, .link = box->link};
		if (!S_put(items, n, cap, piece) ||
		    !S_put(items, n, cap, penalty))
			return false;
		start = c->at;
	}
	if (start == end)
		return true;
	struct pdf_item piece = *box;
	piece.text = start;
	piece.len = end - start;
	piece.width = S_piece_width(para, box, start, end);
	return S_put(items, n, cap, piece);
}

bool pdf_para_hyphenate(struct pdf_para *para)
{
	if (para->n_words == 0)
		return true;
	struct cut *cuts;
	size_t n_cuts;
	if (!S_cuts(para, &cuts, &n_cuts))
		return false;
	struct pdf_item *items = NULL;
	size_t n = 0, cap = 0, next = 0;
	bool ok = true;
	for (size_t i = 0; ok && i < para->n_items; i++) {
		const struct pdf_item *it = &para->items[i];
		ok = it->kind == PDF_BOX
			     ? S_split_at_cuts(para, it, cuts, n_cuts, &next,
					       &items, &n, &cap)
			     : S_put(&items, &n, &cap, *it);
	}
	free(cuts);
	if (!ok) {
		free(items);
		return false;
	}
	free(para->items);
	para->items = items;
	para->n_items = n;
	para->cap_items = cap;
	para->n_words = 0;
	return true;
}
