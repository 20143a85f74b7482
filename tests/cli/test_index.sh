#!/usr/bin/env bash
# test_index.sh — `passim index`, `stats` and `delete` end to end: summaries,
# incremental reruns, edits, pruning, standard input, bad inputs, the writer
# lock, help texts and usage errors.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# tests/data/articles: 8 Markdown, 1 text, 1 HTML, 3 JSON Lines articles.
ARTICLES=13

# summary_field TEXT NAME : the number before NAME in the text summary line.
summary_field() {
    printf '%s\n' "$1" | grep -Eo "[0-9]+ $2" | head -1 | cut -d' ' -f1
}

revision() {
    "$PASSIM" stats --db "$1" --json | jq -r .revision
}

# A private copy: these tests edit and delete files.
cp -r "$FIXTURES" "$TEST_TMP/articles"

section "first run (relative paths, from another directory)"
assert_status 0 "$PASSIM" index --db ../db ../articles
summary=$(printf '%s\n' "$ERR" | grep '^indexed: ')
assert_match "$summary" '^indexed: [0-9]+ added, [0-9]+ updated, [0-9]+ unchanged, [0-9]+ removed, [0-9]+ failed; [0-9]+ passages, [0-9.]+ MB in [0-9.]+ s$' \
    "one summary line on stderr"
assert_eq "$ARTICLES" "$(summary_field "$summary" added)" "summary: $ARTICLES added"
assert_eq 0 "$(summary_field "$summary" failed)" "summary: 0 failed"
assert_eq "" "$OUT" "text summary leaves stdout empty"
assert_eq yes "$([ -d "$TEST_TMP/db" ] && echo yes)" "--db ../db resolved against the working directory"

assert_status 0 "$PASSIM" stats --db ../db --json
assert_jq ".articles == $ARTICLES" "stats: $ARTICLES articles"
assert_jq '.passages >= 13 and .terms > 0 and .bytes > 0' "stats: passages, terms and bytes counted"
assert_jq '.revision | type == "number"' "stats: revision is a number"
assert_jq '(.languages | split(",") | sort) == ["english","french","german"]' "stats: the three languages"
assert_jq '.analyzer | type == "string" and length > 0' "stats: analyzer version"
passages=$(jq_get .passages)
assert_status 0 "$PASSIM" stats --db ../db
assert_match "$OUT" "^articles: +$ARTICLES\$" "stats text: articles line"

section "an id is its id field, else the file's canonical path"
txt_id=$(realpath "$TEST_TMP/articles/2025-12-01-cooling-briefing.txt")
assert_status 0 "$PASSIM" search --db ../db --json quokka
assert_eq "$txt_id" "$(jq_get '.hits[0].id')" "text file's id is its canonical path"
assert_eq "$txt_id" "$(jq_get '.hits[0].path')" "text file's path is canonical"
assert_status 0 "$PASSIM" search --db ../db --json zebrafinch
assert_eq feed-3 "$(jq_get '.hits[0].id')" "JSON Lines article keeps its id"
assert_eq 3 "$(jq_get '.hits[0].line')" "JSON Lines passage on the article's line"

section "rerun over unchanged input"
rev_before=$(revision ../db)
assert_status 0 "$PASSIM" index --json --db ../db ../articles
assert_jq 'keys == (["added","content_ids","failed","mb","passages","removed","seconds","unchanged","updated"])' \
    "--json summary has exactly the documented keys"
assert_jq '[.[] | type] | all(. == "number")' "--json summary values are numbers"
assert_jq ".added == 0 and .updated == 0 and .unchanged == $ARTICLES and .removed == 0 and .failed == 0" \
    "rerun: 0 added, all $ARTICLES unchanged"
assert_eq "$rev_before" "$(revision ../db)" "rerun leaves the revision unchanged"

section "one file edited"
printf '\nA ptarmigan crossed the data hall.\n' >>"$TEST_TMP/articles/2025-11-03-multi-cloud-words.md"
assert_status 0 "$PASSIM" index --json --db ../db ../articles
assert_jq ".added == 0 and .updated == 1 and .unchanged == $((ARTICLES - 1)) and .removed == 0" \
    "edit: exactly 1 updated, the rest unchanged"
