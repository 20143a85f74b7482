/*
 * spelling_variants.h — British and American spellings of English words,
 * so that a query for "licence" also finds "license", "organise" finds
 * "organize" and "colour" finds "color" (and back). The searcher adds the
 * other spelling of each query word; nothing changes in the index.
 *
 * What is rewritten (spelling_variants.c holds the table):
 *  - -ise / -ize and -yse / -yze endings with their inflections (organise,
 *    organised, organising, organisation, organiser ...; analyse,
 *    paralyse), except the words that end in -ise in both (advertise,
 *    exercise, surprise, otherwise ...) and -size words (downsize);
 *  - roots written -our / -or, -ence / -ense and a few others, wherever
 *    they are in the word (colour, favourite, honourable; licence,
 *    defence; sceptic, jewellery, aluminium, mould, plough);
 *  - -re / -er at the start of a word with its inflections (centre, centres,
 *    centred, centring / center, centers, centered, centering; metre,
 *    litre, theatre, fibre ...);
 *  - whole words and their plurals (programme, catalogue, dialogue, grey,
 *    tyre, judgement, enrolment, fulfil, encyclopaedia, sulphur ...).
 * A word may change by several rules at once (colourise -> colorize). The
 * doubled l of travelled / traveled needs no rule: the English stemmer
 * already gives both the same stem.
 */
#ifndef PASSIM_SPELLING_VARIANTS_H
#define PASSIM_SPELLING_VARIANTS_H

#include <stddef.h>

#include "analyzer.h"

/* A word has at most its American and its British spelling besides its
 * own. */
#define SPELLING_MAX_VARIANTS 2

/* Writes the other spellings of the folded word term[0, len) into out[]
 * (NUL-terminated) and returns how many: its American and British forms
 * that differ from it, none for a word the table does not know, for a form
 * longer than ANALYZER_MAX_TERM_BYTES, or when the analyzer's language is
 * not English. */
size_t
spelling_variants(const analyzer *a, const char *term, size_t len,
                  char out[SPELLING_MAX_VARIANTS][ANALYZER_MAX_TERM_BYTES + 1]);

#endif /* PASSIM_SPELLING_VARIANTS_H */
