/* test_analysis.c — the analyzer's contract (analysis/analyzer.h): tokens,
 * byte ranges, positions and flags for the cases indexing, querying and
 * highlighting depend on, UTF-8 sanitizing, and the British and American
 * spellings of English words (analysis/spelling_variants.h). */
#include <check.h>
#include <libstemmer.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "analyzer.h"
#include "passim.h"
#include "spelling_variants.h"
#include "stemmer.h"
#include "stopwords.h"

#define MAX_TOKENS 64

typedef struct tok {
    char term[ANALYZER_MAX_TERM_BYTES + 1];
    char stem[4 * ANALYZER_MAX_TERM_BYTES];
    size_t start, end;
    unsigned int position, flags;
} tok;

typedef struct toks {
    tok t[MAX_TOKENS];
    size_t n;
    size_t stop_after; /* return nonzero after this many tokens; 0: never */
} toks;

static bool valid_utf8(const char *s, size_t len)
{
    utf8proc_int32_t cp;
    for (size_t i = 0; i < len;) {
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0)
            return false;
        i += (size_t)n;
    }
    return true;
}

/* Checks what every token must satisfy, then keeps a copy. */
static int collect(const analyzer_token *token, void *ctx)
{
    toks *out = ctx;
    ck_assert_uint_gt(token->term_len, 0);
    ck_assert_uint_le(token->term_len, ANALYZER_MAX_TERM_BYTES);
    ck_assert_uint_eq(strlen(token->term), token->term_len);
    ck_assert_uint_eq(strlen(token->stem), token->stem_len);
    ck_assert_msg(valid_utf8(token->term, token->term_len),
                  "term is not UTF-8");
    ck_assert_uint_lt(token->start, token->end);
    ck_assert_uint_lt(out->n, MAX_TOKENS);
    ck_assert_uint_lt(token->stem_len, sizeof out->t[0].stem);
    tok *t = &out->t[out->n++];
    memcpy(t->term, token->term, token->term_len + 1);
    memcpy(t->stem, token->stem, token->stem_len + 1);
    t->start = token->start;
    t->end = token->end;
    t->position = token->position;
    t->flags = token->flags;
    return out->stop_after && out->n == out->stop_after;
}

static analyzer *new_analyzer(const char *language)
{
    analyzer *a = NULL;
    char *err = NULL;
    passim_status st = analyzer_new(&a, language, &err);
    ck_assert_msg(st == PASSIM_OK, "analyzer_new(%s): status %d: %s", language,
                  (int)st, err ? err : "");
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_null(err);
    return a;
}

/* Analyzes text[0, len) from position 0 with a fresh analyzer; returns the
 * next position. */
static unsigned int run_bytes(const char *language, const char *text,
                              size_t len, toks *out)
{
    analyzer *a = new_analyzer(language);
    unsigned int next = 12345;
    out->n = 0;
    out->stop_after = 0;
    ck_assert_int_eq(analyzer_run(a, text, len, ANALYZER_FOR_DOCUMENT, 0,
                                  collect, out, &next),
                     PASSIM_OK);
    analyzer_free(a);
    return next;
}

static unsigned int run_text(const char *language, const char *text, toks *out)
{
    return run_bytes(language, text, strlen(text), out);
}

#define EXPECT(out, i, term_, start_, end_, position_, flags_)                 \
    do {                                                                       \
        ck_assert_uint_gt((out)->n, (i));                                      \
        ck_assert_str_eq((out)->t[i].term, (term_));                           \
        ck_assert_uint_eq((out)->t[i].start, (start_));                        \
        ck_assert_uint_eq((out)->t[i].end, (end_));                            \
        ck_assert_uint_eq((out)->t[i].position, (position_));                  \
        ck_assert_uint_eq((out)->t[i].flags, (flags_));                        \
    } while (0)

enum {
    N = ANALYZER_TOKEN_NUMBER,
    P = ANALYZER_TOKEN_PART,
    J = ANALYZER_TOKEN_JOINED,
    S = ANALYZER_TOKEN_STOPWORD
};

START_TEST(test_case_and_accents)
{
    toks out;
    ck_assert_uint_eq(run_text("en", "Zürich", &out), 1);
    ck_assert_uint_eq(out.n, 1);
    EXPECT(&out, 0, "zurich", 0, 7, 0, 0); /* ü is two bytes */

    run_text("none", "Hello WORLD Élysée straße", &out);
    ck_assert_uint_eq(out.n, 4);
    EXPECT(&out, 0, "hello", 0, 5, 0, 0);
    EXPECT(&out, 1, "world", 6, 11, 1, 0);
    EXPECT(&out, 2, "elysee", 12, 20, 2, 0);
    EXPECT(&out, 3, "strasse", 21, 28, 3, 0);

    /* decomposed "école" (e + U+0301), compatibility forms, Greek */
    run_text("none",
             "e\xCC\x81"
             "cole ﬁre ＡＢＣ x² ΣΟΦΊΑ",
             &out);
    ck_assert_uint_eq(out.n, 5);
    EXPECT(&out, 0, "ecole", 0, 7, 0, 0);
    EXPECT(&out, 1, "fire", 8, 13, 1, 0);
    EXPECT(&out, 2, "abc", 14, 23, 2, 0);
    EXPECT(&out, 3, "x2", 24, 27, 3, 0);
    EXPECT(&out, 4, "σοφια", 28, 38, 4, 0);
}
END_TEST

/* The per-code-point folding must equal utf8proc_map's NFKC_Casefold with
 * marks stripped, the rule the header states. */