assert_ne "$rev_before" "$(revision ../db)" "edit: the revision moved"
assert_ids ../db spaced-words ptarmigan
assert_eq "$ARTICLES" "$("$PASSIM" stats --db ../db --json | jq .articles)" "edit: still $ARTICLES articles"

section "a deleted file, without and with --prune"
rm "$TEST_TMP/articles/2025-12-01-cooling-briefing.txt"
assert_status 0 "$PASSIM" index --json --db ../db ../articles
assert_jq '.removed == 0' "without --prune nothing is removed"
assert_ids ../db "$txt_id" quokka
assert_status 0 "$PASSIM" index --json --prune --db ../db ../articles
assert_jq '.removed == 1 and .added == 0 and .updated == 0' "--prune: removed 1"
assert_status 1 "$PASSIM" search --db ../db quokka
assert_eq "" "$OUT" "--prune: its passages are gone from search"
assert_status 0 "$PASSIM" stats --db ../db --json
assert_jq ".articles == $((ARTICLES - 1))" "--prune: $((ARTICLES - 1)) articles left"
assert_jq ".passages < $passages" "--prune: fewer passages"

section "--prune keeps the articles of records that failed to parse"
printf '%s\n' '{"id": "rec-1", "title": "One", "body": "a dunlin"}' \
    '{"id": "rec-2", "title": "Two", "body": "a sanderling"}' \
    '{"id": "rec-3", "title": "Three", "body": "a turnstone"}' >"$TEST_TMP/records.jsonl"
assert_status 0 "$PASSIM" index --json --prune --db ../records-db "$TEST_TMP/records.jsonl"
assert_jq '.added == 3' "3 records indexed"
# Record 2 is damaged: its article may still be in the file, so it stays.
sed -i '2s/"body"/"body/' "$TEST_TMP/records.jsonl"
assert_status 1 "$PASSIM" index --json --prune --db ../records-db "$TEST_TMP/records.jsonl"
assert_jq '.removed == 0 and .failed == 1 and .unchanged == 2' "a record that fails to parse: reported, its article not pruned"
assert_ids ../records-db rec-2 sanderling
# Record 3 dropped while record 2 is still damaged: nothing can be known gone.
sed -i '3d' "$TEST_TMP/records.jsonl"
assert_status 1 "$PASSIM" index --json --prune --db ../records-db "$TEST_TMP/records.jsonl"
assert_jq '.removed == 0' "a file with a bad record prunes none of its articles"
sed -i '2s/"body/"body"/' "$TEST_TMP/records.jsonl"
assert_status 0 "$PASSIM" index --json --prune --db ../records-db "$TEST_TMP/records.jsonl"
assert_jq '.removed == 1 and .failed == 0' "the file read whole again: the dropped record's article pruned"
assert_ids ../records-db "rec-1 rec-2" "dunlin OR sanderling OR turnstone"

section "--include and --exclude"
assert_status 0 "$PASSIM" index --json --db ../only-md --include '*.md' ../articles
assert_jq '.added == 8' "--include '*.md': the 8 Markdown articles"
assert_status 0 "$PASSIM" index --json --db ../no-md --exclude '*.md' ../articles
assert_jq '.added == 4' "--exclude '*.md': the HTML and the 3 JSON Lines articles"

section "--include and --exclude follow .gitignore's globs"
# site/README.md  site/drafts.md  site/drafts/a.md  site/blog/drafts/b.md
# site/blog/2024/c.md  site/blog/2024/old/d.md  site/blog/2025/e.md
SITE=$TEST_TMP/site
mkdir -p "$SITE/drafts" "$SITE/blog/drafts" "$SITE/blog/2024/old" "$SITE/blog/2025"
for f in README drafts drafts/a blog/drafts/b blog/2024/c blog/2024/old/d blog/2025/e; do
    printf '# %s\n\nA shearwater, page %s.\n' "${f##*/}" "$f" >"$SITE/$f.md"
