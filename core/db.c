/* db.c — opening passim databases: default location, remote addresses,
 * lock waiting, and the analyzer/schema version check. */
#include "db.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyzer.h"
#include "db_health.h"
#include "db_swap.h"
#include "schema.h"
#include "stub.h"

static void set_error(char **errmsg, char *msg)
{
    if (errmsg) {
        free(*errmsg);
        *errmsg = msg;
    } else {
        free(msg);
    }
}

/* The status of a db_health check, its message (*why) moved to *errmsg. */
static passim_status health(passim_status st, char **why, char **errmsg)
{
    if (st != PASSIM_OK)
        set_error(errmsg, *why);
    else
        free(*why);
    *why = NULL;
    return st;
}

char *db_default_path(void)
{
    const char *env = getenv("PASSIM_DB");
    if (env && *env)
        return strdup(env);
    env = getenv("XDG_DATA_HOME");
    if (env && *env)
        return db_strdupf("%s/passim/default", env);
    env = getenv("HOME");
    return db_strdupf("%s/.local/share/passim/default", env ? env : ".");
}

/* "tcp://HOST:PORT" -> host and port; false for any other location. */
static bool parse_remote(const char *location, char *host, size_t cap,
                         unsigned int *port)
{
    const char *p, *colon;
    char *end;
    unsigned long n;
    if (strncmp(location, "tcp://", 6) != 0)
        return false;
    p = location + 6;
    colon = strrchr(p, ':');
    if (!colon || colon == p || (size_t)(colon - p) >= cap)
        return false;
    errno = 0;
    n = strtoul(colon + 1, &end, 10);
    if (errno || *end || n == 0 || n > 65535)
        return false;
    memcpy(host, p, (size_t)(colon - p));
    host[colon - p] = '\0';
    *port = (unsigned int)n;
    return true;
}

/* "prog:PROGRAM ARGS": Xapian runs PROGRAM with ARGS (split by the shell's
 * rules, as for a stub's "remote :PROGRAM ARGS" line). */
static passim_status open_program(xc_db **out, const char *location,
                                  unsigned int timeout_ms, char **xmsg)
{
    const char *program = location + strlen(DB_PROG_SCHEME);
    size_t len = strcspn(program, " ");
    char *name = strndup(program, len);
    passim_status st;
    if (!name) {
        *out = NULL;
        return PASSIM_ERROR_NO_MEMORY;
    }
    program += len;
    program += strspn(program, " ");
    st = xc_db_open_remote_program(out, name, program, timeout_ms, xmsg);
    free(name);
    return st;
}

static passim_status open_one(xc_db **out, const char *location,
                              unsigned int timeout_ms, char **errmsg)
{
    char host[256];
    unsigned int port;
    char *xmsg = NULL;
    passim_status st;

    if (strncmp(location, DB_PROG_SCHEME, strlen(DB_PROG_SCHEME)) == 0) {
        st = open_program(out, location, timeout_ms, &xmsg);
    } else if (strncmp(location, "tcp://", 6) == 0) {
        if (!parse_remote(location, host, sizeof host, &port)) {
            set_error(errmsg, db_strdupf("%s: not a remote address "
                                         "(tcp://HOST:PORT)",
                                         location));
            *out = NULL;
            return PASSIM_ERROR_INVALID_ARGUMENT;
        }
        st = xc_db_open_remote(out, host, port, timeout_ms, timeout_ms, &xmsg);
    } else {
        char *why = NULL;
        *out = NULL;
        st = health(db_health_files(location, false, &why), &why, errmsg);
        if (st != PASSIM_OK)
            return st;
        st = xc_db_open(out, location, &xmsg);
        if (st == PASSIM_ERROR_NOT_FOUND && db_health_versioned(location)) {
            /* A version file, but a table Xapian cannot open. */
            set_error(errmsg, db_strdupf("%s: %s: the database is damaged",
                                         location, xmsg ? xmsg : ""));
            free(xmsg);
            return PASSIM_ERROR_CORRUPT;
        }
    }
    if (st == PASSIM_ERROR_NOT_FOUND)
        set_error(errmsg, db_strdupf("%s: no database here (run `passim "
                                     "index` first)",
                                     location));
    else if (st != PASSIM_OK)
        set_error(errmsg, db_strdupf("%s: %s", location,
                                     xmsg ? xmsg : passim_status_string(st)));
    free(xmsg);
    return st;
}

