#include "page.h"

#include <hpdf_font.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "annot.h"
#include "buf.h"
#include "deflate.h"
#include "image.h"
#include "pageobj.h"
#include "ttfix.h"
#include "utf8.h"

/* A place a cross-reference can point at. */
struct anchor {
	char *id;
	struct pdf_dest dest;
};

/* A link to an anchor, made once every anchor is known. */
struct pending_link {
	HPDF_Page page;
	HPDF_Rect rect;
	char *target;
};

struct pdf_pages {
	HPDF_Doc pdf;
	struct pdf_fonts *fonts;
	struct pdf_annots *annots;
	struct pdf_geometry g;
	struct dc_diag *diag;
	struct pdf_lib_error *lib_error;
	enum dc_status status;

	HPDF_Page page;   /* the page being filled, NULL before the first */
	struct pdf_resources resources;  /* every page's */
	HPDF_Font font;   /* the page's current font and size, to set */
	double font_size; /* them only when they change */
	int count;
	double y;         /* the last baseline, or the top of the text block */
	bool empty;       /* nothing placed on this page yet */
	bool held;        /* to be drawn on after it is left: not compressed */
	double bottom;    /* of what is placed on the page (descenders in) */
	double last_top;  /* of the last line placed */
	struct pdf_spot last;  /* the last line placed */

	struct pdf_packer *packer;  /* full pages go to it */
	/* The content of BUFFERED, the page being filled, until it is left
	 * ("The content of a page" below says why). */
	HPDF_Page buffered;
	struct dc_buf content;
	struct dc_buf text;  /* an operator for a page not buffered */
	char *header;        /* the running header of pages to come */
	struct anchor *anchors;
	size_t n_anchors, cap_anchors;
	struct pending_link *links;
	size_t n_links, cap_links;

	/* Footnotes: the note being set (pdf_pages_capture), and where the
	 * page's state waits meanwhile; every note made; the foot of this
	 * page and the rows waiting for the next. */
	struct pdf_note *capture;
	double saved_y, saved_top;
	bool saved_empty;
	struct pdf_note **notes;
	size_t n_notes, cap_notes;
	struct pdf_foot foot, later;
	struct pdf_foot incoming;  /* the notes of the line being placed */
	double foot_height;
	bool flushing;    /* the notes left after the last line placed */
};

static enum dc_status S_header(struct pdf_pages *p);
static enum dc_status S_draw_line(struct pdf_pages *p,
				  const struct pdf_para *para,
				  const struct pdf_line *line, double x,
				  double baseline);
static enum dc_status S_draw_foot(struct pdf_pages *p);
static enum dc_status S_foot_from_later(struct pdf_pages *p);

static enum dc_status S_fail(struct pdf_pages *p, const char *what)
{
	if (p->status == DC_OK)
		p->status = dc_fail(p->diag, DC_ERR_SOFTWARE,
				    (struct dc_pos){0},
				    "PDF library failed: %s", what);
	return p->status;
}

static enum dc_status S_oom(struct pdf_pages *p)
{
	if (p->status == DC_OK)
		p->status = dc_fail_oom(p->diag);
	return p->status;
}

/* ---- The content of a page ---- *
 *
 * docconv writes the operators of text itself (S_show and the others
 * below), into a buffer of its own for the page being filled: libharu's
 * memory stream copies a byte at a time (with the calls that wrote into
 * it, 7% of a PDF's instructions).  What libharu draws on the page (an
 * image, a rule) goes into its stream, and is gathered into the buffer
 * before the next bytes docconv writes and when the page is left, so the
 * content stays in the order it was drawn.  A page drawn on after it is
 * left (held: a table of contents') gets its content into its stream
 * when it is left, and is written to there afterwards. */

/* What libharu drew on the buffered page since the last look, moved to
 * the end of the buffer. */
static enum dc_status S_gather(struct pdf_pages *p)
{
	HPDF_Stream stream = ((HPDF_PageAttr)p->buffered->attr)->stream;
	if (stream->size == 0)
		return DC_OK;
	if (!pdf_stream_append(stream, &p->content))
		return S_fail(p, "cannot take the page's content");
	HPDF_MemStream_FreeData(stream);
	return DC_OK;
}

/* Room for LEN more bytes of the page's content, or NULL; S_wrote()
 * then says how many were written. */
static char *S_room(struct pdf_pages *p, size_t len)
{
	if (p->page != p->buffered) {
		p->text.len = 0;
		return dc_buf_reserve(&p->text, len) ? p->text.data
						     : (S_oom(p), NULL);
	}
	if (S_gather(p) != DC_OK)
		return NULL;
	return dc_buf_reserve(&p->content, len)
		       ? p->content.data + p->content.len
		       : (S_oom(p), NULL);
}

/* LEN bytes at S into PAGE's own stream. */
static enum dc_status S_to_stream(struct pdf_pages *p, HPDF_Page page,
				  const char *s, size_t len)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	if (HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)s,
			      (HPDF_UINT)len) != HPDF_OK)
		return S_fail(p, "cannot draw");
	return DC_OK;
}

static enum dc_status S_wrote(struct pdf_pages *p, size_t len)
{
	if (p->page != p->buffered)
		return S_to_stream(p, p->page, p->text.data, len);
	p->content.len += len;
	return DC_OK;
}

/* Append the LEN bytes at S to the page's content. */
static enum dc_status S_put(struct pdf_pages *p, const char *s, size_t len)
{
	char *out = S_room(p, len);
	if (!out)
		return p->status;
	memcpy(out, s, len);
	return S_wrote(p, len);
}

/* Leave the buffered page: its content into its own stream when it is
 * held, else to the packer. */
static enum dc_status S_unbuffer(struct pdf_pages *p, bool held)
{
	if (!p->buffered || S_gather(p) != DC_OK)
		return p->status;
	HPDF_Page page = p->buffered;
	p->buffered = NULL;
	size_t len = p->content.len;
	if (held) {
		p->content.len = 0;
		return S_to_stream(p, page, p->content.data, len);
	}
	if (pdf_packer_page(p->packer, page, &p->content, p->diag) != DC_OK)
		return p->status = DC_ERR_SOFTWARE;
	/* The next page is likely as long: room for it at once, not in
	 * seven steps.  Only a hint: without it the buffer grows. */
	(void)dc_buf_reserve(&p->content, len);
	return DC_OK;
}

/* "BT" and "ET", as HPDF_Page_BeginText() and HPDF_Page_EndText() write
 * them and keep libharu's record. */
static enum dc_status S_begin_text(struct pdf_pages *p)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)p->page->attr;
	if (attr->gmode != HPDF_GMODE_PAGE_DESCRIPTION)
		return S_fail(p, "cannot begin text");
	attr->gmode = HPDF_GMODE_TEXT_OBJECT;
	attr->text_pos = (HPDF_Point){0};
	attr->text_matrix = (HPDF_TransMatrix){.a = 1, .d = 1};
	return S_put(p, "BT\012", 3);
}

