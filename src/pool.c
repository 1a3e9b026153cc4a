/* madvise(MADV_HUGEPAGE) and MAP_NORESERVE are Linux's, outside POSIX. */
#define _DEFAULT_SOURCE
#include "pool.h"

#include <stdbool.h>
#include <sys/mman.h>
#include <sys/resource.h>

/* Pages are made usable in steps that double from the first, so that a
 * small document takes little, up to the largest, so that a large one
 * takes few system calls.  From S_HUGE_FROM on, a step ends on a huge
 * page boundary, so the huge pages of its range are whole when first
 * touched, as the arena's large blocks are (arena.c says why). */
enum { S_FIRST_STEP = 64 * 1024, S_LAST_STEP = 32 * 1024 * 1024 };
enum { S_HUGE = 2u << 20, S_HUGE_FROM = S_HUGE / 4 };
#define S_LEAST_RESERVE ((size_t)1 << 20)

void dc_pool_init(struct dc_pool *pool)
{
	*pool = (struct dc_pool){0};
}

void dc_pool_free(struct dc_pool *pool)
{
	if (pool->base)
		munmap(pool->base, pool->reserved);
	dc_pool_init(pool);
}

/* How much to reserve: DC_POOL_RESERVE, or half the address space the
 * process may have when that is less (the rest is for everything else:
 * nodes are about half of a document's memory). */
static size_t S_reserve_size(void)
{
	struct rlimit limit;
	size_t size = DC_POOL_RESERVE;
	if (getrlimit(RLIMIT_AS, &limit) == 0 &&
	    limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur / 2 < size)
		size = (size_t)(limit.rlim_cur / 2);
	return size;
}

/* Reserve the stretch, starting on a huge page boundary; false if the
 * system refuses even the least. */
static bool S_reserve(struct dc_pool *pool)
{
	for (size_t size = S_reserve_size(); size >= S_LEAST_RESERVE;
	     size /= 2) {
		unsigned char *p = mmap(NULL, size, PROT_NONE,
					MAP_PRIVATE | MAP_ANONYMOUS |
						MAP_NORESERVE,
					-1, 0);
		if (p == MAP_FAILED)
			continue;
		uintptr_t start = (uintptr_t)p;
		if (size >= 2 * S_HUGE)  /* else as it comes */
			start = (start + S_HUGE - 1) & ~(uintptr_t)(S_HUGE - 1);
		pool->base = (unsigned char *)start;
		pool->reserved = size - (start - (uintptr_t)p);
		pool->limit = pool->reserved;
		if (start != (uintptr_t)p)  /* the unaligned head */
			munmap(p, start - (uintptr_t)p);
#ifdef MADV_HUGEPAGE
		(void)madvise(pool->base, pool->reserved, MADV_HUGEPAGE);
#endif
		return true;
	}
	return false;
}

/* Make at least NEED bytes from the base usable; false when out of
 * memory. */
static bool S_commit(struct dc_pool *pool, size_t need)
{
	if (!pool->base && !S_reserve(pool))
		return false;
	if (need > pool->limit)
		return false;
	size_t step = pool->committed < S_FIRST_STEP ? S_FIRST_STEP
		    : pool->committed > S_LAST_STEP ? S_LAST_STEP
		    : pool->committed;
	size_t end = pool->committed + step;
	if (end < need)
		end = need;
	if (end >= S_HUGE_FROM)
		end = (end + S_HUGE - 1) & ~(size_t)(S_HUGE - 1);
	if (end > pool->limit)
		end = pool->limit;
	if (mprotect(pool->base + pool->committed, end - pool->committed,
		     PROT_READ | PROT_WRITE) != 0)
		return false;
	pool->committed = end;
	return true;
}

/* OFF rounded down to a huge page boundary. */
static size_t S_huge_floor(size_t off)
{
	return off & ~(size_t)(S_HUGE - 1);
}

/* Make a part usable down to NEED at least, a huge page at a time or
 * more; false when out of memory. */
static bool S_commit_down(struct dc_pool *part, size_t need)
{
	size_t step = part->top - part->committed;
	step = step < S_HUGE ? S_HUGE : step > S_LAST_STEP ? S_LAST_STEP : step;
	size_t low = part->committed - part->limit > step
			     ? part->committed - step
			     : part->limit;
	if (low > need)
		low = S_huge_floor(need);
	if (low < part->limit)
		low = part->limit;
	if (mprotect(part->base + low, part->committed - low,
		     PROT_READ | PROT_WRITE) != 0)
		return false;
	part->committed = low;
	return true;
}

/* A part's allocation: below the last. */
static void *S_alloc_down(struct dc_pool *part, size_t size)
{
	if (size > part->used - part->limit)
		return NULL;
	size_t at = part->used - size;
	if (at < part->committed && !S_commit_down(part, at))
		return NULL;
	part->used = at;
	return part->base + at;
}

void *dc_pool_alloc(struct dc_pool *pool, size_t size)
{
	if (size == 0 || size % 4 != 0 || size > SIZE_MAX / 2 - pool->used)
		return NULL;
	if (pool->down)
		return S_alloc_down(pool, size);
	size_t at = pool->used;
	/* The first steps' pages are small: whatever is touched of a huge
	 * page's range before the whole of it is usable is.  Past
	 * S_HUGE_FROM, nodes go on from the first huge page boundary,
	 * whole huge pages from there on; the rest of the first range is
	 * never touched and costs nothing. */
	if (at < S_HUGE && at + size > S_HUGE_FROM &&
	    pool->limit >= 2 * S_HUGE)
		at = S_HUGE;
	if (at + size > pool->committed && !S_commit(pool, at + size))
		return NULL;
	pool->used = at + size;
	return pool->base + at;
}

bool dc_pool_split(struct dc_pool *pool, struct dc_pool *part, size_t keep,
		   size_t room)
{
	if (!pool->base && !S_reserve(pool))
		return false;
	/* Both ends of the part on huge page boundaries: its huge pages are
	 * whole, and POOL, made usable up to its limit at most, has none
	 * of them. */
	size_t top = S_huge_floor(pool->limit);
	if (top < room)
		return false;
	size_t limit = S_huge_floor(top - room);
	if (limit < pool->committed || limit - pool->used < keep)
		return false;
	*part = (struct dc_pool){
		.base = pool->base,
		.limit = limit,
		.committed = top,
		.used = top,
		.top = top,
		.down = true,
	};
	pool->limit = limit;
	return true;
}

void dc_pool_join(struct dc_pool *pool, struct dc_pool *part, bool keep)
{
	if (keep) {
		/* Below the part's nodes, on a boundary: what POOL makes
		 * usable from there on is not counted twice. */
		pool->limit = S_huge_floor(part->used);
		pool->lent += part->top - pool->limit;
	} else {
		/* Private anonymous pages read as zeros once dropped. */
		if (part->committed < part->top)
			(void)madvise(part->base + part->committed,
				      part->top - part->committed,
				      MADV_DONTNEED);
		pool->limit = part->top;
	}
	dc_pool_init(part);
}
