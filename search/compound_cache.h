/*
 * compound_cache.h — the compound dictionary entries (XC terms, core/
 * schema.h) of the words one search looks up, read from the database once:
 * a search that relaxes compiles its query twice, and each lookup is a
 * walk of the term list.
 */
#ifndef PASSIM_COMPOUND_CACHE_H
#define PASSIM_COMPOUND_CACHE_H

#include <stddef.h>

#include "xc.h"

typedef struct compound_cache compound_cache;

/* NULL when out of memory. */
compound_cache *compound_cache_new(void);
/* Accepts NULL. */
void compound_cache_free(compound_cache *cc);

/* The first `max` dictionary entries of the joined word `joined` (len
 * bytes), each an XC term without its prefix ("joined part-part"), in
 * *entries (*n of them, 0 when it has none): from the cache, else from db
 * and then kept (max must be the same on every call). The entries belong
 * to the cache. On an error of db's, its message is on db. */
passim_status compound_cache_lookup(compound_cache *cc, xc_db *db,
                                    const char *joined, size_t len, size_t max,
                                    const char *const **entries, size_t *n);

#endif /* PASSIM_COMPOUND_CACHE_H */