static enum dc_status S_end_text(struct pdf_pages *p)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)p->page->attr;
	if (attr->gmode != HPDF_GMODE_TEXT_OBJECT)
		return S_fail(p, "cannot end text");
	attr->gmode = HPDF_GMODE_PAGE_DESCRIPTION;
	attr->text_pos = (HPDF_Point){0};
	return S_put(p, "ET\012", 3);
}

enum dc_status pdf_pages_open(struct pdf_pages **out, HPDF_Doc pdf,
			      struct pdf_fonts *fonts,
			      struct pdf_annots *annots,
			      const struct pdf_geometry *geometry,
			      struct pdf_lib_error *error,
			      struct dc_spill *spill, struct dc_diag *diag)
{
	struct pdf_pages *p = calloc(1, sizeof *p);
	*out = p;
	if (!p)
		return dc_fail_oom(diag);
	*p = (struct pdf_pages){.pdf = pdf, .fonts = fonts, .annots = annots,
				.g = *geometry, .diag = diag,
				.lib_error = error, .empty = true};
	return pdf_packer_open(&p->packer, spill, diag);
}

double pdf_pages_measure(const struct pdf_pages *p)
{
	return p->g.width - 2 * p->g.margin;
}

int pdf_pages_count(const struct pdf_pages *p)
{
	return p->count;
}

/* "<...> Tj" for the LEN bytes of UTF-8 at S in a font with GLYPHS,
 * written as libharu's UTF-8 encoder writes text: each character as its
 * UCS-2 value in hex, a space for one past U+FFFF; and its glyph marked
 * for embedding, as measuring it in libharu would.  Written here:
 * HPDF_Page_ShowText() measures the text again and asks the font's cmap
 * twice for each character, a fifth of a PDF's time.  Text is never
 * drawn with the current point after it: each run is placed by Td. */
static enum dc_status S_show(struct pdf_pages *p,
			     const struct pdf_tt_glyphs *glyphs, const char *s,
			     size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	char *start = S_room(p, 4 * len + 8);
	if (!start)
		return p->status;
	char *out = start;
	*out++ = '<';
	for (size_t i = 0; i < len;) {
		uint32_t cp = 0;
		size_t n = dc_utf8_decode(s + i, len - i, &cp);
		if (n == 0) {  /* the model holds clean UTF-8; be safe */
			cp = 0xFFFD;
			n = 1;
		}
		i += n;
		if (cp > 0xFFFF)
			cp = ' ';
		if (cp < glyphs->n_codes && glyphs->gid[cp] < glyphs->n_glyphs)
			glyphs->used[glyphs->gid[cp]] = 1;
		for (int shift = 12; shift >= 0; shift -= 4)
			*out++ = hex[(cp >> shift) & 0xF];
	}
	memcpy(out, "> Tj\012", 5);
	out += 5;
	return S_wrote(p, (size_t)(out - start));
}

/* V in thousandths of a point, trailing zeros dropped, into OUT (at
 * least 24 bytes); returns the length. */
static size_t S_number(char *out, long long v)
{
	char digits[24];
	size_t n = 0, len = 0;
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v
				     : (unsigned long long)v;
	unsigned long long whole = u / 1000;
	int frac = (int)(u % 1000);
	do {
		digits[n++] = (char)('0' + whole % 10);
		whole /= 10;
	} while (whole);
	if (v < 0)
		out[len++] = '-';
	while (n > 0)
		out[len++] = digits[--n];
	if (frac) {
		out[len++] = '.';
		for (int div = 100; frac; div /= 10) {
			out[len++] = (char)('0' + frac / div);
			frac %= div;
		}
	}
	return len;
}

/* D points in thousandths, rounded half away from zero. */
static long long S_thousandths(double d)
{
	return (long long)(d * 1000 + (d < 0 ? -0.5 : 0.5));
}

/* Move the text position to X, Y: "Td" from where it is, written here,
 * not by HPDF_Page_MoveTextPos(), which clears a 512-byte buffer a byte
 * at a time for each call and was an eighth of a PDF's time.  libharu's
 * own record of the position follows, as that function keeps it: with
 * the moves as written, rounded to a thousandth of a point, so that
 * rounding never adds up along a line.  Text is never drawn with a
 * text matrix of its own (the identity after BT). */
static enum dc_status S_move_text(struct pdf_pages *p, double x, double y)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)p->page->attr;
	HPDF_TransMatrix *m = &attr->text_matrix;
	if (m->a != 1 || m->b != 0 || m->c != 0 || m->d != 1)
		return S_fail(p, "unexpected text matrix");
	long long dx = S_thousandths(x - m->x), dy = S_thousandths(y - m->y);
	char op[64];
	size_t len = S_number(op, dx);
	op[len++] = ' ';
	len += S_number(op + len, dy);
	memcpy(op + len, " Td\012", 4);
	len += 4;
	if (S_put(p, op, len) != DC_OK)
		return p->status;
	m->x += (HPDF_REAL)(dx / 1000.0);
	m->y += (HPDF_REAL)(dy / 1000.0);
	attr->text_pos.x = m->x;
	attr->text_pos.y = m->y;
	return DC_OK;
}

/* Make FONT at SIZE the current font: "/F1 10 Tf" written here, the font
 * named in the page's resources as HPDF_Page_SetFontAndSize() names it,
 * the size in thousandths of a point (libharu's HPDF_FToA() took 600
 * instructions a number), and libharu's record of the text state kept as
 * it keeps it.  That function clears a 512-byte buffer a byte at a time
 * for each call: 4% of a PDF's instructions, with a call for each change
 * of style. */
static enum dc_status S_set_font(struct pdf_pages *p, HPDF_Font font,
				 double size)
{
	const char *name = HPDF_Page_GetLocalFontName(p->page, font);
	char op[96];
	size_t len = name ? strlen(name) : 0;
	if (len == 0 || len > 32)
		return S_fail(p, "cannot set the font");
	op[0] = '/';
	memcpy(op + 1, name, len);
	op[len + 1] = ' ';
	len += 2 + S_number(op + len + 2, S_thousandths(size));
	memcpy(op + len, " Tf\012", 4);
	if (S_put(p, op, len + 4) != DC_OK)
		return p->status;
	HPDF_PageAttr attr = (HPDF_PageAttr)p->page->attr;
	attr->gstate->font = font;
	attr->gstate->font_size = (HPDF_REAL)size;
	attr->gstate->writing_mode =
		((HPDF_FontAttr)font->attr)->writing_mode;
	p->font = font;
	p->font_size = size;
	return DC_OK;
}

