/* A table of strings, each with a number: open addressing, FNV-1a.  The
 * strings are the caller's (an arena's, say), kept as long as the table.
 * Used to keep a document's repeated strings once (intern.c) and the
 * hyphenation points of words already seen (formats/pdf/hyphenate.c). */
#ifndef DC_STRTAB_H
#define DC_STRTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dc_strtab_slot {
	const char *s;   /* NULL: a free slot */
	uint32_t len;
	uint32_t hash;
	uint64_t value;  /* the caller's */
};

struct dc_strtab {
	struct dc_strtab_slot *slots;
	size_t count, cap;  /* CAP 0 or a power of two */
};

/* The slot of the LEN bytes at S (LEN at most UINT32_MAX): the one that
 * holds them, or the free one they would go in, which the caller may
 * fill with dc_strtab_put() before the next dc_strtab_find() (which may
 * move the slots); a slot left free stays free.  NULL when out of
 * memory. */
struct dc_strtab_slot *dc_strtab_find(struct dc_strtab *t, const char *s,
				      size_t len);
/* Fill SLOT, the free slot found for the LEN bytes at S, with S (which
 * the caller keeps) and VALUE. */
void dc_strtab_put(struct dc_strtab *t, struct dc_strtab_slot *slot,
		   const char *s, size_t len, uint64_t value);
void dc_strtab_free(struct dc_strtab *t);

#endif
