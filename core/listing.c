/* listing.c — walking the articles of a database (see listing.h). */
#include "listing.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "db.h"
#include "schema.h"

/* The string member `key` of o, or NULL. */
static const char *member(const cJSON *o, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

/* Reads the stored data of the first document of article term `term` and
 * hands its fields to fn; *stop when fn asked to stop. */
static passim_status list_one(xc_db *db, const char *term,
                              passim_article_entry_fn fn, void *ctx, bool *stop)
{
    xc_doc *doc = NULL;
    char *data = NULL;
    size_t len = 0;
    cJSON *o = NULL;
    passim_status st = db_first_document(db, term, &doc);
    if (st == PASSIM_OK && doc)
        st = xc_doc_get_data(doc, &data, &len);
    if (st == PASSIM_OK && doc) {
        passim_article_entry e = {NULL, NULL, NULL, NULL};
        /* cJSON says only "no"; errno tells running out of memory from
         * bad data. */
        errno = 0;
        o = cJSON_ParseWithLength(data, len);
        e.id = member(o, SCHEMA_DATA_ID);
        e.title = member(o, SCHEMA_DATA_TITLE);
        e.date = member(o, SCHEMA_DATA_DATE);
        e.path = member(o, SCHEMA_DATA_PATH);
        if (!o && errno == ENOMEM)
            st = PASSIM_ERROR_NO_MEMORY;
        else if (!e.id || !e.title)
            st = PASSIM_ERROR_CORRUPT;
        else
            *stop = fn(&e, ctx) != 0;
    }
    cJSON_Delete(o);
    free(data);
    xc_doc_free(doc);
    return st;
}

passim_status db_list_articles(xc_db *db, passim_article_entry_fn fn, void *ctx,
                               char **errmsg)
{
    xc_terms *terms = NULL;
    const char *term = "";
    size_t len;
    bool has, stop = false;
    passim_status st = xc_db_allterms(db, &terms, PREFIX_ARTICLE);
    while (st == PASSIM_OK && !stop &&
           (st = xc_terms_next(terms, &has, &term, &len, NULL, NULL)) ==
               PASSIM_OK &&
           has)
        st = list_one(db, term, fn, ctx, &stop);
    if (st != PASSIM_OK && errmsg)
        *errmsg = st == PASSIM_ERROR_CORRUPT
                      ? db_strdupf("article term '%s': its stored data is "
                                   "not a passim article",
                                   term)
                      : db_strdupf("listing the articles: %s",
                                   *xc_db_error(db) ? xc_db_error(db)
                                                    : passim_status_string(st));
    xc_terms_free(terms);
    return st;
}
