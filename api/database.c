/* database.c — passim_db handles: opening one or several databases for
 * reading or one for writing, closing, errors, reopening, and what they
 * hold (stats, the list of articles). */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <errno.h>
#include <sys/stat.h>

#include "api_internal.h"
#include "db.h"
#include "listing.h"
#include "stub.h"

/* Why this thread's last call without a handle (passim_db_open, ...)
 * failed: there is no handle to keep it on. A fixed buffer, so a thread that
 * ends leaks nothing. */
static _Thread_local char open_error[1024];

passim_status api_fail(passim_db *db, passim_status st, const char *fmt, ...)
{
    va_list ap;
    char *msg = NULL;
    va_start(ap, fmt);
    if (vasprintf(&msg, fmt, ap) < 0)
        msg = NULL; /* passim_db_error falls back to the status string */
    va_end(ap);
    free(db->error);
    db->error = msg;
    db->failed = st;
    db->has_offset = false;
    return st;
}

passim_status api_fail_thread(passim_status st, const char *fmt, ...)
{
    va_list ap;
    open_error[0] = '\0';
    if (fmt) {
        va_start(ap, fmt);
        vsnprintf(open_error, sizeof open_error, fmt, ap);
        va_end(ap);
    }
    return st;
}

bool api_strings_valid(const char *const *strings, size_t n)
{
    if (n && !strings)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!strings[i])
            return false;
    return true;
}

static const passim_db_options default_options = PASSIM_DB_OPTIONS_INIT;

/* The size of each version's options: the fields it added came after
 * them. */
static const size_t options_size[] = {
    0, offsetof(passim_db_options, jobs), /* 1 */
    sizeof(passim_db_options),            /* 2 */
};
_Static_assert(sizeof options_size / sizeof *options_size ==
                   PASSIM_DB_OPTIONS_VERSION + 1,
               "a version of passim_db_options without its size");

/* Copies the locations (or the default one) and the options, of any
 * version, into db as the current version's: what came after the caller's
 * version at its default, the strings and arrays db's own. */
static passim_status setup(passim_db *db, const char *const *locations,
                           size_t count, const passim_db_options *opt)
{
    if (opt->version < 1 || opt->version > PASSIM_DB_OPTIONS_VERSION)
        return api_fail(db, PASSIM_ERROR_INVALID_ARGUMENT,
                        "passim_db_options "
                        "version %u is not 1 to %u",
                        opt->version, PASSIM_DB_OPTIONS_VERSION);
    if (opt->mode != PASSIM_OPEN_READ && opt->mode != PASSIM_OPEN_WRITE &&
        opt->mode != PASSIM_OPEN_CREATE)
        return api_fail(db, PASSIM_ERROR_INVALID_ARGUMENT,
                        "unknown open mode %d", (int)opt->mode);
    if (!api_strings_valid(locations, count) ||
        !api_strings_valid(opt->include, opt->ninclude) ||
        !api_strings_valid(opt->exclude, opt->nexclude))
        return api_fail(db, PASSIM_ERROR_INVALID_ARGUMENT,
                        "a location or glob is NULL");
    db->opt = default_options;
    memcpy(&db->opt, opt, options_size[opt->version]);
    db->opt.version = PASSIM_DB_OPTIONS_VERSION;
    if (db->opt.mode != PASSIM_OPEN_READ && count > 1)
        return api_fail(db, PASSIM_ERROR_INVALID_ARGUMENT,
                        "one database only for writing (%zu given)", count);
    if (count) {
        if ((db->locations = db_strings_copy(locations, count)))
            db->nlocations = count;
    } else if ((db->locations = calloc(1, sizeof *db->locations)) &&
               (db->locations[0] = db_default_path())) {
        db->nlocations = 1;
    }
    db->include = db_strings_copy(opt->include, opt->ninclude);
    db->exclude = db_strings_copy(opt->exclude, opt->nexclude);
    if (opt->language)
        db->language = strdup(opt->language);
    db->opt.include = (const char *const *)db->include;
    db->opt.exclude = (const char *const *)db->exclude;
    db->opt.language = db->language;
    if (!db->nlocations || !db->include || !db->exclude ||
        (opt->language && !db->language))
        return api_fail(db, PASSIM_ERROR_NO_MEMORY, "out of memory");
    return PASSIM_OK;
}

passim_status api_searcher_ready(passim_db *db)
{
    char *msg = NULL;
    passim_status st = PASSIM_OK;
    if (db->s && db->stale)
        st = searcher_reopen(db->s);
    if (st != PASSIM_OK)
        return api_fail(db, st, "%s", searcher_error(db->s));
    db->stale = false;
    if (db->s)
        return PASSIM_OK;
    st = (db->opt.allow_partial ? searcher_open_partial : searcher_open)(
        &db->s, (const char *const *)db->locations, db->nlocations,
        db->opt.remote_timeout_ms, &msg);
    if (st != PASSIM_OK)
        api_fail(db, st, "%s", msg ? msg : passim_status_string(st));
    free(msg);
    return st;
}

