/* searcher.c — the searcher's handle (opening, reopening the databases) and
 * one search from query text to results: parse, compile, match articles and
 * count them, relax, then facets, hits and spelling (searcher_internal.h). */
#include "searcher.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "regular_file.h"
#include "schema.h"
#include "searcher_internal.h"

#define MODIFIED_RETRIES 5
#define WILDCARD_LIMIT 200

void search_options_init(search_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->match = QUERY_MATCH_ALL;
    opt->limit = 10;
    opt->per_article = 1;
    /* Ranking defaults from bench/relevance/tune.py: 2-fold cross-validation
     * on Cranfield and corpus/eval together, the queries as typed and as a
     * bag of words (bench/README.md has the tables). The proximity boost
     * stays off (no gain on either fold), and so does feedback, which gains
     * on both but doubles the search time. */
    opt->k1 = PASSIM_DEFAULT_BM25_K1;
    opt->b = PASSIM_DEFAULT_BM25_B;
    opt->title_weight = PASSIM_DEFAULT_TITLE_WEIGHT;
    opt->proximity_weight = PASSIM_DEFAULT_PROXIMITY_WEIGHT;
    opt->passage_weight = PASSIM_DEFAULT_PASSAGE_WEIGHT;
    opt->rerank_depth = PASSIM_DEFAULT_RERANK_DEPTH;
    opt->snippet_width = 200;
}

void searcher_set_error(searcher *s, char *msg)
{
    free(s->error);
    s->error = msg;
}

const char *searcher_error(const searcher *s)
{
    return s && s->error ? s->error : "";
}

static passim_status load_synonyms(synonyms **out, const char *text,
                                   size_t len, const char *origin,
                                   char **errmsg)
{
    query_error err = {0};
    passim_status st = synonyms_parse(out, text, len, origin, &err);
    if (st == PASSIM_ERROR_QUERY_SYNTAX && errmsg)
        *errmsg = db_strdupf("%s", err.message);
    return st;
}

/* (Re)opens the databases, skipping the unavailable ones when partial. */
static passim_status open_databases(searcher *s, char **errmsg)
{
    xc_db *db = NULL;
    passim_status st;
    db_strings_free(s->missing, s->nmissing);
    s->missing = NULL;
    s->nmissing = 0;
    if (s->partial)
        st = db_open_read_partial(&db, (const char *const *)s->locations,
                                  s->nlocations, s->timeout_ms, &s->missing,
                                  &s->nmissing, errmsg);
    else
        st = db_open_read(&db, (const char *const *)s->locations,
                          s->nlocations, s->timeout_ms, errmsg);
    if (st == PASSIM_OK) {
        char **each = NULL, *why = NULL;
        size_t neach = 0;
        xc_db_free(s->db);
        s->db = db;
        s->remote = false;
        if (db_expand_locations((const char *const *)s->locations,
                                s->nlocations, &each, &neach, &why) ==
            PASSIM_OK)
            for (size_t i = 0; i < neach; i++)
                s->remote = s->remote || db_is_remote(each[i]);
        db_strings_free(each, neach);
        free(why);
    }
    return st;
}

/* Moves the database's default language to the front of langs: the query
 * compiler reads the first as the language every article may be in (its
 * stems and stopwords), and the list is in the order articles brought the
 * languages in. */
static passim_status default_language_first(xc_db *db, char **langs,
                                            size_t nlangs)
{
    char *deflang = NULL;
    size_t len = 0;
    passim_status st = xc_db_get_metadata(db, &deflang, &len, META_LANGUAGE);
    for (size_t i = 1; st == PASSIM_OK && len && i < nlangs; i++)
        if (strcmp(langs[i], deflang) == 0) {
            char *lang = langs[i];
            memmove(langs + 1, langs, i * sizeof *langs);
            langs[0] = lang;
            break;
        }
    free(deflang);
    return st;
}