done
# site_ids OPTIONS... : the files (relative to site/) an index run takes.
site_ids() {
    rm -rf "$TEST_TMP/site-db"
    run "$PASSIM" index --db "$TEST_TMP/site-db" "$@" "$SITE"
    run "$PASSIM" search --db "$TEST_TMP/site-db" --json --limit 100 shearwater
    jq_get '.hits[].path | ltrimstr("'"$SITE"'/")' | sort | tr '\n' ' ' | sed 's/ $//'
}
assert_eq "blog/2024/c.md blog/2024/old/d.md blog/2025/e.md drafts.md" \
    "$(site_ids --exclude drafts/ --exclude README.md)" \
    "'drafts/' excludes folders named drafts at any depth, not the file drafts.md"
assert_eq "README.md blog/2024/c.md blog/2024/old/d.md blog/2025/e.md drafts.md drafts/a.md" \
    "$(site_ids --exclude '*/drafts/*')" "'*/drafts/*' is anchored: drafts one folder down only"
assert_eq "blog/2024/c.md blog/2024/old/d.md" "$(site_ids --include 'blog/2024/**')" \
    "'blog/2024/**': everything inside, at any depth"
assert_eq "blog/drafts/b.md drafts/a.md" "$(site_ids --include '**/drafts/*.md')" \
    "'**/drafts/*.md': in a drafts folder at any depth"
assert_eq "blog/2024/c.md blog/2024/old/d.md blog/2025/e.md blog/drafts/b.md drafts.md drafts/a.md" \
    "$(site_ids --exclude /README.md)" "'/README.md': only at the top"
assert_eq "blog/2024/old/d.md" "$(site_ids --include 'old/')" \
    "--include 'old/': the files inside a folder named old"

section "JSON Lines on standard input"
assert_status 0 "$PASSIM" index --json --db ../stdin-db - <"$FIXTURES/feed.jsonl"
assert_jq '.added == 3 and .failed == 0' "stdin: 3 added"
FEED_BYTES=$(wc -c <"$FIXTURES/feed.jsonl")
assert_jq ".mb == $FEED_BYTES / 1000000" "stdin: the summary counts the $FEED_BYTES bytes read (MB)"
assert_status 0 "$PASSIM" search --db ../stdin-db --json zebrafinch
assert_eq "feed-3|-|3" "$(jq_get '.hits[0] | "\(.id)|\(.path)|\(.line)"')" \
    "stdin: id, path '-' and line of the hit"
assert_status 0 "$PASSIM" index --json --db ../stdin-db - <"$FIXTURES/feed.jsonl"
assert_jq '.added == 0 and .unchanged == 3' "stdin rerun: unchanged"

section "id-less articles on standard input are named by their content"
# Two feeds of {"title","body"} lines: each article keeps its own id, none
# replaces another, and the summary says the ids were made.
gannet='{"title": "Gannets", "body": "The gannet dives for fish."}'
puffin='{"title": "Puffins", "body": "The puffin nests in burrows."}'
auk='{"title": "Auks", "body": "The auk swims under water."}'
printf '%s\n' "$gannet" "$auk" >"$TEST_TMP/feed-a.jsonl"
printf '%s\n' "$puffin" >"$TEST_TMP/feed-b.jsonl"
assert_status 0 "$PASSIM" index --json --db ../noid-db - <"$TEST_TMP/feed-a.jsonl"
assert_jq '.added == 2 and .content_ids == 2' "first feed: 2 added, 2 ids from content"
assert_status 0 "$PASSIM" index --json --db ../noid-db - <"$TEST_TMP/feed-b.jsonl"
assert_jq '.added == 1 and .updated == 0 and .content_ids == 1' \
    "second feed: its article is added, replacing nothing"
assert_status 0 "$PASSIM" stats --db ../noid-db --json
assert_jq '.articles == 3' "both feeds' 3 articles are kept"
assert_status 0 "$PASSIM" search --db ../noid-db --json gannet
assert_match "$(jq_get '.hits[0].id')" '^-#[0-9a-f]{16}$' "a content id is -# and 16 hex digits"
gannet_id=$(jq_get '.hits[0].id')
assert_status 0 "$PASSIM" search --db ../noid-db --json puffin
assert_ne "$gannet_id" "$(jq_get '.hits[0].id')" "the two feeds' first lines have different ids"
run "$PASSIM" index --db ../noid-db - <"$TEST_TMP/feed-a.jsonl"
assert_match "$ERR" '^indexed: 0 added, 0 updated, 2 unchanged, .*; 2 without an id, named by their content' \
    "the same feed again: unchanged, and the text summary says how they are named"
