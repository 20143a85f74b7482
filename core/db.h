/*
 * db.h — opening passim databases the same way for the indexer and the
 * searcher: where the default database lives, how a location names a local
 * database, a stub or a remote server, and the check that a database was
 * written by this analyzer and schema.
 */
#ifndef PASSIM_DB_H
#define PASSIM_DB_H

#include <stdbool.h>
#include <stddef.h>

#include "db_location.h"
#include "db_text.h"
#include "passim.h"
#include "xc.h"

/* $PASSIM_DB, else $XDG_DATA_HOME/passim/default, else
 * ~/.local/share/passim/default. Caller frees; NULL on out of memory. */
char *db_default_path(void);

/* Opens one or more databases read-only as one. A location is a directory, a
 * stub file, "tcp://HOST:PORT" or "prog:PROGRAM ARGS" (a program speaking
 * Xapian's remote protocol on its stdin and stdout, e.g. "prog:ssh HOST
 * xapian-progsrv DB"; a stub's "remote :PROGRAM ARGS" line); timeout_ms
 * bounds remote calls (0 for Xapian's default). Every database must carry
 * passim's analyzer and schema version: else PASSIM_ERROR_VERSION_MISMATCH with
 * a message saying which. *errmsg (may be NULL) gets a malloc'd message on
 * failure. */
passim_status db_open_read(xc_db **out, const char *const *locations,
                           size_t count, unsigned int timeout_ms,
                           char **errmsg);

/* The locations with every stub replaced by the databases it lists (local
 * paths, "tcp://HOST:PORT" and "prog:PROGRAM ARGS"). Free with
 * db_strings_free. */
passim_status db_expand_locations(const char *const *locations, size_t count,
                                  char ***out, size_t *nout, char **errmsg);

/* Like db_open_read, but every database is opened on its own (stubs are
 * expanded into their lines) and those that fail are skipped: each one's
 * "location: reason" is added to *missing (free with db_strings_free).
 * Fails only when none opens. */
passim_status db_open_read_partial(xc_db **out, const char *const *locations,
                                   size_t count, unsigned int timeout_ms,
                                   char ***missing, size_t *nmissing,
                                   char **errmsg);

/* Opens a writable database; when `create`, a missing one is created with
 * its parent directories, else it is PASSIM_ERROR_NOT_FOUND. When another
 * writer holds the lock, retries for up to lock_timeout_s seconds before
 * PASSIM_ERROR_LOCKED. A new database gets the analyzer, schema and default
 * language metadata; an existing one is checked as in db_open_read. */
passim_status db_open_write(xc_db **out, const char *location, bool create,
                            unsigned int lock_timeout_s, const char *language,
                            char **errmsg);

/* Brings a database opened by db_open_read(_partial) from `locations` to
 * its latest commit. PASSIM_ERROR_MODIFIED when a compaction swapped a
 * database's folder meanwhile: what was reopened may mix two folders, so
 * open it anew. */
passim_status db_reopen(xc_db *db, const char *const *locations, size_t count);

/* Checks the analyzer and schema metadata of an open database. */
passim_status db_check_version(xc_db *db, const char *location, char **errmsg);

/* The languages recorded in the database (libstemmer names), at least one:
 * the default language when none is recorded. Free with db_strings_free. */
passim_status db_languages(xc_db *db, char ***out, size_t *count);

/* The first document indexed by `term` (a copy the caller frees), or NULL
 * in *out when there is none. */
passim_status db_first_document(xc_db *db, const char *term, xc_doc **out);

/* Adds `language` to the recorded set if it is not there yet. */
passim_status db_add_language(xc_db *db, const char *language);

/* Creates the folders above `path` (mkdir -p of its dirname); 0 or -1 with
 * errno set. */
int db_make_parents(const char *path);

#endif /* PASSIM_DB_H */
