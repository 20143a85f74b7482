#!/usr/bin/env bash
# test_maintenance.sh — keeping a database in step with its files: `passim
# list` (text and JSON Lines), `passim prune` after a folder moved (what is
# gone goes, what cannot be reached stays), `passim delete` by the path a
# search shows, and the man page's delete example on the demo database.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# tests/data/articles: 8 Markdown, 1 text, 1 HTML, 3 JSON Lines articles.
ARTICLES=13

articles_in() {
    "$PASSIM" stats --db "$1" --json | jq .articles
}

section "passim list"
DB=$TEST_TMP/db
index_fixtures "$DB"
assert_status 0 "$PASSIM" list --db "$DB"
assert_eq "$ARTICLES" "$(printf '%s\n' "$OUT" | wc -l)" "one line per article"
assert_eq "$ARTICLES" "$(printf '%s\n' "$OUT" | awk -F'\t' 'NF == 4' | wc -l)" \
    "each line: ID, DATE, TITLE and PATH between tabs"
assert_eq "$(printf '%s\n' "$OUT" | cut -f1 | LC_ALL=C sort)" "$(printf '%s\n' "$OUT" | cut -f1)" \
    "in id order"
txt=$(realpath "$FIXTURES/2025-12-01-cooling-briefing.txt")
T=$'\t'
assert_contains "$OUT" "revenue-share${T}2026-05-04${T}Capped Royalties and the Revenue Share$T$(realpath "$FIXTURES/2026-05-04-revenue-share.md")" \
    "an article with an id: its id, date, title and file"
assert_match "$OUT" "^$txt$T[^$T]*$T[^$T]+$T$txt\$" "an article without an id: its path is its id"
assert_status 0 "$PASSIM" list --db "$DB" --json
assert_eq "$ARTICLES" "$(printf '%s\n' "$OUT" | jq -c . | wc -l)" "--json: one JSON object per line"
assert_eq "$ARTICLES" "$(printf '%s\n' "$OUT" | jq -s '[.[] | select(keys == ["date","id","path","title"])] | length')" \
    "--json: each object has id, title, date and path"
assert_eq "Wire: Token Prices Fall Again|2026-01-10|$(realpath "$FIXTURES/feed.jsonl")" \
    "$(printf '%s\n' "$OUT" | jq -r 'select(.id == "feed-3") | "\(.title)|\(.date)|\(.path)"')" \
    "--json: a JSON Lines article's fields"
printf '%s\n' '{"id": "odd", "title": "Tab\there", "body": "An undated okapi."}' |
    "$PASSIM" index --db "$DB" - 2>/dev/null
mkdir -p "$TEST_TMP/esc"
escaped="$TEST_TMP/esc/e"$'\e'"[2J.txt"
printf 'Title: Escaped\n\nA file name with an escape sequence.\n' >"$escaped"
"$PASSIM" index --db "$DB" "$TEST_TMP/esc" 2>/dev/null
assert_status 0 "$PASSIM" list --db "$DB"
assert_contains "$OUT" "odd$T${T}Tab\\x09here$T-" \
    "text: no date is an empty field, a tab is shown as \\x09, standard input is '-'"
assert_contains "$OUT" "$TEST_TMP/esc/e\\x1b[2J.txt$T${T}Escaped$T$TEST_TMP/esc/e\\x1b[2J.txt" \
    "text: an escape character in a path is shown as \\x1b"
assert_status 0 "$PASSIM" list --db "$DB" --json
assert_eq "null|Tab${T}here|-" "$(printf '%s\n' "$OUT" | jq -r 'select(.id == "odd") | "\(.date)|\(.title)|\(.path)"')" \
    "--json: date null, the title as it is, path '-'"
assert_eq "$escaped" "$(printf '%s\n' "$OUT" | jq -r 'select(.title == "Escaped") | .path')" \
    "--json: the path as it is"
printf '%s\n' '{"id": "other", "title": "Other", "body": "A second database."}' |
    "$PASSIM" index --db "$TEST_TMP/db2" - 2>/dev/null
assert_status 0 "$PASSIM" list --db "$DB" --db "$TEST_TMP/db2"
assert_eq $((ARTICLES + 3)) "$(printf '%s\n' "$OUT" | wc -l)" "several --db: the articles of all"
assert_status 3 "$PASSIM" list --db "$TEST_TMP/no-such-db"
assert_ne "" "$ERR" "list on a missing database says why"
assert_status 2 "$PASSIM" list --db "$DB" extra

