/* spelling.c — "did you mean": the query with each word that matches
 * nothing replaced by the spelling table's suggestion, offered only when it
 * finds more articles than the query did. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "schema.h"
#include "searcher_internal.h"

typedef struct first_term {
    char term[ANALYZER_MAX_TERM_BYTES + 1];
    char stem[ANALYZER_MAX_TERM_BYTES + 1];
    bool found;
} first_term;

static int take_first(const analyzer_token *t, void *ctx)
{
    first_term *f = ctx;
    memcpy(f->term, t->term, t->term_len + 1);
    memcpy(f->stem, t->stem, t->stem_len + 1);
    f->found = true;
    return 1;
}

/* Whether the database holds key under one of the prefixes. */
static passim_status known_in(xc_db *db, const char *const *prefixes, size_t n,
                              const char *key, bool *known)
{
    char term[SCHEMA_TERM_MAX];
    passim_status st = PASSIM_OK;
    for (size_t i = 0; st == PASSIM_OK && i < n && !*known; i++)
        st = xc_db_term_exists(
            db, term, schema_term(term, prefixes[i], key, strlen(key)), known);
    return st;
}

/* Whether a query word matches anything, in the body or the title field:
 * its folded form, or its stem in any language of the query (a French
 * plural matches through its stem). */
static passim_status word_known(search_run *run, const query_node *node,
                                first_term *f, bool *known)
{
    static const char *const plain[] = {"", PREFIX_TITLE};
    static const char *const stems[] = {PREFIX_STEM, PREFIX_TITLE_STEM};
    xc_db *db = run->s->db;
    passim_status st = PASSIM_OK;
    *known = true;
    for (size_t i = 0; st == PASSIM_OK && i < run->nquery_analyzers; i++) {
        f->found = false;
        analyzer_run(run->query_analyzers[i], node->text, node->text_len,
                     ANALYZER_FOR_QUERY, 0, take_first, f, NULL);
        if (!f->found || (f->term[0] >= '0' && f->term[0] <= '9'))
            return PASSIM_OK;
        *known = false;
        if (i == 0)
            st = known_in(db, plain, 2, f->term, known);
        if (st == PASSIM_OK)
            st = known_in(db, stems, 2, f->stem, known);
        if (*known)
            return st;
    }
    /* f->term is the first analyzer's folded form again: the last run may
     * have been another analyzer's, but folding does not depend on it. */
    return st;
}

/* The query rebuilt into *out up to each unknown word's suggestion. */
static passim_status suggest(search_run *run, const query_node *node,
                             char **out, size_t *copied, bool *changed,
                             bool *unknown)
{
    const char *query = run->req->query;
    passim_status st = PASSIM_OK;
    if (node->kind == QUERY_NODE_WORD && node->text) {
        first_term f;
        bool known = true;
        char *fix = NULL;
        st = word_known(run, node, &f, &known);
        if (st == PASSIM_OK && !known) {
            *unknown = true;
            /* Xapian 1.4 has no spelling tables over remote databases. */
            if (!run->s->remote)
                st = xc_db_spelling_suggestion(run->s->db, &fix, f.term, 2);
        }
        if (st == PASSIM_OK && fix && *fix) {
            size_t word_at = node->offset + node->length - node->text_len;
            if (!searcher_appendf(out, "%.*s%s", (int)(word_at - *copied),
                                  query + *copied, fix))
                st = PASSIM_ERROR_NO_MEMORY;
            *copied = word_at + node->text_len;
            *changed = true;
        }
        free(fix);
        return st;
    }
    for (size_t i = 0; st == PASSIM_OK && i < node->nchildren; i++)
        if (node->kind != QUERY_NODE_FIELD)
            st = suggest(run, node->children[i], out, copied, changed, unknown);
    return st;
}

/* Whether the suggested query finds more articles than the query did, read
 * the same way: a correctly spelled word the collection lacks ("shortage")
 * is not turned into another ("storage") that finds no more. */
static passim_status helps(search_run *run, const char *text, bool *more)
{
    query_node *root = NULL;
    unsigned int found = 0;
    passim_status st = query_parse(&root, text, strlen(text), NULL);
    *more = false;
    if (st == PASSIM_OK)
        st = searcher_count(run, root, run->match,
                            run->found < PASSIM_EXACT_TOTAL ? run->found + 1
                                                            : run->found,
                            &found);
    query_node_free(root);
    *more = st == PASSIM_OK && found > run->found;
    /* A suggestion that does not even parse helps nobody. */
    return st == PASSIM_ERROR_QUERY_SYNTAX ? PASSIM_OK : st;
}

passim_status spelling_suggest(search_run *run)
{
    search_results *r = run->r;
    size_t copied = 0;
    bool changed = false, unknown = false, more = false;
    char *text = NULL;
    passim_status st =
        suggest(run, run->root, &text, &copied, &changed, &unknown);
    if (st == PASSIM_OK && changed &&
        searcher_appendf(&text, "%s", run->req->query + copied)) {
        st = helps(run, text, &more);
        if (more) {
            r->suggestion = text;
            text = NULL;
        }
    } else if (unknown &&
               (run->s->remote || st == PASSIM_ERROR_INVALID_ARGUMENT ||
                st == PASSIM_ERROR_NETWORK)) {
        char *notice = strdup("spelling suggestions are not available for "
                              "this database");
        if (db_strings_push(&r->notices, &r->nnotices, notice) != PASSIM_OK)
            st = PASSIM_ERROR_NO_MEMORY;
    }
    free(text);
    /* A suggestion is a courtesy: failing to make one fails nothing else,
     * but running out of memory does. */
    return st == PASSIM_ERROR_NO_MEMORY ? st : PASSIM_OK;
}
