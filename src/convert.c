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

/* Read all of FP into BUF. */
static enum dc_status S_read_stream(FILE *fp, const char *name,
				    struct dc_buf *buf, struct dc_diag *diag)
{
	for (;;) {
		if (buf->cap - buf->len < 2 && !dc_buf_reserve(buf, 64 * 1024))
			return dc_fail_oom(diag);
		size_t room = buf->cap - buf->len - 1;
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
	return DC_OK;
}

static enum dc_status S_slurp(const char *path, struct dc_buf *buf,
			      struct dc_diag *diag)
{
	if (S_is_stdio(path))
		return S_read_stream(stdin, "<stdin>", buf, diag);
	struct dc_pos pos = {.file = path};
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return dc_fail_errno(diag, DC_ERR_NOINPUT, errno, pos,
				     "cannot open input");
	struct stat st;
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(fp);
		return dc_fail(diag, DC_ERR_NOINPUT, pos,
			       "cannot read input: Is a directory");
	}
	/* A file's size is known: one buffer of that size and a byte more
	 * (so the first read ends short), not a series of growing copies;
	 * the read still goes on if the file has grown meanwhile. */
	if (S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uintmax_t)st.st_size < SIZE_MAX / 2 &&
	    !dc_buf_reserve(buf, (size_t)st.st_size + 1)) {
		fclose(fp);
		return dc_fail_oom(diag);
	}
	enum dc_status status = S_read_stream(fp, path, buf, diag);
	fclose(fp);
	return status;
}

/* -f, else the extension, else plain text. */
static enum dc_status S_input_format(const struct dc_options *opts,
				     const char *path,
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
	} else if (!S_is_stdio(path)) {
		f = dc_format_by_path(path, true);
	}
	*out = f ? f : dc_format_by_name("text");
	return DC_OK;
}

/* -t, else the output's extension. */
static enum dc_status S_output_format(const struct dc_options *opts,
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
	struct dc_node *first = chapter->first_child;
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
	text->len = strlen(title);
	dc_node_append(heading, text);
	if (first)
		dc_node_insert_before(first, heading);
	else
		dc_node_append(chapter, heading);
	return DC_OK;
}

/* Read one input into PARENT (the document, or a new chapter of it when
 * bundling) and merge its metadata into the document's. */
static enum dc_status S_read_input(const struct dc_options *opts,
				   struct dc_doc *doc, const char *path,
				   bool bundle, struct dc_diag *diag)
{
	const struct dc_format *format = NULL;
	enum dc_status st = S_input_format(opts, path, &format, diag);
	if (st != DC_OK)
		return st;
	struct dc_buf data = {0};
	st = S_slurp(path, &data, diag);
	if (st != DC_OK) {
		dc_buf_free(&data);
		return st;
	}
	dc_info(diag, "reading %s as %s", S_display_name(path), format->name);

	struct dc_node *parent = doc->root;
	if (!bundle)
		doc->source = dc_arena_strdup(&doc->arena,
					      S_display_name(path));
	if (bundle) {
		parent = dc_node_new(doc, DC_CHAPTER);
		if (!parent) {
			dc_buf_free(&data);
			return dc_fail_oom(diag);
		}
		parent->as.chapter.source =
			dc_arena_strdup(&doc->arena, S_display_name(path));
		dc_node_append(doc->root, parent);
	}
	struct dc_input in = {.name = S_display_name(path),
			      .data = data.data ? data.data : "",
			      .len = data.len};
	struct dc_meta meta = {0};
	struct dc_builder b;
	dc_builder_init(&b, doc, parent, diag, in.name);
	st = format->read(&in, &b, &meta, diag);
	enum dc_status fin = dc_builder_finish(&b);
	dc_buf_free(&data);
	if (st == DC_OK)
		st = fin;
	/* A cover an input names is relative to that input's folder, as
	 * its images are (dc_cover_file); every reader's alike. */
	if (st == DC_OK && meta.cover &&
	    !(meta.cover_source = dc_arena_strdup(&doc->arena, in.name)))
		st = dc_fail_oom(diag);
	if (st == DC_OK && bundle) {
		st = S_title_chapter(doc, parent, meta.title, path, diag);
		meta.title = NULL;  /* the chapter's, not the book's */
	}
	if (st == DC_OK && !dc_meta_merge(doc, &doc->meta, &meta))
		st = dc_fail_oom(diag);
	return st;
}

static enum dc_status S_build(const struct dc_options *opts,
			      struct dc_doc *doc, struct dc_diag *diag)
{
	/* Command-line metadata first: the inputs only fill what it lacks. */
	for (size_t i = 0; i < opts->n_meta; i++)
		if (!dc_meta_set(doc, &doc->meta, opts->meta[i].key,
				 opts->meta[i].value))
			return dc_fail_oom(diag);
	bool bundle = opts->n_inputs > 1;
	for (size_t i = 0; i < opts->n_inputs; i++) {
		enum dc_status st =
			S_read_input(opts, doc, opts->inputs[i], bundle, diag);
		if (st != DC_OK)
			return st;
	}
	return dc_sectionize(doc, doc->root, diag);
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

static enum dc_status S_write(const struct dc_options *opts,
			      const struct dc_format *format,
			      const struct dc_doc *doc, struct dc_diag *diag)
{
	const char *output = opts->output ? opts->output : "-";
	struct dc_sink sink;
	if (S_is_stdio(output)) {
		dc_sink_open_stdout(&sink);
	} else {
		enum dc_status st = dc_sink_open_file(&sink, output, diag);
		if (st != DC_OK)
			return st;
	}
	dc_info(diag, "writing %s as %s",
		S_is_stdio(output) ? "<stdout>" : output, format->name);
	enum dc_status st = format->write(doc, &sink, opts, diag);
	if (st == DC_OK)
		st = S_check_warnings(opts, diag);
	if (st != DC_OK) {
		dc_sink_abort(&sink);
		return st;
	}
	st = dc_sink_commit(&sink, diag);
	if (st == DC_OK && opts->depfile)
		st = S_write_depfile(opts, &sink, opts->deps, diag);
	return st;
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
	enum dc_status st = S_output_format(opts, &to, diag);
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
		doc->arena.total);
	dc_doc_free(doc);
	return st;
}
