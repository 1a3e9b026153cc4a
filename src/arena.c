/* madvise(MADV_HUGEPAGE) is Linux's, outside POSIX. */
#define _DEFAULT_SOURCE
#include "arena.h"

#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Blocks start small, for the many small documents, and double up to
 * the largest size, so a large document takes few blocks. */
enum { DC_ARENA_BLOCK = 64 * 1024, DC_ARENA_BLOCK_MAX = 4 * 1024 * 1024 };

struct dc_arena_block {
	struct dc_arena_block *prev;
	size_t size;    /* bytes in data */
	size_t mapped;  /* the length of its own mapping, or 0: malloc'd */
	alignas(max_align_t) unsigned char data[];
};

/* Blocks of a quarter of this size and more are mappings of their own,
 * whole huge pages, aligned: a large document's arena then costs one
 * page fault per 2 MiB, not one per 4 KiB, and page faults were a third
 * of the time a 10 MB input took.  calloc's blocks of that size start
 * anywhere, and only the huge pages wholly inside them could be huge.
 * From a quarter on, not from 2 MiB: a 1 MB input, and the blocks of
 * 512 KiB and 1 MiB its model fills, took 600 of its 900 page faults
 * (1 MB of text to DocBook: 12.1 ms of processor time, 10.4 now), for
 * 1.5 to 2 MB more memory. */
enum { S_HUGE = 2u << 20, S_HUGE_FROM = S_HUGE / 4 };

void dc_arena_init(struct dc_arena *arena)
{
	*arena = (struct dc_arena){0};
}

static void S_free_block(struct dc_arena_block *block)
{
	if (block->mapped)
		munmap(block, block->mapped);
	else
		free(block);
}

struct dc_arena_taken {
	struct dc_arena_taken *next;
	void *p;
};

void dc_arena_free(struct dc_arena *arena)
{
	/* The list lives in the blocks: freed first. */
	for (struct dc_arena_taken *t = arena->taken; t; t = t->next)
		free(t->p);
	struct dc_arena_block *block = arena->head;
	while (block) {
		struct dc_arena_block *prev = block->prev;
		S_free_block(block);
		block = prev;
	}
	dc_arena_init(arena);
}

/* The alignment SIZE bytes need.  An object's alignment divides its
 * size, so the largest power of two that divides SIZE, at most
 * max_align_t's, does for anything of that size: text of odd lengths is
 * packed, and a 72-byte node takes 72 bytes, not 80. */
static size_t S_alignment(size_t size)
{
	size_t lowest = size & (~size + 1);
	return lowest < alignof(max_align_t) ? lowest : alignof(max_align_t);
}

/* A zeroed block of at least BYTES (a multiple of S_HUGE) on a huge page
 * boundary, asked to be made of huge pages where the system offers them
 * on request; NULL if the system has no memory for it.  The mapping is
 * made one huge page longer, and what lies outside the aligned part is
 * given back. */
static struct dc_arena_block *S_map_huge(size_t bytes)
{
	size_t len = bytes + S_HUGE;
	unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	uintptr_t start = ((uintptr_t)p + S_HUGE - 1) & ~(uintptr_t)(S_HUGE - 1);
	size_t head = start - (uintptr_t)p, tail = len - head - bytes;
	if (head)
		munmap(p, head);
	if (tail)
		munmap((unsigned char *)start + bytes, tail);
#ifdef MADV_HUGEPAGE
	(void)madvise((void *)start, bytes, MADV_HUGEPAGE);
#endif
	struct dc_arena_block *block = (struct dc_arena_block *)start;
	block->mapped = bytes;
	return block;
}

/* A block with at least CAP bytes of data: its own huge-page mapping
 * when large, with all of that mapping's room as data, else calloc's. */
static struct dc_arena_block *S_new_block(size_t cap)
{
	const size_t header = offsetof(struct dc_arena_block, data);
	if (cap > SIZE_MAX - header - 2 * S_HUGE)
		return NULL;
	if (header + cap >= S_HUGE_FROM) {
		size_t bytes = (header + cap + S_HUGE - 1) &
			       ~(size_t)(S_HUGE - 1);
		struct dc_arena_block *block = S_map_huge(bytes);
		if (block)
			block->size = bytes - header;
		return block;
	}
	struct dc_arena_block *block = calloc(1, header + cap);
	if (block)
		block->size = cap;
	return block;
}

/* A new block large enough for SIZE; a request larger than a standard
 * block gets a block of its own, kept behind the current one so the space
 * left in the current block is not wasted, unless it has more room left
 * itself (a mapping is whole huge pages): then the next requests fill
 * it. */
static void *S_alloc_slow(struct dc_arena *arena, size_t size)
{
	const size_t header = offsetof(struct dc_arena_block, data);
	size_t standard = arena->block ? arena->block : DC_ARENA_BLOCK;
	/* A standard block's size counts its header: the large ones are
	 * then whole huge pages. */
	size_t cap = size > standard / 4 ? size : standard - header;
	struct dc_arena_block *block = S_new_block(cap);
	if (!block)
		return NULL;
	arena->total += block->size;
	bool own = cap != standard - header;
	if (own && arena->head &&
	    block->size - size <= arena->head->size - arena->used) {
		block->prev = arena->head->prev;
		arena->head->prev = block;
		return block->data;
	}
	block->prev = arena->head;
	arena->head = block;
	arena->used = size;
	if (!own)
		arena->block = standard < DC_ARENA_BLOCK_MAX ? 2 * standard
							     : standard;
	return block->data;
}

void *dc_arena_alloc(struct dc_arena *arena, size_t size)
{
	if (size == 0)
		size = 1;
	if (size > SIZE_MAX / 2)
		return NULL;
	struct dc_arena_block *head = arena->head;
	if (head) {
		size_t align = S_alignment(size);
		size_t at = (arena->used + align - 1) & ~(align - 1);
		if (at <= head->size && head->size - at >= size) {
			arena->used = at + size;
			return head->data + at;
		}
	}
	return S_alloc_slow(arena, size);
}

char *dc_arena_strndup(struct dc_arena *arena, const char *s, size_t len)
{
	if (len == SIZE_MAX)
		return NULL;
	char *copy = dc_arena_alloc(arena, len + 1);
	if (!copy)
		return NULL;
	if (len)
		memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}

char *dc_arena_strdup(struct dc_arena *arena, const char *s)
{
	return dc_arena_strndup(arena, s, strlen(s));
}

bool dc_arena_take(struct dc_arena *arena, void *p, size_t size)
{
	struct dc_arena_taken *t = dc_arena_alloc(arena, sizeof *t);
	if (!t)
		return false;
	*t = (struct dc_arena_taken){.next = arena->taken, .p = p};
	arena->taken = t;
	arena->total += size;
	return true;
}

void dc_arena_adopt(struct dc_arena *arena, struct dc_arena *from)
{
	if (from->taken) {
		struct dc_arena_taken *last = from->taken;
		while (last->next)
			last = last->next;
		last->next = arena->taken;
		arena->taken = from->taken;
	}
	struct dc_arena_block *oldest = from->head;
	if (!oldest) {
		dc_arena_init(from);
		return;
	}
	while (oldest->prev)
		oldest = oldest->prev;
	if (arena->head) {
		oldest->prev = arena->head->prev;
		arena->head->prev = from->head;
	} else {
		oldest->prev = NULL;
		arena->head = from->head;
		arena->used = from->used;
		arena->block = from->block;
	}
	arena->total += from->total;
	dc_arena_init(from);
}
