# fish completion for sockview(1)

complete -c sockview -f

# Selection
complete -c sockview -s t -l tcp -d 'TCP sockets'
complete -c sockview -s u -l udp -d 'UDP sockets (with --serve: serve UDP)'
complete -c sockview -s w -l raw -d 'RAW sockets'
complete -c sockview -s 4 -l ipv4 -d 'IPv4 only'
complete -c sockview -s 6 -l ipv6 -d 'IPv6 only'
complete -c sockview -s l -l listening -d 'Only listening sockets'
complete -c sockview -s a -l all -d 'Listening and non-listening sockets'
complete -c sockview -l pid -x -a '(__fish_complete_pids)' \
    -d 'Only the sockets these processes hold'

# Output
complete -c sockview -s n -l numeric -d 'No names for hosts, ports or users'
complete -c sockview -l numeric-hosts -d 'Numeric host addresses (the default)'
complete -c sockview -l numeric-ports -d 'Numeric ports'
complete -c sockview -l numeric-users -d 'Numeric user ids'
complete -c sockview -s r -l resolve -d 'Name host addresses too'
complete -c sockview -s p -l program -d 'Add the PID/Program name column'
complete -c sockview -s e -l extend -d 'Add the User and Inode columns'
complete -c sockview -s o -l timers -d 'Add the Timer column'
complete -c sockview -s W -l wide -d 'Accepted for netstat; never truncated'
complete -c sockview -s H -l no-header -d 'No title and column header lines'
# --json takes its optional argument only after "=": --json=lines
complete -c sockview -s j -l json -d 'JSON: one array of socket objects'
complete -c sockview -a '--json=lines' -d 'JSON: one object per line' \
    -n 'string match -q -- "--j*" (commandline -ct)'
complete -c sockview -l services -r -F -d 'Port names from FILE'
complete -c sockview -l source -x -a 'auto netlink proc' \
    -d 'Where the socket table comes from'

# Demo server and client
complete -c sockview -l serve -x -d 'Serve TCP on PORT (0: any free port)'
complete -c sockview -l bind -x -a '(__fish_print_addresses)' \
    -d 'With --serve: listen on ADDR only'
complete -c sockview -l echo -d 'With --serve: send back what arrives'
complete -c sockview -l max-clients -x -d 'With --serve: at most N clients'
complete -c sockview -l connect -x -a '(__fish_print_hostnames)' \
    -d 'Open TCP connections to HOST:PORT'
complete -c sockview -l count -x -d 'With --connect: N connections'
complete -c sockview -l hold -d 'With --connect: hold them until Ctrl-C'

complete -c sockview -s h -l help -d 'Show the help'
complete -c sockview -s V -l version -d 'Show the version'
