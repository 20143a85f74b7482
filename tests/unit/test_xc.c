/*
 * test_xc.c — unit tests of xapian-c/, passim's C bindings for libxapian, on
 * real databases in a temporary directory and a real xapian-tcpsrv on
 * 127.0.0.1.
 */
#include <check.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "passim.h"
#include "xc.h"

/* The directory every test's databases live in; made by main, removed at
 * the end. */
static char root[] = "/tmp/passim-xc-XXXXXX";

#define ck_ok(expr)                                                            \
    do {                                                                       \
        passim_status st_ = (expr);                                            \
        ck_assert_msg(st_ == PASSIM_OK, "%s: %s", #expr,                       \
                      passim_status_string(st_));                              \
    } while (0)

#define ck_status(expr, want)                                                  \
    do {                                                                       \
        passim_status st_ = (expr);                                            \
        ck_assert_msg(st_ == (want), "%s: got %s, want %s", #expr,             \
                      passim_status_string(st_), passim_status_string(want));  \
    } while (0)

static const char *path_of(const char *name)
{
    static char buf[4][PATH_MAX];
    static int next;
    char *p = buf[next++ % 4];
    snprintf(p, PATH_MAX, "%s/%s", root, name);
    return p;
}

static xc_db *create_db(const char *name)
{
    xc_db *db = NULL;
    char *msg = NULL;
    passim_status st = xc_db_open_writable(&db, path_of(name),
                                           XC_DB_CREATE_OR_OVERWRITE, &msg);
    ck_assert_msg(st == PASSIM_OK, "create %s: %s", name, msg ? msg : "");
    ck_assert_ptr_null(msg);
    return db;
}

static xc_db *open_db(const char *name)
{
    xc_db *db = NULL;
    ck_ok(xc_db_open(&db, path_of(name), NULL));
    return db;
}

/* A document of space-separated words at positions 1, 2, ..., the id term
 * "Q<id>", the text as data, and values 0 and 1 when not NULL. */
static xc_doc *text_doc(const char *id, const char *text, const char *v0,
                        const char *v1)
{
    xc_doc *doc = NULL;
    char idterm[64];
    ck_ok(xc_doc_new(&doc, NULL));
    xc_termpos pos = 1;
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, " ");
        if (n > 0)
            ck_ok(xc_doc_add_posting(doc, p, n, pos++, 1));
        p += n;
        p += strspn(p, " ");
    }
    snprintf(idterm, sizeof idterm, "Q%s", id);
    ck_ok(xc_doc_add_boolean_term(doc, idterm, strlen(idterm)));
    ck_ok(xc_doc_set_data(doc, text, strlen(text)));
    if (v0)
        ck_ok(xc_doc_set_value(doc, 0, v0, strlen(v0)));
    if (v1)
        ck_ok(xc_doc_set_value(doc, 1, v1, strlen(v1)));
    return doc;
}

static xc_docid add_text(xc_db *db, const char *id, const char *text,
                         const char *v0, const char *v1)
{
    xc_doc *doc = text_doc(id, text, v0, v1);
    xc_docid docid = 0;
    passim_status st = xc_db_add_document(db, doc, &docid);
    ck_assert_msg(st == PASSIM_OK, "add %s: %s", id, xc_db_error(db));
    xc_doc_free(doc);
    return docid;
}

static unsigned int doccount(xc_db *db)
{
    unsigned int n = 0;
    ck_ok(xc_db_doccount(db, &n));
    return n;
}

/* ---- queries made short ------------------------------------------------- */

static xc_query *term_at(const char *t, xc_termpos pos)
{
    xc_query *q = NULL;
    ck_ok(xc_query_term(&q, t, strlen(t), 1, pos));
    return q;
}

static xc_query *term(const char *t)
{
    return term_at(t, 0);
}

/* Combines n subqueries, which it frees. */
static xc_query *combine(xc_query_op op, unsigned int window, size_t n, ...)
{
    xc_query *subs[8], *q = NULL;
    va_list ap;
    ck_assert_uint_le(n, 8);
    va_start(ap, n);
    for (size_t i = 0; i < n; i++)
        subs[i] = va_arg(ap, xc_query *);
    va_end(ap);
    ck_ok(xc_query_combine(&q, op, subs, n, window));
    for (size_t i = 0; i < n; i++)
        xc_query_free(subs[i]);
    return q;
}

static xc_mset *run(xc_enquire *e, xc_query *q, unsigned int max)
{
    xc_mset *m = NULL;
    ck_ok(xc_enquire_set_query(e, q));
    passim_status st = xc_enquire_get_mset(e, &m, 0, max, 100);
    ck_assert_msg(st == PASSIM_OK, "get_mset: %s", xc_enquire_error(e));
    return m;
}

/* The docids of an mset in rank order, as "1 4 2". */
static const char *ranked(xc_mset *m)
{
    static char buf[256];
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < xc_mset_size(m); i++) {
        xc_docid id = 0;
        ck_ok(xc_mset_hit(m, i, &id, NULL, NULL));
        used +=
            snprintf(buf + used, sizeof buf - used, "%s%u", i ? " " : "", id);
    }
    return buf;
}

static xc_docid first_hit(xc_mset *m)
{
    xc_docid id = 0;
    ck_ok(xc_mset_hit(m, 0, &id, NULL, NULL));
    return id;
}

static int by_id(const void *a, const void *b)
{
    xc_docid x = *(const xc_docid *)a, y = *(const xc_docid *)b;
    return (x > y) - (x < y);
}

/* The docids matching q (which it frees) in ascending order, as "1 2 4". */
static const char *hits(xc_db *db, xc_query *q)
{
    static char buf[256];
    xc_docid ids[64];
    size_t n, used = 0;
    xc_enquire *e = NULL;
    ck_ok(xc_enquire_new(&e, db, NULL));
    xc_mset *m = run(e, q, 64);
    n = xc_mset_size(m);
    for (size_t i = 0; i < n; i++)
        ck_ok(xc_mset_hit(m, i, &ids[i], NULL, NULL));
    qsort(ids, n, sizeof ids[0], by_id);
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++)
        used += snprintf(buf + used, sizeof buf - used, "%s%u", i ? " " : "",
                         ids[i]);
    xc_mset_free(m);
    xc_enquire_free(e);
    xc_query_free(q);
    return buf;
}

/* The weight of docid for q (which it frees); -1 when it does not match. */
static double weight_of(xc_enquire *e, xc_query *q, xc_docid docid)
{
    double w = -1;
    xc_mset *m = run(e, q, 64);
    for (size_t i = 0; i < xc_mset_size(m); i++) {
        xc_docid id;
        double wt;
        ck_ok(xc_mset_hit(m, i, &id, &wt, NULL));
        if (id == docid)
            w = wt;
    }
    xc_mset_free(m);
    xc_query_free(q);
    return w;
}

/* The terms of a list (which it frees), joined by spaces. */
static const char *joined(xc_terms *t)
{
    static char buf[1024];
    size_t used = 0;
    bool has;
    const char *term;
    size_t len;
    buf[0] = '\0';
    while (xc_terms_next(t, &has, &term, &len, NULL, NULL) == PASSIM_OK && has)
        used += snprintf(buf + used, sizeof buf - used, "%s%.*s",
                         used ? " " : "", (int)len, term);
    ck_assert_str_eq(xc_terms_error(t), "");
    xc_terms_free(t);
    return buf;
}

/* The small corpus the query tests run on. */
static xc_db *corpus(const char *name)
{
    xc_db *db = create_db(name);
    ck_assert_uint_eq(
        add_text(db, "a", "the quick brown fox jumps", "A", "2024-01-05"), 1);
    ck_assert_uint_eq(
        add_text(db, "b", "the lazy brown dog sleeps", "A", "2024-03-10"), 2);
    ck_assert_uint_eq(
        add_text(db, "c", "quick dog runs fast", "B", "2025-06-01"), 3);
    ck_assert_uint_eq(add_text(db, "d", "fox and dog are friends", NULL, NULL),
                      4);
    ck_ok(xc_db_commit(db));
    return db;
}

/* ---- databases ---------------------------------------------------------- */

