#!/usr/bin/env bash
# test_readers.sh — what the readers make of their formats, end to end:
# front matter that cannot be read, dates in the forms feeds and pages
# write them, titles when an article has none, GitHub Markdown, HTML footers,
# JSON Lines larger than --max-file-size, NUL bytes in JSON Lines, and which
# path a problem with a symbolic link names.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# summary_field TEXT NAME : the number before NAME in the text summary line.
summary_field() {
    printf '%s\n' "$1" | grep -Eo "[0-9]+ $2" | head -1 | cut -d' ' -f1
}

section "broken front matter: a warning, the body indexed, counted as added"
FM=$TEST_TMP/fm
mkdir -p "$FM"
printf -- '---\ntitle: ok\ntags: [unclosed\n---\n# Heading Title\n\nThe pipit sings here.\n' >"$FM/broken.md"
printf -- '---\ntitle: Never closed\n\nThe pipit again.\n' >"$FM/open.md"
printf -- '---\ntitle: Fine\n---\nA third pipit.\n' >"$FM/fine.md"
run "$PASSIM" index --json --db "$TEST_TMP/fm-db" "$FM"
assert_eq 0 "$RC" "broken front matter: exit 0 (nothing failed)"
assert_jq '.added == 3 and .failed == 0' "broken front matter: all 3 added, none failed"
assert_match "$ERR" "fm/broken\\.md:4: front matter: .*; indexed without it" \
    "broken front matter: 'path:line: front matter: ...; indexed without it'"
assert_match "$ERR" "fm/open\\.md:1: front matter: no closing '---' line" \
    "unclosed front matter: 'path:1: ...'"
assert_ids "$TEST_TMP/fm-db" "$(realpath "$FM/broken.md") $(realpath "$FM/open.md") $(realpath "$FM/fine.md")" pipit
run "$PASSIM" search --db "$TEST_TMP/fm-db" --json 'title:"heading title"'
assert_eq "$(realpath "$FM/broken.md")" "$(jq_get '.hits[0].id')" \
    "broken front matter: the title comes from the first heading"
assert_eq null "$(jq_get '.hits[0].tags[0]')" "broken front matter: no tags kept"
run "$PASSIM" index --db "$TEST_TMP/fm-db2" "$FM"
assert_eq 0 "$(summary_field "$(printf '%s\n' "$ERR" | grep '^indexed: ')" failed)" \
    "broken front matter: the text summary says 0 failed"

section "dates: common forms read as YYYY-MM-DD, the rest said and left out"
DATES=$TEST_TMP/dates
mkdir -p "$DATES"
cat >"$DATES/feed.jsonl" <<'EOF'
{"id": "iso", "title": "ISO", "body": "the wryneck one", "date": "2026-05-12"}
{"id": "iso-time", "title": "ISO with time", "body": "the wryneck two", "date": "2026-05-13T23:30:00-05:00"}
{"id": "rfc", "title": "RFC 2822", "body": "the wryneck three", "date": "Thu, 14 May 2026 10:00:00 GMT"}
{"id": "words", "title": "Words", "body": "the wryneck four", "date": "May 15 2026"}
{"id": "no-day", "title": "No such day", "body": "the wryneck five", "date": "2026-13-45"}
{"id": "prose", "title": "Prose", "body": "the wryneck six", "date": "last Tuesday"}
EOF
printf '<html><head><title>Meta date</title><meta name="date" content="Sat, 16 May 2026 08:00:00 +0200"></head><body><p>the wryneck seven</p></body></html>\n' \
    >"$DATES/page.html"
run "$PASSIM" index --json --db "$TEST_TMP/dates-db" "$DATES"
assert_eq 0 "$RC" "dates: exit 0 (a date not understood fails nothing)"
assert_jq '.added == 7 and .failed == 0' "dates: all 7 added"
assert_match "$ERR" 'dates/feed\.jsonl:5: date "2026-13-45": no such date; indexed without a date' \
    "an impossible date: 'path:line: reason'"
