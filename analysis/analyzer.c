/*
 * analyzer.c — segmentation, folding and stemming: the rules of analyzer.h.
 *
 * This is the hottest loop of indexing, so it allocates nothing per token:
 * every term is at most ANALYZER_MAX_TERM_BYTES long, so fixed buffers in the
 * analyzer hold them; words of ASCII skip utf8proc altogether, and recent
 * stems are cached (stemming is most of the time left).
 *
 * Choices the header leaves open:
 *  - a possessive's token covers the "'s" ("OpenAI's" -> "openai" over all
 *    eight bytes), so that a highlight marks the whole word;
 *  - "." between letters is not a joiner: "U.S." is "u", "s" at consecutive
 *    positions, the same in documents and queries, so the phrase matches
 *    (joining it would make it the stopword "us");
 *  - "$13bn" is one word "13bn", not a number ("$" separates);
 *  - a word starts with a letter or a number; combining marks only continue
 *    one (a mark after a separator is a separator);
 *  - a CJK character takes the combining marks that follow it;
 *  - the reason does not change the tokens: indexing, querying and
 *    highlighting must agree, and callers decide what to do with stopwords.
 */
#include "analyzer.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "hash.h"
#include "languages.h"
#include "stemmer.h"
#include "stopwords.h"
#include "utf8.h"

/* NFKC + case folding + marks removed, as utf8proc_map would do it. */
#define FOLD_OPTIONS                                                           \
    (UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |                    \
     UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK)

/* Decomposed code points kept while folding one word. Composition merges at
 * most three code points into one (Hangul jamo), so a word whose
 * decomposition overflows this has more than ANALYZER_MAX_TERM_BYTES code
 * points, let alone bytes, and is too long anyway. */
#define FOLD_MAX_CODEPOINTS (4 * ANALYZER_MAX_TERM_BYTES)

/* Stemming takes most of the analyzer's time, and a few thousand words make
 * most of any text: a direct-mapped cache of recent stems pays. It starts
 * small and doubles, up to STEM_CACHE_SLOTS, each time it has missed
 * STEM_CACHE_GROW_AFTER times per slot: a one-shot search stems a few
 * hundred words, and each page of a large cache it touches is a page fault
 * (bench/README.md, search speed). */
#define STEM_CACHE_FIRST_SLOTS 32
#define STEM_CACHE_SLOTS 4096
#define STEM_CACHE_GROW_AFTER 4

typedef struct stem_entry {
    unsigned char term_len; /* 0: empty */
    unsigned char stem_len;
    char term[ANALYZER_MAX_TERM_BYTES];
    char stem[ANALYZER_MAX_TERM_BYTES + 1];
} stem_entry;

struct analyzer {
    const char *language;   /* canonical name */
    stemmer *stemmer;       /* NULL for "none" */
    stem_entry *stem_cache; /* stem_slots entries, with the stemmer */
    size_t stem_slots, stem_misses;
    stopword_set stopwords;
    utf8proc_int32_t codepoints[FOLD_MAX_CODEPOINTS];
    char term[ANALYZER_MAX_TERM_BYTES + 1];
    char joined[ANALYZER_MAX_TERM_BYTES + 1];
    char *copy; /* analyzer_stem's result without a stemmer */
    size_t copy_cap;
};

typedef enum char_class {
    CC_SEPARATOR,
    CC_LETTER,     /* L* */
    CC_DIGIT,      /* Nd */
    CC_NUMERIC,    /* Nl, No: "Ⅻ", "½", "²" */
    CC_MARK,       /* M* */
    CC_IDEOGRAPH,  /* CJK ideograph, Hiragana, Katakana: a word alone */
    CC_APOSTROPHE, /* ' U+2019 */
    CC_HYPHEN,     /* - U+2010 U+2011 */
    CC_DOT,
    CC_COMMA
} char_class;

static bool continues_word(char_class c)
{
    return c == CC_LETTER || c == CC_DIGIT || c == CC_NUMERIC || c == CC_MARK;
}

static bool starts_word(char_class c)
{
    return c == CC_LETTER || c == CC_DIGIT || c == CC_NUMERIC;
}

