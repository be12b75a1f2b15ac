# SPDX-License-Identifier: MIT
# fish completion for sockview(1)

complete -c sockview -f

# Selection
complete -c sockview -s t -l tcp -d 'TCP sockets'
complete -c sockview -s u -l udp -d 'UDP sockets (with --serve: serve UDP)'
complete -c sockview -s w -l raw -d 'RAW sockets'
complete -c sockview -s U -l udplite -d 'UDP-Lite sockets'
complete -c sockview -l icmp -d 'ICMP ping sockets (ping without root)'
complete -c sockview -s M -l mptcp -d 'MPTCP sockets (needs mptcp_diag)'
complete -c sockview -s 4 -l ipv4 -d 'IPv4 only'
complete -c sockview -s 6 -l ipv6 -d 'IPv6 only'
complete -c sockview -s l -l listening -d 'Only listening sockets'
complete -c sockview -s a -l all -d 'Listening and non-listening sockets'
complete -c sockview -s x -l unix -d 'UNIX domain sockets instead'
complete -c sockview -s 0 -l packet -d 'Packet sockets (AF_PACKET) instead'
complete -c sockview -l netlink -d 'Netlink sockets (AF_NETLINK) instead'
complete -c sockview -s S -l sctp -d 'SCTP sockets instead (needs sctp_diag)'
complete -c sockview -l vsock -d 'vsock sockets instead (needs vsock_diag)'
complete -c sockview -l xdp -d 'XDP sockets instead (needs xdp_diag)'
complete -c sockview -s A -l query -x -d 'The kinds of socket, as ss names them' \
    -a '(__fish_append , all inet tcp udp udplite raw icmp mptcp unix unix_stream unix_dgram unix_seqpacket packet netlink sctp vsock xdp)'
complete -c sockview -l pid -x -a '(__fish_complete_pids)' \
    -d 'Only the sockets these processes hold'
complete -c sockview -l state -x -d 'Only these states' \
    -a '(__fish_append , established syn-sent syn-recv fin-wait-1 fin-wait-2 time-wait close close-wait last-ack listen closing connected synchronized all)'
complete -c sockview -l sport -x -d 'Local port: a number, a range a-b, a name'
complete -c sockview -l dport -x -d 'Peer port: a number, a range a-b, a name'
complete -c sockview -l port -x -d "Either end's port: a number, a range a-b, a name"
complete -c sockview -l src -x -d 'Local address or prefix'
complete -c sockview -l dst -x -d 'Peer address or prefix'
complete -c sockview -s N -l netns -r -d 'Inspect network namespace NS' \
    -a '(echo all; path basename /run/netns/* 2>/dev/null; __fish_complete_pids)'
complete -c sockview -l unit -x -d 'Only the sockets of these units or containers'

# Output
complete -c sockview -s n -l numeric -d 'No names for hosts, ports or users'
complete -c sockview -l numeric-hosts -d 'Numeric host addresses (the default)'
complete -c sockview -l numeric-ports -d 'Numeric ports'
complete -c sockview -l numeric-users -d 'Numeric user ids'
complete -c sockview -s r -l resolve -d 'Name host addresses too'
complete -c sockview -s p -l program -d 'Add the PID/Program name column'
complete -c sockview -s e -l extend -d 'Add the User and Inode columns'
complete -c sockview -s o -l timers -d 'Add the Timer column'
complete -c sockview -l units -d 'Add the Unit column: systemd unit or container'
complete -c sockview -s i -l info -d "Under each TCP socket, ss -i's line"
complete -c sockview -s m -l memory -d "The socket's memory, as ss -m"
complete -c sockview -s W -l wide -d 'Accepted for netstat; never truncated'
complete -c sockview -s H -l no-header -d 'No title and column header lines'
# --json takes its optional argument only after "=": --json=lines
complete -c sockview -s j -l json -d 'JSON: one array of socket objects'
complete -c sockview -a '--json=lines' -d 'JSON: one object per line' \
    -n 'string match -q -- "--j*" (commandline -ct)'
complete -c sockview -l services -r -F -d 'Port names from FILE'
complete -c sockview -l source -x -a 'auto netlink proc' \
    -d 'Where the socket table comes from'
complete -c sockview -l record -r -F -d 'Also save what was read into FILE'
complete -c sockview -l replay -r -F -d 'List from a recording'
complete -c sockview -l proc-root -x -a '(__fish_complete_directories)' \
    -d 'Read /proc files from DIR'
complete -c sockview -l explain -d 'Say in words what each socket is'
complete -c sockview -l color -x -a 'auto always never' -d 'Colour states'
complete -c sockview -s s -l summary -d 'Counts per protocol, family and state'
complete -c sockview -l prometheus -d 'With -s: Prometheus text format'
# -c takes its optional SECONDS after "=" or as the next word
complete -c sockview -s c -l continuous -d 'List again every SECONDS (1)'
complete -c sockview -l diff -d 'With -c: mark new (+) and closed (-) sockets'
complete -c sockview -s K -l kill -d 'Close the selected TCP sockets'

# Demo server and client
complete -c sockview -l serve -x -d 'Serve TCP on PORT (0: any free port)'
complete -c sockview -l bind -x -a '(__fish_print_addresses)' \
    -d 'With --serve: listen on ADDR only'
complete -c sockview -l echo -d 'With --serve: send back what arrives'
complete -c sockview -l max-clients -x -d 'With --serve: at most N clients'
complete -c sockview -l idle-timeout -x \
    -d 'With --serve: close a client idle SECONDS (300; 0: never)'
complete -c sockview -l connect -x -a '(__fish_print_hostnames)' \
    -d 'Open TCP connections to HOST:PORT'
complete -c sockview -l count -x -d 'With --connect: N connections'
complete -c sockview -l hold -d 'With --connect: hold them until Ctrl-C'

complete -c sockview -s h -l help -d 'Show the help'
complete -c sockview -s V -l version -d 'Show the version'
