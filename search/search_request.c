/* search_request.c — checks a search's options, as every caller of the
 * searcher gives them, and reads their date bounds. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "db.h"
#include "feedback.h"
#include "searcher.h"

/* PASSIM_ERROR_INVALID_ARGUMENT with *errmsg formatted (out of memory when
 * it cannot be). */
static passim_status invalid(char **errmsg, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static passim_status invalid(char **errmsg, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vasprintf(errmsg, fmt, ap);
    va_end(ap);
    if (n < 0) {
        *errmsg = NULL;
        return PASSIM_ERROR_NO_MEMORY;
    }
    return PASSIM_ERROR_INVALID_ARGUMENT;
}

/* The day `text` stands for into out[] (nothing when text is NULL). */
static passim_status date_bound(const char *text, bool upper, char out[11],
                                char **errmsg)
{
    const char *why;
    out[0] = '\0';
    if (!text)
        return PASSIM_OK;
    why = date_parse_bound(text, strlen(text), upper, out);
    return why ? invalid(errmsg, "'%s' is not a date: %s", text, why)
               : PASSIM_OK;
}

/* Feedback: off, or within its limits. */
static passim_status check_feedback(const passim_search_options *o,
                                    char **errmsg)
{
    if (o->feedback_docs == 0)
        return PASSIM_OK;
    if (o->feedback_docs > PASSIM_FEEDBACK_MAX_DOCS || o->feedback_terms == 0 ||
        o->feedback_terms > PASSIM_FEEDBACK_MAX_TERMS ||
        !(o->feedback_weight > 0 && o->feedback_weight <= 100))
        return invalid(errmsg,
                       "feedback: docs 1 to %d, terms 1 to %d, "
                       "weight above 0 up to 100",
                       PASSIM_FEEDBACK_MAX_DOCS, PASSIM_FEEDBACK_MAX_TERMS);
    return PASSIM_OK;
}

passim_status search_request_init(search_request *req, const char *query,
                                  const passim_search_options *o, char **errmsg)
{
    passim_status st;
    *errmsg = NULL;
    req->query = query;
    req->opt = o;
    if (o->match != PASSIM_MATCH_AUTO && o->match != PASSIM_MATCH_ALL &&
        o->match != PASSIM_MATCH_ANY)
        return invalid(errmsg, "unknown match mode %d", (int)o->match);
    if (o->sort != PASSIM_SORT_RELEVANCE && o->sort != PASSIM_SORT_DATE)
        return invalid(errmsg, "unknown sort order %d", (int)o->sort);
    st = date_bound(o->since, false, req->since, errmsg);
    if (st == PASSIM_OK)
        st = date_bound(o->until, true, req->until, errmsg);
    if (st != PASSIM_OK)
        return st;
    /* Too many facets, or unknown ones, are the searcher's to say. */
    for (size_t i = 0; i < o->nfacets; i++)
        if (!o->facets || !o->facets[i])
            return invalid(errmsg, "facets: a name is NULL");
    if (!(o->bm25_k1 >= 0) || !(o->bm25_b >= 0 && o->bm25_b <= 1))
        return invalid(errmsg, "BM25: k1 >= 0 and 0 <= b <= 1");
    if (!(o->title_weight >= 0 && o->title_weight <= 100) ||
        !(o->proximity_weight >= 0 && o->proximity_weight <= 100))
        return invalid(errmsg, "weights are numbers from 0 to 100");
    if (o->snippet_width == 0)
        return invalid(errmsg, "the snippet width must be positive");
    if (!(o->passage_weight >= 0 && o->passage_weight <= 100))
        return invalid(errmsg, "weights are numbers from 0 to 100");
    if (o->rerank_depth > PASSIM_MAX_RERANK_DEPTH)
        return invalid(errmsg, "rerank depth is 0 to %d",
                       PASSIM_MAX_RERANK_DEPTH);
    return check_feedback(o, errmsg);
}
