/* The model: kind table, containment, arena, metadata, sectionize. */
#include "harness.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pthread.h>

#include "iter.h"
#include "mapped.h"
#include "path.h"
#include "pieces.h"
#include "pool.h"
#include "sectionize.h"
#include "sink.h"

static void test_kind_ranges(void)
{
	CHECK(dc_kind_is_block(DC_DOCUMENT));
	CHECK(dc_kind_is_block(DC_RAW_BLOCK));
	CHECK(!dc_kind_is_block(DC_TEXT));
	CHECK(dc_kind_is_inline(DC_TEXT));
	CHECK(dc_kind_is_inline(DC_RAW_INLINE));
	CHECK(!dc_kind_is_inline(DC_PARAGRAPH));
	CHECK(!dc_kind_is_block(DC_NONE) && !dc_kind_is_inline(DC_NONE));
	CHECK(!dc_kind_is_block(DC_KIND_COUNT));
}

/* Every kind has a distinct name that maps back to it. */
static void test_kind_names(void)
{
	for (int k = DC_NONE + 1; k < DC_KIND_COUNT; k++) {
		const char *name = dc_kind_name((enum dc_kind)k);
		CHECK(name && strcmp(name, "none") != 0);
		CHECK_INT(dc_kind_by_name(name), k);
	}
	CHECK_STR(dc_kind_name(DC_KIND_COUNT), "none");
	CHECK_INT(dc_kind_by_name("no-such-kind"), DC_NONE);
}

static void test_containment(void)
{
	CHECK(dc_kind_can_contain(DC_DOCUMENT, DC_PARAGRAPH));
	CHECK(dc_kind_can_contain(DC_DOCUMENT, DC_CHAPTER));
	CHECK(!dc_kind_can_contain(DC_CHAPTER, DC_CHAPTER));
	CHECK(dc_kind_can_contain(DC_SECTION, DC_SECTION));
	CHECK(!dc_kind_can_contain(DC_PARAGRAPH, DC_PARAGRAPH));
	CHECK(dc_kind_can_contain(DC_PARAGRAPH, DC_EMPH));
	CHECK(!dc_kind_can_contain(DC_DOCUMENT, DC_TEXT));
	CHECK(dc_kind_can_contain(DC_BULLET_LIST, DC_LIST_ITEM));
	CHECK(!dc_kind_can_contain(DC_BULLET_LIST, DC_PARAGRAPH));
	CHECK(dc_kind_can_contain(DC_LIST_ITEM, DC_BULLET_LIST));
	CHECK(dc_kind_can_contain(DC_TABLE, DC_CAPTION));
	CHECK(dc_kind_can_contain(DC_TABLE_ROW, DC_TABLE_CELL));
	CHECK(dc_kind_can_contain(DC_FIGURE, DC_IMAGE));
	CHECK(!dc_kind_can_contain(DC_FIGURE, DC_TEXT));
	CHECK(dc_kind_can_contain(DC_DEF_ITEM, DC_DEF_TERM));
	CHECK(dc_kind_can_contain(DC_DEF_ITEM, DC_DEF_DESC));
	CHECK(!dc_kind_can_contain(DC_TEXT, DC_TEXT));
	CHECK(dc_kind_is_leaf(DC_CODE_BLOCK) && dc_kind_is_leaf(DC_TEXT));
	CHECK(!dc_kind_is_leaf(DC_EMPH));
	CHECK(dc_kind_holds_inlines(DC_HEADING));
	CHECK(!dc_kind_holds_inlines(DC_BLOCK_QUOTE));
}

static void test_arena(void)
{
	struct dc_arena arena;
	dc_arena_init(&arena);
	char *a = dc_arena_strdup(&arena, "hello");
	CHECK_STR(a, "hello");
	/* A request larger than a block gets a block of its own.  From
	 * 512 KiB on that block is whole huge pages (2 MiB), and the room
	 * left in it serves the next requests, as it is more than the
	 * current block has. */
	unsigned char *big = dc_arena_alloc(&arena, 1 << 20);
	CHECK(big != NULL);
	if (big) {
		big[0] = 1;
		big[(1 << 20) - 1] = 2;
	}
	char *b = dc_arena_strndup(&arena, "a\0b", 3);
	CHECK(b && b[0] == 'a' && b[1] == '\0' && b[2] == 'b' && b[3] == 0);
	CHECK(big && b > (char *)big && b < (char *)big + (2 << 20));
	/* A smaller one of its own has no room left: it is kept behind,
	 * and the block with room goes on serving. */
	unsigned char *mid = dc_arena_alloc(&arena, 100 * 1024);
	CHECK(mid != NULL);
	char *c = dc_arena_strdup(&arena, "c");
	CHECK(big && c > (char *)big && c < (char *)big + (2 << 20));
	for (int i = 0; i < 10000; i++) {
		long *p = dc_arena_alloc(&arena, sizeof *p);
		CHECK(p && *p == 0);
		if (!p)
			break;
	}
	CHECK_STR(a, "hello");
	dc_arena_free(&arena);
	CHECK(arena.head == NULL);
}

