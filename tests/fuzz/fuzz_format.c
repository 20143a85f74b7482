/*
 * fuzz_format.c — one reader on a whole file of any bytes: the entry point
 * of fuzz_markdown, fuzz_html, fuzz_json and fuzz_text, which differ only by
 * FUZZ_FORMAT (a reader_format, set by tests/fuzz/CMakeLists.txt).
 */
#include "fuzz.h"
#include "fuzz_reader.h"

#ifndef FUZZ_FORMAT
#error "FUZZ_FORMAT names the reader_format under test"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_read r;
    reader_sink sink = fuzz_read_sink(&r, FUZZ_FORMAT, size);
    passim_status st = reader_parse_buffer(FUZZ_FORMAT, "fuzz-input",
                                           (const char *)data, size, &sink);
    fuzz_read_check_status(&r, st);
    return 0;
}
