/*
 * writer_pool.h — parallel shard writers: `nthreads` threads, shard i
 * written by thread i % nthreads only, each fed by its own item queue by
 * the thread that owns the writer (the dispatcher).
 */
#ifndef PASSIM_WRITER_POOL_H
#define PASSIM_WRITER_POOL_H

#include <stddef.h>

#include "item.h"
#include "passim.h"
#include "run_shared.h"
#include "writer.h"

typedef struct writer_pool writer_pool;

/* How many writer threads a run uses: `jobs` (0: the online CPUs) capped
 * at the number of shards; 1 means the dispatcher writes, as without
 * shards. */
size_t writer_pool_size(size_t jobs, size_t nshards);
/* Starts the threads; the writer is theirs to write (shard by shard) until
 * writer_pool_finish. */
passim_status writer_pool_start(writer_pool **out, writer *w,
                                run_shared *shared, size_t nthreads);
/* Hands an item from the reading side to its shard's writer (taking its
 * contents: *it is left empty); a failed writer's status once one failed. */
passim_status writer_pool_apply(writer_pool *pool, item *it);
/* A last commit point, then the threads end; their counts go into the
 * writer's. Returns the first writer's failure, if any. Frees the pool. */
passim_status writer_pool_finish(writer_pool *pool);

#endif /* PASSIM_WRITER_POOL_H */
