/*
 * date.h — calendar dates as passim stores and filters them ("YYYY-MM-DD"
 * strings, which sort and compare as dates), checked one way everywhere:
 * the indexer's dates, query date ranges and --since/--until.
 */
#ifndef PASSIM_DATE_H
#define PASSIM_DATE_H

#include <stdbool.h>
#include <stddef.h>

/* Whether y-m-d is a day of the Gregorian calendar (year 1 to 9999). */
bool date_valid(int year, int month, int day);

/* Parses s[0, n) written YYYY, YYYY-MM or YYYY-MM-DD into the first day it
 * covers (upper false) or the last (upper true, "-31" for a month, which
 * compares correctly), as "YYYY-MM-DD". NULL on success, else why not:
 * "write YYYY, YYYY-MM or YYYY-MM-DD", "no such year", "no such month",
 * "no such day". */
const char *date_parse_bound(const char *s, size_t n, bool upper,
                             char out[11]);

#endif /* PASSIM_DATE_H */