assert_match "$ERR" 'dates/feed\.jsonl:6: date "last Tuesday": not a date; indexed without a date' \
    "prose for a date: 'path:line: reason'"
PAGE=$(realpath "$DATES/page.html")
assert_ids "$TEST_TMP/dates-db" "iso iso-time rfc words $PAGE" wryneck 'date:2026-05'
assert_ids "$TEST_TMP/dates-db" "words" wryneck 'date:2026-05-15'
assert_ids "$TEST_TMP/dates-db" "iso-time" wryneck 'date:2026-05-13'
assert_ids "$TEST_TMP/dates-db" "$PAGE" wryneck 'date:2026-05-16'
assert_ids "$TEST_TMP/dates-db" "iso iso-time rfc words $PAGE" --since 2026-01-01 wryneck
run "$PASSIM" search --db "$TEST_TMP/dates-db" --json --limit 20 wryneck
assert_jq '[.hits[] | select(.id == "rfc") | .date] == ["2026-05-14"]' "the stored date is YYYY-MM-DD"
assert_jq '[.hits[] | select(.id == "no-day" or .id == "prose") | .date] == [null, null]' \
    "dates not understood are not stored"

section "titles: an article without one takes its first heading or first line"
TITLES=$TEST_TMP/titles
mkdir -p "$TITLES"
printf 'An opening line about the hoopoe,\nand a second one.\n\nMore text.\n' >"$TITLES/no-heading.md"
printf -- '---\ndate: 2026-01-01\n---\nIntro on the hoopoe.\n\n## The Hoopoe Section\n' >"$TITLES/late-heading.md"
printf '{"id": "untitled", "body": "Hoopoe facts first.\\n\\nThen more."}\n' >"$TITLES/feed.jsonl"
printf '<html><body><p>A hoopoe page without a title.</p></body></html>\n' >"$TITLES/page.html"
run "$PASSIM" index --json --db "$TEST_TMP/titles-db" "$TITLES"
assert_jq '.added == 4 and .failed == 0' "titles: 4 added"
run "$PASSIM" search --db "$TEST_TMP/titles-db" --json --limit 10 hoopoe
assert_jq '[.hits[] | .title] | sort == ["A hoopoe page without a title.", "An opening line about the hoopoe, and a second one.", "Hoopoe facts first.", "The Hoopoe Section"]' \
    "each untitled article is titled by its first heading, else its first line"
run "$PASSIM" search --db "$TEST_TMP/titles-db" --color never --limit 10 hoopoe
if printf '%s\n' "$OUT" | grep -Eq '^ *[0-9]+\. *$'; then
    fail "text output: every rank has a title" "no line '<rank>. ' alone" "$OUT"
else
    pass "text output: every rank has a title"
fi

section "GitHub Markdown: tables, strikethrough, footnotes, task lists, HTML blocks"
GFM=$TEST_TMP/gfm
mkdir -p "$GFM"
cat >"$GFM/table.md" <<'EOF'
# Regions

| Model | Region |
|-------|--------|
| Gemini | frankfurtia |
| Claude | ohioville |

Prices were ~~cut~~ raised[^1], see the list.

- [x] shipped grebe
- [ ] planned grebe

<div class="note">
A note on the <b>bittern</b> inside HTML.
<script>var hidden = "scriptword";</script>
</div>

[^1]: As of May, the curlew says.
EOF
printf '<html><head><title>Footer page</title></head><body><p>the shag lives here</p><footer>copyright footerword</footer></body></html>\n' \
    >"$GFM/page.html"
run "$PASSIM" index --json --db "$TEST_TMP/gfm-db" "$GFM"
assert_jq '.added == 2 and .failed == 0' "GFM: both files added"
TABLE=$(realpath "$GFM/table.md")
for word in frankfurtia ohioville raised grebe bittern curlew; do
    assert_ids "$TEST_TMP/gfm-db" "$TABLE" "$word"
