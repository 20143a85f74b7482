/*
 * reader_html.c — HTML articles through gumbo (an HTML5 parser, so entities
 * are decoded and broken markup is repaired as browsers do). Block elements
 * become blocks of white-space-collapsed text anchored to gumbo's source
 * positions; script, style, navigation and the head are never text. Metadata
 * comes from <title> (else the first <h1>), <meta> tags (description: the
 * summary; keywords: tags; author: a field; dates), <html lang> and
 * <link rel="canonical">.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gumbo.h>

#include "reader_internal.h"
#include "vec.h"

typedef struct frame {
    GumboNode *node;
    unsigned int child;      /* next child to visit */
    article_block_kind kind; /* of text directly inside this element */
} frame;

typedef struct html_reader {
    article *a;
    size_t base;            /* offset of gumbo's input in the file */
    size_t limit;           /* file offsets stay at or below it */
    unsigned int line_base; /* file line of its first line, less one */
    bool fragment;          /* an HTML block of Markdown: no metadata */
    block_builder b;
    article_block_kind kind; /* of the block being built */
    unsigned int suppress;   /* depth inside elements that are not text */
    unsigned int pre;        /* depth inside <pre> */
    bool space;              /* collapsed white space pending */
    char *title;             /* of <title> */
    char *h1;                /* text of the first <h1> */
    int date_rank;           /* of the date found so far (0: none) */
    passim_status st;
} html_reader;

static bool is_suppressed(GumboTag tag)
{
    switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_FOOTER:
        return true;
    default:
        return false;
    }
}

/* Whether the element starts and ends a block; *kind is set for those with
 * a kind of their own and left (inherited) for the others. */
static bool is_block(GumboTag tag, article_block_kind *kind)
{
    switch (tag) {
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
        *kind = BLOCK_HEADING;
        return true;
    case GUMBO_TAG_PRE:
        *kind = BLOCK_CODE;
        return true;
    case GUMBO_TAG_LI:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
        *kind = BLOCK_LIST_ITEM;
        return true;
    case GUMBO_TAG_BLOCKQUOTE:
        *kind = BLOCK_QUOTE;
        return true;
    case GUMBO_TAG_P:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_HGROUP:
        if (*kind == BLOCK_HEADING)
            *kind = BLOCK_PARAGRAPH;
        return true;
    default:
        return false;
    }
}

static const char *attr(const GumboElement *el, const char *name)
{
    const GumboAttribute *at = gumbo_get_attribute(&el->attributes, name);
    return at ? at->value : NULL;
}

static bool attr_is(const GumboElement *el, const char *name, const char *value)
{
    const char *v = attr(el, name);
    return v && !strcasecmp(v, value);
}

static void flush(html_reader *h)
{
    if (h->st == PASSIM_OK)
        h->st = block_flush(&h->b, h->a, h->kind);
    h->space = false;
}

/* White space collapsed to single spaces, trimmed; caller frees. */
static char *collapse(const char *s)
{
    char *out = malloc(strlen(s) + 1);
    size_t n = 0;
    if (!out)
        return NULL;
    for (; *s; s++) {
        if (!reader_is_space(*s))
            out[n++] = *s;
        else if (n && !reader_is_space(s[1]) && s[1])
            out[n++] = ' ';
    }
    out[n] = '\0';
    return out;
}

static void set_once(html_reader *h, char **slot, const char *value)
{
    if (*slot || !value || h->st != PASSIM_OK)
        return;
    char *v = collapse(value);
    h->st = v ? article_set(h->a, slot, v, strlen(v)) : PASSIM_ERROR_NO_MEMORY;
    free(v);
}

/* Keeps key: value (white space collapsed) unless the key is kept already. */
static void add_field_once(html_reader *h, const char *key, const char *value)
{
    for (size_t i = 0; i < h->a->nfields; i++)
        if (!strcmp(h->a->fields[i].key, key))
            return;
    if (!value || h->st != PASSIM_OK)
        return;
    char *v = collapse(value);
    h->st = v ? article_add_field(h->a, key, v) : PASSIM_ERROR_NO_MEMORY;
    free(v);
}

/* The date sources in order of preference; the best one found wins. */
static int date_rank(const GumboElement *el)
{
    if (attr_is(el, "property", "article:published_time"))
        return 1;
    if (attr_is(el, "name", "date"))
        return 2;
    if (attr_is(el, "name", "dc.date"))
        return 3;
    if (attr_is(el, "itemprop", "datePublished"))
        return 4;
    return 0;
}

