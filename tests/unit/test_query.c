/*
 * test_query.c — the query language: parser trees and errors, limits, a
 * random-bytes stress loop, and the compiler's matches against a small real
 * Xapian database laid out as core/schema.h says.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyzer.h"
#include "fixture_db.h"
#include "query.h"
#include "query_compile.h"
#include "schema.h"
#include "synonyms.h"
#include "xc.h"

/* ---- parser ------------------------------------------------------------- */

static char *describe(const char *q)
{
    query_node *n = NULL;
    query_error err;
    passim_status st = query_parse(&n, q, strlen(q), &err);
    ck_assert_msg(st == PASSIM_OK, "%s: %s", q, err.message);
    char *d = query_describe(n);
    query_node_free(n);
    return d;
}

static const struct {
    const char *query, *tree;
} trees[] = {
    {"foo", "foo"},
    {"foo bar", "(IMPLICIT foo bar)"},
    {"a AND b", "(AND a b)"},
    {"a AND b AND c", "(AND a b c)"},
    {"a OR b OR c", "(OR a b c)"},
    {"a AND b OR c", "(OR (AND a b) c)"},
    {"a OR b c", "(OR a (IMPLICIT b c))"},
    {"a b AND c", "(AND (IMPLICIT a b) c)"},
    {"a AND b c", "(IMPLICIT (AND a b) c)"},
    {"and or not near", "(IMPLICIT and or not near)"},
    {"\"exact phrase\" x", "(IMPLICIT \"exact phrase\" x)"},
    {"-a +b", "(IMPLICIT -a +b)"},
    {"-\"a b\" +(c d)", "(IMPLICIT -\"a b\" +(IMPLICIT c d))"},
    {"NOT a", "(NOT a)"},
    {"a NOT b", "(IMPLICIT a (NOT b))"},
    {"NOT a b", "(IMPLICIT (NOT a) b)"},
    {"NOT NOT a", "(NOT (NOT a))"},
    {"-(-a)", "(NOT -a)"},
    {"+(-a)", "-a"},
    {"- a", "(IMPLICIT - a)"},
    {"-AND", "-AND"},
    {"a NEAR b", "(NEAR/10 a b)"},
    {"a NEAR/3 b", "(NEAR/3 a b)"},
    {"a NEAR/3 b NEAR/5 c", "(NEAR/5 a b c)"},
    {"x a NEAR/0 b", "(IMPLICIT x (NEAR/0 a b))"},
    {"-a NEAR b", "-(NEAR/10 a b)"},
    {"NOT a NEAR b", "(NOT (NEAR/10 a b))"},
    {"NEAR/x", "NEAR/x"},
    {"pre*", "pre*"},
    {"pre** a*b *", "(IMPLICIT pre* a*b *)"},
    {"title:foo", "(title: foo)"},
    {"Title:Foo", "(title: Foo)"},
    {"title:\"a b\"", "(title: \"a b\")"},
    {"title:(a OR b -c)", "(title: (OR a (IMPLICIT b -c)))"},
    {"title:pre*", "(title: pre*)"},
    {"title:AND", "(title: AND)"},
    {"-title:x", "-(title: x)"},
    {"tag:x source:\"The Verge\"",
     "(IMPLICIT (tag: x) (source: \"The Verge\"))"},
    {"lang:fr id:urn:x:1", "(IMPLICIT (lang: fr) (id: urn:x:1))"},
    {"date:2026-04-01..2026-04-30", "(date 2026-04-01..2026-04-30)"},
    {"date:2026-04..", "(date 2026-04-01..)"},
    {"date:..2026-04-30", "(date ..2026-04-30)"},
    {"date:2026-04", "(date 2026-04-01..2026-04-31)"},
    {"date:2026", "(date 2026-01-01..2026-12-31)"},
    {"date:2026-04-27", "(date 2026-04-27..2026-04-27)"},
    {"date:2024-02-29", "(date 2024-02-29..2024-02-29)"},
    {"date:2000-02-29", "(date 2000-02-29..2000-02-29)"},
    {"date:2025..2026-02", "(date 2025-01-01..2026-02-31)"},
    {"foo:bar", "(IMPLICIT foo bar)"},
    {"http://x", "(IMPLICIT http //x)"},
    {"10:30", "(IMPLICIT 10 30)"},
    {"(a)", "a"},
    {"((a OR b))", "(OR a b)"},
};

START_TEST(test_parse_trees)
{
    char *d = describe(trees[_i].query);
    ck_assert_msg(d && strcmp(d, trees[_i].tree) == 0, "%s: got %s, want %s",
                  trees[_i].query, d, trees[_i].tree);
    free(d);
}
END_TEST

START_TEST(test_parse_nul)
{
    /* NUL and control bytes separate words */
    static const char q[] = "a\0b\x01 c\x7f\"d\0e\"";
    query_node *n = NULL;
    query_error err;
    ck_assert_int_eq(query_parse(&n, q, sizeof q - 1, &err), PASSIM_OK);
    char *d = query_describe(n);
    ck_assert_str_eq(d, "(IMPLICIT a b c \"d e\")");
    ck_assert_uint_eq(n->children[3]->text_len, 3);
    free(d);
    query_node_free(n);
}
END_TEST

