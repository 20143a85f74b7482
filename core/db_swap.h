/*
 * db_swap.h — swapping a database folder for its compacted copy so that
 * nobody opening the database meanwhile finds none: one atomic exchange of
 * the two folders' names, made while the old database's write lock is held;
 * and clearing what a compaction interrupted at any point left beside the
 * database.
 */
#ifndef PASSIM_DB_SWAP_H
#define PASSIM_DB_SWAP_H

#include <stdbool.h>
#include <sys/types.h>

/* Which folder a database path names at one moment. Xapian opens a
 * database's files by name one after the other, so one opened while a
 * compaction swapped its folder may mix the two: an open is trusted only
 * when the path names the same folder before and after it. */
typedef struct db_folder {
    dev_t dev;
    ino_t ino;
    bool known; /* false: a remote database, or nothing at the path */
} db_folder;

db_folder db_swap_folder(const char *location);

/* Whether `location` names another folder than `before` now. */
bool db_swap_moved(const char *location, db_folder before);

/* The folder a compaction of `path` writes its copy into,
 * "PATH.compact-PID". Caller frees; NULL on out of memory. */
char *db_swap_copy_name(const char *path);

/* Exchanges the names of the folders `path` and `copy` in one step (Linux
 * renameat2 RENAME_EXCHANGE): afterwards `copy` names the old database.
 * 0, or -1 with errno set (EINVAL: the file system cannot). */
int db_swap_exchange(const char *path, const char *copy);

/* Removes the folder `dir` and what is in it, as far as it can. */
void db_swap_remove(const char *dir);

/* Before a writer opens `path`: when there is no database there but an
 * older passim's compaction, killed between its two renames, left
 * "PATH.old-PID" (the database as it was before), renames it back. */
void db_swap_restore(const char *path);

/* Once a writer holds the lock of the database `path`: removes the
 * "PATH.compact-PID" and "PATH.old-PID" folders of Xapian files that
 * interrupted compactions left. None can be in use: a compaction holds the
 * lock of `path` until its copy is swapped in. */
void db_swap_clear(const char *path);

#endif /* PASSIM_DB_SWAP_H */
