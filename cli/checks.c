/* checks.c — the forms of option values that are neither numbers nor
 * choices (cli_option.check): dates, BM25 and feedback settings, sizes,
 * server addresses. The library reads most of them again itself; checked
 * here, a bad value is a usage error before any database is opened. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

bool cli_check_date(const char *text, cli_value *value)
{
    char day[11];
    (void)value;
    return passim_date_bound(day, text, 0) == PASSIM_OK;
}

bool cli_parse_bm25(const char *text, double *k1, double *b)
{
    char *end;
    *k1 = strtod(text, &end);
    if (end == text || *end != ',')
        return false;
    text = end + 1;
    *b = strtod(text, &end);
    return end != text && !*end && *k1 >= 0 && *b >= 0 && *b <= 1;
}

bool cli_check_bm25(const char *text, cli_value *value)
{
    double k1, b;
    (void)value;
    return cli_parse_bm25(text, &k1, &b);
}

bool cli_check_feedback(const char *text, cli_value *value)
{
    unsigned int docs, terms;
    double weight;
    (void)value;
    return passim_feedback_parse(&docs, &terms, &weight, text) == PASSIM_OK;
}

/* "32M" -> 33554432 in value->count; at least 1. */
bool cli_check_size(const char *text, cli_value *value)
{
    size_t len = strlen(text), digits = strspn(text, "0123456789");
    unsigned long long n = 0, mult = 1;
    if (digits == 0 || digits > 19 || len > digits + 1)
        return false;
    switch (text[digits]) {
    case '\0':
        break;
    case 'K':
    case 'k':
        mult = 1ULL << 10;
        break;
    case 'M':
    case 'm':
        mult = 1ULL << 20;
        break;
    case 'G':
    case 'g':
        mult = 1ULL << 30;
        break;
    default:
        return false;
    }
    n = strtoull(text, NULL, 10);
    if (n == 0 || n > ~0ULL / mult)
        return false;
    value->count = n * mult;
    return true;
}

bool cli_check_tcp(const char *text, cli_value *value)
{
    (void)value;
    return strncmp(text, "tcp://", 6) == 0 && text[6];
}

bool cli_check_nonempty(const char *text, cli_value *value)
{
    (void)value;
    return *text != '\0';
}
