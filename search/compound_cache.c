/* compound_cache.c — a search's compound dictionary lookups, kept for its
 * later match attempts (see compound_cache.h). */
#include "compound_cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "vec.h"

typedef struct word_entries {
    char *joined;
    char **entries;
    size_t n, cap;
} word_entries;

/* A few words a query: a list, looked through in order. */
struct compound_cache {
    word_entries *words;
    size_t n, cap;
};

compound_cache *compound_cache_new(void)
{
    return calloc(1, sizeof(compound_cache));
}

static void word_entries_clear(word_entries *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->entries[i]);
    free(w->entries);
    free(w->joined);
}

void compound_cache_free(compound_cache *cc)
{
    if (!cc)
        return;
    for (size_t i = 0; i < cc->n; i++)
        word_entries_clear(&cc->words[i]);
    free(cc->words);
    free(cc);
}

/* Reads joined's entries from db into w. */
static passim_status read_entries(xc_db *db, const char *joined, size_t len,
                                  size_t max, word_entries *w)
{
    char prefix[SCHEMA_TERM_MAX];
    size_t plen = strlen(PREFIX_COMPOUND);
    xc_terms *it = NULL;
    passim_status st;
    if (len + plen + 2 > sizeof prefix)
        return PASSIM_OK; /* longer than any term: no entry */
    snprintf(prefix, sizeof prefix, "%s%.*s ", PREFIX_COMPOUND, (int)len,
             joined);
    st = xc_db_allterms(db, &it, prefix);
    while (st == PASSIM_OK && w->n < max) {
        const char *term;
        size_t tlen;
        bool has;
        if ((st = xc_terms_next(it, &has, &term, &tlen, NULL, NULL)) !=
                PASSIM_OK ||
            !has)
            break;
        if (!vec_reserve(w->entries, w->cap, w->n + 1) ||
            !(w->entries[w->n] = strndup(term + plen, tlen - plen)))
            st = PASSIM_ERROR_NO_MEMORY;
        else
            w->n++;
    }
    xc_terms_free(it);
    return st;
}

passim_status compound_cache_lookup(compound_cache *cc, xc_db *db,
                                    const char *joined, size_t len, size_t max,
                                    const char *const **entries, size_t *n)
{
    word_entries w = {0};
    passim_status st;
    *entries = NULL;
    *n = 0;
    for (size_t i = 0; i < cc->n; i++)
        if (strlen(cc->words[i].joined) == len &&
            memcmp(cc->words[i].joined, joined, len) == 0) {
            *entries = (const char *const *)cc->words[i].entries;
            *n = cc->words[i].n;
            return PASSIM_OK;
        }
    if (!(w.joined = strndup(joined, len)))
        return PASSIM_ERROR_NO_MEMORY;
    st = read_entries(db, joined, len, max, &w);
    if (st == PASSIM_OK && !vec_reserve(cc->words, cc->cap, cc->n + 1))
        st = PASSIM_ERROR_NO_MEMORY;
    if (st != PASSIM_OK) {
        word_entries_clear(&w);
        return st;
    }
    cc->words[cc->n++] = w;
    *entries = (const char *const *)w.entries;
    *n = w.n;
    return PASSIM_OK;
}