/* Buffers from malloc freed with an arena, and with the arena that
 * adopts it (the sanitizers' build finds one freed twice or never). */
static void test_arena_take(void)
{
	struct dc_arena arena, other;
	dc_arena_init(&arena);
	dc_arena_init(&other);
	char *mine = malloc(100), *theirs = malloc(100), *more = malloc(1);
	CHECK(mine && theirs && more);
	CHECK(dc_arena_take(&arena, mine, 100));
	CHECK(dc_arena_take(&other, theirs, 100));
	CHECK(dc_arena_take(&other, more, 1));
	dc_arena_adopt(&arena, &other);
	CHECK(other.taken == NULL && other.head == NULL);
	CHECK(arena.taken != NULL && arena.total >= 201);
	dc_arena_free(&other);  /* frees nothing: all is ARENA's */
	dc_arena_free(&arena);
	CHECK(arena.taken == NULL && arena.head == NULL);
}

/* An allocation is aligned as much as its size needs, no more: strings
 * are packed, a 72-byte node takes 72 bytes, 16 is the most. */
static void test_arena_alignment(void)
{
	static const size_t sizes[] = {3, 1, 72, 5, 16, 2, 48, 7, 4, 1, 40};
	struct dc_arena arena;
	dc_arena_init(&arena);
	char *prev = dc_arena_alloc(&arena, 1);
	size_t prev_size = 1;
	for (size_t i = 0; prev && i < sizeof sizes / sizeof sizes[0]; i++) {
		size_t align = sizes[i] & (~sizes[i] + 1);
		if (align > 16)
			align = 16;
		char *p = dc_arena_alloc(&arena, sizes[i]);
		CHECK(p != NULL);
		if (!p)
			break;
		CHECK((uintptr_t)p % align == 0);
		CHECK(p >= prev + prev_size && p < prev + prev_size + align);
		prev = p;
		prev_size = sizes[i];
	}
	char *s = dc_arena_strndup(&arena, "abc", 3);
	char *t = dc_arena_strndup(&arena, "de", 2);
	CHECK(s && t == s + 4);  /* "abc" and its NUL, then "de" */
	dc_arena_free(&arena);
}

/* A pool hands out zeroed room, each piece right after the last, across
 * the steps in which it makes its reservation usable, but for one jump:
 * past 512 KiB, to the first huge page boundary (2 MiB). */
static void test_pool(void)
{
	struct dc_pool pool;
	dc_pool_init(&pool);
	CHECK(dc_pool_alloc(&pool, 0) == NULL);
	CHECK(dc_pool_alloc(&pool, 6) == NULL);  /* not a multiple of 4 */
	unsigned char *first = dc_pool_alloc(&pool, 36);
	CHECK(first != NULL && (uintptr_t)first % 4 == 0);
	unsigned char *prev = first;
	bool jumped = false;
	for (size_t i = 1; prev && i < 200000; i++) {  /* 7.2 MB */
		unsigned char *p = dc_pool_alloc(&pool, 36);
		bool jump = !jumped && p == first + (2 << 20) &&
			    prev + 2 * 36 > first + (512 << 10);
		CHECK(p == prev + 36 || jump);
		if (p != prev + 36 && !jump)
			break;
		jumped |= jump;
		CHECK(p[0] == 0 && p[35] == 0);
		memset(p, 0xAB, 36);
		prev = p;
	}
	CHECK(jumped);
	CHECK(pool.committed >= pool.used &&
	      pool.used == (size_t)(prev + 36 - first));
	dc_pool_free(&pool);
	CHECK(pool.base == NULL && pool.used == 0);
}

/* Fill POOL and PART (36 bytes each step) N times: each piece zeroed, the
 * part's right below its last; the lowest of the part's in *LOW. */
static void S_fill_both(struct dc_pool *pool, struct dc_pool *part, int n,
			unsigned char **low)
{
	unsigned char *prev = NULL;
	for (int i = 0; i < n; i++) {
		unsigned char *p = dc_pool_alloc(part, 36);
		unsigned char *q = dc_pool_alloc(pool, 36);
		CHECK(p && q);
		if (!p || !q)
			return;
		CHECK(p[0] == 0 && p[35] == 0 && q[0] == 0 && q[35] == 0);
		CHECK(prev == NULL || p == prev - 36);
		CHECK(q + 36 <= p);
		memset(p, 0xCD, 36);
		memset(q, 0xAB, 36);
		prev = p;
	}
	*low = prev;
}

