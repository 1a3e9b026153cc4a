/* Strings a document keeps once, however many nodes name them. */
#include <stdint.h>

#include "node.h"

const char *dc_doc_intern(struct dc_doc *doc, const char *s, size_t len)
{
	if (len > UINT32_MAX)  /* no input is that long: kept as it is */
		return dc_arena_strndup(&doc->arena, s, len);
	struct dc_strtab_slot *slot = dc_strtab_find(&doc->interned, s, len);
	if (!slot)
		return NULL;
	if (slot->s)
		return slot->s;
	char *copy = dc_arena_strndup(&doc->arena, s, len);
	if (copy)
		dc_strtab_put(&doc->interned, slot, copy, len, 0);
	return copy;
}
