/*
 * item.h — what the indexer's reading side hands its writing side for one
 * article or file, and the memory bounds counted in passages that the
 * queue between them, the commits and the articles keep. Both sides use
 * it; neither is above the other.
 */
#ifndef PASSIM_ITEM_H
#define PASSIM_ITEM_H

#include <stdbool.h>
#include <stddef.h>

#include "word_counts.h"
#include "xc.h"

/* Memory bounds, in passages (at most PASSAGE_MAX_WORDS words each). What
 * Xapian buffers until a commit (postings and positions) grows by about
 * 20-30 KB a passage of distinct words, and the queues hold prepared
 * documents: these keep a run under 256 MB whatever its articles
 * (tests/cli/test_hostile.sh measures it). A commit comes every
 * --commit-every articles or every COMMIT_MAX_PASSAGES passages, whichever
 * is first; the reading side waits while QUEUE_MAX_PASSAGES are queued; an
 * article keeps its first ARTICLE_MAX_PASSAGES passages (its passages are
 * written in one transaction, which Xapian holds in memory whole). */
#define COMMIT_MAX_PASSAGES 4000
#define QUEUE_MAX_PASSAGES 2000
#define ARTICLE_MAX_PASSAGES 2000

typedef enum item_kind {
    ITEM_WRITE,
    ITEM_UNCHANGED,
    ITEM_FAILED,
    ITEM_FILE_READ, /* a multi-article file was read whole: id is its path,
                       ids the articles it holds now (with --prune) */
    /* Orders the parallel shard writers get from their dispatcher
     * (writer_pool.c), never made by the reading side: */
    ITEM_LANGUAGE, /* record `language` in the thread's shards */
    ITEM_COMMIT    /* commit the thread's changed shards */
} item_kind;

typedef struct item {
    item_kind kind;
    bool existed; /* replaces an article already in the database */
    char *id;
    bool id_from_content; /* the article had no id: see article_id_make */
    const char *language; /* canonical name, owned by an analyzer alive for
                             the indexer's life */
    xc_doc *doc;          /* ITEM_WRITE: the article's document */
    size_t npassages;     /* ITEM_WRITE: its passages (the bounds count them) */
    char **ids;
    size_t nids;
    word_counts *words; /* ITEM_WRITE: the article's words, for spelling */
} item;

/* Frees what the item holds and leaves it empty (all zero). */
void item_clear(item *it);

#endif /* PASSIM_ITEM_H */
