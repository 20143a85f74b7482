/*
 * fuzz_snippet.c — snippets of any text for a fixed set of query terms and
 * prefixes. The first byte sets the window width (1 to 511 bytes, so that
 * windows smaller than a word are tried too), the rest is the passage.
 *
 * Checked against snippet.h: no more than the width (plus the two "…"),
 * white space runs made one space, marked ranges sorted, apart and inside
 * the text, and, for a passage of valid UTF-8 without NUL as stored
 * passages are, a snippet that is a string of valid UTF-8 whose ranges fall
 * on character boundaries.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "snippet.h"

#define ELLIPSIS_LEN 3

static const char *const terms[] = {"openai",     "model", "run",  "cloud",
                                    "multicloud", "ia",    "2032", "zurich"};
static const char *const prefixes[] = {"micro", "gp"};

/* Made once and freed at exit, so that valgrind sees nothing lost. */
static analyzer *an;

static void free_english(void)
{
    analyzer_free(an);
}

static analyzer *english(void)
{
    if (!an) {
        FUZZ_CHECK(analyzer_new(&an, "english", NULL) == PASSIM_OK);
        FUZZ_CHECK(atexit(free_english) == 0);
    }
    return an;
}

static bool continuation(const snippet *s, size_t i)
{
    return i < s->len && ((unsigned char)s->text[i] & 0xC0) == 0x80;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t width = 1 + 2 * (size_t)data[0];
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    term_set q = {terms, sizeof terms / sizeof *terms, prefixes,
                  sizeof prefixes / sizeof *prefixes, NULL};
    snippet s;

    FUZZ_CHECK(snippet_make(&s, text, len, english(), &q, width) == PASSIM_OK);
    FUZZ_CHECK(s.text && s.text[s.len] == '\0');
    FUZZ_CHECK(s.len <= (len <= width ? len : width + 2 * ELLIPSIS_LEN));
    for (size_t i = 0; i < s.len; i++) {
        FUZZ_CHECK(s.text[i] != '\n' && s.text[i] != '\t' && s.text[i] != '\r');
        FUZZ_CHECK(i == 0 || s.text[i] != ' ' || s.text[i - 1] != ' ');
    }
    FUZZ_CHECK(!s.nranges || s.ranges);
    for (size_t i = 0; i < s.nranges; i++) {
        FUZZ_CHECK(s.ranges[i].start < s.ranges[i].end &&
                   s.ranges[i].end <= s.len);
        if (i)
            FUZZ_CHECK(s.ranges[i - 1].end <= s.ranges[i].start);
    }
    if (fuzz_utf8_valid(text, len) && !memchr(text, '\0', len)) {
        FUZZ_CHECK(fuzz_string_is(s.text, s.len));
        FUZZ_CHECK(fuzz_utf8_valid(s.text, s.len));
        for (size_t i = 0; i < s.nranges; i++)
            FUZZ_CHECK(!continuation(&s, s.ranges[i].start) &&
                       !continuation(&s, s.ranges[i].end));
    }
    snippet_clear(&s);
    return 0;
}
