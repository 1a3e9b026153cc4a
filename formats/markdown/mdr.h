/* The Markdown reader's parts (formats/markdown/): what they share.
 *
 *   markdown.c  the format: decoding, md4c's callbacks driving the builder,
 *               footnote references, the order of the notes
 *   pos.c       positions: line and column of an offset, and where a node
 *               starts, found from where its text starts
 *   front.c     YAML front matter (libyaml)
 *   notes.c     footnote definitions, taken out of the text before md4c
 *               sees it (md4c 0.4.8 does not know footnotes)
 *   relay.c     md4c on a thread of its own beside the callbacks
 * (HTML character references are src/entity.c's, shared with DocBook.)
 *
 * md4c parses a text and reports pointers into it.  The main input is one
 * text, each footnote's body another (its own copy, indentation removed);
 * a text carries the map from its offsets to offsets of the decoded input,
 * where line and column are counted. */
#ifndef DC_MDR_H
#define DC_MDR_H

#include <md4c.h>
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "builder.h"
#include "diag.h"
#include "node.h"

#include <stdint.h>

/* No offset. */
#define MDR_NOWHERE SIZE_MAX

/* From offset AT of a text on, offset O is the input's ORIG + (O - AT). */
struct mdr_seg {
	size_t at, orig;
};

struct mdr_text {
	const char *data;
	size_t len;
	char *own;              /* DATA when the text owns it (malloc'd) */
	struct mdr_seg *segs;   /* sorted by AT, malloc'd; none: identity */
	size_t n_segs, cap_segs;
};

/* The input's offset for offset OFF of T. */
size_t mdr_text_orig(const struct mdr_text *t, size_t off);
/* Add a segment (AT beyond the last one's).  False when out of memory. */
bool mdr_text_map(struct mdr_text *t, size_t at, size_t orig);
/* Turn T's bytes [FROM, TO) into spaces, line ends kept, so that md4c
 * sees blank lines where they were and every other offset stays; T gets
 * its own copy first.  False when out of memory. */
bool mdr_text_blank(struct mdr_text *t, size_t from, size_t to);
void mdr_text_free(struct mdr_text *t);

/* ---- relay.c ---- */

/* As md_parse(DATA, LEN, PARSER, USERDATA), with md4c on a thread of its
 * own: the callbacks are called on this one, in the same order and with
 * the same arguments (details and md4c's own strings as copies, which
 * last as long as the call).  On one thread where none can be started.
 * For a long text: from MDR_RELAY_MIN bytes on, which md4c takes about a
 * millisecond to parse, starting a thread (60 microseconds here) costs
 * little beside what the overlap saves; a short input or a footnote's
 * body is parsed on the caller's thread. */
int mdr_parse_relayed(const MD_CHAR *data, MD_SIZE len,
		      const MD_PARSER *parser, void *userdata);
enum { MDR_RELAY_MIN = 64 * 1024 };

/* ---- pos.c ---- */

/* The start of every MDR_LINES_STEP-th line of the decoded input, and a
 * cursor, so that positions asked for mostly in order cost time linear in
 * the input.  Not every line's start: in 100 MB of Markdown the index of
 * them all took 15 MB, this one takes 0.5. */
enum { MDR_LINES_STEP = 16 };
struct mdr_lines {
	const char *data;
	size_t len;
	/* Where DATA is mapped, when no walk of the text gives it back
	 * (dc_maps_passed): the cursor does; else NULL. */
	struct dc_maps *maps;
	uint32_t *marks;  /* inputs are at most DC_MAX_INPUT bytes */
	size_t n_marks;
	/* The cursor: index of its line, where that line and the next
	 * start (LEN + 1 past the last), its offset and column. */
	size_t line, start, next, off;
	long col;
};

bool mdr_lines_init(struct mdr_lines *l, const char *data, size_t len);
void mdr_lines_free(struct mdr_lines *l);
/* Line and column (from 1, in characters) of input offset OFF. */
void mdr_lines_locate(struct mdr_lines *l, size_t off, long *line,
		      long *col);

/* Back from AT over at most MAX characters of SET (which holds no line
 * end, so the scan stays on AT's line). */
size_t mdr_back(const struct mdr_text *t, size_t at, const char *set,
		size_t max);
/* Where a node of KIND whose content starts at AT starts: at its marker
 * when one stands before AT on the line (a quote's '>', an item's bullet
 * or number, or, TASK, its task's '[', a heading's '#', a row's '|', an
 * emphasis's '*', a link's '[').  AT otherwise. */
size_t mdr_marker(const struct mdr_text *t, enum dc_kind kind, size_t task,
		  size_t at);
/* Is the byte at AT escaped by an odd run of backslashes? */
bool mdr_escaped(const struct mdr_text *t, size_t at);
/* The start of the line after the one holding AT. */
size_t mdr_next_line(const struct mdr_text *t, size_t at);
/* AT if it starts a line, else the start of the next line. */
size_t mdr_line_from(const struct mdr_text *t, size_t at);
/* The first character past white space (and quote markers, unless
 * QUOTE) of the first line from mdr_line_from(AT) on with one; or
 * MDR_NOWHERE. */
size_t mdr_content(const struct mdr_text *t, size_t at, bool quote);
/* The end of a fenced code block whose fence (of FENCE characters) is on
 * the line holding AT and which holds LINES lines: past its closing fence
 * if the line after them is one, else past its last line. */
size_t mdr_past_code(const struct mdr_text *t, char fence, size_t at,
		     size_t lines);
/* A fenced code block whose text starts at OFF starts at its fence: the
 * first FENCE character on the nearest line before with one. */
size_t mdr_fence_start(const struct mdr_text *t, char fence, size_t off);

/* ---- front.c ---- */

/* If DATA (the decoded input, LEN bytes) starts with YAML front matter,
 * store its keys in META and set *END past its closing line; else set
 * *END to 0.  Invalid YAML fails with DC_ERR_DATA at its place in FILE. */
enum dc_status mdr_front_matter(const char *data, size_t len,
				const char *file, struct dc_doc *doc,
				struct dc_meta *meta, struct dc_diag *diag,
				size_t *end);

/* ---- notes.c ---- */

struct mdr_note {
	const char *label;   /* as its definition writes it (document arena) */
	size_t label_len;
	size_t orig;         /* input offset of its '[' */
	struct mdr_text body;
	bool queued;         /* its place among the notes is decided */
};

struct mdr_notes {
	struct mdr_note *items;  /* in the order of their definitions */
	size_t count, cap;
	struct mdr_note **by_label;  /* sorted by label, then place */
};

enum { MDR_MAX_LABEL = 999 };

/* Can C be part of a footnote label? */
bool mdr_label_char(char c);
/* Take the footnote definitions out of TEXT (their lines blanked) and
 * out of the bodies of those taken, into NOTES. */
enum dc_status mdr_notes_extract(struct mdr_notes *notes,
				 struct mdr_text *text, struct dc_doc *doc,
				 struct dc_diag *diag);
/* Index the labels; call once, after extracting (the notes stay put
 * from then on). */
enum dc_status mdr_notes_index(struct mdr_notes *notes,
			       struct dc_diag *diag);
/* The first note defined with LABEL (ASCII case ignored), or NULL. */
struct mdr_note *mdr_notes_find(const struct mdr_notes *notes,
				const char *label, size_t len);
void mdr_notes_free(struct mdr_notes *notes);

#endif
