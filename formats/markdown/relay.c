/* md4c on a thread of its own, its events relayed to the callbacks.
 *
 * md4c calls back as it parses, and the reader's callbacks (building the
 * model) cost as much as the parse: on one thread the two take turns.
 * Here md4c runs on a second thread whose callbacks only write each event
 * down, into blocks of records; this thread reads the blocks in order and
 * makes the same calls, with the same arguments: a text in the parsed
 * data by the same pointer, a string of md4c's own (a line end, a decoded
 * attribute) and a detail (a list's marker, a link's URL) by a copy of
 * it.  So the callbacks see what they would, in the same order, and the
 * document is the same.  Two differences that callbacks reading md4c's
 * API as documented cannot see: an empty attribute's arrays are the
 * relay's own (no substring, one offset), and an event of a type md4c
 * documents no detail for gets NULL.  A callback that returns non-zero is the last
 * called and its value the result; md4c's thread is told, and its next
 * event ends the parse.  (md4c 0.4.8 itself goes on after some of its
 * callbacks return non-zero; the reader's keep returning it.)
 *
 * At most RELAY_QUEUED blocks wait, so memory stays bounded when the
 * callbacks are the slower side. */
#include <pthread.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "mdr.h"

enum {
	RELAY_BLOCK = 64 * 1024,
	RELAY_QUEUED = 8,
};

enum record_kind { R_ENTER_BLOCK, R_LEAVE_BLOCK, R_ENTER_SPAN,
		   R_LEAVE_SPAN, R_TEXT };

/* One event; what follows it in the block (each part aligned) is its
 * detail with the strings and arrays the detail points to, or its text
 * when that is not in the parsed data. */
struct record {
	unsigned char kind;    /* enum record_kind */
	bool detail;           /* a detail follows */
	bool copied;           /* a text follows: it is not at OFFSET */
	unsigned type;         /* MD_BLOCKTYPE, MD_SPANTYPE or MD_TEXTTYPE */
	MD_SIZE size;          /* the text's */
	MD_OFFSET offset;      /* the text's, in the parsed data */
	size_t next;           /* the next record's place in the block */
};

struct block {
	struct block *next;
	size_t used, cap;
	alignas(max_align_t) unsigned char data[];
};

struct relay {
	const MD_CHAR *data;
	MD_SIZE len;
	unsigned flags;
	/* md4c's side: the block being filled. */
	struct block *filling;
	bool failed;           /* out of memory on md4c's side */
	int result;            /* md_parse's */
	/* Shared, under LOCK. */
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct block *head, *tail;
	size_t queued;
	bool done;
	atomic_bool stop;      /* a callback said stop */
};

static size_t S_align(size_t n)
{
	return (n + alignof(max_align_t) - 1) & ~(alignof(max_align_t) - 1);
}

/* ---- md4c's side ---- */

/* Hand the filled block to the reader, waiting while too many wait. */
static void S_publish(struct relay *rl)
{
	struct block *b = rl->filling;
	rl->filling = NULL;
	if (!b)
		return;
	pthread_mutex_lock(&rl->lock);
	while (rl->queued >= RELAY_QUEUED && !atomic_load(&rl->stop))
		pthread_cond_wait(&rl->changed, &rl->lock);
	if (rl->tail)
		rl->tail->next = b;
	else
		rl->head = b;
	rl->tail = b;
	rl->queued++;
	pthread_cond_broadcast(&rl->changed);
	pthread_mutex_unlock(&rl->lock);
}

/* SIZE bytes free in the block being filled, so that an event and what
 * follows it are in one block; false when out of memory. */
static bool S_ensure(struct relay *rl, size_t size)
{
	struct block *b = rl->filling;
	if (b && b->cap - b->used >= size)
		return true;
	S_publish(rl);
	size_t cap = size > RELAY_BLOCK ? size : RELAY_BLOCK;
	b = malloc(sizeof *b + cap);
	if (!b)
		return false;
	*b = (struct block){.cap = cap};
	rl->filling = b;
	return true;
}

