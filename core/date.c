/* date.c — checking and widening calendar dates (see date.h). */
#include "date.h"

#include <string.h>

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

const char *date_parse_bound(const char *s, size_t n, bool upper,
                             char out[11])
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
