/* The HTML 5 writer: one standalone page, or with --fragment only what
 * goes in its body.  The page is polyglot XHTML5 (well-formed XML that
 * HTML parsers read the same), written by the serialiser the EPUB writer
 * uses (xhtml.c); this file adds the page around it. */
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "pieces.h"
#include "xhtml.h"
#include "xml.h"

struct S_page {
	const struct dc_doc *doc;
	const struct dc_options *opts;
	struct dc_diag *diag;
	struct dc_xhtml *x;
	struct dc_buf file;  /* an image being embedded */
	struct dc_buf uri;   /* its data: URI */
};

/* ------------------------------------------------------------------ */
/* --self-contained: images as data: URIs */

static bool S_base64(struct dc_buf *out, const unsigned char *in, size_t len)
{
	static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				     "abcdefghijklmnopqrstuvwxyz0123456789+/";
	if (!dc_buf_reserve(out, (len + 2) / 3 * 4))
		return false;
	char *o = out->data + out->len;
	size_t i = 0;
	for (; i + 2 < len; i += 3, o += 4) {
		unsigned long v = (unsigned long)in[i] << 16 |
				  (unsigned long)in[i + 1] << 8 | in[i + 2];
		o[0] = digits[v >> 18 & 63];
		o[1] = digits[v >> 12 & 63];
		o[2] = digits[v >> 6 & 63];
		o[3] = digits[v & 63];
	}
	if (i < len) {
		unsigned long v = (unsigned long)in[i] << 16 |
				  (i + 1 < len ? (unsigned long)in[i + 1] << 8
					       : 0);
		o[0] = digits[v >> 18 & 63];
		o[1] = digits[v >> 12 & 63];
		o[2] = i + 1 < len ? digits[v >> 6 & 63] : '=';
		o[3] = '=';
		o += 4;
	}
	out->len = (size_t)(o - out->data);
	out->data[out->len] = '\0';
	return true;
}

/* The image as a data: URI with its media type, sniffed from its bytes.
 * A URL with a scheme (a remote image, a data: URI) stays as it is. */
static enum dc_status S_data_uri(void *ctx, const struct dc_node *n,
				 const char **src)
{
	struct S_page *p = ctx;
	const char *path = dc_xhtml_image_file(p->x, n);
	*src = n->as.link.url;
	if (!path) {
		if (dc_xhtml_status(p->x) != DC_OK)
			return dc_xhtml_status(p->x);
		dc_info(p->diag, "image '%s' is not a file: not embedded",
			*src);
		return DC_OK;
	}
	char what[512];
	snprintf(what, sizeof what, "image '%s'", path);
	struct dc_pos pos = {.file = dc_node_source(p->doc, n),
			     .line = n->line, .col = n->col};
	const char *type;
	enum dc_status st = dc_xhtml_load_image(path, &p->file, &type, pos,
						what, p->diag);
	if (st != DC_OK || !type)
		return st;  /* the src as it is, if the warning let us on */
	p->uri.len = 0;
	if (!dc_buf_append(&p->uri, "data:", 5) ||
	    !dc_buf_append(&p->uri, type, strlen(type)) ||
	    !dc_buf_append(&p->uri, ";base64,", 8) ||
	    !S_base64(&p->uri, (const unsigned char *)p->file.data,
		      p->file.len))
		return dc_fail_oom(p->diag);
	*src = p->uri.data;
	return DC_OK;
}

/* ------------------------------------------------------------------ */
/* The page */

static void S_element(struct dc_sink *out, const char *name,
		      const char *cls, const char *text)
{
	dc_sink_printf(out, "<%s class=\"%s\">", name, cls);
	dc_xml_text(out, text, strlen(text));
	dc_sink_printf(out, "</%s>\n", name);
}

static void S_meta(struct dc_sink *out, const char *name, const char *value)
{
	if (!value)
		return;
	dc_sink_printf(out, "<meta name=\"%s\" content=\"", name);
	dc_xml_attr(out, value);
	dc_sink_puts(out, "\"/>\n");
}

static void S_keywords(struct dc_sink *out, const struct dc_strlist *list)
{
	if (!list->count)
		return;
	dc_sink_puts(out, "<meta name=\"keywords\" content=\"");
	for (size_t i = 0; i < list->count; i++) {
		if (i)
			dc_sink_puts(out, ", ");
		dc_xml_attr(out, list->items[i]);
	}
	dc_sink_puts(out, "\"/>\n");
}