passim_status db_check_version(xc_db *db, const char *location, char **errmsg)
{
    char *analyzer = NULL, *schema = NULL, *want = NULL;
    size_t alen, slen;
    passim_status st = xc_db_get_metadata(db, &analyzer, &alen, META_ANALYZER);
    if (st == PASSIM_OK)
        st = xc_db_get_metadata(db, &schema, &slen, META_SCHEMA);
    if (st != PASSIM_OK) {
        set_error(errmsg, db_strdupf("%s: %s", location, xc_db_error(db)));
        goto out;
    }
    want = db_strdupf("%s/%d", ANALYZER_NAME, ANALYZER_VERSION);
    if (!want) {
        st = PASSIM_ERROR_NO_MEMORY;
        goto out;
    }
    if (alen == 0) {
        st = PASSIM_ERROR_VERSION_MISMATCH;
        set_error(errmsg, db_strdupf("%s: not a passim database (no analyzer "
                                     "recorded)",
                                     location));
    } else if (strcmp(analyzer, want) != 0 || atoi(schema) != SCHEMA_VERSION) {
        st = PASSIM_ERROR_VERSION_MISMATCH;
        set_error(errmsg, db_strdupf("%s: built by %s, schema %s; this passim "
                                     "uses %s, schema %d: re-index the "
                                     "articles into a new database "
                                     "(passim index --db NEW PATH...)",
                                     location, analyzer, slen ? schema : "?",
                                     want, SCHEMA_VERSION));
    }
out:
    free(analyzer);
    free(schema);
    free(want);
    return st;
}

/* The locations with every stub replaced by the databases it lists. */
passim_status db_expand_locations(const char *const *locations, size_t count,
                                  char ***out, size_t *nout, char **errmsg)
{
    passim_status st = PASSIM_OK;
    for (size_t i = 0; st == PASSIM_OK && i < count; i++) {
        char **lines = NULL;
        size_t nlines = 0;
        if (!stub_is(locations[i])) {
            st = db_strings_push(out, nout, strdup(locations[i]));
            continue;
        }
        st = stub_read(locations[i], &lines, &nlines, errmsg);
        for (size_t j = 0; st == PASSIM_OK && j < nlines; j++) {
            st = db_strings_push(out, nout, lines[j]);
            lines[j] = NULL;
        }
        db_strings_free(lines, nlines);
    }
    return st;
}

/* Opens one database and checks its version. A reader opening while a
 * writer commits may meet a block the writer just reused, which Xapian 1.4
 * reports as modified or even corrupt: only damage that persists is real.
 * One opening while a compaction swapped its folder may have read files of
 * both (and failed, or not): it is opened again. */
static passim_status open_checked(xc_db **out, const char *location,
                                  unsigned int timeout_ms, char **errmsg)
{
    passim_status st;
    char *why = NULL;
    for (int attempt = 0;; attempt++) {
        db_folder before = db_swap_folder(location);
        bool swapped;
        st = open_one(out, location, timeout_ms, errmsg);
        if (st == PASSIM_OK &&
            ((st = db_check_version(*out, location, errmsg)) != PASSIM_OK ||
             (st = health(db_health_tables(location, *out, &why), &why,
                          errmsg)) != PASSIM_OK)) {
            xc_db_free(*out);
            *out = NULL;
        }
        swapped = db_swap_moved(location, before) && attempt < 4;
        if (swapped && st == PASSIM_OK) {
            xc_db_free(*out);
            *out = NULL;
        }
        if ((st != PASSIM_ERROR_CORRUPT && st != PASSIM_ERROR_MODIFIED &&
             !swapped) ||
            attempt == 4)
            return st;
    }
}

passim_status db_reopen(xc_db *db, const char *const *locations, size_t count)
{
    char **each = NULL, *why = NULL;
    size_t neach = 0;
    db_folder *before = NULL;
    passim_status st =
        db_expand_locations(locations, count, &each, &neach, &why);
    if (st == PASSIM_OK &&
        !(before = calloc(neach ? neach : 1, sizeof *before)))
        st = PASSIM_ERROR_NO_MEMORY;
    for (size_t i = 0; st == PASSIM_OK && i < neach; i++)
        before[i] = db_swap_folder(each[i]);
    if (st == PASSIM_OK)
        st = xc_db_reopen(db, NULL);
    for (size_t i = 0; st == PASSIM_OK && i < neach; i++)
        if (db_swap_moved(each[i], before[i]))
            st = PASSIM_ERROR_MODIFIED;
    free(before);
    free(why);
    db_strings_free(each, neach);
    return st;
}

