/*
 * word_counts.h — word frequencies gathered for the spelling table. The
 * worker counts each article's words while it builds the documents; the
 * writer sums articles into one table per shard and hands it to Xapian at
 * commit time, one call per distinct word instead of one per word per
 * passage (Xapian's per-call cost made spelling a fifth of indexing).
 */
#ifndef PASSIM_WORD_COUNTS_H
#define PASSIM_WORD_COUNTS_H

#include <stddef.h>

#include "passim.h"
#include "xc.h"

typedef struct word_counts word_counts;

/* NULL on out of memory. */
word_counts *word_counts_new(void);
void word_counts_free(word_counts *wc);

passim_status word_counts_add(word_counts *wc, const char *word, size_t len,
                              unsigned int count);
/* Adds the document's spelling words: its unprefixed, non-numeric terms,
 * with their wdf. */
passim_status word_counts_add_document(word_counts *wc, xc_doc *doc);
passim_status word_counts_merge(word_counts *into, const word_counts *from);
/* Adds every word to the database's spelling table, then empties wc. */
passim_status word_counts_flush(word_counts *wc, xc_db *db);

#endif /* PASSIM_WORD_COUNTS_H */