START_TEST(test_parse_extents)
{
    static const char q[] = "foo -bar \"x y\" title:(z)";
    query_node *n = NULL;
    query_error err;
    ck_assert_int_eq(query_parse(&n, q, strlen(q), &err), PASSIM_OK);
    ck_assert_int_eq(n->kind, QUERY_NODE_IMPLICIT);
    ck_assert_uint_eq(n->nchildren, 4);
    ck_assert_uint_eq(n->offset, 0);
    ck_assert_uint_eq(n->length, strlen(q));
    const query_node *bar = n->children[1], *xy = n->children[2],
                     *title = n->children[3];
    ck_assert(bar->excluded && !bar->required);
    ck_assert_str_eq(bar->text, "bar");
    ck_assert_uint_eq(bar->offset, 4);
    ck_assert_uint_eq(bar->length, 4);
    ck_assert_int_eq(xy->kind, QUERY_NODE_PHRASE);
    ck_assert_str_eq(xy->text, "x y");
    ck_assert_uint_eq(xy->offset, 9);
    ck_assert_uint_eq(xy->length, 5);
    ck_assert_int_eq(title->kind, QUERY_NODE_FIELD);
    ck_assert_int_eq(title->field, QUERY_FIELD_TITLE);
    ck_assert_uint_eq(title->offset, 15);
    ck_assert_uint_eq(title->length, 9);
    ck_assert_uint_eq(title->children[0]->offset, 21);
    ck_assert_uint_eq(title->children[0]->length, 3);
    query_node_free(n);
}
END_TEST

static const struct {
    const char *query;
    size_t offset;
    const char *message;
} errors[] = {
    {"", 0, "empty query"},
    {"   ", 0, "empty query"},
    {"say \"abc", 4, "unbalanced quote"},
    {"a \"b\" \"c", 6, "unbalanced quote"},
    {"x (a b", 2, "unbalanced parenthesis"},
    {"a b)", 3, "unbalanced parenthesis"},
    {"(a))", 3, "unbalanced parenthesis"},
    {")", 0, "unbalanced parenthesis"},
    {"x title:", 2, "empty field title:"},
    {"title: x", 0, "empty field title:"},
    {"(tag:)", 1, "empty field tag:"},
    {"date:2026-13", 5, "bad date \"2026-13\": no such month"},
    {"date:2026-02-29", 5, "bad date \"2026-02-29\": no such day"},
    {"date:1900-02-29", 5, "bad date \"1900-02-29\": no such day"},
    {"date:2026-04-31", 5, "bad date \"2026-04-31\": no such day"},
    {"date:2026-00", 5, "bad date \"2026-00\": no such month"},
    {"date:0000", 5, "bad date \"0000\": no such year"},
    {"date:26-04", 5, "bad date \"26-04\": write YYYY, YYYY-MM or YYYY-MM-DD"},
    {"date:2026-04-01..2026-4", 17,
     "bad date \"2026-4\": write YYYY, YYYY-MM or YYYY-MM-DD"},
    {"date:..", 5, "bad date \"..\": a range needs at least one end"},
    {"date:2026-04-30..2026-04-01", 5,
     "bad date \"2026-04-30..2026-04-01\": the range ends before it starts"},
    {"date:\"2026\"", 5,
     "bad date: write date:YYYY-MM-DD, date:YYYY-MM, date:YYYY or a range "
     "from..to"},
    {"a NEAR", 2, "NEAR needs a word on each side"},
    {"NEAR a", 0, "NEAR needs a word on each side"},
    {"a NEAR/2 NOT b", 2, "NEAR needs a word on each side"},
    {"a NEAR \"b c\"", 7, "NEAR works on words only"},
    {"\"b c\" NEAR a", 0, "NEAR works on words only"},
    {"x (a b) NEAR c", 2, "NEAR works on words only"},
    {"a NEAR b*", 7, "NEAR works on words only"},
    {"a NEAR/1001 b", 2, "NEAR distance 1001 is more than 1000"},
    {"a AND", 2, "nothing after AND"},
    {"a OR", 2, "nothing after OR"},
    {"NOT", 0, "nothing after NOT"},
    {"a AND OR b", 2, "nothing after AND"},
    {"OR a", 0, "nothing before OR"},
    {"(AND a)", 1, "nothing before AND"},
    {"a ()", 2, "empty parentheses"},
    {"title:()", 6, "empty parentheses"},
    {"title:(a tag:b)", 9, "fields cannot be nested in title:(...)"},
    {"tag:x*", 4, "tag: takes no wildcard"},
    {"source:(a)", 7, "source: takes a word or a \"phrase\""},
};