static passim_status open_common(searcher **out, const char *const *dbs,
                                 size_t ndbs, unsigned int timeout_ms,
                                 bool partial, char **errmsg)
{
    searcher *s = calloc(1, sizeof *s);
    char **langs = NULL, *syn = NULL;
    size_t nlangs = 0, synlen = 0;
    passim_status st = PASSIM_OK;

    *out = NULL;
    if (!s)
        return PASSIM_ERROR_NO_MEMORY;
    s->partial = partial;
    s->timeout_ms = timeout_ms;
    s->locations = calloc(ndbs ? ndbs : 1, sizeof *s->locations);
    if (!s->locations)
        st = PASSIM_ERROR_NO_MEMORY;
    for (size_t i = 0; st == PASSIM_OK && i < ndbs; i++)
        if ((s->locations[s->nlocations] = strdup(dbs[i])))
            s->nlocations++;
        else
            st = PASSIM_ERROR_NO_MEMORY;
    if (st == PASSIM_OK)
        st = open_databases(s, errmsg);
    if (st == PASSIM_OK)
        st = db_languages(s->db, &langs, &nlangs);
    if (st == PASSIM_OK)
        st = default_language_first(s->db, langs, nlangs);
    if (st == PASSIM_OK) {
        s->analyzers = calloc(nlangs, sizeof *s->analyzers);
        if (!s->analyzers)
            st = PASSIM_ERROR_NO_MEMORY;
    }
    for (size_t i = 0; st == PASSIM_OK && i < nlangs; i++) {
        passim_status made = analyzer_new(&s->analyzers[s->nanalyzers],
                                          langs[i], NULL);
        /* A language this build cannot stem is skipped, not fatal; running
         * out of memory is (the query would miss that language's stems). */
        if (made == PASSIM_OK)
            s->nanalyzers++;
        else if (made != PASSIM_ERROR_INVALID_ARGUMENT)
            st = made;
    }
    if (st == PASSIM_OK && s->nanalyzers == 0)
        st = analyzer_new(&s->analyzers[s->nanalyzers++], "english", errmsg);
    if (st == PASSIM_OK) {
        passim_status got = xc_db_get_metadata(s->db, &syn, &synlen,
                                               META_SYNONYMS);
        /* Searching without the stored synonyms would answer differently. */
        if (got == PASSIM_ERROR_NO_MEMORY)
            st = got;
        else if (got == PASSIM_OK && synlen)
            st = load_synonyms(&s->db_synonyms, syn, synlen,
                               "stored synonyms", errmsg);
    }
    free(syn);
    db_strings_free(langs, nlangs);
    if (st != PASSIM_OK) {
        searcher_free(s);
        return st;
    }
    *out = s;
    return PASSIM_OK;
}

passim_status searcher_open(searcher **out, const char *const *dbs,
                            size_t ndbs, unsigned int timeout_ms,
                            char **errmsg)
{
    return open_common(out, dbs, ndbs, timeout_ms, false, errmsg);
}

passim_status searcher_open_partial(searcher **out, const char *const *dbs,
                                    size_t ndbs, unsigned int timeout_ms,
                                    char **errmsg)
{
    return open_common(out, dbs, ndbs, timeout_ms, true, errmsg);
}

void searcher_free(searcher *s)
{
    if (!s)
        return;
    db_strings_free(s->locations, s->nlocations);
    db_strings_free(s->missing, s->nmissing);
    for (size_t i = 0; i < s->nanalyzers; i++)
        analyzer_free(s->analyzers[i]);
    free(s->analyzers);
    synonyms_free(s->db_synonyms);
    xc_db_free(s->db);
    free(s->error);
    free(s);
}

/* ---- results ------------------------------------------------------------ */

static void hit_clear(search_hit *h)
{
    free(h->id);
    free(h->title);
    free(h->date);
    free(h->source);
    free(h->lang);
    free(h->url);
    free(h->path);
    free(h->summary);
    for (size_t i = 0; i < h->ntags; i++)
        free(h->tags[i]);
    free(h->tags);
    for (size_t i = 0; i < h->nfields; i++) {
        free(h->fields[i].key);
        free(h->fields[i].value);
    }
    free(h->fields);
    for (size_t i = 0; i < h->npassages; i++) {
        free(h->passages[i].text);
        snippet_clear(&h->passages[i].snip);
    }
    free(h->passages);
    free(h->explain);
}

