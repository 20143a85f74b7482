/*
 * query_parse.c — query text to syntax tree (the language is described in
 * query.h), and the tree's S-expression description.
 *
 * A recursive-descent parser over an on-demand lexer. Recursion happens only
 * at parentheses and NOT, both counted against QUERY_MAX_DEPTH, so no input
 * can exhaust the stack; every other repetition is a loop.
 */
#include "query.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "vec.h"

typedef enum tok_kind {
    T_END,
    T_ERROR, /* the lexer failed; the parser's status says why */
    T_WORD,
    T_PREFIX,
    T_PHRASE,
    T_LPAREN,
    T_RPAREN,
    T_AND,
    T_OR,
    T_NOT,
    T_NEAR,
    T_PLUS,
    T_MINUS,
    T_FIELD, /* "name:"; the value is the next token */
    T_DATE   /* "date:" */
} tok_kind;

typedef struct token {
    tok_kind kind;
    size_t start, end;           /* extent in the query */
    size_t text_start, text_end; /* WORD, PREFIX, PHRASE: the text */
    unsigned int window;         /* NEAR */
    query_field field;           /* FIELD */
} token;

typedef struct parser {
    const char *q;
    size_t len, pos;
    bool value_mode; /* the next token is a field's value */
    bool no_ops;     /* the next token follows a sign: never an operator */
    token tok;       /* the current token */
    int depth;
    size_t nterms;
    bool in_title; /* inside title:(...) */
    query_error *err;
    passim_status st;
} parser;

static const struct {
    const char *name;
    query_field field;
} fields[] = {
    {"title", QUERY_FIELD_TITLE}, {"source", QUERY_FIELD_SOURCE},
    {"tag", QUERY_FIELD_TAG},     {"lang", QUERY_FIELD_LANG},
    {"id", QUERY_FIELD_ID},
};

const char *query_field_name(query_field field)
{
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (fields[i].field == field)
            return fields[i].name;
    return "";
}

static passim_status fail_status(parser *p, passim_status st, size_t offset,
                                 const char *fmt, ...)
{
    p->st = st;
    if (p->err) {
        va_list ap;
        p->err->offset = offset;
        va_start(ap, fmt);
        vsnprintf(p->err->message, sizeof p->err->message, fmt, ap);
        va_end(ap);
    }
    return st;
}

#define fail(p, offset, ...)                                                   \
    fail_status((p), PASSIM_ERROR_QUERY_SYNTAX, (offset), __VA_ARGS__)
#define fail_memory(p)                                                         \
    fail_status((p), PASSIM_ERROR_NO_MEMORY, 0, "out of memory")

/* ---- lexer --------------------------------------------------------------- */

static bool is_sep(unsigned char c)
{
    return c <= 0x20 || c == 0x7f;
}

static bool ends_word(unsigned char c)
{
    return is_sep(c) || c == '"' || c == '(' || c == ')';
}

/* Whether a sign at this character is glued to a term. */
static bool starts_term(unsigned char c)
{
    return !is_sep(c) && c != ')' && c != '+' && c != '-' && c != ':';
}

static bool is_upper_word(const char *s, size_t n, const char *w)
{
    return strlen(w) == n && memcmp(s, w, n) == 0;
}

/* Classifies a word as an operator, or leaves it a word. */
static bool lex_operator(parser *p, token *t)
{
    const char *s = p->q + t->start;
    size_t n = t->end - t->start;
    if (is_upper_word(s, n, "AND"))
        t->kind = T_AND;
    else if (is_upper_word(s, n, "OR"))
        t->kind = T_OR;
    else if (is_upper_word(s, n, "NOT"))
        t->kind = T_NOT;
    else if (is_upper_word(s, n, "NEAR")) {
        t->kind = T_NEAR;
        t->window = QUERY_NEAR_DEFAULT;
    } else if (n > 5 && memcmp(s, "NEAR/", 5) == 0) {
        unsigned long w = 0;
        for (size_t i = 5; i < n; i++) {
            if (s[i] < '0' || s[i] > '9')
                return true; /* a word such as NEAR/x */
            if (w <= QUERY_NEAR_MAX)
                w = w * 10 + (unsigned long)(s[i] - '0');
        }
        if (w > QUERY_NEAR_MAX) {
            fail(p, t->start, "NEAR distance %.*s is more than %u",
                 (int)(n - 5), s + 5, QUERY_NEAR_MAX);
            return false;
        }
        t->kind = T_NEAR;
        t->window = (unsigned int)w;
    }
    return true;
}

