/*
 * stopwords.h — the function words of a language (articles, pronouns,
 * prepositions, conjunctions, auxiliaries), written in folded form (no case,
 * no accents: "fur", "etre") since they are compared with folded terms.
 * English, French and German have lists; other languages none.
 */
#ifndef PASSIM_STOPWORDS_H
#define PASSIM_STOPWORDS_H

#include <stdbool.h>
#include <stddef.h>

/* Open addressing over the static list; twice the longest list at least. */
#define STOPWORD_SLOTS 512

typedef struct stopword_set {
    const char *word[STOPWORD_SLOTS];
    unsigned char len[STOPWORD_SLOTS];
    size_t longest;
} stopword_set;

/* The NULL-terminated stopword list of a canonical language name, or NULL
 * when the language has none. */
const char *const *stopword_list(const char *language);

/* Fills set with the list of a canonical language name (empty if none). */
void stopword_set_init(stopword_set *set, const char *language);

bool stopword_set_contains(const stopword_set *set, const char *word,
                           size_t len);

#endif /* PASSIM_STOPWORDS_H */
