/*
 * xc.h — passim's C bindings for libxapian (1.4).
 *
 * The only door between passim's C code and Xapian's C++. Every entry point
 * catches Xapian::Error, std::bad_alloc and anything else, and returns a
 * passim_status; no exception crosses this boundary and no C++ type appears
 * here. The bindings know nothing of articles: terms, values and documents
 * only.
 *
 * Conventions:
 *  - constructors take an out parameter first, set *out = NULL on failure,
 *    and write a malloc'd message to *errmsg when errmsg is not NULL (the
 *    caller frees it with free(); NULL if even that copy ran out of
 *    memory);
 *  - calls on a handle keep the message of their last failure on that handle
 *    (xc_db_error, xc_doc_error, xc_enquire_error, ...); "" when none;
 *  - strings returned through `char **` are malloc'd and owned by the caller;
 *    strings returned through `const char **` belong to the handle and stay
 *    valid until its next call or its destruction;
 *  - free functions accept NULL.
 */
#ifndef PASSIM_XC_H
#define PASSIM_XC_H

#include <stdbool.h>
#include <stddef.h>

#include "passim.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned int xc_docid;   /* Xapian::docid: 0 means none */
typedef unsigned int xc_slot;    /* Xapian::valueno */
typedef unsigned int xc_termpos; /* Xapian::termpos */

typedef struct xc_db xc_db;
typedef struct xc_doc xc_doc;
typedef struct xc_query xc_query;
typedef struct xc_enquire xc_enquire;
typedef struct xc_mset xc_mset;
typedef struct xc_terms xc_terms;
typedef struct xc_postings xc_postings;
typedef struct xc_spy xc_spy;

/* What the bindings call when they cannot go on (passim_fatal_fn): fn
 * with ctx, or with fn NULL the default, "libpassim: MESSAGE" on stderr.
 * Either way abort() follows if the handler returns. Process-wide. */
void xc_fatal_handler_set(passim_fatal_fn fn, void *ctx);

/* Keeps `bytes` aside for C++ allocations inside Xapian: the first one that
 * fails frees it and retries rather than throwing (Xapian 1.4 can crash on
 * a std::bad_alloc in its matcher), and the next xc_* call takes it back.
 * With the reserve spent, running out inside the matcher calls the fatal
 * handler (PASSIM_ERROR_NO_MEMORY, "out of memory") rather than crash.
 * Process-wide: it replaces the program's std::new_handler. 0 gives the
 * reserve up. PASSIM_ERROR_NO_MEMORY when it cannot be allocated. */
passim_status xc_memory_reserve(size_t bytes);

/* From now on, a crash (SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL) in a
 * thread inside a Xapian call, or a call that writes a writable database
 * running for more than `cpu_ms` milliseconds of the thread's CPU time
 * (0: no limit), calls the fatal handler (PASSIM_ERROR_CORRUPT, a message
 * naming the database being written): Xapian 1.4 can crash or loop on damaged
 * tables. Other crashes go to the handlers there were before.
 * Process-wide: it installs handlers for those signals and SIGXCPU. */
passim_status xc_fatal_enable(unsigned int cpu_ms);

/* ---- databases ---------------------------------------------------------- */

/* How a writable database is opened. */
typedef enum xc_open_mode {
    XC_DB_CREATE_OR_OPEN = 1,
    XC_DB_CREATE = 2, /* fail if it exists */
    XC_DB_CREATE_OR_OVERWRITE = 3,
    XC_DB_OPEN = 4 /* fail if it does not exist */
} xc_open_mode;

/* A read-only database: a directory, a single-file database or a stub file.
 * A missing path is PASSIM_ERROR_NOT_FOUND. */
passim_status xc_db_open(xc_db **out, const char *path, char **errmsg);

/* An empty read-only handle to which databases are added with xc_db_add. */
passim_status xc_db_new_combined(xc_db **out, char **errmsg);

/* Adds the sub-databases of `other` to `db`, which then searches them as one
 * (document ids interleave as Xapian defines). `other` stays the caller's.
 * `db` must be read-only (PASSIM_ERROR_INVALID_ARGUMENT otherwise). */
passim_status xc_db_add(xc_db *db, const xc_db *other);

