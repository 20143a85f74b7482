/*
 * query_compile.c — syntax tree to Xapian query (what each construct looks
 * for is in query_compile.h; the term layout in core/schema.h).
 *
 * Every node compiles to a result of one of four kinds, so that negations
 * and filters land where they mean something whatever the nesting: ranked
 * (weighted words), filter (restricts, adds no weight), negative (what the
 * enclosing conjunction must exclude) or none (stopwords, punctuation).
 */
#include "query_compile.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "spelling_variants.h"
#include "vec.h"

/* Compound dictionary entries used for one word at most. */
#define COMPOUND_ALTERNATIVES 16

typedef enum context {
    CTX_ALL,  /* body, and title weighted by title_weight */
    CTX_TITLE /* title only (title:) */
} context;

/* Term prefixes of one text field. */
typedef struct field {
    const char *plain; /* unstemmed, positional */
    const char *stem;
} field;

static const field body_field = {"", PREFIX_STEM};
static const field title_field = {PREFIX_TITLE, PREFIX_TITLE_STEM};

typedef struct strset {
    char **v;
    size_t n, cap;
} strset;

typedef struct qvec {
    xc_query **v;
    size_t n, cap;
} qvec;

typedef struct token {
    char *term;
    size_t len;
    unsigned int flags;
} token;

typedef struct token_list {
    token *v;
    size_t n, cap;
    passim_status st;
} token_list;

typedef enum result_kind { R_NONE, R_RANKED, R_FILTER, R_NEGATIVE } result_kind;

typedef struct result {
    result_kind kind;
    xc_query *q; /* R_NEGATIVE: what to exclude */
} result;

typedef struct compiler {
    const query_compile_options *opt;
    query_error *err;
    passim_status st;
    bool keep_stopwords;
    unsigned int negated; /* > 0 inside a negation: nothing to highlight */
    size_t nterms;
    strset terms, prefixes, proximity;
    strset ranked; /* the terms that passages are scored by */
    size_t nwords;
    size_t scanned;            /* words run through by prefix* expansions */
    compound_cache *compounds; /* opt's, or the compile's own */
    query_part *parts;
    size_t nparts, partcap;
} compiler;

static void compile_fail(compiler *c, passim_status st, size_t offset,
                         const char *fmt, ...)
{
    if (c->st != PASSIM_OK)
        return;
    c->st = st;
    if (c->err) {
        va_list ap;
        c->err->offset = offset;
        va_start(ap, fmt);
        vsnprintf(c->err->message, sizeof c->err->message, fmt, ap);
        va_end(ap);
    }
}

static bool xc_ok(compiler *c, passim_status st)
{
    if (st != PASSIM_OK)
        compile_fail(c, st, 0, "cannot build the query: %s",
                     passim_status_string(st));
    return c->st == PASSIM_OK;
}

static void no_memory(compiler *c)
{
    compile_fail(c, PASSIM_ERROR_NO_MEMORY, 0, "out of memory");
}

/* ---- small containers ---------------------------------------------------- */

/* `reserved` (a vec_reserve's result), after recording out of memory when
 * it failed. */
static bool have_room(compiler *c, bool reserved)
{
    if (!reserved)
        no_memory(c);
    return reserved;
}

static bool strset_has(const strset *s, const char *str, size_t len)
{
    for (size_t i = 0; i < s->n; i++)
        if (strlen(s->v[i]) == len && memcmp(s->v[i], str, len) == 0)
            return true;
    return false;
}

static void strset_add(compiler *c, strset *s, const char *str, size_t len)
{
    if (c->st != PASSIM_OK || strset_has(s, str, len) ||
        !have_room(c, vec_reserve(s->v, s->cap, s->n + 1)))
        return;
    if (!(s->v[s->n] = strndup(str, len)))
        no_memory(c);
    else
        s->n++;
}

static void strset_clear(strset *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    *s = (strset){0};
}

/* Takes q (NULL after a failure: nothing to add). */
static void qvec_push(compiler *c, qvec *v, xc_query *q)
{
    if (!q)
        return;
    if (c->st != PASSIM_OK ||
        !have_room(c, vec_reserve(v->v, v->cap, v->n + 1))) {
        xc_query_free(q);
        return;
    }
    v->v[v->n++] = q;
}

static void qvec_clear(qvec *v)
{
    for (size_t i = 0; i < v->n; i++)
        xc_query_free(v->v[i]);
    free(v->v);
    *v = (qvec){0};
}

/* ---- query building: every helper takes ownership of its query inputs ---- */

static xc_query *q_term(compiler *c, const char *prefix, const char *key,
                        size_t len)
{
    char buf[SCHEMA_TERM_MAX];
    size_t n = schema_term(buf, prefix, key, len);
    xc_query *q = NULL;
    if (c->st == PASSIM_OK)
        xc_ok(c, xc_query_term(&q, buf, n, 1, 0));
    return q;
}

static xc_query *q_all(compiler *c)
{
    xc_query *q = NULL;
    if (c->st == PASSIM_OK)
        xc_ok(c, xc_query_all(&q));
    return q;
}

/* Combines and empties subs; a lone subquery of a non-positional operator
 * stands for itself. */
static xc_query *q_combine(compiler *c, xc_query_op op, qvec *subs,
                           unsigned int window)
{
    xc_query *q = NULL;
    if (c->st == PASSIM_OK && subs->n == 1 && op != XC_OP_PHRASE &&
        op != XC_OP_NEAR) {
        q = subs->v[0];
        subs->n = 0;
    } else if (c->st == PASSIM_OK && subs->n > 0) {
        xc_ok(c, xc_query_combine(&q, op, subs->v, subs->n, window));
    }
    qvec_clear(subs);
    return q;
}

static xc_query *q_pair(compiler *c, xc_query_op op, xc_query *a, xc_query *b)
{
    qvec v = {0};
    qvec_push(c, &v, a);
    qvec_push(c, &v, b);
    if (v.n != 2) {
        qvec_clear(&v);
        return NULL;
    }
    return q_combine(c, op, &v, 0);
}

