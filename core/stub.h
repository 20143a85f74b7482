/*
 * stub.h — Xapian stub database files: a text file (or a folder holding
 * XAPIANDB) whose lines name the databases to open as one: "auto PATH",
 * "glass PATH", "remote HOST:PORT". passim reads them itself where it must
 * handle each database on its own (writing shards, searching with some
 * shards down).
 */
#ifndef PASSIM_STUB_H
#define PASSIM_STUB_H

#include <stdbool.h>
#include <stddef.h>

#include "passim.h"

#define STUB_FILE "XAPIANDB"

/* Whether `location` is a stub: a folder with XAPIANDB in it, or a regular
 * file (a single-file database is not used by passim). */
bool stub_is(const char *location);

/* The locations a stub lists, in passim's form: local paths (relative ones
 * made relative to the stub's folder) and "tcp://HOST:PORT" for remote
 * lines. Free with db_strings_free. *errmsg names file:line on failure. */
passim_status stub_read(const char *location, char ***out, size_t *count,
                        char **errmsg);

#endif /* PASSIM_STUB_H */