/* The next SIZE bytes of the block being filled, which has room. */
static void *S_take(struct relay *rl, size_t size)
{
	struct block *b = rl->filling;
	void *at = b->data + b->used;
	b->used += S_align(size);
	return at;
}

/* A copy of N bytes at P in the block being filled. */
static void *S_copy(struct relay *rl, const void *p, size_t n)
{
	void *to = S_take(rl, n);
	if (n)
		memcpy(to, p, n);
	return to;
}

/* Is P a pointer into the parsed data? */
static bool S_inside(const struct relay *rl, const MD_CHAR *p)
{
	uintptr_t at = (uintptr_t)p, base = (uintptr_t)rl->data;
	return at >= base && at - base <= rl->len;
}

/* Does an attribute's TEXT stay where it is: in the parsed data, or
 * NULL (an empty attribute's)? */
static bool S_text_stays(const struct relay *rl, const MD_CHAR *text)
{
	return !text || S_inside(rl, text);
}

/* The substrings of A (each has a type; there is one offset more). */
static size_t S_substrings(const MD_ATTRIBUTE *a)
{
	size_t n = 0;
	while (a->size > 0 && a->substr_offsets[n] < a->size)
		n++;
	return n;
}

/* What S_copy_attribute() takes of a block for A. */
static size_t S_attribute_size(const struct relay *rl, const MD_ATTRIBUTE *a)
{
	size_t n = S_substrings(a);
	return S_align(n * sizeof *a->substr_types) +
	       S_align((n + 1) * sizeof *a->substr_offsets) +
	       (S_text_stays(rl, a->text) ? 0 : S_align(a->size));
}

/* A's arrays, and its text unless it is in the parsed data (or NULL),
 * copied into the block, and A pointed at them.  An empty attribute gets arrays of
 * its own too: md4c's are gone by the time it is read. */
static void S_copy_attribute(struct relay *rl, MD_ATTRIBUTE *a)
{
	static const MD_OFFSET none[1] = {0};
	size_t n = S_substrings(a);
	a->substr_types = S_copy(rl, a->substr_types,
				 n * sizeof *a->substr_types);
	a->substr_offsets = S_copy(rl, n ? a->substr_offsets : none,
				   (n + 1) * sizeof *a->substr_offsets);
	if (!S_text_stays(rl, a->text))
		a->text = S_copy(rl, a->text, a->size);
}

/* The attributes of an event's DETAIL (of KIND and TYPE): all of them,
 * at most two. */
static size_t S_attributes(enum record_kind kind, unsigned type,
			   void *detail, MD_ATTRIBUTE *out[2])
{
	if (kind == R_ENTER_SPAN || kind == R_LEAVE_SPAN) {
		MD_SPAN_A_DETAIL *a = detail;
		MD_SPAN_IMG_DETAIL *img = detail;
		MD_SPAN_WIKILINK_DETAIL *wiki = detail;
		switch ((MD_SPANTYPE)type) {
		case MD_SPAN_A:
			out[0] = &a->href, out[1] = &a->title;
			return 2;
		case MD_SPAN_IMG:
			out[0] = &img->src, out[1] = &img->title;
			return 2;
		case MD_SPAN_WIKILINK:
			out[0] = &wiki->target;
			return 1;
		default: return 0;
		}
	}
	MD_BLOCK_CODE_DETAIL *code = detail;
	if (type != MD_BLOCK_CODE)
		return 0;
	out[0] = &code->info, out[1] = &code->lang;
	return 2;
}

