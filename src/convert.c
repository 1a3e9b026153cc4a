#include "convert.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "deps.h"
#include "format.h"
#include "iter.h"
#include "sectionize.h"

static const struct dc_pos S_nowhere = {0};

static bool S_is_stdio(const char *path)
{
	return strcmp(path, "-") == 0;
}

static const char *S_display_name(const char *path)
{
	return S_is_stdio(path) ? "<stdin>" : path;
}

/* Past the limit: the input is refused whole, never cut short.  SIZE is
 * its size, or 0 when only the first byte past the limit was read. */
static enum dc_status S_too_large(struct dc_diag *diag, const char *name,
				  uintmax_t size)
{
	struct dc_pos pos = {.file = name};
	if (size == 0)
		return dc_fail(diag, DC_ERR_DATA, pos,
			       "input is larger than %s (more than %ju bytes)",
			       DC_MAX_INPUT_TEXT, (uintmax_t)DC_MAX_INPUT);
	return dc_fail(diag, DC_ERR_DATA, pos,
		       "input is larger than %s (%ju bytes)",
		       DC_MAX_INPUT_TEXT, size);
}

/* Read FP into BUF, up to a byte past DC_MAX_INPUT: that byte is enough
 * to refuse the input, and standard input may never end. */
static enum dc_status S_read_stream(FILE *fp, const char *name,
				    struct dc_buf *buf, struct dc_diag *diag)
{
	while (buf->len <= DC_MAX_INPUT) {
		if (buf->cap - buf->len < 2 && !dc_buf_reserve(buf, 64 * 1024))
			return dc_fail_oom(diag);
		size_t room = buf->cap - buf->len - 1;
		if (room > DC_MAX_INPUT + 1 - buf->len)
			room = DC_MAX_INPUT + 1 - buf->len;
		size_t n = fread(buf->data + buf->len, 1, room, fp);
		buf->len += n;
		buf->data[buf->len] = '\0';
		if (n < room)
			break;
	}
	if (ferror(fp))
		return dc_fail_errno(diag, DC_ERR_IO, errno ? errno : EIO,
				     (struct dc_pos){.file = name},
				     "cannot read input");
	return buf->len > DC_MAX_INPUT ? S_too_large(diag, name, 0) : DC_OK;
}

/* The LEN bytes at DATA, and a NUL, into ARENA, where the document's
 * text nodes may point into them (dc_builder_keep). */
static enum dc_status S_keep(struct dc_arena *arena, const char *data,
			     size_t len, struct dc_input *in,
			     struct dc_diag *diag)
{
	char *copy = dc_arena_strndup(arena, data ? data : "", len);
	if (!copy)
		return dc_fail_oom(diag);
	in->data = copy;
	in->len = len;
	return DC_OK;
}

/* Read FP, opened, into IN, in DOC; what fstat() says of it comes first:
 * a folder is refused, and so is a file past the limit, before a byte of
 * it is read.  A named file (MAPPABLE) is mapped.  Another file whose
 * size is known is read straight into the arena, in one piece a byte
 * longer (so the read ends short); a stream, or a file that has grown
 * meanwhile, goes through a buffer. */