/* Opens every database on its own (stubs expanded, so each gets our remote
 * timeout and a failure names it) and combines them. When `missing` is not
 * NULL, failures are listed there and skipped unless none opens. */
static passim_status open_all(xc_db **out, const char *const *locations,
                              size_t count, unsigned int timeout_ms,
                              char ***missing, size_t *nmissing, char **errmsg)
{
    char **each = NULL, *xmsg = NULL;
    size_t neach = 0, opened = 0;
    xc_db *all = NULL;
    passim_status st, last = PASSIM_ERROR_NOT_FOUND;

    *out = NULL;
    if (count == 0)
        return PASSIM_ERROR_INVALID_ARGUMENT;
    st = db_expand_locations(locations, count, &each, &neach, errmsg);
    if (st == PASSIM_OK && neach == 1 && !missing) {
        st = open_checked(&all, each[0], timeout_ms, errmsg);
        goto out;
    }
    if (st == PASSIM_OK && (st = xc_db_new_combined(&all, &xmsg)) != PASSIM_OK)
        set_error(errmsg, xmsg), xmsg = NULL;
    for (size_t i = 0; st == PASSIM_OK && i < neach; i++) {
        xc_db *one = NULL;
        char *why = NULL;
        passim_status one_st = open_checked(&one, each[i], timeout_ms, &why);
        if (one_st == PASSIM_OK && (one_st = xc_db_add(all, one)) != PASSIM_OK)
            why = db_strdupf("%s: %s", each[i], xc_db_error(all));
        xc_db_free(one);
        if (one_st == PASSIM_OK) {
            opened++;
            free(why);
            continue;
        }
        if (!why)
            why = db_strdupf("%s: %s", each[i], passim_status_string(one_st));
        last = one_st;
        if (!missing) {
            set_error(errmsg, why);
            st = one_st;
        } else {
            st = db_strings_push(missing, nmissing, why);
        }
    }
    if (st == PASSIM_OK && opened == 0) {
        set_error(errmsg, db_strdupf("no database could be opened: %s",
                                     *nmissing ? (*missing)[0] : "none given"));
        st = last;
    }
out:
    db_strings_free(each, neach);
    free(xmsg);
    if (st != PASSIM_OK) {
        xc_db_free(all);
        all = NULL;
    }
    *out = all;
    return st;
}

passim_status db_open_read(xc_db **out, const char *const *locations,
                           size_t count, unsigned int timeout_ms, char **errmsg)
{
    return open_all(out, locations, count, timeout_ms, NULL, NULL, errmsg);
}

passim_status db_open_read_partial(xc_db **out, const char *const *locations,
                                   size_t count, unsigned int timeout_ms,
                                   char ***missing, size_t *nmissing,
                                   char **errmsg)
{
    return open_all(out, locations, count, timeout_ms, missing, nmissing,
                    errmsg);
}

int db_make_parents(const char *path)
{
    char *copy = strdup(path);
    int rc = 0;
    if (!copy)
        return -1;
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(copy, 0777) != 0 && errno != EEXIST)
            rc = -1;
        *p = '/';
    }
    free(copy);
    return rc;
}

/* Whether `dir` holds what a database creation that failed half-way (disk
 * full, killed) leaves: glass table files but no "iamglass" version file.
 * Such a folder holds no data yet and may be created over; anything else
 * in it (another file, a stub) means it is not ours to overwrite. */
static bool unfinished_create(const char *dir)
{
    bool versioned;
    return db_holds_only_glass(dir, &versioned) && !versioned;
}

/* A folder that holds other files and no database: creating one there
 * would mix Xapian's files with someone else's (`--db ~/notes` for
 * `--db ~/notes.db`). */
static bool foreign_folder(const char *dir)
{
    struct stat sb;
    char *version = db_strdupf("%s/iamglass", dir);
    bool foreign = version && stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode) &&
                   access(version, F_OK) != 0 && errno == ENOENT &&
                   !unfinished_create(dir);
    free(version);
    return foreign;
}

