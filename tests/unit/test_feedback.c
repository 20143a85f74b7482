/*
 * test_feedback.c — unit tests of search/feedback.c (pseudo-relevance
 * feedback) on a real Xapian database whose articles are laid out as
 * core/schema.h says, so which stems the expansion picks is known.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "feedback.h"
#include "fixture_db.h"
#include "schema.h"
#include "xc.h"

/* One article: its terms, each with wdf 1 unless repeated. */
typedef struct article_spec {
    const char *terms[8];
} article_spec;

/* The query's own stem, as the searcher passes it (without "Z"). */
static const char *const query_stems[] = {"apple"};

/* "apple" is the query. Article a is the best match (apple twice), b the
 * second; f has apple too but ranks third (once, in a longer article), so
 * its grape is not sampled with two articles; "ZSorchard" is a title stem in
 * both top articles, the strongest candidate were it not skipped; "orchard"
 * (unprefixed) is kept out by the "Z" filter; "Zthe" is an English
 * stopword's stem. */
static const article_spec articles[] = {
    {{"Zapple", "Zapple", "Zbanana", "Zcherry", "ZSorchard", "orchard",
      "Zthe"}},
    {{"Zapple", "Zbanana", "Zdate", "ZSorchard", "orchard", "Zthe"}},
    {{"Zkiwi", "Zlemon"}},
    {{"Zlemon", "Zmelon"}},
    {{"Zmelon", "Zkiwi"}},
    {{"Zapple", "Zgrape", "Zkiwi", "Zlemon", "Zmelon", "Zfig", "Zpear"}},
};

static char db_dir[] = "/tmp/passim-test-feedback-XXXXXX";
static xc_db *db;
static analyzer *english;

static void add_article(xc_db *w, const article_spec *a)
{
    xc_doc *doc = NULL;
    ck_assert_int_eq(xc_doc_new(&doc, NULL), PASSIM_OK);
    for (size_t i = 0; i < 8 && a->terms[i]; i++)
        ck_assert_int_eq(
            xc_doc_add_term(doc, a->terms[i], strlen(a->terms[i]), 1),
            PASSIM_OK);
    ck_assert_int_eq(xc_db_add_document(w, doc, NULL), PASSIM_OK);
    xc_doc_free(doc);
}

/* What the database on disk holds (fixture_db_add builds it once, in the
 * parent). */
static void add_articles(xc_db *w)
{
    for (size_t i = 0; i < sizeof articles / sizeof *articles; i++)
        add_article(w, &articles[i]);
}

static void setup(void)
{
    ck_assert_int_eq(xc_db_open(&db, db_dir, NULL), PASSIM_OK);
    ck_assert_int_eq(analyzer_new(&english, "english", NULL), PASSIM_OK);
}

static void teardown(void)
{
    xc_db_free(db);
    db = NULL;
    analyzer_free(english);
    english = NULL;
}

static xc_query *term_query(const char *term)
{
    xc_query *q = NULL;
    ck_assert_int_eq(xc_query_term(&q, term, strlen(term), 1, 0), PASSIM_OK);
    return q;
}

/* Expands `term`, a one-word query, with the given settings, English
 * stopwords left out. */
static void expand_with(const char *term, const feedback_options *opt,
                        feedback_expansion *fx)
{
    xc_query *q = term_query(term);
    ck_assert_int_eq(feedback_expand(db, q, opt, fx), PASSIM_OK);
    xc_query_free(q);
}

static void expand(const char *term, unsigned int docs, unsigned int terms,
                   double weight, feedback_expansion *fx)
{
    feedback_options opt = {docs, terms,   weight,      1, 1.2,
                            0.75, english, query_stems, 1};
    expand_with(term, &opt, fx);
}

static bool has(const feedback_expansion *fx, const char *term)
{
    return feedback_has_term(fx, term, strlen(term));
}

START_TEST(picks_body_stems_of_top_articles)
{
    feedback_expansion fx;
    expand("Zapple", 2, 10, 1.0, &fx);
    /* P(w|D) summed over a (5 body stems) and b (4): banana 1/5 + 1/4,
     * cherry 1/5, date 1/4; times log(7 / (df + 0.5)) with df 2, 1, 1:
     * banana 0.463, date 0.385, cherry 0.308. */
    ck_assert_uint_eq(fx.nterms, 3);
    ck_assert_str_eq(fx.terms[0], "Zbanana");
    ck_assert_str_eq(fx.terms[1], "Zdate");
    ck_assert_str_eq(fx.terms[2], "Zcherry");
    ck_assert_ptr_nonnull(fx.query);
    feedback_expansion_clear(&fx);
    ck_assert_uint_eq(fx.nterms, 0);
    ck_assert_ptr_null(fx.query);
}
END_TEST