/* A part fills what the pool has not used downwards from its top while
 * the pool goes on upwards: neither hands out what the other did.  A
 * part dropped reads as zeros; after one kept, the pool goes on below
 * its nodes. */
static void test_pool_split(void)
{
	struct dc_pool pool, part;
	dc_pool_init(&pool);
	CHECK(dc_pool_alloc(&pool, 36) != NULL);
	size_t limit = pool.limit;
	CHECK(!dc_pool_split(&pool, &part, 0, pool.reserved));
	CHECK(!dc_pool_split(&pool, &part, pool.reserved, 4 << 20));
	CHECK(pool.limit == limit);
	unsigned char *low = NULL;
	CHECK(dc_pool_split(&pool, &part, 16 << 20, 16 << 20));
	S_fill_both(&pool, &part, 100000, &low);  /* 3.6 MB each */
	dc_pool_join(&pool, &part, false);
	CHECK(low && low[0] == 0 && low[35] == 0 && pool.lent == 0);
	CHECK(dc_pool_split(&pool, &part, 16 << 20, 16 << 20));
	S_fill_both(&pool, &part, 100000, &low);
	dc_pool_join(&pool, &part, true);
	CHECK(low && low[0] == 0xCD && pool.lent > 0);
	CHECK(pool.limit <= (size_t)(low - pool.base));
	for (int i = 0; i < 1000; i++) {
		unsigned char *q = dc_pool_alloc(&pool, 36);
		CHECK(q && q + 36 <= low && q[0] == 0);
	}
	dc_pool_free(&pool);
}

/* Links are distances between nodes: they lead both ways, far and near,
 * and none leads nowhere. */
static void test_links(void)
{
	struct dc_doc *doc = dc_doc_new();
	CHECK(doc != NULL);
	if (!doc)
		return;
	struct dc_node *para = dc_node_new(doc, DC_PARAGRAPH);
	struct dc_node *near = dc_node_new(doc, DC_TEXT);
	struct dc_node *far = NULL;
	for (int i = 0; i < 300000; i++)  /* 8.4 MB further on */
		far = dc_node_new(doc, DC_EMPH);
	CHECK(para && near && far);
	if (!para || !near || !far) {
		dc_doc_free(doc);
		return;
	}
	CHECK(dc_node_parent(para) == NULL && dc_node_first(para) == NULL &&
	      dc_node_next(para) == NULL);
	dc_node_append(para, far);
	dc_node_prepend(para, near);
	CHECK(dc_node_first(para) == near);
	CHECK(dc_node_next(near) == far && dc_node_next(far) == NULL);
	CHECK(dc_node_parent(far) == para && dc_node_parent(near) == para);
	CHECK(dc_node_last_child(para) == far);
	dc_node_append(far, para);  /* backwards; no containment check */
	CHECK(dc_node_first(far) == para && dc_node_parent(para) == far);
	/* A literal's length is where a first child would be: it has
	 * none. */
	near->len = 5;
	CHECK(dc_node_first(near) == NULL && dc_node_next(near) == far);
	CHECK(sizeof(struct dc_node) == 28);
	dc_doc_free(doc);
}

/* The same bytes give the same string, kept once; other bytes, another. */
static void test_intern(void)
{
	struct dc_doc *doc = dc_doc_new();
	CHECK(doc != NULL);
	if (!doc)
		return;
	const char *a = dc_doc_intern(doc, "https://example.org/a", 21);
	CHECK_STR(a, "https://example.org/a");
	CHECK(dc_doc_intern(doc, "https://example.org/a!", 21) == a);
	CHECK(dc_doc_intern(doc, "https://example.org/a", 20) != a);
	const char *nul = dc_doc_intern(doc, "x\0y", 3);
	CHECK(nul && nul[0] == 'x' && nul[1] == '\0' && nul[2] == 'y');
	CHECK(dc_doc_intern(doc, "x\0z", 3) != nul);
	const char *empty = dc_doc_intern(doc, "", 0);
	CHECK_STR(empty, "");
	CHECK(dc_doc_intern(doc, "", 0) == empty);
	char name[32];
	const char *first[1000];
	for (int i = 0; i < 1000; i++) {  /* the table grows: all stay */
		int n = snprintf(name, sizeof name, "/%d", i);
		first[i] = dc_doc_intern(doc, name, (size_t)n);
		CHECK(first[i] != NULL);
	}
	for (int i = 0; i < 1000; i++) {
		int n = snprintf(name, sizeof name, "/%d", i);
		CHECK(dc_doc_intern(doc, name, (size_t)n) == first[i]);
	}
	CHECK(dc_doc_intern(doc, "https://example.org/a", 21) == a);
	CHECK_INT(doc->interned.count, 1005);  /* 5 above, 1000 here */
	dc_doc_free(doc);
}