static enum dc_status S_read_file(FILE *fp, const char *name, bool mappable,
				  struct dc_doc *doc, struct dc_input *in,
				  struct dc_diag *diag)
{
	struct stat st;
	struct dc_buf buf = {0};
	struct dc_arena *arena = &doc->arena;
	bool sized = fstat(fileno(fp), &st) == 0;
	if (sized && S_ISDIR(st.st_mode))
		return dc_fail(diag, DC_ERR_NOINPUT,
			       (struct dc_pos){.file = name},
			       "cannot read input: Is a directory");
	if (sized && S_ISREG(st.st_mode) && st.st_size > 0) {
		if ((uintmax_t)st.st_size > DC_MAX_INPUT)
			return S_too_large(diag, name, (uintmax_t)st.st_size);
		size_t size = (size_t)st.st_size;
		/* Not mapped (a file system that cannot), it is read. */
		in->data = mappable ? dc_maps_file(doc->maps, fileno(fp), size)
				    : NULL;
		if (in->data) {
			in->len = size;
			return DC_OK;
		}
		char *data = dc_arena_alloc(arena, size + 1);
		if (!data)
			return dc_fail_oom(diag);
		size_t n = fread(data, 1, size + 1, fp);
		if (n <= size && !ferror(fp)) {
			data[n] = '\0';
			in->data = data;
			in->len = n;
			return DC_OK;
		}
		if (!dc_buf_append(&buf, data, n))
			return dc_fail_oom(diag);
	}
	enum dc_status status = S_read_stream(fp, name, &buf, diag);
	if (status == DC_OK)
		status = S_keep(arena, buf.data, buf.len, in, diag);
	dc_buf_free(&buf);
	return status;
}

/* Standard input is read, not mapped: it may be a file read partly
 * before, whose offset the next reader expects to find moved on. */
static enum dc_status S_slurp(const char *path, struct dc_doc *doc,
			      struct dc_input *in, struct dc_diag *diag)
{
	if (S_is_stdio(path))
		return S_read_file(stdin, "<stdin>", false, doc, in, diag);
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return dc_fail_errno(diag, DC_ERR_NOINPUT, errno,
				     (struct dc_pos){.file = path},
				     "cannot open input");
	enum dc_status status = S_read_file(fp, path, true, doc, in, diag);
	fclose(fp);
	return status;
}

/* SRC's bytes into IN, NUL-terminated as readers want them, in DOC's
 * arena or mapped (DOC's maps): they live as long as the document. */
static enum dc_status S_load(const struct dc_source *src, struct dc_doc *doc,
			     struct dc_input *in, struct dc_diag *diag)
{
	if (src->path)
		return S_slurp(src->path, doc, in, diag);
	if (src->len > DC_MAX_INPUT)
		return S_too_large(diag, in->name, src->len);
	return S_keep(&doc->arena, src->data, src->len, in, diag);
}

/* -f, else the extension of NAMED (a file name, or NULL), else plain
 * text. */
static enum dc_status S_input_format(const struct dc_options *opts,
				     const char *named,
				     const struct dc_format **out,
				     struct dc_diag *diag)
{
	const struct dc_format *f = NULL;
	if (opts->from) {
		f = dc_format_by_name(opts->from);
		if (!f)
			return dc_fail(diag, DC_ERR_USAGE, S_nowhere,
				       "unknown input format '%s'; see "
				       "--list-formats", opts->from);
		if (!f->read)
			return dc_fail(diag, DC_ERR_USAGE, S_nowhere,
				       "cannot read %s; see --list-formats",
				       f->name);
	} else if (named) {
		f = dc_format_by_path(named, true);
	}
	*out = f ? f : dc_format_by_name("text");
	return DC_OK;
}

enum dc_status dc_convert_output_format(const struct dc_options *opts,
					const struct dc_format **out,
					struct dc_diag *diag)
{
	const char *output = opts->output ? opts->output : "-";
	if (opts->to) {
		*out = dc_format_by_name(opts->to);
		if (!*out)
			return dc_fail(diag, DC_ERR_USAGE, S_nowhere,
				       "unknown output format '%s'; see "
				       "--list-formats", opts->to);
		if (!(*out)->write)
			return dc_fail(diag, DC_ERR_USAGE, S_nowhere,
				       "cannot write %s; see --list-formats",
				       (*out)->name);
		return DC_OK;
	}
	*out = S_is_stdio(output) ? NULL : dc_format_by_path(output, false);
	if (!*out)
		return dc_fail(diag, DC_ERR_USAGE, S_nowhere,
			       "cannot tell the output format of '%s'; "
			       "use -t FORMAT", output);
	return DC_OK;
}