static enum dc_status S_head(struct S_page *p, struct dc_sink *out)
{
	const struct dc_meta *m = &p->doc->meta;
	const char *title = dc_xhtml_title(p->x);
	const char *lang = dc_xhtml_lang(p->x);
	if (!title || !lang)
		return dc_xhtml_status(p->x);
	dc_sink_puts(out, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/"
		     "1999/xhtml\" lang=\"");
	dc_xml_attr(out, lang);
	dc_sink_puts(out, "\" xml:lang=\"");
	dc_xml_attr(out, lang);
	dc_sink_puts(out, "\">\n<head>\n<meta charset=\"utf-8\"/>\n"
		     "<meta name=\"generator\" content=\"docconv\"/>\n");
	for (size_t i = 0; i < m->authors.count; i++)
		S_meta(out, "author", m->authors.items[i]);
	S_meta(out, "dcterms.date", m->date);
	S_meta(out, "description", m->description);
	S_keywords(out, &m->keywords);
	dc_sink_puts(out, "<title>");
	dc_xml_text(out, title, strlen(title));
	/* Not through dc_sink_printf: the stylesheet is longer than its
	 * buffer, which would format it twice into one malloc'd. */
	dc_sink_puts(out, "</title>\n<style>\n");
	dc_sink_puts(out, dc_xhtml_css);
	dc_sink_puts(out, "</style>\n");
	for (size_t i = 0; i < p->opts->n_css; i++) {
		struct dc_buf uri = {0};
		if (!dc_xml_uri(&uri, p->opts->css[i]))
			return dc_fail_oom(p->diag);
		dc_sink_puts(out, "<link rel=\"stylesheet\" href=\"");
		dc_xml_attr(out, uri.data);
		dc_sink_puts(out, "\"/>\n");
		dc_buf_free(&uri);
	}
	dc_sink_puts(out, "</head>\n<body>\n");
	return DC_OK;
}

/* The metadata's title (not one made up from a heading), subtitle,
 * authors and date. */
static void S_title_block(struct S_page *p, struct dc_sink *out)
{
	const struct dc_meta *m = &p->doc->meta;
	if (!m->title && !m->subtitle && !m->authors.count && !m->date)
		return;
	dc_sink_puts(out, "<header class=\"title-block\">\n");
	if (m->title)
		S_element(out, "h1", "title", m->title);
	if (m->subtitle)
		S_element(out, "p", "subtitle", m->subtitle);
	for (size_t i = 0; i < m->authors.count; i++)
		S_element(out, "p", "author", m->authors.items[i]);
	if (m->date)
		S_element(out, "p", "date", m->date);
	dc_sink_puts(out, "</header>\n");
}

static enum dc_status S_toc(struct S_page *p, struct dc_sink *out)
{
	const struct dc_xhtml_toc_entry *entries;
	size_t n;
	int depth = p->opts->toc_depth ? p->opts->toc_depth : 3;
	enum dc_status st = dc_xhtml_toc(p->x, depth, &entries, &n);
	if (st != DC_OK || n == 0)
		return st;
	dc_sink_puts(out, "<nav id=\"toc\" role=\"doc-toc\">\n");
	dc_xhtml_write_toc(out, entries, n);
	dc_sink_puts(out, "</nav>\n");
	return DC_OK;
}

static enum dc_status S_page(struct S_page *p, struct dc_sink *out)
{
	const struct dc_node *root = p->doc->root;
	struct dc_xhtml_run run = {.first = dc_node_first(root),
				   .last = dc_node_last_child(root)};
	enum dc_status st = DC_OK;
	if (!p->opts->fragment) {
		st = S_head(p, out);
		if (st == DC_OK)
			S_title_block(p, out);
	}
	if (st == DC_OK && p->opts->toc)
		st = S_toc(p, out);
	if (st == DC_OK)
		st = dc_xhtml_write_part(p->x, out, 0, &run, run.first ? 1 : 0);
	if (st == DC_OK && !p->opts->fragment)
		dc_sink_puts(out, "</body>\n</html>\n");
	return st;
}

static enum dc_status S_write(const struct dc_doc *doc, struct dc_sink *out,
			      const struct dc_options *opts,
			      struct dc_diag *diag)
{
	struct S_page p = {.doc = doc, .opts = opts, .diag = diag};
	struct dc_xhtml_config config = {
		.doc = doc,
		.diag = diag,
		.flat = opts->fragment,
		.flat_ids = opts->toc,
		.hooks = {.ctx = &p,
			  .image_src = opts->self_contained ? S_data_uri
							    : NULL},
		.piece_nodes = dc_piece_nodes(opts->piece_nodes,
					      doc->n_nodes),
	};
	enum dc_status st = dc_xhtml_new(&config, &p.x);
	if (st == DC_OK)
		st = S_page(&p, out);
	dc_xhtml_free(p.x);
	dc_buf_free(&p.file);
	dc_buf_free(&p.uri);
	return st;
}

static const char *const html_extensions[] = {"html", "htm", "xhtml", NULL};

const struct dc_format dc_format_html = {
	.name = "html",
	.description = "HTML 5 page (polyglot XHTML)",
	.extensions = html_extensions,
	.write = S_write,
};
