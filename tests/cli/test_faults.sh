#!/usr/bin/env bash
# test_faults.sh — a full disk while indexing (issue 9.3). strace makes the
# Nth and every later pwrite64 (table blocks), write (the version file) or
# fdatasync (commits) of `passim index` fail with ENOSPC, for several N
# spread over a run: passim must exit 3 saying why, leave a database that
# passes xapian-check (or none at all, when creating it failed), keep what
# earlier commits wrote, and a rerun without the fault must reach the counts
# of a clean run. (The runs do not compact: the faults are meant for the
# commits, and compacting after them is test_crash.sh's.)
#
# CI: 120 articles, 3 moments per system call; PASSIM_LONG=1: 1,000 and 12;
# under valgrind (PASSIM_UNDER_VALGRIND=1): 60 articles, 2 moments.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

GEN=$PASSIM_SOURCE_DIR/tests/tools/gen_articles.py
MARKER=passimmarker
if [ "${PASSIM_LONG:-0}" = 1 ]; then
    ARTICLES=1000 SHARES="1 8 17 26 35 44 53 62 71 80 90 97"
elif under_valgrind; then
    ARTICLES=60 SHARES="1 90"
else
    ARTICLES=120 SHARES="1 45 90"
fi
COMMIT_EVERY=30 # several commits per run, so faults hit between and inside them

for tool in strace xapian-check python3; do
    command -v "$tool" >/dev/null || { fail "$tool is needed (scripts/setup installs it)"; finish; }
done
if ! strace -o /dev/null true 2>/dev/null; then
    skip "strace cannot trace here (ptrace not permitted): no fault injection"
    finish
fi
# LeakSanitizer cannot run under ptrace; the ASan build still checks memory.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0

python3 "$GEN" --count "$ARTICLES" --seed 11 --marker "$MARKER" -o "$TEST_TMP/all.jsonl"
head -n $((ARTICLES / 2)) "$TEST_TMP/all.jsonl" >"$TEST_TMP/half.jsonl"

counts() { # DB : "articles passages"
    "$PASSIM" stats --db "$1" --json 2>/dev/null | jq -r '"\(.articles) \(.passages)"'
}

section "a clean run"
REF=$TEST_TMP/ref
assert_status 0 "$PASSIM" index --compact=never --commit-every "$COMMIT_EVERY" --db "$REF" "$TEST_TMP/all.jsonl"
REF_COUNTS=$(counts "$REF")
assert_eq "$ARTICLES" "${REF_COUNTS% *}" "clean run: $ARTICLES articles"
HALF=$TEST_TMP/half
assert_status 0 "$PASSIM" index --compact=never --commit-every "$COMMIT_EVERY" --db "$HALF" "$TEST_TMP/half.jsonl"
HALF_ARTICLES=$(counts "$HALF")
HALF_ARTICLES=${HALF_ARTICLES% *}

# strace_filter SYSCALL DB : the strace options that pick the calls to fail.
# write(2) also reports problems on stderr: only writes of the version file
# (v.tmp, renamed over iamglass) are failed, so the error message gets out.
strace_filter() {
    if [ "$1" = write ]; then
        printf '%s\n' -P "$2/v.tmp"
    fi
}

# calls_in_run SYSCALL START-DB : how many SYSCALL calls the busiest thread
# of a clean run makes (strace counts calls per thread for when=N).
calls_in_run() {
    local syscall=$1 start=$2 db=$TEST_TMP/count-db
    rm -rf "$db"
    [ -n "$start" ] && cp -a "$start" "$db"
    # shellcheck disable=SC2046 # the filter is zero or two words
    strace -f -qq -o "$TEST_TMP/trace" $(strace_filter "$syscall" "$db") -e trace="$syscall" \
        "$PASSIM" index --compact=never --commit-every "$COMMIT_EVERY" --db "$db" "$TEST_TMP/all.jsonl" 2>/dev/null
    awk -v c="$syscall(" 'index($2, c) == 1 { n[$1]++ } END { m = 0; for (p in n) if (n[p] > m) m = n[p]; print m }' \
        "$TEST_TMP/trace"
}

# sweep SYSCALL START-DB WHAT : the disk fills at the Nth SYSCALL, for N at
# each share (in %) of the calls a clean run makes. START-DB: "" (a new
# database) or a database to start from.
sweep() {
    local syscall=$1 start=$2 what=$3 calls share n last=0 db kept
    calls=$(calls_in_run "$syscall" "$start")
    if [ "${calls:-0}" -lt 1 ]; then
        fail "$what: a clean run calls $syscall" "at least 1 call" "${calls:-none}"
        return
    fi
    echo "# $what: a clean run makes $calls $syscall calls"
    for share in $SHARES; do
        n=$((calls * share / 100))
        [ "$n" -lt 1 ] && n=1
        [ "$n" -le "$last" ] && continue
        last=$n
        db=$TEST_TMP/db-$syscall-$n
        rm -rf "$db"
        [ -n "$start" ] && cp -a "$start" "$db"
        # shellcheck disable=SC2046
        run strace -f -qq -o /dev/null $(strace_filter "$syscall" "$db") -e trace="$syscall" \
            -e inject="$syscall":error=ENOSPC:when="$n"+ \
            "$PASSIM" index --compact=never --commit-every "$COMMIT_EVERY" --db "$db" "$TEST_TMP/all.jsonl"
        local at="$what, ENOSPC from $syscall #$n of $calls"
        assert_eq 3 "$RC" "$at: exit 3"
        # Xapian 1.4 drops errno when it cannot create its version file;
        # there the message can only say the creation failed.
        assert_match "$ERR" 'No space left on device|[Dd]isk (is )?full|Failed to create iamglass' "$at: stderr says the disk is full"
        if [ -e "$db/iamglass" ]; then
            run xapian-check "$db"
            if [ "$RC" = 0 ] && [[ "$OUT" == *"No errors found"* ]]; then
                pass "$at: xapian-check finds no errors"
            else
                fail "$at: xapian-check" "exit 0, No errors found" "exit $RC: $(printf '%s\n' "$OUT" "$ERR" | tail -5)"
            fi
        elif [ -n "$start" ]; then
            fail "$at: the database it started from is still there" "$db/iamglass" "no such file"
        else
            pass "$at: no database was created (the fault came first)"
        fi
        if [ -n "$start" ]; then
            kept=$(counts "$db")
            if [ "${kept% *}" -ge "$HALF_ARTICLES" ] 2>/dev/null; then
                pass "$at: the articles committed before are kept (${kept% *})"
            else
                fail "$at: the articles committed before are kept" ">= $HALF_ARTICLES articles" "${kept:-no stats}"
            fi
            assert_status 0 "$PASSIM" search --db "$db" --json --limit 1 "$MARKER"
        fi
        run "$PASSIM" index --compact=never --commit-every "$COMMIT_EVERY" --db "$db" "$TEST_TMP/all.jsonl"
        assert_eq 0 "$RC" "$at: a rerun without the fault succeeds${ERR:+ (stderr: $ERR)}"
        assert_eq "$REF_COUNTS" "$(counts "$db")" "$at: the rerun reaches the clean run's articles and passages"
        rm -rf "$db"
    done
}

section "disk full while writing table blocks (pwrite64), new database"
sweep pwrite64 "" "new database"
section "disk full while writing table blocks (pwrite64), database with earlier commits"
sweep pwrite64 "$HALF" "existing database"
section "disk full while writing the version file (write)"
sweep write "" "new database"
section "disk full while syncing a commit (fdatasync)"
sweep fdatasync "" "new database"
sweep fdatasync "$HALF" "existing database"

finish