START_TEST(test_parse_errors)
{
    query_node *n = (query_node *)1;
    query_error err;
    passim_status st =
        query_parse(&n, errors[_i].query, strlen(errors[_i].query), &err);
    ck_assert_msg(st == PASSIM_ERROR_QUERY_SYNTAX, "%s: status %d",
                  errors[_i].query, st);
    ck_assert_ptr_null(n);
    ck_assert_msg(strcmp(err.message, errors[_i].message) == 0,
                  "%s: message \"%s\"", errors[_i].query, err.message);
    ck_assert_msg(err.offset == errors[_i].offset, "%s: offset %zu",
                  errors[_i].query, err.offset);
}
END_TEST

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) +
           (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static char *repeat(const char *unit, size_t times, const char *tail)
{
    size_t ulen = strlen(unit), tlen = strlen(tail);
    char *s = malloc(ulen * times + tlen + 1);
    ck_assert_ptr_nonnull(s);
    for (size_t i = 0; i < times; i++)
        memcpy(s + i * ulen, unit, ulen);
    memcpy(s + ulen * times, tail, tlen + 1);
    return s;
}

START_TEST(test_parse_limits)
{
    query_node *n = NULL;
    query_error err;
    struct timespec t0;

    /* one word of exactly the longest length is fine; a byte more is not */
    char *big = repeat("x", QUERY_MAX_BYTES + 1, "");
    ck_assert_int_eq(query_parse(&n, big, QUERY_MAX_BYTES, &err), PASSIM_OK);
    ck_assert_uint_eq(n->text_len, QUERY_MAX_BYTES);
    query_node_free(n);
    ck_assert_int_eq(query_parse(&n, big, QUERY_MAX_BYTES + 1, &err),
                     PASSIM_ERROR_QUERY_SYNTAX);
    ck_assert_str_eq(err.message, "query too long (at most 102400 bytes)");
    ck_assert_uint_eq(err.offset, QUERY_MAX_BYTES);
    free(big);

    /* 64 levels of parentheses are fine, 65 are not */
    char *deep = repeat("(", 64, "a"), *closing = repeat(")", 64, "");
    char *closed = malloc(strlen(deep) + strlen(closing) + 1);
    ck_assert_ptr_nonnull(closed);
    sprintf(closed, "%s%s", deep, closing);
    free(deep);
    free(closing);
    ck_assert_int_eq(query_parse(&n, closed, strlen(closed), &err), PASSIM_OK);
    ck_assert_int_eq(n->kind, QUERY_NODE_WORD);
    query_node_free(n);
    free(closed);
    deep = repeat("(", 65, "a");
    ck_assert_int_eq(query_parse(&n, deep, strlen(deep), &err),
                     PASSIM_ERROR_QUERY_SYNTAX);
    ck_assert_str_eq(err.message, "too deeply nested (at most 64 levels)");
    ck_assert_uint_eq(err.offset, 64);
    free(deep);

    /* 10,000 open parentheses and 10,000 NOTs fail fast, without recursing */
    clock_gettime(CLOCK_MONOTONIC, &t0);
    deep = repeat("(", 10000, "a");
    ck_assert_int_eq(query_parse(&n, deep, strlen(deep), &err),
                     PASSIM_ERROR_QUERY_SYNTAX);
    ck_assert_str_eq(err.message, "too deeply nested (at most 64 levels)");
    free(deep);
    deep = repeat("NOT ", 10000, "a");
    ck_assert_int_eq(query_parse(&n, deep, strlen(deep), &err),
                     PASSIM_ERROR_QUERY_SYNTAX);
    ck_assert_str_eq(err.message, "too deeply nested (at most 64 levels)");
    ck_assert_uint_eq(err.offset, 64 * 4);
    free(deep);
    ck_assert_double_lt(seconds_since(&t0), 0.5);

    /* 1,000 terms are fine; 10,000 ORs are too many */
    char *many = repeat("w OR ", 999, "w");
    ck_assert_int_eq(query_parse(&n, many, strlen(many), &err), PASSIM_OK);
    ck_assert_uint_eq(n->nchildren, 1000);
    query_node_free(n);
    free(many);
    many = repeat("w OR ", 10000, "w");
    ck_assert_int_eq(query_parse(&n, many, strlen(many), &err),
                     PASSIM_ERROR_QUERY_SYNTAX);
    ck_assert_str_eq(err.message, "too many terms (at most 1000)");
    ck_assert_uint_eq(err.offset, 1000 * 5);
    free(many);
    /* phrase words count too */
    many = repeat("w ", 1002, "");
    many[0] = '"';
    many[strlen(many) - 1] = '"';
    ck_assert_int_eq(query_parse(&n, many, strlen(many), &err),
                     PASSIM_ERROR_QUERY_SYNTAX);
    ck_assert_str_eq(err.message, "too many terms (at most 1000)");
    free(many);
}
END_TEST

/* Random queries from a fixed seed: the parser must either build a tree
 * whose extents lie in the query, or fail with a message and an offset in
 * the query. Bytes are drawn mostly from the language's own syntax so that
 * deep and odd structures come up, plus any byte at all. */
START_TEST(test_parse_stress)
{
    static const char *const pieces[] = {
        "(",      ")",      "\"",    "-",        "+",       "*",
        ":",      " ",      "AND",   "OR",       "NOT",     "NEAR",
        "NEAR/3", "title:", "tag:",  "date:",    "2026-04", "..",
        "a",      "b",      "word",  "\xc3\xa9", "\xff",    "\0",
        "\t",     "id:",    "lang:", "--",       "()"};
    unsigned long long state = 0x9e3779b97f4a7c15ULL;
    char q[512];
    for (int i = 0; i < 20000; i++) {
        size_t len = 0;
        state ^= state << 13, state ^= state >> 7, state ^= state << 17;
        size_t count = state % 40;
        for (size_t k = 0; k < count; k++) {
            state ^= state << 13, state ^= state >> 7, state ^= state << 17;
            if (state % 5 == 0) {
                q[len++] = (char)(state >> 8);
                continue;
            }
            const char *p =
                pieces[(state >> 8) % (sizeof pieces / sizeof *pieces)];
            size_t plen = *p ? strlen(p) : 1;
            memcpy(q + len, p, plen);
            len += plen;
        }
        query_node *n = NULL;
        query_error err = {12345, "x"};
        passim_status st = query_parse(&n, q, len, &err);
        if (st == PASSIM_OK) {
            ck_assert_uint_le(n->offset + n->length, len);
            char *d = query_describe(n);
            ck_assert_ptr_nonnull(d);
            free(d);
            query_node_free(n);
        } else {
            ck_assert_int_eq(st, PASSIM_ERROR_QUERY_SYNTAX);
            ck_assert_ptr_null(n);
            ck_assert_uint_le(err.offset, len);
            ck_assert(err.message[0] != '\0' && strcmp(err.message, "x"));
        }
    }
}
END_TEST

/* ---- synonyms ------------------------------------------------------------ */

START_TEST(test_synonyms_parse)
{
    static const char text[] = "# cloud words\n"
                               "\n"
                               "AWS = Amazon Web Services\r\n"
                               "gpu = graphics processing unit, graphics card\n"
                               "  e-mail = electronic mail\n"
                               "gpu = accelerator\n";
    synonyms *syn = NULL;
    query_error err;
    size_t n;
    ck_assert_int_eq(synonyms_parse(&syn, text, strlen(text), "syn.txt", &err),
                     PASSIM_OK);
    ck_assert_uint_eq(synonyms_count(syn), 3);
    const synonyms_alternative *alts = synonyms_lookup(syn, "aws", &n);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(alts[0].nterms, 3);
    ck_assert_str_eq(alts[0].terms[2], "services");
    alts = synonyms_lookup(syn, "gpu", &n);
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(alts[1].nterms, 2);
    ck_assert_str_eq(alts[1].terms[1], "card");
    ck_assert_str_eq(alts[2].terms[0], "accelerator");
    ck_assert_ptr_nonnull(synonyms_lookup(syn, "email", &n));
    ck_assert_ptr_null(synonyms_lookup(syn, "graphics", &n));
    ck_assert_uint_eq(n, 0);

    const char *card[] = {"graphics", "card"}, *acc[] = {"accelerator"};
    size_t cursor = 0;
    ck_assert_str_eq(synonyms_reverse(syn, card, 2, &cursor), "gpu");
    ck_assert_ptr_null(synonyms_reverse(syn, card, 2, &cursor));
    cursor = 0;
    ck_assert_str_eq(synonyms_reverse(syn, acc, 1, &cursor), "gpu");
    cursor = 0;
    ck_assert_ptr_null(synonyms_reverse(syn, card, 1, &cursor));
    synonyms_free(syn);
}
END_TEST

static const struct {
    const char *text;
    size_t offset;
    const char *message;
} synonym_errors[] = {
    {"a = b\nno equals sign\n", 6,
     "f.txt:2: expected \"word = alternative, ...\""},
    {"= b\n", 0, "f.txt:1: no word before '='"},
    {"a b = c\n", 0, "f.txt:1: the left side must be one word"},
    {"# x\na = b,, c\n", 4, "f.txt:2: empty alternative after '='"},
    {"a =\n", 0, "f.txt:1: empty alternative after '='"},
};

START_TEST(test_synonyms_errors)
{
    synonyms *syn = (synonyms *)1;
    query_error err;
    const char *t = synonym_errors[_i].text;
    ck_assert_int_eq(synonyms_parse(&syn, t, strlen(t), "f.txt", &err),
                     PASSIM_ERROR_QUERY_SYNTAX);
    ck_assert_ptr_null(syn);
    ck_assert_str_eq(err.message, synonym_errors[_i].message);
    ck_assert_uint_eq(err.offset, synonym_errors[_i].offset);
}
END_TEST

/* ---- compiler against a real database ----------------------------------- */

typedef struct test_doc {
    const char *title, *body, *tag, *source, *lang, *id, *date;
} test_doc;

/* Document i + 1 of the database. */
static const test_doc docs[] = {
    {"Cloud partnerships",
     "Amazon announced a multi-cloud strategy for running models.",
     "Cloud Partnerships", "The Verge", "en", "a1", "2026-04-27"},
    {"GPU shortage",
     "The graphics processing unit market is tight and Nvidia runs hot in "
     "2026.",
     "hardware", "Reuters", "en", "a2", "2026-03-15"},
    {"Multicloud tools", "A multicloud approach on AWS lets teams run.", NULL,
     "Reuters", "en", "a3", "2025-12-31"},
    {"Hybrid setups", "We use multi cloud deployments on amazon web services.",
     NULL, "Blog", "en", "a4", "2024-02-29"},
    {"L'IA en France", "Les chercheurs publient des publications.", NULL, NULL,
     "fr", "a5", "2026-04-01"},
    {"Notes", "To be or not to be, a GPU asked.", NULL, NULL, "en", "a6", NULL},
    {"Greek letters",
     "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda", NULL,
     NULL, "en", "a7", "2026-04-30"},
};

typedef struct sink {
    xc_doc *doc;
    const char *plain, *stem;
    char parts[SCHEMA_TERM_MAX];
} sink;

static void add_prefixed(xc_doc *doc, const char *prefix, const char *t,
                         size_t len, long pos)
{
    char buf[SCHEMA_TERM_MAX];
    size_t n = schema_term(buf, prefix, t, len);
    ck_assert_int_eq(pos >= 0
                         ? xc_doc_add_posting(doc, buf, n, (xc_termpos)pos, 1)
                         : xc_doc_add_term(doc, buf, n, 1),
                     PASSIM_OK);
}

static int sink_token(const analyzer_token *t, void *ctx)
{
    sink *s = ctx;
    add_prefixed(s->doc, s->plain, t->term, t->term_len, t->position);
    add_prefixed(s->doc, s->stem, t->stem, t->stem_len, -1);
    if (t->flags & ANALYZER_TOKEN_PART) {
        if (*s->parts)
            strcat(s->parts, "-");
        strncat(s->parts, t->term, t->term_len);
    } else if ((t->flags & ANALYZER_TOKEN_JOINED) && !*s->plain) {
        char entry[SCHEMA_TERM_MAX];
        int n = snprintf(entry, sizeof entry, "XC%.*s %s", (int)t->term_len,
                         t->term, s->parts);
        ck_assert_int_eq(xc_doc_add_boolean_term(s->doc, entry, (size_t)n),
                         PASSIM_OK);
    }
    if (!(t->flags & ANALYZER_TOKEN_PART))
        s->parts[0] = '\0';
    return 0;
}

static void add_folded(xc_doc *doc, const char *prefix, const char *value)
{
    char buf[SCHEMA_TERM_MAX];
    char *folded = schema_fold_value(value);
    size_t n = schema_term(buf, prefix, folded, strlen(folded));
    ck_assert_int_eq(xc_doc_add_boolean_term(doc, buf, n), PASSIM_OK);
    free(folded);
}

static void index_doc(xc_db *db, const test_doc *d)
{
    analyzer *an = NULL;
    xc_doc *doc = NULL;
    char buf[SCHEMA_TERM_MAX];
    ck_assert_int_eq(analyzer_new(&an, d->lang, NULL), PASSIM_OK);
    ck_assert_int_eq(xc_doc_new(&doc, NULL), PASSIM_OK);
    sink title = {doc, PREFIX_TITLE, PREFIX_TITLE_STEM, ""};
    sink body = {doc, "", PREFIX_STEM, ""};
    ck_assert_int_eq(analyzer_run(an, d->title, strlen(d->title),
                                  ANALYZER_FOR_DOCUMENT, 0, sink_token, &title,
                                  NULL),
                     PASSIM_OK);
    ck_assert_int_eq(analyzer_run(an, d->body, strlen(d->body),
                                  ANALYZER_FOR_DOCUMENT, 0, sink_token, &body,
                                  NULL),
                     PASSIM_OK);
    if (d->tag)
        add_folded(doc, PREFIX_TAG, d->tag);
    if (d->source)
        add_folded(doc, PREFIX_SOURCE, d->source);
    const char *code = analyzer_language_code(an);
    size_t n = schema_term(buf, PREFIX_LANG, code, strlen(code));
    ck_assert_int_eq(xc_doc_add_boolean_term(doc, buf, n), PASSIM_OK);
    n = schema_term(buf, PREFIX_ARTICLE, d->id, strlen(d->id));
    ck_assert_int_eq(xc_doc_add_boolean_term(doc, buf, n), PASSIM_OK);
    if (d->date)
        ck_assert_int_eq(xc_doc_set_value(doc, SLOT_DATE, d->date, 10),
                         PASSIM_OK);
    ck_assert_int_eq(xc_db_add_document(db, doc, NULL), PASSIM_OK);
    xc_doc_free(doc);
    analyzer_free(an);
}

static char db_dir[] = "/tmp/passim-test-query-XXXXXX";
static xc_db *db;
static analyzer *english, *french;
static synonyms *syn;

/* What the database on disk holds (fixture_db_add builds it once, in the
 * parent). */
static void index_docs(xc_db *w)
{
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++)
        index_doc(w, &docs[i]);
}

