/*
 * test_api.c — libpassim's public API as an embedder sees it: nothing but
 * passim.h, linked against the shared library, so every call here proves
 * its symbol is exported. Real databases on disk: the fixture articles
 * indexed through the API, in-memory articles added, replaced and deleted,
 * searches with every option, JSON equal to the command's, errors and their
 * messages, locking, reopening, compaction.
 */
#include <check.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#else
#define RUNNING_ON_VALGRIND 0
#endif

#include "passim.h"

#if defined(__SANITIZE_ADDRESS__)
/* As the passim command has (xapian-c/xc_db.cc): Xapian 1.4's database
 * check, which a writer may run, deletes an object as a smaller type, a
 * harmless bug of Xapian's that ASan would stop on. The program, not the
 * library, gives the sanitizer its defaults. */
__attribute__((visibility("default"))) const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "new_delete_type_mismatch=0";
}
#endif

/* A folder for the whole run; the fixture database is indexed once. */
static char scratch[] = "/tmp/passim-api.XXXXXX";
static char fixture_db[256];

static const char *const fixtures[] = {PASSIM_TEST_DATA "/articles"};

static int remove_entry(const char *path, const struct stat *sb, int flag,
                        struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

/* A fresh path in the scratch folder (nothing there yet). */
static const char *scratch_path(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s-%ld", scratch, name, (long)getpid());
    return path;
}

static passim_db *open_mode(const char *location, passim_open_mode mode)
{
    passim_db_options opt = PASSIM_DB_OPTIONS_INIT;
    passim_db *db = NULL;
    passim_status st;
    opt.mode = mode;
    st = passim_db_open(&db, &location, 1, &opt);
    ck_assert_msg(st == PASSIM_OK, "open %s: %s", location,
                  passim_db_error(NULL));
    return db;
}

static passim_db *open_fixture(void)
{
    return open_mode(fixture_db, PASSIM_OPEN_READ);
}

static passim_results *search(passim_db *db, const char *query,
                              const passim_search_options *opt)
{
    passim_results *r = NULL;
    passim_status st = passim_search(&r, db, query, opt);
    ck_assert_msg(st == PASSIM_OK, "%s: %s", query, passim_db_error(db));
    ck_assert_ptr_nonnull(r);
    return r;
}

static const char *hit_id(passim_results *r, size_t i)
{
    return passim_hit_field(passim_results_hit(r, i), PASSIM_FIELD_ID);
}

static void setup(void)
{
    passim_db_options opt = PASSIM_DB_OPTIONS_INIT;
    passim_index_summary sum = PASSIM_INDEX_SUMMARY_INIT;
    passim_db *db = NULL;
    const char *where = fixture_db;

    ck_assert_ptr_nonnull(mkdtemp(scratch));
    snprintf(fixture_db, sizeof fixture_db, "%s/fixtures.db", scratch);
    opt.mode = PASSIM_OPEN_CREATE;
    ck_assert_int_eq(passim_db_open(&db, &where, 1, &opt), PASSIM_OK);
    ck_assert_int_eq(passim_db_index(db, fixtures, 1), PASSIM_OK);
    ck_assert_int_eq(passim_db_commit(&sum, db), PASSIM_OK);
    ck_assert_uint_eq(sum.added, 13);
    passim_db_close(db);
}

static void teardown(void)
{
    nftw(scratch, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* ---- statuses and opening ----------------------------------------------- */

START_TEST(status_strings_and_version)
{
    ck_assert_str_eq(passim_status_string(PASSIM_OK), "ok");
    ck_assert_str_eq(passim_status_string(PASSIM_ERROR_LOCKED),
                     "database locked");
    ck_assert_str_eq(passim_status_string(PASSIM_ERROR_QUERY_SYNTAX),
                     "query syntax error");
    ck_assert_str_eq(passim_status_string((passim_status)99), "unknown status");
    ck_assert_str_eq(passim_version(), PASSIM_EXPECTED_VERSION);
}
END_TEST

/* Keeping and giving up the reserve around a phrase search (the query kind
 * it protects); tests/cli/test_malloc.sh shows it absorbing failed
 * allocations inside Xapian. (An allocation that cannot succeed, to see it
 * fail, would trip the sanitizers' and memcheck's size checks.) */
START_TEST(memory_reserve)
{
    passim_db *db;
    passim_results *r = NULL;
    passim_search_options opt = PASSIM_SEARCH_OPTIONS_INIT;
    ck_assert_int_eq(passim_memory_reserve(PASSIM_DEFAULT_MEMORY_RESERVE),
                     PASSIM_OK);
    db = open_fixture();
    ck_assert_int_eq(passim_search(&r, db, "\"revenue share\"", &opt),
                     PASSIM_OK);
    ck_assert_uint_gt(passim_results_total(r), 0);
    passim_results_free(r);
    passim_db_close(db);
    ck_assert_int_eq(passim_memory_reserve(0), PASSIM_OK);
}
END_TEST

START_TEST(open_missing_database)
{
    passim_db *db = (passim_db *)1;
    const char *where = scratch_path("missing");
    passim_db_options opt = PASSIM_DB_OPTIONS_INIT;
    struct stat sb;

    ck_assert_int_eq(passim_db_open(&db, &where, 1, NULL),
                     PASSIM_ERROR_NOT_FOUND);
    ck_assert_ptr_null(db);
    ck_assert_ptr_nonnull(strstr(passim_db_error(NULL), "no database here"));
    ck_assert_ptr_nonnull(strstr(passim_db_error(NULL), where));
    /* Writing an existing database only: nothing is created. */
    opt.mode = PASSIM_OPEN_WRITE;
    db = (passim_db *)1;
    ck_assert_int_eq(passim_db_open(&db, &where, 1, &opt),
                     PASSIM_ERROR_NOT_FOUND);
    ck_assert_ptr_null(db);
    ck_assert_int_ne(stat(where, &sb), 0);
    /* A later success clears the thread's open error. */
    db = open_fixture();
    ck_assert_str_eq(passim_db_error(NULL), "");
    ck_assert_str_eq(passim_db_error(db), "");
    passim_db_close(db);
}
END_TEST

START_TEST(open_bad_arguments)
{
    passim_db_options opt = PASSIM_DB_OPTIONS_INIT;
    const char *two[] = {fixture_db, fixture_db};
    const char *bad_remote = "tcp://no-port";
    const char *null_location = NULL;
    passim_db *db = (passim_db *)1;

    ck_assert_int_eq(passim_db_open(NULL, two, 1, NULL),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(passim_db_open(&db, &null_location, 1, NULL),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_null(db);
    opt.version = 99;
    ck_assert_int_eq(passim_db_open(&db, two, 1, &opt),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(passim_db_error(NULL), "version 99"));
    opt.version = PASSIM_DB_OPTIONS_VERSION;
    opt.mode = PASSIM_OPEN_WRITE;
    ck_assert_int_eq(passim_db_open(&db, two, 2, &opt),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(passim_db_error(NULL), "one database"));
    ck_assert_int_eq(passim_db_open(&db, &bad_remote, 1, NULL),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(passim_db_error(NULL), "not a remote"));
    opt.mode = 7;
    ck_assert_int_eq(passim_db_open(&db, two, 1, &opt),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    opt.mode = PASSIM_OPEN_WRITE;
    opt.mode = PASSIM_OPEN_CREATE;
    opt.language = "klingon";
    two[0] = scratch_path("klingon");
    ck_assert_int_eq(passim_db_open(&db, two, 1, &opt),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(passim_db_error(NULL), "klingon"));
    ck_assert_ptr_null(db);
    /* Destroy functions and accessors take NULL. */
    passim_db_close(NULL);
    passim_results_free(NULL);
    ck_assert_int_eq(passim_db_reopen(NULL), PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_uint_eq(passim_results_hit_count(NULL), 0);
    ck_assert_ptr_null(passim_results_hit(NULL, 0));
    ck_assert_ptr_null(passim_hit_field(NULL, PASSIM_FIELD_ID));
}
END_TEST

static void *fail_an_open(void *arg)
{
    passim_db *db = NULL;
    const char *where = arg;
    passim_status st = passim_db_open(&db, &where, 1, NULL);
    return strstr(passim_db_error(NULL), "no database here") &&
                   st == PASSIM_ERROR_NOT_FOUND
               ? arg
               : NULL;
}

START_TEST(open_error_is_per_thread)
{
    pthread_t t;
    void *ok = NULL;
    passim_db *db = open_fixture();
    char *where = strdup(scratch_path("other-thread"));
    ck_assert_int_eq(pthread_create(&t, NULL, fail_an_open, where), 0);
    ck_assert_int_eq(pthread_join(t, &ok), 0);
    ck_assert_ptr_eq(ok, where);
    ck_assert_str_eq(passim_db_error(NULL), "");
    passim_db_close(db);
    free(where);
}
END_TEST

START_TEST(default_database)
{
    const char *where = scratch_path("default");
    passim_db_options opt = PASSIM_DB_OPTIONS_INIT;
    passim_db *db = NULL;
    passim_stats stats = PASSIM_STATS_INIT;
    struct stat sb;
    char long_path[4101];

    setenv("PASSIM_DB", where, 1);
    opt.mode = PASSIM_OPEN_CREATE;
    ck_assert_int_eq(passim_db_open(&db, NULL, 0, &opt), PASSIM_OK);
    ck_assert_int_eq(stat(where, &sb), 0);
    ck_assert(S_ISDIR(sb.st_mode));
    ck_assert_int_eq(passim_db_stats(&stats, db), PASSIM_OK);
    ck_assert_uint_eq(stats.articles, 0);
    passim_db_close(db);
    ck_assert_str_eq(passim_default_location(), where);
    unsetenv("PASSIM_DB");
    setenv("XDG_DATA_HOME", "/data/home", 1);
    ck_assert_str_eq(passim_default_location(), "/data/home/passim/default");
    unsetenv("XDG_DATA_HOME");
    /* A path longer than any the system opens is a bad argument, named as
     * such (it was once reported as out of memory). */
    memset(long_path, 'd', sizeof long_path - 1);
    long_path[0] = '/';
    long_path[sizeof long_path - 1] = '\0';
    setenv("PASSIM_DB", long_path, 1);
    ck_assert_ptr_null(passim_default_location());
    ck_assert_ptr_nonnull(
        strstr(passim_db_error(NULL), "the default database's path"));
    ck_assert_ptr_nonnull(strstr(passim_db_error(NULL), "4100 bytes long"));
    ck_assert_ptr_null(strstr(passim_db_error(NULL), "out of memory"));
    unsetenv("PASSIM_DB");
}
END_TEST

START_TEST(prepare_writable)
{
    char missing[600], not_db[600], sharded_path[600];
    const char *sharded = sharded_path;
    passim_db_options opt = PASSIM_DB_OPTIONS_INIT;
    passim_db *db = NULL;
    struct stat sb;

    snprintf(sharded_path, sizeof sharded_path, "%s",
             scratch_path("sharded-serve"));
    /* Missing: the folders above it are made, not the database. */
    snprintf(missing, sizeof missing, "%s/made/by/server/db",
             scratch_path("prepare"));
    ck_assert_int_eq(passim_db_prepare_writable(missing), PASSIM_OK);
    ck_assert_str_eq(passim_db_error(NULL), "");
    ck_assert_int_ne(stat(missing, &sb), 0);
    missing[strlen(missing) - 3] = '\0';
    ck_assert_int_eq(stat(missing, &sb), 0);
    ck_assert(S_ISDIR(sb.st_mode));

    ck_assert_int_eq(passim_db_prepare_writable(fixture_db), PASSIM_OK);
    /* A folder that is not a passim database is refused as a read is. */
    snprintf(not_db, sizeof not_db, "%s/made", scratch_path("prepare"));
    ck_assert_int_ne(passim_db_prepare_writable(not_db), PASSIM_OK);
    ck_assert_str_ne(passim_db_error(NULL), "");

    opt.mode = PASSIM_OPEN_CREATE;
    opt.shards = 2;
    ck_assert_int_eq(passim_db_open(&db, &sharded, 1, &opt), PASSIM_OK);
    passim_db_close(db);
    ck_assert_int_eq(passim_db_prepare_writable(sharded),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(passim_db_error(NULL), "shard0"));
    ck_assert_int_eq(passim_db_prepare_writable("tcp://127.0.0.1:1"),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(passim_db_prepare_writable(NULL),
                     PASSIM_ERROR_INVALID_ARGUMENT);
}
END_TEST

START_TEST(open_partial)
{
    const char *where[] = {fixture_db, scratch_path("gone")};
    passim_db_options opt = PASSIM_DB_OPTIONS_INIT;
    passim_stats stats = PASSIM_STATS_INIT;
    passim_db *db = NULL;
    passim_results *r;

    ck_assert_int_eq(passim_db_open(&db, where, 2, NULL),
                     PASSIM_ERROR_NOT_FOUND);
    opt.allow_partial = 1;
    ck_assert_int_eq(passim_db_open(&db, where, 2, &opt), PASSIM_OK);
    r = search(db, "revenue share", NULL);
    ck_assert_uint_eq(passim_results_total(r), 2);
    ck_assert_uint_eq(passim_results_notice_count(r), 1);
    ck_assert_ptr_nonnull(strstr(passim_results_notice(r, 0), where[1]));
    passim_results_free(r);
    ck_assert_int_eq(passim_db_stats(&stats, db), PASSIM_OK);
    ck_assert_uint_eq(stats.articles, 13);
    passim_db_close(db);
}
END_TEST

/* ---- indexing ----------------------------------------------------------- */

typedef struct reports {
    size_t problems, progress_calls;
    char text[4096];
    size_t last_files;
} reports;

static void on_problem(const char *path, unsigned int line, const char *reason,
                       void *ctx)
{
    reports *r = ctx;
    size_t used = strlen(r->text);
    r->problems++;
    snprintf(r->text + used, sizeof r->text - used, "%s:%u: %s\n",
             strrchr(path, '/') ? strrchr(path, '/') + 1 : path, line, reason);
}

static void on_progress(const passim_progress *p, void *ctx)
{
    reports *r = ctx;
    r->progress_calls++;
    r->last_files = p->files;
}

START_TEST(index_reports_problems_and_progress)
{
    const char *readers[] = {PASSIM_TEST_DATA "/readers"};
    const char *where = scratch_path("readers");
    passim_db_options opt = PASSIM_DB_OPTIONS_INIT;
    passim_index_summary sum = PASSIM_INDEX_SUMMARY_INIT;
    reports rep = {0, 0, "", 0};
    passim_db *db = NULL;

    opt.mode = PASSIM_OPEN_CREATE;
    opt.problem = on_problem;
    opt.progress = on_progress;
    opt.ctx = &rep;
    ck_assert_int_eq(passim_db_open(&db, &where, 1, &opt), PASSIM_OK);
    ck_assert_int_eq(passim_db_index(db, readers, 1), PASSIM_OK);
    ck_assert_int_eq(passim_db_commit(&sum, db), PASSIM_OK);
    ck_assert_uint_eq(sum.added, 10);
    /* bad_front_matter.md is read without its front matter: a warning
     * through the same callback, not a failure */
    ck_assert_uint_eq(sum.failed, 4);
    ck_assert_uint_eq(sum.passages, 10);
    ck_assert_uint_eq(rep.problems, 5);
    ck_assert_ptr_nonnull(strstr(rep.text, "bad_front_matter.md:4: front "
                                           "matter: "));
    ck_assert_ptr_nonnull(strstr(rep.text, "binary.txt:0: binary file"));
    ck_assert_ptr_nonnull(strstr(rep.text, "records.jsonl:2: invalid JSON"));
    ck_assert_uint_ge(rep.progress_calls, 1);
    ck_assert_uint_eq(rep.last_files, 7);
    passim_db_close(db);
}
END_TEST

START_TEST(index_is_incremental_and_filters)
{
    const char *where = scratch_path("incremental");
    const char *md[] = {"*.md"};
    passim_db_options opt = PASSIM_DB_OPTIONS_INIT;
    passim_index_summary sum = PASSIM_INDEX_SUMMARY_INIT;
    passim_db *db = NULL;

    opt.mode = PASSIM_OPEN_CREATE;
    opt.include = md;
    opt.ninclude = 1;
    ck_assert_int_eq(passim_db_open(&db, &where, 1, &opt), PASSIM_OK);
    ck_assert_int_eq(passim_db_index(db, fixtures, 1), PASSIM_OK);
    ck_assert_int_eq(passim_db_commit(&sum, db), PASSIM_OK);
    ck_assert_int_eq(passim_db_index(db, fixtures, 1), PASSIM_OK);
    ck_assert_int_eq(passim_db_commit(&sum, db), PASSIM_OK);
    /* 8 Markdown files; the second run changes nothing. The counts add up
     * over the handle's life. */
    ck_assert_uint_eq(sum.added, 8);
    ck_assert_uint_eq(sum.unchanged, 8);
    ck_assert_uint_eq(sum.failed, 0);
    sum.version = 7;
    ck_assert_int_eq(passim_db_commit(&sum, db), PASSIM_ERROR_INVALID_ARGUMENT);
    passim_db_close(db);
}
END_TEST

START_TEST(read_only_handle_cannot_write)
{
    passim_db *db = open_fixture();
    passim_article a = PASSIM_ARTICLE_INIT;
    const char *id = "x";
    a.id = "x";
    a.body = "text";
    ck_assert_int_eq(passim_db_index(db, fixtures, 1),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(passim_db_error(db), "read-only"));
    ck_assert_int_eq(passim_db_add_article(db, &a),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(passim_db_delete(NULL, db, &id, 1),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(passim_db_commit(NULL, db), PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(passim_db_compact(db), PASSIM_ERROR_INVALID_ARGUMENT);
    passim_db_close(db);
}
END_TEST

START_TEST(second_writer_is_locked_out)
{
    const char *where = scratch_path("locked");
    passim_db_options opt = PASSIM_DB_OPTIONS_INIT;
    passim_db *first = open_mode(where, PASSIM_OPEN_CREATE), *second = NULL;
    opt.mode = PASSIM_OPEN_WRITE;
    ck_assert_int_eq(passim_db_open(&second, &where, 1, &opt),
                     PASSIM_ERROR_LOCKED);
    ck_assert_ptr_null(second);
    ck_assert_str_ne(passim_db_error(NULL), "");
    passim_db_close(first);
    second = open_mode(where, PASSIM_OPEN_WRITE);
    passim_db_close(second);
}
END_TEST

START_TEST(sharded_database)
{
    const char *where = scratch_path("sharded");
    passim_db_options opt = PASSIM_DB_OPTIONS_INIT;
    passim_stats stats = PASSIM_STATS_INIT;
    passim_db *db = NULL;
    passim_results *r;
    char shard[600];
    struct stat sb;

    opt.mode = PASSIM_OPEN_CREATE;
    opt.shards = 3;
    opt.jobs = 2; /* two writer threads for three shards */
    ck_assert_uint_eq(opt.version, 2);
    ck_assert_int_eq(passim_db_open(&db, &where, 1, &opt), PASSIM_OK);
    ck_assert_int_eq(passim_db_index(db, fixtures, 1), PASSIM_OK);
    ck_assert_int_eq(passim_db_commit(NULL, db), PASSIM_OK);
    r = search(db, "revenue share", NULL);
    ck_assert_str_eq(hit_id(r, 0), "revenue-share");
    passim_results_free(r);
    ck_assert_int_eq(passim_db_stats(&stats, db), PASSIM_OK);
    ck_assert_uint_eq(stats.articles, 13);
    passim_db_close(db);
    /* A caller built against version 1 has no `jobs`: whatever lies there
     * is not read, and the run is the same. */
    opt.version = 1;
    opt.jobs = 12345;
    ck_assert_int_eq(passim_db_open(&db, &where, 1, &opt), PASSIM_OK);
    ck_assert_int_eq(passim_db_index(db, fixtures, 1), PASSIM_OK);
    ck_assert_int_eq(passim_db_commit(NULL, db), PASSIM_OK);
    ck_assert_int_eq(passim_db_stats(&stats, db), PASSIM_OK);
    ck_assert_uint_eq(stats.articles, 13);
    passim_db_close(db);
    opt.version = 3;
    ck_assert_int_eq(passim_db_open(&db, &where, 1, &opt),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    opt.version = 2;
    opt.jobs = 0;
    snprintf(shard, sizeof shard, "%s/shard2", where);
    ck_assert_int_eq(stat(shard, &sb), 0);
    /* Another layout for the same database is refused. */
    opt.shards = 2;
    ck_assert_int_eq(passim_db_open(&db, &where, 1, &opt),
                     PASSIM_ERROR_INVALID_ARGUMENT);
}
END_TEST

/* ---- in-memory articles ------------------------------------------------- */

static const char *const beetle_tags[] = {"insects", "field notes"};
static const passim_article_field beetle_fields[] = {{"author", "Ann Lee"}};

static passim_article beetle(const char *body)
{
    passim_article a = PASSIM_ARTICLE_INIT;
    a.id = "mem-1";
    a.title = "Notes on Beetles";
    a.body = body;
    a.date = "2026-01-02";
    a.source = "memo";
    a.tags = beetle_tags;
    a.ntags = 2;
    a.lang = "en";
    a.url = "https://example.org/beetles";
    a.fields = beetle_fields;
    a.nfields = 1;
    a.path = "notes/beetles";
    return a;
}

START_TEST(article_add_replace_delete)
{
    const char *where = scratch_path("memory");
    passim_db *db = open_mode(where, PASSIM_OPEN_CREATE);
    passim_index_summary sum = PASSIM_INDEX_SUMMARY_INIT;
    passim_article a = beetle("The zyzzyva beetle lives in palms.\n\n"
                              "A second paragraph about habitats.");
    const char *ids[] = {"mem-1", "never-there"};
    passim_results *r;
    passim_hit *h;
    size_t found = 99;

    ck_assert_int_eq(passim_db_add_article(db, &a), PASSIM_OK);
    ck_assert_int_eq(passim_db_commit(&sum, db), PASSIM_OK);
    ck_assert_uint_eq(sum.added, 1);
    ck_assert_uint_eq(sum.passages, 1);

    /* The writing handle searches what it committed. */
    r = search(db, "zyzzyva", NULL);
    ck_assert_uint_eq(passim_results_hit_count(r), 1);
    h = passim_results_hit(r, 0);
    ck_assert_str_eq(passim_hit_field(h, PASSIM_FIELD_ID), "mem-1");
    ck_assert_str_eq(passim_hit_field(h, PASSIM_FIELD_TITLE),
                     "Notes on Beetles");
    ck_assert_str_eq(passim_hit_field(h, PASSIM_FIELD_DATE), "2026-01-02");
    ck_assert_str_eq(passim_hit_field(h, PASSIM_FIELD_SOURCE), "memo");
    ck_assert_str_eq(passim_hit_field(h, PASSIM_FIELD_LANG), "en");
    ck_assert_str_eq(passim_hit_field(h, PASSIM_FIELD_URL),
                     "https://example.org/beetles");
    ck_assert_str_eq(passim_hit_field(h, PASSIM_FIELD_PATH), "notes/beetles");
    ck_assert_str_eq(passim_hit_field(h, PASSIM_FIELD_TEXT),
                     "The zyzzyva beetle lives in palms.\n\n"
                     "A second paragraph about habitats.");
    ck_assert_uint_eq(passim_hit_tag_count(h), 2);
    ck_assert_str_eq(passim_hit_tag(h, 1), "field notes");
    ck_assert_ptr_null(passim_hit_tag(h, 2));
    passim_results_free(r);

    /* Tags are searchable as filters, the date as a range. */
    r = search(db, "tag:\"field notes\" date:2026-01", NULL);
    ck_assert_uint_eq(passim_results_total(r), 1);
    passim_results_free(r);

    /* The same content again is unchanged; new content replaces it. */
    ck_assert_int_eq(passim_db_add_article(db, &a), PASSIM_OK);
    a.body = "Quokkas replaced the beetles entirely.";
    ck_assert_int_eq(passim_db_add_article(db, &a), PASSIM_OK);
    ck_assert_int_eq(passim_db_commit(&sum, db), PASSIM_OK);
    ck_assert_uint_eq(sum.added, 1);
    ck_assert_uint_eq(sum.unchanged, 1);
    ck_assert_uint_eq(sum.updated, 1);
    r = search(db, "zyzzyva", NULL);
    ck_assert_uint_eq(passim_results_hit_count(r), 0);
    passim_results_free(r);
    r = search(db, "quokkas", NULL);
    ck_assert_str_eq(hit_id(r, 0), "mem-1");
    passim_results_free(r);

    ck_assert_int_eq(passim_db_delete(&found, db, ids, 2), PASSIM_OK);
    ck_assert_uint_eq(found, 1);
    ck_assert_int_eq(passim_db_commit(&sum, db), PASSIM_OK);
    ck_assert_uint_eq(sum.removed, 1);
    r = search(db, "quokkas", NULL);
    ck_assert_uint_eq(passim_results_total(r), 0);
    passim_results_free(r);
    passim_db_close(db);
}
END_TEST

/* One JSON Lines record at a time, as `passim index --batch` reads them:
 * each call says what it did and under which id. */
START_TEST(json_articles)
{
    static const char one[] = "{\"id\": \"j-1\", \"title\": \"Aardwolf\","
                              " \"body\": \"The aardwolf eats termites.\"}";
    static const char changed[] = "{\"id\": \"j-1\", \"title\": "
                                  "\"Aardwolf\", \"body\": \"It eats ants.\"}";
    static const char no_id[] = "{\"body\": \"An okapi in the forest.\"}";
    passim_db *db =
        open_mode(scratch_path("json-articles"), PASSIM_OPEN_CREATE);
    passim_index_summary sum = PASSIM_INDEX_SUMMARY_INIT;
    passim_outcome outcome = PASSIM_OUTCOME_UNCHANGED;
    passim_results *r;
    const char *id = "x";

    ck_assert_int_eq(
        passim_db_add_json(&outcome, &id, db, one, strlen(one), "feed", 1),
        PASSIM_OK);
    ck_assert_int_eq(outcome, PASSIM_OUTCOME_ADDED);
    ck_assert_str_eq(id, "j-1");
    ck_assert_int_eq(
        passim_db_add_json(&outcome, &id, db, one, strlen(one), "feed", 1),
        PASSIM_OK);
    ck_assert_int_eq(outcome, PASSIM_OUTCOME_UNCHANGED);
    ck_assert_int_eq(passim_db_add_json(&outcome, &id, db, changed,
                                        strlen(changed), "feed", 2),
                     PASSIM_OK);
    ck_assert_int_eq(outcome, PASSIM_OUTCOME_UPDATED);
    /* Without an id, the article is named after its origin and line. */
    ck_assert_int_eq(
        passim_db_add_json(&outcome, &id, db, no_id, strlen(no_id), "feed", 7),
        PASSIM_OK);
    ck_assert_str_eq(id, "feed#6");
    /* Bad records fail with a reason, and nothing is written. */
    ck_assert_int_eq(
        passim_db_add_json(&outcome, &id, db, "[1, 2", 5, "feed", 8),
        PASSIM_ERROR_INPUT);
    ck_assert_ptr_null(id);
    ck_assert_ptr_nonnull(strstr(passim_db_error(db), "feed:8"));
    ck_assert_int_eq(passim_db_add_json(&outcome, &id, db,
                                        "{\"id\": \"e\", \"title\": \"T\"}", 25,
                                        "feed", 9),
                     PASSIM_ERROR_INPUT);
    ck_assert_str_eq(id, "e");
    ck_assert_ptr_nonnull(strstr(passim_db_error(db), "no text"));
    ck_assert_int_eq(
        passim_db_add_json(NULL, &id, db, one, strlen(one), "feed", 1),
        PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(passim_db_commit(&sum, db), PASSIM_OK);
    ck_assert_uint_eq(sum.added, 2);
    ck_assert_uint_eq(sum.updated, 1);
    ck_assert_uint_eq(sum.unchanged, 1);
    r = search(db, "ants", NULL);
    ck_assert_str_eq(hit_id(r, 0), "j-1");
    ck_assert_uint_eq(passim_hit_line(passim_results_hit(r, 0)), 2);
    passim_results_free(r);
    r = search(db, "okapi", NULL);
    ck_assert_str_eq(hit_id(r, 0), "feed#6");
    ck_assert_str_eq(
        passim_hit_field(passim_results_hit(r, 0), PASSIM_FIELD_PATH), "feed");
    passim_results_free(r);
    passim_db_close(db);
}
END_TEST

/* Records from no file and without ids are named by their content: two
 * different ones never replace each other, the same one again is unchanged,
 * and the summary counts them (version 2; version 1 is still taken). */
START_TEST(json_articles_from_nowhere)
{
    static const char okapi[] = "{\"body\": \"An okapi in the forest.\"}";
    static const char tapir[] = "{\"body\": \"A tapir by the river.\"}";
    passim_db *db = open_mode(scratch_path("content-ids"), PASSIM_OPEN_CREATE);
    passim_index_summary sum = PASSIM_INDEX_SUMMARY_INIT;
    passim_index_summary old = PASSIM_INDEX_SUMMARY_INIT;
    passim_outcome outcome = PASSIM_OUTCOME_UNCHANGED;
    passim_stats stats = PASSIM_STATS_INIT;
    const char *id = NULL;
    char first[64];

    ck_assert_int_eq(
        passim_db_add_json(&outcome, &id, db, okapi, strlen(okapi), NULL, 0),
        PASSIM_OK);
    ck_assert_int_eq(outcome, PASSIM_OUTCOME_ADDED);
    ck_assert_uint_eq(strlen(id), 18);
    ck_assert_int_eq(strncmp(id, "-#", 2), 0);
    ck_assert_uint_eq(strspn(id + 2, "0123456789abcdef"), 16);
    snprintf(first, sizeof first, "%s", id);
    ck_assert_int_eq(
        passim_db_add_json(&outcome, &id, db, tapir, strlen(tapir), "-", 1),
        PASSIM_OK);
    ck_assert_int_eq(outcome, PASSIM_OUTCOME_ADDED);
    ck_assert_str_ne(id, first);
    /* The same record from standard input, on another line: the same id. */
    ck_assert_int_eq(
        passim_db_add_json(&outcome, &id, db, okapi, strlen(okapi), "-", 5),
        PASSIM_OK);
    ck_assert_int_eq(outcome, PASSIM_OUTCOME_UNCHANGED);
    ck_assert_str_eq(id, first);
    ck_assert_int_eq(passim_db_commit(&sum, db), PASSIM_OK);
    ck_assert_uint_eq(sum.added, 2);
    ck_assert_uint_eq(sum.unchanged, 1);
    ck_assert_uint_eq(sum.content_ids, 3);
    ck_assert_int_eq(passim_db_stats(&stats, db), PASSIM_OK);
    ck_assert_uint_eq(stats.articles, 2);
    old.version = 1;
    old.content_ids = 77; /* past the end of a version 1 struct */
    ck_assert_int_eq(passim_db_commit(&old, db), PASSIM_OK);
    ck_assert_uint_eq(old.added, 2);
    ck_assert_uint_eq(old.content_ids, 77);
    old.version = 3;
    ck_assert_int_eq(passim_db_commit(&old, db), PASSIM_ERROR_INVALID_ARGUMENT);
    passim_db_close(db);
}
END_TEST

/* ---- keeping a database in step with its files -------------------------- */

/* What passim_db_list handed out, copied; `stop_after` > 0 stops the walk
 * after that many. */
typedef struct listed {
    char ids[32][256];
    char lines[32][512];
    size_t n, stop_after;
} listed;

static int collect_entry(const passim_article_entry *e, void *ctx)
{
    listed *l = ctx;
    ck_assert_uint_lt(l->n, 32);
    snprintf(l->ids[l->n], sizeof l->ids[0], "%s", e->id);
    snprintf(l->lines[l->n], sizeof l->lines[0], "%s|%s|%s|%s", e->id, e->title,
             e->date ? e->date : "(none)", e->path);
    l->n++;
    return l->stop_after && l->n == l->stop_after;
}

static bool has_line(const listed *l, const char *line)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->lines[i], line) == 0)
            return true;
    return false;
}

START_TEST(list_articles)
{
    passim_db *db = open_fixture();
    listed l;
    char path[PATH_MAX], line[2 * PATH_MAX + 64];

    memset(&l, 0, sizeof l);
    ck_assert_int_eq(passim_db_list(db, collect_entry, &l), PASSIM_OK);
    ck_assert_uint_eq(l.n, 13);
    for (size_t i = 1; i < l.n; i++)
        ck_assert_int_lt(strcmp(l.ids[i - 1], l.ids[i]), 0);
    ck_assert_ptr_nonnull(
        realpath(PASSIM_TEST_DATA "/articles/feed.jsonl", path));
    snprintf(line, sizeof line,
             "feed-3|Wire: Token Prices Fall Again|"
             "2026-01-10|%s",
             path);
    ck_assert_msg(has_line(&l, line), "no line %s", line);
    ck_assert_ptr_nonnull(realpath(
        PASSIM_TEST_DATA "/articles/2025-12-01-cooling-briefing.txt", path));
    snprintf(line, sizeof line,
             "%s|Briefing Notes on Datacenter Cooling|"
             "2025-12-01|%s",
             path, path);
    ck_assert_msg(has_line(&l, line), "no line %s", line);
    /* A nonzero return stops the walk, which still succeeds. */
    memset(&l, 0, sizeof l);
    l.stop_after = 2;
    ck_assert_int_eq(passim_db_list(db, collect_entry, &l), PASSIM_OK);
    ck_assert_uint_eq(l.n, 2);
    ck_assert_int_eq(passim_db_list(db, NULL, &l),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(passim_db_error(db), "fn"));
    ck_assert_int_eq(passim_db_list(NULL, collect_entry, &l),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    passim_db_close(db);
}
END_TEST

static void write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    ck_assert_int_ge(fputs(text, fp), 0);
    ck_assert_int_eq(fclose(fp), 0);
}

static size_t articles_in(passim_db *db)
{
    passim_stats stats = PASSIM_STATS_INIT;
    ck_assert_int_eq(passim_db_stats(&stats, db), PASSIM_OK);
    return (size_t)stats.articles;
}

/* A folder moved: passim_db_prune with the new place cannot reach the old
 * copies, passim_db_prune_all removes them, and only them. */
START_TEST(prune_all_after_a_move)
{
    char dir[512], old_dir[600], new_dir[600], file[700], db_path[600];
    const char *root;
    passim_db *db;
    size_t removed = 99;

    snprintf(dir, sizeof dir, "%s", scratch_path("moving"));
    snprintf(old_dir, sizeof old_dir, "%s/old", dir);
    snprintf(new_dir, sizeof new_dir, "%s/new", dir);
    snprintf(db_path, sizeof db_path, "%s/db", dir);
    ck_assert_int_eq(mkdir(dir, 0700), 0);
    ck_assert_int_eq(mkdir(old_dir, 0700), 0);
    snprintf(file, sizeof file, "%s/puffin.txt", old_dir);
    write_text(file, "Puffins\n\nThe puffin nests in burrows.\n");
    snprintf(file, sizeof file, "%s/tern.md", old_dir);
    write_text(file, "---\nid: tern\n---\n# Terns\n\nThe tern migrates.\n");
    db = open_mode(db_path, PASSIM_OPEN_CREATE);
    root = old_dir;
    ck_assert_int_eq(passim_db_index(db, &root, 1), PASSIM_OK);
    ck_assert_int_eq(passim_db_commit(NULL, db), PASSIM_OK);
    ck_assert_int_eq(rename(old_dir, new_dir), 0);
    root = new_dir;
    ck_assert_int_eq(passim_db_index(db, &root, 1), PASSIM_OK);
    ck_assert_int_eq(passim_db_prune(db, &root, 1), PASSIM_OK);
    ck_assert_int_eq(passim_db_commit(NULL, db), PASSIM_OK);
    /* The tern (an id of its own) moved; the puffin is there twice. */
    ck_assert_uint_eq(articles_in(db), 3);
    ck_assert_int_eq(passim_db_prune_all(&removed, db), PASSIM_OK);
    ck_assert_uint_eq(removed, 1);
    ck_assert_int_eq(passim_db_commit(NULL, db), PASSIM_OK);
    ck_assert_uint_eq(articles_in(db), 2);
    ck_assert_int_eq(passim_db_prune_all(&removed, db), PASSIM_OK);
    ck_assert_uint_eq(removed, 0);
    ck_assert_int_eq(passim_db_prune_all(NULL, db), PASSIM_OK);
    ck_assert_int_eq(passim_db_prune_all(&removed, NULL),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    passim_db_close(db);
    db = open_mode(db_path, PASSIM_OPEN_READ);
    ck_assert_int_eq(passim_db_prune_all(&removed, db),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    passim_db_close(db);
}
END_TEST

/* A file's path, relative to the working directory or through a symbolic
 * link, or of a file already gone, names the articles that came from it. */
START_TEST(delete_by_file)
{
    char dir[512], file[700], db_path[600];
    const char *root = "arts";
    passim_db *db;
    size_t found = 99;

    snprintf(dir, sizeof dir, "%s", scratch_path("by-file"));
    ck_assert_int_eq(mkdir(dir, 0700), 0);
    ck_assert_int_eq(chdir(dir), 0);
    ck_assert_int_eq(mkdir("arts", 0700), 0);
    write_text("arts/feed.jsonl",
               "{\"title\": \"A\", \"body\": \"One gannet.\"}\n"
               "{\"title\": \"B\", \"body\": \"Two gannets.\"}\n");
    write_text("arts/tern.md", "---\nid: tern\n---\n# Terns\n\nA tern.\n");
    write_text("arts/auk.txt", "Auks\n\nAn auk.\n");
    ck_assert_int_eq(symlink("arts", "linked"), 0);
    snprintf(db_path, sizeof db_path, "%s/db", dir);
    db = open_mode(db_path, PASSIM_OPEN_CREATE);
    ck_assert_int_eq(passim_db_index(db, &root, 1), PASSIM_OK);
    ck_assert_int_eq(passim_db_commit(NULL, db), PASSIM_OK);
    ck_assert_uint_eq(articles_in(db), 4);
    ck_assert_int_eq(passim_db_delete_file(&found, db, "arts/feed.jsonl"),
                     PASSIM_OK);
    ck_assert_uint_eq(found, 2);
    ck_assert_int_eq(passim_db_delete_file(&found, db, "linked/tern.md"),
                     PASSIM_OK);
    ck_assert_uint_eq(found, 1);
    ck_assert_int_eq(unlink("arts/auk.txt"), 0);
    ck_assert_int_eq(passim_db_delete_file(&found, db, "./arts/auk.txt"),
                     PASSIM_OK);
    ck_assert_uint_eq(found, 1);
    ck_assert_int_eq(passim_db_commit(NULL, db), PASSIM_OK);
    ck_assert_uint_eq(articles_in(db), 0);
    snprintf(file, sizeof file, "%s/arts/tern.md", dir);
    ck_assert_int_eq(passim_db_delete_file(&found, db, file), PASSIM_OK);
    ck_assert_uint_eq(found, 0);
    ck_assert_int_eq(passim_db_delete_file(&found, db, "nowhere/x.md"),
                     PASSIM_OK);
    ck_assert_uint_eq(found, 0);
    ck_assert_int_eq(passim_db_delete_file(&found, db, NULL),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    passim_db_close(db);
}
END_TEST

/* A record indexed with something left out (here a date that is no day)
 * is added, and the warning reaches the problem callback on its line. */
START_TEST(json_article_warnings)
{
    static const char rec[] = "{\"id\": \"w-1\", \"body\": \"A numbat.\", "
                              "\"date\": \"2026-13-45\"}";
    const char *where = scratch_path("json-warnings");
    passim_db_options opt = PASSIM_DB_OPTIONS_INIT;
    reports rep = {0, 0, "", 0};
    passim_db *db = NULL;
    passim_outcome outcome = PASSIM_OUTCOME_UNCHANGED;
    const char *id = NULL;
    opt.mode = PASSIM_OPEN_CREATE;
    opt.problem = on_problem;
    opt.ctx = &rep;
    ck_assert_int_eq(passim_db_open(&db, &where, 1, &opt), PASSIM_OK);
    ck_assert_int_eq(
        passim_db_add_json(&outcome, &id, db, rec, strlen(rec), "feed", 4),
        PASSIM_OK);
    ck_assert_int_eq(outcome, PASSIM_OUTCOME_ADDED);
    ck_assert_str_eq(rep.text, "feed:4: date \"2026-13-45\": no such date; "
                               "indexed without a date\n");
    passim_db_close(db);
}
END_TEST

START_TEST(article_errors)
{
    const char *where = scratch_path("bad-articles");
    passim_db *db = open_mode(where, PASSIM_OPEN_CREATE);
    passim_article a = beetle("Some text.");
    passim_article_field reserved = {"Title", "x"};
    passim_index_summary sum = PASSIM_INDEX_SUMMARY_INIT;

    a.id = NULL;
    ck_assert_int_eq(passim_db_add_article(db, &a),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(passim_db_error(db), "needs an id"));
    a.id = "bad";
    a.lang = "klingon";
    ck_assert_int_eq(passim_db_add_article(db, &a),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(passim_db_error(db), "unknown language"));
    a.lang = NULL;
    a.fields = &reserved;
    ck_assert_int_eq(passim_db_add_article(db, &a),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(passim_db_error(db), "'Title'"));
    a.fields = NULL;
    a.nfields = 0;
    a.version = 2;
    ck_assert_int_eq(passim_db_add_article(db, &a),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    a.version = PASSIM_ARTICLE_VERSION;
    a.body = "  \n\n ";
    ck_assert_int_eq(passim_db_add_article(db, &a), PASSIM_ERROR_INPUT);
    ck_assert_ptr_nonnull(strstr(passim_db_error(db), "article 'bad'"));
    a.body = NULL;
    a.title = NULL;
    ck_assert_int_eq(passim_db_add_article(db, &a), PASSIM_ERROR_INPUT);
    ck_assert_int_eq(passim_db_add_article(db, NULL),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(passim_db_commit(&sum, db), PASSIM_OK);
    ck_assert_uint_eq(sum.added, 0);
    passim_db_close(db);
}
END_TEST

START_TEST(close_commits_and_readers_reopen)
{
    const char *where = scratch_path("reopen");
    passim_db *writer = open_mode(where, PASSIM_OPEN_CREATE);
    passim_db *reader = open_mode(where, PASSIM_OPEN_READ);
    passim_article a = beetle("The zyzzyva beetle lives in palms.");
    passim_results *r;

    ck_assert_int_eq(passim_db_add_article(writer, &a), PASSIM_OK);
    passim_db_close(writer); /* commits */
    r = search(reader, "zyzzyva", NULL);
    ck_assert_uint_eq(passim_results_total(r), 0);
    passim_results_free(r);
    ck_assert_int_eq(passim_db_reopen(reader), PASSIM_OK);
    r = search(reader, "zyzzyva", NULL);
    ck_assert_uint_eq(passim_results_total(r), 1);
    /* Results outlive their database handle. */
    passim_db_close(reader);
    ck_assert_str_eq(hit_id(r, 0), "mem-1");
    passim_results_free(r);
}
END_TEST

START_TEST(synonyms_are_checked_and_applied)
{
    const char *where = scratch_path("synonyms");
    passim_db *db = open_mode(where, PASSIM_OPEN_CREATE);
    passim_article a = beetle("The zyzzyva beetle lives in palms.");
    const char bad[] = "# comment\n= nothing on the left\n";
    const char good[] = "weevil = zyzzyva\n";
    passim_results *r;

    ck_assert_int_eq(passim_db_set_synonyms(db, bad, strlen(bad), "syn.txt"),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(passim_db_error(db), "syn.txt:2"));
    ck_assert_int_eq(passim_db_add_article(db, &a), PASSIM_OK);
    ck_assert_int_eq(passim_db_set_synonyms(db, good, strlen(good), "syn.txt"),
                     PASSIM_OK);
    ck_assert_int_eq(passim_db_commit(NULL, db), PASSIM_OK);
    passim_db_close(db);
    db = open_mode(where, PASSIM_OPEN_READ);
    r = search(db, "weevil", NULL);
    ck_assert_uint_eq(passim_results_total(r), 1);
    passim_results_free(r);
    passim_db_close(db);
}
END_TEST

START_TEST(synonyms_checked_without_a_database)
{
    const char bad[] = "aws = amazon web services\n\n= nothing\n";
    const char good[] = "# comment\naws = amazon web services\n";

    ck_assert_int_eq(passim_synonyms_check(bad, strlen(bad), "syn.txt"),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(passim_db_error(NULL), "syn.txt:3"));
    ck_assert_int_eq(passim_synonyms_check(good, strlen(good), NULL),
                     PASSIM_OK);
    ck_assert_str_eq(passim_db_error(NULL), "");
    /* Only the first len bytes count: the bad line is cut off. */
    ck_assert_int_eq(passim_synonyms_check(bad, strlen(bad) - 10, NULL),
                     PASSIM_OK);
    ck_assert_int_eq(passim_synonyms_check(NULL, 0, NULL),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(passim_db_error(NULL), "NULL"));
}
END_TEST

START_TEST(date_bounds)
{
    char day[11];
    ck_assert_int_eq(passim_date_bound(day, "2026-04-27", 0), PASSIM_OK);
    ck_assert_str_eq(day, "2026-04-27");
    ck_assert_int_eq(passim_date_bound(day, "2026-02", 0), PASSIM_OK);
    ck_assert_str_eq(day, "2026-02-01");
    ck_assert_int_eq(passim_date_bound(day, "2026-02", 1), PASSIM_OK);
    ck_assert_str_eq(day, "2026-02-31");
    ck_assert_int_eq(passim_date_bound(day, "2025", 1), PASSIM_OK);
    ck_assert_str_eq(day, "2025-12-31");
    ck_assert_str_eq(passim_db_error(NULL), "");
    ck_assert_int_eq(passim_date_bound(day, "2025-13", 0),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(passim_db_error(NULL), "'2025-13'"));
    ck_assert_ptr_nonnull(strstr(passim_db_error(NULL), "month"));
    ck_assert_int_eq(passim_date_bound(day, "2026-02-30", 0),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(passim_date_bound(day, "yesterday", 0),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(passim_date_bound(NULL, "2026", 0),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(passim_date_bound(day, NULL, 0),
                     PASSIM_ERROR_INVALID_ARGUMENT);
}
END_TEST

START_TEST(compact_keeps_the_handle_usable)
{
    const char *where = scratch_path("compact");
    passim_db *db = open_mode(where, PASSIM_OPEN_CREATE);
    passim_article a = beetle("The zyzzyva beetle lives in palms.");
    passim_stats stats = PASSIM_STATS_INIT;
    passim_results *r;

    ck_assert_int_eq(passim_db_index(db, fixtures, 1), PASSIM_OK);
    r = search(db, "quokka", NULL); /* opens the searcher */
    passim_results_free(r);
    ck_assert_int_eq(passim_db_compact(db), PASSIM_OK);
    r = search(db, "quokka", NULL);
    ck_assert_uint_eq(passim_results_total(r), 1);
    passim_results_free(r);
    ck_assert_int_eq(passim_db_add_article(db, &a), PASSIM_OK);
    ck_assert_int_eq(passim_db_commit(NULL, db), PASSIM_OK);
    ck_assert_int_eq(passim_db_stats(&stats, db), PASSIM_OK);
    ck_assert_uint_eq(stats.articles, 14);
    passim_db_close(db);
}
END_TEST

/* ---- stats -------------------------------------------------------------- */

START_TEST(stats_of_the_fixtures)
{
    passim_db *db = open_fixture();
    passim_stats s = PASSIM_STATS_INIT;
    const char *two[] = {fixture_db, fixture_db};
    passim_db *both;

    ck_assert_int_eq(passim_db_stats(&s, db), PASSIM_OK);
    ck_assert_uint_eq(s.articles, 13);
    ck_assert_uint_eq(s.passages, 15);
    ck_assert_uint_gt(s.terms, 100);
    ck_assert_uint_gt(s.bytes, 0);
    ck_assert_ptr_nonnull(strstr(s.languages, "english"));
    ck_assert_ptr_nonnull(strstr(s.languages, "french"));
    ck_assert_str_eq(s.analyzer, "passim-analyzer/1");
    ck_assert_uint_eq(strlen(s.last_run), 20);
    s.version = 0;
    ck_assert_int_eq(passim_db_stats(&s, db), PASSIM_ERROR_INVALID_ARGUMENT);
    passim_db_close(db);

    /* Two databases as one: the sums. */
    ck_assert_int_eq(passim_db_open(&both, two, 2, NULL), PASSIM_OK);
    s.version = PASSIM_STATS_VERSION;
    ck_assert_int_eq(passim_db_stats(&s, both), PASSIM_OK);
    ck_assert_uint_eq(s.passages, 30);
    passim_db_close(both);
}
END_TEST

/* ---- searching ---------------------------------------------------------- */

START_TEST(search_hits_and_fields)
{
    passim_db *db = open_fixture();
    passim_results *r = search(db, "revenue share", NULL);
    passim_hit *h = passim_results_hit(r, 0);
    const char *snippet;
    size_t len, start = 0, end = 0, n;

    ck_assert_str_eq(passim_results_query(r), "revenue share");
    ck_assert_uint_eq(passim_results_total(r), 2);
    ck_assert_uint_eq(passim_results_hit_count(r), 2);
    ck_assert_int_eq(passim_results_relaxed(r), 0);
    ck_assert_ptr_null(passim_results_suggestion(r));
    ck_assert_ptr_null(passim_results_hit(r, 2));
    ck_assert_uint_eq(passim_hit_rank(h), 1);
    ck_assert_str_eq(passim_hit_field(h, PASSIM_FIELD_ID), "revenue-share");
    ck_assert_str_eq(passim_hit_field(h, PASSIM_FIELD_TITLE),
                     "Capped Royalties and the Revenue Share");
    ck_assert_str_eq(passim_hit_field(h, PASSIM_FIELD_DATE), "2026-05-04");
    ck_assert_str_eq(passim_hit_field(h, PASSIM_FIELD_SOURCE), "analysis");
    ck_assert_ptr_null(passim_hit_field(h, PASSIM_FIELD_URL));
    ck_assert_ptr_nonnull(strstr(passim_hit_field(h, PASSIM_FIELD_PATH),
                                 "/2026-05-04-revenue-share.md"));
    ck_assert_uint_eq(passim_hit_line(h), 10);
    ck_assert_uint_eq(passim_hit_passage(h), 0);
    ck_assert_str_eq(passim_hit_tag(h, 0), "licensing");
    ck_assert(passim_hit_score(h) > passim_hit_score(passim_results_hit(r, 1)));
    ck_assert_ptr_null(passim_hit_explain(h));

    snippet = passim_hit_snippet(h, &len);
    ck_assert_uint_eq(len, strlen(snippet));
    n = passim_hit_highlight_count(h);
    ck_assert_uint_eq(n, 4);
    for (size_t i = 0; i < n; i++) {
        ck_assert_int_eq(passim_hit_highlight(h, i, &start, &end), 1);
        ck_assert_uint_le(end, len);
        ck_assert_msg((end - start == 7 &&
                       strncasecmp(snippet + start, "revenue", 7) == 0) ||
                          (end - start == 5 &&
                           strncasecmp(snippet + start, "share", 5) == 0),
                      "highlight %zu is '%.*s'", i, (int)(end - start),
                      snippet + start);
    }
    ck_assert_int_eq(passim_hit_highlight(h, n, &start, &end), 0);
    passim_results_free(r);
    passim_db_close(db);
}
END_TEST

START_TEST(search_options)
{
    passim_db *db = open_fixture();
    passim_search_options opt = PASSIM_SEARCH_OPTIONS_INIT;
    const char *facets[] = {"source"};
    passim_results *r;
    unsigned int count = 0, sum = 0;

    /* Paging: the second hit alone, ranked 2. */
    opt.limit = 1;
    opt.offset = 1;
    r = search(db, "revenue share", &opt);
    ck_assert_uint_eq(passim_results_hit_count(r), 1);
    ck_assert_uint_eq(passim_hit_rank(passim_results_hit(r, 0)), 2);
    ck_assert_str_eq(hit_id(r, 0), "revenue-apart");
    passim_results_free(r);

    /* Matching articles, counted by source: one each for the four that
     * have one (the HTML article has none). */
    opt.limit = 10;
    opt.offset = 0;
    opt.facets = facets;
    opt.nfacets = 1;
    r = search(db, "cloud", &opt);
    ck_assert_uint_eq(passim_results_total(r), 5);
    ck_assert_int_eq(passim_results_total_exact(r), 1);
    ck_assert_uint_eq(passim_results_facet_count(r), 1);
    ck_assert_str_eq(passim_results_facet_name(r, 0), "source");
    ck_assert_uint_eq(passim_results_facet_value_count(r, 0), 4);
    ck_assert_str_eq(passim_results_facet_value(r, 0, 0, &count), "analysis");
    ck_assert_uint_eq(count, 1);
    for (size_t j = 0; passim_results_facet_value(r, 0, j, &count); j++)
        sum += count;
    ck_assert_uint_eq(sum, 4);
    ck_assert_ptr_null(passim_results_facet_value(r, 1, 0, NULL));
    passim_results_free(r);

    /* Newest first, within 2026. */
    opt = (passim_search_options)PASSIM_SEARCH_OPTIONS_INIT;
    opt.sort = PASSIM_SORT_DATE;
    opt.since = "2026";
    r = search(db, "azure OR revenue OR cloud", &opt);
    ck_assert_uint_ge(passim_results_hit_count(r), 3);
    for (size_t i = 0; i < passim_results_hit_count(r); i++) {
        const char *date =
            passim_hit_field(passim_results_hit(r, i), PASSIM_FIELD_DATE);
        ck_assert_str_ge(date, "2026-01-01");
        if (i)
            ck_assert_str_le(date,
                             passim_hit_field(passim_results_hit(r, i - 1),
                                              PASSIM_FIELD_DATE));
    }
    passim_results_free(r);
    opt.until = "2026-04";
    opt.since = "2026-04";
    r = search(db, "azure OR revenue OR cloud", &opt);
    for (size_t i = 0; i < passim_results_hit_count(r); i++)
        ck_assert_int_eq(strncmp(passim_hit_field(passim_results_hit(r, i),
                                                  PASSIM_FIELD_DATE),
                                 "2026-04", 7),
                         0);
    ck_assert_uint_ge(passim_results_hit_count(r), 2);
    passim_results_free(r);

    /* Explanations. */
    opt = (passim_search_options)PASSIM_SEARCH_OPTIONS_INIT;
    opt.explain = 1;
    r = search(db, "quokka", &opt);
    ck_assert_ptr_nonnull(
        strstr(passim_hit_explain(passim_results_hit(r, 0)), "total"));
    passim_results_free(r);
    passim_db_close(db);
}
END_TEST

START_TEST(search_match_modes_and_suggestions)
{
    passim_db *db = open_fixture();
    passim_search_options opt = PASSIM_SEARCH_OPTIONS_INIT;
    passim_results *r = search(db, "revenue nosuchwordxyz", NULL);

    ck_assert_int_eq(passim_results_relaxed(r), 1);
    ck_assert_uint_ge(passim_results_hit_count(r), 1);
    /* No article has both words: each hit is listed for some of them. */
    ck_assert_int_eq(passim_hit_all_words(passim_results_hit(r, 0)), 0);
    passim_results_free(r);
    r = search(db, "revenue share", NULL);
    ck_assert_uint_ge(passim_results_hit_count(r), 1);
    ck_assert_int_eq(passim_hit_all_words(passim_results_hit(r, 0)), 1);
    ck_assert_int_eq(passim_hit_all_words(NULL), 0);
    passim_results_free(r);
    opt.match = PASSIM_MATCH_ALL;
    r = search(db, "revenue nosuchwordxyz", &opt);
    ck_assert_int_eq(passim_results_relaxed(r), 0);
    ck_assert_uint_eq(passim_results_hit_count(r), 0);
    passim_results_free(r);
    opt.match = PASSIM_MATCH_ANY;
    r = search(db, "revenue nosuchwordxyz", &opt);
    ck_assert_int_eq(passim_results_relaxed(r), 0);
    ck_assert_uint_ge(passim_results_hit_count(r), 1);
    passim_results_free(r);

    r = search(db, "azrue exclusivity", NULL);
    ck_assert_str_eq(passim_results_suggestion(r), "azure exclusivity");
    ck_assert_uint_eq(passim_results_notice_count(r), 0);
    ck_assert_ptr_null(passim_results_notice(r, 0));
    passim_results_free(r);
    passim_db_close(db);
}
END_TEST

START_TEST(search_errors)
{
    passim_db *db = open_fixture();
    passim_search_options opt = PASSIM_SEARCH_OPTIONS_INIT;
    const char *facets[] = {"colour"};
    passim_results *r = (passim_results *)1;
    size_t offset = 99;

    ck_assert_int_eq(passim_search(&r, db, "a AND", NULL),
                     PASSIM_ERROR_QUERY_SYNTAX);
    ck_assert_ptr_null(r);
    ck_assert_str_eq(passim_db_error(db), "nothing after AND");
    ck_assert_int_eq(passim_db_error_offset(db, &offset), 1);
    ck_assert_uint_eq(offset, 2);
    ck_assert_int_eq(passim_search(&r, db, "\"unclosed", NULL),
                     PASSIM_ERROR_QUERY_SYNTAX);
    ck_assert_int_eq(passim_db_error_offset(db, &offset), 1);
    ck_assert_uint_eq(offset, 0);

    opt.facets = facets;
    opt.nfacets = 1;
    ck_assert_int_eq(passim_search(&r, db, "cloud", &opt),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(passim_db_error(db), "colour"));
    /* A failure that is not a query error has no offset. */
    ck_assert_int_eq(passim_db_error_offset(db, &offset), 0);
    opt = (passim_search_options)PASSIM_SEARCH_OPTIONS_INIT;
    opt.bm25_b = 2;
    ck_assert_int_eq(passim_search(&r, db, "cloud", &opt),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    opt = (passim_search_options)PASSIM_SEARCH_OPTIONS_INIT;
    opt.since = "2026-1";
    ck_assert_int_eq(passim_search(&r, db, "cloud", &opt),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(passim_db_error(db), "'2026-1'"));
    opt.since = NULL;
    opt.until = "2026-02-30";
    ck_assert_int_eq(passim_search(&r, db, "cloud", &opt),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(passim_db_error(db), "no such day"));
    opt = (passim_search_options)PASSIM_SEARCH_OPTIONS_INIT;
    opt.synonyms_path = "/nonexistent/synonyms.txt";
    ck_assert_int_eq(passim_search(&r, db, "cloud", &opt),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(passim_db_error(db), "synonyms"));
    opt = (passim_search_options)PASSIM_SEARCH_OPTIONS_INIT;
    opt.version = 0;
    ck_assert_int_eq(passim_search(&r, db, "cloud", &opt),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(passim_search(&r, db, NULL, NULL),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(passim_search(NULL, db, "cloud", NULL),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(passim_search(&r, NULL, "cloud", NULL),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_null(r);
    passim_db_close(db);
}
END_TEST

START_TEST(search_feedback)
{
    passim_db *db = open_fixture();
    passim_search_options opt = PASSIM_SEARCH_OPTIONS_INIT;
    passim_results *plain = search(db, "cloud", NULL), *r = NULL;
    unsigned int docs = 7, terms = 7;
    double weight = 7;

    ck_assert_uint_eq(opt.version, 4);
    ck_assert_uint_eq(opt.feedback_docs, 0); /* off by default */
    ck_assert_int_eq(passim_feedback_parse(&docs, &terms, &weight, "2,30,0.5"),
                     PASSIM_OK);
    ck_assert_uint_eq(docs, 2);
    ck_assert_uint_eq(terms, 30);
    ck_assert(weight == 0.5);
    ck_assert_int_eq(passim_feedback_parse(&docs, &terms, &weight, "0,20,1"),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(passim_db_error(NULL), "'0,20,1'"));
    ck_assert_int_eq(passim_feedback_parse(&docs, &terms, &weight, "1,20"),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(passim_feedback_parse(&docs, &terms, &weight, "1,20,101"),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_int_eq(passim_feedback_parse(NULL, &terms, &weight, "1,20,1"),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_uint_eq(docs, 2); /* left alone on failure */

    /* Feedback reorders what the query matches, never widens it. */
    opt.feedback_docs = PASSIM_DEFAULT_FEEDBACK_DOCS;
    opt.feedback_terms = PASSIM_DEFAULT_FEEDBACK_TERMS;
    opt.feedback_weight = PASSIM_DEFAULT_FEEDBACK_WEIGHT;
    opt.per_article = 0;
    r = search(db, "cloud", &opt);
    ck_assert_uint_gt(passim_results_total(r), 0);
    passim_results_free(r);
    opt.per_article = 1;
    r = search(db, "cloud", &opt);
    ck_assert_uint_eq(passim_results_total(r), passim_results_total(plain));
    passim_results_free(r);
    r = NULL;

    opt.feedback_terms = 0;
    ck_assert_int_eq(passim_search(&r, db, "cloud", &opt),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(passim_db_error(db), "feedback"));
    opt.feedback_terms = 20;
    opt.feedback_weight = 0;
    ck_assert_int_eq(passim_search(&r, db, "cloud", &opt),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    /* A caller built against version 1 has no feedback fields: whatever
     * lies there is not read. */
    opt.version = 1;
    r = search(db, "cloud", &opt);
    ck_assert_uint_eq(passim_results_total(r), passim_results_total(plain));
    passim_results_free(r);
    opt.version = 4;
    ck_assert_int_eq(passim_search(&r, db, "cloud", &opt),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    passim_results_free(plain);
    passim_db_close(db);
}
END_TEST

/* `lang` analyzes the query in one language instead of every language of
 * the database: the German plural finds the German article through its
 * German stem only. */
START_TEST(search_lang)
{
    passim_db *db = open_fixture();
    passim_search_options opt = PASSIM_SEARCH_OPTIONS_INIT;
    passim_results *r = NULL;

    ck_assert_ptr_null(opt.lang);
    r = search(db, "Rechenzentren", &opt);
    ck_assert_str_eq(hit_id(r, 0), "rechenzentren-de");
    passim_results_free(r);
    opt.lang = "de";
    r = search(db, "Rechenzentren", &opt);
    ck_assert_uint_eq(passim_results_total(r), 1);
    ck_assert_str_eq(hit_id(r, 0), "rechenzentren-de");
    passim_results_free(r);
    opt.lang = "english";
    r = search(db, "Rechenzentren", &opt);
    ck_assert_uint_eq(passim_results_total(r), 0);
    passim_results_free(r);
    r = NULL;
    opt.lang = "klingon";
    ck_assert_int_eq(passim_search(&r, db, "Rechenzentren", &opt),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    ck_assert_ptr_null(r);
    ck_assert_ptr_nonnull(strstr(passim_db_error(db), "klingon"));
    /* A caller built against version 2 has no `lang`: it is not read. */
    opt.version = 2;
    r = search(db, "Rechenzentren", &opt);
    ck_assert_str_eq(hit_id(r, 0), "rechenzentren-de");
    passim_results_free(r);
    passim_db_close(db);
}
END_TEST

/* A caller built against version 3 has no passage_weight or rerank_depth:
 * whatever lies there is not read, and the defaults rank its search. */
START_TEST(search_options_version_3)
{
    passim_db *db = open_fixture();
    passim_search_options opt = PASSIM_SEARCH_OPTIONS_INIT;
    passim_results *plain = search(db, "cloud", NULL), *r = NULL;

    opt.passage_weight = -1;
    opt.rerank_depth = PASSIM_MAX_RERANK_DEPTH + 1;
    ck_assert_int_eq(passim_search(&r, db, "cloud", &opt),
                     PASSIM_ERROR_INVALID_ARGUMENT);
    opt.version = 3;
    r = search(db, "cloud", &opt);
    ck_assert_uint_eq(passim_results_hit_count(r),
                      passim_results_hit_count(plain));
    for (size_t i = 0; i < passim_results_hit_count(r); i++) {
        ck_assert_str_eq(hit_id(r, i), hit_id(plain, i));
        ck_assert(passim_hit_score(passim_results_hit(r, i)) ==
                  passim_hit_score(passim_results_hit(plain, i)));
    }
    passim_results_free(r);
    passim_results_free(plain);
    passim_db_close(db);
}
END_TEST

/* ---- JSON --------------------------------------------------------------- */

static bool starts_with(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

/* The output of `passim search ARGS` (the command of $PASSIM), or NULL when
 * the command is not there. */
static char *command_output(const char *args)
{
    const char *passim = getenv("PASSIM");
    char *cmd = NULL, *out = NULL;
    size_t cap = 0, len = 0;
    char buf[4096];
    size_t n;
    FILE *p;
    if (!passim || access(passim, X_OK) != 0)
        return NULL;
    ck_assert_int_ge(
        asprintf(&cmd, "'%s' search --db '%s' %s", passim, fixture_db, args),
        0);
    p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) {
        if (len + n + 1 > cap)
            ck_assert_ptr_nonnull(out = realloc(out, cap = 2 * (len + n + 1)));
        memcpy(out + len, buf, n);
        len += n;
    }
    pclose(p);
    free(cmd);
    if (!out)
        out = strdup("");
    out[len] = '\0';
    return out;
}

START_TEST(json_is_the_commands_json)
{
    passim_db *db = open_fixture();
    passim_search_options opt = PASSIM_SEARCH_OPTIONS_INIT;
    const char *facets[] = {"source", "tag"};
    passim_results *r = search(db, "revenue share", NULL);
    const char *json = NULL, *again = NULL, *hit = NULL;
    char *expected, *lines = NULL;

    ck_assert_int_eq(passim_results_json(&json, r), PASSIM_OK);
    ck_assert(starts_with(json, "{\"schema\":1,\"query\":\"revenue share\","
                                "\"total\":2,"));
    ck_assert_int_eq(passim_results_json(&again, r), PASSIM_OK);
    ck_assert_ptr_eq(json, again); /* made once, owned by the results */
    ck_assert_int_eq(passim_hit_json(&hit, passim_results_hit(r, 0)),
                     PASSIM_OK);
    ck_assert(starts_with(hit, "{\"rank\":1,\"id\":\"revenue-share\","));
    ck_assert_int_eq(passim_results_json(NULL, r),
                     PASSIM_ERROR_INVALID_ARGUMENT);

    /* Byte for byte what `passim search --json` prints, with the defaults
     * (which proves the _INIT defaults are the command's) and with options;
     * and --jsonl line by line. */
    if ((expected = command_output("--json 'revenue share'"))) {
        ck_assert_uint_eq(strlen(expected), strlen(json) + 1);
        ck_assert_int_eq(strncmp(expected, json, strlen(json)), 0);
        free(expected);
        passim_results_free(r);

        opt.per_article = 0;
        opt.limit = 3;
        opt.sort = PASSIM_SORT_DATE;
        opt.facets = facets;
        opt.nfacets = 2;
        r = search(db, "cloud OR azure", &opt);
        ck_assert_int_eq(passim_results_json(&json, r), PASSIM_OK);
        expected = command_output("--json --per-article 0 --limit 3 --sort "
                                  "date --facet source --facet tag "
                                  "'cloud OR azure'");
        ck_assert_uint_eq(strlen(expected), strlen(json) + 1);
        ck_assert_int_eq(strncmp(expected, json, strlen(json)), 0);
        free(expected);
        for (size_t i = 0; i < passim_results_hit_count(r); i++) {
            size_t used = lines ? strlen(lines) : 0;
            ck_assert_int_eq(passim_hit_json(&hit, passim_results_hit(r, i)),
                             PASSIM_OK);
            ck_assert_ptr_nonnull(lines =
                                      realloc(lines, used + strlen(hit) + 2));
            sprintf(lines + used, "%s\n", hit);
        }
        expected = command_output("--jsonl --per-article 0 --limit 3 --sort "
                                  "date 'cloud OR azure'");
        ck_assert_str_eq(expected, lines);
        free(expected);
        free(lines);
        passim_results_free(r);

        opt = (passim_search_options)PASSIM_SEARCH_OPTIONS_INIT;
        opt.feedback_docs = PASSIM_DEFAULT_FEEDBACK_DOCS;
        opt.feedback_terms = PASSIM_DEFAULT_FEEDBACK_TERMS;
        opt.feedback_weight = PASSIM_DEFAULT_FEEDBACK_WEIGHT;
        r = search(db, "cloud data", &opt);
        ck_assert_int_eq(passim_results_json(&json, r), PASSIM_OK);
        expected = command_output("--json --feedback 'cloud data'");
        ck_assert_str_eq(expected + strlen(json), "\n");
        ck_assert_int_eq(strncmp(expected, json, strlen(json)), 0);
        free(expected);
    } else {
        fprintf(stderr, "test_api: PASSIM not set, JSON not compared with "
                        "the command's\n");
    }
    passim_results_free(r);
    passim_db_close(db);
}
END_TEST

/* ---- the fatal handler -------------------------------------------------- */

/* Normal build only: under ASan the reads of the damaged table are
 * reported before Xapian's crash (see fatal_handler). */
#if !defined(__SANITIZE_ADDRESS__)

/* How the child writing into a damaged database (write_damaged) ends once
 * Xapian crashes: its fatal handler ends it with FATAL_EXIT_STATUS, or
 * returns (the library then aborts), or it has none (the default). */
enum fatal_mode { FATAL_HANDLER_EXITS, FATAL_HANDLER_RETURNS, FATAL_DEFAULT };
#define FATAL_EXIT_STATUS 42

static enum fatal_mode fatal_mode;

/* The application's handler: the status (one byte), then the message, to
 * the pipe *ctx; write(2) and _exit(2) only, as a handler must. */
static void record_fatal(passim_status status, const char *message, void *ctx)
{
    int fd = *(const int *)ctx;
    unsigned char code = (unsigned char)status;
    if (write(fd, &code, 1) != 1 || write(fd, message, strlen(message)) < 0)
        _exit(1);
    if (fatal_mode == FATAL_HANDLER_EXITS)
        _exit(FATAL_EXIT_STATUS);
}

/* `count` pseudo-words ("bacedi ..."), the same at every run. */
static void pseudo_words(char *out, size_t cap, unsigned int count)
{
    unsigned long x = 12345;
    size_t used = 0;
    for (unsigned int i = 0; i < count && used + 8 < cap; i++) {
        for (int k = 0; k < 3; k++) {
            x = (x * 1103515245 + 12345) % (1ul << 31);
            out[used++] = "bcdfghklmnprstvz"[x % 16];
            out[used++] = "aeiou"[(x >> 8) % 5];
        }
        out[used++] = ' ';
    }
    out[used] = '\0';
}

/* The fixtures indexed at `path`, then the first block header of its
 * spelling table damaged with the file's size and times kept: passim's
 * record of the files still matches, so no check runs before writing, and
 * Xapian 1.4 crashes committing new words into it (glibc finds its heap
 * damaged and aborts), as in tests/cli/test_corruption.sh. */
static void damage_unseen(const char *path)
{
    passim_db *db = open_mode(path, PASSIM_OPEN_CREATE);
    char spelling[700];
    struct stat sb;
    unsigned char byte;
    int fd;

    ck_assert_int_eq(passim_db_index(db, fixtures, 1), PASSIM_OK);
    ck_assert_int_eq(passim_db_commit(NULL, db), PASSIM_OK);
    passim_db_close(db);
    snprintf(spelling, sizeof spelling, "%s/spelling.glass", path);
    ck_assert_int_eq(stat(spelling, &sb), 0);
    fd = open(spelling, O_RDWR);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(pread(fd, &byte, 1, 5), 1);
    byte ^= 0xff;
    ck_assert_int_eq(pwrite(fd, &byte, 1, 5), 1);
    close(fd);
    ck_assert_int_eq(utimensat(AT_FDCWD, spelling,
                               (struct timespec[]){sb.st_atim, sb.st_mtim}, 0),
                     0);
}

/* In a child process, with the write guard on and record_fatal installed
 * unless `mode` is FATAL_DEFAULT: an article of new words written into the
 * damaged database at `path`. What the child wrote to the pipe (handler)
 * or to stderr (default) lands in said[]; returns its wait status. A child
 * that sees no crash exits 0. */
static int write_damaged(const char *path, enum fatal_mode mode, char *said,
                         size_t cap)
{
    int fds[2], status = 0;
    size_t have = 0;
    ssize_t n;
    pid_t pid;

    ck_assert_int_eq(pipe(fds), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        passim_db_options opt = PASSIM_DB_OPTIONS_INIT;
        passim_article a = PASSIM_ARTICLE_INIT;
        passim_db *db = NULL;
        static char body[2048];
        int quiet = open("/dev/null", O_WRONLY);
        close(fds[0]);
        /* glibc says what it found on stderr, which the handler's pipe
         * must not get. */
        dup2(mode == FATAL_DEFAULT ? fds[1] : quiet, STDERR_FILENO);
        fatal_mode = mode;
        if (mode != FATAL_DEFAULT)
            passim_fatal_handler_set(record_fatal, &fds[1]);
        pseudo_words(body, sizeof body, 200);
        a.id = "new-words";
        a.title = "New words";
        a.body = body;
        opt.mode = PASSIM_OPEN_WRITE;
        if (passim_write_guard(10) != PASSIM_OK ||
            passim_db_open(&db, &path, 1, &opt) != PASSIM_OK ||
            passim_db_add_article(db, &a) != PASSIM_OK)
            _exit(2);
        passim_db_commit(NULL, db);
        passim_db_close(db);
        _exit(0);
    }
    close(fds[1]);
    while ((n = read(fds[0], said + have, cap - 1 - have)) > 0)
        have += (size_t)n;
    said[have] = '\0';
    close(fds[0]);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    return status;
}

/* A crash inside Xapian while it writes calls the application's handler,
 * with PASSIM_ERROR_CORRUPT and a message naming the database; a handler
 * that returns is followed by abort(); without one, the library writes
 * "libpassim: MESSAGE" and aborts: it never exits. Either way the
 * database keeps its last commit. (Normal build only: a sanitizer or
 * memcheck reports Xapian's reads of the damaged table first.) */
START_TEST(fatal_handler)
{
    char path[600], said[4096], expected[1024];
    enum fatal_mode mode = (enum fatal_mode)_i;
    const char *where = path;
    passim_stats stats = PASSIM_STATS_INIT;
    passim_db *db;
    int status;

    snprintf(path, sizeof path, "%s-%d", scratch_path("damaged"), _i);
    damage_unseen(path);
    status = write_damaged(path, mode, said, sizeof said);
    snprintf(expected, sizeof expected,
             "%s: Xapian crashed while writing it (SIG", path);
    if (mode == FATAL_HANDLER_EXITS) {
        ck_assert_msg(WIFEXITED(status) &&
                          WEXITSTATUS(status) == FATAL_EXIT_STATUS,
                      "status %#x, said: %s", status, said);
    } else {
        ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT,
                      "status %#x, said: %s", status, said);
    }
    if (mode == FATAL_DEFAULT) {
        ck_assert_ptr_nonnull(strstr(said, "libpassim: "));
        ck_assert_ptr_nonnull(strstr(strstr(said, "libpassim: "), expected));
    } else {
        ck_assert_int_eq(said[0], PASSIM_ERROR_CORRUPT);
        ck_assert_int_eq(strncmp(said + 1, expected, strlen(expected)), 0);
    }
    ck_assert_ptr_nonnull(strstr(said, "; the database keeps its last "
                                       "commit; check it with xapian-check"));

    ck_assert_int_eq(passim_db_open(&db, &where, 1, NULL), PASSIM_OK);
    ck_assert_int_eq(passim_db_stats(&stats, db), PASSIM_OK);
    ck_assert_uint_eq(stats.articles, 13);
    passim_db_close(db);
}
END_TEST
#endif /* !__SANITIZE_ADDRESS__ */

static Suite *api_suite(void)
{
    Suite *s = suite_create("api");
    TCase *tc = tcase_create("api");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, status_strings_and_version);
    tcase_add_test(tc, memory_reserve);
    tcase_add_test(tc, open_missing_database);
    tcase_add_test(tc, open_bad_arguments);
    tcase_add_test(tc, open_error_is_per_thread);
    tcase_add_test(tc, default_database);
    tcase_add_test(tc, prepare_writable);
    tcase_add_test(tc, open_partial);
    tcase_add_test(tc, index_reports_problems_and_progress);
    tcase_add_test(tc, index_is_incremental_and_filters);
    tcase_add_test(tc, read_only_handle_cannot_write);
    tcase_add_test(tc, second_writer_is_locked_out);
    tcase_add_test(tc, sharded_database);
    tcase_add_test(tc, article_add_replace_delete);
    tcase_add_test(tc, article_errors);
    tcase_add_test(tc, json_articles);
    tcase_add_test(tc, json_articles_from_nowhere);
    tcase_add_test(tc, list_articles);
    tcase_add_test(tc, prune_all_after_a_move);
    tcase_add_test(tc, delete_by_file);
    tcase_add_test(tc, json_article_warnings);
    tcase_add_test(tc, close_commits_and_readers_reopen);
    tcase_add_test(tc, synonyms_are_checked_and_applied);
    tcase_add_test(tc, synonyms_checked_without_a_database);
    tcase_add_test(tc, date_bounds);
    tcase_add_test(tc, compact_keeps_the_handle_usable);
    tcase_add_test(tc, stats_of_the_fixtures);
    tcase_add_test(tc, search_hits_and_fields);
    tcase_add_test(tc, search_options);
    tcase_add_test(tc, search_match_modes_and_suggestions);
    tcase_add_test(tc, search_errors);
    tcase_add_test(tc, search_feedback);
    tcase_add_test(tc, search_lang);
    tcase_add_test(tc, search_options_version_3);
    tcase_add_test(tc, json_is_the_commands_json);
#if !defined(__SANITIZE_ADDRESS__)
    if (!RUNNING_ON_VALGRIND)
        tcase_add_loop_test(tc, fatal_handler, FATAL_HANDLER_EXITS,
                            FATAL_DEFAULT + 1);
#endif
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(api_suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
