/*
 * reader_markdown.c — Markdown articles: YAML front matter between "---"
 * lines at the very start (libyaml), then a GitHub Flavored Markdown body
 * (cmark-gfm, with its tables, strikethrough, task lists and footnotes)
 * whose headings, paragraphs, list items, block quotes, code blocks, table
 * rows and HTML blocks become blocks. Inline markup (emphasis markers, link
 * targets, raw HTML, table pipes, footnote marks) is never text; link text,
 * code spans and the text inside HTML blocks are. Source positions from
 * cmark are mapped back to file lines (after the front matter) and byte
 * offsets. cmark parses in an arena (reader_arena.c): a body whose parse
 * would take more than READER_PARSE_BUDGET is refused, not parsed.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <yaml.h>

#include "reader_internal.h"

/* Front matter is a few keys: larger, or nested deeper (libyaml's time
 * grows with the square of the nesting of [ and {), it is not read. */
#define FRONT_MATTER_MAX (64u << 10)
#define FRONT_MATTER_DEPTH 64

/* Line starts of the body as cmark counts lines (\n, \r\n or \r end one),
 * to turn cmark's line:column into byte offsets. */
typedef struct body_lines {
    const char *text; /* the body; offsets below are relative to it */
    size_t len;
    size_t *start;
    size_t n;
    size_t base;             /* offset of the body in the file */
    unsigned int first_line; /* file line of the body's line 1 */
} body_lines;

/* Counted in the parse's arena: a body of a million empty lines costs its
 * line table as a parse tree would. */
static void body_lines_init(body_lines *l, const char *text, size_t len,
                            size_t base, unsigned int first_line)
{
    reader_arena *arena = reader_arena_current();
    *l = (body_lines){text, len, NULL, 0, base, first_line};
    size_t cap = 64;
    l->start = reader_arena_alloc(arena, cap * sizeof *l->start);
    l->start[l->n++] = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] != '\n' && text[i] != '\r')
            continue;
        if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
            i++;
        if (l->n == cap) {
            cap *= 2;
            l->start =
                reader_arena_realloc(arena, l->start, cap * sizeof *l->start);
        }
        l->start[l->n++] = i + 1;
    }
}

/* [start, end) of a body line (1-based), without its line ending. */
static void line_range(const body_lines *l, int line, size_t *start,
                       size_t *end)
{
    if (line < 1 || (size_t)line > l->n) {
        *start = *end = line < 1 ? 0 : l->len;
        return;
    }
    *start = l->start[line - 1];
    *end = (size_t)line < l->n ? l->start[line] : l->len;
    while (*end > *start &&
           (l->text[*end - 1] == '\n' || l->text[*end - 1] == '\r'))
        (*end)--;
}

/* File offset of the byte at cmark's line:column (1-based, in bytes);
 * inclusive selects the offset just past it (for end positions). */
static size_t file_offset(const body_lines *l, int line, int column,
                          bool inclusive)
{
    size_t s, e;
    line_range(l, line, &s, &e);
    size_t off =
        s + (size_t)(column > 1 ? column - 1 : 0) + (inclusive && column > 0);
    return l->base + (off < e ? off : e);
}

/* File offset of a line's text after up to `skip` bytes of indentation
 * (and, when quotes, block quote markers). */
static size_t line_content(const body_lines *l, int line, size_t skip,
                           bool quotes)
{
    size_t s, e;
    line_range(l, line, &s, &e);
    size_t p = s;
    while (p < e && p - s < skip &&
           (l->text[p] == ' ' || l->text[p] == '\t' ||
            (quotes && l->text[p] == '>')))
        p++;
    return l->base + p;
}

static unsigned int file_line(const body_lines *l, int line)
{
    return l->first_line + (unsigned int)(line > 1 ? line - 1 : 0);
}

/* ---- front matter ---- */

static bool is_delimiter(const char *s, size_t len, const char *mark)
{
    if (len < 3 || memcmp(s, mark, 3) != 0)
        return false;
    for (size_t i = 3; i < len; i++)
        if (!reader_is_space(s[i]))
            return false;
    return true;
}