void search_results_free(search_results *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nhits; i++)
        hit_clear(&r->hits[i]);
    free(r->hits);
    for (size_t i = 0; i < r->nfacets; i++) {
        for (size_t j = 0; j < r->facets[i].count; j++)
            free(r->facets[i].values[j].value);
        free(r->facets[i].values);
        free(r->facets[i].name);
    }
    free(r->facets);
    for (size_t i = 0; i < r->nnotices; i++)
        free(r->notices[i]);
    free(r->notices);
    free(r->query);
    free(r->suggestion);
    free(r);
}

static bool push_notice(search_results *r, char *notice)
{
    return db_strings_push(&r->notices, &r->nnotices, notice) == PASSIM_OK;
}

/* ---- building the query ------------------------------------------------- */

/* Combines two queries with `op`, freeing both; *q receives the result. */
static passim_status combine2(xc_query **q, xc_query_op op, xc_query *other)
{
    xc_query *pair[2] = {*q, other}, *out = NULL;
    passim_status st = xc_query_combine(&out, op, pair, 2, 0);
    xc_query_free(pair[0]);
    xc_query_free(pair[1]);
    *q = out;
    return st;
}

/* The compiled query plus the proximity boost and the date filter. */
static passim_status final_query(const query_compiled *c,
                                 const search_options *opt, xc_query **out)
{
    xc_query *q = NULL, *extra = NULL;
    passim_status st = xc_query_combine(&q, XC_OP_AND, &c->query, 1, 0);
    if (st == PASSIM_OK && c->proximity && opt->proximity_weight > 0) {
        st = xc_query_scale(&extra, c->proximity, opt->proximity_weight);
        if (st == PASSIM_OK)
            st = combine2(&q, XC_OP_AND_MAYBE, extra);
    }
    if (st == PASSIM_OK && (opt->since || opt->until)) {
        st = xc_query_value_range(&extra, SLOT_DATE, opt->since, opt->until);
        if (st == PASSIM_OK)
            st = combine2(&q, XC_OP_FILTER, extra);
    }
    if (st != PASSIM_OK) {
        xc_query_free(q);
        q = NULL;
    }
    *out = q;
    return st;
}

bool searcher_appendf(char **buf, const char *fmt, ...)
{
    va_list ap;
    char *piece = NULL, *joined;
    int n;
    va_start(ap, fmt);
    n = vasprintf(&piece, fmt, ap);
    va_end(ap);
    if (n < 0)
        return false;
    joined = db_strdupf("%s%s", *buf ? *buf : "", piece);
    free(piece);
    if (!joined)
        return false;
    free(*buf);
    *buf = joined;
    return true;
}

/* ---- running ------------------------------------------------------------ */

static void attempt_clear(attempt *a)
{
    xc_mset_free(a->mset);
    xc_enquire_free(a->enquire);
    xc_mset_free(a->counted);
    xc_enquire_free(a->counter);
    query_compiled_clear(&a->compiled);
    feedback_expansion_clear(&a->feedback);
    memset(a, 0, sizeof *a);
}

/* Adds to *q, with AND_MAYBE, the stems feedback_expand picks from *q's
 * top articles: they reorder its matches, never change which match. */
static passim_status add_feedback(search_run *run, const query_compiled *c,
                                  feedback_expansion *fx, xc_query **q)
{
    const search_options *opt = run->opt;
    feedback_options fo = {opt->feedback_docs, opt->feedback_terms,
                           opt->feedback_weight, c->nwords, opt->k1, opt->b,
                           run->query_analyzers[0],
                           (const char *const *)c->terms, c->nterms};
    xc_query *pair[2], *out = NULL;
    passim_status st = feedback_expand(run->s->db, *q, &fo, fx);
    if (st != PASSIM_OK || !fx->query)
        return st;
    pair[0] = *q;
    pair[1] = fx->query;
    st = xc_query_combine(&out, XC_OP_AND_MAYBE, pair, 2, 0);
    xc_query_free(*q);
    *q = out;
    return st;
}

