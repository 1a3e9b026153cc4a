/* The zip's entries, deflated with libdeflate.
 *
 * Why: zlib at its default level (6), which libzip used, was 60% of the
 * time an EPUB took.  libdeflate makes the same format faster.  The
 * 10 MB benchmark book (tests/bench), 12.6 MB of XHTML, took 1.8 s to
 * EPUB with zlib at 6, for 3.16 MB.  With libdeflate, the whole
 * conversion on a machine of two processors (medians of 9 runs, the
 * levels alternating):
 *
 *   10 MB of         text              Markdown
 *   level 1      112 ms  3.48 MB    260 ms  3.80 MB
 *   level 2                         305 ms  3.66 MB
 *   level 3      166 ms  3.31 MB    319 ms  3.58 MB
 *
 * Level 1 (EPUB_DEFLATE_LEVEL) makes a book 5 to 6% larger than level 3
 * and 10% larger than zlib at 6, in two thirds of level 3's time:
 * deflating shares the processors with reading and writing the document.
 *
 * The files are deflated on as many threads as there are processors (up
 * to EPUB_PACK_THREADS), each file on its own, so the bytes do not depend
 * on the threads.  Deflated, they wait in a spill file (src/spill.h) till
 * they are written to the zip: 33 MB for 100 MB of text. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libdeflate.h>

#include "epub.h"

bool epub_packed_write(const struct epub_packed *file, struct epub_zip *z)
{
	if (file->out) {
		epub_zip_write(z, file->out, file->len);
		return true;
	}
	unsigned char chunk[64 * 1024];
	for (size_t at = 0; at < file->len;) {
		size_t n = file->len - at < sizeof chunk ? file->len - at
							 : sizeof chunk;
		if (!dc_spill_read(file->file, file->at + (off_t)at, chunk, n))
			return false;
		epub_zip_write(z, chunk, n);
		at += n;
	}
	return true;
}

void epub_packed_spill(struct epub_packed *file, struct dc_spill *spill)
{
	off_t at = file->out && file->len > 0
			   ? dc_spill_append(spill, file->out, file->len)
			   : -1;
	if (at < 0)
		return;
	free(file->out);
	file->out = NULL;
	file->file = spill;
	file->at = at;
}

void epub_packed_free(struct epub_packed *file)
{
	free(file->out);
	file->out = NULL;
}

/* ---- Deflating, on several threads ---- */

static bool S_pack_one(struct libdeflate_compressor *c,
		       struct epub_packed *file)
{
	size_t bound = libdeflate_deflate_compress_bound(c, file->size);
	file->out = malloc(bound ? bound : 1);
	if (!file->out)
		return false;
	file->len = libdeflate_deflate_compress(c, file->data, file->size,
						file->out, bound);
	file->crc = libdeflate_crc32(0, file->data, file->size);
	return file->len > 0;
}

/* The files shared by the threads: each takes the next one not taken. */
struct S_work {
	struct epub_packed *files;
	size_t n;
	atomic_size_t next;
	atomic_bool failed;
};

static void *S_pack_loop(void *arg)
{
	struct S_work *w = arg;
	struct libdeflate_compressor *c =
		libdeflate_alloc_compressor(EPUB_DEFLATE_LEVEL);
	if (!c) {
		atomic_store(&w->failed, true);
		return NULL;
	}
	for (;;) {
		size_t i = atomic_fetch_add(&w->next, 1);
		if (i >= w->n)
			break;
		if (!S_pack_one(c, &w->files[i]))
			atomic_store(&w->failed, true);
	}
	libdeflate_free_compressor(c);
	return NULL;
}

/* Threads for N FILES: one per processor, up to EPUB_PACK_THREADS;
 * one for a small book, which it deflates in less time than starting
 * another takes. */
static size_t S_threads(const struct epub_packed *files, size_t n)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += files[i].size;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (total < 512 * 1024 || cpus < 2 || n < 2)
		return 1;
	size_t threads = (size_t)cpus < EPUB_PACK_THREADS ? (size_t)cpus
							  : EPUB_PACK_THREADS;
	return threads < n ? threads : n;
}

/* Deflating under way: the work and the threads doing it. */
struct epub_pack_job {
	struct S_work w;
	pthread_t threads[EPUB_PACK_THREADS];
	size_t started;
};

/* Start up to WANT threads on JOB's work; a thread that cannot start
 * leaves its share to the others. */
static void S_start(struct epub_pack_job *job, size_t want)
{
	while (job->started < want &&
	       pthread_create(&job->threads[job->started], NULL, S_pack_loop,
			      &job->w) == 0)
		job->started++;
}

static void S_init(struct epub_pack_job *job, struct epub_packed *files,
		   size_t n)
{
	*job = (struct epub_pack_job){.w = {.files = files, .n = n}};
	atomic_init(&job->w.next, 0);
	atomic_init(&job->w.failed, false);
}

/* Join JOB's threads; false if a file failed. */
static bool S_join(struct epub_pack_job *job)
{
	for (size_t i = 0; i < job->started; i++)
		pthread_join(job->threads[i], NULL);
	return !atomic_load(&job->w.failed);
}

bool epub_pack(struct epub_packed *files, size_t n)
{
	struct epub_pack_job job;
	S_init(&job, files, n);
	S_start(&job, S_threads(files, n) - 1);  /* the caller is one */
	S_pack_loop(&job.w);
	return S_join(&job);
}

struct epub_pack_job *epub_pack_start(struct epub_packed *files, size_t n)
{
	size_t threads = S_threads(files, n);
	struct epub_pack_job *job = threads > 1 ? malloc(sizeof *job) : NULL;
	if (!job)
		return NULL;
	S_init(job, files, n);
	S_start(job, threads);
	if (job->started == 0) {
		free(job);
		return NULL;
	}
	return job;
}

bool epub_pack_wait(struct epub_pack_job *job)
{
	bool ok = S_join(job);
	free(job);
	return ok;
}