/* A file of SIZE bytes of FILL, unlinked at once; its descriptor, or -1. */
static int S_temp_file(size_t size, char fill)
{
	const char *dir = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/docconv-map-XXXXXX",
		 dir && dir[0] ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	unlink(path);
	char block[4096];
	memset(block, fill, sizeof block);
	for (size_t at = 0; at < size; at += sizeof block) {
		size_t n = size - at < sizeof block ? size - at : sizeof block;
		if (write(fd, block, n) != (ssize_t)n) {
			close(fd);
			return -1;
		}
	}
	return fd;
}

/* The process's resident pages now (statm's second field), or 0. */
static long S_resident_pages(void)
{
	long size = 0, resident = 0;
	FILE *fp = fopen("/proc/self/statm", "r");
	if (!fp)
		return 0;
	if (fscanf(fp, "%ld %ld", &size, &resident) != 2)
		resident = 0;
	fclose(fp);
	return resident;
}

/* Every byte of the LEN at P, read: their sum. */
static size_t S_touch(const char *p, size_t len)
{
	size_t sum = 0;
	for (size_t i = 0; i < len; i++)
		sum += (unsigned char)((volatile const char *)p)[i];
	return sum;
}

/* A mapped file ends with a NUL, on a page boundary or not, and holds the
 * file's bytes. */
static void test_maps_nul(void)
{
	struct dc_maps maps = {0};
	long page = sysconf(_SC_PAGESIZE);
	size_t sizes[] = {1, 5000, (size_t)page, 3 * (size_t)page};
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		int fd = S_temp_file(sizes[i], 'a');
		CHECK(fd >= 0);
		const char *data = fd >= 0 ? dc_maps_file(&maps, fd, sizes[i])
					   : NULL;
		CHECK(data != NULL);
		if (data) {
			CHECK_INT(S_touch(data, sizes[i]), 'a' * sizes[i]);
			CHECK_INT(data[sizes[i]], 0);
		}
		if (fd >= 0)
			close(fd);  /* the mapping outlives it */
	}
	CHECK_INT(maps.n, 4);
	for (size_t i = 1; i < maps.n; i++)  /* kept in address order */
		CHECK(maps.v[i - 1].data < maps.v[i].data);
	dc_maps_free(&maps);
	CHECK(maps.n == 0 && maps.v == NULL);
}

/* Read past, a mapping's pages leave the process a step at a time, and
 * come back, with the same bytes, when read again: a walk that starts
 * over gives them back again.  Leaving a mapping for the next gives back
 * all of it, and so does dc_maps_done(). */
static void test_maps_give_back(void)
{
	enum { SIZE = 8 << 20 };
	long page = sysconf(_SC_PAGESIZE);
	/* Pages that must leave: all a walk has passed but its last step,
	 * and all of a mapping left; less a step in each case for the pages
	 * the allocator takes meanwhile (more under the sanitizers). */
	long stepped = (SIZE - 2 * DC_MAPS_STEP) / page;
	long whole = (SIZE - DC_MAPS_STEP) / page;
	struct dc_maps maps = {0};
	int a = S_temp_file(SIZE, 'a'), b = S_temp_file(SIZE, 'b');
	const char *da = a >= 0 ? dc_maps_file(&maps, a, SIZE) : NULL;
	const char *db = b >= 0 ? dc_maps_file(&maps, b, SIZE) : NULL;
	CHECK(da != NULL && db != NULL && S_resident_pages() > 0);
	if (!da || !db)
		goto out;
	for (int pass = 0; pass < 2; pass++) {  /* the second starts over */
		CHECK_INT(S_touch(da, SIZE), (size_t)'a' * SIZE);
		long before = S_resident_pages();
		dc_maps_passed(&maps, da);
		for (size_t at = 0; at < SIZE; at += 4096)
			dc_maps_passed(&maps, da + at);
		CHECK(before - S_resident_pages() >= stepped);
	}
	CHECK_INT(S_touch(da, SIZE), (size_t)'a' * SIZE);
	CHECK_INT(S_touch(db, SIZE), (size_t)'b' * SIZE);
	long before = S_resident_pages();
	dc_maps_passed(&maps, db);  /* from A to B: all of A goes */
	CHECK(before - S_resident_pages() >= whole);
	before = S_resident_pages();
	dc_maps_done(&maps, db + 1);
	CHECK(before - S_resident_pages() >= whole);
	dc_maps_passed(&maps, "not mapped");
	dc_maps_done(&maps, NULL);
out:
	dc_maps_free(&maps);
	if (a >= 0)
		close(a);
	if (b >= 0)
		close(b);
}

