/*
 * xc_fatal.cc — what the bindings do when Xapian cannot go on: call the
 * application's fatal handler (passim_fatal_fn), which ends the process,
 * instead of leaving Xapian to crash, or loop forever while it writes a
 * database.
 *
 * Xapian 1.4 trusts its files: damage that passim cannot see before writing
 * (core/db_health.h checks a database whose files changed since passim's
 * last commit, not one a failing disk changed in place) can make it read
 * out of bounds, abort or loop while it commits. Each write call on a
 * writable handle runs in a section (xc_fatal_section) that marks the
 * thread as writing that database and arms a timer on the thread's CPU
 * clock. A fatal signal in a thread inside a section, or the timer, calls
 * the handler with a message naming the database: Xapian's commit is
 * atomic, so the database keeps its last commit, and nothing of this
 * process's state is trusted any more. Every other Xapian call (xc_run)
 * runs in an xc_call_section: reading damaged tables (a search's term
 * lists, say) can crash as well, and is handled the same way. A fatal
 * signal anywhere else, passim's callbacks from inside Xapian included,
 * goes to the handler there was before (the default: the crash it always
 * was). Running out of memory where Xapian cannot take it (xc_reserve.cc)
 * calls the handler too.
 *
 * The signal handlers are opt-in and process-wide (xc_fatal_enable): they
 * are the program's, so only a program that asks (the passim command)
 * gets them. Without a handler of the application's, or when it returns,
 * the process aborts: the library itself never exits.
 */
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include <pthread.h>

#include <sys/syscall.h>
#include <unistd.h>

#include "xc_internal.hh"

static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL};
/* The timer's signal: the one the kernel sends when a CPU limit passes. */
static const int timer_signal = SIGXCPU;

static std::atomic<bool> enabled{false};
static std::atomic<unsigned int> cpu_limit_ms{0};
static struct sigaction previous[NSIG];

/* The Xapian calls the thread is in (xc_call_section; 0: none). */
static thread_local unsigned int calling;
/* The sections the thread is in (0: not writing), the database of the
 * outermost one, copied out of the heap (which a crashing Xapian may have
 * trampled), and its CPU timer. */
static thread_local unsigned int depth;
static thread_local char writing[512];

/* The thread's CPU timer: created by its first section and kept until the
 * thread ends, armed and disarmed by each section. Creating and deleting
 * one per section made four system calls of every write call, most of
 * them the spelling table's one call per word at a commit. */
struct thread_timer {
    timer_t id;
    bool created = false;
    bool armed = false;
    ~thread_timer()
    {
        if (created)
            timer_delete(id);
    }
};
static thread_local thread_timer timer;

/* A forked child has no timers: the forking thread's is created anew. */
static void forget_timer_in_child()
{
    timer.created = false;
    timer.armed = false;
}

static void watch_forks()
{
    pthread_atfork(nullptr, nullptr, forget_timer_in_child);
}

static bool create_timer()
{
    static pthread_once_t at_fork = PTHREAD_ONCE_INIT;
    pthread_once(&at_fork, watch_forks);
    struct sigevent ev;
    std::memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_THREAD_ID;
    ev.sigev_signo = timer_signal;
    ev._sigev_un._tid = static_cast<pid_t>(syscall(SYS_gettid));
    timer.created = timer_create(CLOCK_THREAD_CPUTIME_ID, &ev, &timer.id) == 0;
    return timer.created;
}

/* Arms the timer for ms milliseconds of the thread's CPU time from now
 * (0: disarms it). */
static void set_timer(unsigned int ms)
{
    struct itimerspec when;
    std::memset(&when, 0, sizeof when);
    when.it_value.tv_sec = ms / 1000;
    when.it_value.tv_nsec = static_cast<long>(ms % 1000) * 1000000L;
    timer.armed = timer_settime(timer.id, 0, &when, nullptr) == 0 && ms;
}

/* Async-signal-safe output: write(2) of each piece, errors ignored (there
 * is nothing left to tell them to). */
static void say(const char *text)
{
    ssize_t n = write(STDERR_FILENO, text, std::strlen(text));
    (void)n;
}

/* The application's handler (NULL: the default, say the message). */
static std::atomic<passim_fatal_fn> handler{nullptr};
static std::atomic<void *> handler_ctx{nullptr};
/* A thread is in xc_fatal: whatever else fails now waits for it to end
 * the process, unless it is that same thread failing again. */
static std::atomic<bool> failing{false};
static thread_local bool this_thread_failing;

void xc_fatal_handler_set(passim_fatal_fn fn, void *ctx)
{
    handler_ctx.store(ctx);
    handler.store(fn);
}