START_TEST(test_folding_matches_utf8proc_map)
{
    static const char *const words[] = {
        "Zürich", "ÅNGSTRÖM", "Straße",   "ǅemal",    "ﬃx",
        "Ⅻ",      "한국어",   "Crème",    "İstanbul", "ΌΣΟΣ",
        "Ελλάδα", "Москва",   "Ǉubljana", "Ǆ"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        utf8proc_uint8_t *mapped = NULL;
        utf8proc_ssize_t n = utf8proc_map(
            (const utf8proc_uint8_t *)words[i], 0, &mapped,
            UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
        ck_assert_int_gt(n, 0);
        toks out;
        run_text("none", words[i], &out);
        ck_assert_msg(out.n >= 1, "%s gave no token", words[i]);
        ck_assert_str_eq(out.t[0].term, (const char *)mapped);
        free(mapped);
    }
}
END_TEST

START_TEST(test_possessives_and_apostrophes)
{
    toks out;
    ck_assert_uint_eq(run_text("en", "OpenAI's model", &out), 2);
    ck_assert_uint_eq(out.n, 2);
    EXPECT(&out, 0, "openai", 0, 8, 0, 0); /* covers the "'s" */
    EXPECT(&out, 1, "model", 9, 14, 1, 0);

    run_text("en", "OpenAI’s", &out); /* U+2019 */
    ck_assert_uint_eq(out.n, 1);
    EXPECT(&out, 0, "openai", 0, 10, 0, 0);

    run_text("en", "OPENAI'S 1990's", &out);
    ck_assert_uint_eq(out.n, 2);
    EXPECT(&out, 0, "openai", 0, 8, 0, 0);
    EXPECT(&out, 1, "1990", 9, 15, 1, N);

    run_text("fr", "l'IA", &out);
    ck_assert_uint_eq(out.n, 2);
    EXPECT(&out, 0, "l", 0, 1, 0, S);
    EXPECT(&out, 1, "ia", 2, 4, 1, 0);

    /* not a possessive: the "s" goes on; other apostrophes split */
    run_text("en", "OpenAI'sX don’t bob' 'quoted'", &out);
    ck_assert_uint_eq(out.n, 6);
    EXPECT(&out, 0, "openai", 0, 6, 0, 0);
    EXPECT(&out, 1, "sx", 7, 9, 1, 0);
    EXPECT(&out, 2, "don", 10, 13, 2, 0);
    EXPECT(&out, 3, "t", 16, 17, 3, S);
    EXPECT(&out, 4, "bob", 18, 21, 4, 0);
    EXPECT(&out, 5, "quoted", 24, 30, 5, 0);
}
END_TEST

START_TEST(test_compounds)
{
    toks out;
    ck_assert_uint_eq(run_text("en", "multi-cloud deal", &out), 3);
    ck_assert_uint_eq(out.n, 4);
    EXPECT(&out, 0, "multi", 0, 5, 0, P);
    EXPECT(&out, 1, "cloud", 6, 11, 1, P);
    EXPECT(&out, 2, "multicloud", 0, 11, 0, J);
    EXPECT(&out, 3, "deal", 12, 16, 2, 0);

    run_text("en", "a state-of-the-art's", &out);
    ck_assert_uint_eq(out.n, 6);
    EXPECT(&out, 0, "a", 0, 1, 0, S);
    EXPECT(&out, 1, "state", 2, 7, 1, P);
    EXPECT(&out, 2, "of", 8, 10, 2, P | S);
    EXPECT(&out, 3, "the", 11, 14, 3, P | S);
    EXPECT(&out, 4, "art", 15, 20, 4, P);
    EXPECT(&out, 5, "stateoftheart", 2, 20, 1, J);

    /* U+2010 and U+2011 are hyphens too; numbers join as numbers */
    run_text("en", "multi‐cloud COVID‑19 2023-2024", &out);
    ck_assert_uint_eq(out.n, 9);
    EXPECT(&out, 2, "multicloud", 0, 13, 0, J);
    EXPECT(&out, 3, "covid", 14, 19, 2, P);
    EXPECT(&out, 4, "19", 22, 24, 3, N | P);
    EXPECT(&out, 5, "covid19", 14, 24, 2, J);
    EXPECT(&out, 8, "20232024", 25, 34, 4, N | J);

    /* a hyphen at a word's start or end, doubled, or spaced separates; so
     * does an en dash */
    ck_assert_uint_eq(
        run_text("en", "-cloud multi- x--y p - q 2023–2024", &out), 8);
    ck_assert_uint_eq(out.n, 8);
    EXPECT(&out, 0, "cloud", 1, 6, 0, 0);
    EXPECT(&out, 1, "multi", 7, 12, 1, 0);
    EXPECT(&out, 2, "x", 14, 15, 2, 0);
    EXPECT(&out, 3, "y", 17, 18, 3, 0);
    EXPECT(&out, 4, "p", 19, 20, 4, 0);
    EXPECT(&out, 5, "q", 23, 24, 5, 0);
    EXPECT(&out, 6, "2023", 25, 29, 6, N);
    EXPECT(&out, 7, "2024", 32, 36, 7, N);
}
END_TEST

/* What the index and the query parser need: the joined term of the compound
 * is the term of the closed form, its parts the terms of the open form. */
START_TEST(test_compound_forms_agree)
{
    toks hyphen, closed, open;
    run_text("en", "Multi-Cloud", &hyphen);
    run_text("en", "multicloud", &closed);
    run_text("en", "multi cloud", &open);
    ck_assert_uint_eq(hyphen.n, 3);
    ck_assert_uint_eq(closed.n, 1);
    ck_assert_uint_eq(open.n, 2);
    EXPECT(&closed, 0, "multicloud", 0, 10, 0, 0);
    EXPECT(&open, 0, "multi", 0, 5, 0, 0);
    EXPECT(&open, 1, "cloud", 6, 11, 1, 0);
    ck_assert_str_eq(hyphen.t[2].term, closed.t[0].term);
    ck_assert_str_eq(hyphen.t[2].stem, closed.t[0].stem);
    ck_assert_str_eq(hyphen.t[0].term, open.t[0].term);
    ck_assert_str_eq(hyphen.t[1].term, open.t[1].term);
    ck_assert_uint_eq(hyphen.t[1].position - hyphen.t[0].position,
                      open.t[1].position - open.t[0].position);
}
END_TEST

START_TEST(test_numbers)
{
    toks out;
    run_text("en", "2032 13.5 1,000 $13bn 1,000,000.50 2.0. 5,a a.b", &out);
    ck_assert_uint_eq(out.n, 10);
    EXPECT(&out, 0, "2032", 0, 4, 0, N);
    ck_assert_str_eq(out.t[0].stem, "2032");
    EXPECT(&out, 1, "13.5", 5, 9, 1, N);
    EXPECT(&out, 2, "1000", 10, 15, 2, N);
    EXPECT(&out, 3, "13bn", 17, 21, 3, 0); /* "$" separates; not a number */
    EXPECT(&out, 4, "1000000.50", 22, 34, 4, N);
    EXPECT(&out, 5, "2.0", 35, 38, 5, N); /* the full stop is not a joiner */
    EXPECT(&out, 6, "5", 40, 41, 6, N);
    EXPECT(&out, 7, "a", 42, 43, 7, S);
    EXPECT(&out, 8, "a", 44, 45, 8, S);
    EXPECT(&out, 9, "b", 46, 47, 9, 0);

    /* "U.S." is two one-letter words in documents and queries alike */
    run_text("en", "U.S. exports", &out);
    ck_assert_uint_eq(out.n, 3);
    EXPECT(&out, 0, "u", 0, 1, 0, 0);
    EXPECT(&out, 1, "s", 2, 3, 1, S);
    EXPECT(&out, 2, "exports", 5, 12, 2, 0);
    ck_assert_str_eq(out.t[2].stem, "export");

    /* digits and letters make a word, not a number */
    run_text("en", "1990s 1990", &out);
    ck_assert_uint_eq(out.n, 2);
    EXPECT(&out, 0, "1990s", 0, 5, 0, 0);
    EXPECT(&out, 1, "1990", 6, 10, 1, N);
    ck_assert_str_eq(out.t[1].stem, "1990");
}
END_TEST

START_TEST(test_overlong_tokens)
{
    char text[2048];
    toks out;

    /* a 500-byte word is skipped but keeps its position */
    strcpy(text, "before ");
    memset(text + 7, 'a', 500);
    strcpy(text + 507, " after");
    ck_assert_uint_eq(run_text("en", text, &out), 3);
    ck_assert_uint_eq(out.n, 2);
    EXPECT(&out, 0, "before", 0, 6, 0, S);
    EXPECT(&out, 1, "after", 508, 513, 2, S);

    /* exactly 64 bytes is kept, 65 is not */
    memset(text, 'b', 64);
    text[64] = ' ';
    memset(text + 65, 'c', 65);
    text[130] = '\0';
    ck_assert_uint_eq(run_text("none", text, &out), 2);
    ck_assert_uint_eq(out.n, 1);
    ck_assert_uint_eq(out.t[0].end, 64);

    /* the limit is on the folded form: 32 "ß" are 64 bytes in and out,
     * 33 fold to 66 bytes; 40 "é" (80 bytes) fold to 40 */
    text[0] = '\0';
    for (int i = 0; i < 32; i++)
        strcat(text, "ß");
    strcat(text, " ");
    for (int i = 0; i < 33; i++)
        strcat(text, "ß");
    strcat(text, " ");
    for (int i = 0; i < 40; i++)
        strcat(text, "é");
    ck_assert_uint_eq(run_text("none", text, &out), 3);
    ck_assert_uint_eq(out.n, 2);
    ck_assert_uint_eq(strlen(out.t[0].term), 64);
    ck_assert_uint_eq(out.t[0].position, 0);
    ck_assert_uint_eq(strlen(out.t[1].term), 40);
    ck_assert_uint_eq(out.t[1].start, 64 + 1 + 66 + 1);
    ck_assert_uint_eq(out.t[1].position, 2);

    /* a letter under 200 combining marks folds to one letter */
    strcpy(text, "z");
    for (int i = 0; i < 200; i++)
        strcat(text, "\xCC\x81");
    ck_assert_uint_eq(run_text("none", text, &out), 1);
    EXPECT(&out, 0, "z", 0, 401, 0, 0);

    /* two 40-byte parts: both parts, no joined form */
    memset(text, 'd', 40);
    text[40] = '-';
    memset(text + 41, 'e', 40);
    strcpy(text + 81, " f");
    ck_assert_uint_eq(run_text("none", text, &out), 3);
    ck_assert_uint_eq(out.n, 3);
    ck_assert_uint_eq(out.t[0].flags, P);
    ck_assert_uint_eq(out.t[1].flags, P);
    EXPECT(&out, 2, "f", 82, 83, 2, 0);

    /* a part too long: skipped, the others kept, no joined form */
    strcpy(text, "x-");
    memset(text + 2, 'g', 70);
    strcpy(text + 72, "-y");
    ck_assert_uint_eq(run_text("none", text, &out), 3);
    ck_assert_uint_eq(out.n, 2);
    EXPECT(&out, 0, "x", 0, 1, 0, P);
    EXPECT(&out, 1, "y", 73, 74, 2, P);
}
END_TEST

START_TEST(test_huge_word)
{
    size_t len = 4u << 20;
    char *text = malloc(len);
    ck_assert_ptr_nonnull(text);
    for (size_t i = 0; i < len; i += 2)
        memcpy(text + i, "é", 2);
    memcpy(text + len - 4, " ok", 3);
    toks out;
    ck_assert_uint_eq(run_bytes("en", text, len - 1, &out), 2);
    ck_assert_uint_eq(out.n, 1);
    EXPECT(&out, 0, "ok", len - 3, len - 1, 1, 0);
    free(text);
}
END_TEST

START_TEST(test_invalid_utf8)
{
    static const struct {
        const char *text;
        size_t len;
        size_t second_start; /* "cd" */
    } cases[] = {
        {"ab\x80"
         "cd",
         5, 3}, /* lone continuation byte */
        {"ab\xE2\x82"
         "cd",
         6, 4}, /* truncated sequence */
        {"ab\xC0\xAF"
         "cd",
         6, 4}, /* overlong "/" */
        {"ab\xE0\x80\xAF"
         "cd",
         7, 5}, /* overlong, 3 bytes */
        {"ab\xED\xA0\x80"
         "cd",
         7, 5}, /* surrogate */
        {"ab\xF4\x90\x80\x80"
         "cd",
         8, 6}, /* past U+10FFFF */
        {"ab\xFE"
         "cd",
         5, 3},
        {"ab\xFF\xFE"
         "cd",
         6, 4},
        {"ab\0cd", 5, 3},
        {"ab\xC3", 3, 0}, /* truncated at the end */
        {"ab-\x80"
         "cd",
         6, 4}, /* no compound across it */
        {"ab'\xFF"
         "s",
         5, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        toks out;
        unsigned int next = run_bytes("en", cases[i].text, cases[i].len, &out);
        ck_assert_uint_ge(out.n, 1);
        EXPECT(&out, 0, "ab", 0, 2, 0, 0);
        if (cases[i].second_start) {
            ck_assert_uint_eq(next, 2);
            ck_assert_uint_eq(out.n, 2);
            EXPECT(&out, 1, "cd", cases[i].second_start,
                   cases[i].second_start + 2, 1, 0);
        }
    }
    /* invalid bytes around and inside a number, a letter as a lead byte */
    toks out;
    run_bytes("en",
              "\xFF"
              "12\x80"
              "5\xC3"
              "z",
              7, &out);
    ck_assert_uint_eq(out.n, 3);
    EXPECT(&out, 0, "12", 1, 3, 0, N);
    EXPECT(&out, 1, "5", 4, 5, 1, N);
    EXPECT(&out, 2, "z", 6, 7, 2, 0);
}
END_TEST

START_TEST(test_emoji_and_symbols)
{
    toks out;
    run_text("en",
             "hi😀there 👍🏽x a\xE2\x80\x8D"
             "b c™d 1️⃣",
             &out);
    ck_assert_uint_eq(out.n, 8);
    EXPECT(&out, 0, "hi", 0, 2, 0, 0);
    EXPECT(&out, 1, "there", 6, 11, 1, S);
    EXPECT(&out, 2, "x", 20, 21, 2, 0);
    EXPECT(&out, 3, "a", 22, 23, 3, S); /* ZWJ separates */
    EXPECT(&out, 4, "b", 26, 27, 4, 0);
    EXPECT(&out, 5, "c", 28, 29, 5, 0);
    EXPECT(&out, 6, "d", 32, 33, 6, S); /* as in "I'd" */
    EXPECT(&out, 7, "1", 34, 41, 7, N); /* keycap marks follow the digit */
}
END_TEST

START_TEST(test_right_to_left)
{
    toks out;
    run_text("none", "שלום עולם, مرحبا بالعالم كَتَبَ", &out);
    ck_assert_uint_eq(out.n, 5);
    EXPECT(&out, 0, "שלום", 0, 8, 0, 0);
    EXPECT(&out, 1, "עולם", 9, 17, 1, 0);
    EXPECT(&out, 2, "مرحبا", 19, 29, 2, 0);
    EXPECT(&out, 3, "بالعالم", 30, 44, 3, 0);
    EXPECT(&out, 4, "كتب", 45, 57, 4, 0); /* short vowels are marks */
}
END_TEST

START_TEST(test_cjk)
{
    toks out;
    run_text("en", "東京タワー AI芯片 ﾀ 한국어", &out);
    ck_assert_uint_eq(out.n, 10);
    EXPECT(&out, 0, "東", 0, 3, 0, 0);
    EXPECT(&out, 1, "京", 3, 6, 1, 0);
    EXPECT(&out, 2, "タ", 6, 9, 2, 0);
    EXPECT(&out, 3, "ワ", 9, 12, 3, 0);
    EXPECT(&out, 4, "ー", 12, 15, 4, 0);
    EXPECT(&out, 5, "ai", 16, 18, 5, 0);
    EXPECT(&out, 6, "芯", 18, 21, 6, 0);
    EXPECT(&out, 7, "片", 21, 24, 7, 0);
    EXPECT(&out, 8, "タ", 25, 28, 8, 0);     /* halfwidth folded */
    EXPECT(&out, 9, "한국어", 29, 38, 9, 0); /* Hangul has spaces */
}
END_TEST

START_TEST(test_stemming)
{
    toks out;
    run_text("en", "Partnerships clouds running", &out);
    ck_assert_uint_eq(out.n, 3);
    ck_assert_str_eq(out.t[0].term, "partnerships");
    ck_assert_str_eq(out.t[0].stem, "partnership");
    ck_assert_str_eq(out.t[1].stem, "cloud");
    ck_assert_str_eq(out.t[2].stem, "run");

    run_text("fr", "Les chevaux nationales", &out);
    ck_assert_uint_eq(out.n, 3);
    ck_assert_str_eq(out.t[1].stem, "cheval");
    ck_assert_str_eq(out.t[2].stem, "national");

    run_text("de", "Häuser Kinder", &out);
    ck_assert_uint_eq(out.n, 2);
    EXPECT(&out, 0, "hauser", 0, 7, 0, 0);
    ck_assert_str_eq(out.t[0].stem, "haus");
    ck_assert_str_eq(out.t[1].stem, "kind");

    run_text("none", "partnerships", &out);
    ck_assert_str_eq(out.t[0].stem, "partnerships");

    analyzer *a = new_analyzer("english");
    size_t len = 0;
    const char *stem = analyzer_stem(a, "clouds", 6, &len);
    ck_assert_str_eq(stem, "cloud");
    ck_assert_uint_eq(len, 5);
    analyzer_free(a);
    a = new_analyzer("none");
    stem = analyzer_stem(a, "clouds!", 6, &len);
    ck_assert_str_eq(stem, "clouds");
    ck_assert_uint_eq(len, 6);
    analyzer_free(a);
}
END_TEST

/* Stems stay right when the stem cache is full, when it doubles (after
 * STEM_CACHE_GROW_AFTER misses a slot, up to its largest size: 20,000 words
 * take it there) and when words collide: every stem equals what libstemmer
 * gives for the word alone. */
START_TEST(test_stem_cache)
{
    analyzer *a = new_analyzer("en");
    struct sb_stemmer *reference = sb_stemmer_new("english", "UTF_8");
    ck_assert_ptr_nonnull(reference);
    static const char *const suffixes[] = {"ings", "ed", "s", "ation", "ly"};
    char word[32];
    for (int round = 0; round < 2; round++) {
        for (unsigned int i = 0; i < 20000; i++) {
            /* letters only, so that the words are stemmed */
            int len = snprintf(word, sizeof word, "%c%c%c%c%s", 'a' + i % 26,
                               'a' + i / 26 % 26, 'a' + i / 676 % 26,
                               'a' + round, suffixes[i % 5]);
            size_t stem_len = 0;
            const char *stem = analyzer_stem(a, word, (size_t)len, &stem_len);
            ck_assert_ptr_nonnull(stem);
            const sb_symbol *expect =
                sb_stemmer_stem(reference, (const sb_symbol *)word, len);
            ck_assert_str_eq(stem, (const char *)expect);
            ck_assert_uint_eq(stem_len, (size_t)sb_stemmer_length(reference));
            /* again, now from the cache */
            stem = analyzer_stem(a, word, (size_t)len, &stem_len);
            ck_assert_str_eq(stem, (const char *)expect);
        }
    }
    sb_stemmer_delete(reference);
    analyzer_free(a);
}
END_TEST

/* An unchanged stem is the term itself, as the header promises. */
static int stem_is_term(const analyzer_token *token, void *ctx)
{
    int *same = ctx;
    *same += token->stem == token->term;
    return 0;
}

START_TEST(test_unchanged_stem_is_term)
{
    analyzer *a = new_analyzer("en");
    int same = 0;
    ck_assert_int_eq(analyzer_run(a, "cloud clouds 42", 15, ANALYZER_FOR_QUERY,
                                  0, stem_is_term, &same, NULL),
                     PASSIM_OK);
    ck_assert_int_eq(same, 2);
    analyzer_free(a);
}
END_TEST

START_TEST(test_stopwords)
{
    toks out;
    run_text("en", "The cloud of le der", &out);
    ck_assert_uint_eq(out.n, 5);
    ck_assert_uint_eq(out.t[0].flags, S);
    ck_assert_uint_eq(out.t[1].flags, 0);
    ck_assert_uint_eq(out.t[2].flags, S);
    ck_assert_uint_eq(out.t[3].flags, 0);
    ck_assert_uint_eq(out.t[4].flags, 0);

    run_text("fr", "Le nuage de l'été où the", &out);
    ck_assert_uint_eq(out.n, 7);
    ck_assert_uint_eq(out.t[0].flags, S);
    ck_assert_uint_eq(out.t[1].flags, 0);
    ck_assert_uint_eq(out.t[2].flags, S);
    ck_assert_uint_eq(out.t[3].flags, S); /* l */
    ck_assert_uint_eq(out.t[4].flags, S); /* ete */
    ck_assert_uint_eq(out.t[5].flags, S); /* ou */
    ck_assert_uint_eq(out.t[6].flags, 0);

    run_text("de", "Der Vertrag für die Cloud DASS", &out);
    ck_assert_uint_eq(out.n, 6);
    ck_assert_uint_eq(out.t[0].flags, S);
    ck_assert_uint_eq(out.t[1].flags, 0);
    ck_assert_uint_eq(out.t[2].flags, S);
    ck_assert_uint_eq(out.t[3].flags, S);
    ck_assert_uint_eq(out.t[4].flags, 0);
    ck_assert_uint_eq(out.t[5].flags, S);

    run_text("es", "el de la", &out); /* no Spanish list */
    ck_assert_uint_eq(out.n, 3);
    ck_assert_uint_eq(out.t[0].flags | out.t[1].flags | out.t[2].flags, 0);

    /* flagged whatever the reason */
    analyzer *a = new_analyzer("en");
    analyzer_reason reasons[] = {ANALYZER_FOR_DOCUMENT, ANALYZER_FOR_QUERY,
                                 ANALYZER_FOR_HIGHLIGHT};
    for (size_t i = 0; i < 3; i++) {
        out.n = 0;
        ck_assert_int_eq(
            analyzer_run(a, "the", 3, reasons[i], 0, collect, &out, NULL),
            PASSIM_OK);
        ck_assert_uint_eq(out.n, 1);
        ck_assert_uint_eq(out.t[0].flags, S);
    }
    ck_assert(analyzer_is_stopword(a, "the", 3));
    ck_assert(analyzer_is_stopword(a, "there", 5));
    ck_assert(!analyzer_is_stopword(a, "ther", 4));
    ck_assert(!analyzer_is_stopword(a, "cloud", 5));
    ck_assert(!analyzer_is_stopword(a, "", 0));
    analyzer_free(a);
}
END_TEST

/* Every listed stopword is written folded (else it could never match) and
 * is found; the hash set stays at most half full. */
START_TEST(test_stopword_lists_are_folded)
{
    static const char *const languages[] = {"english", "french", "german"};
    for (size_t l = 0; l < 3; l++) {
        const char *const *words = stopword_list(languages[l]);
        ck_assert_ptr_nonnull(words);
        size_t count = 0;
        analyzer *a = new_analyzer(languages[l]);
        for (; words[count]; count++) {
            toks out = {.n = 0};
            ck_assert_int_eq(analyzer_run(a, words[count], strlen(words[count]),
                                          ANALYZER_FOR_QUERY, 0, collect, &out,
                                          NULL),
                             PASSIM_OK);
            ck_assert_uint_eq(out.n, 1);
            ck_assert_str_eq(out.t[0].term, words[count]);
            ck_assert_uint_eq(out.t[0].flags, S);
        }
        ck_assert_uint_ge(count, 100);
        ck_assert_uint_le(count, STOPWORD_SLOTS / 2);
        analyzer_free(a);
    }
    ck_assert_ptr_null(stopword_list("spanish"));
}
END_TEST

START_TEST(test_position_chaining)
{
    analyzer *a = new_analyzer("en");
    toks out = {.n = 0};
    unsigned int next = 0;
    ck_assert_int_eq(analyzer_run(a, "first piece", 11, ANALYZER_FOR_DOCUMENT,
                                  0, collect, &out, &next),
                     PASSIM_OK);
    ck_assert_uint_eq(next, 2);
    ck_assert_int_eq(analyzer_run(a, "then multi-part", 15,
                                  ANALYZER_FOR_DOCUMENT, next + 100, collect,
                                  &out, &next),
                     PASSIM_OK);
    ck_assert_uint_eq(next, 105);
    ck_assert_uint_eq(out.n, 6);
    EXPECT(&out, 1, "piece", 6, 11, 1, 0);
    EXPECT(&out, 2, "then", 0, 4, 102, S);
    EXPECT(&out, 3, "multi", 5, 10, 103, P);
    EXPECT(&out, 5, "multipart", 5, 15, 103, J);

    /* nothing to analyze: the next position is the first */
    ck_assert_int_eq(analyzer_run(a, " ,;", 3, ANALYZER_FOR_DOCUMENT, 7,
                                  collect, &out, &next),
                     PASSIM_OK);
    ck_assert_uint_eq(next, 7);
    ck_assert_int_eq(analyzer_run(a, NULL, 0, ANALYZER_FOR_DOCUMENT, 9, collect,
                                  &out, &next),
                     PASSIM_OK);
    ck_assert_uint_eq(next, 9);
    ck_assert_int_eq(analyzer_run(a, "word", 4, ANALYZER_FOR_DOCUMENT, 0,
                                  collect, &out, NULL),
                     PASSIM_OK);
    ck_assert_uint_eq(out.n, 7);
    ck_assert_int_eq(
        analyzer_run(a, "x", 1, ANALYZER_FOR_DOCUMENT, 0, NULL, NULL, &next),
        PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(analyzer_run(NULL, "x", 1, ANALYZER_FOR_DOCUMENT, 3,
                                  collect, &out, &next),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_uint_eq(next, 3);
    analyzer_free(a);
}
END_TEST

START_TEST(test_callback_stops)
{
    analyzer *a = new_analyzer("en");
    toks out = {.n = 0, .stop_after = 2};
    unsigned int next = 0;
    ck_assert_int_eq(analyzer_run(a, "one two three four", 18,
                                  ANALYZER_FOR_DOCUMENT, 10, collect, &out,
                                  &next),
                     PASSIM_OK);
    ck_assert_uint_eq(out.n, 2);
    EXPECT(&out, 1, "two", 4, 7, 11, 0);
    ck_assert_uint_eq(next, 12);

    /* stopped on a part: no joined token follows */
    out.n = 0;
    out.stop_after = 1;
    ck_assert_int_eq(analyzer_run(a, "multi-cloud", 11, ANALYZER_FOR_DOCUMENT,
                                  0, collect, &out, &next),
                     PASSIM_OK);
    ck_assert_uint_eq(out.n, 1);
    ck_assert_uint_eq(next, 1);
    analyzer_free(a);
}
END_TEST

START_TEST(test_languages)
{
    ck_assert_str_eq(analyzer_language_canonical("en"), "english");
    ck_assert_str_eq(analyzer_language_canonical("EN"), "english");
    ck_assert_str_eq(analyzer_language_canonical("en-US"), "english");
    ck_assert_str_eq(analyzer_language_canonical("English"), "english");
    ck_assert_str_eq(analyzer_language_canonical("fr"), "french");
    ck_assert_str_eq(analyzer_language_canonical("de"), "german");
    ck_assert_str_eq(analyzer_language_canonical("nb"), "norwegian");
    ck_assert_str_eq(analyzer_language_canonical("ru"), "russian");
    ck_assert_str_eq(analyzer_language_canonical("porter"), "porter");
    ck_assert_str_eq(analyzer_language_canonical("none"), "none");
    ck_assert_ptr_null(analyzer_language_canonical("xx"));
    ck_assert_ptr_null(analyzer_language_canonical("enx"));
    ck_assert_ptr_null(analyzer_language_canonical(""));
    ck_assert_ptr_null(analyzer_language_canonical(NULL));

    analyzer *a = new_analyzer("de");
    ck_assert_str_eq(analyzer_language(a), "german");
    ck_assert_str_eq(analyzer_language_code(a), "de");
    analyzer_free(a);
    a = new_analyzer("porter");
    ck_assert_str_eq(analyzer_language_code(a), "porter");
    analyzer_free(a);
    a = new_analyzer("none");
    ck_assert_str_eq(analyzer_language(a), "none");
    ck_assert_str_eq(analyzer_language_code(a), "none");
    analyzer_free(a);

    /* every code maps to a language the stemmer library has */
    static const char *const codes[] = {"en", "fr", "de", "es", "it",
                                        "pt", "nl", "sv", "no", "da",
                                        "fi", "ru", "hu", "ro", "tr"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        a = new_analyzer(codes[i]);
        analyzer_free(a);
    }
}
END_TEST

/* analysis/stemmer.c takes English from libstemmer's archive and every other
 * algorithm from its shared library: each gives the stems libstemmer's own
 * sb_stemmer gives, in the same process, for every algorithm it lists. */
START_TEST(test_stemmers_match_libstemmer)
{
    static const char *const words[] = {
        "maisons",  "running",  "nationalities", "Häuser",
        "говорили", "ciudades", "generously",    "x"};
    ck_assert_str_eq(stemmer_algorithm("ENGLISH"), "english");
    ck_assert_ptr_null(stemmer_algorithm("klingon"));
    size_t algorithms = 0;
    for (const char **name = sb_stemmer_list(); *name; name++, algorithms++) {
        ck_assert_str_eq(stemmer_algorithm(*name), *name);
        stemmer *s = NULL;
        char *why = NULL;
        ck_assert_int_eq(stemmer_new(&s, *name, &why), PASSIM_OK);
        ck_assert_ptr_null(why);
        struct sb_stemmer *reference = sb_stemmer_new(*name, "UTF_8");
        ck_assert_ptr_nonnull(reference);
        for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
            size_t len = 0, n = strlen(words[i]);
            const char *stem = stemmer_stem(s, words[i], n, &len);
            const sb_symbol *expect =
                sb_stemmer_stem(reference, (const sb_symbol *)words[i], (int)n);
            ck_assert_ptr_nonnull(stem);
            ck_assert_str_eq(stem, (const char *)expect);
            ck_assert_uint_eq(len, (size_t)sb_stemmer_length(reference));
        }
        sb_stemmer_delete(reference);
        stemmer_free(s);
    }
    ck_assert_uint_ge(algorithms, 29);
    stemmer_free(NULL);
}
END_TEST

START_TEST(test_unknown_language)
{
    analyzer *a = (analyzer *)&a; /* must be reset */
    char *err = NULL;
    ck_assert_int_eq(analyzer_new(&a, "klingon", &err),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_null(a);
    ck_assert_ptr_nonnull(err);
    ck_assert_ptr_nonnull(strstr(err, "\"klingon\""));
    free(err);
    ck_assert_int_eq(analyzer_new(&a, "klingon", NULL),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_null(a);
    analyzer_free(NULL);
}
END_TEST

static void check_sanitized(const char *in, size_t len, const char *expect)
{
    size_t out_len = 0;
    char *out = analyzer_sanitize_utf8(in, len, &out_len);
    ck_assert_ptr_nonnull(out);
    ck_assert_str_eq(out, expect);
    ck_assert_uint_eq(out_len, strlen(expect));
    free(out);
}

#define FFFD "\xEF\xBF\xBD"

START_TEST(test_sanitize)
{
    check_sanitized("héllo\tworld\n😀", 17, "héllo\tworld\n😀");
    check_sanitized("", 0, "");
    check_sanitized("a\x80"
                    "b",
                    3, "a" FFFD "b");
    check_sanitized("a\0b", 3, "a" FFFD "b");
    check_sanitized("a\r\n\x1B[31m", 8, "a" FFFD "\n" FFFD "[31m");
    check_sanitized("a\xE2\x82", 3, "a" FFFD); /* one per maximal prefix */
    check_sanitized("\xE2\x82"
                    "a",
                    3, FFFD "a");
    check_sanitized("\xC0\xAF", 2, FFFD FFFD);          /* overlong */
    check_sanitized("\xED\xA0\x80", 3, FFFD FFFD FFFD); /* surrogate */
    check_sanitized("\xFE\xFF", 2, FFFD FFFD);
    check_sanitized("\x7F\xC2\x85", 3, "\x7F\xC2\x85"); /* only C0 replaced */

    char *out = analyzer_sanitize_utf8("abc", 2, NULL);
    ck_assert_str_eq(out, "ab");
    free(out);
}
END_TEST

/* Highlighting's cheap pass gives analyzer_run's tokens, unstemmed and
 * without stopword flags, so snippets mark exactly what indexing indexed. */
START_TEST(test_unstemmed_run_matches_run)
{
    static const char text[] =
        "The clouds' multi-cloud deals, 42 GPUs and "
        "Zurich's Rechenzentren \xE2\x80\x94 r\xC3\xA9sum\xC3\xA9s";
    toks stemmed, plain = {.n = 0};
    analyzer *a = new_analyzer("en");
    run_text("en", text, &stemmed);
    ck_assert_int_eq(
        analyzer_run_unstemmed(a, text, strlen(text), collect, &plain),
        PASSIM_OK);
    ck_assert_uint_eq(plain.n, stemmed.n);
    for (size_t i = 0; i < plain.n; i++) {
        ck_assert_str_eq(plain.t[i].term, stemmed.t[i].term);
        ck_assert_str_eq(plain.t[i].stem, plain.t[i].term);
        ck_assert_uint_eq(plain.t[i].start, stemmed.t[i].start);
        ck_assert_uint_eq(plain.t[i].end, stemmed.t[i].end);
        ck_assert_uint_eq(plain.t[i].position, stemmed.t[i].position);
        ck_assert_uint_eq(plain.t[i].flags,
                          stemmed.t[i].flags &
                              ~(unsigned)ANALYZER_TOKEN_STOPWORD);
    }
    /* The sample has stopwords and words whose stems differ: the two runs
     * really differ in what the unstemmed one leaves out. */
    ck_assert(stemmed.t[0].flags & ANALYZER_TOKEN_STOPWORD);
    ck_assert_str_eq(stemmed.t[1].stem, "cloud");
    ck_assert_str_eq(plain.t[1].stem, "clouds");
    analyzer_free(a);
}
END_TEST

START_TEST(test_stem_keeps_first_byte)
{
    static const char *const keeps[] = {"en", "english"};
    static const char *const may_not[] = {"fr", "de", "none"};
    for (size_t i = 0; i < sizeof keeps / sizeof *keeps; i++) {
        analyzer *a = new_analyzer(keeps[i]);
        ck_assert_msg(analyzer_stem_keeps_first_byte(a), "%s", keeps[i]);
        analyzer_free(a);
    }
    for (size_t i = 0; i < sizeof may_not / sizeof *may_not; i++) {
        analyzer *a = new_analyzer(may_not[i]);
        ck_assert_msg(!analyzer_stem_keeps_first_byte(a), "%s", may_not[i]);
        analyzer_free(a);
    }
}
END_TEST

/* The other spellings of `term`, joined by spaces ("" for none). */
static void variants_of(analyzer *a, const char *term, char *out, size_t size)
{
    char v[SPELLING_MAX_VARIANTS][ANALYZER_MAX_TERM_BYTES + 1];
    size_t n = spelling_variants(a, term, strlen(term), v);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        snprintf(out + strlen(out), size - strlen(out), "%s%s", i ? " " : "",
                 v[i]);
}

START_TEST(test_spelling_variants)
{
    static const char *const cases[][2] = {
        /* -ise / -ize with inflections, both ways */
        {"organise", "organize"},
        {"organize", "organise"},
        {"organisations", "organizations"},
        {"realised", "realized"},
        {"prioritizing", "prioritising"},
        {"optimiser", "optimizer"},
        {"organisational", "organizational"},
        {"analyse", "analyze"},
        {"paralyzed", "paralysed"},
        /* roots anywhere in the word */
        {"licence", "license"},
        {"license", "licence"},
        {"licences", "licenses"},
        {"colour", "color"},
        {"discoloured", "discolored"},
        {"favorite", "favourite"},
        {"honourable", "honorable"},
        {"defence", "defense"},
        {"sceptical", "skeptical"},
        {"aluminum", "aluminium"},
        /* -re / -er at the start, with inflections */
        {"centre", "center"},
        {"centres", "centers"},
        {"centred", "centered"},
        {"centering", "centring"},
        {"theatre", "theater"},
        {"kilometres", "kilometers"},
        /* whole words and plurals */
        {"programme", "program"},
        {"programs", "programmes"},
        {"catalogue", "catalog"},
        {"catalogues", "catalogs"},
        {"grey", "gray"},
        {"judgement", "judgment"},
        /* several rules at once */
        {"colourised", "colorized"},
        /* -ise in both spellings, -size words, short roots: unchanged */
        {"advertise", ""},
        {"exercising", ""},
        {"surprised", ""},
        {"otherwise", ""},
        {"advising", ""},
        {"disguise", ""},
        {"promise", ""},
        {"expertise", ""},
        {"precise", ""},
        {"raise", ""},
        {"rise", ""},
        {"wise", ""},
        {"downsizing", ""},
        {"capsize", ""},
        {"size", ""},
        {"prize", ""},
        {"seize", ""},
        /* not in the table */
        {"cloud", ""},
        {"analysis", ""},
        {"central", ""},
        {"metric", ""},
        {"parameter", ""},
        {"spectrum", ""},
    };
    analyzer *en = new_analyzer("en"), *fr = new_analyzer("fr");
    char got[2 * (ANALYZER_MAX_TERM_BYTES + 1)];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        variants_of(en, cases[i][0], got, sizeof got);
        ck_assert_msg(strcmp(got, cases[i][1]) == 0, "%s: '%s', not '%s'",
                      cases[i][0], got, cases[i][1]);
    }
    /* Only English has the table. */
    variants_of(fr, "organise", got, sizeof got);
    ck_assert_str_eq(got, "");
    /* A variant longer than a term may be is left out: "color" and 59
     * more letters is a term, "colour" and them is not. */
    char longest[ANALYZER_MAX_TERM_BYTES + 1];
    memset(longest, 'x', ANALYZER_MAX_TERM_BYTES);
    memcpy(longest, "color", 5);
    longest[ANALYZER_MAX_TERM_BYTES] = '\0';
    variants_of(en, longest, got, sizeof got);
    ck_assert_str_eq(got, "");
    analyzer_free(en);
    analyzer_free(fr);
}
END_TEST

static Suite *analysis_suite(void)
{
    Suite *s = suite_create("analysis");
    TCase *tc = tcase_create("analyzer");
    tcase_add_test(tc, test_case_and_accents);
    tcase_add_test(tc, test_folding_matches_utf8proc_map);
    tcase_add_test(tc, test_possessives_and_apostrophes);
    tcase_add_test(tc, test_compounds);
    tcase_add_test(tc, test_compound_forms_agree);
    tcase_add_test(tc, test_numbers);
    tcase_add_test(tc, test_overlong_tokens);
    tcase_add_test(tc, test_huge_word);
    tcase_add_test(tc, test_invalid_utf8);
    tcase_add_test(tc, test_emoji_and_symbols);
    tcase_add_test(tc, test_right_to_left);
    tcase_add_test(tc, test_cjk);
    tcase_add_test(tc, test_stemming);
    tcase_add_test(tc, test_stem_cache);
    tcase_add_test(tc, test_unchanged_stem_is_term);
    tcase_add_test(tc, test_stopwords);
    tcase_add_test(tc, test_stopword_lists_are_folded);
    tcase_add_test(tc, test_position_chaining);
    tcase_add_test(tc, test_callback_stops);
    tcase_add_test(tc, test_languages);
    tcase_add_test(tc, test_unknown_language);
    tcase_add_test(tc, test_stemmers_match_libstemmer);
    tcase_add_test(tc, test_sanitize);
    tcase_add_test(tc, test_unstemmed_run_matches_run);
    tcase_add_test(tc, test_stem_keeps_first_byte);
    tcase_add_test(tc, test_spelling_variants);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(analysis_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
