/*
 * db_location.h — what a database location names: a remote database
 * ("tcp://HOST:PORT", or "prog:PROGRAM ARGS", Xapian speaking its remote
 * protocol with a program), or a local folder, which may hold Xapian's glass
 * files. Below db.c, which opens them, and what it uses.
 */
#ifndef PASSIM_DB_LOCATION_H
#define PASSIM_DB_LOCATION_H

#include <stdbool.h>

#define DB_PROG_SCHEME "prog:"

/* Whether a location names a remote database ("tcp://" or "prog:"). */
bool db_is_remote(const char *location);

/* Whether the folder `dir` holds nothing but Xapian glass files (tables,
 * version file, lock), and in *versioned whether the version file is among
 * them: a database, or what creating or compacting one left half-way. */
bool db_holds_only_glass(const char *dir, bool *versioned);

#endif /* PASSIM_DB_LOCATION_H */
