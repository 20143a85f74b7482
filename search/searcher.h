/*
 * searcher.h — runs a query against one or more passim databases: parse,
 * compile, match and count articles, rank them with BM25 (title boost,
 * proximity boost) plus their best passage's score, fill the page with
 * articles having some of the words when those having all do not, count
 * facets, suggest spellings, and show each hit's best passages as
 * snippets. A search's options are the public passim_search_options.
 */
#ifndef PASSIM_SEARCHER_H
#define PASSIM_SEARCHER_H

#include <stdbool.h>
#include <stddef.h>

#include "passim.h"
#include "query.h"
#include "query_compile.h"
#include "snippet.h"

typedef struct searcher searcher;

/* One search: the query text, its options (every field of the current
 * version: the library upgrades a caller's older ones) and the days their
 * date bounds stand for. */
typedef struct search_request {
    const char *query;
    const passim_search_options *opt;
    char since[11], until[11]; /* "YYYY-MM-DD", or "" for no bound */
} search_request;

/* Makes *req of query and opt (both borrowed) once opt is checked:
 * PASSIM_ERROR_INVALID_ARGUMENT with *errmsg saying why, or
 * PASSIM_ERROR_NO_MEMORY. */
passim_status search_request_init(search_request *req, const char *query,
                                  const passim_search_options *opt,
                                  char **errmsg);

typedef struct search_facet_value {
    char *value;
    unsigned int count;
} search_facet_value;

typedef struct search_facet {
    char *name;
    search_facet_value *values; /* most frequent first */
    size_t count;
} search_facet;

/* One passage shown for a hit. */
typedef struct search_passage {
    unsigned int passage; /* 0-based ordinal in the article */
    unsigned int line;    /* of its first highlighted word, else its own */
    double score;         /* its BM25 over its own words */
    char *text;           /* the whole passage */
    snippet snip;
} search_passage;

/* A front-matter key without a field of its own, and its value. */
typedef struct search_field {
    char *key, *value;
} search_field;

typedef struct search_hit {
    unsigned int rank; /* 1-based overall */
    double score;
    char *id, *title, *date, *source, *lang, *url, *path, *summary;
    char **tags;
    size_t ntags;
    search_field *fields;
    size_t nfields;
    search_passage *passages; /* best first, at least one */
    size_t npassages;
    unsigned int collapsed; /* passages that matched but are not shown */
    bool all_words;         /* it has every word the query puts side by side
                               (false: listed for some of them) */
    xc_docid docid;         /* in the searcher's databases */
    char *explain;          /* text, when asked */
} search_hit;

typedef struct search_results {
    char *query;
    unsigned int total; /* matching articles */
    bool total_exact;   /* false: total is a lower bound (past
                           PASSIM_EXACT_TOTAL articles counted) */
    bool relaxed;       /* lists articles having only some of the
                           words side by side */
    char *suggestion;   /* "did you mean" query, or NULL */
    search_facet *facets;
    size_t nfacets;
    char **notices;
    size_t nnotices;
    search_hit *hits;
    size_t nhits;
} search_results;

void search_results_free(search_results *r);

/* Opens the databases (see db_open_read). *errmsg says why on failure. */
passim_status searcher_open(searcher **out, const char *const *dbs, size_t ndbs,
                            unsigned int timeout_ms, char **errmsg);
/* Like searcher_open, but databases that cannot be opened (or that fail
 * during a search) are left out, and every result's notices name them. */
passim_status searcher_open_partial(searcher **out, const char *const *dbs,
                                    size_t ndbs, unsigned int timeout_ms,
                                    char **errmsg);
void searcher_free(searcher *s);
/* The message of the last failure (with the caret line for query errors
 * given in *qerr). */
const char *searcher_error(const searcher *s);

/* Moves to the databases' latest commit (an indexer may have committed since
 * they were opened). */
passim_status searcher_reopen(searcher *s);

/* Runs a search. A malformed query is PASSIM_ERROR_QUERY_SYNTAX with *qerr
 * (may be NULL) set. A writer's commit during the search is absorbed by
 * reopening and running again. */
passim_status searcher_run(searcher *s, const search_request *req,
                           search_results **out, query_error *qerr);

#endif /* PASSIM_SEARCHER_H */