static char_class ascii_class(unsigned char b)
{
    if ((unsigned char)((b | 0x20) - 'a') < 26)
        return CC_LETTER;
    if ((unsigned char)(b - '0') < 10)
        return CC_DIGIT;
    switch (b) {
    case '\'':
        return CC_APOSTROPHE;
    case '-':
        return CC_HYPHEN;
    case '.':
        return CC_DOT;
    case ',':
        return CC_COMMA;
    default:
        return CC_SEPARATOR;
    }
}

/* Scripts written without spaces between words, where each character is
 * taken as a word: Han (with its extensions and compatibility blocks),
 * Hiragana, Katakana and their iteration marks. */
static bool is_ideograph(int32_t cp)
{
    return (cp >= 0x3005 && cp <= 0x3007) || (cp >= 0x3040 && cp <= 0x30FF) ||
           (cp >= 0x31F0 && cp <= 0x31FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFF66 && cp <= 0xFF9D) || (cp >= 0x20000 && cp <= 0x323AF);
}

static char_class codepoint_class(int32_t cp)
{
    if (cp < 0x80)
        return ascii_class((unsigned char)cp);
    if (cp == 0x2019)
        return CC_APOSTROPHE;
    if (cp == 0x2010 || cp == 0x2011)
        return CC_HYPHEN;
    if (is_ideograph(cp))
        return CC_IDEOGRAPH;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return CC_LETTER;
    case UTF8PROC_CATEGORY_ND:
        return CC_DIGIT;
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return CC_NUMERIC;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return CC_MARK;
    default:
        return CC_SEPARATOR;
    }
}

static char_class multibyte_at(const unsigned char *s, size_t len, size_t i,
                               size_t *n)
{
    int32_t cp;
    *n = utf8_decode(s + i, len - i, &cp);
    return cp < 0 ? CC_SEPARATOR : codepoint_class(cp);
}

/* The class of the character at s[i] (i < len) and its length in bytes;
 * ill-formed bytes are separators. Inline for ASCII, which is most of any
 * text: the call alone cost as much as the classification. */
static inline char_class char_at(const unsigned char *s, size_t len, size_t i,
                                 size_t *n)
{
    if (s[i] < 0x80) {
        *n = 1;
        return ascii_class(s[i]);
    }
    return multibyte_at(s, len, i, n);
}

/* One word, or one part of a hyphenated compound. */
typedef struct part {
    size_t start, end;   /* its characters */
    size_t token_end;    /* end of its token: past a dropped "'s" */
    size_t next;         /* where scanning goes on */
    bool ascii;          /* every byte < 0x80: folding is lower-casing */
    bool number;         /* only digits (and marks and joiners) */
    bool hyphen_follows; /* the compound goes on at next */
} part;

/* Whether s[i] starts the "s" of a possessive: "s" or "S" ending the word. */
static bool possessive_at(const unsigned char *s, size_t len, size_t i)
{
    size_t n;
    if (i >= len || (s[i] | 0x20) != 's')
        return false;
    return i + 1 == len || !continues_word(char_at(s, len, i + 1, &n));
}

/* Scans the part that starts at s[i], a character that starts a word. */
static void part_scan(const unsigned char *s, size_t len, size_t i, part *p)
{
    size_t n;
    char_class last = char_at(s, len, i, &n);

    p->start = i;
    p->ascii = s[i] < 0x80;
    p->number = last == CC_DIGIT;
    p->hyphen_follows = false;
    for (i += n; i < len; i += n) {
        char_class c = char_at(s, len, i, &n);
        if (continues_word(c)) {
            if (c == CC_LETTER || c == CC_NUMERIC)
                p->number = false;
            if (s[i] >= 0x80)
                p->ascii = false;
            last = c;
            continue;
        }
        if ((c == CC_DOT || c == CC_COMMA) && last == CC_DIGIT && i + 1 < len &&
            char_at(s, len, i + 1, &n) == CC_DIGIT) {
            n = 1; /* the joiner; the digit comes next round */
            last = c;
            continue;
        }
        break;
    }
    p->end = p->token_end = p->next = i;
    if (i == len)
        return;
    char_class c = char_at(s, len, i, &n);
    if (c == CC_APOSTROPHE && possessive_at(s, len, i + n)) {
        p->token_end = p->next = i + n + 1;
    } else if (c == CC_HYPHEN && i + n < len) {
        size_t m;
        if (starts_word(char_at(s, len, i + n, &m))) {
            p->hyphen_follows = true;
            p->next = i + n;
        }
    }
}

