/* libFuzzer target: every writer on a fuzzed document.  The bytes are a
 * program for the builder: open a node of some kind (with its payload),
 * close one, add text, add a leaf.  Only what a reader could build is
 * built (the kind table's containment, payloads in their ranges), so that
 * what breaks is a writer's bug, not a tree no reader makes.  The first
 * byte may ask for a bundle (chapters, as several inputs give) and for the
 * PDF writer, which is slow (fuzz.h). */
#include <string.h>

#include "builder.h"
#include "fuzz.h"
#include "sectionize.h"

/* The bytes still to read. */
struct program {
	const uint8_t *data;
	size_t size;
};

static unsigned S_byte(struct program *p)
{
	if (p->size == 0)
		return 0;
	p->size--;
	return *p->data++;
}

/* A string of up to 31 bytes from the program, in the arena. */
static const char *S_string(struct program *p, struct dc_doc *doc)
{
	size_t n = S_byte(p) % 32;
	if (n > p->size)
		n = p->size;
	const char *s = dc_arena_strndup(&doc->arena, (const char *)p->data,
					 n);
	p->data += n;
	p->size -= n;
	return s;
}

/* An image URL that names no file of this machine: the writers look for
 * it, and warn that it is missing. */
static const char *S_image_url(struct program *p, struct dc_doc *doc)
{
	const char *tail = S_string(p, doc);
	size_t n = tail ? strlen(tail) : 0;
	char *url = dc_arena_alloc(&doc->arena, n + sizeof "no-such-dir/");
	if (url) {
		memcpy(url, "no-such-dir/", sizeof "no-such-dir/" - 1);
		memcpy(url + sizeof "no-such-dir/" - 1, tail ? tail : "",
		       n + 1);
	}
	return url;
}

static const char *const raw_formats[] = {"html", "docbook", "latex", ""};

/* Fill the payload of a node of N's kind from the program. */
static void S_payload(struct program *p, struct dc_doc *doc,
		      struct dc_node *n)
{
	unsigned b = S_byte(p);
	/* Out of memory, a string is not set: the node stays valid. */
	if (b & 0x80)
		(void)dc_node_set_str(doc, n, DC_STR_ID, S_string(p, doc));
	switch (n->kind) {
	case DC_HEADING: n->as.heading.level = 1 + (int)(b % 6); break;
	case DC_BULLET_LIST:
	case DC_ORDERED_LIST: {
		int high = (int)S_byte(p);
		n->as.list.start = (high << 8 | (int)S_byte(p)) - 1000;
		n->as.list.style = (enum dc_list_style)(b % 5);
		n->as.list.delim = (enum dc_list_delim)(b / 5 % 3);
		n->as.list.bullet = "-*+"[b / 15 % 3];
		n->as.list.tight = b & 1;
		break;
	}
	case DC_LIST_ITEM: n->as.item.task = (enum dc_task)(b % 3); break;
	case DC_TABLE_CELL:
		n->as.cell.align = (enum dc_align)(b % 4);
		n->as.cell.header = b & 4;
		break;
	case DC_ADMONITION:
		n->as.admonition.type = (enum dc_admonition_type)(b % 5);
		break;
	case DC_FOOTNOTE:
	case DC_FOOTNOTE_REF: n->as.note.label = S_string(p, doc); break;
	case DC_LINK:
	case DC_XREF:
		n->as.link.url = S_string(p, doc);
		if (b & 2)
			(void)dc_node_set_str(doc, n, DC_STR_TITLE,
					      S_string(p, doc));
		break;
	case DC_IMAGE:
		n->as.link.url = S_image_url(p, doc);
		if (b & 2)
			(void)dc_node_set_str(doc, n, DC_STR_TITLE,
					      S_string(p, doc));
		break;
	case DC_CODE_BLOCK:
		(void)dc_node_set_str(doc, n, DC_STR_LANG, S_string(p, doc));
		break;
	case DC_RAW_BLOCK:
	case DC_RAW_INLINE:
		(void)dc_node_set_str(doc, n, DC_STR_FORMAT, raw_formats[b % 4]);
		break;
	default: break;
	}
}

/* Kinds a program may open, and leaves it may add (TEXT has its own
 * operation; chapters come only from the bundle byte). */
static const enum dc_kind containers[] = {
	DC_SECTION, DC_HEADING, DC_PARAGRAPH, DC_BULLET_LIST,
	DC_ORDERED_LIST, DC_LIST_ITEM, DC_DEF_LIST, DC_DEF_ITEM, DC_DEF_TERM,
	DC_DEF_DESC, DC_BLOCK_QUOTE, DC_TABLE, DC_TABLE_ROW, DC_TABLE_CELL,
	DC_FIGURE, DC_CAPTION, DC_FOOTNOTE, DC_ADMONITION, DC_EMPH,
	DC_STRONG, DC_LINK, DC_XREF, DC_IMAGE, DC_STRIKE, DC_SUPERSCRIPT,
	DC_SUBSCRIPT,
};
static const enum dc_kind leaves[] = {
	DC_CODE_BLOCK, DC_THEMATIC_BREAK, DC_PAGE_BREAK, DC_RAW_BLOCK,
	DC_CODE, DC_LINE_BREAK, DC_SOFT_BREAK, DC_FOOTNOTE_REF, DC_RAW_INLINE,
};
#define COUNT(a) (sizeof(a) / sizeof(a)[0])

