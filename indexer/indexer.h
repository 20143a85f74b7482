/*
 * indexer.h — the incremental batch indexer: files, streams and in-memory
 * articles in; passages written to one passim database, committed atomically.
 *
 * Reading, parsing, splitting and analysis run on a worker thread while the
 * calling thread writes to Xapian, so both cores are busy; a sharded
 * database is written by up to `jobs` threads at once, one per group of
 * shards (writer_pool.c says what atomic means then). An article whose
 * stored content hash equals the new one is not analyzed again. An article's
 * passages are replaced inside one transaction and commits happen only
 * between articles, so a crash leaves every article wholly old or wholly new.
 */
#ifndef PASSIM_INDEXER_H
#define PASSIM_INDEXER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "article.h"
#include "passim.h"

typedef struct indexer indexer;

/* A problem with one input; the batch goes on. line 0: no line. */
typedef void (*indexer_problem_fn)(const char *path, unsigned int line,
                                   const char *reason, void *ctx);

typedef struct indexer_progress {
    size_t files, articles;
    unsigned long long bytes, total_bytes; /* total 0: unknown */
    double seconds;
} indexer_progress;
typedef void (*indexer_progress_fn)(const indexer_progress *p, void *ctx);

typedef struct indexer_options {
    const char *db;              /* database location */
    bool must_exist;             /* fail rather than create the database */
    unsigned int shards;         /* > 1: a new database is made of this many
                                    shards (see shards.h); 0: as it is */
    unsigned int jobs;           /* shards written at once (0: the online
                                    CPUs); at most the number of shards */
    const char *language;        /* default language (libstemmer name/code) */
    unsigned int lock_timeout_s; /* wait this long for another writer */
    size_t commit_every;         /* articles between commits (0: default) */
    const char *const *include;  /* gitignore-style globs (glob.h);
                                    NULL/0: everything */
    size_t ninclude;
    const char *const *exclude;
    size_t nexclude;
    unsigned long long max_file_size;
    bool verbose;                /* report skipped unknown files too */
    bool prune;                  /* articles that vanished from a JSON or
                                    JSON Lines file read whole are removed
                                    (indexer_prune handles vanished files) */
    indexer_problem_fn problem;  /* may be NULL */
    indexer_progress_fn progress; /* may be NULL; called about twice a second */
    void *ctx;
} indexer_options;

#define INDEXER_DEFAULT_COMMIT_EVERY 2000
#define INDEXER_DEFAULT_MAX_FILE_SIZE (32ULL << 20)

typedef struct indexer_summary {
    size_t added, updated, unchanged, removed, failed, passages;
    size_t content_ids; /* articles (added, updated, unchanged) without an
                           id, named by their content (article_id.h) */
    unsigned long long bytes;
    double seconds;
} indexer_summary;

/* Opens (creating) the database for writing. On failure *errmsg (malloc'd)
 * says why: PASSIM_ERROR_LOCKED when another writer kept the lock. */
passim_status indexer_open(indexer **out, const indexer_options *opt,
                           char **errmsg);
void indexer_free(indexer *ix);
const char *indexer_error(const indexer *ix);

/* Indexes files and folders ("-" reads JSON Lines from standard input).
 * Problems with single inputs are reported and counted as failed; only
 * database errors fail the call. */
passim_status indexer_add_paths(indexer *ix, const char *const *roots,
                                size_t nroots);

/* What indexer_add_article did with an article. */
typedef enum indexer_outcome {
    INDEXER_ADDED,
    INDEXER_UPDATED,
    INDEXER_UNCHANGED, /* same content hash as stored: left as it is */
    INDEXER_FAILED     /* reported (problem callback) and counted */
} indexer_outcome;

/* Indexes one article built in memory (see article.h), synchronously; takes
 * ownership of `a`. A bad article is reported and counted as failed; only
 * database errors fail the call. *outcome (may be NULL) says what was done
 * when the call returns PASSIM_OK. */
passim_status indexer_add_article(indexer *ix, article *a,
                                  indexer_outcome *outcome);

/* Removes the articles whose source files under `roots` are gone: lstat
 * says ENOENT or ENOTDIR (a file that cannot be reached is not gone). */
passim_status indexer_prune(indexer *ix, const char *const *roots,
                            size_t nroots);

/* Removes every article whose source file is gone (see indexer_prune),
 * wherever it was; *removed (may be NULL) counts them. */
passim_status indexer_prune_all(indexer *ix, size_t *removed);

/* Removes the articles that came from the file `path`, named as the walk
 * names the files it indexes (relative to the working directory, symbolic
 * links resolved; a file that is gone through its folder); *found (may be
 * NULL) counts them. */
passim_status indexer_delete_file(indexer *ix, const char *path,
                                  size_t *found);

/* Removes articles by id; *found (may be NULL) counts those that existed. */
passim_status indexer_delete(indexer *ix, const char *const *ids, size_t nids,
                             size_t *found);

/* Stores `text` (a synonyms file, validated by the caller) as the
 * database's default synonyms, applied by every search. */
passim_status indexer_set_synonyms(indexer *ix, const char *text, size_t len);

/* Commits, writes a compacted copy of the database and swaps it in; the
 * indexer is closed afterwards (only indexer_free may follow). */
passim_status indexer_compact(indexer *ix);

/* Commits what is pending (nothing happens when nothing changed) and fills
 * *summary with the run's counts. */
passim_status indexer_commit(indexer *ix, indexer_summary *summary);

#endif /* PASSIM_INDEXER_H */
