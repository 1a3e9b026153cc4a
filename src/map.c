#include "map.h"

#include <stdint.h>
#include <string.h>

static size_t S_hash(const struct dc_map *map, const void *key)
{
	if (!map->strings) {  /* Fibonacci hashing of the address */
		uint64_t v = (uint64_t)(uintptr_t)key;
		return (size_t)((v >> 4) * 11400714819323198485u >> 16);
	}
	uint64_t h = 14695981039346656037u;  /* FNV-1a */
	for (const unsigned char *s = key; *s; s++)
		h = (h ^ *s) * 1099511628211u;
	return (size_t)h;
}

bool dc_map_init(struct dc_map *map, struct dc_arena *arena, size_t keys,
		 bool strings)
{
	size_t cap = 16;
	while (cap / 2 < keys) {
		if (cap > SIZE_MAX / 4 / sizeof *map->slots)
			return false;
		cap *= 2;
	}
	*map = (struct dc_map){.mask = cap - 1, .max = cap / 2,
			       .strings = strings};
	map->slots = dc_arena_alloc(arena, cap * sizeof *map->slots);
	return map->slots != NULL;
}

static bool S_same(const struct dc_map *map, const void *a, const void *b)
{
	return map->strings ? strcmp(a, b) == 0 : a == b;
}

/* KEY's slot: the one holding it, or the empty one it would go in. */
static struct dc_map_slot *S_slot(const struct dc_map *map, const void *key)
{
	size_t i = S_hash(map, key) & map->mask;
	while (map->slots[i].key && !S_same(map, map->slots[i].key, key))
		i = (i + 1) & map->mask;
	return &map->slots[i];
}

void *dc_map_get(const struct dc_map *map, const void *key)
{
	if (!key || !map->slots)
		return NULL;
	return S_slot(map, key)->value;
}

bool dc_map_has(const struct dc_map *map, const void *key)
{
	return key && map->slots && S_slot(map, key)->key != NULL;
}

bool dc_map_put(struct dc_map *map, const void *key, void *value)
{
	struct dc_map_slot *slot = S_slot(map, key);
	if (!slot->key) {
		if (map->count == map->max)
			return false;
		map->count++;
	}
	slot->key = key;
	slot->value = value;
	return true;
}
