/* child.c — a function run in a forked child process within a time limit,
 * its words read back through a pipe (see child.h). */
#include "child.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "db.h"

/* What the child says, read from fd until it closes its end or the
 * deadline passes. */
static void read_said(int fd, char *buf, size_t cap, int timeout_ms,
                      bool *timed_out)
{
    size_t have = 0;
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    *timed_out = false;
    for (;;) {
        struct pollfd p = {fd, POLLIN, 0};
        long waited;
        ssize_t n;
        clock_gettime(CLOCK_MONOTONIC, &now);
        waited = (now.tv_sec - start.tv_sec) * 1000L +
                 (now.tv_nsec - start.tv_nsec) / 1000000L;
        if (waited >= timeout_ms) {
            *timed_out = true;
            break;
        }
        if (poll(&p, 1, (int)(timeout_ms - waited)) < 0 && errno != EINTR)
            break;
        if (!p.revents)
            continue;
        n = read(fd, buf + have, cap - 1 - have);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        have += (size_t)n;
        if (have == cap - 1)
            break;
    }
    buf[have] = '\0';
}

passim_status child_run(void (*fn)(void *ctx, int out), void *ctx,
                        int timeout_ms, char *said, size_t cap, child_end *end,
                        char **why)
{
    int fds[2], status = 0;
    bool piped = pipe2(fds, O_CLOEXEC) == 0;
    pid_t pid = piped ? fork() : -1;
    *why = NULL;
    *end = (child_end){0};
    said[0] = '\0';
    if (pid == 0) {
        close(fds[0]);
        fn(ctx, fds[1]);
        /* The child's end (child.h): C11's _Exit, POSIX's _exit. */
        _Exit(0);
    }
    if (pid < 0) {
        *why = db_strdupf("cannot start a child process: %s", strerror(errno));
        if (piped) {
            close(fds[0]);
            close(fds[1]);
        }
        return PASSIM_ERROR_IO;
    }
    close(fds[1]);
    read_said(fds[0], said, cap, timeout_ms, &end->timed_out);
    close(fds[0]);
    if (end->timed_out)
        kill(pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    end->signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    return PASSIM_OK;
}