/* A new database gets passim's metadata, in a commit of its own. */
static passim_status init_metadata(xc_db *db, const char *location,
                                   const char *language)
{
    char version[64];
    char *analyzer = NULL;
    size_t len;
    passim_status st = xc_db_get_metadata(db, &analyzer, &len, META_ANALYZER);
    free(analyzer);
    if (st != PASSIM_OK || len > 0)
        return st;
    snprintf(version, sizeof version, "%s/%d", ANALYZER_NAME, ANALYZER_VERSION);
    st = xc_db_set_metadata(db, META_ANALYZER, version, strlen(version));
    if (st == PASSIM_OK) {
        snprintf(version, sizeof version, "%d", SCHEMA_VERSION);
        st = xc_db_set_metadata(db, META_SCHEMA, version, strlen(version));
    }
    if (st == PASSIM_OK)
        st = xc_db_set_metadata(db, META_LANGUAGE, language, strlen(language));
    if (st == PASSIM_OK)
        st = xc_db_commit(db);
    if (st == PASSIM_OK && !db_is_remote(location))
        db_health_record(location);
    return st;
}

passim_status db_open_write(xc_db **out, const char *location, bool create,
                            unsigned int lock_timeout_s, const char *language,
                            char **errmsg)
{
    char *xmsg = NULL, *why = NULL;
    passim_status st;
    struct timespec start, now, pause = {0, 100 * 1000 * 1000};
    char host[256];
    unsigned int port;

    *out = NULL;
    if (strncmp(location, "tcp://", 6) == 0) {
        if (!parse_remote(location, host, sizeof host, &port)) {
            set_error(errmsg, db_strdupf("%s: not a remote address "
                                         "(tcp://HOST:PORT)",
                                         location));
            return PASSIM_ERROR_INVALID_ARGUMENT;
        }
        st = xc_db_open_remote_writable(out, host, port, 0, 0, &xmsg);
    } else {
        if (create && foreign_folder(location)) {
            set_error(errmsg, db_strdupf("%s: a folder of other files, not a "
                                         "passim database: give --db a new "
                                         "or empty folder",
                                         location));
            return PASSIM_ERROR_INVALID_ARGUMENT;
        }
        if (create && db_make_parents(location) != 0) {
            set_error(errmsg, db_strdupf("%s: cannot create its parent "
                                         "directories: %s",
                                         location, strerror(errno)));
            return PASSIM_ERROR_IO;
        }
        db_swap_restore(location);
        st = health(db_health_files(location, true, &why), &why, errmsg);
        if (st != PASSIM_OK)
            return st;
        clock_gettime(CLOCK_MONOTONIC, &start);
        for (;;) {
            xc_open_mode mode = !create ? XC_DB_OPEN
                                : unfinished_create(location)
                                    ? XC_DB_CREATE_OR_OVERWRITE
                                    : XC_DB_CREATE_OR_OPEN;
            db_folder before = db_swap_folder(location);
            st = xc_db_open_writable(out, location, mode, &xmsg);
            if (st == PASSIM_OK && db_swap_moved(location, before)) {
                /* A compaction swapped its copy in meanwhile: the lock
                 * taken may be the old folder's. Nothing is written on
                 * closing a database just opened. */
                xc_db_free(*out);
                *out = NULL;
                continue;
            }
            if (st != PASSIM_ERROR_LOCKED)
                break;
            clock_gettime(CLOCK_MONOTONIC, &now);
            if ((double)(now.tv_sec - start.tv_sec) +
                    (double)(now.tv_nsec - start.tv_nsec) / 1e9 >=
                (double)lock_timeout_s)
                break;
            free(xmsg);
            xmsg = NULL;
            nanosleep(&pause, NULL);
        }
    }
    /* Xapian reports a lock file it may not open as a lock it cannot take:
     * tell a read-only database from a busy one. */
    if (st == PASSIM_ERROR_LOCKED && access(location, W_OK) != 0) {
        set_error(errmsg, db_strdupf("%s: cannot write here: %s", location,
                                     strerror(errno)));
        st = PASSIM_ERROR_IO;
        goto out;
    }
    if (st == PASSIM_ERROR_LOCKED) {
        set_error(errmsg, db_strdupf("%s: locked by another writer (waited "
                                     "%us; see --lock-timeout)",
                                     location, lock_timeout_s));
        goto out;
    }
    if (st == PASSIM_ERROR_NOT_FOUND && db_health_versioned(location)) {
        set_error(errmsg, db_strdupf("%s: %s: the database is damaged",
                                     location, xmsg ? xmsg : ""));
        st = PASSIM_ERROR_CORRUPT;
        goto out;
    }
    if (st == PASSIM_ERROR_NOT_FOUND) {
        set_error(errmsg, db_strdupf("%s: no database here", location));
        goto out;
    }
    if (st != PASSIM_OK) {
        set_error(errmsg, db_strdupf("%s: %s", location,
                                     xmsg ? xmsg : passim_status_string(st)));
        goto out;
    }
    /* Before anything is written: Xapian may crash or loop writing to
     * damaged files. */
    if (!db_is_remote(location) && (st = health(db_health_check(location, &why),
                                                &why, errmsg)) != PASSIM_OK)
        goto out;
    st = init_metadata(*out, location, language);
    if (st != PASSIM_OK)
        set_error(errmsg, db_strdupf("%s: %s", location, xc_db_error(*out)));
    else if ((st = db_check_version(*out, location, errmsg)) == PASSIM_OK)
        st = health(db_health_tables(location, *out, &why), &why, errmsg);
    /* With the lock held, no compaction of this database is under way. */
    if (st == PASSIM_OK && !db_is_remote(location))
        db_swap_clear(location);
out:
    free(xmsg);
    if (st != PASSIM_OK) {
        xc_db_free(*out);
        *out = NULL;
    }
    return st;
}