static bool lex_phrase(parser *p, token *t)
{
    const char *close = memchr(p->q + p->pos + 1, '"', p->len - p->pos - 1);
    if (!close) {
        fail(p, p->pos, "unbalanced quote");
        return false;
    }
    t->kind = T_PHRASE;
    t->text_start = p->pos + 1;
    t->text_end = (size_t)(close - p->q);
    p->pos = t->text_end + 1;
    t->end = p->pos;
    return true;
}

/* A field name before the colon at p->pos, from t->start. */
static bool lex_field(parser *p, token *t)
{
    const char *name = p->q + t->start;
    size_t n = p->pos - t->start;
    bool date = n == 4 && strncasecmp(name, "date", 4) == 0;
    size_t i = 0;
    if (!date) {
        for (; i < sizeof fields / sizeof fields[0]; i++)
            if (strlen(fields[i].name) == n &&
                strncasecmp(name, fields[i].name, n) == 0)
                break;
        if (i == sizeof fields / sizeof fields[0])
            return false;
        t->field = fields[i].field;
    }
    t->kind = date ? T_DATE : T_FIELD;
    t->end = ++p->pos;
    return true;
}

static void lex(parser *p)
{
    token *t = &p->tok;
    bool value_mode = p->value_mode, no_ops = p->no_ops;
    p->value_mode = p->no_ops = false;
    memset(t, 0, sizeof *t);
    if (!value_mode)
        while (p->pos < p->len &&
               (is_sep((unsigned char)p->q[p->pos]) || p->q[p->pos] == ':'))
            p->pos++;
    t->start = p->pos;
    if (p->pos == p->len) {
        t->kind = T_END;
        t->end = p->pos;
        return;
    }
    char c = p->q[p->pos];
    if (c == '(' || c == ')') {
        t->kind = c == '(' ? T_LPAREN : T_RPAREN;
        t->end = ++p->pos;
        return;
    }
    if (c == '"') {
        if (!lex_phrase(p, t))
            t->kind = T_ERROR;
        return;
    }
    if (!value_mode && (c == '+' || c == '-') && p->pos + 1 < p->len &&
        starts_term((unsigned char)p->q[p->pos + 1])) {
        t->kind = c == '+' ? T_PLUS : T_MINUS;
        t->end = ++p->pos;
        p->no_ops = true;
        return;
    }
    t->kind = T_WORD;
    while (p->pos < p->len && !ends_word((unsigned char)p->q[p->pos])) {
        if (p->q[p->pos] == ':' && !value_mode) {
            if (!lex_field(p, t))
                break; /* not a field: the colon separates words */
            if (p->pos == p->len || is_sep((unsigned char)p->q[p->pos]) ||
                p->q[p->pos] == ')') {
                fail(p, t->start, "empty field %.*s", (int)(t->end - t->start),
                     p->q + t->start);
                t->kind = T_ERROR;
                return;
            }
            p->value_mode = true;
            return;
        }
        p->pos++;
    }
    t->end = p->pos;
    t->text_start = t->start;
    t->text_end = t->end;
    while (t->text_end > t->text_start && p->q[t->text_end - 1] == '*')
        t->text_end--;
    if (t->text_end < t->end && t->text_end > t->text_start)
        t->kind = T_PREFIX;
    else
        t->text_end = t->end;
    if (!value_mode && !no_ops && t->kind == T_WORD && !lex_operator(p, t))
        t->kind = T_ERROR;
}

/* ---- tree ---------------------------------------------------------------- */

void query_node_free(query_node *node)
{
    if (!node)
        return;
    for (size_t i = 0; i < node->nchildren; i++)
        query_node_free(node->children[i]);
    free(node->children);
    free(node->text);
    free(node);
}

static query_node *node_new(parser *p, query_node_kind kind, size_t offset,
                            size_t end)
{
    query_node *n = calloc(1, sizeof *n);
    if (!n) {
        fail_memory(p);
        return NULL;
    }
    n->kind = kind;
    n->offset = offset;
    n->length = end - offset;
    return n;
}

