/* madvise(MADV_HUGEPAGE) is Linux's, outside POSIX. */
#define _DEFAULT_SOURCE
#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Blocks start small, for the many small documents, and double up to
 * the largest size, so a large document takes few blocks. */
enum { DC_ARENA_BLOCK = 64 * 1024, DC_ARENA_BLOCK_MAX = 4 * 1024 * 1024 };

struct dc_arena_block {
	struct dc_arena_block *prev;
	size_t size;
	alignas(max_align_t) unsigned char data[];
};

void dc_arena_init(struct dc_arena *arena)
{
	*arena = (struct dc_arena){0};
}

void dc_arena_free(struct dc_arena *arena)
{
	struct dc_arena_block *block = arena->head;
	while (block) {
		struct dc_arena_block *prev = block->prev;
		free(block);
		block = prev;
	}
	dc_arena_init(arena);
}

static size_t S_align_up(size_t n)
{
	const size_t a = alignof(max_align_t);
	return (n + a - 1) / a * a;
}

/* Ask for huge pages where the system offers them on request: a large
 * document's arena then costs a few hundred page faults, not tens of
 * thousands.  Only the whole pages inside the block are advised; where
 * it is not possible nothing changes. */
static void S_huge_pages(void *block, size_t size)
{
#ifdef MADV_HUGEPAGE
	const uintptr_t page = 4096, huge = 2u << 20;
	if (size < 2 * huge)
		return;
	uintptr_t start = ((uintptr_t)block + page - 1) & ~(page - 1);
	uintptr_t end = ((uintptr_t)block + size) & ~(page - 1);
	(void)madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
	(void)block;
	(void)size;
#endif
}

/* A new block large enough for SIZE; a request larger than a standard
 * block gets a block of its own, kept behind the current one so the space
 * left in the current block is not wasted. */
static void *S_alloc_slow(struct dc_arena *arena, size_t size)
{
	size_t standard = arena->block ? arena->block : DC_ARENA_BLOCK;
	size_t cap = size > standard / 4 ? size : standard;
	if (cap > SIZE_MAX - sizeof(struct dc_arena_block))
		return NULL;
	struct dc_arena_block *block = calloc(1, sizeof *block + cap);
	if (!block)
		return NULL;
	S_huge_pages(block, sizeof *block + cap);
	block->size = cap;
	arena->total += cap;
	if (cap != standard && arena->head) {
		block->prev = arena->head->prev;
		arena->head->prev = block;
		return block->data;
	}
	block->prev = arena->head;
	arena->head = block;
	arena->used = size;
	arena->block = standard < DC_ARENA_BLOCK_MAX ? 2 * standard : standard;
	return block->data;
}

void *dc_arena_alloc(struct dc_arena *arena, size_t size)
{
	if (size == 0)
		size = 1;
	if (size > SIZE_MAX / 2)
		return NULL;
	size = S_align_up(size);
	struct dc_arena_block *head = arena->head;
	if (head && head->size - arena->used >= size) {
		void *p = head->data + arena->used;
		arena->used += size;
		return p;
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
