/*
 * schema.h — the layout of a passim database, defined once for the indexer
 * and the searcher: what a Xapian document is, its term prefixes, value slots,
 * stored data and the database metadata keys.
 *
 * One Xapian document is one article. Matching, filters, counts and facets
 * are per article; the passages an article is split into are recorded in a
 * passage map in its data, and the searcher picks the best ones at query
 * time from the query terms' positions.
 *
 * Terms (prefixes follow Xapian's Omega conventions where one exists):
 *   word          body word, folded, with positions (phrases, NEAR)
 *   Z word-stem   body word stemmed, no positions (ranking)
 *   S word        title, tag and summary word with positions; ZS its stem
 *                 without (the "title field", weighted like the title)
 *   K tag         a tag, folded, whole (boolean)
 *   XO source     the source label, folded (boolean)
 *   L lang        ISO 639-1 code or libstemmer name of the article's language
 *   D YYYYMMDD, M YYYYMM, Y YYYY   the article's date (boolean)
 *   XA id         the article id (boolean, unique): replace and delete by it
 *   XF path       the source file of a file-based article (boolean; --prune)
 *   XC joined' 'part-part   compound dictionary: a hyphenated compound seen in
 *                 the text, e.g. "XCmulticloud multi-cloud", so a query for
 *                 the joined word can also look for the parts as a phrase
 * Identifiers and paths longer than SCHEMA_MAX_KEY_BYTES are replaced by
 * "#" + 16 hex digits of their XXH64 in terms (values and data keep them);
 * a shorter one that starts with "#" is written with a second "#" before
 * it, so the two kinds never share a term.
 *
 * Values: see enum schema_slot; the passage map (each passage's positions)
 * is one, so passages are scored without reading the data. Data: a JSON
 * object with the keys in SCHEMA_DATA_* (cJSON), holding what the hit
 * display needs: the article's fields, its text (the passages' texts joined
 * by "\n\n") and each passage's place in it and its lines (SCHEMA_MAP_*).
 */
#ifndef PASSIM_SCHEMA_H
#define PASSIM_SCHEMA_H

/* 1: one document per passage; 2: one document per article. */
#define SCHEMA_VERSION 2

#define PREFIX_STEM "Z"
#define PREFIX_TITLE "S"
#define PREFIX_TITLE_STEM "ZS"
#define PREFIX_TAG "K"
#define PREFIX_SOURCE "XO"
#define PREFIX_LANG "L"
#define PREFIX_DAY "D"
#define PREFIX_MONTH "M"
#define PREFIX_YEAR "Y"
#define PREFIX_ARTICLE "XA"
#define PREFIX_FILE "XF"
#define PREFIX_COMPOUND "XC"

/* Longest id or path put into a term as it is (Xapian's term limit is 245). */
#define SCHEMA_MAX_KEY_BYTES 160
/* Starts a longer key's hash in a term; doubled before a key that starts
 * with it. */
#define SCHEMA_HASH_MARK '#'

/* Positions. Body: the passages one after the other, each paragraph of a
 * passage SCHEMA_PARAGRAPH_GAP after the last word of the one before, and
 * each passage SCHEMA_PASSAGE_GAP after the last word of the passage before,
 * more than the widest NEAR window (the query compiler caps a NEAR chain's
 * window at it): a phrase never matches across paragraphs, and neither a
 * phrase nor a NEAR across passages. 2,000 passages of 250 one-word
 * paragraphs still fit Xapian's 32-bit positions. Title
 * field: the title first, then each tag and the summary, each
 * SCHEMA_PARAGRAPH_GAP after the one before. */
#define SCHEMA_PARAGRAPH_GAP 100
#define SCHEMA_PASSAGE_GAP 65536

/* Both fields number their words from 1, as Xapian's TermGenerator does:
 * Xapian 1.4.22 stores a term at exactly positions {0, 1} as {1}, so a
 * phrase of an article's first two words would not match. */
#define SCHEMA_FIRST_POSITION 1

/* The words a passage aims at (the splitter's target; search normalizes
 * passage lengths by it). */
#define SCHEMA_PASSAGE_TARGET_WORDS 100

enum schema_slot {
    SLOT_ARTICLE = 0,    /* article id (pruning and listing read it) */
    SLOT_DATE = 1,       /* "YYYY-MM-DD" (sortable; "" when unknown) */
    SLOT_HASH = 2,       /* article content hash, 16 hex digits (XXH64) */
    SLOT_SOURCE = 4,     /* source label as written (facet) */
    SLOT_LANG = 5,       /* language code (facet) */
    SLOT_MONTH = 6,      /* "YYYY-MM" (facet) */
    SLOT_TAGS = 7,       /* tags joined by '\n' (facet; split when counting) */
    SLOT_PASSAGES = 8,   /* the article's passages, decimal (stats add them) */
    SLOT_PASSAGE_MAP = 9 /* its passages' positions (core/passage_map.h) */
};

/* Keys of the JSON object stored as each article's data. */
#define SCHEMA_DATA_ID "id" /* article id */
#define SCHEMA_DATA_TITLE "title"
#define SCHEMA_DATA_DATE "date" /* as written in the source, ISO 8601 */
#define SCHEMA_DATA_SOURCE "source"
#define SCHEMA_DATA_TAGS "tags" /* array of strings */
#define SCHEMA_DATA_LANG "lang"
#define SCHEMA_DATA_URL "url"
#define SCHEMA_DATA_SUMMARY "summary"
#define SCHEMA_DATA_PATH "path" /* source file ("-" for stdin) */
/* the passages' texts, as analyzed, joined by "\n\n" */
#define SCHEMA_DATA_TEXT "text"
/* the passages' text and lines: an array of SCHEMA_MAP_* arrays, in the
 * order of SLOT_PASSAGE_MAP */
#define SCHEMA_DATA_PASSAGES "passages"
#define SCHEMA_DATA_FIELDS "fields" /* other front-matter keys: object */

/* One passage in the data's passage list: numbers at these indexes, then
 * pairs (offset in the passage's text, line) where a new source line starts
 * inside the passage, so that a match is shown at its own line. (Where its
 * words are is in SLOT_PASSAGE_MAP, read without the data.) */
enum schema_map_index {
    SCHEMA_MAP_LINE = 0,  /* 1-based line of its first character */
    SCHEMA_MAP_START,     /* byte range in the source file (or JSON */
    SCHEMA_MAP_END,       /*   body): [start, end) */
    SCHEMA_MAP_TEXT_FROM, /* its text in SCHEMA_DATA_TEXT: [from, to) */
    SCHEMA_MAP_TEXT_TO,
    SCHEMA_MAP_LINES /* the first (offset, line) pair */
};

/* Database metadata keys. */
#define META_SCHEMA "passim:schema"       /* SCHEMA_VERSION, decimal */
#define META_ANALYZER "passim:analyzer"   /* "passim-analyzer/1" */
#define META_LANGUAGE "passim:language"   /* default language name */
#define META_LANGUAGES "passim:languages" /* languages present, ','-joined */
#define META_LAST_RUN "passim:last-run"   /* ISO 8601 UTC of the last run */
#define META_SYNONYMS "passim:synonyms"   /* default synonyms file text */

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