/* The indexer's problem reports, passed on to the handle's callback; kept
 * instead while an in-memory article is written (see `capture`). */
static void on_problem(const char *path, unsigned int line, const char *reason,
                       void *ctx)
{
    passim_db *db = ctx;
    if (db->capture) {
        if (!db->captured)
            db->captured = strdup(reason);
        return;
    }
    if (db->opt.problem)
        db->opt.problem(path, line, reason, db->opt.ctx);
}

/* The caller's progress callback, with its context. */
static void on_progress(const passim_progress *p, void *ctx)
{
    passim_db *db = ctx;
    db->opt.progress(p, db->opt.ctx);
}

passim_status api_writer_open(passim_db *db)
{
    passim_db_options opt = db->opt;
    char *msg = NULL;
    passim_status st;
    opt.problem = on_problem;
    opt.progress = db->opt.progress ? on_progress : NULL;
    opt.ctx = db;
    st = indexer_open(&db->ix, db->locations[0], &opt, &msg);
    if (st != PASSIM_OK)
        api_fail(db, st, "%s", msg ? msg : passim_status_string(st));
    free(msg);
    return st;
}

passim_status passim_db_open(passim_db **out, const char *const *locations,
                             size_t count, const passim_db_options *options)
{
    passim_db *db;
    passim_status st;

    open_error[0] = '\0';
    if (!out) {
        snprintf(open_error, sizeof open_error, "passim_db_open: out is NULL");
        return PASSIM_ERROR_INVALID_ARGUMENT;
    }
    *out = NULL;
    if (!(db = calloc(1, sizeof *db))) {
        snprintf(open_error, sizeof open_error, "%s",
                 passim_status_string(PASSIM_ERROR_NO_MEMORY));
        return PASSIM_ERROR_NO_MEMORY;
    }
    st = setup(db, locations, count, options ? options : &default_options);
    if (st == PASSIM_OK)
        st = db->opt.mode == PASSIM_OPEN_READ ? api_searcher_ready(db)
                                              : api_writer_open(db);
    if (st != PASSIM_OK) {
        snprintf(open_error, sizeof open_error, "%s", passim_db_error(db));
        passim_db_close(db);
        return st;
    }
    *out = db;
    return PASSIM_OK;
}

void passim_db_close(passim_db *db)
{
    if (!db)
        return;
    if (db->ix)
        indexer_commit(db->ix, NULL);
    indexer_free(db->ix);
    searcher_free(db->s);
    db_stats_clear(&db->stats);
    db_strings_free(db->locations, db->nlocations);
    db_strings_free(db->include, db->opt.ninclude);
    db_strings_free(db->exclude, db->opt.nexclude);
    free(db->language);
    free(db->captured);
    free(db->added_id);
    free(db->error);
    free(db);
}

const char *passim_db_error(const passim_db *db)
{
    if (!db)
        return open_error;
    if (db->error)
        return db->error;
    return db->failed != PASSIM_OK ? passim_status_string(db->failed) : "";
}

int passim_db_error_offset(const passim_db *db, size_t *offset)
{
    if (!db || !db->has_offset || !offset)
        return 0;
    *offset = db->offset;
    return 1;
}

const char *passim_default_location(void)
{
    /* PATH_MAX: the system opens no longer path. */
    static _Thread_local char location[4096];
    char *path = db_default_path();
    if (!path) {
        api_fail_thread(PASSIM_ERROR_NO_MEMORY, "out of memory");
        return NULL;
    }
    if (strlen(path) >= sizeof location) {
        api_fail_thread(PASSIM_ERROR_INVALID_ARGUMENT,
                        "the default "
                        "database's path ($PASSIM_DB, $XDG_DATA_HOME or "
                        "$HOME) is %zu bytes long, more than %zu",
                        strlen(path), sizeof location - 1);
        free(path);
        return NULL;
    }
    strcpy(location, path);
    free(path);
    api_fail_thread(PASSIM_OK, NULL);
    return location;
}

