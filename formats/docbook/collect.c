/* Elements read as one string: the document's <info> (its fields become
 * metadata), verbatim blocks and inline code, the title of an image, a
 * block quote's attribution.
 *
 * A collector is a frame whose content's text goes into r->col instead
 * of the model; the elements inside it make no nodes (their text is
 * kept, unknown ones warned about as anywhere).  Collectors nest: in
 * <info> every field is one, and the info itself gathers the text that is
 * in no field; a field's text is r->col from the field's start, taken off
 * when the field ends.  Inside <author>, an element that is no part of
 * the name (an email, an affiliation) is a field of its own, so the name
 * stays a name.
 *
 * White space: in metadata each run becomes one space and the ends are
 * trimmed, the ends of block elements and of the parts of a name counting
 * as white space ("<firstname>Ann</firstname><surname>Lee</surname>" is
 * "Ann Lee"); verbatim text is kept byte for byte; inline code keeps its
 * spaces, but a run holding a line end (the source's indentation) is one
 * space. */
#include <string.h>
#include <strings.h>

#include "dbr.h"

static const char DASH[] = "\xE2\x80\x94 ";  /* an attribution's "— " */

void dbr_collect(struct dbr_reader *r, enum dbr_target target,
		 enum dbr_space space, const char *key)
{
	struct dbr_frame *fr = dbr_top(r);
	fr->flags |= FR_COLLECT;
	fr->collector = r->n_frames - 1;
	fr->target = target;
	fr->space = space;
	fr->key = key;
	fr->start = r->col.len;
	fr->outer_pending = r->col_pending;
	r->col_pending = false;
}

static bool S_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static enum dc_status S_put(struct dbr_reader *r, const char *s, size_t len)
{
	if (!dc_buf_append(&r->col, s, len))
		return dc_fail_oom(r->diag);
	return DC_OK;
}

/* White space between words of collector OWNER's text, if it has some. */
static void S_break_in(struct dbr_reader *r, const struct dbr_frame *owner)
{
	if (owner->space == SP_NORMAL && r->col.len > owner->start)
		r->col_pending = true;
}

void dbr_collect_break(struct dbr_reader *r)
{
	S_break_in(r, &r->frames[dbr_top(r)->collector]);
}

/* In inline code, the run of white space that ends here (expat hands
 * text over in pieces, a line end ending one) is one space if it held a
 * line end, else kept. */
static void S_settle_run(struct dbr_reader *r)
{
	if (r->run_start == NO_RUN)
		return;
	if (r->run_newline) {  /* the run has a byte at least */
		r->col.data[r->run_start] = ' ';
		r->col.len = r->run_start + 1;
	}
	r->run_start = NO_RUN;
	r->run_newline = false;
}

enum dc_status dbr_collect_text(struct dbr_reader *r, const char *s,
				size_t len)
{
	const struct dbr_frame *owner = &r->frames[dbr_top(r)->collector];
	if (owner->space == SP_RAW)
		return S_put(r, s, len);
	size_t i = 0;
	while (i < len) {
		size_t j = i;
		bool space = S_is_space(s[i]), newline = false;
		while (j < len && S_is_space(s[j]) == space)
			newline |= s[j++] == '\n';
		if (!space) {
			S_settle_run(r);
			if (r->col_pending)
				DC_TRY(S_put(r, " ", 1));
			r->col_pending = false;
			DC_TRY(S_put(r, s + i, j - i));
		} else if (owner->space == SP_CODE) {
			if (r->run_start == NO_RUN)
				r->run_start = r->col.len;
			r->run_newline |= newline;
			DC_TRY(S_put(r, s + i, j - i));
		} else {
			S_break_in(r, owner);
		}
		i = j;
	}
	return DC_OK;
}

/* ---- Starting an element inside a collector ---- */

