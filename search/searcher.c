/* searcher.c — one search from query text to hits with snippets: parse,
 * compile, rank with BM25 and boosts, collapse per article, relax, facets,
 * spelling, explanations. */
#include "searcher.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "analyzer.h"
#include "db.h"
#include "feedback.h"
#include "regular_file.h"
#include "schema.h"
#include "synonyms.h"
#include "xc.h"

#define MODIFIED_RETRIES 5
#define WILDCARD_LIMIT 200

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
    bool remote; /* some database is remote: no spelling suggestions */
    analyzer **analyzers; /* one per language in the database */
    size_t nanalyzers;
    /* What analyzes the query during searcher_run: the database's
     * languages, or the one search_options.lang names. */
    analyzer *const *query_analyzers;
    size_t nquery_analyzers;
    synonyms *db_synonyms; /* the database's default synonyms, or NULL */
    char *error;
};

void search_options_init(search_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->match = QUERY_MATCH_ALL;
    opt->limit = 10;
    opt->per_article = 1;
    /* Ranking defaults from bench/relevance/tune.py (2-fold cross-validation
     * on Cranfield, checked on corpus/eval; bench/README.md has the tables).
     * The title weight stops at 0.75: lower wins on Cranfield only because
     * its bodies repeat their titles. The proximity boost stays off: no
     * effect on Cranfield, -0.01 nDCG@10 on corpus/eval. */
    opt->k1 = PASSIM_DEFAULT_BM25_K1;
    opt->b = PASSIM_DEFAULT_BM25_B;
    opt->title_weight = PASSIM_DEFAULT_TITLE_WEIGHT;
    opt->proximity_weight = PASSIM_DEFAULT_PROXIMITY_WEIGHT;
    opt->snippet_width = 200;
}

static void set_error(searcher *s, char *msg)
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
    free(h->text);
    for (size_t i = 0; i < h->ntags; i++)
        free(h->tags[i]);
    free(h->tags);
    snippet_clear(&h->snip);
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

/* ---- facets ------------------------------------------------------------- */

typedef struct facet_slot {
    const char *name;
    xc_slot slot;
    bool split; /* '\n'-joined values counted one by one */
} facet_slot;

static const facet_slot facet_slots[] = {
    {"source", SLOT_SOURCE, false},
    {"tag", SLOT_TAGS, true},
    {"month", SLOT_MONTH, false},
    {"lang", SLOT_LANG, false},
};

static const facet_slot *facet_lookup(const char *name)
{
    for (size_t i = 0; i < sizeof facet_slots / sizeof *facet_slots; i++)
        if (strcmp(facet_slots[i].name, name) == 0)
            return &facet_slots[i];
    return NULL;
}

static passim_status facet_add(search_facet *f, const char *value, size_t len,
                               unsigned int count)
{
    search_facet_value *grown;
    if (len == 0)
        return PASSIM_OK;
    for (size_t i = 0; i < f->count; i++)
        if (strlen(f->values[i].value) == len &&
            memcmp(f->values[i].value, value, len) == 0) {
            f->values[i].count += count;
            return PASSIM_OK;
        }
    grown = realloc(f->values, (f->count + 1) * sizeof *grown);
    if (!grown)
        return PASSIM_ERROR_NO_MEMORY;
    f->values = grown;
    if (!(grown[f->count].value = strndup(value, len)))
        return PASSIM_ERROR_NO_MEMORY;
    grown[f->count++].count = count;
    return PASSIM_OK;
}

static int by_count(const void *a, const void *b)
{
    const search_facet_value *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->value, y->value);
}

static passim_status facet_collect(search_facet *f, const facet_slot *fs,
                                   xc_spy *spy)
{
    size_t n = 0;
    passim_status st = xc_spy_count(spy, &n);
    for (size_t i = 0; st == PASSIM_OK && i < n; i++) {
        const char *value;
        size_t len;
        unsigned int count;
        st = xc_spy_get(spy, i, &value, &len, &count);
        while (st == PASSIM_OK && fs->split && len > 0) {
            const char *nl = memchr(value, '\n', len);
            size_t part = nl ? (size_t)(nl - value) : len;
            st = facet_add(f, value, part, count);
            len -= nl ? part + 1 : part;
            value += nl ? part + 1 : part;
        }
        if (st == PASSIM_OK && !fs->split)
            st = facet_add(f, value, len, count);
    }
    if (st == PASSIM_OK && f->count)
        qsort(f->values, f->count, sizeof *f->values, by_count);
    return st;
}

