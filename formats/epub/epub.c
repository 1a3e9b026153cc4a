/* The EPUB 3 writer: the book is cut into content documents (split.c),
 * each written by the XHTML serialiser (xhtml.c); the stylesheets, the
 * cover and the images of the model are read and embedded with their
 * media types; the package files are written (package.c); once all are
 * made and deflated, the zip is written to the sink (zip.c), its size
 * checked first, so a book too large for a zip fails with no output
 * (and a file named with -o is replaced only on success: sink.h).
 *
 * Reproducible: the identifier, when none is given, is a name-based
 * (SHA-1) UUID of the book's content; SOURCE_DATE_EPOCH, when set, gives
 * every zip entry's time and dcterms:modified.  Same input and epoch,
 * same bytes. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libdeflate.h>
#include <uuid/uuid.h>

#include "epub.h"
#include "format.h"
#include "iter.h"
#include "path.h"

/* Where the chain of name-based UUIDs starts: docconv's own namespace. */
static const unsigned char UUID_NAMESPACE[16] = {
	0x6f, 0x1c, 0x52, 0x0e, 0x8b, 0x3d, 0x4a, 0x7f,
	0x9c, 0x21, 0xd4, 0x5b, 0x0a, 0xe3, 0x76, 0x18,
};

/* The order of the files in the zip: mimetype first (the standard wants
 * it), then the package's own files, then the content, then images. */
enum S_rank {
	R_MIMETYPE, R_CONTAINER, R_OPF, R_NAV, R_NCX, R_STYLE, R_COVER,
	R_TEXT, R_IMAGE, R_COUNT,
};

struct S_entry {
	char name[64];
	char *data;  /* malloc'd; NULL once deflated */
	size_t len;
	/* DATA deflated, unless stored; in any case the SIZE and CRC of
	 * DATA. */
	struct epub_packed packed;
	enum S_rank rank;
	bool store;  /* not compressed */
};

/* Files are deflated in batches of about this many bytes as they are
 * made, not all at the end, so that a book's XHTML is never all in
 * memory at once beside its deflated copy.  Two batches are in memory at
 * a time (one made while the one before is deflated): 1 MB batches take
 * the same time as 4 MB ones, and 6 MB less. */
enum { PACK_BATCH = 1024 * 1024 };

struct S_epub {
	const struct dc_doc *doc;
	const struct dc_options *opts;
	struct dc_diag *diag;
	struct dc_arena arena;
	struct epub_split split;
	struct dc_xhtml *x;
	time_t when;

	struct S_entry *entries;
	size_t n_entries, cap_entries;
	size_t n_packed;          /* entries before it are deflated, or */
	size_t unpacked;          /* bytes waiting to be */
	/* being deflated, by JOB: entries [JOB_FIRST, N_PACKED) as FILES */
	struct epub_pack_job *job;
	struct epub_packed *job_files;
	size_t job_first;
	struct dc_spill *spill;   /* where deflated files wait, or NULL */
	struct epub_item *items;  /* the manifest but the content */
	size_t n_items, cap_items;
	struct dc_map images;     /* image file -> its struct epub_item */
	size_t n_images;
	struct epub_package pkg;
};

/* ------------------------------------------------------------------ */
/* Entries and items */

/* The deflated FILES of entries [FIRST, END) into them, moved to the
 * spill file, and their bytes freed. */
static void S_settle(struct S_epub *e, struct epub_packed *files,
		     size_t first, size_t end)
{
	size_t n = 0;
	for (size_t i = first; i < end; i++) {
		struct S_entry *entry = &e->entries[i];
		if (entry->store)
			continue;
		entry->packed = files[n++];
		entry->packed.data = NULL;
		epub_packed_spill(&entry->packed, e->spill);
		free(entry->data);
		entry->data = NULL;
	}
	free(files);
}

/* Wait for the batch being deflated, if any, and settle it. */
static bool S_pack_wait(struct S_epub *e)
{
	if (!e->job)
		return true;
	bool ok = epub_pack_wait(e->job);
	S_settle(e, e->job_files, e->job_first, e->n_packed);
	e->job = NULL;
	e->job_files = NULL;
	return ok;
}

/* Deflate the entries added since the last time (packed.c), on as many
 * threads as it takes, and free their bytes.  With LATER, the next
 * files may be made while they are deflated (all are by the next call):
 * a book is deflated beside its making. */
