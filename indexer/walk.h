/*
 * walk.h — finds the input files under the roots given to `passim index`, in
 * a reproducible order, and reads one file into memory without ever blocking
 * on something that is not a regular file.
 */
#ifndef PASSIM_WALK_H
#define PASSIM_WALK_H

#include <stdbool.h>
#include <stddef.h>

#include "passim.h"
#include "reader.h"

/* The reason on_skip gets for a file of no known format (reader.h). */
#define WALK_UNKNOWN_TYPE "unknown file type"

typedef struct walk_options {
    /* gitignore-style globs (glob.h) on the path relative to the root */
    const char *const *include;
    size_t ninclude;
    const char *const *exclude;
    size_t nexclude;
    unsigned long long max_file_size;
    bool verbose;
} walk_options;

/* walked: the path as walked (root joined with names, a symbolic link's own
 * path), for messages; path: canonical. Nonzero stops. */
typedef int (*walk_file_fn)(const char *walked, const char *path,
                            reader_format fmt, unsigned long long size,
                            void *ctx);
typedef void (*walk_skip_fn)(const char *path, const char *reason,
                             bool only_verbose, void *ctx);

/* Walks each root (a file or a directory, recursively, in sorted order for
 * reproducible runs); regular files of a known format are passed to on_file
 * with their canonical path (realpath); unknown extensions are skipped
 * (reported only_verbose); FIFOs, sockets, devices are never opened
 * (reported); folders holding a database (iamglass, or passim's stub
 * XAPIANDB) are not entered (reported only_verbose: "a database, not
 * read"); symlinks are followed but loops detected (by device+inode of
 * directories on the current path) and reported; files above max_file_size
 * are skipped with a reason, except JSON Lines (streamed, limited per
 * line); unreadable files and directories reported; hidden files/dirs
 * (starting with '.') skipped silently.
 *
 * Details: include globs select files (directories are always entered),
 * exclude globs drop files and whole directories, both below the roots: a
 * root named explicitly is never filtered or hidden and its problems are
 * never only_verbose; directories reached twice without a loop are walked
 * twice; the root "-" (stdin) is passed to on_file as is (both paths "-"),
 * as READER_JSONL with size 0; max_file_size 0 means no limit. PASSIM_OK
 * unless out of memory: what could not be walked was reported through
 * on_skip. */
passim_status walk_roots(const char *const *roots, size_t nroots,
                         const walk_options *opt, walk_file_fn on_file,
                         walk_skip_fn on_skip, void *ctx);

/* Reads a regular file of at most max bytes (0: no limit) into *buf
 * (NUL-terminated, caller frees). On failure *buf is NULL and *reason a
 * malloc'd explanation (caller frees): PASSIM_ERROR_IO when it could not be
 * opened or read, PASSIM_ERROR_INPUT when it is not a regular file, too
 * large, or binary (a NUL in its first READER_BINARY_PROBE bytes: told
 * before the rest is read). */
passim_status walk_read_file(const char *path, unsigned long long max,
                             char **buf, size_t *len, char **reason);

#endif /* PASSIM_WALK_H */
