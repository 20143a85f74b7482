/*
 * search_settings.h — the options of `passim search` (its option table) and
 * what they set: shared by the command line and the batch requests, whose
 * keys are the table's batch keys.
 */
#ifndef PASSIM_SEARCH_SETTINGS_H
#define PASSIM_SEARCH_SETTINGS_H

#include "cli.h"

/* The ids of the options of `passim search`. */
enum {
    SEARCH_DB = 1,
    SEARCH_LIMIT,
    SEARCH_OFFSET,
    SEARCH_PER_ARTICLE,
    SEARCH_MATCH,
    SEARCH_SORT,
    SEARCH_SINCE,
    SEARCH_UNTIL,
    SEARCH_FACET,
    SEARCH_BM25,
    SEARCH_TITLE_WEIGHT,
    SEARCH_PROXIMITY_WEIGHT,
    SEARCH_PASSAGE_WEIGHT,
    SEARCH_RERANK_DEPTH,
    SEARCH_FEEDBACK,
    SEARCH_SYNONYMS,
    SEARCH_LANG,
    SEARCH_EXPLAIN,
    SEARCH_JSON,
    SEARCH_JSONL,
    SEARCH_COLOR,
    SEARCH_TIMEOUT,
    SEARCH_ALLOW_PARTIAL,
    SEARCH_BATCH
};

extern const cli_option cli_search_options[];

/* A search's options; the strings borrowed (argv, a request's JSON). */
typedef struct search_settings {
    passim_search_options opt;
    const char *facets[PASSIM_SEARCH_MAX_FACETS];
    size_t nfacets;
} search_settings;

void search_settings_init(search_settings *s);

/* Sets what the option `id` (one with a batch key) says: NULL, or why it
 * cannot. A CLI_REPEAT option with no text empties its list (a request's
 * list replaces the command line's). */
const char *search_settings_apply(search_settings *s, int id,
                                  const cli_value *value);

/* The options to search with (their facets pointed at s's). */
const passim_search_options *search_settings_options(search_settings *s);

#endif /* PASSIM_SEARCH_SETTINGS_H */