/* The size of the detail of an event of KIND and TYPE, 0: none. */
static size_t S_detail_size(enum record_kind kind, unsigned type)
{
	if (kind == R_ENTER_SPAN || kind == R_LEAVE_SPAN) {
		switch ((MD_SPANTYPE)type) {
		case MD_SPAN_A: return sizeof(MD_SPAN_A_DETAIL);
		case MD_SPAN_IMG: return sizeof(MD_SPAN_IMG_DETAIL);
		case MD_SPAN_WIKILINK: return sizeof(MD_SPAN_WIKILINK_DETAIL);
		default: return 0;
		}
	}
	switch ((MD_BLOCKTYPE)type) {
	case MD_BLOCK_UL: return sizeof(MD_BLOCK_UL_DETAIL);
	case MD_BLOCK_OL: return sizeof(MD_BLOCK_OL_DETAIL);
	case MD_BLOCK_LI: return sizeof(MD_BLOCK_LI_DETAIL);
	case MD_BLOCK_H: return sizeof(MD_BLOCK_H_DETAIL);
	case MD_BLOCK_CODE: return sizeof(MD_BLOCK_CODE_DETAIL);
	case MD_BLOCK_TABLE: return sizeof(MD_BLOCK_TABLE_DETAIL);
	case MD_BLOCK_TH:
	case MD_BLOCK_TD: return sizeof(MD_BLOCK_TD_DETAIL);
	default: return 0;
	}
}

/* Write a block's or a span's event down; non-zero stops md4c. */
static int S_record(struct relay *rl, enum record_kind kind, unsigned type,
		    void *detail)
{
	if (atomic_load(&rl->stop) || rl->failed)
		return 1;
	size_t size = detail ? S_detail_size(kind, type) : 0;
	MD_ATTRIBUTE *attrs[2];
	size_t n = size ? S_attributes(kind, type, detail, attrs) : 0;
	size_t need = S_align(sizeof(struct record)) + S_align(size);
	for (size_t i = 0; i < n; i++)
		need += S_attribute_size(rl, attrs[i]);
	if (!S_ensure(rl, need)) {
		rl->failed = true;
		return 1;
	}
	struct record *rec = S_take(rl, sizeof *rec);
	if (size) {
		void *copy = S_copy(rl, detail, size);
		n = S_attributes(kind, type, copy, attrs);
		for (size_t i = 0; i < n; i++)
			S_copy_attribute(rl, attrs[i]);
	}
	*rec = (struct record){.kind = (unsigned char)kind, .type = type,
			       .detail = size > 0,
			       .next = rl->filling->used};
	return 0;
}

static int S_enter_block(MD_BLOCKTYPE type, void *detail, void *data)
{
	return S_record(data, R_ENTER_BLOCK, type, detail);
}

static int S_leave_block(MD_BLOCKTYPE type, void *detail, void *data)
{
	return S_record(data, R_LEAVE_BLOCK, type, detail);
}

static int S_enter_span(MD_SPANTYPE type, void *detail, void *data)
{
	return S_record(data, R_ENTER_SPAN, type, detail);
}

static int S_leave_span(MD_SPANTYPE type, void *detail, void *data)
{
	return S_record(data, R_LEAVE_SPAN, type, detail);
}

static int S_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE size,
		  void *data)
{
	struct relay *rl = data;
	if (atomic_load(&rl->stop) || rl->failed)
		return 1;
	bool inside = S_inside(rl, s) && (size_t)(s - rl->data) + size <=
						 rl->len;
	if (!S_ensure(rl, S_align(sizeof(struct record)) +
				  (inside ? 0 : S_align(size)))) {
		rl->failed = true;
		return 1;
	}
	struct record *rec = S_take(rl, sizeof *rec);
	if (!inside)
		S_copy(rl, s, size);
	*rec = (struct record){
		.kind = R_TEXT, .type = type, .size = size,
		.copied = !inside,
		.offset = inside ? (MD_OFFSET)(s - rl->data) : 0,
		.next = rl->filling->used};
	return 0;
}