static void read_metadata(html_reader *h, const GumboNode *node)
{
    const GumboElement *el = &node->v.element;
    const char *content = attr(el, "content");
    int rank = date_rank(el);
    if (rank && (!h->date_rank || rank < h->date_rank)) {
        const char *date = content ? content : attr(el, "datetime");
        if (date && h->st == PASSIM_OK) {
            free(h->a->date);
            h->a->date = NULL;
            set_once(h, &h->a->date, date);
            h->date_rank = rank;
        }
    }
    switch (el->tag) {
    case GUMBO_TAG_META:
        if (attr_is(el, "name", "description"))
            set_once(h, &h->a->summary, content);
        else if (attr_is(el, "name", "author"))
            add_field_once(h, "author", content);
        else if (attr_is(el, "name", "keywords") && content && !h->a->ntags &&
                 h->st == PASSIM_OK)
            h->st = article_add_tag_list(h->a, content, strlen(content));
        break;
    case GUMBO_TAG_HTML:
        if (node->parent && node->parent->type == GUMBO_NODE_DOCUMENT)
            set_once(h, &h->a->lang, attr(el, "lang"));
        break;
    case GUMBO_TAG_LINK:
        if (attr_is(el, "rel", "canonical"))
            set_once(h, &h->a->url, attr(el, "href"));
        break;
    case GUMBO_TAG_TITLE:
        if (!h->title && el->tag_namespace == GUMBO_NAMESPACE_HTML &&
            el->children.length &&
            ((GumboNode *)el->children.data[0])->type == GUMBO_NODE_TEXT) {
            h->title =
                collapse(((GumboNode *)el->children.data[0])->v.text.text);
            if (!h->title)
                h->st = PASSIM_ERROR_NO_MEMORY;
        }
        break;
    default:
        break;
    }
}

/* The file offset of gumbo's input offset `off`. A Markdown HTML block's
 * text is cmark's copy, not the file's bytes (a NUL in it became the three
 * bytes of U+FFFD), so the offset is kept inside the file. */
static size_t file_pos(const html_reader *h, size_t off)
{
    return h->base + off < h->limit ? h->base + off : h->limit;
}

/* The next text appended comes from orig[opos...] (skipping white space). */
static void anchor_at(html_reader *h, const GumboText *t, size_t opos,
                      unsigned int line)
{
    const GumboStringPiece *o = &t->original_text;
    while (opos < o->length && reader_is_space(o->data[opos]))
        opos++;
    block_anchor(&h->b, file_pos(h, t->start_pos.offset + opos), line);
}

/* Appends a text node: white space collapsed (kept inside <pre>), an anchor
 * at the node's first word and at the first word of each new line. The
 * decoded text and the source have the same line breaks (gumbo turns CR LF
 * into LF), so the n-th newline of one is the n-th of the other. */
static void add_text(html_reader *h, const GumboText *t,
                     article_block_kind kind)
{
    const char *s = t->text;
    const GumboStringPiece *o = &t->original_text;
    size_t opos = 0;
    unsigned int line = h->line_base + t->start_pos.line;
    bool anchor = true, wrote = false, fresh = h->b.len == 0;
    for (size_t i = 0; s[i];) {
        if (s[i] == '\n' || (!h->pre && reader_is_space(s[i]))) {
            if (s[i] == '\n') {
                const char *nl = memchr(o->data + opos, '\n', o->length - opos);
                opos = nl ? (size_t)(nl - o->data) + 1 : o->length;
                line++;
                anchor = true;
            }
            if (h->pre && h->b.len)
                block_text(&h->b, "\n", 1);
            h->space = !h->pre;
            i++;
            continue;
        }
        size_t j = i;
        while (s[j] && s[j] != '\n' && (h->pre || !reader_is_space(s[j])))
            j++;
        if (h->b.len == 0)
            h->kind = kind;
        else if (h->space)
            block_text(&h->b, " ", 1);
        h->space = false;
        if (anchor)
            anchor_at(h, t, opos, line);
        anchor = false;
        block_text(&h->b, s + i, j - i);
        wrote = true;
        i = j;
    }
    size_t end = o->length;
    while (end && reader_is_space(o->data[end - 1]))
        end--;
    end = file_pos(h, t->start_pos.offset + end);
    if (wrote && (fresh || end > h->b.end)) /* text may come out of order */
        h->b.end = end;
}

