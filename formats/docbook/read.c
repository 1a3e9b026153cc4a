/* The DocBook reader: DocBook 5 (and DocBook 4, which has no namespace)
 * read with expat into the model.
 *
 * docs/docbook-mapping.md ("Reading DocBook") is the table of what each
 * element becomes; dbr.h says how the parts fit.  This file holds the
 * parser, its safety settings and its handlers; body.c what each element
 * becomes.
 *
 * Safety.  Nothing but the input is ever read: no external DTD (parameter
 * entities are never parsed), no external entity (the handler only warns:
 * the reference is replaced by nothing), no XInclude (an xi:include is
 * warned about; its fallback's text is kept).  Entities declared in the
 * internal subset are expanded, within expat's bounds on amplification
 * (set low below), so a "billion laughs" fails in a moment with a small
 * footprint.  Entities a DTD that is not read would declare (&mdash; in
 * DocBook 4) are taken from the HTML names the Markdown reader knows;
 * others are kept as they stand, with a warning.  Malformed XML is an
 * error at its line and column (status 65), and nothing is written.
 *
 * Expat decodes UTF-8, UTF-16 (with a byte order mark) and the encodings
 * the XML declaration names that it knows; it hands over UTF-8 that is
 * valid XML text. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Debian's libexpat is built with XML_DTD, but its header declares the
 * amplification bounds only under this macro. */
#ifndef XML_DTD
#define XML_DTD 1
#endif
#include <expat.h>

#include "dbr.h"
#include "docbook.h"
#include "entity.h"

static const char DOCBOOK_NS[] = "http://docbook.org/ns/docbook";
static const char XINCLUDE_NS[] = "http://www.w3.org/2001/XInclude";

enum {
	/* Entities may expand the input this many times at most, once
	 * their output passes the threshold: far more than documents that
	 * use entities for names and boilerplate need, and a billion laughs
	 * stops after a megabyte. */
	MAX_AMPLIFICATION = 20,
	AMPLIFICATION_THRESHOLD = 1 << 20,
	CHUNK = 1 << 24,    /* bytes handed to expat at a time */
};

enum ns { NS_DOCBOOK, NS_XINCLUDE, NS_OTHER };

/* ---- Helpers for the other parts ---- */

bool dbr_ok(struct dbr_reader *r, enum dc_status st)
{
	if (st == DC_OK)
		return true;
	if (r->status == DC_OK) {
		r->status = st;
		XML_StopParser(r->parser, XML_FALSE);
	}
	return false;
}

void dbr_where(struct dbr_reader *r, long *line, long *col)
{
	*line = (long)XML_GetCurrentLineNumber(r->parser);
	*col = (long)XML_GetCurrentColumnNumber(r->parser) + 1;
}

const char *dbr_attr(const char **attrs, const char *name)
{
	for (size_t i = 0; attrs[i]; i += 2)
		if (strcmp(attrs[i], name) == 0)
			return attrs[i + 1];
	return NULL;
}

const char *dbr_strdup(struct dbr_reader *r, const char *s, size_t len)
{
	const char *copy = dc_arena_strndup(&r->doc->arena, s, len);
	if (!copy)
		dc_fail_oom(r->diag);
	return copy;
}

const char *dbr_attr_copy(struct dbr_reader *r, const char **attrs,
			  const char *name)
{
	const char *value = dbr_attr(attrs, name);
	return value ? dbr_strdup(r, value, strlen(value)) : NULL;
}

const char *dbr_id(struct dbr_reader *r, const char **attrs)
{
	const char *id = dbr_attr(attrs, DBR_NS(DBR_XML_NS, "id"));
	if (!id)
		id = dbr_attr(attrs, "id");
	return id && id[0] ? dbr_strdup(r, id, strlen(id)) : NULL;
}

bool dbr_remember(struct dbr_reader *r, struct dc_map *m, const char *key)
{
	if (m->count == m->max) {
		struct dc_map bigger;
		if (!dc_map_init(&bigger, &r->doc->arena, m->max * 2, true))
			return false;
		for (size_t i = 0; i <= m->mask; i++)
			if (m->slots[i].key &&
			    !dc_map_put(&bigger, m->slots[i].key,
					m->slots[i].value))
				return false;  /* it has room: never */
		*m = bigger;
	}
	return dc_map_put(m, key, NULL);
}