/* ---- hits --------------------------------------------------------------- */

/* A copy of the string member `key` in *out, NULL when there is none;
 * false when the copy ran out of memory (a field must not silently go). */
static bool json_string(const cJSON *o, const char *key, char **out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    bool present = cJSON_IsString(v) && v->valuestring;
    *out = present ? strdup(v->valuestring) : NULL;
    return *out || !present;
}

static unsigned int json_uint(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) && v->valuedouble >= 0
               ? (unsigned int)v->valuedouble
               : 0;
}

static passim_status hit_fill(search_hit *h, const char *data, size_t len)
{
    cJSON *o, *tags;
    passim_status st = PASSIM_OK;
    bool copied;
    /* cJSON says only "no"; errno tells running out of memory from bad
     * data. */
    errno = 0;
    o = cJSON_ParseWithLength(data, len);
    if (!o)
        return errno == ENOMEM ? PASSIM_ERROR_NO_MEMORY : PASSIM_ERROR_CORRUPT;
    copied = json_string(o, SCHEMA_DATA_ID, &h->id) &&
             json_string(o, SCHEMA_DATA_TITLE, &h->title) &&
             json_string(o, SCHEMA_DATA_DATE, &h->date) &&
             json_string(o, SCHEMA_DATA_SOURCE, &h->source) &&
             json_string(o, SCHEMA_DATA_LANG, &h->lang) &&
             json_string(o, SCHEMA_DATA_URL, &h->url) &&
             json_string(o, SCHEMA_DATA_PATH, &h->path) &&
             json_string(o, SCHEMA_DATA_TEXT, &h->text);
    h->line = json_uint(o, SCHEMA_DATA_LINE);
    h->passage = json_uint(o, SCHEMA_DATA_PASSAGE);
    tags = cJSON_GetObjectItemCaseSensitive(o, SCHEMA_DATA_TAGS);
    if (copied && cJSON_IsArray(tags)) {
        int n = cJSON_GetArraySize(tags);
        h->tags = calloc(n > 0 ? (size_t)n : 1, sizeof *h->tags);
        copied = h->tags != NULL;
        for (int i = 0; copied && i < n; i++) {
            const cJSON *t = cJSON_GetArrayItem(tags, i);
            if (cJSON_IsString(t) &&
                (copied = (h->tags[h->ntags] = strdup(t->valuestring)) != NULL))
                h->ntags++;
        }
    }
    if (!copied)
        st = PASSIM_ERROR_NO_MEMORY;
    else if (!h->id || !h->title || !h->text)
        st = PASSIM_ERROR_CORRUPT;
    cJSON_Delete(o);
    return st;
}

/* The analyzer of the hit's language, so the snippet re-reads the passage
 * exactly as indexing did. */
static analyzer *analyzer_of(const searcher *s, const char *lang)
{
    for (size_t i = 0; lang && i < s->nanalyzers; i++)
        if (strcmp(analyzer_language_code(s->analyzers[i]), lang) == 0)
            return s->analyzers[i];
    return s->analyzers[0];
}

/* The weight one query gives one passage (0 when it does not match). */
static passim_status weight_in(searcher *s, const search_options *opt,
                               const xc_query *q, const char *unique,
                               double *weight)
{
    xc_query *only = NULL, *both = NULL;
    xc_query *pair[2];
    xc_enquire *e = NULL;
    xc_mset *m = NULL;
    passim_status st = xc_query_term(&only, unique, strlen(unique), 1, 0);
    pair[0] = (xc_query *)q;
    pair[1] = only;
    if (st == PASSIM_OK)
        st = xc_query_combine(&both, XC_OP_FILTER, pair, 2, 0);
    if (st == PASSIM_OK)
        st = xc_enquire_new(&e, s->db, NULL);
    if (st == PASSIM_OK)
        st = xc_enquire_set_bm25(e, opt->k1, 0, 1, opt->b, 0.5);
    if (st == PASSIM_OK)
        st = xc_enquire_set_query(e, both);
    if (st == PASSIM_OK)
        st = xc_enquire_get_mset(e, &m, 0, 1, 0);
    *weight = 0;
    if (st == PASSIM_OK && xc_mset_size(m) == 1)
        st = xc_mset_hit(m, 0, NULL, weight, NULL);
    xc_mset_free(m);
    xc_enquire_free(e);
    xc_query_free(both);
    xc_query_free(only);
    return st;
}

