#include "halves.h"

#include <pthread.h>

#include "mapped.h"

/* The second half's reading on the helper thread. */
struct S_side {
	const struct dc_halves *h;
	struct dc_doc doc;       /* its arena and its part of the pool */
	struct dc_maps view;     /* of the mapped input, from the half on */
	struct dc_mapping one;
	struct dc_builder b;
	struct dc_diag_aside aside;
	enum dc_aside_outcome outcome;
};

static void *S_read_side(void *arg)
{
	struct S_side *s = arg;
	enum dc_status st = s->h->second(s->h->helper, &s->b, &s->aside.diag);
	enum dc_status fin = dc_builder_finish(&s->b);
	s->outcome = dc_diag_aside_close(&s->aside, st != DC_OK ? st : fin);
	return NULL;
}

/* Set S up to build beside B; false when there is not the room. */
static bool S_side_open(struct S_side *s, struct dc_builder *b,
			const struct dc_halves *h, struct dc_diag *diag)
{
	*s = (struct S_side){.h = h, .outcome = DC_ASIDE_FAILED};
	dc_arena_init(&s->doc.arena);
	dc_maps_view(b->doc->maps, h->second_at, &s->view, &s->one);
	s->doc.maps = &s->view;
	if (!dc_pool_split(&b->doc->nodes, &s->doc.nodes, h->first_room,
			   h->second_room))
		return false;
	struct dc_node *base = dc_node_new(&s->doc, b->base->kind);
	if (!base || !dc_diag_aside_open(&s->aside, diag)) {
		dc_pool_join(&b->doc->nodes, &s->doc.nodes, false);
		return false;
	}
	dc_builder_init(&s->b, &s->doc, base, &s->aside.diag, b->file);
	dc_builder_keep(&s->b, b->kept, b->kept_len);
	return true;
}

/* Drop what S built. */
static void S_side_drop(struct S_side *s, struct dc_builder *b)
{
	dc_arena_free(&s->doc.arena);
	dc_pool_join(&b->doc->nodes, &s->doc.nodes, false);
}

/* Move what S built into B's document, after what B built. */
static enum dc_status S_side_take(struct S_side *s, struct dc_builder *b)
{
	dc_pool_join(&b->doc->nodes, &s->doc.nodes, true);
	dc_arena_adopt(&b->doc->arena, &s->doc.arena);
	b->doc->n_nodes += s->doc.n_nodes;
	return dc_build_adopt(b, s->b.base);
}

enum dc_status dc_halves_read(struct dc_builder *b, const struct dc_halves *h,
			      struct dc_diag *diag)
{
	struct S_side side;
	pthread_t thread;
	bool started = h->helper && S_side_open(&side, b, h, diag);
	if (started && pthread_create(&thread, NULL, S_read_side, &side) != 0) {
		(void)dc_builder_finish(&side.b);
		(void)dc_diag_aside_close(&side.aside, DC_OK);
		S_side_drop(&side, b);
		started = false;
	}
	enum dc_status st = h->first(h->main, b, diag);
	if (started) {
		pthread_join(thread, NULL);
		if (st == DC_OK && side.outcome == DC_ASIDE_QUIET)
			return S_side_take(&side, b);
		S_side_drop(&side, b);
	}
	return st == DC_OK ? h->second(h->main, b, diag) : st;
}
