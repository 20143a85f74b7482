/* languages.c — language names and codes to libstemmer algorithm names. */
#include "languages.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "analyzer.h"
#include "stemmer.h"

/* Codes for libstemmer's algorithms; a language may have more than one code,
 * the first is the one reported. Which algorithms exist is up to the
 * installed libstemmer (stemmer_algorithm), not this table. */
/* clang-format off */
static const struct language {
    const char *name;
    const char *code;
} languages[] = {
    {"arabic", "ar"},     {"armenian", "hy"},   {"basque", "eu"},
    {"catalan", "ca"},    {"danish", "da"},     {"dutch", "nl"},
    {"english", "en"},    {"finnish", "fi"},    {"french", "fr"},
    {"german", "de"},     {"greek", "el"},      {"hindi", "hi"},
    {"hungarian", "hu"},  {"indonesian", "id"}, {"irish", "ga"},
    {"italian", "it"},    {"lithuanian", "lt"}, {"nepali", "ne"},
    {"norwegian", "no"},  {"norwegian", "nb"},  {"norwegian", "nn"},
    {"portuguese", "pt"}, {"romanian", "ro"},   {"russian", "ru"},
    {"serbian", "sr"},    {"spanish", "es"},    {"swedish", "sv"},
    {"tamil", "ta"},      {"turkish", "tr"},    {"yiddish", "yi"},
};
/* clang-format on */

#define LANGUAGE_COUNT (sizeof languages / sizeof languages[0])

/* "en", "EN", "en-US" and "en_GB" all name English: articles' front matter
 * often carries a region. */
static int code_matches(const char *language, const char *code)
{
    size_t n = strlen(code);
    if (strncasecmp(language, code, n) != 0)
        return 0;
    return language[n] == '\0' || language[n] == '-' || language[n] == '_';
}

const char *language_known(const char *language)
{
    for (size_t i = 0; i < LANGUAGE_COUNT; i++)
        if (strcasecmp(language, languages[i].name) == 0 ||
            code_matches(language, languages[i].code))
            return languages[i].name;
    return NULL;
}

const char *analyzer_language_canonical(const char *language)
{
    const char *name;
    if (!language)
        return NULL;
    if (strcasecmp(language, "none") == 0)
        return "none";
    name = language_known(language);
    return stemmer_algorithm(name ? name : language);
}

const char *language_code(const char *canonical)
{
    for (size_t i = 0; i < LANGUAGE_COUNT; i++) {
        if (strcasecmp(canonical, languages[i].name) == 0)
            return languages[i].code;
    }
    return canonical;
}
