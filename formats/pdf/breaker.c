/* Breaking a paragraph into lines with Knuth and Plass's total fit: of
 * all the ways to break it, the one whose lines are, summed over the
 * paragraph, least stretched or shrunk ("demerits"), so the spaces stay
 * even from line to line.  Every line but the last (and those a forced
 * break ends) is then justified.
 *
 * Feasible breaks are glue after a box, and penalties.  The active list
 * holds the breaks from which a line may still reach the current one; a
 * line that no longer fits drops its start from the list, so the work is
 * linear in the paragraph times the few breaks a line can span.
 *
 * As TeX does, the first pass does not hyphenate and accepts only lines
 * stretched a little; most paragraphs of prose are set there, with no
 * hyphen at all.  Only when it finds no way does a second pass hyphenate,
 * with a looser tolerance; if that too finds none (long words on a narrow
 * measure), a last pass accepts any stretch.  The words are looked up in
 * the hyphenation patterns only for that second pass (four paragraphs of
 * five in the benchmark's prose never are).
 *
 * As pdfTeX's font expansion: the glyphs of body text may be scaled up
 * to PDF_EXPAND_LIMIT (para.h), so they add to a line's stretch and
 * shrink; when the line is set, the glyphs take up its slack first and
 * the spaces the rest. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "para.h"
#include "utf8.h"

/* How far glue may stretch (as a share of its stretchability) in a line
 * of the first pass, without hyphenation (badness 100, TeX's
 * pretolerance), and of the second, with it (badness 800: TeX's
 * tolerance of 200 is a ratio of 1.26, but our spaces stretch a little
 * more and there are fewer of them on a line of wider type); beyond
 * MAX_STRETCH_RATIO a justified line is left underfull instead. */
static const double PRETOLERANCE = 1.0;
static const double TOLERANCE = 2.0;
static const double MAX_STRETCH_RATIO = 5.0;
/* Demerits, TeX's: per line (linepenalty); for two hyphenated lines in a
 * row (doublehyphendemerits); for a hyphen at the end of the line before
 * the last (finalhyphendemerits), which leaves a word's tail alone on
 * it; and for lines of fitness classes more than one apart one after the
 * other (adjdemerits), a tight line next to a loose one, which the eye
 * sees as a jump in the spacing.  A hyphen costs its penalty's cost. */
static const double LINE_PENALTY = 10;
static const double DOUBLE_HYPHEN = 10000;
static const double FINAL_HYPHEN = 5000;
static const double FITNESS_JUMP = 10000;
/* A third hyphenated line in a row is never chosen, but by the last
 * pass. */
enum { MAX_HYPHEN_RUN = 2 };
/* The fitness class of the start of a paragraph: TeX's "decent", so a
 * very loose first line counts as a jump too. */
enum { DECENT = 1 };

/* What one pass over a paragraph accepts. */
struct pass {
	double tolerance;       /* the largest stretch ratio of a line */
	bool hyphenate;         /* break at hyphenation points */
	bool limit_hyphen_run;  /* at most MAX_HYPHEN_RUN in a row */
};

static const struct pass PASSES[] = {
	{.tolerance = PRETOLERANCE, .limit_hyphen_run = true},
	{.tolerance = TOLERANCE, .hyphenate = true, .limit_hyphen_run = true},
	/* Anything that fits, and if even that cannot keep hyphens from
	 * three lines in a row (a word of many compounds, a narrow
	 * column), anything at all. */
	{.tolerance = DBL_MAX, .hyphenate = true, .limit_hyphen_run = true},
	{.tolerance = DBL_MAX, .hyphenate = true},
};

/* Split the box at index I into pieces no wider than MEASURE (at least
 * one character each), with penalties between them: the only way a word
 * wider than the line can be set without overflowing it. */
