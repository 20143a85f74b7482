#!/usr/bin/env bash
# test_malloc.sh — running out of memory (issue 9.7). tests/faults'
# failmalloc.so, preloaded into passim, makes the Nth allocation fail (and
# only that one), for N swept over the allocations a clean run makes:
# `passim index` of the fixtures, and `passim search` with snippets, as
# text and as JSON. Each run must end with no signal (an uncaught C++
# exception aborts), and either
#   - exit 0 with the very output of a clean run (the failure was absorbed),
#   - exit 3 with "passim[ COMMAND]: why" as its last line on stderr, or
#   - (index) exit 1 naming each input it could not index;
# after an index run, the database passes xapian-check and a rerun without
# the fault reaches a clean run's articles and passages, field for field.
#
# Xapian 1.4 crashes when an allocation fails while its matcher builds the
# posting-list tree of a phrase or NEAR query (it is not exception-safe
# there): passim's memory reserve (passim_memory_reserve, xapian-c/
# xc_reserve.cc) absorbs one failed allocation, and when memory stays gone
# ends the process inside the matcher with "passim: out of memory", exit 3.
# The phrase search, swept at every N in both modes, is the one that found
# the crash; any signal is a FAIL.
#
# Then a few runs where every allocation from the Nth on fails.
#
# CI: all of the first 30 allocations and 30 more spread over each run, and
# N every eighth of a run for every allocation from the Nth on;
# PASSIM_LONG=1: the first 200 and 500 spread (index), every N (search);
# under valgrind (PASSIM_UNDER_VALGRIND=1): 3 and 3, and N every half.
#
# Under valgrind the runs with the shim are passim's own (memcheck replaces
# malloc, so the shim cannot), and the clean runs and reruns over the
# databases they leave run under memcheck.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# A sanitizer's runtime replaces malloc itself: the shim cannot sit under
# it. The normal build runs this test.
if LC_ALL=C grep -qa -e __asan_init -e __tsan_init -e __msan_init "$PASSIM_NATIVE"; then
    skip "passim is built with a sanitizer, whose allocator replaces the shim's"
    finish
fi
SHIM=${PASSIM_FAILMALLOC_SO:-$(dirname "$PASSIM_NATIVE")/tests/faults/failmalloc.so}
if [ ! -f "$SHIM" ]; then
    fail "the failmalloc shim is built next to passim" "$SHIM" "no such file"
    finish
fi
command -v xapian-check >/dev/null || { fail "xapian-check is needed (scripts/setup installs it)"; finish; }

if [ "${PASSIM_LONG:-0}" = 1 ]; then
    FIRST=200 SPREAD=500 SEARCH_ALL=1 FROM_NTH=8
elif under_valgrind; then
    FIRST=3 SPREAD=3 SEARCH_ALL=0 FROM_NTH=2
else
    FIRST=30 SPREAD=30 SEARCH_ALL=0 FROM_NTH=8
fi
# A bug that loses --db must not write the user's default database.
export XDG_DATA_HOME=$TEST_TMP/xdg
TRACE=$TEST_TMP/trace

# faulty N ARG... : runs passim ARG... (run's $OUT $ERR $RC) with allocation
# N failing.
faulty() {
    local n=$1
    shift
    rm -f "$TRACE"
    LD_PRELOAD=$SHIM PASSIM_FAILMALLOC_N=$n PASSIM_FAILMALLOC_MODE=$FAIL_MODE \
        PASSIM_FAILMALLOC_TRACE=$TRACE run "$PASSIM_NATIVE" "$@"
}

# allocations ARG... : how many allocations a clean run of passim ARG... makes.
allocations() {
    LD_PRELOAD=$SHIM PASSIM_FAILMALLOC_COUNT=$TEST_TMP/count "$PASSIM_NATIVE" "$@" >/dev/null 2>&1
    cat "$TEST_TMP/count"
}

# points TOTAL ALL : the N to try: every one when ALL is 1 or TOTAL is small,
# else 1..FIRST and SPREAD more spread evenly up to TOTAL.
points() {
    local total=$1 all=$2 i
    if [ "$all" = 1 ] || [ "$total" -le $((FIRST + SPREAD)) ]; then
        seq 1 "$total"
        return
    fi
    { seq 1 "$FIRST"; for ((i = 1; i <= SPREAD; i++)); do
        echo $((FIRST + (total - FIRST) * i / SPREAD)); done; } | sort -nu
}

