/* search.c — passim_search over the searcher, and the accessors of its
 * results and hits. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "date.h"
#include "feedback.h"

passim_status passim_date_bound(char out[11], const char *text, int upper)
{
    const char *why;
    if (!out || !text)
        return api_fail_thread(PASSIM_ERROR_INVALID_ARGUMENT,
                               "passim_date_bound: out or text is NULL");
    why = date_parse_bound(text, strlen(text), upper != 0, out);
    if (why)
        return api_fail_thread(PASSIM_ERROR_INVALID_ARGUMENT,
                               "'%s' is not a date: %s", text, why);
    return api_fail_thread(PASSIM_OK, NULL);
}

passim_status passim_feedback_parse(unsigned int *docs, unsigned int *terms,
                                    double *weight, const char *text)
{
    if (!docs || !terms || !weight || !text)
        return api_fail_thread(PASSIM_ERROR_INVALID_ARGUMENT,
                               "passim_feedback_parse: NULL argument");
    if (!feedback_parse(text, docs, terms, weight))
        return api_fail_thread(PASSIM_ERROR_INVALID_ARGUMENT,
                               "'%s' is not "
                               "DOCS,TERMS,WEIGHT (1-%d, 1-%d, above 0 up "
                               "to 100)",
                               text, PASSIM_FEEDBACK_MAX_DOCS,
                               PASSIM_FEEDBACK_MAX_TERMS);
    return api_fail_thread(PASSIM_OK, NULL);
}

/* The size of each version's options: the fields it added came after
 * them. */
static const size_t version_size[] = {
    0,
    offsetof(passim_search_options, feedback_docs),  /* 1 */
    offsetof(passim_search_options, lang),           /* 2 */
    offsetof(passim_search_options, passage_weight), /* 3 */
    sizeof(passim_search_options),                   /* 4 */
};
_Static_assert(sizeof version_size / sizeof *version_size ==
                   PASSIM_SEARCH_OPTIONS_VERSION + 1,
               "a version of passim_search_options without its size");

/* The caller's options, of any version, as the current version's: what
 * came after theirs at its default. */
static passim_status upgrade(passim_db *db, const passim_search_options *o,
                             passim_search_options *full)
{
    static const passim_search_options defaults = PASSIM_SEARCH_OPTIONS_INIT;
    if (o->version < 1 || o->version > PASSIM_SEARCH_OPTIONS_VERSION)
        return api_fail(db, PASSIM_ERROR_INVALID_ARGUMENT,
                        "passim_search_options version %u is not 1 to %u",
                        o->version, PASSIM_SEARCH_OPTIONS_VERSION);
    *full = defaults;
    memcpy(full, o, version_size[o->version]);
    full->version = PASSIM_SEARCH_OPTIONS_VERSION;
    return PASSIM_OK;
}

passim_status passim_search(passim_results **out, passim_db *db,
                            const char *query,
                            const passim_search_options *options)
{
    static const passim_search_options defaults = PASSIM_SEARCH_OPTIONS_INIT;
    passim_search_options opt;
    search_request req;
    search_results *r = NULL;
    passim_results *res;
    query_error qerr = {0};
    char *why = NULL;
    passim_status st;

    if (out)
        *out = NULL;
    if (!db)
        return PASSIM_ERROR_INVALID_ARGUMENT;
    if (!out || !query)
        return api_fail(db, PASSIM_ERROR_INVALID_ARGUMENT,
                        "passim_search: out or query is NULL");
    st = upgrade(db, options ? options : &defaults, &opt);
    if (st == PASSIM_OK) {
        st = search_request_init(&req, query, &opt, &why);
        if (st != PASSIM_OK)
            api_fail(db, st, "%s", why ? why : passim_status_string(st));
        free(why);
    }
    if (st == PASSIM_OK)
        st = api_searcher_ready(db);
    if (st != PASSIM_OK)
        return st;
    st = searcher_run(db->s, &req, &r, &qerr);
    if (st != PASSIM_OK) {
        api_fail(db, st, "%s", searcher_error(db->s));
        db->has_offset = st == PASSIM_ERROR_QUERY_SYNTAX;
        db->offset = qerr.offset;
        return st;
    }
    res = calloc(1, sizeof *res);
    if (res)
        res->hits = calloc(r->nhits ? r->nhits : 1, sizeof *res->hits);
    if (!res || !res->hits) {
        free(res);
        search_results_free(r);
        return api_fail(db, PASSIM_ERROR_NO_MEMORY, "out of memory");
    }
    res->r = r;
    for (size_t i = 0; i < r->nhits; i++)
        res->hits[i].h = &r->hits[i];
    *out = res;
    return PASSIM_OK;
}

void passim_results_free(passim_results *results)
{
    if (!results)
        return;
    for (size_t i = 0; i < results->r->nhits; i++)
        free(results->hits[i].json);
    free(results->hits);
    free(results->json);
    search_results_free(results->r);
    free(results);
}

const char *passim_results_query(const passim_results *results)
{
    return results ? results->r->query : NULL;
}

unsigned int passim_results_total(const passim_results *results)
{
    return results ? results->r->total : 0;
}

int passim_results_total_exact(const passim_results *results)
{
    return results && results->r->total_exact;
}

int passim_results_relaxed(const passim_results *results)
{
    return results && results->r->relaxed;
}

const char *passim_results_suggestion(const passim_results *results)
{
    return results ? results->r->suggestion : NULL;
}

size_t passim_results_notice_count(const passim_results *results)
{
    return results ? results->r->nnotices : 0;
}