static bool yaml_is_null(const yaml_node_t *n)
{
    const char *v = (const char *)n->data.scalar.value;
    return n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
           (n->data.scalar.length == 0 || !strcmp(v, "~") ||
            !strcasecmp(v, "null"));
}

/* A sequence of scalars as "a, b, c" (lists kept as one value). */
static char *yaml_join(yaml_document_t *doc, const yaml_node_t *seq)
{
    size_t len = 0;
    for (yaml_node_item_t *i = seq->data.sequence.items.start;
         i < seq->data.sequence.items.top; i++) {
        yaml_node_t *item = yaml_document_get_node(doc, *i);
        if (item && item->type == YAML_SCALAR_NODE)
            len += item->data.scalar.length + 2;
    }
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    size_t pos = 0;
    for (yaml_node_item_t *i = seq->data.sequence.items.start;
         i < seq->data.sequence.items.top; i++) {
        yaml_node_t *item = yaml_document_get_node(doc, *i);
        if (!item || item->type != YAML_SCALAR_NODE)
            continue;
        if (pos) {
            memcpy(out + pos, ", ", 2);
            pos += 2;
        }
        memcpy(out + pos, item->data.scalar.value, item->data.scalar.length);
        pos += item->data.scalar.length;
    }
    out[pos] = '\0';
    return out;
}

static passim_status set_tags(article *a, yaml_document_t *doc,
                              const yaml_node_t *value)
{
    if (value->type == YAML_SCALAR_NODE)
        return article_add_tag_list(a, (const char *)value->data.scalar.value,
                                    value->data.scalar.length);
    for (yaml_node_item_t *i = value->data.sequence.items.start;
         i < value->data.sequence.items.top; i++) {
        yaml_node_t *item = yaml_document_get_node(doc, *i);
        if (!item || item->type != YAML_SCALAR_NODE)
            continue;
        passim_status st =
            article_add_tag(a, (const char *)item->data.scalar.value);
        if (st != PASSIM_OK)
            return st;
    }
    return PASSIM_OK;
}

static passim_status set_key(article *a, yaml_document_t *doc, const char *key,
                             const yaml_node_t *value)
{
    if (value->type == YAML_MAPPING_NODE ||
        (value->type == YAML_SCALAR_NODE && yaml_is_null(value)))
        return PASSIM_OK; /* nothing a flat field can hold */
    if (!strcasecmp(key, "tags"))
        return set_tags(a, doc, value);
    char *joined = NULL;
    const char *text = (const char *)value->data.scalar.value;
    size_t len = value->data.scalar.length;
    if (value->type == YAML_SEQUENCE_NODE) {
        joined = yaml_join(doc, value);
        if (!joined)
            return PASSIM_ERROR_NO_MEMORY;
        text = joined;
        len = strlen(joined);
    }
    char **slot = article_slot(a, key);
    passim_status st = PASSIM_OK;
    if (len) /* an empty list, or one of lists, holds nothing to keep */
        st = slot ? article_set(a, slot, text, len)
                  : article_add_field(a, key, text);
    free(joined);
    return st;
}

/* Why front matter is too large or too deep to load, or NULL. The depth
 * is found from libyaml's events, which stop at the first too deep. */
static const char *front_matter_problem(const char *yaml, size_t len)
{
    yaml_parser_t parser;
    yaml_event_t ev;
    const char *why = NULL;
    unsigned int depth = 0;
    if (len > FRONT_MATTER_MAX)
        return "larger than 64 KiB";
    if (!yaml_parser_initialize(&parser))
        return NULL; /* the loader runs out of memory and says so */
    yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, len);
    while (!why && yaml_parser_parse(&parser, &ev)) {
        bool end = ev.type == YAML_STREAM_END_EVENT;
        if (ev.type == YAML_SEQUENCE_START_EVENT ||
            ev.type == YAML_MAPPING_START_EVENT) {
            if (++depth > FRONT_MATTER_DEPTH)
                why = "nested deeper than 64 levels";
        } else if (ev.type == YAML_SEQUENCE_END_EVENT ||
                   ev.type == YAML_MAPPING_END_EVENT) {
            depth--;
        }
        yaml_event_delete(&ev);
        if (end)
            break;
    }
    yaml_parser_delete(&parser);
    return why; /* a YAML error: the loader finds and tells it */
}

