/* The DocBook reader's parts (formats/docbook/): what they share.
 *
 *   read.c      expat: the parser, its safety settings, its handlers
 *   body.c      what each element becomes in the body
 *   tree.c      frames, contexts, placement: where in the model a node
 *               goes, white space between inline content
 *   collect.c   elements read as one string: the document's <info>,
 *               verbatim and inline code, an image's title, an attribution
 *   elements.c  the table of the DocBook elements known by name
 *
 * Every XML element open in the parser has a frame on a stack (an array,
 * never recursion).  A frame says which node kind its element makes (or
 * none: its content goes to the node around it) and whether that node is
 * open in the builder now.  DocBook is looser than the model: a list may
 * sit in a paragraph, a paragraph in a table cell, text between list
 * items.  So a node is opened where it can go (tree.c, S_find): frames
 * whose nodes cannot hold it are closed, and opened again, as a new node,
 * when content of theirs comes after it (a paragraph split around a
 * list); a block inside a title or cell is flattened into its lines.
 *
 * A footnote's body is built by a builder of its own (a context), so that
 * the note can wait while the paragraph that cites it goes on; the notes
 * are placed after the content they are cited in. */
#ifndef DC_DBR_H
#define DC_DBR_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "builder.h"
#include "diag.h"
#include "map.h"
#include "node.h"

/* ---- elements.c ---- */

enum dbr_type {
	T_UNKNOWN = 0,    /* not in the table: its text is kept, one warning */
	T_FOREIGN,        /* of another namespace: the same */
	T_TRANSPARENT,    /* known, no node of its own: its content stays */
	T_DIVISION,       /* article, book, chapter, appendix, preface... */
	T_SECTION,        /* section, sect1..sect5, simplesect */
	T_INFO,
	T_TITLE,
	T_SUBTITLE,
	T_PARA,
	T_FORMALPARA,
	T_ITEMIZEDLIST,
	T_ORDEREDLIST,
	T_VARIABLELIST,
	T_VARLISTENTRY,
	T_TERM,
	T_LISTITEM,
	T_VERBATIM,       /* programlisting, screen, literallayout */
	T_BLOCKQUOTE,
	T_ATTRIBUTION,
	T_ADMONITION,     /* .sub: enum dc_admonition_type */
	T_BRIDGEHEAD,
	T_EMPHASIS,       /* emphasis and the elements set in italics */
	T_CODE,           /* literal, code, filename, command... */
	T_SUPERSCRIPT,
	T_SUBSCRIPT,
	T_PHRASE,
	T_LINK,
	T_ULINK,
	T_XREF,
	T_ANCHOR,
	T_FOOTNOTE,
	T_FOOTNOTEREF,
	T_TABLE,
	T_TGROUP,
	T_COLSPEC,
	T_THEAD,
	T_ROW,
	T_ENTRY,
	T_TH,
	T_CAPTION,
	T_FIGURE,
	T_MEDIAOBJECT,
	T_INLINEMEDIAOBJECT,
	T_IMAGEDATA,
	T_TEXTOBJECT,
	/* Metadata: fields of the document's <info>. */
	T_METASET,        /* authorgroup, keywordset, publisher, cover... */
	T_AUTHOR,
	T_NAMEPART,       /* personname, firstname, surname... year, holder */
	T_COPYRIGHT,
	T_DATE,
	T_ABSTRACT,
	T_KEYWORD,
	T_SUBJECT,
	T_PUBLISHERNAME,
	T_LEGALNOTICE,
	T_BIBLIOID,
	T_BIBLIOMISC,
};

enum {
	/* Its start and end are word boundaries: not an inline element. */
	EF_BLOCK = 1u << 0,
};

struct dbr_elem {
	const char *name;
	enum dbr_type type;
	int sub;
	unsigned flags;
};

/* The DocBook element called NAME (its local name), or NULL. */
const struct dbr_elem *dbr_element(const char *name);

/* ---- The reader's state ---- */

enum dbr_sep { SEP_NONE = 0, SEP_SPACE, SEP_SOFT, SEP_HARD };

