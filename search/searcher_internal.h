/*
 * searcher_internal.h — what the searcher's files share: the handle
 * (searcher.c opens and reopens it), one search's state (search_run, made
 * by search_run.c and handed to each step as an argument), and the steps:
 * a matching (match.c), the list the default mode mixes (mixed_list.c),
 * facets (facets.c), hits and their passages (hits.c), all_words
 * (all_words.c), score explanations (explain.c) and spelling suggestions
 * (spelling.c).
 */
#ifndef PASSIM_SEARCHER_INTERNAL_H
#define PASSIM_SEARCHER_INTERNAL_H

#include "analyzer.h"
#include "feedback.h"
#include "query_compile.h"
#include "searcher.h"
#include "synonyms.h"
#include "xc.h"

struct searcher {
    xc_db *db;
    /* With --allow-partial: what was asked for, and what could not be
     * opened ("location: reason"), reported in every result's notices. */
    bool partial;
    char **locations;
    size_t nlocations;
    unsigned int timeout_ms;
    char **missing;
    size_t nmissing;
    bool remote;          /* some database is remote: no spelling suggestions */
    analyzer **analyzers; /* one per language in the database */
    size_t nanalyzers;
    synonyms *db_synonyms; /* the database's default synonyms, or NULL */
    char *error;
};

/* Replaces the handle's error message (taking msg, which may be NULL). */
void searcher_set_error(searcher *s, char *msg);

/* (Re)opens the handle's databases, skipping the unavailable ones when it
 * is partial. */
passim_status searcher_open_databases(searcher *s, char **errmsg);

/* Synonyms from text (origin names it in messages); a syntax error is
 * PASSIM_ERROR_QUERY_SYNTAX with *errmsg saying where. */
passim_status searcher_load_synonyms(synonyms **out, const char *text,
                                     size_t len, const char *origin,
                                     char **errmsg);

typedef struct search_run search_run;

/* Compiles root in `match` mode with the search's languages, synonyms and
 * weights (`parts`: record them for --explain). */
passim_status searcher_compile(search_run *run, const query_node *root,
                               query_match match, bool parts,
                               query_compiled *out, query_error *err);

/* q's matches in the search's databases, unweighted: the first maxitems
 * (docid order), the total exact up to `check`. */
passim_status searcher_boolean_match(search_run *run, const xc_query *q,
                                     unsigned int maxitems, unsigned int check,
                                     xc_mset **out);

/* How many articles root matches in `match` mode within the search's
 * dates, exact up to `check`, a lower bound above. */
passim_status searcher_count(search_run *run, const query_node *root,
                             query_match match, unsigned int check,
                             unsigned int *count);

/* One search, from the parsed query to its results. */
struct search_run {
    searcher *s;
    const search_request *req;
    const passim_search_options *opt; /* req's */
    query_match match; /* of the words side by side as asked: all, unless
                          PASSIM_MATCH_ANY */
    const query_node *root;
    const synonyms *syn;
    analyzer *const *query_analyzers; /* the database's languages, or the
                                         one opt->lang names */
    size_t nquery_analyzers;
    search_results *r;
    query_error *qerr;
    unsigned int found; /* articles matching the query as written (all its
                           words side by side unless --match any) */
    compound_cache *compounds; /* the lookups of this try's compiles */
};

/* One matching of the query (the searcher may relax and match again). */
typedef struct attempt {
    query_compiled compiled;
    feedback_expansion feedback; /* stems added by --feedback */
    xc_enquire *enquire;
    xc_mset *mset;       /* the top articles, from rank 0 */
    xc_enquire *counter; /* the unweighted count, when one ran */
    xc_mset *counted;
    xc_spy *spies[PASSIM_SEARCH_MAX_FACETS]; /* the counter's */
    unsigned int total;
    bool total_exact;
} attempt;

/* The matches of the query compiled in `match` mode (match.c): the top
 * articles from rank 0 down to what the page and the reranking need,
 * counted exactly up to PASSIM_EXACT_TOTAL, or (`exact` false) as far as
 * they are examined. */
passim_status attempt_match(search_run *run, query_match match, bool exact,
                            attempt *a);
void attempt_clear(attempt *a);

/* What the search lists, counts and suggests, into run->r
 * (mixed_list.c). */
passim_status mixed_list_run(search_run *run);

/* Facets (facets.c). */
bool facets_known(const char *name);
xc_slot facets_slot(const char *name);
passim_status facets_collect(search_run *run, attempt *a);

/* Matches fetched past the rerank depth, so that the articles weighing the
 * same as the last one reranked are reranked too (hits.c). */
#define SEARCH_RERANK_TIES 16

/* The hits of the page asked for, reranked by their passages (hits.c):
 * of a's matches, or (first not NULL) of first's, every one, then a's that
 * are not among them, whose hits lack some word (all_words false); *listed
 * receives the length of that list. */
passim_status hits_collect(search_run *run, attempt *a, const attempt *first,
                           size_t *listed);

/* Sets all_words of every hit: whether its article also matches the query
 * with all the words side by side required (all_words.c). */
passim_status all_words_mark(search_run *run);

/* The score of hit h, the i-th match of a, broken down (explain.c);
 * `passage` is its best passage's share of the score. */
passim_status explain_hit(search_run *run, const attempt *a, size_t i,
                          search_hit *h, double passage);

/* "Did you mean": the query with every word that matches nothing replaced
 * by the spelling table's suggestion (spelling.c). */
passim_status spelling_suggest(search_run *run);

/* Appends formatted text to *buf (NULL: empty); false when out of memory
 * (results.c). */
bool searcher_appendf(char **buf, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif /* PASSIM_SEARCHER_INTERNAL_H */
