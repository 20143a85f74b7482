/*
 * fuzz_analyzer.c — the analyzer and the UTF-8 sanitizer on any bytes.
 *
 * The first byte picks the language (stemmers differ in what they do to odd
 * words) and the rest is the text. Every token is checked against
 * analyzer.h: a byte range inside the input, a folded term of at most
 * ANALYZER_MAX_TERM_BYTES of valid UTF-8, a stem, positions from the first
 * one on. The sanitizer's output must be valid UTF-8 without NUL or control
 * bytes, keep clean text as it is, and change nothing the second time.
 */
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "fuzz.h"

static const char *const languages[] = {"english", "french",  "german",
                                        "russian", "turkish", "none"};
#define NLANGUAGES (sizeof languages / sizeof languages[0])

/* Not 0, so that a position numbered from 0 by mistake shows. */
#define FIRST_POSITION 7

typedef struct seen {
    analyzer *an;
    size_t len;
    unsigned int last_position;
    size_t count;
} seen;

/* Made once and freed at exit, so that valgrind sees nothing lost. */
static analyzer *cache[NLANGUAGES];

static void free_analyzers(void)
{
    for (size_t i = 0; i < NLANGUAGES; i++)
        analyzer_free(cache[i]);
}

static analyzer *analyzer_for(size_t i)
{
    static bool registered;
    if (!registered) {
        FUZZ_CHECK(atexit(free_analyzers) == 0);
        registered = true;
    }
    if (!cache[i])
        FUZZ_CHECK(analyzer_new(&cache[i], languages[i], NULL) == PASSIM_OK);
    return cache[i];
}

static int check_token(const analyzer_token *t, void *ctx)
{
    seen *s = ctx;
    FUZZ_CHECK(t->start < t->end && t->end <= s->len);
    FUZZ_CHECK(t->term_len > 0 && t->term_len <= ANALYZER_MAX_TERM_BYTES);
    FUZZ_CHECK(fuzz_string_is(t->term, t->term_len));
    FUZZ_CHECK(fuzz_utf8_valid(t->term, t->term_len));
    FUZZ_CHECK(t->stem_len > 0 && fuzz_string_is(t->stem, t->stem_len));
    FUZZ_CHECK(fuzz_utf8_valid(t->stem, t->stem_len));
    if (t->flags & ANALYZER_TOKEN_NUMBER)
        FUZZ_CHECK(t->stem_len == t->term_len &&
                   !memcmp(t->stem, t->term, t->term_len));
    FUZZ_CHECK(t->position >= FIRST_POSITION);
    if (!(t->flags & ANALYZER_TOKEN_NUMBER))
        FUZZ_CHECK(!!(t->flags & ANALYZER_TOKEN_STOPWORD) ==
                   analyzer_is_stopword(s->an, t->term, t->term_len));
    if (t->position > s->last_position)
        s->last_position = t->position;
    s->count++;
    return 0;
}

static void check_sanitize(const char *text, size_t len)
{
    size_t out_len, again_len;
    char *out = analyzer_sanitize_utf8(text, len, &out_len);
    FUZZ_CHECK(out && fuzz_string_is(out, out_len));
    FUZZ_CHECK(fuzz_utf8_valid(out, out_len));
    for (size_t i = 0; i < out_len; i++) {
        unsigned char c = (unsigned char)out[i];
        FUZZ_CHECK(c >= 0x20 || c == '\t' || c == '\n');
    }
    bool clean = fuzz_utf8_valid(text, len);
    for (size_t i = 0; clean && i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        clean = c >= 0x20 || c == '\t' || c == '\n';
    }
    if (clean)
        FUZZ_CHECK(out_len == len && !memcmp(out, text, len));
    char *again = analyzer_sanitize_utf8(out, out_len, &again_len);
    FUZZ_CHECK(again && again_len == out_len && !memcmp(again, out, out_len));
    free(again);
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    analyzer_reason reason =
        data[0] & 0x80 ? ANALYZER_FOR_QUERY : ANALYZER_FOR_DOCUMENT;
    seen s = {analyzer_for((data[0] & 0x7F) % NLANGUAGES), len, 0, 0};
    unsigned int next = 0;

    FUZZ_CHECK(analyzer_run(s.an, text, len, reason, FIRST_POSITION,
                            check_token, &s, &next) == PASSIM_OK);
    FUZZ_CHECK(next >= FIRST_POSITION);
    if (s.count)
        FUZZ_CHECK(s.last_position < next);
    check_sanitize(text, len);
    return 0;
}