/* Draw S at X, Y in FACE at SIZE (text mode must be on). */
static enum dc_status S_draw(struct pdf_pages *p, const struct pdf_face *face,
			     double size, double x, double y, const char *s,
			     size_t len)
{
	HPDF_Font font = pdf_face_font(p->fonts, face);
	if (!font)
		return S_fail(p, "cannot load a font");
	if ((font != p->font || size != p->font_size) &&
	    S_set_font(p, font, size) != DC_OK)
		return p->status;
	if (S_move_text(p, x, y) != DC_OK)
		return p->status;
	return S_show(p, pdf_face_glyphs(face), s, len);
}

static enum dc_status S_footer(struct pdf_pages *p)
{
	char number[16];
	int n = snprintf(number, sizeof number, "%d", p->count);
	double size = p->g.font_size * 0.85;
	const struct pdf_face *face =
		pdf_fonts_face(p->fonts, PDF_BODY, PDF_REGULAR, '0');
	if (!face)
		return S_oom(p);
	double width = 0;
	for (int i = 0; i < n; i++)
		width += pdf_face_advance(face, (uint32_t)number[i]) * size;
	double x = (p->g.width - width) / 2;
	double y = p->g.margin / 2;
	if (S_begin_text(p) != DC_OK ||
	    S_draw(p, face, size, x, y, number, (size_t)n) != DC_OK)
		return p->status;
	return S_end_text(p);
}

/* The page is full: its notes are drawn, its content compressed. */
static enum dc_status S_leave_page(struct pdf_pages *p)
{
	if (!p->page || S_draw_foot(p) != DC_OK ||
	    S_unbuffer(p, p->held) != DC_OK || p->held)
		return p->status;  /* libharu compresses a held page */
	pdf_pageobj_finished(p->page);
	return DC_OK;
}

static enum dc_status S_new_page(struct pdf_pages *p)
{
	if (S_leave_page(p) != DC_OK)
		return p->status;
	p->page = pdf_pageobj_add(p->pdf, &p->resources, p->g.width,
				  p->g.height);
	if (!p->page)
		return S_fail(p, "cannot add a page");
	p->count++;
	p->buffered = p->page;
	p->held = false;
	p->font = NULL;
	p->y = p->bottom = p->g.height - p->g.margin;
	p->empty = true;
	if (S_footer(p) != DC_OK || S_header(p) != DC_OK)
		return p->status;
	return S_foot_from_later(p);
}

/* The lowest a line of the body may reach: above the notes. */
static double S_floor(const struct pdf_pages *p)
{
	return p->g.margin + p->foot_height;
}

enum dc_status pdf_pages_break(struct pdf_pages *p)
{
	if (p->status != DC_OK || p->capture)
		return p->status;
	if (p->page && p->empty)
		return DC_OK;
	return S_new_page(p);
}

enum dc_status pdf_pages_need(struct pdf_pages *p, double height)
{
	if (p->status != DC_OK || p->capture)
		return p->status;  /* a note's column has no bottom */
	if (!p->page)
		return S_new_page(p);
	if (!p->empty && p->y - height < S_floor(p))
		return S_new_page(p);
	return DC_OK;
}

void pdf_pages_skip(struct pdf_pages *p, double space)
{
	if ((p->page || p->capture) && !p->empty)
		p->y -= space;
}

int pdf_pages_lines_left(const struct pdf_pages *p, double leading)
{
	if (p->capture)
		return 1 << 20;
	double top = p->page && !p->empty ? p->y
					  : p->g.height - p->g.margin;
	double room = top - S_floor(p);
	return room > 0 ? (int)(room / leading) : 0;
}

double pdf_pages_text_height(const struct pdf_pages *p)
{
	return p->capture ? 1e9 : p->g.height - 2 * p->g.margin;
}

/* What ends a running header that is cut. */
static const char S_ELLIPSIS[] = "\xE2\x80\xA6";  /* … */

/* The running header: small italics, set as one line. */
static bool S_header_line(struct pdf_pages *p, const char *s, size_t len,
			  struct pdf_para *para, struct pdf_line **lines,
			  size_t *n)
{
	struct pdf_style_state st = {.family = PDF_BODY, .style = PDF_ITALIC,
				     .size = p->g.font_size * 0.85, .link = -1};
	return pdf_para_text(para, p->fonts, &st, s, len) &&
	       pdf_break_lines(para, p->fonts, 1e9, 1e9, lines, n);
}

static double S_line_width(const struct pdf_para *para,
			   const struct pdf_line *line)
{
	double width = 0;
	for (size_t i = line->first; i < line->end; i++)
		width += para->items[i].kind == PDF_PENALTY
				 ? 0 : para->items[i].width;
	return width;
}

/* Does S[0, LEN), then an ellipsis if CUT, fit the measure in the
 * header's style?  *STATUS is set when out of memory. */
static bool S_header_fits(struct pdf_pages *p, const char *s, size_t len,
			  bool cut, enum dc_status *status)
{
	struct dc_buf buf = {0};
	struct pdf_para para = {0};
	struct pdf_line *lines = NULL;
	size_t n = 0;
	bool fits = false;
	if (!dc_buf_append(&buf, s, len) ||
	    (cut && !dc_buf_append(&buf, S_ELLIPSIS, sizeof S_ELLIPSIS - 1)) ||
	    !S_header_line(p, buf.data, buf.len, &para, &lines, &n))
		*status = S_oom(p);
	else
		fits = n <= 1 && (n == 0 || S_line_width(&para, &lines[0]) <=
						    pdf_pages_measure(p));
	free(lines);
	pdf_para_free(&para);
	dc_buf_free(&buf);
	return fits;
}

/* The places TEXT (LEN bytes) may be cut at, in order, into AT (of
 * LEN): after a word, or when WORDS is false after any character. */
static size_t S_header_cuts(const char *text, size_t len, bool words,
			    size_t *at)
{
	size_t n = 0;
	for (size_t i = 1; i < len; i++) {
		bool cut = words ? text[i] == ' ' && text[i - 1] != ' '
				 : ((unsigned char)text[i] & 0xC0) != 0x80;
		if (cut)
			at[n++] = i;
	}
	return n;
}

/* The longest start of TEXT that fits the measure with an ellipsis
 * after it, cut after a word if one fits, else after a character; 0 if
 * none fits. */
static size_t S_header_cut(struct pdf_pages *p, const char *text,
			   size_t len, enum dc_status *status)
{
	size_t *at = malloc(len * sizeof *at);
	if (!at) {
		*status = S_oom(p);
		return 0;
	}
	size_t keep = 0;
	for (int words = 1; words >= 0 && keep == 0; words--) {
		size_t lo = 0, hi = S_header_cuts(text, len, words, at);
		while (lo < hi && *status == DC_OK) {  /* widths grow */
			size_t mid = lo + (hi - lo) / 2;
			if (S_header_fits(p, text, at[mid], true, status)) {
				keep = at[mid];
				lo = mid + 1;
			} else {
				hi = mid;
			}
		}
	}
	free(at);
	return keep;
}