static void node_extend(query_node *n, size_t start, size_t end)
{
    size_t old_end = n->offset + n->length;
    if (start < n->offset)
        n->offset = start;
    n->length = (end > old_end ? end : old_end) - n->offset;
}

/* Adds child to parent; frees the child on failure. */
static bool node_add(parser *p, query_node *parent, query_node *child)
{
    if (!vec_reserve_implied(parent->children, parent->nchildren)) {
        query_node_free(child);
        fail_memory(p);
        return false;
    }
    parent->children[parent->nchildren++] = child;
    node_extend(parent, child->offset, child->offset + child->length);
    return true;
}

/* A new `kind` node starting at `start` with child as its first child;
 * frees the child on failure. */
static query_node *node_wrap(parser *p, query_node_kind kind, size_t start,
                             query_node *child)
{
    query_node *n = node_new(p, kind, start, start);
    if (!n) {
        query_node_free(child);
        return NULL;
    }
    if (!node_add(p, n, child)) {
        free(n);
        return NULL;
    }
    return n;
}

/* Copies q[start, end) as the node's text, control bytes made spaces. */
static bool node_set_text(parser *p, query_node *n, size_t start, size_t end)
{
    n->text = malloc(end - start + 1);
    if (!n->text) {
        fail_memory(p);
        return false;
    }
    for (size_t i = start; i < end; i++)
        n->text[i - start] = is_sep((unsigned char)p->q[i]) ? ' ' : p->q[i];
    n->text[end - start] = '\0';
    n->text_len = end - start;
    return true;
}

/* Joins left and right under a `kind` node; *built is the node of that kind
 * this loop made, which later operands join instead of nesting. Frees both
 * on failure. */
static query_node *node_join(parser *p, query_node **built,
                             query_node_kind kind, query_node *left,
                             query_node *right)
{
    query_node *n;
    if (*built && *built == left && left->kind == kind) {
        if (node_add(p, left, right))
            return left;
        query_node_free(left);
        return NULL;
    }
    n = node_wrap(p, kind, left->offset, left);
    if (!n) {
        query_node_free(right);
        return NULL;
    }
    if (!node_add(p, n, right)) {
        query_node_free(n);
        return NULL;
    }
    *built = n;
    return n;
}

/* ---- dates --------------------------------------------------------------- */

/* One end of a date range at s[0, n), as the first (hi false) or last (hi
 * true) day it covers. */
static bool parse_date_end(parser *p, size_t at, size_t n, bool hi,
                           char out[11])
{
    const char *why = date_parse_bound(p->q + at, n, hi, out);
    if (why)
        fail(p, at, "bad date \"%.*s\": %s", (int)n, p->q + at, why);
    return why == NULL;
}

static query_node *parse_date(parser *p, const token *field)
{
    const token v = p->tok;
    if (v.kind != T_WORD) {
        if (v.kind != T_ERROR)
            fail(p, v.start,
                 "bad date: write date:YYYY-MM-DD, date:YYYY-MM, "
                 "date:YYYY or a range from..to");
        return NULL;
    }
    const char *s = p->q + v.start;
    size_t n = v.end - v.start;
    const char *dots = NULL;
    for (size_t i = 0; i + 1 < n && !dots; i++)
        if (s[i] == '.' && s[i + 1] == '.')
            dots = s + i;
    query_node *node = node_new(p, QUERY_NODE_DATE_RANGE, field->start, v.end);
    if (!node || !node_set_text(p, node, v.start, v.end))
        goto fail;
    if (!dots) {
        if (!parse_date_end(p, v.start, n, false, node->date_lo) ||
            !parse_date_end(p, v.start, n, true, node->date_hi))
            goto fail;
    } else {
        size_t lo_len = (size_t)(dots - s), hi_at = v.start + lo_len + 2;
        if (lo_len == 0 && hi_at == v.end) {
            fail(p, v.start, "bad date \"..\": a range needs at least one end");
            goto fail;
        }
        if ((lo_len &&
             !parse_date_end(p, v.start, lo_len, false, node->date_lo)) ||
            (hi_at < v.end &&
             !parse_date_end(p, hi_at, v.end - hi_at, true, node->date_hi)))
            goto fail;
        if (*node->date_lo && *node->date_hi &&
            strcmp(node->date_lo, node->date_hi) > 0) {
            fail(p, v.start,
                 "bad date \"%.*s\": the range ends before it "
                 "starts",
                 (int)n, s);
            goto fail;
        }
    }
    if (++p->nterms > QUERY_MAX_TERMS) {
        fail(p, field->start, "too many terms (at most %d)", QUERY_MAX_TERMS);
        goto fail;
    }
    lex(p);
    return node;
fail:
    query_node_free(node);
    return NULL;
}

