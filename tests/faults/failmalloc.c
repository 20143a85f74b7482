/*
 * failmalloc.c — an LD_PRELOAD shim that makes the Nth allocation fail (or
 * every one from the Nth on), to test that passim survives running out of
 * memory (issue 9.7, tests/cli/test_malloc.sh).
 *
 * Environment:
 *   PASSIM_FAILMALLOC_N=N     fail the Nth allocation counted (1-based);
 *                             0 or unset: fail none, only count
 *   PASSIM_FAILMALLOC_MODE=   "once" (default): only the Nth fails;
 *                             "all": the Nth and every later one fail
 *   PASSIM_FAILMALLOC_COUNT=F at exit, write the number of allocations
 *                             counted to file F (a clean run's total, which
 *                             the sweep ranges over)
 *   PASSIM_FAILMALLOC_TRACE=F append a backtrace of the allocation that
 *                             fails to file F (the caller that mishandles
 *                             it, seen in the very run that went wrong)
 *
 * Counting starts just before main (this library's constructor runs after
 * those of the libraries the program links, C++ runtime and Xapian
 * included), so the dynamic loader and static initialisers never see a
 * failure. Counted: malloc,
 * calloc, realloc (but not realloc(p, 0), a free), reallocarray,
 * posix_memalign, aligned_alloc, memalign, valloc, pvalloc; C++ operator new
 * calls malloc in libstdc++, so it counts too and throws std::bad_alloc.
 *
 * The real allocators are glibc's __libc_* entry points, not dlsym lookups:
 * dlsym itself allocates, which would recurse into this shim.
 */
#ifndef _GNU_SOURCE /* the build passes -D_GNU_SOURCE */
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void *__libc_memalign(size_t align, size_t size);
extern void *__libc_valloc(size_t size);
extern void *__libc_pvalloc(size_t size);

#define EXPORT __attribute__((visibility("default")))

static atomic_bool counting;
static atomic_ulong calls;
static unsigned long fail_at;
static int fail_all;
static char trace_path[4096];
static char count_path[4096];

/* Environment parsing without allocating: getenv and strtoul do not. */
__attribute__((constructor)) static void failmalloc_start(void)
{
    const char *n = getenv("PASSIM_FAILMALLOC_N");
    const char *mode = getenv("PASSIM_FAILMALLOC_MODE");
    const char *path;
    if (n)
        fail_at = strtoul(n, NULL, 10);
    fail_all = mode && strcmp(mode, "all") == 0;
    path = getenv("PASSIM_FAILMALLOC_TRACE");
    if (path && strlen(path) < sizeof trace_path)
        strcpy(trace_path, path);
    path = getenv("PASSIM_FAILMALLOC_COUNT");
    if (path && strlen(path) < sizeof count_path)
        strcpy(count_path, path);
    atomic_store(&counting, 1);
}

/* Written with open/write, not stdio: stdio would allocate, and by the time
 * destructors run the count is final. */
__attribute__((destructor)) static void failmalloc_report(void)
{
    char text[32];
    int len, fd;
    atomic_store(&counting, 0);
    if (!count_path[0])
        return;
    len = snprintf(text, sizeof text, "%lu\n", atomic_load(&calls));
    fd = open(count_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return;
    if (write(fd, text, (size_t)len) != len)
        unlink(count_path);
    close(fd);
}

/* backtrace() loads libgcc_s, which allocates: those allocations are not
 * counted, so a traced run fails the same allocation as an untraced one. */
static void print_trace(unsigned long n)
{
    void *frames[64];
    int depth;
    char head[64];
    int len =
        snprintf(head, sizeof head, "failmalloc: allocation %lu fails\n", n);
    int fd = open(trace_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0)
        return;
    atomic_store(&counting, 0);
    depth = backtrace(frames, 64);
    if (write(fd, head, (size_t)len) == len)
        backtrace_symbols_fd(frames, depth, fd);
    close(fd);
    atomic_store(&counting, 1);
}

/* true when this allocation is the one (or one of those) to fail. */
static int should_fail(void)
{
    unsigned long n;
    int fail;
    if (!atomic_load_explicit(&counting, memory_order_relaxed))
        return 0;
    n = atomic_fetch_add(&calls, 1) + 1;
    fail = fail_at && (n == fail_at || (fail_all && n > fail_at));
    if (fail && trace_path[0] && n == fail_at)
        print_trace(n);
    return fail;
}

EXPORT void *malloc(size_t size)
{
    if (should_fail()) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_malloc(size);
}

EXPORT void *calloc(size_t n, size_t size)
{
    if (should_fail()) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_calloc(n, size);
}

EXPORT void *realloc(void *p, size_t size)
{
    if ((size || !p) && should_fail()) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_realloc(p, size);
}

EXPORT void *reallocarray(void *p, size_t n, size_t size)
{
    size_t total;
    if (__builtin_mul_overflow(n, size, &total)) {
        errno = ENOMEM;
        return NULL;
    }
    return realloc(p, total);
}

static void *aligned(size_t align, size_t size)
{
    if (should_fail()) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_memalign(align, size);
}

EXPORT int posix_memalign(void **out, size_t align, size_t size)
{
    void *p;
    if (align < sizeof(void *) || (align & (align - 1)))
        return EINVAL;
    p = aligned(align, size);
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}

EXPORT void *aligned_alloc(size_t align, size_t size)
{
    return aligned(align, size);
}

EXPORT void *memalign(size_t align, size_t size)
{
    return aligned(align, size);
}

EXPORT void *valloc(size_t size)
{
    if (should_fail()) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_valloc(size);
}

EXPORT void *pvalloc(size_t size)
{
    if (should_fail()) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_pvalloc(size);
}
