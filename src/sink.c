#include "sink.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "writeback.h"

/* "dir/.name.XXXXXX" for target "dir/name": same directory, so the final
 * rename() is atomic; hidden, so a half-written file does not show. */
int dc_sink_create_temp(char *template)
{
	static const char letters[] = "abcdefghijklmnopqrstuvwxyz"
				      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	size_t len = strlen(template);
	if (len < 6 || strcmp(template + len - 6, "XXXXXX") != 0) {
		errno = EINVAL;
		return -1;
	}
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	/* Not secret, only unlikely to be taken: O_EXCL makes it safe. */
	uint64_t seed = (uint64_t)now.tv_nsec ^ (uint64_t)now.tv_sec << 30 ^
			(uint64_t)getpid() << 40 ^ (uint64_t)(uintptr_t)template;
	for (int attempt = 0; attempt < 100; attempt++) {
		seed = seed * 6364136223846793005u + 1442695040888963407u;
		uint64_t bits = seed >> 16;
		for (size_t i = len - 6; i < len; i++) {
			template[i] = letters[bits % (sizeof letters - 1)];
			bits /= sizeof letters - 1;
		}
		int fd = open(template, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
			      0666);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;  /* errno is EEXIST */
}

static char *S_temp_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
	const char *base = path + dir_len;
	size_t size = dir_len + 1 + strlen(base) + sizeof ".XXXXXX";
	char *name = malloc(size);
	if (name)
		snprintf(name, size, "%.*s.%s.XXXXXX", (int)dir_len, path,
			 base);
	return name;
}

/* The path to write for PATH: the file a symbolic link points to, so the
 * link survives; PATH itself otherwise (also when it does not exist). */
static char *S_resolve(const char *path)
{
	struct stat st;
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		char *real = realpath(path, NULL);
		if (real)
			return real;
	}
	return strdup(path);
}

static enum dc_status S_open_device(struct dc_sink *sink, struct dc_pos pos,
				    struct dc_diag *diag)
{
	sink->type = DC_SINK_DEVICE;
	sink->fp = fopen(sink->target, "wb");
	if (sink->fp)
		return DC_OK;
	int errnum = errno;
	dc_sink_abort(sink);
	return dc_fail_errno(diag, DC_ERR_CANTCREAT, errnum, pos,
			     "cannot open output");
}

enum dc_status dc_sink_open_file(struct dc_sink *sink, const char *path,
				 struct dc_diag *diag)
{
	struct dc_pos pos = {.file = path};
	struct stat st;
	*sink = (struct dc_sink){.type = DC_SINK_FILE, .name = path};
	sink->target = S_resolve(path);
	if (!sink->target)
		return dc_fail_oom(diag);
	if (stat(sink->target, &st) == 0 && !S_ISREG(st.st_mode) &&
	    !S_ISDIR(st.st_mode))
		return S_open_device(sink, pos, diag);
	sink->tmp_path = S_temp_name(sink->target);
	if (!sink->tmp_path) {
		dc_sink_abort(sink);
		return dc_fail_oom(diag);
	}
	int fd = dc_cleanup_create_temp(sink->tmp_path);
	if (fd < 0) {
		int errnum = errno;
		free(sink->tmp_path);
		sink->tmp_path = NULL;
		dc_sink_abort(sink);
		return dc_fail_errno(diag, DC_ERR_CANTCREAT, errnum, pos,
				     "cannot create output file");
	}
	if (!(sink->fp = fdopen(fd, "wb"))) {
		int errnum = errno;
		close(fd);
		dc_sink_abort(sink);
		return dc_fail_errno(diag, DC_ERR_CANTCREAT, errnum, pos,
				     "cannot create output file");
	}
	return DC_OK;
}

void dc_sink_open_stdout(struct dc_sink *sink)
{
	*sink = (struct dc_sink){.type = DC_SINK_STDOUT, .fp = stdout,
				 .name = "<stdout>"};
}

void dc_sink_open_memory(struct dc_sink *sink)
{
	*sink = (struct dc_sink){.type = DC_SINK_MEMORY};
}

static void S_failed(struct dc_sink *sink, int errnum)
{
	if (!sink->failed) {
		sink->failed = true;
		sink->errnum = errnum;
	}
}

/* Hand the staged bytes to the writeback thread, or to the stream. */
static void S_flush(struct dc_sink *sink)
{
	if (sink->failed || sink->mem.len == 0) {
		sink->mem.len = 0;
		return;
	}
	if (sink->writeback) {
		int errnum = dc_writeback_push(sink->writeback, &sink->mem);
		if (errnum)
			S_failed(sink, errnum);
		else if (!dc_buf_reserve(&sink->mem, DC_SINK_BLOCK))
			S_failed(sink, -1);
		return;
	}
	if (fwrite(sink->mem.data, 1, sink->mem.len, sink->fp) != sink->mem.len)
		S_failed(sink, errno ? errno : EIO);
	sink->mem.len = 0;
}

