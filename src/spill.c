/* O_TMPFILE, where the C library has it (Linux). */
#define _GNU_SOURCE
#include "spill.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct dc_spill {
	int fd;
	off_t end;    /* of what is appended */
	bool broken;  /* an append failed: the end is unknown */
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
	static const char name[] = "/docconv-spill-XXXXXX";
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

struct dc_spill *dc_spill_open(void)
{
	const char *dir = getenv("TMPDIR");
	struct dc_spill *spill = malloc(sizeof *spill);
	int fd = spill ? S_nameless(dir && dir[0] ? dir : "/tmp") : -1;
	if (fd < 0) {
		free(spill);
		return NULL;
	}
	*spill = (struct dc_spill){.fd = fd};
	return spill;
}

void dc_spill_close(struct dc_spill *spill)
{
	if (!spill)
		return;
	close(spill->fd);
	free(spill);
}

/* LEN bytes at DATA written at AT; false, and errno set, when the file
 * cannot take them. */
static bool S_write(struct dc_spill *spill, off_t at, const void *data,
		    size_t len)
{
	const char *p = data;
	while (len > 0) {
		ssize_t n = pwrite(spill->fd, p, len, at);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = ENOSPC;
			return false;
		}
		p += n;
		at += n;
		len -= (size_t)n;
	}
	return true;
}

off_t dc_spill_append(struct dc_spill *spill, const void *data, size_t len)
{
	if (!spill || spill->broken)
		return -1;
	if (!S_write(spill, spill->end, data, len)) {
		spill->broken = true;
		return -1;
	}
	off_t at = spill->end;
	spill->end += (off_t)len;
	return at;
}

bool dc_spill_read(const struct dc_spill *spill, off_t at, void *buf,
		   size_t len)
{
	char *p = buf;
	while (len > 0) {
		ssize_t n = pread(spill->fd, p, len, at);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;  /* the file is shorter */
			return false;
		}
		p += n;
		at += n;
		len -= (size_t)n;
	}
	return true;
}