/* The front matter's YAML text, yaml[0, len), starts on file line `line`.
 * A YAML error is a warning: the article is indexed without metadata. */
static passim_status read_front_matter(article *a, const char *yaml, size_t len,
                                       unsigned int line,
                                       const reader_sink *sink)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    passim_status st = PASSIM_OK;
    const char *too_much = front_matter_problem(yaml, len);
    if (too_much) {
        reader_warn(sink, a->path, line,
                    "front matter: %s; indexed "
                    "without it",
                    too_much);
        return PASSIM_OK;
    }
    if (!yaml_parser_initialize(&parser))
        return PASSIM_ERROR_NO_MEMORY;
    yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, len);
    if (!yaml_parser_load(&parser, &doc)) {
        /* libyaml's loader leaves the error unset when a strdup of its own
         * fails: that is running out of memory too, not bad YAML (which
         * would index the article without its front matter). */
        if (parser.error == YAML_MEMORY_ERROR ||
            parser.error == YAML_NO_ERROR) {
            st = PASSIM_ERROR_NO_MEMORY;
        } else {
            /* The reader (encoding) stage has no line, only an offset. */
            unsigned int at = (unsigned int)parser.problem_mark.line;
            if (parser.error == YAML_READER_ERROR) {
                at = 0;
                for (size_t i = 0; i < parser.problem_offset && i < len; i++)
                    at += yaml[i] == '\n';
            }
            reader_warn(sink, a->path, line + at,
                        "front matter: %s; "
                        "indexed without it",
                        parser.problem ? parser.problem : "invalid YAML");
        }
        yaml_parser_delete(&parser);
        return st;
    }
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root && root->type != YAML_MAPPING_NODE) {
        reader_warn(sink, a->path, line,
                    "front matter: not a mapping of "
                    "keys to values; indexed without it");
        root = NULL;
    }
    for (yaml_node_pair_t *p = root ? root->data.mapping.pairs.start : NULL;
         p && p < root->data.mapping.pairs.top && st == PASSIM_OK; p++) {
        yaml_node_t *key = yaml_document_get_node(&doc, p->key);
        yaml_node_t *value = yaml_document_get_node(&doc, p->value);
        if (key && value && key->type == YAML_SCALAR_NODE)
            st = set_key(a, &doc, (const char *)key->data.scalar.value, value);
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return st;
}

/* ---- body ---- */

/* cmark-gfm's allocator: the arena of the run (it has no context). */
static void *md_calloc(size_t n, size_t size)
{
    return reader_arena_calloc(reader_arena_current(), n, size);
}

static void *md_realloc(void *p, size_t size)
{
    return reader_arena_realloc(reader_arena_current(), p, size);
}

static void md_free(void *p)
{
    reader_arena_free(reader_arena_current(), p);
}

static pthread_once_t extensions_once = PTHREAD_ONCE_INIT;

/* Registered once per process, before any parse: cmark-gfm keeps them in a
 * global list, with its default allocator. */
static void register_extensions(void)
{
    cmark_gfm_core_extensions_ensure_registered();
}

/* Whether n is a node of a GitHub extension named `type`. */
static bool is_extension(cmark_node *n, const char *type)
{
    return cmark_node_get_syntax_extension(n) &&
           !strcmp(cmark_node_get_type_string(n), type);
}

static article_block_kind paragraph_kind(cmark_node *n)
{
    cmark_node *parent = cmark_node_parent(n);
    switch (parent ? cmark_node_get_type(parent) : CMARK_NODE_NONE) {
    case CMARK_NODE_ITEM:
        return BLOCK_LIST_ITEM;
    case CMARK_NODE_BLOCK_QUOTE:
        return BLOCK_QUOTE;
    default:
        return BLOCK_PARAGRAPH;
    }
}

/* A paragraph, heading or table row: the text of its inlines, a line break
 * being a space (soft) or newline (hard), table cells apart by a space.
 * Each text or code span is anchored where cmark places it (lines are
 * exact, columns near), a line break to the next line's text when what
 * follows has no position. */