static void test_meta(void)
{
	struct dc_doc *doc = dc_doc_new();
	CHECK(doc != NULL);
	if (!doc)
		return;
	struct dc_meta *m = &doc->meta;
	CHECK(dc_meta_set(doc, m, "Title", "  A Title "));
	CHECK(dc_meta_set(doc, m, "author", "Ann"));
	CHECK(dc_meta_set(doc, m, "AUTHOR", "Bob"));
	CHECK(dc_meta_set(doc, m, "language", "de-CH"));
	CHECK(dc_meta_set(doc, m, "keywords", "a, b,,c "));
	CHECK(dc_meta_set(doc, m, "x-custom", "v"));
	CHECK(dc_meta_set(doc, m, "date", "   "));  /* empty: ignored */
	CHECK_STR(m->title, "A Title");
	CHECK_INT(m->authors.count, 2);
	CHECK_STR(m->authors.items[1], "Bob");
	CHECK_STR(m->lang, "de-CH");
	CHECK_INT(m->keywords.count, 3);
	CHECK_STR(m->keywords.items[2], "c");
	CHECK_INT(m->n_extra, 1);
	CHECK_STR(m->extra[0].key, "x-custom");
	CHECK(m->date == NULL);
	CHECK(dc_meta_key_known("Subject", 7));
	CHECK(!dc_meta_key_known("Caption", 7));

	/* Merging fills only what is unset. */
	struct dc_meta other = {0};
	CHECK(dc_meta_set(doc, &other, "title", "Other"));
	CHECK(dc_meta_set(doc, &other, "date", "2024"));
	CHECK(dc_meta_set(doc, &other, "author", "Cy"));
	CHECK(dc_meta_set(doc, &other, "x-custom", "w"));
	CHECK(dc_meta_set(doc, &other, "x-new", "n"));
	CHECK(dc_meta_merge(doc, m, &other));
	CHECK_STR(m->title, "A Title");
	CHECK_STR(m->date, "2024");
	CHECK_INT(m->authors.count, 2);
	CHECK_INT(m->n_extra, 2);
	CHECK_STR(m->extra[0].value, "v");
	dc_doc_free(doc);
}

/* Build "H1 p H2 p H1 p" flat, sectionize, check the nesting. */
static struct dc_node *S_add(struct dc_doc *doc, struct dc_node *parent,
			     enum dc_kind kind, int level)
{
	struct dc_node *n = dc_node_new(doc, kind);
	if (!n)
		return NULL;
	n->as.heading.level = level;
	dc_node_append(parent, n);
	return n;
}

static void test_sectionize(void)
{
	struct dc_doc *doc = dc_doc_new();
	struct dc_diag diag;
	dc_diag_init(&diag, "test", stderr);
	CHECK(doc != NULL);
	if (!doc)
		return;
	struct dc_node *root = doc->root;
	S_add(doc, root, DC_PARAGRAPH, 0);
	S_add(doc, root, DC_HEADING, 1);
	S_add(doc, root, DC_PARAGRAPH, 0);
	S_add(doc, root, DC_HEADING, 2);
	S_add(doc, root, DC_PARAGRAPH, 0);
	S_add(doc, root, DC_HEADING, 3);
	S_add(doc, root, DC_HEADING, 1);
	S_add(doc, root, DC_PARAGRAPH, 0);
	CHECK_INT(dc_sectionize(doc, root, &diag), DC_OK);
	char *ast = dc_test_write("ast", doc);
	CHECK_STR(ast, "meta\n"
		       "document\n"
		       "  paragraph\n"
		       "  section\n"
		       "    heading level=1\n"
		       "    paragraph\n"
		       "    section\n"
		       "      heading level=2\n"
		       "      paragraph\n"
		       "      section\n"
		       "        heading level=3\n"
		       "  section\n"
		       "    heading level=1\n"
		       "    paragraph\n");
	/* A second pass changes nothing. */
	CHECK_INT(dc_sectionize(doc, root, &diag), DC_OK);
	char *again = dc_test_write("ast", doc);
	CHECK_STR(again, ast ? ast : "");
	free(ast);
	free(again);
	dc_doc_free(doc);
}

/* In a chapter, the leading heading is the title and opens no section. */
static void test_sectionize_chapter(void)
{
	struct dc_doc *doc = dc_doc_new();
	struct dc_diag diag;
	dc_diag_init(&diag, "test", stderr);
	if (!doc)
		return;
	struct dc_node *ch = S_add(doc, doc->root, DC_CHAPTER, 0);
	CHECK(ch != NULL);
	if (!ch)
		return;
	S_add(doc, ch, DC_HEADING, 1);
	S_add(doc, ch, DC_PARAGRAPH, 0);
	S_add(doc, ch, DC_HEADING, 1);
	S_add(doc, ch, DC_PARAGRAPH, 0);
	CHECK_INT(dc_sectionize(doc, doc->root, &diag), DC_OK);
	char *ast = dc_test_write("ast", doc);
	CHECK_STR(ast, "meta\n"
		       "document\n"
		       "  chapter\n"
		       "    heading level=1\n"
		       "    paragraph\n"
		       "    section\n"
		       "      heading level=1\n"
		       "      paragraph\n");
	free(ast);
	dc_doc_free(doc);
}