/* ---- grammar ------------------------------------------------------------- */

static query_node *parse_or(parser *p, const token *after);

static const char *token_name(const token *t)
{
    switch (t->kind) {
    case T_AND:
        return "AND";
    case T_OR:
        return "OR";
    case T_NOT:
        return "NOT";
    default:
        return "this";
    }
}

static bool starts_operand(tok_kind k)
{
    return k == T_WORD || k == T_PREFIX || k == T_PHRASE || k == T_LPAREN ||
           k == T_NOT || k == T_PLUS || k == T_MINUS || k == T_FIELD ||
           k == T_DATE;
}

/* The current token cannot start the operand that `after` (NULL at the
 * start of the query) calls for: say what is missing. */
static query_node *missing_operand(parser *p, const token *after)
{
    const token *t = &p->tok;
    if (t->kind == T_ERROR)
        return NULL;
    bool in_parens = after && after->kind == T_LPAREN;
    if (t->kind == T_NEAR || (after && after->kind == T_NEAR))
        fail(p, t->kind == T_NEAR ? t->start : after->start,
             "NEAR needs a word on each side");
    else if (in_parens && t->kind == T_RPAREN)
        fail(p, after->start, "empty parentheses");
    else if (in_parens && t->kind == T_END)
        fail(p, after->start, "unbalanced parenthesis");
    else if (after && !in_parens)
        fail(p, after->start, "nothing after %s", token_name(after));
    else if (t->kind == T_END)
        fail(p, 0, "empty query");
    else if (t->kind == T_RPAREN)
        fail(p, t->start, "unbalanced parenthesis");
    else
        fail(p, t->start, "nothing before %s", token_name(t));
    return NULL;
}

static bool enter(parser *p, const token *t)
{
    if (++p->depth > QUERY_MAX_DEPTH) {
        fail(p, t->start, "too deeply nested (at most %d levels)",
             QUERY_MAX_DEPTH);
        return false;
    }
    return true;
}

/* A word, prefix or phrase: the current token. */
static query_node *parse_leaf(parser *p)
{
    static const query_node_kind kinds[] = {[T_WORD] = QUERY_NODE_WORD,
                                            [T_PREFIX] = QUERY_NODE_PREFIX,
                                            [T_PHRASE] = QUERY_NODE_PHRASE};
    const token t = p->tok;
    size_t words = 1;
    if (t.kind == T_PHRASE)
        for (size_t i = t.text_start + 1; i < t.text_end; i++)
            words += is_sep((unsigned char)p->q[i]) &&
                     !is_sep((unsigned char)p->q[i - 1]);
    if (p->nterms + words > QUERY_MAX_TERMS) {
        fail(p, t.start, "too many terms (at most %d)", QUERY_MAX_TERMS);
        return NULL;
    }
    p->nterms += words;
    query_node *n = node_new(p, kinds[t.kind], t.start, t.end);
    if (!n || !node_set_text(p, n, t.text_start, t.text_end)) {
        query_node_free(n);
        return NULL;
    }
    lex(p);
    return n;
}

/* ( ... ) with the current token the opening parenthesis. */
static query_node *parse_group(parser *p)
{
    const token open = p->tok;
    if (!enter(p, &open))
        return NULL;
    lex(p);
    query_node *inner = parse_or(p, &open);
    if (!inner)
        return NULL;
    if (p->tok.kind != T_RPAREN) {
        if (p->tok.kind != T_ERROR)
            fail(p, open.start, "unbalanced parenthesis");
        query_node_free(inner);
        return NULL;
    }
    node_extend(inner, open.start, p->tok.end);
    p->depth--;
    lex(p);
    return inner;
}

