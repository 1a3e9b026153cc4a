#include "hyphenate.h"

#include <dirent.h>
#include <hyphen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static const char HYPHEN_DIR[] = "/usr/share/hyphen";

struct pdf_hyphenator {
	HyphenDict *dict;
	/* libhyphen wants the word NUL-terminated. */
	char word[PDF_HYPHEN_MAX_WORD + 1];
	char hyphens[PDF_HYPHEN_MAX_WORD + 5];
};

static HyphenDict *S_load(const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", HYPHEN_DIR, name);
	return hnj_hyphen_load(path);
}

/* Any hyph_LL_*.dic, the first by name (so the choice is stable). */
static HyphenDict *S_load_any(const char *ll)
{
	char prefix[32], best[256] = "";
	snprintf(prefix, sizeof prefix, "hyph_%s_", ll);
	DIR *dir = opendir(HYPHEN_DIR);
	if (!dir)
		return NULL;
	for (struct dirent *e; (e = readdir(dir));) {
		size_t n = strlen(e->d_name);
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0 && n > 4 &&
		    strcmp(e->d_name + n - 4, ".dic") == 0 && n < sizeof best &&
		    (!best[0] || strcmp(e->d_name, best) < 0))
			memcpy(best, e->d_name, n + 1);
	}
	closedir(dir);
	return best[0] ? S_load(best) : NULL;
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
	HyphenDict *dict = NULL;
	if (cc[0]) {
		snprintf(name, sizeof name, "hyph_%s_%s.dic", ll, cc);
		dict = S_load(name);
	}
	if (!dict) {
		snprintf(name, sizeof name, "hyph_%s.dic", ll);
		dict = S_load(name);
	}
	if (!dict)
		dict = S_load_any(ll);
	if (!dict) {
		dc_note(diag, (struct dc_pos){0},
			"no hyphenation patterns for language '%s' (a hyphen-%s "
			"package would have them); text is not hyphenated",
			lang ? lang : "en", ll);
		return NULL;
	}
	struct pdf_hyphenator *h = calloc(1, sizeof *h);
	if (!h) {
		hnj_hyphen_free(dict);
		dc_fail_oom(diag);
		return NULL;
	}
	h->dict = dict;
	return h;
}

void pdf_hyphenator_close(struct pdf_hyphenator *h)
{
	if (!h)
		return;
	hnj_hyphen_free(h->dict);
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

bool pdf_hyphenate(struct pdf_hyphenator *h, const char *word, size_t len,
		   bool *breaks)
{
	if (!h || !pdf_hyphen_candidate(word, len))
		return false;
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	/* The dictionary's NOHYPHEN rule searches the word with strstr(). */
	memcpy(h->word, word, len);
	h->word[len] = '\0';
	memset(h->hyphens, 0, sizeof h->hyphens);
	if (hnj_hyphen_hyphenate3(h->dict, h->word, (int)len, h->hyphens, NULL,
				  &rep, &pos, &cut, 2, 3, 2, 2) != 0) {
		free(rep);
		free(pos);
		free(cut);
		return false;
	}
	bool any = false;
	for (size_t i = 0; i + 1 < len; i++) {
		/* Odd marks a point; a non-standard one (with a replacement,
		 * as in German "Schiffahrt") is not used. */
		bool ok = (h->hyphens[i] & 1) && !(rep && rep[i]);
		breaks[i] = ok;
		any |= ok;
	}
	breaks[len - 1] = false;
	if (rep)
		for (size_t i = 0; i < len; i++)
			free(rep[i]);
	free(rep);
	free(pos);
	free(cut);
	return any;
}