static bool S_split_box(struct pdf_para *para, size_t i, double measure,
			struct pdf_item **out, size_t *n_out, size_t *cap_out)
{
	const struct pdf_item box = para->items[i];
	const char *text = para->text.data;
	size_t start = box.text, end = box.text + box.len;
	while (start < end) {
		double w = 0;
		size_t at = start;
		while (at < end) {
			uint32_t cp;
			size_t n = dc_utf8_decode(text + at, end - at, &cp);
			n = n ? n : 1;
			double cw = pdf_face_advance(box.face, cp) * box.size;
			if (at > start && w + cw > measure)
				break;
			w += cw;
			at += n;
		}
		if (*n_out + 2 > *cap_out) {
			size_t cap = *cap_out * 2 + 16;
			struct pdf_item *items = realloc(*out, cap * sizeof *items);
			if (!items)
				return false;
			*out = items;
			*cap_out = cap;
		}
		if (start > box.text)
			(*out)[(*n_out)++] = (struct pdf_item){
				.kind = PDF_PENALTY, .link = -1};
		struct pdf_item piece = box;
		piece.text = start;
		piece.len = at - start;
		piece.width = w;
		(*out)[(*n_out)++] = piece;
		start = at;
	}
	return true;
}

/* The first box wider than MEASURE, or n_items. */
static size_t S_wide_box(const struct pdf_para *para, double measure)
{
	size_t i = 0;
	while (i < para->n_items && !(para->items[i].kind == PDF_BOX &&
				      para->items[i].width > measure))
		i++;
	return i;
}

/* Replace the items by a copy where every box wider than MEASURE is
 * split.  Nothing to do (and no copy) in the usual case. */
static bool S_split_wide_boxes(struct pdf_para *para, double measure)
{
	size_t i = S_wide_box(para, measure);
	if (i == para->n_items)
		return true;
	size_t cap = para->n_items + 16, n = i;
	struct pdf_item *items = malloc(cap * sizeof *items);
	if (!items)
		return false;
	memcpy(items, para->items, i * sizeof *items);
	for (; i < para->n_items; i++) {
		const struct pdf_item *it = &para->items[i];
		if (it->kind == PDF_BOX && it->width > measure) {
			if (!S_split_box(para, i, measure, &items, &n, &cap)) {
				free(items);
				return false;
			}
			continue;
		}
		if (n == cap) {
			cap *= 2;
			struct pdf_item *more = realloc(items, cap * sizeof *more);
			if (!more) {
				free(items);
				return false;
			}
			items = more;
		}
		items[n++] = *it;
	}
	free(para->items);
	para->items = items;
	para->n_items = n;
	para->cap_items = cap;
	return true;
}

/* Width, stretch and shrink of items [first, end), trailing glue out;
 * *GROW is the width of those whose glyphs may be scaled. */
static struct pdf_line S_measure(const struct pdf_para *para, size_t first,
				 size_t end, double *stretch, double *shrink,
				 double *grow)
{
	while (end > first && para->items[end - 1].kind != PDF_BOX)
		end--;
	struct pdf_line line = {.first = first, .end = end};
	*stretch = *shrink = *grow = 0;
	for (size_t i = first; i < end; i++) {
		const struct pdf_item *it = &para->items[i];
		/* A break not taken has no width; the one taken (a hyphen)
		 * is drawn after the line. */
		if (it->kind != PDF_PENALTY)
			line.width += it->width;
		if (it->kind != PDF_PENALTY && it->expands)
			*grow += it->width;
		*stretch += it->stretch;
		*shrink += it->shrink;
	}
	if (end < para->n_items && para->items[end].kind == PDF_PENALTY) {
		line.width += para->items[end].width;
		if (para->items[end].expands)
			*grow += para->items[end].width;
	}
	return line;
}

/* The glyph scaling, in thousandths, that takes up as much of SLACK as
 * it can for glyphs GROW points wide: whole steps towards zero, so the
 * spaces are left the rest in the same direction (a line with no space
 * to shrink is never made overfull by a step rounded up). */
static int S_expansion(double slack, double grow)
{
	if (grow <= 0)
		return 0;
	double e = 1000 * slack / grow;
	if (e > PDF_EXPAND_LIMIT)
		e = PDF_EXPAND_LIMIT;
	if (e < -PDF_EXPAND_LIMIT)
		e = -PDF_EXPAND_LIMIT;
	return (int)(e / PDF_EXPAND_STEP) * PDF_EXPAND_STEP;
}

/* The line from FIRST to END set on MEASURE: the glyphs are scaled
 * first, within their limit, and the spaces take what is left, so they
 * stay as near their natural width as the glyphs allow. */