printf '%s\n' "$puffin" '{"title": "Terns", "body": "The tern migrates."}' >"$TEST_TMP/feed-c.jsonl"
assert_status 0 "$PASSIM" index --batch --db ../noid-db <"$TEST_TMP/feed-c.jsonl"
assert_eq "unchanged added" "$(printf '%s\n' "$OUT" | jq -r .status | tr '\n' ' ' | sed 's/ $//')" \
    "--batch: a known id-less article is unchanged, a new one added"
assert_match "$(printf '%s\n' "$OUT" | jq -r .id | tail -1)" '^-#[0-9a-f]{16}$' "--batch answers with the content id"
assert_status 0 "$PASSIM" stats --db ../noid-db --json
assert_jq '.articles == 4' "4 articles after the batch"
assert_status 0 "$PASSIM" index --json --db ../noid-db "$FIXTURES/feed.jsonl"
assert_jq '.content_ids == 0' "articles from files keep their ids (no content ids)"

section "--db must be a database, a new folder or an empty one"
mkdir -p "$TEST_TMP/notes" "$TEST_TMP/empty"
printf 'keep me\n' >"$TEST_TMP/notes/todo.txt"
assert_status 2 "$PASSIM" index --db ../notes ../articles
assert_contains "$ERR" "not a passim database" "a folder of other files is refused, saying why"
assert_eq "todo.txt" "$(ls "$TEST_TMP/notes")" "and is left as it was"
assert_status 0 "$PASSIM" index --json --db ../empty "$FIXTURES"
assert_jq ".added == $ARTICLES" "an empty folder becomes the database"
assert_status 0 "$PASSIM" index --json --db ../empty "$FIXTURES"
assert_jq ".unchanged == $ARTICLES" "and is a database the next time"

section "a database inside an indexed folder is not read"
mkdir -p "$TEST_TMP/inside"
cp "$FIXTURES/2026-05-04-revenue-share.md" "$TEST_TMP/inside/"
assert_status 0 "$PASSIM" index --json --db ../inside/db ../inside
assert_jq '.added == 1 and .failed == 0' "the article, not the database's own files"
assert_status 0 "$PASSIM" index --json --db ../inside/db ../inside
assert_jq '.unchanged == 1 and .added == 0' "again: nothing new"
assert_status 0 "$PASSIM" index --json --shards 2 --db ../inside/sharded ../inside
assert_status 0 "$PASSIM" index -v --json --db ../inside/db ../inside
assert_match "$ERR" 'inside/sharded: a database, not read' "-v: a sharded database's folder is named as skipped"
assert_jq '.added == 0 and .failed == 0' "the sharded database's folder is not read either"
assert_status 1 "$PASSIM" index --db ../other-db ../inside/db/
assert_eq "../inside/db: a database, not read" "$(printf '%s\n' "$ERR" | grep -v '^indexed: ')" \
    "a database given as PATH is refused, with no other line"

section "a folder without articles ends with a hint"
mkdir -p "$TEST_TMP/papers/sub" "$TEST_TMP/bare"
touch "$TEST_TMP/papers/a.pdf" "$TEST_TMP/papers/sub/b.docx" "$TEST_TMP/papers/LICENSE"
assert_status 0 "$PASSIM" index --db ../hint-db ../papers ../bare
assert_match "$ERR" '^\.\./papers: no articles: .*it holds \.pdf \.docx and files without an extension; passim reads \.md \.markdown \.txt \.html \.htm \.json \.jsonl \.ndjson' \
    "the hint names the extensions seen and those passim reads"
assert_match "$ERR" '^\.\./bare: no articles: no files here' "an empty folder: no files here"
assert_status 0 "$PASSIM" index --db ../hint-db --include '*.txt' ../inside
assert_contains "$ERR" "--include and --exclude may have left them out" "with --include the hint says it may be why"
assert_status 0 "$PASSIM" index --db ../hint-db ../articles
assert_not_contains "$ERR" "no articles" "no hint when articles were found"

