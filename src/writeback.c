#include "writeback.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

/* Blocks queued at most: enough to ride out a slow write, few enough
 * that the memory they hold (a sink's blocks are 64 KiB) stays small. */
enum { S_DEPTH = 4 };

struct dc_writeback {
	int fd;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	/* Under LOCK: the blocks to write, oldest at HEAD; the written
	 * ones, for the writer to fill again. */
	struct dc_buf queue[S_DEPTH];
	size_t head, queued;
	struct dc_buf spare[S_DEPTH];
	size_t spares;
	bool done;     /* no more blocks will come */
	bool discard;  /* drop the blocks not yet written */
	int errnum;    /* the first failed write's errno, or 0 */
};

/* All of LEN bytes at DATA to FD; 0 or errno. */
static int S_write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno;
		if (n == 0)
			return EIO;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Keep BLOCK, emptied, for the writer, or free it when enough are kept. */
static void S_recycle(struct dc_writeback *wb, struct dc_buf *block)
{
	if (wb->spares < S_DEPTH) {
		block->len = 0;
		block->data[0] = '\0';
		wb->spare[wb->spares++] = *block;
	} else {
		dc_buf_free(block);
	}
}

static void *S_run(void *arg)
{
	struct dc_writeback *wb = arg;
	pthread_mutex_lock(&wb->lock);
	for (;;) {
		while (wb->queued == 0 && !wb->done)
			pthread_cond_wait(&wb->changed, &wb->lock);
		if (wb->queued == 0)
			break;
		struct dc_buf block = wb->queue[wb->head];
		bool write = wb->errnum == 0 && !wb->discard;
		pthread_mutex_unlock(&wb->lock);
		int errnum = write ? S_write_all(wb->fd, block.data, block.len)
				   : 0;
		pthread_mutex_lock(&wb->lock);
		if (errnum && !wb->errnum)
			wb->errnum = errnum;
		wb->head = (wb->head + 1) % S_DEPTH;
		wb->queued--;
		S_recycle(wb, &block);
		pthread_cond_broadcast(&wb->changed);
	}
	pthread_mutex_unlock(&wb->lock);
	return NULL;
}

struct dc_writeback *dc_writeback_start(int fd)
{
	struct dc_writeback *wb = calloc(1, sizeof *wb);
	if (!wb)
		return NULL;
	wb->fd = fd;
	if (pthread_mutex_init(&wb->lock, NULL) != 0)
		goto no_lock;
	if (pthread_cond_init(&wb->changed, NULL) != 0)
		goto no_cond;
	if (pthread_create(&wb->thread, NULL, S_run, wb) != 0)
		goto no_thread;
	return wb;
no_thread:
	pthread_cond_destroy(&wb->changed);
no_cond:
	pthread_mutex_destroy(&wb->lock);
no_lock:
	free(wb);
	return NULL;
}

int dc_writeback_push(struct dc_writeback *wb, struct dc_buf *block)
{
	pthread_mutex_lock(&wb->lock);
	while (wb->queued == S_DEPTH)
		pthread_cond_wait(&wb->changed, &wb->lock);
	wb->queue[(wb->head + wb->queued) % S_DEPTH] = *block;
	wb->queued++;
	*block = wb->spares ? wb->spare[--wb->spares] : (struct dc_buf){0};
	int errnum = wb->errnum;
	pthread_cond_broadcast(&wb->changed);
	pthread_mutex_unlock(&wb->lock);
	return errnum;
}

int dc_writeback_finish(struct dc_writeback *wb, bool discard)
{
	pthread_mutex_lock(&wb->lock);
	wb->done = true;
	wb->discard = discard;
	pthread_cond_broadcast(&wb->changed);
	pthread_mutex_unlock(&wb->lock);
	pthread_join(wb->thread, NULL);
	int errnum = wb->errnum;
	for (size_t i = 0; i < wb->spares; i++)
		dc_buf_free(&wb->spare[i]);
	pthread_cond_destroy(&wb->changed);
	pthread_mutex_destroy(&wb->lock);
	free(wb);
	return errnum;
}
