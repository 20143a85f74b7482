/*
 * reader.c — picks a reader by file name and hands it a file's bytes; what
 * all formats have in common (binary files, a byte order mark) is decided
 * here once.
 */
#include <string.h>
#include <strings.h>

#include "reader_internal.h"

static const struct {
    const char *ext;
    reader_format format;
} extensions[] = {
    {"md", READER_MARKDOWN}, {"markdown", READER_MARKDOWN},
    {"txt", READER_TEXT},    {"html", READER_HTML},
    {"htm", READER_HTML},    {"json", READER_JSON},
    {"jsonl", READER_JSONL}, {"ndjson", READER_JSONL},
};

reader_format reader_format_for_path(const char *path)
{
    if (!path)
        return READER_UNKNOWN;
    if (!strcmp(path, "-"))
        return READER_JSONL;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base) /* no extension, or a bare ".md" */
        return READER_UNKNOWN;
    for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++)
        if (!strcasecmp(dot + 1, extensions[i].ext))
            return extensions[i].format;
    return READER_UNKNOWN;
}

const char *reader_extension(size_t i)
{
    return i < sizeof extensions / sizeof *extensions ? extensions[i].ext
                                                      : NULL;
}

const char *reader_format_name(reader_format f)
{
    switch (f) {
    case READER_MARKDOWN:
        return "markdown";
    case READER_TEXT:
        return "text";
    case READER_HTML:
        return "html";
    case READER_JSON:
        return "json";
    case READER_JSONL:
        return "jsonl";
    case READER_UNKNOWN:
        break;
    }
    return "unknown";
}

passim_status reader_parse_buffer(reader_format fmt, const char *path,
                                  const char *buf, size_t len,
                                  const reader_sink *sink)
{
    if (!path || (!buf && len) || !sink || !sink->article)
        return PASSIM_ERROR_INVALID_ARGUMENT;
    if (!buf)
        buf = "";
    /* A NUL cannot be in text or in JSON, and binary files have them early. */
    if (reader_looks_binary(buf, len)) {
        reader_report(sink, path, 0, "binary file");
        return PASSIM_ERROR_INPUT;
    }
    size_t from = len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3) ? 3 : 0;
    switch (fmt) {
    case READER_MARKDOWN:
        return reader_markdown(path, buf, len, from, sink);
    case READER_TEXT:
        return reader_text(path, buf, len, from, sink);
    case READER_HTML:
        return reader_html(path, buf, len, from, sink);
    case READER_JSON:
        return reader_json(path, buf, len, from, sink);
    case READER_JSONL:
        return reader_jsonl(path, buf, len, from, sink);
    case READER_UNKNOWN:
        break;
    }
    reader_report(sink, path, 0, "unknown file format");
    return PASSIM_ERROR_INPUT;
}
