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

#include <stddef.h>
#include <stdio.h>

#include "article.h"
#include "passim.h"

typedef struct indexer indexer;

/* Defaults of the options left 0 (passim_db_options). */
#define INDEXER_DEFAULT_COMMIT_EVERY 2000
#define INDEXER_DEFAULT_MAX_FILE_SIZE (32ULL << 20)

/* Opens the database at `location` for writing as passim_db_open does with
 * `opt` (the current version; PASSIM_OPEN_CREATE creates it), whose
 * writing options it keeps: the strings and arrays must outlive the
 * indexer. Problems with single inputs go to opt->problem, progress to
 * opt->progress (about twice a second), both with opt->ctx. On failure
 * *errmsg (malloc'd) says why: PASSIM_ERROR_LOCKED when another writer kept
 * the lock. */
passim_status indexer_open(indexer **out, const char *location,
                           const passim_db_options *opt, char **errmsg);
void indexer_free(indexer *ix);
const char *indexer_error(const indexer *ix);

/* Indexes files and folders ("-" reads JSON Lines from standard input).
 * Problems with single inputs are reported and counted as failed; only
 * database errors fail the call. */
passim_status indexer_add_paths(indexer *ix, const char *const *roots,
                                size_t nroots);

/* Indexes one article built in memory (see article.h), synchronously; takes
 * ownership of `a`. A bad article is reported (opt->problem), counted as
 * failed and PASSIM_ERROR_INPUT, with no error text of the indexer's; else
 * only database errors fail the call. *outcome (may be NULL) says what was
 * done when the call returns PASSIM_OK. */
passim_status indexer_add_article(indexer *ix, article *a,
                                  passim_outcome *outcome);

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
passim_status indexer_delete_file(indexer *ix, const char *path, size_t *found);

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
 * *summary, of the current version, with the run's counts. */
passim_status indexer_commit(indexer *ix, passim_index_summary *summary);

#endif /* PASSIM_INDEXER_H */
