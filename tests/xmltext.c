/* xmltext: print the text content of every element with one of the given
 * local names, one element per line with line ends inside shown as \n, so a
 * test can compare what a writer put into its paragraphs with the input.
 * With -w, print every word of the whole document's character data, one
 * per line, white space and the start or end of any element separating
 * words: a test can check that no word of an input is missing from an
 * output whatever the markup around it became.
 *
 * usage: xmltext FILE NAME...   (exit 1 if FILE is not well-formed)
 *        xmltext -w FILE */
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct state {
	char **names;
	int n_names;
	int depth_in_match;  /* > 0 while inside a matching element */
	int words;           /* -w */
	int in_word;         /* -w: a word is being printed */
};

/* -w: end the word being printed, if any. */
static void S_word_end(struct state *s)
{
	if (s->in_word)
		putchar('\n');
	s->in_word = 0;
}

static const char *S_local(const char *name)
{
	/* expat gives "namespace-uri|local" with a separator of '|' */
	const char *bar = strrchr(name, '|');
	return bar ? bar + 1 : name;
}

static int S_matches(const struct state *s, const char *name)
{
	for (int i = 0; i < s->n_names; i++)
		if (strcmp(S_local(name), s->names[i]) == 0)
			return 1;
	return 0;
}

static void XMLCALL S_start(void *data, const char *name, const char **attr)
{
	struct state *s = data;
	(void)attr;
	if (s->words) {
		S_word_end(s);
		return;
	}
	if (s->depth_in_match > 0 || S_matches(s, name))
		s->depth_in_match++;
}

static void XMLCALL S_end(void *data, const char *name)
{
	struct state *s = data;
	(void)name;
	if (s->words) {
		S_word_end(s);
		return;
	}
	if (s->depth_in_match > 0 && --s->depth_in_match == 0)
		putchar('\n');
}

static void XMLCALL S_text(void *data, const char *text, int len)
{
	struct state *s = data;
	if (s->words) {
		for (int i = 0; i < len; i++) {
			if (strchr(" \t\n\r", text[i])) {
				S_word_end(s);
			} else {
				putchar(text[i]);
				s->in_word = 1;
			}
		}
		return;
	}
	if (s->depth_in_match == 0)
		return;
	for (int i = 0; i < len; i++) {
		if (text[i] == '\n')
			fputs("\\n", stdout);
		else
			putchar(text[i]);
	}
}

int main(int argc, char **argv)
{
	int words = argc == 3 && strcmp(argv[1], "-w") == 0;
	if (argc < 3) {
		fprintf(stderr, "usage: xmltext FILE NAME... | xmltext -w FILE\n");
		return 2;
	}
	const char *path = argv[1 + words];
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		perror(path);
		return 2;
	}
	struct state s = {.names = argv + 2, .n_names = argc - 2,
			  .words = words};
	XML_Parser p = XML_ParserCreateNS(NULL, '|');
	if (!p)
		return 2;
	XML_SetUserData(p, &s);
	XML_SetElementHandler(p, S_start, S_end);
	XML_SetCharacterDataHandler(p, S_text);
	char buf[65536];
	int rc = 0;
	for (;;) {
		size_t n = fread(buf, 1, sizeof buf, fp);
		int last = n < sizeof buf;
		if (XML_Parse(p, buf, (int)n, last) == XML_STATUS_ERROR) {
			fprintf(stderr, "%s:%lu: %s\n", path,
				(unsigned long)XML_GetCurrentLineNumber(p),
				XML_ErrorString(XML_GetErrorCode(p)));
			rc = 1;
			break;
		}
		if (last)
			break;
	}
	S_word_end(&s);
	XML_ParserFree(p);
	fclose(fp);
	return rc;
}