enum dc_status dbr_warn(struct dbr_reader *r, const char *key, long line,
			long col, const char *fmt, ...)
{
	if (key) {
		if (dc_map_has(&r->warned, key))
			return DC_OK;
		const char *copy = dc_arena_strdup(&r->doc->arena, key);
		if (!copy || !dbr_remember(r, &r->warned, copy))
			return dc_fail_oom(r->diag);
	}
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	struct dc_pos pos = {.file = r->file, .line = line, .col = col};
	return dc_warn(r->diag, pos, "%s", msg);
}

/* Split an expat name ("uri\x1Flocal", or "local" without a namespace)
 * into its namespace and *LOCAL name. */
static enum ns S_split(const char *name, const char **local)
{
	const char *sep = strchr(name, DBR_NS_SEP);
	*local = sep ? sep + 1 : name;
	if (!sep)
		return NS_DOCBOOK;  /* DocBook 4 has no namespace */
	size_t len = (size_t)(sep - name);
	if (len == strlen(DOCBOOK_NS) && memcmp(name, DOCBOOK_NS, len) == 0)
		return NS_DOCBOOK;
	if (len == strlen(XINCLUDE_NS) && memcmp(name, XINCLUDE_NS, len) == 0)
		return NS_XINCLUDE;
	return NS_OTHER;
}

/* An element the table does not know: its text is kept, and one warning
 * per name says so; an XInclude is not followed. */
static enum dc_status S_unknown(struct dbr_reader *r, const char *name,
				const char *local, enum ns ns,
				const char **attrs, long line, long col)
{
	if (ns == NS_DOCBOOK)
		return dbr_warn(r, local, line, col, "unknown DocBook element "
				"<%s>: its text is kept", local);
	if (ns == NS_OTHER)
		return dbr_warn(r, name, line, col, "element <%s> of namespace "
				"'%.*s' is not DocBook: its text is kept",
				local, (int)(local - 1 - name), name);
	if (strcmp(local, "include") != 0)
		return DC_OK;  /* a fallback: its text is what is kept */
	const char *href = dbr_attr(attrs, "href");
	return dbr_warn(r, NULL, line, col, "XInclude of '%s' not followed "
			"(docconv reads no file but its input)",
			href ? href : "");
}

static enum dc_status S_start_element(struct dbr_reader *r, const char *name,
				      const char **attrs)
{
	long line, col;
	const char *local;
	dbr_where(r, &line, &col);
	enum ns ns = S_split(name, &local);
	const struct dbr_elem *e = ns == NS_DOCBOOK ? dbr_element(local) : NULL;
	struct dbr_frame *fr = dbr_push(r, e, line, col);
	if (!fr)
		return dc_fail_oom(r->diag);
	fr->id = dbr_id(r, attrs);
	if (r->diag->error.status != DC_OK)  /* out of memory */
		return r->diag->error.status;
	if (!e)
		DC_TRY(S_unknown(r, name, local, ns, attrs, line, col));
	int f = r->n_frames - 1;
	fr = &r->frames[f];
	if (fr->flags & FR_COLLECT)
		DC_TRY(dbr_collect_start(r, local, attrs));
	else if (e)
		DC_TRY(dbr_body_start(r, local, attrs));
	fr = &r->frames[f];
	bool leaf = fr->collector == f &&
		    (fr->target == TG_CODE || fr->target == TG_CODE_BLOCK);
	if (fr->proto.kind == DC_NONE && !leaf) {  /* no node for the id */
		DC_TRY(dbr_orphan_id(r, fr->id));
		fr->id = NULL;
	}
	if (e && (e->flags & EF_BLOCK) && fr->proto.kind == DC_NONE &&
	    !(fr->flags & (FR_COLLECT | FR_FLAT)))
		dbr_sep(r, SEP_SPACE, line, col);  /* "Ann" "Lee" are words */
	return DC_OK;
}

