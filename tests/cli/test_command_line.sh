#!/usr/bin/env bash
# test_command_line.sh — the command line of every subcommand (issue 17):
# options anywhere among the arguments and '--', messages that say what a
# value must be, usage errors as JSON under --json, "no matching
# articles", what reaches a terminal from hostile file names and text
# (issue 19), and the README, the man page, --help and the bash completion
# naming the same options.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB=$TEST_TMP/db
index_fixtures "$DB"

# search_query ARGS... : runs `passim search`; $QUERY is the query it ran
# (its JSON's .query).
search_query() {
    run "$PASSIM" search --db "$DB" "$@"
    QUERY=$(jq_get .query)
}

section "options anywhere: search"
assert_status 0 "$PASSIM" search --db "$DB" azure --json
assert_jq '.query == "azure" and .total > 0' "azure --json: JSON, and --json is no query word"
search_query 'title:azure' -n 1 --json
assert_eq 'title:azure' "$QUERY" "title:azure -n 1: -n is the limit, not NOT n"
assert_jq '(.hits | length) == 1' "title:azure -n 1: one hit shown"
search_query cloud --limit=1 --json
assert_eq 'cloud' "$QUERY" "--limit=1 after the query"
assert_jq '(.hits | length) == 1' "--limit=1: one hit shown"
search_query cloud -azure --json
assert_eq 'cloud -azure' "$QUERY" "-azure (no option) stays query text"
assert_ids "$DB" "accord-fr market-bets spaced-words $(realpath "$FIXTURES/2026-02-14-custom-chips.html")" cloud -azure
search_query --json -- -n
assert_eq '-n' "$QUERY" "after --, -n is query text"
search_query --json -- --json -n 2
assert_eq '--json -n 2' "$QUERY" "after --, options are query text"
assert_status 0 "$PASSIM" search cloud --db "$DB" --per-article 0 --json --facet source
assert_jq '.facets.source | length > 0' "--db, --per-article and --facet after the query"

section "options anywhere: the other commands"
mkdir -p arts
cp "$FIXTURES/2026-05-04-revenue-share.md" arts/
printf '{"id": "dash", "title": "Dash", "body": "A dashing wombat."}\n' >./-dash.json
assert_status 0 "$PASSIM" index arts --db idb --json
assert_jq '.added == 1' "index PATH --db D --json: options after the path"
assert_status 0 "$PASSIM" index --db idb -- -dash.json
assert_ids idb "dash" wombat
assert_status 0 "$PASSIM" stats --json --db idb
assert_jq '.articles == 2' "stats --json --db D"
assert_status 0 "$PASSIM" delete dash --db idb
assert_ids idb "" wombat
assert_status 2 "$PASSIM" serve idb --port 0
assert_contains "$ERR" "--port: '0' is not a whole number from 1 to 65535" "serve DB --port 0: --port read after DB"
assert_status 2 "$PASSIM" stats --db idb extra
assert_contains "$ERR" "unexpected 'extra'" "stats: a word that is no option is an argument"

section "what a bad option or value says"
assert_status 2 "$PASSIM" search --db "$DB" azure --limit
assert_contains "$ERR" "option '--limit' needs a value: a whole number from 0 to 1000000" "--limit with no value"
assert_not_contains "$ERR" "unknown option" "--limit with no value: not an unknown option"
assert_status 2 "$PASSIM" search --db "$DB" -n 10000000000 azure
assert_contains "$ERR" "-n: '10000000000' is not a whole number from 0 to 1000000" "-n 10000000000: the range"
assert_status 2 "$PASSIM" search --db "$DB" -n -5 azure
assert_contains "$ERR" "-n: '-5' is not a whole number from 0 to 1000000" "-n -5: the range"
assert_status 2 "$PASSIM" search --db "$DB" --color sometimes azure
assert_contains "$ERR" "'sometimes' is not auto, always or never" "--color: the choices"
assert_status 2 "$PASSIM" search --db "$DB" --json=yes azure
assert_contains "$ERR" "option '--json' takes no value" "--json=yes"
assert_status 2 "$PASSIM" search --db "$DB" --lmit 5 azure
assert_contains "$ERR" "unknown option '--lmit'; did you mean '--limit'?" "--lmit: an unknown option, the one meant"
assert_status 2 "$PASSIM" index --db idb --prnue arts
assert_contains "$ERR" "unknown option '--prnue'; did you mean '--prune'?" "index --prnue: two letters swapped"
assert_status 2 "$PASSIM" search --db "$DB" --frobnicate azure
assert_contains "$ERR" "unknown option '--frobnicate' (an argument that starts with '-' goes after '--')" \
    "--frobnicate: no option near it, the hint about '--'"