static void inline_text(block_builder *b, cmark_node *block,
                        const body_lines *l)
{
    int line = cmark_node_get_start_line(block);
    cmark_iter *it = cmark_iter_new(block);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER)
            continue;
        cmark_node_type type = cmark_node_get_type(n);
        int at = cmark_node_get_start_line(n);
        if (at > 0)
            line = cmark_node_get_end_line(n);
        switch (type) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE: {
            const char *lit = cmark_node_get_literal(n);
            if (at > 0 && b->len) /* the first is the block's start */
                block_anchor(
                    b,
                    file_offset(l, at, cmark_node_get_start_column(n), false),
                    file_line(l, at));
            block_text(b, lit, strlen(lit));
            break;
        }
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            block_text(b, type == CMARK_NODE_SOFTBREAK ? " " : "\n", 1);
            line++;
            block_anchor(b, line_content(l, line, (size_t)-1, true),
                         file_line(l, line));
            break;
        default:
            if (b->len && is_extension(n, "table_cell"))
                block_text(b, " ", 1);
            break;
        }
    }
    cmark_iter_free(it);
}

/* A code block: its lines as they are, each anchored to its source line. */
static void code_text(block_builder *b, cmark_node *code, const body_lines *l)
{
    int line = cmark_node_get_start_line(code);
    size_t indent = (size_t)(cmark_node_get_start_column(code) - 1);
    size_t at = file_offset(l, line, cmark_node_get_start_column(code), false);
    char c = at < l->base + l->len ? l->text[at - l->base] : '\0';
    if (c == '`' || c == '~') /* fenced: the text starts after the fence */
        line++;
    const char *lit = cmark_node_get_literal(code);
    size_t len = strlen(lit);
    while (len && lit[len - 1] == '\n')
        len--;
    for (size_t pos = 0; pos < len; line++) {
        const char *nl = memchr(lit + pos, '\n', len - pos);
        size_t next = nl ? (size_t)(nl - lit) + 1 : len;
        if (pos)
            block_text(b, "\n", 1);
        block_anchor(b, line_content(l, line, indent, false),
                     file_line(l, line));
        block_text(b, lit + pos, (nl ? next - 1 : len) - pos);
        pos = next;
    }
}

/* One Markdown body read inside an arena run: what the run needs, and
 * what it leaves behind for the caller (the builder is malloc'd). */
typedef struct md_body {
    article *a;
    const char *text;
    size_t len, base;
    unsigned int first_line;
    const reader_sink *sink;
    block_builder b;
    passim_status st;
} md_body;

/* An HTML block: the text between its tags, as HTML blocks of its own. */
static void html_text(md_body *m, cmark_node *n, const body_lines *l)
{
    int line = cmark_node_get_start_line(n);
    const char *lit = cmark_node_get_literal(n);
    const char *refused = NULL;
    /* cmark's column is past the indentation its literal keeps (and past
     * the markers of block quotes and list items, which it does not) */
    size_t at = file_offset(l, line, cmark_node_get_start_column(n), false);
    for (size_t i = 0; lit[i] == ' ' && at > l->base; i++)
        at--;
    m->st = reader_html_fragment(m->a, lit, strlen(lit), at, l->base + l->len,
                                 file_line(l, line), &refused);
    if (refused)
        reader_warn(m->sink, m->a->path, file_line(l, line),
                    "HTML block %s, left out", refused);
}

