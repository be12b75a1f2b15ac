# SPDX-License-Identifier: MIT
"""UNIX sockets for tests/integration/unix.sh: a listener with one accepted
and one pending connection, an abstract listener, a bound datagram socket
and a client connected to it, a seqpacket pair. Prints their inodes, then
"ready", and holds them until killed (at most 120 s)."""
import os
import socket
import sys
import time

d = sys.argv[1]
keep = []


def ino(s):
    return os.fstat(s.fileno()).st_ino


ls = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
ls.bind(d + "/listen.sock")
ls.listen(5)
c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
c.connect(d + "/listen.sock")
s, _ = ls.accept()
pending = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
pending.connect(d + "/listen.sock")
ab = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
ab.bind("\0sockview-abstract\0x")
ab.listen(1)
dg = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
dg.bind(d + "/dgram.sock")
dgc = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
dgc.connect(d + "/dgram.sock")
dgc.send(b"hello")
sp = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
c.send(b"x" * 100)
keep += [ls, c, s, pending, ab, dg, dgc, sp]
print("stream", ino(c), ino(s))
print("seqpacket", ino(sp[0]), ino(sp[1]))
print("dgram", ino(dgc), ino(dg))
print("listener", ino(ls))
print("pending", ino(pending))
print("ready", flush=True)
time.sleep(120)
