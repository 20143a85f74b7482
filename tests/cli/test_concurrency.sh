#!/usr/bin/env bash
# test_concurrency.sh — readers and writers at once (issue 9.4): searches, in
# batch mode and as separate processes, while an indexer replaces every
# article and commits every 5: each answer is valid JSON, never a database
# error, and always counts every article (a replaced article is never
# missing). Then two writers: the second fails at once with exit 4, or waits
# with --lock-timeout; a writer killed with SIGKILL frees the lock at once.
# Last, compactions beside searches and a writer waiting for the lock.
#
# CI: 300 searches; PASSIM_LONG=1: 1,000; under valgrind
# (PASSIM_UNDER_VALGRIND=1): 16 searches over 30 articles, and the writers
# get longer to start and to fail.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

GEN=$PASSIM_SOURCE_DIR/tests/tools/gen_articles.py
MARKER=passimmarker
if [ "${PASSIM_LONG:-0}" = 1 ]; then
    SEARCHES=1000 ARTICLES=1000
elif under_valgrind; then
    SEARCHES=16 ARTICLES=30
else
    SEARCHES=300 ARTICLES=300
fi
# How long a writer may take to start (25 ms steps) and to fail "at once".
START_STEPS=200 AT_ONCE_MS=3000
under_valgrind && START_STEPS=1200 AT_ONCE_MS=15000
# Words of the generator's fixed vocabulary, common enough to be everywhere.
QUERIES=("$MARKER" hazo cisupo '"hazo cisupo"' 'ka*' 'hazo -title:takane' 'hazo NEAR/5 takane')

for tool in python3 xapian-check; do
    command -v "$tool" >/dev/null || { fail "$tool is needed (scripts/setup installs it)"; finish; }
done
if [ ! -d /proc/self/fd ]; then
    skip "no /proc: cannot tell when a writer holds the lock"
    finish
fi

# Five revisions of the same articles: each run over another one replaces
# every article.
for r in 0 1 2 3 4; do
    python3 "$GEN" --count "$ARTICLES" --seed 5 --marker "$MARKER" --revision "$r" -o "$TEST_TMP/rev$r.jsonl"
done

DB=$TEST_TMP/db
revision() {
    "$PASSIM" stats --db "$DB" --json | jq -r .revision
}
# What moves when the writer commits: the revision, or (a run's compaction
# starts a new database at revision 1) the count of its finished runs.
writer_state() {
    echo "revision $(revision), $(wc -l <"$TEST_TMP/writer.status") runs finished"
}

section "searches while an indexer commits every 5 articles"
assert_status 0 "$PASSIM" index --db "$DB" "$TEST_TMP/rev0.jsonl"

# The writer replaces every article, over and over, until told to stop;
# each run's status goes to writer.status.
: >"$TEST_TMP/writer.status"
(
    r=1
    until [ -e "$TEST_TMP/stop" ]; do
        "$PASSIM" index --commit-every 5 --db "$DB" "$TEST_TMP/rev$r.jsonl" >/dev/null 2>>"$TEST_TMP/writer.err"
        echo "$?" >>"$TEST_TMP/writer.status"
        r=$((r % 3 + 1))
    done
) &
WRITER=$!
BACKGROUND_PIDS+=("$WRITER")
state_before=$(writer_state)

# Half of the searches in one batch process fed through a pipe, a request
# every 10 ms so they spread over the writer's commits; the other half as
# separate processes, at the same time.
BATCH=$((SEARCHES / 2))
QUOTED=()
for q in "${QUERIES[@]}"; do
    QUOTED+=("$(jq -n --arg q "$q" '$q')")
done
for i in $(seq "$BATCH"); do
    printf '{"id": %d, "q": %s, "limit": 3}\n' "$i" "${QUOTED[i % ${#QUERIES[@]}]}"
    sleep 0.01
done | "$PASSIM" search --batch --db "$DB" >"$TEST_TMP/batch.out" 2>"$TEST_TMP/batch.err" &
BATCHER=$!

