/*
 * test_readers.c — the indexer's input side: readers per format (fields,
 * blocks with their lines and byte ranges, what is never text, bad input),
 * the passage splitter and the file walker, on the fixtures in
 * tests/data/readers and on files made in a temporary directory.
 */
#include <check.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "date.h"
#include "passage.h"
#include "reader.h"
#include "reader_internal.h"
#include "walk.h"

#define DATA PASSIM_TEST_DATA "/readers/"
#define MAX_ITEMS 64

/* ---- collecting what readers produce ---- */

typedef struct collected {
    article *articles[MAX_ITEMS];
    size_t n;
    char problems[MAX_ITEMS][600];
    unsigned int lines[MAX_ITEMS];
    size_t nproblems;
    char warnings[MAX_ITEMS][600];
    unsigned int warning_lines[MAX_ITEMS];
    size_t nwarnings;
    size_t stop_after; /* 0: never stop */
} collected;

static int collect_article(article *a, void *ctx)
{
    collected *c = ctx;
    ck_assert_uint_lt(c->n, MAX_ITEMS);
    c->articles[c->n++] = a;
    return c->stop_after && c->n >= c->stop_after;
}

/* Keeps a reason and its line in texts[*n], lines[*n]. */
static void keep(char (*texts)[600], unsigned int *lines, size_t *n,
                 unsigned int line, const char *reason)
{
    ck_assert_uint_lt(*n, MAX_ITEMS);
    snprintf(texts[*n], sizeof texts[0], "%s", reason);
    lines[(*n)++] = line;
}

static void collect_problem(const char *path, unsigned int line,
                            const char *reason, void *ctx)
{
    collected *c = ctx;
    (void)path;
    keep(c->problems, c->lines, &c->nproblems, line, reason);
}

static void collect_warning(const char *path, unsigned int line,
                            const char *reason, void *ctx)
{
    collected *c = ctx;
    (void)path;
    keep(c->warnings, c->warning_lines, &c->nwarnings, line, reason);
}

static void collected_free(collected *c)
{
    for (size_t i = 0; i < c->n; i++)
        article_free(c->articles[i]);
    c->n = 0;
}

static passim_status parse(reader_format fmt, const char *path, const char *buf,
                           size_t len, collected *c)
{
    reader_sink sink = {collect_article, collect_problem, c, NULL,
                        collect_warning};
    return reader_parse_buffer(fmt, path, buf, len, &sink);
}

/* data[0, len) read as a JSON Lines stream named "-". */
static passim_status stream(const char *data, size_t len, size_t max_line,
                            collected *c)
{
    FILE *fp = fmemopen((void *)data, len, "r");
    ck_assert_ptr_nonnull(fp);
    reader_sink sink = {collect_article, collect_problem, c, NULL,
                        collect_warning};
    passim_status st = reader_parse_jsonl_stream("-", fp, max_line, &sink);
    fclose(fp);
    return st;
}

static char *slurp(const char *name, size_t *len)
{
    char *buf, *reason;
    passim_status st = walk_read_file(name, 0, &buf, len, &reason);
    ck_assert_msg(st == PASSIM_OK, "%s: %s", name, reason);
    return buf;
}

/* Parses a fixture; the caller frees *buf. */
static passim_status parse_fixture(const char *name, collected *c, char **buf,
                                   size_t *len)
{
    *buf = slurp(name, len);
    return parse(reader_format_for_path(name), name, *buf, *len, c);
}

static unsigned int line_of(const char *buf, size_t offset)
{
    unsigned int line = 1;
    for (size_t i = 0; i < offset; i++)
        line += buf[i] == '\n';
    return line;
}

/* The first word of s (up to white space or an ASCII punctuation mark). */
static size_t first_word(const char *s, size_t len, const char **word)
{
    size_t i = 0, n = 0;
    while (i < len && strchr(" \t\n", s[i]))
        i++;
    *word = s + i;
    while (i + n < len && !strchr(" \t\n,.;:&<(", s[i + n]))
        n++;
    return n;
}

/* A block's line is the line its start is on, its first word lies in
 * buf[start, end), and each anchor points at its line's text. */
static void check_positions(const char *buf, size_t len, const article *a)
{
    for (size_t i = 0; i < a->nblocks; i++) {
        const article_block *b = &a->blocks[i];
        const char *word;
        size_t n = first_word(b->text, b->len, &word);
        ck_assert_uint_le(b->start, b->end);
        ck_assert_uint_le(b->end, len);
        ck_assert_uint_eq(b->line, line_of(buf, b->start));
        ck_assert_uint_gt(n, 0);
        ck_assert_msg(memmem(buf + b->start, b->end - b->start, word, n),
                      "block %zu: \"%.*s\" not in its source range", i, (int)n,
                      word);
        for (size_t k = 0; k < b->nanchors; k++) {
            const article_anchor *an = &b->anchors[k];
            ck_assert_uint_gt(an->text, 0);
            ck_assert_uint_lt(an->text, b->len);
            ck_assert_uint_eq(an->line, line_of(buf, an->source));
            n = first_word(b->text + an->text, b->len - an->text, &word);
            size_t near = len - an->source < 16 ? len - an->source : 16;
            ck_assert_msg(memmem(buf + an->source, near, word, n),
                          "block %zu anchor %zu: \"%.*s\" not at source", i, k,
                          (int)n, word);
        }
    }
}

static bool has_text(const article *a, const char *needle)
{
    if (strstr(a->title, needle))
        return true;
    for (size_t i = 0; i < a->nblocks; i++)
        if (strstr(a->blocks[i].text, needle))
            return true;
    return false;
}

static const char *field(const article *a, const char *key)
{
    for (size_t i = 0; i < a->nfields; i++)
        if (!strcmp(a->fields[i].key, key))
            return a->fields[i].value;
    return NULL;
}

static void check_block(const article *a, size_t i, article_block_kind kind,
                        unsigned int line, const char *text)
{
    ck_assert_uint_lt(i, a->nblocks);
    ck_assert_str_eq(a->blocks[i].text, text);
    ck_assert_uint_eq(a->blocks[i].len, strlen(text));
    ck_assert_int_eq(a->blocks[i].kind, kind);
    ck_assert_uint_eq(a->blocks[i].line, line);
}

/* ---- formats ---- */

START_TEST(test_format_for_path)
{
    ck_assert_int_eq(reader_format_for_path("a/b.md"), READER_MARKDOWN);
    ck_assert_int_eq(reader_format_for_path("B.MarkDown"), READER_MARKDOWN);
    ck_assert_int_eq(reader_format_for_path("x.TXT"), READER_TEXT);
    ck_assert_int_eq(reader_format_for_path("x.htm"), READER_HTML);
    ck_assert_int_eq(reader_format_for_path("x.Html"), READER_HTML);
    ck_assert_int_eq(reader_format_for_path("x.json"), READER_JSON);
    ck_assert_int_eq(reader_format_for_path("x.jsonl"), READER_JSONL);
    ck_assert_int_eq(reader_format_for_path("x.NDJSON"), READER_JSONL);
    ck_assert_int_eq(reader_format_for_path("-"), READER_JSONL);
    ck_assert_int_eq(reader_format_for_path("README"), READER_UNKNOWN);
    ck_assert_int_eq(reader_format_for_path("dir/.md"), READER_UNKNOWN);
    ck_assert_int_eq(reader_format_for_path("dir.md/file"), READER_UNKNOWN);
    ck_assert_int_eq(reader_format_for_path("x.pdf"), READER_UNKNOWN);
    ck_assert_str_eq(reader_format_name(READER_JSONL), "jsonl");
    ck_assert_str_eq(reader_format_name(READER_MARKDOWN), "markdown");
    ck_assert_str_eq(reader_format_name(READER_UNKNOWN), "unknown");
}
END_TEST

START_TEST(test_markdown_fields)
{
    collected c = {0};
    char *buf;
    size_t len;
    ck_assert_int_eq(parse_fixture(DATA "article.md", &c, &buf, &len),
                     PASSIM_OK);
    ck_assert_uint_eq(c.n, 1);
    ck_assert_uint_eq(c.nproblems, 0);
    article *a = c.articles[0];
    ck_assert_str_eq(a->title, "Front Matter Title");
    ck_assert_str_eq(a->date, "2024-03-13");
    ck_assert_str_eq(a->source, "policy");
    ck_assert_str_eq(a->lang, "en");
    ck_assert_str_eq(a->id, "md-001");
    ck_assert_str_eq(a->url, "https://example.com/a");
    ck_assert_str_eq(a->summary, "A short summary.");
    ck_assert_uint_eq(a->ntags, 2);
    ck_assert_str_eq(a->tags[0], "eu-ai-act");
    ck_assert_str_eq(a->tags[1], "regulation");
    ck_assert_uint_eq(a->nfields, 2);
    ck_assert_str_eq(field(a, "author"), "Jane Doe");
    ck_assert_str_eq(field(a, "reviewers"), "Ann, Bob");
    ck_assert_str_eq(a->path, DATA "article.md");
    ck_assert_uint_eq(a->line, 1);
    ck_assert_uint_eq(a->ordinal, 0);
    ck_assert_uint_eq(a->hash, XXH64(buf, len, 0));
    collected_free(&c);
    free(buf);
}
END_TEST