/* Splits a ','-joined list; empty items are dropped. */
static passim_status split_list(const char *text, char ***out, size_t *count)
{
    passim_status st = PASSIM_OK;
    *out = NULL;
    *count = 0;
    for (const char *p = text; st == PASSIM_OK && *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len > 0)
            st = db_strings_push(out, count, strndup(p, len));
        p += len + (comma ? 1 : 0);
    }
    if (st != PASSIM_OK) {
        db_strings_free(*out, *count);
        *out = NULL;
        *count = 0;
    }
    return st;
}

passim_status db_languages(xc_db *db, char ***out, size_t *count)
{
    char *langs = NULL, *deflang = NULL;
    size_t len, dlen;
    passim_status st;

    *out = NULL;
    *count = 0;
    st = xc_db_get_metadata(db, &langs, &len, META_LANGUAGES);
    if (st == PASSIM_OK && len == 0) {
        free(langs);
        langs = NULL;
        st = xc_db_get_metadata(db, &deflang, &dlen, META_LANGUAGE);
        if (st == PASSIM_OK)
            langs = dlen ? deflang : strdup("english");
        if (langs != deflang)
            free(deflang);
        if (st == PASSIM_OK && !langs)
            st = PASSIM_ERROR_NO_MEMORY;
    }
    if (st == PASSIM_OK)
        st = split_list(langs, out, count);
    free(langs);
    return st;
}

passim_status db_add_language(xc_db *db, const char *language)
{
    char *langs = NULL, *joined = NULL;
    size_t len;
    passim_status st = xc_db_get_metadata(db, &langs, &len, META_LANGUAGES);
    if (st != PASSIM_OK)
        return st;
    /* Look for the name as a whole item of the list. */
    for (const char *p = langs; p && *p;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        if (n == strlen(language) && strncmp(p, language, n) == 0)
            goto out;
        p += n + (comma ? 1 : 0);
    }
    joined = len ? db_strdupf("%s,%s", langs, language) : strdup(language);
    st = joined ? xc_db_set_metadata(db, META_LANGUAGES, joined, strlen(joined))
                : PASSIM_ERROR_NO_MEMORY;
out:
    free(langs);
    free(joined);
    return st;
}

passim_status db_first_document(xc_db *db, const char *term, xc_doc **out)
{
    xc_postings *pl = NULL;
    xc_docid docid = 0;
    bool has = false;
    passim_status st = xc_db_postings(db, &pl, term);
    *out = NULL;
    if (st == PASSIM_OK)
        st = xc_postings_next(pl, &has, &docid, NULL);
    if (st == PASSIM_OK && has)
        st = xc_db_get_document(db, out, docid);
    xc_postings_free(pl);
    return st;
}
