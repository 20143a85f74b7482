#!/usr/bin/env bash
# test_corruption.sh — damaged database files (issue 9.8). For every file of
# a small database, copies with one byte flipped — the middle one, which in
# glass's 8 KB blocks is often a block header, and one 500 bytes before it,
# among the items packed at the end of a block — and a copy cut to half its
# size: `passim search` either fails with exit 3 and says why, or
# answers exactly as over the intact database — never a crash, a sanitizer
# report or a hang. `stats` and `index` on the damaged copies must not crash
# or hang either.
#
# PASSIM_LONG=1 flips more bytes: at a quarter, three quarters, and 100 and
# 2,000 bytes before the middle; under valgrind (PASSIM_UNDER_VALGRIND=1)
# only the middle one, and a command counts as hung after 120 s, not 10.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# flip_offsets SIZE : the offsets of the bytes to flip, one a line.
flip_offsets() {
    local half=$(($1 / 2)) back
    echo "$half"
    if [ "${PASSIM_LONG:-0}" = 1 ]; then
        echo $(($1 / 4))
        echo $(($1 * 3 / 4))
        for back in 100 500 2000; do
            [ "$half" -gt "$back" ] && echo $((half - back))
        done
    elif [ "$half" -gt 500 ] && ! under_valgrind; then
        echo $((half - 500))
    fi
}
LIMIT=10 # seconds before a command counts as hung
under_valgrind && LIMIT=120

# Queries that read every table: postings and positions (phrases, NEAR),
# document data (snippets), values (facets, date sort), boolean terms
# (fields, dates) and the spelling table (a misspelt word).
QUERIES=(
    'revenue share'
    '"multi cloud"'
    'azure NEAR/5 exclusivity'
    'multi*'
    'tag:cloud OR source:wire'
    'date:2026-04..'
    'revenu'
    'Rechenzentren'
)
OPTIONS=(--facet source --sort date)

DB=$TEST_TMP/db
index_fixtures "$DB"

# answer DB QUERY : what must not change: total, hit ids in order, facets.
answer() {
    timeout "$LIMIT" "$PASSIM" search --db "$1" --json --limit 20 "${OPTIONS[@]}" "$2" \
        >"$TEST_TMP/answer.out" 2>"$TEST_TMP/answer.err"
    RC=$?
    read_file ERR "$TEST_TMP/answer.err"
    ANSWER=$(jq -c '[.total, [.hits[].id], .facets]' "$TEST_TMP/answer.out" 2>/dev/null)
}

declare -A EXPECTED
for q in "${QUERIES[@]}"; do
    answer "$DB" "$q"
    EXPECTED[$q]="$RC $ANSWER"
    if [ "$RC" = 0 ] && [ -n "$ANSWER" ]; then
        pass "intact database: $q finds $(jq -r '.[0]' <<<"$ANSWER") articles"
    else
        fail "intact database: $q" "exit 0 with hits" "$RC $ANSWER $ERR"
    fi
done

# verdict STATUS STDERR : "" when a damaged database was handled acceptably
# by a command that has no answer to compare, else what went wrong.
verdict() {
    if [ "$1" = 124 ]; then
        echo "hung (killed after $LIMIT s)"
    elif [ "$1" -ge 128 ]; then
        echo "crashed (exit $1, signal $(($1 - 128)))"
    elif [[ "$2" == *Sanitizer* || "$2" == *"runtime error"* ]]; then
        echo "sanitizer report: $(printf '%s' "$2" | grep -m1 -E 'Sanitizer|runtime error')"
    elif [ "$1" = 3 ] && [ -z "$2" ]; then
        echo "exit 3 without a message"
    fi
}

# check_copy COPY WHAT : every query over the damaged copy.
check_copy() {
    local copy=$1 what=$2 q problems="" why errors=0 same=0
    for q in "${QUERIES[@]}"; do
        answer "$copy" "$q"
        why=$(verdict "$RC" "$ERR")
        if [ -z "$why" ]; then
            case $RC in
            3) errors=$((errors + 1)) ;;
            0 | 1)
                if [ "$RC $ANSWER" = "${EXPECTED[$q]}" ]; then
                    same=$((same + 1))
                else
                    why="a different answer: $RC $ANSWER; intact: ${EXPECTED[$q]}"
                fi
                ;;
            *) why="exit $RC: $ERR" ;;
            esac
        fi
        [ -n "$why" ] && problems+="[$q] $why; "
    done
    if [ -z "$problems" ]; then
        pass "$what: search: $errors exit 3 with a message, $same the intact answer"
    else
        fail "$what: search exits 3 with a message or answers as the intact database" \
            "no crash, hang or wrong answer" "$problems"
    fi
    timeout "$LIMIT" "$PASSIM" stats --db "$copy" --json >/dev/null 2>"$TEST_TMP/stats.err"
    RC=$?
    read_file ERR "$TEST_TMP/stats.err"
    why=$(verdict "$RC" "$ERR")
    [[ "$RC" =~ ^[03]$ ]] || why+=" exit $RC"
    assert_eq "" "$why" "$what: stats exits 0 or 3 (got $RC)"
    timeout "$LIMIT" "$PASSIM" index --db "$copy" "$FIXTURES/feed.jsonl" >/dev/null 2>"$TEST_TMP/index.err"
    RC=$?
    read_file ERR "$TEST_TMP/index.err"
    why=$(verdict "$RC" "$ERR")
    [[ "$RC" =~ ^[013]$ ]] || why+=" exit $RC"
    assert_eq "" "$why" "$what: index exits 0, 1 or 3 (got $RC)"
}

# flip_byte FILE OFFSET : inverts every bit of one byte, in place.
flip_byte() {
    local byte
    byte=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
    printf '%b' "\\0$(printf '%03o' $((byte ^ 255)))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

files=$(cd "$DB" && ls)
assert_contains "$files" "postlist.glass" "the database has its tables (${files//$'\n'/ })"
for f in $files; do
    size=$(stat -c %s "$DB/$f")
    section "$f ($size bytes)"
    if [ "$size" -lt 2 ]; then
        skip "$f: $size bytes, nothing to flip or cut"
        continue
    fi
    for offset in $(flip_offsets "$size"); do
        rm -rf "$TEST_TMP/copy"
        cp -a "$DB" "$TEST_TMP/copy"
        flip_byte "$TEST_TMP/copy/$f" "$offset"
        if cmp -s "$DB/$f" "$TEST_TMP/copy/$f"; then
            fail "$f: byte $offset flipped" "a changed file" "the same bytes"
            continue
        fi
        check_copy "$TEST_TMP/copy" "$f, byte $offset of $size flipped"
    done
    rm -rf "$TEST_TMP/copy"
    cp -a "$DB" "$TEST_TMP/copy"
    truncate -s $((size / 2)) "$TEST_TMP/copy/$f"
    check_copy "$TEST_TMP/copy" "$f cut to $((size / 2)) of $size bytes"
done

finish
