/*
 * schema.h — the layout of a passim database, defined once for the indexer
 * and the searcher: what a Xapian document is, its term prefixes, value slots,
 * stored data and the database metadata keys.
 *
 * One Xapian document is one passage of an article. Every passage carries the
 * article's fields, so one passage is enough to show and filter a hit.
 *
 * Terms (prefixes follow Xapian's Omega conventions where one exists):
 *   word          body word, folded, with positions (phrases, NEAR)
 *   Z word-stem   body word stemmed, no positions (ranking)
 *   S word        title word with positions; ZS stem without (every passage
 *                 of an article carries its title terms)
 *   K tag         a tag, folded, whole (boolean)
 *   XO source     the source label, folded (boolean)
 *   L lang        ISO 639-1 code or libstemmer name of the article's language
 *   D YYYYMMDD, M YYYYMM, Y YYYY   the article's date (boolean)
 *   Q id#ordinal  unique passage id
 *   XA id         article id: every passage of the article (boolean); delete
 *                 and replace an article through it
 *   XF path       the source file of a file-based article (boolean; --prune)
 *   XC joined' 'part-part   compound dictionary: a hyphenated compound seen in
 *                 the text, e.g. "XCmulticloud multi-cloud", so a query for
 *                 the joined word can also look for the parts as a phrase
 * Identifiers and paths longer than SCHEMA_MAX_KEY_BYTES are replaced by
 * "#" + 16 hex digits of their XXH64 in terms (values and data keep them);
 * a shorter one that starts with "#" is written with a second "#" before
 * it, so the two kinds never share a term.
 *
 * Values: see enum schema_slot. Data: a JSON object with the keys in
 * SCHEMA_DATA_* (cJSON), holding what the hit display needs.
 */
#ifndef PASSIM_SCHEMA_H
#define PASSIM_SCHEMA_H

#define SCHEMA_VERSION 1

#define PREFIX_STEM "Z"
#define PREFIX_TITLE "S"
#define PREFIX_TITLE_STEM "ZS"
#define PREFIX_TAG "K"
#define PREFIX_SOURCE "XO"
#define PREFIX_LANG "L"
#define PREFIX_DAY "D"
#define PREFIX_MONTH "M"
#define PREFIX_YEAR "Y"
#define PREFIX_PASSAGE "Q"
#define PREFIX_ARTICLE "XA"
#define PREFIX_FILE "XF"
#define PREFIX_COMPOUND "XC"

/* Longest id or path put into a term as it is (Xapian's term limit is 245). */
#define SCHEMA_MAX_KEY_BYTES 160
/* Starts a longer key's hash in a term; doubled before a key that starts
 * with it. */
#define SCHEMA_HASH_MARK '#'

/* Positions: title words are numbered from 0 in their own field; body words
 * of a passage from 0, with a gap of SCHEMA_PARAGRAPH_GAP between paragraphs
 * so that phrases do not match across them. */
#define SCHEMA_PARAGRAPH_GAP 100

enum schema_slot {
    SLOT_ARTICLE = 0,  /* article id: the collapse key */
    SLOT_DATE = 1,     /* "YYYY-MM-DD" (sortable; "" when unknown) */
    SLOT_HASH = 2,     /* article content hash, 16 hex digits (XXH64) */
    SLOT_SOURCE = 4,   /* source label as written (facet) */
    SLOT_LANG = 5,     /* language code (facet) */
    SLOT_MONTH = 6,    /* "YYYY-MM" (facet) */
    SLOT_TAGS = 7      /* tags joined by '\n' (facet; split when counting) */
};

/* Keys of the JSON object stored as each passage's data. */
#define SCHEMA_DATA_ID "id"          /* article id */
#define SCHEMA_DATA_TITLE "title"
#define SCHEMA_DATA_DATE "date"      /* as written in the source, ISO 8601 */
#define SCHEMA_DATA_SOURCE "source"
#define SCHEMA_DATA_TAGS "tags"      /* array of strings */
#define SCHEMA_DATA_LANG "lang"
#define SCHEMA_DATA_URL "url"
#define SCHEMA_DATA_PATH "path"      /* source file ("-" for stdin) */
#define SCHEMA_DATA_LINE "line"      /* first line of the passage, 1-based */
#define SCHEMA_DATA_PASSAGE "passage" /* ordinal, 0-based */
#define SCHEMA_DATA_START "start"    /* byte range of the passage in the */
#define SCHEMA_DATA_END "end"        /*   source file (or JSON body)     */
#define SCHEMA_DATA_TEXT "text"      /* the passage text, as analyzed */
#define SCHEMA_DATA_FIELDS "fields"  /* other front-matter keys: object */

/* Database metadata keys. */
#define META_SCHEMA "passim:schema"          /* SCHEMA_VERSION, decimal */
#define META_ANALYZER "passim:analyzer"      /* "passim-analyzer/1" */
#define META_LANGUAGE "passim:language"      /* default language name */
#define META_LANGUAGES "passim:languages"    /* languages present, ','-joined */
#define META_LAST_RUN "passim:last-run"      /* ISO 8601 UTC of the last run */
#define META_SYNONYMS "passim:synonyms"      /* default synonyms file text */

#include <stddef.h>

/* Longest term schema_term writes, with its NUL. */
#define SCHEMA_TERM_MAX 256

/* Writes prefix + key into buf (SCHEMA_TERM_MAX bytes), with a key longer
 * than SCHEMA_MAX_KEY_BYTES replaced by "#" and 16 hex digits of its XXH64,
 * and a "#" put before a shorter key that starts with "#". Returns the
 * term's length. */
size_t schema_term(char buf[SCHEMA_TERM_MAX], const char *prefix,
                   const char *key, size_t key_len);

/* Folds a boolean field value (source, tag) as both sides must: ASCII-lower
 * case through the analyzer's folding, spaces kept. Caller frees; NULL on
 * out of memory. */
char *schema_fold_value(const char *value);

#endif /* PASSIM_SCHEMA_H */