/* Folds s[start, end) (well-formed UTF-8, joining commas dropped) into
 * a->term. Returns its length, or 0 if it is empty or longer than
 * ANALYZER_MAX_TERM_BYTES. */
static size_t fold(analyzer *a, const unsigned char *s, size_t start,
                   size_t end, bool ascii)
{
    size_t len = 0;
    if (ascii) {
        for (size_t i = start; i < end; i++) {
            unsigned char b = s[i];
            if (b == ',')
                continue;
            if (len == ANALYZER_MAX_TERM_BYTES)
                return 0;
            a->term[len++] = (char)(b >= 'A' && b <= 'Z' ? b | 0x20 : b);
        }
        a->term[len] = '\0';
        return len;
    }

    utf8proc_ssize_t count = 0;
    for (size_t i = start; i < end;) {
        int32_t cp;
        i += utf8_decode(s + i, end - i, &cp);
        if (cp == ',')
            continue;
        utf8proc_ssize_t room = FOLD_MAX_CODEPOINTS - count;
        utf8proc_ssize_t got = utf8proc_decompose_char(
            cp, a->codepoints + count, room, FOLD_OPTIONS, NULL);
        if (got < 0 || got > room)
            return 0;
        count += got;
    }
    count = utf8proc_normalize_utf32(a->codepoints, count, FOLD_OPTIONS);
    for (utf8proc_ssize_t k = 0; k < count; k++) {
        utf8proc_uint8_t bytes[4];
        utf8proc_ssize_t n = utf8proc_encode_char(a->codepoints[k], bytes);
        if (len + (size_t)n > ANALYZER_MAX_TERM_BYTES)
            return 0;
        memcpy(a->term + len, bytes, (size_t)n);
        len += (size_t)n;
    }
    a->term[len] = '\0';
    return len;
}

/* What analyzer_run passes around while it walks one text. */
typedef struct run {
    analyzer *a;
    analyzer_token_fn fn;
    void *ctx;
    unsigned int position;
    bool stem; /* stem and flag stopwords (analyzer_run_unstemmed: not) */
    passim_status status;
} run;

/* Stems, flags and hands over one token. Returns nonzero to stop (the
 * callback asked to, or stemming ran out of memory: run->status says). */
static int deliver(run *r, const char *term, size_t term_len, size_t start,
                   size_t end, unsigned int position, unsigned int flags)
{
    analyzer_token token = {.term = term,
                            .term_len = term_len,
                            .stem = term,
                            .stem_len = term_len,
                            .start = start,
                            .end = end,
                            .position = position,
                            .flags = flags};
    if (!(flags & ANALYZER_TOKEN_NUMBER) && r->stem) {
        if (r->a->stemmer) {
            size_t stem_len;
            const char *stem = analyzer_stem(r->a, term, term_len, &stem_len);
            if (!stem) {
                r->status = PASSIM_ERROR_NO_MEMORY;
                return 1;
            }
            if (stem_len != term_len || memcmp(stem, term, term_len) != 0) {
                token.stem = stem;
                token.stem_len = stem_len;
            }
        }
        if (stopword_set_contains(&r->a->stopwords, term, term_len))
            token.flags |= ANALYZER_TOKEN_STOPWORD;
    }
    return r->fn(&token, r->ctx);
}

/* Analyzes the word or compound that starts at s[*i] and moves *i past it.
 * Returns false to stop. */
