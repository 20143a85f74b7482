/*
 * fuzz.h — what passim's fuzz targets share: the libFuzzer entry point each
 * of them defines, and checks of the headers' promises that abort, so that a
 * broken promise is a crash the fuzzer keeps and minimizes like any other.
 *
 * The same target sources build two ways (tests/fuzz/CMakeLists.txt): with
 * libFuzzer's main under clang (fuzz_<target>), and with replay.c's main in
 * every build (replay_<target>), which CTest runs over the seeds and the
 * regression inputs.
 */
#ifndef PASSIM_FUZZ_H
#define PASSIM_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts with the broken condition and where, when cond is false. Checks
 * stay on in every build type: NDEBUG must not silence them. */
#define FUZZ_CHECK(cond)                                                       \
    do {                                                                       \
        if (!(cond))                                                           \
            fuzz_fail(__FILE__, __LINE__, #cond);                              \
    } while (0)

_Noreturn void fuzz_fail(const char *file, int line, const char *what);

/* Whether s[0, len) is well-formed UTF-8, decided by utf8proc rather than by
 * the analyzer's own decoder, so that the two check each other. */
bool fuzz_utf8_valid(const char *s, size_t len);

/* Whether s is a NUL-terminated string of exactly len bytes. */
bool fuzz_string_is(const char *s, size_t len);

#endif /* PASSIM_FUZZ_H */