done
assert_ids "$TEST_TMP/gfm-db" "" scriptword
run "$PASSIM" search --db "$TEST_TMP/gfm-db" --json --per-article 0 --limit 50 frankfurtia OR raised OR grebe OR bittern OR curlew
assert_jq '[.hits[].text] | all(test("[|~]|\\[\\^|\\[[x ]\\]|<") | not)' \
    "no passage holds table pipes, ~~, footnote marks, task boxes or tags"
assert_jq '[.hits[].text] | any(test("Gemini frankfurtia"))' "a table row is one passage text: its cells"
assert_ids "$TEST_TMP/gfm-db" "$(realpath "$GFM/page.html")" shag
assert_ids "$TEST_TMP/gfm-db" "" footerword

section "JSON Lines above --max-file-size: streamed, limited per line"
BIG=$TEST_TMP/big
mkdir -p "$BIG"
for i in $(seq 1 1500); do
    printf '{"id": "r%d", "title": "Record %d", "body": "the dunlin counts %d and more words to fill the line"}\n' "$i" "$i" "$i"
done >"$BIG/dump.jsonl"
cp "$BIG/dump.jsonl" "$BIG/dump.json.txt"
size=$(stat -c %s "$BIG/dump.jsonl")
run "$PASSIM" index --json --max-file-size 64K --db "$TEST_TMP/big-db" "$BIG/dump.jsonl"
assert_eq 0 "$RC" "a $size-byte .jsonl under --max-file-size 64K: exit 0"
assert_jq '.added == 1500 and .failed == 0' "every record of the large .jsonl is added"
assert_ids "$TEST_TMP/big-db" r1500 'title:"record 1500"'
run "$PASSIM" index --json --max-file-size 64K --db "$TEST_TMP/big-db" "$BIG/dump.json.txt"
assert_eq 1 "$RC" "a whole-file format above --max-file-size is still refused"
assert_match "$ERR" 'dump\.json\.txt: larger than the maximum file size' "... with 'path: larger than the maximum file size'"

section "a raw NUL byte inside a JSON Lines string is reported"
NUL=$TEST_TMP/nul
mkdir -p "$NUL"
printf '{"id": "n1", "title": "One", "body": "the smew one"}\n{"id": "n2", "title": "Two", "body": "the smew cut\000short here"}\n{"id": "n3", "title": "Three", "body": "the smew three"}\n' \
    >"$NUL/feed.jsonl"
run "$PASSIM" index --json --db "$TEST_TMP/nul-db" "$NUL"
assert_eq 1 "$RC" "a NUL in a record: exit 1"
assert_jq '.added == 2 and .failed == 1' "the record with the NUL fails, the others are added"
assert_match "$ERR" 'nul/feed\.jsonl:2: invalid JSON at column 51: a NUL byte' "'path:line: invalid JSON at column N: a NUL byte'"
assert_ids "$TEST_TMP/nul-db" "n1 n3" smew
run "$PASSIM" index --json --db "$TEST_TMP/nul-stdin-db" - <"$NUL/feed.jsonl"
assert_match "$ERR" '^-:2: invalid JSON at column 51: a NUL byte' "on standard input too"

section "a problem with a symbolic link names the link, not its target"
LINKS=$TEST_TMP/links
mkdir -p "$LINKS/walked" "$LINKS/outside"
printf 'Title: Blob\n\000\001binary\n' >"$LINKS/outside/blob.txt"
printf '{"id": "ok"}\n{"id": "bad",\n' >"$LINKS/outside/feed.jsonl"
ln -s ../outside/blob.txt "$LINKS/walked/link.txt"
ln -s ../outside/feed.jsonl "$LINKS/walked/link.jsonl"
run "$PASSIM" index --json --db "$TEST_TMP/links-db" "$LINKS/walked"
assert_eq 1 "$RC" "links to bad files: exit 1"
assert_match "$ERR" "^$LINKS/walked/link\\.txt: binary file" "a binary file through a link: 'link: binary file'"
assert_match "$ERR" "^$LINKS/walked/link\\.jsonl:2: " "a bad record through a link: 'link:2: reason'"
assert_not_contains "$ERR" "outside/" "no problem names the link's target"

finish
