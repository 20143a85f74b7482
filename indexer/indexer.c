/* indexer.c — the batch indexer: its reading side (reading.c) runs on a
 * worker thread and hands ready documents over a bounded queue
 * (item_queue.c) to the calling thread, which writes them (writer.c, or the
 * parallel shard writers of writer_pool.c) and commits between articles.
 * The only things the threads share are the queue and run_shared.h. */
#include "indexer.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "item_queue.h"
#include "reading.h"
#include "run_shared.h"
#include "walk.h"
#include "writer.h"
#include "writer_pool.h"

/* Between the reading side and the writer. */
#define QUEUE_CAPACITY 64

struct indexer {
    passim_db_options opt; /* defaults filled in */
    run_shared shared;     /* both sides: error text, stop flag, commits */
    /* The calling thread's: it writes. */
    writer *writer;
    xc_db **writer_dbs; /* the writer's, one per shard: where a reading
                           side on the writing thread looks hashes up */
    /* The worker thread's while indexer_add_paths runs; else the calling
     * thread's (indexer_add_article). */
    reading *reading;
    /* A remote writer has no snapshot beside it, and its one connection
     * cannot serve two threads: read and write on the calling thread. */
    bool synchronous;
    passim_status failure;          /* synchronous: the write that stopped it */
    unsigned long long total_bytes; /* for progress; 0: unknown */
    struct timespec started, last_progress;
};

