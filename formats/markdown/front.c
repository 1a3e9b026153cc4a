/* YAML front matter: a first line "---", then YAML, then a line "---" or
 * "...".  It is front matter only when the line after the opening one is
 * neither blank nor a closing line, a closing line exists, and the YAML
 * is a mapping (or holds only comments): a document starting with a
 * thematic break and a setext heading stays Markdown.  Invalid YAML
 * between the lines is an error, at its place.
 *
 * Each key whose value is a scalar goes to dc_meta_set(); a list gives
 * each of its scalars to the same key (so `author` and `keywords` lists
 * add one each).  Values of other shapes are skipped with a warning.
 * YAML's null (an empty value, ~, null) sets nothing. */
#include <string.h>
#include <yaml.h>

#include "mdr.h"

struct front {
	const char *file;
	struct dc_doc *doc;
	struct dc_meta *meta;
	struct dc_diag *diag;
	yaml_document_t *ydoc;
	struct dc_buf key;  /* the current key, NUL-terminated */
};

/* The end of the line at POS (its LF, or LEN). */
static size_t S_line_end(const char *data, size_t len, size_t pos)
{
	const char *lf = memchr(data + pos, '\n', len - pos);
	return lf ? (size_t)(lf - data) : len;
}

/* Is DATA[from..to) the three characters C, then only spaces and tabs? */
static bool S_is_delimiter(const char *data, size_t from, size_t to, char c)
{
	if (to - from < 3 || data[from] != c || data[from + 1] != c ||
	    data[from + 2] != c)
		return false;
	for (size_t i = from + 3; i < to; i++)
		if (data[i] != ' ' && data[i] != '\t')
			return false;
	return true;
}

static bool S_is_blank(const char *data, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (data[i] != ' ' && data[i] != '\t')
			return false;
	return true;
}

/* The YAML lines [*YAML, *CLOSE) and the offset past the closing line;
 * false when the input does not start with front matter's shape. */
static bool S_extent(const char *data, size_t len, size_t *yaml,
		     size_t *close, size_t *end)
{
	size_t eol = S_line_end(data, len, 0);
	if (!S_is_delimiter(data, 0, eol, '-') || eol >= len)
		return false;
	size_t pos = eol + 1;
	eol = S_line_end(data, len, pos);
	if (S_is_blank(data, pos, eol) || S_is_delimiter(data, pos, eol, '-') ||
	    S_is_delimiter(data, pos, eol, '.'))
		return false;
	*yaml = pos;
	for (pos = eol + 1; pos < len; pos = eol + 1) {
		eol = S_line_end(data, len, pos);
		if (S_is_delimiter(data, pos, eol, '-') ||
		    S_is_delimiter(data, pos, eol, '.')) {
			*close = pos;
			*end = eol < len ? eol + 1 : len;
			return true;
		}
	}
	return false;
}

/* A position in the YAML text as one in the file: the YAML starts on the
 * file's second line. */
static struct dc_pos S_pos(const struct front *f, yaml_mark_t mark)
{
	return (struct dc_pos){.file = f->file, .line = (long)mark.line + 2,
			       .col = (long)mark.column + 1};
}

static bool S_is_null(const yaml_node_t *n)
{
	static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
	if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	for (size_t i = 0; i < sizeof nulls / sizeof nulls[0]; i++)
		if (n->data.scalar.length == strlen(nulls[i]) &&
		    memcmp(n->data.scalar.value, nulls[i],
			   n->data.scalar.length) == 0)
			return true;
	return false;
}

/* Set the current key to scalar N's text, without the line ends that
 * block scalars keep at their end. */
static enum dc_status S_set(struct front *f, const yaml_node_t *n)
{
	struct dc_buf value = {0};
	size_t len = n->data.scalar.length;
	if (S_is_null(n))
		return DC_OK;
	while (len > 0 && n->data.scalar.value[len - 1] == '\n')
		len--;
	bool ok = dc_buf_append(&value, n->data.scalar.value, len) &&
		  dc_buf_putc(&value, '\0') &&
		  dc_meta_set(f->doc, f->meta, f->key.data, value.data);
	dc_buf_free(&value);
	return ok ? DC_OK : dc_fail_oom(f->diag);
}