/* The metadata key of a field of TYPE (NULL: a keyword). */
static const char *S_key(enum dbr_type type)
{
	switch (type) {
	case T_TITLE: return "title";
	case T_SUBTITLE: return "subtitle";
	case T_AUTHOR: return "author";
	case T_DATE: return "date";
	case T_ABSTRACT: return "description";
	case T_SUBJECT: return "subject";
	case T_PUBLISHERNAME: return "publisher";
	case T_LEGALNOTICE:
	case T_COPYRIGHT: return "rights";
	case T_BIBLIOID: return "identifier";
	default: return NULL;
	}
}

/* The top frame, element NAME, starts a metadata field. */
static enum dc_status S_field(struct dbr_reader *r, const char *name,
			      const char **attrs)
{
	struct dbr_frame *fr = dbr_top(r);
	enum dbr_type type = dbr_type(fr);
	const char *key = S_key(type);
	if (type == T_KEYWORD) {
		dbr_collect(r, TG_KEYWORD, SP_NORMAL, NULL);
	} else if (type == T_BIBLIOMISC) {
		/* The writer's home for keys DocBook has no element for. */
		const char *role = dbr_attr(attrs, "role");
		key = role && role[0] ? dbr_strdup(r, role, strlen(role))
				      : "bibliomisc";
		if (!key)
			return r->diag->error.status;
	} else if (!key) {
		/* No field of the model: kept under its own name. */
		key = dbr_strdup(r, name, strlen(name));
		if (!key)
			return r->diag->error.status;
		if (fr->elem) {
			long line, col;
			dbr_where(r, &line, &col);
			DC_TRY(dbr_warn(r, fr->elem->name, line, col,
				     "<%s> in <info> kept as the metadata "
				     "field '%s'", name, name));
		}
	}
	fr = dbr_top(r);
	if (type != T_KEYWORD)
		dbr_collect(r, TG_META, SP_NORMAL, key);
	fr->flags |= type == T_AUTHOR ? FR_SUBFIELDS : 0;
	if (type == T_COPYRIGHT) {  /* years and holders: "© 2001 Ann Lee" */
		DC_TRY(S_put(r, "\xC2\xA9", 2));
		r->col_pending = true;
	}
	return DC_OK;
}

static enum dc_status S_cover(struct dbr_reader *r, const char **attrs)
{
	const char *fileref = dbr_attr(attrs, "fileref");
	if (!fileref || r->meta->cover)
		return DC_OK;
	/* As written: relative to this input (src/convert.c says so). */
	r->meta->cover = dbr_strdup(r, fileref, strlen(fileref));
	return r->meta->cover ? DC_OK : r->diag->error.status;
}

enum dc_status dbr_collect_start(struct dbr_reader *r, const char *name,
				 const char **attrs)
{
	int f = r->n_frames - 1;
	struct dbr_frame *fr = &r->frames[f];
	const struct dbr_frame *parent = &r->frames[f - 1];
	const struct dbr_frame *owner = &r->frames[fr->collector];
	enum dbr_type type = dbr_type(fr);
	if (type == T_IMAGEDATA)
		return fr->flags & FR_COVER ? S_cover(r, attrs) : DC_OK;
	if (fr->flags & FR_COVER)
		return DC_OK;  /* its image, or text for the info's own */
	if (parent->flags & FR_INFO) {
		if (type != T_METASET)
			return S_field(r, name, attrs);
		fr->flags |= strcmp(name, "cover") == 0 ? FR_COVER : FR_INFO;
		return DC_OK;
	}
	if ((owner->flags & FR_SUBFIELDS) && f - 1 == fr->collector &&
	    type != T_NAMEPART && (!fr->elem || (fr->elem->flags & EF_BLOCK)))
		return S_field(r, name, attrs);
	if (fr->elem && (fr->elem->flags & EF_BLOCK))
		S_break_in(r, owner);
	return DC_OK;
}

/* ---- Ending a collector ---- */

