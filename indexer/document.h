/*
 * document.h — turns an article and its passages into one Xapian document
 * laid out as core/schema.h says: terms from the analyzer, boolean field
 * terms, values, and the stored JSON data with the passage map.
 */
#ifndef PASSIM_DOCUMENT_H
#define PASSIM_DOCUMENT_H

#include <stddef.h>

#include "analyzer.h"
#include "article.h"
#include "passage.h"
#include "xc.h"

/* Builds the article's document into *out, which the caller frees with
 * xc_doc_free. `id` is article_id_make(a); `an` the analyzer of its
 * language. On failure *out is NULL and *errmsg says why. */
passim_status document_build(xc_doc **out, const article *a, const char *id,
                             const passage *passages, size_t npassages,
                             analyzer *an, char **errmsg);

#endif /* PASSIM_DOCUMENT_H */
