/* A document's nodes, in one stretch of address space reserved up front
 * and made usable as they fill it: every node of a document then lies
 * within DC_POOL_RESERVE bytes of every other, and a node's links can be
 * 32-bit offsets from the node itself (node.h), not 64-bit pointers.  A
 * large document has millions of nodes: that is a quarter of its memory.
 *
 * What is reserved costs no memory: pages become memory when first
 * touched, as with malloc.  Where the address space is limited (ulimit
 * -v), half the limit is reserved at most. */
#ifndef DC_POOL_H
#define DC_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most a pool reserves: links of 4-byte units reach this far. */
#define DC_POOL_RESERVE ((size_t)1 << 33)

struct dc_pool {
	unsigned char *base;  /* the reservation; NULL before the first use */
	size_t reserved;      /* its length */
	size_t limit;         /* what is handed out ends below: parts lie
			       * above (dc_pool_split) */
	size_t committed;     /* bytes usable from BASE; a part's: usable
			       * from this offset of BASE up to its top */
	size_t used;          /* bytes handed out; a part's: the offset of
			       * the last handed out */
	size_t lent;          /* bytes made usable by parts given back */
	size_t top;           /* a part's: where it starts, filling down */
	bool down;            /* a part */
};

/* An empty pool: nothing is reserved until the first allocation. */
void dc_pool_init(struct dc_pool *pool);
void dc_pool_free(struct dc_pool *pool);

/* SIZE zeroed bytes, aligned to 4 (SIZE a multiple of 4); NULL when out
 * of memory, or when the pool is full. */
void *dc_pool_alloc(struct dc_pool *pool, size_t size);

/* Two pools filled at once, on two threads, in one stretch: PART, made
 * here, fills POOL's reservation downwards from the top of what POOL has
 * not used, while POOL goes on filling upwards, so that what the two
 * leave unused stays one stretch.  Until dc_pool_join(), POOL keeps KEEP
 * bytes past what it has used and PART may take ROOM; false when there
 * is not that much (POOL is then unchanged).  Nodes of the two link to
 * each other as nodes of one pool do. */
bool dc_pool_split(struct dc_pool *pool, struct dc_pool *part, size_t keep,
		   size_t room);
/* Give PART back to POOL, which may then grow up to PART's nodes; with
 * KEEP false, what PART handed out is dropped, its memory zeroed again
 * for POOL. */
void dc_pool_join(struct dc_pool *pool, struct dc_pool *part, bool keep);

#endif