passim_status passim_db_prepare_writable(const char *location)
{
    struct stat sb;
    xc_db *x = NULL;
    char *msg = NULL;
    passim_status st;

    if (!location || db_is_remote(location))
        return api_fail_thread(PASSIM_ERROR_INVALID_ARGUMENT,
                               "%s: not a database on disk",
                               location ? location : "NULL");
    if (stub_is(location))
        return api_fail_thread(PASSIM_ERROR_INVALID_ARGUMENT,
                               "%s: a stub of several databases (shards); "
                               "serve each writable on its own, e.g. passim "
                               "serve --writable %s/shard0",
                               location, location);
    if (stat(location, &sb) != 0) {
        /* Xapian creates the database folder, not the folders above it. */
        if (db_make_parents(location) != 0)
            return api_fail_thread(PASSIM_ERROR_IO,
                                   "%s: cannot create its "
                                   "parent directories: %s",
                                   location, strerror(errno));
        return api_fail_thread(PASSIM_OK, NULL);
    }
    st = db_open_read(&x, &location, 1, 0, &msg);
    if (st != PASSIM_OK)
        api_fail_thread(st, "%s", msg ? msg : passim_status_string(st));
    else
        api_fail_thread(PASSIM_OK, NULL);
    xc_db_free(x);
    free(msg);
    return st;
}

passim_status passim_db_reopen(passim_db *db)
{
    passim_status st;
    if (!db)
        return PASSIM_ERROR_INVALID_ARGUMENT;
    if (!db->s)
        return PASSIM_OK; /* a writer's searcher is opened fresh when used */
    st = searcher_reopen(db->s);
    if (st != PASSIM_OK)
        return api_fail(db, st, "%s", searcher_error(db->s));
    db->stale = false;
    return PASSIM_OK;
}

/* A reader of the handle's databases of its own, so that what it reads is
 * the latest commit whoever made it. */
static passim_status open_reader(passim_db *db, xc_db **x, char **msg)
{
    passim_status st;
    char **missing = NULL;
    size_t nmissing = 0;
    if (!db->opt.allow_partial)
        return db_open_read(x, (const char *const *)db->locations,
                            db->nlocations, db->opt.remote_timeout_ms, msg);
    st = db_open_read_partial(x, (const char *const *)db->locations,
                              db->nlocations, db->opt.remote_timeout_ms,
                              &missing, &nmissing, msg);
    db_strings_free(missing, nmissing);
    return st;
}

passim_status passim_db_stats(passim_stats *out, passim_db *db)
{
    xc_db *x = NULL;
    char *msg = NULL;
    db_stats s = {0};
    passim_status st;

    if (!db)
        return PASSIM_ERROR_INVALID_ARGUMENT;
    if (!out)
        return api_fail(db, PASSIM_ERROR_INVALID_ARGUMENT,
                        "passim_db_stats: out is NULL");
    if (out->version != PASSIM_STATS_VERSION)
        return api_fail(db, PASSIM_ERROR_INVALID_ARGUMENT,
                        "passim_stats "
                        "version %u is not %u",
                        out->version, PASSIM_STATS_VERSION);
    st = open_reader(db, &x, &msg);
    if (st == PASSIM_OK)
        st = db_stats_read(x, (const char *const *)db->locations,
                           db->nlocations, &s);
    if (st != PASSIM_OK)
        api_fail(db, st, "%s",
                 msg ? msg
                 : x ? xc_db_error(x)
                     : passim_status_string(st));
    xc_db_free(x);
    free(msg);
    if (st != PASSIM_OK)
        return st;
    db_stats_clear(&db->stats);
    db->stats = s;
    out->articles = s.articles;
    out->passages = s.passages;
    out->terms = s.terms;
    out->bytes = s.bytes;
    out->revision = s.revision;
    out->languages = s.languages ? s.languages : "";
    out->last_run = s.last_run ? s.last_run : "";
    out->analyzer = s.analyzer ? s.analyzer : "";
    return PASSIM_OK;
}

passim_status passim_db_list(passim_db *db, passim_article_entry_fn fn,
                             void *ctx)
{
    xc_db *x = NULL;
    char *msg = NULL;
    passim_status st;
    if (!db)
        return PASSIM_ERROR_INVALID_ARGUMENT;
    if (!fn)
        return api_fail(db, PASSIM_ERROR_INVALID_ARGUMENT,
                        "passim_db_list: fn is NULL");
    st = open_reader(db, &x, &msg);
    if (st == PASSIM_OK)
        st = db_list_articles(x, fn, ctx, &msg);
    if (st != PASSIM_OK)
        api_fail(db, st, "%s", msg ? msg : passim_status_string(st));
    xc_db_free(x);
    free(msg);
    return st;
}

void passim_fatal_handler_set(passim_fatal_fn fn, void *ctx)
{
    xc_fatal_handler_set(fn, ctx);
}

passim_status passim_memory_reserve(size_t bytes)
{
    return xc_memory_reserve(bytes);
}

passim_status passim_write_guard(unsigned int cpu_seconds)
{
    /* Past UINT_MAX milliseconds (49 days) is as good as no limit. */
    return xc_fatal_enable(cpu_seconds > UINT_MAX / 1000 ? UINT_MAX
                                                         : cpu_seconds * 1000);
}
