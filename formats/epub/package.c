/* The XML files of the package: container, package document (OPF),
 * navigation document, NCX, cover page, and the frame of a content
 * document.  Only writing: what to say is decided in epub.c. */
#include <stdarg.h>
#include <string.h>

#include "epub.h"
#include "xml.h"

static const char XML_DECL[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

static void S_text(struct dc_sink *out, const char *s)
{
	dc_xml_text(out, s, strlen(s));
}

/* <NAME ATTRS>TEXT</NAME> and a line end; ATTRS is written as it is. */
static void S_element(struct dc_sink *out, const char *name,
		      const char *attrs, const char *text)
{
	dc_sink_printf(out, "<%s%s>", name, attrs);
	S_text(out, text);
	dc_sink_printf(out, "</%s>\n", name);
}

/* NAME="VALUE" escaped, with a space before it. */
static void S_attr(struct dc_sink *out, const char *name, const char *value)
{
	dc_sink_printf(out, " %s=\"", name);
	dc_xml_attr(out, value);
	dc_sink_putc(out, '"');
}

void epub_write_container(struct dc_sink *out)
{
	dc_sink_puts(out, XML_DECL);
	dc_sink_puts(out,
		"<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:"
		"opendocument:xmlns:container\">\n<rootfiles>\n"
		"<rootfile full-path=\"EPUB/package.opf\" media-type=\""
		"application/oebps-package+xml\"/>\n</rootfiles>\n"
		"</container>\n");
}

/* ------------------------------------------------------------------ */
/* The package document */

static void S_titles(struct dc_sink *out, const struct epub_package *p)
{
	const char *subtitle = p->doc->meta.subtitle;
	S_element(out, "dc:title", " id=\"title\"", p->title);
	if (!subtitle)
		return;
	S_element(out, "dc:title", " id=\"subtitle\"", subtitle);
	dc_sink_puts(out, "<meta refines=\"#title\" property=\"title-type\">"
		     "main</meta>\n<meta refines=\"#subtitle\" property=\""
		     "title-type\">subtitle</meta>\n");
}

static void S_creators(struct dc_sink *out, const struct dc_strlist *authors)
{
	for (size_t i = 0; i < authors->count; i++) {
		char attrs[64];
		snprintf(attrs, sizeof attrs, " id=\"creator-%zu\"", i + 1);
		S_element(out, "dc:creator", attrs, authors->items[i]);
		dc_sink_printf(out, "<meta refines=\"#creator-%zu\" property="
			       "\"role\" scheme=\"marc:relators\">aut</meta>\n",
			       i + 1);
	}
}

static void S_optional(struct dc_sink *out, const char *name,
		       const char *value)
{
	if (value && value[0])
		S_element(out, name, "", value);
}

static void S_metadata(struct dc_sink *out, const struct epub_package *p)
{
	const struct dc_meta *m = &p->doc->meta;
	dc_sink_puts(out, "<metadata xmlns:dc=\"http://purl.org/dc/elements/"
		     "1.1/\">\n");
	S_element(out, "dc:identifier", " id=\"uid\"", p->identifier);
	S_titles(out, p);
	S_creators(out, &m->authors);
	S_element(out, "dc:language", "", p->lang);
	S_element(out, "dc:date", "", p->date);
	S_optional(out, "dc:subject", m->subject);
	for (size_t i = 0; i < m->keywords.count; i++)
		S_optional(out, "dc:subject", m->keywords.items[i]);
	S_optional(out, "dc:description", m->description);
	S_optional(out, "dc:publisher", m->publisher);
	S_optional(out, "dc:rights", m->rights);
	S_element(out, "meta", " property=\"dcterms:modified\"", p->modified);
	for (size_t i = 0; i < p->n_items; i++)
		if (p->items[i].properties &&
		    strcmp(p->items[i].properties, "cover-image") == 0)
			dc_sink_printf(out, "<meta name=\"cover\" content=\"%s\""
				       "/>\n", p->items[i].id);
	dc_sink_puts(out, "</metadata>\n");
}

static void S_item(struct dc_sink *out, const struct epub_item *item)
{
	dc_sink_puts(out, "<item");
	S_attr(out, "id", item->id);
	S_attr(out, "href", item->href);
	S_attr(out, "media-type", item->media_type);
	if (item->properties)
		S_attr(out, "properties", item->properties);
	dc_sink_puts(out, "/>\n");
}

void epub_write_opf(struct dc_sink *out, const struct epub_package *p)
{
	dc_sink_puts(out, XML_DECL);
	dc_sink_puts(out, "<package xmlns=\"http://www.idpf.org/2007/opf\" "
		     "version=\"3.0\" unique-identifier=\"uid\"");
	S_attr(out, "xml:lang", p->lang);
	dc_sink_puts(out, ">\n");
	S_metadata(out, p);
	dc_sink_puts(out, "<manifest>\n");
	for (size_t i = 0; i < p->n_items; i++)
		S_item(out, &p->items[i]);
	for (size_t i = 0; i < p->n_parts; i++)
		S_item(out, &(struct epub_item){
			.id = p->parts[i].id, .href = p->parts[i].name,
			.media_type = "application/xhtml+xml"});
	dc_sink_puts(out, "</manifest>\n<spine toc=\"ncx\">\n");
	if (p->cover_page)
		dc_sink_printf(out, "<itemref idref=\"%s\"/>\n", p->cover_page);
	for (size_t i = 0; i < p->n_parts; i++)
		dc_sink_printf(out, "<itemref idref=\"%s\"/>\n",
			       p->parts[i].id);
	dc_sink_puts(out, "</spine>\n</package>\n");
}

/* ------------------------------------------------------------------ */
/* XHTML documents */

void epub_write_head(struct dc_sink *out, const char *lang,
		     const char *title, size_t n_css)
{
	dc_sink_puts(out, XML_DECL);
	dc_sink_puts(out, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/"
		     "1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops"
		     "\"");
	S_attr(out, "lang", lang);
	S_attr(out, "xml:lang", lang);
	dc_sink_puts(out, ">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>");
	S_text(out, title);
	dc_sink_puts(out, "</title>\n<link rel=\"stylesheet\" type=\"text/css"
		     "\" href=\"style.css\"/>\n");
	for (size_t i = 0; i < n_css; i++)
		dc_sink_printf(out, "<link rel=\"stylesheet\" type=\"text/css\""
			       " href=\"user-%zu.css\"/>\n", i + 1);
	dc_sink_puts(out, "</head>\n<body>\n");
}

void epub_write_tail(struct dc_sink *out)
{
	dc_sink_puts(out, "</body>\n</html>\n");
}

void epub_write_nav(struct dc_sink *out, const struct epub_package *p,
		    const struct dc_xhtml_toc_entry *toc, size_t n,
		    size_t n_css)
{
	epub_write_head(out, p->lang, p->title, n_css);
	dc_sink_puts(out, "<nav epub:type=\"toc\" id=\"toc\">\n<h1>");
	S_text(out, p->title);
	dc_sink_puts(out, "</h1>\n");
	dc_xhtml_write_toc(out, toc, n);
	dc_sink_puts(out, "</nav>\n<nav epub:type=\"landmarks\" id=\"landmarks"
		     "\" hidden=\"hidden\">\n<ol>\n");
	if (p->cover_page)
		dc_sink_puts(out, "<li><a epub:type=\"cover\" href=\"cover.xhtml"
			     "\">Cover</a></li>\n");
	dc_sink_puts(out, "<li><a epub:type=\"bodymatter\"");
	S_attr(out, "href", p->parts[0].name);
	dc_sink_puts(out, ">");
	S_text(out, p->title);
	dc_sink_puts(out, "</a></li>\n</ol>\n</nav>\n");
	epub_write_tail(out);
}

void epub_write_cover(struct dc_sink *out, const struct epub_package *p,
		      const char *image_href, size_t n_css)
{
	epub_write_head(out, p->lang, p->title, n_css);
	dc_sink_puts(out, "<section epub:type=\"cover\" class=\"cover\">\n"
		     "<img class=\"cover\"");
	S_attr(out, "src", image_href);
	S_attr(out, "alt", p->title);
	dc_sink_puts(out, "/>\n</section>\n");
	epub_write_tail(out);
}

/* ------------------------------------------------------------------ */
/* NCX, for EPUB 2 reading systems */

static int S_max_depth(const struct dc_xhtml_toc_entry *toc, size_t n)
{
	int depth = 1;
	for (size_t i = 0; i < n; i++)
		if (toc[i].depth > depth)
			depth = toc[i].depth;
	return depth;
}

/* The entries as nested navPoints: an entry closes the points it is not
 * inside (its depth tells how many). */
static void S_nav_points(struct dc_sink *out,
			 const struct dc_xhtml_toc_entry *toc, size_t n)
{
	int open = 0;
	for (size_t i = 0; i < n; i++) {
		for (; open >= toc[i].depth; open--)
			dc_sink_puts(out, "</navPoint>\n");
		dc_sink_printf(out, "<navPoint id=\"nav-%zu\" playOrder=\"%zu\">"
			       "<navLabel><text>", i + 1, i + 1);
		S_text(out, toc[i].text);
		dc_sink_puts(out, "</text></navLabel><content");
		S_attr(out, "src", toc[i].href);
		dc_sink_puts(out, "/>\n");
		open = toc[i].depth;
	}
	for (; open > 0; open--)
		dc_sink_puts(out, "</navPoint>\n");
}

void epub_write_ncx(struct dc_sink *out, const struct epub_package *p,
		    const struct dc_xhtml_toc_entry *toc, size_t n)
{
	dc_sink_puts(out, XML_DECL);
	dc_sink_puts(out, "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" "
		     "version=\"2005-1\"");
	S_attr(out, "xml:lang", p->lang);
	dc_sink_puts(out, ">\n<head>\n<meta name=\"dtb:uid\"");
	S_attr(out, "content", p->identifier);
	dc_sink_printf(out, "/>\n<meta name=\"dtb:depth\" content=\"%d\"/>\n"
		       "<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n"
		       "<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n"
		       "</head>\n<docTitle><text>", S_max_depth(toc, n));
	S_text(out, p->title);
	dc_sink_puts(out, "</text></docTitle>\n<navMap>\n");
	S_nav_points(out, toc, n);
	dc_sink_puts(out, "</navMap>\n</ncx>\n");
}