static void test_node_text(void)
{
	struct dc_doc *doc = dc_doc_new();
	if (!doc)
		return;
	struct dc_node *p = S_add(doc, doc->root, DC_PARAGRAPH, 0);
	struct dc_node *t1 = S_add(doc, p, DC_TEXT, 0);
	S_add(doc, p, DC_SOFT_BREAK, 0);
	struct dc_node *em = S_add(doc, p, DC_EMPH, 0);
	struct dc_node *t2 = S_add(doc, em, DC_TEXT, 0);
	CHECK(t1 && t2);
	if (!t1 || !t2)
		return;
	t1->literal = "one";
	t1->len = 3;
	t2->literal = "two";
	t2->len = 3;
	CHECK_STR(dc_node_text(doc, p), "one two");
	dc_doc_free(doc);
}

/* The file an image's URL names: found from the folder of the input the
 * image came from, its chapter's in a bundle, else the document's. */
static void S_file_is(const struct dc_doc *doc, struct dc_node *img,
		      const char *url, const char *want)
{
	struct dc_buf out = {0};
	img->as.link.url = url;
	CHECK(dc_node_file(doc, img, &out));
	CHECK_STR(out.data, want);
	dc_buf_free(&out);
}

static void test_node_file(void)
{
	struct dc_doc *doc = dc_doc_new();
	if (!doc)
		return;
	doc->source = "docs/book.md";
	struct dc_node *p = S_add(doc, doc->root, DC_PARAGRAPH, 0);
	struct dc_node *img = S_add(doc, p, DC_IMAGE, 0);
	struct dc_node *ch = S_add(doc, doc->root, DC_CHAPTER, 0);
	struct dc_node *fig = S_add(doc, ch, DC_FIGURE, 0);
	struct dc_node *in_ch = S_add(doc, fig, DC_IMAGE, 0);
	CHECK(img && ch && in_ch);
	if (!img || !ch || !in_ch) {
		dc_doc_free(doc);
		return;
	}
	ch->as.chapter.source = "/abs/parts/one.xml";
	S_file_is(doc, img, "img/a.png", "docs/img/a.png");
	S_file_is(doc, img, "./a.png", "docs/a.png");
	S_file_is(doc, img, "../a.png", "docs/../a.png");
	S_file_is(doc, in_ch, "../img/a.png", "/abs/parts/../img/a.png");
	S_file_is(doc, in_ch, "./a.png", "/abs/parts/a.png");
	/* Absolute paths, URLs with a scheme, fragments stay. */
	S_file_is(doc, img, "/srv/a.png", "/srv/a.png");
	S_file_is(doc, in_ch, "https://e.org/a.png", "https://e.org/a.png");
	S_file_is(doc, img, "data:image/png;base64,AA",
		  "data:image/png;base64,AA");
	S_file_is(doc, img, "#frag", "#frag");
	S_file_is(doc, img, NULL, "");
	/* An input with no folder (or stdin): the path as it is. */
	doc->source = "book.md";
	S_file_is(doc, img, "./a.png", "./a.png");
	doc->source = "<stdin>";
	S_file_is(doc, img, "img/a.png", "img/a.png");
	dc_doc_free(doc);
}

/* A cover travels with the input it is relative to; one given first
 * (the command line's, no input) keeps its own. */
static void test_cover_source(void)
{
	struct dc_doc *doc = dc_doc_new();
	if (!doc)
		return;
	struct dc_meta a = {.cover = "c.png", .cover_source = "in/a.md"};
	struct dc_meta b = {.cover = "d.png", .cover_source = "b/b.md"};
	struct dc_meta m = {0};
	CHECK(dc_meta_merge(doc, &m, &a) && dc_meta_merge(doc, &m, &b));
	CHECK_STR(m.cover, "c.png");
	CHECK_STR(m.cover_source, "in/a.md");
	struct dc_meta cli = {0};
	CHECK(dc_meta_set(doc, &cli, "cover", "x.png"));
	CHECK(dc_meta_merge(doc, &cli, &a));
	CHECK_STR(cli.cover, "x.png");
	CHECK(cli.cover_source == NULL);
	/* Opened, each is found where its input finds it. */
	struct dc_buf out = {0};
	doc->meta = m;
	CHECK(dc_cover_file(doc, &out));
	CHECK_STR(out.data, "in/c.png");
	doc->meta = cli;
	CHECK(dc_cover_file(doc, &out));
	CHECK_STR(out.data, "x.png");
	doc->meta = (struct dc_meta){0};
	CHECK(dc_cover_file(doc, &out));
	CHECK_STR(out.data, "");
	dc_buf_free(&out);
	dc_doc_free(doc);
}