/* Per test, in the test's process: what the compiler uses. */
static void compile_setup(void)
{
    static const char syn_text[] = "aws = amazon web services\n"
                                   "gpu = graphics processing unit, "
                                   "graphics card\n";
    query_error err;
    ck_assert_int_eq(xc_db_open(&db, db_dir, NULL), PASSIM_OK);
    ck_assert_int_eq(analyzer_new(&english, "english", NULL), PASSIM_OK);
    ck_assert_int_eq(analyzer_new(&french, "french", NULL), PASSIM_OK);
    ck_assert_int_eq(
        synonyms_parse(&syn, syn_text, strlen(syn_text), "t", &err), PASSIM_OK);
}

static void compile_teardown(void)
{
    xc_db_free(db);
    analyzer_free(english);
    analyzer_free(french);
    synonyms_free(syn);
}

static query_compile_options options(query_match match)
{
    static analyzer *both[2];
    both[0] = english;
    both[1] = french;
    return (query_compile_options){match, both, 2,     db,  NULL,
                                   2.0,   200,  false, NULL};
}

/* The sorted ids of the documents q matches, e.g. "1,3"; *out compiled. */
static char *run_query(const char *q, const query_compile_options *opt,
                       query_compiled *out)
{
    query_node *root = NULL;
    query_error err;
    xc_enquire *e = NULL;
    xc_mset *m = NULL;
    char ids[64] = "", *result;
    bool seen[32] = {false};
    ck_assert_msg(query_parse(&root, q, strlen(q), &err) == PASSIM_OK, "%s: %s",
                  q, err.message);
    ck_assert_msg(query_compile(out, root, opt, &err) == PASSIM_OK, "%s: %s", q,
                  err.message);
    ck_assert_ptr_nonnull(out->query);
    ck_assert_int_eq(xc_enquire_new(&e, db, NULL), PASSIM_OK);
    ck_assert_int_eq(xc_enquire_set_query(e, out->query), PASSIM_OK);
    ck_assert_int_eq(xc_enquire_get_mset(e, &m, 0, 32, 32), PASSIM_OK);
    for (size_t i = 0; i < xc_mset_size(m); i++) {
        xc_docid id;
        ck_assert_int_eq(xc_mset_hit(m, i, &id, NULL, NULL), PASSIM_OK);
        ck_assert_uint_lt(id, 32);
        seen[id] = true;
    }
    for (unsigned int id = 1; id < 32; id++)
        if (seen[id])
            snprintf(ids + strlen(ids), sizeof ids - strlen(ids), "%s%u",
                     *ids ? "," : "", id);
    result = strdup(ids);
    xc_mset_free(m);
    xc_enquire_free(e);
    query_node_free(root);
    return result;
}