static struct pdf_line S_justify(const struct pdf_para *para, size_t first,
				 size_t end, double measure, bool last)
{
	double stretch, shrink, grow;
	struct pdf_line line =
		S_measure(para, first, end, &stretch, &shrink, &grow);
	double slack = measure - line.width;
	if (last && slack >= 0)
		return line;
	line.expand = S_expansion(slack, grow);
	slack -= grow * line.expand / 1000.0;
	if (slack > 0 && stretch > 0)
		line.ratio = slack / stretch;
	else if (slack < 0 && shrink > 0)
		line.ratio = slack / shrink;
	if (line.ratio > MAX_STRETCH_RATIO)
		line.ratio = MAX_STRETCH_RATIO;
	if (line.ratio < -1)
		line.ratio = -1;
	return line;
}

/* A place the paragraph may break, as the breaker keeps it. */
struct node {
	size_t pos;        /* the break item, or SIZE_MAX: the start */
	size_t start;      /* first item of the line after this break */
	int line;          /* lines before this break */
	int fitness;       /* 0 tight .. 3 very loose */
	int hyphens;       /* hyphenated lines in a row ending here (at
			    * most MAX_HYPHEN_RUN: a longer run counts as
			    * that long) */
	double demerits;   /* total, from the start */
	size_t prev;       /* the node before, or SIZE_MAX */
	bool active;
};

struct breaker {
	struct pdf_para *para;
	double first_measure, measure;
	struct pass pass;
	/* Prefix sums over items: width, stretch, shrink of [0, i), and
	 * the width of the boxes whose glyphs may be scaled. */
	double *w, *y, *z, *x;
	struct node *nodes;
	size_t n_nodes, cap_nodes;
	size_t *active;    /* indices of active nodes, in order */
	size_t n_active, cap_active;
};

static bool S_push_node(struct breaker *k, struct node node)
{
	if (k->n_nodes == k->cap_nodes) {
		size_t cap = k->cap_nodes ? k->cap_nodes * 2 : 64;
		struct node *more = realloc(k->nodes, cap * sizeof *more);
		if (!more)
			return false;
		k->nodes = more;
		k->cap_nodes = cap;
	}
	if (k->n_active == k->cap_active) {
		size_t cap = k->cap_active ? k->cap_active * 2 : 64;
		size_t *more = realloc(k->active, cap * sizeof *more);
		if (!more)
			return false;
		k->active = more;
		k->cap_active = cap;
	}
	k->nodes[k->n_nodes] = node;
	k->active[k->n_active++] = k->n_nodes++;
	return true;
}

/* The first item of a line that starts after the break at POS: glue and
 * optional breaks there vanish. */
static size_t S_line_start(const struct pdf_para *para, size_t pos)
{
	size_t i = pos == SIZE_MAX ? 0 : pos + 1;
	while (i < para->n_items) {
		const struct pdf_item *it = &para->items[i];
		if (it->kind == PDF_BOX || (it->kind == PDF_PENALTY && it->forced))
			break;
		i++;
	}
	return i;
}

static bool S_feasible(const struct pdf_para *para, size_t i,
		       bool hyphenate)
{
	const struct pdf_item *it = &para->items[i];
	if (it->kind == PDF_PENALTY)
		return hyphenate || !it->hyphenation;
	return it->kind == PDF_GLUE && i > 0 &&
	       para->items[i - 1].kind == PDF_BOX;
}

/* The adjustment ratio of a line from START to the break at B (B may be
 * n_items: the paragraph's end, where the line may stay short). */
static double S_ratio(const struct breaker *k, size_t start, size_t b,
		      double measure, bool last)
{
	const struct pdf_para *para = k->para;
	double width = k->w[b] - k->w[start];
	double stretch = k->y[b] - k->y[start];
	double shrink = k->z[b] - k->z[start];
	double grow = k->x[b] - k->x[start];
	bool forced = b < para->n_items && para->items[b].kind == PDF_PENALTY &&
		      para->items[b].forced;
	if (b < para->n_items && para->items[b].kind == PDF_PENALTY) {
		width += para->items[b].width;
		if (para->items[b].expands)
			grow += para->items[b].width;
	}
	/* Scalable glyphs stretch and shrink with the spaces (a line with
	 * no space to stretch is still judged by the room it leaves). */
	grow *= PDF_EXPAND_LIMIT / 1000.0;
	if (stretch > 0)
		stretch += grow;
	shrink += grow;
	if (width < measure && (last || forced))
		return 0;
	/* A line that cannot stretch (code, ideographs) is as bad as the
	 * room it leaves, so fuller lines are preferred. */
	if (width < measure)
		return stretch > 0 ? (measure - width) / stretch
				   : 3 * (measure - width) / measure;
	if (width > measure)
		return shrink > 0 ? (measure - width) / shrink : -HUGE_VAL;
	return 0;
}

