/*
 * query_compile.h — a parsed query (query.h) to a Xapian query over the
 * index layout of core/schema.h.
 *
 * What each construct looks for:
 *  - a word: its stem (Z terms), or in the title (ZS terms, weighted by
 *    title_weight), in the first language of the query; in another language
 *    of the database only for the articles in that language, by its stem
 *    there when the first language's stem is unknown to the database, else
 *    as typed; in English also its British or American spelling
 *    (analysis/spelling_variants.h); a hyphenated compound also as the
 *    phrase of its parts; a word found in the compound dictionary (XC terms)
 *    also as the phrases of its parts; all of these are one term of the
 *    query (OP_SYNONYM), so that a word counts once however an article
 *    writes it. A word with a synonyms rule also as its alternatives.
 *    Stopwords (of the first analyzer's language) are dropped unless every
 *    word of the query is one or the word is written with a + (+the). A
 *    word that analyzes into several words ("l'IA") is the phrase of those
 *    words;
 *  - a phrase: its unstemmed words in order, in the body or the title,
 *    stopwords included; a two-word phrase whose joined form is in the
 *    compound dictionary also as that word (one term with the phrase); a
 *    phrase that is a synonyms
 *    alternative also as the rule's word;
 *  - NEAR: the unstemmed words in any order, within the distance;
 *  - prefix*: up to wildcard_limit of the most frequent words (body or
 *    title) starting with it;
 *  - fields and dates: filters that restrict without ranking.
 */
#ifndef PASSIM_QUERY_COMPILE_H
#define PASSIM_QUERY_COMPILE_H

#include <stdbool.h>
#include <stddef.h>

#include "analyzer.h"
#include "compound_cache.h"
#include "passim.h"
#include "query.h"
#include "synonyms.h"
#include "xc.h"

typedef enum query_match { QUERY_MATCH_ALL, QUERY_MATCH_ANY } query_match;

typedef struct query_compile_options {
    query_match match;
    /* one per language present in the database (the caller builds them);
     * the first is the database's default language: it decides stopwords */
    analyzer *const *analyzers;
    size_t nanalyzers;
    xc_db *db;                   /* for the compound dictionary (XC terms),
                                    prefix* expansions and whether a stem is
                                    known; may be NULL */
    const synonyms *syn;         /* may be NULL */
    double title_weight;         /* extra weight factor of title matches */
    unsigned int wildcard_limit; /* max expansion of prefix* */
    bool record_parts;           /* fill query_compiled.parts (--explain) */
    /* the compound dictionary lookups of earlier compiles of the same
     * search on the same database revision, or NULL */
    compound_cache *compounds;
} query_compile_options;

/* One ranked part of a query: a word's, phrase's, NEAR's or prefix's query
 * in one field. Parts add up: a passage's score is the sum of its parts'
 * weights times their scales (plus proximity and feedback, kept apart), so
 * --explain can break a score down exactly, a repeated word twice. */
typedef struct query_part {
    xc_query *query; /* unscaled */
    double scale;    /* 1, or title_weight for a title part next to a body */
    bool title;
    char *label; /* the part as Xapian describes it, shortened */
} query_part;

/* Window of query_compiled.proximity, and so the most words it holds. */
#define QUERY_PROXIMITY_WINDOW 8

typedef struct query_compiled {
    xc_query *query;     /* ranked part AND filters; never NULL on success */
    xc_query *proximity; /* NEAR of the positive plain words' unstemmed terms
                            (the first QUERY_PROXIMITY_WINDOW distinct ones)
                            within QUERY_PROXIMITY_WINDOW, or NULL when
                            fewer than 2 */
    char **terms;        /* every folded term and stem the query looks for,
                            for highlighting: a snippet token matches when its
                            term or its stem equals one of these */
    size_t nterms;
    unsigned char *unranked; /* per term: nonzero when only highlighted,
                                not scored in passages: a part of a
                                compound a query word may be written as */
    char **prefixes;         /* the folded prefixes of prefix* */
    size_t nprefixes;
    bool only_filters; /* no ranked words: filters or negations only
                          (matches all but what they exclude, weight 0) */
    size_t nwords;     /* plain positive words, for the relax decision */
    query_part *parts; /* with record_parts: every ranked part, in order */
    size_t nparts;
} query_compiled;

/* Compiles `root`. Errors with a position in the query (prefix too short,
 * unknown language, nothing left to search for once stopwords and
 * punctuation are gone, too many terms) are PASSIM_ERROR_QUERY_SYNTAX with
 * *err filled; out is zeroed on failure. */
passim_status query_compile(query_compiled *out, const query_node *root,
                            const query_compile_options *opt, query_error *err);
void query_compiled_clear(query_compiled *c);

#endif /* PASSIM_QUERY_COMPILE_H */