/* A header longer than this never fits a line: only its start is
 * looked at. */
enum { HEADER_MAX = 1024 };

/* The header is fitted once, here, to the width of the text: a long
 * title is cut with an ellipsis rather than run off both sides of every
 * page. */
enum dc_status pdf_pages_set_header(struct pdf_pages *p, const char *text)
{
	free(p->header);
	p->header = NULL;
	if (!text)
		return DC_OK;
	size_t len = strlen(text);
	enum dc_status status = DC_OK;
	if (len <= HEADER_MAX && S_header_fits(p, text, len, false, &status))
		return (p->header = strdup(text)) ? DC_OK : S_oom(p);
	size_t keep = S_header_cut(p, text, len < HEADER_MAX ? len : HEADER_MAX,
				   &status);
	if (status != DC_OK || keep == 0)
		return status;
	if (!(p->header = malloc(keep + sizeof S_ELLIPSIS)))
		return S_oom(p);
	memcpy(p->header, text, keep);
	memcpy(p->header + keep, S_ELLIPSIS, sizeof S_ELLIPSIS);
	return DC_OK;
}

/* The running header, in small italics centred in the top margin. */
static enum dc_status S_header(struct pdf_pages *p)
{
	if (!p->header || !p->header[0])
		return DC_OK;
	struct pdf_para para = {0};
	struct pdf_line *lines = NULL;
	size_t n = 0;
	enum dc_status status = DC_OK;
	if (!S_header_line(p, p->header, strlen(p->header), &para, &lines, &n))
		status = S_oom(p);
	if (status == DC_OK && n > 0) {
		double x = (p->g.width - S_line_width(&para, &lines[0])) / 2;
		double y = p->g.height - p->g.margin / 2;
		if (S_begin_text(p) == DC_OK &&
		    S_draw_line(p, &para, &lines[0], x, y) == DC_OK)
			S_end_text(p);
		status = p->status;
	}
	free(lines);
	pdf_para_free(&para);
	return status;
}

/* A link annotation over RECT for LINK. */
static enum dc_status S_link(struct pdf_pages *p, const struct pdf_link *link,
			     HPDF_Rect rect)
{
	if (link->url) {
		if (pdf_annot_link(p->annots, p->page, rect, link->url,
				   (struct pdf_dest){0}) != HPDF_OK)
			return S_fail(p, "cannot make a link");
		return DC_OK;
	}
	if (!link->target)
		return DC_OK;
	if (!dc_grow((void **)&p->links, &p->cap_links, p->n_links,
		       sizeof *p->links))
		return S_oom(p);
	char *target = strdup(link->target);
	if (!target)
		return S_oom(p);
	p->links[p->n_links++] = (struct pending_link){
		.page = p->page, .rect = rect, .target = target};
	return DC_OK;
}

/* The x where each item of LINE starts is computed as it is drawn; a
 * run of items of one link gets one annotation. */
struct line_pen {
	double x, baseline;
	int link;          /* of the run being drawn, or -1 */
	double link_x0;
	int expand;        /* the horizontal scaling set, thousandths */
	bool tinted;       /* the fill colour set is a link's, not black */
};

static enum dc_status S_end_link(struct pdf_pages *p,
				 const struct pdf_para *para,
				 struct line_pen *pen)
{
	if (pen->link < 0)
		return DC_OK;
	HPDF_Rect rect = {
		.left = (HPDF_REAL)pen->link_x0,
		.bottom = (HPDF_REAL)(pen->baseline + para->descent),
		.right = (HPDF_REAL)pen->x,
		.top = (HPDF_REAL)(pen->baseline + para->ascent),
	};
	int link = pen->link;
	pen->link = -1;
	return S_link(p, &para->links[link], rect);
}

/* How far items [I, end) can be drawn with one call: a box, and the glue
 * and boxes after it in the same face, size and link, as long as no glue
 * stretches (a justified line is drawn a word and its space at a time).
 * A break not taken inside the run (a hyphenation point, the place after
 * a hyphen or a slash) is not drawn and does not end it. */
static size_t S_run_end(const struct pdf_para *para,
			const struct pdf_line *line, size_t i)
{
	const struct pdf_item *first = &para->items[i];
	size_t end = i + 1;  /* past the run's last item drawn */
	if (first->kind == PDF_PENALTY)
		return end;  /* not drawn where the line goes on */
	for (size_t j = i + 1; j < line->end; j++) {
		const struct pdf_item *it = &para->items[j];
		const struct pdf_item *last = &para->items[end - 1];
		if (it->kind == PDF_PENALTY)
			continue;
		if (it->face != first->face || it->size != first->size ||
		    it->rise != first->rise || it->link != first->link ||
		    (it->kind == PDF_BOX && it->expands != first->expands) ||
		    it->text != last->text + last->len)
			break;
		end = j + 1;
		/* A space drawn scaled is not the width it is given. */
		if (it->kind == PDF_GLUE &&
		    (line->ratio != 0 || line->expand != 0))
			break;  /* the space goes with its word */
	}
	return end;
}

static double S_adjusted(const struct pdf_line *line,
			 const struct pdf_item *it)
{
	if (it->kind == PDF_PENALTY)
		return 0;  /* its width counts only where the line ends */
	return pdf_item_drawn_width(line, it);
}

/* The horizontal scaling (Tz) that draws IT as LINE sets it.  It is
 * state of the page that outlives the text object: the line puts it
 * back to 100% when it ends.  Written here, as the font is (S_set_font),
 * and libharu's record kept as HPDF_Page_SetHorizontalScalling() keeps
 * it. */
static enum dc_status S_scale(struct pdf_pages *p, struct line_pen *pen,
			      int expand)
{
	if (expand == pen->expand)
		return DC_OK;
	char op[32];  /* the percentage, in thousandths */
	size_t len = S_number(op, 100000 + 100LL * expand);
	memcpy(op + len, " Tz\012", 4);
	if (S_put(p, op, len + 4) != DC_OK)
		return p->status;
	((HPDF_PageAttr)p->page->attr)->gstate->h_scalling =
		(HPDF_REAL)(100 + expand / 10.0);
	pen->expand = expand;
	return DC_OK;
}