# The caller of the failing allocation, for failure messages.
fault_site() {
    [ -f "$TRACE" ] || return
    grep -v -e failmalloc -e 'libc\.so' -e 'libstdc++' "$TRACE" | head -3 |
        while read -r frame; do
            if [[ $frame == "$PASSIM_NATIVE("* ]]; then
                frame=${frame#*(}
                addr2line -f -s -e "$PASSIM_NATIVE" "${frame%%)*}" 2>/dev/null | paste -sd' '
            else
                printf '%s\n' "$frame"
            fi
        done | paste -sd'<' | head -c 300
}

# signalled WHAT N : true (after a FAIL line) when the run died.
signalled() {
    local what=$1 n=$2
    [ "$RC" -gt 128 ] || return 1
    fail "$what #$n: no signal" "an exit status" "signal $((RC - 128)); stderr: $ERR; failing allocation: $(fault_site)"
    return 0
}

# clean_error WHAT N COMMAND : exit 3 with "passim COMMAND: why" last.
clean_error() {
    local what=$1 n=$2 command=$3
    # "passim: out of memory" comes from the fatal handler cli/main.c
    # installs, called where Xapian's matcher cannot fail softly.
    if [ "$RC" = 3 ] && [[ ${ERR##*$'\n'} =~ ^passim(\ $command)?:\ [^\ ] ]]; then
        return 0
    fi
    fail "$what #$n: exit 3 with a message" "exit 3, 'passim $command: why'" \
        "exit $RC; stderr: $ERR; failing allocation: $(fault_site)"
    return 1
}

counts() { # DB : "articles passages"
    "$PASSIM" stats --db "$1" --json 2>/dev/null | jq -r '"\(.articles) \(.passages)"'
}

# content DB : every article with its fields and first passage (the
# fixtures' languages match them all), in a fixed order and without scores:
# an article indexed from half-read metadata counts the same but reads
# differently.
content() {
    "$PASSIM" search --db "$1" --json --limit 1000 \
        'lang:en OR lang:fr OR lang:de' 2>/dev/null |
        jq -c '[.hits[] | del(.score, .rank)] | sort_by(.id)'
}

section "clean runs"
REF=$TEST_TMP/ref
index_fixtures "$REF"
REF_COUNTS=$(counts "$REF")
assert_match "$REF_COUNTS" '^[1-9][0-9]* [1-9][0-9]*$' "the fixtures index into articles and passages ($REF_COUNTS)"
REF_CONTENT=$(content "$REF")
assert_eq "${REF_COUNTS% *}" "$(jq length <<<"$REF_CONTENT")" "the content query reads every article"
INDEX_ALLOCS=$(allocations index --db "$TEST_TMP/count-db" "$FIXTURES")
assert_match "$INDEX_ALLOCS" '^[0-9]{4,}$' "a clean index counts its allocations ($INDEX_ALLOCS)"

# search_args MODE : the options and query of a search mode, into ARGS.
search_args() {
    case $1 in
    text) ARGS=(revenue share) ;;
    json) ARGS=(--json --facet tag revenue share) ;;
    phrase) ARGS=('"revenue share"') ;;
    esac
}
SEARCH_MODES="text json phrase"
declare -A SEARCH_REF SEARCH_ALLOCS
for mode in $SEARCH_MODES; do
    search_args "$mode"
    assert_status 0 "$PASSIM" search --db "$REF" "${ARGS[@]}"
    SEARCH_REF[$mode]=$OUT
    SEARCH_ALLOCS[$mode]=$(allocations search --db "$REF" "${ARGS[@]}")
    assert_match "${SEARCH_ALLOCS[$mode]}" '^[0-9]{2,}$' "a clean $mode search counts its allocations (${SEARCH_ALLOCS[$mode]})"
done
assert_contains "${SEARCH_REF[text]}" "revenue share" "the clean text search shows a snippet"
assert_jq '.hits[0].snippet | length > 0' "the clean JSON search has a snippet" "${SEARCH_REF[json]}"

# search_run MODE N : one search with allocation N failing, checked.
search_run() {
    local mode=$1 n=$2
    search_args "$mode"
    faulty "$n" search --db "$REF" "${ARGS[@]}"
    signalled "$mode search" "$n" && return
    if [ "$RC" = 0 ]; then
        ABSORBED=$((ABSORBED + 1))
        [ "$OUT" == "${SEARCH_REF[$mode]}" ] ||
            fail "$mode search #$n: exit 0 prints a clean run's results" "${SEARCH_REF[$mode]}" \
                "$OUT; failing allocation: $(fault_site)"
    else
        clean_error "$mode search" "$n" search
    fi
}

# index_run N : one index into a new database with allocation N failing,
# checked, and a rerun without the fault.
index_run() {
    local n=$1 at="index #$1" got failed problems
    rm -rf "$DB"
    faulty "$n" index --db "$DB" "$FIXTURES"
    signalled index "$n" && return
    case $RC in
    0)
        ABSORBED=$((ABSORBED + 1))
        got=$(counts "$DB")
        [ "$got" = "$REF_COUNTS" ] ||
            fail "$at: exit 0 indexes every article" "$REF_COUNTS" "$got; stderr: $ERR; failing allocation: $(fault_site)"
        [ "$got" != "$REF_COUNTS" ] || [ "$(content "$DB")" == "$REF_CONTENT" ] ||
            fail "$at: exit 0 indexes every article whole" "a clean run's passages" \
                "$(diff <(jq . <<<"$REF_CONTENT") <(content "$DB" | jq .) | head -5); failing allocation: $(fault_site)"
        return ;;
    1)
        # Each input that failed is named on a line of its own.
        failed=$(printf '%s\n' "$ERR" | sed -n 's/.* \([0-9]*\) failed;.*/\1/p')
        problems=$(printf '%s\n' "$ERR" | grep -c '^/.*: ')
        if [ "${failed:-0}" -lt 1 ] || [ "$problems" -lt "$failed" ]; then
            fail "$at: exit 1 names each input that failed" "$failed path: reason lines" \
                "$ERR; failing allocation: $(fault_site)"
        fi ;;
    *) clean_error index "$n" index ;;
    esac
    if [ -e "$DB/iamglass" ]; then
        run xapian-check "$DB"
        [ "$RC" = 0 ] && [[ "$OUT" == *"No errors found"* ]] ||
            fail "$at: xapian-check" "exit 0, No errors found" "exit $RC: $(printf '%s\n' "$OUT" "$ERR" | tail -3)"
    fi
    run "$PASSIM" index --db "$DB" "$FIXTURES"
    [ "$RC" = 0 ] && [ "$(counts "$DB")" = "$REF_COUNTS" ] && [ "$(content "$DB")" == "$REF_CONTENT" ] ||
        fail "$at: a rerun without the fault reaches the clean run's passages" "exit 0, $REF_COUNTS, the same passages" \
            "exit $RC, $(counts "$DB"); stderr: $ERR; $(diff <(jq . <<<"$REF_CONTENT") <(content "$DB" | jq .) | head -5)"
}