const char *passim_results_notice(const passim_results *results, size_t i)
{
    return results && i < results->r->nnotices ? results->r->notices[i] : NULL;
}

size_t passim_results_hit_count(const passim_results *results)
{
    return results ? results->r->nhits : 0;
}

passim_hit *passim_results_hit(passim_results *results, size_t i)
{
    return results && i < results->r->nhits ? &results->hits[i] : NULL;
}

size_t passim_results_facet_count(const passim_results *results)
{
    return results ? results->r->nfacets : 0;
}

const char *passim_results_facet_name(const passim_results *results, size_t i)
{
    return results && i < results->r->nfacets ? results->r->facets[i].name
                                              : NULL;
}

size_t passim_results_facet_value_count(const passim_results *results, size_t i)
{
    return results && i < results->r->nfacets ? results->r->facets[i].count : 0;
}

const char *passim_results_facet_value(const passim_results *results, size_t i,
                                       size_t j, unsigned int *count)
{
    const search_facet *f;
    if (!results || i >= results->r->nfacets)
        return NULL;
    f = &results->r->facets[i];
    if (j >= f->count)
        return NULL;
    if (count)
        *count = f->values[j].count;
    return f->values[j].value;
}

/* The hit's best passage (every hit shows at least one). */
static const search_passage *best(const passim_hit *hit)
{
    return &hit->h->passages[0];
}

const char *passim_hit_field(const passim_hit *hit, passim_field field)
{
    if (!hit)
        return NULL;
    switch (field) {
    case PASSIM_FIELD_ID:
        return hit->h->id;
    case PASSIM_FIELD_TITLE:
        return hit->h->title;
    case PASSIM_FIELD_DATE:
        return hit->h->date;
    case PASSIM_FIELD_SOURCE:
        return hit->h->source;
    case PASSIM_FIELD_LANG:
        return hit->h->lang;
    case PASSIM_FIELD_URL:
        return hit->h->url;
    case PASSIM_FIELD_PATH:
        return hit->h->path ? hit->h->path : "";
    case PASSIM_FIELD_TEXT:
        return best(hit)->text;
    case PASSIM_FIELD_SUMMARY:
        return hit->h->summary;
    }
    return NULL;
}

unsigned int passim_hit_rank(const passim_hit *hit)
{
    return hit ? hit->h->rank : 0;
}

double passim_hit_score(const passim_hit *hit)
{
    return hit ? hit->h->score : 0;
}

unsigned int passim_hit_line(const passim_hit *hit)
{
    return hit ? best(hit)->line : 0;
}

unsigned int passim_hit_passage(const passim_hit *hit)
{
    return hit ? best(hit)->passage : 0;
}

unsigned int passim_hit_collapsed(const passim_hit *hit)
{
    return hit ? hit->h->collapsed : 0;
}

int passim_hit_all_words(const passim_hit *hit)
{
    return hit && hit->h->all_words;
}

size_t passim_hit_passage_count(const passim_hit *hit)
{
    return hit ? hit->h->npassages : 0;
}

passim_status passim_hit_passage_get(passim_passage_info *info,
                                     const passim_hit *hit, size_t i)
{
    const search_passage *p;
    if (!info || !hit || i >= hit->h->npassages)
        return api_fail_thread(PASSIM_ERROR_INVALID_ARGUMENT,
                               "passim_hit_passage_get: NULL argument or "
                               "passage %zu past the end",
                               i);
    p = &hit->h->passages[i];
    info->passage = p->passage;
    info->line = p->line;
    info->score = p->score;
    info->snippet = p->snip.text ? p->snip.text : "";
    info->snippet_len = p->snip.text ? p->snip.len : 0;
    info->highlight_count = p->snip.nranges;
    info->text = p->text;
    return api_fail_thread(PASSIM_OK, NULL);
}

int passim_hit_passage_highlight(const passim_hit *hit, size_t i, size_t k,
                                 size_t *start, size_t *end)
{
    const snippet *snip;
    if (!hit || i >= hit->h->npassages)
        return 0;
    snip = &hit->h->passages[i].snip;
    if (k >= snip->nranges)
        return 0;
    if (start)
        *start = snip->ranges[k].start;
    if (end)
        *end = snip->ranges[k].end;
    return 1;
}

size_t passim_hit_extra_count(const passim_hit *hit)
{
    return hit ? hit->h->nfields : 0;
}

const char *passim_hit_extra(const passim_hit *hit, size_t i,
                             const char **value)
{
    if (!hit || i >= hit->h->nfields)
        return NULL;
    if (value)
        *value = hit->h->fields[i].value;
    return hit->h->fields[i].key;
}

size_t passim_hit_tag_count(const passim_hit *hit)
{
    return hit ? hit->h->ntags : 0;
}

const char *passim_hit_tag(const passim_hit *hit, size_t i)
{
    return hit && i < hit->h->ntags ? hit->h->tags[i] : NULL;
}

const char *passim_hit_snippet(const passim_hit *hit, size_t *len)
{
    const snippet *snip = hit ? &best(hit)->snip : NULL;
    if (len)
        *len = snip && snip->text ? snip->len : 0;
    return snip && snip->text ? snip->text : "";
}

size_t passim_hit_highlight_count(const passim_hit *hit)
{
    return hit ? best(hit)->snip.nranges : 0;
}

int passim_hit_highlight(const passim_hit *hit, size_t i, size_t *start,
                         size_t *end)
{
    return passim_hit_passage_highlight(hit, 0, i, start, end);
}

const char *passim_hit_explain(const passim_hit *hit)
{
    return hit ? hit->h->explain : NULL;
}