START_TEST(test_markdown_blocks)
{
    collected c = {0};
    char *buf;
    size_t len;
    ck_assert_int_eq(parse_fixture(DATA "article.md", &c, &buf, &len),
                     PASSIM_OK);
    article *a = c.articles[0];
    ck_assert_uint_eq(a->nblocks, 9);
    /* lines count from the file's first line, front matter included */
    check_block(a, 0, BLOCK_HEADING, 14, "First Heading");
    check_block(a, 1, BLOCK_PARAGRAPH, 16,
                "Intro paragraph with emphasis, a link text and code span "
                "on two lines.");
    check_block(a, 2, BLOCK_LIST_ITEM, 19, "item one bold");
    check_block(a, 3, BLOCK_LIST_ITEM, 20, "item two");
    check_block(a, 4, BLOCK_LIST_ITEM, 22, "second paragraph of item two");
    check_block(a, 5, BLOCK_QUOTE, 24, "quoted text");
    check_block(a, 6, BLOCK_CODE, 27, "int main(void) { return 0; }");
    /* an HTML block's text, without its tags */
    check_block(a, 7, BLOCK_PARAGRAPH, 30, "raw html block");
    check_block(a, 8, BLOCK_PARAGRAPH, 32, "Inline html removed.");
    /* anchors: each text after markup, and line 17 after the soft break */
    const article_block *intro = &a->blocks[1];
    ck_assert_uint_eq(intro->nanchors, 6);
    ck_assert_uint_eq(intro->anchors[5].line, 17);
    ck_assert(!memcmp(buf + intro->anchors[5].source, "on two lines.", 13));
    ck_assert(!memcmp(intro->text + intro->anchors[5].text, "on two", 6));
    ck_assert(!memcmp(buf + intro->anchors[4].source, "code span", 9));
    ck_assert(!memcmp(buf + intro->anchors[2].source, "link text", 9));
    check_positions(buf, len, a);
    ck_assert(!memcmp(buf + a->blocks[0].start, "# First Heading", 15));
    ck_assert(!memcmp(buf + a->blocks[6].start, "int main", 8));
    ck_assert_uint_eq(a->blocks[6].end,
                      (size_t)(strstr(buf, "```\n\n<div>") - buf) + 3);
    ck_assert(!memcmp(buf + a->blocks[7].start, "raw html block", 14));
    ck_assert(!memcmp(buf + a->blocks[8].end - 8, "removed.", 8));
    ck_assert(!has_text(a, "*"));
    ck_assert(!has_text(a, "hidden.example.com"));
    ck_assert(!has_text(a, "<"));
    ck_assert(!has_text(a, "`"));
    collected_free(&c);
    free(buf);
}
END_TEST

START_TEST(test_markdown_gfm)
{
    static const char md[] = "# GFM\n"
                             "\n"
                             "| Model | Region |\n"
                             "|-------|:------:|\n"
                             "| Gemini | *EU* |\n"
                             "| Claude | `US` |\n"
                             "\n"
                             "Old ~~struck~~ new, a note[^n] here.\n"
                             "\n"
                             "- [x] done task\n"
                             "- [ ] open task\n"
                             "\n"
                             "<details>\n"
                             "<summary>More</summary>\n"
                             "Hidden <b>bold</b> words\n"
                             "<script>var x = 1;</script>\n"
                             "</details>\n"
                             "\n"
                             "<footer>footer text</footer>\n"
                             "\n"
                             "[^n]: The footnote text.\n";
    collected c = {0};
    ck_assert_int_eq(parse(READER_MARKDOWN, "g.md", md, strlen(md), &c),
                     PASSIM_OK);
    ck_assert_uint_eq(c.nproblems, 0);
    ck_assert_uint_eq(c.nwarnings, 0);
    article *a = c.articles[0];
    /* a table row is a block of its cells, pipes and rule left out */
    check_block(a, 1, BLOCK_PARAGRAPH, 3, "Model Region");
    check_block(a, 2, BLOCK_PARAGRAPH, 5, "Gemini EU");
    check_block(a, 3, BLOCK_PARAGRAPH, 6, "Claude US");
    /* strikethrough and the footnote mark are markup */
    check_block(a, 4, BLOCK_PARAGRAPH, 8, "Old struck new, a note here.");
    /* task list boxes are markup */
    check_block(a, 5, BLOCK_LIST_ITEM, 10, "done task");
    check_block(a, 6, BLOCK_LIST_ITEM, 11, "open task");
    /* an HTML block: its text (no tags, no script) by line */
    check_block(a, 7, BLOCK_PARAGRAPH, 14, "More");
    check_block(a, 8, BLOCK_PARAGRAPH, 15, "Hidden bold words");
    /* a footer is never text; the footnote is */
    check_block(a, 9, BLOCK_PARAGRAPH, 21, "The footnote text.");
    ck_assert_uint_eq(a->nblocks, 10);
    ck_assert(!has_text(a, "|"));
    ck_assert(!has_text(a, "~"));
    ck_assert(!has_text(a, "[^n]"));
    ck_assert(!has_text(a, "var x"));
    ck_assert(!has_text(a, "footer text"));
    check_positions(md, strlen(md), a);
    collected_free(&c);
}
END_TEST

START_TEST(test_markdown_bad_front_matter)
{
    collected c = {0};
    char *buf;
    size_t len;
    ck_assert_int_eq(parse_fixture(DATA "bad_front_matter.md", &c, &buf, &len),
                     PASSIM_OK);
    /* a warning, not a problem: the article is read without metadata */
    ck_assert_uint_eq(c.nproblems, 0);
    ck_assert_uint_eq(c.nwarnings, 1);
    ck_assert_uint_eq(c.warning_lines[0], 4);
    ck_assert_str_eq(c.warnings[0],
                     "front matter: did not find expected ',' or ']'; "
                     "indexed without it");
    ck_assert_uint_eq(c.n, 1);
    article *a = c.articles[0];
    /* no metadata at all, the title from the first heading */
    ck_assert_str_eq(a->title, "Heading Title");
    ck_assert_uint_eq(a->ntags, 0);
    ck_assert_ptr_null(a->date);
    ck_assert_uint_eq(a->nblocks, 2);
    check_block(a, 0, BLOCK_HEADING, 5, "Heading Title");
    check_block(a, 1, BLOCK_PARAGRAPH, 7, "Body text here.");
    check_positions(buf, len, a);
    collected_free(&c);
    free(buf);
}
END_TEST

START_TEST(test_markdown_front_matter_edges)
{
    collected c = {0};
    /* no closing line: reported, the whole file is Markdown */
    const char *open = "---\ntitle: x\n\nBody line.\n";
    ck_assert_int_eq(parse(READER_MARKDOWN, "o.md", open, strlen(open), &c),
                     PASSIM_OK);
    ck_assert_uint_eq(c.nproblems, 0);
    ck_assert_uint_eq(c.nwarnings, 1);
    ck_assert_uint_eq(c.warning_lines[0], 1);
    ck_assert_str_eq(c.warnings[0], "front matter: no closing '---' line; "
                                    "the whole file is read as Markdown");
    /* no title: the first line of the body ("---" is a thematic break) */
    ck_assert_str_eq(c.articles[0]->title, "title: x");
    ck_assert(has_text(c.articles[0], "Body line."));
    collected_free(&c);

    /* tags as a comma string, "..." closing, null and empty values,
     * CRLF line ends, a byte order mark */
    const char *md = "\xEF\xBB\xBF---\r\ntitle: T\r\ntags: a, b ,c\r\n"
                     "date: ~\r\nsource:\r\n...\r\n\r\nText.\r\n";
    c = (collected){0};
    ck_assert_int_eq(parse(READER_MARKDOWN, "t.md", md, strlen(md), &c),
                     PASSIM_OK);
    ck_assert_uint_eq(c.nproblems, 0);
    article *a = c.articles[0];
    ck_assert_str_eq(a->title, "T");
    ck_assert_uint_eq(a->ntags, 3);
    ck_assert_str_eq(a->tags[2], "c");
    ck_assert_ptr_null(a->date);
    ck_assert_ptr_null(a->source);
    check_block(a, 0, BLOCK_PARAGRAPH, 8, "Text.");
    check_positions(md, strlen(md), a);
    collected_free(&c);

    /* a front matter that is not a mapping */
    const char *list = "---\n- a\n- b\n---\n# H\n";
    c = (collected){0};
    ck_assert_int_eq(parse(READER_MARKDOWN, "l.md", list, strlen(list), &c),
                     PASSIM_OK);
    ck_assert_uint_eq(c.nproblems, 0);
    ck_assert_uint_eq(c.nwarnings, 1);
    ck_assert_uint_eq(c.warning_lines[0], 2);
    ck_assert_str_eq(c.articles[0]->title, "H");
    collected_free(&c);
}
END_TEST

START_TEST(test_text_headers)
{
    collected c = {0};
    char *buf;
    size_t len;
    ck_assert_int_eq(parse_fixture(DATA "article.txt", &c, &buf, &len),
                     PASSIM_OK);
    ck_assert_uint_eq(c.n, 1);
    ck_assert_uint_eq(c.nproblems, 0);
    article *a = c.articles[0];
    ck_assert_str_eq(a->title, "Plain Title");
    ck_assert_str_eq(a->date, "2023-05-01");
    ck_assert_str_eq(a->source, "wire");
    ck_assert_str_eq(a->lang, "fr");
    ck_assert_str_eq(a->id, "txt-7");
    ck_assert_str_eq(a->url, "https://example.org/t");
    ck_assert_uint_eq(a->ntags, 3);
    ck_assert_str_eq(a->tags[0], "alpha");
    ck_assert_str_eq(a->tags[1], "beta");
    ck_assert_str_eq(a->tags[2], "gamma");
    ck_assert_uint_eq(a->nfields, 1);
    ck_assert_str_eq(field(a, "Author"), "Someone");
    ck_assert_str_eq(a->summary, "What the text says, briefly.");
    ck_assert_uint_eq(a->nblocks, 2);
    check_block(a, 0, BLOCK_PARAGRAPH, 11,
                "First paragraph line one\nline two of the first "
                "paragraph.");
    check_block(a, 1, BLOCK_PARAGRAPH, 14, "Second paragraph.");
    check_positions(buf, len, a);
    /* plain text is its own source: the ranges hold exactly the text */
    for (size_t i = 0; i < a->nblocks; i++)
        ck_assert(!memcmp(buf + a->blocks[i].start, a->blocks[i].text,
                          a->blocks[i].end - a->blocks[i].start));
    ck_assert_uint_eq(a->hash, XXH64(buf, len, 0));
    collected_free(&c);
    free(buf);
}
END_TEST