/* A writable database; `mode` as above. A database locked by another writer is
 * PASSIM_ERROR_LOCKED (immediately: callers implement their own waiting). */
passim_status xc_db_open_writable(xc_db **out, const char *path,
                                  xc_open_mode mode, char **errmsg);

/* A read-only remote database served by xapian-tcpsrv. timeout_ms bounds every
 * network operation (0: Xapian's default of 10 s); connect_timeout_ms bounds
 * connecting. */
passim_status xc_db_open_remote(xc_db **out, const char *host,
                                unsigned int port, unsigned int timeout_ms,
                                unsigned int connect_timeout_ms, char **errmsg);

/* A read-only remote database reached by running `program args`, which
 * speaks Xapian's remote protocol on its standard input and output (e.g.
 * `ssh HOST xapian-progsrv DB`). timeout_ms as for xc_db_open_remote. */
passim_status xc_db_open_remote_program(xc_db **out, const char *program,
                                        const char *args,
                                        unsigned int timeout_ms, char **errmsg);

/* A writable remote database served by `xapian-tcpsrv --writable`.
 * timeout_ms 0 means no limit (Xapian's default for writers, whose commits
 * can take long); connect_timeout_ms 0 means 10 s. */
passim_status xc_db_open_remote_writable(xc_db **out, const char *host,
                                         unsigned int port,
                                         unsigned int timeout_ms,
                                         unsigned int connect_timeout_ms,
                                         char **errmsg);

/* Closes and frees. For a writable database Xapian commits pending changes on
 * close (passim always commits explicitly first), except after a failed
 * xc_db_commit: they are dropped then. Accepts NULL. */
void xc_db_free(xc_db *db);

/* Releases the database's files and lock; any later call on it fails
 * (PASSIM_ERROR_INVALID_ARGUMENT, as do iterators, documents and msets
 * that still need to read from it; Xapian may still answer from what it
 * holds in memory). The handle must still be freed. */
passim_status xc_db_close(xc_db *db);

/* The message of the last failed call on `db`, or "". */
const char *xc_db_error(const xc_db *db);

/* Brings a reader to the latest commit. *changed (may be NULL) tells whether
 * there was a newer one. */
passim_status xc_db_reopen(xc_db *db, bool *changed);

/* Statistics. */
passim_status xc_db_doccount(xc_db *db, unsigned int *out);
passim_status xc_db_lastdocid(xc_db *db, xc_docid *out);
passim_status xc_db_avlength(xc_db *db, double *out);
passim_status xc_db_revision(xc_db *db, unsigned long long *out);
passim_status xc_db_termfreq(xc_db *db, const char *term, size_t len,
                             unsigned int *out);
passim_status xc_db_collection_freq(xc_db *db, const char *term, size_t len,
                                    unsigned long long *out);
passim_status xc_db_term_exists(xc_db *db, const char *term, size_t len,
                                bool *out);
/* Number of sub-databases (1 for a plain database). */
passim_status xc_db_size(xc_db *db, size_t *out);

/* A document by id; PASSIM_ERROR_NOT_FOUND when there is none. The document
 * is a copy the caller frees. */
passim_status xc_db_get_document(xc_db *db, xc_doc **out, xc_docid docid);

/* Metadata (user key/value pairs). A missing key gives an empty value:
 * *value = malloc'd "" and *len = 0. Over several databases, the first
 * one's. */
passim_status xc_db_get_metadata(xc_db *db, char **value, size_t *len,
                                 const char *key);
passim_status xc_db_set_metadata(xc_db *db, const char *key, const char *value,
                                 size_t len);

/* Writing. */
passim_status xc_db_add_document(xc_db *db, const xc_doc *doc, xc_docid *out);
/* Replaces every document indexed by `unique_term` with `doc` (adds it when
 * there is none). *out (may be NULL) receives the new document's id. */
passim_status xc_db_replace_document_by_term(xc_db *db, const char *unique_term,
                                             const xc_doc *doc, xc_docid *out);
passim_status xc_db_replace_document(xc_db *db, xc_docid docid,
                                     const xc_doc *doc);