static bool appendf(char **buf, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static bool appendf(char **buf, const char *fmt, ...)
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

/* The score broken down: each ranked part of the query that this passage
 * matches (a word's stems, a phrase, NEAR or prefix, in the body or the
 * title, scaled as ranked), each feedback stem and the proximity boost. The
 * parts add up to the score, so a word given twice shows twice. */
static passim_status explain_hit(searcher *s, const search_options *opt,
                                 const query_compiled *c,
                                 const feedback_expansion *fx, xc_mset *m,
                                 size_t i, search_hit *h)
{
    char unique[SCHEMA_TERM_MAX], key[SCHEMA_TERM_MAX + 32];
    xc_terms *terms = NULL;
    const char *term;
    size_t len;
    bool has;
    passim_status st = PASSIM_OK;

    snprintf(key, sizeof key, "%s#%u", h->id, h->passage);
    schema_term(unique, PREFIX_PASSAGE, key, strlen(key));
    for (size_t p = 0; st == PASSIM_OK && p < c->nparts; p++) {
        const query_part *part = &c->parts[p];
        double w = 0;
        st = weight_in(s, opt, part->query, unique, &w);
        if (st == PASSIM_OK && w > 0 &&
            !appendf(&h->explain, "%-8s %-24s %8.4f\n",
                     part->title ? "title" : "bm25", part->label,
                     w * part->scale))
            st = PASSIM_ERROR_NO_MEMORY;
    }
    if (st == PASSIM_OK && fx->query)
        st = xc_mset_matching_terms(m, i, &terms);
    while (terms && st == PASSIM_OK &&
           (st = xc_terms_next(terms, &has, &term, &len, NULL, NULL)) ==
               PASSIM_OK &&
           has) {
        xc_query *tq = NULL;
        double w = 0;
        if (!feedback_has_term(fx, term, len))
            continue;
        st = xc_query_term(&tq, term, len, 1, 0);
        if (st == PASSIM_OK)
            st = weight_in(s, opt, tq, unique, &w);
        xc_query_free(tq);
        if (st == PASSIM_OK &&
            !appendf(&h->explain, "%-8s %-24s %8.4f\n", "feedback", term,
                     w * fx->factor))
            st = PASSIM_ERROR_NO_MEMORY;
    }
    xc_terms_free(terms);
    if (st == PASSIM_OK && c->proximity && opt->proximity_weight > 0) {
        double w = 0;
        st = weight_in(s, opt, c->proximity, unique, &w);
        if (st == PASSIM_OK &&
            !appendf(&h->explain, "%-8s %-24s %8.4f\n", "near", "(query words "
                     "close together)", w * opt->proximity_weight))
            st = PASSIM_ERROR_NO_MEMORY;
    }
    if (st == PASSIM_OK &&
        !appendf(&h->explain, "%-8s %-24s %8.4f\n", "total", "", h->score))
        st = PASSIM_ERROR_NO_MEMORY;
    return st;
}

static passim_status collect_hits(searcher *s, const search_options *opt,
                                  const query_compiled *c,
                                  const feedback_expansion *fx, xc_mset *m,
                                  search_results *r)
{
    size_t n = xc_mset_size(m);
    const char *const *terms = (const char *const *)c->terms;
    snippet_terms st_terms = {terms, c->nterms,
                              (const char *const *)c->prefixes, c->nprefixes};
    passim_status st = PASSIM_OK;

    r->hits = calloc(n ? n : 1, sizeof *r->hits);
    if (!r->hits)
        return PASSIM_ERROR_NO_MEMORY;
    for (size_t i = 0; st == PASSIM_OK && i < n; i++) {
        search_hit *h = &r->hits[i];
        xc_doc *doc = NULL;
        char *data = NULL;
        size_t len = 0;
        unsigned int rank = 0;
        r->nhits++;
        st = xc_mset_hit(m, i, NULL, &h->score, &rank);
        h->rank = rank + 1;
        if (st == PASSIM_OK && opt->per_article)
            st = xc_mset_collapse_count(m, i, &h->collapsed);
        if (st == PASSIM_OK)
            st = xc_mset_document(m, i, &doc);
        if (st == PASSIM_OK)
            st = xc_doc_get_data(doc, &data, &len);
        if (st == PASSIM_OK)
            st = hit_fill(h, data, len);
        if (st == PASSIM_OK)
            st = snippet_make(&h->snip, h->text, strlen(h->text),
                              analyzer_of(s, h->lang), &st_terms,
                              opt->snippet_width);
        if (st == PASSIM_OK && opt->explain)
            st = explain_hit(s, opt, c, fx, m, i, h);
        free(data);
        xc_doc_free(doc);
    }
    return st;
}

/* ---- spelling ----------------------------------------------------------- */

typedef struct first_term {
    char term[ANALYZER_MAX_TERM_BYTES + 1];
    char stem[ANALYZER_MAX_TERM_BYTES + 1 + sizeof PREFIX_STEM];
    bool found;
} first_term;

static int take_first(const analyzer_token *t, void *ctx)
{
    first_term *f = ctx;
    memcpy(f->term, t->term, t->term_len + 1);
    snprintf(f->stem, sizeof f->stem, "%s%s", PREFIX_STEM, t->stem);
    f->found = true;
    return 1;
}

/* Whether a query word matches anything: its folded form, or its stem in
 * any language of the database (a French plural matches through its stem). */
static passim_status word_known(searcher *s, const query_node *node,
                                first_term *f, bool *known)
{
    passim_status st = PASSIM_OK;
    *known = true;
    for (size_t i = 0; st == PASSIM_OK && i < s->nquery_analyzers; i++) {
        f->found = false;
        analyzer_run(s->query_analyzers[i], node->text, node->text_len,
                     ANALYZER_FOR_QUERY, 0, take_first, f, NULL);
        if (!f->found || (f->term[0] >= '0' && f->term[0] <= '9'))
            return PASSIM_OK;
        if (i == 0)
            st = xc_db_term_exists(s->db, f->term, strlen(f->term), known);
        if (st == PASSIM_OK && !*known)
            st = xc_db_term_exists(s->db, f->stem, strlen(f->stem), known);
        if (*known)
            return st;
    }
    /* f->term is the first analyzer's folded form again: the last run may
     * have been another analyzer's, but folding does not depend on it. */
    return st;
}

/* Rebuilds the query with every plain word that matches nothing replaced
 * by the spelling table's suggestion. */
static passim_status suggest(searcher *s, const char *query,
                             const query_node *node, char **out,
                             size_t *copied, bool *changed, bool *unknown)
{
    passim_status st = PASSIM_OK;
    if (node->kind == QUERY_NODE_WORD && node->text) {
        first_term f;
        bool known = true;
        char *fix = NULL;
        st = word_known(s, node, &f, &known);
        if (st == PASSIM_OK && !known) {
            *unknown = true;
            /* Xapian 1.4 has no spelling tables over remote databases. */
            if (!s->remote)
                st = xc_db_spelling_suggestion(s->db, &fix, f.term, 2);
        }
        if (st == PASSIM_OK && fix && *fix) {
            size_t word_at = node->offset + node->length - node->text_len;
            if (!appendf(out, "%.*s%s", (int)(word_at - *copied),
                         query + *copied, fix))
                st = PASSIM_ERROR_NO_MEMORY;
            *copied = word_at + node->text_len;
            *changed = true;
        }
        free(fix);
        return st;
    }
    for (size_t i = 0; st == PASSIM_OK && i < node->nchildren; i++)
        if (node->kind != QUERY_NODE_FIELD)
            st = suggest(s, query, node->children[i], out, copied, changed,
                         unknown);
    return st;
}

/* ---- running ------------------------------------------------------------ */

typedef struct attempt {
    query_compiled compiled;
    feedback_expansion feedback; /* stems added by --feedback */
    xc_enquire *enquire;
    xc_mset *mset;
    xc_spy *spies[SEARCH_MAX_FACETS];
    unsigned int total;
} attempt;

static void attempt_clear(attempt *a)
{
    xc_mset_free(a->mset);
    xc_enquire_free(a->enquire);
    query_compiled_clear(&a->compiled);
    feedback_expansion_clear(&a->feedback);
    memset(a, 0, sizeof *a);
}

/* Adds to *q, with AND_MAYBE, the stems feedback_expand picks from *q's
 * top articles: they reorder its matches, never change which match. */
static passim_status add_feedback(searcher *s, const search_options *opt,
                                  const query_compiled *c,
                                  feedback_expansion *fx, xc_query **q)
{
    feedback_options fo = {opt->feedback_docs, opt->feedback_terms,
                           opt->feedback_weight, c->nwords, opt->k1, opt->b,
                           s->query_analyzers[0], (const char *const *)c->terms,
                           c->nterms};
    xc_query *pair[2], *out = NULL;
    passim_status st = feedback_expand(s->db, *q, &fo, fx);
    if (st != PASSIM_OK || !fx->query)
        return st;
    pair[0] = *q;
    pair[1] = fx->query;
    st = xc_query_combine(&out, XC_OP_AND_MAYBE, pair, 2, 0);
    xc_query_free(*q);
    *q = out;
    return st;
}

static passim_status run_match(searcher *s, const search_options *opt,
                               const query_node *root, const synonyms *syn,
                               query_match match, attempt *a,
                               query_error *qerr)
{
    query_compile_options copt = {match, s->query_analyzers,
                                  s->nquery_analyzers, s->db,
                                  syn, opt->title_weight, WILDCARD_LIMIT,
                                  opt->explain};
    xc_query *q = NULL;
    unsigned int doccount = 0, estimated, upper;
    char *xmsg = NULL;
    passim_status st = query_compile(&a->compiled, root, &copt, qerr);
    if (st != PASSIM_OK) {
        set_error(s, db_strdupf("%s", qerr ? qerr->message : "bad query"));
        return st;
    }
    st = final_query(&a->compiled, opt, &q);
    if (st == PASSIM_OK && opt->feedback_docs && opt->sort ==
        SEARCH_SORT_RELEVANCE && !a->compiled.only_filters)
        st = add_feedback(s, opt, &a->compiled, &a->feedback, &q);
    if (st == PASSIM_OK)
        st = xc_enquire_new(&a->enquire, s->db, &xmsg);
    if (st == PASSIM_OK)
        st = xc_enquire_set_query(a->enquire, q);
    if (st == PASSIM_OK)
        st = xc_enquire_set_bm25(a->enquire, opt->k1, 0, 1, opt->b, 0.5);
    if (st == PASSIM_OK && opt->per_article)
        st = xc_enquire_set_collapse_key(a->enquire, SLOT_ARTICLE,
                                         opt->per_article);
    /* Filters alone rank nothing: list their matches newest first. */
    if (st == PASSIM_OK &&
        (opt->sort == SEARCH_SORT_DATE || a->compiled.only_filters))
        st = xc_enquire_set_sort(a->enquire, XC_SORT_VALUE_THEN_RELEVANCE,
                                 SLOT_DATE, true);
    for (size_t i = 0; st == PASSIM_OK && i < opt->nfacets; i++)
        st = xc_enquire_add_value_spy(a->enquire, &a->spies[i],
                                      facet_lookup(opt->facets[i])->slot);
    if (st == PASSIM_OK)
        st = xc_db_doccount(s->db, &doccount);
    /* Examine every match, so totals under collapsing and facet counts are
     * exact rather than estimated. With every match examined, Xapian's lower
     * bound is the exact count after collapsing; its "estimate" is not. */
    if (st == PASSIM_OK)
        st = xc_enquire_get_mset(a->enquire, &a->mset, opt->offset,
                                 opt->limit, doccount);
    if (st == PASSIM_OK)
        st = xc_mset_matches(a->mset, &a->total, &estimated, &upper);
    if (st != PASSIM_OK && !xmsg)
        set_error(s, db_strdupf("%s", a->enquire ? xc_enquire_error(a->enquire)
                                                 : xc_db_error(s->db)));
    else if (st != PASSIM_OK)
        set_error(s, xmsg), xmsg = NULL;
    free(xmsg);
    xc_query_free(q);
    return st;
}

static passim_status run_once(searcher *s, const search_options *opt,
                              const query_node *root, const synonyms *syn,
                              search_results *r, query_error *qerr)
{
    attempt a = {0};
    passim_status st = run_match(s, opt, root, syn, opt->match, &a, qerr);
    if (st == PASSIM_OK && a.total == 0 && !opt->match_forced &&
        opt->match == QUERY_MATCH_ALL && a.compiled.nwords > 1) {
        attempt_clear(&a);
        st = run_match(s, opt, root, syn, QUERY_MATCH_ANY, &a, qerr);
        r->relaxed = true;
    }
    if (st == PASSIM_OK) {
        r->total = a.total;
        st = collect_hits(s, opt, &a.compiled, &a.feedback, a.mset, r);
    }
    if (st == PASSIM_OK && opt->nfacets) {
        r->facets = calloc(opt->nfacets, sizeof *r->facets);
        if (!r->facets)
            st = PASSIM_ERROR_NO_MEMORY;
        for (size_t i = 0; st == PASSIM_OK && i < opt->nfacets; i++) {
            const facet_slot *fs = facet_lookup(opt->facets[i]);
            r->facets[i].name = strdup(fs->name);
            r->nfacets++;
            st = r->facets[i].name ? facet_collect(&r->facets[i], fs, a.spies[i])
                                   : PASSIM_ERROR_NO_MEMORY;
        }
    }
    if (st == PASSIM_OK) {
        size_t copied = 0;
        bool changed = false, unknown = false;
        char *text = NULL;
        passim_status sp = suggest(s, opt->query, root, &text, &copied,
                                   &changed, &unknown);
        if (sp == PASSIM_OK && changed &&
            appendf(&text, "%s", opt->query + copied)) {
            r->suggestion = text;
            text = NULL;
        } else if (unknown && (s->remote || sp == PASSIM_ERROR_INVALID_ARGUMENT ||
                               sp == PASSIM_ERROR_NETWORK)) {
            push_notice(r, strdup("spelling suggestions are not available "
                                 "for this database"));
        }
        free(text);
    }
    if (st != PASSIM_OK && !s->error)
        set_error(s, db_strdupf("%s", passim_status_string(st)));
    attempt_clear(&a);
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
            set_error(s, db_strdupf("%s%s", s->partial ? ""
                                              : "database unavailable: ",
                                    why ? why : passim_status_string(st)));
        free(why);
    } else if (st != PASSIM_OK) {
        set_error(s, db_strdupf("reopening %s: %s", s->locations[0],
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
    const synonyms *syn = s->db_synonyms;
    query_error local = {0};
    analyzer *forced = NULL; /* opt->lang's */
    passim_status st;

    *out = NULL;
    if (!qerr)
        qerr = &local;
    if (opt->nfacets > SEARCH_MAX_FACETS) {
        set_error(s, db_strdupf("at most %d facets", SEARCH_MAX_FACETS));
        return PASSIM_ERROR_INVALID_ARGUMENT;
    }
    for (size_t i = 0; i < opt->nfacets; i++)
        if (!facet_lookup(opt->facets[i])) {
            set_error(s, db_strdupf("unknown facet '%s' (source, tag, month "
                                    "or lang)", opt->facets[i]));
            return PASSIM_ERROR_INVALID_ARGUMENT;
        }
    if (opt->synonyms_path) {
        char *text = NULL, *msg = NULL;
        size_t len = 0;
        st = regular_file_read(opt->synonyms_path, SYNONYMS_MAX_BYTES, &text,
                               &len, &msg);
        if (st != PASSIM_OK) {
            set_error(s, db_strdupf("%s: cannot read the synonyms file: %s",
                                    opt->synonyms_path, msg ? msg : ""));
            free(msg);
            return st == PASSIM_ERROR_NO_MEMORY
                       ? st
                       : PASSIM_ERROR_INVALID_ARGUMENT;
        }
        st = load_synonyms(&file_syn, text, len, opt->synonyms_path, &msg);
        free(text);
        if (st != PASSIM_OK) {
            set_error(s, msg ? msg : db_strdupf("%s", passim_status_string(st)));
            return st == PASSIM_ERROR_QUERY_SYNTAX ? PASSIM_ERROR_INVALID_ARGUMENT
                                                   : st;
        }
        syn = file_syn;
    }
    s->query_analyzers = s->analyzers;
    s->nquery_analyzers = s->nanalyzers;
    if (opt->lang) {
        char *msg = NULL;
        st = analyzer_new(&forced, opt->lang, &msg);
        if (st != PASSIM_OK) {
            set_error(s, msg ? msg : db_strdupf("%s", passim_status_string(st)));
            goto out;
        }
        s->query_analyzers = &forced;
        s->nquery_analyzers = 1;
    }
    st = query_parse(&root, opt->query, strlen(opt->query), qerr);
    if (st != PASSIM_OK) {
        set_error(s, db_strdupf("%s", qerr->message));
        goto out;
    }
    for (int attempt_no = 0;; attempt_no++) {
        r = calloc(1, sizeof *r);
        if (!r || !(r->query = strdup(opt->query))) {
            st = PASSIM_ERROR_NO_MEMORY;
            break;
        }
        st = run_once(s, opt, root, syn, r, qerr);
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
                set_error(s, why ? why : db_strdupf("%s",
                                                    passim_status_string(st)));
                break;
            }
            free(why);
        }
    }
out:
    s->query_analyzers = NULL;
    s->nquery_analyzers = 0;
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