/* The builder would take KIND where it is now: it fits the current node,
 * or it is inline where a paragraph fits (the builder opens one). */
static bool S_fits(const struct dc_builder *b, enum dc_kind kind)
{
	enum dc_kind cur = dc_build_current(b);
	return cur != DC_NONE &&
	       (dc_kind_can_contain(cur, kind) ||
		(dc_kind_is_inline(kind) &&
		 dc_kind_can_contain(cur, DC_PARAGRAPH)));
}

/* The kinds the program opened, to close them in order. */
struct stack {
	enum dc_kind kinds[DC_MAX_DEPTH * 2];
	int depth;
};

static void S_open(struct program *p, struct dc_builder *b, struct stack *s)
{
	enum dc_kind kind = containers[S_byte(p) % COUNT(containers)];
	struct dc_node *n = NULL;
	if (s->depth == (int)COUNT(s->kinds) || !S_fits(b, kind) ||
	    dc_build_open(b, kind, 1, 1, &n) != DC_OK)
		return;
	s->kinds[s->depth++] = kind;
	if (n)
		S_payload(p, b->doc, n);
}

static void S_leaf(struct program *p, struct dc_builder *b)
{
	enum dc_kind kind = leaves[S_byte(p) % COUNT(leaves)];
	if (!S_fits(b, kind))
		return;
	const char *literal = dc_kind_has_literal(kind) ? S_string(p, b->doc)
							: NULL;
	struct dc_node *n = NULL;
	if (dc_build_leaf(b, kind, literal, literal ? strlen(literal) : 0, 1,
			  1, &n) == DC_OK && n)
		S_payload(p, b->doc, n);
}

static void S_text(struct program *p, struct dc_builder *b)
{
	size_t n = S_byte(p);
	if (n > p->size)
		n = p->size;
	if (S_fits(b, DC_TEXT))
		(void)dc_build_text(b, (const char *)p->data, n, 1, 1);
	p->data += n;
	p->size -= n;
}

/* Run the program into BASE until it ends or the builder fails (a tree
 * the builder refuses is the program's fault, not a finding). */
static bool S_run(struct program *p, struct dc_doc *doc,
		  struct dc_node *base, struct dc_diag *diag)
{
	struct dc_builder b;
	struct stack s = {.depth = 0};
	dc_builder_init(&b, doc, base, diag, "fuzz");
	while (p->size > 0 && b.status == DC_OK) {
		unsigned op = S_byte(p);
		if (op == 0xFF)  /* the next chapter, when bundling */
			break;
		switch (op % 4) {
		case 0: S_open(p, &b, &s); break;
		case 1:
			if (s.depth > 0)
				(void)dc_build_close(&b, s.kinds[--s.depth]);
			break;
		case 2: S_text(p, &b); break;
		case 3: S_leaf(p, &b); break;
		}
	}
	while (s.depth > 0 && b.status == DC_OK)
		(void)dc_build_close(&b, s.kinds[--s.depth]);
	return dc_builder_finish(&b) == DC_OK;
}

/* Title, author and language from the program: the language picks the
 * hyphenation patterns and the writers print all three. */
static bool S_meta(struct program *p, struct dc_doc *doc)
{
	static const char *const keys[] = {"title", "author", "lang", "date"};
	unsigned mask = S_byte(p);
	for (size_t i = 0; i < COUNT(keys); i++) {
		const char *value = mask >> i & 1 ? S_string(p, doc) : NULL;
		if (value && value[0] &&
		    !dc_meta_set(doc, &doc->meta, keys[i], value))
			return false;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct program p = {.data = data, .size = size};
	struct dc_doc *doc = dc_doc_new();
	if (!doc)
		return 0;
	struct dc_diag diag;
	dc_diag_init(&diag, "fuzz", NULL);
	unsigned flags = S_byte(&p);
	bool bundle = flags & 1, with_pdf = flags & 2, ok = S_meta(&p, doc);
	while (ok && p.size > 0) {
		struct dc_node *base = doc->root;
		if (bundle) {
			base = dc_node_new(doc, DC_CHAPTER);
			if (!base)
				break;
			base->as.chapter.source = "fuzz.md";
			dc_node_append(doc->root, base);
		}
		ok = S_run(&p, doc, base, &diag);
		if (!bundle)
			break;
	}
	if (ok && dc_sectionize(doc, doc->root, &diag) == DC_OK)
		fuzz_write_all(doc, with_pdf);
	dc_doc_free(doc);
	return 0;
}