/* One document: the top article alone. */
START_TEST(one_doc_is_the_top_article)
{
    feedback_expansion fx;
    expand("Zapple", 1, 10, 1.0, &fx);
    ck_assert_uint_eq(fx.nterms, 2);
    ck_assert(has(&fx, "Zbanana"));
    ck_assert(has(&fx, "Zcherry"));
    ck_assert(!has(&fx, "Zgrape")); /* f's */
    ck_assert(!has(&fx, "Zdate"));  /* b's */
    feedback_expansion_clear(&fx);
}
END_TEST

START_TEST(skips_query_title_and_unprefixed_terms)
{
    feedback_expansion fx;
    expand("Zapple", 2, 10, 1.0, &fx);
    ck_assert(!has(&fx, "Zapple"));    /* the query's own term */
    ck_assert(!has(&fx, "ZSorchard")); /* a title stem */
    ck_assert(!has(&fx, "orchard"));   /* not a body stem */
    ck_assert(!has(&fx, "Zbanan"));    /* whole terms only */
    ck_assert(!has(&fx, "Zthe"));      /* a stopword */
    feedback_expansion_clear(&fx);
}
END_TEST

START_TEST(stopwords_only_with_an_analyzer)
{
    feedback_options opt = {2, 10, 1.0, 1, 1.2, 0.75, NULL, query_stems, 1};
    feedback_expansion fx;
    expand_with("Zapple", &opt, &fx);
    ck_assert(has(&fx, "Zthe"));
    ck_assert_uint_eq(fx.nterms, 4);
    feedback_expansion_clear(&fx);
}
END_TEST

/* The query's stems are left out only because the searcher names them. */
START_TEST(query_stems_skipped_as_given)
{
    feedback_options opt = {2, 10, 1.0, 1, 1.2, 0.75, english, NULL, 0};
    feedback_expansion fx;
    expand_with("Zapple", &opt, &fx);
    ck_assert(has(&fx, "Zapple"));
    ck_assert_uint_eq(fx.nterms, 4);
    feedback_expansion_clear(&fx);
}
END_TEST

START_TEST(samples_the_top_articles_only)
{
    feedback_expansion fx;
    expand("Zapple", 2, 10, 1.0, &fx);
    /* The third article, f, is not sampled: a and b are. */
    ck_assert(!has(&fx, "Zgrape"));
    ck_assert(has(&fx, "Zdate"));
    feedback_expansion_clear(&fx);
    expand("Zapple", 3, 10, 1.0, &fx);
    ck_assert(has(&fx, "Zgrape"));
    feedback_expansion_clear(&fx);
}
END_TEST

START_TEST(adds_at_most_terms)
{
    feedback_expansion fx;
    expand("Zapple", 2, 1, 1.0, &fx);
    ck_assert_uint_eq(fx.nterms, 1);
    ck_assert_str_eq(fx.terms[0], "Zbanana");
    feedback_expansion_clear(&fx);
}
END_TEST

/* The top weight the expansion query gives, and how many articles it
 * matches. */
static double top_weight(const feedback_expansion *fx, size_t *matches)
{
    xc_enquire *e = NULL;
    xc_mset *m = NULL;
    double w = 0;
    ck_assert_int_eq(xc_enquire_new(&e, db, NULL), PASSIM_OK);
    ck_assert_int_eq(xc_enquire_set_query(e, fx->query), PASSIM_OK);
    ck_assert_int_eq(xc_enquire_set_bm25(e, 1.2, 0, 1, 0.75, 0.5), PASSIM_OK);
    ck_assert_int_eq(xc_enquire_get_mset(e, &m, 0, 10, 0), PASSIM_OK);
    *matches = xc_mset_size(m);
    ck_assert_int_eq(xc_mset_hit(m, 0, NULL, &w, NULL), PASSIM_OK);
    xc_mset_free(m);
    xc_enquire_free(e);
    return w;
}

START_TEST(query_is_the_weighted_or_of_the_terms)
{
    feedback_expansion one, half;
    size_t n1 = 0, n2 = 0;
    expand("Zapple", 2, 10, 1.0, &one);
    expand("Zapple", 2, 10, 0.5, &half);
    /* banana, cherry or date: a and b. */
    double w1 = top_weight(&one, &n1), w2 = top_weight(&half, &n2);
    ck_assert_uint_eq(n1, 2);
    ck_assert_uint_eq(n2, 2);
    ck_assert_double_gt(w1, 0);
    ck_assert_double_eq_tol(w2, w1 * 0.5, 1e-9);
    feedback_expansion_clear(&one);
    feedback_expansion_clear(&half);
}
END_TEST

/* The added stems weigh weight x words all together: each weight x words /
 * stems. */