/* Deletes every document indexed by `term` (none is not an error). */
passim_status xc_db_delete_documents_by_term(xc_db *db, const char *term);
passim_status xc_db_delete_document(xc_db *db, xc_docid docid);
/* On failure, what was pending is dropped when the handle is freed. */
passim_status xc_db_commit(xc_db *db);
/* flushed: commit when the transaction commits (true), or leave the changes
 * pending until the next commit (false). */
passim_status xc_db_begin_transaction(xc_db *db, bool flushed);
passim_status xc_db_commit_transaction(xc_db *db);
passim_status xc_db_cancel_transaction(xc_db *db);

/* Spelling and synonyms data. */
/* Adds words[i] to the spelling table, its frequency up by counts[i], for
 * each i < n: one call (one guarded section) for a commit's words. */
passim_status xc_db_add_spellings(xc_db *db, const char *const *words,
                                  const unsigned int *counts, size_t n);
passim_status xc_db_remove_spelling(xc_db *db, const char *word,
                                    unsigned int freqdec);
/* A suggested correction for `word` (edit distance at most max_edit), or ""
 * when there is none. Caller frees *out. */
passim_status xc_db_spelling_suggestion(xc_db *db, char **out, const char *word,
                                        unsigned int max_edit);
passim_status xc_db_add_synonym(xc_db *db, const char *term,
                                const char *synonym);
passim_status xc_db_clear_synonyms(xc_db *db, const char *term);

/* Writes a compacted copy of `db` to the directory `dest`. */
passim_status xc_db_compact(xc_db *db, const char *dest);

/* Xapian's integrity check of the database folder or table file `path`:
 * *errors gets how many problems it found (0: sound). A problem Xapian
 * reports by throwing is a failed status with its message in *errmsg
 * (malloc'd, caller frees). Xapian 1.4 may crash or loop on damaged files
 * while it checks: run it where that can be contained. */
passim_status xc_db_check(const char *path, size_t *errors, char **errmsg);

/* ---- term and posting iteration ----------------------------------------- */

/* All terms starting with `prefix` ("" for all), in byte order. */
passim_status xc_db_allterms(xc_db *db, xc_terms **out, const char *prefix);
/* The synonyms recorded for `term`. */
passim_status xc_db_synonyms(xc_db *db, xc_terms **out, const char *term);
/* The terms of a document, in byte order. */
passim_status xc_doc_terms(xc_doc *doc, xc_terms **out);

/* Asked of each unprefixed term of a document (one that does not start with
 * an ASCII capital, Xapian's prefix convention): nonzero to have its
 * positions. term is not NUL-terminated and valid during the call only. */
typedef int (*xc_term_wanted_fn)(const char *term, size_t len, void *ctx);
/* Given the positions of a wanted term, in increasing order, valid during
 * the call only. Nonzero stops the scan (xc_doc_scan_positions then returns
 * PASSIM_OK). */
typedef int (*xc_term_positions_fn)(const xc_termpos *positions, size_t n,
                                    void *ctx);
/* Walks a document's unprefixed terms once, in byte order, skipping the
 * prefixed ones without handing them over: the cheap way to find where some
 * words stand in one document. */
passim_status xc_doc_scan_positions(xc_doc *doc, xc_term_wanted_fn wanted,
                                    xc_term_positions_fn take, void *ctx);

/* Advances to the next term. *has is false at the end (and *term untouched).
 * The term is valid until the next call. wdf/termfreq may be NULL; they are 0
 * where the list has no such statistic. */
passim_status xc_terms_next(xc_terms *it, bool *has, const char **term,
                            size_t *len, unsigned int *wdf,
                            unsigned int *termfreq);
const char *xc_terms_error(const xc_terms *it);
void xc_terms_free(xc_terms *it);

/* The documents indexed by `term`, in docid order. */
passim_status xc_db_postings(xc_db *db, xc_postings **out, const char *term);
passim_status xc_postings_next(xc_postings *it, bool *has, xc_docid *docid,
                               unsigned int *wdf);
/* Moves to the first document at or after `target` (never back); *has is
 * false past the last one. */
passim_status xc_postings_skip_to(xc_postings *it, xc_docid target, bool *has,
                                  xc_docid *docid, unsigned int *wdf);
const char *xc_postings_error(const xc_postings *it);
void xc_postings_free(xc_postings *it);

/* ---- documents ---------------------------------------------------------- */