static xc_query *q_scale(compiler *c, xc_query *sub, double factor)
{
    xc_query *q = NULL;
    if (sub && c->st == PASSIM_OK)
        xc_ok(c, xc_query_scale(&q, sub, factor));
    xc_query_free(sub);
    return q;
}

/* first, then the rest combined with op (FILTER: first filtered by all). */
static xc_query *q_first(compiler *c, xc_query_op op, xc_query *first,
                         qvec *rest)
{
    qvec v = {0};
    qvec_push(c, &v, first);
    for (size_t i = 0; i < rest->n; i++)
        qvec_push(c, &v, rest->v[i]);
    rest->n = 0;
    qvec_clear(rest);
    return q_combine(c, op, &v, 0);
}

/* Builds the query of one text field from `arg`. */
typedef xc_query *(*field_builder)(compiler *c, const field *f,
                                   const void *arg);

/* Xapian's description of q without its "Query(...)" wrapping, cut to
 * PART_LABEL_MAX bytes at a character boundary. */
#define PART_LABEL_MAX 40
static char *part_label(compiler *c, const xc_query *q)
{
    char *d = NULL;
    if (!xc_ok(c, xc_query_describe(q, &d)))
        return NULL;
    size_t len = strlen(d), from = 0;
    if (len >= 7 && !strncmp(d, "Query(", 6) && d[len - 1] == ')') {
        from = 6;
        len -= 7;
    }
    if (len >= 2 && d[from] == '(' && d[from + len - 1] == ')') {
        from++;
        len -= 2;
    }
    memmove(d, d + from, len);
    d[len] = '\0';
    if (len > PART_LABEL_MAX) {
        len = PART_LABEL_MAX - 3;
        while (len > 0 && ((unsigned char)d[len] & 0xC0) == 0x80)
            len--;
        memcpy(d + len, "\xE2\x80\xA6", 4); /* "…" */
    }
    return d;
}

/* Keeps a copy of one field's query as a part for --explain: only ranked
 * ones, so nothing under a negation. */
static void record_part(compiler *c, const xc_query *q, bool title,
                        double scale)
{
    query_part *p;
    if (!q || !c->opt->record_parts || c->negated || c->st != PASSIM_OK)
        return;
    if (!have_room(c, vec_reserve(c->parts, c->partcap, c->nparts + 1)))
        return;
    p = &c->parts[c->nparts];
    *p = (query_part){NULL, scale, title, part_label(c, q)};
    if (p->label && xc_ok(c, xc_query_scale(&p->query, q, 1)))
        c->nparts++;
    else
        free(p->label);
}

/* The title's query, and in CTX_ALL the body's OR'ed with it. */
static xc_query *in_fields(compiler *c, context ctx, field_builder build,
                           const void *arg)
{
    xc_query *title = build(c, &title_field, arg), *body;
    if (ctx == CTX_TITLE) {
        record_part(c, title, true, 1);
        return title;
    }
    body = build(c, &body_field, arg);
    record_part(c, body, false, 1);
    record_part(c, title, true, c->opt->title_weight);
    return q_pair(c, XC_OP_OR, body, q_scale(c, title, c->opt->title_weight));
}

typedef struct term_array {
    const char *const *v;
    size_t n;
    unsigned int window; /* NEAR */
} term_array;

static xc_query *build_positional(compiler *c, const field *f, const void *arg,
                                  xc_query_op op)
{
    const term_array *terms = arg;
    qvec v = {0};
    for (size_t i = 0; i < terms->n; i++)
        qvec_push(c, &v, q_term(c, f->plain, terms->v[i], strlen(terms->v[i])));
    if (terms->n == 1)
        return q_combine(c, XC_OP_OR, &v, 0);
    return q_combine(c, op, &v, op == XC_OP_NEAR ? terms->window : terms->n);
}

static xc_query *build_phrase(compiler *c, const field *f, const void *arg)
{
    return build_positional(c, f, arg, XC_OP_PHRASE);
}

static xc_query *build_near(compiler *c, const field *f, const void *arg)
{
    return build_positional(c, f, arg, XC_OP_NEAR);
}

/* One term a word may be found as: a stem, or (plain) the word unstemmed,
 * in the articles of language `lang` (an L term's code) or, NULL, in every
 * article. */
typedef struct word_form {
    char *term;
    const char *lang;
    bool plain;
} word_form;

/* What one word can be, weighed as one term (OP_SYNONYM) in each field, so
 * that an article holding it in two forms does not count it twice: its
 * forms (a term may come twice, for two languages), and the phrases of
 * unstemmed words it can be written as ("home grown" for homegrown; words
 * separated by one space, a lone word for a joined compound). */
typedef struct word_forms {
    word_form *v;
    size_t n, cap;
    strset phrases;
} word_forms;

static void forms_clear(word_forms *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->v[i].term);
    free(w->v);
    strset_clear(&w->phrases);
}

static void forms_add(compiler *c, word_forms *w, const char *term, size_t len,
                      const char *lang, bool plain)
{
    if (c->st != PASSIM_OK ||
        !have_room(c, vec_reserve(w->v, w->cap, w->n + 1)))
        return;
    w->v[w->n] = (word_form){strndup(term, len), lang, plain};
    if (!w->v[w->n].term)
        no_memory(c);
    else
        w->n++;
}

/* The term of form i in field f, in the articles of the languages it has
 * in w (every article when one is NULL); NULL when an earlier i had it. */
static xc_query *form_in_languages(compiler *c, const field *f,
                                   const word_forms *w, size_t i)
{
    const word_form *form = &w->v[i];
    qvec langs = {0};
    bool everywhere = false;
    xc_query *q;
    for (size_t j = 0; j < w->n; j++) {
        if (w->v[j].plain != form->plain ||
            strcmp(w->v[j].term, form->term) != 0)
            continue;
        if (j < i)
            return NULL;
        everywhere = everywhere || !w->v[j].lang;
        if (!everywhere)
            qvec_push(
                c, &langs,
                q_term(c, PREFIX_LANG, w->v[j].lang, strlen(w->v[j].lang)));
    }
    q = q_term(c, form->plain ? f->plain : f->stem, form->term,
               strlen(form->term));
    if (!everywhere && langs.n)
        q = q_pair(c, XC_OP_FILTER, q, q_combine(c, XC_OP_OR, &langs, 0));
    qvec_clear(&langs);
    return q;
}

