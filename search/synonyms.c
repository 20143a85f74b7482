/*
 * synonyms.c — reads the synonyms file (format in synonyms.h) into rules
 * sorted by their left word.
 */
#include "synonyms.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "vec.h"

typedef struct rule {
    char *word;
    synonyms_alternative *alts;
    size_t nalts;
    size_t line; /* first line, to keep the file's order among equals */
} rule;

struct synonyms {
    rule *rules;
    size_t nrules, cap;
};

/* The terms of one side of a rule, as the analyzer gives them. */
typedef struct side {
    char **terms;
    size_t n, cap;
    bool joined; /* keep compounds' joined forms (the left side) */
    passim_status st;
} side;

static void side_clear(side *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->terms[i]);
    free(s->terms);
    s->terms = NULL;
    s->n = s->cap = 0;
}

static int side_token(const analyzer_token *t, void *ctx)
{
    side *s = ctx;
    unsigned int skip = s->joined ? ANALYZER_TOKEN_PART : ANALYZER_TOKEN_JOINED;
    if (t->flags & skip)
        return 0;
    if (!vec_reserve(s->terms, s->cap, s->n + 1))
        goto oom;
    s->terms[s->n] = strndup(t->term, t->term_len);
    if (!s->terms[s->n])
        goto oom;
    s->n++;
    return 0;
oom:
    s->st = PASSIM_ERROR_NO_MEMORY;
    return 1;
}

static passim_status side_analyze(side *s, analyzer *a, const char *text,
                                  size_t len, bool joined)
{
    passim_status st;
    s->joined = joined;
    s->st = PASSIM_OK;
    st = analyzer_run(a, text, len, ANALYZER_FOR_QUERY, 0, side_token, s, NULL);
    return st != PASSIM_OK ? st : s->st;
}

static void rule_clear(rule *r)
{
    for (size_t i = 0; i < r->nalts; i++) {
        for (size_t j = 0; j < r->alts[i].nterms; j++)
            free(r->alts[i].terms[j]);
        free(r->alts[i].terms);
    }
    free(r->alts);
    free(r->word);
}

void synonyms_free(synonyms *syn)
{
    if (!syn)
        return;
    for (size_t i = 0; i < syn->nrules; i++)
        rule_clear(&syn->rules[i]);
    free(syn->rules);
    free(syn);
}

size_t synonyms_count(const synonyms *syn)
{
    return syn ? syn->nrules : 0;
}

typedef struct line_parser {
    const char *origin;
    size_t lineno, line_offset;
    query_error *err;
} line_parser;

static passim_status line_fail(const line_parser *lp, const char *fmt, ...)
{
    if (lp->err) {
        va_list ap;
        int n = snprintf(lp->err->message, sizeof lp->err->message,
                         "%s:%zu: ", lp->origin, lp->lineno);
        lp->err->offset = lp->line_offset;
        va_start(ap, fmt);
        if (n > 0 && (size_t)n < sizeof lp->err->message)
            vsnprintf(lp->err->message + n, sizeof lp->err->message - (size_t)n,
                      fmt, ap);
        va_end(ap);
    }
    return PASSIM_ERROR_QUERY_SYNTAX;
}

/* Parses the alternatives of one line into r (r->word already set). */
static passim_status parse_alternatives(const line_parser *lp, analyzer *a,
                                        rule *r, const char *s, size_t len)
{
    size_t start = 0;
    while (start <= len) {
        const char *comma = memchr(s + start, ',', len - start);
        size_t end = comma ? (size_t)(comma - s) : len;
        side alt = {0};
        passim_status st = side_analyze(&alt, a, s + start, end - start, false);
        if (st != PASSIM_OK) {
            side_clear(&alt);
            return st;
        }
        if (alt.n == 0)
            return line_fail(lp, "empty alternative after '='");
        if (!vec_reserve_implied(r->alts, r->nalts)) {
            side_clear(&alt);
            return PASSIM_ERROR_NO_MEMORY;
        }
        r->alts[r->nalts].terms = alt.terms;
        r->alts[r->nalts].nterms = alt.n;
        r->nalts++;
        start = end + 1;
    }
    return PASSIM_OK;
}

/* Parses one non-blank, non-comment line into a new rule of syn. */
static passim_status parse_line(synonyms *syn, const line_parser *lp,
                                analyzer *a, const char *s, size_t len)
{
    const char *eq = memchr(s, '=', len);
    side left = {0};
    rule r = {NULL, NULL, 0, lp->lineno};
    passim_status st;
    if (!eq)
        return line_fail(lp, "expected \"word = alternative, ...\"");
    st = side_analyze(&left, a, s, (size_t)(eq - s), true);
    if (st != PASSIM_OK)
        goto out;
    if (left.n != 1) {
        st = line_fail(lp, left.n == 0 ? "no word before '='"
                                       : "the left side must be one word");
        goto out;
    }
    r.word = left.terms[0];
    left.n = 0;
    st = parse_alternatives(lp, a, &r, eq + 1, len - (size_t)(eq + 1 - s));
    if (st != PASSIM_OK)
        goto out;
    if (!vec_reserve(syn->rules, syn->cap, syn->nrules + 1)) {
        st = PASSIM_ERROR_NO_MEMORY;
        goto out;
    }
    syn->rules[syn->nrules++] = r;
    r = (rule){0};
out:
    rule_clear(&r);
    side_clear(&left);
    return st;
}