passim_status xc_doc_new(xc_doc **out, char **errmsg);
void xc_doc_free(xc_doc *doc);
const char *xc_doc_error(const xc_doc *doc);

/* Adds `term` at position `pos` and raises its wdf by wdfinc. A term longer
 * than Xapian accepts is PASSIM_ERROR_INVALID_ARGUMENT when the document is
 * added, not here: Xapian checks lengths then. */
passim_status xc_doc_add_posting(xc_doc *doc, const char *term, size_t len,
                                 xc_termpos pos, unsigned int wdfinc);
/* Adds a term without positions. */
passim_status xc_doc_add_term(xc_doc *doc, const char *term, size_t len,
                              unsigned int wdfinc);
/* Adds a term with wdf 0 (a filter term that does not change lengths). */
passim_status xc_doc_add_boolean_term(xc_doc *doc, const char *term,
                                      size_t len);
passim_status xc_doc_set_value(xc_doc *doc, xc_slot slot, const char *value,
                               size_t len);
/* Caller frees *value; a missing value is "" with *len = 0. */
passim_status xc_doc_get_value(xc_doc *doc, char **value, size_t *len,
                               xc_slot slot);
passim_status xc_doc_set_data(xc_doc *doc, const char *data, size_t len);
/* Caller frees *data. */
passim_status xc_doc_get_data(xc_doc *doc, char **data, size_t *len);
/* The document's id in the database it came from (0 for a new document). */
xc_docid xc_doc_docid(const xc_doc *doc);

/* ---- queries ------------------------------------------------------------ */

/* Queries are immutable values. Combining copies the subqueries (Xapian shares
 * them internally), so the caller still frees what it passed in. */
typedef enum xc_query_op {
    XC_OP_AND,
    XC_OP_OR,
    XC_OP_AND_NOT,   /* first AND NOT (OR of the rest) */
    XC_OP_FILTER,    /* first, filtered by the rest, which add no weight */
    XC_OP_AND_MAYBE, /* first, weight added by the rest where they match */
    XC_OP_PHRASE,    /* terms in order within `window` positions */
    XC_OP_NEAR,      /* terms in any order within `window` positions */
    XC_OP_SYNONYM,   /* the subqueries weighted as one term */
    XC_OP_ELITE_SET, /* the best `window` terms of the OR */
    XC_OP_MAX        /* the highest-weighted subquery */
} xc_query_op;

/* An empty term is PASSIM_ERROR_INVALID_ARGUMENT (Xapian would read it as
 * xc_query_all). `pos` orders the terms for xc_mset_matching_terms. */
passim_status xc_query_term(xc_query **out, const char *term, size_t len,
                            unsigned int wqf, xc_termpos pos);
/* Matches every document (weight 0). */
passim_status xc_query_all(xc_query **out);
/* Matches nothing. */
passim_status xc_query_none(xc_query **out);
/* `window` is used by PHRASE, NEAR (0: the number of subqueries) and
 * ELITE_SET (the set size); ignored by other operators. */
passim_status xc_query_combine(xc_query **out, xc_query_op op,
                               xc_query *const *subs, size_t count,
                               unsigned int window);
passim_status xc_query_scale(xc_query **out, const xc_query *sub,
                             double factor);
/* Documents whose value in `slot` lies in [lo, hi] by byte comparison; either
 * bound may be NULL for an open range. A document without a value in `slot`
 * matches only when lo is NULL or "" and hi is NULL (Xapian reads that as
 * every document). */
passim_status xc_query_value_range(xc_query **out, xc_slot slot, const char *lo,
                                   const char *hi);
/* Terms starting with `prefix`, OR'ed as a synonym; more than max_expansion
 * terms fails the match with PASSIM_ERROR_QUERY_SYNTAX (at get_mset time)
 * unless `keep_most_frequent` is set, in which case the max_expansion most
 * frequent terms are used. */
passim_status xc_query_wildcard(xc_query **out, const char *prefix,
                                unsigned int max_expansion,
                                bool keep_most_frequent);
bool xc_query_empty(const xc_query *q);
/* Xapian's description of the query, for debugging and --explain. */
passim_status xc_query_describe(const xc_query *q, char **out);
void xc_query_free(xc_query *q);

