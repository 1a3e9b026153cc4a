/* The zip an EPUB is, written straight to the output: each file's local
 * header and bytes as they come, then the central directory.
 *
 * An EPUB needs little of the zip format: files stored or deflated
 * (packed.c deflates them), in a set order, with no extra fields.  libzip
 * did this before, at a cost to every run of docconv, EPUB or not: it
 * brings OpenSSL's libcrypto with it, whose loading took 1.5 to 1.8 ms
 * and 1.5 MB of memory at each start (a program linked as docconv was,
 * with and without libzip); and it builds an archive where it can seek,
 * so the whole zip was written to a temporary file and copied from
 * there.  The fields are the ones libzip wrote, so the bytes are too.
 *
 * ZIP64 is not written: a zip of 4 GiB or more, or of 65,535 files or
 * more, is refused (epub_zip_fits(), epub_zip_begin()). */
#include <string.h>
#include <time.h>

#include "epub.h"

enum {
	LOCAL_HEADER = 0x04034b50,
	CENTRAL_HEADER = 0x02014b50,
	END_OF_CENTRAL = 0x06054b50,
	VERSION_MADE_BY = 3 << 8 | 63,  /* Unix, zip 6.3: libzip's */
	FLAG_UTF8 = 1 << 11,            /* the name is UTF-8, not CP437 */
	METHOD_STORE = 0,
	METHOD_DEFLATE = 8,
	MODE = 0100666,                 /* a file, rw-rw-rw- */
};

/* The largest size, offset or count a zip holds without ZIP64. */
static const uint64_t MAX_32 = 0xFFFFFFFEu;
static const size_t MAX_FILES = 0xFFFEu;

static void S_le16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void S_le32(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* WHEN as MS-DOS time and date, read as UTC (so the bytes do not depend
 * on TZ); 1980-01-01, the first date there is, for earlier times. */
static void S_dos_time(time_t when, unsigned *dtime, unsigned *ddate)
{
	struct tm tm;
	if (!gmtime_r(&when, &tm) || tm.tm_year < 80) {
		*dtime = 0;
		*ddate = 1 << 5 | 1;
		return;
	}
	if (tm.tm_year > 80 + 127)
		tm.tm_year = 80 + 127;
	*dtime = (unsigned)(tm.tm_hour << 11 | tm.tm_min << 5 |
			    tm.tm_sec / 2);
	*ddate = (unsigned)((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 |
			    tm.tm_mday);
}

/* The bytes of a local header and of a central directory header, beside
 * the name, and of the central directory's end. */
enum { LOCAL_SIZE = 30, CENTRAL_SIZE = 46, END_SIZE = 22 };

uint64_t epub_zip_size(const struct epub_zip_file *f)
{
	return LOCAL_SIZE + CENTRAL_SIZE + 2 * (uint64_t)strlen(f->name) +
	       f->csize;
}

bool epub_zip_fits(size_t n, uint64_t size)
{
	return n <= MAX_FILES && size <= MAX_32 - END_SIZE;
}

void epub_zip_open(struct epub_zip *z, struct dc_sink *out, time_t when)
{
	*z = (struct epub_zip){.out = out};
	S_dos_time(when, &z->dtime, &z->ddate);
}

void epub_zip_free(struct epub_zip *z)
{
	dc_buf_free(&z->central);
}

static bool S_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* The fields a local header and a central directory header share, from
 * "version needed" to "extra field length", into P (26 bytes). */
static void S_common(const struct epub_zip *z, const struct epub_zip_file *f,
		     size_t name_len, unsigned char *p)
{
	bool deflated = f->method == EPUB_ZIP_DEFLATED;
	S_le16(p, deflated ? 20 : 10);  /* version needed: 2.0, 1.0 */
	S_le16(p + 2, S_ascii(f->name) ? 0 : FLAG_UTF8);
	S_le16(p + 4, deflated ? METHOD_DEFLATE : METHOD_STORE);
	S_le16(p + 6, z->dtime);
	S_le16(p + 8, z->ddate);
	S_le32(p + 10, f->crc);
	S_le32(p + 14, f->csize);
	S_le32(p + 18, f->size);
	S_le16(p + 22, (unsigned)name_len);
	S_le16(p + 24, 0);  /* no extra field */
}

bool epub_zip_begin(struct epub_zip *z, const struct epub_zip_file *f)
{
	size_t name_len = strlen(f->name);
	if (f->size > MAX_32 || f->csize > MAX_32 || z->at > MAX_32 ||
	    z->count >= MAX_FILES || name_len > 0xFFFF) {
		z->too_large = true;
		return false;
	}
	unsigned char local[LOCAL_SIZE], central[CENTRAL_SIZE];
	S_le32(local, LOCAL_HEADER);
	S_common(z, f, name_len, local + 4);
	S_le32(central, CENTRAL_HEADER);
	S_le16(central + 4, VERSION_MADE_BY);
	S_common(z, f, name_len, central + 6);
	S_le16(central + 32, 0);  /* no comment */
	S_le16(central + 34, 0);  /* on disk 0 */
	S_le16(central + 36, 0);  /* internal attributes: binary */
	S_le32(central + 38, (uint64_t)MODE << 16);
	S_le32(central + 42, z->at);
	if (!dc_buf_append(&z->central, central, sizeof central) ||
	    !dc_buf_append(&z->central, f->name, name_len))
		return false;
	z->count++;
	epub_zip_write(z, local, sizeof local);
	epub_zip_write(z, f->name, name_len);
	return true;
}

void epub_zip_write(struct epub_zip *z, const void *data, size_t len)
{
	dc_sink_write(z->out, data, len);
	z->at += len;
}

bool epub_zip_finish(struct epub_zip *z)
{
	uint64_t start = z->at, size = z->central.len;
	if (start > MAX_32 || size > MAX_32) {
		z->too_large = true;
		return false;
	}
	unsigned char end[END_SIZE];
	S_le32(end, END_OF_CENTRAL);
	S_le16(end + 4, 0);  /* this disk */
	S_le16(end + 6, 0);  /* the central directory's */
	S_le16(end + 8, (unsigned)z->count);   /* files on this disk */
	S_le16(end + 10, (unsigned)z->count);  /* in all */
	S_le32(end + 12, size);
	S_le32(end + 16, start);
	S_le16(end + 20, 0);  /* no comment */
	epub_zip_write(z, z->central.data, z->central.len);
	epub_zip_write(z, end, sizeof end);
	return true;
}