static void parse_body(void *ctx)
{
    static cmark_mem mem = {md_calloc, md_realloc, md_free};
    static const char *const extensions[] = {"table", "strikethrough",
                                             "tasklist"};
    md_body *m = ctx;
    body_lines l;
    body_lines_init(&l, m->text, m->len, m->base, m->first_line);
    cmark_parser *parser = cmark_parser_new_with_mem(
        CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES, &mem);
    for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++) {
        cmark_syntax_extension *e = cmark_find_syntax_extension(extensions[i]);
        if (e) /* all are in cmark-gfm 0.29; a build without one lacks it */
            cmark_parser_attach_syntax_extension(parser, e);
    }
    cmark_parser_feed(parser, m->text, m->len);
    cmark_node *doc = cmark_parser_finish(parser);
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while (m->st == PASSIM_OK &&
           (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type type = cmark_node_get_type(n);
        if (ev != CMARK_EVENT_ENTER)
            continue;
        if (type == CMARK_NODE_HTML_BLOCK) {
            html_text(m, n, &l);
            continue;
        }
        bool row =
            is_extension(n, "table_row") || is_extension(n, "table_header");
        if (type != CMARK_NODE_PARAGRAPH && type != CMARK_NODE_HEADING &&
            type != CMARK_NODE_CODE_BLOCK && !row)
            continue;
        int line = cmark_node_get_start_line(n);
        block_anchor(
            &m->b, file_offset(&l, line, cmark_node_get_start_column(n), false),
            file_line(&l, line));
        m->b.end = file_offset(&l, cmark_node_get_end_line(n),
                               cmark_node_get_end_column(n), true);
        article_block_kind kind;
        if (type == CMARK_NODE_CODE_BLOCK) {
            code_text(&m->b, n, &l);
            kind = BLOCK_CODE;
        } else {
            inline_text(&m->b, n, &l);
            /* its inlines are done: go on after the block */
            cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
            kind = type == CMARK_NODE_HEADING ? BLOCK_HEADING
                   : row                      ? BLOCK_PARAGRAPH
                                              : paragraph_kind(n);
        }
        m->st = block_flush(&m->b, m->a, kind);
    }
    /* the parser, tree and iterator go with the arena */
}

/* The body text[0, len), at file offset `base`, its first line file line
 * `first_line`. PASSIM_ERROR_INPUT (reported) when its parse would take
 * more than the budget or memory ran out while parsing. */
static passim_status read_body(article *a, const char *text, size_t len,
                               size_t base, unsigned int first_line,
                               const reader_sink *sink)
{
    md_body m = {a, text, len, base, first_line, sink, {0}, PASSIM_OK};
    reader_arena arena;
    pthread_once(&extensions_once, register_extensions);
    reader_arena_init(&arena, READER_PARSE_BUDGET);
    if (!reader_arena_run(&arena, parse_body, &m)) {
        if (arena.over)
            reader_report(sink, a->path, 0,
                          "Markdown too large or complex "
                          "to parse within %u MiB, not indexed",
                          READER_PARSE_BUDGET >> 20);
        else
            reader_report(sink, a->path, 0,
                          "out of memory while parsing "
                          "Markdown, not indexed");
        m.st = PASSIM_ERROR_INPUT;
    }
    reader_arena_release(&arena);
    block_builder_free(&m.b);
    return m.st;
}

passim_status reader_markdown(const char *path, const char *buf, size_t len,
                              size_t from, const reader_sink *sink)
{
    article *a = reader_file_article(path, buf, len);
    if (!a)
        return PASSIM_ERROR_NO_MEMORY;
    passim_status st = PASSIM_OK;
    size_t body = from;
    unsigned int body_line = 1;
    const char *nl = memchr(buf + from, '\n', len - from);
    size_t pos = nl ? (size_t)(nl - buf) + 1 : len;
    if (is_delimiter(buf + from, pos - from, "---")) {
        size_t yaml = pos;
        unsigned int line = 2;
        while (pos < len) {
            nl = memchr(buf + pos, '\n', len - pos);
            size_t next = nl ? (size_t)(nl - buf) + 1 : len;
            if (is_delimiter(buf + pos, next - pos, "---") ||
                is_delimiter(buf + pos, next - pos, "...")) {
                st = read_front_matter(a, buf + yaml, pos - yaml, 2, sink);
                body = next;
                body_line = line + 1;
                break;
            }
            pos = next;
            line++;
        }
        if (body == from)
            reader_warn(sink, path, 1,
                        "front matter: no closing '---' "
                        "line; the whole file is read as Markdown");
    }
    if (st == PASSIM_OK)
        st = read_body(a, buf + body, len - body, body, body_line, sink);
    if (st != PASSIM_OK) {
        article_free(a);
        return st;
    }
    return reader_emit(sink, a) == READER_SKIPPED ? PASSIM_ERROR_INPUT
                                                  : PASSIM_OK;
}
