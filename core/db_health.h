/*
 * db_health.h — keeping a damaged database from crashing or hanging passim.
 *
 * Xapian 1.4 trusts its files: one flipped byte can make it read out of
 * bounds, abort or loop while it commits, and a table file that is a FIFO
 * blocks every open. So, for a local database folder:
 *  - before Xapian opens it, its files must be regular files where present;
 *  - once open, the tables passim's documents need must be there (Xapian
 *    takes a missing positions table for an empty one and answers phrase
 *    queries wrongly);
 *  - before a writer changes it, its files must be what passim's last
 *    commit left (recorded beside them, in DB_HEALTH_STATE_FILE), or else
 *    pass Xapian's own check, which runs in a child process with a time
 *    limit because it too may crash or loop on damaged files.
 */
#ifndef PASSIM_DB_HEALTH_H
#define PASSIM_DB_HEALTH_H

#include <stdbool.h>

#include "passim.h"
#include "xc.h"

/* The file, in the database folder, recording its files after passim's
 * last commit (name, size, modification time, inode, one a line). */
#define DB_HEALTH_STATE_FILE "passim-state"

/* Each check sets *why to NULL, or on failure to a malloc'd message (NULL
 * when out of memory) the caller frees. */

/* Before Xapian opens the database folder `dir`: PASSIM_ERROR_IO with a
 * message naming it when this process may not read the folder, a table or
 * the version file that are there; PASSIM_ERROR_CORRUPT with a message
 * naming the file when a table or the version file (and, when `writing`,
 * the lock file) is there but not a regular file. A `dir` that is not a
 * folder is not checked. */
passim_status db_health_files(const char *dir, bool writing, char **why);

/* Whether `dir` holds a glass version file: a database that Xapian says is
 * not there is then a damaged one. */
bool db_health_versioned(const char *dir);

/* Once `db` is open from `dir`: PASSIM_ERROR_CORRUPT when it holds
 * documents but a table they need (positions, term lists, data) is
 * missing. */
passim_status db_health_tables(const char *dir, xc_db *db, char **why);

/* Before a writer holding the lock of `dir` changes it: PASSIM_OK when its
 * files are as passim's last commit left them or Xapian's check finds them
 * sound; else PASSIM_ERROR_CORRUPT with a message saying what failed. */
passim_status db_health_check(const char *dir, char **why);

/* After a commit into `dir` (holding its lock): records its files as they
 * are now. Best effort: without a record, the next writer checks. */
void db_health_record(const char *dir);

#endif /* PASSIM_DB_HEALTH_H */