static xc_query *build_forms(compiler *c, const field *f, const void *arg)
{
    const word_forms *w = arg;
    qvec v = {0};
    for (size_t i = 0; i < w->n; i++)
        qvec_push(c, &v, form_in_languages(c, f, w, i));
    for (size_t i = 0; i < w->phrases.n && c->st == PASSIM_OK; i++) {
        const char *terms[QUERY_MAX_TERMS];
        char *copy = strdup(w->phrases.v[i]), *save = NULL;
        size_t n = 0;
        if (!copy) {
            no_memory(c);
            break;
        }
        for (char *t = strtok_r(copy, " ", &save); t && n < QUERY_MAX_TERMS;
             t = strtok_r(NULL, " ", &save))
            terms[n++] = t;
        qvec_push(c, &v, build_phrase(c, f, &(term_array){terms, n, 0}));
        free(copy);
    }
    return q_combine(c, XC_OP_SYNONYM, &v, 0);
}

typedef struct expansion {
    char *term;
    unsigned int freq;
} expansion;

static int by_freq(const void *a, const void *b)
{
    const expansion *x = a, *y = b;
    if (x->freq != y->freq)
        return x->freq > y->freq ? -1 : 1;
    return strcmp(x->term, y->term);
}

/* Words the prefix* expansions of one query may run through in all: each
 * walks its prefix's range of the term list, so a query of many prefixes
 * over a million-word vocabulary would take seconds each (about 1.5 million
 * is half a second). */
#define PREFIX_SCAN_BUDGET (3u << 19)

/* Whether term[0, len) with freq ranks before e in by_freq's order. */
static bool ranks_before(const char *term, size_t len, unsigned int freq,
                         const expansion *e)
{
    if (freq != e->freq)
        return freq > e->freq;
    size_t elen = strlen(e->term);
    int cmp = memcmp(term, e->term, len < elen ? len : elen);
    return cmp ? cmp < 0 : len < elen;
}

/* Restores the heap (the last-ranked expansion at [0]) below i. */
static void sift_down(expansion *heap, size_t n, size_t i)
{
    for (;;) {
        size_t last = i, l = 2 * i + 1, r = l + 1;
        if (l < n && by_freq(&heap[l], &heap[last]) > 0)
            last = l;
        if (r < n && by_freq(&heap[r], &heap[last]) > 0)
            last = r;
        if (last == i)
            return;
        expansion t = heap[i];
        heap[i] = heap[last];
        heap[last] = t;
        i = last;
    }
}

/* prefix* expanded here, over the term list of all databases together:
 * Xapian expands a wildcard per sub-database, so over shards the same query
 * would weigh differently than over one database. The most frequent
 * wildcard_limit terms are kept, in a heap of that size: a prefix may match
 * a million terms, which must not all be copied and sorted. */
static xc_query *expand_prefix(compiler *c, const char *prefix)
{
    size_t limit = c->opt->wildcard_limit, n = 0;
    expansion *found = calloc(limit ? limit : 1, sizeof *found);
    xc_terms *it = NULL;
    const char *term;
    size_t len;
    unsigned int freq;
    bool has;
    qvec v = {0};
    if (!found)
        no_memory(c);
    else if (xc_ok(c, xc_db_allterms(c->opt->db, &it, prefix)))
        while (xc_ok(c, xc_terms_next(it, &has, &term, &len, NULL, &freq)) &&
               has && limit) {
            if (++c->scanned > PREFIX_SCAN_BUDGET) {
                compile_fail(c, PASSIM_ERROR_QUERY_SYNTAX, 0,
                             "the prefixes match too many words (more than "
                             "%u in all)",
                             PREFIX_SCAN_BUDGET);
                break;
            }
            if (n == limit && !ranks_before(term, len, freq, &found[0]))
                continue;
            char *copy = strndup(term, len);
            if (!copy) {
                no_memory(c);
                break;
            }
            if (n < limit) {
                found[n++] = (expansion){copy, freq};
                if (n == limit)
                    for (size_t i = n / 2; i-- > 0;)
                        sift_down(found, n, i);
            } else {
                free(found[0].term);
                found[0] = (expansion){copy, freq};
                sift_down(found, n, 0);
            }
        }
    xc_terms_free(it);
    if (n > 1)
        qsort(found, n, sizeof *found, by_freq);
    for (size_t i = 0; i < n; i++)
        qvec_push(c, &v, q_term(c, "", found[i].term, strlen(found[i].term)));
    for (size_t i = 0; i < n; i++)
        free(found[i].term);
    free(found);
    if (v.n == 0 && c->st == PASSIM_OK) {
        xc_query *none = NULL;
        xc_ok(c, xc_query_none(&none));
        return none;
    }
    /* As one term: a passage matching the prefix several ways counts once.
     * Over shards Xapian 1.4 estimates a SYNONYM's statistics per shard, so
     * prefix scores may differ slightly (about 1%) from one database's;
     * OP_MAX, exact there, crashes libxapian 1.4.22 over several
     * databases. */
    return q_combine(c, XC_OP_SYNONYM, &v, 0);
}

static xc_query *build_wildcard(compiler *c, const field *f, const void *arg)
{
    char buf[SCHEMA_TERM_MAX];
    xc_query *q = NULL;
    snprintf(buf, sizeof buf, "%s%s", f->plain, (const char *)arg);
    if (c->st != PASSIM_OK)
        return NULL;
    if (c->opt->db)
        return expand_prefix(c, buf);
    xc_ok(c, xc_query_wildcard(&q, buf, c->opt->wildcard_limit, true));
    return q;
}

/* A term to highlight; `ranked`: also one that passages are scored by,
 * unlike a part of a compound the query word may be written as ("home" of
 * home-grown), which the compound's own term already counts. */
