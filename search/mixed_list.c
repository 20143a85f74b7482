/* mixed_list.c — what one search lists: in the default mode, the articles
 * having every word side by side first and, when they do not fill a page,
 * those having some; then each hit's all_words, the facets and a spelling
 * suggestion. */
#include "db.h"
#include "searcher_internal.h"

/* Whether matching any word instead of all could find more: the query joins
 * two or more words side by side (explicit operators are never relaxed). */
static bool relaxable(const query_node *node)
{
    size_t words = 0;
    if (node->kind == QUERY_NODE_IMPLICIT)
        for (size_t i = 0; i < node->nchildren; i++) {
            const query_node *c = node->children[i];
            words +=
                !c->excluded && !c->required &&
                (c->kind == QUERY_NODE_WORD || c->kind == QUERY_NODE_PHRASE ||
                 c->kind == QUERY_NODE_PREFIX);
        }
    return words > 1;
}

/* Whether an article matching the query has every word of it: words and
 * phrases, alone or joined by AND or side by side (all words mode). */
static bool every_word_required(const query_node *node)
{
    if (node->excluded)
        return false;
    if (node->kind == QUERY_NODE_WORD || node->kind == QUERY_NODE_PHRASE)
        return true;
    if (node->kind != QUERY_NODE_AND && node->kind != QUERY_NODE_IMPLICIT)
        return false;
    for (size_t i = 0; i < node->nchildren; i++)
        if (!every_word_required(node->children[i]))
            return false;
    return true;
}

/* Whether the articles having some of the words follow those having all of
 * them: in the default mode, for words side by side, when the ones having
 * them all do not fill a page (or there are none). Reading --limit, not the
 * offset, keeps every page of one query agreeing on the list and its total. */
static bool fill_with_any(const search_run *run, const attempt *all)
{
    const passim_search_options *opt = run->opt;
    return opt->match == PASSIM_MATCH_AUTO &&
           (all->total < opt->limit || all->total == 0) && relaxable(run->root);
}

passim_status mixed_list_run(search_run *run)
{
    const passim_search_options *opt = run->opt;
    search_results *r = run->r;
    attempt all = {0}, any = {0}, *listed = &all;
    passim_status st = attempt_match(run, run->match, true, &all);
    bool mixed = st == PASSIM_OK && fill_with_any(run, &all);
    run->found = all.total;
    if (mixed) {
        /* Fewer than a page of them: `all` holds every one, listed first;
         * the any-word match counts the whole list and its facets. Counting
         * every article having some word would double the search time on
         * a large collection: the total is exact where the match is small
         * or facets count it, else a lower bound (Xapian's). */
        st = attempt_match(run, QUERY_MATCH_ANY, opt->nfacets > 0, &any);
        listed = &any;
    }
    if (st == PASSIM_OK) {
        size_t n = 0;
        st = hits_collect(run, listed, mixed ? &all : NULL, &n);
        r->relaxed = mixed && n > all.total;
        r->total_exact = listed->total_exact;
        /* An any-word match counted as far as it examined: the articles
         * it lists, a lower bound. */
        r->total = mixed && !r->total_exact ? (unsigned int)n : listed->total;
    }
    if (st == PASSIM_OK && run->match == QUERY_MATCH_ANY &&
        relaxable(run->root))
        st = all_words_mark(run);
    if (st == PASSIM_OK)
        st = facets_collect(run, listed);
    /* When every word had to match and some article has them all, every
     * word is known: no suggestion to look for (a database read a word). */
    if (st == PASSIM_OK && !(all.total > 0 && run->match == QUERY_MATCH_ALL &&
                             every_word_required(run->root)))
        st = spelling_suggest(run);
    if (st != PASSIM_OK && !run->s->error)
        searcher_set_error(run->s, db_strdupf("%s", passim_status_string(st)));
    attempt_clear(&any);
    attempt_clear(&all);
    return st;
}