/* Refuse an output that is one of the inputs: writing it would destroy
 * what is being read. */
static enum dc_status S_check_clobber(const struct dc_options *opts,
				      const char *output,
				      struct dc_diag *diag)
{
	struct stat out_st, in_st;
	if (stat(output, &out_st) != 0)
		return DC_OK;  /* nothing there to destroy */
	for (size_t i = 0; i < opts->n_inputs; i++) {
		const char *in = opts->inputs[i];
		if (S_is_stdio(in) || stat(in, &in_st) != 0)
			continue;
		if (in_st.st_dev == out_st.st_dev &&
		    in_st.st_ino == out_st.st_ino)
			return dc_fail(diag, DC_ERR_USAGE,
				       (struct dc_pos){.file = output},
				       "output is also an input; refusing to "
				       "overwrite it");
	}
	return DC_OK;
}

/* The last path component without its extension: a chapter's title of
 * last resort. */
static const char *S_file_title(struct dc_doc *doc, const char *path)
{
	if (S_is_stdio(path))
		return "Standard input";
	const char *slash = strrchr(path, '/');
	const char *base = slash && slash[1] ? slash + 1 : path;
	const char *dot = strrchr(base, '.');
	size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	return dc_arena_strndup(&doc->arena, base, len);
}

static const struct dc_node *S_first_heading(const struct dc_node *root)
{
	struct dc_iter it;
	const struct dc_node *n;
	dc_iter_init(&it, root);
	while (dc_iter_next(&it, &n) != DC_EV_DONE)
		if (it.event == DC_EV_ENTER && n->kind == DC_HEADING)
			return n;
	return NULL;
}

/* Give CHAPTER its title as its first child, a heading: the input's
 * metadata title, else its leading heading (already in place), else a copy
 * of its first heading, else the file name. */
static enum dc_status S_title_chapter(struct dc_doc *doc,
				      struct dc_node *chapter,
				      const char *title, const char *path,
				      struct dc_diag *diag)
{
	const struct dc_node *first = dc_node_first(chapter);
	if (!title && first && first->kind == DC_HEADING)
		return DC_OK;
	if (!title) {
		const struct dc_node *h = S_first_heading(chapter);
		title = h ? dc_node_text(doc, h) : S_file_title(doc, path);
	}
	struct dc_node *heading = dc_node_new(doc, DC_HEADING);
	struct dc_node *text = dc_node_new(doc, DC_TEXT);
	if (!title || !heading || !text)
		return dc_fail_oom(diag);
	heading->as.heading.level = 1;  /* made, not read: no position */
	text->literal = title;
	text->len = (uint32_t)strnlen(title, UINT32_MAX);
	dc_node_append(heading, text);
	dc_node_prepend(chapter, heading);
	return DC_OK;
}

/* What SRC is called where relative paths are taken from: its path
 * ("<stdin>" for "-"), a buffer's name, or NULL for a buffer without. */
static const char *S_source_name(const struct dc_source *src)
{
	return src->path ? S_display_name(src->path) : src->name;
}

/* Where SRC's nodes go: the document's root, or when bundling a new
 * chapter of it. */
static enum dc_status S_parent(struct dc_doc *doc, const char *source,
			       bool bundle, struct dc_node **parent,
			       struct dc_diag *diag)
{
	if (!bundle) {
		*parent = doc->root;
		if (source &&
		    !(doc->source = dc_arena_strdup(&doc->arena, source)))
			return dc_fail_oom(diag);
		return DC_OK;
	}
	*parent = dc_node_new(doc, DC_CHAPTER);
	if (!*parent)
		return dc_fail_oom(diag);
	if (source && !((*parent)->as.chapter.source =
				dc_arena_strdup(&doc->arena, source)))
		return dc_fail_oom(diag);
	dc_node_append(doc->root, *parent);
	return DC_OK;
}

/* Read IN, SRC's bytes, with FORMAT into DOC and merge its metadata into
 * the document's. */
