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

finish