START_TEST(test_text_without_headers)
{
    collected c = {0};
    const char *t = "\n\nA Title Line\n\nBody paragraph one.\n";
    ck_assert_int_eq(parse(READER_TEXT, "t.txt", t, strlen(t), &c), PASSIM_OK);
    article *a = c.articles[0];
    ck_assert_str_eq(a->title, "A Title Line");
    check_block(a, 0, BLOCK_HEADING, 3, "A Title Line");
    check_block(a, 1, BLOCK_PARAGRAPH, 5, "Body paragraph one.");
    collected_free(&c);

    /* an unknown key first is no header: the line is the title, and stays
     * text of a paragraph that goes on */
    const char *note = "Note: not a header\nsecond line\n\nPara.\n";
    c = (collected){0};
    ck_assert_int_eq(parse(READER_TEXT, "n.txt", note, strlen(note), &c),
                     PASSIM_OK);
    a = c.articles[0];
    ck_assert_str_eq(a->title, "Note: not a header");
    ck_assert_uint_eq(a->nfields, 0);
    check_block(a, 0, BLOCK_PARAGRAPH, 1, "Note: not a header\nsecond line");
    check_block(a, 1, BLOCK_PARAGRAPH, 4, "Para.");
    collected_free(&c);

    /* headers without a title, ended by the body itself, CRLF */
    const char *h = "DATE: 2020-01-01\r\nbody starts here\r\nand goes on\r\n";
    c = (collected){0};
    ck_assert_int_eq(parse(READER_TEXT, "h.txt", h, strlen(h), &c), PASSIM_OK);
    a = c.articles[0];
    ck_assert_str_eq(a->date, "2020-01-01");
    ck_assert_str_eq(a->title, "body starts here");
    check_block(a, 0, BLOCK_PARAGRAPH, 2, "body starts here\nand goes on");
    check_positions(h, strlen(h), a);
    collected_free(&c);
}
END_TEST

START_TEST(test_html_metadata)
{
    collected c = {0};
    char *buf;
    size_t len;
    ck_assert_int_eq(parse_fixture(DATA "article.html", &c, &buf, &len),
                     PASSIM_OK);
    ck_assert_uint_eq(c.n, 1);
    ck_assert_uint_eq(c.nproblems, 0);
    article *a = c.articles[0];
    ck_assert_str_eq(a->title, "HTML Title & More");
    /* article:published_time is preferred over name="date"; its time is
     * read and the day kept */
    ck_assert_str_eq(a->date, "2021-02-03");
    ck_assert_str_eq(a->summary, "The summary.");
    ck_assert_uint_eq(a->nfields, 1);
    ck_assert_str_eq(field(a, "author"), "Ann Author");
    ck_assert_str_eq(a->lang, "de");
    ck_assert_str_eq(a->url, "https://example.net/h");
    ck_assert_uint_eq(a->ntags, 3);
    ck_assert_str_eq(a->tags[0], "one");
    ck_assert_str_eq(a->tags[2], "three");
    ck_assert_uint_eq(a->hash, XXH64(buf, len, 0));
    collected_free(&c);
    free(buf);
}
END_TEST

START_TEST(test_html_blocks)
{
    collected c = {0};
    char *buf;
    size_t len;
    ck_assert_int_eq(parse_fixture(DATA "article.html", &c, &buf, &len),
                     PASSIM_OK);
    article *a = c.articles[0];
    ck_assert_uint_eq(a->nblocks, 11);
    check_block(a, 0, BLOCK_HEADING, 15, "Main Heading");
    /* entities decoded, white space collapsed */
    check_block(a, 1, BLOCK_PARAGRAPH, 16,
                "First & foremost, caf\xC3\xA9 <tag> continues here.");
    ck_assert_uint_eq(a->blocks[1].nanchors, 1);
    ck_assert_uint_eq(a->blocks[1].anchors[0].line, 17);
    check_block(a, 2, BLOCK_LIST_ITEM, 18, "List one");
    check_block(a, 3, BLOCK_LIST_ITEM, 18, "List two");
    check_block(a, 4, BLOCK_QUOTE, 19, "Quoted words");
    check_block(a, 5, BLOCK_CODE, 20, "code  line1\n  line2");
    check_block(a, 6, BLOCK_PARAGRAPH, 22, "Div text run");
    check_block(a, 7, BLOCK_PARAGRAPH, 22, "Inner para");
    check_block(a, 8, BLOCK_PARAGRAPH, 22, "after para");
    check_block(a, 9, BLOCK_PARAGRAPH, 23, "Cell A");
    check_block(a, 10, BLOCK_PARAGRAPH, 23, "Cell B");
    check_positions(buf, len, a);
    ck_assert(!memcmp(buf + a->blocks[1].start, "First &amp;", 11));
    ck_assert(!memcmp(buf + a->blocks[1].end - 15, "continues here.", 15));
    static const char *const hidden[] = {
        "scripttext",   "secret",       "color",     "navtext",
        "noscripttext", "templatetext", "HTML Title"};
    for (size_t i = 0; i < sizeof hidden / sizeof *hidden; i++)
        for (size_t b = 0; b < a->nblocks; b++)
            ck_assert_msg(!strstr(a->blocks[b].text, hidden[i]), "%s",
                          hidden[i]);
    collected_free(&c);
    free(buf);
}
END_TEST

START_TEST(test_html_unclosed_script_and_h1_title)
{
    collected c = {0};
    const char *h = "<p>Visible words</p><h1>The  H1\nTitle</h1>"
                    "<script>var hidden = 1; <p>notvisible</p>";
    ck_assert_int_eq(parse(READER_HTML, "s.html", h, strlen(h), &c), PASSIM_OK);
    article *a = c.articles[0];
    ck_assert_str_eq(a->title, "The H1 Title");
    ck_assert_uint_eq(a->nblocks, 2);
    check_block(a, 0, BLOCK_PARAGRAPH, 1, "Visible words");
    check_block(a, 1, BLOCK_HEADING, 1, "The H1 Title");
    ck_assert(!has_text(a, "hidden"));
    ck_assert(!has_text(a, "notvisible"));
    collected_free(&c);

    /* nothing but markup: reported, not an article */
    const char *empty = "<html><head><script>x()</script></head></html>";
    c = (collected){0};
    ck_assert_int_eq(parse(READER_HTML, "e.html", empty, strlen(empty), &c),
                     PASSIM_ERROR_INPUT);
    ck_assert_uint_eq(c.n, 0);
    ck_assert_uint_eq(c.nproblems, 1);
    ck_assert_str_eq(c.problems[0], "no title and no text");
}
END_TEST

START_TEST(test_html_deep_nesting)
{
    /* The walk over the tree is iterative; the depth is kept moderate
     * because gumbo's tree building is quadratic in it (its scope checks
     * scan the stack of open elements). */
    size_t depth = 5000;
    size_t len = depth * 11 + 64;
    char *h = malloc(len), *p = h;
    p += sprintf(p, "<p>start</p>");
    for (size_t i = 0; i < depth; i++)
        p += sprintf(p, "<div>");
    p += sprintf(p, "deep text");
    for (size_t i = 0; i < depth; i++)
        p += sprintf(p, "</div>");
    collected c = {0};
    ck_assert_int_eq(parse(READER_HTML, "d.html", h, (size_t)(p - h), &c),
                     PASSIM_OK);
    ck_assert_uint_eq(c.articles[0]->nblocks, 2);
    ck_assert_str_eq(c.articles[0]->blocks[1].text, "deep text");
    collected_free(&c);
    free(h);
}
END_TEST

START_TEST(test_json_array)
{
    collected c = {0};
    char *buf;
    size_t len;
    ck_assert_int_eq(parse_fixture(DATA "records.json", &c, &buf, &len),
                     PASSIM_OK);
    ck_assert_uint_eq(c.nproblems, 0);
    ck_assert_uint_eq(c.n, 3);
    article *a = c.articles[0];
    ck_assert_str_eq(a->id, "42");
    ck_assert_str_eq(a->title, "First JSON");
    ck_assert_str_eq(a->date, "2022-02-02");
    ck_assert_str_eq(a->source, "feed");
    ck_assert_str_eq(a->lang, "en");
    ck_assert_str_eq(a->url, "https://j.example/1");
    ck_assert_str_eq(a->summary, "S");
    ck_assert_uint_eq(a->ntags, 2);
    ck_assert_str_eq(a->tags[1], "y");
    ck_assert_uint_eq(a->nfields, 2); /* the nested object is not kept */
    ck_assert_str_eq(field(a, "rating"), "4.5");
    ck_assert_str_eq(field(a, "draft"), "false");
    ck_assert_uint_eq(a->nblocks, 2);
    /* body paragraphs: the record's line, offsets in the body */
    check_block(a, 0, BLOCK_PARAGRAPH, 2, "Para one.");
    check_block(a, 1, BLOCK_PARAGRAPH, 2, "Para two.");
    ck_assert_uint_eq(a->blocks[1].start, 11);
    ck_assert_uint_eq(a->blocks[1].end, 20);
    for (size_t i = 0; i < 3; i++) {
        ck_assert_uint_eq(c.articles[i]->line, i + 2);
        ck_assert_uint_eq(c.articles[i]->ordinal, i);
        /* the hash is that of the record's own bytes */
        const char *rec = strchr(buf, '\n');
        for (size_t k = 0; k < i; k++)
            rec = strchr(rec + 1, '\n');
        rec = strchr(rec, '{');
        const char *end = strchr(rec, '\n');
        while (end[-1] != '}')
            end--;
        ck_assert_uint_eq(c.articles[i]->hash,
                          XXH64(rec, (size_t)(end - rec), 0));
    }
    ck_assert_str_eq(c.articles[1]->title, "Second");
    check_block(c.articles[1], 0, BLOCK_PARAGRAPH, 3, "Only text field.");
    /* no title: the first line of the body */
    ck_assert_str_eq(c.articles[2]->title, "Third has content only.");
    check_block(c.articles[2], 0, BLOCK_PARAGRAPH, 4,
                "Third has content only.");
    collected_free(&c);
    free(buf);
}
END_TEST