static char *matches_with(const char *q, const query_compile_options *opt)
{
    query_compiled c;
    char *ids = run_query(q, opt, &c);
    query_compiled_clear(&c);
    return ids;
}

static const struct {
    const char *query;
    query_match match;
    const char *ids;
} cases[] = {
    /* words by their stems, in body and title */
    {"running", QUERY_MATCH_ALL, "1,2,3"},
    {"RUNS", QUERY_MATCH_ALL, "1,2,3"},
    {"Amazon", QUERY_MATCH_ALL, "1,4"},
    {"2026", QUERY_MATCH_ALL, "2"},
    {"cloud", QUERY_MATCH_ALL, "1,4"},
    {"shortage", QUERY_MATCH_ALL, "2"},
    {"amazon nvidia", QUERY_MATCH_ALL, ""},
    {"amazon nvidia", QUERY_MATCH_ANY, "1,2,4"},
    {"amazon AND nvidia", QUERY_MATCH_ANY, ""},
    {"amazon OR nvidia", QUERY_MATCH_ALL, "1,2,4"},
    {"amazon strategy OR nvidia", QUERY_MATCH_ALL, "1,2"},
    {"(amazon OR nvidia) hot", QUERY_MATCH_ALL, "2"},
    /* negation and required words */
    {"amazon -strategy", QUERY_MATCH_ALL, "4"},
    {"amazon NOT strategy", QUERY_MATCH_ALL, "4"},
    {"amazon AND NOT strategy", QUERY_MATCH_ALL, "4"},
    {"amazon nvidia -strategy", QUERY_MATCH_ANY, "2,4"},
    {"+amazon nvidia", QUERY_MATCH_ANY, "1,4"},
    {"+amazon +strategy nvidia", QUERY_MATCH_ANY, "1"},
    {"-amazon", QUERY_MATCH_ALL, "2,3,5,6,7"},
    {"NOT amazon -gpu", QUERY_MATCH_ALL, "3,5,7"},
    {"-(-amazon)", QUERY_MATCH_ALL, "1,4"},
    {"nvidia OR -amazon", QUERY_MATCH_ALL, "2,3,5,6,7"},
    {"amazon (-strategy -web)", QUERY_MATCH_ALL, ""},
    {"amazon (-strategy)", QUERY_MATCH_ALL, "4"},
    /* phrases: unstemmed, in order, stopwords kept */
    {"\"graphics processing unit\"", QUERY_MATCH_ALL, "2"},
    {"\"processing graphics\"", QUERY_MATCH_ALL, ""},
    {"\"runs\"", QUERY_MATCH_ALL, "2"},
    {"\"or not to\"", QUERY_MATCH_ALL, "6"},
    {"\"gpu shortage\"", QUERY_MATCH_ALL, "2"},
    /* NEAR: unstemmed, any order, at most n words between */
    {"alpha NEAR/2 delta", QUERY_MATCH_ALL, "7"},
    {"delta NEAR/2 alpha", QUERY_MATCH_ALL, "7"},
    {"alpha NEAR/1 delta", QUERY_MATCH_ALL, ""},
    {"alpha NEAR kappa", QUERY_MATCH_ALL, "7"},
    {"alpha NEAR lambda", QUERY_MATCH_ALL, "7"},
    {"alpha NEAR/8 lambda", QUERY_MATCH_ALL, ""},
    {"alpha NEAR/1 gamma NEAR/1 delta", QUERY_MATCH_ALL, "7"},
    {"alpha NEAR/3 nvidia", QUERY_MATCH_ALL, ""},
    /* prefixes, body and title */
    {"multi*", QUERY_MATCH_ALL, "1,3,4"},
    {"partner*", QUERY_MATCH_ALL, "1"},
    {"gr*", QUERY_MATCH_ALL, "2,7"},
    {"gr* -graph*", QUERY_MATCH_ALL, "7"},
    /* fields */
    {"title:cloud", QUERY_MATCH_ALL, "1"},
    {"title:CLOUDS", QUERY_MATCH_ALL, "1"},
    {"title:\"gpu shortage\"", QUERY_MATCH_ALL, "2"},
    {"title:\"shortage gpu\"", QUERY_MATCH_ALL, ""},
    {"title:(gpu OR hybrid)", QUERY_MATCH_ALL, "2,4"},
    {"title:(gpu -shortage)", QUERY_MATCH_ALL, ""},
    {"title:multi*", QUERY_MATCH_ALL, "3"},
    {"title:gpu", QUERY_MATCH_ALL, "2"},
    {"tag:\"cloud partnerships\"", QUERY_MATCH_ALL, "1"},
    {"tag:Cloud-Partnerships", QUERY_MATCH_ALL, "1"},
    {"tag:hardware", QUERY_MATCH_ALL, "2"},
    {"tag:cloud", QUERY_MATCH_ALL, ""},
    {"source:reuters", QUERY_MATCH_ALL, "2,3"},
    {"source:\"The Verge\"", QUERY_MATCH_ALL, "1"},
    {"source:reuters -tag:hardware", QUERY_MATCH_ALL, "3"},
    {"tag:hardware OR source:blog", QUERY_MATCH_ALL, "2,4"},
    {"run source:reuters", QUERY_MATCH_ANY, "2,3"},
    {"lang:fr", QUERY_MATCH_ALL, "5"},
    {"lang:French", QUERY_MATCH_ALL, "5"},
    {"lang:en -lang:english", QUERY_MATCH_ALL, ""},
    {"id:a3", QUERY_MATCH_ALL, "3"},
    {"id:a3 OR id:a7", QUERY_MATCH_ALL, "3,7"},
    /* dates */
    {"date:2026-04", QUERY_MATCH_ALL, "1,5,7"},
    {"date:2026", QUERY_MATCH_ALL, "1,2,5,7"},
    {"date:..2025-12-31", QUERY_MATCH_ALL, "3,4"},
    {"date:2026-04-27", QUERY_MATCH_ALL, "1"},
    {"date:2024-02-29", QUERY_MATCH_ALL, "4"},
    {"date:2024-03..2026-03", QUERY_MATCH_ALL, "2,3"},
    {"date:2026-04-02..", QUERY_MATCH_ALL, "1,7"},
    {"amazon date:2026", QUERY_MATCH_ALL, "1"},
    {"amazon OR date:2025", QUERY_MATCH_ALL, "1,3,4"},
    /* compounds, three ways */
    {"multi-cloud", QUERY_MATCH_ALL, "1,3,4"},
    {"multicloud", QUERY_MATCH_ALL, "1,3,4"},
    {"\"multi cloud\"", QUERY_MATCH_ALL, "1,3,4"},
    {"\"multi-cloud\"", QUERY_MATCH_ALL, "1,3,4"},
    /* stopwords: dropped unless they are all there is */
    {"running the", QUERY_MATCH_ALL, "1,2,3"},
    {"to be", QUERY_MATCH_ALL, "6"},
    {"the", QUERY_MATCH_ALL, "2"},
    {"+the running", QUERY_MATCH_ALL, "2"},
    {"+the running", QUERY_MATCH_ANY, "2"},
    {"to running", QUERY_MATCH_ANY, "1,2,3"},
    /* punctuation inside a word makes a phrase */
    {"web/services", QUERY_MATCH_ALL, "4"},
    {"services/web", QUERY_MATCH_ALL, ""},
    {"foo:amazon", QUERY_MATCH_ANY, "1,4"},
};

