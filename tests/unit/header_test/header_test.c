/*
 * header_test.c — passim.h on its own, as a user's compiler sees it: this
 * file is compiled (never linked or run) as C99 and as C++ with every
 * warning an error (see tests/unit/api.cmake). It uses each _INIT macro and
 * calls each function with arguments of the documented types, so every
 * declaration is checked in both languages.
 */
#include "passim.h"

int passim_header_test(const char *location);

static void on_problem(const char *path, unsigned int line, const char *reason,
                       void *ctx)
{
    (void)path, (void)line, (void)reason, (void)ctx;
}

static void on_progress(const passim_progress *progress, void *ctx)
{
    (void)progress, (void)ctx;
}

int passim_header_test(const char *location)
{
    passim_db_options db_options = PASSIM_DB_OPTIONS_INIT;
    passim_search_options search_options = PASSIM_SEARCH_OPTIONS_INIT;
    passim_article article = PASSIM_ARTICLE_INIT;
    passim_stats stats = PASSIM_STATS_INIT;
    passim_index_summary summary = PASSIM_INDEX_SUMMARY_INIT;
    passim_article_field field = {"author", "Ann"};
    passim_outcome outcome = PASSIM_OUTCOME_ADDED;
    const char *added_id = 0;
    const char *paths[1];
    passim_db *db = 0;
    passim_results *results = 0;
    passim_hit *hit;
    const char *json = 0;
    size_t found = 0, len = 0, start = 0, end = 0, offset = 0;
    unsigned int count = 0, docs = 0, terms = 0;
    double weight = 0;
    char day[11] = "";
    int sum = 0;

    paths[0] = location;
    db_options.mode = PASSIM_OPEN_CREATE;
    db_options.problem = on_problem;
    db_options.progress = on_progress;
    search_options.match = PASSIM_MATCH_ANY;
    search_options.sort = PASSIM_SORT_DATE;
    article.id = "id";
    article.fields = &field;
    article.nfields = 1;
    if (passim_db_open(&db, paths, 1, &db_options) != PASSIM_OK)
        return passim_db_error(0)[0] + passim_status_string(PASSIM_OK)[0] +
               passim_version()[0];
    sum += passim_db_index(db, paths, 1) + passim_db_prune(db, paths, 1) +
           passim_db_add_article(db, &article) +
           passim_db_add_json(&outcome, &added_id, db, "{}", 2, "-", 1) +
           (int)outcome + passim_db_delete(&found, db, paths, 1) +
           passim_db_set_synonyms(db, "a = b", 5, 0) +
           passim_db_commit(&summary, db) + passim_db_compact(db) +
           passim_db_reopen(db) + passim_db_stats(&stats, db) +
           passim_db_error_offset(db, &offset) + passim_db_error(db)[0] +
           passim_date_bound(day, "2026-04", 1) +
           passim_db_prepare_writable(location) +
           (passim_default_location() != 0) +
           passim_synonyms_check("a = b", 5, 0) +
           passim_feedback_parse(&docs, &terms, &weight, "1,20,1");
    search_options.feedback_docs = PASSIM_DEFAULT_FEEDBACK_DOCS;
    search_options.feedback_terms = PASSIM_DEFAULT_FEEDBACK_TERMS;
    search_options.feedback_weight = PASSIM_DEFAULT_FEEDBACK_WEIGHT;
    db_options.jobs = PASSIM_SEARCH_MAX_FACETS;
    if (passim_search(&results, db, "query", &search_options) == PASSIM_OK) {
        hit = passim_results_hit(results, 0);
        sum += passim_results_query(results)[0] +
               (int)passim_results_total(results) +
               passim_results_relaxed(results) +
               (passim_results_suggestion(results) != 0) +
               (int)passim_results_notice_count(results) +
               (passim_results_notice(results, 0) != 0) +
               (int)passim_results_hit_count(results) +
               (int)passim_results_facet_count(results) +
               (passim_results_facet_name(results, 0) != 0) +
               (int)passim_results_facet_value_count(results, 0) +
               (passim_results_facet_value(results, 0, 0, &count) != 0) +
               passim_results_json(&json, results) +
               (passim_hit_field(hit, PASSIM_FIELD_TEXT) != 0) +
               (int)passim_hit_rank(hit) + (passim_hit_score(hit) > 0) +
               (int)passim_hit_line(hit) + (int)passim_hit_passage(hit) +
               (int)passim_hit_collapsed(hit) + passim_hit_all_words(hit) +
               (int)passim_hit_tag_count(hit) + (passim_hit_tag(hit, 0) != 0) +
               (passim_hit_snippet(hit, &len) != 0) +
               (int)passim_hit_highlight_count(hit) +
               passim_hit_highlight(hit, 0, &start, &end) +
               (passim_hit_explain(hit) != 0) + passim_hit_json(&json, hit);
    }
    passim_results_free(results);
    passim_db_close(db);
    return sum +
           (int)(found + len + start + end + count + docs + terms +
                 db_options.jobs) +
           (weight > 0) + day[0];
}
