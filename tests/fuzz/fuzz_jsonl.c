/*
 * fuzz_jsonl.c — JSON Lines read both ways reader.h offers, on any bytes:
 * as a whole file, and as a stream (FILE * from fmemopen) with and without
 * a line limit.
 *
 * The stream reads 64 KiB at a time (reader_json.c), more than any input
 * here, so the unlimited stream gets the input after a line of spaces that
 * puts that chunk boundary in the middle of it; blank lines are no records,
 * so it must read the same articles as the whole file, one line further
 * down. (Only for inputs without NUL and byte order mark: the whole-file
 * reader alone rejects binary files and skips a mark.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "fuzz_reader.h"

#define STREAM_CHUNK 65536
/* Small enough for the fuzzer to write lines past it. */
#define SHORT_LINE_LIMIT 128

/* Reads buf[0, len) as a stream; lines are fingerprinted less line_shift. */
static void read_stream(fuzz_read *r, const char *buf, size_t len,
                        size_t max_line, unsigned int line_shift)
{
    reader_sink sink = fuzz_read_sink(r, READER_JSONL, len);
    r->line_shift = line_shift;
    FILE *fp = fmemopen((void *)buf, len, "r");
    FUZZ_CHECK(fp);
    passim_status st =
        reader_parse_jsonl_stream("fuzz-input", fp, max_line, &sink);
    fclose(fp);
    fuzz_read_check_status(r, st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    fuzz_read whole, stream;
    reader_sink sink = fuzz_read_sink(&whole, READER_JSONL, size);
    fuzz_read_check_status(
        &whole,
        reader_parse_buffer(READER_JSONL, "fuzz-input", text, size, &sink));
    if (size == 0)
        return 0;

    read_stream(&stream, text, size, SHORT_LINE_LIMIT, 0);

    size_t pad = size < STREAM_CHUNK ? STREAM_CHUNK - size / 2 - 1 : 1;
    char *padded = malloc(pad + size);
    FUZZ_CHECK(padded);
    memset(padded, ' ', pad);
    padded[pad - 1] = '\n';
    memcpy(padded + pad, text, size);
    read_stream(&stream, padded, pad + size, 0, 1);
    free(padded);

    bool comparable = !memchr(text, '\0', size) &&
                      !(size >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3));
    if (comparable)
        FUZZ_CHECK(stream.articles == whole.articles &&
                   stream.problems == whole.problems &&
                   stream.fingerprint == whole.fingerprint);
    return 0;
}