static query_node *parse_field(parser *p)
{
    const token f = p->tok;
    const char *name = query_field_name(f.field);
    query_node *value = NULL, *n = NULL;
    if (p->in_title) {
        fail(p, f.start, "fields cannot be nested in title:(...)");
        return NULL;
    }
    lex(p);
    if (f.kind == T_DATE)
        return parse_date(p, &f);
    switch (p->tok.kind) {
    case T_WORD:
    case T_PHRASE:
        value = parse_leaf(p);
        break;
    case T_PREFIX:
        if (f.field != QUERY_FIELD_TITLE) {
            fail(p, p->tok.start, "%s: takes no wildcard", name);
            return NULL;
        }
        value = parse_leaf(p);
        break;
    case T_LPAREN:
        if (f.field != QUERY_FIELD_TITLE) {
            fail(p, p->tok.start, "%s: takes a word or a \"phrase\"", name);
            return NULL;
        }
        p->in_title = true;
        value = parse_group(p);
        p->in_title = false;
        break;
    default:
        return NULL; /* the lexer failed */
    }
    if (!value)
        return NULL;
    n = node_wrap(p, QUERY_NODE_FIELD, f.start, value);
    if (n)
        n->field = f.field;
    return n;
}

static query_node *parse_primary(parser *p, const token *after)
{
    switch (p->tok.kind) {
    case T_WORD:
    case T_PREFIX:
    case T_PHRASE:
        return parse_leaf(p);
    case T_LPAREN:
        return parse_group(p);
    case T_FIELD:
    case T_DATE:
        return parse_field(p);
    default:
        return missing_operand(p, after);
    }
}

/* primary (NEAR primary)*, where NEAR takes plain words only. */
static query_node *parse_near(parser *p, const token *after)
{
    query_node *first = parse_primary(p, after), *near = NULL;
    if (!first || p->tok.kind != T_NEAR)
        return first;
    if (first->kind != QUERY_NODE_WORD || first->required || first->excluded) {
        fail(p, first->offset, "NEAR works on words only");
        query_node_free(first);
        return NULL;
    }
    near = node_wrap(p, QUERY_NODE_NEAR, first->offset, first);
    if (!near)
        return NULL;
    while (p->tok.kind == T_NEAR) {
        const token op = p->tok;
        if (op.window > near->window)
            near->window = op.window;
        lex(p);
        if (p->tok.kind != T_WORD) {
            bool operand = starts_operand(p->tok.kind) && p->tok.kind != T_NOT;
            if (p->tok.kind != T_ERROR)
                fail(p, operand ? p->tok.start : op.start,
                     operand ? "NEAR works on words only"
                             : "NEAR needs a word on each side");
            query_node_free(near);
            return NULL;
        }
        query_node *w = parse_leaf(p);
        if (!w || !node_add(p, near, w)) {
            query_node_free(near);
            return NULL;
        }
    }
    return near;
}

/* NOT unary | +near | -near | near */
static query_node *parse_unary(parser *p, const token *after)
{
    const token t = p->tok;
    query_node *child;
    if (t.kind == T_NOT) {
        if (!enter(p, &t))
            return NULL;
        lex(p);
        child = parse_unary(p, &t);
        p->depth--;
        if (!child)
            return NULL;
        return node_wrap(p, QUERY_NODE_NOT, t.start, child);
    }
    if (t.kind != T_PLUS && t.kind != T_MINUS)
        return parse_near(p, after);
    lex(p);
    child = parse_near(p, &t);
    if (!child)
        return NULL;
    if (t.kind == T_PLUS || !(child->required || child->excluded)) {
        if (t.kind == T_PLUS && !child->excluded)
            child->required = true;
        else if (t.kind == T_MINUS)
            child->excluded = true;
        node_extend(child, t.start, t.end);
        return child;
    }
    /* -(-a) or -(+a): a signed node negated again */
    return node_wrap(p, QUERY_NODE_NOT, t.start, child);
}

