#include "deps.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "iter.h"
#include "path.h"
#include "sink.h"

void dc_deps_init(struct dc_deps *deps)
{
	*deps = (struct dc_deps){0};
}

void dc_deps_free(struct dc_deps *deps)
{
	for (size_t i = 0; i < deps->count; i++)
		free(deps->paths[i]);
	free(deps->paths);
	*deps = (struct dc_deps){0};
}

bool dc_deps_add(struct dc_deps *deps, const char *path)
{
	if (!path || !path[0] || dc_path_has_scheme(path))
		return true;
	/* Linear: a document names tens of files, not thousands, and the
	 * order they were first named in is the order written. */
	for (size_t i = 0; i < deps->count; i++)
		if (strcmp(deps->paths[i], path) == 0)
			return true;
	if (!dc_grow((void **)&deps->paths, &deps->cap, deps->count,
		     sizeof *deps->paths))
		return false;
	char *copy = strdup(path);
	if (!copy)
		return false;
	deps->paths[deps->count++] = copy;
	return true;
}

/* Every image of DOC, as the file docconv opens for it; URLs with a
 * scheme are skipped by dc_deps_add. */
static bool S_add_images(struct dc_deps *deps, const struct dc_doc *doc)
{
	struct dc_buf file = {0};
	struct dc_iter it;
	const struct dc_node *n;
	bool ok = true;
	dc_iter_init(&it, doc->root);
	while (ok && dc_iter_next(&it, &n) != DC_EV_DONE) {
		if (it.event != DC_EV_ENTER || n->kind != DC_IMAGE)
			continue;
		ok = dc_node_file(doc, n, &file) &&
		     dc_deps_add(deps, file.data);
	}
	dc_buf_free(&file);
	return ok;
}

enum dc_status dc_deps_collect(struct dc_deps *deps,
			       const struct dc_options *opts,
			       const struct dc_doc *doc,
			       struct dc_diag *diag)
{
	bool ok = true;
	for (size_t i = 0; ok && i < opts->n_inputs; i++)
		ok = strcmp(opts->inputs[i], "-") == 0 ||
		     dc_deps_add(deps, opts->inputs[i]);
	for (size_t i = 0; ok && i < opts->n_css; i++)
		ok = dc_deps_add(deps, opts->css[i]);
	/* The cover as the EPUB writer opens it: relative to the input that
	 * named it, as an image is. */
	struct dc_buf cover = {0};
	ok = ok && dc_cover_file(doc, &cover) &&
	     dc_deps_add(deps, cover.data);
	dc_buf_free(&cover);
	ok = ok && S_add_images(deps, doc);
	return ok ? DC_OK : dc_fail_oom(diag);
}

/* PATH as make and Ninja read it back: a space (and the backslashes
 * before it, doubled) and '#' take a backslash, '$' is doubled. */
static void S_escaped(struct dc_sink *out, const char *path)
{
	size_t backslashes = 0;
	for (const char *p = path; *p; p++) {
		if (*p == ' ')
			for (size_t i = 0; i < backslashes + 1; i++)
				dc_sink_putc(out, '\\');
		else if (*p == '#')
			dc_sink_putc(out, '\\');
		else if (*p == '$')
			dc_sink_putc(out, '$');
		backslashes = *p == '\\' ? backslashes + 1 : 0;
		dc_sink_putc(out, *p);
	}
}

/* A name with a tab or a line break cannot be written in a rule at all:
 * neither make nor Ninja has an escape for it. */
static enum dc_status S_check_name(const char *path, struct dc_diag *diag)
{
	if (!path[strcspn(path, "\t\r\n")])
		return DC_OK;
	return dc_fail(diag, DC_ERR_DATA, (struct dc_pos){0},
		       "cannot name '%s' in a depfile: make cannot read a "
		       "tab or a line break in a file name", path);
}

enum dc_status dc_deps_write(const struct dc_deps *deps, const char *target,
			     const char *path, struct dc_diag *diag)
{
	DC_TRY(S_check_name(target, diag));
	for (size_t i = 0; i < deps->count; i++)
		DC_TRY(S_check_name(deps->paths[i], diag));
	struct dc_sink out;
	DC_TRY(dc_sink_open_file(&out, path, diag));
	S_escaped(&out, target);
	dc_sink_putc(&out, ':');
	for (size_t i = 0; i < deps->count; i++) {
		dc_sink_puts(&out, " \\\n ");
		S_escaped(&out, deps->paths[i]);
	}
	dc_sink_putc(&out, '\n');
	for (size_t i = 0; i < deps->count; i++) {
		S_escaped(&out, deps->paths[i]);
		dc_sink_puts(&out, ":\n");
	}
	return dc_sink_commit(&out, diag);
}
