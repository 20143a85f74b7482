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

/* The name of the language in the table that `language` (a name or a code,
 * any case) stands for, or NULL when the table has none: whether the
 * installed libstemmer has it is stemmer_algorithm's to say. */
const char *language_known(const char *language);

#endif /* PASSIM_LANGUAGES_H */