static enum dc_status S_read(struct dc_doc *doc,
			     const struct dc_format *format,
			     const struct dc_source *src,
			     const struct dc_input *in, bool bundle,
			     struct dc_diag *diag)
{
	const char *source = S_source_name(src);
	struct dc_node *parent;
	DC_TRY(S_parent(doc, source, bundle, &parent, diag));
	struct dc_meta meta = {0};
	struct dc_builder b;
	dc_builder_init(&b, doc, parent, diag, in->name);
	dc_builder_keep(&b, in->data, in->len);
	enum dc_status st = format->read(in, &b, &meta, diag);
	enum dc_status fin = dc_builder_finish(&b);
	/* Writers read it again, if text still points into it. */
	dc_maps_done(doc->maps, in->data);
	DC_TRY(st);
	DC_TRY(fin);
	/* A cover an input names is relative to that input's folder, as
	 * its images are (dc_cover_file); every reader's alike. */
	if (meta.cover && source &&
	    !(meta.cover_source = dc_arena_strdup(&doc->arena, source)))
		return dc_fail_oom(diag);
	if (bundle) {
		DC_TRY(S_title_chapter(doc, parent, meta.title,
				       src->path ? src->path : in->name,
				       diag));
		meta.title = NULL;  /* the chapter's, not the book's */
	}
	if (!dc_meta_merge(doc, &doc->meta, &meta))
		return dc_fail_oom(diag);
	return DC_OK;
}

enum dc_status dc_convert_input(const struct dc_options *opts,
				struct dc_doc *doc,
				const struct dc_source *src, bool bundle,
				struct dc_diag *diag)
{
	const char *source = S_source_name(src);
	const char *named = src->path && S_is_stdio(src->path) ? NULL
			    : src->path ? src->path
					: src->name;
	const struct dc_format *format = NULL;
	DC_TRY(S_input_format(opts, named, &format, diag));
	struct dc_input in = {.name = source ? source : "<buffer>"};
	DC_TRY(S_load(src, doc, &in, diag));
	dc_info(diag, "reading %s as %s", in.name, format->name);
	return S_read(doc, format, src, &in, bundle, diag);
}

enum dc_status dc_convert_build(const struct dc_options *opts,
				const struct dc_source *sources, size_t n,
				struct dc_doc *doc, struct dc_diag *diag)
{
	/* Command-line metadata first: the inputs only fill what it lacks. */
	for (size_t i = 0; i < opts->n_meta; i++)
		if (!dc_meta_set(doc, &doc->meta, opts->meta[i].key,
				 opts->meta[i].value))
			return dc_fail_oom(diag);
	for (size_t i = 0; i < n; i++)
		DC_TRY(dc_convert_input(opts, doc, &sources[i], n > 1, diag));
	return dc_sectionize(doc, doc->root, diag);
}

/* The inputs of the command line, files all. */
static enum dc_status S_build(const struct dc_options *opts,
			      struct dc_doc *doc, struct dc_diag *diag)
{
	struct dc_source *sources =
		calloc(opts->n_inputs ? opts->n_inputs : 1, sizeof *sources);
	if (!sources)
		return dc_fail_oom(diag);
	for (size_t i = 0; i < opts->n_inputs; i++)
		sources[i] = (struct dc_source){.path = opts->inputs[i]};
	enum dc_status st =
		dc_convert_build(opts, sources, opts->n_inputs, doc, diag);
	free(sources);
	return st;
}

/* --fail-on-warnings: the whole conversion ran and every warning was
 * printed (unless -q); now it fails, before the output is in place. */
static enum dc_status S_check_warnings(const struct dc_options *opts,
				       struct dc_diag *diag)
{
	if (!opts->fail_on_warnings || diag->warnings == 0)
		return DC_OK;
	return dc_fail(diag, DC_ERR_DATA, S_nowhere,
		       "%u warning%s, and --fail-on-warnings; no output "
		       "written", diag->warnings,
		       diag->warnings == 1 ? "" : "s");
}

