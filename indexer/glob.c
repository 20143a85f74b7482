/* glob.c — gitignore-style globs (see glob.h), written from the pattern
 * format git documents for .gitignore. */
#include "glob.h"

#include <stddef.h>
#include <string.h>

/* The bracket expression at p (just past its '[') against c: 1 when c is
 * in the set, 0 when not, with *next past the closing ']'; -1 when there
 * is no closing ']' (the '[' is then an ordinary character). A ']' first in
 * the set is one of its characters. */
static int match_class(const char *p, const char *end, char c,
                       const char **next)
{
    bool negate = p < end && (*p == '!' || *p == '^');
    bool found = false;
    const char *q = p + negate;
    for (bool first = true; q < end && (*q != ']' || first); first = false) {
        unsigned char lo, hi;
        if (*q == '\\' && q + 1 < end)
            q++;
        lo = hi = (unsigned char)*q;
        if (q + 2 < end && q[1] == '-' && q[2] != ']') {
            q += 2;
            if (*q == '\\' && q + 1 < end)
                q++;
            hi = (unsigned char)*q;
        }
        found = found || ((unsigned char)c >= lo && (unsigned char)c <= hi);
        q++;
    }
    if (q >= end)
        return -1;
    *next = q + 1;
    return c != '/' && found != negate;
}

/* Whether the pattern [p, end) matches the whole of [s, send). `start` is
 * where the pattern began: a "**" counts only as a whole segment. */
static bool match(const char *p, const char *end, const char *start,
                  const char *s, const char *send)
{
    while (p < end) {
        if (*p == '*') {
            const char *q = p;
            while (q < end && *q == '*')
                q++;
            if (q - p >= 2 && (p == start || p[-1] == '/') &&
                (q == end || *q == '/')) {
                /* A trailing "**" takes all the rest; "**" "/" any number
                 * of whole folders, none included. */
                if (q == end)
                    return true;
                q++;
                for (;;) {
                    if (match(q, end, start, s, send))
                        return true;
                    s = memchr(s, '/', (size_t)(send - s));
                    if (!s)
                        return false;
                    s++;
                }
            }
            for (;; s++) {
                if (match(q, end, start, s, send))
                    return true;
                if (s == send || *s == '/')
                    return false;
            }
        }
        if (s == send)
            return false;
        if (*p == '?') {
            if (*s == '/')
                return false;
            p++;
            s++;
            continue;
        }
        if (*p == '[') {
            const char *next;
            int in = match_class(p + 1, end, *s, &next);
            if (in == 0)
                return false;
            if (in == 1) {
                p = next;
                s++;
                continue;
            }
        }
        if (*p == '\\' && p + 1 < end)
            p++;
        if (*p != *s)
            return false;
        p++;
        s++;
    }
    return s == send;
}

/* glob_match on the first `len` bytes of path. */
static bool match_path(const char *pattern, const char *path, size_t len,
                       bool is_dir)
{
    const char *start = pattern, *end = pattern + strlen(pattern);
    if (end > start && end[-1] == '/') {
        if (!is_dir)
            return false;
        end--;
    }
    if (end == start)
        return false;
    if (!memchr(start, '/', (size_t)(end - start))) {
        /* A name at any depth: the last component. */
        const char *base = path + len;
        while (base > path && base[-1] != '/')
            base--;
        return match(start, end, start, base, path + len);
    }
    if (*start == '/')
        start++;
    return match(start, end, start, path, path + len);
}

bool glob_match(const char *pattern, const char *path, bool is_dir)
{
    return match_path(pattern, path, strlen(path), is_dir);
}

bool glob_match_within(const char *pattern, const char *path, bool is_dir)
{
    size_t len = strlen(path);
    if (match_path(pattern, path, len, is_dir))
        return true;
    while (len > 0) {
        while (len > 0 && path[len - 1] != '/')
            len--;
        if (len == 0)
            break;
        len--; /* the folder above, without its '/' */
        if (len > 0 && match_path(pattern, path, len, true))
            return true;
    }
    return false;
}
