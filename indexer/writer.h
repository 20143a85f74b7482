/*
 * writer.h — the indexer's writing side: the shards' Xapian writers, one
 * document per article, commit points, pruning, deleting, compaction. It
 * consumes items (item.h) and calls nothing above it: its failures go to
 * the run's error text, its commits are counted for the reading side
 * (run_shared.h).
 *
 * One thread owns a writer: the one indexer_add_paths is called on. With
 * parallel shard writers (writer_pool.h) that thread lends shard i to pool
 * thread i % n, which calls only the per-shard functions below on it.
 */
#ifndef PASSIM_WRITER_H
#define PASSIM_WRITER_H

#include <stdbool.h>
#include <stddef.h>

#include "item.h"
#include "passim.h"
#include "run_shared.h"
#include "xc.h"

typedef struct writer writer;

/* Articles and passages written since the last commit point. */
typedef struct commit_count {
    size_t articles, passages;
} commit_count;

/* Opens (creating, when opt->mode is PASSIM_OPEN_CREATE, with opt->shards)
 * the shards of the database at `location` for writing, waiting
 * opt->lock_timeout_s for the lock, each in an open transaction: everything
 * written between commits is one transaction; a commit point every
 * opt->commit_every articles. `language` names the default language
 * recorded in a new database. On failure *errmsg (malloc'd) or the run's
 * error says why. */
passim_status writer_open(writer **out, const char *location,
                          const passim_db_options *opt, const char *language,
                          run_shared *shared, char **errmsg);
void writer_free(writer *w);

size_t writer_nshards(const writer *w);
const char *writer_shard_path(const writer *w, size_t i);
/* Shard i's Xapian writer, which sees what was written and not committed
 * yet; only for the writer's own thread. */
xc_db *writer_shard_db(writer *w, size_t i);
/* The counts of what was written, removed and seen unchanged so far. */
const passim_index_summary *writer_summary(const writer *w);

/* Applies an item of the reading side: writes its article, counts it, or
 * prunes the file's vanished articles; commits when one is due. */
passim_status writer_apply(writer *w, item *it);

/* Whether the articles and passages since the last commit point call for
 * one (--commit-every, COMMIT_MAX_PASSAGES); counts the item in *c. */
bool writer_commit_due(const writer *w, commit_count *c, const item *it);

/* Per shard, for the parallel shard writers: an article's document into
 * its shard i (counted into *sum); a language in shard i's metadata; a
 * commit of shard i when it changed (the next transaction begins). */
passim_status writer_write_article(writer *w, size_t i, item *it,
                                   passim_index_summary *sum);
passim_status writer_record_language(writer *w, size_t i, const char *language);
passim_status writer_commit_shard(writer *w, size_t i);
/* Adds a parallel writer's counts to the writer's. */
void writer_add_counts(writer *w, const passim_index_summary *sum);

/* Commits what is pending, stamped with the time of the run (nothing
 * happens when nothing changed). */
passim_status writer_commit(writer *w);

/* What indexer.h says of indexer_prune, indexer_prune_all,
 * indexer_delete_file, indexer_delete, indexer_set_synonyms and
 * indexer_compact. */
passim_status writer_prune(writer *w, const char *const *roots, size_t nroots);
passim_status writer_prune_all(writer *w, size_t *removed);
passim_status writer_delete_file(writer *w, const char *path, size_t *found);
passim_status writer_delete(writer *w, const char *const *ids, size_t nids,
                            size_t *found);
passim_status writer_set_synonyms(writer *w, const char *text, size_t len);
passim_status writer_compact(writer *w);

#endif /* PASSIM_WRITER_H */