START_TEST(test_open_modes)
{
    xc_db *db = NULL, *again = NULL;
    char *msg = NULL;
    const char *path = path_of("modes");

    ck_status(xc_db_open_writable(&db, path, XC_DB_OPEN, &msg),
              PASSIM_ERROR_NOT_FOUND);
    ck_assert_ptr_null(db);
    ck_assert_ptr_nonnull(msg);
    ck_assert_uint_gt(strlen(msg), 0);
    free(msg);

    ck_ok(xc_db_open_writable(&db, path, XC_DB_CREATE, NULL));
    add_text(db, "1", "hello world", NULL, NULL);
    ck_ok(xc_db_commit(db));
    xc_db_free(db);

    ck_status(xc_db_open_writable(&db, path, XC_DB_CREATE, &msg),
              PASSIM_ERROR_IO);
    ck_assert_ptr_null(db);
    ck_assert_ptr_nonnull(strstr(msg, "already exists"));
    free(msg);

    ck_ok(xc_db_open_writable(&db, path, XC_DB_CREATE_OR_OPEN, NULL));
    ck_assert_uint_eq(doccount(db), 1);
    xc_db_free(db);

    ck_ok(xc_db_open_writable(&db, path, XC_DB_OPEN, NULL));
    ck_assert_uint_eq(doccount(db), 1);
    xc_db_free(db);

    ck_ok(xc_db_open(&db, path, NULL));
    ck_assert_uint_eq(doccount(db), 1);
    /* A read-only handle refuses writes. */
    ck_status(xc_db_commit(db), PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(xc_db_error(db), "read-only"));
    ck_ok(xc_db_open_writable(&again, path, XC_DB_CREATE_OR_OVERWRITE, NULL));
    ck_assert_uint_eq(doccount(again), 0);
    xc_db_free(again);
    xc_db_free(db);

    ck_status(xc_db_open_writable(&db, path, (xc_open_mode)99, &msg),
              PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_null(db);
    ck_assert_str_eq(msg, "InvalidArgumentError: unknown open mode");
    free(msg);
    ck_status(xc_db_open(&db, NULL, NULL), PASSIM_ERROR_INVALID_ARGUMENT);
    ck_status(xc_db_open(NULL, path, NULL), PASSIM_ERROR_INVALID_ARGUMENT);
}
END_TEST

/* What xc_doc_scan_positions showed: every term asked about, and the
 * positions of each (all are wanted but "blue"); stop: end the scan after
 * the first positions. */
typedef struct scan_record {
    char seen[64];
    char positions[64];
    int stop;
} scan_record;

static int scan_wanted(const char *term, size_t len, void *ctx)
{
    scan_record *r = ctx;
    size_t n = strlen(r->seen);
    snprintf(r->seen + n, sizeof r->seen - n, "%.*s ", (int)len, term);
    if (!(len == 4 && memcmp(term, "blue", 4) == 0)) {
        n = strlen(r->positions);
        snprintf(r->positions + n, sizeof r->positions - n, "%.*s:", (int)len,
                 term);
        return 1;
    }
    return 0;
}

static int scan_take(const xc_termpos *pos, size_t count, void *ctx)
{
    scan_record *r = ctx;
    for (size_t i = 0; i < count; i++) {
        size_t n = strlen(r->positions);
        snprintf(r->positions + n, sizeof r->positions - n, "%u%s", pos[i],
                 i + 1 < count ? "," : " ");
    }
    return r->stop;
}

START_TEST(test_documents)
{
    xc_db *db = create_db("docs");
    xc_doc *doc = NULL;
    char *s = NULL;
    size_t len = 0;
    unsigned int freq = 0;
    unsigned long long cf = 0;
    bool exists = true;
    xc_docid id = 0, lastid = 0;
    double avlen = 0;

    ck_assert_uint_eq(add_text(db, "1", "red red green", "v0", "v1"), 1);
    ck_assert_uint_eq(add_text(db, "2", "green blue", NULL, NULL), 2);
    ck_assert_uint_eq(add_text(db, "3", "blue", NULL, NULL), 3);
    ck_ok(xc_db_commit(db));

    ck_ok(xc_db_termfreq(db, "green", 5, &freq));
    ck_assert_uint_eq(freq, 2);
    ck_ok(xc_db_collection_freq(db, "red", 3, &cf));
    ck_assert_uint_eq(cf, 2);
    ck_ok(xc_db_term_exists(db, "purple", 6, &exists));
    ck_assert(!exists);
    ck_ok(xc_db_lastdocid(db, &lastid));
    ck_assert_uint_eq(lastid, 3);
    ck_ok(xc_db_avlength(db, &avlen));
    ck_assert_double_eq_tol(avlen, 2.0, 1e-9); /* (3 + 2 + 1) / 3 */

    /* Values, data and id of a stored document. */
    ck_ok(xc_db_get_document(db, &doc, 1));
    ck_assert_uint_eq(xc_doc_docid(doc), 1);
    ck_ok(xc_doc_get_value(doc, &s, &len, 0));
    ck_assert_str_eq(s, "v0");
    ck_assert_uint_eq(len, 2);
    free(s);
    ck_ok(xc_doc_get_value(doc, &s, &len, 7));
    ck_assert_str_eq(s, "");
    ck_assert_uint_eq(len, 0);
    free(s);
    ck_ok(xc_doc_get_data(doc, &s, &len));
    ck_assert_str_eq(s, "red red green");
    ck_assert_uint_eq(len, 13);
    free(s);

    /* Its term list: byte order, wdf, termfreq. */
    xc_terms *t = NULL;
    bool has;
    const char *term;
    unsigned int wdf, tf;
    ck_ok(xc_doc_terms(doc, &t));
    ck_ok(xc_terms_next(t, &has, &term, &len, &wdf, &tf));
    ck_assert(has);
    ck_assert_str_eq(term, "Q1");
    ck_assert_uint_eq(wdf, 0);
    ck_assert_uint_eq(tf, 1);
    ck_ok(xc_terms_next(t, &has, &term, &len, &wdf, &tf));
    ck_assert_str_eq(term, "green");
    ck_assert_uint_eq(tf, 2);
    ck_ok(xc_terms_next(t, &has, &term, &len, &wdf, &tf));
    ck_assert_str_eq(term, "red");
    ck_assert_uint_eq(len, 3);
    ck_assert_uint_eq(wdf, 2);
    term = "untouched";
    ck_ok(xc_terms_next(t, &has, &term, &len, &wdf, &tf));
    ck_assert(!has);
    ck_assert_str_eq(term, "untouched");
    ck_ok(xc_terms_next(t, &has, NULL, NULL, NULL, NULL));
    ck_assert(!has);
    xc_terms_free(t);

    /* Its unprefixed terms and their positions, "Q1" passed over. */
    scan_record rec = {"", "", 0};
    ck_ok(xc_doc_scan_positions(doc, scan_wanted, scan_take, &rec));
    ck_assert_str_eq(rec.seen, "green red ");
    ck_assert_str_eq(rec.positions, "green:3 red:1,2 ");
    rec = (scan_record){"", "", 1};
    ck_ok(xc_doc_scan_positions(doc, scan_wanted, scan_take, &rec));
    ck_assert_str_eq(rec.seen, "green "); /* stopped after its positions */
    ck_assert_str_eq(rec.positions, "green:3 ");
    xc_doc_free(doc);

    /* A new document's list has no term frequencies. */
    doc = text_doc("9", "solo", NULL, NULL);
    ck_assert_uint_eq(xc_doc_docid(doc), 0);
    ck_ok(xc_doc_terms(doc, &t));
    ck_ok(xc_terms_next(t, &has, &term, &len, &wdf, &tf));
    ck_assert_str_eq(term, "Q9");
    ck_assert_uint_eq(tf, 0);
    xc_terms_free(t);

    /* Replace by term: the document keeps a place, gets the new content. */
    ck_ok(xc_db_replace_document_by_term(db, "Q2", doc, &id));
    ck_assert_uint_eq(id, 2);
    xc_doc_free(doc);
    /* ... or is added when no document has the term. */
    doc = text_doc("4", "four", NULL, NULL);
    ck_ok(xc_db_replace_document_by_term(db, "Q4", doc, &id));
    ck_assert_uint_eq(id, 4);
    ck_ok(xc_db_replace_document(db, 3, doc));
    xc_doc_free(doc);
    ck_ok(xc_db_termfreq(db, "Q4", 2, &freq));
    ck_assert_uint_eq(freq, 2);
    ck_ok(xc_db_termfreq(db, "blue", 4, &freq));
    ck_assert_uint_eq(freq, 0);

    /* Postings in docid order, with wdf. */
    xc_postings *p = NULL;
    xc_docid pid;
    ck_ok(xc_db_postings(db, &p, "Q4"));
    ck_ok(xc_postings_next(p, &has, &pid, &wdf));
    ck_assert(has);
    ck_assert_uint_eq(pid, 3);
    ck_assert_uint_eq(wdf, 0);
    ck_ok(xc_postings_next(p, &has, &pid, NULL));
    ck_assert_uint_eq(pid, 4);
    ck_ok(xc_postings_next(p, &has, &pid, NULL));
    ck_assert(!has);
    ck_assert_str_eq(xc_postings_error(p), "");
    xc_postings_free(p);
    ck_ok(xc_db_postings(db, &p, "red"));
    ck_ok(xc_postings_next(p, &has, &pid, &wdf));
    ck_assert_uint_eq(pid, 1);
    ck_assert_uint_eq(wdf, 2);
    xc_postings_free(p);

    /* Deleting: by term (several documents), by id, none is no error. */
    ck_ok(xc_db_delete_documents_by_term(db, "Q4"));
    ck_ok(xc_db_delete_documents_by_term(db, "Qnone"));
    ck_assert_uint_eq(doccount(db), 2);
    ck_ok(xc_db_delete_document(db, 2));
    ck_assert_uint_eq(doccount(db), 1);
    ck_status(xc_db_get_document(db, &doc, 2), PASSIM_ERROR_NOT_FOUND);
    ck_assert_ptr_null(doc);
    ck_assert_ptr_nonnull(strstr(xc_db_error(db), "not found"));
    ck_ok(xc_db_commit(db));
    xc_db_free(db);
}
END_TEST

START_TEST(test_metadata)
{
    xc_db *db = create_db("meta");
    char *v = NULL;
    size_t len = 99;
    ck_ok(xc_db_get_metadata(db, &v, &len, "missing"));
    ck_assert_str_eq(v, "");
    ck_assert_uint_eq(len, 0);
    free(v);
    ck_ok(xc_db_set_metadata(db, "key", "a\0b", 3));
    ck_ok(xc_db_commit(db));
    ck_ok(xc_db_get_metadata(db, &v, &len, "key"));
    ck_assert_uint_eq(len, 3);
    ck_assert_int_eq(memcmp(v, "a\0b", 4), 0);
    free(v);
    xc_db_free(db);
    db = open_db("meta");
    ck_ok(xc_db_get_metadata(db, &v, NULL, "key"));
    ck_assert_str_eq(v, "a");
    free(v);
    ck_status(xc_db_get_metadata(db, &v, NULL, NULL),
              PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_null(v);
    ck_assert_str_eq(xc_db_error(db), "InvalidArgumentError: key is NULL");
    xc_db_free(db);
}
END_TEST

START_TEST(test_commit_revision_reopen)
{
    xc_db *w = create_db("rev"), *r = NULL;
    unsigned long long rev0, rev1, rev;
    bool changed = false;
    ck_ok(xc_db_revision(w, &rev0));
    ck_ok(xc_db_commit(w)); /* nothing to commit */
    ck_ok(xc_db_revision(w, &rev));
    ck_assert_uint_eq(rev, rev0);

    add_text(w, "1", "one", NULL, NULL);
    ck_ok(xc_db_revision(w, &rev));
    ck_assert_uint_eq(rev, rev0);
    ck_ok(xc_db_commit(w));
    ck_ok(xc_db_revision(w, &rev1));
    ck_assert_uint_gt(rev1, rev0);

    r = open_db("rev");
    ck_assert_uint_eq(doccount(r), 1);
    add_text(w, "2", "two", NULL, NULL);
    ck_ok(xc_db_commit(w));
    ck_ok(xc_db_revision(w, &rev));
    ck_assert_uint_gt(rev, rev1);
    ck_assert_uint_eq(doccount(r), 1);
    ck_ok(xc_db_reopen(r, &changed));
    ck_assert(changed);
    ck_assert_uint_eq(doccount(r), 2);
    ck_ok(xc_db_revision(r, &rev1));
    ck_assert_uint_eq(rev1, rev);
    ck_ok(xc_db_reopen(r, NULL));
    ck_assert_uint_eq(doccount(r), 2);
    xc_db_free(r);
    xc_db_free(w);
}
END_TEST

START_TEST(test_transactions)
{
    xc_db *w = create_db("txn"), *r = NULL;
    add_text(w, "1", "one", NULL, NULL);
    ck_ok(xc_db_commit(w));
    r = open_db("txn");

    /* Cancel discards. */
    ck_ok(xc_db_begin_transaction(w, true));
    add_text(w, "2", "two", NULL, NULL);
    ck_ok(xc_db_set_metadata(w, "k", "v", 1));
    ck_assert_uint_eq(doccount(w), 2);
    ck_ok(xc_db_cancel_transaction(w));
    ck_assert_uint_eq(doccount(w), 1);
    ck_ok(xc_db_commit(w));
    ck_ok(xc_db_reopen(r, NULL));
    ck_assert_uint_eq(doccount(r), 1);
    char *v = NULL;
    ck_ok(xc_db_get_metadata(r, &v, NULL, "k"));
    ck_assert_str_eq(v, "");
    free(v);

    /* A flushed transaction commits when it commits. */
    ck_ok(xc_db_begin_transaction(w, true));
    add_text(w, "3", "three", NULL, NULL);
    ck_ok(xc_db_commit_transaction(w));
    ck_ok(xc_db_reopen(r, NULL));
    ck_assert_uint_eq(doccount(r), 2);

    /* An unflushed one leaves its changes pending. */
    ck_ok(xc_db_begin_transaction(w, false));
    add_text(w, "4", "four", NULL, NULL);
    ck_ok(xc_db_commit_transaction(w));
    ck_ok(xc_db_reopen(r, NULL));
    ck_assert_uint_eq(doccount(r), 2);
    ck_ok(xc_db_commit(w));
    ck_ok(xc_db_reopen(r, NULL));
    ck_assert_uint_eq(doccount(r), 3);

    /* Misuse is a status. */
    ck_status(xc_db_commit_transaction(w), PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_uint_gt(strlen(xc_db_error(w)), 0);
    xc_db_free(r);
    xc_db_free(w);
}
END_TEST

START_TEST(test_combined)
{
    xc_db *a = create_db("comb-a"), *b = create_db("comb-b"), *all = NULL;
    add_text(a, "a1", "alpha shared", NULL, NULL);
    add_text(a, "a2", "alpha", NULL, NULL);
    add_text(b, "b1", "beta shared", NULL, NULL);
    ck_ok(xc_db_set_metadata(a, "who", "a", 1));
    ck_ok(xc_db_set_metadata(b, "who", "b", 1));
    ck_ok(xc_db_commit(a));
    ck_ok(xc_db_commit(b));
    xc_db_free(a);
    xc_db_free(b);
    a = open_db("comb-a");
    b = open_db("comb-b");

    ck_ok(xc_db_new_combined(&all, NULL));
    ck_ok(xc_db_add(all, a));
    ck_ok(xc_db_add(all, b));
    xc_db_free(a);
    xc_db_free(b); /* the combined handle keeps what it needs */

    size_t n = 0;
    unsigned int freq = 0;
    ck_ok(xc_db_size(all, &n));
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(doccount(all), 3);
    ck_ok(xc_db_termfreq(all, "shared", 6, &freq));
    ck_assert_uint_eq(freq, 2);
    /* Docids interleave: a's 1, 2 are 1, 3; b's 1 is 2. */
    ck_assert_str_eq(hits(all, term("alpha")), "1 3");
    ck_assert_str_eq(hits(all, term("beta")), "2");
    ck_assert_str_eq(hits(all, term("shared")), "1 2");

    char *v = NULL;
    ck_ok(xc_db_get_metadata(all, &v, NULL, "who"));
    ck_assert_str_eq(v, "a");
    free(v);
    unsigned long long rev;
    ck_status(xc_db_revision(all, &rev), PASSIM_ERROR_INVALID_ARGUMENT);

    /* Only read-only handles combine. */
    xc_db *w = create_db("comb-w");
    ck_status(xc_db_add(w, all), PASSIM_ERROR_INVALID_ARGUMENT);
    ck_status(xc_db_add(all, NULL), PASSIM_ERROR_INVALID_ARGUMENT);
    xc_db_free(w);
    xc_db_free(all);
}
END_TEST

START_TEST(test_allterms_synonyms_spelling)
{
    xc_db *db = create_db("lex");
    char *s = NULL;
    add_text(db, "1", "apple apricot banana apple", NULL, NULL);
    add_text(db, "2", "apricot", NULL, NULL);
    ck_ok(xc_db_add_synonym(db, "car", "automobile"));
    ck_ok(xc_db_add_synonym(db, "car", "auto"));
    const char *words[] = {"azure", "exclusivity"};
    const unsigned int counts[] = {3, 1};
    ck_ok(xc_db_add_spellings(db, words, counts, 2));
    ck_ok(xc_db_commit(db));

    xc_terms *t = NULL;
    bool has;
    const char *term;
    size_t len;
    unsigned int wdf = 9, tf = 0;
    ck_ok(xc_db_allterms(db, &t, "ap"));
    ck_ok(xc_terms_next(t, &has, &term, &len, &wdf, &tf));
    ck_assert_str_eq(term, "apple");
    ck_assert_uint_eq(tf, 1);
    ck_assert_uint_eq(wdf, 0);
    ck_ok(xc_terms_next(t, &has, &term, &len, &wdf, &tf));
    ck_assert_str_eq(term, "apricot");
    ck_assert_uint_eq(tf, 2);
    ck_ok(xc_terms_next(t, &has, &term, &len, &wdf, &tf));
    ck_assert(!has);
    xc_terms_free(t);
    ck_ok(xc_db_allterms(db, &t, ""));
    ck_assert_str_eq(joined(t), "Q1 Q2 apple apricot banana");

    ck_ok(xc_db_synonyms(db, &t, "car"));
    ck_assert_str_eq(joined(t), "auto automobile");
    ck_ok(xc_db_synonyms(db, &t, "bike"));
    ck_assert_str_eq(joined(t), "");
    ck_ok(xc_db_clear_synonyms(db, "car"));
    ck_ok(xc_db_commit(db));
    ck_ok(xc_db_synonyms(db, &t, "car"));
    ck_assert_str_eq(joined(t), "");

    xc_db *r = open_db("lex");
    ck_ok(xc_db_spelling_suggestion(r, &s, "azrue", 2));
    ck_assert_str_eq(s, "azure");
    free(s);
    ck_ok(xc_db_spelling_suggestion(r, &s, "exclusivty", 2));
    ck_assert_str_eq(s, "exclusivity");
    free(s);
    ck_ok(xc_db_spelling_suggestion(r, &s, "qqqqqq", 2));
    ck_assert_str_eq(s, "");
    free(s);
    ck_ok(xc_db_remove_spelling(db, "azure", 3));
    ck_ok(xc_db_commit(db));
    ck_ok(xc_db_reopen(r, NULL));
    ck_ok(xc_db_spelling_suggestion(r, &s, "azrue", 2));
    ck_assert_str_eq(s, "");
    free(s);
    xc_db_free(r);
    xc_db_free(db);
}
END_TEST

START_TEST(test_compact)
{
    xc_db *w = corpus("compact-src");
    add_text(w, "e", "pending", NULL, NULL);
    /* Xapian refuses to compact uncommitted changes. */
    ck_status(xc_db_compact(w, path_of("compact-bad")),
              PASSIM_ERROR_INVALID_ARGUMENT);
    ck_ok(xc_db_commit(w));
    ck_ok(xc_db_compact(w, path_of("compact-dst")));
    xc_db_free(w);

    xc_db *c = open_db("compact-dst");
    ck_assert_uint_eq(doccount(c), 5);
    ck_assert_str_eq(hits(c, term("fox")), "1 4");
    ck_assert_str_eq(hits(c, term("pending")), "5");
    xc_db_free(c);
}
END_TEST

/* ---- queries ------------------------------------------------------------ */

START_TEST(test_query_operators)
{
    xc_db *db = corpus("ops");
    xc_enquire *e = NULL;
    ck_ok(xc_enquire_new(&e, db, NULL));

    ck_assert_str_eq(hits(db, term("dog")), "2 3 4");
    ck_assert_str_eq(
        hits(db, combine(XC_OP_AND, 0, 2, term("quick"), term("brown"))), "1");
    ck_assert_str_eq(
        hits(db, combine(XC_OP_OR, 0, 2, term("fox"), term("lazy"))), "1 2 4");
    /* dog, but neither quick nor lazy */
    ck_assert_str_eq(hits(db, combine(XC_OP_AND_NOT, 0, 3, term("dog"),
                                      term("quick"), term("lazy"))),
                     "4");
    ck_assert_str_eq(
        hits(db, combine(XC_OP_FILTER, 0, 2, term("dog"), term("brown"))), "2");
    ck_assert_str_eq(
        hits(db, combine(XC_OP_AND_MAYBE, 0, 2, term("dog"), term("fox"))),
        "2 3 4");
    ck_assert_str_eq(
        hits(db, combine(XC_OP_PHRASE, 0, 2, term("brown"), term("fox"))), "1");
    ck_assert_str_eq(
        hits(db, combine(XC_OP_PHRASE, 0, 2, term("fox"), term("brown"))), "");
    /* quick (2) and fox (4) lie within 3 positions, in either order. */
    ck_assert_str_eq(
        hits(db, combine(XC_OP_NEAR, 3, 2, term("fox"), term("quick"))), "1");
    ck_assert_str_eq(
        hits(db, combine(XC_OP_NEAR, 2, 2, term("fox"), term("quick"))), "");
    ck_assert_str_eq(
        hits(db, combine(XC_OP_SYNONYM, 0, 2, term("fox"), term("lazy"))),
        "1 2 4");
    ck_assert_str_eq(
        hits(db, combine(XC_OP_MAX, 0, 2, term("fox"), term("lazy"))), "1 2 4");
    /* The elite set of one keeps the rarest, best-weighted term. */
    ck_assert_str_eq(
        hits(db, combine(XC_OP_ELITE_SET, 1, 2, term("dog"), term("lazy"))),
        "2");

    /* FILTER takes weight from its first subquery only, AND from both. */
    double dog = weight_of(e, term("dog"), 2);
    ck_assert_double_gt(dog, 0);
    ck_assert_double_eq_tol(
        weight_of(e, combine(XC_OP_FILTER, 0, 2, term("dog"), term("brown")),
                  2),
        dog, 1e-9);
    ck_assert_double_gt(
        weight_of(e, combine(XC_OP_AND, 0, 2, term("dog"), term("brown")), 2),
        dog);
    /* AND_MAYBE ranks the document that also has fox first. */
    xc_query *q = combine(XC_OP_AND_MAYBE, 0, 2, term("dog"), term("fox"));
    xc_mset *m = run(e, q, 10);
    ck_assert_uint_eq(first_hit(m), 4);
    xc_mset_free(m);
    xc_query_free(q);
    /* SCALE multiplies the weight. */
    xc_query *quick = term("quick"), *scaled = NULL;
    ck_ok(xc_query_scale(&scaled, quick, 2.5));
    double w1 = weight_of(e, quick, 1), w2 = weight_of(e, scaled, 1);
    ck_assert_double_eq_tol(w2, 2.5 * w1, 1e-9);

    /* Everything, nothing, emptiness, description. */
    xc_query *all = NULL, *none = NULL;
    ck_ok(xc_query_all(&all));
    ck_ok(xc_query_none(&none));
    ck_assert(!xc_query_empty(all));
    ck_assert(xc_query_empty(none));
    ck_assert(xc_query_empty(NULL));
    ck_assert_str_eq(hits(db, all), "1 2 3 4");
    ck_assert_str_eq(hits(db, none), "");
    char *desc = NULL;
    q = combine(XC_OP_AND, 0, 2, term("quick"), term("fox"));
    ck_ok(xc_query_describe(q, &desc));
    ck_assert_ptr_nonnull(strstr(desc, "quick"));
    ck_assert_ptr_nonnull(strstr(desc, "AND"));
    free(desc);
    xc_query_free(q);

    /* Bad arguments. */
    q = NULL;
    ck_status(xc_query_term(&q, "", 0, 1, 0), PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_null(q);
    xc_query *subs[2] = {NULL, NULL};
    ck_status(xc_query_combine(&q, XC_OP_AND, subs, 2, 0),
              PASSIM_ERROR_INVALID_ARGUMENT);
    ck_status(xc_query_combine(&q, (xc_query_op)42, subs, 0, 0),
              PASSIM_ERROR_INVALID_ARGUMENT);
    ck_status(xc_query_describe(NULL, &desc), PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_null(desc);
    xc_enquire_free(e);
    xc_db_free(db);
}
END_TEST

static xc_query *range(xc_slot slot, const char *lo, const char *hi)
{
    xc_query *q = NULL;
    ck_ok(xc_query_value_range(&q, slot, lo, hi));
    return q;
}

START_TEST(test_query_value_range)
{
    xc_db *db = corpus("ranges"); /* doc 4 has no value in slot 1 */
    ck_assert_str_eq(hits(db, range(1, "2024-01-01", "2024-12-31")), "1 2");
    ck_assert_str_eq(hits(db, range(1, "2024-03-10", "2024-03-10")), "2");
    ck_assert_str_eq(hits(db, range(1, "2025", NULL)), "3");
    ck_assert_str_eq(hits(db, range(1, NULL, "2024-02")), "1");
    ck_assert_str_eq(hits(db, range(1, "", "2024-02")), "1");
    ck_assert_str_eq(hits(db, range(1, NULL, NULL)), "1 2 3 4");
    ck_assert_str_eq(hits(db, range(1, "2026", "2027")), "");
    xc_db_free(db);
}
END_TEST

static xc_query *wildcard(const char *prefix, unsigned int max, bool keep)
{
    xc_query *q = NULL;
    ck_ok(xc_query_wildcard(&q, prefix, max, keep));
    return q;
}

START_TEST(test_query_wildcard)
{
    xc_db *db = corpus("wild"); /* f: fast fox friends */
    ck_assert_str_eq(hits(db, wildcard("f", 3, false)), "1 3 4");
    ck_assert_str_eq(hits(db, wildcard("f", 0, false)), "1 3 4");
    /* fox is in two documents, fast and friends in one each. */
    ck_assert_str_eq(hits(db, wildcard("f", 1, true)), "1 4");

    xc_enquire *e = NULL;
    xc_mset *m = NULL;
    xc_query *q = wildcard("f", 2, false);
    ck_ok(xc_enquire_new(&e, db, NULL));
    ck_ok(xc_enquire_set_query(e, q));
    ck_status(xc_enquire_get_mset(e, &m, 0, 10, 0), PASSIM_ERROR_QUERY_SYNTAX);
    ck_assert_ptr_null(m);
    ck_assert_ptr_nonnull(strstr(xc_enquire_error(e), "more than 2 terms"));
    xc_query_free(q);
    /* The enquire works on after the failure. */
    q = term("fox");
    m = run(e, q, 10);
    ck_assert_uint_eq(xc_mset_size(m), 2);
    xc_mset_free(m);
    xc_query_free(q);
    xc_enquire_free(e);
    xc_db_free(db);
}
END_TEST

/* ---- enquire ------------------------------------------------------------ */

START_TEST(test_enquire_weighting)
{
    xc_db *db = create_db("bm25");
    xc_enquire *e = NULL;
    add_text(db, "short", "dog", NULL, NULL);
    add_text(db, "long", "dog cat cat cat cat cat", NULL, NULL);
    add_text(db, "other", "cat", NULL, NULL);
    ck_ok(xc_db_commit(db));
    ck_ok(xc_enquire_new(&e, db, NULL));

    double s_def = weight_of(e, term("dog"), 1);
    double l_def = weight_of(e, term("dog"), 2);
    ck_assert_double_gt(s_def, l_def); /* length normalisation */

    ck_ok(xc_enquire_set_bm25(e, 1, 0, 1, 0, 0.5)); /* b = 0: none */
    double s_b0 = weight_of(e, term("dog"), 1);
    double l_b0 = weight_of(e, term("dog"), 2);
    ck_assert_double_eq_tol(s_b0, l_b0, 1e-9);
    ck_assert(s_b0 != s_def);

    ck_ok(xc_enquire_set_bm25(e, 1, 0, 1, 0.5, 0.5)); /* the defaults */
    ck_assert_double_eq_tol(weight_of(e, term("dog"), 1), s_def, 1e-9);

    ck_ok(xc_enquire_set_boolean(e));
    ck_assert_double_eq(weight_of(e, term("dog"), 1), 0);
    xc_enquire_free(e);
    xc_db_free(db);
}
END_TEST

START_TEST(test_enquire_sort_and_frequencies)
{
    xc_db *db = corpus("sort"); /* slot 0: A A B - */
    xc_enquire *e = NULL;
    xc_query *q = combine(XC_OP_OR, 0, 2, term("the"), term("quick"));
    xc_mset *m;
    xc_postings *pl = NULL;
    unsigned int tf, wdf;
    xc_docid at;
    bool has;
    ck_ok(xc_enquire_new(&e, db, NULL));

    /* Term frequencies from the match: the query's terms, and any other
     * from the database. */
    m = run(e, q, 10);
    ck_ok(xc_mset_termfreq(m, "the", 3, &tf));
    ck_assert_uint_eq(tf, 2);
    ck_ok(xc_mset_termfreq(m, "quick", 5, &tf));
    ck_assert_uint_eq(tf, 2);
    ck_ok(xc_mset_termfreq(m, "dog", 3, &tf));
    ck_assert_uint_eq(tf, 3);
    ck_ok(xc_mset_termfreq(m, "zebra", 5, &tf));
    ck_assert_uint_eq(tf, 0);
    xc_mset_free(m);

    /* Posting lists skip forward, never back. */
    ck_ok(xc_db_postings(db, &pl, "dog"));
    ck_ok(xc_postings_skip_to(pl, 2, &has, &at, &wdf));
    ck_assert(has);
    ck_assert_uint_eq(at, 2);
    ck_assert_uint_eq(wdf, 1);
    ck_ok(xc_postings_skip_to(pl, 1, &has, &at, NULL));
    ck_assert_uint_eq(at, 2);
    ck_ok(xc_postings_skip_to(pl, 4, &has, &at, NULL));
    ck_assert(has);
    ck_assert_uint_eq(at, 4);
    ck_ok(xc_postings_skip_to(pl, 5, &has, &at, NULL));
    ck_assert(!has);
    xc_postings_free(pl);

    ck_ok(xc_enquire_set_sort(e, XC_SORT_VALUE, 1, false));
    m = run(e, q, 10);
    ck_assert_str_eq(ranked(m), "1 2 3");
    unsigned int rank;
    ck_ok(xc_mset_hit(m, 2, NULL, NULL, &rank));
    ck_assert_uint_eq(rank, 2);
    xc_mset_free(m);
    ck_ok(xc_enquire_set_sort(e, XC_SORT_VALUE, 1, true));
    m = run(e, q, 10);
    ck_assert_str_eq(ranked(m), "3 2 1");
    xc_mset_free(m);
    ck_ok(xc_enquire_set_sort(e, XC_SORT_VALUE_THEN_RELEVANCE, 0, false));
    m = run(e, q, 10);
    ck_assert_uint_eq(first_hit(m), 1); /* A ties: doc 1 has both */
    xc_mset_free(m);
    ck_ok(xc_enquire_set_sort(e, XC_SORT_RELEVANCE_THEN_VALUE, 1, true));
    m = run(e, q, 10);
    ck_assert_uint_eq(first_hit(m), 1);
    xc_mset_free(m);
    ck_ok(xc_enquire_set_sort(e, XC_SORT_RELEVANCE, 0, false));
    ck_status(xc_enquire_set_sort(e, (xc_sort)9, 0, false),
              PASSIM_ERROR_INVALID_ARGUMENT);

    /* Paging: first skips hits, ranks stay overall. */
    xc_mset *page = NULL;
    ck_ok(xc_enquire_get_mset(e, &page, 1, 1, 10));
    ck_assert_uint_eq(xc_mset_size(page), 1);
    ck_ok(xc_mset_hit(page, 0, NULL, NULL, &rank));
    ck_assert_uint_eq(rank, 1);
    double possible, attained;
    ck_ok(xc_mset_max_weight(page, &possible, &attained));
    ck_assert_double_ge(possible, attained);
    ck_assert_double_gt(attained, 0);
    xc_mset_free(page);
    xc_query_free(q);
    xc_enquire_free(e);
    xc_db_free(db);
}
END_TEST

START_TEST(test_enquire_value_spy)
{
    xc_db *db = create_db("spy");
    const char *sources[] = {"wire", "blog", "wire", "paper", "blog", "wire"};
    for (size_t i = 0; i < 6; i++) {
        char id[8];
        snprintf(id, sizeof id, "%zu", i);
        add_text(db, id, i < 3 ? "news early" : "news late", sources[i], NULL);
    }
    ck_ok(xc_db_commit(db));
    xc_enquire *e = NULL;
    xc_spy *spy = NULL;
    size_t n = 0, len;
    const char *value, *kept;
    unsigned int freq;
    ck_ok(xc_enquire_new(&e, db, NULL));
    ck_ok(xc_enquire_add_value_spy(e, &spy, 0));
    ck_ok(xc_spy_count(spy, &n));
    ck_assert_uint_eq(n, 0);

    xc_query *q = term("news");
    xc_mset *m = run(e, q, 1); /* one hit shown, all six counted */
    xc_mset_free(m);
    xc_query_free(q);
    ck_ok(xc_spy_count(spy, &n));
    ck_assert_uint_eq(n, 3);
    ck_ok(xc_spy_get(spy, 0, &value, &len, &freq));
    ck_assert_str_eq(value, "wire");
    ck_assert_uint_eq(len, 4);
    ck_assert_uint_eq(freq, 3);
    kept = value;
    ck_ok(xc_spy_get(spy, 1, &value, &len, &freq));
    ck_assert_str_eq(value, "blog");
    ck_assert_uint_eq(freq, 2);
    ck_ok(xc_spy_get(spy, 2, &value, &len, &freq));
    ck_assert_str_eq(value, "paper");
    ck_assert_uint_eq(freq, 1);

    /* The next run counts afresh; earlier values stay readable. */
    q = term("early");
    m = run(e, q, 10);
    xc_mset_free(m);
    xc_query_free(q);
    ck_ok(xc_spy_count(spy, &n));
    ck_assert_uint_eq(n, 2);
    ck_ok(xc_spy_get(spy, 0, &value, &len, &freq));
    ck_assert_str_eq(value, "wire");
    ck_assert_uint_eq(freq, 2);
    ck_ok(xc_spy_get(spy, 1, &value, &len, &freq));
    ck_assert_str_eq(value, "blog");
    ck_assert_uint_eq(freq, 1);
    ck_assert_str_eq(kept, "wire");
    xc_enquire_free(e);
    xc_db_free(db);
}
END_TEST

START_TEST(test_matching_terms)
{
    xc_db *db = corpus("matching");
    xc_enquire *e = NULL;
    xc_terms *t = NULL;
    ck_ok(xc_enquire_new(&e, db, NULL));
    /* Query order follows the positions given; "fox" twice is listed once. */
    xc_query *q = combine(XC_OP_OR, 0, 4, term_at("lazy", 1), term_at("fox", 2),
                          term_at("dog", 3), term_at("fox", 4));
    xc_mset *m = run(e, q, 10);
    xc_query_free(q);
    ck_assert_uint_eq(xc_mset_size(m), 4);
    size_t fox_and_dog = SIZE_MAX;
    for (size_t i = 0; i < xc_mset_size(m); i++) {
        xc_docid id;
        ck_ok(xc_mset_hit(m, i, &id, NULL, NULL));
        if (id == 4)
            fox_and_dog = i;
    }
    ck_ok(xc_mset_matching_terms(m, fox_and_dog, &t));
    ck_assert_str_eq(joined(t), "fox dog");

    /* The enquire runs another query; the first mset still answers. */
    q = term("quick");
    xc_mset *m2 = run(e, q, 10);
    xc_query_free(q);
    ck_ok(xc_mset_matching_terms(m, fox_and_dog, &t));
    ck_assert_str_eq(joined(t), "fox dog");
    ck_ok(xc_mset_matching_terms(m2, 0, &t));
    ck_assert_str_eq(joined(t), "quick");

    /* The hit's document. */
    xc_doc *doc = NULL;
    char *data = NULL;
    ck_ok(xc_mset_document(m, fox_and_dog, &doc));
    ck_assert_uint_eq(xc_doc_docid(doc), 4);
    ck_ok(xc_doc_get_data(doc, &data, NULL));
    ck_assert_str_eq(data, "fox and dog are friends");
    free(data);
    xc_doc_free(doc);
    xc_mset_free(m2);
    xc_mset_free(m);
    xc_enquire_free(e);
    xc_db_free(db);
}
END_TEST

START_TEST(test_eset)
{
    xc_db *db = create_db("eset");
    add_text(db, "1", "dog bark Zdog Zbark", NULL, NULL);
    add_text(db, "2", "dog bark loud Zdog Zbark Zloud", NULL, NULL);
    add_text(db, "3", "cat meow Zcat Zmeow", NULL, NULL);
    add_text(db, "4", "cat purr Zcat Zpurr", NULL, NULL);
    add_text(db, "5", "fish swim Zfish", NULL, NULL);
    ck_ok(xc_db_commit(db));
    xc_enquire *e = NULL;
    xc_terms *t = NULL;
    xc_docid rel[] = {1, 2};
    bool has;
    const char *term;
    size_t len;
    unsigned int wdf = 7, tf = 7;
    ck_ok(xc_enquire_new(&e, db, NULL));

    ck_ok(xc_enquire_get_eset(e, &t, rel, 2, 20, "Z"));
    ck_ok(xc_terms_next(t, &has, &term, &len, &wdf, &tf));
    ck_assert(has);
    ck_assert_uint_eq(wdf, 0); /* not given for an eset */
    ck_assert_uint_eq(tf, 0);
    xc_terms_free(t);
    ck_ok(xc_enquire_get_eset(e, &t, rel, 2, 20, "Z"));
    const char *z = joined(t);
    /* Terms of both relevant documents come first; only Z terms. */
    ck_assert_msg(strncmp(z, "Zbark Zdog ", 11) == 0 ||
                      strncmp(z, "Zdog Zbark ", 11) == 0,
                  "eset: %s", z);
    ck_assert_ptr_nonnull(strstr(z, "Zloud"));
    ck_assert_ptr_null(strstr(z, "Zcat"));
    ck_assert_ptr_null(strstr(z, " bark"));

    ck_ok(xc_enquire_get_eset(e, &t, rel, 2, 3, NULL));
    const char *all = joined(t);
    ck_assert_ptr_nonnull(strstr(all, "bark"));
    ck_ok(xc_enquire_get_eset(e, &t, NULL, 0, 10, NULL));
    ck_assert_str_eq(joined(t), "");
    xc_enquire_free(e);
    xc_db_free(db);
}
END_TEST

/* ---- errors ------------------------------------------------------------- */

START_TEST(test_error_missing_and_locked)
{
    xc_db *db = NULL, *w = NULL;
    char *msg = NULL;
    ck_status(xc_db_open(&db, path_of("no-such-db"), &msg),
              PASSIM_ERROR_NOT_FOUND);
    ck_assert_ptr_null(db);
    ck_assert_ptr_nonnull(msg);
    ck_assert_ptr_nonnull(strstr(msg, "no-such-db"));
    free(msg);

    w = create_db("locked");
    ck_status(xc_db_open_writable(&db, path_of("locked"), XC_DB_OPEN, &msg),
              PASSIM_ERROR_LOCKED);
    ck_assert_ptr_null(db);
    ck_assert_ptr_nonnull(strstr(msg, "lock"));
    free(msg);
    /* A reader is not blocked, and the lock goes with the writer. */
    db = open_db("locked");
    xc_db_free(db);
    ck_ok(xc_db_close(w));
    ck_ok(xc_db_open_writable(&db, path_of("locked"), XC_DB_OPEN, NULL));
    xc_db_free(db);
    xc_db_free(w);
}
END_TEST

START_TEST(test_error_long_term)
{
    xc_db *db = create_db("longterm");
    xc_doc *doc = NULL;
    char big[300];
    xc_docid id = 77;
    memset(big, 'x', sizeof big);
    ck_ok(xc_doc_new(&doc, NULL));
    ck_ok(xc_doc_add_term(doc, big, sizeof big, 1));
    ck_status(xc_db_add_document(db, doc, &id), PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_uint_eq(id, 77);
    ck_assert_ptr_nonnull(strstr(xc_db_error(db), "Term too long"));
    xc_doc_free(doc);
    /* The database goes on. */
    add_text(db, "1", "fine", NULL, NULL);
    ck_ok(xc_db_commit(db));
    ck_assert_uint_eq(doccount(db), 1);
    ck_assert_str_eq(hits(db, term("fine")), "1");
    xc_db_free(db);
}
END_TEST

static void fill_big(xc_db *db)
{
    /* Enough postings and terms that iterators must read after opening. */
    for (unsigned int i = 0; i < 3000; i++) {
        char text[256];
        int used = snprintf(text, sizeof text, "common");
        for (unsigned int j = 0; j < 10; j++)
            used +=
                snprintf(text + used, sizeof text - used, " t%u", i * 7 + j);
        char id[16];
        snprintf(id, sizeof id, "%u", i);
        add_text(db, id, text, "k", NULL);
    }
    ck_ok(xc_db_commit(db));
}

/* Every kind of handle reports a Xapian failure as a status and a message. */
START_TEST(test_error_every_handle)
{
    xc_db *w = create_db("errors");
    fill_big(w);
    xc_db_free(w);
    xc_db *db = open_db("errors");
    xc_doc *doc = NULL;
    xc_terms *t = NULL, *t2 = NULL;
    xc_postings *p = NULL;
    xc_enquire *e = NULL;
    xc_mset *m = NULL;
    xc_spy *spy = NULL;
    char *s = NULL;
    bool has = false;
    xc_docid id;
    size_t n;

    /* db */
    ck_status(xc_db_get_document(db, &doc, 0), PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_null(doc);
    ck_assert_str_eq(xc_db_error(db),
                     "InvalidArgumentError: Document ID 0 is invalid");

    /* enquire: a wildcard over its limit */
    xc_query *q = wildcard("t1", 5, false);
    ck_ok(xc_enquire_new(&e, db, NULL));
    ck_ok(xc_enquire_add_value_spy(e, &spy, 0));
    ck_ok(xc_enquire_set_query(e, q));
    xc_query_free(q);
    ck_status(xc_enquire_get_mset(e, &m, 0, 10, 0), PASSIM_ERROR_QUERY_SYNTAX);
    ck_assert_uint_gt(strlen(xc_enquire_error(e)), 0);

    /* mset: a hit out of range */
    q = term("common");
    m = run(e, q, 2);
    xc_query_free(q);
    ck_status(xc_mset_hit(m, 2, &id, NULL, NULL),
              PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_str_eq(xc_mset_error(m),
                     "InvalidArgumentError: hit index out of range");
    ck_status(xc_mset_document(m, 5, &doc), PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_null(doc);

    /* spy: a value out of range */
    ck_ok(xc_spy_count(spy, &n));
    ck_assert_uint_eq(n, 1);
    ck_status(xc_spy_get(spy, 1, NULL, NULL, NULL),
              PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_uint_gt(strlen(xc_spy_error(spy)), 0);

    /* doc, terms, postings, mset: reading after the database is closed */
    ck_ok(xc_db_get_document(db, &doc, 1));
    ck_ok(xc_db_allterms(db, &t, "t"));
    ck_ok(xc_db_postings(db, &p, "common"));
    ck_ok(xc_terms_next(t, &has, NULL, NULL, NULL, NULL));
    ck_ok(xc_db_close(db));

    ck_status(xc_doc_get_value(doc, &s, &n, 0), PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_null(s);
    ck_assert_ptr_nonnull(strstr(xc_doc_error(doc), "closed"));

    passim_status st = PASSIM_OK;
    while (st == PASSIM_OK && has)
        st = xc_terms_next(t, &has, NULL, NULL, NULL, NULL);
    ck_assert_int_eq(st, PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(xc_terms_error(t), "closed"));

    has = true;
    st = PASSIM_OK;
    while (st == PASSIM_OK && has)
        st = xc_postings_next(p, &has, NULL, NULL);
    ck_assert_int_eq(st, PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(xc_postings_error(p), "closed"));

    ck_status(xc_mset_matching_terms(m, 0, &t2), PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_null(t2);
    ck_assert_ptr_nonnull(strstr(xc_mset_error(m), "closed"));
    ck_status(xc_db_doccount(db, NULL), PASSIM_ERROR_INVALID_ARGUMENT);
    ck_status(xc_db_reopen(db, NULL), PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(xc_db_error(db), "closed"));

    xc_mset_free(m);
    xc_enquire_free(e);
    xc_postings_free(p);
    xc_terms_free(t);
    xc_doc_free(doc);
    xc_db_free(db);
}
END_TEST

START_TEST(test_null_handles)
{
    bool has;
    unsigned int n;
    ck_status(xc_db_doccount(NULL, &n), PASSIM_ERROR_INVALID_ARGUMENT);
    ck_status(xc_terms_next(NULL, &has, NULL, NULL, NULL, NULL),
              PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_str_eq(xc_db_error(NULL), "");
    ck_assert_str_eq(xc_mset_error(NULL), "");
    ck_assert_uint_eq(xc_mset_size(NULL), 0);
    ck_assert_uint_eq(xc_doc_docid(NULL), 0);
    xc_db_free(NULL);
    xc_doc_free(NULL);
    xc_query_free(NULL);
    xc_enquire_free(NULL);
    xc_mset_free(NULL);
    xc_terms_free(NULL);
    xc_postings_free(NULL);
}
END_TEST

/* ---- write guard --------------------------------------------------------- */

#define GUARD_FATAL_EXIT 42
/* The limit: calls of 1,000 short words take well under a millisecond,
 * one of 4 million 4 KB words about 400 ms (more under a sanitizer or
 * memcheck, whose time counts as the thread's). */
#define GUARD_LIMIT_MS 100

static void guard_fatal(passim_status st, const char *message, void *ctx)
{
    int fd = *(int *)ctx;
    ssize_t n = write(fd, message, strlen(message));
    (void)n, (void)st;
    _exit(GUARD_FATAL_EXIT);
}

/* The child's memory, held at file scope so that memcheck finds it
 * reachable however the child ends (the fatal handler ends it from a
 * signal, inside a write call). */
static const char **guard_words;
static unsigned int *guard_counts;
static char *guard_word;
static xc_db *guard_db;

static double thread_cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The write guard's CPU timer (xc_fatal.cc), one per thread, re-armed by
 * each write call: calls that each stay under the limit never trip it,
 * however long they run one after another (_i == 0); one call running
 * past it ends in the fatal handler, the database named (_i == 1). In a
 * child: the guard's signal handlers are the process's. */
START_TEST(test_write_guard_timer)
{
    int fds[2], status = 0;
    char said[1024];
    ssize_t n;
    size_t have = 0;
    pid_t pid;
    const char *path = path_of(_i ? "guard-long" : "guard-short");

    ck_assert_int_eq(pipe(fds), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        /* One long word, many times: CPU time (copies and compares of
         * it) without memory. */
        enum { MANY = 4000000, LONG_WORD = 4096 };
        char *msg = NULL;
        close(fds[0]);
        guard_words = malloc(MANY * sizeof *guard_words);
        guard_counts = malloc(MANY * sizeof *guard_counts);
        guard_word = malloc(LONG_WORD + 1);
        if (!guard_words || !guard_counts || !guard_word)
            _exit(4);
        memset(guard_word, 'a', LONG_WORD);
        guard_word[LONG_WORD] = '\0';
        for (size_t i = 0; i < MANY; i++)
            guard_words[i] = guard_word, guard_counts[i] = 1;
        xc_fatal_handler_set(guard_fatal, &fds[1]);
        if (xc_fatal_enable(GUARD_LIMIT_MS) != PASSIM_OK ||
            xc_db_open_writable(&guard_db, path, XC_DB_CREATE_OR_OVERWRITE,
                                &msg) != PASSIM_OK)
            _exit(2);
        if (_i == 0) {
            /* Short calls for ten times the limit in all. */
            const char *shorts[1000];
            double start = thread_cpu_seconds();
            for (size_t i = 0; i < 1000; i++)
                shorts[i] = "azure";
            while (thread_cpu_seconds() - start < GUARD_LIMIT_MS / 100.0)
                if (xc_db_add_spellings(guard_db, shorts, guard_counts, 1000) !=
                    PASSIM_OK)
                    _exit(3);
        } else {
            /* Calls of MANY words, until one passes the limit. */
            for (int i = 0; i < 100; i++)
                if (xc_db_add_spellings(guard_db, guard_words, guard_counts,
                                        MANY) != PASSIM_OK)
                    _exit(3);
        }
        xc_db_free(guard_db);
        free(guard_words);
        free(guard_counts);
        free(guard_word);
        _exit(0);
    }
    close(fds[1]);
    while ((n = read(fds[0], said + have, sizeof said - 1 - have)) > 0)
        have += (size_t)n;
    said[have] = '\0';
    close(fds[0]);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    if (_i == 0) {
        ck_assert_msg(WEXITSTATUS(status) == 0, "exit %d: %s",
                      WEXITSTATUS(status), said);
    } else {
        ck_assert_int_eq(WEXITSTATUS(status), GUARD_FATAL_EXIT);
        ck_assert_msg(strstr(said, path) == said &&
                          strstr(said, "ran past the CPU time limit"),
                      "%s", said);
    }
}
END_TEST

/* ---- remote ------------------------------------------------------------- */

typedef struct server {
    pid_t pid;
    unsigned int port;
    FILE *out; /* kept open: the server writes to it while it runs */
} server;

/* Starts `xapian-tcpsrv --one-shot` on 127.0.0.1 serving path, trying
 * ports from 20000 + pid % 1000 until one is free. The server dies with
 * this process, however that ends. */
static bool server_start(server *srv, const char *path, bool writable)
{
    unsigned int base = 20000 + (unsigned int)getpid() % 1000;
    for (unsigned int port = base; port < base + 50; port++) {
        int fds[2];
        char portbuf[16];
        char line[256];
        bool listening = false;
        snprintf(portbuf, sizeof portbuf, "%u", port);
        ck_assert_int_eq(pipe(fds), 0);
        pid_t parent = getpid();
        pid_t pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (getppid() != parent)
                _exit(127);
            dup2(fds[1], STDOUT_FILENO);
            dup2(fds[1], STDERR_FILENO);
            close(fds[0]);
            close(fds[1]);
            if (writable)
                execlp("xapian-tcpsrv", "xapian-tcpsrv", "--one-shot",
                       "--writable", "--interface", "127.0.0.1", "--port",
                       portbuf, path, (char *)NULL);
            else
                execlp("xapian-tcpsrv", "xapian-tcpsrv", "--one-shot",
                       "--interface", "127.0.0.1", "--port", portbuf, path,
                       (char *)NULL);
            _exit(127);
        }
        close(fds[1]);
        FILE *out = fdopen(fds[0], "r");
        ck_assert_ptr_nonnull(out);
        while (!listening && fgets(line, sizeof line, out))
            listening = strncmp(line, "Listening", 9) == 0;
        if (listening) {
            srv->pid = pid;
            srv->port = port;
            srv->out = out;
            return true;
        }
        fclose(out); /* it exited: the port was taken */
        waitpid(pid, NULL, 0);
    }
    return false;
}

static void server_stop(server *srv)
{
    if (srv->pid > 0) {
        kill(srv->pid, SIGKILL);
        waitpid(srv->pid, NULL, 0);
        fclose(srv->out);
        srv->pid = 0;
    }
}

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (t1.tv_sec - t0->tv_sec) * 1e3 + (t1.tv_nsec - t0->tv_nsec) / 1e6;
}

START_TEST(test_remote)
{
    xc_db *w = corpus("remote");
    xc_db_free(w);
    server srv = {0};
    ck_assert_msg(server_start(&srv, path_of("remote"), false),
                  "xapian-tcpsrv did not start");

    xc_db *db = NULL;
    char *msg = NULL;
    passim_status st =
        xc_db_open_remote(&db, "127.0.0.1", srv.port, 2000, 2000, &msg);
    ck_assert_msg(st == PASSIM_OK, "open remote: %s", msg ? msg : "");
    ck_assert_uint_eq(doccount(db), 4);

    xc_enquire *e = NULL;
    xc_spy *spy = NULL;
    xc_query *q = term("dog");
    ck_ok(xc_enquire_new(&e, db, NULL));
    ck_ok(xc_enquire_add_value_spy(e, &spy, 0));
    xc_mset *m = run(e, q, 10);
    ck_assert_uint_eq(xc_mset_size(m), 3);
    size_t n = 0;
    ck_ok(xc_spy_count(spy, &n));
    ck_assert_uint_eq(n, 2); /* A (doc 2), B (doc 3); doc 4 has none */
    xc_mset_free(m);

    /* The server dies: the next call fails cleanly, within the timeout. */
    server_stop(&srv);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    m = NULL;
    ck_status(xc_enquire_get_mset(e, &m, 0, 10, 0), PASSIM_ERROR_NETWORK);
    ck_assert_double_lt(ms_since(&t0), 2500);
    ck_assert_ptr_null(m);
    ck_assert_uint_gt(strlen(xc_enquire_error(e)), 0);
    xc_query_free(q);
    xc_enquire_free(e);
    xc_db_free(db);

    /* Nobody listens on that port now: refused at once. */
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ck_status(xc_db_open_remote(&db, "127.0.0.1", srv.port, 1000, 1000, &msg),
              PASSIM_ERROR_NETWORK);
    ck_assert_double_lt(ms_since(&t0), 1500);
    ck_assert_ptr_null(db);
    ck_assert_ptr_nonnull(strstr(msg, "connect"));
    free(msg);

    /* A writable remote database. */
    ck_assert(server_start(&srv, path_of("remote"), true));
    st = xc_db_open_remote_writable(&w, "127.0.0.1", srv.port, 0, 2000, &msg);
    ck_assert_msg(st == PASSIM_OK, "open remote writable: %s", msg ? msg : "");
    add_text(w, "e", "remote writer", NULL, NULL);
    ck_ok(xc_db_commit(w));
    xc_db_free(w);
    server_stop(&srv);
    db = open_db("remote");
    ck_assert_uint_eq(doccount(db), 5);
    ck_assert_str_eq(hits(db, term("writer")), "5");
    xc_db_free(db);
}
END_TEST

static Suite *xc_suite(void)
{
    Suite *s = suite_create("xc");
    TCase *db = tcase_create("databases");
    tcase_add_test(db, test_open_modes);
    tcase_add_test(db, test_documents);
    tcase_add_test(db, test_metadata);
    tcase_add_test(db, test_commit_revision_reopen);
    tcase_add_test(db, test_transactions);
    tcase_add_test(db, test_combined);
    tcase_add_test(db, test_allterms_synonyms_spelling);
    tcase_add_test(db, test_compact);
    suite_add_tcase(s, db);

    TCase *query = tcase_create("queries");
    tcase_add_test(query, test_query_operators);
    tcase_add_test(query, test_query_value_range);
    tcase_add_test(query, test_query_wildcard);
    tcase_add_test(query, test_enquire_weighting);
    tcase_add_test(query, test_enquire_sort_and_frequencies);
    tcase_add_test(query, test_enquire_value_spy);
    tcase_add_test(query, test_matching_terms);
    tcase_add_test(query, test_eset);
    suite_add_tcase(s, query);

    TCase *errors = tcase_create("errors");
    tcase_add_test(errors, test_error_missing_and_locked);
    tcase_add_test(errors, test_error_long_term);
    tcase_add_test(errors, test_error_every_handle);
    tcase_add_test(errors, test_null_handles);
    tcase_set_timeout(errors, 60);
    suite_add_tcase(s, errors);

    TCase *remote = tcase_create("remote");
    tcase_add_test(remote, test_remote);
    tcase_set_timeout(remote, 60);
    suite_add_tcase(s, remote);

    TCase *guard = tcase_create("write guard");
    tcase_add_loop_test(guard, test_write_guard_timer, 0, 2);
    tcase_set_timeout(guard, 60);
    suite_add_tcase(s, guard);
    return s;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

int main(void)
{
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        return EXIT_FAILURE;
    }
    SRunner *sr = srunner_create(xc_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    if (nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
        perror(root);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
