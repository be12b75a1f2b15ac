#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Many small processes for tests/bench/bench.sh --scale.

usage: swarm.py PROCESSES READY_FILE LIFETIME

Forks PROCESSES children; each holds a TCP listener and a bound UDP
socket on 127.0.0.1 (ephemeral ports), then waits. Writes the number of
children ready to READY_FILE once all are, and sleeps until killed, until
its parent dies (PR_SET_PDEATHSIG), or LIFETIME seconds pass; its
children end with it. Only 127.0.0.1 is used: run it inside a private
network namespace.
"""
import ctypes
import os
import signal
import socket
import sys
import time


def die_with_parent():
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)
    except OSError:
        pass
    if os.getppid() == 1:
        sys.exit(1)


def child(w, lifetime):
    die_with_parent()
    t = socket.socket()
    t.bind(("127.0.0.1", 0))
    t.listen(1)
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.0.0.1", 0))
    os.write(w, b"x")
    os.close(w)
    signal.alarm(int(lifetime))
    signal.pause()
    os._exit(0)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    n, ready, lifetime = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
    die_with_parent()
    r, w = os.pipe()
    kids = []
    try:
        for _ in range(n):
            pid = os.fork()
            if pid == 0:
                os.close(r)
                child(w, lifetime)
            kids.append(pid)
        os.close(w)
        got, deadline = 0, time.monotonic() + 60 + n / 50
        while got < n and time.monotonic() < deadline:
            b = os.read(r, 4096)
            if not b:
                break
            got += len(b)
        if got < n:
            sys.exit("swarm: only %d of %d children ready" % (got, n))
        with open(ready, "w") as f:
            f.write("%d\n" % got)
        time.sleep(lifetime)
    finally:
        for k in kids:
            try:
                os.kill(k, signal.SIGKILL)
            except ProcessLookupError:
                pass


if __name__ == "__main__":
    main()