/* abort(), with SIGABRT back where it went before xc_fatal_enable, so that
 * on_signal does not take the abort for a crash of Xapian's. */
[[noreturn]] static void give_up()
{
    if (enabled.load())
        sigaction(SIGABRT, &previous[SIGABRT], nullptr);
    std::abort();
}

void xc_fatal(passim_status status, const char *message) noexcept
{
    if (this_thread_failing)
        give_up();
    this_thread_failing = true;
    if (failing.exchange(true))
        for (;;)
            pause();
    passim_fatal_fn fn = handler.load();
    if (fn != nullptr) {
        fn(status, message, handler_ctx.load());
    } else {
        say("libpassim: ");
        say(message);
        say("\n");
    }
    give_up();
}

/* Appends text to the NUL-terminated buf[0, cap), cutting what does not
 * fit (strlen and memcpy only: async-signal-safe). */
static void append(char *buf, size_t cap, const char *text)
{
    size_t have = std::strlen(buf), n = std::strlen(text);
    if (n > cap - 1 - have)
        n = cap - 1 - have;
    std::memcpy(buf + have, text, n);
    buf[have + n] = '\0';
}

/* The signal's name, without strsignal (not async-signal-safe). */
static const char *signal_name(int sig)
{
    switch (sig) {
    case SIGSEGV:
        return "SIGSEGV";
    case SIGBUS:
        return "SIGBUS";
    case SIGABRT:
        return "SIGABRT";
    case SIGFPE:
        return "SIGFPE";
    case SIGILL:
        return "SIGILL";
    default:
        return "a fatal signal";
    }
}

static void on_signal(int sig, siginfo_t *info, void *context)
{
    char message[1024] = "";
    (void)info, (void)context;
    if (depth == 0 && (calling == 0 || sig == timer_signal)) {
        /* Not Xapian's: as if no handler had been installed (a fault
         * happens again on return and goes there; abort raises again
         * itself). A CPU timer that fired as its section ended is
         * dropped. */
        if (sig != timer_signal)
            sigaction(sig, &previous[sig], nullptr);
        return;
    }
    if (depth == 0) {
        /* Reading: a search or a check of the database, which is left as
         * it was. */
        append(message, sizeof message,
               "Xapian crashed while reading a "
               "database (");
        append(message, sizeof message, signal_name(sig));
        append(message, sizeof message,
               "), likely on damaged tables; "
               "check it with xapian-check");
        xc_fatal(PASSIM_ERROR_CORRUPT, message);
    }
    append(message, sizeof message, writing);
    if (sig == timer_signal) {
        append(message, sizeof message,
               ": Xapian ran past the CPU time "
               "limit while writing it, likely "
               "looping over damaged tables");
    } else {
        append(message, sizeof message, ": Xapian crashed while writing it (");
        append(message, sizeof message, signal_name(sig));
        append(message, sizeof message, "), likely on damaged tables");
    }
    append(message, sizeof message,
           "; the database keeps its last commit; "
           "check it with xapian-check");
    xc_fatal(PASSIM_ERROR_CORRUPT, message);
}

passim_status xc_fatal_enable(unsigned int cpu_ms)
{
    struct sigaction sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    cpu_limit_ms.store(cpu_ms);
    if (enabled.exchange(true))
        return PASSIM_OK;
    for (int sig : fatal_signals)
        if (sigaction(sig, &sa, &previous[sig]) != 0)
            return PASSIM_ERROR_INTERNAL;
    return sigaction(timer_signal, &sa, &previous[timer_signal]) == 0
               ? PASSIM_OK
               : PASSIM_ERROR_INTERNAL;
}

xc_call_section::xc_call_section() noexcept
    : counted(enabled.load(std::memory_order_relaxed))
{
    if (counted)
        calling++;
}

xc_call_section::~xc_call_section()
{
    if (counted)
        calling--;
}

xc_callback_section::xc_callback_section() noexcept : saved(calling)
{
    calling = 0;
}

xc_callback_section::~xc_callback_section()
{
    calling = saved;
}

xc_fatal_section::xc_fatal_section(const char *path) noexcept
    : counted(enabled.load())
{
    unsigned int limit = cpu_limit_ms.load();
    if (!counted || depth++ > 0)
        return;
    std::strncpy(writing, path, sizeof writing - 1);
    /* Without a timer the section still turns a crash into a message. */
    if (limit != 0 && (timer.created || create_timer()))
        set_timer(limit);
}

xc_fatal_section::~xc_fatal_section()
{
    if (!counted || --depth > 0)
        return;
    if (timer.armed)
        set_timer(0);
}