START_TEST(test_json_bad_documents)
{
    static const struct {
        const char *json, *problem;
        unsigned int line;
    } bad[] = {
        {"[{\"title\": \"a\"},\n{\"title\": ", "invalid JSON at column 10", 2},
        {"[{\"title\": \"a\"},\n", "invalid JSON: unexpected end", 2},
        {"{\"title\": \"a\"} x", "invalid JSON: text after the value", 1},
        {"[{\"title\": \"a\"}\n\n{\"title\": \"b\"}]",
         "invalid JSON: expected ',' or ']'", 3},
        {"\n\n{\"title\": tru}", "invalid JSON at column 11", 3},
        {"   ", "no JSON value", 0},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        collected c = {0};
        ck_assert_int_eq(
            parse(READER_JSON, "b.json", bad[i].json, strlen(bad[i].json), &c),
            PASSIM_ERROR_INPUT);
        /* a malformed file gives no articles, not the ones before */
        ck_assert_uint_eq(c.n, 0);
        ck_assert_uint_eq(c.nproblems, 1);
        ck_assert_str_eq(c.problems[0], bad[i].problem);
        ck_assert_uint_eq(c.lines[0], bad[i].line);
    }
    collected c = {0};
    ck_assert_int_eq(parse(READER_JSON, "e.json", "[ ]", 3, &c), PASSIM_OK);
    ck_assert_uint_eq(c.n + c.nproblems, 0);
    const char *bom = "\xEF\xBB\xBF{\"title\": \"t\"}";
    ck_assert_int_eq(parse(READER_JSON, "b.json", bom, strlen(bom), &c),
                     PASSIM_OK);
    ck_assert_str_eq(c.articles[0]->title, "t");
    collected_free(&c);
}
END_TEST

START_TEST(test_jsonl_malformed_line)
{
    collected c = {0};
    char *buf;
    size_t len;
    ck_assert_int_eq(parse_fixture(DATA "records.jsonl", &c, &buf, &len),
                     PASSIM_OK);
    ck_assert_uint_eq(c.nproblems, 3);
    ck_assert_uint_eq(c.lines[0], 2);
    ck_assert_str_eq(c.problems[0], "invalid JSON at column 39");
    ck_assert_uint_eq(c.lines[1], 5);
    ck_assert_str_eq(c.problems[1], "record is not a JSON object");
    ck_assert_uint_eq(c.lines[2], 6);
    ck_assert_str_eq(c.problems[2], "no title and no text");
    ck_assert_uint_eq(c.n, 3);
    static const struct {
        const char *id;
        unsigned int line;
        size_t ordinal;
    } want[] = {{"a1", 1, 0}, {"a3", 3, 2}, {"a7", 7, 5}};
    for (size_t i = 0; i < 3; i++) {
        ck_assert_str_eq(c.articles[i]->id, want[i].id);
        ck_assert_uint_eq(c.articles[i]->line, want[i].line);
        ck_assert_uint_eq(c.articles[i]->ordinal, want[i].ordinal);
    }
    const char *line3 = strstr(buf, "{\"id\": \"a3\"");
    ck_assert_uint_eq(c.articles[1]->hash,
                      XXH64(line3, (size_t)(strchr(line3, '\n') - line3), 0));
    ck_assert_uint_eq(c.articles[1]->ntags, 2);
    ck_assert_str_eq(c.articles[1]->tags[1], "q");
    check_block(c.articles[1], 0, BLOCK_PARAGRAPH, 3, "Hello three.");
    /* a raw 0xFF byte in a string is replaced, not passed on */
    check_block(c.articles[2], 0, BLOCK_PARAGRAPH, 7,
                "Bad \xEF\xBF\xBD byte here");
    collected_free(&c);
    free(buf);

    const char *all_bad = "{\n[\n";
    c = (collected){0};
    ck_assert_int_eq(parse(READER_JSONL, "x.jsonl", all_bad, 4, &c),
                     PASSIM_ERROR_INPUT);
    ck_assert_uint_eq(c.nproblems, 2);
}
END_TEST

/* {"title":"deep","body":"x","v":[[[...]]]} nested `depth` levels. */
static char *deep_record(size_t depth, const char *prefix)
{
    size_t plen = strlen(prefix);
    char *s = malloc(plen + 2 * depth + 64);
    char *p =
        s + sprintf(s, "%s{\"title\":\"deep\",\"body\":\"x\",\"v\":", prefix);
    memset(p, '[', depth);
    memset(p + depth, ']', depth);
    strcpy(p + 2 * depth, "}\n{\"title\":\"after\"}\n");
    return s;
}

START_TEST(test_json_deep_nesting)
{
    char *s = deep_record(10000, "");
    collected c = {0};
    /* JSON Lines: the deep line reported, the next one read */
    ck_assert_int_eq(parse(READER_JSONL, "d.jsonl", s, strlen(s), &c),
                     PASSIM_OK);
    ck_assert_uint_eq(c.nproblems, 1);
    ck_assert_uint_eq(c.lines[0], 1);
    ck_assert_str_eq(c.problems[0], "invalid JSON at column 1031: nested "
                                    "deeper than 1000 levels");
    ck_assert_uint_eq(c.n, 1);
    ck_assert_str_eq(c.articles[0]->title, "after");
    ck_assert_uint_eq(c.articles[0]->line, 2);
    collected_free(&c);
    free(s);

    /* within cJSON's limit it is an article (the value is not kept) */
    s = deep_record(500, "");
    c = (collected){0};
    ck_assert_int_eq(parse(READER_JSONL, "d.jsonl", s, strlen(s), &c),
                     PASSIM_OK);
    ck_assert_uint_eq(c.nproblems, 0);
    ck_assert_uint_eq(c.n, 2);
    collected_free(&c);
    free(s);

    /* a whole JSON document nested too deep */
    s = deep_record(10000, "[");
    c = (collected){0};
    ck_assert_int_eq(parse(READER_JSON, "d.json", s, strlen(s), &c),
                     PASSIM_ERROR_INPUT);
    ck_assert_uint_eq(c.n, 0);
    ck_assert_uint_eq(c.nproblems, 1);
    ck_assert(strstr(c.problems[0], "nested deeper than 1000 levels"));
    free(s);
}
END_TEST

START_TEST(test_invalid_utf8_sanitized)
{
    const char *t = "Title: Caf\xE9 Title\n\nBody \xFF\xFE text with \x01 "
                    "control.\n";
    collected c = {0};
    ck_assert_int_eq(parse(READER_TEXT, "u.txt", t, strlen(t), &c), PASSIM_OK);
    article *a = c.articles[0];
    ck_assert_str_eq(a->title, "Caf\xEF\xBF\xBD Title");
    ck_assert_str_eq(a->blocks[0].text,
                     "Body \xEF\xBF\xBD\xEF\xBF\xBD text with \xEF\xBF\xBD "
                     "control.");
    /* the source range is the source's: 2 bytes, not the 6 they became */
    ck_assert_uint_eq(a->blocks[0].end - a->blocks[0].start,
                      strlen("Body \xFF\xFE text with \x01 control."));
    collected_free(&c);

    /* the anchor of a later line moves with the text replacements grew */
    const char *two = "Title: X\n\nBad \xFF\xFE bytes\nnext line\n";
    c = (collected){0};
    ck_assert_int_eq(parse(READER_TEXT, "2.txt", two, strlen(two), &c),
                     PASSIM_OK);
    a = c.articles[0];
    ck_assert_str_eq(a->blocks[0].text,
                     "Bad \xEF\xBF\xBD\xEF\xBF\xBD bytes\nnext line");
    ck_assert_uint_eq(a->blocks[0].nanchors, 1);
    ck_assert_uint_eq(a->blocks[0].anchors[0].text, 17);
    check_positions(two, strlen(two), a);
    collected_free(&c);

    const char *md = "---\ntitle: \"ok\"\nauthor: \"Bj\\xF6rn\"\n---\n"
                     "# Ti\xC3tle\n\nPara \xC3\x28 here.\n";
    c = (collected){0};
    ck_assert_int_eq(parse(READER_MARKDOWN, "u.md", md, strlen(md), &c),
                     PASSIM_OK);
    a = c.articles[0];
    ck_assert_str_eq(field(a, "author"), "Bj\xC3\xB6rn");
    ck_assert_str_eq(a->blocks[0].text, "Ti\xEF\xBF\xBDtle");
    ck_assert_str_eq(a->blocks[1].text, "Para \xEF\xBF\xBD( here.");
    collected_free(&c);

    const char *h = "<p>Bad \xF0\x9F byte</p>";
    c = (collected){0};
    ck_assert_int_eq(parse(READER_HTML, "u.html", h, strlen(h), &c), PASSIM_OK);
    ck_assert_str_eq(c.articles[0]->blocks[0].text, "Bad \xEF\xBF\xBD byte");
    collected_free(&c);
}
END_TEST

