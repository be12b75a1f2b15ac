#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks on sockview's JSON for tests/integration/json.sh.

usage:
  json_check.py agree TEXT JSON    the text rows (-e, numeric) and the JSON
                                   objects describe the same sockets
  json_check.py lines ARRAY LINES  --json=lines holds the array's objects
  json_check.py owners JSON PORT MIN PID...
                                   the listener on PORT has MIN owners or
                                   more, every PID among them
  json_check.py program JSON PID HEX
                                   PID's program name decodes to the bytes
                                   HEX (sockview's scheme: "\\\\" and "\\xHH")
Exits 1 with a message on the first difference.
"""
import json
import re
import sys

STATES = {
    "ESTABLISHED": 1, "SYN_SENT": 2, "SYN_RECV": 3, "FIN_WAIT1": 4,
    "FIN_WAIT2": 5, "TIME_WAIT": 6, "CLOSE": 7, "CLOSE_WAIT": 8,
    "LAST_ACK": 9, "LISTEN": 10, "CLOSING": 11,
}


def die(msg):
    print(msg)
    sys.exit(1)


def load(path):
    with open(path, "rb") as f:
        data = f.read()
    # strict: RFC 8259 text is UTF-8
    return json.loads(data.decode("utf-8"))


def endpoint(end):
    return "%s:%s" % (end["address"], end["port"] if end["port"] else "*")


def json_tuple(o):
    proto = o["proto"] + ("6" if o["family"] == "inet6" else "")
    if o["proto"] == "tcp":
        state = o["state"]
    elif o["proto"] == "udp":
        state = {"ESTABLISHED": "ESTABLISHED", "CLOSE": ""}.get(o["state"],
                                                               "UNKNOWN")
    else:
        state = str(STATES[o["state"]])
    return (proto, str(o["recv_q"]), str(o["send_q"]), endpoint(o["local"]),
            endpoint(o["peer"]), state, str(o["uid"]), str(o["inode"]))


def text_tuple(line):
    f = line.split()
    # proto recv-q send-q local foreign [state] user inode
    if len(f) == 8:
        return tuple(f)
    if len(f) == 7:
        return tuple(f[:5] + [""] + f[5:])
    die("unexpected text row: %r" % line)


def agree(text_path, json_path):
    with open(text_path) as f:
        rows = [l for l in f.read().splitlines() if l.strip()]
    text = sorted(text_tuple(l) for l in rows)
    objs = load(json_path)
    if not isinstance(objs, list):
        die("not an array")
    js = sorted(json_tuple(o) for o in objs)
    if text != js:
        print("text only:", sorted(set(text) - set(js)))
        print("json only:", sorted(set(js) - set(text)))
        die("text and JSON differ (%d and %d sockets)" % (len(text), len(js)))
    # -n changes nothing: numbers and names are both there
    for o in objs:
        for key in ("proto", "family", "state", "local", "peer", "recv_q",
                    "send_q", "inode", "uid", "user", "owners",
                    "owners_status", "timer"):
            if key not in o:
                die("missing %s in %r" % (key, o))
        for end in (o["local"], o["peer"]):
            if set(end) < {"address", "port", "service"}:
                die("endpoint fields: %r" % end)


def lines(array_path, lines_path):
    arr = load(array_path)
    with open(lines_path, "rb") as f:
        objs = [json.loads(l.decode("utf-8")) for l in f.read().splitlines()]
    key = lambda o: json.dumps({k: v for k, v in o.items() if k != "timer"},
                               sort_keys=True)
    if sorted(map(key, arr)) != sorted(map(key, objs)):
        die("--json=lines and --json hold different objects")


def owners(json_path, port, least, pids):
    objs = load(json_path)
    want = sorted(int(p) for p in pids)
    for o in objs:
        if o["state"] == "LISTEN" and o["local"]["port"] == int(port):
            got = sorted(w["pid"] for w in o["owners"])
            if not set(want) <= set(got) or len(got) < int(least):
                die("owners of port %s: %r, want %r" % (port, got, want))
            if o["owners_status"] != "found":
                die("owners_status %r" % o["owners_status"])
            return
    die("no listener on port %s" % port)


def unmark(s):
    out = bytearray()
    i = 0
    while i < len(s):
        c = s[i]
        if c != "\\":
            out += c.encode("utf-8")
            i += 1
        elif s[i + 1:i + 2] == "\\":
            out += b"\\"
            i += 2
        elif re.match(r"x[0-9a-f]{2}", s[i + 1:i + 4]):
            out.append(int(s[i + 2:i + 4], 16))
            i += 4
        else:
            die("stray backslash in %r" % s)
    return bytes(out)


def program(json_path, pid, hexname):
    objs = load(json_path)
    want = bytes.fromhex(hexname)
    for o in objs:
        for w in o["owners"]:
            if w["pid"] == int(pid):
                got = unmark(w["program"])
                if got != want:
                    die("program %r decodes to %r, want %r" %
                        (w["program"], got, want))
                return
    die("pid %s owns nothing" % pid)


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "agree":
        agree(*args)
    elif cmd == "lines":
        lines(*args)
    elif cmd == "owners":
        owners(args[0], args[1], args[2], args[3:])
    elif cmd == "program":
        program(*args)
    else:
        die("unknown check %r" % cmd)


if __name__ == "__main__":
    main()
