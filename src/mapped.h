/* Input files mapped into memory rather than copied, and given back as
 * they are read past.
 *
 * A file read into memory is held twice: once in the page cache, once in
 * the copy, which only the process's end frees.  Mapped, it is held once,
 * and its pages are the page cache's: the ones a reader or a writer has
 * gone past can be dropped from the process (madvise MADV_DONTNEED) and
 * are read back from the cache, or the file, if anything looks at them
 * again.  Dropping is a hint that costs nothing in correctness, so a walk
 * that reads the text in order can give back what lies behind it: a
 * document's peak memory is then its nodes, not its nodes and its input.
 *
 * Text nodes point into a mapped input as into a copied one
 * (dc_builder_keep). */
#ifndef DC_MAPPED_H
#define DC_MAPPED_H

#include <stddef.h>
#include <stdint.h>

struct dc_mapping {
	const char *data;
	size_t span;    /* bytes mapped: the file's, a NUL, whole pages */
	size_t passed;  /* the walk's mark: given back up to here */
};

struct dc_maps {
	struct dc_mapping *v;  /* in the order of their addresses */
	size_t n, cap;
	size_t current;        /* the mapping the last hint fell in */
};

/* Give back at least this much at a time: one system call a mebibyte. */
enum { DC_MAPS_STEP = 1 << 20 };

/* SIZE bytes of FD, a regular file, and a NUL after them, mapped
 * read-only; NULL (errno set) when it cannot be mapped, and the caller
 * reads the file instead. */
const char *dc_maps_file(struct dc_maps *maps, int fd, size_t size);

void dc_maps_passed_slow(struct dc_maps *maps, const char *p);

/* Nothing before P will be read again soon, if P is in a mapped input:
 * give back the pages before it, a step at a time.  Called for every
 * text node a walk meets, so the common case returns at once. */
static inline void dc_maps_passed(struct dc_maps *maps, const char *p)
{
	if (maps->n == 0)
		return;
	const struct dc_mapping *m = &maps->v[maps->current];
	uintptr_t at = (uintptr_t)p - (uintptr_t)m->data;
	if (at >= m->passed && at - m->passed < DC_MAPS_STEP)
		return;
	dc_maps_passed_slow(maps, p);
}

/* For a walk from P on another thread, while this one walks before P: a
 * view of the mapped input that holds P, whose hints give back what lies
 * between the page holding P and where that walk is (ONE is the view's
 * mapping; the rest of the page before P may be read again from the
 * cache).  The view holds nothing when P is in no mapped input. */
void dc_maps_view(const struct dc_maps *maps, const char *p,
		  struct dc_maps *view, struct dc_mapping *one);

/* Give back all of the mapped input that holds P: it has been read. */
void dc_maps_done(struct dc_maps *maps, const char *p);

void dc_maps_free(struct dc_maps *maps);

#endif