START_TEST(test_binary_file)
{
    collected c = {0};
    char *buf;
    size_t len;
    ck_assert_int_eq(parse_fixture(DATA "binary.txt", &c, &buf, &len),
                     PASSIM_ERROR_INPUT);
    ck_assert_uint_eq(c.n, 0);
    ck_assert_uint_eq(c.nproblems, 1);
    ck_assert_str_eq(c.problems[0], "binary file");
    /* the same bytes are binary whatever the extension says */
    static const reader_format formats[] = {READER_MARKDOWN, READER_HTML,
                                            READER_JSON, READER_JSONL};
    for (size_t i = 0; i < 4; i++)
        ck_assert_int_eq(parse(formats[i], "b", buf, len, &c),
                         PASSIM_ERROR_INPUT);
    ck_assert_uint_eq(c.nproblems, 5);
    ck_assert_uint_eq(c.n, 0);
    free(buf);
}
END_TEST

START_TEST(test_long_word_kept)
{
    char t[600] = "Title: W\n\n";
    size_t at = strlen(t);
    memset(t + at, 'a', 500);
    strcpy(t + at + 500, " end.\n");
    collected c = {0};
    ck_assert_int_eq(parse(READER_TEXT, "w.txt", t, strlen(t), &c), PASSIM_OK);
    article *a = c.articles[0];
    ck_assert_uint_eq(a->blocks[0].len, 505);
    ck_assert(!memcmp(a->blocks[0].text, t + at, 505));
    passage *p;
    size_t n;
    ck_assert_int_eq(passages_split(a, 0, 0, &p, &n), PASSIM_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(p[0].len, 505);
    passages_free(p, n);
    collected_free(&c);
}
END_TEST

START_TEST(test_empty_and_stop)
{
    collected c = {0};
    ck_assert_int_eq(parse(READER_MARKDOWN, "e.md", "", 0, &c),
                     PASSIM_ERROR_INPUT);
    ck_assert_uint_eq(c.nproblems, 1);
    ck_assert_str_eq(c.problems[0], "no title and no text");
    ck_assert_int_eq(parse(READER_UNKNOWN, "x.pdf", "x", 1, &c),
                     PASSIM_ERROR_INPUT);
    ck_assert_str_eq(c.problems[1], "unknown file format");
    /* the sink stops the reader after the first article */
    const char *l = "{\"title\":\"1\"}\n{\"title\":\"2\"}\n{\"title\":\"3\"}\n";
    c = (collected){.stop_after = 1};
    ck_assert_int_eq(parse(READER_JSONL, "s.jsonl", l, strlen(l), &c),
                     PASSIM_OK);
    ck_assert_uint_eq(c.n, 1);
    collected_free(&c);
}
END_TEST

START_TEST(test_json_nul_byte)
{
    /* a raw NUL in a string (cJSON would end the string there), after the
     * first 8 KB, where a NUL makes the file binary */
    static const char rest[] = "{\"title\":\"b\",\"body\":\"cut\0here\"}\n"
                               "{\"title\":\"c\",\"body\":\"three\"}\n"
                               "{\"title\":\"d\"}\0\n";
    size_t pad = 9000; /* past the reader's binary probe */
    char *l = malloc(pad + 64 + sizeof rest);
    size_t len = (size_t)sprintf(l, "{\"title\":\"a\",\"body\":\"");
    memset(l + len, 'x', pad);
    len += pad;
    len += (size_t)sprintf(l + len, "\"}\n");
    memcpy(l + len, rest, sizeof rest - 1);
    len += sizeof rest - 1;
    collected c = {0};
    ck_assert_int_eq(parse(READER_JSONL, "n.jsonl", l, len, &c), PASSIM_OK);
    ck_assert_uint_eq(c.n, 2);
    ck_assert_str_eq(c.articles[1]->title, "c");
    ck_assert_uint_eq(c.nproblems, 2);
    ck_assert_uint_eq(c.lines[0], 2);
    ck_assert_str_eq(c.problems[0], "invalid JSON at column 25: a NUL byte "
                                    "(write \\u0000 in a string)");
    /* a NUL outside any string */
    ck_assert_uint_eq(c.lines[1], 4);
    ck_assert_str_eq(c.problems[1], "invalid JSON at column 14: a NUL byte "
                                    "(write \\u0000 in a string)");
    collected_free(&c);
    /* the same streamed */
    c = (collected){0};
    ck_assert_int_eq(stream(l, len, 0, &c), PASSIM_OK);
    ck_assert_uint_eq(c.n, 2);
    ck_assert_uint_eq(c.nproblems, 2);
    ck_assert_uint_eq(c.lines[0], 2);
    ck_assert_uint_eq(c.lines[1], 4);
    collected_free(&c);
    free(l);
}
END_TEST

/* ---- the parsers' memory budget ---- */

static void allocate_chunks(void *ctx)
{
    int *count = ctx;
    reader_arena *a = reader_arena_current();
    void *grown = reader_arena_calloc(a, 10, 1000);
    for (; *count < 100; (*count)++) {
        reader_arena_alloc(a, 100000);
        grown = reader_arena_realloc(a, grown, 10000 + (size_t)*count);
    }
}

static void allocate_and_free(void *ctx)
{
    reader_arena *a = reader_arena_current();
    (void)ctx;
    for (int i = 0; i < 100; i++) {
        char *p = reader_arena_alloc(a, 100000);
        memset(p, 'x', 100000);
        reader_arena_free(a, p);
    }
}

START_TEST(test_arena_budget)
{
    reader_arena arena;
    int count = 0;
    reader_arena_init(&arena, 1u << 20);
    /* past the budget: the run is left at the allocation that crossed it */
    ck_assert(!reader_arena_run(&arena, allocate_chunks, &count));
    ck_assert(arena.over);
    ck_assert_int_eq(count, 10);
    ck_assert_uint_le(arena.used, 1u << 20);
    ck_assert_ptr_null(reader_arena_current());
    reader_arena_release(&arena);
    ck_assert_uint_eq(arena.used, 0);
    ck_assert_ptr_null(arena.blocks);
    /* 10 MB allocated in all, never more than 100 KB at once: within it */
    ck_assert(reader_arena_run(&arena, allocate_and_free, NULL));
    ck_assert_uint_eq(arena.used, 0);
    reader_arena_release(&arena);
}
END_TEST

/* ---- what every format shares: dates, titles ---- */

START_TEST(test_date_forms)
{
    static const struct {
        const char *text, *day;
    } good[] = {
        {"2026-05-12", "2026-05-12"},
        {"  2026-05-12  ", "2026-05-12"},
        {"2026-05", "2026-05-01"},
        {"2026/5/9", "2026-05-09"},
        {"2026-05-12T10:00:00Z", "2026-05-12"},
        {"2026-05-12T23:30:00.123-05:00", "2026-05-12"},
        {"2026-05-12 10:00", "2026-05-12"},
        {"2026-05-12T10:00:00+0200", "2026-05-12"},
        {"Tue, 12 May 2026 10:00:00 +0000", "2026-05-12"},
        {"Tue, 12 May 2026 10:00:00 GMT", "2026-05-12"},
        {"12 May 2026", "2026-05-12"},
        {"May 12 2026", "2026-05-12"},
        {"May 12, 2026", "2026-05-12"},
        {"December 3rd, 2025", "2025-12-03"},
        {"Sept. 9, 2024 at 5:30 PM EST", "2024-09-09"},
        {"Thursday, February 29, 2024", "2024-02-29"},
    };
    static const struct {
        const char *text, *why;
    } bad[] = {
        {"2026-13-45", "no such date"},
        {"2023-02-29", "no such date"},
        {"May 32 2026", "no such date"},
        {"yesterday", "not a date"},
        {"May 12", "not a date"},
        {"12 May 26", "not a date"},
        {"2026", "not a date"},
        {"20260512", "not a date"},
        {"2026-05-12T25:00", "not a date"},
        {"2026-05-12 and more", "not a date"},
        {"Mayday 12 2026", "not a date"},
        {"", "empty"},
    };
    char out[11];
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        const char *why = date_normalize(good[i].text, out);
        ck_assert_msg(!why, "%s: %s", good[i].text, why);
        ck_assert_str_eq(out, good[i].day);
    }
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        const char *why = date_normalize(bad[i].text, out);
        ck_assert_msg(why, "%s: read as a date", bad[i].text);
        ck_assert_str_eq(why, bad[i].why);
    }
}
END_TEST

START_TEST(test_dates_read_or_warned)
{
    collected c = {0};
    const char *l =
        "{\"title\":\"a\",\"body\":\"x\",\"date\":\"May 12 2026\"}\n"
        "{\"title\":\"b\",\"body\":\"x\",\"date\":\"2026-13-45\"}\n"
        "{\"title\":\"c\",\"body\":\"x\",\"date\":\"\"}\n";
    ck_assert_int_eq(parse(READER_JSONL, "d.jsonl", l, strlen(l), &c),
                     PASSIM_OK);
    ck_assert_uint_eq(c.n, 3);
    ck_assert_uint_eq(c.nproblems, 0);
    ck_assert_str_eq(c.articles[0]->date, "2026-05-12");
    /* not a date: said on the record's line, the article indexed without */
    ck_assert_ptr_null(c.articles[1]->date);
    ck_assert_uint_eq(c.nwarnings, 1);
    ck_assert_uint_eq(c.warning_lines[0], 2);
    ck_assert_str_eq(c.warnings[0], "date \"2026-13-45\": no such date; "
                                    "indexed without a date");
    ck_assert_ptr_null(c.articles[2]->date);
    collected_free(&c);

    const char *html = "<html><head><meta property=\"article:published_time"
                       "\" content=\"Tue, 12 May 2026 10:00:00 GMT\">"
                       "</head><body><p>x</p></body></html>";
    c = (collected){0};
    ck_assert_int_eq(parse(READER_HTML, "d.html", html, strlen(html), &c),
                     PASSIM_OK);
    ck_assert_str_eq(c.articles[0]->date, "2026-05-12");
    collected_free(&c);

    const char *txt = "Title: T\nDate: 2026-05-12T10:00:00+02:00\n\nx\n";
    c = (collected){0};
    ck_assert_int_eq(parse(READER_TEXT, "d.txt", txt, strlen(txt), &c),
                     PASSIM_OK);
    ck_assert_str_eq(c.articles[0]->date, "2026-05-12");
    collected_free(&c);
}
END_TEST

