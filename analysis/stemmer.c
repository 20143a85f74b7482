/*
 * stemmer.c — Snowball stemmers: English from libstemmer's static archive,
 * every other language from its shared library, opened on first use.
 *
 * Why not link libstemmer whole: its table of modules pulls in every
 * algorithm in every encoding, about 320 KB of tables full of pointers,
 * which a position-independent executable relocates at each start: some 80
 * page faults, most of what a one-shot `passim search` costs beyond Xapian's
 * own `quest` (bench/README.md, search speed). English, the default, comes
 * from its generated module alone, through the C interface Snowball
 * generates for each algorithm (create_env, stem, close_env); a database in
 * another language pays once for loading the library.
 */
#include "stemmer.h"

#include <dlfcn.h>
#include <libstemmer.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Snowball 2's runtime environment (runtime/header.h), which a generated
 * stemmer works on: the word is p[0, l). */
struct SN_env {
    sb_symbol *p;
    int c, l, lb, bra, ket;
    sb_symbol **S;
    int *I;
};
int SN_set_current(struct SN_env *z, int size, const sb_symbol *s);
struct SN_env *english_UTF_8_create_env(void);
void english_UTF_8_close_env(struct SN_env *z);
int english_UTF_8_stem(struct SN_env *z);

/* The soname Debian's libstemmer0d ships, which libstemmer-dev needs. */
#define SHARED_LIBSTEMMER "libstemmer.so.0d"

typedef const char **list_fn(void);
typedef struct sb_stemmer *new_fn(const char *, const char *);
typedef void delete_fn(struct sb_stemmer *);
typedef const sb_symbol *stem_fn(struct sb_stemmer *, const sb_symbol *, int);
typedef int length_fn(struct sb_stemmer *);

/* The shared library, opened once for the process and never closed. */
static struct {
    pthread_once_t once;
    bool loaded;
    list_fn *list;
    new_fn *create;
    delete_fn *destroy;
    stem_fn *stem;
    length_fn *length;
    char why[256]; /* when it could not be loaded */
} shared = {.once = PTHREAD_ONCE_INIT};

struct stemmer {
    struct SN_env *english;
    struct sb_stemmer *other;
};

static void load_shared(void)
{
    void *h = dlopen(SHARED_LIBSTEMMER, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(shared.why, sizeof shared.why, "%s", dlerror());
        return;
    }
    shared.list = (list_fn *)dlsym(h, "sb_stemmer_list");
    shared.create = (new_fn *)dlsym(h, "sb_stemmer_new");
    shared.destroy = (delete_fn *)dlsym(h, "sb_stemmer_delete");
    shared.stem = (stem_fn *)dlsym(h, "sb_stemmer_stem");
    shared.length = (length_fn *)dlsym(h, "sb_stemmer_length");
    if (!shared.list || !shared.create || !shared.destroy || !shared.stem ||
        !shared.length) {
        snprintf(shared.why, sizeof shared.why,
                 "%s lacks libstemmer's functions", SHARED_LIBSTEMMER);
        dlclose(h);
        return;
    }
    shared.loaded = true;
}

static bool shared_loaded(void)
{
    pthread_once(&shared.once, load_shared);
    return shared.loaded;
}

const char *stemmer_algorithm(const char *name)
{
    if (strcasecmp(name, "english") == 0)
        return "english";
    if (!shared_loaded())
        return NULL;
    for (const char **algorithm = shared.list(); *algorithm; algorithm++) {
        if (strcasecmp(*algorithm, name) == 0)
            return *algorithm;
    }
    return NULL;
}

const char *stemmer_load_error(void)
{
    return *shared.why ? shared.why : NULL;
}

passim_status stemmer_new(stemmer **out, const char *name, char **errmsg)
{
    passim_status st = PASSIM_OK;
    stemmer *s = calloc(1, sizeof *s);
    *out = NULL;
    if (errmsg)
        *errmsg = NULL;
    if (!s)
        return PASSIM_ERROR_NO_MEMORY;
    if (strcmp(name, "english") == 0) {
        if (!(s->english = english_UTF_8_create_env()))
            st = PASSIM_ERROR_NO_MEMORY;
    } else if (!shared_loaded()) {
        st = PASSIM_ERROR_INTERNAL;
        if (errmsg &&
            asprintf(errmsg, "no %s stemmer: %s", name, shared.why) < 0)
            *errmsg = NULL;
    } else if (!(s->other = shared.create(name, "UTF_8"))) {
        st = PASSIM_ERROR_NO_MEMORY; /* a name stemmer_algorithm gave */
    }
    if (st != PASSIM_OK) {
        stemmer_free(s);
        return st;
    }
    *out = s;
    return PASSIM_OK;
}

void stemmer_free(stemmer *s)
{
    if (!s)
        return;
    if (s->english)
        english_UTF_8_close_env(s->english);
    if (s->other)
        shared.destroy(s->other);
    free(s);
}

const char *stemmer_stem(stemmer *s, const char *word, size_t len,
                         size_t *stem_len)
{
    const sb_symbol *w = (const sb_symbol *)word;
    if (s->other) {
        const sb_symbol *stem = shared.stem(s->other, w, (int)len);
        if (!stem)
            return NULL;
        *stem_len = (size_t)shared.length(s->other);
        return (const char *)stem;
    }
    /* what libstemmer's sb_stemmer_stem does around a module's stem */
    struct SN_env *z = s->english;
    if (SN_set_current(z, (int)len, w) != 0) {
        z->l = 0;
        return NULL;
    }
    if (english_UTF_8_stem(z) < 0)
        return NULL;
    z->p[z->l] = 0;
    *stem_len = (size_t)z->l;
    return (const char *)z->p;
}