static double seconds_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) +
           (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

const char *indexer_error(const indexer *ix)
{
    return ix ? run_shared_error(&ix->shared) : "";
}

/* ---- one run over paths ------------------------------------------------- */

/* The reading side's sink on its own thread. */
static bool push_item(item *it, void *ctx)
{
    return item_queue_push(ctx, it);
}

/* The reading side's sink on the writer's thread: written at once. */
static bool write_at_once(item *it, void *ctx)
{
    indexer *ix = ctx;
    passim_status st = atomic_load(&ix->shared.stop)
                           ? PASSIM_OK
                           : writer_apply(ix->writer, it);
    if (st != PASSIM_OK) {
        ix->failure = st;
        atomic_store(&ix->shared.stop, true);
    }
    item_clear(it);
    return !atomic_load(&ix->shared.stop);
}

typedef struct worker_job {
    indexer *ix;
    item_queue *queue;
    const char *const *roots;
    size_t nroots;
} worker_job;

static void *worker_main(void *arg)
{
    worker_job *job = arg;
    reading_run(job->ix->reading, job->roots, job->nroots, NULL, push_item,
                job->queue);
    item_queue_close(job->queue);
    return NULL;
}

static int add_size(const char *walked, const char *path, reader_format fmt,
                    unsigned long long size, void *ctx)
{
    (void)walked;
    (void)path;
    (void)fmt;
    *(unsigned long long *)ctx += size;
    return 0;
}

static void ignore_skip(const char *path, const char *reason, bool only_verbose,
                        void *ctx)
{
    (void)path, (void)reason, (void)only_verbose, (void)ctx;
}

static void maybe_progress(indexer *ix, bool force)
{
    passim_progress p;
    if (!ix->opt.progress)
        return;
    if (!force && seconds_since(&ix->last_progress) < 0.5)
        return;
    clock_gettime(CLOCK_MONOTONIC, &ix->last_progress);
    reading_progress(ix->reading, &p);
    p.total_bytes = ix->total_bytes;
    p.seconds = seconds_since(&ix->started);
    ix->opt.progress(&p, ix->opt.ctx);
}

/* The calling thread's part of a run: writes what the worker queues, until
 * it closes the queue. After a failure the worker is stopped and the queue
 * drained unwritten, so the worker can finish. */
static passim_status write_queued(indexer *ix, item_queue *queue,
                                  writer_pool *pool)
{
    passim_status st = PASSIM_OK;
    item it;
    while (item_queue_pop(queue, &it)) {
        if (st == PASSIM_OK) {
            st = pool ? writer_pool_apply(pool, &it)
                      : writer_apply(ix->writer, &it);
            if (st != PASSIM_OK) {
                atomic_store(&ix->shared.stop, true);
                item_queue_stop(queue);
            }
        }
        item_clear(&it);
        item_queue_done(queue);
        maybe_progress(ix, false);
    }
    return st;
}

/* A run with the reading side on a worker thread. */
static passim_status run_threaded(indexer *ix, const char *const *roots,
                                  size_t nroots)
{
    worker_job job = {ix, NULL, roots, nroots};
    pthread_t worker;
    writer_pool *pool = NULL;
    size_t nwriters =
        writer_pool_size(ix->opt.jobs, writer_nshards(ix->writer));
    passim_status st;

    st = item_queue_new(&job.queue, QUEUE_CAPACITY, QUEUE_MAX_PASSAGES);
    if (st == PASSIM_OK && nwriters > 1)
        st = writer_pool_start(&pool, ix->writer, &ix->shared, nwriters);
    if (st != PASSIM_OK) {
        item_queue_free(job.queue);
        return st;
    }
    if (pthread_create(&worker, NULL, worker_main, &job) != 0) {
        run_shared_set_error(&ix->shared,
                             db_strdupf("cannot start the reader thread"));
        writer_pool_finish(pool);
        item_queue_free(job.queue);
        return PASSIM_ERROR_INTERNAL;
    }
    st = write_queued(ix, job.queue, pool);
    pthread_join(worker, NULL);
    if (pool) {
        passim_status end = writer_pool_finish(pool);
        if (st == PASSIM_OK)
            st = end;
    }
    item_queue_free(job.queue);
    maybe_progress(ix, true);
    return st;
}

passim_status indexer_add_paths(indexer *ix, const char *const *roots,
                                size_t nroots)
{
    if (ix->opt.progress) {
        walk_options wopt = {ix->opt.include,       ix->opt.ninclude,
                             ix->opt.exclude,       ix->opt.nexclude,
                             ix->opt.max_file_size, false};
        for (size_t i = 0; i < nroots; i++)
            if (strcmp(roots[i], "-") != 0)
                walk_roots(&roots[i], 1, &wopt, add_size, ignore_skip,
                           &ix->total_bytes);
    }
    atomic_store(&ix->shared.stop, false);
    ix->failure = PASSIM_OK;
    if (ix->synchronous) {
        reading_run(ix->reading, roots, nroots, ix->writer_dbs, write_at_once,
                    ix);
        maybe_progress(ix, true);
        return ix->failure;
    }
    return run_threaded(ix, roots, nroots);
}

/* ---- single articles and the rest --------------------------------------- */

passim_status indexer_add_article(indexer *ix, article *a,
                                  passim_outcome *outcome)
{
    item it = {0};
    passim_status st;
    /* The writer sees its own uncommitted changes: look hashes up there. */
    reading_prepare(ix->reading, ix->writer_dbs, a, &it);
    if (outcome)
        *outcome = it.kind == ITEM_UNCHANGED ? PASSIM_OUTCOME_UNCHANGED
                   : it.existed              ? PASSIM_OUTCOME_UPDATED
                                             : PASSIM_OUTCOME_ADDED;
    st = writer_apply(ix->writer, &it);
    if (st == PASSIM_OK && it.kind == ITEM_FAILED)
        st = PASSIM_ERROR_INPUT;
    item_clear(&it);
    return st;
}

passim_status indexer_prune(indexer *ix, const char *const *roots,
                            size_t nroots)
{
    return writer_prune(ix->writer, roots, nroots);
}

passim_status indexer_prune_all(indexer *ix, size_t *removed)
{
    return writer_prune_all(ix->writer, removed);
}

passim_status indexer_delete_file(indexer *ix, const char *path, size_t *found)
{
    return writer_delete_file(ix->writer, path, found);
}

passim_status indexer_delete(indexer *ix, const char *const *ids, size_t nids,
                             size_t *found)
{
    return writer_delete(ix->writer, ids, nids, found);
}

passim_status indexer_set_synonyms(indexer *ix, const char *text, size_t len)
{
    return writer_set_synonyms(ix->writer, text, len);
}

passim_status indexer_commit(indexer *ix, passim_index_summary *summary)
{
    passim_status st = writer_commit(ix->writer);
    if (summary) {
        passim_progress p;
        reading_progress(ix->reading, &p);
        *summary = *writer_summary(ix->writer);
        summary->version = PASSIM_INDEX_SUMMARY_VERSION;
        summary->bytes = p.bytes;
        summary->seconds = seconds_since(&ix->started);
    }
    return st;
}

passim_status indexer_compact(indexer *ix)
{
    /* The snapshots would read the old database, which goes. */
    reading_close_snapshots(ix->reading);
    return writer_compact(ix->writer);
}

/* ---- opening ------------------------------------------------------------ */

/* Opens the reading side's snapshots of the writer's shards, and the
 * writer's databases for a reading side on its thread. */
static passim_status connect_sides(indexer *ix, char **errmsg)
{
    size_t n = writer_nshards(ix->writer);
    const char **paths = calloc(n ? n : 1, sizeof *paths);
    passim_status st = PASSIM_ERROR_NO_MEMORY;
    ix->writer_dbs = calloc(n ? n : 1, sizeof *ix->writer_dbs);
    if (paths && ix->writer_dbs) {
        for (size_t i = 0; i < n; i++) {
            paths[i] = writer_shard_path(ix->writer, i);
            ix->writer_dbs[i] = writer_shard_db(ix->writer, i);
        }
        st = reading_open_snapshots(ix->reading, paths, n, errmsg);
    }
    free(paths);
    ix->synchronous = st == PASSIM_OK && !reading_snapshots_all(ix->reading);
    return st;
}

passim_status indexer_open(indexer **out, const char *location,
                           const passim_db_options *opt, char **errmsg)
{
    indexer *ix = calloc(1, sizeof *ix);
    passim_status st;
    *out = NULL;
    if (!ix)
        return PASSIM_ERROR_NO_MEMORY;
    ix->opt = *opt;
    if (!ix->opt.commit_every)
        ix->opt.commit_every = INDEXER_DEFAULT_COMMIT_EVERY;
    if (!ix->opt.max_file_size)
        ix->opt.max_file_size = INDEXER_DEFAULT_MAX_FILE_SIZE;
    run_shared_init(&ix->shared);
    clock_gettime(CLOCK_MONOTONIC, &ix->started);
    ix->last_progress = ix->started;
    st = reading_new(&ix->reading, &ix->opt, &ix->shared, errmsg);
    if (st == PASSIM_OK)
        st = writer_open(&ix->writer, location, &ix->opt,
                         reading_language(ix->reading), &ix->shared, errmsg);
    if (st == PASSIM_OK)
        st = connect_sides(ix, errmsg);
    if (st != PASSIM_OK) {
        indexer_free(ix);
        return st;
    }
    *out = ix;
    return PASSIM_OK;
}

void indexer_free(indexer *ix)
{
    if (!ix)
        return;
    reading_free(ix->reading);
    writer_free(ix->writer);
    free(ix->writer_dbs);
    run_shared_destroy(&ix->shared);
    free(ix);
}