static void highlight_as(compiler *c, const char *term, size_t len, bool ranked)
{
    if (c->negated)
        return;
    strset_add(c, &c->terms, term, len);
    if (ranked)
        strset_add(c, &c->ranked, term, len);
}

static void highlight(compiler *c, const char *term, size_t len)
{
    highlight_as(c, term, len, true);
}

/* Whether the database holds stem in the body or the title field (true
 * without a database to ask). */
static bool stem_known(compiler *c, const char *stem, size_t len)
{
    char term[SCHEMA_TERM_MAX];
    bool known = c->opt->db == NULL;
    const char *prefixes[2] = {body_field.stem, title_field.stem};
    for (size_t i = 0; i < 2 && !known && c->st == PASSIM_OK; i++)
        xc_ok(c, xc_db_term_exists(c->opt->db, term,
                                   schema_term(term, prefixes[i], stem, len),
                                   &known));
    return known;
}

/* Adds a word's stems, and those of its other spellings in the language
 * (analysis/spelling_variants.h: licence, license): in the first language
 * of the query (the database's default) for every article, and when the
 * database knows none of them, in each other language for the articles
 * written in it. A query word is in one language: "fines" is French "fin"
 * too, but where English knows "fine", "la fin" is no match;
 * "Rechenzentren", unknown to English, finds the German articles by their
 * German stem. In an article of another language the word as typed is
 * still itself, where that language stems it otherwise ("OpenAI" in a
 * French article, stemmed "open" there). */
static void forms_add_word(compiler *c, word_forms *w, const token *t)
{
    char forms[1 + SPELLING_MAX_VARIANTS][ANALYZER_MAX_TERM_BYTES + 1];
    char first[ANALYZER_MAX_TERM_BYTES + 1] = "";
    bool number = t->flags & ANALYZER_TOKEN_NUMBER, foreign = false;
    highlight(c, t->term, t->len);
    memcpy(forms[0], t->term, t->len);
    forms[0][t->len] = '\0';
    for (size_t i = 0; i < c->opt->nanalyzers && c->st == PASSIM_OK; i++) {
        analyzer *a = c->opt->analyzers[i];
        bool known = false;
        size_t nforms =
            1 + (number ? 0 : spelling_variants(a, t->term, t->len, forms + 1));
        if (i > 0 && !foreign) {
            size_t len;
            const char *stem =
                number ? first : analyzer_stem(a, t->term, t->len, &len);
            if (!stem)
                no_memory(c);
            else if (strcmp(stem, first) != 0)
                forms_add(c, w, t->term, t->len, analyzer_language_code(a),
                          true);
            continue;
        }
        for (size_t k = 0; k < nforms && c->st == PASSIM_OK; k++) {
            size_t len = strlen(forms[k]);
            const char *stem =
                number ? forms[k] : analyzer_stem(a, forms[k], len, &len);
            if (!stem) {
                no_memory(c);
                break;
            }
            if (i == 0 && k == 0) {
                memcpy(first, stem, len);
                first[len] = '\0';
            }
            /* Asked only where the answer matters: with other languages
             * to fall back on. */
            known = known || (i == 0 && c->opt->nanalyzers > 1 &&
                              stem_known(c, stem, len));
            highlight(c, forms[k], strlen(forms[k]));
            highlight(c, stem, len);
            forms_add(c, w, stem, len, i ? analyzer_language_code(a) : NULL,
                      false);
        }
        if (i == 0)
            foreign = c->opt->nanalyzers > 1 && !known;
    }
}

/* Appends word to *buf (NULL: empty) of length *len and capacity *cap,
 * after a space unless it is the first; false when out of memory. */
static bool append_word(char **buf, size_t *len, size_t *cap, const char *word)
{
    size_t n = strlen(word);
    if (!vec_reserve(*buf, *cap, *len + n + 2))
        return false;
    if (*len)
        (*buf)[(*len)++] = ' ';
    memcpy(*buf + *len, word, n + 1);
    *len += n;
    return true;
}

/* Adds the phrase of terms[0, n) (one term: that unstemmed word); `parts`:
 * the parts of a compound, not words of the query (see highlight_as). */
static void forms_add_phrase(compiler *c, word_forms *w,
                             const char *const *terms, size_t n, bool parts)
{
    char *joined = NULL;
    size_t len = 0, cap = 0;
    for (size_t i = 0; i < n && c->st == PASSIM_OK; i++) {
        highlight_as(c, terms[i], strlen(terms[i]), !parts);
        if (!append_word(&joined, &len, &cap, terms[i]))
            no_memory(c);
    }
    if (joined)
        strset_add(c, &w->phrases, joined, len);
    free(joined);
}

/* A word by its stems in every language. */
static xc_query *stem_query(compiler *c, const token *t, context ctx)
{
    word_forms w = {0};
    xc_query *q;
    forms_add_word(c, &w, t);
    q = in_fields(c, ctx, build_forms, &w);
    forms_clear(&w);
    return q;
}

/* Unstemmed terms in order: one term, or a phrase. */
static xc_query *exact_query(compiler *c, const char *const *terms, size_t n,
                             context ctx)
{
    for (size_t i = 0; i < n; i++)
        highlight(c, terms[i], strlen(terms[i]));
    return in_fields(c, ctx, build_phrase, &(term_array){terms, n, 0});
}

/* ---- analysis ------------------------------------------------------------ */

static int collect_token(const analyzer_token *at, void *ctx)
{
    token_list *l = ctx;
    if (!vec_reserve(l->v, l->cap, l->n + 1))
        goto oom;
    l->v[l->n].term = strndup(at->term, at->term_len);
    if (!l->v[l->n].term)
        goto oom;
    l->v[l->n].len = at->term_len;
    l->v[l->n].flags = at->flags;
    l->n++;
    return 0;
oom:
    l->st = PASSIM_ERROR_NO_MEMORY;
    return 1;
}

static void tokens_clear(token_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].term);
    free(l->v);
    *l = (token_list){0};
}

