/* db_health.c — a damaged database refused before Xapian can crash or hang
 * on it: file kinds, needed tables, and Xapian's check in a child process
 * when the files are not what passim's last commit left. */
#include "db_health.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "child.h"
#include "db_text.h"
#include "regular_file.h"

#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#else
#define VALGRIND_DISABLE_ERROR_REPORTING
#define VALGRIND_ENABLE_ERROR_REPORTING
#endif

/* Glass's tables, each a NAME.glass file. */
static const char *const tables[] = {"postlist", "termlist", "docdata",
                                     "position", "spelling", "synonym"};
#define NTABLES (sizeof tables / sizeof *tables)
/* The tables a database holding documents cannot be without. */
static const char *const needed[] = {"postlist", "termlist", "docdata",
                                     "position"};

/* How long Xapian's check may take before it counts as hung: a minute, and
 * a second more for every 8 MiB of tables (it reads them all). */
#define CHECK_BASE_SECONDS 60
#define CHECK_BYTES_PER_SECOND (8u << 20)

static bool is_folder(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Whether dir/name may be there: only "no such file" says it is not. */
static bool exists(const char *dir, const char *name)
{
    char *path = db_strdupf("%s/%s", dir, name);
    struct stat sb;
    bool there = !path || stat(path, &sb) == 0 || errno != ENOENT;
    free(path);
    return there;
}

/* A file of the database that is there but not a regular file: a message
 * naming it, else NULL (also when it is missing). */
static char *not_regular(const char *dir, const char *name)
{
    struct stat sb;
    char *path = db_strdupf("%s/%s", dir, name), *msg = NULL;
    if (path && stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
        msg = db_strdupf("%s: %s, not a database file: the database is "
                         "damaged",
                         path, regular_file_kind(sb.st_mode));
    free(path);
    return msg;
}

bool db_health_versioned(const char *dir)
{
    return exists(dir, "iamglass");
}

/* When this process may not read dir/name (with name NULL: list and enter
 * the folder `dir`), which is there: a message naming it, else NULL. */
static char *unreadable(const char *dir, const char *name)
{
    char *path = name ? db_strdupf("%s/%s", dir, name) : strdup(dir);
    char *msg = NULL;
    if (path &&
        faccessat(AT_FDCWD, path, name ? R_OK : R_OK | X_OK, AT_EACCESS) != 0 &&
        errno == EACCES)
        msg = db_strdupf("%s: cannot read it: %s", path, strerror(EACCES));
    free(path);
    return msg;
}

passim_status db_health_files(const char *dir, bool writing, char **why)
{
    char *msg, name[32];
    *why = NULL;
    if (!is_folder(dir))
        return PASSIM_OK;
    /* Xapian reports a database it may not read as one it cannot find or
     * open, as it does a damaged one: say which it is. */
    msg = unreadable(dir, NULL);
    for (size_t i = 0; !msg && i < NTABLES; i++) {
        snprintf(name, sizeof name, "%s.glass", tables[i]);
        msg = unreadable(dir, name);
    }
    if (!msg)
        msg = unreadable(dir, "iamglass");
    if (msg) {
        *why = msg;
        return PASSIM_ERROR_IO;
    }
    for (size_t i = 0; !msg && i < NTABLES; i++) {
        snprintf(name, sizeof name, "%s.glass", tables[i]);
        msg = not_regular(dir, name);
    }
    if (!msg)
        msg = not_regular(dir, "iamglass");
    if (!msg && writing)
        msg = not_regular(dir, "flintlock");
    /* Every glass database has its postings table: a writer opening one
     * without would make an empty one. */
    if (!msg && db_health_versioned(dir) && !exists(dir, "postlist.glass"))
        msg = db_strdupf("%s/postlist.glass: missing: the database is "
                         "damaged",
                         dir);
    if (!msg)
        return PASSIM_OK;
    *why = msg;
    return PASSIM_ERROR_CORRUPT;
}

passim_status db_health_tables(const char *dir, xc_db *db, char **why)
{
    unsigned int docs = 0;
    char name[32];
    *why = NULL;
    if (!is_folder(dir) || xc_db_doccount(db, &docs) != PASSIM_OK || docs == 0)
        return PASSIM_OK;
    for (size_t i = 0; i < sizeof needed / sizeof *needed; i++) {
        snprintf(name, sizeof name, "%s.glass", needed[i]);
        if (!exists(dir, name)) {
            *why = db_strdupf("%s/%s: missing, though the database holds "
                              "%u documents: the database is damaged",
                              dir, name, docs);
            return PASSIM_ERROR_CORRUPT;
        }
    }
    return PASSIM_OK;
}

/* The database's files as they are: "name size mtime-s mtime-ns inode" a
 * line, tables then version file, those present. *bytes gets their total
 * size. NULL on out of memory. */
static char *describe(const char *dir, unsigned long long *bytes)
{
    char *text = strdup("");
    *bytes = 0;
    for (size_t i = 0; text && i <= NTABLES; i++) {
        char *path = i < NTABLES ? db_strdupf("%s/%s.glass", dir, tables[i])
                                 : db_strdupf("%s/iamglass", dir);
        struct stat sb;
        char *grown = NULL;
        if (path && stat(path, &sb) == 0) {
            grown = db_strdupf("%s%s %lld %lld %ld %llu\n", text,
                               strrchr(path, '/') + 1, (long long)sb.st_size,
                               (long long)sb.st_mtim.tv_sec, sb.st_mtim.tv_nsec,
                               (unsigned long long)sb.st_ino);
            *bytes += (unsigned long long)sb.st_size;
            free(text);
            text = grown;
        } else if (!path) {
            free(text);
            text = NULL;
        }
        free(path);
    }
    return text;
}

void db_health_record(const char *dir)
{
    unsigned long long bytes;
    char *text = describe(dir, &bytes);
    char *tmp = db_strdupf("%s/%s.tmp", dir, DB_HEALTH_STATE_FILE);
    char *path = db_strdupf("%s/%s", dir, DB_HEALTH_STATE_FILE);
    FILE *fp = text && tmp && path ? fopen(tmp, "w") : NULL;
    if (fp) {
        bool written = fputs(text, fp) >= 0;
        if (fclose(fp) == 0 && written)
            rename(tmp, path);
        else
            remove(tmp);
    }
    free(text);
    free(tmp);
    free(path);
}

/* In a child process (child_run): Xapian's check of the folder `ctx`, its
 * verdict on `out` ("k": sound; "d" and a message: damaged). The check
 * reads damaged files on purpose: what Xapian, a sanitizer or memcheck
 * says about its reads goes nowhere, and the parent says what matters. */
static void check_child(void *ctx, int out)
{
    const char *dir = ctx;
    size_t errors = 0;
    char *msg = NULL, *verdict;
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    passim_status st;
    VALGRIND_DISABLE_ERROR_REPORTING;
    if (null >= 0)
        dup2(null, STDERR_FILENO);
    st = xc_db_check(dir, &errors, &msg);
    if (st == PASSIM_OK && errors == 0)
        verdict = strdup("k");
    else if (st == PASSIM_OK)
        verdict = db_strdupf("dXapian's check finds %zu problem%s", errors,
                             errors == 1 ? "" : "s");
    else
        verdict = db_strdupf("dXapian's check fails: %s",
                             msg ? msg : passim_status_string(st));
    if (verdict && write(out, verdict, strlen(verdict)) < 0) {
        /* the parent then reports the check as failed */
    }
    free(verdict);
    free(msg);
    /* Disabled, memcheck complains at exit; what is left to report is
     * leaks, and this child has none of its own. */
    VALGRIND_ENABLE_ERROR_REPORTING;
}

/* Xapian's check of `dir` in a child process, within a time limit. */
static passim_status check_in_child(const char *dir, unsigned long long bytes,
                                    char **why)
{
    char verdict[512], *failed = NULL;
    int limit_s = CHECK_BASE_SECONDS + (int)(bytes / CHECK_BYTES_PER_SECOND);
    child_end end;
    if (child_run(check_child, (void *)dir, limit_s * 1000, verdict,
                  sizeof verdict, &end, &failed) != PASSIM_OK) {
        *why = db_strdupf("%s: cannot check the database: %s", dir,
                          failed ? failed : "out of memory");
        free(failed);
        return PASSIM_ERROR_IO;
    }
    if (strcmp(verdict, "k") == 0)
        return PASSIM_OK;
    if (verdict[0] == 'd')
        *why = db_strdupf("%s: the database is damaged (%s); nothing was "
                          "written",
                          dir, verdict + 1);
    else if (end.timed_out)
        *why = db_strdupf("%s: the database is likely damaged: Xapian's check "
                          "of it did not end within %d s; nothing was written",
                          dir, limit_s);
    else
        *why = db_strdupf("%s: the database is damaged: Xapian's check of it "
                          "crashed%s%s; nothing was written",
                          dir, end.signal ? ": " : "",
                          end.signal ? strsignal(end.signal) : "");
    return PASSIM_ERROR_CORRUPT;
}

passim_status db_health_check(const char *dir, char **why)
{
    unsigned long long bytes;
    char *now, *recorded = NULL, *path, *unread = NULL;
    size_t len;
    passim_status st = PASSIM_OK;
    *why = NULL;
    if (!is_folder(dir))
        return PASSIM_OK;
    now = describe(dir, &bytes);
    path = db_strdupf("%s/%s", dir, DB_HEALTH_STATE_FILE);
    if (!now || !path) {
        st = PASSIM_ERROR_NO_MEMORY;
        goto out;
    }
    if (regular_file_read(path, 64u << 10, &recorded, &len, &unread) ==
            PASSIM_OK &&
        strcmp(now, recorded) == 0)
        goto out;
    /* Changed since passim's last commit here (by a writer killed before
     * it committed, another program, or damage): only what Xapian's check
     * finds sound is written to. */
    st = check_in_child(dir, bytes, why);
    if (st == PASSIM_OK)
        db_health_record(dir);
out:
    free(now);
    free(recorded);
    free(path);
    free(unread);
    return st;
}
