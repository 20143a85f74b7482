#!/usr/bin/env bash
# test_crash.sh — `passim index` killed with SIGKILL at random moments (issue
# 4, issue 9.2): after every kill the database passes xapian-check, search
# answers, and every article is wholly there or wholly absent (one document,
# one content hash) — including runs that replace every article's body; a
# rerun then converges to exactly what one clean run builds. `--compact`
# killed right before and right after it swaps the compacted copy in
# leaves the database there, whole, all along.
#
# CI: 3,000 articles, a third of them replaced, 5 kills per phase;
# PASSIM_LONG=1: 10,000 articles, all replaced, 20 kills; under valgrind
# (PASSIM_UNDER_VALGRIND=1): 100 articles, 2 kills per phase.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

GEN=$PASSIM_SOURCE_DIR/tests/tools/gen_articles.py
MARKER=passimmarker
if [ "${PASSIM_LONG:-0}" = 1 ]; then
    ARTICLES=10000 KILLS=20 REVISE_EVERY=1
elif under_valgrind; then
    ARTICLES=100 KILLS=2 REVISE_EVERY=3
else
    ARTICLES=3000 KILLS=5 REVISE_EVERY=3
fi
REVISED=$(((ARTICLES + REVISE_EVERY - 1) / REVISE_EVERY))
RANDOM=4242 # the kill moments: the same every run

for tool in xapian-check xapian-delve python3 timeout; do
    command -v "$tool" >/dev/null || { fail "$tool is needed (scripts/setup installs it)"; finish; }
done

python3 "$GEN" --count "$ARTICLES" --seed 7 --marker "$MARKER" -o "$TEST_TMP/rev0.jsonl"
python3 "$GEN" --count "$ARTICLES" --seed 7 --marker "$MARKER" --revision 1 \
    --revise-every "$REVISE_EVERY" -o "$TEST_TMP/rev1.jsonl"

