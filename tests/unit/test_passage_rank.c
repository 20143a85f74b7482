/*
 * test_passage_rank.c — unit tests of search/passage_rank.c on a real
 * Xapian database laid out as core/schema.h says: which passage of an
 * article is best, how a word counts for the query (a stem's words, or the
 * word itself), and that an article of one passage gets the same score from
 * its posting lists as from its term list and positions.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "fixture_db.h"
#include "passage_map.h"
#include "passage_rank.h"
#include "schema.h"
#include "xc.h"

static char db_dir[] = "/tmp/passim-test-passage-rank-XXXXXX";

/* One article: its body words in order, passages starting at the words
 * given by `starts` (a passage gap before each but the first). */
typedef struct article_spec {
    const char *words[12];
    size_t starts[4];
    size_t npassages;
} article_spec;

/* 1: one passage, "apples" and "apple" (stem appl), "applesauce" (stem
 * applesauc: not a match), "commission" (stem commiss) and "commissioner"
 * (stem commission). 2: three passages, apple once, twice, not at all.
 * 3: no apple at all (a filler so that idf is positive). */
static const article_spec articles[] = {
    {{"apples", "and", "apple", "applesauce", "pie", "commission",
      "commissioner"},
     {0},
     1},
    {{"apple", "cherry", "apple", "apple", "cherry", "grape", "grape"},
     {0, 2, 5},
     3},
    {{"grape", "juice"}, {0}, 1},
};

static void add_article(xc_db *w, const article_spec *a)
{
    analyzer *en = NULL;
    xc_doc *doc = NULL;
    passage_span spans[4];
    unsigned int pos = SCHEMA_FIRST_POSITION;
    size_t p = 0, len;
    char *map;
    ck_assert_int_eq(analyzer_new(&en, "english", NULL), PASSIM_OK);
    ck_assert_int_eq(xc_doc_new(&doc, NULL), PASSIM_OK);
    for (size_t i = 0; i < 12 && a->words[i]; i++) {
        char stem[80];
        size_t slen;
        const char *s =
            analyzer_stem(en, a->words[i], strlen(a->words[i]), &slen);
        if (p + 1 < a->npassages && i == a->starts[p + 1]) {
            spans[p].last = pos - 1;
            pos += SCHEMA_PASSAGE_GAP;
            p++;
        }
        if (i == a->starts[p]) {
            spans[p].first = pos;
            spans[p].words = 0;
        }
        spans[p].words++;
        ck_assert_int_eq(
            xc_doc_add_posting(doc, a->words[i], strlen(a->words[i]), pos++, 1),
            PASSIM_OK);
        snprintf(stem, sizeof stem, "%s%.*s", PREFIX_STEM, (int)slen, s);
        ck_assert_int_eq(xc_doc_add_term(doc, stem, strlen(stem), 1),
                         PASSIM_OK);
    }
    spans[p].last = pos - 1;
    map = passage_map_encode("en", spans, a->npassages, &len);
    ck_assert_ptr_nonnull(map);
    ck_assert_int_eq(xc_doc_set_value(doc, SLOT_PASSAGE_MAP, map, len),
                     PASSIM_OK);
    free(map);
    ck_assert_int_eq(xc_db_add_document(w, doc, NULL), PASSIM_OK);
    xc_doc_free(doc);
    analyzer_free(en);
}

static void add_articles(xc_db *w)
{
    for (size_t i = 0; i < sizeof articles / sizeof *articles; i++)
        add_article(w, &articles[i]);
}

/* What one test needs: the database, the matches of `query_term`, the
 * query's terms, an English matcher and a ranker over them. */
typedef struct setup {
    xc_db *db;
    xc_enquire *e;
    xc_mset *m;
    analyzer *en;
    term_set terms;
    term_matcher matcher;
    passage_ranker ranker;
} setup;