/* Draw items [I, END) of LINE, which S_run_end() made one run. */
static enum dc_status S_run(struct pdf_pages *p, const struct pdf_para *para,
			    const struct pdf_line *line, size_t i, size_t end,
			    struct line_pen *pen)
{
	const struct pdf_item *it = &para->items[i];
	/* A break inside a link (after a slash of a URL, say) is not drawn
	 * and does not end the link's annotation. */
	if (it->kind != PDF_PENALTY && it->link != pen->link) {
		if (S_end_link(p, para, pen) != DC_OK)
			return p->status;
		pen->link = it->link;
		pen->link_x0 = pen->x;
	}
	const struct pdf_item *last = &para->items[end - 1];
	size_t len = last->text + last->len - it->text;
	/* Spaces are drawn too, so text extraction gives them back. */
	if (it->kind != PDF_PENALTY && len > 0 &&
	    S_scale(p, pen, it->expands ? line->expand : 0) != DC_OK)
		return p->status;
	if (it->kind != PDF_PENALTY && len > 0 &&
	    S_draw(p, it->face, it->size, pen->x, pen->baseline + it->rise,
		   para->text.data + it->text, len) != DC_OK)
		return p->status;
	for (size_t k = i; k < end; k++)
		pen->x += S_adjusted(line, &para->items[k]);
	return DC_OK;
}

/* Is item IT of PARA part of a link out of the document?  Those are
 * drawn a dark blue: on screen it tells that a click leads elsewhere, on
 * paper it reads as black.  Cross-references and note numbers, which say
 * what they are, stay black as the text, as in LaTeX (pandoc's
 * hidelinks); all are clickable alike. */
static bool S_tinted(const struct pdf_para *para, const struct pdf_item *it)
{
	return it->link >= 0 && para->links[it->link].url != NULL;
}

/* Text from here on tinted (TINT) or black, where PEN's colour is not
 * that.  "rg" is written here: HPDF_Page_SetRGBFill() clears a 512-byte
 * buffer a byte at a time on each call.  libharu's record follows. */
static enum dc_status S_tint(struct pdf_pages *p, struct line_pen *pen,
			     bool tint)
{
	if (tint == pen->tinted)
		return DC_OK;
	static const HPDF_RGBColor blue = {0.08f, 0.16f, 0.38f}, black = {0};
	const char *op = tint ? "0.08 0.16 0.38 rg\012" : "0 0 0 rg\012";
	if (S_put(p, op, strlen(op)) != DC_OK)
		return p->status;
	HPDF_PageAttr attr = (HPDF_PageAttr)p->page->attr;
	attr->gstate->cs_fill = HPDF_CS_DEVICE_RGB;
	attr->gstate->rgb_fill = tint ? blue : black;
	pen->tinted = tint;
	return DC_OK;
}

static enum dc_status S_draw_line(struct pdf_pages *p,
				  const struct pdf_para *para,
				  const struct pdf_line *line, double x,
				  double baseline)
{
	struct line_pen pen = {.x = x, .baseline = baseline, .link = -1};
	for (size_t i = line->first; i < line->end;) {
		const struct pdf_item *it = &para->items[i];
		/* A break inside a link is not drawn and keeps its colour. */
		if (it->kind != PDF_PENALTY &&
		    S_tint(p, &pen, S_tinted(para, it)) != DC_OK)
			return p->status;
		size_t end = S_run_end(para, line, i);
		if (S_run(p, para, line, i, end, &pen) != DC_OK)
			return p->status;
		i = end;
	}
	/* A line that ends at a hyphenation point ends with its hyphen, a
	 * soft one (U+00AD): the word's text has none. */
	static const char soft_hyphen[] = "\xC2\xAD";
	const struct pdf_item *brk =
		line->end < para->n_items ? &para->items[line->end] : NULL;
	bool hyphen = brk && brk->kind == PDF_PENALTY && brk->hyphenation;
	if (hyphen &&
	    (S_tint(p, &pen, S_tinted(para, brk)) != DC_OK ||
	     S_scale(p, &pen, brk->expands ? line->expand : 0) != DC_OK ||
	     S_draw(p, brk->face, brk->size, pen.x, pen.baseline + brk->rise,
		    soft_hyphen, sizeof soft_hyphen - 1) != DC_OK))
		return p->status;
	/* A line leaves the state as it found it: 100% wide, in black. */
	if (S_scale(p, &pen, 0) != DC_OK || S_tint(p, &pen, false) != DC_OK)
		return p->status;
	return S_end_link(p, para, &pen);
}

/* LINE of PARA at X and BASELINE, MARKER (or NULL) at MARKER_X. */
static enum dc_status S_text_line(struct pdf_pages *p,
				  const struct pdf_para *para,
				  const struct pdf_line *line, double x,
				  double baseline, const struct pdf_para *marker,
				  double marker_x)
{
	struct pdf_line whole = {.end = marker ? marker->n_items : 0};
	if (S_begin_text(p) != DC_OK ||
	    (marker && S_draw_line(p, marker, &whole, marker_x, baseline) !=
			       DC_OK) ||
	    S_draw_line(p, para, line, x, baseline) != DC_OK)
		return p->status;
	return S_end_text(p);
}

/* The same, into the note being set: copies, drawn at the foot later. */
static enum dc_status S_capture_line(struct pdf_pages *p,
				     const struct pdf_para *para,
				     const struct pdf_line *line, double x,
				     double baseline,
				     const struct pdf_para *marker,
				     double marker_x)
{
	struct pdf_note *note = p->capture;
	struct pdf_op *op = pdf_note_row(note, baseline)
				    ? pdf_note_op(note, PDF_OP_LINE) : NULL;
	if (!op || !(op->para = calloc(1, sizeof *op->para)) ||
	    !pdf_para_slice(op->para, para, line, &op->line))
		return S_oom(p);
	op->x = x;
	op->y = baseline;
	op->marker_x = marker_x;
	struct pdf_line whole = {.end = marker ? marker->n_items : 0}, copy;
	if (marker && (!(op->marker = calloc(1, sizeof *op->marker)) ||
		       !pdf_para_slice(op->marker, marker, &whole, &copy)))
		return S_oom(p);
	note->depth = -para->descent;
	return DC_OK;
}

static struct pdf_foot_style S_foot_style(const struct pdf_pages *p)
{
	return (struct pdf_foot_style){.sep = p->g.font_size * 1.2,
				       .gap = p->g.font_size * 0.3};
}

/* The notes of a line, whole, in p->incoming. */
static bool S_incoming(struct pdf_pages *p, struct pdf_note *const *notes,
		       size_t n)
{
	p->incoming.n = 0;
	for (size_t i = 0; i < n; i++)
		if (!pdf_foot_add(&p->incoming, notes[i], 0,
				  notes[i]->n_rows))
			return false;
	return true;
}

/* Room for a line HEIGHT points deep and the notes of PLACE: a new page
 * when the line does not fit, or when not even the first two lines of
 * its first note would (a note begins on the page of its reference). */
