/*
 * killat.c — an LD_PRELOAD shim that kills the process with SIGKILL right
 * before or right after its Nth rename of one path, to see what a crash at
 * that exact point leaves behind (tests/cli/test_crash.sh: compaction's
 * swap of the database folder).
 *
 * Environment:
 *   PASSIM_KILLAT_PATH=P    a rename whose source or target is the string P
 *                           counts (rename, renameat, renameat2)
 *   PASSIM_KILLAT_N=N       the Nth such rename (1-based); unset or 0: none
 *   PASSIM_KILLAT_WHEN=     "before" (default): killed instead of making it;
 *                           "after": killed once it is made
 */
#ifndef _GNU_SOURCE /* the build passes -D_GNU_SOURCE */
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXPORT __attribute__((visibility("default")))

static atomic_ulong seen;

/* Whether this rename is the one: counts it when it names the path. */
static int is_target(const char *from, const char *to)
{
    const char *path = getenv("PASSIM_KILLAT_PATH");
    const char *n = getenv("PASSIM_KILLAT_N");
    if (!path || !n || (strcmp(from, path) != 0 && strcmp(to, path) != 0))
        return 0;
    return atomic_fetch_add(&seen, 1) + 1 == strtoul(n, NULL, 10);
}

/* Kills the process at the rename `target` says is the one, when `late`
 * (after the rename) is what PASSIM_KILLAT_WHEN asks for. */
static void kill_if(int target, int late)
{
    const char *when = getenv("PASSIM_KILLAT_WHEN");
    if (target && late == (when && strcmp(when, "after") == 0))
        kill(getpid(), SIGKILL);
}

EXPORT int renameat2(int fromfd, const char *from, int tofd, const char *to,
                     unsigned int flags)
{
    int (*real)(int, const char *, int, const char *, unsigned int) =
        (int (*)(int, const char *, int, const char *, unsigned int))dlsym(
            RTLD_NEXT, "renameat2");
    int target = is_target(from, to), rc;
    kill_if(target, 0);
    rc = real(fromfd, from, tofd, to, flags);
    kill_if(target, 1);
    return rc;
}

EXPORT int renameat(int fromfd, const char *from, int tofd, const char *to)
{
    int (*real)(int, const char *, int, const char *) =
        (int (*)(int, const char *, int, const char *))dlsym(RTLD_NEXT,
                                                             "renameat");
    int target = is_target(from, to), rc;
    kill_if(target, 0);
    rc = real(fromfd, from, tofd, to);
    kill_if(target, 1);
    return rc;
}

EXPORT int rename(const char *from, const char *to)
{
    int (*real)(const char *, const char *) =
        (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
    int target = is_target(from, to), rc;
    kill_if(target, 0);
    rc = real(from, to);
    kill_if(target, 1);
    return rc;
}