/* At the first full block: an output of one block is written at the end
 * without a thread; a longer one, by a thread behind the writer, once
 * what stdio holds is out. */
static void S_start_writeback(struct dc_sink *sink)
{
	if (sink->writeback || sink->synchronous)
		return;
	if (fflush(sink->fp) != 0) {
		S_failed(sink, errno);
		return;
	}
	sink->writeback = dc_writeback_start(fileno(sink->fp));
	sink->synchronous = !sink->writeback;
}

/* Wait for the writeback thread to write what it holds (DISCARD: to drop
 * it) and end. */
static void S_stop_writeback(struct dc_sink *sink, bool discard)
{
	if (!sink->writeback)
		return;
	int errnum = dc_writeback_finish(sink->writeback, discard);
	sink->writeback = NULL;
	if (errnum)
		S_failed(sink, errnum);
}

void dc_sink_write_slow(struct dc_sink *sink, const void *data, size_t len)
{
	if (sink->failed || len == 0)
		return;
	if (sink->type == DC_SINK_MEMORY) {
		if (!dc_buf_append(&sink->mem, data, len))
			S_failed(sink, -1);
		return;
	}
	/* A block at a time: a long write (a piece written on another
	 * thread, src/pieces.h) would leave the buffer, and the writeback
	 * thread's spares it is swapped with, its size. */
	const char *p = data;
	while (len > 0 && !sink->failed) {
		size_t room = sink->mem.len < DC_SINK_BLOCK
				      ? DC_SINK_BLOCK - sink->mem.len : 0;
		size_t n = len < room ? len : room;
		if (!dc_buf_append(&sink->mem, p, n)) {
			S_failed(sink, -1);
			return;
		}
		p += n;
		len -= n;
		if (sink->mem.len >= DC_SINK_BLOCK) {
			S_start_writeback(sink);
			S_flush(sink);
		}
	}
}

void dc_sink_printf(struct dc_sink *sink, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0) {
		S_failed(sink, EINVAL);
		return;
	}
	if ((size_t)n < sizeof small) {
		dc_sink_write(sink, small, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (!big) {
		S_failed(sink, -1);
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	dc_sink_write(sink, big, (size_t)n);
	free(big);
}

static enum dc_status S_report(struct dc_sink *sink, struct dc_diag *diag)
{
	if (sink->errnum == -1)
		return dc_fail_oom(diag);
	struct dc_pos pos = {.file = sink->name};
	return dc_fail_errno(diag, DC_ERR_IO, sink->errnum, pos,
			     "cannot write output");
}

enum dc_status dc_sink_commit(struct dc_sink *sink, struct dc_diag *diag)
{
	if (sink->type == DC_SINK_MEMORY)
		return sink->failed ? S_report(sink, diag) : DC_OK;
	S_flush(sink);
	S_stop_writeback(sink, sink->failed);
	if (fflush(sink->fp) != 0)
		S_failed(sink, errno);
	if (sink->type == DC_SINK_STDOUT) {
		if (ferror(sink->fp))
			S_failed(sink, EIO);
		dc_buf_free(&sink->mem);
		return sink->failed ? S_report(sink, diag) : DC_OK;
	}
	if (fclose(sink->fp) != 0)
		S_failed(sink, errno);
	sink->fp = NULL;
	if (!sink->failed && sink->type == DC_SINK_FILE &&
	    dc_cleanup_rename(sink->tmp_path, sink->target) != 0)
		S_failed(sink, errno);
	enum dc_status st = sink->failed ? S_report(sink, diag) : DC_OK;
	if (!sink->failed) {
		free(sink->tmp_path);  /* renamed: nothing to remove */
		sink->tmp_path = NULL;
	}
	dc_sink_abort(sink);
	return st;
}

void dc_sink_abort(struct dc_sink *sink)
{
	S_stop_writeback(sink, true);
	if (sink->fp && sink->type != DC_SINK_STDOUT)
		fclose(sink->fp);
	sink->fp = NULL;
	if (sink->tmp_path) {
		(void)dc_cleanup_unlink(sink->tmp_path);  /* best effort */
		free(sink->tmp_path);
		sink->tmp_path = NULL;
	}
	free(sink->target);
	sink->target = NULL;
	dc_buf_free(&sink->mem);
}
