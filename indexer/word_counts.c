/* word_counts.c — an open-addressing table of word -> count (see
 * word_counts.h). */
#include "word_counts.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
    char *word; /* NULL: empty slot */
    unsigned int count;
    uint32_t hash;
} entry;

struct word_counts {
    entry *slots;
    size_t cap, used; /* cap is a power of two */
};

static uint32_t hash_word(const char *word, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a: words are short */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)word[i];
        h *= 16777619u;
    }
    return h;
}

word_counts *word_counts_new(void)
{
    word_counts *wc = calloc(1, sizeof *wc);
    if (wc && !(wc->slots = calloc(wc->cap = 256, sizeof *wc->slots))) {
        free(wc);
        wc = NULL;
    }
    return wc;
}

static void clear(word_counts *wc)
{
    for (size_t i = 0; i < wc->cap; i++) {
        free(wc->slots[i].word);
        wc->slots[i].word = NULL;
    }
    wc->used = 0;
}

void word_counts_free(word_counts *wc)
{
    if (!wc)
        return;
    clear(wc);
    free(wc->slots);
    free(wc);
}

static entry *find(entry *slots, size_t cap, const char *word, size_t len,
                   uint32_t hash)
{
    for (size_t i = hash & (cap - 1);; i = (i + 1) & (cap - 1)) {
        entry *e = &slots[i];
        if (!e->word || (e->hash == hash && strlen(e->word) == len &&
                         memcmp(e->word, word, len) == 0))
            return e;
    }
}

static passim_status grow(word_counts *wc)
{
    size_t cap = wc->cap * 2;
    entry *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return PASSIM_ERROR_NO_MEMORY;
    for (size_t i = 0; i < wc->cap; i++) {
        entry *e = &wc->slots[i];
        if (e->word)
            *find(slots, cap, e->word, strlen(e->word), e->hash) = *e;
    }
    free(wc->slots);
    wc->slots = slots;
    wc->cap = cap;
    return PASSIM_OK;
}

passim_status word_counts_add(word_counts *wc, const char *word, size_t len,
                              unsigned int count)
{
    uint32_t hash = hash_word(word, len);
    entry *e;
    if ((wc->used + 1) * 4 > wc->cap * 3 && grow(wc) != PASSIM_OK)
        return PASSIM_ERROR_NO_MEMORY;
    e = find(wc->slots, wc->cap, word, len, hash);
    if (!e->word) {
        if (!(e->word = strndup(word, len)))
            return PASSIM_ERROR_NO_MEMORY;
        e->hash = hash;
        e->count = 0;
        wc->used++;
    }
    e->count += count;
    return PASSIM_OK;
}

passim_status word_counts_add_document(word_counts *wc, xc_doc *doc)
{
    xc_terms *terms = NULL;
    const char *term;
    size_t len;
    unsigned int wdf;
    bool has;
    passim_status st = xc_doc_terms(doc, &terms);
    while (st == PASSIM_OK &&
           (st = xc_terms_next(terms, &has, &term, &len, &wdf, NULL)) ==
               PASSIM_OK &&
           has) {
        /* Prefixes are upper-case ASCII; folded words never start with one,
         * and numbers make poor suggestions. */
        if ((term[0] >= 'A' && term[0] <= 'Z') ||
            (term[0] >= '0' && term[0] <= '9'))
            continue;
        st = word_counts_add(wc, term, len, wdf ? wdf : 1);
    }
    xc_terms_free(terms);
    return st;
}

passim_status word_counts_merge(word_counts *into, const word_counts *from)
{
    passim_status st = PASSIM_OK;
    for (size_t i = 0; st == PASSIM_OK && i < from->cap; i++) {
        const entry *e = &from->slots[i];
        if (e->word)
            st = word_counts_add(into, e->word, strlen(e->word), e->count);
    }
    return st;
}

passim_status word_counts_flush(word_counts *wc, xc_db *db)
{
    const char **words = malloc((wc->used ? wc->used : 1) * sizeof *words);
    unsigned int *counts = malloc((wc->used ? wc->used : 1) * sizeof *counts);
    size_t n = 0;
    passim_status st = PASSIM_ERROR_NO_MEMORY;
    if (!words || !counts)
        goto out;
    for (size_t i = 0; i < wc->cap; i++)
        if (wc->slots[i].word) {
            words[n] = wc->slots[i].word;
            counts[n++] = wc->slots[i].count;
        }
    st = xc_db_add_spellings(db, words, counts, n);
    if (st == PASSIM_OK)
        clear(wc);
out:
    free(words);
    free(counts);
    return st;
}