static enum dc_status S_skip(struct front *f, const yaml_node_t *n)
{
	return dc_warn(f->diag, S_pos(f, n->start_mark),
		       "front matter: value of '%s' is not text or a list "
		       "of texts; ignored", f->key.data);
}

static enum dc_status S_sequence(struct front *f, const yaml_node_t *n)
{
	for (yaml_node_item_t *i = n->data.sequence.items.start;
	     i < n->data.sequence.items.top; i++) {
		yaml_node_t *item = yaml_document_get_node(f->ydoc, *i);
		enum dc_status st = DC_OK;
		if (item && item->type == YAML_SCALAR_NODE)
			st = S_set(f, item);
		else if (item)
			st = S_skip(f, item);
		if (st != DC_OK)
			return st;
	}
	return DC_OK;
}

static enum dc_status S_pair(struct front *f, const yaml_node_pair_t *pair)
{
	yaml_node_t *key = yaml_document_get_node(f->ydoc, pair->key);
	yaml_node_t *value = yaml_document_get_node(f->ydoc, pair->value);
	if (!key || !value)
		return DC_OK;
	if (key->type != YAML_SCALAR_NODE)
		return dc_warn(f->diag, S_pos(f, key->start_mark),
			       "front matter: a key that is not text; ignored");
	f->key.len = 0;
	if (!dc_buf_append(&f->key, key->data.scalar.value,
			   key->data.scalar.length) ||
	    !dc_buf_putc(&f->key, '\0'))
		return dc_fail_oom(f->diag);
	switch (value->type) {
	case YAML_SCALAR_NODE: return S_set(f, value);
	case YAML_SEQUENCE_NODE: return S_sequence(f, value);
	default: return S_skip(f, value);
	}
}

static enum dc_status S_mapping(struct front *f, const yaml_node_t *root)
{
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
	     p < root->data.mapping.pairs.top; p++) {
		enum dc_status st = S_pair(f, p);
		if (st != DC_OK)
			return st;
	}
	return DC_OK;
}

static enum dc_status S_invalid(struct front *f, const yaml_parser_t *p)
{
	if (p->error == YAML_MEMORY_ERROR)
		return dc_fail_oom(f->diag);
	struct dc_pos pos = S_pos(f, p->problem_mark);
	const char *problem = p->problem ? p->problem : "cannot be parsed";
	if (p->context)
		return dc_fail(f->diag, DC_ERR_DATA, pos,
			       "invalid YAML front matter: %s %s",
			       p->context, problem);
	return dc_fail(f->diag, DC_ERR_DATA, pos,
		       "invalid YAML front matter: %s", problem);
}

/* Parse DATA[from..to) and store its keys; *IS_FRONT says whether it was
 * front matter at all (a mapping, or nothing). */
static enum dc_status S_parse(struct front *f, const char *data, size_t from,
			      size_t to, bool *is_front)
{
	yaml_parser_t parser;
	yaml_document_t ydoc;
	if (!yaml_parser_initialize(&parser))
		return dc_fail_oom(f->diag);
	yaml_parser_set_input_string(&parser,
				     (const unsigned char *)data + from,
				     to - from);
	if (!yaml_parser_load(&parser, &ydoc)) {
		enum dc_status st = S_invalid(f, &parser);
		yaml_parser_delete(&parser);
		return st;
	}
	f->ydoc = &ydoc;
	yaml_node_t *root = yaml_document_get_root_node(&ydoc);
	enum dc_status st = DC_OK;
	*is_front = !root || root->type == YAML_MAPPING_NODE;
	if (root && *is_front)
		st = S_mapping(f, root);
	yaml_document_delete(&ydoc);
	yaml_parser_delete(&parser);
	return st;
}

enum dc_status mdr_front_matter(const char *data, size_t len,
				const char *file, struct dc_doc *doc,
				struct dc_meta *meta, struct dc_diag *diag,
				size_t *end)
{
	size_t yaml = 0, close = 0, after = 0;
	*end = 0;
	if (!S_extent(data, len, &yaml, &close, &after))
		return DC_OK;
	struct front f = {.file = file, .doc = doc, .meta = meta,
			  .diag = diag};
	bool is_front = false;
	enum dc_status st = S_parse(&f, data, yaml, close, &is_front);
	dc_buf_free(&f.key);
	if (st == DC_OK && is_front)
		*end = after;
	return st;
}