static void open_setup(setup *s, const char *query_term,
                       const char *const *terms, size_t nterms)
{
    xc_query *q = NULL;
    memset(s, 0, sizeof *s);
    ck_assert_int_eq(xc_db_open(&s->db, db_dir, NULL), PASSIM_OK);
    ck_assert_int_eq(xc_query_term(&q, query_term, strlen(query_term), 1, 0),
                     PASSIM_OK);
    ck_assert_int_eq(xc_enquire_new(&s->e, s->db, NULL), PASSIM_OK);
    ck_assert_int_eq(xc_enquire_set_query(s->e, q), PASSIM_OK);
    ck_assert_int_eq(xc_enquire_get_mset(s->e, &s->m, 0, 10, 10), PASSIM_OK);
    xc_query_free(q);
    ck_assert_int_eq(analyzer_new(&s->en, "english", NULL), PASSIM_OK);
    s->terms = (term_set){terms, nterms, NULL, 0, NULL};
    ck_assert_int_eq(term_matcher_init(&s->matcher, &s->terms, s->en),
                     PASSIM_OK);
    ck_assert_int_eq(
        passage_ranker_init(&s->ranker, s->db, s->m, &s->terms, 1.2, 0.75),
        PASSIM_OK);
}

static void close_setup(setup *s)
{
    passage_ranker_clear(&s->ranker);
    term_matcher_clear(&s->matcher);
    analyzer_free(s->en);
    xc_mset_free(s->m);
    xc_enquire_free(s->e);
    xc_db_free(s->db);
}

/* Scores document docid's passages from its term list and positions. */
static size_t score(setup *s, xc_docid docid, double *scores,
                    passage_span **spans)
{
    xc_doc *doc = NULL;
    char *value = NULL, lang[PASSAGE_MAP_LANG_MAX];
    size_t len = 0, n = 0, matched = 0;
    ck_assert_int_eq(xc_db_get_document(s->db, &doc, docid), PASSIM_OK);
    ck_assert_int_eq(xc_doc_get_value(doc, &value, &len, SLOT_PASSAGE_MAP),
                     PASSIM_OK);
    ck_assert_int_eq(passage_map_decode(value, len, lang, spans, &n),
                     PASSIM_OK);
    ck_assert_str_eq(lang, "en");
    ck_assert_int_eq(passage_ranker_score(&s->ranker, &s->matcher, doc, *spans,
                                          n, scores, &matched),
                     PASSIM_OK);
    free(value);
    xc_doc_free(doc);
    return matched;
}

/* The BM25 of a term in `df` of the 3 articles, tf times in a passage of
 * `words` words, as passage_rank.c weighs it with k1 1.2, b 0.75. */
static double bm25(unsigned int df, double tf, double words)
{
    double idf = log(1.0 + (3 - df + 0.5) / (df + 0.5));
    double norm = 1.2 * (0.25 + 0.75 * words / SCHEMA_PASSAGE_TARGET_WORDS);
    return idf * tf * 2.2 / (tf + norm);
}

/* "apples": its words and its stem, as the compiler lists them. */
static const char *const apples[] = {"apples", "appl"};

START_TEST(best_passage_holds_the_words_most)
{
    setup s;
    double scores[4];
    passage_span *spans = NULL;
    open_setup(&s, "Zappl", apples, 2);
    ck_assert_uint_eq(score(&s, 2, scores, &spans), 2);
    /* apple once in 2 words, twice in 3, never in 2; Zappl is in 2 of 3. */
    ck_assert_double_eq_tol(scores[0], bm25(2, 1, 2), 1e-12);
    ck_assert_double_eq_tol(scores[1], bm25(2, 2, 3), 1e-12);
    ck_assert_double_eq(scores[2], 0);
    ck_assert_double_gt(scores[1], scores[0]);
    free(spans);
    close_setup(&s);
}
END_TEST

START_TEST(a_stem_counts_its_words_only)
{
    setup s;
    double scores[1];
    passage_span *spans = NULL;
    open_setup(&s, "Zappl", apples, 2);
    /* apples and apple count; applesauce does not stem to appl. */
    ck_assert_uint_eq(score(&s, 1, scores, &spans), 1);
    ck_assert_double_eq_tol(scores[0], bm25(2, 2, 7), 1e-12);
    free(spans);
    close_setup(&s);
}
END_TEST