static enum dc_status S_end_element(struct dbr_reader *r)
{
	if (!(dbr_top(r)->flags & FR_COLLECT))
		return dbr_body_end(r);
	DC_TRY(dbr_collect_end(r));
	return dbr_pop(r);
}

/* ---- Expat's handlers ---- */

static void XMLCALL S_start(void *data, const XML_Char *name,
			    const XML_Char **attrs)
{
	struct dbr_reader *r = data;
	if (r->status == DC_OK)
		dbr_ok(r, S_start_element(r, name, attrs));
}

static void XMLCALL S_end(void *data, const XML_Char *name)
{
	struct dbr_reader *r = data;
	(void)name;
	if (r->status == DC_OK)
		dbr_ok(r, S_end_element(r));
}

static enum dc_status S_chars(struct dbr_reader *r, const char *s, size_t len)
{
	if (dbr_top(r)->flags & FR_COLLECT)
		return dbr_collect_text(r, s, len);
	long line, col;
	dbr_where(r, &line, &col);
	return dbr_text(r, s, len, line, col);
}

static void XMLCALL S_text(void *data, const XML_Char *s, int len)
{
	struct dbr_reader *r = data;
	if (r->status == DC_OK && len > 0)
		dbr_ok(r, S_chars(r, s, (size_t)len));
}

/* The writer's page and line breaks; other instructions are not for us. */
static void XMLCALL S_pi(void *data, const XML_Char *target,
			 const XML_Char *pi_data)
{
	struct dbr_reader *r = data;
	bool page = strcmp(target, "hard-pagebreak") == 0;
	(void)pi_data;
	if (r->status != DC_OK || (!page && strcmp(target, "line-break") != 0))
		return;
	if (dbr_top(r)->flags & FR_COLLECT) {
		dbr_collect_break(r);
		return;
	}
	long line, col;
	struct dc_node *n;
	dbr_where(r, &line, &col);
	dbr_ok(r, dbr_leaf(r, page ? DC_PAGE_BREAK : DC_LINE_BREAK, NULL, 0,
			   line, col, &n));
}

/* An external entity is never loaded: its reference reads as nothing. */
static int XMLCALL S_external(XML_Parser p, const XML_Char *context,
			      const XML_Char *base, const XML_Char *system_id,
			      const XML_Char *public_id)
{
	struct dbr_reader *r = XML_GetUserData(p);
	long line, col;
	(void)context;
	(void)base;
	(void)public_id;
	dbr_where(r, &line, &col);
	dbr_ok(r, dbr_warn(r, NULL, line, col, "external entity '%s' not "
			   "loaded (docconv reads no file but its input)",
			   system_id ? system_id : ""));
	return r->status == DC_OK ? XML_STATUS_OK : XML_STATUS_ERROR;
}

/* An entity a DTD that is not read declares (a DocBook 4 document's
 * &mdash;): its character when it is one of HTML's, else the reference
 * as it stands, with a warning. */
static void XMLCALL S_skipped(void *data, const XML_Char *name,
			      int is_parameter_entity)
{
	struct dbr_reader *r = data;
	if (r->status != DC_OK || is_parameter_entity)
		return;
	struct dc_buf *ref = &r->scratch, text = {0};
	ref->len = 0;
	if (!dc_buf_putc(ref, '&') || !dc_buf_append(ref, name, strlen(name)) ||
	    !dc_buf_putc(ref, ';') || !dc_entity_decode(ref->data, ref->len, &text)) {
		dbr_ok(r, dc_fail_oom(r->diag));
		dc_buf_free(&text);
		return;
	}
	enum dc_status st = DC_OK;
	if (text.len == ref->len && memcmp(text.data, ref->data, text.len) == 0) {
		long line, col;
		dbr_where(r, &line, &col);
		st = dbr_warn(r, ref->data, line, col, "entity '%s' is not "
			      "declared (its DTD is not read): kept as it "
			      "stands", text.data);
	}
	if (st == DC_OK)
		st = S_chars(r, text.data, text.len);
	dbr_ok(r, st);
	dc_buf_free(&text);
}