enum {
	FR_OPEN = 1u << 0,    /* its node is open in the builder */
	FR_BASE = 1u << 1,    /* a context's base: document, chapter, note */
	FR_ROOT = 1u << 2,    /* the document element */
	FR_BOOK = 1u << 3,    /* the document element is a book */
	FR_SPLIT = 1u << 4,   /* a paragraph that a block inside splits */
	FR_OPENED = 1u << 5,  /* was open once: opening again continues it */
	FR_PAIRED = 1u << 6,  /* pushed by the element of the frame below */
	FR_FLAT = 1u << 7,    /* a block flattened into lines */
	FR_ONCE = 1u << 8,    /* never opened again once closed (an image) */
	FR_HEADER = 1u << 9,  /* a table head: its cells are header cells */
	FR_COLLECT = 1u << 10, /* a collector: text goes to r->col */
	FR_SUBFIELDS = 1u << 12, /* a field whose extras are fields (author) */
	FR_COVER = 1u << 13,  /* the document's cover, or inside it */
	FR_INFO = 1u << 14,   /* <info> or a set in it: its children are fields */
	FR_GIVEN = 1u << 15,  /* a list's starting number is given */
};

/* What a collector's string becomes. */
enum dbr_target {
	TG_META = 0,      /* metadata field .key */
	TG_KEYWORD,       /* one keyword */
	TG_INFO,          /* text straight in <info>: field "info" */
	TG_CODE,          /* inline code */
	TG_CODE_BLOCK,    /* a verbatim block */
	TG_IMAGE_TITLE,   /* the title of the image being read */
	TG_ATTRIBUTION,   /* a block quote's attribution */
};

/* How a collector treats white space. */
enum dbr_space { SP_NORMAL = 0, SP_RAW, SP_CODE };

struct dbr_frame {
	const struct dbr_elem *elem;  /* NULL: unknown or foreign */
	unsigned flags;
	int host;       /* nearest frame below with a kind, when pushed */
	int prev_open;  /* the open frame below it while it is open */
	int ctx;        /* its context */
	int level;      /* sections around it: the level of their titles */
	int collector;  /* the collector it is in (-1: none) */
	/* The node it makes: kind (DC_NONE: none), payload, place; the
	 * strings the document keeps for it (dc_node_str). */
	struct dc_node proto;
	const char *id, *title, *lang;
	struct dc_node *node;  /* while open */
	/* Per element. */
	int count;             /* items of a list, cells of a row */
	size_t cols;           /* a tgroup's first colspec in r->cols */
	const char *stash;     /* a block quote's attribution */
	long stash_line, stash_col;
	/* A collector. */
	enum dbr_target target;
	enum dbr_space space;
	const char *key;       /* TG_META */
	size_t start;          /* its text: r->col from here */
	bool outer_pending;    /* the enclosing collector's pending space */
};

/* A column of a CALS table. */
struct dbr_colspec {
	const char *name;
	enum dc_align align;
};

/* One builder and what goes with it: the document's, or a note's. */
struct dbr_ctx {
	struct dc_builder *b;
	struct dc_builder own;  /* a note's builder (b points here) */
	int base;               /* its base frame */
	int open_top;           /* the deepest frame whose node is open */
	enum dbr_sep sep;       /* white space waiting for content */
	long sep_line, sep_col;
	bool trim;              /* white space here is dropped */
	struct dc_buf ids;      /* anchors' ids waiting for a node */
	size_t ids_head;
};

enum { DBR_MAX_CTX = 8 };  /* footnotes inside footnotes, at most */

struct dbr_reader {
	struct dc_builder *b;  /* the document's builder */
	struct dc_diag *diag;
	struct dc_meta *meta;
	struct dc_doc *doc;
	const char *file;
	void *parser;          /* XML_Parser */
	struct dbr_frame *frames;
	int n_frames, cap_frames;
	struct dbr_ctx ctx[DBR_MAX_CTX];
	int n_ctx;
	struct dc_buf col;     /* collectors' text */
	bool col_pending;      /* a space is due before the next text */
	size_t run_start;      /* inline code: where its white space run
				  starts in r->col, or NO_RUN */
	bool run_newline;      /* ... and whether it holds a line end */
	struct dc_buf cols;    /* struct dbr_colspec of the open tgroups */
	struct dc_buf notes;   /* struct dc_node *: notes waiting for a place */
	unsigned next_note;    /* the number of the next unnamed note */
	struct dc_map warned;  /* names warned about once */
	struct dc_map cited;   /* labels footnoterefs cite */
	struct dc_buf scratch;
	enum dc_status status; /* the first failure in a handler */
};

static inline enum dbr_type dbr_type(const struct dbr_frame *fr)
{
	return fr->elem ? fr->elem->type : T_UNKNOWN;
}

/* ---- tree.c ---- */

/* The current frame and context. */
struct dbr_frame *dbr_top(struct dbr_reader *r);
struct dbr_ctx *dbr_ctx(struct dbr_reader *r);
/* Push a frame for ELEM at LINE:COL (its kind none); NULL when out of
 * memory. */
struct dbr_frame *dbr_push(struct dbr_reader *r, const struct dbr_elem *elem,
			   long line, long col);