bad=0
first_bad=""
searched=0
search_once() { # QUERY
    local q=$1 why="" total
    run "$PASSIM" search --db "$DB" --json --limit 3 "$q"
    total=$(jq_get 'if (.hits | type) == "array" then .total else "none" end')
    if [ "$RC" != 0 ]; then
        why="exit $RC"
    elif [ -z "$total" ] || [ "$total" = none ]; then
        why="not a JSON results document"
    elif [ "$q" = "$MARKER" ] && [ "$total" != "$ARTICLES" ]; then
        why="total $total, not $ARTICLES"
    fi
    if [ -n "$why" ]; then
        bad=$((bad + 1))
        [ -z "$first_bad" ] && first_bad="search $q: $why; stderr: $ERR"
    fi
    searched=$((searched + 1))
}
for i in $(seq $((SEARCHES - BATCH))); do
    search_once "${QUERIES[i % ${#QUERIES[@]}]}"
done
# On a loaded machine or under valgrind the writer may not have reached its
# first commit yet: searches go on until it has (a bounded number more).
for ((i = 0; i < 4 * SEARCHES; i++)); do
    [ "$(writer_state)" = "$state_before" ] || break
    search_once "$MARKER"
done
assert_eq "0 failed" "$bad failed${first_bad:+ (first: $first_bad)}" \
    "$searched search processes: exit 0, valid JSON, every article counted"

wait "$BATCHER"
assert_eq 0 "$?" "batch search: exit 0"
assert_eq "" "$(head -c 2000 "$TEST_TMP/batch.err")" "batch search: nothing on stderr"
assert_eq "$BATCH" "$(wc -l <"$TEST_TMP/batch.out")" "batch search: one answer line per request"
invalid=$(jq -R 'fromjson? // "INVALID" | select(. == "INVALID")' "$TEST_TMP/batch.out" | wc -l)
assert_eq 0 "$invalid" "batch search: every answer line is valid JSON"
assert_eq 0 "$(jq -R 'fromjson? | select(.error.code? == "database")' "$TEST_TMP/batch.out" | wc -l)" \
    "batch search: no database error"
assert_eq "" "$(jq -cR 'fromjson? | select(.error?) | .error' "$TEST_TMP/batch.out" | head -3)" \
    "batch search: no error object at all"
ids=$(jq -R 'fromjson? | .id' "$TEST_TMP/batch.out" | tr '\n' ' ')
assert_eq "$(seq -s ' ' "$BATCH") " "$ids" "batch search: answers in request order, with their ids"
marker_totals=$(jq -R --arg q "$MARKER" 'fromjson? | select(.query == $q) | .total' "$TEST_TMP/batch.out" | sort -u | tr '\n' ' ')
assert_eq "$ARTICLES " "$marker_totals" "batch search: '$MARKER' always counts all $ARTICLES articles"

state_after=$(writer_state)
if [ "$state_after" != "$state_before" ]; then
    pass "the writer committed while the searches ran ($state_before -> $state_after)"
else
    fail "the writer committed while the searches ran" "another state than $state_before" "$state_after"
fi
touch "$TEST_TMP/stop"
wait "$WRITER"
statuses=$(sort -u "$TEST_TMP/writer.status" | tr '\n' ' ')
assert_eq "0 " "$statuses" "every writer run exited 0 ($(wc -l <"$TEST_TMP/writer.status") runs)"
run xapian-check "$DB"
assert_contains "$OUT" "No errors found" "xapian-check after the concurrent runs"

section "two writers at once"
# start_writer : a writer in the background as $HOLDER, reading JSON Lines
# from a FIFO this shell keeps open on fd 7: it has indexed (and committed,
# every 5) the first 50 articles of rev4 and waits for more, holding the
# lock until it is killed. Returns once it holds the lock.
start_writer() {
    local i
    rm -f "$TEST_TMP/fifo"
    mkfifo "$TEST_TMP/fifo"
    "$PASSIM" index --commit-every 5 --db "$DB" - <"$TEST_TMP/fifo" >/dev/null 2>"$TEST_TMP/holder.err" &
    HOLDER=$!
    BACKGROUND_PIDS+=("$HOLDER")
    exec 7>"$TEST_TMP/fifo"
    head -n 50 "$TEST_TMP/rev4.jsonl" >&7
    for i in $(seq "$START_STEPS"); do
        readlink "/proc/$HOLDER/fd/"* 2>/dev/null | grep -q '/flintlock$' && return 0
        sleep 0.025
    done
    return 1
}
elapsed_ms() { # START_NS
    echo $((($(date +%s%N) - $1) / 1000000))
}
# kill_holder : SIGKILL, then wait (its "Killed" notice silenced) and close
# the FIFO.
kill_holder() {
    kill -9 "$HOLDER"
    { wait "$HOLDER"; } 2>/dev/null
    exec 7>&-
}

