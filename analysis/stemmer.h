/*
 * stemmer.h — Snowball stemmers by algorithm name, English linked in and
 * every other language loaded from libstemmer's shared library when it is
 * first asked for (stemmer.c says why).
 */
#ifndef PASSIM_STEMMER_H
#define PASSIM_STEMMER_H

#include <stddef.h>

#include "passim.h"

typedef struct stemmer stemmer;

/* A stemmer of the Snowball algorithm `name` (as stemmer_algorithm gives
 * it) over UTF-8. PASSIM_ERROR_NO_MEMORY, or PASSIM_ERROR_INTERNAL when
 * libstemmer's shared library cannot be loaded: *errmsg (malloc'd, may be
 * NULL) says why. */
passim_status stemmer_new(stemmer **out, const char *name, char **errmsg);
void stemmer_free(stemmer *s);

/* The stem of word[0, len), NUL-terminated, valid until the next call on
 * `s`; NULL when out of memory. */
const char *stemmer_stem(stemmer *s, const char *word, size_t len,
                         size_t *stem_len);

/* The algorithm named `name` (any case) as libstemmer spells it, or NULL
 * when there is none. Names other than "english" load the shared library. */
const char *stemmer_algorithm(const char *name);

/* Why libstemmer's shared library could not be loaded, or NULL when it was
 * (or has not been asked for yet): every language but English needs it. */
const char *stemmer_load_error(void);

#endif /* PASSIM_STEMMER_H */
