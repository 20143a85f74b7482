/*
 * passage.h — the passage splitter: groups an article's blocks into passages,
 * the unit that is indexed, ranked and shown as a hit.
 *
 * A passage is whole blocks of about target_words words; a block too long for
 * one passage is cut at sentence ends (or, failing that, between words), each
 * piece keeping its own first line and byte range in the source.
 */
#ifndef PASSIM_PASSAGE_H
#define PASSIM_PASSAGE_H

#include <stddef.h>

#include "article.h"
#include "passim.h"
#include "schema.h"

#define PASSAGE_TARGET_WORDS SCHEMA_PASSAGE_TARGET_WORDS
#define PASSAGE_MAX_WORDS 250

/* Where a new source line starts inside a passage's text. */
typedef struct passage_line {
    size_t offset;     /* byte offset in the passage's text */
    unsigned int line; /* 1-based source line from there on */
} passage_line;

typedef struct passage {
    char *text;
    size_t len;
    unsigned int line;
    size_t start, end;
    size_t first_block, nblocks;
    size_t text_from, text_to; /* the passage starts at text_from in its
                                  first block's text, ends at text_to in
                                  its last */
    size_t words;              /* words, as the splitter counts them */
    passage_line *lines;       /* each offset where the line changes (from
                                  `line` at offset 0), in text order */
    size_t nlines;
} passage;
/* Groups an article's blocks into passages of whole blocks, about target_words
   words (default 100), never more than max_words (250): a block longer than
   max_words splits at sentence ends ('.', '!', '?' followed by space and an
   upper-case letter or digit, or end), and as a last resort at a word boundary;
   each piece keeps a correct line and byte range. Headings attach to the
   following passage. Passage text = block texts joined by "\n\n". 0 for either
   size means its default; target_words is capped at max_words. An article
   without words gives no passages (*out NULL, *count 0). */
passim_status passages_split(const article *a, size_t target_words,
                             size_t max_words, passage **out, size_t *count);
/* As passages_split, but only the first `keep` passages are built (*count <=
   keep); *total counts every passage the article has. Keeps a very long
   article's memory to what is indexed of it. */
passim_status passages_split_first(const article *a, size_t target_words,
                                   size_t max_words, size_t keep, passage **out,
                                   size_t *count, size_t *total);
void passages_free(passage *p, size_t count);
/* The i-th part of a passage (0 <= i < p->nblocks): the stretch of block
   p->first_block + i that it holds, the whole block except where a long block
   was cut. The parts joined by "\n\n" are p->text; analyze them one by one
   (with a gap between them) rather than the blocks, which hold more than the
   passage when a block was cut. */
void passage_part(const article *a, const passage *p, size_t i,
                  const char **text, size_t *len);

#endif /* PASSIM_PASSAGE_H */