/* Folded terms and flags; the stems come from stem_query, per language. */
static bool analyze(compiler *c, const char *text, size_t len, token_list *l)
{
    passim_status st =
        analyzer_run(c->opt->analyzers[0], text, len, ANALYZER_FOR_QUERY, 0,
                     collect_token, l, NULL);
    if (st == PASSIM_OK)
        st = l->st;
    if (st != PASSIM_OK)
        compile_fail(c, st, 0, "cannot analyze the query: %s",
                     passim_status_string(st));
    return c->st == PASSIM_OK;
}

/* The token that stands for the whole list: its only word, or the joined
 * form of its only compound; -1 when the list holds several words. */
static long single_word(const token_list *l)
{
    if (l->n == 1)
        return 0;
    if (l->n < 2 || !(l->v[l->n - 1].flags & ANALYZER_TOKEN_JOINED))
        return -1;
    for (size_t i = 0; i + 1 < l->n; i++)
        if (!(l->v[i].flags & ANALYZER_TOKEN_PART))
            return -1;
    return (long)l->n - 1;
}

/* The list's terms for positions: every token but joined forms. Caller
 * frees the array (not the terms). */
static const char **positional_terms(compiler *c, const token_list *l,
                                     size_t *n)
{
    const char **v = malloc((l->n ? l->n : 1) * sizeof *v);
    *n = 0;
    if (!v) {
        no_memory(c);
        return NULL;
    }
    for (size_t i = 0; i < l->n; i++)
        if (!(l->v[i].flags & ANALYZER_TOKEN_JOINED))
            v[(*n)++] = l->v[i].term;
    return v;
}

static bool count_terms(compiler *c, size_t n, size_t offset)
{
    c->nterms += n;
    if (c->nterms > QUERY_MAX_TERMS)
        compile_fail(c, PASSIM_ERROR_QUERY_SYNTAX, offset,
                     "too many terms (at most %d)", QUERY_MAX_TERMS);
    return c->st == PASSIM_OK;
}

/* ---- words --------------------------------------------------------------- */

/* A word as the whole query would look for it: one word by its stems, or
 * the phrase of the several words it holds. No rewriting (synonyms). */
static xc_query *text_query(compiler *c, const char *text, context ctx)
{
    token_list l = {0};
    xc_query *q = NULL;
    if (analyze(c, text, strlen(text), &l) && l.n > 0) {
        long w = single_word(&l);
        size_t n;
        const char **terms = w < 0 ? positional_terms(c, &l, &n) : NULL;
        if (w >= 0)
            q = stem_query(c, &l.v[w], ctx);
        else if (terms)
            q = exact_query(c, terms, n, ctx);
        free(terms);
    }
    tokens_clear(&l);
    return q;
}

/* Adds the phrase of the parts of a dictionary entry "joined part-part"
 * (the term without its prefix) to w. */
static void compound_entry(compiler *c, const char *entry, size_t len,
                           word_forms *w)
{
    const char *space = memchr(entry, ' ', len);
    char *parts;
    const char *terms[ANALYZER_MAX_TERM_BYTES];
    size_t n = 0;
    if (!space)
        return;
    parts = strndup(space + 1, len - (size_t)(space + 1 - entry));
    if (!parts) {
        no_memory(c);
        return;
    }
    for (char *save = NULL, *p = strtok_r(parts, "-", &save);
         p && n < ANALYZER_MAX_TERM_BYTES; p = strtok_r(NULL, "-", &save))
        terms[n++] = p;
    if (n > 1)
        forms_add_phrase(c, w, terms, n, true);
    free(parts);
}

/* Calls compound_entry for the dictionary entries of `joined` (NULL w:
 * only tells whether there is one). */
static bool compounds_of(compiler *c, const char *joined, size_t len,
                         word_forms *w)
{
    const char *const *entries;
    size_t n;
    if (!c->opt->db ||
        !xc_ok(c, compound_cache_lookup(c->compounds, c->opt->db, joined, len,
                                        COMPOUND_ALTERNATIVES, &entries, &n)))
        return false;
    for (size_t i = 0; w && i < n && c->st == PASSIM_OK; i++)
        compound_entry(c, entries[i], strlen(entries[i]), w);
    return n > 0;
}

/* The rules' left words having terms[0, n) as an alternative. */
static void reverse_synonyms(compiler *c, const char *const *terms, size_t n,
                             context ctx, qvec *alts)
{
    size_t cursor = 0;
    const char *word;
    while (c->st == PASSIM_OK &&
           (word = synonyms_reverse(c->opt->syn, terms, n, &cursor)))
        qvec_push(c, alts, text_query(c, word, ctx));
}

/* One word (t->v[w]) and everything it can also be. */
static xc_query *word_alternatives(compiler *c, const token_list *l, long w,
                                   context ctx)
{
    const token *t = &l->v[w];
    const char *key[1] = {t->term};
    qvec alts = {0};
    size_t nsyn = 0;
    const synonyms_alternative *syn =
        synonyms_lookup(c->opt->syn, t->term, &nsyn);
    word_forms forms = {0};

    /* The joined compound and the phrase of its parts are one word: an
     * article writing "home-grown" holds both, and must not count twice. */
    forms_add_word(c, &forms, t);
    if (w > 0) { /* a compound: also its parts as a phrase */
        size_t n;
        const char **parts = positional_terms(c, l, &n);
        if (parts)
            forms_add_phrase(c, &forms, parts, n, true);
        free(parts);
    } else {
        compounds_of(c, t->term, t->len, &forms);
    }
    qvec_push(c, &alts, in_fields(c, ctx, build_forms, &forms));
    forms_clear(&forms);
    for (size_t i = 0; i < nsyn; i++)
        qvec_push(c, &alts,
                  syn[i].nterms == 1
                      ? text_query(c, syn[i].terms[0], ctx)
                      : exact_query(c, (const char *const *)syn[i].terms,
                                    syn[i].nterms, ctx));
    reverse_synonyms(c, key, 1, ctx, &alts);
    return q_combine(c, XC_OP_OR, &alts, 0);
}