/* The output is in place; its rule goes beside it.  When the rule cannot
 * be written, the output goes too: left alone, it would look up to date
 * to make with its dependencies unknown. */
static enum dc_status S_write_depfile(const struct dc_options *opts,
				      const struct dc_sink *sink,
				      const struct dc_deps *deps,
				      struct dc_diag *diag)
{
	enum dc_status st = dc_deps_write(deps, opts->output, opts->depfile,
					  diag);
	if (st != DC_OK && sink->type == DC_SINK_FILE)
		(void)unlink(opts->output);  /* best effort: the error says */
	return st;
}

enum dc_status dc_convert_write(const struct dc_options *opts,
				const struct dc_format *format,
				const struct dc_doc *doc, struct dc_sink *sink,
				struct dc_diag *diag)
{
	enum dc_status st = format->write(doc, sink, opts, diag);
	if (st == DC_OK)
		st = S_check_warnings(opts, diag);
	if (st == DC_OK)
		st = dc_sink_commit(sink, diag);
	if (st != DC_OK)
		dc_sink_abort(sink);  /* after a commit too: a memory sink's */
	return st;
}

/* Write DOC to the file or standard output of -o, and its --depfile. */
static enum dc_status S_write(const struct dc_options *opts,
			      const struct dc_format *format,
			      const struct dc_doc *doc, struct dc_diag *diag)
{
	const char *output = opts->output ? opts->output : "-";
	struct dc_sink sink;
	if (S_is_stdio(output))
		dc_sink_open_stdout(&sink);
	else
		DC_TRY(dc_sink_open_file(&sink, output, diag));
	dc_info(diag, "writing %s as %s",
		S_is_stdio(output) ? "<stdout>" : output, format->name);
	DC_TRY(dc_convert_write(opts, format, doc, &sink, diag));
	if (opts->depfile)
		return S_write_depfile(opts, &sink, opts->deps, diag);
	return DC_OK;
}

/* Build DOC and write it; with --depfile, the files it was made from are
 * gathered on the way, the writer adding its own through OPTS->deps. */
static enum dc_status S_run(const struct dc_options *opts,
			    const struct dc_format *to, struct dc_doc *doc,
			    struct dc_diag *diag)
{
	DC_TRY(S_build(opts, doc, diag));
	if (!opts->depfile)
		return S_write(opts, to, doc, diag);
	struct dc_deps deps;
	dc_deps_init(&deps);
	struct dc_options with_deps = *opts;
	with_deps.deps = &deps;
	enum dc_status st = dc_deps_collect(&deps, opts, doc, diag);
	if (st == DC_OK)
		st = S_write(&with_deps, to, doc, diag);
	dc_deps_free(&deps);
	return st;
}

enum dc_status dc_convert(const struct dc_options *opts,
			  struct dc_diag *diag)
{
	const char *output = opts->output ? opts->output : "-";
	const struct dc_format *to;
	enum dc_status st = dc_convert_output_format(opts, &to, diag);
	if (st != DC_OK)
		return st;
	if (S_is_stdio(output) && to->binary && isatty(STDOUT_FILENO))
		return dc_fail(diag, DC_ERR_USAGE, S_nowhere,
			       "%s output is binary; not writing it to a "
			       "terminal (use -o FILE)", to->name);
	if (!S_is_stdio(output))
		DC_TRY(S_check_clobber(opts, output, diag));
	if (opts->depfile)
		DC_TRY(S_check_clobber(opts, opts->depfile, diag));
	struct dc_doc *doc = dc_doc_new();
	if (!doc)
		return dc_fail_oom(diag);
	st = S_run(opts, to, doc, diag);
	dc_info(diag, "%zu bytes of memory for the document",
		doc->arena.total + doc->nodes.committed + doc->nodes.lent);
	dc_doc_free(doc);
	return st;
}