START_TEST(test_compile_matches)
{
    query_compile_options opt = options(cases[_i].match);
    char *ids = matches_with(cases[_i].query, &opt);
    ck_assert_msg(strcmp(ids, cases[_i].ids) == 0,
                  "%s (%s): got \"%s\", want "
                  "\"%s\"",
                  cases[_i].query,
                  cases[_i].match == QUERY_MATCH_ALL ? "all" : "any", ids,
                  cases[_i].ids);
    free(ids);
}
END_TEST

static char *matches(const char *q)
{
    query_compile_options opt = options(QUERY_MATCH_ALL);
    return matches_with(q, &opt);
}

START_TEST(test_compile_synonyms)
{
    query_compile_options opt = options(QUERY_MATCH_ALL);
    char *ids;
    /* without the rules */
    ids = matches("aws");
    ck_assert_str_eq(ids, "3");
    free(ids);
    ids = matches("\"graphics processing unit\"");
    ck_assert_str_eq(ids, "2");
    free(ids);
    /* with them: both ways */
    opt.syn = syn;
    ids = matches_with("aws", &opt);
    ck_assert_str_eq(ids, "3,4");
    free(ids);
    ids = matches_with("\"amazon web services\"", &opt);
    ck_assert_str_eq(ids, "3,4");
    free(ids);
    ids = matches_with("\"graphics processing unit\"", &opt);
    ck_assert_str_eq(ids, "2,6");
    free(ids);
    ids = matches_with("aws -deployments", &opt);
    ck_assert_str_eq(ids, "3");
    free(ids);
}
END_TEST