static bool all_stopwords(const token_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        if (!(l->v[i].flags & ANALYZER_TOKEN_STOPWORD))
            return false;
    return true;
}

static void near_candidate(compiler *c, const char *term)
{
    if (c->proximity.n < QUERY_PROXIMITY_WINDOW)
        strset_add(c, &c->proximity, term, strlen(term));
}

static result word_result(compiler *c, const query_node *node, context ctx)
{
    token_list l = {0};
    result r = {R_NONE, NULL};
    size_t n = 0;
    const char **terms = NULL;
    long w;
    if (!analyze(c, node->text, node->text_len, &l) || l.n == 0 ||
        (!c->keep_stopwords && !node->required && all_stopwords(&l)))
        goto out;
    terms = positional_terms(c, &l, &n);
    if (!terms || !count_terms(c, n, node->offset))
        goto out;
    w = single_word(&l);
    r.q = w >= 0 ? word_alternatives(c, &l, w, ctx)
                 : exact_query(c, terms, n, ctx);
    r.kind = r.q ? R_RANKED : R_NONE;
    if (r.q && ctx == CTX_ALL && !c->negated) {
        c->nwords++;
        if (w >= 0)
            near_candidate(c, l.v[w].term);
        for (size_t i = 0; w < 0 && i < n; i++)
            near_candidate(c, terms[i]);
    }
out:
    free(terms);
    tokens_clear(&l);
    return r;
}

