/* O_TMPFILE, where the C library has it (Linux). */
#define _GNU_SOURCE
#include "spill.h"

#include <errno.h>
#include <fcntl.h>
#include <hpdf_streams.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

struct pdf_spill {
	int fd;
	off_t end;    /* of what is written */
	bool broken;  /* a write failed: no more spilling */
};

/* A file in DIR that has no name there: made nameless where the system
 * can (O_TMPFILE), else named and unlinked at once. */
static int S_nameless(const char *dir)
{
#ifdef O_TMPFILE
	int nameless = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (nameless >= 0 || errno == ENOENT || errno == EACCES)
		return nameless;
	/* EOPNOTSUPP, EISDIR and the like: not on this file system. */
#endif
	static const char name[] = "/docconv-pages-XXXXXX";
	size_t dir_len = strlen(dir);
	char *path = malloc(dir_len + sizeof name);
	if (!path)
		return -1;
	memcpy(path, dir, dir_len);
	memcpy(path + dir_len, name, sizeof name);
	int fd = mkstemp(path);
	if (fd >= 0 && unlink(path) != 0) {
		close(fd);
		fd = -1;
	}
	free(path);
	return fd;
}

struct pdf_spill *pdf_spill_open(void)
{
	const char *dir = getenv("TMPDIR");
	struct pdf_spill *spill = malloc(sizeof *spill);
	int fd = spill ? S_nameless(dir && dir[0] ? dir : "/tmp") : -1;
	if (fd < 0) {
		free(spill);
		return NULL;
	}
	*spill = (struct pdf_spill){.fd = fd};
	return spill;
}

void pdf_spill_close(struct pdf_spill *spill)
{
	if (!spill)
		return;
	close(spill->fd);
	free(spill);
}

static bool S_write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		data += n;
		len -= (size_t)n;
	}
	return true;
}

/* LEN bytes at DATA appended to SPILL's file: where they start, or -1. */
static off_t S_append(struct pdf_spill *spill, const void *data, size_t len)
{
	if (!spill || spill->broken)
		return -1;
	if (!S_write_all(spill->fd, data, len)) {
		/* A short write leaves the file's end unknown. */
		spill->broken = true;
		return -1;
	}
	off_t at = spill->end;
	spill->end += (off_t)len;
	return at;
}

/* One stream's bytes, in the spill file or in memory, and how far they
 * are read. */
struct pdf_spilled {
	int fd;
	off_t at;
	char *data;  /* or NULL: in the file */
	HPDF_UINT len, pos;
};

static HPDF_STATUS S_read(HPDF_Stream stream, HPDF_BYTE *buf,
			  HPDF_UINT *size)
{
	struct pdf_spilled *s = stream->attr;
	HPDF_UINT want = *size < s->len - s->pos ? *size : s->len - s->pos;
	HPDF_UINT got = 0;
	if (s->data) {
		memcpy(buf, s->data + s->pos, want);
		got = want;
	}
	while (got < want) {
		ssize_t n = pread(s->fd, buf + got, want - got,
				  s->at + s->pos + got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return HPDF_SetError(stream->error, HPDF_FILE_IO_ERROR,
					     n < 0 ? (HPDF_STATUS)errno : 0);
		got += (HPDF_UINT)n;
	}
	s->pos += got;
	*size = got;
	return s->pos < s->len ? HPDF_OK : HPDF_STREAM_EOF;
}

static HPDF_STATUS S_seek(HPDF_Stream stream, HPDF_INT pos,
			  HPDF_WhenceMode mode)
{
	struct pdf_spilled *s = stream->attr;
	long long to = mode == HPDF_SEEK_SET   ? pos
		       : mode == HPDF_SEEK_CUR ? (long long)s->pos + pos
					       : (long long)s->len + pos;
	if (to < 0 || to > s->len)
		return HPDF_SetError(stream->error, HPDF_STREAM_EOF, 0);
	s->pos = (HPDF_UINT)to;
	return HPDF_OK;
}

static HPDF_INT32 S_tell(HPDF_Stream stream)
{
	return (HPDF_INT32)((struct pdf_spilled *)stream->attr)->pos;
}

static HPDF_UINT32 S_size(HPDF_Stream stream)
{
	return ((struct pdf_spilled *)stream->attr)->len;
}

static void S_free(HPDF_Stream stream)
{
	struct pdf_spilled *s = stream->attr;
	free(s->data);
	HPDF_FreeMem(stream->mmgr, s);
	stream->attr = NULL;
}

HPDF_Stream pdf_spill_stream(HPDF_MMgr mmgr, struct pdf_spilled **slot)
{
	struct pdf_spilled *s = HPDF_GetMem(mmgr, sizeof *s);
	if (!s)
		return NULL;
	*s = (struct pdf_spilled){.fd = -1};
	HPDF_Stream stream = HPDF_CallbackReader_New(mmgr, S_read, S_seek,
						     S_tell, S_size, s);
	if (!stream) {
		HPDF_FreeMem(mmgr, s);
		return NULL;
	}
	stream->free_fn = S_free;
	*slot = s;
	return stream;
}

bool pdf_spill_put(struct pdf_spill *spill, struct pdf_spilled *slot,
		   const void *data, size_t len)
{
	off_t at = len > 0 ? S_append(spill, data, len) : -1;
	if (at >= 0) {
		*slot = (struct pdf_spilled){.fd = spill->fd, .at = at,
					     .len = (HPDF_UINT)len};
		return true;
	}
	char *copy = malloc(len ? len : 1);
	if (!copy)
		return false;
	if (len)
		memcpy(copy, data, len);
	*slot = (struct pdf_spilled){.fd = -1, .data = copy,
				     .len = (HPDF_UINT)len};
	return true;
}
