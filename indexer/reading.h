/*
 * reading.h — the indexer's reading side: walks the roots, reads and parses
 * the files, splits and analyzes each article into a ready item (item.h)
 * and hands it to a sink: the queue to the writing thread, or the writer
 * itself when both run on one thread. It never calls the writing side.
 *
 * The thread that runs reading_run owns the reading side while it runs:
 * its analyzers, its snapshots (readers of the last commit, for the
 * content hashes of articles already stored), the file it is in. Its
 * progress counts are atomic, for the thread that shows progress.
 */
#ifndef PASSIM_READING_H
#define PASSIM_READING_H

#include <stdbool.h>
#include <stddef.h>

#include "article.h"
#include "item.h"
#include "passim.h"
#include "run_shared.h"
#include "xc.h"

typedef struct reading reading;

/* Takes the item's contents (*it is left empty); false: read no more. */
typedef bool (*reading_sink_fn)(item *it, void *ctx);

/* A reading side with opt's default language, include and exclude globs,
 * file size limit, verbosity, pruning and problem callback (on failure
 * *errmsg says why); it watches shared's stop flag and commit count. */
passim_status reading_new(reading **out, const passim_db_options *opt,
                          run_shared *shared, char **errmsg);
void reading_free(reading *rd);

/* The default language's canonical name. */
const char *reading_language(const reading *rd);

/* Opens a snapshot of each of the `n` shards at `paths` (written and
 * committed already); a remote shard has none (reading_snapshots_all
 * false then). */
passim_status reading_open_snapshots(reading *rd, const char *const *paths,
                                     size_t n, char **errmsg);
bool reading_snapshots_all(const reading *rd);
void reading_close_snapshots(reading *rd);

/* Reads the roots ("-": JSON Lines on standard input), every article and
 * every failed input an item to `sink`; problems are reported through
 * opt->problem. Stops early when the sink says so or the stop flag is
 * raised. Stored content hashes are looked up in `writer_dbs` (one per
 * shard) when the reading side runs on the writer's thread: they see what
 * was written and not committed yet; else (NULL) in its own snapshots,
 * reopened when the writing side's commit count moves. */
void reading_run(reading *rd, const char *const *roots, size_t nroots,
                 xc_db *const *writer_dbs, reading_sink_fn sink, void *ctx);

/* One article built in memory into an item: unchanged, failed (reported),
 * or a document to write; hashes as for reading_run. Takes `a`. */
void reading_prepare(reading *rd, xc_db *const *writer_dbs, article *a,
                     item *it);

/* Files, articles and bytes read so far (read from any thread). */
void reading_progress(const reading *rd, passim_progress *p);

#endif /* PASSIM_READING_H */
