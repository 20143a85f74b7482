/*
 * languages.h — the languages the analyzer knows: libstemmer's algorithm
 * names and the ISO 639-1 codes that stand for them.
 * (analyzer_language_canonical, in analyzer.h, is defined in languages.c.)
 */
#ifndef PASSIM_LANGUAGES_H
#define PASSIM_LANGUAGES_H

/* The ISO 639-1 code of a canonical language name, or the name itself when
 * it has none ("porter", "none"). */
const char *language_code(const char *canonical);

#endif /* PASSIM_LANGUAGES_H */
