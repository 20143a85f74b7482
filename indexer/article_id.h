/*
 * article_id.h — the id an article is stored under, for the indexer and for
 * the API's in-memory articles alike.
 */
#ifndef PASSIM_ARTICLE_ID_H
#define PASSIM_ARTICLE_ID_H

#include <stdbool.h>

#include "article.h"

/* Length of a content id: "-#" and 16 hex digits. */
#define ARTICLE_CONTENT_ID_LEN 18

/* Whether the article comes from a place that lasts from run to run (a
 * file, or an origin named by an API caller), rather than from a stream
 * (standard input, path "-") or from nowhere (path ""). */
bool article_has_place(const article *a);

/* The article's own id; else, for an article from a file, the file's path
 * (+ "#N" for the N-th article, N > 0, of a multi-article file); else (from
 * standard input, or from nowhere: path "-" or "") a content id, "-#" and
 * the 16 hex digits of its content hash. *from_content (may be NULL) says
 * whether it is a content id. Caller frees; NULL on out of memory. */
char *article_id_make(const article *a, bool *from_content);

#endif /* PASSIM_ARTICLE_ID_H */
