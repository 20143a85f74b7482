/*
 * listing.h — the articles a passim database holds, one by one, for
 * `passim list` and passim_db_list.
 */
#ifndef PASSIM_LISTING_H
#define PASSIM_LISTING_H

#include "passim.h"
#include "xc.h"

/* Calls fn once per article of `db`, in the byte order of its article terms
 * (its ids, but for those too long to be a term as they are, see
 * schema_term), with the fields its first passage stores. A nonzero return
 * of fn stops the walk (PASSIM_OK). PASSIM_ERROR_CORRUPT when an article's
 * stored data cannot be read; *errmsg (may be NULL) then says which. */
passim_status db_list_articles(xc_db *db, passim_article_entry_fn fn, void *ctx,
                               char **errmsg);

#endif /* PASSIM_LISTING_H */