START_TEST(test_compile_compound_dictionary)
{
    /* without the dictionary the joined word finds only itself */
    query_compile_options opt = options(QUERY_MATCH_ALL);
    opt.db = NULL;
    char *ids = matches_with("multicloud", &opt);
    ck_assert_str_eq(ids, "1,3");
    free(ids);
    ids = matches_with("\"multi cloud\"", &opt);
    ck_assert_str_eq(ids, "1,4");
    free(ids);
}
END_TEST

/* A search's compiles share their dictionary lookups (compound_cache): a
 * later compile finds the entries an earlier one read, without asking the
 * database again (here one that has none). */
START_TEST(test_compile_compound_cache)
{
    char path[sizeof db_dir + 16];
    query_compile_options opt = options(QUERY_MATCH_ALL);
    compound_cache *cc = compound_cache_new();
    xc_db *empty = NULL;
    char *ids;
    snprintf(path, sizeof path, "%s/empty", db_dir); /* removed with it */
    ck_assert_ptr_nonnull(cc);
    ck_assert_int_eq(
        xc_db_open_writable(&empty, path, XC_DB_CREATE_OR_OVERWRITE, NULL),
        PASSIM_OK);
    opt.compounds = cc;
    ids = matches_with("multicloud", &opt);
    ck_assert_str_eq(ids, "1,3,4");
    free(ids);
    opt.db = empty;
    ids = matches_with("multicloud", &opt);
    ck_assert_str_eq(ids, "1,3,4");
    free(ids);
    opt.compounds = NULL;
    ids = matches_with("multicloud", &opt);
    ck_assert_str_eq(ids, "1,3");
    free(ids);
    xc_db_free(empty);
    compound_cache_free(cc);
}
END_TEST

START_TEST(test_compile_languages)
{
    /* a French article's words are stemmed in French: an English-only
     * compiler misses them where the stems differ */
    size_t len;
    char en[64], fr[64];
    snprintf(en, sizeof en, "%s",
             analyzer_stem(english, "publications", 12, &len));
    snprintf(fr, sizeof fr, "%s",
             analyzer_stem(french, "publications", 12, &len));
    ck_assert_str_ne(en, fr);
    query_compile_options opt = options(QUERY_MATCH_ALL);
    char *ids = matches_with("publications", &opt);
    ck_assert_str_eq(ids, "5");
    free(ids);
    opt.nanalyzers = 1;
    ids = matches_with("publications", &opt);
    ck_assert_str_eq(ids, "");
    free(ids);
    /* the exact form is still there */
    ids = matches_with("\"publications\"", &opt);
    ck_assert_str_eq(ids, "5");
    free(ids);
}
END_TEST

static bool has(char **v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0)
            return true;
    return false;
}