static result phrase_result(compiler *c, const query_node *node, context ctx)
{
    token_list l = {0};
    result r = {R_NONE, NULL};
    qvec alts = {0};
    word_forms forms = {0};
    size_t n = 0;
    const char **terms = NULL;
    if (!analyze(c, node->text, node->text_len, &l) || l.n == 0)
        goto out;
    terms = positional_terms(c, &l, &n);
    if (!terms || !count_terms(c, n, node->offset))
        goto out;
    /* The phrase and its joined form are one word, as for a compound. */
    forms_add_phrase(c, &forms, terms, n, false);
    if (n == 2) {
        char joined[2 * ANALYZER_MAX_TERM_BYTES + 1];
        const char *one[1] = {joined};
        snprintf(joined, sizeof joined, "%s%s", terms[0], terms[1]);
        if (compounds_of(c, joined, strlen(joined), NULL))
            forms_add_phrase(c, &forms, one, 1, false);
    }
    qvec_push(c, &alts, in_fields(c, ctx, build_forms, &forms));
    reverse_synonyms(c, terms, n, ctx, &alts);
    r.q = q_combine(c, XC_OP_OR, &alts, 0);
    r.kind = r.q ? R_RANKED : R_NONE;
out:
    qvec_clear(&alts);
    forms_clear(&forms);
    free(terms);
    tokens_clear(&l);
    return r;
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static result prefix_result(compiler *c, const query_node *node, context ctx)
{
    token_list l = {0};
    result r = {R_NONE, NULL};
    long w;
    if (!analyze(c, node->text, node->text_len, &l))
        goto out;
    w = single_word(&l);
    if (l.n > 0 && w < 0) {
        compile_fail(c, PASSIM_ERROR_QUERY_SYNTAX, node->offset,
                     "a prefix must be one word");
        goto out;
    }
    if (l.n == 0 || utf8_chars(l.v[w].term) < 2) {
        compile_fail(c, PASSIM_ERROR_QUERY_SYNTAX, node->offset,
                     "prefix too short (at least 2 letters before *)");
        goto out;
    }
    if (!count_terms(c, 1, node->offset))
        goto out;
    if (!c->negated)
        strset_add(c, &c->prefixes, l.v[w].term, l.v[w].len);
    r.q = in_fields(c, ctx, build_wildcard, l.v[w].term);
    r.kind = r.q ? R_RANKED : R_NONE;
out:
    tokens_clear(&l);
    return r;
}

static result near_result(compiler *c, const query_node *node, context ctx)
{
    token_list *lists = calloc(node->nchildren, sizeof *lists);
    const char **terms = NULL;
    size_t n = 0, cap = 0;
    result r = {R_NONE, NULL};
    if (!lists) {
        no_memory(c);
        return r;
    }
    for (size_t i = 0; i < node->nchildren && c->st == PASSIM_OK; i++) {
        const query_node *word = node->children[i];
        token_list *l = &lists[i];
        long w;
        if (!analyze(c, word->text, word->text_len, l))
            break;
        w = single_word(l);
        for (size_t j = 0; j < l->n; j++) {
            bool wanted = w >= 0 ? j == (size_t)w
                                 : !(l->v[j].flags & ANALYZER_TOKEN_JOINED);
            if (wanted && have_room(c, vec_reserve(terms, cap, n + 1)))
                terms[n++] = l->v[j].term;
        }
    }
    if (c->st == PASSIM_OK && n > 0 && count_terms(c, n, node->offset)) {
        /* A chain's window stops at the gap between passages (schema.h):
         * NEAR matches within one passage. */
        size_t window = n + (size_t)node->window * (node->nchildren - 1);
        term_array a = {terms, n,
                        window < SCHEMA_PASSAGE_GAP ? (unsigned int)window
                                                    : SCHEMA_PASSAGE_GAP};
        for (size_t i = 0; i < n; i++)
            highlight(c, terms[i], strlen(terms[i]));
        r.q = in_fields(c, ctx, build_near, &a);
        r.kind = r.q ? R_RANKED : R_NONE;
    }
    for (size_t i = 0; i < node->nchildren; i++)
        tokens_clear(&lists[i]);
    free(lists);
    free(terms);
    return r;
}

/* ---- filters ------------------------------------------------------------- */

static xc_query *folded_filter(compiler *c, const query_node *node,
                               const char *prefix)
{
    const query_node *value = node->children[0];
    char *folded = schema_fold_value(value->text);
    xc_query *q = NULL;
    if (!folded)
        no_memory(c);
    else if (!*folded)
        compile_fail(c, PASSIM_ERROR_QUERY_SYNTAX, value->offset,
                     "%s: needs letters or digits",
                     query_field_name(node->field));
    else
        q = q_term(c, prefix, folded, strlen(folded));
    free(folded);
    return q;
}

static xc_query *lang_filter(compiler *c, const query_node *node)
{
    const query_node *value = node->children[0];
    const char *canonical = analyzer_language_canonical(value->text);
    analyzer *a = NULL;
    xc_query *q = NULL;
    passim_status st;
    if (!canonical) {
        compile_fail(c, PASSIM_ERROR_QUERY_SYNTAX, value->offset,
                     "unknown language \"%.60s\"", value->text);
        return NULL;
    }
    /* The indexer writes the code its analyzer reports: ask the same. */
    st = analyzer_new(&a, canonical, NULL);
    if (st != PASSIM_OK)
        compile_fail(c, st, value->offset, "cannot use language \"%s\": %s",
                     canonical, passim_status_string(st));
    else
        q = q_term(c, PREFIX_LANG, analyzer_language_code(a),
                   strlen(analyzer_language_code(a)));
    analyzer_free(a);
    return q;
}

static result field_result(compiler *c, const query_node *node);

static result date_result(compiler *c, const query_node *node)
{
    result r = {R_FILTER, NULL};
    if (!xc_ok(c, xc_query_value_range(&r.q, SLOT_DATE,
                                       *node->date_lo ? node->date_lo : NULL,
                                       *node->date_hi ? node->date_hi : NULL)))
        r.kind = R_NONE;
    return r;
}

/* ---- operators ----------------------------------------------------------- */

static result compile_node(compiler *c, const query_node *node, context ctx);

static result negate(compiler *c, result r)
{
    if (r.kind == R_NONE)
        return r;
    if (r.kind == R_NEGATIVE) /* not not x: x, as a filter */
        r.q = q_pair(c, XC_OP_AND_NOT, q_all(c), r.q);
    r.kind = r.q ? R_NEGATIVE : R_NONE;
    return r;
}

/* AND, and the implicit operator: required words AND'ed, optional ones
 * (match-any mode) adding weight, then filters, then exclusions. */
static result compile_and(compiler *c, const query_node *node, context ctx,
                          bool all_required)
{
    qvec required = {0}, optional = {0}, filters = {0}, negatives = {0};
    result r = {R_NONE, NULL};
    xc_query *q = NULL;
    for (size_t i = 0; i < node->nchildren && c->st == PASSIM_OK; i++) {
        const query_node *child = node->children[i];
        result cr = compile_node(c, child, ctx);
        qvec *to = cr.kind == R_FILTER               ? &filters
                   : cr.kind == R_NEGATIVE           ? &negatives
                   : all_required || child->required ? &required
                                                     : &optional;
        qvec_push(c, to, cr.q);
    }
    if (required.n && optional.n)
        q = q_pair(c, XC_OP_AND_MAYBE, q_combine(c, XC_OP_AND, &required, 0),
                   q_combine(c, XC_OP_OR, &optional, 0));
    else if (required.n || optional.n)
        q = required.n ? q_combine(c, XC_OP_AND, &required, 0)
                       : q_combine(c, XC_OP_OR, &optional, 0);
    if (q) {
        r.kind = R_RANKED;
        if (filters.n)
            q = q_first(c, XC_OP_FILTER, q, &filters);
    } else if (filters.n) {
        r.kind = R_FILTER;
        q = q_combine(c, XC_OP_AND, &filters, 0);
    }
    if (negatives.n) {
        xc_query *exclude = q_combine(c, XC_OP_OR, &negatives, 0);
        if (q)
            q = q_pair(c, XC_OP_AND_NOT, q, exclude);
        else {
            r.kind = R_NEGATIVE;
            q = exclude;
        }
    }
    qvec_clear(&required);
    qvec_clear(&optional);
    qvec_clear(&filters);
    qvec_clear(&negatives);
    r.q = q;
    if (!q)
        r.kind = R_NONE;
    return r;
}

/* OR: filters and exclusions (as "all but") add no weight next to words. */
static result compile_or(compiler *c, const query_node *node, context ctx)
{
    qvec ranked = {0}, boolean = {0};
    result r = {R_NONE, NULL};
    for (size_t i = 0; i < node->nchildren && c->st == PASSIM_OK; i++) {
        result cr = compile_node(c, node->children[i], ctx);
        if (cr.kind == R_NEGATIVE)
            cr.q = q_pair(c, XC_OP_AND_NOT, q_all(c), cr.q);
        qvec_push(c, cr.kind == R_RANKED ? &ranked : &boolean, cr.q);
    }
    if (ranked.n) {
        for (size_t i = 0; i < boolean.n; i++) {
            qvec_push(c, &ranked, q_scale(c, boolean.v[i], 0));
            boolean.v[i] = NULL;
        }
        boolean.n = 0;
        r.kind = R_RANKED;
        r.q = q_combine(c, XC_OP_OR, &ranked, 0);
    } else if (boolean.n) {
        r.kind = R_FILTER;
        r.q = q_combine(c, XC_OP_OR, &boolean, 0);
    }
    qvec_clear(&ranked);
    qvec_clear(&boolean);
    if (!r.q)
        r.kind = R_NONE;
    return r;
}

static result field_result(compiler *c, const query_node *node)
{
    result r = {R_FILTER, NULL};
    switch (node->field) {
    case QUERY_FIELD_TITLE:
        return compile_node(c, node->children[0], CTX_TITLE);
    case QUERY_FIELD_SOURCE:
        r.q = folded_filter(c, node, PREFIX_SOURCE);
        break;
    case QUERY_FIELD_TAG:
        r.q = folded_filter(c, node, PREFIX_TAG);
        break;
    case QUERY_FIELD_LANG:
        r.q = lang_filter(c, node);
        break;
    case QUERY_FIELD_ID:
        r.q = q_term(c, PREFIX_ARTICLE, node->children[0]->text,
                     node->children[0]->text_len);
        break;
    case QUERY_FIELD_NONE:
        break;
    }
    if (!r.q)
        r.kind = R_NONE;
    return r;
}

static result compile_node(compiler *c, const query_node *node, context ctx)
{
    result r = {R_NONE, NULL};
    if (c->st != PASSIM_OK)
        return r;
    if (node->excluded)
        c->negated++;
    switch (node->kind) {
    case QUERY_NODE_WORD:
        r = word_result(c, node, ctx);
        break;
    case QUERY_NODE_PHRASE:
        r = phrase_result(c, node, ctx);
        break;
    case QUERY_NODE_PREFIX:
        r = prefix_result(c, node, ctx);
        break;
    case QUERY_NODE_NEAR:
        r = near_result(c, node, ctx);
        break;
    case QUERY_NODE_AND:
        r = compile_and(c, node, ctx, true);
        break;
    case QUERY_NODE_IMPLICIT:
        r = compile_and(c, node, ctx, c->opt->match == QUERY_MATCH_ALL);
        break;
    case QUERY_NODE_OR:
        r = compile_or(c, node, ctx);
        break;
    case QUERY_NODE_NOT:
        c->negated++;
        r = negate(c, compile_node(c, node->children[0], ctx));
        c->negated--;
        break;
    case QUERY_NODE_FIELD:
        r = field_result(c, node);
        break;
    case QUERY_NODE_DATE_RANGE:
        r = date_result(c, node);
        break;
    }
    if (node->excluded) {
        c->negated--;
        r = negate(c, r);
    }
    if (c->st != PASSIM_OK) {
        xc_query_free(r.q);
        r = (result){R_NONE, NULL};
    }
    return r;
}

/* ---- stopwords ----------------------------------------------------------- */

static int stop_at_content(const analyzer_token *t, void *ctx)
{
    if (t->flags & ANALYZER_TOKEN_STOPWORD)
        return 0;
    *(bool *)ctx = true;
    return 1;
}

/* Whether a word outside NEAR (which keeps stopwords) has a non-stopword. */
static bool has_content_word(compiler *c, const query_node *node)
{
    bool found = false;
    if (node->kind == QUERY_NODE_NEAR)
        return false;
    if (node->kind == QUERY_NODE_WORD) {
        xc_ok(c, analyzer_run(c->opt->analyzers[0], node->text, node->text_len,
                              ANALYZER_FOR_QUERY, 0, stop_at_content, &found,
                              NULL));
        return found;
    }
    for (size_t i = 0; i < node->nchildren && !found; i++)
        found = has_content_word(c, node->children[i]);
    return found;
}

/* ---- entry points -------------------------------------------------------- */

static void parts_free(query_part *parts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        xc_query_free(parts[i].query);
        free(parts[i].label);
    }
    free(parts);
}