# Both revisions are indexed from one path, the feed, as a feed changes in
# place: an article's path is stored with it, so the same articles from
# another file would all be rewritten.
FEED=$TEST_TMP/feed.jsonl
feed_revision() { # N : the feed holds revision N
    cp "$TEST_TMP/rev$1.jsonl" "$FEED"
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# article_table DB : one line per article, "id hash passages", sorted; an
# article stored in more than one document (half old, half new) is
# "id BROKEN ...". Read with xapian-delve from value slots 0 (article id),
# 2 (content hash) and 8 (passages).
article_table() {
    local db=$1 slot
    for slot in 0 2 8; do
        xapian-delve -1 -V"$slot" "$db" | tail -n +2 >"$TEST_TMP/slot$slot" || return 1
    done
    awk '{ d = $0; sub(/:.*/, "", d); v = $0; sub(/^[^:]*:/, "", v) }
         FILENAME ~ /slot0$/ { id[d] = v; docs[v]++; next }
         FILENAME ~ /slot2$/ { hash[d] = v; next }
         { passages[d] = v }
         END {
             for (d in id) {
                 i = id[d]
                 if (docs[i] != 1)
                     print i, "BROKEN documents=" docs[i]
                 else
                     print i, hash[d], passages[d]
             }
         }' "$TEST_TMP/slot0" "$TEST_TMP/slot2" "$TEST_TMP/slot8" | sort -u
}

missing_lines() { # WANTED HAVE : how many lines of WANTED HAVE lacks
    grep -cvxFf "$2" "$1"
}

stat_field() { # DB FIELD
    "$PASSIM" stats --db "$1" --json 2>/dev/null | jq -r ".$2"
}

# check_after_kill DB WHAT ALLOWED-TABLE... : the database a killed run left
# is sound; every article in it is one of the allowed (id hash passages)
# lines; with EXPECT_ARTICLES set, it holds that many articles. Sets LEFT to
# how many lines of the last allowed table (the run's goal) it still lacks.
check_after_kill() {
    local db=$1 what=$2 table broken foreign
    shift 2
    if [ ! -e "$db/iamglass" ]; then
        pass "$what: killed before the database existed; nothing to check"
        return
    fi
    run xapian-check "$db"
    if [ "$RC" = 0 ] && [[ "$OUT" == *"No errors found"* ]]; then
        pass "$what: xapian-check finds no errors"
    else
        fail "$what: xapian-check $db" "exit 0, No errors found" "exit $RC: $(printf '%s\n' "$OUT" "$ERR" | tail -5)"
    fi
    # Xapian writes the version file of a new database before passim's
    # metadata gets the first commit: a kill in between (a window of
    # microseconds, of a second under valgrind) leaves an empty Xapian
    # database that search refuses as not passim's, and the next run
    # completes (kill_runs' caller checks it).
    if [ "$(xapian-delve "$db" 2>/dev/null | sed -n 's/^revision = //p')" = 0 ]; then
        run "$PASSIM" search --db "$db" --json --limit 1 "$MARKER"
        if [ "$RC" = 3 ] && [[ "$ERR" == *"not a passim database"* ]]; then
            pass "$what: killed before the first commit; search says it is not a passim database yet"
        else
            fail "$what: search over a database never committed" "exit 3, not a passim database" "exit $RC: $OUT $ERR"
        fi
        return
    fi
    run "$PASSIM" search --db "$db" --json --limit 1 "$MARKER"
    if [[ "$RC" =~ ^[01]$ ]] && printf '%s' "$OUT" | jq -e '.hits | type == "array"' >/dev/null 2>&1; then
        pass "$what: search answers (exit $RC, valid JSON, total $(jq_get .total))"
    else
        fail "$what: passim search --json $MARKER" "exit 0 or 1 with a JSON document" "exit $RC: $OUT $ERR"
    fi
    table=$(article_table "$db")
    broken=$(printf '%s\n' "$table" | grep ' BROKEN ' | head -5)
    assert_eq "" "$broken" "$what: no article half written (one document each)"
    foreign=$(printf '%s\n' "$table" | grep -v '^$' | grep -vxFf <(cat "$@") | head -5)
    assert_eq "" "$foreign" "$what: every article equals a clean run's version of it"
    if [ -n "$EXPECT_ARTICLES" ]; then
        assert_eq "$EXPECT_ARTICLES" "$(stat_field "$db" articles)" "$what: no article missing"
    fi
    LEFT=$(missing_lines "${!#}" <(printf '%s\n' "$table"))
}

# kill_runs DB INPUT TARGET-TABLE CLEAN-MS START-DB ALLOWED-TABLE... : KILLS
# runs of `passim index --commit-every 100 INPUT`, each SIGKILLed after a
# random share of the time the rest of the work should take; checked after
# each. A run that finishes before its kill does not count: the estimate of
# a whole run's time is corrected from it, the database starts over from
# START-DB (or empty), and another run is tried (3 x KILLS runs at most).
kill_runs() {
    local db=$1 input=$2 target=$3 clean_ms=$4 start=$5 kills=0 runs=0 delay status began took
    shift 5
    local work
    work=$(missing_lines "$target" <(article_table "$db" 2>/dev/null))
    LEFT=$work
    while [ "$kills" -lt "$KILLS" ] && [ "$runs" -lt $((3 * KILLS)) ]; do
        runs=$((runs + 1))
        # 5%..80% of the remaining time, plus 100 ms to start up.
        delay=$((100 + clean_ms * LEFT * (5 + RANDOM % 76) / work / 100))
        began=$(now_ms)
        # The outer 2>/dev/null silences bash's "Killed" job notice.
        { timeout -s KILL "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))" \
            "$PASSIM" index --commit-every 100 --db "$db" "$input" >/dev/null 2>"$TEST_TMP/kill.err"; } 2>/dev/null
        status=$?
        took=$(($(now_ms) - began))
        case $status in
        137)
            kills=$((kills + 1))
            check_after_kill "$db" "kill $kills after ${delay} ms" "$@"
            ;;
        0)
            echo "# a run finished in ${took} ms, before its kill at ${delay} ms; starting over"
            [ "$LEFT" -gt 0 ] && clean_ms=$((took * work / LEFT))
            rm -rf "$db"
            [ -n "$start" ] && cp -a "$start" "$db"
            LEFT=$work
            ;;
        *) fail "run $runs: passim index before its kill" "killed (137) or done (0)" \
            "$status: $(head -c 500 "$TEST_TMP/kill.err")" ;;
        esac
    done
    assert_eq "$KILLS" "$kills" "$KILLS runs killed midway ($runs runs)"
}

# finish_run DB INPUT REFERENCE-DB REFERENCE-TABLE WHAT : a rerun to the end
# gives what the clean run gave.
finish_run() {
    local db=$1 input=$2 ref=$3 table=$4 what=$5 f ids
    assert_status 0 "$PASSIM" index --commit-every 100 --db "$db" "$input"
    for f in articles passages; do
        assert_eq "$(stat_field "$ref" "$f")" "$(stat_field "$db" "$f")" "$what: as many $f as the clean run"
    done
    article_table "$db" >"$TEST_TMP/final.table"
    assert_eq "" "$(diff "$table" "$TEST_TMP/final.table" | head -10)" \
        "$what: the same (article id, content hash, passages) as the clean run"
    run "$PASSIM" search --db "$db" --json --per-article 1 --limit 100000 "$MARKER"
    ids=$(jq_get '.hits[].id' | sort | cmp -s - <(cut -d' ' -f1 "$table") && echo same)
    assert_eq "0 $ARTICLES same" "$RC $(jq_get .total) $ids" "$what: search for $MARKER finds every article once"
    assert_status 0 "$PASSIM" index --json --db "$db" "$input"
    assert_jq ".unchanged == $ARTICLES and .added == 0 and .updated == 0" "$what: a further run changes nothing"
}

