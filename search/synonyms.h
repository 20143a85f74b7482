/*
 * synonyms.h — the synonyms file: words the query compiler also looks for.
 *
 * Format, one rule a line:
 *     aws = amazon web services
 *     gpu = graphics processing unit, graphics card
 *     # a comment line; blank lines are ignored
 * The left side is one word (a hyphenated compound counts as one: its parts
 * joined); the right side is one or more alternatives separated by commas,
 * each a word or a phrase. Both sides are folded as the analyzer folds query
 * text, without stemming. Several lines for the same word add up.
 *
 * The compiler applies a rule both ways: the query word "aws" also looks for
 * the phrase "amazon web services", and the phrase "amazon web services" (or
 * the single word of a one-word alternative) also looks for aws. A run of
 * plain words that happens to equal an alternative is not rewritten: quote
 * it.
 */
#ifndef PASSIM_SYNONYMS_H
#define PASSIM_SYNONYMS_H

#include <stddef.h>

#include "passim.h"
#include "query.h"

/* Largest synonyms file read (16 MiB): a file is read and parsed for each
 * search that names it. */
#define SYNONYMS_MAX_BYTES (16u << 20)

typedef struct synonyms synonyms;

/* One alternative: folded, unstemmed terms, in order. */
typedef struct synonyms_alternative {
    char **terms;
    size_t nterms;
} synonyms_alternative;

/* Parses text[0, len). On a bad line returns PASSIM_ERROR_QUERY_SYNTAX with
 * err->message "origin:line: what is wrong" and err->offset the line's byte
 * offset in text. `origin` names the file in messages (NULL: "synonyms").
 * *out = NULL on failure. */
passim_status synonyms_parse(synonyms **out, const char *text, size_t len,
                             const char *origin, query_error *err);
void synonyms_free(synonyms *syn);

/* Number of rules (distinct left words). */
size_t synonyms_count(const synonyms *syn);

/* The alternatives of the folded word `word`; *count = 0 and NULL when it
 * has none. */
const synonyms_alternative *synonyms_lookup(const synonyms *syn,
                                            const char *word, size_t *count);

/* The left words having an alternative that is exactly terms[0, nterms):
 * call with *cursor = 0, then again while it returns non-NULL. */
const char *synonyms_reverse(const synonyms *syn, const char *const *terms,
                             size_t nterms, size_t *cursor);

#endif /* PASSIM_SYNONYMS_H */