/* ---- The parse ---- */

static enum dc_status S_parser(struct dbr_reader *r)
{
	XML_Parser p = XML_ParserCreateNS(NULL, DBR_NS_SEP);
	if (!p)
		return dc_fail_oom(r->diag);
	r->parser = p;
	if (!XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER) ||
	    !XML_SetBillionLaughsAttackProtectionMaximumAmplification(
		    p, MAX_AMPLIFICATION) ||
	    !XML_SetBillionLaughsAttackProtectionActivationThreshold(
		    p, AMPLIFICATION_THRESHOLD))
		return dc_fail(r->diag, DC_ERR_SOFTWARE,
			       (struct dc_pos){.file = r->file},
			       "expat cannot bound entity expansion");
	XML_SetUserData(p, r);
	XML_SetElementHandler(p, S_start, S_end);
	XML_SetCharacterDataHandler(p, S_text);
	XML_SetProcessingInstructionHandler(p, S_pi);
	XML_SetExternalEntityRefHandler(p, S_external);
	XML_SetSkippedEntityHandler(p, S_skipped);
	return DC_OK;
}

static enum dc_status S_xml_error(struct dbr_reader *r)
{
	enum XML_Error code = XML_GetErrorCode(r->parser);
	long line, col;
	if (code == XML_ERROR_NO_MEMORY)
		return dc_fail_oom(r->diag);
	dbr_where(r, &line, &col);
	struct dc_pos pos = {.file = r->file, .line = line, .col = col};
	return dc_fail(r->diag, DC_ERR_DATA, pos, "%s", XML_ErrorString(code));
}

static enum dc_status S_parse(struct dbr_reader *r, const struct dc_input *in)
{
	const char *data = in->data;
	size_t left = in->len;
	for (;;) {
		int n = left > CHUNK ? CHUNK : (int)left;
		bool last = (size_t)n == left;
		enum XML_Status st = XML_Parse(r->parser, data, n, last);
		if (r->status != DC_OK)
			return r->status;
		if (st != XML_STATUS_OK)
			return S_xml_error(r);
		if (last)
			return DC_OK;
		data += n;
		left -= (size_t)n;
	}
}

/* Frame 0 stands for the node reading starts in: the document, or the
 * chapter of a bundle. */
static enum dc_status S_init(struct dbr_reader *r)
{
	struct dbr_frame *base = dbr_push(r, NULL, 0, 0);
	if (!base || !dc_map_init(&r->warned, &r->doc->arena, 16, true) ||
	    !dc_map_init(&r->cited, &r->doc->arena, 16, true))
		return dc_fail_oom(r->diag);
	base->flags = FR_BASE | FR_OPEN | FR_OPENED;
	base->proto.kind = r->b->base->kind;
	base->node = r->b->base;
	return DC_OK;
}

static void S_free(struct dbr_reader *r)
{
	for (int i = r->n_ctx; i-- > 0;) {
		if (i > 0)
			dc_builder_finish(&r->ctx[i].own);
		dc_buf_free(&r->ctx[i].ids);
	}
	if (r->parser)
		XML_ParserFree(r->parser);
	free(r->frames);
	dc_buf_free(&r->col);
	dc_buf_free(&r->cols);
	dc_buf_free(&r->notes);
	dc_buf_free(&r->scratch);
}

enum dc_status dc_docbook_read(const struct dc_input *in, struct dc_builder *b,
			       struct dc_meta *meta, struct dc_diag *diag)
{
	struct dbr_reader r = {
		.run_start = NO_RUN,
		.b = b,
		.diag = diag,
		.meta = meta,
		.doc = b->doc,
		.file = in->name,
		.n_ctx = 1,
	};
	r.ctx[0] = (struct dbr_ctx){.b = b, .trim = true};
	enum dc_status st = S_init(&r);
	if (st == DC_OK)
		st = S_parser(&r);
	if (st == DC_OK)
		st = S_parse(&r, in);
	if (st == DC_OK)
		st = dbr_finish(&r);
	S_free(&r);
	return st;
}
