#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Open a known socket table on loopback for the integration tests.

Prints "ready" once every socket is in place, then holds them until it is
killed or LIFETIME seconds pass. Only loopback addresses are used: run it
inside a private network namespace.

usage: sockets.py [--children] [--lifetime SECONDS]
  --children  also fork two children: one shares the parent's listener on
              port 7000, the other holds a socket and renames itself with a
              newline and a tab in its name
"""
import ctypes
import os
import socket as S
import sys
import time

lifetime = 60.0
children = "--children" in sys.argv
if "--lifetime" in sys.argv:
    lifetime = float(sys.argv[sys.argv.index("--lifetime") + 1])
held = []


def keep(*socks):
    held.extend(socks)
    return socks[0]


def tcp_listener(family, addr, port, v6only=None):
    s = S.socket(family, S.SOCK_STREAM)
    s.setsockopt(S.SOL_SOCKET, S.SO_REUSEADDR, 1)
    if v6only is not None:
        s.setsockopt(S.IPPROTO_IPV6, S.IPV6_V6ONLY, v6only)
    s.bind((addr, port))
    s.listen(16)
    return keep(s)


def tcp_pair(listener, family, addr, port):
    c = S.socket(family, S.SOCK_STREAM)
    c.connect((addr, port))
    a, _ = listener.accept()
    keep(c, a)
    return c, a


# IPv4 listener with an established pair that has unread data (Recv-Q)
l4 = tcp_listener(S.AF_INET, "127.0.0.1", 9999)
c, a = tcp_pair(l4, S.AF_INET, "127.0.0.1", 9999)
c.send(b"hello")
# TIME_WAIT on the client side: the client closes first
t, ta = tcp_pair(l4, S.AF_INET, "127.0.0.1", 9999)
t.close()
ta.close()
held.remove(t)
held.remove(ta)
# CLOSE_WAIT (client) and FIN_WAIT2 (server): the server shuts down
w, wa = tcp_pair(l4, S.AF_INET, "127.0.0.1", 9999)
wa.shutdown(S.SHUT_WR)
# a dual-stack IPv6 listener, reached over IPv4: IPv4-mapped addresses
l6any = tcp_listener(S.AF_INET6, "::", 8080, v6only=0)
tcp_pair(l6any, S.AF_INET, "127.0.0.1", 8080)
# IPv6 loopback listener on a named port, with a connection
l6 = tcp_listener(S.AF_INET6, "::1", 22)
tcp_pair(l6, S.AF_INET6, "::1", 22)
# a second IPv4 listener on another loopback address
tcp_listener(S.AF_INET, "127.0.0.2", 631)
# UDP: bound, connected, IPv6
u = keep(S.socket(S.AF_INET, S.SOCK_DGRAM))
u.bind(("127.0.0.1", 5353))
uc = keep(S.socket(S.AF_INET, S.SOCK_DGRAM))
uc.connect(("127.0.0.1", 5353))
u6 = keep(S.socket(S.AF_INET6, S.SOCK_DGRAM))
u6.bind(("::1", 53))
u6c = keep(S.socket(S.AF_INET6, S.SOCK_DGRAM))
u6c.connect(("::1", 53))

def die_with_parent():
    ctypes.CDLL(None).prctl(1, 9, 0, 0, 0)  # PR_SET_PDEATHSIG, SIGKILL


if children:
    shared = tcp_listener(S.AF_INET, "127.0.0.1", 7000)
    if os.fork() == 0:
        die_with_parent()
        # inherits every socket above, the shared listener among them
        time.sleep(lifetime)
        os._exit(0)
    if os.fork() == 0:
        die_with_parent()
        for s in held:
            s.close()
        mine = S.socket(S.AF_INET, S.SOCK_STREAM)
        mine.bind(("127.0.0.1", 7001))
        mine.listen(1)
        libc = ctypes.CDLL(None)
        libc.prctl(15, b"evil\nname\tx", 0, 0, 0)  # PR_SET_NAME
        time.sleep(lifetime)
        os._exit(0)

def settled():
    """No socket in a passing state: the handshakes and FINs are done, so
    that two tools listing one after the other see the same table."""
    # SYN_SENT, SYN_RECV, FIN_WAIT1, LAST_ACK, CLOSING, NEW_SYN_RECV
    passing = {"02", "03", "04", "09", "0B", "0C"}
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(name) as f:
                next(f)
                for line in f:
                    if line.split()[3] in passing:
                        return False
        except OSError:
            pass
    return True


# let the handshakes and the FINs settle: at most 5 s
for _ in range(50):
    time.sleep(0.1)
    if settled():
        break
print("ready", flush=True)
deadline = time.monotonic() + lifetime
while time.monotonic() < deadline:
    time.sleep(0.5)