DB=$TEST_TMP/db
# PASSIM_FAILMALLOC_MODE once: only the Nth allocation fails (the sweep);
# all: every one from the Nth on, at a few N (memory gone for good).
for FAIL_MODE in once all; do
    if [ "$FAIL_MODE" = once ]; then
        section "allocation N failing"
        # The phrase search at every N: where Xapian crashed without the reserve.
        search_points() { if [ "$mode" = phrase ]; then points "$1" 1; else points "$1" "$SEARCH_ALL"; fi; }
        index_points() { points "$1" 0; }
    else
        section "every allocation from the Nth on failing"
        search_points() { if [ "$mode" = phrase ]; then seq 1 "$1"; else seq 1 $(($1 / FROM_NTH)) "$1"; fi; }
        index_points() { seq 1 $(($1 / FROM_NTH)) "$1"; }
    fi
    for mode in $SEARCH_MODES; do
        tried=0 bad=$FAILED ABSORBED=0
        for n in $(search_points "${SEARCH_ALLOCS[$mode]}"); do
            tried=$((tried + 1))
            search_run "$mode" "$n"
        done
        [ "$FAILED" = "$bad" ] &&
            pass "$mode search, $FAIL_MODE: $tried N of ${SEARCH_ALLOCS[$mode]}, each absorbed ($ABSORBED) or a clean exit 3"
    done
    tried=0 bad=$FAILED ABSORBED=0
    for n in $(index_points "$INDEX_ALLOCS"); do
        tried=$((tried + 1))
        index_run "$n"
    done
    [ "$FAILED" = "$bad" ] &&
        pass "index, $FAIL_MODE: $tried N of $INDEX_ALLOCS: absorbed ($ABSORBED), input failures named, or a clean exit 3; databases check and reruns converge"
done
[ "$FAILED" = 0 ] || echo "# to see a failing run: PASSIM_FAILMALLOC_N=N [PASSIM_FAILMALLOC_MODE=all] PASSIM_FAILMALLOC_TRACE=FILE LD_PRELOAD=$SHIM passim ..."

if [ -e "$XDG_DATA_HOME/passim" ]; then
    fail "no run wrote the default database" "no $XDG_DATA_HOME/passim" "$(ls -R "$XDG_DATA_HOME/passim" | head -5)"
else
    pass "no run wrote the default database"
fi
finish
