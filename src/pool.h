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

#include <stddef.h>
#include <stdint.h>

/* The most a pool reserves: links of 4-byte units reach this far. */
#define DC_POOL_RESERVE ((size_t)1 << 33)

struct dc_pool {
	unsigned char *base;  /* the reservation; NULL before the first use */
	size_t reserved;      /* its length */
	size_t committed;     /* bytes usable from BASE */
	size_t used;          /* bytes handed out */
};

/* An empty pool: nothing is reserved until the first allocation. */
void dc_pool_init(struct dc_pool *pool);
void dc_pool_free(struct dc_pool *pool);

/* SIZE zeroed bytes, aligned to 4 (SIZE a multiple of 4); NULL when out
 * of memory, or when the pool is full. */
void *dc_pool_alloc(struct dc_pool *pool, size_t size);

#endif