section "passim prune: a moved folder"
LIB=$TEST_TMP/lib
mkdir -p "$LIB"
cp -r "$FIXTURES" "$LIB/old"
for n in 1 2 3; do
    printf 'Loose note %s\n\nA kittiwake on the ledge, number %s.\n' "$n" "$n" >"$LIB/old/note-$n.txt"
done
MOVED=$TEST_TMP/moved-db
assert_status 0 "$PASSIM" index --json --db "$MOVED" "$LIB/old"
assert_jq ".added == $((ARTICLES + 3))" "before the move: $((ARTICLES + 3)) articles"
mv "$LIB/old" "$LIB/new"
# Articles with ids follow the move (their path is rewritten, though their
# text is the same); those named by their path come again.
assert_status 0 "$PASSIM" index --json --prune --db "$MOVED" "$LIB/new"
assert_jq '.removed == 0 and .added == 5 and .updated == 11' \
    "index --prune NEW: the new copies added, the old ones not reached"
assert_status 0 "$PASSIM" search --db "$MOVED" --json id:revenue-share
assert_eq "$LIB/new/2026-05-04-revenue-share.md" "$(jq_get '.hits[0].path')" \
    "an article with an id, moved unchanged: its hits show the new path"
assert_eq $((ARTICLES + 3 + 5)) "$(articles_in "$MOVED")" "so the old copies are still there"
assert_status 0 "$PASSIM" prune --db "$MOVED"
assert_contains "$ERR" "pruned: 5 articles whose files are gone" "prune says how many it removed"
assert_eq $((ARTICLES + 3)) "$(articles_in "$MOVED")" "prune: the old copies are gone"
assert_ids "$MOVED" "$LIB/new/note-1.txt $LIB/new/note-2.txt $LIB/new/note-3.txt" kittiwake
assert_status 0 "$PASSIM" list --db "$MOVED" --json
assert_eq 0 "$(printf '%s\n' "$OUT" | jq -s "[.[] | select(.path | startswith(\"$LIB/old/\"))] | length")" \
    "list: nothing left from the old folder"
assert_status 0 "$PASSIM" prune --db "$MOVED"
assert_contains "$ERR" "pruned: 0 articles" "prune again: nothing to do"
printf '%s\n' '{"title": "Piped", "body": "A streamed gannet."}' | "$PASSIM" index --db "$MOVED" - 2>/dev/null
assert_status 0 "$PASSIM" prune --db "$MOVED"
assert_contains "$ERR" "pruned: 0 articles" "articles from standard input are never pruned"
assert_status 2 "$PASSIM" prune --db "$MOVED" "$LIB/new"
assert_contains "$ERR" "unexpected" "prune takes no PATH"
assert_status 3 "$PASSIM" prune --db "$TEST_TMP/no-such-db"
assert_eq no "$([ -e "$TEST_TMP/no-such-db" ] && echo yes || echo no)" "prune creates no database"

section "passim prune: what cannot be reached is not gone"
# As root (CI) the unprivileged run is the user nobody's, through setpriv.
AS_USER=()
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null; then
    AS_USER=(setpriv --reuid="$(id -u nobody)" --regid="$(id -g nobody)" --clear-groups)
fi
chmod 755 "$TEST_TMP"
SHUT=$TEST_TMP/shut
mkdir -p "$SHUT/closed" "$SHUT/open"
cp "$FIXTURES/2025-12-01-cooling-briefing.txt" "$SHUT/closed/"
cp "$FIXTURES/2026-02-14-custom-chips.html" "$SHUT/open/"
cp "$FIXTURES/2026-04-27-agreement-2032.md" "$SHUT/open/gone.md"
index_fixtures "$TEST_TMP/shut-db" "$SHUT"
chmod -R a+rwX "$TEST_TMP/shut-db" "$SHUT"
rm "$SHUT/open/gone.md"
chmod 700 "$SHUT/closed"
if [ "$(id -u)" = 0 ] && [ ${#AS_USER[@]} = 0 ]; then
    skip "running as root without setpriv to the user nobody: cannot make a folder unreachable"
else
    assert_status 0 "${AS_USER[@]}" "$PASSIM" prune --db "$TEST_TMP/shut-db"
    assert_contains "$ERR" "pruned: 1 article " "only the deleted file's article is removed"
    assert_ids "$TEST_TMP/shut-db" "$SHUT/closed/2025-12-01-cooling-briefing.txt" quokka
    assert_ids "$TEST_TMP/shut-db" "" id:agreement-2032
fi
chmod 755 "$SHUT/closed"

section "passim delete: the path a search shows"
mkdir -p arts
cp "$FIXTURES"/* arts/
DEL=$TEST_TMP/del-db
index_fixtures "$DEL" arts
assert_status 0 "$PASSIM" search --db "$DEL" --limit 1 quokka
shown=$(printf '%s\n' "$OUT" | sed -n 2p | awk '{print $1}')
assert_match "$shown" '^arts/2025-12-01-cooling-briefing\.txt:[0-9]+$' "search shows the path relative to here, with its line"
assert_status 0 "$PASSIM" delete --db "$DEL" "$shown"
assert_contains "$ERR" "deleted 1 article" "delete PATH:LINE as search shows it"
assert_status 1 "$PASSIM" search --db "$DEL" quokka
assert_status 0 "$PASSIM" delete --db "$DEL" arts/2026-05-04-revenue-share.md
assert_ids "$DEL" "" id:revenue-share
pass "delete PATH removes an article that has an id field of its own"
assert_status 0 "$PASSIM" delete --db "$DEL" arts/feed.jsonl
assert_contains "$ERR" "deleted 3 articles" "delete PATH removes every article of a JSON Lines file"
rm arts/2026-04-29-multicloud-market.md
assert_status 0 "$PASSIM" delete --db "$DEL" arts/2026-04-29-multicloud-market.md
assert_ids "$DEL" "" id:market-bets
pass "a file already gone is named through its folder"
ln -s arts linked
assert_status 0 "$PASSIM" delete --db "$DEL" linked/2026-02-14-custom-chips.html
assert_contains "$ERR" "deleted 1 article" "a path through a symbolic link names the file it leads to"
assert_status 0 "$PASSIM" delete --db "$DEL" accord-fr
assert_contains "$ERR" "deleted 1 article" "an id still works"
assert_eq $((ARTICLES - 8)) "$(articles_in "$DEL")" "8 articles deleted so far"
assert_status 1 "$PASSIM" delete --db "$DEL" no-such-id arts/2026-04-27-agreement-2032.md arts/nothing.md
assert_contains "$ERR" "passim delete: no-such-id: no article has this id or came from this file" \
    "an id not found is named"
assert_contains "$ERR" "passim delete: arts/nothing.md: no article" "a path not found is named"
assert_not_contains "$ERR" "agreement-2032.md: no article" "the one found is not"
assert_contains "$ERR" "deleted 1 article" "the found one is deleted all the same"
assert_eq $((ARTICLES - 9)) "$(articles_in "$DEL")" "9 articles deleted"
assert_status 2 "$PASSIM" delete --db "$DEL" --db "$DB" x
assert_contains "$ERR" "one --db only" "delete writes one database"

section "the man page's examples on the demo database"
# The demo database as scripts/demo makes it: corpus/ indexed into
# build/demo-db, from the source folder (here a copy of what it holds).
DEMO=$TEST_TMP/demo
mkdir -p "$DEMO/build"
cp -r "$PASSIM_SOURCE_DIR/corpus" "$DEMO/corpus"
examples=$(sed -n '/^\.SH EXAMPLES/,/^\.SH /p' "$PASSIM_SOURCE_DIR/docs/passim.1" |
    sed -n '/^passim /p' | sed -e 's/\\-/-/g' -e "s/\\\\(aq/'/g")
# Only examples on build/demo-db are run: one naming another database (the
# user's own) must not be touched by a test.
delete_example=$(printf '%s\n' "$examples" | grep '^passim delete --db build/demo-db ' | head -1)
index_example=$(printf '%s\n' "$examples" | grep '^passim index --db build/demo-db ' | head -1)
assert_ne "" "$delete_example" "the man page has a delete example on the demo database"
assert_ne "" "$index_example" "the man page shows how the demo database is made"
[ -n "$delete_example" ] && [ -n "$index_example" ] || finish
cd "$DEMO" || exit 1
run bash -c "${index_example/#passim/\"\$PASSIM\"}"
assert_eq 0 "$RC" "$index_example: exit 0 ($ERR)"
before=$(articles_in build/demo-db)
run bash -c "${delete_example/#passim/\"\$PASSIM\"}"
assert_eq 0 "$RC" "$delete_example: exit 0 ($ERR)"
assert_contains "$ERR" "deleted 1 article" "$delete_example: deletes one article"
assert_eq $((before - 1)) "$(articles_in build/demo-db)" "the demo database holds one article less"
cd "$TEST_TMP/cwd" || exit 1

finish