static enum dc_status S_make_room(struct pdf_pages *p, double height,
				  const struct pdf_place *place)
{
	if (pdf_pages_need(p, height) != DC_OK || p->capture ||
	    place->n_notes == 0 || p->empty || p->later.n)
		return p->status;
	if (!S_incoming(p, place->notes, place->n_notes))
		return S_oom(p);
	struct pdf_foot_style style = S_foot_style(p);
	const struct pdf_foot *in = &p->incoming;
	size_t all = pdf_foot_rows(in->parts, in->n);
	size_t fit = pdf_foot_fitting(&p->foot, in->parts, in->n,
				      p->y - height - p->g.margin, &style);
	size_t first = in->n ? in->parts[0].to : 0;
	if (fit < all && fit < (first < 2 ? first : 2))
		return S_new_page(p);
	return DC_OK;
}

/* NOTES to the foot of this page, as much of them as fits under what is
 * placed; the rest, and all of them when notes already wait, later. */
static enum dc_status S_add_notes(struct pdf_pages *p,
				  struct pdf_note *const *notes, size_t n)
{
	if (!S_incoming(p, notes, n))
		return S_oom(p);
	struct pdf_foot_style style = S_foot_style(p);
	const struct pdf_foot *in = &p->incoming;
	size_t fit = p->later.n ? 0
				: pdf_foot_fitting(&p->foot, in->parts, in->n,
						   p->bottom - p->g.margin,
						   &style);
	if (!pdf_foot_take(&p->foot, &p->later, in->parts, in->n, fit))
		return S_oom(p);
	p->foot_height = pdf_foot_height(&p->foot, &style);
	return DC_OK;
}

/* A new page's foot starts with the rows that wait: at most three
 * quarters of the text block while there is body text to come (at least
 * one row), all that fits when only notes are left. */
static enum dc_status S_foot_from_later(struct pdf_pages *p)
{
	if (p->later.n == 0)
		return DC_OK;
	struct pdf_foot waiting = p->later;
	p->later = (struct pdf_foot){0};
	struct pdf_foot_style style = S_foot_style(p);
	double block = p->g.height - 2 * p->g.margin;
	size_t rows = pdf_foot_fitting(&p->foot, waiting.parts, waiting.n,
				       p->flushing ? block : block * 0.75,
				       &style);
	bool ok = pdf_foot_take(&p->foot, &p->later, waiting.parts, waiting.n,
				rows ? rows : 1);
	pdf_foot_free(&waiting);
	if (!ok)
		return S_oom(p);
	p->foot_height = pdf_foot_height(&p->foot, &style);
	return DC_OK;
}

enum dc_status pdf_pages_line(struct pdf_pages *p, const struct pdf_para *para,
			      const struct pdf_line *line,
			      const struct pdf_place *place)
{
	double depth = -para->descent;
	if (S_make_room(p, place->leading + depth, place) != DC_OK)
		return p->status;
	double baseline = p->y - (p->empty ? para->ascent : place->leading);
	if (p->empty && para->ascent <= 0)
		baseline = p->y - place->leading;
	double x = p->g.margin + place->indent;
	if (place->center) {
		double room = pdf_pages_measure(p) - place->indent;
		x += (room - pdf_line_drawn_width(para, line)) / 2;
	}
	const struct pdf_para *marker =
		place->marker && place->marker->n_items > 0 ? place->marker
							    : NULL;
	struct pdf_line whole = {.end = marker ? marker->n_items : 0};
	double mx = marker ? x - place->marker_gap -
				     pdf_line_drawn_width(marker, &whole)
			   : 0;
	enum dc_status st =
		p->capture
			? S_capture_line(p, para, line, x, baseline, marker, mx)
			: S_text_line(p, para, line, x, baseline, marker, mx);
	p->y = baseline;
	p->empty = false;
	p->last_top = baseline + para->ascent;
	if (st != DC_OK || p->capture)
		return st;
	p->last = (struct pdf_spot){.page = p->page, .baseline = baseline};
	p->bottom = baseline - depth;
	return place->n_notes ? S_add_notes(p, place->notes, place->n_notes)
			      : DC_OK;
}

/* Y points up the current page. */
static struct pdf_dest S_destination(const struct pdf_pages *p, double y)
{
	return (struct pdf_dest){.page = p->page, .y = (HPDF_REAL)y};
}

struct pdf_dest pdf_pages_destination(struct pdf_pages *p)
{
	if (p->capture || pdf_pages_need(p, 0) != DC_OK)
		return (struct pdf_dest){0};
	return S_destination(p, p->y);
}

static enum dc_status S_anchor_add(struct pdf_pages *p, const char *id,
				   struct pdf_dest d)
{
	if (!d.page)
		return p->status;
	if (!dc_grow((void **)&p->anchors, &p->cap_anchors, p->n_anchors,
		       sizeof *p->anchors))
		return S_oom(p);
	char *copy = strdup(id);
	if (!copy)
		return S_oom(p);
	p->anchors[p->n_anchors++] = (struct anchor){.id = copy, .dest = d};
	return DC_OK;
}

/* An anchor in the note being set, made when the note is drawn: at Y,
 * in the last row made (ON_LINE) or the next. */
static enum dc_status S_capture_anchor(struct pdf_pages *p, const char *id,
				       double y, bool on_line)
{
	struct pdf_op *op = pdf_note_op(p->capture, PDF_OP_ANCHOR);
	if (!op || !(op->id = strdup(id)))
		return S_oom(p);
	op->y = y;
	if (on_line)
		op->row = p->capture->n_rows - 1;
	return DC_OK;
}

enum dc_status pdf_pages_anchor(struct pdf_pages *p, const char *id)
{
	if (p->capture)
		return S_capture_anchor(p, id, p->y, false);
	return S_anchor_add(p, id, pdf_pages_destination(p));
}

enum dc_status pdf_pages_anchor_line(struct pdf_pages *p, const char *id)
{
	if (p->empty)
		return pdf_pages_anchor(p, id);
	if (p->capture)
		return S_capture_anchor(p, id, p->last_top, true);
	return S_anchor_add(p, id, S_destination(p, p->last_top));
}

static int S_anchor_cmp(const void *a, const void *b)
{
	return strcmp(((const struct anchor *)a)->id,
		      ((const struct anchor *)b)->id);
}

static void S_resolve_links(struct pdf_pages *p)
{
	if (p->n_anchors)
		qsort(p->anchors, p->n_anchors, sizeof *p->anchors,
		      S_anchor_cmp);
	for (size_t i = 0; i < p->n_links && p->status == DC_OK; i++) {
		struct pending_link *l = &p->links[i];
		struct anchor key = {.id = l->target};
		const struct anchor *a =
			p->n_anchors ? bsearch(&key, p->anchors, p->n_anchors,
					       sizeof *p->anchors,
					       S_anchor_cmp)
				     : NULL;
		if (!a) {
			dc_note(p->diag, (struct dc_pos){0},
				"cross-reference to a missing id '%s' is not "
				"a link", l->target);
			continue;
		}
		if (pdf_annot_link(p->annots, l->page, l->rect, NULL,
				   a->dest) != HPDF_OK)
			S_fail(p, "cannot make a link");
	}
}

