/*
 * query.h — passim's query language: the parser from query text to a syntax
 * tree (query_parse.c). The compiler from tree to Xapian query is in
 * query_compile.h.
 *
 * The language
 * ------------
 *   word              a word; every word is folded and stemmed as the indexer
 *                     does, so "Running" finds "run" and "runs"
 *   "exact phrase"    the words in this order, unstemmed; stopwords count
 *   a AND b           both
 *   a OR b            either
 *   NOT a, -a         without a
 *   +a                a is required even when the default operator is OR,
 *                     and kept even if it is a stopword (+the)
 *   ( ... )           grouping
 *   a NEAR b          a and b within 10 words of each other, in any order;
 *   a NEAR/n b        at most n (<= 1000) other words between them; chains:
 *                     a NEAR/3 b NEAR/3 c (the largest n of a chain applies
 *                     between each neighbouring pair). NEAR takes plain words
 *                     only (no phrases, groups or prefixes)
 *   prefix*           words starting with prefix (at least 2 letters; the
 *                     star only at the end)
 *   title:word  title:"a phrase"  title:(any query)  title:prefix*
 *                     in the title only (no other field inside title:(...))
 *   source:x  tag:x  source:"two words"  tag:"two words"
 *                     articles from that source / with that tag (filters:
 *                     they restrict, they do not rank)
 *   lang:fr  lang:french   articles in that language (code or name)
 *   id:x              the passages of the article with that id
 *   date:2026-04-01..2026-04-30   date:2026-04..   date:..2026-04-30
 *   date:2026-04 (that month)   date:2026 (that year)   date:2026-04-27
 *                     articles dated in that range (ends included)
 *
 * AND, OR, NOT and NEAR are operators in upper case only; "and" is a word.
 * Words side by side are joined by the default operator: AND when every word
 * must match, OR in match-any mode (by default the searcher lists the
 * articles having them all, then, when they do not fill a page, those having
 * some: mixed_list.c). Precedence, tightest first:
 * NEAR; NOT, -, +; AND (written or implicit, left to right: in match-any
 * mode "a b AND c" is (a OR b) AND c); OR.
 *
 * A field name is case-insensitive and its value follows the colon with no
 * space ("title: x" is an error). Inside a field value, operators, signs and
 * colons are ordinary text (id:urn:x:1, title:AND). A colon after anything
 * that is not a field name separates words: foo:bar is the words foo and
 * bar, so http://x and 10:30 are searched as words. A sign (+, -) is an
 * operator only when it is glued to what follows ("- a" searches a).
 * Spaces, NUL and other control characters separate words; so do quotes and
 * parentheses. Words that hold punctuation analyze into several words
 * ("l'IA", "U.S") and are then searched as a phrase of those words.
 * Stopwords ("the", "of") are skipped, except in phrases and NEAR, with a +,
 * or when the query has nothing else.
 *
 * Limits: a query of at most QUERY_MAX_BYTES bytes, QUERY_MAX_DEPTH levels
 * of parentheses and NOTs, and QUERY_MAX_TERMS terms (words, phrase words,
 * prefixes, field values).
 */
#ifndef PASSIM_QUERY_H
#define PASSIM_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "passim.h"

#define QUERY_MAX_BYTES (100u * 1024u)
#define QUERY_MAX_DEPTH 64
#define QUERY_MAX_TERMS 1000
#define QUERY_NEAR_DEFAULT 10
#define QUERY_NEAR_MAX 1000

/* Where a query went wrong: `offset` is the byte offset of the culprit in
 * the query text (or in the synonyms file's text, for synonyms_parse). */
typedef struct query_error {
    size_t offset;
    char message[200];
} query_error;

typedef enum query_node_kind {
    QUERY_NODE_WORD,      /* text: the word as typed */
    QUERY_NODE_PHRASE,    /* text: between the quotes */
    QUERY_NODE_PREFIX,    /* text: as typed without its trailing stars */
    QUERY_NODE_AND,       /* written AND: children, at least 2 */
    QUERY_NODE_IMPLICIT,  /* side by side: the default operator */
    QUERY_NODE_OR,        /* children, at least 2 */
    QUERY_NODE_NOT,       /* one child */
    QUERY_NODE_NEAR,      /* WORD children, at least 2; window */
    QUERY_NODE_FIELD,     /* field; one child: a WORD or PHRASE value, or
                             for title: anything but a field */
    QUERY_NODE_DATE_RANGE /* date_lo, date_hi; text: the value as typed */
} query_node_kind;

typedef enum query_field {
    QUERY_FIELD_NONE,
    QUERY_FIELD_TITLE,
    QUERY_FIELD_SOURCE,
    QUERY_FIELD_TAG,
    QUERY_FIELD_LANG,
    QUERY_FIELD_ID
} query_field;

typedef struct query_node query_node;
struct query_node {
    query_node_kind kind;
    char *text; /* NUL-terminated, control bytes made spaces; NULL
                   for operators */
    size_t text_len;
    size_t offset, length; /* the node's extent in the query, signs, quotes,
                              field names and parentheses included */
    bool required;         /* +x */
    bool excluded;         /* -x */
    unsigned int window;   /* NEAR: at most this many words between */
    query_field field;     /* FIELD */
    char date_lo[11];      /* DATE_RANGE: "YYYY-MM-DD", "" when open */
    char date_hi[11];
    query_node **children;
    size_t nchildren;
};

/* Parses q[0, len) (any bytes). On a syntax error returns
 * PASSIM_ERROR_QUERY_SYNTAX and fills *err (may be NULL); out of memory is
 * PASSIM_ERROR_NO_MEMORY. *out = NULL on failure. */
passim_status query_parse(query_node **out, const char *q, size_t len,
                          query_error *err);
void query_node_free(query_node *node);

/* "title", "source", ... */
const char *query_field_name(query_field field);

/* The tree as an S-expression, e.g. (OR (IMPLICIT foo -bar) "a b" (NEAR/3 x
 * y) pre* (title: z) (date 2026-04-01..2026-04-30)); a sign is written
 * before the node it applies to. Caller frees; NULL on out of memory. */
char *query_describe(const query_node *node);

#endif /* PASSIM_QUERY_H */