static enum dc_status S_pack(struct S_epub *e, bool later)
{
	bool ok = S_pack_wait(e);
	size_t n = 0, first = e->n_packed;
	struct epub_packed *files =
		calloc(e->n_entries - first + 1, sizeof *files);
	if (!files)
		return dc_fail_oom(e->diag);
	for (size_t i = first; i < e->n_entries; i++)
		if (!e->entries[i].store)
			files[n++] = (struct epub_packed){
				.data = e->entries[i].data,
				.size = e->entries[i].len};
	e->n_packed = e->n_entries;
	e->unpacked = 0;
	if (later && (e->job = epub_pack_start(files, n))) {
		e->job_files = files;
		e->job_first = first;
		return ok ? DC_OK : dc_fail_oom(e->diag);
	}
	ok = epub_pack(files, n) && ok;
	S_settle(e, files, first, e->n_packed);
	return ok ? DC_OK : dc_fail_oom(e->diag);
}

/* Add the bytes of BUF (taken: BUF is emptied) as the file NAME. */
static enum dc_status S_add(struct S_epub *e, const char *name,
			    struct dc_buf *buf, enum S_rank rank, bool store)
{
	if (e->n_entries == e->cap_entries) {
		size_t cap = e->cap_entries ? e->cap_entries * 2 : 32;
		struct S_entry *entries = cap < SIZE_MAX / sizeof *entries ?
			realloc(e->entries, cap * sizeof *entries) : NULL;
		if (!entries) {
			dc_buf_free(buf);
			return dc_fail_oom(e->diag);
		}
		e->entries = entries;
		e->cap_entries = cap;
	}
	struct S_entry *entry = &e->entries[e->n_entries++];
	*entry = (struct S_entry){.data = buf->data, .len = buf->len,
				  .rank = rank, .store = store};
	snprintf(entry->name, sizeof entry->name, "%s", name);
	*buf = (struct dc_buf){0};
	if (store) {
		entry->packed.size = entry->len;
		entry->packed.crc = (uint32_t)libdeflate_crc32(0, entry->data,
							       entry->len);
	} else {
		e->unpacked += entry->len;
	}
	return e->unpacked >= PACK_BATCH ? S_pack(e, true) : DC_OK;
}

static enum dc_status S_add_text(struct S_epub *e, const char *name,
				 const char *text, enum S_rank rank)
{
	struct dc_buf buf = {0};
	if (!dc_buf_append(&buf, text, strlen(text)))
		return dc_fail_oom(e->diag);
	return S_add(e, name, &buf, rank, rank == R_MIMETYPE);
}

/* A manifest item; the strings are copied. */
static struct epub_item *S_item(struct S_epub *e, const char *id,
				const char *href, const char *media_type,
				const char *properties)
{
	if (e->n_items == e->cap_items) {
		size_t cap = e->cap_items ? e->cap_items * 2 : 16;
		struct epub_item *items = cap < SIZE_MAX / sizeof *items ?
			realloc(e->items, cap * sizeof *items) : NULL;
		if (!items)
			return NULL;
		e->items = items;
		e->cap_items = cap;
	}
	struct epub_item *item = &e->items[e->n_items];
	*item = (struct epub_item){
		.id = dc_arena_strdup(&e->arena, id),
		.href = dc_arena_strdup(&e->arena, href),
		.media_type = media_type,
		.properties = properties,
	};
	if (!item->id || !item->href)
		return NULL;
	e->n_items++;
	return item;
}

/* What was written into the memory sink SINK, added as NAME. */
static enum dc_status S_add_sink(struct S_epub *e, const char *name,
				 struct dc_sink *sink, enum S_rank rank)
{
	enum dc_status st = dc_sink_commit(sink, e->diag);
	if (st == DC_OK)
		st = S_add(e, name, &sink->mem, rank, false);
	dc_sink_abort(sink);
	return st;
}

/* ------------------------------------------------------------------ */
/* Resources: stylesheets, cover, images */

/* PNG, JPEG, GIF and WebP are compressed already: stored as they are. */
static bool S_compressed(const char *media_type)
{
	return strcmp(media_type, "image/svg+xml") != 0;
}