if start_writer; then
    start=$(date +%s%N)
    assert_status 4 "$PASSIM" index --db "$DB" "$TEST_TMP/rev2.jsonl"
    took=$(elapsed_ms "$start")
    assert_contains "$ERR" "lock" "the second writer says the database is locked"
    if [ "$took" -lt "$AT_ONCE_MS" ]; then
        pass "default --lock-timeout 0: the second writer fails at once (${took} ms)"
    else
        fail "default --lock-timeout 0: the second writer fails at once" "< $AT_ONCE_MS ms" "${took} ms"
    fi
    assert_eq 1 "$(kill -0 "$HOLDER" 2>/dev/null && echo 1)" "the first writer is still there"

    # A waiting writer gets the lock as soon as the holder is killed.
    start=$(date +%s%N)
    "$PASSIM" index --json --lock-timeout 5 --db "$DB" "$TEST_TMP/rev2.jsonl" \
        >"$TEST_TMP/waiter.out" 2>"$TEST_TMP/waiter.err" 7>&- &
    waiter=$!
    BACKGROUND_PIDS+=("$waiter")
    sleep 1
    if kill -0 "$HOLDER" 2>/dev/null; then
        assert_eq 1 "$(kill -0 "$waiter" 2>/dev/null && echo 1)" "--lock-timeout 5: the second writer waits"
        kill_holder
        wait "$waiter"
        status=$?
        took=$(elapsed_ms "$start")
        assert_eq 0 "$status" "--lock-timeout 5: the waiting writer succeeds once the holder is killed$(
            [ "$status" = 0 ] || printf ' (stderr: %s)' "$(head -c 500 "$TEST_TMP/waiter.err")")"
        assert_jq '.failed == 0' "the waiting writer indexed everything" "$(cat "$TEST_TMP/waiter.out")"
        if [ "$took" -ge 900 ]; then
            pass "the waiting writer did wait for the holder (${took} ms)"
        else
            fail "the waiting writer did wait for the holder" ">= 900 ms" "${took} ms"
        fi
    else
        wait "$HOLDER"
        fail "the first writer still running after 1 s" "running" "exited with $? ($(head -c 300 "$TEST_TMP/holder.err"))"
        exec 7>&-
        wait "$waiter"
    fi
else
    kill_holder
    fail "a writer holding the lock" "the writer to open flintlock" "no such fd after 5 s"
fi

if start_writer; then
    kill_holder
    assert_status 0 "$PASSIM" index --db "$DB" "$TEST_TMP/rev3.jsonl"
    assert_not_contains "$ERR" "lock" "after kill -9 of the writer, a new writer gets the lock at once"
    run xapian-check "$DB"
    assert_contains "$OUT" "No errors found" "xapian-check after the killed writer"
    assert_status 0 "$PASSIM" stats --db "$DB" --json
    assert_jq ".articles == $ARTICLES" "all $ARTICLES articles there"
else
    kill_holder
    fail "a writer holding the lock" "the writer to open flintlock" "no such fd after 5 s"
fi

section "compactions beside searches and another writer"
# A compaction swaps the compacted copy in while searches open the database
# and a second writer waits for the lock: no search may find no database,
# no answer may miss an article, and what the second writer commits must be
# in the database in the end (not in a folder swapped away).
if under_valgrind; then COMPACTIONS=3 SEARCHERS=2 EXTRA_RUNS=3; else COMPACTIONS=20 SEARCHERS=4 EXTRA_RUNS=10; fi
rm -f "$TEST_TMP/stop" "$TEST_TMP"/compact.status "$TEST_TMP"/extra.status "$TEST_TMP"/searches.*
# The compacting runs index one article (added once, then unchanged): their
# time goes to compacting.
python3 "$GEN" --count 1 --seed 99 --prefix compact- --marker "$MARKER" -o "$TEST_TMP/compact.jsonl"
for k in $(seq "$EXTRA_RUNS"); do
    python3 "$GEN" --count 3 --seed "$((100 + k))" --prefix "extra$k-" --marker "$MARKER" -o "$TEST_TMP/extra$k.jsonl"
