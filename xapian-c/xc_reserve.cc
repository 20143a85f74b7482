/*
 * xc_reserve.cc — a memory reserve that C++ allocations fall back on once.
 *
 * Xapian 1.4 is not safe against every failed allocation: a std::bad_alloc
 * thrown while Enquire builds the posting-list tree of a phrase or NEAR
 * query crashes it (tests/cli/test_malloc.sh found it). With a reserve in
 * place, a failed operator new frees the reserve and retries instead of
 * throwing, so the call completes; every entry point (xc_run) puts the
 * reserve back before its work. When the reserve is gone too, operator new
 * throws and the call fails as before — except inside the matcher
 * (xc_matcher_section), where a throw would crash Xapian: the fatal
 * handler is called there instead (xc_fatal, "out of memory").
 */
#include <atomic>
#include <cstdlib>
#include <new>

#include "xc_internal.hh"

static std::atomic<void *> reserve{nullptr};
static std::atomic<size_t> reserve_size{0};
static thread_local unsigned int in_matcher;

xc_matcher_section::xc_matcher_section() noexcept
{
    in_matcher++;
}
xc_matcher_section::~xc_matcher_section()
{
    in_matcher--;
}

/* The new_handler: operator new calls it after malloc failed, and tries
 * again when it returns. */
static void release_reserve()
{
    void *r = reserve.exchange(nullptr);
    if (r != nullptr) {
        std::free(r);
        return;
    }
    if (in_matcher)
        xc_fatal(PASSIM_ERROR_NO_MEMORY, "out of memory");
    throw std::bad_alloc();
}

void xc_reserve_refill() noexcept
{
    size_t size = reserve_size.load();
    if (size == 0 || reserve.load() != nullptr)
        return;
    void *r = std::malloc(size);
    void *none = nullptr;
    if (r != nullptr && !reserve.compare_exchange_strong(none, r))
        std::free(r); /* another thread refilled it first */
}

passim_status xc_memory_reserve(size_t bytes)
{
    std::set_new_handler(nullptr);
    reserve_size.store(0);
    std::free(reserve.exchange(nullptr));
    if (bytes == 0)
        return PASSIM_OK;
    reserve_size.store(bytes);
    xc_reserve_refill();
    if (reserve.load() == nullptr) {
        reserve_size.store(0);
        return PASSIM_ERROR_NO_MEMORY;
    }
    std::set_new_handler(release_reserve);
    return PASSIM_OK;
}
