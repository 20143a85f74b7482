/*
 * document.h — turns an article's passages into Xapian documents laid out as
 * core/schema.h says: terms from the analyzer, boolean field terms, values
 * and the stored JSON data.
 */
#ifndef PASSIM_DOCUMENT_H
#define PASSIM_DOCUMENT_H

#include <stddef.h>

#include "analyzer.h"
#include "article.h"
#include "passage.h"
#include "xc.h"

/* The id an article is stored under: its own id, else its path (+ "#N" for
 * the N-th article, N > 0, of a multi-article file). Caller frees. */
char *document_article_id(const article *a);

/* Builds one document per passage into docs[0, npassages), which the caller
 * frees with xc_doc_free. `id` is document_article_id(a); `lang_code` the
 * ISO code (or name) of the analyzer's language. On failure no documents
 * are left and *errmsg says why. */
passim_status document_build(xc_doc **docs, const article *a, const char *id,
                             const passage *passages, size_t npassages,
                             analyzer *an, char **errmsg);

#endif /* PASSIM_DOCUMENT_H */