static bool compound_run(run *r, const unsigned char *s, size_t len, size_t *i)
{
    analyzer *a = r->a;
    unsigned int first = r->position;
    size_t start = *i, joined_len = 0;
    bool joined_fits = true, all_numbers = true;
    unsigned int parts = 0;
    part p;

    do {
        part_scan(s, len, *i, &p);
        size_t term_len = fold(a, s, p.start, p.end, p.ascii);
        unsigned int flags = p.number ? ANALYZER_TOKEN_NUMBER : 0;
        if (parts > 0 || p.hyphen_follows)
            flags |= ANALYZER_TOKEN_PART;
        unsigned int position = r->position++;
        if (term_len > 0 && deliver(r, a->term, term_len, p.start, p.token_end,
                                    position, flags) != 0)
            return false;
        parts++;
        all_numbers = all_numbers && p.number;
        if (term_len == 0 || joined_len + term_len > ANALYZER_MAX_TERM_BYTES)
            joined_fits = false;
        if (joined_fits) {
            memcpy(a->joined + joined_len, a->term, term_len);
            joined_len += term_len;
        }
        *i = p.next;
    } while (p.hyphen_follows);

    if (parts > 1 && joined_fits) {
        unsigned int flags =
            ANALYZER_TOKEN_JOINED | (all_numbers ? ANALYZER_TOKEN_NUMBER : 0);
        a->joined[joined_len] = '\0';
        return deliver(r, a->joined, joined_len, start, p.token_end, first,
                       flags) == 0;
    }
    return true;
}

/* Analyzes the CJK character of n bytes at s[*i] with the marks after it
 * and moves *i past them. Returns false to stop. */
static bool ideograph_run(run *r, const unsigned char *s, size_t len, size_t *i,
                          size_t n)
{
    size_t start = *i, m;
    *i += n;
    while (*i < len && char_at(s, len, *i, &m) == CC_MARK)
        *i += m;
    size_t term_len = fold(r->a, s, start, *i, false);
    unsigned int position = r->position++;
    return term_len == 0 ||
           deliver(r, r->a->term, term_len, start, *i, position, 0) == 0;
}

static passim_status run_text(analyzer *a, const char *text, size_t len,
                              bool stem, unsigned int first_position,
                              analyzer_token_fn fn, void *ctx,
                              unsigned int *next_position)
{
    const unsigned char *s = (const unsigned char *)text;
    run r = {a, fn, ctx, first_position, stem, PASSIM_OK};
    size_t i = 0;

    if (!a || !fn || (!text && len > 0)) {
        r.status = PASSIM_ERROR_INVALID_ARGUMENT;
        goto out;
    }
    while (i < len) {
        size_t n;
        char_class c = char_at(s, len, i, &n);
        bool go_on = true;
        if (starts_word(c))
            go_on = compound_run(&r, s, len, &i);
        else if (c == CC_IDEOGRAPH)
            go_on = ideograph_run(&r, s, len, &i, n);
        else
            i += n;
        if (!go_on)
            break;
    }
out:
    if (next_position)
        *next_position = r.position;
    return r.status;
}

passim_status analyzer_run(analyzer *a, const char *text, size_t len,
                           analyzer_reason reason, unsigned int first_position,
                           analyzer_token_fn fn, void *ctx,
                           unsigned int *next_position)
{
    (void)reason; /* see the top of this file */
    return run_text(a, text, len, true, first_position, fn, ctx, next_position);
}

passim_status analyzer_run_unstemmed(analyzer *a, const char *text, size_t len,
                                     analyzer_token_fn fn, void *ctx)
{
    return run_text(a, text, len, false, 0, fn, ctx, NULL);
}

bool analyzer_stem_keeps_first_byte(const analyzer *a)
{
    /* Porter and Porter2 only rewrite suffixes: their prelude deletes a
     * leading apostrophe (a word here starts with a letter or digit) and
     * turns an initial y into Y and back, and every exceptional form
     * (skies -> sky, dying -> die) keeps its first letter; Porter stems
     * "s" to "". Checked on the 86,298 distinct words of Reuters-21578,
     * Cranfield and corpus/. */
    return a->stemmer && (strcmp(a->language, "english") == 0 ||
                          strcmp(a->language, "porter") == 0);
}

/* Replaces the stem cache by an empty one of twice its slots; keeps the
 * smaller one if that cannot be had. */
static void stem_cache_grow(analyzer *a)
{
    stem_entry *grown = calloc(2 * a->stem_slots, sizeof *grown);
    a->stem_misses = 0;
    if (!grown)
        return;
    free(a->stem_cache);
    a->stem_cache = grown;
    a->stem_slots *= 2;
}