START_TEST(test_title_fallbacks)
{
    static const struct {
        reader_format format;
        const char *text, *title;
    } cases[] = {
        /* Markdown: the first heading, of any level, wherever it is */
        {READER_MARKDOWN, "Some text first.\n\n## Second level\n",
         "Second level"},
        /* else the first line of the body */
        {READER_MARKDOWN, "No heading at all,\nsecond line.\n",
         "No heading at all, second line."},
        {READER_MARKDOWN, "---\ntitle: \"  \"\n---\nBlank title.\n",
         "Blank title."},
        /* HTML: <title>, else <h1>, else another heading, else text */
        {READER_HTML, "<title> </title><h2>Sub</h2><h1>Main</h1>", "Main"},
        {READER_HTML, "<p>intro</p><h3>Third</h3>", "Third"},
        {READER_HTML, "<p>Just a paragraph</p>", "Just a paragraph"},
        /* JSON: the first line of the body */
        {READER_JSON, "{\"body\": \"First line\\nsecond line\"}", "First line"},
        {READER_JSON, "{\"title\": \"\", \"body\": \"Body text\"}",
         "Body text"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        collected c = {0};
        ck_assert_int_eq(parse(cases[i].format, "t", cases[i].text,
                               strlen(cases[i].text), &c),
                         PASSIM_OK);
        ck_assert_uint_eq(c.n, 1);
        ck_assert_str_eq(c.articles[0]->title, cases[i].title);
        collected_free(&c);
    }
}
END_TEST

/* ---- JSON Lines streams ---- */

START_TEST(test_jsonl_stream_long_line)
{
    size_t big = 200000; /* spans several of the reader's chunks */
    char *data = malloc(big + 256);
    size_t len = (size_t)sprintf(data, "{\"title\":\"one\",\"body\":\"b\"}\n");
    memset(data + len, 'x', big);
    len += big;
    len += (size_t)sprintf(data + len, "\nnot json\n{\"title\":\"four\"}");
    collected c = {0};
    ck_assert_int_eq(stream(data, len, 1000, &c), PASSIM_OK);
    ck_assert_uint_eq(c.nproblems, 2);
    ck_assert_uint_eq(c.lines[0], 2);
    ck_assert_str_eq(c.problems[0], "line too long (more than 1000 bytes)");
    ck_assert_uint_eq(c.lines[1], 3);
    ck_assert_str_eq(c.problems[1], "invalid JSON at column 1");
    ck_assert_uint_eq(c.n, 2);
    ck_assert_str_eq(c.articles[0]->title, "one");
    ck_assert_str_eq(c.articles[0]->path, "-");
    ck_assert_uint_eq(c.articles[0]->line, 1);
    /* the last line has no newline; ordinals count the bad lines */
    ck_assert_str_eq(c.articles[1]->title, "four");
    ck_assert_uint_eq(c.articles[1]->line, 4);
    ck_assert_uint_eq(c.articles[1]->ordinal, 3);
    collected_free(&c);

    /* without a limit the long line is read (and is bad JSON) */
    c = (collected){0};
    ck_assert_int_eq(stream(data, len, 0, &c), PASSIM_OK);
    ck_assert_uint_eq(c.nproblems, 2);
    ck_assert_str_eq(c.problems[0], "invalid JSON at column 1");
    ck_assert_uint_eq(c.n, 2);
    collected_free(&c);
    free(data);
}
END_TEST

/* ---- passages ---- */

static size_t words_in(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += !strchr(" \n\t", s[i]) && (i == 0 || strchr(" \n\t", s[i - 1]));
    return n;
}

/* Text: a header (and a blank line) then `lines` lines of `per_line` words,
 * "Sentence01 w1 ... end." when sentences, else "w0001 w0002 ...". */
static char *long_paragraph(const char *header, size_t lines, size_t per_line,
                            bool sentences)
{
    char *s = malloc(strlen(header) + lines * per_line * 12 + 16);
    char *p = s + sprintf(s, "%s", header);
    for (size_t l = 0; l < lines; l++) {
        for (size_t w = 0; w < per_line; w++) {
            if (sentences)
                p += sprintf(p,
                             w == 0              ? "Sentence%02zu"
                             : w + 1 == per_line ? " end."
                                                 : " w%zu",
                             l + 1);
            else
                p += sprintf(p, w ? " w%04zu" : "w%04zu", l * per_line + w + 1);
        }
        *p++ = '\n';
    }
    *p = '\0';
    return s;
}

START_TEST(test_passages_long_paragraph)
{
    char *t = long_paragraph("Title: Long\n\n", 30, 20, true);
    collected c = {0};
    ck_assert_int_eq(parse(READER_TEXT, "l.txt", t, strlen(t), &c), PASSIM_OK);
    article *a = c.articles[0];
    ck_assert_uint_eq(a->nblocks, 1);
    passage *p;
    size_t n;
    ck_assert_int_eq(passages_split(a, 100, 250, &p, &n), PASSIM_OK);
    /* 600 words: six passages of five whole sentences */
    ck_assert_uint_eq(n, 6);
    for (size_t i = 0; i < n; i++) {
        char want[32];
        snprintf(want, sizeof want, "Sentence%02zu", 5 * i + 1);
        ck_assert_uint_eq(words_in(p[i].text, p[i].len), 100);
        ck_assert(!strncmp(p[i].text, want, strlen(want)));
        ck_assert_uint_eq(p[i].line, 3 + 5 * i);
        ck_assert_uint_eq(p[i].first_block, 0);
        ck_assert_uint_eq(p[i].nblocks, 1);
        /* plain text: the range is exactly the piece */
        ck_assert_uint_eq(p[i].end - p[i].start, p[i].len);
        ck_assert(!memcmp(t + p[i].start, p[i].text, p[i].len));
        const char *part;
        size_t part_len;
        passage_part(a, &p[i], 0, &part, &part_len);
        ck_assert_uint_eq(part_len, p[i].len);
        ck_assert(!memcmp(part, p[i].text, part_len));
    }
    passages_free(p, n);

    /* a target above the maximum is capped at it */
    ck_assert_int_eq(passages_split(a, 1000, 250, &p, &n), PASSIM_OK);
    ck_assert_uint_eq(n, 3);
    for (size_t i = 0; i < n; i++)
        ck_assert_uint_le(words_in(p[i].text, p[i].len), 250);
    passages_free(p, n);
    collected_free(&c);
    free(t);

    /* the same in Markdown: lines after the front matter, by soft breaks */
    t = long_paragraph("---\ntitle: L\n---\n", 30, 20, true);
    c = (collected){0};
    ck_assert_int_eq(parse(READER_MARKDOWN, "l.md", t, strlen(t), &c),
                     PASSIM_OK);
    ck_assert_int_eq(passages_split(c.articles[0], 100, 250, &p, &n),
                     PASSIM_OK);
    ck_assert_uint_eq(n, 6);
    for (size_t i = 0; i < n; i++) {
        char want[32];
        snprintf(want, sizeof want, "Sentence%02zu", 5 * i + 1);
        ck_assert_uint_eq(p[i].line, 4 + 5 * i);
        ck_assert(!strncmp(t + p[i].start, want, strlen(want)));
        ck_assert_uint_eq(line_of(t, p[i].start), p[i].line);
        ck_assert(!memcmp(t + p[i].end - 4, "end.", 4));
    }
    passages_free(p, n);
    collected_free(&c);
    free(t);
}
END_TEST

START_TEST(test_passages_long_sentence)
{
    /* no sentence end at all: cut between words */
    char *t = long_paragraph("Title: S\n\n", 60, 10, false);
    collected c = {0};
    ck_assert_int_eq(parse(READER_TEXT, "s.txt", t, strlen(t), &c), PASSIM_OK);
    passage *p;
    size_t n;
    ck_assert_int_eq(passages_split(c.articles[0], 100, 250, &p, &n),
                     PASSIM_OK);
    ck_assert_uint_eq(n, 6);
    for (size_t i = 0; i < n; i++) {
        char want[16];
        snprintf(want, sizeof want, "w%04zu", 100 * i + 1);
        ck_assert_uint_eq(words_in(p[i].text, p[i].len), 100);
        ck_assert(!strncmp(p[i].text, want, 5));
        ck_assert_uint_eq(p[i].line, 3 + 10 * i);
        ck_assert(!memcmp(t + p[i].start, p[i].text, p[i].len));
    }
    passages_free(p, n);

    /* small limits: every piece within max_words */
    ck_assert_int_eq(passages_split(c.articles[0], 7, 9, &p, &n), PASSIM_OK);
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        size_t w = words_in(p[i].text, p[i].len);
        ck_assert_uint_ge(w, 1);
        ck_assert_uint_le(w, 9);
        total += w;
    }
    ck_assert_uint_eq(total, 600);
    passages_free(p, n);
    collected_free(&c);
    free(t);
}
END_TEST