/* The total and the facets, counted by a pass that weighs nothing: when
 * the ranked pass could not tell the total exactly (its early stop is what
 * makes a frequent word's search fast, and weighing every match just to
 * count it was most of that search), or when facets are wanted (a spy
 * sees only the matches a pass examines). Examining SEARCH_EXACT_TOTAL
 * matches at least makes the total exact up to that many articles
 * (Xapian's bounds meet), and a lower bound past it, as Elasticsearch's
 * track_total_hits does. */
static passim_status count_matches(search_run *run, attempt *a,
                                   const xc_query *q)
{
    const search_options *opt = run->opt;
    unsigned int lower = 0, estimated, upper = 0;
    passim_status st = xc_enquire_new(&a->counter, run->s->db, NULL);
    if (st == PASSIM_OK)
        st = xc_enquire_set_query(a->counter, q);
    if (st == PASSIM_OK)
        st = xc_enquire_set_boolean(a->counter);
    for (size_t i = 0; st == PASSIM_OK && i < opt->nfacets; i++)
        st = xc_enquire_add_value_spy(a->counter, &a->spies[i],
                                      facets_slot(opt->facets[i]));
    if (st == PASSIM_OK)
        st = xc_enquire_get_mset(a->counter, &a->counted, 0, 0,
                                 SEARCH_EXACT_TOTAL);
    if (st == PASSIM_OK)
        st = xc_mset_matches(a->counted, &lower, &estimated, &upper);
    if (st == PASSIM_OK) {
        a->total = lower;
        a->total_exact = lower == upper;
    } else if (a->counter) {
        searcher_set_error(run->s, db_strdupf("%s",
                                              xc_enquire_error(a->counter)));
    }
    return st;
}

passim_status searcher_compile(search_run *run, const query_node *root,
                               query_match match, bool parts,
                               query_compiled *out, query_error *err)
{
    const search_options *opt = run->opt;
    query_compile_options copt = {match, run->query_analyzers,
                                  run->nquery_analyzers, run->s->db, run->syn,
                                  opt->title_weight, WILDCARD_LIMIT, parts};
    return query_compile(out, root, &copt, err);
}

passim_status searcher_boolean_match(search_run *run, const xc_query *q,
                                     unsigned int maxitems,
                                     unsigned int check, xc_mset **out)
{
    xc_enquire *e = NULL;
    passim_status st = xc_enquire_new(&e, run->s->db, NULL);
    *out = NULL;
    if (st == PASSIM_OK)
        st = xc_enquire_set_query(e, q);
    if (st == PASSIM_OK)
        st = xc_enquire_set_boolean(e);
    if (st == PASSIM_OK)
        st = xc_enquire_get_mset(e, out, 0, maxitems, check);
    xc_enquire_free(e);
    return st;
}

passim_status searcher_count(search_run *run, const query_node *root,
                             query_match match, unsigned int check,
                             unsigned int *count)
{
    query_compiled c;
    xc_query *q = NULL;
    xc_mset *m = NULL;
    unsigned int estimated, upper;
    passim_status st = searcher_compile(run, root, match, false, &c, NULL);
    *count = 0;
    if (st == PASSIM_OK)
        st = final_query(&c, run->opt, &q);
    if (st == PASSIM_OK)
        st = searcher_boolean_match(run, q, 0, check, &m);
    if (st == PASSIM_OK)
        st = xc_mset_matches(m, count, &estimated, &upper);
    xc_mset_free(m);
    xc_query_free(q);
    query_compiled_clear(&c);
    return st;
}

/* The matches of the query compiled in `match` mode: the top articles from
 * rank 0 down to what the page and the reranking need, counted exactly up to
 * SEARCH_EXACT_TOTAL, or (`exact` false) as far as they are examined. */