static int S_fitness(double r)
{
	return r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1 ? 2 : 3;
}

/* The demerits of a line of ratio R ending at BRK (NULL: the paragraph's
 * end) after a line that ended hyphenated or not (AFTER_HYPHEN), and
 * whose fitness class is more than one from the line before's (JUMP). */
static double S_demerits(const struct pdf_item *brk, double r,
			 bool after_hyphen, bool jump)
{
	double badness = 100 * fabs(r) * fabs(r) * fabs(r);
	double d = (LINE_PENALTY + badness) * (LINE_PENALTY + badness);
	bool forced = !brk || (brk->kind == PDF_PENALTY && brk->forced);
	if (brk && brk->kind == PDF_PENALTY && !forced)
		d += brk->cost >= 0 ? (double)brk->cost * brk->cost
				    : -(double)brk->cost * brk->cost;
	if (after_hyphen && forced)
		d += FINAL_HYPHEN;
	else if (after_hyphen && brk->kind == PDF_PENALTY && brk->flagged)
		d += DOUBLE_HYPHEN;
	if (jump)
		d += FITNESS_JUMP;
	return d;
}

/* The best new node per fitness class and hyphen run, for one break. */
struct candidates {
	struct node best[4][MAX_HYPHEN_RUN + 1];
	bool found[4][MAX_HYPHEN_RUN + 1];
};

/* Try a line from active node A to the break at B. */
static void S_try(struct breaker *k, size_t a_index, size_t b, bool last,
		  struct candidates *c, bool *drop)
{
	const struct node *a = &k->nodes[a_index];
	const struct pdf_para *para = k->para;
	double measure = a->line == 0 ? k->first_measure : k->measure;
	double r = S_ratio(k, a->start, b, measure, last);
	const struct pdf_item *brk = b < para->n_items ? &para->items[b] : NULL;
	bool forced = !brk || (brk->kind == PDF_PENALTY && brk->forced);
	*drop = r < -1 || forced;
	if (r < -1 || r > k->pass.tolerance)
		return;
	bool flagged = brk && brk->kind == PDF_PENALTY && brk->flagged;
	int hyphens = flagged ? a->hyphens + 1 : 0;
	if (hyphens > MAX_HYPHEN_RUN) {
		if (k->pass.limit_hyphen_run)
			return;
		hyphens = MAX_HYPHEN_RUN;
	}
	int fit = S_fitness(r);
	double d = a->demerits + S_demerits(brk, r, a->hyphens > 0,
					    abs(fit - a->fitness) > 1);
	if (c->found[fit][hyphens] && c->best[fit][hyphens].demerits <= d)
		return;
	c->found[fit][hyphens] = true;
	c->best[fit][hyphens] = (struct node){
		.pos = b, .start = S_line_start(para, b == para->n_items
							  ? b - 1 : b),
		.line = a->line + 1, .fitness = fit, .hyphens = hyphens,
		.demerits = d, .prev = a_index, .active = true};
}

/* Consider the break at B against every active node. */
static bool S_break_at(struct breaker *k, size_t b, bool last)
{
	struct candidates c = {0};
	size_t kept = 0;
	for (size_t i = 0; i < k->n_active; i++) {
		bool drop;
		S_try(k, k->active[i], b, last, &c, &drop);
		if (!drop)
			k->active[kept++] = k->active[i];
	}
	k->n_active = kept;
	for (int f = 0; f < 4; f++)
		for (int h = 0; h <= MAX_HYPHEN_RUN; h++)
			if (c.found[f][h] && !S_push_node(k, c.best[f][h]))
				return false;
	return true;
}

static void S_free_sums(struct breaker *k)
{
	free(k->w);
	free(k->y);
	free(k->z);
	free(k->x);
	k->w = k->y = k->z = k->x = NULL;
}

