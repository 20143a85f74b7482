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
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "indexer_internal.h"
#include "shards.h"

#define POOL_QUEUE_CAPACITY 32

typedef enum message_kind {
    MSG_ARTICLE,  /* write it->id's passages into its shard */
    MSG_LANGUAGE, /* record `language` in every shard of the thread */
    MSG_COMMIT,   /* commit every changed shard of the thread */
    MSG_STOP
} message_kind;

typedef struct message {
    message_kind kind;
    item it;
    const char *language; /* owned by an analyzer, alive for the run */
} message;

typedef struct writer_thread {
    writer_pool *pool;
    size_t index;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed; /* queue or busy changed: both sides wait on it */
    message queue[POOL_QUEUE_CAPACITY];
    size_t head, count;
    size_t queued_passages; /* bounded like the indexer's queue */
    bool busy;
    indexer_summary sum;    /* its articles: added, updated, passages,
                               content ids */
    passim_status failure;
} writer_thread;

struct writer_pool {
    indexer *ix;
    writer_thread *threads;
    size_t nthreads, started;
    const char **langs;   /* languages already sent to every thread */
    size_t nlangs;
    bool new_language;    /* one was sent since the last commit point */
    size_t since_commit, passages_since_commit;
    atomic_bool failed;
};

size_t writer_pool_size(const indexer *ix)
{
    long cpus;
    size_t jobs = ix->opt.jobs;
    if (ix->synchronous || ix->nshards < 2)
        return 1;
    if (!jobs) {
        cpus = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = cpus > 0 ? (size_t)cpus : 1;
    }
    return jobs < ix->nshards ? jobs : ix->nshards;
}

/* Writer thread: applies one message to its own shards. */
static passim_status apply(writer_thread *t, message *m)
{
    indexer *ix = t->pool->ix;
    size_t n = t->pool->nthreads;
    passim_status st = PASSIM_OK;
    switch (m->kind) {
    case MSG_ARTICLE:
        return writer_write_article(ix, indexer_shard_of(ix, m->it.id), &m->it,
                                    &t->sum);
    case MSG_LANGUAGE:
        for (size_t i = t->index; st == PASSIM_OK && i < ix->nshards; i += n)
            st = writer_record_language(ix, &ix->shards[i], m->language);
        return st;
    case MSG_COMMIT:
        for (size_t i = t->index; st == PASSIM_OK && i < ix->nshards; i += n)
            if (ix->shards[i].dirty)
                st = writer_commit_shard(ix, &ix->shards[i]);
        return st;
    case MSG_STOP:
        break;
    }
    return st;
}

static void *thread_main(void *arg)
{
    writer_thread *t = arg;
    bool stop = false, failed = false;
    while (!stop) {
        passim_status st;
        message m;
        pthread_mutex_lock(&t->lock);
        while (t->count == 0)
            pthread_cond_wait(&t->changed, &t->lock);
        m = t->queue[t->head];
        t->head = (t->head + 1) % POOL_QUEUE_CAPACITY;
        t->count--;
        t->queued_passages -= m.it.npassages;
        t->busy = true;
        pthread_cond_broadcast(&t->changed);
        pthread_mutex_unlock(&t->lock);

        stop = m.kind == MSG_STOP;
        /* After a failure the rest is drained unwritten. */
        st = failed || stop ? PASSIM_OK : apply(t, &m);
        indexer_item_clear(&m.it);

        pthread_mutex_lock(&t->lock);
        if (st != PASSIM_OK) {
            t->failure = st;
            failed = true;
            atomic_store(&t->pool->failed, true);
        }
        t->busy = false;
        pthread_cond_broadcast(&t->changed);
        pthread_mutex_unlock(&t->lock);
    }
    return NULL;
}

/* Dispatcher: queues a message for thread t, waiting for room. */
static void post(writer_thread *t, message *m)
{
    pthread_mutex_lock(&t->lock);
    while (t->count == POOL_QUEUE_CAPACITY ||
           (t->count > 0 && t->queued_passages >= QUEUE_MAX_PASSAGES))
        pthread_cond_wait(&t->changed, &t->lock);
    t->queue[(t->head + t->count) % POOL_QUEUE_CAPACITY] = *m;
    t->count++;
    t->queued_passages += m->it.npassages;
    pthread_cond_broadcast(&t->changed);
    pthread_mutex_unlock(&t->lock);
    memset(&m->it, 0, sizeof m->it);
}

static void post_kind(writer_thread *t, message_kind kind, const char *lang)
{
    message m = {.kind = kind, .language = lang};
    post(t, &m);
}

/* Dispatcher: waits until thread t has written everything sent to it. */
static void wait_idle(writer_thread *t)
{
    pthread_mutex_lock(&t->lock);
    while (t->count > 0 || t->busy)
        pthread_cond_wait(&t->changed, &t->lock);
    pthread_mutex_unlock(&t->lock);
}