/* The strings a document keeps for a few nodes: each kind of string on
 * its own, past the table's growth, unset; no lookup hits a node without
 * one. */
static void test_node_strs(void)
{
	struct dc_doc *doc = dc_doc_new();
	enum { N = 1000 };
	struct dc_node *nodes[N];
	CHECK(doc != NULL);
	if (!doc)
		return;
	for (size_t i = 0; i < N; i++)
		nodes[i] = dc_node_new(doc, DC_LINK);
	CHECK(dc_node_str(doc, nodes[0], DC_STR_ID) == NULL);
	static const char *const names[] = {"a", "b", "c"};
	for (size_t i = 0; i < N; i++) {
		CHECK(nodes[i] != NULL);
		if (i % 3 == 0)
			CHECK(dc_node_set_str(doc, nodes[i], DC_STR_ID,
					      names[i % 2]));
		if (i % 5 == 0)
			CHECK(dc_node_set_str(doc, nodes[i], DC_STR_TITLE,
					      names[2]));
	}
	size_t ids = 0, titles = 0;
	for (size_t i = 0; i < N; i++) {
		const char *id = dc_node_str(doc, nodes[i], DC_STR_ID);
		const char *title = dc_node_str(doc, nodes[i], DC_STR_TITLE);
		CHECK(id == (i % 3 == 0 ? names[i % 2] : NULL));
		CHECK(title == (i % 5 == 0 ? names[2] : NULL));
		CHECK(dc_node_str(doc, nodes[i], DC_STR_LANG) == NULL);
		ids += id != NULL;
		titles += title != NULL;
	}
	CHECK_INT(ids, (N + 2) / 3);
	CHECK_INT(titles, (N + 4) / 5);
	/* Set again, then unset: the other string stays. */
	CHECK(dc_node_set_str(doc, nodes[0], DC_STR_ID, names[1]));
	CHECK(dc_node_str(doc, nodes[0], DC_STR_ID) == names[1]);
	CHECK(dc_node_set_str(doc, nodes[0], DC_STR_ID, NULL));
	CHECK(dc_node_str(doc, nodes[0], DC_STR_ID) == NULL);
	CHECK(dc_node_str(doc, nodes[0], DC_STR_TITLE) == names[2]);
	CHECK_INT(doc->strs.counts[DC_STR_ID], ids - 1);
	CHECK(dc_node_set_str(doc, nodes[1], DC_STR_FORMAT, NULL));
	CHECK_INT(doc->strs.counts[DC_STR_FORMAT], 0);
	dc_doc_free(doc);
}

/* ------------------------------------------------------------------ */
/* Pieces on two threads (src/pieces.c) */

/* A writer of pieces "<I>" that warns in piece WARN_AT and fails in
 * FAIL_AT; it notes who wrote each piece and how often the helper's
 * were taken. */
struct S_piecer {
	pthread_t caller;
	size_t warn_at, fail_at;
	int on_caller[16], on_helper[16];
	int taken;
};

static enum dc_status S_piece(void *writer, size_t i, struct dc_sink *out,
			      struct dc_diag *diag)
{
	struct S_piecer *w = writer;
	if (pthread_equal(pthread_self(), w->caller))
		w->on_caller[i]++;
	else
		w->on_helper[i]++;
	if (i == w->fail_at)
		return dc_fail(diag, DC_ERR_DATA, (struct dc_pos){0},
			       "piece %zu failed", i);
	if (i == w->warn_at &&
	    dc_warn(diag, (struct dc_pos){0}, "piece %zu warns", i) != DC_OK)
		return DC_ERR_DATA;
	dc_sink_printf(out, "<%zu>", i);
	return DC_OK;
}

static void S_piece_taken(void *main, void *helper)
{
	(void)helper;
	((struct S_piecer *)main)->taken++;
}

