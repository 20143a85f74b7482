/*
 * shards.h — the on-disk layout of a sharded passim database: a folder with
 * a Xapian stub file (XAPIANDB) listing its shard databases, which Xapian
 * opens as one for searching. Each article lives in the shard picked by a
 * stable hash of its id, so updates, deletes and pruning find it again.
 */
#ifndef PASSIM_SHARDS_H
#define PASSIM_SHARDS_H

#include <stdbool.h>
#include <stddef.h>

#include "passim.h"

#define SHARDS_MAX 256

typedef struct shard_set {
    char **paths; /* one writable location per shard */
    size_t count;
} shard_set;

/* The shards of `location`: itself when it is a plain database (or a
 * remote one); the stub's local databases when it is a stub folder. With
 * `want` > 1 and no database there yet, creates the folder, the stub and
 * the layout shard0..shardN-1 (the shard databases are created when opened).
 * `want` differing from an existing layout is PASSIM_ERROR_INVALID_ARGUMENT;
 * remote lines in a stub cannot be written through it. *errmsg says why. */
passim_status shards_resolve(shard_set *out, const char *location,
                             unsigned int want, bool create, char **errmsg);
void shards_clear(shard_set *set);

/* The shard an article id belongs to. */
size_t shards_pick(const char *id, size_t count);

#endif /* PASSIM_SHARDS_H */
