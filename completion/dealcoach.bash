# bash completion for dealcoach                            -*- shell-script -*-
#
# Subcommands come from `dealcoach complete subcommands` and each one's
# options from its own --help, so a new subcommand or option completes
# without editing this file. Deal ids come from the store (`dealcoach
# complete ids`, honouring --db), where the usage reads `--db PATH ID`.

# The options a dealcoach help text names (as tests/man/check.sh reads them).
_dealcoach_options()
{
    "$1" ${2:+"$2"} --help 2>/dev/null |
        grep -oE '(^|[][ (|,/])--?[A-Za-z][A-Za-z0-9-]*' | sed -E 's/^[^-]*//' | sort -u
}

_dealcoach()
{
    local cur prev words cword
    _init_completion || return

    local bin=${words[0]} sub="" db="" operands=0 i
    local -a rules=()
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            --db) db=${words[i + 1]}; ((i++)) ;;
            --rules) rules+=(--rules "${words[i + 1]}"); ((i++)) ;;
            --lang | --today | --patterns | --base | --sort | --stage | --owner | --since | \
            --jobs | -j | --seed | --runs | --min-recall | --max-false-alarms | --min-coverage | \
            --check-wording | --name | --map | --file | --html | --replay | --competitors) ((i++)) ;;
            --) break ;;
            -*) ;;
            *) if [[ -z $sub ]]; then sub=${words[i]}; else ((operands++)); fi ;;
        esac
    done

    case $prev in
        --lang | --sort | --stage | --check-wording)
            local name=${prev#--}
            [[ $name == check-wording ]] && name=lang
            COMPREPLY=($(compgen -W "$("$bin" complete values "$name" "${rules[@]}" 2>/dev/null)" -- "$cur"))
            return ;;
        --owner | --name | --jobs | -j | --seed | --runs | --min-recall | --max-false-alarms | --min-coverage | \
        --competitors)
            return ;;
        --today | --since)
            COMPREPLY=($(compgen -W "$(date +%Y-%m-%d)" -- "$cur"))
            return ;;
        --rules)
            _filedir clp
            return ;;
        --db)
            _filedir db
            return ;;
        --patterns | --learn)
            _filedir
            return ;;
        --model)
            _filedir model
            return ;;
    esac

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_dealcoach_options "$bin" "$sub")" -- "$cur"))
        return
    fi

    if [[ -z $sub ]]; then
        COMPREPLY=($(compgen -W "$("$bin" complete subcommands 2>/dev/null) version" -- "$cur"))
        return
    fi

    # Where the usage reads "DEAL ID" (why-not), the operand after the deal
    # is a finding, action or tactic id of the playbook.
    if ((operands == 1)) && "$bin" "$sub" --help 2>/dev/null | head -3 | grep -q ' DEAL ID'; then
        COMPREPLY=($(compgen -W "$("$bin" complete advice-ids "${rules[@]}" 2>/dev/null)" -- "$cur"))
        return
    fi

    case $sub in
        advise)
            _filedir json ;;
        test)
            _filedir test ;;
        notes)
            [[ " ${words[*]} " == *" --test "* || " ${words[*]} " == *" --learn "* ]] && _filedir txt ;;
        session | version) ;;
        *)
            _filedir ;;
    esac
    # Where the usage reads "--db PATH ID", the operands are deals of the store
    # (not so for the ID of why-not, an advice id).
    if "$bin" "$sub" --help 2>/dev/null | head -3 | grep -qE -- '--db PATH ID'; then
        COMPREPLY+=($(compgen -W "$("$bin" complete ids ${db:+--db "$db"} 2>/dev/null)" -- "$cur"))
    fi
} &&
    complete -F _dealcoach dealcoach

# ex: filetype=sh