enum dc_status pdf_pages_close(struct pdf_pages *p)
{
	if (!p)
		return DC_OK;
	if (p->status == DC_OK && !p->page)
		S_new_page(p);  /* an empty document still has a page */
	if (p->status == DC_OK)
		S_leave_page(p);
	if (p->status == DC_OK)
		S_resolve_links(p);
	/* Every page packed before the document can be saved. */
	enum dc_status packed = pdf_packer_close(p->packer, p->diag);
	enum dc_status st = p->status != DC_OK ? p->status : packed;
	for (size_t i = 0; i < p->n_anchors; i++)
		free(p->anchors[i].id);
	for (size_t i = 0; i < p->n_links; i++)
		free(p->links[i].target);
	for (size_t i = 0; i < p->n_notes; i++)
		pdf_note_free(p->notes[i]);
	free(p->notes);
	pdf_foot_free(&p->foot);
	pdf_foot_free(&p->later);
	pdf_foot_free(&p->incoming);
	free(p->anchors);
	free(p->links);
	dc_buf_free(&p->text);
	dc_buf_free(&p->content);
	free(p->header);
	free(p);
	return st;
}

/* ---- Images ---- */

static HPDF_Image S_load(struct pdf_pages *p, const char *path,
			 struct dc_pos pos)
{
	struct pdf_image_check check;
	pdf_image_check(path, &check);
	HPDF_Image image = NULL;
	if (check.problem[0])
		dc_note(p->diag, pos, "cannot use image '%s': %s; an empty "
			"frame stands in for it", path, check.problem);
	else if (check.kind == PDF_IMAGE_PNG)
		image = HPDF_LoadPngImageFromFile(p->pdf, path);
	else if (check.kind == PDF_IMAGE_JPEG)
		image = HPDF_LoadJpegImageFromFile(p->pdf, path);
	if (image || check.problem[0])
		return image;
	/* libharu's failure is forgiven: the frame stands in for it. */
	HPDF_ResetError(p->pdf);
	*p->lib_error = (struct pdf_lib_error){0};
	if (check.errnum)
		dc_note(p->diag, pos, "cannot read image '%s': %s; an empty "
			"frame stands in for it", path, strerror(check.errnum));
	else
		dc_note(p->diag, pos, "'%s' is not a PNG or JPEG image libharu "
			"can read; an empty frame stands in for it", path);
	return NULL;
}

/* IMAGE at X, Y (lower left), W by H; without an image, a grey frame. */
static enum dc_status S_picture(struct pdf_pages *p, HPDF_Image image,
				double x, double y, double w, double h)
{
	if (image) {
		if (!pdf_pageobj_images(p->page, &p->resources) ||
		    HPDF_Page_DrawImage(p->page, image, (HPDF_REAL)x,
					(HPDF_REAL)y, (HPDF_REAL)w,
					(HPDF_REAL)h) != HPDF_OK)
			return S_fail(p, "cannot draw an image");
		return DC_OK;
	}
	if (HPDF_Page_SetLineWidth(p->page, 0.5) != HPDF_OK ||
	    HPDF_Page_SetRGBStroke(p->page, 0.6f, 0.6f, 0.6f) != HPDF_OK ||
	    HPDF_Page_Rectangle(p->page, (HPDF_REAL)x, (HPDF_REAL)y,
				(HPDF_REAL)w, (HPDF_REAL)h) != HPDF_OK ||
	    HPDF_Page_Stroke(p->page) != HPDF_OK)
		return S_fail(p, "cannot draw a frame");
	return DC_OK;
}

/* The image into the note being set. */
static enum dc_status S_capture_picture(struct pdf_pages *p, HPDF_Image image,
					double x, double y, double w, double h)
{
	struct pdf_op *op = pdf_note_row(p->capture, y)
				    ? pdf_note_op(p->capture, PDF_OP_IMAGE)
				    : NULL;
	if (!op)
		return S_oom(p);
	*op = (struct pdf_op){.kind = PDF_OP_IMAGE, .row = op->row, .x = x,
			      .y = y, .w = w, .h = h, .image = image};
	p->capture->depth = 0;
	return DC_OK;
}

enum dc_status pdf_pages_image(struct pdf_pages *p, const char *path,
			       double indent, struct dc_pos pos)
{
	HPDF_Image image = path ? S_load(p, path, pos) : NULL;
	double room = pdf_pages_measure(p) - indent;
	/* Pixels at 96 per inch, scaled down to the measure and to 3/4 of
	 * the text block's height; a missing image gets a frame 2:1. */
	double w = image ? HPDF_Image_GetWidth(image) * 0.75 : room / 2;
	double h = image ? HPDF_Image_GetHeight(image) * 0.75 : room / 4;
	double max_h = (p->g.height - 2 * p->g.margin) * 0.75;
	double scale = 1;
	if (w > room)
		scale = room / w;
	if (h * scale > max_h)
		scale = max_h / h;
	w *= scale;
	h *= scale;
	if (w <= 0 || h <= 0)
		return p->status;
	if (pdf_pages_need(p, h + p->g.font_size * 0.5) != DC_OK)
		return p->status;
	double x = p->g.margin + indent + (room - w) / 2;
	double y = p->y - (p->empty ? 0 : p->g.font_size * 0.5) - h;
	if ((p->capture ? S_capture_picture(p, image, x, y, w, h)
			: S_picture(p, image, x, y, w, h)) != DC_OK)
		return p->status;
	p->y = y;
	p->empty = false;
	if (!p->capture)
		p->bottom = y;
	return p->status;
}

/* ---- Blocks drawn by hand ---- */

double pdf_pages_reserve(struct pdf_pages *p, double height)
{
	if (pdf_pages_need(p, height) != DC_OK)
		return -1;
	double top = p->y;
	p->y -= height;
	p->empty = false;
	if (!p->capture) {
		p->bottom = p->y;
	} else if (!pdf_note_row(p->capture, p->y)) {
		S_oom(p);
		return -1;
	} else {
		p->capture->depth = 0;
	}
	return top;
}

enum dc_status pdf_pages_line_at(struct pdf_pages *p,
				 const struct pdf_para *para,
				 const struct pdf_line *line, double x,
				 double baseline)
{
	if (p->status != DC_OK)
		return p->status;
	x += p->g.margin;
	if (!p->capture)
		return S_text_line(p, para, line, x, baseline, NULL, 0);
	struct pdf_op *op = pdf_note_op(p->capture, PDF_OP_LINE);
	if (!op || !(op->para = calloc(1, sizeof *op->para)) ||
	    !pdf_para_slice(op->para, para, line, &op->line))
		return S_oom(p);
	op->x = x;
	op->y = baseline;
	return DC_OK;
}

