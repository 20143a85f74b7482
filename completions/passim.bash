# passim.bash - bash completion for passim(1): subcommands, each one's
# options, and the values options take. Installed as
# share/bash-completion/completions/passim; needs nothing from the
# bash-completion package.

_passim()
{
    local cur=${COMP_WORDS[COMP_CWORD]}
    local prev=${COMP_WORDS[COMP_CWORD - 1]}
    local commands="index search stats list delete prune serve help"
    local cmd="" opts i

    # The subcommand: the first word after passim that is not an option.
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
        -*) ;;
        *) cmd=${COMP_WORDS[i]}; break ;;
        esac
    done
    COMPREPLY=()
    if [[ -z $cmd ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$commands -h --help --version" \
                                 -- "$cur")
        return
    fi

    case $cmd in
    index)
        opts="--db --db-writable --shards --lang --prune --compact --synonyms
              --include --exclude --max-file-size --commit-every --lock-timeout
              --progress --json --jobs --batch -v --verbose -h --help" ;;
    search)
        opts="--db -n --limit --offset --per-article --match --sort --since
              --until --facet --bm25 --title-weight --proximity-weight --feedback
              --synonyms --lang --explain --json --jsonl --color --timeout
              --allow-partial --batch -h --help" ;;
    stats | list) opts="--db --json -h --help" ;;
    delete | prune) opts="--db --lock-timeout -h --help" ;;
    serve)
        opts="--port --interface --writable --timeout --one-shot --quiet
              -h --help" ;;
    help)
        [[ $prev == help ]] &&
            mapfile -t COMPREPLY < <(compgen -W "index search stats list delete prune serve" \
                                     -- "$cur")
        return ;;
    *) return ;;
    esac

    # The value of the option before the cursor.
    case $prev in
    --db)
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -d -- "$cur")
        return ;;
    --synonyms)
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        return ;;
    --match) mapfile -t COMPREPLY < <(compgen -W "all any" -- "$cur"); return ;;
    --sort)
        mapfile -t COMPREPLY < <(compgen -W "relevance date" -- "$cur")
        return ;;
    --color | --colour)
        mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$cur")
        return ;;
    --facet)
        mapfile -t COMPREPLY < <(compgen -W "source tag month lang" -- "$cur")
        return ;;
    --lang)
        mapfile -t COMPREPLY < <(compgen -W "arabic armenian basque catalan
            danish dutch english finnish french german greek hindi hungarian
            indonesian irish italian lithuanian nepali norwegian portuguese
            romanian russian serbian spanish swedish tamil turkish yiddish
            none" -- "$cur")
        return ;;
    --db-writable | --shards | --include | --exclude | --max-file-size | \
    --commit-every | \
    --lock-timeout | -n | --limit | --offset | --per-article | --since | \
    --until | --bm25 | --title-weight | --proximity-weight | --timeout)
        return ;; # a value of the user's own
    esac

    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
    elif [[ $cmd == index || $cmd == delete ]]; then
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    fi
}
complete -F _passim passim