section "passim delete"
assert_status 0 "$PASSIM" delete --db ../stdin-db feed-2
assert_contains "$ERR" "deleted 1 article" "delete reports what it removed"
assert_status 1 "$PASSIM" search --db ../stdin-db id:feed-2
assert_status 0 "$PASSIM" stats --db ../stdin-db --json
assert_jq '.articles == 2' "delete: 2 articles left"
assert_status 1 "$PASSIM" delete --db ../stdin-db feed-2
assert_contains "$ERR" "feed-2: no article has this id" "deleting a missing id names it"
assert_contains "$ERR" "deleted 0 articles" "and says nothing was deleted"
assert_status 1 "$PASSIM" delete --db ../stdin-db feed-1 no-such-id
assert_ids ../stdin-db "" id:feed-1
assert_status 2 "$PASSIM" delete --db ../stdin-db
assert_status 3 "$PASSIM" delete --db ../no-such-db feed-1
assert_ne "" "$ERR" "delete on a missing database says why"
assert_eq no "$([ -e "$TEST_TMP/no-such-db" ] && echo yes || echo no)" "delete creates no database"

section "a literal id never stands for a long id's hash"
# An id over 160 bytes is matched through "#" + its XXH64 in the index: an
# article whose own id is that string must be another article.
long_id=$(printf 'long-%0200d' 7)
printf '{"id": "%s", "title": "Long", "body": "a kittiwake on the cliff"}\n' "$long_id" >"$TEST_TMP/long.jsonl"
assert_status 0 "$PASSIM" index --json --db ../ids-db "$TEST_TMP/long.jsonl"
hash_key=$(xapian-delve -1 -A XA ../ids-db | sed -n 's/^XA\(#[0-9a-f]\{16\}\)$/\1/p')
assert_match "$hash_key" '^#[0-9a-f]{16}$' "the long id is indexed as its hash ($hash_key)"
printf '{"id": "%s", "title": "Impostor", "body": "a shearwater at sea"}\n' "$hash_key" >"$TEST_TMP/impostor.jsonl"
assert_status 0 "$PASSIM" index --json --db ../ids-db "$TEST_TMP/impostor.jsonl"
assert_jq '.added == 1 and .updated == 0' "an article whose id is the hash is added, not an update of the long one"
assert_ids ../ids-db "$long_id" kittiwake
assert_ids ../ids-db "$hash_key" shearwater
assert_ids ../ids-db "$hash_key" "id:$hash_key"
assert_status 0 "$PASSIM" delete --db ../ids-db "$hash_key"
assert_eq "deleted 1 article" "$ERR" "delete of the hash-like id removes one article"
assert_ids ../ids-db "$long_id" kittiwake
assert_ids ../ids-db "" shearwater
assert_status 1 "$PASSIM" delete --db ../ids-db "$hash_key"
assert_ids ../ids-db "$long_id" "id:$long_id"

section "bad inputs: reported, skipped, the rest indexed"
mkdir -p "$TEST_TMP/bad"
printf '%s\n' '{"id": "good-1", "title": "Good", "body": "the gannet dives"}' \
    '{"id": "broken", "title": "Broken",' \
    '{"id": "good-3", "title": "Also good", "body": "a gannet again"}' >"$TEST_TMP/bad/records.jsonl"
printf 'Title: Blob\n\000\001\002\003binary\000data\377\376\n' >"$TEST_TMP/bad/blob.txt"
cp "$FIXTURES/2026-05-04-revenue-share.md" "$TEST_TMP/bad/"
assert_status 1 "$PASSIM" index --json --db ../bad-db ../bad
assert_jq '.added == 3 and .failed == 2' "bad inputs: 3 added, 2 failed"
assert_match "$ERR" '^(\.\./|/.*/)?bad/records\.jsonl:2: .+' "the malformed JSON line: 'path:2: reason'"
assert_match "$ERR" '^(\.\./|/.*/)?bad/blob\.txt(:[0-9]+)?: .+' "the binary file: 'path: reason'"
assert_eq 2 "$(printf '%s\n' "$ERR" | grep -c 'bad/')" "one stderr line per problem"
assert_ids ../bad-db "good-1 good-3" gannet
assert_ids ../bad-db revenue-share revenue
run "$PASSIM" index --db ../bad-db ../bad
assert_eq 1 "$RC" "text mode: exit 1 too"
assert_eq 2 "$(summary_field "$(printf '%s\n' "$ERR" | grep '^indexed: ')" failed)" "text summary: 2 failed"