static void commit_point(writer_pool *pool)
{
    size_t first = 0;
    if (pool->new_language) {
        /* Thread 0 holds shard 0: it commits before anyone else. */
        post_kind(&pool->threads[0], MSG_COMMIT, NULL);
        wait_idle(&pool->threads[0]);
        first = 1;
    }
    for (size_t i = first; i < pool->nthreads; i++)
        post_kind(&pool->threads[i], MSG_COMMIT, NULL);
    pool->new_language = false;
    pool->since_commit = 0;
    pool->passages_since_commit = 0;
}

static passim_status failure(writer_pool *pool)
{
    passim_status st = PASSIM_OK;
    for (size_t i = 0; st == PASSIM_OK && i < pool->started; i++) {
        pthread_mutex_lock(&pool->threads[i].lock);
        st = pool->threads[i].failure;
        pthread_mutex_unlock(&pool->threads[i].lock);
    }
    return st;
}

/* Every shard records every language (searches read shard 0's metadata);
 * the languages go out ahead of the first article written in them. */
static passim_status post_language(writer_pool *pool, const char *language)
{
    const char **grown;
    for (size_t i = 0; i < pool->nlangs; i++)
        if (strcmp(pool->langs[i], language) == 0)
            return PASSIM_OK;
    grown = realloc(pool->langs, (pool->nlangs + 1) * sizeof *grown);
    if (!grown)
        return PASSIM_ERROR_NO_MEMORY;
    pool->langs = grown;
    pool->langs[pool->nlangs++] = language;
    for (size_t i = 0; i < pool->nthreads; i++)
        post_kind(&pool->threads[i], MSG_LANGUAGE, language);
    pool->new_language = true;
    return PASSIM_OK;
}

passim_status writer_pool_apply(writer_pool *pool, item *it)
{
    indexer *ix = pool->ix;
    passim_status st;
    message m = {.kind = MSG_ARTICLE};
    bool due;
    if (atomic_load(&pool->failed))
        return failure(pool);
    switch (it->kind) {
    case ITEM_WRITE:
        st = post_language(pool, it->language);
        if (st != PASSIM_OK)
            return st;
        m.it = *it;
        memset(it, 0, sizeof *it);
        due = indexer_commit_due(ix, &pool->since_commit,
                                 &pool->passages_since_commit, &m.it);
        post(&pool->threads[shards_pick(m.it.id, ix->nshards) %
                            pool->nthreads],
             &m);
        if (due)
            commit_point(pool);
        return PASSIM_OK;
    case ITEM_FILE_READ:
        /* Pruning a file's articles reads and writes every shard: done
         * here while the writers are idle. */
        for (size_t i = 0; i < pool->nthreads; i++)
            wait_idle(&pool->threads[i]);
        if (atomic_load(&pool->failed))
            return failure(pool);
        return writer_apply(ix, it);
    case ITEM_UNCHANGED:
    case ITEM_FAILED:
        return writer_apply(ix, it); /* counts only */
    }
    return PASSIM_ERROR_INTERNAL;
}

passim_status writer_pool_finish(writer_pool *pool)
{
    indexer *ix;
    passim_status st;
    if (!pool)
        return PASSIM_OK;
    ix = pool->ix;
    /* The end of the batch is a commit point, so the shards commit in
     * parallel here rather than one after the other in indexer_commit. */
    if (pool->started == pool->nthreads && !atomic_load(&pool->failed))
        commit_point(pool);
    for (size_t i = 0; i < pool->started; i++)
        post_kind(&pool->threads[i], MSG_STOP, NULL);
    for (size_t i = 0; i < pool->started; i++) {
        writer_thread *t = &pool->threads[i];
        pthread_join(t->thread, NULL);
        ix->sum.added += t->sum.added;
        ix->sum.updated += t->sum.updated;
        ix->sum.passages += t->sum.passages;
        ix->sum.content_ids += t->sum.content_ids;
    }
    st = failure(pool);
    for (size_t i = 0; i < pool->nthreads; i++) {
        pthread_mutex_destroy(&pool->threads[i].lock);
        pthread_cond_destroy(&pool->threads[i].changed);
    }
    free(pool->threads);
    free(pool->langs);
    free(pool);
    return st;
}

passim_status writer_pool_start(writer_pool **out, indexer *ix,
                                size_t nthreads)
{
    writer_pool *pool = calloc(1, sizeof *pool);
    *out = NULL;
    if (!pool || !(pool->threads = calloc(nthreads, sizeof *pool->threads))) {
        free(pool);
        return PASSIM_ERROR_NO_MEMORY;
    }
    pool->ix = ix;
    pool->nthreads = nthreads;
    for (size_t i = 0; i < nthreads; i++) {
        pool->threads[i].pool = pool;
        pool->threads[i].index = i;
        pthread_mutex_init(&pool->threads[i].lock, NULL);
        pthread_cond_init(&pool->threads[i].changed, NULL);
    }
    for (; pool->started < nthreads; pool->started++)
        if (pthread_create(&pool->threads[pool->started].thread, NULL,
                           thread_main, &pool->threads[pool->started]) != 0) {
            indexer_set_error(ix, db_strdupf("cannot start a writer thread"));
            writer_pool_finish(pool);
            return PASSIM_ERROR_INTERNAL;
        }
    *out = pool;
    return PASSIM_OK;
}
