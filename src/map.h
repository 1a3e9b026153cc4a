/* A hash table with open addressing, keyed by strings or by pointers
 * (nodes), living in an arena.  It is sized once for the number of keys it
 * will ever hold and never grows, so lookups stay cheap and nothing is
 * rehashed while a writer runs. */
#ifndef DC_MAP_H
#define DC_MAP_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

struct dc_map_slot {
	const void *key;
	void *value;
};

struct dc_map {
	struct dc_map_slot *slots;
	size_t mask;
	size_t count, max;  /* keys held; the most it may hold */
	bool strings;       /* keys are C strings, else pointers */
};

/* Room for KEYS keys; false when out of memory. */
bool dc_map_init(struct dc_map *map, struct dc_arena *arena, size_t keys,
		 bool strings);
/* KEY's value; NULL when KEY (or the map) is NULL or absent. */
void *dc_map_get(const struct dc_map *map, const void *key);
bool dc_map_has(const struct dc_map *map, const void *key);
/* Set KEY (borrowed, not copied) to VALUE; false when the map is full. */
bool dc_map_put(struct dc_map *map, const void *key, void *value);

#endif