static void *S_parse(void *arg)
{
	struct relay *rl = arg;
	const MD_PARSER parser = {
		.flags = rl->flags,
		.enter_block = S_enter_block,
		.leave_block = S_leave_block,
		.enter_span = S_enter_span,
		.leave_span = S_leave_span,
		.text = S_text,
	};
	int result = md_parse(rl->data, rl->len, &parser, rl);
	S_publish(rl);
	pthread_mutex_lock(&rl->lock);
	rl->result = rl->failed ? -1 : result;
	rl->done = true;
	pthread_cond_broadcast(&rl->changed);
	pthread_mutex_unlock(&rl->lock);
	return NULL;
}

/* ---- The reader's side ---- */

/* The events of block B, given to PARSER's callbacks: the first non-zero
 * one returns. */
static int S_replay(const struct relay *rl, const struct block *b,
		    const MD_PARSER *parser, void *userdata)
{
	int ret = 0;
	for (size_t at = 0; ret == 0 && at < b->used;) {
		const struct record *rec = (const void *)(b->data + at);
		void *after = (void *)(b->data + at + S_align(sizeof *rec));
		void *detail = rec->detail ? after : NULL;
		switch ((enum record_kind)rec->kind) {
		case R_ENTER_BLOCK:
			ret = parser->enter_block(rec->type, detail, userdata);
			break;
		case R_LEAVE_BLOCK:
			ret = parser->leave_block(rec->type, detail, userdata);
			break;
		case R_ENTER_SPAN:
			ret = parser->enter_span(rec->type, detail, userdata);
			break;
		case R_LEAVE_SPAN:
			ret = parser->leave_span(rec->type, detail, userdata);
			break;
		case R_TEXT:
			ret = parser->text(rec->type,
					   rec->copied ? after
						       : rl->data + rec->offset,
					   rec->size, userdata);
			break;
		}
		at = rec->next;
	}
	return ret;
}

/* The next block md4c's side has written, or NULL when it is done. */
static struct block *S_next(struct relay *rl)
{
	pthread_mutex_lock(&rl->lock);
	while (!rl->head && !rl->done)
		pthread_cond_wait(&rl->changed, &rl->lock);
	struct block *b = rl->head;
	if (b) {
		rl->head = b->next;
		if (!rl->head)
			rl->tail = NULL;
		rl->queued--;
		pthread_cond_broadcast(&rl->changed);
	}
	pthread_mutex_unlock(&rl->lock);
	return b;
}

/* Tell md4c's side to stop, and wake it if it waits for room. */
static void S_stop(struct relay *rl)
{
	pthread_mutex_lock(&rl->lock);
	atomic_store(&rl->stop, true);
	pthread_cond_broadcast(&rl->changed);
	pthread_mutex_unlock(&rl->lock);
}

int mdr_parse_relayed(const MD_CHAR *data, MD_SIZE len,
		      const MD_PARSER *parser, void *userdata)
{
	struct relay rl = {.data = data, .len = len, .flags = parser->flags};
	atomic_init(&rl.stop, false);
	pthread_t thread;
	if (pthread_mutex_init(&rl.lock, NULL) != 0)
		return md_parse(data, len, parser, userdata);
	if (pthread_cond_init(&rl.changed, NULL) != 0) {
		pthread_mutex_destroy(&rl.lock);
		return md_parse(data, len, parser, userdata);
	}
	int ret = 0;
	if (pthread_create(&thread, NULL, S_parse, &rl) != 0) {
		ret = md_parse(data, len, parser, userdata);
	} else {
		struct block *b;
		while ((b = S_next(&rl)) != NULL) {
			if (ret == 0 && (ret = S_replay(&rl, b, parser,
							userdata)) != 0)
				S_stop(&rl);
			free(b);
		}
		pthread_join(thread, NULL);
		if (ret == 0)
			ret = rl.result;
	}
	pthread_cond_destroy(&rl.changed);
	pthread_mutex_destroy(&rl.lock);
	return ret;
}