/* N pieces written with a helper; the bytes, *SAID what was said. */
static char *S_pieces(struct S_piecer *w, size_t n, enum dc_status *st,
		      char **said)
{
	struct S_piecer helper = *w;
	size_t said_len = 0;
	FILE *stream = open_memstream(said, &said_len);
	CHECK(stream != NULL);
	struct dc_diag diag;
	dc_diag_init(&diag, "test", stream);
	struct dc_sink sink;
	dc_sink_open_memory(&sink);
	w->caller = helper.caller = pthread_self();
	struct dc_pieces p = {.n = n, .write = S_piece,
			      .taken = S_piece_taken, .main = w,
			      .helper = &helper};
	*st = dc_pieces_write(&p, &sink, &diag);
	for (size_t i = 0; i < n; i++)
		w->on_helper[i] += helper.on_helper[i];
	if (stream)
		fclose(stream);
	CHECK(dc_buf_putc(&sink.mem, '\0'));
	return sink.mem.data;
}

static void test_pieces(void)
{
	char *said = NULL;
	enum dc_status st;
	/* Piece 3 warns: the caller writes it again, the warning once. */
	struct S_piecer w = {.warn_at = 3, .fail_at = SIZE_MAX};
	char *out = S_pieces(&w, 8, &st, &said);
	CHECK_INT(st, DC_OK);
	CHECK_STR(out, "<0><1><2><3><4><5><6><7>");
	CHECK_STR(said, "test: warning: piece 3 warns\n");
	for (size_t i = 0; i < 8; i += 2)
		CHECK(w.on_caller[i] == 1 && w.on_helper[i] == 0);
	CHECK(w.on_helper[1] == 1 && w.on_helper[5] == 1 &&
	      w.on_helper[7] == 1 && w.on_caller[1] == 0);
	CHECK(w.on_helper[3] == 1 && w.on_caller[3] == 1);
	CHECK_INT(w.taken, 3);
	free(out);
	free(said);
	/* Piece 5 fails on the helper: the caller fails there, as alone. */
	w = (struct S_piecer){.warn_at = SIZE_MAX, .fail_at = 5};
	out = S_pieces(&w, 8, &st, &said);
	CHECK_INT(st, DC_ERR_DATA);
	CHECK_STR(out, "<0><1><2><3><4>");
	CHECK(w.on_caller[5] == 1 && w.on_caller[6] == 0);
	free(out);
	free(said);
}

/* Writes longer than a block into a file, as a piece is appended: the
 * sink takes them a block at a time, every byte in order. */
static void test_sink_long_writes(void)
{
	const char *dir = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/docconv-sink-%ld.out",
		 dir && dir[0] ? dir : "/tmp", (long)getpid());
	static const size_t sizes[] = {10, 200000, 70000, 3, 65536, 131072};
	size_t total = 0;
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
		total += sizes[i];
	char *want = malloc(total), *got = malloc(total + 1);
	CHECK(want && got);
	for (size_t i = 0; want && i < total; i++)
		want[i] = (char)('a' + (i * 7 + i / 977) % 26);
	struct dc_diag diag;
	dc_diag_init(&diag, "test", NULL);
	struct dc_sink sink;
	CHECK_INT(dc_sink_open_file(&sink, path, &diag), DC_OK);
	for (size_t i = 0, at = 0; want && i < sizeof sizes / sizeof *sizes;
	     at += sizes[i++])
		dc_sink_write(&sink, want + at, sizes[i]);
	CHECK_INT(dc_sink_commit(&sink, &diag), DC_OK);
	dc_sink_abort(&sink);
	FILE *fp = fopen(path, "rb");
	CHECK(fp != NULL);
	size_t len = fp && got ? fread(got, 1, total + 1, fp) : 0;
	if (fp)
		fclose(fp);
	CHECK_INT(len, total);
	CHECK(want && got && memcmp(got, want, total) == 0);
	unlink(path);
	free(want);
	free(got);
}

static const struct dc_test tests[] = {
	{.name = "kind_ranges", .run = test_kind_ranges},
	{.name = "kind_names", .run = test_kind_names},
	{.name = "containment", .run = test_containment},
	{.name = "arena", .run = test_arena},
	{.name = "arena_alignment", .run = test_arena_alignment},
	{.name = "arena_take", .run = test_arena_take},
	{.name = "pool", .run = test_pool},
	{.name = "pool_split", .run = test_pool_split},
	{.name = "links", .run = test_links},
	{.name = "intern", .run = test_intern},
	{.name = "maps_nul", .run = test_maps_nul},
	{.name = "maps_give_back", .run = test_maps_give_back},
	{.name = "meta", .run = test_meta},
	{.name = "sectionize", .run = test_sectionize},
	{.name = "sectionize_chapter", .run = test_sectionize_chapter},
	{.name = "node_text", .run = test_node_text},
	{.name = "node_file", .run = test_node_file},
	{.name = "cover_source", .run = test_cover_source},
	{.name = "node_strs", .run = test_node_strs},
	{.name = "pieces", .run = test_pieces},
	{.name = "sink_long_writes", .run = test_sink_long_writes},
	{0},
};

const struct dc_suite dc_suite_model = {.name = "model", .tests = tests};
