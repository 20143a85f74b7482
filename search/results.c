/* results.c — what a search's results own, and freeing it; the text
 * appending its explanations and suggestions are built with. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "db.h"
#include "searcher_internal.h"

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