static passim_status run_match(search_run *run, query_match match,
                               bool exact, attempt *a)
{
    searcher *s = run->s;
    const search_options *opt = run->opt;
    xc_query *q = NULL;
    unsigned int lower = 0, estimated, upper = 0, depth;
    char *xmsg = NULL;
    passim_status st = searcher_compile(run, run->root, match, opt->explain,
                                        &a->compiled, run->qerr);
    if (st != PASSIM_OK) {
        searcher_set_error(s, db_strdupf("%s", run->qerr->message));
        return st;
    }
    st = final_query(&a->compiled, opt, &q);
    if (st == PASSIM_OK && opt->feedback_docs && opt->sort ==
        SEARCH_SORT_RELEVANCE && !a->compiled.only_filters)
        st = add_feedback(run, &a->compiled, &a->feedback, &q);
    if (st == PASSIM_OK)
        st = xc_enquire_new(&a->enquire, s->db, &xmsg);
    if (st == PASSIM_OK)
        st = xc_enquire_set_query(a->enquire, q);
    if (st == PASSIM_OK)
        st = xc_enquire_set_bm25(a->enquire, opt->k1, 0, 1, opt->b, 0.5);
    /* Filters alone rank nothing: list their matches newest first. */
    if (st == PASSIM_OK &&
        (opt->sort == SEARCH_SORT_DATE || a->compiled.only_filters))
        st = xc_enquire_set_sort(a->enquire, XC_SORT_VALUE_THEN_RELEVANCE,
                                 SLOT_DATE, true);
    depth = opt->offset + opt->limit;
    if (depth < opt->offset) /* wrapped */
        depth = UINT_MAX;
    /* Reranking reads its depth and the ties past it (none to read when
     * nothing is reranked). */
    if (opt->rerank_depth && depth < opt->rerank_depth + SEARCH_RERANK_TIES)
        depth = opt->rerank_depth + SEARCH_RERANK_TIES;
    /* Not counted: one match past the page tells whether there are more. */
    if (!exact && depth < UINT_MAX)
        depth++;
    if (st == PASSIM_OK)
        st = xc_enquire_get_mset(a->enquire, &a->mset, 0, depth, depth);
    if (st == PASSIM_OK)
        st = xc_mset_matches(a->mset, &lower, &estimated, &upper);
    a->total = lower;
    a->total_exact = lower == upper;
    if (st == PASSIM_OK && exact && (!a->total_exact || opt->nfacets))
        st = count_matches(run, a, q);
    /* Examined only as far as the page and one more: exact when that holds
     * every match, which any split into shards agrees on (Xapian's bounds
     * do not); else the caller counts what it lists. */
    if (st == PASSIM_OK && !exact &&
        (a->total_exact = xc_mset_size(a->mset) < depth))
        a->total = (unsigned int)xc_mset_size(a->mset);
    if (st != PASSIM_OK && !xmsg)
        searcher_set_error(s, db_strdupf("%s", a->enquire
                                                   ? xc_enquire_error(a->enquire)
                                                   : xc_db_error(s->db)));
    else if (st != PASSIM_OK)
        searcher_set_error(s, xmsg), xmsg = NULL;
    free(xmsg);
    xc_query_free(q);
    return st;
}

/* Whether matching any word instead of all could find more: the query joins
 * two or more words side by side (explicit operators are never relaxed). */
static bool relaxable(const query_node *node)
{
    size_t words = 0;
    if (node->kind == QUERY_NODE_IMPLICIT)
        for (size_t i = 0; i < node->nchildren; i++) {
            const query_node *c = node->children[i];
            words += !c->excluded && !c->required &&
                     (c->kind == QUERY_NODE_WORD ||
                      c->kind == QUERY_NODE_PHRASE ||
                      c->kind == QUERY_NODE_PREFIX);
        }
    return words > 1;
}

/* Whether an article matching the query has every word of it: words and
 * phrases, alone or joined by AND or side by side (all words mode). */
static bool every_word_required(const query_node *node)
{
    if (node->excluded)
        return false;
    if (node->kind == QUERY_NODE_WORD || node->kind == QUERY_NODE_PHRASE)
        return true;
    if (node->kind != QUERY_NODE_AND && node->kind != QUERY_NODE_IMPLICIT)
        return false;
    for (size_t i = 0; i < node->nchildren; i++)
        if (!every_word_required(node->children[i]))
            return false;
    return true;
}