for typo in serch:search idnex:index stat:stats lst:list; do
    assert_status 2 "$PASSIM" "${typo%%:*}" --db "$DB" azure
    assert_contains "$ERR" "passim: no command '${typo%%:*}'; did you mean '${typo#*:}'?" "passim ${typo%%:*}: the command meant"
done
assert_status 2 "$PASSIM" zzz
assert_eq "passim: no command 'zzz'; see 'passim --help'" "$ERR" "passim zzz: no command near it"
assert_status 2 "$PASSIM" index --db idb --shards 0 arts
assert_contains "$ERR" "--shards: '0' is not a whole number from 1 to 256" "--shards 0: the range"
assert_status 2 "$PASSIM" index --db idb --max-file-size 12Q arts
assert_contains "$ERR" "--max-file-size: '12Q' is not a size" "--max-file-size 12Q"
assert_status 2 "$PASSIM" delete --db idb --lock-timeout
assert_contains "$ERR" "option '--lock-timeout' needs a value: a whole number from 0 to 86400" "delete --lock-timeout"

section "under --json a usage error is JSON on stdout too"
# The error comes before --json on the line: the whole line is read first.
assert_status 2 "$PASSIM" search --db "$DB" --limit x azure --json
assert_jq '.error.code == "usage" and (.error.message | test("--limit: .x. is not a whole number")) and
           keys == ["error"]' "search: a bad value before --json"
assert_status 2 "$PASSIM" search --db "$DB" --json
assert_jq '.error.code == "usage" and (.error.message | test("no QUERY"))' "search --json with no query"
assert_status 2 "$PASSIM" search --db "$DB" --bogus azure --json
assert_jq '.error.code == "usage" and (.error.message | test("unknown option"))' "search --json: an unknown option"
assert_status 2 "$PASSIM" search --db "$DB" --jsonl --bogus azure
assert_eq "" "$OUT" "search --jsonl: hits only, the usage error on stderr alone"
assert_status 2 "$PASSIM" index --json --db idb
assert_jq '.error.code == "usage"' "index --json with no PATH"
assert_status 2 "$PASSIM" stats --db idb --json surplus
assert_jq '.error.code == "usage"' "stats --json with an argument"
assert_status 2 "$PASSIM" search --db "$DB" --limit x azure
assert_eq "" "$OUT" "without --json, nothing on stdout"
run "$PASSIM" search --db "$DB" -n x -- azure --json
assert_eq "2" "$RC" "-n x: a usage error"
assert_eq "" "$OUT" "a --json after -- is query text: no JSON on stdout"

section "no matching articles"
assert_status 1 "$PASSIM" search --db "$DB" nosuchwordxyz
assert_eq "" "$OUT" "no hit, stdout not a terminal: nothing on stdout"
assert_contains "$ERR" "no matching articles" "no hit: said on stderr"
assert_status 1 "$PASSIM" search --db "$DB" --json nosuchwordxyz
assert_not_contains "$ERR" "no matching articles" "--json: no message (total is 0)"
if command -v script >/dev/null; then
    tty_out=$(script -qec "$(printf '%q ' "$PASSIM" search --db "$DB" nosuchwordxyz) 2>/dev/null" /dev/null </dev/null)
    assert_contains "$tty_out" "no matching articles" "no hit on a terminal: said on stdout"
else
    skip "no script(1): the message on a terminal not checked"
fi

