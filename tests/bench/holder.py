#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Hold a block of loopback sockets for tests/bench/bench.sh.

usage: holder.py PAIRS LISTENERS UDP PORT_BASE READY_FILE LIFETIME

Opens LISTENERS TCP listeners on 127.0.0.1:PORT_BASE.., PAIRS connected TCP
pairs (both ends held here, spread over the listeners), and UDP bound UDP
sockets on 127.0.0.1:PORT_BASE+LISTENERS.., then writes the number of
sockets it holds to READY_FILE and sleeps until killed, until its parent
dies (PR_SET_PDEATHSIG), or LIFETIME seconds pass. Only 127.0.0.1 is used:
run it inside a private network namespace.
"""
import ctypes
import os
import resource
import signal
import socket as S
import struct
import sys
import time

BATCH = 1000          # connects in flight per listener before accepting
BACKLOG = 4096        # listen() backlog (the kernel caps it at somaxconn)
STEP_TIMEOUT = 10.0   # seconds for one connect or accept


def die_with_parent():
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except OSError:
        pass
    # The parent may have died before prctl took effect.
    if os.getppid() == 1:
        sys.exit(1)


def main():
    if len(sys.argv) != 7:
        sys.exit(__doc__)
    pairs, nlisten, nudp, port_base = (int(a) for a in sys.argv[1:5])
    ready_file, lifetime = sys.argv[5], float(sys.argv[6])
    if nlisten < 1 or pairs < 0 or nudp < 0:
        sys.exit("holder: need at least one listener")
    die_with_parent()

    need = 2 * pairs + nlisten + nudp + 64
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < need:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(need, hard), hard))

    # SO_LINGER 0: a killed holder resets its connections instead of
    # leaving tens of thousands in FIN_WAIT/TIME_WAIT.
    linger0 = struct.pack("ii", 1, 0)
    held = []
    listeners = []
    for i in range(nlisten):
        s = S.socket(S.AF_INET, S.SOCK_STREAM)
        s.setsockopt(S.SOL_SOCKET, S.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port_base + i))
        s.listen(BACKLOG)
        s.settimeout(STEP_TIMEOUT)
        listeners.append(s)
        held.append(s)
    for i in range(nudp):
        s = S.socket(S.AF_INET, S.SOCK_DGRAM)
        s.bind(("127.0.0.1", port_base + nlisten + i))
        held.append(s)

    # Spread the pairs over the listeners, BATCH connects then BATCH
    # accepts at a time, so no accept queue overflows (an overflowing
    # queue drops the SYN and the connect waits a second for a retry).
    per = [pairs // nlisten + (1 if i < pairs % nlisten else 0)
           for i in range(nlisten)]
    for li, count in enumerate(per):
        lst = listeners[li]
        addr = lst.getsockname()
        done = 0
        while done < count:
            n = min(BATCH, count - done)
            for _ in range(n):
                c = S.socket(S.AF_INET, S.SOCK_STREAM)
                c.settimeout(STEP_TIMEOUT)
                c.setsockopt(S.SOL_SOCKET, S.SO_LINGER, linger0)
                c.connect(addr)
                held.append(c)
            for _ in range(n):
                a, _peer = lst.accept()
                a.setsockopt(S.SOL_SOCKET, S.SO_LINGER, linger0)
                held.append(a)
            done += n

    tmp = ready_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % len(held))
    os.rename(tmp, ready_file)

    deadline = time.monotonic() + lifetime
    while time.monotonic() < deadline:
        time.sleep(min(5.0, max(0.0, deadline - time.monotonic())))


if __name__ == "__main__":
    main()