static enum dc_status S_stylesheets(struct S_epub *e)
{
	for (size_t i = 0; i < e->opts->n_css; i++) {
		const char *path = e->opts->css[i];
		struct dc_buf buf = {0};
		enum dc_status st = dc_xhtml_read_file(
			path, &buf, (struct dc_pos){.file = path},
			"stylesheet", e->diag);
		char id[32], href[48];
		snprintf(id, sizeof id, "user-%zu", i + 1);
		snprintf(href, sizeof href, "%s.css", id);
		if (st == DC_OK && !S_item(e, id, href, "text/css", NULL))
			st = dc_fail_oom(e->diag);
		if (st != DC_OK) {
			dc_buf_free(&buf);
			return st;
		}
		char name[64];
		snprintf(name, sizeof name, "EPUB/%s", href);
		st = S_add(e, name, &buf, R_STYLE, false);
		if (st != DC_OK)
			return st;
	}
	return DC_OK;
}

/* Add the image in BUF (of media TYPE; the book takes the bytes) as
 * images/ID.EXT with item ID. */
static const struct epub_item *S_add_image(struct S_epub *e,
					   struct dc_buf *buf,
					   const char *type, const char *id,
					   const char *properties)
{
	char href[64], name[80];
	snprintf(href, sizeof href, "images/%s.%s", id,
		 dc_media_extension(type));
	snprintf(name, sizeof name, "EPUB/%s", href);
	const struct epub_item *item = S_item(e, id, href, type, properties);
	if (!item) {
		dc_buf_free(buf);
		dc_fail_oom(e->diag);
		return NULL;
	}
	if (S_add(e, name, buf, R_IMAGE, S_compressed(type)) != DC_OK)
		return NULL;
	return item;
}

static enum dc_status S_cover(struct S_epub *e)
{
	if (!e->doc->meta.cover)
		return DC_OK;
	/* The file, found as the input that named it finds it. */
	struct dc_buf path = {0}, buf = {0};
	if (!dc_cover_file(e->doc, &path))
		return dc_fail_oom(e->diag);
	/* Asked for by name: one that cannot be had is an error. */
	const char *type;
	enum dc_status st = dc_xhtml_read_image(
		path.data, &buf, &type, (struct dc_pos){.file = path.data},
		"cover image", e->diag);
	dc_buf_free(&path);
	if (st != DC_OK) {
		dc_buf_free(&buf);
		return st;
	}
	const struct epub_item *image = S_add_image(e, &buf, type,
						    "cover-image",
						    "cover-image");
	if (!image)
		return e->diag->error.status ? e->diag->error.status
					     : DC_ERR_SOFTWARE;
	const char *href = image->href;  /* the item array may move */
	if (!S_item(e, "cover", "cover.xhtml", "application/xhtml+xml",
		    NULL))
		return dc_fail_oom(e->diag);
	e->pkg.cover_page = "cover";
	struct dc_sink sink;
	dc_sink_open_memory(&sink);
	epub_write_cover(&sink, &e->pkg, href, e->opts->n_css);
	return S_add_sink(e, "EPUB/cover.xhtml", &sink, R_COVER);
}

/* The serialiser's hook: an image of the model, embedded once however
 * often it is shown.  A remote image cannot be in an EPUB. */
