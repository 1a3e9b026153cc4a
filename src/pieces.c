#include "pieces.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

/* What the two threads share, under LOCK. */
struct S_shared {
	const struct dc_pieces *p;
	struct dc_diag like;  /* the helper's diagnostics are set up so */
	pthread_mutex_t lock;
	pthread_cond_t changed;
	/* The helper's last piece, written and not yet taken (READY): its
	 * bytes, in a buffer the helper uses again for the next (a new one
	 * each time cost a page fault every 4 KiB). */
	bool ready;
	size_t piece;
	struct dc_buf bytes;
	bool clean;  /* written without a diagnostic or a failure */
	bool stop;   /* the calling thread takes no more */
	bool done;   /* the helper writes no more */
};

/* Write piece I on the helper into S->bytes: is it clean? */
static bool S_help_one(struct S_shared *s, size_t i)
{
	struct dc_diag diag = s->like;
	char *said = NULL;
	size_t len = 0;
	if (s->like.stream) {
		diag.stream = open_memstream(&said, &len);
		if (!diag.stream)
			return false;  /* what it would say could not be seen */
	}
	struct dc_sink sink;
	dc_sink_open_memory(&sink);
	sink.mem = s->bytes;
	sink.mem.len = 0;
	enum dc_status st = s->p->write(s->p->helper, i, &sink, &diag);
	s->bytes = sink.mem;
	if (diag.stream && fclose(diag.stream) != 0)
		st = DC_ERR_SOFTWARE;
	free(said);
	return st == DC_OK && !sink.failed && diag.warnings == 0 &&
	       diag.error.status == DC_OK && len == 0;
}

/* The helper: the odd pieces, each once the one before is taken, until
 * told to stop or a piece is not clean. */
static void *S_help(void *arg)
{
	struct S_shared *s = arg;
	bool clean = true;
	for (size_t i = 1; clean && i < s->p->n; i += 2) {
		pthread_mutex_lock(&s->lock);
		while (s->ready && !s->stop)
			pthread_cond_wait(&s->changed, &s->lock);
		bool stop = s->stop;
		pthread_mutex_unlock(&s->lock);
		if (stop)
			break;
		clean = S_help_one(s, i);
		pthread_mutex_lock(&s->lock);
		s->ready = true;
		s->piece = i;
		s->clean = clean;
		pthread_cond_broadcast(&s->changed);
		pthread_mutex_unlock(&s->lock);
	}
	pthread_mutex_lock(&s->lock);
	s->done = true;
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

/* Wait for the helper's piece I and append it to OUT if it is clean:
 * false when the caller is to write it. */
static bool S_take(struct S_shared *s, size_t i, struct dc_sink *out)
{
	pthread_mutex_lock(&s->lock);
	while (!(s->ready && s->piece == i) && !s->done)
		pthread_cond_wait(&s->changed, &s->lock);
	bool taken = s->ready && s->piece == i && s->clean;
	if (taken) {
		dc_sink_write(out, s->bytes.data, s->bytes.len);
		if (s->p->taken)
			s->p->taken(s->p->main, s->p->helper);
	}
	if (s->ready) {
		s->ready = false;
		pthread_cond_broadcast(&s->changed);
	}
	pthread_mutex_unlock(&s->lock);
	return taken;
}

/* Start the helper; false if it cannot be. */
static bool S_start(struct S_shared *s, pthread_t *thread)
{
	if (pthread_mutex_init(&s->lock, NULL) != 0)
		return false;
	if (pthread_cond_init(&s->changed, NULL) != 0) {
		pthread_mutex_destroy(&s->lock);
		return false;
	}
	if (pthread_create(thread, NULL, S_help, s) != 0) {
		pthread_cond_destroy(&s->changed);
		pthread_mutex_destroy(&s->lock);
		return false;
	}
	return true;
}

/* Tell the helper to stop, wait for it, and free what it left. */
static void S_finish(struct S_shared *s, pthread_t thread)
{
	pthread_mutex_lock(&s->lock);
	s->stop = true;
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->lock);
	pthread_join(thread, NULL);
	dc_buf_free(&s->bytes);
	pthread_cond_destroy(&s->changed);
	pthread_mutex_destroy(&s->lock);
}

enum dc_status dc_pieces_write(const struct dc_pieces *p, struct dc_sink *out,
			       struct dc_diag *diag)
{
	struct S_shared s = {
		.p = p,
		.like = {
			.program = diag->program,
			.stream = diag->stream,  /* replaced by the helper's own */
			.verbosity = diag->verbosity,
			.strict = diag->strict,
		},
	};
	pthread_t thread;
	bool started = p->helper && p->n > 1 && S_start(&s, &thread);
	bool helping = started;
	enum dc_status st = DC_OK;
	for (size_t i = 0; i < p->n && st == DC_OK; i++) {
		if (helping && i % 2 == 1) {
			if (S_take(&s, i, out))
				continue;
			helping = false;  /* this piece and the rest, here */
		}
		st = p->write(p->main, i, out, diag);
	}
	if (started)
		S_finish(&s, thread);
	return st;
}