void query_compiled_clear(query_compiled *qc)
{
    if (!qc)
        return;
    xc_query_free(qc->query);
    xc_query_free(qc->proximity);
    for (size_t i = 0; i < qc->nterms; i++)
        free(qc->terms[i]);
    free(qc->terms);
    free(qc->unranked);
    for (size_t i = 0; i < qc->nprefixes; i++)
        free(qc->prefixes[i]);
    free(qc->prefixes);
    parts_free(qc->parts, qc->nparts);
    memset(qc, 0, sizeof *qc);
}

static xc_query *proximity_query(compiler *c)
{
    term_array a = {(const char *const *)c->proximity.v, c->proximity.n,
                    QUERY_PROXIMITY_WINDOW};
    if (c->proximity.n < 2)
        return NULL;
    return build_near(c, &body_field, &a);
}

passim_status query_compile(query_compiled *out, const query_node *root,
                            const query_compile_options *opt, query_error *err)
{
    compiler c = {.opt = opt, .err = err, .st = PASSIM_OK};
    compound_cache *own = NULL;
    result r;
    memset(out, 0, sizeof *out);
    if (err) {
        err->offset = 0;
        err->message[0] = '\0';
    }
    if (!root || !opt || !opt->analyzers || opt->nanalyzers == 0) {
        compile_fail(&c, PASSIM_ERROR_INVALID_ARGUMENT, 0,
                     "query_compile needs a query and at least one analyzer");
        return c.st;
    }
    c.compounds = opt->compounds;
    if (!c.compounds && !(c.compounds = own = compound_cache_new())) {
        no_memory(&c);
        return c.st;
    }
    c.keep_stopwords = !has_content_word(&c, root);
    r = compile_node(&c, root, CTX_ALL);
    if (c.st == PASSIM_OK && r.kind == R_NONE)
        compile_fail(&c, PASSIM_ERROR_QUERY_SYNTAX, root->offset,
                     "nothing to search for: no letters or digits");
    if (c.st != PASSIM_OK)
        goto out;
    out->only_filters = r.kind != R_RANKED;
    if (r.kind == R_FILTER || r.kind == R_NEGATIVE)
        r.q = q_pair(&c, r.kind == R_FILTER ? XC_OP_FILTER : XC_OP_AND_NOT,
                     q_all(&c), r.q);
    out->query = r.q;
    r.q = NULL;
    if (!out->query)
        goto out;
    out->proximity = proximity_query(&c);
    out->nwords = c.nwords;
    if (c.terms.n && !(out->unranked = calloc(c.terms.n, 1))) {
        no_memory(&c);
        goto out;
    }
    for (size_t i = 0; i < c.terms.n; i++)
        out->unranked[i] =
            !strset_has(&c.ranked, c.terms.v[i], strlen(c.terms.v[i]));
    out->terms = c.terms.v;
    out->nterms = c.terms.n;
    out->prefixes = c.prefixes.v;
    out->nprefixes = c.prefixes.n;
    out->parts = c.parts;
    out->nparts = c.nparts;
    c.terms = c.prefixes = (strset){0};
    c.parts = NULL;
    c.nparts = 0;
out:
    parts_free(c.parts, c.nparts);
    xc_query_free(r.q);
    strset_clear(&c.terms);
    strset_clear(&c.prefixes);
    strset_clear(&c.proximity);
    strset_clear(&c.ranked);
    compound_cache_free(own);
    if (c.st != PASSIM_OK)
        query_compiled_clear(out);
    return c.st;
}