done
(
    for k in $(seq "$COMPACTIONS"); do
        "$PASSIM" index --compact --lock-timeout 60 --db "$DB" "$TEST_TMP/compact.jsonl" >/dev/null 2>>"$TEST_TMP/compact.err"
        echo "$?" >>"$TEST_TMP/compact.status"
    done
    touch "$TEST_TMP/stop"
) &
COMPACTOR=$!
BACKGROUND_PIDS+=("$COMPACTOR")
(
    for k in $(seq "$EXTRA_RUNS"); do
        "$PASSIM" index --lock-timeout 60 --db "$DB" "$TEST_TMP/extra$k.jsonl" >/dev/null 2>>"$TEST_TMP/extra.err"
        echo "$?" >>"$TEST_TMP/extra.status"
    done
) &
EXTRA_WRITER=$!
BACKGROUND_PIDS+=("$EXTRA_WRITER")
# Each search loop: one line per search, "status total", until the
# compactions are done.
for k in $(seq "$SEARCHERS"); do
    (
        until [ -e "$TEST_TMP/stop" ]; do
            "$PASSIM" search --db "$DB" --json --limit 1 "$MARKER" >"$TEST_TMP/search-out.$k" 2>>"$TEST_TMP/searches.err"
            status=$?
            total=$(jq -r .total "$TEST_TMP/search-out.$k" 2>/dev/null)
            echo "$status ${total:-none}"
        done >"$TEST_TMP/searches.$k"
    ) &
    BACKGROUND_PIDS+=("$!")
done
# A batch reader too, a request every 10 ms until the compactions are done.
(
    until [ -e "$TEST_TMP/stop" ]; do
        printf '{"q": "%s", "limit": 1}\n' "$MARKER"
        sleep 0.01
    done
) | "$PASSIM" search --batch --db "$DB" >"$TEST_TMP/compact-batch.out" 2>"$TEST_TMP/compact-batch.err" &
COMPACT_BATCH=$!
wait "$COMPACTOR"
wait "$EXTRA_WRITER"
wait "$COMPACT_BATCH"
wait
assert_eq "0 " "$(sort -u "$TEST_TMP/compact.status" | tr '\n' ' ')" \
    "$COMPACTIONS compacting runs: every one exits 0"
assert_eq "0 " "$(sort -u "$TEST_TMP/extra.status" | tr '\n' ' ')" \
    "$EXTRA_RUNS runs of a second writer waiting for the lock: every one exits 0"
searches=$(cat "$TEST_TMP"/searches.* | wc -l)
bad=$(cat "$TEST_TMP"/searches.* | awk -v n="$ARTICLES" '$1 != 0 || $2 == "none" || $2 < n' | wc -l)
if [ "$searches" -gt 0 ] && [ "$bad" = 0 ]; then
    pass "$searches searches during the compactions: every one exits 0 and counts every article"
else
    fail "searches during the compactions: every one exits 0 and counts every article" \
        "0 bad of $searches" "$bad bad: $(cat "$TEST_TMP"/searches.* | awk -v n="$ARTICLES" '$1 != 0 || $2 == "none" || $2 < n' | head -3 | tr '\n' ';') $(head -c 300 "$TEST_TMP/searches.err")"
fi
answers=$(wc -l <"$TEST_TMP/compact-batch.out")
assert_eq "$answers 0" "$answers $(jq -R 'fromjson? // {"error": "invalid"} | select(.error? or .total < '"$ARTICLES"')' "$TEST_TMP/compact-batch.out" | wc -l)" \
    "batch search during the compactions: $answers answers, none an error or short of an article"
assert_eq "" "$(head -c 300 "$TEST_TMP/compact-batch.err")" "batch search during the compactions: nothing on stderr"
assert_status 0 "$PASSIM" stats --db "$DB" --json
assert_jq ".articles == $((ARTICLES + 1 + 3 * EXTRA_RUNS))" \
    "every article of the second writer is in the database after the compactions"
assert_eq "" "$(cd "$TEST_TMP" && ls -d db.* 2>/dev/null)" "nothing left beside the database"
run xapian-check "$DB"
assert_contains "$OUT" "No errors found" "xapian-check after the compactions"

finish