static int rule_order(const void *x, const void *y)
{
    const rule *a = x, *b = y;
    int c = strcmp(a->word, b->word);
    if (c)
        return c;
    return a->line < b->line ? -1 : a->line > b->line;
}

/* Sorts the rules and merges those of the same word, in file order. */
static passim_status merge_rules(synonyms *syn)
{
    size_t kept = 0;
    if (syn->nrules)
        qsort(syn->rules, syn->nrules, sizeof *syn->rules, rule_order);
    for (size_t i = 0; i < syn->nrules; i++) {
        rule *r = &syn->rules[i];
        rule *k = kept ? &syn->rules[kept - 1] : NULL;
        if (!k || strcmp(k->word, r->word) != 0) {
            syn->rules[kept++] = *r;
            continue;
        }
        /* Exactly: no alternative is added after the merge. */
        if (!vec_resize(&k->alts, k->nalts + r->nalts, sizeof *k->alts)) {
            /* keep every rule owned by the array so that free finds it */
            for (size_t j = i; j < syn->nrules; j++)
                syn->rules[kept++] = syn->rules[j];
            syn->nrules = kept;
            return PASSIM_ERROR_NO_MEMORY;
        }
        memcpy(k->alts + k->nalts, r->alts, r->nalts * sizeof *k->alts);
        k->nalts += r->nalts;
        free(r->alts);
        free(r->word);
    }
    syn->nrules = kept;
    return PASSIM_OK;
}

passim_status synonyms_parse(synonyms **out, const char *text, size_t len,
                             const char *origin, query_error *err)
{
    synonyms *syn = NULL;
    analyzer *a = NULL;
    line_parser lp = {origin ? origin : "synonyms", 0, 0, err};
    passim_status st;
    size_t pos = 0;

    *out = NULL;
    if (err) {
        err->offset = 0;
        err->message[0] = '\0';
    }
    syn = calloc(1, sizeof *syn);
    if (!syn)
        return PASSIM_ERROR_NO_MEMORY;
    st = analyzer_new(&a, "none", NULL);
    if (st != PASSIM_OK)
        goto out;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len, first = pos;
        lp.lineno++;
        lp.line_offset = pos;
        while (first < end && (text[first] == ' ' || text[first] == '\t' ||
                               text[first] == '\r'))
            first++;
        if (first < end && text[first] != '#') {
            st = parse_line(syn, &lp, a, text + first, end - first);
            if (st != PASSIM_OK)
                goto out;
        }
        pos = end + 1;
    }
    st = merge_rules(syn);
out:
    analyzer_free(a);
    if (st != PASSIM_OK) {
        if (st == PASSIM_ERROR_NO_MEMORY && err)
            snprintf(err->message, sizeof err->message, "out of memory");
        synonyms_free(syn);
        return st;
    }
    *out = syn;
    return PASSIM_OK;
}

static int rule_find(const void *key, const void *elem)
{
    return strcmp(key, ((const rule *)elem)->word);
}

const synonyms_alternative *synonyms_lookup(const synonyms *syn,
                                            const char *word, size_t *count)
{
    const rule *r = NULL;
    if (syn && syn->nrules)
        r = bsearch(word, syn->rules, syn->nrules, sizeof *syn->rules,
                    rule_find);
    *count = r ? r->nalts : 0;
    return r ? r->alts : NULL;
}

static bool alternative_is(const synonyms_alternative *alt,
                           const char *const *terms, size_t nterms)
{
    if (alt->nterms != nterms)
        return false;
    for (size_t i = 0; i < nterms; i++)
        if (strcmp(alt->terms[i], terms[i]) != 0)
            return false;
    return true;
}

const char *synonyms_reverse(const synonyms *syn, const char *const *terms,
                             size_t nterms, size_t *cursor)
{
    if (!syn)
        return NULL;
    for (size_t i = *cursor; i < syn->nrules; i++) {
        const rule *r = &syn->rules[i];
        for (size_t j = 0; j < r->nalts; j++) {
            if (alternative_is(&r->alts[j], terms, nterms)) {
                *cursor = i + 1;
                return r->word;
            }
        }
    }
    *cursor = syn->nrules;
    return NULL;
}
