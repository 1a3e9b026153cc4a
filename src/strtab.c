#include "strtab.h"

#include <stdlib.h>
#include <string.h>

static uint32_t S_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;  /* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Where LEN bytes of S with HASH are, or would go, in T (which has
 * room). */
static size_t S_slot(const struct dc_strtab *t, const char *s, size_t len,
		     uint32_t hash)
{
	size_t i = hash & (t->cap - 1);
	for (;; i = (i + 1) & (t->cap - 1)) {
		const struct dc_strtab_slot *slot = &t->slots[i];
		if (!slot->s || (slot->hash == hash && slot->len == len &&
				 memcmp(slot->s, s, len) == 0))
			return i;
	}
}

/* T with twice the room (at least 64), its strings placed again. */
static bool S_grow(struct dc_strtab *t)
{
	size_t cap = t->cap ? 2 * t->cap : 64;
	struct dc_strtab grown = {.cap = cap, .count = t->count};
	/* Not calloc(): a large table is fresh pages, which searching would
	 * map once to read and again to write. */
	grown.slots = malloc(cap * sizeof *grown.slots);
	if (!grown.slots)
		return false;
	memset(grown.slots, 0, cap * sizeof *grown.slots);
	for (size_t i = 0; i < t->cap; i++) {
		const struct dc_strtab_slot *slot = &t->slots[i];
		if (slot->s)
			grown.slots[S_slot(&grown, slot->s, slot->len,
					   slot->hash)] = *slot;
	}
	free(t->slots);
	*t = grown;
	return true;
}

struct dc_strtab_slot *dc_strtab_find(struct dc_strtab *t, const char *s,
				      size_t len)
{
	/* At most half full, so that a search ends soon. */
	if (len > UINT32_MAX || (2 * (t->count + 1) > t->cap && !S_grow(t)))
		return NULL;
	uint32_t hash = S_hash(s, len);
	struct dc_strtab_slot *slot = &t->slots[S_slot(t, s, len, hash)];
	slot->hash = hash;  /* for dc_strtab_put; a full slot has it */
	return slot;
}

void dc_strtab_put(struct dc_strtab *t, struct dc_strtab_slot *slot,
		   const char *s, size_t len, uint64_t value)
{
	slot->s = s;
	slot->len = (uint32_t)len;
	slot->value = value;
	t->count++;
}

void dc_strtab_free(struct dc_strtab *t)
{
	free(t->slots);
	*t = (struct dc_strtab){0};
}
