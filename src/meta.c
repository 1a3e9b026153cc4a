/* Document metadata: one place that knows the key names. */
#include "node.h"

#include <string.h>
#include <strings.h>

enum meta_slot { SLOT_STRING, SLOT_AUTHOR, SLOT_KEYWORDS };

struct meta_key {
	const char *name;
	enum meta_slot slot;
	size_t offset;  /* of the string field, for SLOT_STRING */
};

#define STRING_KEY(key, field) \
	{.name = key, .slot = SLOT_STRING, \
	 .offset = offsetof(struct dc_meta, field)}

static const struct meta_key meta_keys[] = {
	{.name = "author", .slot = SLOT_AUTHOR},
	{.name = "authors", .slot = SLOT_AUTHOR},
	STRING_KEY("cover", cover),
	STRING_KEY("cover-image", cover),
	STRING_KEY("date", date),
	STRING_KEY("description", description),
	STRING_KEY("identifier", identifier),
	{.name = "keywords", .slot = SLOT_KEYWORDS},
	STRING_KEY("lang", lang),
	STRING_KEY("language", lang),
	STRING_KEY("publisher", publisher),
	STRING_KEY("rights", rights),
	STRING_KEY("subject", subject),
	STRING_KEY("subtitle", subtitle),
	STRING_KEY("title", title),
};

static const struct meta_key *S_find(const char *key, size_t len)
{
	for (size_t i = 0; i < sizeof meta_keys / sizeof meta_keys[0]; i++)
		if (strlen(meta_keys[i].name) == len &&
		    strncasecmp(meta_keys[i].name, key, len) == 0)
			return &meta_keys[i];
	return NULL;
}

static const char **S_field(struct dc_meta *meta, const struct meta_key *key)
{
	return (const char **)((char *)meta + key->offset);
}

static const char *S_get(const struct dc_meta *meta,
			 const struct meta_key *key)
{
	return *(const char *const *)((const char *)meta + key->offset);
}

bool dc_meta_key_known(const char *key, size_t len)
{
	return S_find(key, len) != NULL;
}

bool dc_strlist_add(struct dc_arena *arena, struct dc_strlist *list,
		    const char *s)
{
	if (list->count == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 4;
		const char **items = dc_arena_alloc(arena, cap * sizeof *items);
		if (!items)
			return false;
		if (list->count)
			memcpy(items, list->items, list->count * sizeof *items);
		list->items = items;
		list->cap = cap;
	}
	list->items[list->count++] = s;
	return true;
}

/* Copy S[0..LEN) with surrounding white space trimmed; NULL when the
 * result would be empty (*EMPTY set) or memory ran out. */
static const char *S_trimmed(struct dc_arena *arena, const char *s,
			     size_t len, bool *empty)
{
	while (len && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	*empty = len == 0;
	return *empty ? NULL : dc_arena_strndup(arena, s, len);
}

static bool S_add_keywords(struct dc_arena *arena, struct dc_strlist *list,
			   const char *value)
{
	for (;;) {
		const char *comma = strchr(value, ',');
		size_t len = comma ? (size_t)(comma - value) : strlen(value);
		bool empty;
		const char *kw = S_trimmed(arena, value, len, &empty);
		if (!empty && (!kw || !dc_strlist_add(arena, list, kw)))
			return false;
		if (!comma)
			return true;
		value = comma + 1;
	}
}

static bool S_add_extra(struct dc_arena *arena, struct dc_meta *meta,
			const char *key, const char *value)
{
	if (meta->n_extra == meta->cap_extra) {
		size_t cap = meta->cap_extra ? meta->cap_extra * 2 : 4;
		struct dc_meta_field *extra =
			dc_arena_alloc(arena, cap * sizeof *extra);
		if (!extra)
			return false;
		if (meta->n_extra)
			memcpy(extra, meta->extra,
			       meta->n_extra * sizeof *extra);
		meta->extra = extra;
		meta->cap_extra = cap;
	}
	const char *k = dc_arena_strdup(arena, key);
	if (!k)
		return false;
	meta->extra[meta->n_extra++] = (struct dc_meta_field){
		.key = k, .value = value};
	return true;
}

bool dc_meta_set(struct dc_doc *doc, struct dc_meta *meta, const char *key,
		 const char *value)
{
	struct dc_arena *arena = &doc->arena;
	const struct meta_key *known = S_find(key, strlen(key));
	if (known && known->slot == SLOT_KEYWORDS)
		return S_add_keywords(arena, &meta->keywords, value);
	bool empty;
	const char *copy = S_trimmed(arena, value, strlen(value), &empty);
	if (empty)
		return true;
	if (!copy)
		return false;
	if (!known)
		return S_add_extra(arena, meta, key, copy);
	if (known->slot == SLOT_AUTHOR)
		return dc_strlist_add(arena, &meta->authors, copy);
	*S_field(meta, known) = copy;
	return true;
}

static bool S_merge_list(struct dc_arena *arena, struct dc_strlist *dst,
			 const struct dc_strlist *src)
{
	if (dst->count)
		return true;
	for (size_t i = 0; i < src->count; i++)
		if (!dc_strlist_add(arena, dst, src->items[i]))
			return false;
	return true;
}

bool dc_meta_merge(struct dc_doc *doc, struct dc_meta *dst,
		   const struct dc_meta *src)
{
	/* A cover goes with the input it is relative to. */
	if (!dst->cover && src->cover)
		dst->cover_source = src->cover_source;
	/* Aliases name one field twice; filling it twice does no harm. */
	for (size_t i = 0; i < sizeof meta_keys / sizeof meta_keys[0]; i++) {
		const struct meta_key *key = &meta_keys[i];
		if (key->slot == SLOT_STRING && !*S_field(dst, key))
			*S_field(dst, key) =
				S_get(src, key);
	}
	if (!S_merge_list(&doc->arena, &dst->authors, &src->authors) ||
	    !S_merge_list(&doc->arena, &dst->keywords, &src->keywords))
		return false;
	for (size_t i = 0; i < src->n_extra; i++) {
		bool present = false;
		for (size_t j = 0; j < dst->n_extra; j++)
			present |= strcasecmp(dst->extra[j].key,
					      src->extra[i].key) == 0;
		if (!present && !S_add_extra(&doc->arena, dst,
					     src->extra[i].key,
					     src->extra[i].value))
			return false;
	}
	return true;
}
