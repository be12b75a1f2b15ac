#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Record seed inputs for the fuzz targets from a live kernel.

Run as root: it re-runs itself in a private network namespace
(unshare -n), opens a few loopback sockets (TCP listener and connection,
UDP, raw, both families), and writes into tests/fuzz/corpus/:
  procnet/   one /proc/net/{tcp,tcp6,udp,udp6,raw,raw6} line per file,
             prefixed by the fuzz target's selector byte
  sockdiag/  one recorded NETLINK_SOCK_DIAG dump receive per file
Small on purpose: the fuzzer grows its own corpus from these.
"""
import os
import socket
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")

NETLINK_SOCK_DIAG = 4
SOCK_DIAG_BY_FAMILY = 20
NLM_F_REQUEST, NLM_F_DUMP = 1, 0x300
INET_DIAG_INFO = 2
# -i and -m's: INFO, VEGASINFO (any algorithm's block), CONG, SKMEMINFO
EXT_SHOW = (1 << (2 - 1)) | (1 << (3 - 1)) | (1 << (4 - 1)) | (1 << (7 - 1))


def open_sockets():
    keep = []
    for fam, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
        srv = socket.socket(fam, socket.SOCK_STREAM)
        srv.bind((host, 0))
        srv.listen(8)
        cli = socket.create_connection(srv.getsockname()[:2])
        acc, _ = srv.accept()
        udp = socket.socket(fam, socket.SOCK_DGRAM)
        udp.bind((host, 0))
        udp2 = socket.socket(fam, socket.SOCK_DGRAM)
        udp2.connect(udp.getsockname()[:2])
        raw = socket.socket(fam, socket.SOCK_RAW,
                            socket.IPPROTO_ICMP if fam == socket.AF_INET
                            else socket.IPPROTO_ICMPV6)
        keep += [srv, cli, acc, udp, udp2, raw]
    return keep


def write(sub, name, data):
    d = os.path.join(CORPUS, sub)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def record_procnet():
    # fuzz_procnet's selector byte: bit 0 IPv6, (byte >> 1) % 3 the protocol
    protos = {"tcp": 0, "udp": 1, "raw": 2}
    for name, sel in protos.items():
        for v6 in (0, 1):
            path = "/proc/net/" + name + ("6" if v6 else "")
            with open(path, "rb") as f:
                lines = f.read().splitlines()[1:]
            for i, line in enumerate(lines[:3]):
                write("procnet", "%s%s-%d" % (name, "6" if v6 else "", i),
                      bytes([sel << 1 | v6]) + line)


def record_sockdiag(only_ext=False):
    for fam, proto, label, ext in (
            (socket.AF_INET, socket.IPPROTO_TCP, "tcp",
             1 << (INET_DIAG_INFO - 1)),
            (socket.AF_INET6, socket.IPPROTO_TCP, "tcp6",
             1 << (INET_DIAG_INFO - 1)),
            (socket.AF_INET, socket.IPPROTO_UDP, "udp", 0),
            (socket.AF_INET, socket.IPPROTO_TCP, "ext-tcp", EXT_SHOW),
            (socket.AF_INET6, socket.IPPROTO_TCP, "ext-tcp6", EXT_SHOW),
            (socket.AF_INET, socket.IPPROTO_UDP, "ext-udp", EXT_SHOW)):
        if only_ext and not label.startswith("ext-"):
            continue
        nl = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM,
                           NETLINK_SOCK_DIAG)
        # inet_diag_req_v2: family, protocol, ext, pad, states, sockid (48)
        req = struct.pack("=BBBBI", fam, proto, ext, 0, 0xffffffff) + \
            bytes(48)
        hdr = struct.pack("=IHHII", 16 + len(req), SOCK_DIAG_BY_FAMILY,
                          NLM_F_REQUEST | NLM_F_DUMP, 1, 0)
        nl.send(hdr + req)
        data = nl.recv(65536)
        write("sockdiag", "dump-" + label, data)
        # one message on its own, and the dump's last message cut short
        first_len = struct.unpack_from("=I", data)[0]
        write("sockdiag", "one-" + label, data[:first_len])
        write("sockdiag", "cut-" + label, data[:first_len - 7])
        nl.close()


def main():
    if os.environ.get("RECORD_IN_NETNS") != "1":
        env = dict(os.environ, RECORD_IN_NETNS="1")
        return subprocess.call(["unshare", "-n", sys.executable,
                                os.path.abspath(__file__)] + sys.argv[1:],
                               env=env)
    subprocess.check_call(["ip", "link", "set", "lo", "up"])
    keep = open_sockets()
    # --ext: only the -i -m seeds, the others as they were
    if "--ext" in sys.argv:
        record_sockdiag(only_ext=True)
        return 0
    record_procnet()
    record_sockdiag()
    for s in keep:
        s.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
