/*
 * fixture_db.h — a small real Xapian database on disk for the unit tests
 * that query one (test_feedback.c, test_query.c).
 */
#ifndef PASSIM_FIXTURE_DB_H
#define PASSIM_FIXTURE_DB_H

#include <check.h>

#include "xc.h"

/* Gives tc an unchecked fixture (run once, in Check's parent process): before
 * tc's tests, makes the folder dir names (a mkdtemp template, whose last six
 * characters mkdtemp replaces in place), creates a database there, lets
 * fill() add its documents through the writable handle and commits; after
 * them, removes the folder. One such database per test program: dir and fill
 * are kept until then. */
void fixture_db_add(TCase *tc, char *dir, void (*fill)(xc_db *w));

#endif /* PASSIM_FIXTURE_DB_H */