static void enter(html_reader *h, frame *f, const frame *parent)
{
    GumboElement *el = &f->node->v.element;
    f->kind = parent ? parent->kind : BLOCK_PARAGRAPH;
    if (!h->fragment)
        read_metadata(h, f->node);
    if (is_suppressed(el->tag))
        h->suppress++;
    if (el->tag == GUMBO_TAG_PRE)
        h->pre++;
    if (el->tag == GUMBO_TAG_BR)
        h->space = true;
    if (is_block(el->tag, &f->kind))
        flush(h);
}

static void leave(html_reader *h, const frame *f)
{
    const GumboElement *el = &f->node->v.element;
    article_block_kind kind = f->kind;
    if (is_suppressed(el->tag))
        h->suppress--;
    if (el->tag == GUMBO_TAG_PRE)
        h->pre--;
    if (el->tag == GUMBO_TAG_H1 && !h->h1 && h->b.len && !h->fragment) {
        h->h1 = strndup(h->b.text, h->b.len);
        if (!h->h1)
            h->st = PASSIM_ERROR_NO_MEMORY;
    }
    if (is_block(el->tag, &kind))
        flush(h);
}

/* ---- time guard: nesting and attributes -------------------------------- */

/* gumbo's tree building is quadratic in the nesting depth (each start tag
 * scans the stack of open elements): 20,000 nested <div>s take 3 s, 50,000
 * take 22 s, a 32 MB file of them days. A cheap pre-scan that mirrors the
 * tree builder roughly (void elements, elements whose end tag is optional,
 * raw text, comments, self-closing tags in SVG/MathML, end tags closing
 * what they enclose) refuses a document deeper than HTML_MAX_DEPTH, or
 * whose nesting past HTML_FREE_DEPTH adds up to more than HTML_DEPTH_BUDGET
 * element-steps (about half a second of gumbo). Ordinary pages, a few dozen
 * deep, cost nothing. */
#define HTML_MAX_DEPTH 8192
#define HTML_FREE_DEPTH 256
#define HTML_DEPTH_BUDGET (32u << 20)
/* gumbo checks each attribute against those before it in its element: an
 * element of n attributes costs n * n steps, and a document may spend
 * HTML_ATTRIBUTE_BUDGET (about half a second: one <p> of 8,000
 * attributes, or 100 of 800). */
#define HTML_ATTRIBUTE_BUDGET (64ull << 20)

typedef enum tag_class { TAG_NESTS, TAG_LEAF, TAG_RAW, TAG_REST } tag_class;

static tag_class classify(GumboTag tag)
{
    switch (tag) {
    case GUMBO_TAG_AREA:
    case GUMBO_TAG_BASE:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_COL:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_LINK:
    case GUMBO_TAG_META:
    case GUMBO_TAG_PARAM:
    case GUMBO_TAG_SOURCE:
    case GUMBO_TAG_TRACK:
    case GUMBO_TAG_WBR:
    case GUMBO_TAG_KEYGEN:
    case GUMBO_TAG_BASEFONT:
    case GUMBO_TAG_BGSOUND:
    case GUMBO_TAG_FRAME:
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_BODY:
        return TAG_LEAF;
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_XMP:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_NOEMBED:
    case GUMBO_TAG_NOFRAMES:
        return TAG_RAW;
    case GUMBO_TAG_PLAINTEXT:
        return TAG_REST;
    default:
        return TAG_NESTS;
    }
}

/* Whether a start tag closes an open element on top of what that encloses
 * (a <p> closes the open <p>, an <li> the open <li>, a <div> the open
 * <p>). */
static bool closes(GumboTag tag, GumboTag open)
{
    switch (tag) {
    case GUMBO_TAG_LI:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_OPTION:
        return open == tag;
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
        return open == GUMBO_TAG_DT || open == GUMBO_TAG_DD;
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
        return open == GUMBO_TAG_TD || open == GUMBO_TAG_TH;
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_CENTER:
        return open == GUMBO_TAG_P;
    default:
        return false;
    }
}

/* Elements a search for an element to close does not look past. */
static bool is_scope_boundary(GumboTag tag)
{
    switch (tag) {
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_MARQUEE:
        return true;
    default:
        return false;
    }
}

/* Where the text s[from, len) first holds needle (ASCII, any case), or len. */
static size_t find_nocase(const char *s, size_t from, size_t len,
                          const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = from; i + n <= len; i++)
        if (!strncasecmp(s + i, needle, n))
            return i;
    return len;
}

/* The end of the tag whose name ends at s[i]: just past its '>' (quoted
 * attribute values may hold '>'), or len. *self_closing: it ends in "/>";
 * *attributes: about how many it has (names after white space). */
