/*
 * date.h — calendar dates as passim stores and filters them ("YYYY-MM-DD"
 * strings, which sort and compare as dates), checked one way everywhere:
 * the articles' dates (read from what their sources write), query date
 * ranges and --since/--until.
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
const char *date_parse_bound(const char *s, size_t n, bool upper, char out[11]);

/* Reads a date as articles write it into "YYYY-MM-DD": ISO 8601 (YYYY-MM-DD,
 * YYYY/MM/DD, or YYYY-MM for its first day) and RFC 2822 ("Tue, 12 May 2026")
 * or the like ("May 12, 2026", "12 May 2026"; English month names, whole or
 * cut to three letters), each optionally followed by a time, AM/PM and a
 * zone (as <meta> tags and feeds write them: "2026-05-12T10:00:00+02:00",
 * "Tue, 12 May 2026 10:00:00 GMT"). The day is the one written: the time and
 * zone are checked, not applied. NULL on success, else why not: "empty",
 * "not a date", "no such date". */
const char *date_normalize(const char *s, char out[11]);

#endif /* PASSIM_DATE_H */