START_TEST(test_passages_grouping_and_headings)
{
    /* ten paragraphs of 30 words: grouped three by three */
    char *t = malloc(10 * 30 * 8 + 64), *q = t;
    q += sprintf(q, "Title: G\n\n");
    for (size_t b = 0; b < 10; b++) {
        for (size_t w = 0; w < 30; w++)
            q += sprintf(q, w ? " p%zu" : "P%zu", b);
        q += sprintf(q, "\n\n");
    }
    collected c = {0};
    ck_assert_int_eq(parse(READER_TEXT, "g.txt", t, strlen(t), &c), PASSIM_OK);
    article *a = c.articles[0];
    ck_assert_uint_eq(a->nblocks, 10);
    passage *p;
    size_t n;
    ck_assert_int_eq(passages_split(a, 100, 250, &p, &n), PASSIM_OK);
    ck_assert_uint_eq(n, 4);
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_eq(p[i].first_block, 3 * i);
        ck_assert_uint_eq(p[i].nblocks, i < 3 ? 3 : 1);
        ck_assert_uint_eq(p[i].line, 3 + 2 * 3 * i);
        ck_assert_uint_eq(p[i].start, a->blocks[3 * i].start);
        ck_assert_uint_eq(p[i].end,
                          a->blocks[p[i].first_block + p[i].nblocks - 1].end);
    }
    /* block texts joined by blank lines */
    ck_assert_uint_eq(p[0].len, 3 * a->blocks[0].len + 4);
    ck_assert(!memcmp(p[0].text + a->blocks[0].len, "\n\nP1 ", 5));
    passages_free(p, n);
    collected_free(&c);
    free(t);

    /* headings open passages, even with room to spare */
    const char *md = "# Alpha\n\nFirst section text.\n\n## Beta\n\n"
                     "Second section text.\n\n### Gamma\n";
    c = (collected){0};
    ck_assert_int_eq(parse(READER_MARKDOWN, "h.md", md, strlen(md), &c),
                     PASSIM_OK);
    ck_assert_int_eq(passages_split(c.articles[0], 1000, 2000, &p, &n),
                     PASSIM_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(p[0].text, "Alpha\n\nFirst section text.");
    ck_assert_str_eq(p[1].text, "Beta\n\nSecond section text.");
    ck_assert_uint_eq(p[1].first_block, 2);
    ck_assert_uint_eq(p[1].nblocks, 2);
    ck_assert_uint_eq(p[1].line, 5);
    ck_assert_str_eq(p[2].text, "Gamma");
    passages_free(p, n);
    collected_free(&c);

    /* a heading stays with the first piece of a long block after it */
    t = long_paragraph("# The Heading\n\n", 25, 10, false);
    c = (collected){0};
    ck_assert_int_eq(parse(READER_MARKDOWN, "h.md", t, strlen(t), &c),
                     PASSIM_OK);
    a = c.articles[0];
    ck_assert_uint_eq(a->nblocks, 2);
    ck_assert_int_eq(passages_split(a, 100, 250, &p, &n), PASSIM_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(p[0].nblocks, 2);
    ck_assert(!strncmp(p[0].text, "The Heading\n\nw0001 ", 19));
    ck_assert_uint_eq(words_in(p[0].text, p[0].len), 102);
    const char *part;
    size_t part_len;
    passage_part(a, &p[0], 1, &part, &part_len);
    ck_assert_uint_eq(words_in(part, part_len), 100);
    ck_assert_uint_eq(p[1].line, 3 + 10);
    ck_assert(!strncmp(t + p[1].start, "w0101 ", 6));
    ck_assert_uint_eq(words_in(p[2].text, p[2].len), 50);
    ck_assert(!memcmp(t + p[2].end - 5, "w0250", 5));
    passages_free(p, n);
    collected_free(&c);
    free(t);

    /* only the first `keep` passages are built; the total counts them all */
    t = long_paragraph("", 25, 10, false);
    c = (collected){0};
    ck_assert_int_eq(parse(READER_TEXT, "k.txt", t, strlen(t), &c), PASSIM_OK);
    passage *all, *first;
    size_t nall, nfirst, total;
    ck_assert_int_eq(passages_split(c.articles[0], 7, 9, &all, &nall),
                     PASSIM_OK);
    ck_assert_uint_gt(nall, 3);
    ck_assert_int_eq(
        passages_split_first(c.articles[0], 7, 9, 2, &first, &nfirst, &total),
        PASSIM_OK);
    ck_assert_uint_eq(nfirst, 2);
    ck_assert_uint_eq(total, nall);
    for (size_t i = 0; i < nfirst; i++) {
        ck_assert_str_eq(first[i].text, all[i].text);
        ck_assert_uint_eq(first[i].start, all[i].start);
        ck_assert_uint_eq(first[i].line, all[i].line);
    }
    passages_free(first, nfirst);
    ck_assert_int_eq(passages_split_first(c.articles[0], 7, 9, nall + 5, &first,
                                          &nfirst, &total),
                     PASSIM_OK);
    ck_assert_uint_eq(nfirst, nall);
    ck_assert_uint_eq(total, nall);
    passages_free(first, nfirst);
    passages_free(all, nall);
    collected_free(&c);
    free(t);

    /* no words, no passages */
    article *empty = article_new("x");
    ck_assert_int_eq(passages_split(empty, 0, 0, &p, &n), PASSIM_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(p);
    article_free(empty);
}
END_TEST

/* ---- the walker ---- */

static char tmp[64];

static int remove_one(const char *path, const struct stat *sb, int flag,
                      struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    chmod(path, 0700);
    return remove(path);
}

static void write_file(const char *rel, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", tmp, rel);
    FILE *fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    fclose(fp);
}

static void make_dir(const char *rel)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", tmp, rel);
    ck_assert_int_eq(mkdir(path, 0755), 0);
}

static void make_tree(void)
{
    char path[256], big[201];
    strcpy(tmp, "/tmp/passim-walk-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmp));
    write_file("a.md", "# A\n");
    write_file("b.txt", "B\n");
    make_dir("sub");
    write_file("sub/c.html", "<p>C</p>");
    write_file("sub/skip.xyz", "x");
    make_dir(".hidden");
    write_file(".hidden/d.md", "# D\n");
    write_file(".e.md", "# E\n");
    make_dir("drafts");
    write_file("drafts/f.md", "# F\n");
    memset(big, 'x', 200);
    big[200] = '\0';
    write_file("big.md", big);
    snprintf(path, sizeof path, "%s/fifo.md", tmp);
    ck_assert_int_eq(mkfifo(path, 0644), 0);
    snprintf(path, sizeof path, "%s/loop", tmp);
    ck_assert_int_eq(symlink(tmp, path), 0);
    snprintf(path, sizeof path, "%s/broken.md", tmp);
    ck_assert_int_eq(symlink("nowhere.md", path), 0);
    write_file("unreadable.md", "# U\n");
    snprintf(path, sizeof path, "%s/unreadable.md", tmp);
    ck_assert_int_eq(chmod(path, 0), 0);
}

static void remove_tree(void)
{
    nftw(tmp, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

typedef struct walked {
    char files[16][256];
    char as_walked[16][256];
    reader_format formats[16];
    size_t nfiles;
    char skipped[32][256];
    char reasons[32][256];
    bool verbose[32];
    size_t nskipped;
    size_t stop_after;
} walked;

static int walked_file(const char *as_walked, const char *path,
                       reader_format fmt, unsigned long long size, void *ctx)
{
    walked *w = ctx;
    (void)size;
    ck_assert_uint_lt(w->nfiles, 16);
    snprintf(w->files[w->nfiles], sizeof w->files[0], "%s", path);
    snprintf(w->as_walked[w->nfiles], sizeof w->as_walked[0], "%s", as_walked);
    w->formats[w->nfiles++] = fmt;
    return w->stop_after && w->nfiles >= w->stop_after;
}

static void walked_skip(const char *path, const char *reason, bool only_verbose,
                        void *ctx)
{
    walked *w = ctx;
    ck_assert_uint_lt(w->nskipped, 32);
    snprintf(w->skipped[w->nskipped], sizeof w->skipped[0], "%s", path);
    snprintf(w->reasons[w->nskipped], sizeof w->reasons[0], "%s", reason);
    w->verbose[w->nskipped++] = only_verbose;
}

/* The reason rel (under the temporary root) was skipped for, or NULL. */
static const char *skip_reason(const walked *w, const char *rel, bool *verbose)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", tmp, rel);
    for (size_t i = 0; i < w->nskipped; i++) {
        if (!strcmp(w->skipped[i], path)) {
            *verbose = w->verbose[i];
            return w->reasons[i];
        }
    }
    return NULL;
}

static void check_file(const walked *w, size_t i, const char *rel)
{
    char want[256], *root = realpath(tmp, NULL);
    snprintf(want, sizeof want, "%s/%s", root, rel);
    free(root);
    ck_assert_uint_lt(i, w->nfiles);
    ck_assert_str_eq(w->files[i], want);
}

START_TEST(test_walk_tree)
{
    make_tree();
    const char *excl[] = {"drafts"};
    walk_options opt = {NULL, 0, excl, 1, 100, true};
    walked w = {0};
    const char *roots[] = {tmp};
    ck_assert_int_eq(walk_roots(roots, 1, &opt, walked_file, walked_skip, &w),
                     PASSIM_OK);
    /* sorted; hidden, excluded and skipped files are not there */
    bool root = geteuid() == 0;
    ck_assert_uint_eq(w.nfiles, root ? 4 : 3);
    check_file(&w, 0, "a.md");
    ck_assert_int_eq(w.formats[0], READER_MARKDOWN);
    check_file(&w, 1, "b.txt");
    ck_assert_int_eq(w.formats[1], READER_TEXT);
    check_file(&w, 2, "sub/c.html");
    ck_assert_int_eq(w.formats[2], READER_HTML);
    bool verbose;
    const char *r;
    ck_assert_ptr_nonnull(r = skip_reason(&w, "big.md", &verbose));
    ck_assert_str_eq(r, "larger than the maximum file size (200 > 100 "
                        "bytes)");
    ck_assert(!verbose);
    ck_assert_ptr_nonnull(r = skip_reason(&w, "broken.md", &verbose));
    ck_assert_str_eq(r, "broken symbolic link");
    ck_assert(!verbose);
    ck_assert_ptr_nonnull(r = skip_reason(&w, "drafts", &verbose));
    ck_assert_str_eq(r, "excluded");
    ck_assert(verbose);
    ck_assert_ptr_nonnull(r = skip_reason(&w, "fifo.md", &verbose));
    ck_assert_str_eq(r, "a FIFO, not read");
    ck_assert(!verbose);
    ck_assert_ptr_nonnull(r = skip_reason(&w, "loop", &verbose));
    ck_assert(strstr(r, "symbolic link loop"));
    ck_assert(!verbose);
    ck_assert_ptr_nonnull(r = skip_reason(&w, "sub/skip.xyz", &verbose));
    ck_assert_str_eq(r, "unknown file type");
    ck_assert(verbose);
    /* root reads anything whatever its mode, so chmod 000 proves nothing
     * there (CI runs as root); the file is then simply read */
    if (root) {
        check_file(&w, 3, "unreadable.md");
        ck_assert_uint_eq(w.nskipped, 6);
    } else {
        ck_assert_ptr_nonnull(r = skip_reason(&w, "unreadable.md", &verbose));
        ck_assert_str_eq(r, "cannot read: Permission denied");
        ck_assert(!verbose);
        ck_assert_uint_eq(w.nskipped, 7);
    }
    remove_tree();
}
END_TEST

START_TEST(test_walk_links_and_jsonl_size)
{
    char path[256], big[201];
    strcpy(tmp, "/tmp/passim-walk-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmp));
    make_dir("elsewhere");
    write_file("elsewhere/real.md", "# R\n");
    snprintf(path, sizeof path, "%s/link.md", tmp);
    ck_assert_int_eq(symlink("elsewhere/real.md", path), 0);
    memset(big, 'x', 200);
    big[200] = '\0';
    write_file("big.jsonl", big);
    write_file("big.json", big);
    walk_options opt = {NULL, 0, NULL, 0, 100, false};
    walked w = {0};
    const char *roots[] = {tmp};
    ck_assert_int_eq(walk_roots(roots, 1, &opt, walked_file, walked_skip, &w),
                     PASSIM_OK);
    /* JSON Lines are limited per line, not by the file size */
    ck_assert_uint_eq(w.nfiles, 3);
    check_file(&w, 0, "big.jsonl");
    bool verbose;
    ck_assert_ptr_nonnull(skip_reason(&w, "big.json", &verbose));
    /* a link: canonical path to its target, walked path to itself */
    check_file(&w, 1, "elsewhere/real.md");
    check_file(&w, 2, "elsewhere/real.md");
    snprintf(path, sizeof path, "%s/link.md", tmp);
    ck_assert_str_eq(w.as_walked[2], path);
    snprintf(path, sizeof path, "%s/elsewhere/real.md", tmp);
    ck_assert_str_eq(w.as_walked[1], path);
    remove_tree();
}
END_TEST

START_TEST(test_walk_include_and_roots)
{
    make_tree();
    const char *inc[] = {"*.md"};
    walk_options opt = {inc, 1, NULL, 0, 100, false};
    walked w = {0};
    char sub[128], file[128], missing[128], unknown[128];
    const char *roots[] = {tmp};
    ck_assert_int_eq(walk_roots(roots, 1, &opt, walked_file, walked_skip, &w),
                     PASSIM_OK);
    /* b.txt and sub/c.html are not included; drafts/f.md is */
    ck_assert_uint_eq(w.nfiles, geteuid() == 0 ? 3 : 2);
    check_file(&w, 0, "a.md");
    check_file(&w, 1, "drafts/f.md");

    /* globs also match the path relative to the root */
    const char *inc_sub[] = {"sub/*"};
    opt = (walk_options){inc_sub, 1, NULL, 0, 0, false};
    w = (walked){0};
    ck_assert_int_eq(walk_roots(roots, 1, &opt, walked_file, walked_skip, &w),
                     PASSIM_OK);
    ck_assert_uint_eq(w.nfiles, 1);
    check_file(&w, 0, "sub/c.html");

    /* roots that are files, missing, of unknown type, "-", a trailing
     * slash; the callback stops the walk */
    snprintf(sub, sizeof sub, "%s/sub/", tmp);
    snprintf(file, sizeof file, "%s/b.txt", tmp);
    snprintf(missing, sizeof missing, "%s/missing.md", tmp);
    snprintf(unknown, sizeof unknown, "%s/sub/skip.xyz", tmp);
    const char *many[] = {file, missing, unknown, "-", sub};
    opt = (walk_options){NULL, 0, NULL, 0, 0, false};
    w = (walked){0};
    ck_assert_int_eq(walk_roots(many, 5, &opt, walked_file, walked_skip, &w),
                     PASSIM_OK);
    ck_assert_uint_eq(w.nfiles, 3);
    check_file(&w, 0, "b.txt");
    ck_assert_str_eq(w.files[1], "-");
    ck_assert_int_eq(w.formats[1], READER_JSONL);
    check_file(&w, 2, "sub/c.html");
    ck_assert_uint_eq(w.nskipped, 3);
    ck_assert_str_eq(w.skipped[0], missing);
    ck_assert_str_eq(w.reasons[0], "No such file or directory");
    ck_assert_str_eq(w.skipped[1], unknown);
    ck_assert_str_eq(w.reasons[1], "unknown file type");
    ck_assert(!w.verbose[1]); /* named explicitly: always said */
    ck_assert_str_eq(w.reasons[2], "unknown file type");
    ck_assert(w.verbose[2]); /* found in a directory: verbose only */
    w = (walked){.stop_after = 1};
    ck_assert_int_eq(walk_roots(roots, 1, &opt, walked_file, walked_skip, &w),
                     PASSIM_OK);
    ck_assert_uint_eq(w.nfiles, 1);
    remove_tree();
}
END_TEST

START_TEST(test_walk_read_file)
{
    make_tree();
    char path[256], *buf, *reason;
    size_t len;
    snprintf(path, sizeof path, "%s/a.md", tmp);
    ck_assert_int_eq(walk_read_file(path, 100, &buf, &len, &reason), PASSIM_OK);
    ck_assert_uint_eq(len, 4);
    ck_assert_str_eq(buf, "# A\n");
    ck_assert_ptr_null(reason);
    free(buf);
    /* a FIFO is opened without waiting for a writer, then refused */
    snprintf(path, sizeof path, "%s/fifo.md", tmp);
    ck_assert_int_eq(walk_read_file(path, 0, &buf, &len, &reason),
                     PASSIM_ERROR_INPUT);
    ck_assert_ptr_null(buf);
    ck_assert_str_eq(reason, "a FIFO, not read");
    free(reason);
    snprintf(path, sizeof path, "%s/big.md", tmp);
    ck_assert_int_eq(walk_read_file(path, 100, &buf, &len, &reason),
                     PASSIM_ERROR_INPUT);
    ck_assert_str_eq(reason, "larger than the maximum file size (200 > 100 "
                             "bytes)");
    free(reason);
    ck_assert_int_eq(walk_read_file(path, 0, &buf, &len, &reason), PASSIM_OK);
    ck_assert_uint_eq(len, 200);
    free(buf);
    snprintf(path, sizeof path, "%s/missing.md", tmp);
    ck_assert_int_eq(walk_read_file(path, 0, &buf, &len, &reason),
                     PASSIM_ERROR_IO);
    ck_assert_str_eq(reason, "cannot open: No such file or directory");
    free(reason);
    snprintf(path, sizeof path, "%s/sub", tmp);
    ck_assert_int_eq(walk_read_file(path, 0, &buf, &len, &reason),
                     PASSIM_ERROR_INPUT);
    ck_assert_str_eq(reason, "not a regular file, not read");
    free(reason);
    remove_tree();
}
END_TEST

static Suite *readers_suite(void)
{
    Suite *s = suite_create("readers");
    TCase *t = tcase_create("formats");
    tcase_add_test(t, test_format_for_path);
    tcase_add_test(t, test_markdown_fields);
    tcase_add_test(t, test_markdown_blocks);
    tcase_add_test(t, test_markdown_gfm);
    tcase_add_test(t, test_markdown_bad_front_matter);
    tcase_add_test(t, test_markdown_front_matter_edges);
    tcase_add_test(t, test_text_headers);
    tcase_add_test(t, test_text_without_headers);
    tcase_add_test(t, test_html_metadata);
    tcase_add_test(t, test_html_blocks);
    tcase_add_test(t, test_html_unclosed_script_and_h1_title);
    tcase_add_test(t, test_html_deep_nesting);
    tcase_add_test(t, test_json_array);
    tcase_add_test(t, test_json_bad_documents);
    tcase_add_test(t, test_jsonl_malformed_line);
    tcase_add_test(t, test_json_deep_nesting);
    tcase_add_test(t, test_invalid_utf8_sanitized);
    tcase_add_test(t, test_binary_file);
    tcase_add_test(t, test_long_word_kept);
    tcase_add_test(t, test_empty_and_stop);
    tcase_add_test(t, test_jsonl_stream_long_line);
    tcase_add_test(t, test_json_nul_byte);
    tcase_add_test(t, test_arena_budget);
    tcase_add_test(t, test_date_forms);
    tcase_add_test(t, test_dates_read_or_warned);
    tcase_add_test(t, test_title_fallbacks);
    tcase_set_timeout(t, 120); /* valgrind */
    suite_add_tcase(s, t);
    t = tcase_create("passages");
    tcase_add_test(t, test_passages_long_paragraph);
    tcase_add_test(t, test_passages_long_sentence);
    tcase_add_test(t, test_passages_grouping_and_headings);
    suite_add_tcase(s, t);
    t = tcase_create("walk");
    tcase_add_test(t, test_walk_tree);
    tcase_add_test(t, test_walk_include_and_roots);
    tcase_add_test(t, test_walk_links_and_jsonl_size);
    tcase_add_test(t, test_walk_read_file);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *r = srunner_create(readers_suite());
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