START_TEST(weight_is_shared_by_the_stems_per_query_word)
{
    feedback_options one_word = {2,    10,      1.5,         1, 1.2,
                                 0.75, english, query_stems, 1};
    feedback_options six_words = {2,    10,      1.5,         6, 1.2,
                                  0.75, english, query_stems, 1};
    feedback_options no_word = {2,    10,      1.5,         0, 1.2,
                                0.75, english, query_stems, 1};
    feedback_expansion a, b, c;
    size_t na = 0, nb = 0;
    xc_query *q = term_query("Zapple");
    ck_assert_int_eq(feedback_expand(db, q, &one_word, &a), PASSIM_OK);
    ck_assert_int_eq(feedback_expand(db, q, &six_words, &b), PASSIM_OK);
    ck_assert_int_eq(feedback_expand(db, q, &no_word, &c), PASSIM_OK);
    ck_assert_uint_eq(a.nterms, 3);
    ck_assert_double_eq_tol(a.factor, 1.5 * 1 / 3.0, 1e-12);
    ck_assert_double_eq_tol(b.factor, 1.5 * 6 / 3.0, 1e-12);
    ck_assert_double_eq_tol(c.factor, a.factor, 1e-12); /* 0 counts as 1 */
    ck_assert_double_eq_tol(top_weight(&b, &nb), 6 * top_weight(&a, &na), 1e-9);
    xc_query_free(q);
    feedback_expansion_clear(&a);
    feedback_expansion_clear(&b);
    feedback_expansion_clear(&c);
}
END_TEST

START_TEST(off_or_nothing_to_add_is_empty)
{
    feedback_expansion fx;
    expand("Zapple", 0, 10, 1.0, &fx); /* no documents read */
    ck_assert_uint_eq(fx.nterms, 0);
    ck_assert_ptr_null(fx.query);
    expand("Zapple", 2, 0, 1.0, &fx); /* no terms wanted */
    ck_assert_ptr_null(fx.query);
    expand("Zapple", 2, 10, 0, &fx); /* weight 0 */
    ck_assert_ptr_null(fx.query);
    expand("Znothing", 2, 10, 1.0, &fx); /* no match */
    ck_assert_uint_eq(fx.nterms, 0);
    ck_assert_ptr_null(fx.query);
    ck_assert(!has(&fx, "Zbanana"));
    feedback_expansion_clear(&fx);
    feedback_expansion_clear(NULL);
}
END_TEST

START_TEST(parse_reads_docs_terms_weight)
{
    unsigned int docs = 7, terms = 7;
    double weight = 7;
    ck_assert(feedback_parse("2,60,0.5", &docs, &terms, &weight));
    ck_assert_uint_eq(docs, 2);
    ck_assert_uint_eq(terms, 60);
    ck_assert_double_eq_tol(weight, 0.5, 1e-12);
    ck_assert(feedback_parse("100,1000,100", &docs, &terms, &weight));
    ck_assert_uint_eq(docs, PASSIM_FEEDBACK_MAX_DOCS);
    ck_assert_uint_eq(terms, PASSIM_FEEDBACK_MAX_TERMS);
    static const char *const bad[] = {
        "",        "1",        "1,20",     "1,20,",    "0,20,1",     "1,0,1",
        "1,20,0",  "1,20,-1",  "101,20,1", "1,1001,1", "1,20,100.5", "-1,20,1",
        " 1,20,1", "1,20,1,2", "1,20,1x",  "x,20,1",   "1.5,20,1",   "1,,1"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        docs = terms = 7;
        weight = 7;
        ck_assert_msg(!feedback_parse(bad[i], &docs, &terms, &weight),
                      "accepted '%s'", bad[i]);
        ck_assert_uint_eq(docs, 7);
        ck_assert_uint_eq(terms, 7);
        ck_assert_double_eq(weight, 7);
    }
}
END_TEST

static Suite *feedback_suite(void)
{
    Suite *s = suite_create("feedback");
    TCase *tc = tcase_create("expand");
    fixture_db_add(tc, db_dir, add_articles);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, picks_body_stems_of_top_articles);
    tcase_add_test(tc, one_doc_is_the_top_article);
    tcase_add_test(tc, skips_query_title_and_unprefixed_terms);
    tcase_add_test(tc, stopwords_only_with_an_analyzer);
    tcase_add_test(tc, query_stems_skipped_as_given);
    tcase_add_test(tc, samples_the_top_articles_only);
    tcase_add_test(tc, adds_at_most_terms);
    tcase_add_test(tc, query_is_the_weighted_or_of_the_terms);
    tcase_add_test(tc, weight_is_shared_by_the_stems_per_query_word);
    tcase_add_test(tc, off_or_nothing_to_add_is_empty);
    suite_add_tcase(s, tc);
    tc = tcase_create("parse");
    tcase_add_test(tc, parse_reads_docs_terms_weight);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(feedback_suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
