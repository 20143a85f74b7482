/* facets.c — counting matching articles by source, tag, month and
 * language (value spies over the match). */
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "searcher_internal.h"
#include "vec.h"

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

bool facets_known(const char *name)
{
    return facet_lookup(name) != NULL;
}

xc_slot facets_slot(const char *name)
{
    return facet_lookup(name)->slot;
}

static passim_status facet_add(search_facet *f, const char *value, size_t len,
                               unsigned int count)
{
    if (len == 0)
        return PASSIM_OK;
    for (size_t i = 0; i < f->count; i++)
        if (strlen(f->values[i].value) == len &&
            memcmp(f->values[i].value, value, len) == 0) {
            f->values[i].count += count;
            return PASSIM_OK;
        }
    if (!vec_reserve_implied(f->values, f->count) ||
        !(f->values[f->count].value = strndup(value, len)))
        return PASSIM_ERROR_NO_MEMORY;
    f->values[f->count++].count = count;
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

passim_status facets_collect(search_run *run, attempt *a)
{
    const passim_search_options *opt = run->opt;
    search_results *r = run->r;
    passim_status st = PASSIM_OK;
    if (!opt->nfacets)
        return PASSIM_OK;
    r->facets = calloc(opt->nfacets, sizeof *r->facets);
    if (!r->facets)
        return PASSIM_ERROR_NO_MEMORY;
    for (size_t i = 0; st == PASSIM_OK && i < opt->nfacets; i++) {
        const facet_slot *fs = facet_lookup(opt->facets[i]);
        r->facets[i].name = strdup(fs->name);
        r->nfacets++;
        st = r->facets[i].name ? facet_collect(&r->facets[i], fs, a->spies[i])
                               : PASSIM_ERROR_NO_MEMORY;
    }
    return st;
}
