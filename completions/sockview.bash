# SPDX-License-Identifier: MIT
# bash completion for sockview(1)                          -*- shell-script -*-
#
# Installed as "sockview" in bash-completion's completionsdir, where it is
# loaded on first use; it also works sourced on its own, without
# bash-completion.

_sockview_opts='
    -t --tcp -u --udp -w --raw -U --udplite --icmp -M --mptcp -4 --ipv4 -6 --ipv6 -l --listening -a --all
    -x --unix -0 --packet --netlink -S --sctp --vsock --xdp -A --query --pid --state --sport --dport --port --src --dst -N --netns
    --unit --units
    -n --numeric --numeric-hosts --numeric-ports --numeric-users
    -r --resolve -p --program -e --extend -o --timers -i --info -m --memory -W --wide
    -H --no-header -j --json --json=lines --services --source
    --record --replay --proc-root
    --explain --color -s --summary --prometheus -c --continuous --diff
    -K --kill
    --serve --bind --echo --max-clients --idle-timeout --connect --count --hold
    -h --help -V --version'

_sockview_queries='all inet tcp udp udplite raw icmp mptcp unix unix_stream
    unix_dgram unix_seqpacket packet netlink sctp vsock xdp'

_sockview_states='established syn-sent syn-recv fin-wait-1 fin-wait-2
    time-wait close close-wait last-ack listen closing
    connected synchronized all'

_sockview_pids()
{
    local pids p
    for p in /proc/[0-9]*; do
        pids+=" ${p#/proc/}"
    done
    printf '%s' "$pids"
}

_sockview()
{
    local cur prev eq=
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    # "--opt=value": bash splits the words at "=" (COMP_WORDBREAKS), or
    # does not, when "=" was taken out of COMP_WORDBREAKS
    if [[ $cur == = ]]; then
        cur= eq=1
    elif [[ $prev == = && $COMP_CWORD -ge 2 ]]; then
        prev=${COMP_WORDS[COMP_CWORD - 2]} eq=1
    elif [[ $cur == --*=* ]]; then
        prev=${cur%%=*} cur=${cur#*=} eq=1
    fi

    case $prev in
    --pid)
        # a comma-separated list: complete its last element
        local head=
        [[ $cur == *,* ]] && head=${cur%,*},
        COMPREPLY=($(compgen -W "$(_sockview_pids)" -P "$head" -- "${cur##*,}"))
        [[ -n $head ]] && compopt -o nospace 2>/dev/null
        return
        ;;
    -A | --query)
        local head=
        [[ $cur == *,* ]] && head=${cur%,*},
        COMPREPLY=($(compgen -W "$_sockview_queries" -P "$head" -- "${cur##*,}"))
        [[ -n $head ]] && compopt -o nospace 2>/dev/null
        return
        ;;
    --source)
        COMPREPLY=($(compgen -W 'auto netlink proc' -- "$cur"))
        return
        ;;
    --color)
        COMPREPLY=($(compgen -W 'auto always never' -- "$cur"))
        return
        ;;
    --state)
        local head=
        [[ $cur == *,* ]] && head=${cur%,*},
        COMPREPLY=($(compgen -W "$_sockview_states" -P "$head" -- "${cur##*,}"))
        [[ -n $head ]] && compopt -o nospace 2>/dev/null
        return
        ;;
    -N | --netns)
        # names from ip netns, paths, or pids
        local names=all n
        for n in /run/netns/*; do
            [[ -e $n ]] && names+=" ${n#/run/netns/}"
        done
        if [[ $cur == */* ]]; then
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -f -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$names $(_sockview_pids)" -- "$cur"))
        fi
        return
        ;;
    --services | --record | --replay)
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -- "$cur"))
        return
        ;;
    --proc-root)
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -d -- "$cur"))
        return
        ;;
    --json)
        # only as --json=lines; "--json lines" is not the same
        if [[ -n $eq ]]; then
            COMPREPLY=($(compgen -W 'lines' -- "$cur"))
            return
        fi
        ;;
    --serve | --bind | --max-clients | --idle-timeout | --connect | --count | \
        --sport | --dport | --port | --src | --dst | --unit)
        return # a port, an address, a number: nothing to offer
        ;;
    esac

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$_sockview_opts" -- "$cur"))
    fi
}

complete -F _sockview sockview