section "a second writer while the lock is held"
# The holder opens the database, then waits for its standard input: a FIFO
# this shell keeps open on fd 7 until the test lets it go. It may take 5 s
# to start, 60 s under valgrind (PASSIM_UNDER_VALGRIND=1).
HOLD_TRIES=100
under_valgrind && HOLD_TRIES=1200
hold_lock() {
    local db=$1 tries
    rm -f "$TEST_TMP/fifo"
    mkfifo "$TEST_TMP/fifo"
    "$PASSIM" index --db "$db" - <"$TEST_TMP/fifo" >"$TEST_TMP/holder.out" 2>"$TEST_TMP/holder.err" &
    HOLDER=$!
    BACKGROUND_PIDS+=("$HOLDER")
    exec 7>"$TEST_TMP/fifo"
    for ((tries = 0; tries < HOLD_TRIES; tries++)); do
        if [ -n "$(find "/proc/$HOLDER/fd" -lname '*/flintlock' 2>/dev/null)" ]; then
            return 0
        fi
        sleep 0.05
    done
    return 1
}
release_lock() {
    exec 7>&-
    wait "$HOLDER"
}
elapsed_ms() { # START_NS
    echo $((($(date +%s%N) - $1) / 1000000))
}

if [ ! -d /proc/self/fd ]; then
    skip "no /proc: cannot tell when the holder has the lock"
elif hold_lock "$TEST_TMP/db"; then
    assert_status 4 "$PASSIM" index --db ../db ../articles
    assert_contains "$ERR" "lock" "exit 4 says the database is locked"
    assert_status 4 "$PASSIM" delete --db ../db feed-1
    start=$(date +%s%N)
    assert_status 4 "$PASSIM" index --lock-timeout 1 --db ../db ../articles
    waited=$(elapsed_ms "$start")
    if [ "$waited" -ge 1000 ]; then
        pass "--lock-timeout 1 waited a second before giving up (${waited} ms)"
    else
        fail "--lock-timeout 1 waited a second before giving up" ">= 1000 ms" "${waited} ms"
    fi
    assert_status 0 "$PASSIM" search --db ../db revenue
    assert_status 0 "$PASSIM" stats --db ../db
    # A writer that waits long enough gets the lock once the holder is done
    # (7>&-: the waiter must not keep the holder's input open).
    "$PASSIM" index --json --lock-timeout 10 --db ../db ../articles \
        >"$TEST_TMP/waiter.out" 2>"$TEST_TMP/waiter.err" 7>&- &
    waiter=$!
    BACKGROUND_PIDS+=("$waiter")
    sleep 0.5
    release_lock
    assert_eq 0 "$?" "the holder ends cleanly once its input closes"
    wait "$waiter"
    assert_eq 0 "$?" "--lock-timeout 10: the waiting writer succeeds after the holder"
    assert_jq '.failed == 0' "the waiting writer indexed" "$(cat "$TEST_TMP/waiter.out")"
else
    release_lock
    fail "a writer holding the lock" "the holder to open db/flintlock" "no such fd after $((HOLD_TRIES / 20)) s"
fi

section "--lang of a language without its stemmer"
# Every stemmer but English's is in libstemmer's shared library: when it
# cannot be loaded, the run says so (not "unknown language") and writes
# nothing.
mkdir -p "$TEST_TMP/badlib"
: >"$TEST_TMP/badlib/libstemmer.so.0d"
assert_status 3 env LD_LIBRARY_PATH="$TEST_TMP/badlib" "$PASSIM" index --lang fr --db "$TEST_TMP/fr-db" "$FIXTURES"
assert_contains "$ERR" "no french stemmer: $TEST_TMP/badlib/libstemmer.so.0d" "index --lang fr without libstemmer: why"
assert_eq "" "$(ls "$TEST_TMP/fr-db" 2>/dev/null)" "index --lang fr without libstemmer: no database made"

