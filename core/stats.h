/*
 * stats.h — what a passim database holds: counts, languages, size on disk,
 * the last indexing run and the analyzer that built it.
 */
#ifndef PASSIM_STATS_H
#define PASSIM_STATS_H

#include <stddef.h>

#include "passim.h"
#include "xc.h"

typedef struct db_stats {
    unsigned long long articles, passages, terms;
    unsigned long long bytes;    /* on disk; 0 for remote databases */
    char *languages;             /* ','-joined libstemmer names */
    char *last_run;              /* ISO 8601 UTC, "" when never */
    char *analyzer;              /* "passim-analyzer/1" */
    unsigned long long revision; /* 0 for several databases (shards) */
} db_stats;

/* Fills *out from the open database; `paths` are the local locations whose
 * files are summed for the size (may be NULL). */
passim_status db_stats_read(xc_db *db, const char *const *paths, size_t npaths,
                            db_stats *out);
void db_stats_clear(db_stats *s);

#endif /* PASSIM_STATS_H */
