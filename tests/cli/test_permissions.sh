#!/usr/bin/env bash
# test_permissions.sh — what the operating system refuses (issue 9.9): a
# database the user may read but not write still serves searches while
# `index` and `delete` into it fail with exit 3 and say why; one the user
# may not read is exit 3 saying so, not called damaged; unreadable
# files and folders are reported as 'path: reason' and skipped while the
# rest is indexed; `passim search | head -1` ends quietly; a closed standard
# output makes passim fail without crashing and without touching the
# database.
#
# As root (CI), the unprivileged parts run as the user nobody through
# setpriv; as anyone else, as the user running the test.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

GEN=$PASSIM_SOURCE_DIR/tests/tools/gen_articles.py

# Everyone may walk to the test's files; each check sets its own modes.
chmod 755 "$TEST_TMP" "$TEST_TMP/cwd"
AS_USER=()
USER_OK=1
if [ "$(id -u)" = 0 ]; then
    if id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null; then
        AS_USER=(setpriv --reuid="$(id -u nobody)" --regid="$(id -g nobody)" --clear-groups)
    fi
    if [ ${#AS_USER[@]} = 0 ] || ! "${AS_USER[@]}" "$PASSIM" --version >/dev/null 2>&1 ||
        ! "${AS_USER[@]}" test -x "$TEST_TMP/cwd"; then
        USER_OK=0
    fi
fi
who=$([ ${#AS_USER[@]} = 0 ] && id -un || echo nobody)

# tree_sum DIR : one checksum of every file's bytes, to tell a database was
# left alone.
tree_sum() {
    (cd "$1" && find . -type f -print0 | sort -z | xargs -0 md5sum | md5sum)
}

section "a read-only database (as $who)"
if [ "$USER_OK" = 0 ]; then
    skip "running as root without a working 'setpriv' to the user nobody: no unprivileged checks"
else
    RO=$TEST_TMP/ro
    index_fixtures "$RO"
    chmod -R a-w "$RO"
    before=$(tree_sum "$RO")
    assert_status 0 "${AS_USER[@]}" "$PASSIM" search --db "$RO" --json revenue share
    assert_eq revenue-share "$(jq_get '.hits[0].id')" "search over the read-only database: the right top hit"
    assert_status 0 "${AS_USER[@]}" "$PASSIM" stats --db "$RO" --json
    assert_jq '.articles == 13' "stats over the read-only database"
    assert_status 3 "${AS_USER[@]}" "$PASSIM" index --db "$RO" "$FIXTURES"
    assert_contains "$ERR" "$RO" "index: the message names the database"
    assert_match "$ERR" '[Pp]ermission denied|[Rr]ead-only' "index: the message says it may not write"
    assert_not_contains "$ERR" "locked by another writer" "index: a read-only database is not called locked"
    assert_status 3 "${AS_USER[@]}" "$PASSIM" delete --db "$RO" feed-1
    assert_match "$ERR" '[Pp]ermission denied|[Rr]ead-only' "delete: the message says it may not write"
    assert_eq "$before" "$(tree_sum "$RO")" "the read-only database's files are untouched"
    run xapian-check "$RO"
    assert_contains "$OUT" "No errors found" "xapian-check on the read-only database"

    mkdir "$TEST_TMP/closed"
    chmod 555 "$TEST_TMP/closed"
    assert_status 3 "${AS_USER[@]}" "$PASSIM" index --db "$TEST_TMP/closed/db" "$FIXTURES"
    assert_match "$ERR" '[Pp]ermission denied' "a new database in a read-only folder: the message says why"
    chmod -R u+w "$RO" # so the scratch folder can be removed
fi

section "a database the user may not read (as $who)"
# Xapian says "cannot find" or "cannot open" of a database it may not read
# as of a damaged one: passim says which it is (issue 18: it called both
# damaged).
if [ "$USER_OK" = 0 ]; then
    skip "running as root without a working 'setpriv' to the user nobody: cannot make a database unreadable"
else
    SHUT=$TEST_TMP/shut
    index_fixtures "$SHUT"
    # expect_unreadable WHAT PATH COMMAND... : exit 3 naming PATH, saying
    # permission is denied, not that the database is damaged.
    expect_unreadable() {
        local what=$1 path=$2
        shift 2
        assert_status 3 "${AS_USER[@]}" "$PASSIM" "$@" --db "$SHUT"
        assert_contains "$ERR" "$path: cannot read it: Permission denied" "$what: the message names it, permission denied"
        assert_not_contains "$ERR" "damaged" "$what: not called damaged"
    }
    chmod 000 "$SHUT"
    expect_unreadable "search, a folder of mode 000" "$SHUT" search revenue
    expect_unreadable "stats, a folder of mode 000" "$SHUT" stats
    expect_unreadable "index, a folder of mode 000" "$SHUT" index "$FIXTURES"
    chmod 755 "$SHUT"
    chmod 000 "$SHUT/postlist.glass"
    expect_unreadable "search, a table of mode 000" "$SHUT/postlist.glass" search revenue
    expect_unreadable "index, a table of mode 000" "$SHUT/postlist.glass" index "$FIXTURES"
    chmod 644 "$SHUT/postlist.glass"
    chmod 000 "$SHUT/iamglass"
    expect_unreadable "search, a version file of mode 000" "$SHUT/iamglass" search revenue
    chmod 644 "$SHUT/iamglass"
    assert_status 0 "${AS_USER[@]}" "$PASSIM" search --db "$SHUT" revenue
fi

section "unreadable inputs (as $who)"
if [ "$USER_OK" = 0 ]; then
    skip "running as root without a working 'setpriv' to the user nobody: cannot make a file unreadable"
else
    SRC=$TEST_TMP/src
    mkdir -p "$SRC/sub" "$TEST_TMP/writable"
    chmod 777 "$TEST_TMP/writable"
    cp "$FIXTURES/2026-05-04-revenue-share.md" "$FIXTURES/feed.jsonl" "$SRC/"
    cp "$FIXTURES/2025-12-01-cooling-briefing.txt" "$SRC/secret.txt"
    cp "$FIXTURES/2026-04-27-agreement-2032.md" "$SRC/sub/"
    chmod 000 "$SRC/secret.txt" "$SRC/sub"
    assert_status 1 "${AS_USER[@]}" "$PASSIM" index --json --db "$TEST_TMP/writable/db" "$SRC"
    assert_jq '.added == 4 and .failed == 2' "the 4 readable articles indexed, 2 inputs failed"
    assert_match "$ERR" "^$SRC/secret\\.txt: .*[Pp]ermission denied" "the unreadable file: 'path: reason'"
    assert_match "$ERR" "^$SRC/sub: .*[Pp]ermission denied" "the unreadable folder: 'path: reason'"
    assert_ids "$TEST_TMP/writable/db" revenue-share revenue share
    assert_ids "$TEST_TMP/writable/db" "" quokka
    chmod 755 "$SRC/sub"
fi

section "--prune removes only files that are gone, not unreadable ones (as $who)"
if [ "$USER_OK" = 0 ]; then
    skip "running as root without a working 'setpriv' to the user nobody: cannot make a file unreadable"
else
    KEEP=$TEST_TMP/keep
    mkdir -p "$KEEP/shut"
    chmod 777 "$KEEP" "$KEEP/shut"
    cp "$FIXTURES/2025-12-01-cooling-briefing.txt" "$KEEP/secret.txt"
    cp "$FIXTURES/2026-04-27-agreement-2032.md" "$FIXTURES/2026-04-28-azure-exclusivity.md" "$KEEP/shut/"
    cp "$FIXTURES/2026-05-04-revenue-share.md" "$KEEP/"
    chmod 644 "$KEEP"/*.* "$KEEP"/shut/*
    secret_id=$(realpath "$KEEP/secret.txt")
    assert_status 0 "${AS_USER[@]}" "$PASSIM" index --json --db "$TEST_TMP/writable/keep-db" "$KEEP"
    assert_jq '.added == 4' "all 4 articles indexed while readable"
    chmod 000 "$KEEP/secret.txt"
    chmod 600 "$KEEP/shut"
    assert_status 1 "${AS_USER[@]}" "$PASSIM" index --json --prune --db "$TEST_TMP/writable/keep-db" "$KEEP"
    assert_jq '.removed == 0 and .failed == 2' "--prune over an unreadable file and folder: both reported failed, none removed"
    chmod 755 "$KEEP/shut"
    assert_ids "$TEST_TMP/writable/keep-db" "$secret_id" quokka
    assert_ids "$TEST_TMP/writable/keep-db" "agreement-2032 azure-exclusivity" "id:agreement-2032 OR id:azure-exclusivity"
    rm "$KEEP/shut/2026-04-28-azure-exclusivity.md"
    assert_status 1 "${AS_USER[@]}" "$PASSIM" index --json --prune --db "$TEST_TMP/writable/keep-db" "$KEEP"
    assert_jq '.removed == 1 and .failed == 1' "--prune once a file is really gone: exactly it removed (the unreadable one failed)"
    assert_ids "$TEST_TMP/writable/keep-db" "agreement-2032" "id:agreement-2032 OR id:azure-exclusivity"
    assert_ids "$TEST_TMP/writable/keep-db" "$secret_id" quokka
    chmod 644 "$KEEP/secret.txt"
fi

section "a reader that stops reading"
python3 "$GEN" --count 300 --seed 3 -o "$TEST_TMP/big.jsonl"
BIG=$TEST_TMP/big
index_fixtures "$BIG" "$TEST_TMP/big.jsonl"
# 'hazo' is in most passages: every format prints far more than a pipe holds.
for format in text --json --jsonl; do
    opts=(--per-article 0 --limit 5000)
    [ "$format" != text ] && opts+=("$format")
    "$PASSIM" search --db "$BIG" "${opts[@]}" hazo 2>"$TEST_TMP/pipe.err" | head -1 >"$TEST_TMP/first"
    status=${PIPESTATUS[0]}
    read_file ERR "$TEST_TMP/pipe.err"
    assert_match "$status" '^(0|141)$' "search $format | head -1: passim ends with 0 or SIGPIPE (got $status)"
    assert_eq "" "$ERR" "search $format | head -1: nothing on stderr"
    assert_ne "" "$(cat "$TEST_TMP/first")" "search $format | head -1: the first line came through"
done
for _ in $(seq 20); do
    echo '{"q": "hazo", "per_article": 0, "limit": 200}'
done | "$PASSIM" search --batch --db "$BIG" 2>"$TEST_TMP/pipe.err" | head -1 >"$TEST_TMP/first"
status=${PIPESTATUS[1]}
read_file ERR "$TEST_TMP/pipe.err"
assert_match "$status" '^(0|141)$' "search --batch | head -1: passim ends with 0 or SIGPIPE (got $status)"
assert_eq "" "$ERR" "search --batch | head -1: nothing on stderr"
assert_jq '.hits | length == 200' "search --batch | head -1: the first answer came through" "$(cat "$TEST_TMP/first")"

section "a closed standard output"
before=$(tree_sum "$BIG")
# closed CMD... : runs CMD with standard output closed; $RC and $ERR.
closed() {
    "$@" >&- 2>"$TEST_TMP/closed.err"
    RC=$?
    read_file ERR "$TEST_TMP/closed.err"
}
for format in text --json --jsonl; do
    opts=()
    [ "$format" != text ] && opts+=("$format")
    closed "$PASSIM" search --db "$BIG" "${opts[@]}" hazo
    if [ "$RC" -ne 0 ] && [ "$RC" -lt 128 ]; then
        pass "search $format >&-: fails without crashing (exit $RC)"
    else
        fail "search $format >&-: fails without crashing" "exit 1..127" "$RC; stderr: $ERR"
    fi
done
echo '{"q": "hazo"}' | closed "$PASSIM" search --batch --db "$BIG"
if [ "$RC" -ne 0 ] && [ "$RC" -lt 128 ]; then
    pass "search --batch >&-: fails without crashing (exit $RC)"
else
    fail "search --batch >&-: fails without crashing" "exit 1..127" "$RC; stderr: $ERR"
fi
assert_eq "$before" "$(tree_sum "$BIG")" "searches with stdout closed leave the database untouched"

# A writer with stdout closed: the first file it opens gets descriptor 1, so
# printing the summary there must neither corrupt the database nor pass for
# success.
closed "$PASSIM" index --json --db "$TEST_TMP/closed-out" "$FIXTURES"
if [ "$RC" -ne 0 ] && [ "$RC" -lt 128 ]; then
    pass "index --json >&-: the summary could not be printed: fails without crashing (exit $RC)"
else
    fail "index --json >&-: fails without crashing, as the summary could not be printed" "exit 1..127" "$RC; stderr: $ERR"
fi
run xapian-check "$TEST_TMP/closed-out"
assert_contains "$OUT" "No errors found" "index --json >&-: xapian-check on its database"
assert_status 0 "$PASSIM" stats --db "$TEST_TMP/closed-out" --json
assert_jq '.articles == 13' "index --json >&-: every article indexed"

finish
