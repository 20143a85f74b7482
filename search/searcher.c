/* searcher.c — the searcher's handle: opening the databases with their
 * languages and default synonyms, reopening them, freeing it all. */
#include "searcher.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "schema.h"
#include "searcher_internal.h"

void searcher_set_error(searcher *s, char *msg)
{
    free(s->error);
    s->error = msg;
}

const char *searcher_error(const searcher *s)
{
    return s && s->error ? s->error : "";
}

passim_status searcher_load_synonyms(synonyms **out, const char *text,
                                     size_t len, const char *origin,
                                     char **errmsg)
{
    query_error err = {0};
    passim_status st = synonyms_parse(out, text, len, origin, &err);
    if (st == PASSIM_ERROR_QUERY_SYNTAX && errmsg)
        *errmsg = db_strdupf("%s", err.message);
    return st;
}

passim_status searcher_open_databases(searcher *s, char **errmsg)
{
    xc_db *db = NULL;
    passim_status st;
    db_strings_free(s->missing, s->nmissing);
    s->missing = NULL;
    s->nmissing = 0;
    if (s->partial)
        st = db_open_read_partial(&db, (const char *const *)s->locations,
                                  s->nlocations, s->timeout_ms, &s->missing,
                                  &s->nmissing, errmsg);
    else
        st = db_open_read(&db, (const char *const *)s->locations, s->nlocations,
                          s->timeout_ms, errmsg);
    if (st == PASSIM_OK) {
        char **each = NULL, *why = NULL;
        size_t neach = 0;
        xc_db_free(s->db);
        s->db = db;
        s->remote = false;
        if (db_expand_locations((const char *const *)s->locations,
                                s->nlocations, &each, &neach,
                                &why) == PASSIM_OK)
            for (size_t i = 0; i < neach; i++)
                s->remote = s->remote || db_is_remote(each[i]);
        db_strings_free(each, neach);
        free(why);
    }
    return st;
}

/* Moves the database's default language to the front of langs: the query
 * compiler reads the first as the language every article may be in (its
 * stems and stopwords), and the list is in the order articles brought the
 * languages in. */
static passim_status default_language_first(xc_db *db, char **langs,
                                            size_t nlangs)
{
    char *deflang = NULL;
    size_t len = 0;
    passim_status st = xc_db_get_metadata(db, &deflang, &len, META_LANGUAGE);
    for (size_t i = 1; st == PASSIM_OK && len && i < nlangs; i++)
        if (strcmp(langs[i], deflang) == 0) {
            char *lang = langs[i];
            memmove(langs + 1, langs, i * sizeof *langs);
            langs[0] = lang;
            break;
        }
    free(deflang);
    return st;
}

static passim_status open_common(searcher **out, const char *const *dbs,
                                 size_t ndbs, unsigned int timeout_ms,
                                 bool partial, char **errmsg)
{
    searcher *s = calloc(1, sizeof *s);
    char **langs = NULL, *syn = NULL;
    size_t nlangs = 0, synlen = 0;
    passim_status st = PASSIM_OK;

    *out = NULL;
    if (!s)
        return PASSIM_ERROR_NO_MEMORY;
    s->partial = partial;
    s->timeout_ms = timeout_ms;
    if ((s->locations = db_strings_copy(dbs, ndbs)))
        s->nlocations = ndbs;
    else
        st = PASSIM_ERROR_NO_MEMORY;
    if (st == PASSIM_OK)
        st = searcher_open_databases(s, errmsg);
    if (st == PASSIM_OK)
        st = db_languages(s->db, &langs, &nlangs);
    if (st == PASSIM_OK)
        st = default_language_first(s->db, langs, nlangs);
    if (st == PASSIM_OK) {
        s->analyzers = calloc(nlangs, sizeof *s->analyzers);
        if (!s->analyzers)
            st = PASSIM_ERROR_NO_MEMORY;
    }
    for (size_t i = 0; st == PASSIM_OK && i < nlangs; i++) {
        passim_status made =
            analyzer_new(&s->analyzers[s->nanalyzers], langs[i], NULL);
        /* A language this build cannot stem (unknown to its libstemmer, or
         * libstemmer's shared library missing) is skipped, not fatal;
         * running out of memory is (the query would miss that language's
         * stems). */
        if (made == PASSIM_OK)
            s->nanalyzers++;
        else if (made == PASSIM_ERROR_NO_MEMORY)
            st = made;
    }
    if (st == PASSIM_OK && s->nanalyzers == 0)
        st = analyzer_new(&s->analyzers[s->nanalyzers++], "english", errmsg);
    if (st == PASSIM_OK) {
        passim_status got =
            xc_db_get_metadata(s->db, &syn, &synlen, META_SYNONYMS);
        /* Searching without the stored synonyms would answer differently. */
        if (got == PASSIM_ERROR_NO_MEMORY)
            st = got;
        else if (got == PASSIM_OK && synlen)
            st = searcher_load_synonyms(&s->db_synonyms, syn, synlen,
                                        "stored synonyms", errmsg);
    }
    free(syn);
    db_strings_free(langs, nlangs);
    if (st != PASSIM_OK) {
        searcher_free(s);
        return st;
    }
    *out = s;
    return PASSIM_OK;
}

passim_status searcher_open(searcher **out, const char *const *dbs, size_t ndbs,
                            unsigned int timeout_ms, char **errmsg)
{
    return open_common(out, dbs, ndbs, timeout_ms, false, errmsg);
}

passim_status searcher_open_partial(searcher **out, const char *const *dbs,
                                    size_t ndbs, unsigned int timeout_ms,
                                    char **errmsg)
{
    return open_common(out, dbs, ndbs, timeout_ms, true, errmsg);
}

void searcher_free(searcher *s)
{
    if (!s)
        return;
    db_strings_free(s->locations, s->nlocations);
    db_strings_free(s->missing, s->nmissing);
    for (size_t i = 0; i < s->nanalyzers; i++)
        analyzer_free(s->analyzers[i]);
    free(s->analyzers);
    synonyms_free(s->db_synonyms);
    xc_db_free(s->db);
    free(s->error);
    free(s);
}

passim_status searcher_reopen(searcher *s)
{
    /* A database left out (--allow-partial) may be back by now. */
    passim_status st = s->nmissing
                           ? PASSIM_ERROR_NETWORK
                           : db_reopen(s->db, (const char *const *)s->locations,
                                       s->nlocations);
    if (st == PASSIM_ERROR_NETWORK || st == PASSIM_ERROR_MODIFIED) {
        /* Xapian never reconnects a remote database: connect to them all
         * again, so a server restarted on its port is searched again; what
         * still fails is named (or, when partial, left out). A compaction
         * swapped a folder while it was reopened: open it anew too. */
        char *why = NULL;
        st = searcher_open_databases(s, &why);
        if (st != PASSIM_OK)
            searcher_set_error(
                s,
                db_strdupf("%s%s", s->partial ? "" : "database unavailable: ",
                           why ? why : passim_status_string(st)));
        free(why);
    } else if (st != PASSIM_OK) {
        searcher_set_error(s, db_strdupf("reopening %s: %s", s->locations[0],
                                         xc_db_error(s->db)));
    }
    return st;
}
