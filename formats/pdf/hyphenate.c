#include "hyphenate.h"

#include <dirent.h>
#include <hyphen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "strtab.h"

static const char HYPHEN_DIR[] = "/usr/share/hyphen";

/* The dictionary is found when the document starts, and loaded (some
 * milliseconds) when a word is first hyphenated: many documents never
 * need a hyphen (breaker.c). */
struct pdf_hyphenator {
	char path[512];
	HyphenDict *dict;
	bool loaded;  /* DICT is what loading PATH gave */
	/* The words hyphenated so far (in WORDS), each with its points, a
	 * bit for each byte a hyphen may follow.  Most words of a text come
	 * back many times, and libhyphen takes three allocations and some
	 * hundred instructions for each time. */
	struct dc_strtab seen;
	struct dc_arena words;
	/* libhyphen wants the word NUL-terminated. */
	char word[PDF_HYPHEN_MAX_WORD + 1];
	char hyphens[PDF_HYPHEN_MAX_WORD + 5];
};

/* Is there a readable dictionary NAME?  Its path into PATH. */
static bool S_find(const char *name, char *path, size_t size)
{
	int n = snprintf(path, size, "%s/%s", HYPHEN_DIR, name);
	return n > 0 && (size_t)n < size && access(path, R_OK) == 0;
}

/* Any hyph_LL_*.dic, the first by name (so the choice is stable). */
static bool S_find_any(const char *ll, char *path, size_t size)
{
	char prefix[32], best[256] = "";
	snprintf(prefix, sizeof prefix, "hyph_%s_", ll);
	DIR *dir = opendir(HYPHEN_DIR);
	if (!dir)
		return false;
	for (struct dirent *e; (e = readdir(dir));) {
		size_t n = strlen(e->d_name);
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0 && n > 4 &&
		    strcmp(e->d_name + n - 4, ".dic") == 0 && n < sizeof best &&
		    (!best[0] || strcmp(e->d_name, best) < 0))
			memcpy(best, e->d_name, n + 1);
	}
	closedir(dir);
	return best[0] && S_find(best, path, size);
}

/* "de-CH" -> ll "de", cc "CH". */
static void S_split_tag(const char *lang, char *ll, size_t ll_size, char *cc,
			size_t cc_size)
{
	size_t n = strcspn(lang, "-_");
	snprintf(ll, ll_size, "%.*s", (int)(n < 8 ? n : 8), lang);
	for (char *p = ll; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	cc[0] = '\0';
	if (lang[n])
		snprintf(cc, cc_size, "%.*s", (int)strcspn(lang + n + 1, "-_"),
			 lang + n + 1);
	for (char *p = cc; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
}

struct pdf_hyphenator *pdf_hyphenator_open(const char *lang,
					   struct dc_diag *diag)
{
	char ll[16], cc[16], name[64];
	S_split_tag(lang && lang[0] ? lang : "en", ll, sizeof ll, cc,
		    sizeof cc);
	/* Chinese, Japanese and Korean are not hyphenated at all. */
	if (strcmp(ll, "zh") == 0 || strcmp(ll, "ja") == 0 ||
	    strcmp(ll, "ko") == 0)
		return NULL;
	struct pdf_hyphenator *h = calloc(1, sizeof *h);
	if (!h) {
		dc_fail_oom(diag);
		return NULL;
	}
	dc_arena_init(&h->words);
	bool found = false;
	if (cc[0]) {
		snprintf(name, sizeof name, "hyph_%s_%s.dic", ll, cc);
		found = S_find(name, h->path, sizeof h->path);
	}
	if (!found) {
		snprintf(name, sizeof name, "hyph_%s.dic", ll);
		found = S_find(name, h->path, sizeof h->path);
	}
	if (!found)
		found = S_find_any(ll, h->path, sizeof h->path);
	if (!found) {
		dc_note(diag, (struct dc_pos){0},
			"no hyphenation patterns for language '%s' (a hyphen-%s "
			"package would have them); text is not hyphenated",
			lang ? lang : "en", ll);
		free(h);
		return NULL;
	}
	return h;
}

void pdf_hyphenator_close(struct pdf_hyphenator *h)
{
	if (!h)
		return;
	if (h->dict)
		hnj_hyphen_free(h->dict);
	dc_strtab_free(&h->seen);
	dc_arena_free(&h->words);
	free(h);
}

/* Lowercase ASCII letters only.  (libhyphen counts the positions of a
 * UTF-8 word in characters, not bytes; words beyond ASCII are left
 * whole rather than risk a wrong point.) */
bool pdf_hyphen_candidate(const char *word, size_t len)
{
	if (len < 5 || len > PDF_HYPHEN_MAX_WORD)
		return false;
	for (size_t i = 0; i < len; i++)
		if (word[i] < 'a' || word[i] > 'z')
			return false;
	return true;
}

/* The points of the LEN-byte word at H->word, from libhyphen: bit I set
 * when a hyphen may follow byte I. */
static uint64_t S_points(struct pdf_hyphenator *h, size_t len)
{
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	memset(h->hyphens, 0, sizeof h->hyphens);
	uint64_t points = 0;
	if (hnj_hyphen_hyphenate3(h->dict, h->word, (int)len, h->hyphens, NULL,
				  &rep, &pos, &cut, 2, 3, 2, 2) == 0)
		for (size_t i = 0; i + 1 < len; i++)
			/* Odd marks a point; a non-standard one (with a
			 * replacement, as in German "Schiffahrt") is not
			 * used. */
			if ((h->hyphens[i] & 1) && !(rep && rep[i]))
				points |= (uint64_t)1 << i;
	if (rep)
		for (size_t i = 0; i < len; i++)
			free(rep[i]);
	free(rep);
	free(pos);
	free(cut);
	return points;
}

/* Words kept at most: a vocabulary's worth, however many different words
 * a document has.  One less than a power of two, so that the table,
 * which doubles when it would be half full, stops at 2^19 slots: 13 MB,
 * and the words' bytes. */
enum { S_MAX_SEEN = (1 << 18) - 1 };

/* The points of WORD (LEN bytes), from those seen before, else from
 * libhyphen (and kept, memory and S_MAX_SEEN allowing). */
static uint64_t S_cached_points(struct pdf_hyphenator *h, const char *word,
				size_t len)
{
	struct dc_strtab_slot *slot = dc_strtab_find(&h->seen, word, len);
	if (slot && slot->s)
		return slot->value;
	/* The dictionary's NOHYPHEN rule searches the word with strstr(). */
	memcpy(h->word, word, len);
	h->word[len] = '\0';
	uint64_t points = S_points(h, len);
	const char *kept = slot && h->seen.count < S_MAX_SEEN
				   ? dc_arena_strndup(&h->words, word, len)
				   : NULL;
	if (kept)
		dc_strtab_put(&h->seen, slot, kept, len, points);
	return points;
}

bool pdf_hyphenate(struct pdf_hyphenator *h, const char *word, size_t len,
		   bool *breaks)
{
	if (!h || !pdf_hyphen_candidate(word, len))
		return false;
	if (!h->loaded) {
		/* NULL (the file gone, or no memory): no hyphens from here. */
		h->dict = hnj_hyphen_load(h->path);
		h->loaded = true;
	}
	if (!h->dict)
		return false;
	_Static_assert(PDF_HYPHEN_MAX_WORD <= 64, "a word's points in 64 bits");
	uint64_t points = S_cached_points(h, word, len);
	for (size_t i = 0; i < len; i++)
		breaks[i] = (points >> i) & 1;
	return points != 0;
}