/* Open the top frame's node where it can go; it stays without one (its
 * content going to the node around it) when it can go nowhere or deeper
 * than the builder allows.  LAZY: where it can go, it is opened later,
 * with its first content. */
enum dc_status dbr_place(struct dbr_reader *r, bool lazy);
/* Pop the top frame (and the frames paired with it), closing its node. */
enum dc_status dbr_pop(struct dbr_reader *r);
/* Open a context for a note's body, based on the top frame. */
enum dc_status dbr_push_ctx(struct dbr_reader *r, struct dc_node *note);
/* Character data of the body at LINE:COL. */
enum dc_status dbr_text(struct dbr_reader *r, const char *s, size_t len,
			long line, long col);
/* A leaf (KIND, with LEN bytes of LITERAL) where it can go; *OUT gets it
 * (NULL when it went nowhere). */
enum dc_status dbr_leaf(struct dbr_reader *r, enum dc_kind kind,
			const char *literal, size_t len, long line, long col,
			struct dc_node **out);
/* A paragraph of TEXT (a quote's attribution). */
enum dc_status dbr_para_text(struct dbr_reader *r, const char *text,
			     long line, long col);
/* White space of kind SEP at LINE:COL (word boundaries, line ends). */
void dbr_sep(struct dbr_reader *r, enum dbr_sep sep, long line, long col);
/* N's string WHICH set to S (NULL: unset); the error when out of memory. */
enum dc_status dbr_set_str(struct dbr_reader *r, const struct dc_node *n,
			   enum dc_node_str which, const char *s);
/* An id with no node of its own: the next node made takes it. */
enum dc_status dbr_orphan_id(struct dbr_reader *r, const char *id);
/* The notes cited so far, placed at the end of the current node (a
 * chapter, the document). */
enum dc_status dbr_place_notes(struct dbr_reader *r);
/* Close everything at the end of the input. */
enum dc_status dbr_finish(struct dbr_reader *r);

/* ---- collect.c ---- */

/* Start a collector in the top frame. */
void dbr_collect(struct dbr_reader *r, enum dbr_target target,
		 enum dbr_space space, const char *key);
/* Element NAME (its local name) starting inside a collector: the top
 * frame, pushed. */
enum dc_status dbr_collect_start(struct dbr_reader *r, const char *name,
				 const char **attrs);
/* A word boundary in the current collector's text. */
void dbr_collect_break(struct dbr_reader *r);
/* Character data inside a collector. */
enum dc_status dbr_collect_text(struct dbr_reader *r, const char *s,
				size_t len);
/* The end of the top frame, inside or at a collector. */
enum dc_status dbr_collect_end(struct dbr_reader *r);

/* ---- body.c ---- */

/* A DocBook element NAME (its local name) starting in the body: the top
 * frame, pushed. */
enum dc_status dbr_body_start(struct dbr_reader *r, const char *name,
			      const char **attrs);
/* The top frame's element ends in the body: it is popped. */
enum dc_status dbr_body_end(struct dbr_reader *r);

/* ---- read.c, for the others ---- */

#define DBR_XML_NS "http://www.w3.org/XML/1998/namespace"
#define DBR_XLINK_NS "http://www.w3.org/1999/xlink"
/* An attribute's name as expat gives it, with its namespace. */
#define DBR_NS(uri, local) uri "\x1F" local

/* The value of attribute NAME ("ns\x1Flocal" for a namespaced one). */
const char *dbr_attr(const char **attrs, const char *name);
/* Attribute NAME's value copied into the document's arena, or NULL (out
 * of memory recorded). */
const char *dbr_attr_copy(struct dbr_reader *r, const char **attrs,
			  const char *name);
/* Add KEY (in the document's arena) to the set M, which grows as it
 * fills; false when out of memory. */
bool dbr_remember(struct dbr_reader *r, struct dc_map *m, const char *key);
/* The element's xml:id (or DocBook 4's id) copied into the document's
 * arena, or NULL. */
const char *dbr_id(struct dbr_reader *r, const char **attrs);
/* A copy of S in the document's arena (NULL: out of memory, recorded). */
const char *dbr_strdup(struct dbr_reader *r, const char *s, size_t len);
/* Warn about something at LINE:COL once per KEY (NULL: every time). */
enum dc_status dbr_warn(struct dbr_reader *r, const char *key, long line,
			long col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* The parser's current place. */
void dbr_where(struct dbr_reader *r, long *line, long *col);
/* Record a failure of a handler; true if all is well. */
bool dbr_ok(struct dbr_reader *r, enum dc_status st);

#define DBR_NS_SEP '\x1F'
#define NO_RUN ((size_t)-1)

#endif