/* The field of the model KEY names, if it holds one string. */
static const char **S_string_field(struct dc_meta *m, const char *key)
{
	static const struct {
		const char *key;
		size_t offset;
	} fields[] = {
		{"date", offsetof(struct dc_meta, date)},
		{"description", offsetof(struct dc_meta, description)},
		{"identifier", offsetof(struct dc_meta, identifier)},
		{"publisher", offsetof(struct dc_meta, publisher)},
		{"rights", offsetof(struct dc_meta, rights)},
		{"subject", offsetof(struct dc_meta, subject)},
		{"subtitle", offsetof(struct dc_meta, subtitle)},
		{"title", offsetof(struct dc_meta, title)},
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (strcasecmp(fields[i].key, key) == 0)
			return (const char **)(void *)((char *)m +
						       fields[i].offset);
	return NULL;
}

/* Keep VALUE under KEY: a second value of a one-string field is joined to
 * the first with "; " (nothing is dropped), an author is added, an
 * unknown key is kept as an extra field. */
static enum dc_status S_meta_put(struct dbr_reader *r, const char *key,
				 const char *value)
{
	const char **field = S_string_field(r->meta, key);
	if (field && *field) {
		struct dc_buf *s = &r->scratch;
		s->len = 0;
		if (!dc_buf_append(s, *field, strlen(*field)) ||
		    !dc_buf_append(s, "; ", 2) ||
		    !dc_buf_append(s, value, strlen(value) + 1))
			return dc_fail_oom(r->diag);
		value = s->data;
	}
	if (!dc_meta_set(r->doc, r->meta, key, value))
		return dc_fail_oom(r->diag);
	return DC_OK;
}

/* Turn each run of white space holding a line end into one space, as
 * inline code does. */
static size_t S_code_spaces(char *s, size_t len)
{
	size_t out = 0;
	for (size_t i = 0; i < len;) {
		size_t j = i;
		bool newline = false;
		while (j < len && S_is_space(s[j]))
			newline |= s[j++] == '\n';
		if (j == i) {
			s[out++] = s[i++];
			continue;
		}
		if (newline)
			s[out++] = ' ';
		else
			while (i < j)
				s[out++] = s[i++];
		i = j;
	}
	return out;
}

/* A leaf of KIND holding the collected text, with the collector's id. */
static enum dc_status S_leaf(struct dbr_reader *r, struct dbr_frame *fr,
			     enum dc_kind kind, struct dc_node **out)
{
	const char *text = r->col.data ? r->col.data + fr->start : "";
	size_t len = r->col.len - fr->start;
	DC_TRY(dbr_leaf(r, kind, text, len, fr->proto.line, fr->proto.col, out));
	if (!*out || !fr->id)
		return DC_OK;
	/* An anchor's id, waiting. */
	const char *taken = dc_node_str(r->doc, *out, DC_STR_ID);
	DC_TRY(dbr_set_str(r, *out, DC_STR_ID, fr->id));
	fr->id = NULL;
	return dbr_orphan_id(r, taken);
}

static enum dc_status S_code_block(struct dbr_reader *r, struct dbr_frame *fr)
{
	struct dc_node *n;
	DC_TRY(S_leaf(r, fr, DC_CODE_BLOCK, &n));
	if (n) {
		return dbr_set_str(r, n, DC_STR_LANG, fr->lang);
	}
	/* In a title or a cell: inline code on a line of its own. */
	if (r->col.data)
		r->col.len = fr->start +
			     S_code_spaces(r->col.data + fr->start,
					   r->col.len - fr->start);
	dbr_sep(r, SEP_HARD, fr->proto.line, fr->proto.col);
	DC_TRY(S_leaf(r, fr, DC_CODE, &n));
	dbr_sep(r, SEP_HARD, fr->proto.line, fr->proto.col);
	return DC_OK;
}

/* The frame of the nearest element of TYPE below frame F (a few levels
 * at most), or NULL. */
static struct dbr_frame *S_near(struct dbr_reader *r, int f,
				enum dbr_type type, enum dc_kind kind)
{
	for (int i = f - 1; i > 0 && i >= f - 4; i--) {
		struct dbr_frame *fr = &r->frames[i];
		if (dbr_type(fr) == type &&
		    (kind == DC_NONE || fr->proto.kind == kind))
			return fr;
	}
	return NULL;
}

static enum dc_status S_image_title(struct dbr_reader *r, int f,
				    const char *text)
{
	struct dbr_frame *image = S_near(r, f, T_MEDIAOBJECT, DC_IMAGE);
	if (!image)
		image = S_near(r, f, T_INLINEMEDIAOBJECT, DC_IMAGE);
	if (!image)  /* read.c collects only for an image */
		return DC_OK;
	image->title = text;
	return image->node ? dbr_set_str(r, image->node, DC_STR_TITLE, text)
			   : DC_OK;
}

/* An attribution goes after the quote's blocks, as its last paragraph
 * ("— Name"): the model has no attribution. */
static enum dc_status S_attribution(struct dbr_reader *r, int f,
				    const char *text)
{
	struct dbr_frame *quote = S_near(r, f, T_BLOCKQUOTE, DC_NONE);
	struct dc_buf *s = &r->scratch;
	s->len = 0;
	if ((quote && quote->stash &&
	     (!dc_buf_append(s, quote->stash, strlen(quote->stash)) ||
	      !dc_buf_append(s, "; ", 2))) ||
	    (!(quote && quote->stash) && !dc_buf_append(s, DASH, strlen(DASH))) ||
	    !dc_buf_append(s, text, strlen(text)))
		return dc_fail_oom(r->diag);
	const char *line = dbr_strdup(r, s->data, s->len);
	if (!line)
		return r->diag->error.status;
	const struct dbr_frame *fr = &r->frames[f];
	if (quote) {
		if (!quote->stash) {
			quote->stash_line = fr->proto.line;
			quote->stash_col = fr->proto.col;
		}
		quote->stash = line;
		return DC_OK;
	}
	return dbr_para_text(r, line, fr->proto.line, fr->proto.col);
}

static enum dc_status S_deliver(struct dbr_reader *r, int f)
{
	struct dbr_frame *fr = &r->frames[f];
	struct dc_node *n;
	if (fr->target == TG_CODE)
		return S_leaf(r, fr, DC_CODE, &n);
	if (fr->target == TG_CODE_BLOCK)
		return S_code_block(r, fr);
	size_t len = r->col.len - fr->start;
	if (len == 0)
		return DC_OK;
	const char *text = dbr_strdup(r, r->col.data + fr->start, len);
	if (!text)
		return r->diag->error.status;
	switch (fr->target) {
	case TG_KEYWORD:
		if (!dc_strlist_add(&r->doc->arena, &r->meta->keywords, text))
			return dc_fail_oom(r->diag);
		return DC_OK;
	case TG_INFO: return S_meta_put(r, "info", text);
	case TG_META: return S_meta_put(r, fr->key, text);
	case TG_IMAGE_TITLE: return S_image_title(r, f, text);
	case TG_ATTRIBUTION: return S_attribution(r, f, text);
	case TG_CODE:
	case TG_CODE_BLOCK: break;
	}
	return DC_OK;
}

enum dc_status dbr_collect_end(struct dbr_reader *r)
{
	int f = r->n_frames - 1;
	struct dbr_frame *fr = &r->frames[f];
	if (fr->collector != f) {
		if (fr->elem && (fr->elem->flags & EF_BLOCK))
			dbr_collect_break(r);
		return DC_OK;
	}
	S_settle_run(r);
	enum dc_status st = S_deliver(r, f);
	fr = &r->frames[f];
	r->col.len = fr->start;
	r->col_pending = fr->outer_pending;
	if (r->frames[f - 1].flags & FR_COLLECT)  /* a field in the info */
		S_break_in(r, &r->frames[r->frames[f - 1].collector]);
	return st;
}
