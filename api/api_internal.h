/*
 * api_internal.h — what the files of api/ (the public API of passim.h over
 * the indexer and the searcher) share: the handles' layouts and error
 * reporting. Nothing outside api/ includes it.
 */
#ifndef PASSIM_API_INTERNAL_H
#define PASSIM_API_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "indexer.h"
#include "passim.h"
#include "searcher.h"
#include "stats.h"

struct passim_db {
    /* The caller's options, of the current version; their strings and
     * arrays point into the copies below. */
    passim_db_options opt;
    char **locations; /* owned copies */
    size_t nlocations;
    char *language;
    char **include, **exclude;

    /* Writing: NULL after a compaction until the next write. */
    indexer *ix;
    /* While an in-memory article is written, the indexer's problem reports
     * are its failure, not a file's: they are kept here, not passed on. */
    bool capture;
    char *captured;
    char *added_id; /* the id passim_db_add_json gave out */

    /* Searching: opened at once for reading, at the first search for
     * writing; `stale` after this handle's own writes. */
    searcher *s;
    bool stale;

    db_stats stats; /* what passim_db_stats handed out */

    char *error; /* NULL: the status string of `failed` */
    passim_status failed;
    bool has_offset; /* the error is a query error at `offset` */
    size_t offset;
};

struct passim_hit {
    const search_hit *h;
    char *json; /* passim_hit_json's text, made once */
};

struct passim_results {
    search_results *r;
    passim_hit *hits; /* one per r->hits */
    char *json;       /* passim_results_json's text, made once */
};

/* Records why a call on `db` failed (printf-style message) and returns
 * `st`, so that callers can `return api_fail(db, st, ...)`. */
passim_status api_fail(passim_db *db, passim_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* As api_fail, for a call without a handle: the message is this thread's
 * (passim_db_error(NULL)); NULL fmt clears it and returns `st`. */
passim_status api_fail_thread(passim_status st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Opens the searcher if there is none yet, and moves it to the latest
 * commit after this handle's own writes. */
passim_status api_searcher_ready(passim_db *db);

/* Opens the indexer of a handle opened for writing (again, after a
 * compaction). */
passim_status api_writer_open(passim_db *db);

/* Whether strings[0, n) is a usable list: not NULL unless empty, no NULL
 * item. */
bool api_strings_valid(const char *const *strings, size_t n);

#endif /* PASSIM_API_INTERNAL_H */