section "help and usage errors"
declare -A options=(
    [index]="--db --lang --prune --include --exclude --max-file-size --commit-every --lock-timeout --progress --json --help"
    [search]="--db --limit --offset --per-article --match --sort --since --until --facet --bm25 --synonyms --lang --explain --json --jsonl --color --help"
    [stats]="--db --json --help"
    [delete]="--db --lock-timeout --help"
    [list]="--db --json --help"
    [prune]="--db --lock-timeout --help"
)
for cmd in index search stats delete list prune; do
    assert_status 0 "$PASSIM" "$cmd" --help
    help=$OUT
    assert_match "$help" "^usage: passim $cmd " "$cmd --help starts with its usage"
    missing=""
    for opt in ${options[$cmd]}; do
        [[ "$help" == *"$opt"* ]] || missing+=" $opt"
    done
    assert_eq "" "$missing" "$cmd --help mentions every option"
    assert_status 0 "$PASSIM" help "$cmd"
    assert_eq "$help" "$OUT" "passim help $cmd says the same as $cmd --help"
    assert_status 2 "$PASSIM" "$cmd" --no-such-option
    assert_contains "$ERR" "--no-such-option" "$cmd: the unknown option is named"
    assert_eq "" "$OUT" "$cmd: usage errors print nothing on stdout"
done
assert_status 0 "$PASSIM" --help
for cmd in index search stats delete list prune help; do
    assert_contains "$OUT" "$cmd" "passim --help lists $cmd"
done
assert_status 2 "$PASSIM"
assert_status 2 "$PASSIM" no-such-command
assert_status 2 "$PASSIM" help no-such-command
assert_status 2 "$PASSIM" index --db ../db
assert_contains "$ERR" "PATH" "index without PATH says what is missing"
assert_status 2 "$PASSIM" index --db ../db --commit-every 0 ../articles
assert_status 2 "$PASSIM" index --db ../db --max-file-size lots ../articles
assert_status 2 "$PASSIM" index --db ../db --lock-timeout -1 ../articles
assert_status 2 "$PASSIM" stats --db ../db extra-argument
assert_status 3 "$PASSIM" stats --db ../missing-db
assert_ne "" "$ERR" "stats on a missing database says why"
assert_status 0 "$PASSIM" --version
assert_match "$OUT" '^passim [0-9]' "--version prints the version"

section "--compact: auto after a run that wrote much, never, always"
python3 "$PASSIM_SOURCE_DIR/tests/tools/gen_articles.py" -n 300 --words 150 -o "$TEST_TMP/gen.jsonl"
assert_status 0 "$PASSIM" index --db "$TEST_TMP/never" --compact=never "$TEST_TMP/gen.jsonl"
assert_status 0 "$PASSIM" index --db "$TEST_TMP/auto" "$TEST_TMP/gen.jsonl"
never_kb=$(du -sk "$TEST_TMP/never" | cut -f1)
auto_kb=$(du -sk "$TEST_TMP/auto" | cut -f1)
if [ "$auto_kb" -lt "$never_kb" ]; then
    pass "a first run compacts by default ($auto_kb KB, $never_kb KB with --compact=never)"
else
    fail "a first run compacts by default" "under $never_kb KB" "$auto_kb KB"
fi
assert_jq '.articles == 300' "the compacted database holds every article" "$("$PASSIM" stats --db "$TEST_TMP/auto" --json)"
# Compacting swaps in a new folder: its inode tells whether a run compacted.
inode=$(stat -c %i "$TEST_TMP/auto")
head -1 "$TEST_TMP/gen.jsonl" | jq -c '.body += " one more sentence."' >"$TEST_TMP/one.jsonl"
assert_status 0 "$PASSIM" index --db "$TEST_TMP/auto" "$TEST_TMP/one.jsonl"
assert_eq "$inode" "$(stat -c %i "$TEST_TMP/auto")" "a run that wrote one article of 300 does not compact"
assert_status 0 "$PASSIM" index --db "$TEST_TMP/auto" --compact "$TEST_TMP/one.jsonl"
assert_ne "$inode" "$(stat -c %i "$TEST_TMP/auto")" "a bare --compact compacts whatever the run wrote"
assert_status 2 "$PASSIM" index --db "$TEST_TMP/auto" --compact=sometimes "$TEST_TMP/one.jsonl"

finish