section "what reaches a terminal is valid UTF-8 without control characters"
# assert_safe WHAT FILE : FILE is strict UTF-8 holding no control
# character but newlines (C0, DEL, C1).
assert_safe() {
    local why
    why=$(python3 -c '
import sys
data = open(sys.argv[1], "rb").read()
try:
    text = data.decode("utf-8")
except UnicodeDecodeError as e:
    sys.exit("invalid UTF-8 at byte %d: %r" % (e.start, data[max(0, e.start - 20):e.start + 20]))
bad = sorted({c for c in text if (ord(c) < 32 and c != "\n") or 0x7f <= ord(c) < 0xa0})
if bad:
    sys.exit("control characters %r in %r" % (bad, text[:300]))
if not text.strip():
    sys.exit("nothing was written")
' "$2" 2>&1)
    if [ -z "$why" ]; then pass "$1: safe for a terminal"; else fail "$1: safe for a terminal" "valid UTF-8, no control characters" "$why"; fi
}
mkdir -p hostile
evil=$'e\033]0;pwned\007\033[2J\xff'
printf 'Title: Evil \033[31mred\033[0m kestrelbomb\n\nThe kestrelbomb body rings \a and \033]0;x\007 retitles.\n' >"hostile/$evil.txt"
printf '{not json\n' >"hostile/$evil.json"
run "$PASSIM" index --db hdb hostile
assert_eq 1 "$RC" "index: the bad JSON file fails, the rest is indexed"
assert_safe "index: the problem line naming the hostile file" "$TEST_TMP/err"
assert_contains "$ERR" 'e\x1b]0;pwned\x07\x1b[2J\xff.json' "index: the name shown with its bytes escaped"
run "$PASSIM" search --db hdb --color never kestrelbomb
assert_eq 0 "$RC" "search finds the hostile file"
assert_safe "search: title, path and snippet of the hostile file" "$TEST_TMP/out"
assert_contains "$OUT" 'e\x1b]0;pwned\x07\x1b[2J\xff.txt:' "search: the path shown with its bytes escaped"
run "$PASSIM" search --db hdb --explain kestrelbomb
assert_safe "search --explain" "$TEST_TMP/out"
run "$PASSIM" search --db hdb --json kestrelbomb
assert_utf8_json "search --json of the hostile file"
run "$PASSIM" search --db hdb $'"kestrel\033[2J\xfe'
assert_eq 2 "$RC" "a query error"
assert_safe "the query error's message and caret" "$TEST_TMP/err"
run "$PASSIM" search --db "hostile/$evil.txt" azure
assert_eq 3 "$RC" "a file that is no database"
assert_safe "the database error naming the file" "$TEST_TMP/err"
run "$PASSIM" search --db hdb $'--x\033[2J' azure
assert_safe "an unknown option" "$TEST_TMP/err"
run "$PASSIM" $'nosuch\033[2J'
assert_safe "an unknown command" "$TEST_TMP/err"
run "$PASSIM" search --db hdb --limit $'x\xff\033' --json azure
assert_utf8_json "a usage error as JSON quoting invalid bytes"

section "--help, the man page, the README and the completion name the same options"
COMMANDS=$(passim_commands)
assert_match "$COMMANDS" '^completion$' "passim --help lists completion"
MANTEXT=$(MANWIDTH=200 man -l "$PASSIM_SOURCE_DIR/docs/passim.1" 2>/dev/null)
README=$(cat "$PASSIM_SOURCE_DIR/README.md")
# shellcheck source=/dev/null
. <("$PASSIM" completion bash)
for cmd in $COMMANDS; do
    options=$(options_of "$cmd")
    assert_ne "" "$options" "passim $cmd --help lists options"
    # shellcheck disable=SC2086 # one option a word
    assert_eq "" "$(not_found "$MANTEXT" ' ,' ' ,=[' $options)" "the man page has every option of passim $cmd"
    # shellcheck disable=SC2046 # (the README need not say -h, --help)
    assert_eq "" "$(not_found "$README" '^a-z-' '^a-z-' $(grep -vxE -- '-h|--help' <<<"$options"))" \
        "the README has every option of passim $cmd"
    assert_eq "$options" "$(complete_words passim "$cmd" -)" "completion: passim $cmd -<TAB> offers the options of --help"
done
assert_eq "" "$(complete_words passim index --jobs '')" "completion: no file names after --jobs"
assert_eq "$(printf '%s\n' always auto never)" "$(complete_words passim search --colour '')" "completion: --colour takes the values of --color"
assert_eq "bash" "$(complete_words passim completion '')" "completion: passim completion <TAB>"
# The keys of batch requests, from `passim search --help`.
KEYS=$("$PASSIM" search --help | sed -n '/^Keys of --batch requests/,/^$/p' | sed 1d |
    sed -E 's/ \([^)]*\)//g' | tr ',' '\n' | tr -d ' ' | grep -v '^$' | sort)
assert_match "$KEYS" '^per_article$' "search --help lists the batch keys"
# shellcheck disable=SC2034 # read through ${!where}
SCHEMA=$(cat "$PASSIM_SOURCE_DIR/docs/json-schema.md")
for where in MANTEXT README SCHEMA; do
    # shellcheck disable=SC2086 # one key a word
    assert_eq "" "$(not_found "${!where}" '^a-z_' '^a-z_' $KEYS)" "$where names every batch key"
done

finish
