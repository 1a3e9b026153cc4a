#include "pieces.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- Cuts ---- */

void dc_cuts_init(struct dc_cuts *c, size_t every)
{
	*c = (struct dc_cuts){.every = every};
}

void dc_cuts_free(struct dc_cuts *c)
{
	free(c->at);
	c->at = NULL;
	c->n = c->cap = 0;
	c->every = 0;
}

void dc_cuts_node(struct dc_cuts *c, const struct dc_node *root,
		  const struct dc_node *n, bool may)
{
	c->nodes++;
	if (c->every == 0 || !may || dc_node_parent(n) != root ||
	    n == dc_node_first(root) || c->nodes - c->since < c->every)
		return;
	if (!dc_grow((void **)&c->at, &c->cap, c->n, sizeof *c->at)) {
		dc_cuts_free(c);  /* no pieces, nothing worse */
		return;
	}
	c->at[c->n++] = n;
	if (c->nodes - c->since > c->longest)
		c->longest = c->nodes - c->since;
	c->since = c->nodes;
}

void dc_cuts_end(struct dc_cuts *c)
{
	if (c->nodes - c->since > c->longest)
		c->longest = c->nodes - c->since;
	if (c->longest > DC_PIECE_MAX_NODES)
		dc_cuts_free(c);
}

/* ---- Writing ---- */

/* What the two threads share, under LOCK. */
struct S_shared {
	const struct dc_pieces *p;
	const struct dc_diag *diag;  /* the caller's: the helper's are as it */
	pthread_mutex_t lock;
	pthread_cond_t changed;
	/* The helper's last piece, written and not yet taken (READY): its
	 * bytes, in a buffer the helper uses again for the next (a new one
	 * each time cost a page fault every 4 KiB). */
	bool ready;
	size_t piece;
	struct dc_buf bytes;
	enum dc_aside_outcome outcome;
	bool stop;   /* the calling thread takes no more */
	bool done;   /* the helper writes no more */
};

/* Write piece I on the helper into S->bytes. */
static enum dc_aside_outcome S_help_one(struct S_shared *s, size_t i)
{
	struct dc_diag_aside aside;
	if (!dc_diag_aside_open(&aside, s->diag))
		return DC_ASIDE_FAILED;  /* what it says could not be seen */
	struct dc_sink sink;
	dc_sink_open_memory(&sink);
	sink.mem = s->bytes;
	sink.mem.len = 0;
	enum dc_status st = s->p->write(s->p->helper, i, &sink, &aside.diag);
	s->bytes = sink.mem;
	if (st == DC_OK && sink.failed)
		st = DC_ERR_IO;
	return dc_diag_aside_close(&aside, st);
}

/* The helper: the odd pieces, each once the one before is taken, until
 * told to stop or a piece failed. */
static void *S_help(void *arg)
{
	struct S_shared *s = arg;
	enum dc_aside_outcome outcome = DC_ASIDE_QUIET;
	for (size_t i = 1; outcome != DC_ASIDE_FAILED && i < s->p->n; i += 2) {
		pthread_mutex_lock(&s->lock);
		while (s->ready && !s->stop)
			pthread_cond_wait(&s->changed, &s->lock);
		bool stop = s->stop;
		pthread_mutex_unlock(&s->lock);
		if (stop)
			break;
		outcome = S_help_one(s, i);
		pthread_mutex_lock(&s->lock);
		s->ready = true;
		s->piece = i;
		s->outcome = outcome;
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
 * false when the caller is to write it (it was not, or the helper wrote
 * no more). */
static bool S_take(struct S_shared *s, size_t i, struct dc_sink *out)
{
	pthread_mutex_lock(&s->lock);
	while (!(s->ready && s->piece == i) && !s->done)
		pthread_cond_wait(&s->changed, &s->lock);
	bool taken = s->ready && s->piece == i && s->outcome == DC_ASIDE_QUIET;
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
		.diag = diag,
	};
	pthread_t thread;
	bool started = p->helper && p->n > 1 && S_start(&s, &thread);
	enum dc_status st = DC_OK;
	for (size_t i = 0; i < p->n && st == DC_OK; i++) {
		if (started && i % 2 == 1 && S_take(&s, i, out))
			continue;
		st = p->write(p->main, i, out, diag);
	}
	if (started)
		S_finish(&s, thread);
	return st;
}
