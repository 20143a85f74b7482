/*
 * writer_pool.c — parallel shard writers: with a sharded database, one
 * thread per group of shards writes them, each fed by its own queue, so
 * Xapian's writing (the bulk of indexing) runs on several cores.
 *
 * What stays as with one writer: an article goes into its shard as one
 * document, replaced whole; commit points come every --commit-every articles
 * and at the end, and at each one every changed shard commits. What
 * "atomic" means across shards: Xapian has no transaction spanning
 * databases, so each shard commits on its own and a crash may leave one
 * shard at commit point k and another at k-1. Every article lives in one
 * shard only, so each article is still wholly old or wholly new, and a
 * rerun redoes exactly the articles whose shard lost them (their stored
 * content hashes differ). The one cross-shard fact, the languages listed
 * in shard 0's metadata (which searches read), is kept safe by committing
 * shard 0 before the others whenever a new language came in.
 *
 * Who owns what: the dispatcher (the thread that owns the writer) owns the
 * pool and its counts of languages and commit points; each thread owns the
 * shards i with i % nthreads == its index, its queue's consuming end and
 * its counts, which the dispatcher reads once the thread has ended.
 */
#include "writer_pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "item_queue.h"
#include "shards.h"
#include "vec.h"

#define POOL_QUEUE_CAPACITY 32

typedef struct writer_thread {
    writer_pool *pool;
    size_t index;
    pthread_t thread;
    item_queue *queue;
    passim_index_summary sum; /* its articles: added, updated, passages,
                                 content ids; read by the dispatcher after
                                 the join */
    atomic_int failure;       /* a passim_status: the write that stopped it */
} writer_thread;

struct writer_pool {
    writer *w;
    writer_thread *threads;
    size_t nthreads, started;
    const char **langs; /* languages already sent to every thread */
    size_t nlangs;
    bool new_language; /* one was sent since the last commit point */
    commit_count since_commit;
    atomic_bool failed;
};

size_t writer_pool_size(size_t jobs, size_t nshards)
{
    long cpus;
    if (nshards < 2)
        return 1;
    if (!jobs) {
        cpus = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = cpus > 0 ? (size_t)cpus : 1;
    }
    return jobs < nshards ? jobs : nshards;
}

/* Writer thread: applies one item or order to its own shards. */
static passim_status apply(writer_thread *t, item *it)
{
    writer *w = t->pool->w;
    size_t n = t->pool->nthreads, nshards = writer_nshards(w);
    passim_status st = PASSIM_OK;
    switch (it->kind) {
    case ITEM_WRITE:
        return writer_write_article(w, shards_pick(it->id, nshards), it,
                                    &t->sum);
    case ITEM_LANGUAGE:
        for (size_t i = t->index; st == PASSIM_OK && i < nshards; i += n)
            st = writer_record_language(w, i, it->language);
        return st;
    case ITEM_COMMIT:
        for (size_t i = t->index; st == PASSIM_OK && i < nshards; i += n)
            st = writer_commit_shard(w, i);
        return st;
    case ITEM_UNCHANGED:
    case ITEM_FAILED:
    case ITEM_FILE_READ:
        break; /* the dispatcher's (writer_pool_apply) */
    }
    return PASSIM_ERROR_INTERNAL;
}

static void *thread_main(void *arg)
{
    writer_thread *t = arg;
    bool failed = false;
    item it;
    while (item_queue_pop(t->queue, &it)) {
        /* After a failure the rest is drained unwritten. */
        passim_status st = failed ? PASSIM_OK : apply(t, &it);
        item_clear(&it);
        if (st != PASSIM_OK) {
            atomic_store(&t->failure, st);
            failed = true;
            atomic_store(&t->pool->failed, true);
        }
        item_queue_done(t->queue);
    }
    return NULL;
}

/* Dispatcher: an order (no article) for thread t. */
static void post_order(writer_thread *t, item_kind kind, const char *lang)
{
    item order = {.kind = kind, .language = lang};
    item_queue_push(t->queue, &order);
}

static void commit_point(writer_pool *pool)
{
    size_t first = 0;
    if (pool->new_language) {
        /* Thread 0 holds shard 0: it commits before anyone else. */
        post_order(&pool->threads[0], ITEM_COMMIT, NULL);
        item_queue_wait_idle(pool->threads[0].queue);
        first = 1;
    }
    for (size_t i = first; i < pool->nthreads; i++)
        post_order(&pool->threads[i], ITEM_COMMIT, NULL);
    pool->new_language = false;
    pool->since_commit = (commit_count){0, 0};
}

