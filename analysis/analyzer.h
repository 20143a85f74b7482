/*
 * analyzer.h — passim's one text analyzer: UTF-8 text in, terms out.
 *
 * The same code turns article text into index terms, query text into query
 * terms, and stored passage text into highlight ranges, so that what a query
 * matches is exactly what a snippet marks. Every token carries its byte range
 * in the input and its word position, and the caller says why it analyzes
 * (document, query, highlight). Nothing here knows about Xapian.
 *
 * Segmentation: a word is a run of letters, digits and combining marks
 * (Unicode categories L*, N*, M*), plus:
 *  - joiners between two alphanumerics: "." or "," between digits ("13.5",
 *    "1,000" -> "1000"), an apostrophe (' or U+2019) between letters; a
 *    possessive "'s"/"’s" at the end of a word is dropped ("OpenAI's" ->
 *    "openai", the token's byte range still covering the "'s"); any other
 *    apostrophe splits ("l'IA" -> "l", "ia");
 *  - a hyphen (U+002D, U+2010, U+2011) between two alphanumerics makes a
 *    compound: its parts are tokens at consecutive positions, flagged
 *    ANALYZER_TOKEN_PART, and the parts joined are one more token, flagged
 *    ANALYZER_TOKEN_JOINED, at the position of the first part
 *    ("multi-cloud" -> multi@p, cloud@p+1, multicloud@p);
 *  - each CJK ideograph, Hiragana or Katakana character is a word of its own.
 * Anything else (spaces, punctuation, symbols, emoji) separates words.
 * Invalid UTF-8 bytes separate words and never crash; they never appear in
 * token text.
 *
 * Folding: NFKC, case folding, then accents removed ("Zürich" -> "zurich").
 * Stemming: Snowball (libstemmer) in the analyzer's language; numbers are not
 * stemmed. Tokens whose folded form is longer than ANALYZER_MAX_TERM_BYTES
 * bytes are skipped (they still use up a position), so no term can exceed
 * Xapian's limit.
 */
#ifndef PASSIM_ANALYZER_H
#define PASSIM_ANALYZER_H

#include <stdbool.h>
#include <stddef.h>

#include "passim.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Written into every database and checked on open: change it whenever a
 * change here would give different terms for the same text. */
#define ANALYZER_NAME "passim-analyzer"
#define ANALYZER_VERSION 1

#define ANALYZER_MAX_TERM_BYTES 64

typedef struct analyzer analyzer;

/* Why the text is analyzed. */
typedef enum analyzer_reason {
    ANALYZER_FOR_DOCUMENT = 1, /* indexing: every word, stopwords included */
    ANALYZER_FOR_QUERY = 2,    /* query words: stopwords are flagged */
    ANALYZER_FOR_HIGHLIGHT = 3 /* stored text re-read for snippets */
} analyzer_reason;

/* Token flags. */
enum {
    ANALYZER_TOKEN_NUMBER = 1u << 0,  /* only digits and joiners */
    ANALYZER_TOKEN_PART = 1u << 1,    /* part of a hyphenated compound */
    ANALYZER_TOKEN_JOINED = 1u << 2,  /* the compound's parts joined */
    ANALYZER_TOKEN_STOPWORD = 1u << 3 /* in the language's stopword list */
};

typedef struct analyzer_token {
    const char *term; /* folded form, NUL-terminated */
    size_t term_len;
    const char *stem; /* stemmed folded form, NUL-terminated (== term for
                         numbers and when stemming changes nothing) */
    size_t stem_len;
    size_t start, end;     /* byte range in the input: [start, end) */
    unsigned int position; /* word position: first_position, +1, ... */
    unsigned int flags;
} analyzer_token;

/* Receives each token in input order (a compound's joined token comes right
 * after its last part). Token strings are valid only during the call.
 * Return 0 to go on, anything else to stop (analyzer_run then returns
 * PASSIM_OK and *next_position is still set). */
typedef int (*analyzer_token_fn)(const analyzer_token *token, void *ctx);

/* An analyzer for `language`: a libstemmer name or ISO 639-1 code ("english",
 * "en", "french", "fr", "german", "de", ...), or "none" for no stemming.
 * An unknown language is PASSIM_ERROR_INVALID_ARGUMENT with a message. */
passim_status analyzer_new(analyzer **out, const char *language, char **errmsg);
void analyzer_free(analyzer *a);

/* The analyzer's canonical language name ("english", "french", "none"). */
const char *analyzer_language(const analyzer *a);
/* The ISO 639-1 code of that language ("en"), or the name if it has none. */
const char *analyzer_language_code(const analyzer *a);

/* Canonical libstemmer name for a language name or code, or NULL if unknown. */
const char *analyzer_language_canonical(const char *language);

/* Tokenizes text[0, len) (need not be NUL-terminated; may hold any bytes),
 * numbering positions from first_position. *next_position (may be NULL)
 * receives the position after the last word, so that a caller can analyze a
 * document piece by piece with gaps between pieces. Errors: out of memory;
 * a NULL analyzer or callback is PASSIM_ERROR_INVALID_ARGUMENT. The tokens
 * do not depend on the reason. */
passim_status analyzer_run(analyzer *a, const char *text, size_t len,
                           analyzer_reason reason, unsigned int first_position,
                           analyzer_token_fn fn, void *ctx,
                           unsigned int *next_position);

/* As analyzer_run from position 0, but no token is stemmed (its stem is its
 * term) or flagged as a stopword: for a caller that compares folded forms
 * and stems (analyzer_stem) only the few tokens that could match, as
 * highlighting does. Any other token is the same as analyzer_run's. */
passim_status analyzer_run_unstemmed(analyzer *a, const char *text, size_t len,
                                     analyzer_token_fn fn, void *ctx);

/* Whether every stem of a word is empty or starts with the word's first
 * byte in this analyzer's language (English: its stemmers only rewrite
 * suffixes), so that a word whose first byte starts none of the stems looked
 * for need not be stemmed. False without a stemmer. */
bool analyzer_stem_keeps_first_byte(const analyzer *a);

/* Whether a folded word is a stopword in this analyzer's language. */
bool analyzer_is_stopword(const analyzer *a, const char *term, size_t len);

/* Stems one folded word into the analyzer's buffer; valid until the next call
 * on this analyzer. NULL on out of memory. */
const char *analyzer_stem(analyzer *a, const char *term, size_t len,
                          size_t *stem_len);

/* Copies text[0, len) into a malloc'd NUL-terminated string with every invalid
 * UTF-8 sequence and every NUL or C0 control byte other than tab and newline
 * replaced by U+FFFD, so that it can go into JSON and terminals. *out_len may
 * be NULL. NULL on out of memory. */
char *analyzer_sanitize_utf8(const char *text, size_t len, size_t *out_len);

#ifdef __cplusplus
}
#endif

#endif /* PASSIM_ANALYZER_H */