/* Whether the articles having some of the words follow those having all of
 * them: in the default mode, for words side by side, when the ones having
 * them all do not fill a page (or there are none). Reading --limit, not the
 * offset, keeps every page of one query agreeing on the list and its total. */
static bool fill_with_any(const search_run *run, const attempt *all)
{
    const search_options *opt = run->opt;
    return !opt->match_forced && opt->match == QUERY_MATCH_ALL &&
           (all->total < opt->limit || all->total == 0) &&
           relaxable(run->root);
}

static passim_status run_once(search_run *run)
{
    const search_options *opt = run->opt;
    search_results *r = run->r;
    attempt all = {0}, any = {0}, *listed = &all;
    passim_status st = run_match(run, opt->match, true, &all);
    bool mixed = st == PASSIM_OK && fill_with_any(run, &all);
    run->found = all.total;
    if (mixed) {
        /* Fewer than a page of them: `all` holds every one, listed first;
         * the any-word match counts the whole list and its facets. Counting
         * every article having some word would double the search time on
         * a large collection: the total is exact where the match is small
         * or facets count it, else a lower bound (Xapian's). */
        st = run_match(run, QUERY_MATCH_ANY, opt->nfacets > 0, &any);
        listed = &any;
    }
    if (st == PASSIM_OK) {
        size_t n = 0;
        st = hits_collect(run, listed, mixed ? &all : NULL, &n);
        r->relaxed = mixed && n > all.total;
        r->total_exact = listed->total_exact;
        /* An any-word match counted as far as it examined: the articles
         * it lists, a lower bound. */
        r->total = mixed && !r->total_exact ? (unsigned int)n : listed->total;
    }
    if (st == PASSIM_OK && opt->match == QUERY_MATCH_ANY &&
        relaxable(run->root))
        st = all_words_mark(run);
    if (st == PASSIM_OK)
        st = facets_collect(run, listed);
    /* When every word had to match and some article has them all, every
     * word is known: no suggestion to look for (a database read a word). */
    if (st == PASSIM_OK &&
        !(all.total > 0 && opt->match == QUERY_MATCH_ALL &&
          every_word_required(run->root)))
        st = spelling_suggest(run);
    if (st != PASSIM_OK && !run->s->error)
        searcher_set_error(run->s, db_strdupf("%s", passim_status_string(st)));
    attempt_clear(&any);
    attempt_clear(&all);
    return st;
}

passim_status searcher_reopen(searcher *s)
{
    /* A database left out (--allow-partial) may be back by now. */
    passim_status st =
        s->nmissing ? PASSIM_ERROR_NETWORK
                    : db_reopen(s->db, (const char *const *)s->locations,
                                s->nlocations);
    if (st == PASSIM_ERROR_NETWORK || st == PASSIM_ERROR_MODIFIED) {
        /* Xapian never reconnects a remote database: connect to them all
         * again, so a server restarted on its port is searched again; what
         * still fails is named (or, when partial, left out). A compaction
         * swapped a folder while it was reopened: open it anew too. */
        char *why = NULL;
        st = open_databases(s, &why);
        if (st != PASSIM_OK)
            searcher_set_error(s, db_strdupf("%s%s", s->partial
                                                 ? ""
                                                 : "database unavailable: ",
                                             why ? why
                                                 : passim_status_string(st)));
        free(why);
    } else if (st != PASSIM_OK) {
        searcher_set_error(s, db_strdupf("reopening %s: %s", s->locations[0],
                                xc_db_error(s->db)));
    }
    return st;
}

