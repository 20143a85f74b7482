/*
 * walk.c — the file walker (see walk.h): roots to input files in sorted
 * order, with everything that is not a readable regular file of a known
 * format reported instead of opened, and a reader of one file that cannot be
 * made to block by a FIFO put where a file was.
 */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "glob.h"
#include "regular_file.h"
#include "stub.h"
#include "vec.h"

/* What a whole-file read starts with before the file proves to be text. */
#define WALK_FIRST_BLOCK (1u << 20)

typedef struct dir_id {
    dev_t dev;
    ino_t ino;
} dir_id;

typedef struct walker {
    const walk_options *opt;
    walk_file_fn on_file;
    walk_skip_fn on_skip;
    void *ctx;
    dir_id *path; /* the directories being walked, outermost first */
    size_t depth, cap;
    bool stop;
    passim_status st;
} walker;

static void skip(walker *w, const char *path, bool only_verbose,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void skip(walker *w, const char *path, bool only_verbose,
                 const char *fmt, ...)
{
    if (!w->on_skip)
        return;
    char reason[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    w->on_skip(path, reason, only_verbose, w->ctx);
}

/* Whether one of the globs matches `rel` (or, `within`, a folder above
 * it). */
static bool matches(const char *const *globs, size_t n, const char *rel,
                    bool is_dir, bool within)
{
    for (size_t i = 0; i < n; i++)
        if (within ? glob_match_within(globs[i], rel, is_dir)
                   : glob_match(globs[i], rel, is_dir))
            return true;
    return false;
}

static char *join(const char *dir, const char *name)
{
    size_t dl = strlen(dir), nl = strlen(name);
    char *p = malloc(dl + nl + 2);
    if (!p)
        return NULL;
    memcpy(p, dir, dl);
    p[dl] = '/';
    memcpy(p + dl + 1, name, nl + 1);
    return p;
}

/* Whether a folder is a database (a Xapian one, or passim's stub of
 * shards): `passim index --db corpus/db corpus` must not read its own
 * database as articles. */
static bool holds_database(const char *dir)
{
    static const char *const marks[] = {"iamglass", STUB_FILE};
    bool found = false;
    for (size_t i = 0; !found && i < sizeof marks / sizeof *marks; i++) {
        char *mark = join(dir, marks[i]);
        found = mark && access(mark, F_OK) == 0;
        free(mark);
    }
    return found;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The visible names in a directory, sorted; NULL with *n 0 when it cannot
 * be read (reported). */
static char **list_dir(walker *w, const char *path, size_t *n)
{
    char **names = NULL;
    size_t cap = 0;
    *n = 0;
    DIR *d = opendir(path);
    if (!d) {
        skip(w, path, false, "cannot open directory: %s", strerror(errno));
        return NULL;
    }
    for (;;) {
        errno = 0;
        struct dirent *e = readdir(d);
        if (!e) {
            if (errno)
                skip(w, path, false, "cannot read directory: %s",
                     strerror(errno));
            break;
        }
        if (e->d_name[0] == '.') /* hidden, or . and .. */
            continue;
        if (!vec_reserve(names, cap, *n + 1))
            goto oom;
        if (!(names[*n] = strdup(e->d_name)))
            goto oom;
        (*n)++;
    }
    closedir(d);
    if (*n)
        qsort(names, *n, sizeof *names, compare_names);
    return names;
oom:
    closedir(d);
    for (size_t i = 0; i < *n; i++)
        free(names[i]);
    free(names);
    *n = 0;
    w->st = PASSIM_ERROR_NO_MEMORY;
    return NULL;
}

static void visit(walker *w, const char *path, const char *rel, bool root);

static void walk_dir(walker *w, const char *path, const char *rel,
                     const struct stat *st)
{
    for (size_t i = 0; i < w->depth; i++) {
        if (w->path[i].dev == st->st_dev && w->path[i].ino == st->st_ino) {
            skip(w, path, false,
                 "symbolic link loop: directory already "
                 "being walked");
            return;
        }
    }
    if (!vec_reserve(w->path, w->cap, w->depth + 1)) {
        w->st = PASSIM_ERROR_NO_MEMORY;
        return;
    }
    size_t n;
    char **names = list_dir(w, path, &n);
    w->path[w->depth++] = (dir_id){st->st_dev, st->st_ino};
    for (size_t i = 0; i < n; i++) {
        char *child = join(path, names[i]);
        char *child_rel = rel ? join(rel, names[i]) : strdup(names[i]);
        if (!child || !child_rel)
            w->st = PASSIM_ERROR_NO_MEMORY;
        if (!w->stop && w->st == PASSIM_OK)
            visit(w, child, child_rel, false);
        free(child);
        free(child_rel);
        free(names[i]);
    }
    free(names);
    w->depth--;
}

static void walk_file(walker *w, const char *path, const char *rel,
                      const struct stat *st, bool root)
{
    const walk_options *o = w->opt;
    if (!root && o->ninclude &&
        !matches(o->include, o->ninclude, rel, false, true)) {
        skip(w, path, true, "not included");
        return;
    }
    reader_format fmt = reader_format_for_path(path);
    if (fmt == READER_UNKNOWN) {
        skip(w, path, !root, WALK_UNKNOWN_TYPE);
        return;
    }
    unsigned long long size = (unsigned long long)st->st_size;
    /* JSON Lines are streamed and limited per line, not per file */
    if (o->max_file_size && size > o->max_file_size && fmt != READER_JSONL) {
        skip(w, path, false,
             "larger than the maximum file size (%llu > %llu "
             "bytes)",
             size, o->max_file_size);
        return;
    }
    if (access(path, R_OK)) {
        skip(w, path, false, "cannot read: %s", strerror(errno));
        return;
    }
    char *canonical = realpath(path, NULL);
    if (!canonical) {
        skip(w, path, false, "cannot resolve path: %s", strerror(errno));
        return;
    }
    if (w->on_file(path, canonical, fmt, size, w->ctx))
        w->stop = true;
    free(canonical);
}

/* rel: the path relative to the root (the base name for a root itself). */
static void visit(walker *w, const char *path, const char *rel, bool root)
{
    const walk_options *o = w->opt;
    struct stat st;
    bool found = stat(path, &st) == 0;
    int err = errno;
    /* What is excluded is not looked at further (a broken link there is no
     * problem), and an excluded folder is not entered. */
    if (!root && o->nexclude &&
        matches(o->exclude, o->nexclude, rel, found && S_ISDIR(st.st_mode),
                false)) {
        skip(w, path, true, "excluded");
        return;
    }
    if (!found) {
        struct stat link;
        if (err == ELOOP)
            skip(w, path, false, "symbolic link loop");
        else if (!lstat(path, &link) && S_ISLNK(link.st_mode))
            skip(w, path, false, "broken symbolic link");
        else
            skip(w, path, false, "%s", strerror(err));
        return;
    }
    if (S_ISDIR(st.st_mode) && holds_database(path))
        skip(w, path, !root, "a database, not read");
    else if (S_ISDIR(st.st_mode))
        walk_dir(w, path, root ? NULL : rel, &st);
    else if (S_ISREG(st.st_mode))
        walk_file(w, path, rel, &st, root);
    else
        skip(w, path, false, "%s, not read", regular_file_kind(st.st_mode));
}

passim_status walk_roots(const char *const *roots, size_t nroots,
                         const walk_options *opt, walk_file_fn on_file,
                         walk_skip_fn on_skip, void *ctx)
{
    if ((!roots && nroots) || !opt || !on_file)
        return PASSIM_ERROR_INVALID_ARGUMENT;
    walker w = {opt, on_file, on_skip, ctx, NULL, 0, 0, false, PASSIM_OK};
    for (size_t i = 0; i < nroots && !w.stop && w.st == PASSIM_OK; i++) {
        if (!strcmp(roots[i], "-")) {
            w.stop = on_file("-", "-", READER_JSONL, 0, ctx) != 0;
            continue;
        }
        char *root = strdup(roots[i]);
        if (!root)
            return PASSIM_ERROR_NO_MEMORY;
        size_t len = strlen(root);
        while (len > 1 && root[len - 1] == '/') /* "dir/" is "dir" */
            root[--len] = '\0';
        const char *slash = strrchr(root, '/');
        visit(&w, root, slash && slash[1] ? slash + 1 : root, true);
        free(root);
    }
    free(w.path);
    return w.st;
}

passim_status walk_read_file(const char *path, unsigned long long max,
                             char **buf, size_t *len, char **reason)
{
    char why[256] = "";
    passim_status st = PASSIM_OK;
    char *data = NULL;
    size_t have = 0;
    struct stat sb;
    *buf = NULL;
    *len = 0;
    *reason = NULL;
    /* O_NONBLOCK: opening a FIFO swapped in for the file must not wait for
     * a writer; fstat then tells what was really opened. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        snprintf(why, sizeof why, "cannot open: %s", strerror(errno));
        st = PASSIM_ERROR_IO;
        goto out;
    }
    if (fstat(fd, &sb)) {
        snprintf(why, sizeof why, "cannot stat: %s", strerror(errno));
        st = PASSIM_ERROR_IO;
        goto out;
    }
    if (!S_ISREG(sb.st_mode)) {
        snprintf(why, sizeof why, "%s, not read",
                 regular_file_kind(sb.st_mode));
        st = PASSIM_ERROR_INPUT;
        goto out;
    }
    unsigned long long size = (unsigned long long)sb.st_size;
    if (max && size > max) {
        snprintf(why, sizeof why,
                 "larger than the maximum file size (%llu > %llu bytes)", size,
                 max);
        st = PASSIM_ERROR_INPUT;
        goto out;
    }
    /* The file may grow while it is read: read to its end, within max. The
     * buffer grows as bytes come rather than being sized by st_size, so
     * that a 2 GB sparse file or a file of random bytes is told binary from
     * its first block and never held whole. */
    size_t cap =
        (size_t)(size < WALK_FIRST_BLOCK ? size : WALK_FIRST_BLOCK) + 1;
    bool probed = false;
    data = malloc(cap + 1);
    if (!data) {
        st = PASSIM_ERROR_NO_MEMORY;
        snprintf(why, sizeof why, "out of memory");
        goto out;
    }
    for (;;) {
        if (have == cap) {
            if (max && have > max)
                break;
            size_t grown =
                cap <= size && 2 * cap > size ? (size_t)size + 1 : 2 * cap;
            char *p = realloc(data, grown + 1);
            if (!p) {
                st = PASSIM_ERROR_NO_MEMORY;
                snprintf(why, sizeof why, "out of memory");
                goto out;
            }
            data = p;
            cap = grown;
        }
        ssize_t n = read(fd, data + have, cap - have);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            snprintf(why, sizeof why, "cannot read: %s", strerror(errno));
            st = PASSIM_ERROR_IO;
            goto out;
        }
        if (n == 0)
            break;
        have += (size_t)n;
        if (!probed && have >= READER_BINARY_PROBE) {
            probed = true;
            if (reader_looks_binary(data, have)) {
                snprintf(why, sizeof why, "binary file");
                st = PASSIM_ERROR_INPUT;
                goto out;
            }
        }
    }
    if (max && have > max) {
        snprintf(why, sizeof why,
                 "larger than the maximum file size (grew past %llu bytes)",
                 max);
        st = PASSIM_ERROR_INPUT;
        goto out;
    }
    data[have] = '\0';
out:
    if (fd >= 0)
        close(fd);
    if (st != PASSIM_OK) {
        free(data);
        *reason = strdup(why);
        return st;
    }
    *buf = data;
    *len = have;
    return PASSIM_OK;
}