/* A rule from X0 to X1 (on the page) at Y. */
static enum dc_status S_stroke(struct pdf_pages *p, double x0, double x1,
			       double y, double width)
{
	if (HPDF_Page_SetLineWidth(p->page, (HPDF_REAL)width) != HPDF_OK ||
	    HPDF_Page_SetRGBStroke(p->page, 0, 0, 0) != HPDF_OK ||
	    HPDF_Page_MoveTo(p->page, (HPDF_REAL)x0, (HPDF_REAL)y) !=
		    HPDF_OK ||
	    HPDF_Page_LineTo(p->page, (HPDF_REAL)x1, (HPDF_REAL)y) !=
		    HPDF_OK ||
	    HPDF_Page_Stroke(p->page) != HPDF_OK)
		return S_fail(p, "cannot draw a rule");
	return DC_OK;
}

enum dc_status pdf_pages_rule(struct pdf_pages *p, double x0, double x1,
			      double y, double width)
{
	if (p->status != DC_OK)
		return p->status;
	x0 += p->g.margin;
	x1 += p->g.margin;
	if (!p->capture)
		return S_stroke(p, x0, x1, y, width);
	struct pdf_op *op = pdf_note_op(p->capture, PDF_OP_RULE);
	if (!op)
		return S_oom(p);
	*op = (struct pdf_op){.kind = PDF_OP_RULE, .row = op->row, .x = x0,
			      .x1 = x1, .y = y, .w = width};
	return DC_OK;
}

/* ---- Footnotes ---- */

enum dc_status pdf_pages_capture(struct pdf_pages *p)
{
	if (p->status != DC_OK)
		return p->status;
	/* The column's top is far above any page, so a block drawn by hand
	 * in it has a positive top as it would on a page. */
	struct pdf_note *note = pdf_note_new(1e6);
	if (!note || !dc_grow((void **)&p->notes, &p->cap_notes,
				p->n_notes, sizeof *p->notes)) {
		pdf_note_free(note);
		return S_oom(p);
	}
	p->notes[p->n_notes++] = note;
	p->capture = note;
	p->saved_y = p->y;
	p->saved_top = p->last_top;
	p->saved_empty = p->empty;
	p->y = note->top;
	p->empty = true;
	return DC_OK;
}

struct pdf_note *pdf_pages_capture_end(struct pdf_pages *p)
{
	struct pdf_note *note = p->capture;
	p->capture = NULL;
	p->y = p->saved_y;
	p->last_top = p->saved_top;
	p->empty = p->saved_empty;
	if (note && !pdf_note_close(note))
		S_oom(p);
	return p->status == DC_OK ? note : NULL;
}

enum dc_status pdf_pages_notes(struct pdf_pages *p,
			       struct pdf_note *const *notes, size_t n)
{
	if (p->capture || n == 0 || pdf_pages_need(p, 0) != DC_OK)
		return p->status;
	return S_add_notes(p, notes, n);
}

enum dc_status pdf_pages_finish(struct pdf_pages *p)
{
	p->flushing = true;
	while (p->status == DC_OK && p->later.n > 0)
		S_new_page(p);
	return p->page ? S_draw_foot(p) : p->status;
}

/* One operation of a note, moved down by SHIFT. */
static enum dc_status S_draw_op(struct pdf_pages *p, const struct pdf_op *op,
				double shift)
{
	double y = op->y + shift;
	switch (op->kind) {
	case PDF_OP_LINE:
		return S_text_line(p, op->para, &op->line, op->x, y,
				   op->marker, op->marker_x);
	case PDF_OP_RULE: return S_stroke(p, op->x, op->x1, y, op->w);
	case PDF_OP_IMAGE:
		return S_picture(p, op->image, op->x, y, op->w, op->h);
	case PDF_OP_ANCHOR:
		return S_anchor_add(p, op->id, S_destination(p, y));
	}
	return DC_OK;
}

/* The notes of the page under a short rule, the first row of each part
 * TOP points below the rule's space, the next parts GAP below. */
static enum dc_status S_draw_foot(struct pdf_pages *p)
{
	if (p->foot.n == 0)
		return p->status;
	struct pdf_foot_style style = S_foot_style(p);
	double top = p->g.margin + p->foot_height;
	double x = p->g.margin;
	if (S_stroke(p, x, x + pdf_pages_measure(p) / 3,
		     top - style.sep * 0.45, 0.4) != DC_OK)
		return p->status;
	double cursor = top - style.sep;
	for (size_t i = 0; i < p->foot.n && p->status == DC_OK; i++) {
		const struct pdf_foot_part *part = &p->foot.parts[i];
		const struct pdf_note *note = part->note;
		if (i)
			cursor -= style.gap;
		double shift = cursor - pdf_note_row_top(note, part->from);
		for (size_t k = 0; k < note->n_ops && p->status == DC_OK; k++)
			if (note->ops[k].row >= part->from &&
			    note->ops[k].row < part->to)
				S_draw_op(p, &note->ops[k], shift);
		cursor = note->rows[part->to - 1] + shift;
	}
	p->foot.n = 0;
	p->foot_height = 0;
	return p->status;
}

/* ---- Drawing on a page left behind ---- */

struct pdf_spot pdf_pages_last_line(const struct pdf_pages *p)
{
	return p->last;
}

void pdf_pages_hold(struct pdf_pages *p)
{
	p->held = p->page != NULL;
}

enum dc_status pdf_pages_line_on(struct pdf_pages *p, struct pdf_spot spot,
				 const struct pdf_para *para,
				 const struct pdf_line *line, double x)
{
	if (p->status != DC_OK || !spot.page)
		return p->status;
	/* The font set last is the current page's: set it again after. */
	HPDF_Page current = p->page;
	p->page = spot.page;
	p->font = NULL;
	enum dc_status st = S_text_line(p, para, line, p->g.margin + x,
					spot.baseline, NULL, 0);
	p->page = current;
	p->font = NULL;
	return st;
}

enum dc_status pdf_pages_link_on(struct pdf_pages *p, struct pdf_spot spot,
				 double x0, double x1, double up, double down,
				 struct pdf_dest dest)
{
	if (p->status != DC_OK || !spot.page)
		return p->status;
	HPDF_Rect rect = {
		.left = (HPDF_REAL)(p->g.margin + x0),
		.bottom = (HPDF_REAL)(spot.baseline - down),
		.right = (HPDF_REAL)(p->g.margin + x1),
		.top = (HPDF_REAL)(spot.baseline + up),
	};
	if (pdf_annot_link(p->annots, spot.page, rect, NULL, dest) != HPDF_OK)
		return S_fail(p, "cannot make a link");
	return DC_OK;
}