static size_t tag_end(const char *s, size_t i, size_t len, bool *self_closing,
                      size_t *attributes)
{
    char quote = 0, prev = 0;
    bool space = false;
    *attributes = 0;
    for (; i < len; i++) {
        char c = s[i];
        bool blank = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (quote) {
            if (c == quote)
                quote = 0;
        } else if ((c == '"' || c == '\'') && prev == '=') {
            quote = c;
        } else if (c == '>') {
            *self_closing = prev == '/';
            return i + 1;
        } else if (space && !blank && c != '=' && c != '/' && prev != '=') {
            (*attributes)++;
        }
        space = blank && !quote;
        if (!blank)
            prev = c;
    }
    *self_closing = false;
    return len;
}

/* NULL when gumbo can take the document in time, else why not. */
static const char *slow_parse_problem(const char *s, size_t len)
{
    GumboTag stack[HTML_MAX_DEPTH];
    size_t depth = 0, foreign = 0; /* foreign: depth of the outer svg/math */
    unsigned long long cost = 0, attribute_cost = 0;
    for (size_t i = 0; i + 1 < len;) {
        const char *lt = memchr(s + i, '<', len - i);
        if (!lt)
            break;
        i = (size_t)(lt - s);
        if (i + 1 == len) /* a '<' that ends the input opens nothing */
            break;
        bool closing = s[i + 1] == '/', self_closing;
        size_t name = i + 1 + closing, end = name;
        if (!strncmp(s + i, "<!--", 4 < len - i ? 4 : len - i)) {
            size_t close = find_nocase(s, i + 4, len, "-->");
            i = close + 3;
            continue;
        }
        while (end < len && ((s[end] >= 'a' && s[end] <= 'z') ||
                             (s[end] >= 'A' && s[end] <= 'Z') ||
                             (end > name && s[end] >= '0' && s[end] <= '9')))
            end++;
        if (end == name) { /* "<!doctype", "<?", "< " and the like */
            i++;
            continue;
        }
        GumboTag tag = gumbo_tagn_enum(s + name, (unsigned int)(end - name));
        size_t attributes;
        size_t after = tag_end(s, end, len, &self_closing, &attributes);
        if (!closing)
            attribute_cost += (unsigned long long)attributes * attributes;
        if (attribute_cost > HTML_ATTRIBUTE_BUDGET)
            return "elements with too many attributes";
        tag_class kind = classify(tag);
        if (closing && kind != TAG_NESTS) {
            /* never on the stack */
        } else if (closing) {
            size_t at = depth;
            while (at > 0 && stack[at - 1] != tag)
                at--;
            if (depth - at > HTML_FREE_DEPTH)
                cost += depth - at - HTML_FREE_DEPTH;
            if (at > 0)
                depth = at - 1;
            if (depth < foreign)
                foreign = 0;
        } else if (kind == TAG_REST) {
            break;
        } else if (kind == TAG_RAW && !foreign) {
            char close[16];
            snprintf(close, sizeof close, "</%.*s", (int)(end - name),
                     s + name);
            after = find_nocase(s, after, len, close);
        } else if (kind == TAG_NESTS && !(self_closing && foreign)) {
            size_t at = depth;
            while (at > 0 && !closes(tag, stack[at - 1]) &&
                   !is_scope_boundary(stack[at - 1]))
                at--;
            if (depth - at > HTML_FREE_DEPTH)
                cost += depth - at - HTML_FREE_DEPTH;
            if (at > 0 && closes(tag, stack[at - 1]))
                depth = at - 1;
            if (depth < foreign)
                foreign = 0;
            if (depth == HTML_MAX_DEPTH)
                return "elements nested deeper than 8192 levels";
            if (!foreign && (tag == GUMBO_TAG_SVG || tag == GUMBO_TAG_MATH))
                foreign = depth + 1;
            stack[depth++] = tag;
            if (depth > HTML_FREE_DEPTH)
                cost += depth - HTML_FREE_DEPTH;
        }
        if (cost > HTML_DEPTH_BUDGET)
            return "elements nested too deeply too often";
        i = after;
    }
    return NULL;
}

/* Depth-first over the tree with an explicit stack: documents can be nested
 * far deeper than the C stack allows. */