passim_status searcher_run(searcher *s, const search_options *opt,
                           search_results **out, query_error *qerr)
{
    search_results *r = NULL;
    query_node *root = NULL;
    synonyms *file_syn = NULL;
    query_error local = {0};
    analyzer *forced = NULL; /* opt->lang's */
    search_run run = {s, opt, NULL, s->db_synonyms, s->analyzers,
                      s->nanalyzers, NULL, qerr ? qerr : &local, 0};
    passim_status st;

    *out = NULL;
    if (opt->nfacets > SEARCH_MAX_FACETS) {
        searcher_set_error(s, db_strdupf("at most %d facets",
                                         SEARCH_MAX_FACETS));
        return PASSIM_ERROR_INVALID_ARGUMENT;
    }
    for (size_t i = 0; i < opt->nfacets; i++)
        if (!facets_known(opt->facets[i])) {
            searcher_set_error(s, db_strdupf("unknown facet '%s' (source, "
                                             "tag, month or lang)",
                                             opt->facets[i]));
            return PASSIM_ERROR_INVALID_ARGUMENT;
        }
    if (opt->synonyms_path) {
        char *text = NULL, *msg = NULL;
        size_t len = 0;
        st = regular_file_read(opt->synonyms_path, SYNONYMS_MAX_BYTES, &text,
                               &len, &msg);
        if (st != PASSIM_OK) {
            searcher_set_error(s, db_strdupf("%s: cannot read the synonyms "
                                             "file: %s", opt->synonyms_path,
                                             msg ? msg : ""));
            free(msg);
            return st == PASSIM_ERROR_NO_MEMORY
                       ? st
                       : PASSIM_ERROR_INVALID_ARGUMENT;
        }
        st = load_synonyms(&file_syn, text, len, opt->synonyms_path, &msg);
        free(text);
        if (st != PASSIM_OK) {
            searcher_set_error(s, msg ? msg
                                      : db_strdupf("%s",
                                                   passim_status_string(st)));
            return st == PASSIM_ERROR_QUERY_SYNTAX ? PASSIM_ERROR_INVALID_ARGUMENT
                                                   : st;
        }
        run.syn = file_syn;
    }
    if (opt->lang) {
        char *msg = NULL;
        st = analyzer_new(&forced, opt->lang, &msg);
        if (st != PASSIM_OK) {
            searcher_set_error(s, msg ? msg
                                      : db_strdupf("%s",
                                                   passim_status_string(st)));
            goto out;
        }
        run.query_analyzers = &forced;
        run.nquery_analyzers = 1;
    }
    st = query_parse(&root, opt->query, strlen(opt->query), run.qerr);
    if (st != PASSIM_OK) {
        searcher_set_error(s, db_strdupf("%s", run.qerr->message));
        goto out;
    }
    run.root = root;
    for (int attempt_no = 0;; attempt_no++) {
        r = calloc(1, sizeof *r);
        if (!r || !(r->query = strdup(opt->query))) {
            st = PASSIM_ERROR_NO_MEMORY;
            break;
        }
        run.r = r;
        st = run_once(&run);
        for (size_t i = 0; st == PASSIM_OK && i < s->nmissing; i++)
            if (!push_notice(r, db_strdupf("database unavailable, results "
                                          "without it: %s", s->missing[i])))
                st = PASSIM_ERROR_NO_MEMORY;
        if ((st != PASSIM_ERROR_MODIFIED && st != PASSIM_ERROR_CORRUPT &&
             !(st == PASSIM_ERROR_NETWORK && s->partial)) ||
            attempt_no == MODIFIED_RETRIES)
            break;
        search_results_free(r);
        r = NULL;
        if (st != PASSIM_ERROR_NETWORK) {
            /* A writer committed twice while we read: start over on the new
             * revision. Xapian 1.4 may report a block the writer reused as
             * corrupt rather than modified; only a damage that survives a
             * reopen is real. */
            xc_db_reopen(s->db, NULL);
        } else {
            /* A database went away during the search: go on without it. */
            char *why = NULL;
            st = open_databases(s, &why);
            if (st != PASSIM_OK) {
                searcher_set_error(s, why ? why
                                          : db_strdupf("%s",
                                                       passim_status_string(st)));
                break;
            }
            free(why);
        }
    }
out:
    analyzer_free(forced);
    synonyms_free(file_syn);
    query_node_free(root);
    if (st != PASSIM_OK) {
        search_results_free(r);
        r = NULL;
    }
    *out = r;
    return st;
}
