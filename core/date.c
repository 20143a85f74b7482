/* date.c — checking, widening and reading calendar dates (see date.h). */
#include "date.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Longer than any date with a time and zone: not a date. */
#define DATE_TEXT_MAX 64

bool date_valid(int year, int month, int day)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1)
        return false;
    return day <= (month == 2 && leap ? 29 : days[month - 1]);
}

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int number(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

const char *date_parse_bound(const char *s, size_t n, bool upper, char out[11])
{
    int year, month = upper ? 12 : 1, day = 1;
    if (!((n == 4 || n == 7 || n == 10) && digits(s, 4) &&
          (n < 7 || (s[4] == '-' && digits(s + 5, 2))) &&
          (n < 10 || (s[7] == '-' && digits(s + 8, 2)))))
        return "write YYYY, YYYY-MM or YYYY-MM-DD";
    year = number(s, 4);
    if (n >= 7)
        month = number(s + 5, 2);
    if (year == 0)
        return "no such year";
    if (month < 1 || month > 12)
        return "no such month";
    if (n == 10) {
        day = number(s + 8, 2);
        if (!date_valid(year, month, day))
            return "no such day";
    }
    memcpy(out, s, 4);
    memcpy(out + 4, n >= 7 ? s + 4 : upper ? "-12" : "-01", 3);
    memcpy(out + 7, n == 10 ? s + 7 : upper ? "-31" : "-01", 3);
    out[10] = '\0';
    return NULL;
}

/* ---- dates as articles write them --------------------------------------- */

/* A cursor over the date text. */
typedef struct scan {
    const char *s;
    size_t i, n;
} scan;

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void skip_blanks(scan *c)
{
    while (c->i < c->n && (c->s[c->i] == ' ' || c->s[c->i] == '\t'))
        c->i++;
}

/* A run of 1 to `max` digits: its value, or -1 (cursor unmoved). */
static int take_number(scan *c, size_t max, size_t *len)
{
    size_t k = 0;
    while (c->i + k < c->n && k <= max && c->s[c->i + k] >= '0' &&
           c->s[c->i + k] <= '9')
        k++;
    if (k == 0 || k > max)
        return -1;
    int v = number(c->s + c->i, k);
    c->i += k;
    if (len)
        *len = k;
    return v;
}

static bool take_char(scan *c, char ch)
{
    if (c->i < c->n && c->s[c->i] == ch) {
        c->i++;
        return true;
    }
    return false;
}

/* A word of letters: [*at, *at + *len); false when none. */
static bool take_word(scan *c, size_t *at, size_t *len)
{
    size_t k = 0;
    while (c->i + k < c->n && is_alpha(c->s[c->i + k]))
        k++;
    if (!k)
        return false;
    *at = c->i;
    *len = k;
    c->i += k;
    return true;
}

static bool word_is(const scan *c, size_t at, size_t len, const char *w)
{
    return strlen(w) == len && !strncasecmp(c->s + at, w, len);
}

/* The month a word names (English, whole or its first three letters, any
 * case), 1 to 12; 0 when none. */
static int month_named(const scan *c, size_t at, size_t len)
{
    static const char *const names[] = {
        "january", "february", "march",     "april",   "may",      "june",
        "july",    "august",   "september", "october", "november", "december"};
    for (int m = 0; m < 12; m++)
        if ((len == 3 || len == strlen(names[m]) ||
             (m == 8 && len == 4)) && /* "Sept" */
            !strncasecmp(c->s + at, names[m], len))
            return m + 1;
    return 0;
}

static bool weekday_named(const scan *c, size_t at, size_t len)
{
    static const char *const names[] = {"monday",   "tuesday", "wednesday",
                                        "thursday", "friday",  "saturday",
                                        "sunday"};
    for (int d = 0; d < 7; d++)
        if ((len == 3 || len == strlen(names[d])) &&
            !strncasecmp(c->s + at, names[d], len))
            return true;
    return false;
}

/* A time zone: Z, UT, UTC, GMT, the North American zones of RFC 2822, or
 * an offset +HH, +HHMM, +HH:MM. */
static bool take_zone(scan *c)
{
    static const char *const names[] = {"z",   "ut",  "utc", "gmt",
                                        "est", "edt", "cst", "cdt",
                                        "mst", "mdt", "pst", "pdt"};
    size_t at, len;
    if (c->i < c->n && (c->s[c->i] == '+' || c->s[c->i] == '-')) {
        size_t k;
        c->i++;
        if (take_number(c, 4, &k) < 0 || (k != 2 && k != 4))
            return false;
        if (k == 2 && take_char(c, ':') &&
            (take_number(c, 2, &k) < 0 || k != 2))
            return false;
        return true;
    }
    if (!take_word(c, &at, &len))
        return false;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (word_is(c, at, len, names[i]))
            return true;
    return false;
}

/* What may follow a date: a time HH:MM[:SS[.fraction]] with an optional
 * AM/PM and zone (after 'T', a space, a comma or "at"), or a zone alone.
 * True when the text ends there. */
static bool take_time(scan *c)
{
    size_t at, len, k;
    skip_blanks(c);
    if (c->i == c->n)
        return true;
    if (take_char(c, ',') || take_char(c, 'T') || take_char(c, 't'))
        skip_blanks(c);
    size_t word = c->i;
    if (take_word(c, &at, &len) && word_is(c, at, len, "at"))
        skip_blanks(c);
    else
        c->i = word;
    int hh = take_number(c, 2, &k);
    if (hh < 0 || hh > 23 || !take_char(c, ':'))
        return false;
    int mm = take_number(c, 2, &k);
    if (mm < 0 || mm > 59 || k != 2)
        return false;
    if (take_char(c, ':')) {
        int ss = take_number(c, 2, &k);
        if (ss < 0 || ss > 60 || k != 2)
            return false;
        if (take_char(c, '.') || take_char(c, ','))
            while (c->i < c->n && c->s[c->i] >= '0' && c->s[c->i] <= '9')
                c->i++;
    }
    skip_blanks(c);
    size_t before = c->i;
    if (take_word(c, &at, &len) &&
        (word_is(c, at, len, "am") || word_is(c, at, len, "pm"))) {
        if (hh < 1 || hh > 12)
            return false;
        skip_blanks(c);
    } else {
        c->i = before;
    }
    if (c->i < c->n && !take_zone(c))
        return false;
    skip_blanks(c);
    return c->i == c->n;
}

/* "YYYY-MM-DD", "YYYY/MM/DD" or "YYYY-MM" at the cursor. */
static const char *take_numeric(scan *c, int *y, int *m, int *d)
{
    size_t k;
    *y = take_number(c, 4, &k);
    if (*y < 0 || k != 4 || !(take_char(c, '-') || take_char(c, '/')))
        return "not a date";
    char sep = c->s[c->i - 1];
    if ((*m = take_number(c, 2, NULL)) < 0)
        return "not a date";
    *d = 1;
    if (take_char(c, sep) && (*d = take_number(c, 2, NULL)) < 0)
        return "not a date";
    return NULL;
}

/* "[Weekday,] D Month YYYY" or "[Weekday,] Month D[,] YYYY". */
static const char *take_named(scan *c, int *y, int *m, int *d)
{
    size_t at, len, k;
    size_t start = c->i;
    if (take_word(c, &at, &len) && weekday_named(c, at, len)) {
        take_char(c, ',');
        skip_blanks(c);
    } else {
        c->i = start;
    }
    if (take_word(c, &at, &len)) { /* Month D[,] YYYY */
        if (!(*m = month_named(c, at, len)))
            return "not a date";
        take_char(c, '.');
        skip_blanks(c);
        if ((*d = take_number(c, 2, NULL)) < 0)
            return "not a date";
        if (take_word(c, &at, &len) && /* 1st, 2nd, 3rd, 4th */
            !(word_is(c, at, len, "st") || word_is(c, at, len, "nd") ||
              word_is(c, at, len, "rd") || word_is(c, at, len, "th")))
            return "not a date";
        take_char(c, ',');
    } else { /* D Month YYYY */
        if ((*d = take_number(c, 2, NULL)) < 0)
            return "not a date";
        skip_blanks(c);
        if (!take_word(c, &at, &len) || !(*m = month_named(c, at, len)))
            return "not a date";
        take_char(c, '.');
    }
    skip_blanks(c);
    *y = take_number(c, 4, &k);
    if (*y < 0 || k != 4)
        return "not a date";
    return NULL;
}

const char *date_normalize(const char *s, char out[11])
{
    scan c = {s, 0, s ? strlen(s) : 0};
    int y, m, d;
    const char *why;
    skip_blanks(&c);
    while (c.n > c.i && (s[c.n - 1] == ' ' || s[c.n - 1] == '\t'))
        c.n--;
    if (c.i == c.n)
        return "empty";
    if (c.n - c.i > DATE_TEXT_MAX)
        return "not a date";
    if (s[c.i] >= '0' && s[c.i] <= '9' && c.i + 4 < c.n &&
        (s[c.i + 4] == '-' || s[c.i + 4] == '/'))
        why = take_numeric(&c, &y, &m, &d);
    else
        why = take_named(&c, &y, &m, &d);
    if (why)
        return why;
    if (!take_time(&c))
        return "not a date";
    if (!date_valid(y, m, d))
        return "no such date";
    /* date_valid bounds them: the modulos only tell the compiler so */
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u,
             (unsigned)m % 100u, (unsigned)d % 100u);
    return NULL;
}
