#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Idle loopback TCP connections with known traffic, for tcpinfo.sh.

A listener on 127.0.0.1:7070 and one on [::1]:7071; three connections,
each of which sends a known number of bytes each way and then waits,
bounded, until the peer has every byte and every byte is acked, so that
the counters ss and sockview read stand still. The third connection's
congestion control is reno (TCP_CONGESTION). A UDP socket on
127.0.0.1:7072 holds one datagram of 100 bytes. Prints "ready" once all is
idle, then holds the sockets until killed or LIFETIME seconds pass. Run
it inside a private network namespace.

usage: tcpinfo_sockets.py [--lifetime SECONDS]
"""
import socket as S
import struct
import sys
import time

lifetime = 60.0
if "--lifetime" in sys.argv:
    lifetime = float(sys.argv[sys.argv.index("--lifetime") + 1])
held = []
TCP_CONGESTION = getattr(S, "TCP_CONGESTION", 13)
TCP_INFO = getattr(S, "TCP_INFO", 11)


def listener(family, addr, port):
    s = S.socket(family, S.SOCK_STREAM)
    s.setsockopt(S.SOL_SOCKET, S.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(16)
    held.append(s)
    return s


def recv_exactly(sock, n, deadline):
    got = 0
    sock.settimeout(max(0.1, deadline - time.monotonic()))
    while got < n:
        chunk = sock.recv(min(65536, n - got))
        if not chunk:
            raise SystemExit("peer closed early")
        got += len(chunk)


def unacked(sock):
    # struct tcp_info: tcpi_unacked is the u32 at offset 24
    info = sock.getsockopt(S.IPPROTO_TCP, TCP_INFO, 104)
    return struct.unpack_from("I", info, 24)[0]


def pair(lst, family, addr, port, up, down, cong=None):
    c = S.socket(family, S.SOCK_STREAM)
    if cong is not None:
        c.setsockopt(S.IPPROTO_TCP, TCP_CONGESTION, cong.encode())
    c.connect((addr, port))
    a, _ = lst.accept()
    held.extend((c, a))
    deadline = time.monotonic() + 10
    c.sendall(b"u" * up)
    recv_exactly(a, up, deadline)
    a.sendall(b"d" * down)
    recv_exactly(c, down, deadline)
    return c, a


l4 = listener(S.AF_INET, "127.0.0.1", 7070)
l6 = listener(S.AF_INET6, "::1", 7071)
socks = []
socks += pair(l4, S.AF_INET, "127.0.0.1", 7070, 1000, 2000)
socks += pair(l6, S.AF_INET6, "::1", 7071, 300000, 5000)
socks += pair(l4, S.AF_INET, "127.0.0.1", 7070, 4321, 1234, cong="reno")
# UDP, with a datagram waiting: -m shows its memory, -i nothing
u = S.socket(S.AF_INET, S.SOCK_DGRAM)
u.bind(("127.0.0.1", 7072))
uc = S.socket(S.AF_INET, S.SOCK_DGRAM)
uc.sendto(b"x" * 100, ("127.0.0.1", 7072))
held.extend((u, uc))
# every byte acked: then no segment is in flight and the counters stop
deadline = time.monotonic() + 5
while any(unacked(s) for s in socks) and time.monotonic() < deadline:
    time.sleep(0.02)
# delayed acks (at most 200 ms on loopback, ato) have gone out too
time.sleep(0.5)
print("ready", flush=True)
end = time.monotonic() + lifetime
while time.monotonic() < end:
    time.sleep(0.5)
