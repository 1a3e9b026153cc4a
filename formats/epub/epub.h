/* The EPUB 3 writer's parts, shared by its files only.
 *
 *  - split.c cuts the document into parts, one content document each:
 *    one per chapter (input of a bundle), a long one cut further at its
 *    headings and at about EPUB_PART_SIZE bytes;
 *  - package.c writes the package's XML: container, package document,
 *    navigation document, NCX, cover page, the head of a content document;
 *  - packed.c deflates the zip's entries;
 *  - zip.c writes the zip;
 *  - epub.c puts it together: resources, identifier, dates, the zip. */
#ifndef DC_EPUB_H
#define DC_EPUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"
#include "diag.h"
#include "map.h"
#include "node.h"
#include "sink.h"
#include "spill.h"
#include "xhtml.h"

/* About this many bytes of XHTML per content document at most, so no
 * reading system chokes on a huge file; a single block larger than this
 * stays whole. */
enum { EPUB_PART_SIZE = 256 * 1024 };

struct epub_part {
	char name[48];  /* file name in EPUB/: "chapter-3.xhtml" */
	char id[40];    /* manifest id: "chapter-3" */
	size_t first_run, n_runs;          /* in epub_split.runs */
	const struct dc_node *chapter;     /* whose part it is, or NULL */
	size_t size;                       /* estimated bytes */
};

struct epub_split {
	struct dc_xhtml_run *runs;
	size_t n_runs, cap_runs;
	struct epub_part *parts;
	size_t n_parts, cap_parts;
	struct dc_arena arena;
	struct dc_map members;  /* node of a run -> its part + 1 */
};

/* Cut DOC into parts of about LIMIT bytes; at least one part, even for an
 * empty document.  epub_split_free() in any case. */
enum dc_status epub_split(struct epub_split *s, const struct dc_doc *doc,
			  size_t limit, struct dc_diag *diag);
void epub_split_free(struct epub_split *s);
/* The part that holds N. */
size_t epub_part_of(const struct epub_split *s, const struct dc_node *n);

/* A file of the package, besides the content documents. */
struct epub_item {
	const char *id, *href, *media_type;
	const char *properties;  /* NULL for none */
};

/* What the package document says. */
struct epub_package {
	const struct dc_doc *doc;
	const char *title, *lang, *identifier, *date, *modified;
	const struct epub_item *items;  /* in manifest order */
	size_t n_items;
	const struct epub_part *parts;
	size_t n_parts;
	const char *cover_page;  /* the cover page's item id, or NULL */
};

void epub_write_container(struct dc_sink *out);
void epub_write_opf(struct dc_sink *out, const struct epub_package *p);
/* The start of an XHTML content document, up to <body> included. */
void epub_write_head(struct dc_sink *out, const char *lang,
		     const char *title, size_t n_css);
void epub_write_tail(struct dc_sink *out);
void epub_write_nav(struct dc_sink *out, const struct epub_package *p,
		    const struct dc_xhtml_toc_entry *toc, size_t n,
		    size_t n_css);
void epub_write_ncx(struct dc_sink *out, const struct epub_package *p,
		    const struct dc_xhtml_toc_entry *toc, size_t n);
void epub_write_cover(struct dc_sink *out, const struct epub_package *p,
		      const char *image_href, size_t n_css);

/* The zip's entries are deflated at this libdeflate level (1 to 12); see
 * packed.c for what the levels cost. */
enum { EPUB_DEFLATE_LEVEL = 1 };

enum { EPUB_PACK_THREADS = 4 };

/* A file of the zip deflated: SIZE bytes at DATA in, LEN bytes and the
 * CRC-32 of DATA out, the bytes in OUT (malloc'd) or, once
 * epub_packed_spill() has moved them, in FILE from AT. */
struct epub_packed {
	const void *data;
	size_t size;
	unsigned char *out;
	size_t len;
	uint32_t crc;
	const struct dc_spill *file;
	off_t at;
};

/* Deflate the N FILES; false when out of memory (epub_packed_free()
 * each in any case). */
bool epub_pack(struct epub_packed *files, size_t n);
/* The same on threads of their own while the caller goes on: NULL when
 * the files are too few to be worth a thread or none starts (then
 * epub_pack() them).  FILES and their data stay put until
 * epub_pack_wait(), which ends the job: false when out of memory. */
struct epub_pack_job *epub_pack_start(struct epub_packed *files, size_t n);
bool epub_pack_wait(struct epub_pack_job *job);
/* FILE's deflated bytes moved from memory to SPILL, where it can take
 * them; else (or with no SPILL) they stay in OUT. */
void epub_packed_spill(struct epub_packed *file, struct dc_spill *spill);
void epub_packed_free(struct epub_packed *file);

/* The zip, written to OUT as it goes. */
struct epub_zip {
	struct dc_sink *out;
	uint64_t at;            /* bytes written */
	struct dc_buf central;  /* the central directory so far */
	size_t count;           /* files */
	unsigned dtime, ddate;  /* every file's, MS-DOS */
	bool too_large;         /* it would need ZIP64 (zip.c) */
};

enum epub_zip_method { EPUB_ZIP_STORED, EPUB_ZIP_DEFLATED };

/* A file of the zip: SIZE bytes whose CRC-32 is CRC, CSIZE bytes as the
 * zip holds them. */
struct epub_zip_file {
	const char *name;
	enum epub_zip_method method;
	uint32_t crc;
	uint64_t size, csize;
};

/* The bytes FILE takes in the zip, headers and name included. */
uint64_t epub_zip_size(const struct epub_zip_file *file);
/* Does a zip of N files, SIZE bytes in all, need no ZIP64? */
bool epub_zip_fits(size_t n, uint64_t size);
/* A zip to OUT whose files were all last changed at WHEN. */
void epub_zip_open(struct epub_zip *z, struct dc_sink *out, time_t when);
/* Begin FILE: its local header, to be followed by its CSIZE bytes
 * (epub_zip_write()).  False when out of memory, or when the zip would
 * be too large (TOO_LARGE is set). */
bool epub_zip_begin(struct epub_zip *z, const struct epub_zip_file *file);
void epub_zip_write(struct epub_zip *z, const void *data, size_t len);
/* End the zip: its central directory.  False when too large. */
bool epub_zip_finish(struct epub_zip *z);
void epub_zip_free(struct epub_zip *z);

/* FILE's deflated bytes into Z, from memory or its spill file; false on
 * a read error of that file (errno set). */
bool epub_packed_write(const struct epub_packed *file, struct epub_zip *z);

#endif
