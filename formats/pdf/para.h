/* Paragraphs as the typesetter sees them: a list of items (boxes of text
 * in one face, glue between words, penalties where a line may or must
 * break), and the lines they are broken into.
 *
 * This is the Knuth-Plass model; breaker.c breaks the lines. */
#ifndef DC_PDF_PARA_H
#define DC_PDF_PARA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "fonts.h"
#include "hyphenate.h"

enum pdf_item_kind {
	PDF_BOX,      /* text drawn in one face at one size */
	PDF_GLUE,     /* an interword space: drawn as its text, stretchable */
	PDF_PENALTY,  /* a break opportunity of no width */
};

/* The look of a stretch of text. */
struct pdf_style_state {
	enum pdf_family family;
	enum pdf_style style;
	double size;     /* points */
	double rise;     /* baseline shift, points (superscript > 0) */
	int link;        /* index into the paragraph's links, or -1 */
	bool hyphenate;  /* words may be hyphenated (body text) */
};

struct pdf_item {
	enum pdf_item_kind kind;
	bool forced;             /* PENALTY: a line must end here */
	bool flagged;            /* PENALTY: a line ending here ends in a
				  * hyphen (or a dash): a hyphenated line,
				  * for the breaker's demerits */
	bool hyphenation;        /* PENALTY: a point found inside a word
				  * (also flagged); a (soft) hyphen is drawn
				  * in FACE when the line ends here */
	float cost;              /* PENALTY: how bad a break here is */
	const struct pdf_face *face;
	double size, rise;
	size_t text, len;        /* bytes of the paragraph's text */
	double width;            /* natural, points */
	double stretch, shrink;  /* GLUE */
	bool expands;            /* BOX, PENALTY: its glyphs may be drawn
				  * a little wider or narrower (font
				  * expansion): body text, not code nor
				  * ideographs */
	int link;
};

/* Where a link goes: an external URL, or a node of the document. */
struct pdf_link {
	const char *url;       /* or NULL */
	const char *target;    /* an id in the document, or NULL */
};

/* A word of the paragraph's text that may be hyphenated, not yet looked
 * up: most paragraphs are set without hyphenating (breaker.c). */
struct pdf_word {
	size_t text, len;               /* bytes of the paragraph's text */
	const struct pdf_face *hyphen;  /* the face its hyphen is drawn in */
};

struct pdf_para {
	struct dc_buf text;             /* UTF-8 of all items */
	struct pdf_item *items;
	size_t n_items, cap_items;
	struct pdf_link *links;
	size_t n_links, cap_links;
	double ascent, descent;         /* largest of the paragraph, points */
	struct pdf_hyphenator *hyph;    /* or NULL: no hyphenation */
	struct pdf_word *words;         /* in the order of their text */
	size_t n_words, cap_words;
};

/* Font expansion, as pdfTeX's: the glyphs of a justified line may be
 * drawn up to PDF_EXPAND_LIMIT wider or narrower (a horizontal scaling
 * of the line's text), so its spaces need stretch or shrink the less.
 * The scaling goes in steps of PDF_EXPAND_STEP: a handful of values,
 * so the same few Tz operators recur and compress, and finer would not
 * show (what a step leaves goes to the spaces).  Both in thousandths. */
enum { PDF_EXPAND_LIMIT = 20, PDF_EXPAND_STEP = 5 };

struct pdf_line {
	size_t first, end;  /* items [first, end) */
	double width;       /* natural width of those items */
	double ratio;       /* glue adjustment: >0 stretch, <0 shrink */
	int expand;         /* glyph scaling of the expanding items, in
			     * thousandths: 10 draws them 1% wider */
};

/* The width ITEM of LINE is drawn with: glue stretched or shrunk,
 * expanding glyphs scaled (a penalty's counts only where a line ends). */
double pdf_item_drawn_width(const struct pdf_line *line,
			    const struct pdf_item *item);
/* The width LINE of PARA is drawn with (without a hyphen at its end). */
double pdf_line_drawn_width(const struct pdf_para *para,
			    const struct pdf_line *line);
/* Set LINE ragged: spaces and glyphs as they are. */
void pdf_line_natural(struct pdf_line *line);

void pdf_para_reset(struct pdf_para *para);
void pdf_para_free(struct pdf_para *para);

/* Append LEN bytes of UTF-8 text in style ST: words become boxes split by
 * face (per-character fallback), spaces become glue, and break
 * opportunities inside words (after a hyphen, between ideographs...)
 * penalties.  False when out of memory. */
bool pdf_para_text(struct pdf_para *para, struct pdf_fonts *fonts,
		   const struct pdf_style_state *st, const char *s,
		   size_t len);
/* A space (a soft line break of the source). */
bool pdf_para_space(struct pdf_para *para, struct pdf_fonts *fonts,
		    const struct pdf_style_state *st);
/* A forced line break. */
bool pdf_para_break(struct pdf_para *para);
/* A link; returns its index, or -1 when out of memory. */
int pdf_para_link(struct pdf_para *para, const char *url,
		  const char *target);

/* A copy of LINE of SRC as a paragraph of its own, for drawing after SRC
 * is gone (a footnote's lines wait for the foot of their page): the
 * line's items and the break after it (a hyphen is drawn from it), their
 * text, the links (their strings still SRC's).  *COPY is LINE in DST.
 * DST starts empty; false when out of memory. */
bool pdf_para_slice(struct pdf_para *dst, const struct pdf_para *src,
		    const struct pdf_line *line, struct pdf_line *copy);

/* Put PARA's hyphenation points in: each of its words (pdf_word) split
 * at the points libhyphen finds, with a penalty at each.  False when out
 * of memory. */
bool pdf_para_hyphenate(struct pdf_para *para);

/* Drop items [0, FIRST) of PARA and the text only they use, for a long
 * paragraph set a part at a time; the rest keep their links.  Returns how
 * many bytes of text went: offsets into it move down by that much. */
size_t pdf_para_drop_front(struct pdf_para *para, size_t first);

/* Break PARA into lines at most MEASURE points wide (FIRST_MEASURE for
 * the first line), choosing the breaks that make the whole paragraph's
 * spacing most even (Knuth and Plass's total fit); the last line and
 * lines ended by a forced break are not stretched.  Words are hyphenated
 * only when the paragraph cannot be set well without.  A box wider than
 * a line is split between characters.  A line ending at a hyphenation
 * point draws its text (the hyphen).  *LINES is malloc'd; false when out
 * of memory. */
bool pdf_break_lines(struct pdf_para *para, struct pdf_fonts *fonts,
		     double first_measure, double measure,
		     struct pdf_line **lines, size_t *n_lines);

#endif
