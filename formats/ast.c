/* The ast writer: the model as an indented tree, for testing readers on
 * their own.  One node per line: kind, attributes, position, and for a
 * leaf its literal as a quoted string (\" \\ \n \t and \xHH escaped; other
 * UTF-8 as is). */
#include <stdio.h>
#include <string.h>

#include "format.h"
#include "iter.h"

static void S_quoted(struct dc_sink *out, const char *s, size_t len)
{
	dc_sink_putc(out, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': dc_sink_puts(out, "\\\""); break;
		case '\\': dc_sink_puts(out, "\\\\"); break;
		case '\n': dc_sink_puts(out, "\\n"); break;
		case '\t': dc_sink_puts(out, "\\t"); break;
		default:
			if (c < 0x20 || c == 0x7F)
				dc_sink_printf(out, "\\x%02X", c);
			else
				dc_sink_putc(out, (char)c);
		}
	}
	dc_sink_putc(out, '"');
}

static void S_attr(struct dc_sink *out, const char *name, const char *value)
{
	if (!value)
		return;
	dc_sink_printf(out, " %s=", name);
	S_quoted(out, value, strlen(value));
}

static const char *const list_styles[] = {
	[DC_LIST_DECIMAL] = "decimal",
	[DC_LIST_LOWER_ALPHA] = "lower-alpha",
	[DC_LIST_UPPER_ALPHA] = "upper-alpha",
	[DC_LIST_LOWER_ROMAN] = "lower-roman",
	[DC_LIST_UPPER_ROMAN] = "upper-roman",
};
static const char *const delims[] = {
	[DC_DELIM_NONE] = NULL, [DC_DELIM_PERIOD] = ".", [DC_DELIM_PAREN] = ")"};
static const char *const aligns[] = {
	[DC_ALIGN_NONE] = NULL, [DC_ALIGN_LEFT] = "left",
	[DC_ALIGN_CENTER] = "center", [DC_ALIGN_RIGHT] = "right"};
static const char *const admonitions[] = {
	[DC_NOTE] = "note", [DC_TIP] = "tip", [DC_IMPORTANT] = "important",
	[DC_WARNING] = "warning", [DC_CAUTION] = "caution"};
static const char *const tasks[] = {
	[DC_TASK_NONE] = NULL, [DC_TASK_OPEN] = "open", [DC_TASK_DONE] = "done"};

static void S_list_attrs(struct dc_sink *out, const struct dc_node *n)
{
	if (n->kind == DC_ORDERED_LIST) {
		dc_sink_printf(out, " start=%d", n->as.list.start);
		S_attr(out, "style", list_styles[n->as.list.style]);
		S_attr(out, "delim", delims[n->as.list.delim]);
	} else if (n->as.list.bullet) {
		char bullet[2] = {n->as.list.bullet, '\0'};
		S_attr(out, "bullet", bullet);
	}
	if (n->as.list.tight)
		dc_sink_puts(out, " tight");
}

/* A chapter's input by its file name alone: the folder is how this run
 * named it (relative or absolute), and the output must not depend on it
 * (reproducible output, tests/repro.sh). */
static const char *S_file_name(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;
	return slash ? slash + 1 : path;
}

static void S_attrs(struct dc_sink *out, const struct dc_doc *doc,
		    const struct dc_node *n)
{
	switch (n->kind) {
	case DC_CHAPTER:
		S_attr(out, "source", S_file_name(n->as.chapter.source));
		break;
	case DC_HEADING:
		dc_sink_printf(out, " level=%d", n->as.heading.level);
		break;
	case DC_BULLET_LIST:
	case DC_ORDERED_LIST: S_list_attrs(out, n); break;
	case DC_LIST_ITEM: S_attr(out, "task", tasks[n->as.item.task]); break;
	case DC_CODE_BLOCK:
		S_attr(out, "lang", dc_node_str(doc, n, DC_STR_LANG));
		break;
	case DC_LINK:
	case DC_XREF:
	case DC_IMAGE:
		S_attr(out, "url", n->as.link.url);
		S_attr(out, "title", dc_node_str(doc, n, DC_STR_TITLE));
		break;
	case DC_TABLE_CELL:
		S_attr(out, "align", aligns[n->as.cell.align]);
		if (n->as.cell.header)
			dc_sink_puts(out, " header");
		break;
	case DC_FOOTNOTE:
	case DC_FOOTNOTE_REF: S_attr(out, "label", n->as.note.label); break;
	case DC_ADMONITION:
		S_attr(out, "type", admonitions[n->as.admonition.type]);
		break;
	case DC_RAW_BLOCK:
	case DC_RAW_INLINE:
		S_attr(out, "format", dc_node_str(doc, n, DC_STR_FORMAT));
		break;
	default: break;
	}
}

static void S_node(struct dc_sink *out, const struct dc_doc *doc,
		   const struct dc_node *n, int depth)
{
	for (int i = 0; i < depth; i++)
		dc_sink_puts(out, "  ");
	dc_sink_puts(out, dc_kind_name(n->kind));
	S_attrs(out, doc, n);
	S_attr(out, "id", dc_node_str(doc, n, DC_STR_ID));
	if (n->line > 0)
		dc_sink_printf(out, " @%ld:%ld", (long)n->line, (long)n->col);
	if (dc_kind_has_literal(n->kind) && n->literal) {
		dc_sink_putc(out, ' ');
		S_quoted(out, n->literal, n->len);
	}
	dc_sink_putc(out, '\n');
}

static void S_meta_list(struct dc_sink *out, const char *name,
			const struct dc_strlist *list)
{
	for (size_t i = 0; i < list->count; i++)
		S_attr(out, name, list->items[i]);
}

static void S_meta(struct dc_sink *out, const struct dc_meta *m)
{
	dc_sink_puts(out, "meta");
	S_attr(out, "title", m->title);
	S_attr(out, "subtitle", m->subtitle);
	S_meta_list(out, "author", &m->authors);
	S_attr(out, "date", m->date);
	S_attr(out, "lang", m->lang);
	S_attr(out, "subject", m->subject);
	S_attr(out, "description", m->description);
	S_meta_list(out, "keyword", &m->keywords);
	S_attr(out, "identifier", m->identifier);
	S_attr(out, "rights", m->rights);
	S_attr(out, "publisher", m->publisher);
	S_attr(out, "cover", m->cover);
	for (size_t i = 0; i < m->n_extra; i++)
		S_attr(out, m->extra[i].key, m->extra[i].value);
	dc_sink_putc(out, '\n');
}

static enum dc_status S_write(const struct dc_doc *doc, struct dc_sink *out,
			      const struct dc_options *opts,
			      struct dc_diag *diag)
{
	(void)opts;
	(void)diag;
	struct dc_iter it;
	const struct dc_node *n;
	int depth = 0;
	S_meta(out, &doc->meta);
	dc_iter_init(&it, doc->root);
	while (dc_iter_next(&it, &n) != DC_EV_DONE) {
		if (it.event == DC_EV_EXIT) {
			depth--;
			continue;
		}
		dc_doc_reached(doc, n);
		S_node(out, doc, n, depth);
		if (!dc_kind_is_leaf(n->kind))
			depth++;
	}
	return DC_OK;
}

static const char *const ast_extensions[] = {"ast", NULL};

const struct dc_format dc_format_ast = {
	.name = "ast",
	.description = "the document model as a tree, for testing readers",
	.extensions = ast_extensions,
	.write = S_write,
};
