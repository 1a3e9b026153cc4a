/* A bump allocator: everything of one document lives in one arena and is
 * freed at once.  Allocations are zeroed and aligned for any type of
 * their size (an object's alignment divides its size). */
#ifndef DC_ARENA_H
#define DC_ARENA_H

#include <stdbool.h>
#include <stddef.h>

struct dc_arena_block;
struct dc_arena_taken;

struct dc_arena {
	struct dc_arena_block *head;  /* the block being filled */
	struct dc_arena_taken *taken; /* dc_arena_take's, newest first */
	size_t used;                  /* bytes used in head */
	size_t total;                 /* bytes obtained or taken, for -v */
	size_t block;                 /* the size of the next standard block */
};

void dc_arena_init(struct dc_arena *arena);
void dc_arena_free(struct dc_arena *arena);

/* NULL when out of memory. */
void *dc_arena_alloc(struct dc_arena *arena, size_t size);
/* A NUL-terminated copy of LEN bytes of S (which may hold NULs). */
char *dc_arena_strndup(struct dc_arena *arena, const char *s, size_t len);
char *dc_arena_strdup(struct dc_arena *arena, const char *s);

/* Free P, SIZE bytes from malloc, with ARENA's blocks: a large buffer
 * made elsewhere (a decoded input) then lives as long as the document
 * without being copied.  False when out of memory; P is then still the
 * caller's. */
bool dc_arena_take(struct dc_arena *arena, void *p, size_t size);

/* Take FROM's blocks, and what it took, into ARENA, which frees them
 * with its own; FROM is left empty.  ARENA goes on filling the block it
 * was filling. */
void dc_arena_adopt(struct dc_arena *arena, struct dc_arena *from);

#endif