static enum dc_status S_image_src(void *ctx, const struct dc_node *n,
				  const char **src)
{
	struct S_epub *e = ctx;
	const char *path = dc_xhtml_image_file(e->x, n);
	struct dc_pos pos = {.file = dc_node_source(e->doc, n),
			     .line = n->line, .col = n->col};
	*src = NULL;
	if (!path) {
		if (dc_xhtml_status(e->x) != DC_OK)
			return dc_xhtml_status(e->x);
		dc_note(e->diag, pos, "remote image '%s' cannot be in an EPUB; "
			"its text written instead", n->as.link.url);
		return DC_OK;
	}
	/* Each image is read once: its href, or "" for one that could not
	 * be had (and was warned about).  Keyed by the file, not by the URL
	 * as written: the same URL in inputs of two folders names two
	 * files.  (One file named by two paths is stored twice.) */
	const char *known = dc_map_get(&e->images, path);
	if (known) {
		*src = known[0] ? known : NULL;
		return DC_OK;
	}
	path = dc_arena_strdup(&e->arena, path);  /* the map borrows it */
	if (!path)
		return dc_fail_oom(e->diag);
	char id[32], what[512];
	snprintf(what, sizeof what, "image '%s'", path);
	struct dc_buf buf = {0};
	const char *type;
	enum dc_status st = dc_xhtml_load_image(path, &buf, &type, pos, what,
						e->diag);
	if (st != DC_OK || !type) {
		dc_buf_free(&buf);
		if (st == DC_OK && !dc_map_put(&e->images, path, (void *)""))
			return dc_fail_oom(e->diag);
		return st;  /* *src NULL: the image's text is written */
	}
	snprintf(id, sizeof id, "img-%zu", ++e->n_images);
	const struct epub_item *item = S_add_image(e, &buf, type, id, NULL);
	if (!item)
		return e->diag->error.status ? e->diag->error.status
					     : DC_ERR_SOFTWARE;
	/* The item array may move; its strings stay. */
	*src = item->href;
	return dc_map_put(&e->images, path, (void *)item->href)
		       ? DC_OK : dc_fail_oom(e->diag);
}

/* ------------------------------------------------------------------ */
/* Content documents, navigation */

static size_t S_part_of(void *ctx, const struct dc_node *n)
{
	const struct S_epub *e = ctx;
	return epub_part_of(&e->split, n);
}

static const char *S_part_name(void *ctx, size_t part)
{
	const struct S_epub *e = ctx;
	return part < e->split.n_parts ? e->split.parts[part].name : "";
}

static enum dc_status S_part(struct S_epub *e, size_t i)
{
	const struct epub_part *part = &e->split.parts[i];
	const struct dc_node *h = part->chapter ? dc_node_first(part->chapter)
						: NULL;
	const char *title = h && h->kind == DC_HEADING
				    ? dc_xhtml_plain(e->x, h) : e->pkg.title;
	if (!title)
		return dc_xhtml_status(e->x);
	struct dc_sink sink;
	dc_sink_open_memory(&sink);
	epub_write_head(&sink, e->pkg.lang, title[0] ? title : e->pkg.title,
			e->opts->n_css);
	/* An empty document has no runs at all: no pointer arithmetic on
	 * NULL. */
	const struct dc_xhtml_run *runs =
		part->n_runs ? e->split.runs + part->first_run : NULL;
	enum dc_status st = dc_xhtml_write_part(e->x, &sink, i, runs,
						part->n_runs);
	if (st != DC_OK) {
		dc_sink_abort(&sink);
		return st;
	}
	epub_write_tail(&sink);
	char name[64];
	snprintf(name, sizeof name, "EPUB/%s", part->name);
	return S_add_sink(e, name, &sink, R_TEXT);
}

/* The table of contents: the chapters and sections; a book without any
 * gets one line, its title, leading to its start. */
static enum dc_status S_toc(struct S_epub *e,
			    const struct dc_xhtml_toc_entry **toc, size_t *n)
{
	int depth = e->opts->toc_depth ? e->opts->toc_depth : 3;
	enum dc_status st = dc_xhtml_toc(e->x, depth, toc, n);
	if (st != DC_OK || *n > 0)
		return st;
	struct dc_xhtml_toc_entry *one = dc_arena_alloc(&e->arena,
							sizeof *one);
	if (!one)
		return dc_fail_oom(e->diag);
	*one = (struct dc_xhtml_toc_entry){.depth = 1, .text = e->pkg.title,
					   .href = e->split.parts[0].name};
	*toc = one;
	*n = 1;
	return DC_OK;
}

static enum dc_status S_navigation(struct S_epub *e,
				   const struct dc_xhtml_toc_entry *toc,
				   size_t n)
{
	struct dc_sink sink;
	dc_sink_open_memory(&sink);
	epub_write_nav(&sink, &e->pkg, toc, n, e->opts->n_css);
	enum dc_status st = S_add_sink(e, "EPUB/nav.xhtml", &sink, R_NAV);
	if (st != DC_OK)
		return st;
	dc_sink_open_memory(&sink);
	epub_write_ncx(&sink, &e->pkg, toc, n);
	return S_add_sink(e, "EPUB/toc.ncx", &sink, R_NCX);
}

/* ------------------------------------------------------------------ */
/* Identifier, dates */