/* A phrase's word is looked for as itself: "apple" does not count
 * "apples". */
START_TEST(an_unstemmed_word_counts_itself_only)
{
    static const char *const apple[] = {"apple"};
    setup s;
    double scores[1];
    passage_span *spans = NULL;
    open_setup(&s, "apple", apple, 1);
    ck_assert_uint_eq(score(&s, 1, scores, &spans), 1);
    ck_assert_double_eq_tol(scores[0], bm25(2, 1, 7), 1e-12);
    free(spans);
    close_setup(&s);
}
END_TEST

/* "commission" looks for the stem commiss: "commissioner", whose stem is
 * the query's word, not its stem, does not count (a snippet marks it). */
START_TEST(a_word_stemming_to_the_query_word_does_not_count)
{
    static const char *const commission[] = {"commission", "commiss"};
    setup s;
    double scores[1];
    passage_span *spans = NULL;
    open_setup(&s, "Zcommiss", commission, 2);
    ck_assert_uint_eq(score(&s, 1, scores, &spans), 1);
    ck_assert_double_eq_tol(scores[0], bm25(1, 1, 7), 1e-12);
    free(spans);
    close_setup(&s);
}
END_TEST

/* An article of one passage: the same score from posting lists. */
START_TEST(one_passage_scores_the_same_from_postings)
{
    static const char *const apple[] = {"apple"};
    static const char *const commission[] = {"commission", "commiss"};
    const char *const *queries[] = {apples, apple, commission};
    const size_t nterms[] = {2, 1, 2};
    const char *const query_terms[] = {"Zappl", "apple", "Zcommiss"};
    for (size_t q = 0; q < 3; q++) {
        setup s;
        double listed[1], posted = -1;
        size_t matched = 7;
        passage_span *spans = NULL;
        open_setup(&s, query_terms[q], queries[q], nterms[q]);
        score(&s, 1, listed, &spans);
        whole_article w = {1, &s.matcher, &spans[0], &posted, &matched};
        ck_assert(passage_ranker_can_score_whole(&s.ranker));
        ck_assert_int_eq(passage_ranker_score_whole(&s.ranker, &w, 1),
                         PASSIM_OK);
        ck_assert_double_eq_tol(posted, listed[0], 1e-12);
        ck_assert_uint_eq(matched, 1);
        free(spans);
        close_setup(&s);
    }
}
END_TEST

START_TEST(no_query_word_scores_zero)
{
    static const char *const kiwi[] = {"kiwi"};
    setup s;
    double scores[1], posted = -1;
    size_t matched = 7;
    passage_span *spans = NULL;
    open_setup(&s, "Zappl", kiwi, 1);
    ck_assert_uint_eq(score(&s, 3, scores, &spans), 0);
    ck_assert_double_eq(scores[0], 0);
    whole_article w = {3, &s.matcher, &spans[0], &posted, &matched};
    ck_assert_int_eq(passage_ranker_score_whole(&s.ranker, &w, 1), PASSIM_OK);
    ck_assert_double_eq(posted, 0);
    ck_assert_uint_eq(matched, 0);
    free(spans);
    close_setup(&s);
}
END_TEST

static Suite *passage_rank_suite(void)
{
    Suite *s = suite_create("passage_rank");
    TCase *tc = tcase_create("score");
    fixture_db_add(tc, db_dir, add_articles);
    tcase_add_test(tc, best_passage_holds_the_words_most);
    tcase_add_test(tc, a_stem_counts_its_words_only);
    tcase_add_test(tc, an_unstemmed_word_counts_itself_only);
    tcase_add_test(tc, a_word_stemming_to_the_query_word_does_not_count);
    tcase_add_test(tc, one_passage_scores_the_same_from_postings);
    tcase_add_test(tc, no_query_word_scores_zero);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(passage_rank_suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
