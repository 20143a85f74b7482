#!/usr/bin/env bash
# test_docs.sh — the documentation keeps up with the command: every
# subcommand `passim --help` lists has a section in the man page and is
# completed by completions/passim.bash, and every option a command's --help
# names is documented in that command's man page section and completed for
# that command.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MAN=$PASSIM_SOURCE_DIR/docs/passim.1
COMPLETION=$PASSIM_SOURCE_DIR/completions/passim.bash

# man_section CMD : the man page text of ".SS passim CMD" up to the next
# section, with roff's escaped hyphens made plain.
man_section() {
    awk -v head=".SS passim $1 " '
        index($0, head) == 1 || $0 == ".SS passim " cmd { on = 1; next }
        /^\.S[SH] / { on = 0 }
        on' cmd="$1" "$MAN" | sed 's/\\-/-/g'
}

# completed_options CMD : the words bash completion offers after `passim CMD -`.
completed_options() {
    bash -c '. "$1"; COMP_WORDS=(passim "$2" -); COMP_CWORD=2; _passim
             printf "%s\n" "${COMPREPLY[@]}"' _ "$COMPLETION" "$1"
}

section "subcommands"
assert_status 0 "$PASSIM" --help
COMMANDS=$(printf '%s\n' "$OUT" | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }')
assert_eq yes "$([ "$(wc -w <<<"$COMMANDS")" -ge 5 ] && echo yes)" \
    "passim --help lists the subcommands ($(echo $COMMANDS))"
completed_commands=$(bash -c '. "$1"; COMP_WORDS=(passim ""); COMP_CWORD=1; _passim
                              printf "%s\n" "${COMPREPLY[@]}"' _ "$COMPLETION")
for cmd in $COMMANDS; do
    assert_match "$(grep -c "^\.SS passim $cmd\b" "$MAN")" '^[1-9]' \
        "the man page has a section for passim $cmd"
    assert_match "$completed_commands" "(^|$'\n')$cmd($|$'\n')" \
        "bash completion offers the subcommand $cmd"
done

section "every option of every command, in the man page and in completion"
for cmd in $COMMANDS; do
    [ "$cmd" = help ] && continue
    assert_status 0 "$PASSIM" help "$cmd"
    # The options the help defines: "  --opt ..." or "  -x, --opt ..." lines.
    options=$(printf '%s\n' "$OUT" | grep -oE '^  (-[a-zA-Z], )?--[a-z][a-z0-9-]*' |
        grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
    [ -n "$options" ] || { fail "passim help $cmd names options"; continue; }
    text=$(man_section "$cmd")
    completed=$(completed_options "$cmd")
    for option in $options; do
        case "$text" in
        *"$option"*) pass "man page: passim $cmd $option" ;;
        *) fail "man page: passim $cmd $option is documented" "$option in .SS passim $cmd" "missing" ;;
        esac
        if grep -qxF -- "$option" <<<"$completed"; then
            pass "completion: passim $cmd $option"
        else
            fail "completion: passim $cmd $option is completed" "$option" "missing"
        fi
    done
done

section "the man page is well-formed roff"
if command -v groff >/dev/null; then
    assert_status 0 groff -man -Tutf8 -ww -z "$MAN"
    assert_eq "" "$ERR" "groff -ww finds nothing to warn about"
else
    pass "groff not installed: the roff check is skipped"
fi

finish
