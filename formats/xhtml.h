/* The XHTML serialiser shared by the HTML writer (one page) and the EPUB
 * writer (one content document per part of the book).
 *
 * Output is polyglot XHTML5: well-formed XML that HTML parsers read the
 * same way (void elements self-closed, every other element closed, no
 * character the XML cannot carry).  docs/xhtml-mapping.md lists what each
 * node kind becomes.
 *
 * Use: dc_xhtml_new() prepares the lookups once (ids made valid and
 * unique, an id for every section, footnotes numbered and placed in the
 * part of their first reference); then dc_xhtml_write_part() once per
 * part, in order; dc_xhtml_toc() gives the table of contents. */
#ifndef DC_XHTML_H
#define DC_XHTML_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "node.h"
#include "sink.h"

struct dc_xhtml;

/* What only the caller knows.  Every hook may be NULL: then the document
 * is one part and images keep their source as it is. */
struct dc_xhtml_hooks {
	void *ctx;
	/* The part (content document, from 0) that holds N. */
	size_t (*part_of)(void *ctx, const struct dc_node *n);
	/* The file name of PART, for links from one part to another. */
	const char *(*part_name)(void *ctx, size_t part);
	/* The src to write for the image N into *SRC, or NULL there when the
	 * image cannot be shown (its alt text is written instead).  An error
	 * stops the writing. */
	enum dc_status (*image_src)(void *ctx, const struct dc_node *n,
				    const char **src);
};

struct dc_xhtml_config {
	const struct dc_doc *doc;
	struct dc_diag *diag;
	/* EPUB: footnotes as <aside epub:type="footnote">, epub:type on
	 * chapters and note references, and links that would leave the book
	 * for a file beside it written as plain text. */
	bool epub;
	/* HTML --fragment: sections are written as their content alone, each
	 * title at its source level and with no id made up for it, as
	 * CommonMark renders headings; an id the document gives stays. */
	bool flat;
	/* With FLAT: still make an id for every section, on its title (the
	 * table of contents points at them). */
	bool flat_ids;
	struct dc_xhtml_hooks hooks;
	/* Write a run of all the root's children in pieces of about this
	 * many nodes on two threads (src/pieces.h); 0: on one thread.  Only
	 * without footnotes and without an image_src hook; part_of and
	 * part_name, if set, are then called from both threads. */
	size_t piece_nodes;
};

/* A run of siblings written one after the other, FIRST to LAST.  When
 * OWNER is set the run is the content of that section or chapter written
 * without its <section> element (the book was split inside it): its id
 * goes on its heading. */
struct dc_xhtml_run {
	const struct dc_node *first, *last;
	const struct dc_node *owner;
};

/* A line of a table of contents: a chapter or section. */
struct dc_xhtml_toc_entry {
	int depth;         /* 1 for the outermost */
	const char *text;  /* the heading's plain text, never empty */
	const char *href;  /* "FILE#ID" across parts, "#ID" in one */
};

enum dc_status dc_xhtml_new(const struct dc_xhtml_config *config,
			    struct dc_xhtml **out);
void dc_xhtml_free(struct dc_xhtml *x);

/* Write the runs of part PART, then the footnotes placed in it.  Parts
 * are written in order, each once. */
enum dc_status dc_xhtml_write_part(struct dc_xhtml *x, struct dc_sink *out,
				   size_t part,
				   const struct dc_xhtml_run *runs,
				   size_t n_runs);

/* The chapters and sections down to DEPTH, in document order, in an array
 * owned by X; *N gets their number. */
enum dc_status dc_xhtml_toc(struct dc_xhtml *x, int depth,
			    const struct dc_xhtml_toc_entry **entries,
			    size_t *n);
/* ENTRIES as nested <ol> lists (nothing for none). */
void dc_xhtml_write_toc(struct dc_sink *out,
			const struct dc_xhtml_toc_entry *entries, size_t n);

/* The plain text of N's subtree (soft breaks as spaces), in X's arena;
 * NULL when out of memory. */
const char *dc_xhtml_plain(struct dc_xhtml *x, const struct dc_node *n);

/* The title of a document: its metadata's, else its first chapter's or
 * heading's text, else its input's file name without the extension, else
 * "Untitled".  In X's arena; NULL when out of memory. */
const char *dc_xhtml_title(struct dc_xhtml *x);
/* The document's language: meta.lang when it is a well-formed language
 * tag (an underscore taken for a hyphen), else "en" (with a warning when
 * one was given). */
const char *dc_xhtml_lang(struct dc_xhtml *x);

/* The media type of an image from its first bytes: PNG, JPEG, GIF, WebP,
 * SVG; NULL when it is none of them. */
const char *dc_media_type(const char *data, size_t len);
/* The usual file name extension of a media type dc_media_type() gives. */
const char *dc_media_extension(const char *media_type);

/* Read the file PATH whole into BUF.  One that cannot be read fails with
 * DC_ERR_NOINPUT: "POS: error: cannot read WHAT: REASON". */
enum dc_status dc_xhtml_read_file(const char *path, struct dc_buf *buf,
				  struct dc_pos pos, const char *what,
				  struct dc_diag *diag);
/* The same for an image, its media type into *TYPE: one that is none of
 * the types dc_media_type() knows fails with DC_ERR_DATA. */
enum dc_status dc_xhtml_read_image(const char *path, struct dc_buf *buf,
				   const char **type, struct dc_pos pos,
				   const char *what, struct dc_diag *diag);
/* The same for an image of the content, which the page can do without,
 * as the PDF writer draws a frame: one that cannot be read or is no
 * image is a warning ("its text is written instead"), and *TYPE NULL.
 * Fails only when out of memory, or on the warning under --strict. */
enum dc_status dc_xhtml_load_image(const char *path, struct dc_buf *buf,
				   const char **type, struct dc_pos pos,
				   const char *what, struct dc_diag *diag);
/* The file the source of image N names, as docconv can open it: the
 * model keeps the path as the input wrote it, resolved here against the
 * folder of the input N came from (dc_node_file).  Valid until the next
 * call.  NULL when it is a URL with a scheme (no file), or when out of
 * memory (then dc_xhtml_status() says so). */
const char *dc_xhtml_image_file(struct dc_xhtml *x, const struct dc_node *n);
/* The first failure of X, DC_OK if none. */
enum dc_status dc_xhtml_status(const struct dc_xhtml *x);

/* The default stylesheet: readable body text, hyphenation, headings,
 * code blocks that scroll, tables, notes.  Holds no '<' nor '&', so it
 * may stand in a <style> element of polyglot XHTML as it is. */
extern const char dc_xhtml_css[];

#endif
