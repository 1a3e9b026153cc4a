/* Strings a document keeps once, however many nodes name them. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "node.h"

struct dc_interned_slot {
	const char *s;   /* in the document's arena; NULL: a free slot */
	uint32_t len;
	uint32_t hash;
};

static uint32_t S_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;  /* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Where LEN bytes of S with HASH are, or would go, in T (which has
 * room). */
static size_t S_slot(const struct dc_interned *t, const char *s, size_t len,
		     uint32_t hash)
{
	size_t i = hash & (t->cap - 1);
	for (;; i = (i + 1) & (t->cap - 1)) {
		const struct dc_interned_slot *slot = &t->slots[i];
		if (!slot->s || (slot->hash == hash && slot->len == len &&
				 memcmp(slot->s, s, len) == 0))
			return i;
	}
}

/* T with twice the room (at least 64), its strings placed again. */
static bool S_grow(struct dc_interned *t)
{
	size_t cap = t->cap ? 2 * t->cap : 64;
	struct dc_interned grown = {.cap = cap, .count = t->count};
	/* Not calloc(): a large table is fresh pages, which searching would
	 * map once to read and again to write. */
	grown.slots = malloc(cap * sizeof *grown.slots);
	if (!grown.slots)
		return false;
	memset(grown.slots, 0, cap * sizeof *grown.slots);
	for (size_t i = 0; i < t->cap; i++) {
		const struct dc_interned_slot *slot = &t->slots[i];
		if (slot->s)
			grown.slots[S_slot(&grown, slot->s, slot->len,
					   slot->hash)] = *slot;
	}
	free(t->slots);
	*t = grown;
	return true;
}

const char *dc_doc_intern(struct dc_doc *doc, const char *s, size_t len)
{
	struct dc_interned *t = &doc->interned;
	if (len > UINT32_MAX)  /* no input is that long: kept as it is */
		return dc_arena_strndup(&doc->arena, s, len);
	/* At most half full, so that a search ends soon. */
	if (2 * (t->count + 1) > t->cap && !S_grow(t))
		return NULL;
	uint32_t hash = S_hash(s, len);
	struct dc_interned_slot *slot = &t->slots[S_slot(t, s, len, hash)];
	if (slot->s)
		return slot->s;
	char *copy = dc_arena_strndup(&doc->arena, s, len);
	if (!copy)
		return NULL;
	*slot = (struct dc_interned_slot){.s = copy, .len = (uint32_t)len,
					  .hash = hash};
	t->count++;
	return copy;
}

void dc_interned_free(struct dc_interned *t)
{
	free(t->slots);
	*t = (struct dc_interned){0};
}
