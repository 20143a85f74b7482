/* db_swap.c — compaction's atomic swap of a database folder, and the
 * leftovers of interrupted compactions. */
#include "db_swap.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db_location.h"
#include "db_text.h"

#define COPY_INFIX ".compact-"
/* What compactions before the atomic swap renamed the old database to. */
#define OLD_INFIX ".old-"

db_folder db_swap_folder(const char *location)
{
    db_folder f = {0, 0, false};
    struct stat sb;
    if (!db_is_remote(location) && stat(location, &sb) == 0) {
        f.dev = sb.st_dev;
        f.ino = sb.st_ino;
        f.known = true;
    }
    return f;
}

bool db_swap_moved(const char *location, db_folder before)
{
    db_folder now = db_swap_folder(location);
    return before.known &&
           (!now.known || now.dev != before.dev || now.ino != before.ino);
}

char *db_swap_copy_name(const char *path)
{
    return db_strdupf("%s%s%ld", path, COPY_INFIX, (long)getpid());
}

int db_swap_exchange(const char *path, const char *copy)
{
    return renameat2(AT_FDCWD, copy, AT_FDCWD, path, RENAME_EXCHANGE);
}

static int remove_entry(const char *path, const struct stat *sb, int flag,
                        struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

void db_swap_remove(const char *dir)
{
    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Whether `name` is `base` + `infix` + a process id. */
static bool leftover_name(const char *name, const char *base, const char *infix)
{
    size_t blen = strlen(base), ilen = strlen(infix);
    const char *pid = name + blen + ilen;
    return strncmp(name, base, blen) == 0 &&
           strncmp(name + blen, infix, ilen) == 0 && *pid &&
           strspn(pid, "0123456789") == strlen(pid);
}

/* Calls found(folder, versioned, ctx) for every folder beside `path` named
 * PATH + `infix` + a process id that holds nothing but Xapian files
 * (versioned: its version file too), and stops at the first that returns
 * true. */
static void each_leftover(const char *path, const char *infix,
                          bool (*found)(const char *, bool, void *), void *ctx)
{
    char *copy = strdup(path), *slash, *parent;
    const char *base;
    DIR *d;
    struct dirent *e;
    if (!copy)
        return;
    /* Trailing slashes would make the base name empty. */
    for (size_t n = strlen(copy); n > 1 && copy[n - 1] == '/'; n--)
        copy[n - 1] = '\0';
    slash = strrchr(copy, '/');
    parent = slash ? (slash == copy ? "/" : copy) : ".";
    base = slash ? slash + 1 : copy;
    if (slash && slash != copy)
        *slash = '\0';
    d = opendir(parent);
    while (d && (e = readdir(d))) {
        bool versioned, stop = false;
        char *folder;
        if (!leftover_name(e->d_name, base, infix))
            continue;
        folder = db_strdupf("%s/%s", parent, e->d_name);
        if (folder && db_holds_only_glass(folder, &versioned))
            stop = found(folder, versioned, ctx);
        free(folder);
        if (stop)
            break;
    }
    if (d)
        closedir(d);
    free(copy);
}

/* A complete database (its version file there) renamed back to `path`. */
static bool restore_one(const char *folder, bool versioned, void *path)
{
    return versioned && rename(folder, path) == 0;
}

void db_swap_restore(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) == 0 || errno != ENOENT)
        return;
    each_leftover(path, OLD_INFIX, restore_one, (void *)path);
}

static bool remove_one(const char *folder, bool versioned, void *ctx)
{
    (void)versioned, (void)ctx;
    db_swap_remove(folder);
    return false;
}

void db_swap_clear(const char *path)
{
    each_leftover(path, COPY_INFIX, remove_one, NULL);
    each_leftover(path, OLD_INFIX, remove_one, NULL);
}
