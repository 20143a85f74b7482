/* search_run.c — one search from its request to its results: the facets
 * and the synonyms file checked, the query's languages chosen, its text
 * parsed, then run (mixed_list.c) again on a database's new revision when
 * a writer committed during it, or without a database that went away. */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "regular_file.h"
#include "searcher_internal.h"

#define MODIFIED_RETRIES 5

/* The facets asked for: not too many, each known. */
static passim_status check_facets(searcher *s, const passim_search_options *opt)
{
    if (opt->nfacets > PASSIM_SEARCH_MAX_FACETS) {
        searcher_set_error(
            s, db_strdupf("at most %d facets", PASSIM_SEARCH_MAX_FACETS));
        return PASSIM_ERROR_INVALID_ARGUMENT;
    }
    for (size_t i = 0; i < opt->nfacets; i++)
        if (!facets_known(opt->facets[i])) {
            searcher_set_error(s, db_strdupf("unknown facet '%s' (source, "
                                             "tag, month or lang)",
                                             opt->facets[i]));
            return PASSIM_ERROR_INVALID_ARGUMENT;
        }
    return PASSIM_OK;
}

/* The synonyms of the file at `path`, instead of the database's. */
static passim_status read_synonyms(searcher *s, const char *path,
                                   synonyms **out)
{
    char *text = NULL, *msg = NULL;
    size_t len = 0;
    passim_status st =
        regular_file_read(path, SYNONYMS_MAX_BYTES, &text, &len, &msg);
    if (st != PASSIM_OK) {
        searcher_set_error(s, db_strdupf("%s: cannot read the synonyms "
                                         "file: %s",
                                         path, msg ? msg : ""));
        free(msg);
        return st == PASSIM_ERROR_NO_MEMORY ? st
                                            : PASSIM_ERROR_INVALID_ARGUMENT;
    }
    st = searcher_load_synonyms(out, text, len, path, &msg);
    free(text);
    if (st != PASSIM_OK) {
        searcher_set_error(s, msg ? msg
                                  : db_strdupf("%s", passim_status_string(st)));
        return st == PASSIM_ERROR_QUERY_SYNTAX ? PASSIM_ERROR_INVALID_ARGUMENT
                                               : st;
    }
    return PASSIM_OK;
}

static bool push_notice(search_results *r, char *notice)
{
    return db_strings_push(&r->notices, &r->nnotices, notice) == PASSIM_OK;
}

/* Runs the parsed search until it is not interrupted by a commit or by a
 * database going away (or has been MODIFIED_RETRIES times); *out receives
 * its results. */
static passim_status run_retrying(search_run *run, search_results **out)
{
    searcher *s = run->s;
    search_results *r = NULL;
    passim_status st;
    for (int attempt_no = 0;; attempt_no++) {
        r = calloc(1, sizeof *r);
        /* A try after a reopen reads the dictionary of the new revision. */
        compound_cache_free(run->compounds);
        run->compounds = compound_cache_new();
        if (!r || !run->compounds || !(r->query = strdup(run->req->query))) {
            st = PASSIM_ERROR_NO_MEMORY;
            break;
        }
        run->r = r;
        st = mixed_list_run(run);
        for (size_t i = 0; st == PASSIM_OK && i < s->nmissing; i++)
            if (!push_notice(r, db_strdupf("database unavailable, results "
                                           "without it: %s",
                                           s->missing[i])))
                st = PASSIM_ERROR_NO_MEMORY;
        if ((st != PASSIM_ERROR_MODIFIED && st != PASSIM_ERROR_CORRUPT &&
             !(st == PASSIM_ERROR_NETWORK && s->partial)) ||
            attempt_no == MODIFIED_RETRIES)
            break;
        search_results_free(r);
        r = NULL;
        if (st != PASSIM_ERROR_NETWORK) {
            /* A writer committed twice while we read: start over on the new
             * revision. Xapian 1.4 may report a block the writer reused as
             * corrupt rather than modified; only a damage that survives a
             * reopen is real. */
            xc_db_reopen(s->db, NULL);
        } else {
            /* A database went away during the search: go on without it. */
            char *why = NULL;
            st = searcher_open_databases(s, &why);
            if (st != PASSIM_OK) {
                searcher_set_error(
                    s, why ? why : db_strdupf("%s", passim_status_string(st)));
                break;
            }
            free(why);
        }
    }
    if (st != PASSIM_OK) {
        search_results_free(r);
        r = NULL;
    }
    *out = r;
    return st;
}

passim_status searcher_run(searcher *s, const search_request *req,
                           search_results **out, query_error *qerr)
{
    const passim_search_options *opt = req->opt;
    query_node *root = NULL;
    synonyms *file_syn = NULL;
    query_error local = {0};
    analyzer *forced = NULL; /* opt->lang's */
    search_run run = {s,
                      req,
                      opt,
                      opt->match == PASSIM_MATCH_ANY ? QUERY_MATCH_ANY
                                                     : QUERY_MATCH_ALL,
                      NULL,
                      s->db_synonyms,
                      s->analyzers,
                      s->nanalyzers,
                      NULL,
                      qerr ? qerr : &local,
                      0,
                      NULL};
    passim_status st;

    *out = NULL;
    st = check_facets(s, opt);
    if (st == PASSIM_OK && opt->synonyms_path) {
        st = read_synonyms(s, opt->synonyms_path, &file_syn);
        run.syn = file_syn;
    }
    if (st == PASSIM_OK && opt->lang) {
        char *msg = NULL;
        st = analyzer_new(&forced, opt->lang, &msg);
        if (st != PASSIM_OK)
            searcher_set_error(
                s, msg ? msg : db_strdupf("%s", passim_status_string(st)));
        run.query_analyzers = &forced;
        run.nquery_analyzers = 1;
    }
    if (st == PASSIM_OK) {
        st = query_parse(&root, req->query, strlen(req->query), run.qerr);
        if (st != PASSIM_OK)
            searcher_set_error(s, db_strdupf("%s", run.qerr->message));
        run.root = root;
    }
    if (st == PASSIM_OK)
        st = run_retrying(&run, out);
    compound_cache_free(run.compounds);
    analyzer_free(forced);
    synonyms_free(file_syn);
    query_node_free(root);
    return st;
}