START_TEST(test_compile_outputs)
{
    query_compile_options opt = options(QUERY_MATCH_ALL);
    query_compiled c;
    char *ids;

    ids = run_query("Running the -amazon \"graphics card\" multi*", &opt, &c);
    free(ids);
    ck_assert(has(c.terms, c.nterms, "running"));
    ck_assert(has(c.terms, c.nterms, "run"));
    ck_assert(has(c.terms, c.nterms, "graphics"));
    ck_assert(has(c.terms, c.nterms, "card"));
    ck_assert(!has(c.terms, c.nterms, "the"));
    ck_assert(!has(c.terms, c.nterms, "amazon"));
    ck_assert(!has(c.terms, c.nterms, "multi"));
    ck_assert_uint_eq(c.nterms, 4); /* the French stem of running is running */
    ck_assert_uint_eq(c.nprefixes, 1);
    ck_assert_str_eq(c.prefixes[0], "multi");
    ck_assert_uint_eq(c.nwords, 1);
    ck_assert_ptr_null(c.proximity);
    ck_assert(!c.only_filters);
    query_compiled_clear(&c);

    /* proximity: the positive plain words within 8 */
    ids = run_query("alpha delta -zeta", &opt, &c);
    ck_assert_str_eq(ids, "");
    free(ids);
    ck_assert_uint_eq(c.nwords, 2);
    ck_assert_ptr_nonnull(c.proximity);
    xc_enquire *e = NULL;
    xc_mset *m = NULL;
    ck_assert_int_eq(xc_enquire_new(&e, db, NULL), PASSIM_OK);
    ck_assert_int_eq(xc_enquire_set_query(e, c.proximity), PASSIM_OK);
    ck_assert_int_eq(xc_enquire_get_mset(e, &m, 0, 10, 10), PASSIM_OK);
    ck_assert_uint_eq(xc_mset_size(m), 1);
    xc_mset_free(m);
    xc_enquire_free(e);
    query_compiled_clear(&c);

    /* filters only, negations only */
    ids = run_query("tag:hardware date:2026", &opt, &c);
    ck_assert_str_eq(ids, "2");
    free(ids);
    ck_assert(c.only_filters);
    ck_assert_uint_eq(c.nterms, 0);
    ck_assert_uint_eq(c.nwords, 0);
    query_compiled_clear(&c);
    ids = run_query("-amazon", &opt, &c);
    free(ids);
    ck_assert(c.only_filters);
    query_compiled_clear(&c);
    ck_assert_ptr_null(c.query);
    query_compiled_clear(&c); /* twice is harmless */
}
END_TEST

static const struct {
    const char *query;
    size_t offset;
    const char *message;
} compile_errors[] = {
    {"x m*", 2, "prefix too short (at least 2 letters before *)"},
    {"\xc3\xa9*", 0, "prefix too short (at least 2 letters before *)"},
    {"!!*", 0, "prefix too short (at least 2 letters before *)"},
    {"a/b*", 0, "a prefix must be one word"},
    {"lang:klingon", 5, "unknown language \"klingon\""},
    {"tag:\"!!\"", 4, "tag: needs letters or digits"},
    {"!!! ...", 0, "nothing to search for: no letters or digits"},
};

START_TEST(test_compile_errors)
{
    query_compile_options opt = options(QUERY_MATCH_ALL);
    query_node *root = NULL;
    query_error err;
    query_compiled c;
    const char *q = compile_errors[_i].query;
    ck_assert_int_eq(query_parse(&root, q, strlen(q), &err), PASSIM_OK);
    ck_assert_int_eq(query_compile(&c, root, &opt, &err),
                     PASSIM_ERROR_QUERY_SYNTAX);
    ck_assert_ptr_null(c.query);
    ck_assert_str_eq(err.message, compile_errors[_i].message);
    ck_assert_uint_eq(err.offset, compile_errors[_i].offset);
    query_node_free(root);
}
END_TEST

START_TEST(test_compile_term_limit)
{
    /* one word of 1,001 punctuation-separated words: too many terms */
    char *q = repeat("a.", 1001, "");
    query_compile_options opt = options(QUERY_MATCH_ALL);
    query_node *root = NULL;
    query_error err;
    query_compiled c;
    ck_assert_int_eq(query_parse(&root, q, strlen(q), &err), PASSIM_OK);
    ck_assert_int_eq(query_compile(&c, root, &opt, &err),
                     PASSIM_ERROR_QUERY_SYNTAX);
    ck_assert_str_eq(err.message, "too many terms (at most 1000)");
    query_node_free(root);
    free(q);
    /* 1,000 words compile */
    q = repeat("alpha OR ", 999, "beta");
    char *ids = matches(q);
    ck_assert_str_eq(ids, "7");
    free(ids);
    free(q);
}
END_TEST

static Suite *query_suite(void)
{
    Suite *s = suite_create("query");
    TCase *parse = tcase_create("parse");
    tcase_add_loop_test(parse, test_parse_trees, 0,
                        sizeof trees / sizeof *trees);
    tcase_add_test(parse, test_parse_nul);
    tcase_add_test(parse, test_parse_extents);
    tcase_add_loop_test(parse, test_parse_errors, 0,
                        sizeof errors / sizeof *errors);
    tcase_add_test(parse, test_parse_limits);
    tcase_add_test(parse, test_parse_stress);
    tcase_set_timeout(parse, 120);
    suite_add_tcase(s, parse);

    TCase *syns = tcase_create("synonyms");
    tcase_add_test(syns, test_synonyms_parse);
    tcase_add_loop_test(syns, test_synonyms_errors, 0,
                        sizeof synonym_errors / sizeof *synonym_errors);
    suite_add_tcase(s, syns);

    TCase *compile = tcase_create("compile");
    fixture_db_add(compile, db_dir, index_docs);
    tcase_add_checked_fixture(compile, compile_setup, compile_teardown);
    tcase_add_loop_test(compile, test_compile_matches, 0,
                        sizeof cases / sizeof *cases);
    tcase_add_test(compile, test_compile_synonyms);
    tcase_add_test(compile, test_compile_compound_dictionary);
    tcase_add_test(compile, test_compile_compound_cache);
    tcase_add_test(compile, test_compile_languages);
    tcase_add_test(compile, test_compile_outputs);
    tcase_add_loop_test(compile, test_compile_errors, 0,
                        sizeof compile_errors / sizeof *compile_errors);
    tcase_add_test(compile, test_compile_term_limit);
    tcase_set_timeout(compile, 120);
    suite_add_tcase(s, compile);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(query_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