static passim_status failure(writer_pool *pool)
{
    passim_status st = PASSIM_OK;
    for (size_t i = 0; st == PASSIM_OK && i < pool->started; i++)
        st = (passim_status)atomic_load(&pool->threads[i].failure);
    return st;
}

/* Every shard records every language (searches read shard 0's metadata);
 * the languages go out ahead of the first article written in them. */
static passim_status post_language(writer_pool *pool, const char *language)
{
    for (size_t i = 0; i < pool->nlangs; i++)
        if (strcmp(pool->langs[i], language) == 0)
            return PASSIM_OK;
    if (!vec_reserve_implied(pool->langs, pool->nlangs))
        return PASSIM_ERROR_NO_MEMORY;
    pool->langs[pool->nlangs++] = language;
    for (size_t i = 0; i < pool->nthreads; i++)
        post_order(&pool->threads[i], ITEM_LANGUAGE, language);
    pool->new_language = true;
    return PASSIM_OK;
}

passim_status writer_pool_apply(writer_pool *pool, item *it)
{
    passim_status st;
    size_t shard;
    bool due;
    if (atomic_load(&pool->failed))
        return failure(pool);
    switch (it->kind) {
    case ITEM_WRITE:
        st = post_language(pool, it->language);
        if (st != PASSIM_OK)
            return st;
        due = writer_commit_due(pool->w, &pool->since_commit, it);
        shard = shards_pick(it->id, writer_nshards(pool->w));
        item_queue_push(pool->threads[shard % pool->nthreads].queue, it);
        if (due)
            commit_point(pool);
        return PASSIM_OK;
    case ITEM_FILE_READ:
        /* Pruning a file's articles reads and writes every shard: done
         * here while the writers are idle. */
        for (size_t i = 0; i < pool->nthreads; i++)
            item_queue_wait_idle(pool->threads[i].queue);
        if (atomic_load(&pool->failed))
            return failure(pool);
        return writer_apply(pool->w, it);
    case ITEM_UNCHANGED:
    case ITEM_FAILED:
        return writer_apply(pool->w, it); /* counts only */
    case ITEM_LANGUAGE:
    case ITEM_COMMIT:
        break; /* the pool's own orders */
    }
    return PASSIM_ERROR_INTERNAL;
}

passim_status writer_pool_finish(writer_pool *pool)
{
    passim_status st;
    if (!pool)
        return PASSIM_OK;
    /* The end of the batch is a commit point, so the shards commit in
     * parallel here rather than one after the other in indexer_commit. */
    if (pool->started == pool->nthreads && !atomic_load(&pool->failed))
        commit_point(pool);
    for (size_t i = 0; i < pool->started; i++)
        item_queue_close(pool->threads[i].queue);
    for (size_t i = 0; i < pool->started; i++) {
        pthread_join(pool->threads[i].thread, NULL);
        writer_add_counts(pool->w, &pool->threads[i].sum);
    }
    st = failure(pool);
    for (size_t i = 0; i < pool->nthreads; i++)
        item_queue_free(pool->threads[i].queue);
    free(pool->threads);
    free(pool->langs);
    free(pool);
    return st;
}

passim_status writer_pool_start(writer_pool **out, writer *w,
                                run_shared *shared, size_t nthreads)
{
    writer_pool *pool = calloc(1, sizeof *pool);
    *out = NULL;
    if (!pool || !(pool->threads = calloc(nthreads, sizeof *pool->threads))) {
        free(pool);
        return PASSIM_ERROR_NO_MEMORY;
    }
    pool->w = w;
    pool->nthreads = nthreads;
    for (size_t i = 0; i < nthreads; i++) {
        pool->threads[i].pool = pool;
        pool->threads[i].index = i;
        atomic_init(&pool->threads[i].failure, PASSIM_OK);
        if (item_queue_new(&pool->threads[i].queue, POOL_QUEUE_CAPACITY,
                           QUEUE_MAX_PASSAGES) != PASSIM_OK) {
            writer_pool_finish(pool);
            return PASSIM_ERROR_NO_MEMORY;
        }
    }
    for (; pool->started < nthreads; pool->started++)
        if (pthread_create(&pool->threads[pool->started].thread, NULL,
                           thread_main, &pool->threads[pool->started]) != 0) {
            run_shared_set_error(shared,
                                 db_strdupf("cannot start a writer thread"));
            writer_pool_finish(pool);
            return PASSIM_ERROR_INTERNAL;
        }
    *out = pool;
    return PASSIM_OK;
}