static void walk(html_reader *h, GumboNode *root)
{
    size_t n = 0, cap = 64;
    frame *stack = malloc(cap * sizeof *stack);
    if (!stack) {
        h->st = PASSIM_ERROR_NO_MEMORY;
        return;
    }
    stack[n++] = (frame){root, 0, BLOCK_PARAGRAPH};
    enter(h, &stack[0], NULL);
    while (n && h->st == PASSIM_OK) {
        frame *f = &stack[n - 1];
        GumboVector *children = &f->node->v.element.children;
        if (f->child == children->length) {
            leave(h, f);
            n--;
            continue;
        }
        GumboNode *child = children->data[f->child++];
        switch (child->type) {
        case GUMBO_NODE_ELEMENT:
        case GUMBO_NODE_TEMPLATE:
            if (!vec_reserve(stack, cap, n + 1)) {
                h->st = PASSIM_ERROR_NO_MEMORY;
                break;
            }
            stack[n] = (frame){child, 0, BLOCK_PARAGRAPH};
            enter(h, &stack[n], &stack[n - 1]);
            n++;
            break;
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_WHITESPACE:
        case GUMBO_NODE_CDATA:
            if (!h->suppress)
                add_text(h, &child->v.text, f->kind);
            break;
        default:
            break;
        }
    }
    free(stack);
}

/* gumbo's allocator: the arena the options name. */
static void *gumbo_alloc(void *arena, size_t size)
{
    return reader_arena_alloc(arena, size);
}

static void gumbo_free(void *arena, void *p)
{
    reader_arena_free(arena, p);
}

/* A parse inside an arena run: its input and output. */
typedef struct html_parse {
    GumboOptions options;
    const char *html;
    size_t len;
    GumboOutput *out;
} html_parse;

static void parse_html(void *ctx)
{
    html_parse *p = ctx;
    p->out = gumbo_parse_with_options(&p->options, p->html, p->len);
}

static html_parse html_parse_in(reader_arena *arena, const char *html,
                                size_t len)
{
    html_parse p = {kGumboDefaultOptions, html, len, NULL};
    p.options.max_errors = 0; /* parse errors are repaired, not reported */
    p.options.allocator = gumbo_alloc;
    p.options.deallocator = gumbo_free;
    p.options.userdata = arena;
    return p;
}

/* The text of a parsed document (or fragment) into h's article. */
static void read_tree(html_reader *h, html_parse *p)
{
    walk(h, p->out->root);
    flush(h);
    gumbo_destroy_output(&p->options, p->out);
    block_builder_free(&h->b);
}

passim_status reader_html_fragment(article *a, const char *html, size_t len,
                                   size_t base, size_t limit, unsigned int line,
                                   const char **refused)
{
    html_reader h = {.a = a,
                     .base = base,
                     .limit = limit,
                     .line_base = line - 1,
                     .fragment = true};
    html_parse p = html_parse_in(reader_arena_current(), html, len);
    *refused = slow_parse_problem(html, len);
    if (*refused)
        return PASSIM_OK;
    parse_html(&p); /* in the caller's run: a refusal leaves it */
    read_tree(&h, &p);
    return h.st;
}

passim_status reader_html(const char *path, const char *buf, size_t len,
                          size_t from, const reader_sink *sink)
{
    html_reader h = {.base = from, .limit = len};
    reader_arena arena;
    reader_arena_init(&arena, READER_PARSE_BUDGET);
    html_parse p = html_parse_in(&arena, buf + from, len - from);
    h.a = reader_file_article(path, buf, len);
    if (!h.a)
        return PASSIM_ERROR_NO_MEMORY;
    const char *slow = slow_parse_problem(buf + from, len - from);
    if (slow) {
        reader_report(sink, path, 0,
                      "HTML %s, not parsed (too slow to "
                      "parse)",
                      slow);
        h.st = PASSIM_ERROR_INPUT;
    } else if (!reader_arena_run(&arena, parse_html, &p)) {
        if (arena.over)
            reader_report(sink, path, 0,
                          "HTML too large or complex to "
                          "parse within %u MiB, not indexed",
                          READER_PARSE_BUDGET >> 20);
        else
            reader_report(sink, path, 0,
                          "out of memory while parsing "
                          "HTML, not indexed");
        h.st = PASSIM_ERROR_INPUT;
    } else {
        read_tree(&h, &p);
    }
    reader_arena_release(&arena);
    if (h.st == PASSIM_OK && h.title && h.title[0])
        h.st = article_set(h.a, &h.a->title, h.title, strlen(h.title));
    if (h.st == PASSIM_OK && h.h1)
        h.st = reader_derive_title(h.a, h.h1, strlen(h.h1));
    free(h.title);
    free(h.h1);
    if (h.st != PASSIM_OK) {
        article_free(h.a);
        return h.st;
    }
    return reader_emit(sink, h.a) == READER_SKIPPED ? PASSIM_ERROR_INPUT
                                                    : PASSIM_OK;
}