static bool S_prefix_sums(struct breaker *k)
{
	size_t n = k->para->n_items + 1;
	S_free_sums(k);
	k->w = malloc(n * sizeof *k->w);
	k->y = malloc(n * sizeof *k->y);
	k->z = malloc(n * sizeof *k->z);
	k->x = malloc(n * sizeof *k->x);
	if (!k->w || !k->y || !k->z || !k->x)
		return false;
	k->w[0] = k->y[0] = k->z[0] = k->x[0] = 0;
	for (size_t i = 0; i + 1 < n; i++) {
		const struct pdf_item *it = &k->para->items[i];
		bool penalty = it->kind == PDF_PENALTY;
		k->w[i + 1] = k->w[i] + (penalty ? 0 : it->width);
		k->y[i + 1] = k->y[i] + it->stretch;
		k->z[i + 1] = k->z[i] + it->shrink;
		k->x[i + 1] = k->x[i] + (!penalty && it->expands ? it->width
								 : 0);
	}
	return true;
}

/* One pass as K's pass says; *END is the node at the paragraph's end,
 * or SIZE_MAX when no way fits. */
static bool S_pass(struct breaker *k, size_t *end)
{
	struct pdf_para *para = k->para;
	k->n_nodes = k->n_active = 0;
	*end = SIZE_MAX;
	if (!S_push_node(k, (struct node){.pos = SIZE_MAX,
					  .start = S_line_start(para, SIZE_MAX),
					  .fitness = DECENT, .prev = SIZE_MAX,
					  .active = true}))
		return false;
	for (size_t b = 0; b < para->n_items && k->n_active > 0; b++)
		if (S_feasible(para, b, k->pass.hyphenate) &&
		    !S_break_at(k, b, false))
			return false;
	if (k->n_active == 0)
		return true;
	size_t before = k->n_nodes;
	if (!S_break_at(k, para->n_items, true))
		return false;
	for (size_t i = before; i < k->n_nodes; i++)
		if (*end == SIZE_MAX ||
		    k->nodes[i].demerits < k->nodes[*end].demerits)
			*end = i;
	return true;
}

/* The lines of the chosen breaks, first to last. */
static bool S_collect(struct breaker *k, size_t end, struct pdf_line **lines,
		      size_t *n_lines)
{
	size_t count = (size_t)k->nodes[end].line;
	*lines = calloc(count ? count : 1, sizeof **lines);
	if (!*lines)
		return false;
	*n_lines = count;
	for (size_t i = end; k->nodes[i].prev != SIZE_MAX;
	     i = k->nodes[i].prev) {
		const struct node *to = &k->nodes[i];
		const struct node *from = &k->nodes[to->prev];
		size_t brk = to->pos;
		bool last = brk >= k->para->n_items ||
			    (k->para->items[brk].kind == PDF_PENALTY &&
			     k->para->items[brk].forced);
		double m = from->line == 0 ? k->first_measure : k->measure;
		(*lines)[from->line] = S_justify(k->para, from->start,
						 brk < k->para->n_items
							 ? brk
							 : k->para->n_items,
						 m, last);
	}
	return true;
}

static void S_breaker_free(struct breaker *k)
{
	S_free_sums(k);
	free(k->nodes);
	free(k->active);
}

bool pdf_break_lines(struct pdf_para *para, struct pdf_fonts *fonts,
		     double first_measure, double measure,
		     struct pdf_line **lines, size_t *n_lines)
{
	(void)fonts;
	*lines = NULL;
	*n_lines = 0;
	double narrowest = first_measure < measure ? first_measure : measure;
	/* A word wider than a line is hyphenated before it is cut. */
	if ((S_wide_box(para, narrowest) < para->n_items &&
	     !pdf_para_hyphenate(para)) ||
	    !S_split_wide_boxes(para, narrowest))
		return false;
	if (para->n_items == 0)
		return true;
	struct breaker k = {.para = para, .first_measure = first_measure,
			    .measure = measure};
	size_t end = SIZE_MAX;
	bool ok = S_prefix_sums(&k);
	for (size_t i = 0; ok && end == SIZE_MAX &&
			   i < sizeof PASSES / sizeof PASSES[0]; i++) {
		k.pass = PASSES[i];
		/* The words are looked up only now, when first needed. */
		if (k.pass.hyphenate && para->n_words > 0)
			ok = pdf_para_hyphenate(para) && S_prefix_sums(&k);
		ok = ok && S_pass(&k, &end);
	}
	if (ok && end != SIZE_MAX)
		ok = S_collect(&k, end, lines, n_lines);
	S_breaker_free(&k);
	return ok && end != SIZE_MAX;
}
