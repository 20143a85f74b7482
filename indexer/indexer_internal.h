/*
 * indexer_internal.h — the indexer's state, shared by its reading side
 * (indexer.c: worker thread, queue), its writing side (writer.c: shards,
 * transactions, commits, pruning) and the parallel shard writers
 * (writer_pool.c).
 */
#ifndef PASSIM_INDEXER_INTERNAL_H
#define PASSIM_INDEXER_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "analyzer.h"
#include "indexer.h"
#include "word_counts.h"
#include "xc.h"

#define QUEUE_CAPACITY 64

/* Memory bounds, in passages (at most PASSAGE_MAX_WORDS words each). What
 * Xapian buffers until a commit (postings and positions) grows by about
 * 20-30 KB a passage of distinct words, and the queues hold prepared
 * documents: these keep a run under 256 MB whatever its articles
 * (tests/cli/test_hostile.sh measures it). A commit comes every
 * --commit-every articles or every COMMIT_MAX_PASSAGES passages, whichever
 * is first; the worker waits while QUEUE_MAX_PASSAGES are queued; an article
 * keeps its first ARTICLE_MAX_PASSAGES passages (its passages are written in
 * one transaction, which Xapian holds in memory whole). */
#define COMMIT_MAX_PASSAGES 4000
#define QUEUE_MAX_PASSAGES 2000
#define ARTICLE_MAX_PASSAGES 2000

/* What the worker hands the writer for one article or file. */
typedef enum item_kind {
    ITEM_WRITE,
    ITEM_UNCHANGED,
    ITEM_FAILED,
    ITEM_FILE_READ /* a multi-article file was read whole: id is its path,
                      ids the articles it holds now (with --prune) */
} item_kind;

typedef struct item {
    item_kind kind;
    bool existed;      /* replaces an article already in the database */
    char *id;
    bool id_from_content; /* the article had no id: see article_id_make */
    const char *language; /* canonical name, owned by an analyzer */
    xc_doc *doc;       /* ITEM_WRITE: the article's document */
    size_t npassages;  /* ITEM_WRITE: its passages (memory bounds count them) */
    char **ids;
    size_t nids;
    word_counts *words; /* ITEM_WRITE: the article's words, for spelling */
} item;

/* One database the articles are spread over (one, unless sharded). */
typedef struct shard {
    char *path;
    xc_db *db;       /* the writer */
    xc_db *snapshot; /* a reader of the last commit, for content hashes; NULL
                        for remote databases (hashes come from the writer).
                        Used and reopened by the worker thread only. */
    word_counts *spelling; /* words written since the last commit */
    char **langs;    /* languages already recorded in its metadata */
    size_t nlangs;
    bool dirty;      /* changed since the last commit */
} shard;

typedef struct language_cache {
    analyzer **analyzers;
    size_t count;
} language_cache;

struct indexer {
    indexer_options opt;
    char *db_path;
    shard *shards;
    size_t nshards;
    analyzer *fallback;
    language_cache langs;
    char *error;
    pthread_mutex_t error_lock; /* parallel shard writers may fail at once */

    /* Worker only: ids of the articles read from the current multi-article
     * file, when pruning. */
    bool collecting;
    char **file_ids;
    size_t nfile_ids;
    /* Worker only: the files of known formats found under the current
     * root, and the extensions of the others (for the hint when none);
     * whether a problem with the root itself was reported (then no hint). */
    const char *root;
    bool root_reported;
    size_t root_files;
    char **other_exts;
    size_t nother_exts;
    /* Worker only: the file being read, by its canonical path (its
     * articles') and as walked (what its problems name: a symbolic link,
     * not its target). */
    const char *file_canonical, *file_walked;

    /* The queue between worker and writer. */
    pthread_mutex_t lock;
    pthread_cond_t not_empty, not_full;
    item queue[QUEUE_CAPACITY];
    size_t head, count;
    size_t queued_passages;
    bool producer_done;
    atomic_bool stop; /* the writer failed: the worker ends early */
    atomic_uint commits;      /* commits made by the writer so far */
    bool synchronous;         /* no worker thread: items written at once */
    passim_status failure;    /* synchronous: the write that stopped it */
    unsigned int seen_commits; /* worker: commits its snapshots reflect */

    /* Counters: the worker's under `lock`, the writer's its own. */
    size_t files, read_articles;
    unsigned long long bytes, total_bytes;
    indexer_summary sum;
    size_t since_commit, passages_since_commit;
    struct timespec started, last_progress;
};

void indexer_set_error(indexer *ix, char *msg);
void indexer_report(indexer *ix, const char *path, unsigned int line,
                    const char *reason);
double indexer_seconds_since(const struct timespec *t);
void indexer_item_clear(item *it);
/* Whether the articles and passages written since the last commit call for
 * one (see COMMIT_MAX_PASSAGES); counts the item. */
bool indexer_commit_due(const indexer *ix, size_t *articles,
                        size_t *passages, const item *it);

/* The shard holding (or to hold) the article `id`. */
shard *indexer_shard_of(indexer *ix, const char *id);

/* Writer side (writer.c). */
passim_status writer_open(indexer *ix, char **errmsg);
void writer_close(indexer *ix);
passim_status writer_apply(indexer *ix, item *it);
/* The pieces of writer_apply that touch one shard only, for the parallel
 * shard writers: an article's transaction (counted into *sum), a language
 * in the shard's metadata, a commit. */
passim_status writer_write_article(indexer *ix, shard *sh, item *it,
                                   indexer_summary *sum);
passim_status writer_record_language(indexer *ix, shard *sh,
                                     const char *language);
passim_status writer_commit_shard(indexer *ix, shard *sh);

/* Parallel shard writers (writer_pool.c): `nthreads` threads, shard i
 * written by thread i % nthreads only, each fed by its own queue. */
typedef struct writer_pool writer_pool;

/* How many writer threads indexer_add_paths uses: --jobs (default: the
 * online CPUs) capped at the number of shards; 1 means the calling thread
 * writes, as without shards. */
size_t writer_pool_size(const indexer *ix);
passim_status writer_pool_start(writer_pool **out, indexer *ix,
                                size_t nthreads);
/* Hands an item from the reading side to its shard's writer (taking its
 * contents: *it is left empty); a failed writer's status once one failed. */
passim_status writer_pool_apply(writer_pool *pool, item *it);
/* A last commit point, then the threads end; their counts go into ix->sum.
 * Returns the first writer's failure, if any. Frees the pool. */
passim_status writer_pool_finish(writer_pool *pool);

#endif /* PASSIM_INDEXER_INTERNAL_H */