section "clean runs: $ARTICLES articles, then $REVISED of them changed"
start=$(now_ms)
feed_revision 0
assert_status 0 "$PASSIM" index --db "$TEST_TMP/A" "$FEED"
clean0_ms=$(($(now_ms) - start))
article_table "$TEST_TMP/A" >"$TEST_TMP/A0.table"
assert_eq "$ARTICLES" "$(wc -l <"$TEST_TMP/A0.table")" "clean run: $ARTICLES articles in the value slots"
assert_eq "" "$(grep ' BROKEN ' "$TEST_TMP/A0.table" | head -3)" "clean run: every article whole"
cp -a "$TEST_TMP/A" "$TEST_TMP/A0"
start=$(now_ms)
feed_revision 1
assert_status 0 "$PASSIM" index --json --db "$TEST_TMP/A" "$FEED"
clean1_ms=$(($(now_ms) - start))
assert_jq ".updated == $REVISED" "clean update run: $REVISED articles updated"
article_table "$TEST_TMP/A" >"$TEST_TMP/A1.table"
assert_eq "$REVISED" "$(missing_lines "$TEST_TMP/A1.table" "$TEST_TMP/A0.table")" \
    "clean update run: $REVISED hashes changed"
echo "# clean runs: ${clean0_ms} ms, ${clean1_ms} ms"

section "$KILLS kills while adding"
EXPECT_ARTICLES=""
B=$TEST_TMP/B
feed_revision 0
kill_runs "$B" "$FEED" "$TEST_TMP/A0.table" "$clean0_ms" "" "$TEST_TMP/A0.table"
finish_run "$B" "$FEED" "$TEST_TMP/A0" "$TEST_TMP/A0.table" "after the kills while adding"

section "$KILLS kills while replacing $REVISED articles"
cp -a "$B" "$TEST_TMP/B0"
EXPECT_ARTICLES=$ARTICLES # a replaced article is never missing, not even briefly
feed_revision 1
kill_runs "$B" "$FEED" "$TEST_TMP/A1.table" "$clean1_ms" "$TEST_TMP/B0" \
    "$TEST_TMP/A0.table" "$TEST_TMP/A1.table"
finish_run "$B" "$FEED" "$TEST_TMP/A" "$TEST_TMP/A1.table" "after the kills while replacing"

section "--compact killed just before and just after it swaps the compacted copy in"
# tests/faults' killat shim sends SIGKILL right before or right after the
# first rename of the database's folder. The database must be there all
# along, holding what the run committed before compacting; the next run
# clears what was left beside it. The feed is read from where the update
# run read it: an article's place is part of what makes it unchanged.
# (Outside memcheck: the shim must be
# preloaded into passim itself.)
KILLAT=${PASSIM_KILLAT_SO:-$(dirname "$PASSIM_NATIVE")/tests/faults/killat.so}
C=$TEST_TMP/C
# leftovers : what is beside the database C, one name a line.
leftovers() {
    (cd "$TEST_TMP" && ls -d C.* 2>/dev/null)
}
# after_swap_kill WHAT : C holds the whole update run, and a rerun clears
# whatever is beside it.
after_swap_kill() {
    local what=$1
    assert_status 0 "$PASSIM" stats --db "$C" --json
    assert_jq ".articles == $ARTICLES" "$what: stats finds the database, all $ARTICLES articles"
    assert_eq "" "$(diff "$TEST_TMP/A1.table" <(article_table "$C") | head -5)" \
        "$what: every article as the update run committed it"
    run xapian-check "$C"
    assert_contains "$OUT" "No errors found" "$what: xapian-check"
    assert_status 0 "$PASSIM" index --json --db "$C" "$FEED"
    assert_jq ".unchanged == $ARTICLES" "$what: the next run finds every article unchanged"
    assert_eq "" "$(leftovers)" "$what: the next run leaves nothing beside the database"
}
if [ ! -f "$KILLAT" ]; then
    fail "the killat shim is built next to passim" "$KILLAT" "no such file"
else
    for when in before after; do
        rm -rf "$C" "$C".*
        cp -a "$TEST_TMP/A0" "$C"
        run env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" LD_PRELOAD="$KILLAT" \
            PASSIM_KILLAT_PATH="$C" PASSIM_KILLAT_N=1 PASSIM_KILLAT_WHEN=$when \
            "$PASSIM_NATIVE" index --compact --db "$C" "$FEED"
        assert_eq 137 "$RC" "index --compact killed $when its first rename of the database folder"
        echo "# left beside the database: $(leftovers | tr '\n' ' ')"
        after_swap_kill "killed $when the swap"
    done
fi
# What a compaction of passim before the atomic swap left when killed
# between its two renames: no database, the old one as C.old-PID and the
# compacted copy as C.compact-PID. The next writer puts the old one back.
rm -rf "$C" "$C".*
cp -a "$TEST_TMP/A" "$C.old-4242"
cp -a "$TEST_TMP/A" "$C.compact-4242"
what="an older passim's compaction killed between its two renames"
assert_status 0 "$PASSIM" index --json --db "$C" "$FEED"
assert_jq ".unchanged == $ARTICLES and .added == 0" "$what: the next run puts the database back, every article unchanged"
assert_eq "" "$(leftovers)" "$what: and leaves nothing beside it"
assert_eq "" "$(diff "$TEST_TMP/A1.table" <(article_table "$C") | head -5)" \
    "$what: every article as it was committed"

finish
