/* madvise(MADV_DONTNEED) is Linux's meaning: a private file mapping's
 * dropped pages are read again from the file. */
#define _DEFAULT_SOURCE
#include "mapped.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static size_t S_page(void)
{
	long page = sysconf(_SC_PAGESIZE);
	return page > 0 ? (size_t)page : 4096;
}

/* Room for one more mapping; false when out of memory. */
static bool S_reserve(struct dc_maps *maps)
{
	if (maps->n < maps->cap)
		return true;
	size_t cap = maps->cap ? 2 * maps->cap : 8;
	struct dc_mapping *v = realloc(maps->v, cap * sizeof *v);
	if (!v)
		return false;
	maps->v = v;
	maps->cap = cap;
	return true;
}

/* Whole pages, one byte past SIZE at least, so the file's bytes end with
 * a NUL: the rest of the file's last page reads as zeros, and when the
 * file ends on a page boundary the page after it is anonymous zeros. */
static char *S_map(int fd, size_t size, size_t span)
{
	char *base = mmap(NULL, span, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
			  -1, 0);
	if (base == MAP_FAILED)
		return NULL;
	if (mmap(base, size, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) ==
	    MAP_FAILED) {
		int errnum = errno;
		(void)munmap(base, span);
		errno = errnum;
		return NULL;
	}
	return base;
}

const char *dc_maps_file(struct dc_maps *maps, int fd, size_t size)
{
	if (size == 0 || !S_reserve(maps)) {
		errno = size == 0 ? EINVAL : ENOMEM;
		return NULL;
	}
	size_t page = S_page();
	size_t span = (size / page + 1) * page;
	char *data = S_map(fd, size, span);
	if (!data)
		return NULL;
	size_t at = 0;
	while (at < maps->n && maps->v[at].data < data)
		at++;
	memmove(maps->v + at + 1, maps->v + at,
		(maps->n - at) * sizeof *maps->v);
	maps->v[at] = (struct dc_mapping){.data = data, .span = span};
	maps->n++;
	maps->current = at;
	return data;
}

/* The mapping that holds P, or NULL. */
static struct dc_mapping *S_find(struct dc_maps *maps, const char *p)
{
	uintptr_t at = (uintptr_t)p;
	size_t lo = 0, hi = maps->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct dc_mapping *m = &maps->v[mid];
		if (at < (uintptr_t)m->data)
			hi = mid;
		else if (at - (uintptr_t)m->data >= m->span)
			lo = mid + 1;
		else
			return &maps->v[mid];
	}
	return NULL;
}

/* Give back M's pages from offset FROM to TO (rounded down to a page),
 * and mark the walk there. */
static void S_give_back(struct dc_mapping *m, size_t from, size_t to)
{
	to -= to % S_page();
	if (to <= from)
		return;
	/* A hint: if it fails, the pages stay, and nothing else changes. */
	(void)madvise((void *)(m->data + from), to - from, MADV_DONTNEED);
	m->passed = to;
}

/* Give back all of M, whatever was read again since a walk passed. */
static void S_leave(struct dc_mapping *m)
{
	S_give_back(m, 0, m->span);
}

void dc_maps_passed_slow(struct dc_maps *maps, const char *p)
{
	struct dc_mapping *m = S_find(maps, p);
	if (!m)
		return;  /* a copy, not a mapped input */
	size_t now = (size_t)(m - maps->v);
	if (now != maps->current) {
		/* A walk in order has left the current input for good. */
		S_leave(&maps->v[maps->current]);
		maps->current = now;
	}
	size_t at = (size_t)((uintptr_t)p - (uintptr_t)m->data);
	if (at < m->passed)  /* a walk begun again, or a look back */
		m->passed = at - at % S_page();
	else if (at - m->passed >= DC_MAPS_STEP)
		S_give_back(m, m->passed, at);
}

void dc_maps_view(const struct dc_maps *maps, const char *p,
		  struct dc_maps *view, struct dc_mapping *one)
{
	*view = (struct dc_maps){0};
	const struct dc_mapping *m =
		maps->n ? S_find((struct dc_maps *)maps, p) : NULL;
	if (!m)
		return;
	size_t at = (size_t)((uintptr_t)p - (uintptr_t)m->data);
	*one = (struct dc_mapping){
		.data = m->data,
		.span = m->span,
		.passed = at - at % S_page(),
	};
	*view = (struct dc_maps){.v = one, .n = 1};
}

void dc_maps_done(struct dc_maps *maps, const char *p)
{
	struct dc_mapping *m = maps->n ? S_find(maps, p) : NULL;
	if (m)
		S_leave(m);
}

void dc_maps_free(struct dc_maps *maps)
{
	for (size_t i = 0; i < maps->n; i++)
		(void)munmap((void *)maps->v[i].data, maps->v[i].span);
	free(maps->v);
	*maps = (struct dc_maps){0};
}