/* SOURCE_DATE_EPOCH when set (reproducible builds), else now. */
static time_t S_time(void)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	char *end = NULL;
	time_t t = epoch ? (time_t)strtoll(epoch, &end, 10) : time(NULL);
	if (epoch && (end == epoch || *end))
		t = time(NULL);
	return t;
}

/* The time of the book, UTC: a date alone or a date and time. */
static const char *S_format_time(struct S_epub *e, bool date_only)
{
	struct tm tm;
	char text[64];
	size_t n = 0;
	if (gmtime_r(&e->when, &tm))
		n = date_only ? strftime(text, sizeof text, "%Y-%m-%d", &tm)
			      : strftime(text, sizeof text,
					 "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (n == 0)
		snprintf(text, sizeof text, "%s",
			 date_only ? "1970-01-01" : "1970-01-01T00:00:00Z");
	return dc_arena_strdup(&e->arena, text);
}

/* Does S match PATTERN, where 'D' is any digit? */
static bool S_matches(const char *s, const char *pattern)
{
	for (; *pattern; s++, pattern++) {
		if (*pattern == 'D' ? !(*s >= '0' && *s <= '9') : *s != *pattern)
			return false;
	}
	return *s == '\0';
}

/* A date as the package document wants it (W3CDTF): YYYY, YYYY-MM,
 * YYYY-MM-DD, or that with a time and a zone. */
static bool S_w3c_date(const char *s)
{
	static const char *const forms[] = {
		"DDDD", "DDDD-DD", "DDDD-DD-DD", "DDDD-DD-DDTDD:DDZ",
		"DDDD-DD-DDTDD:DD:DDZ", "DDDD-DD-DDTDD:DD+DD:DD",
		"DDDD-DD-DDTDD:DD-DD:DD", "DDDD-DD-DDTDD:DD:DD+DD:DD",
		"DDDD-DD-DDTDD:DD:DD-DD:DD",
	};
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
		if (S_matches(s, forms[i]))
			return true;
	return false;
}

static const char *S_date(struct S_epub *e)
{
	const char *date = e->doc->meta.date;
	if (date && S_w3c_date(date))
		return date;
	if (date)
		dc_note(e->diag, (struct dc_pos){0}, "date '%s' is not a W3C "
			"date (YYYY-MM-DD); the book is dated today", date);
	return S_format_time(e, true);
}

static void S_hash(uuid_t ns, const char *data, size_t len)
{
	uuid_t next;
	uuid_generate_sha1(next, ns, data ? data : "", len);
	memcpy(ns, next, sizeof next);
}

static void S_hash_str(uuid_t ns, const char *s)
{
	S_hash(ns, s ? s : "", s ? strlen(s) + 1 : 0);
}

/* A file's content as the identifier counts it: its size and CRC-32,
 * little-endian.  Hashing every byte with libuuid's SHA-1 was an eighth
 * of an EPUB's time; the CRC (libdeflate's) costs next to nothing, and a
 * book that differs anywhere still differs in some file's CRC. */
static void S_hash_content(uuid_t ns, const struct S_entry *entry)
{
	uint64_t size = entry->packed.size;
	uint32_t crc = entry->packed.crc;
	char record[12];
	for (int i = 0; i < 8; i++)
		record[i] = (char)(size >> (8 * i));
	for (int i = 0; i < 4; i++)
		record[8 + i] = (char)(crc >> (8 * i));
	S_hash(ns, record, sizeof record);
}

/* The identifier given, else "urn:uuid:" and a chain of name-based
 * (SHA-1) UUIDs over the metadata and every file written so far, all
 * deflated (its name and content: S_hash_content): the same book, the
 * same identifier; another book, another one. */
static const char *S_identifier(struct S_epub *e)
{
	const struct dc_meta *m = &e->doc->meta;
	if (m->identifier && m->identifier[0])
		return m->identifier;
	uuid_t ns;
	memcpy(ns, UUID_NAMESPACE, sizeof ns);
	const char *fields[] = {e->pkg.title, m->subtitle, e->pkg.lang,
				e->pkg.date, m->subject, m->description,
				m->publisher, m->rights};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		S_hash_str(ns, fields[i]);
	for (size_t i = 0; i < m->authors.count; i++)
		S_hash_str(ns, m->authors.items[i]);
	for (size_t i = 0; i < e->n_entries; i++) {
		S_hash_str(ns, e->entries[i].name);
		S_hash_content(ns, &e->entries[i]);
	}
	char text[64];
	memcpy(text, "urn:uuid:", 9);
	uuid_unparse_lower(ns, text + 9);
	return dc_arena_strdup(&e->arena, text);
}

/* ------------------------------------------------------------------ */
/* The zip */

/* ENTRY as a file of the zip. */
static struct epub_zip_file S_zip_file(const struct S_entry *entry)
{
	return (struct epub_zip_file){
		.name = entry->name,
		.method = entry->store ? EPUB_ZIP_STORED : EPUB_ZIP_DEFLATED,
		.crc = entry->packed.crc,
		.size = entry->packed.size,
		.csize = entry->store ? entry->len : entry->packed.len};
}

/* The entries in the zip's order: by rank, each rank in the order the
 * files were made.  NULL when out of memory. */
static const struct S_entry **S_zip_order(const struct S_epub *e)
{
	const struct S_entry **order =
		malloc((e->n_entries ? e->n_entries : 1) * sizeof *order);
	if (!order)
		return NULL;
	size_t n = 0;
	for (int rank = 0; rank < R_COUNT; rank++)
		for (size_t i = 0; i < e->n_entries; i++)
			if (e->entries[i].rank == (enum S_rank)rank)
				order[n++] = &e->entries[i];
	return order;
}

static enum dc_status S_too_large(struct S_epub *e)
{
	return dc_fail(e->diag, DC_ERR_DATA, (struct dc_pos){0},
		       "the EPUB would take 4 GiB or more, or 65,535 files or "
		       "more: more than a zip holds without ZIP64, which "
		       "docconv does not write");
}

/* Write the entries, ORDER, to Z. */
static enum dc_status S_zip_entries(struct S_epub *e, struct epub_zip *z,
				    const struct S_entry **order)
{
	for (size_t i = 0; i < e->n_entries; i++) {
		const struct S_entry *entry = order[i];
		struct epub_zip_file file = S_zip_file(entry);
		if (!epub_zip_begin(z, &file))
			return z->too_large ? S_too_large(e)
					    : dc_fail_oom(e->diag);
		if (entry->store)
			epub_zip_write(z, entry->data, entry->len);
		else if (!epub_packed_write(&entry->packed, z))
			return dc_fail(e->diag, DC_ERR_IO, (struct dc_pos){0},
				       "cannot read back a deflated file of "
				       "the EPUB: %s", strerror(errno));
	}
	return epub_zip_finish(z) ? DC_OK : S_too_large(e);
}

/* The zip to OUT.  Its size is known before a byte of it is written, so
 * one too large for a zip fails with no output at all. */
static enum dc_status S_zip(struct S_epub *e, struct dc_sink *out)
{
	enum dc_status st = S_pack(e, false);
	if (st != DC_OK)
		return st;
	const struct S_entry **order = S_zip_order(e);
	if (!order)
		return dc_fail_oom(e->diag);
	struct epub_zip z;
	epub_zip_open(&z, out, e->when);
	uint64_t size = 0;
	for (size_t i = 0; i < e->n_entries; i++) {
		struct epub_zip_file file = S_zip_file(order[i]);
		size += epub_zip_size(&file);
	}
	if (!epub_zip_fits(e->n_entries, size))
		st = S_too_large(e);
	else
		st = S_zip_entries(e, &z, order);
	epub_zip_free(&z);
	free(order);
	return st;
}

/* ------------------------------------------------------------------ */
/* The writer */

static size_t S_count_images(const struct dc_node *root)
{
	struct dc_iter it;
	const struct dc_node *n;
	size_t count = 0;
	dc_iter_init(&it, root);
	while (dc_iter_next(&it, &n) != DC_EV_DONE)
		count += it.event == DC_EV_ENTER && n->kind == DC_IMAGE;
	return count;
}

static enum dc_status S_setup(struct S_epub *e)
{
	enum dc_status st = epub_split(&e->split, e->doc, EPUB_PART_SIZE,
				       e->diag);
	if (st != DC_OK)
		return st;
	if (!dc_map_init(&e->images, &e->arena, S_count_images(e->doc->root),
			 true))
		return dc_fail_oom(e->diag);
	struct dc_xhtml_config config = {
		.doc = e->doc,
		.diag = e->diag,
		.epub = true,
		.hooks = {.ctx = e, .part_of = S_part_of,
			  .part_name = S_part_name, .image_src = S_image_src},
	};
	st = dc_xhtml_new(&config, &e->x);
	if (st != DC_OK)
		return st;
	e->pkg = (struct epub_package){
		.doc = e->doc,
		.title = dc_xhtml_title(e->x),
		.lang = dc_xhtml_lang(e->x),
		.modified = S_format_time(e, false),
		.parts = e->split.parts,
		.n_parts = e->split.n_parts,
	};
	e->pkg.date = S_date(e);
	if (!e->pkg.title || !e->pkg.lang || !e->pkg.modified || !e->pkg.date)
		return dc_fail_oom(e->diag);
	return DC_OK;
}

/* The manifest's own files: navigation, NCX, default stylesheet. */
static bool S_own_items(struct S_epub *e)
{
	return S_item(e, "nav", "nav.xhtml", "application/xhtml+xml",
		      "nav") &&
	       S_item(e, "ncx", "toc.ncx", "application/x-dtbncx+xml",
		      NULL) &&
	       S_item(e, "style", "style.css", "text/css", NULL);
}

static enum dc_status S_book(struct S_epub *e)
{
	enum dc_status st = S_setup(e);
	if (st == DC_OK && !S_own_items(e))
		st = dc_fail_oom(e->diag);
	if (st == DC_OK)
		st = S_stylesheets(e);
	if (st == DC_OK)
		st = S_cover(e);
	for (size_t i = 0; st == DC_OK && i < e->split.n_parts; i++)
		st = S_part(e, i);
	const struct dc_xhtml_toc_entry *toc = NULL;
	size_t n = 0;
	if (st == DC_OK)
		st = S_toc(e, &toc, &n);
	if (st == DC_OK)
		st = S_add_text(e, "EPUB/style.css", dc_xhtml_css, R_STYLE);
	if (st == DC_OK)
		st = S_pack(e, false);  /* the identifier counts the CRCs */
	if (st == DC_OK && !(e->pkg.identifier = S_identifier(e)))
		st = dc_fail_oom(e->diag);
	if (st == DC_OK)
		st = S_navigation(e, toc, n);
	return st;
}

static enum dc_status S_package(struct S_epub *e)
{
	e->pkg.items = e->items;
	e->pkg.n_items = e->n_items;
	struct dc_sink sink;
	dc_sink_open_memory(&sink);
	epub_write_opf(&sink, &e->pkg);
	enum dc_status st = S_add_sink(e, "EPUB/package.opf", &sink, R_OPF);
	if (st == DC_OK)
		st = S_add_text(e, "mimetype", "application/epub+zip",
				R_MIMETYPE);
	if (st != DC_OK)
		return st;
	dc_sink_open_memory(&sink);
	epub_write_container(&sink);
	return S_add_sink(e, "META-INF/container.xml", &sink, R_CONTAINER);
}

static enum dc_status S_write(const struct dc_doc *doc, struct dc_sink *out,
			      const struct dc_options *opts,
			      struct dc_diag *diag)
{
	struct S_epub e = {.doc = doc, .opts = opts, .diag = diag,
			   .when = S_time(),
			   .spill = dc_spill_open()};  /* NULL: in memory */
	dc_arena_init(&e.arena);
	enum dc_status st = S_book(&e);
	if (st == DC_OK)
		st = S_package(&e);
	if (st == DC_OK)
		st = S_zip(&e, out);
	S_pack_wait(&e);  /* after a failure, a batch may be under way */
	for (size_t i = 0; i < e.n_entries; i++) {
		free(e.entries[i].data);
		epub_packed_free(&e.entries[i].packed);
	}
	free(e.entries);
	dc_spill_close(e.spill);
	free(e.items);
	dc_xhtml_free(e.x);
	epub_split_free(&e.split);
	dc_arena_free(&e.arena);
	return st;
}

static const char *const epub_extensions[] = {"epub", NULL};

const struct dc_format dc_format_epub = {
	.name = "epub",
	.description = "EPUB 3 e-book",
	.extensions = epub_extensions,
	.write = S_write,
	.binary = true,
};