const char *analyzer_stem(analyzer *a, const char *term, size_t len,
                          size_t *stem_len)
{
    if (a->stemmer) {
        stem_entry *e = NULL;
        if (len > 0 && len <= ANALYZER_MAX_TERM_BYTES) {
            e = &a->stem_cache[word_hash(term, len) % a->stem_slots];
            if (e->term_len == len && memcmp(e->term, term, len) == 0) {
                *stem_len = e->stem_len;
                return e->stem;
            }
            if (a->stem_slots < STEM_CACHE_SLOTS &&
                ++a->stem_misses > STEM_CACHE_GROW_AFTER * a->stem_slots) {
                stem_cache_grow(a);
                e = &a->stem_cache[word_hash(term, len) % a->stem_slots];
            }
        }
        const char *stem = stemmer_stem(a->stemmer, term, len, stem_len);
        if (!stem)
            return NULL;
        if (e && *stem_len <= ANALYZER_MAX_TERM_BYTES) {
            e->term_len = (unsigned char)len;
            e->stem_len = (unsigned char)*stem_len;
            memcpy(e->term, term, len);
            memcpy(e->stem, stem, *stem_len);
            e->stem[*stem_len] = '\0';
        }
        return stem;
    }
    if (len + 1 > a->copy_cap) {
        char *grown = realloc(a->copy, len + 1);
        if (!grown)
            return NULL;
        a->copy = grown;
        a->copy_cap = len + 1;
    }
    memcpy(a->copy, term, len);
    a->copy[len] = '\0';
    *stem_len = len;
    return a->copy;
}

bool analyzer_is_stopword(const analyzer *a, const char *term, size_t len)
{
    return stopword_set_contains(&a->stopwords, term, len);
}

passim_status analyzer_new(analyzer **out, const char *language, char **errmsg)
{
    passim_status status = PASSIM_OK;
    const char *canonical = analyzer_language_canonical(language);
    analyzer *a = NULL;

    *out = NULL;
    if (errmsg)
        *errmsg = NULL;
    if (!canonical) {
        const char *known = language ? language_known(language) : NULL;
        if (known && stemmer_load_error()) {
            /* A language passim knows, whose stemmer cannot be had here. */
            status = PASSIM_ERROR_INTERNAL;
            if (errmsg && asprintf(errmsg, "no %s stemmer: %s", known,
                                   stemmer_load_error()) < 0)
                *errmsg = NULL;
            goto out;
        }
        status = PASSIM_ERROR_INVALID_ARGUMENT;
        if (errmsg &&
            asprintf(errmsg,
                     "unknown language \"%s\": expected a Snowball stemmer "
                     "name (\"english\"), an ISO 639-1 code (\"en\") or "
                     "\"none\"",
                     language ? language : "(null)") < 0)
            *errmsg = NULL;
        goto out;
    }
    a = calloc(1, sizeof *a);
    if (!a) {
        status = PASSIM_ERROR_NO_MEMORY;
        goto out;
    }
    a->language = canonical;
    if (strcmp(canonical, "none") != 0) {
        status = stemmer_new(&a->stemmer, canonical, errmsg);
        if (status != PASSIM_OK)
            goto out;
        a->stem_slots = STEM_CACHE_FIRST_SLOTS;
        a->stem_cache = calloc(a->stem_slots, sizeof *a->stem_cache);
        if (!a->stem_cache) {
            status = PASSIM_ERROR_NO_MEMORY;
            goto out;
        }
    }
    stopword_set_init(&a->stopwords, canonical);
    *out = a;
    a = NULL;
out:
    if (status == PASSIM_ERROR_NO_MEMORY && errmsg && !*errmsg)
        *errmsg = strdup("out of memory creating the analyzer");
    analyzer_free(a);
    return status;
}

void analyzer_free(analyzer *a)
{
    if (!a)
        return;
    stemmer_free(a->stemmer);
    free(a->stem_cache);
    free(a->copy);
    free(a);
}

const char *analyzer_language(const analyzer *a)
{
    return a->language;
}

const char *analyzer_language_code(const analyzer *a)
{
    return language_code(a->language);
}