/* ---- enquire and results ------------------------------------------------ */

passim_status xc_enquire_new(xc_enquire **out, xc_db *db, char **errmsg);
void xc_enquire_free(xc_enquire *e);
const char *xc_enquire_error(const xc_enquire *e);

passim_status xc_enquire_set_query(xc_enquire *e, const xc_query *q);
/* BM25 with Xapian's parameter names (defaults 1, 0, 1, 0.5, 0.5). */
passim_status xc_enquire_set_bm25(xc_enquire *e, double k1, double k2,
                                  double k3, double b, double min_normlen);
/* Bool weighting (every match weighs 0), for pure filters. */
passim_status xc_enquire_set_boolean(xc_enquire *e);
typedef enum xc_sort {
    XC_SORT_RELEVANCE,
    XC_SORT_VALUE, /* by value only */
    XC_SORT_VALUE_THEN_RELEVANCE,
    XC_SORT_RELEVANCE_THEN_VALUE
} xc_sort;
passim_status xc_enquire_set_sort(xc_enquire *e, xc_sort how, xc_slot slot,
                                  bool reverse);
/* Counts the values of `slot` over every match (a Xapian ValueCountMatchSpy;
 * works across remote databases). The spy belongs to the enquire. */
passim_status xc_enquire_add_value_spy(xc_enquire *e, xc_spy **out,
                                       xc_slot slot);
/* Runs the query. check_at_least: how many matches to examine at minimum so
 * that totals are exact up to that many. */
passim_status xc_enquire_get_mset(xc_enquire *e, xc_mset **out,
                                  unsigned int first, unsigned int maxitems,
                                  unsigned int check_at_least);
/* Terms that best describe the documents `docids` (pseudo-relevance
 * feedback). Iterate with xc_terms_next; each term's weight is not exposed,
 * the order is best first. Terms failing `prefix_filter` (when not NULL:
 * kept only if they start with it) are skipped. */
passim_status xc_enquire_get_eset(xc_enquire *e, xc_terms **out,
                                  const xc_docid *docids, size_t ndocids,
                                  unsigned int maxitems,
                                  const char *prefix_filter);

/* Spy results of the last xc_enquire_get_mset (each run counts afresh): the
 * distinct values seen, most frequent first, ties in byte order. */
passim_status xc_spy_count(xc_spy *spy, size_t *out);
/* value is owned by the spy (valid until the enquire is freed). */
passim_status xc_spy_get(xc_spy *spy, size_t index, const char **value,
                         size_t *len, unsigned int *frequency);
/* The message of the last failed call on `spy`, or "". */
const char *xc_spy_error(const xc_spy *spy);

void xc_mset_free(xc_mset *m);
const char *xc_mset_error(const xc_mset *m);
size_t xc_mset_size(const xc_mset *m);
/* Estimates of the total number of matches (after collapsing). */
passim_status xc_mset_matches(xc_mset *m, unsigned int *lower,
                              unsigned int *estimated, unsigned int *upper);
/* The i-th hit (0-based within this mset). rank is the hit's rank overall.
 * An i past the end is PASSIM_ERROR_INVALID_ARGUMENT. Out parameters of
 * the mset calls may be NULL when not wanted. */
passim_status xc_mset_hit(xc_mset *m, size_t i, xc_docid *docid, double *weight,
                          unsigned int *rank);
/* The i-th hit's document, which the caller frees. */
passim_status xc_mset_document(xc_mset *m, size_t i, xc_doc **out);
/* The query terms that the i-th hit matches, in query order (by the `pos`
 * given to xc_query_term, then byte order), each once; from the query that
 * made this mset, even if the enquire has run another since. Terms that a
 * wildcard expanded to are not listed. */
passim_status xc_mset_matching_terms(xc_mset *m, size_t i, xc_terms **out);
/* How many documents hold `term`: from the match's statistics for a term of
 * its query (no database read), else from the databases. */
passim_status xc_mset_termfreq(xc_mset *m, const char *term, size_t len,
                               unsigned int *out);
/* The highest weight any document could get, and the best actual one. */
passim_status xc_mset_max_weight(xc_mset *m, double *possible,
                                 double *attained);

#ifdef __cplusplus
}
#endif

#endif /* PASSIM_XC_H */
