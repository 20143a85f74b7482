/* print.c — the printers of `passim search`: text for people, built from
 * the hits' accessors, and JSON for programs, which is the library's own
 * (passim_results_json, passim_hit_json), so the command and the library
 * share one schema. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

#define ANSI_TITLE "\033[1m"
#define ANSI_MATCH "\033[1;33m"
#define ANSI_DIM "\033[2m"
#define ANSI_RESET "\033[0m"

/* Writes one JSON text and a newline; out of memory (no text) sets errno
 * to ENOMEM, which the caller tells from a failed write. */
static int print_json_text(FILE *out, passim_status st, const char *json)
{
    if (st != PASSIM_OK) {
        errno = ENOMEM;
        return -1;
    }
    return fputs(json, out) >= 0 && fputc('\n', out) != EOF ? 0 : -1;
}

static int print_json(FILE *out, passim_results *r, const cli_print_options *o)
{
    const char *json = NULL;
    /* Called first: arguments are evaluated in no set order. */
    passim_status st = passim_results_json(&json, r);
    (void)o;
    return print_json_text(out, st, json);
}

static int print_jsonl(FILE *out, passim_results *r, const cli_print_options *o)
{
    (void)o;
    for (size_t i = 0; i < passim_results_hit_count(r); i++) {
        const char *json = NULL;
        passim_status st = passim_hit_json(&json, passim_results_hit(r, i));
        if (print_json_text(out, st, json) != 0)
            return -1;
    }
    return 0;
}

static const char *shown_path(const char *path, const char *cwd)
{
    size_t n = cwd ? strlen(cwd) : 0;
    if (n && strncmp(path, cwd, n) == 0 && path[n] == '/')
        return path + n + 1;
    return path;
}

/* Everything the text printer shows of a hit or facet comes from files
 * (paths, titles, text), so it goes through cli_term_write. The snippet of
 * shown passage p of hit h, its matches marked. */
static void print_snippet(FILE *out, const passim_hit *h, size_t p, bool color)
{
    passim_passage_info info;
    size_t len, at = 0, start, end;
    const char *text;
    if (passim_hit_passage_get(&info, h, p) != PASSIM_OK)
        return;
    text = info.snippet;
    len = info.snippet_len;
    for (size_t i = 0; passim_hit_passage_highlight(h, p, i, &start, &end);
         i++) {
        cli_term_write(out, text + at, start - at);
        fputs(color ? ANSI_MATCH : "", out);
        cli_term_write(out, text + start, end - start);
        fputs(color ? ANSI_RESET : "", out);
        at = end;
    }
    cli_term_write(out, text + at, len - at);
}

/* The score's breakdown, indented under the hit, a component a line. */
static void print_explain(FILE *out, const char *line)
{
    while (*line) {
        const char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        fputs("     ", out);
        cli_term_write(out, line, n);
        fputc('\n', out);
        line += n + (nl ? 1 : 0);
    }
}

static void print_facets(FILE *out, const passim_results *r)
{
    for (size_t i = 0; i < passim_results_facet_count(r); i++) {
        const char *value;
        unsigned int count;
        fprintf(out, "%s:", passim_results_facet_name(r, i));
        for (size_t j = 0;
             (value = passim_results_facet_value(r, i, j, &count)); j++) {
            fputs(j ? ", " : " ", out);
            cli_term_puts(out, value);
            fprintf(out, " (%u)", count);
        }
        fputc('\n', out);
    }
}

/* "  " and the value, when there is one. */
static void print_field(FILE *out, const char *value)
{
    if (value) {
        fputs("  ", out);
        cli_term_puts(out, value);
    }
}

static int print_text(FILE *out, passim_results *r, const cli_print_options *o)
{
    size_t nhits = passim_results_hit_count(r);
    unsigned int total = passim_results_total(r);
    for (size_t i = 0; i < nhits; i++) {
        const passim_hit *h = passim_results_hit(r, i);
        const char *explain = passim_hit_explain(h);
        fprintf(out, "%u. %s", passim_hit_rank(h), o->color ? ANSI_TITLE : "");
        cli_term_puts(out, passim_hit_field(h, PASSIM_FIELD_TITLE));
        fprintf(out, "%s\n   %s", o->color ? ANSI_RESET : "",
                o->color ? ANSI_DIM : "");
        cli_term_puts(
            out, shown_path(passim_hit_field(h, PASSIM_FIELD_PATH), o->cwd));
        fprintf(out, ":%u", passim_hit_line(h));
        print_field(out, passim_hit_field(h, PASSIM_FIELD_DATE));
        print_field(out, passim_hit_field(h, PASSIM_FIELD_SOURCE));
        fprintf(out, "  score %.3f%s%s\n", passim_hit_score(h),
                passim_hit_all_words(h) ? "" : "  some words",
                o->color ? ANSI_RESET : "");
        fputs("   ", out);
        print_snippet(out, h, 0, o->color);
        fputc('\n', out);
        /* More passages (--per-article): each at its own line. */
        for (size_t p = 1; p < passim_hit_passage_count(h); p++) {
            passim_passage_info info;
            if (passim_hit_passage_get(&info, h, p) != PASSIM_OK)
                break;
            fprintf(out, "   %s", o->color ? ANSI_DIM : "");
            cli_term_puts(
                out,
                shown_path(passim_hit_field(h, PASSIM_FIELD_PATH), o->cwd));
            fprintf(out, ":%u%s\n   ", info.line, o->color ? ANSI_RESET : "");
            print_snippet(out, h, p, o->color);
            fputc('\n', out);
        }
        if (o->explain && explain)
            print_explain(out, explain);
        fputc('\n', out);
    }
    print_facets(out, r);
    /* Past PASSIM_EXACT_TOTAL articles the total is a lower bound. */
    if (total && !passim_results_total_exact(r))
        fputs("at least ", out);
    if (nhits)
        fprintf(out, "%u matching %s; showing %u-%u\n", total,
                total == 1 ? "hit" : "hits",
                passim_hit_rank(passim_results_hit(r, 0)),
                passim_hit_rank(passim_results_hit(r, nhits - 1)));
    else if (total) /* --limit 0, or --offset past the last hit */
        fprintf(out, "%u matching %s; none shown\n", total,
                total == 1 ? "hit" : "hits");
    return ferror(out) ? -1 : 0;
}

static const cli_printer printers[] = {
    {"text", print_text},
    {"json", print_json},
    {"jsonl", print_jsonl},
};

const cli_printer *cli_printer_find(const char *name)
{
    for (size_t i = 0; i < sizeof printers / sizeof *printers; i++)
        if (strcmp(printers[i].name, name) == 0)
            return &printers[i];
    return NULL;
}