/* unary ((AND)? unary)*: written and implicit AND, left to right. */
static query_node *parse_and(parser *p, const token *after)
{
    query_node *left = parse_unary(p, after), *built = NULL;
    while (left) {
        query_node_kind kind = QUERY_NODE_IMPLICIT;
        query_node *right;
        if (p->tok.kind == T_AND) {
            const token op = p->tok;
            kind = QUERY_NODE_AND;
            lex(p);
            right = parse_unary(p, &op);
        } else if (starts_operand(p->tok.kind)) {
            right = parse_unary(p, NULL);
        } else {
            break;
        }
        if (!right) {
            query_node_free(left);
            return NULL;
        }
        left = node_join(p, &built, kind, left, right);
    }
    return left;
}

static query_node *parse_or(parser *p, const token *after)
{
    query_node *left = parse_and(p, after), *built = NULL;
    while (left && p->tok.kind == T_OR) {
        const token op = p->tok;
        lex(p);
        query_node *right = parse_and(p, &op);
        if (!right) {
            query_node_free(left);
            return NULL;
        }
        left = node_join(p, &built, QUERY_NODE_OR, left, right);
    }
    return left;
}

passim_status query_parse(query_node **out, const char *q, size_t len,
                          query_error *err)
{
    parser p = {.q = q, .len = len, .err = err, .st = PASSIM_OK};
    query_node *root = NULL;
    *out = NULL;
    if (err) {
        err->offset = 0;
        err->message[0] = '\0';
    }
    if (len > QUERY_MAX_BYTES)
        return fail(&p, QUERY_MAX_BYTES, "query too long (at most %u bytes)",
                    QUERY_MAX_BYTES);
    lex(&p);
    root = parse_or(&p, NULL);
    if (root && p.st == PASSIM_OK && p.tok.kind == T_RPAREN)
        fail(&p, p.tok.start, "unbalanced parenthesis");
    if (p.st != PASSIM_OK) {
        query_node_free(root);
        return p.st;
    }
    *out = root;
    return PASSIM_OK;
}

/* ---- description --------------------------------------------------------- */

typedef struct strbuf {
    char *s;
    size_t len, cap;
    bool failed;
} strbuf;

static void sb_add(strbuf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (!vec_reserve(b->s, b->cap, b->len + n + 1)) {
        b->failed = true;
        return;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void sb_str(strbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

static void describe(strbuf *b, const query_node *n)
{
    static const char *const ops[] = {[QUERY_NODE_AND] = "AND",
                                      [QUERY_NODE_IMPLICIT] = "IMPLICIT",
                                      [QUERY_NODE_OR] = "OR",
                                      [QUERY_NODE_NOT] = "NOT"};
    char window[32];
    if (n->required)
        sb_str(b, "+");
    if (n->excluded)
        sb_str(b, "-");
    switch (n->kind) {
    case QUERY_NODE_WORD:
        sb_add(b, n->text, n->text_len);
        return;
    case QUERY_NODE_PREFIX:
        sb_add(b, n->text, n->text_len);
        sb_str(b, "*");
        return;
    case QUERY_NODE_PHRASE:
        sb_str(b, "\"");
        sb_add(b, n->text, n->text_len);
        sb_str(b, "\"");
        return;
    case QUERY_NODE_DATE_RANGE:
        sb_str(b, "(date ");
        sb_str(b, n->date_lo);
        sb_str(b, "..");
        sb_str(b, n->date_hi);
        sb_str(b, ")");
        return;
    case QUERY_NODE_NEAR:
        snprintf(window, sizeof window, "(NEAR/%u", n->window);
        sb_str(b, window);
        break;
    case QUERY_NODE_FIELD:
        sb_str(b, "(");
        sb_str(b, query_field_name(n->field));
        sb_str(b, ":");
        break;
    default:
        sb_str(b, "(");
        sb_str(b, ops[n->kind]);
        break;
    }
    for (size_t i = 0; i < n->nchildren; i++) {
        sb_str(b, " ");
        describe(b, n->children[i]);
    }
    sb_str(b, ")");
}

char *query_describe(const query_node *node)
{
    strbuf b = {NULL, 0, 0, false};
    if (!node)
        return strdup("");
    describe(&b, node);
    if (b.failed) {
        free(b.s);
        return NULL;
    }
    return b.s;
}
