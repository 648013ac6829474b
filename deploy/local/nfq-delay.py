#!/usr/bin/env python3
"""Delay (and jitter) every packet of an NFQUEUE queue, for kernels without sch_netem.

hosts.sh runs one inside each host's network namespace, behind an nftables rule
"oifname eth0 queue num Q": the kernel hands each outgoing packet's id to this process,
which gives the verdict ACCEPT only after DELAY +- JITTER ms, so the packet leaves that
much later, as tc netem's "delay D J" would. Standard library only (AF_NETLINK sockets);
Java has no netlink sockets. Usage: nfq-delay.py QUEUE DELAY_MS [JITTER_MS [SEED]]
"""
import heapq
import os
import random
import select
import socket
import struct
import sys
import time

NETLINK_NETFILTER = 12
NFNL_SUBSYS_QUEUE = 3
NFQNL_MSG_PACKET, NFQNL_MSG_VERDICT, NFQNL_MSG_CONFIG = 0, 1, 2
NFQA_CFG_CMD, NFQA_CFG_PARAMS, NFQA_CFG_QUEUE_MAXLEN = 1, 2, 3
NFQA_PACKET_HDR, NFQA_VERDICT_HDR = 1, 2
NFQNL_CFG_CMD_BIND = 1
NFQNL_COPY_META = 1
NF_ACCEPT = 1
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2


def attr(kind, payload):
    length = 4 + len(payload)
    return struct.pack("=HH", length, kind) + payload + b"\0" * ((4 - length % 4) % 4)


def message(kind, queue, attrs, flags=NLM_F_REQUEST):
    body = struct.pack("=BBH", socket.AF_UNSPEC, 0, socket.htons(queue)) + b"".join(attrs)
    return struct.pack("=IHHII", 16 + len(body), (NFNL_SUBSYS_QUEUE << 8) | kind, flags, 0, 0) + body


def packet_ids(data):
    """The packet ids of every NFQNL_MSG_PACKET in a netlink datagram."""
    off = 0
    while off + 16 <= len(data):
        length, kind = struct.unpack_from("=IH", data, off)
        if length < 16:
            return
        if kind == NLMSG_ERROR:
            err = struct.unpack_from("=i", data, off + 16)[0]
            if err != 0:
                sys.exit("nfq-delay: netlink error %d (%s)" % (err, os.strerror(-err)))
        elif kind == (NFNL_SUBSYS_QUEUE << 8) | NFQNL_MSG_PACKET:
            a = off + 20
            while a + 4 <= off + length:
                alen, akind = struct.unpack_from("=HH", data, a)
                if alen < 4:
                    break
                if akind & 0x7FFF == NFQA_PACKET_HDR:
                    yield struct.unpack_from("!I", data, a + 4)[0]
                a += (alen + 3) & ~3
        off += (length + 3) & ~3


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    queue, delay = int(sys.argv[1]), float(sys.argv[2]) / 1000.0
    jitter = float(sys.argv[3]) / 1000.0 if len(sys.argv) > 3 else 0.0
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    s.bind((0, 0))
    s.send(message(NFQNL_MSG_CONFIG, queue, [attr(NFQA_CFG_CMD, struct.pack("!BBH", NFQNL_CFG_CMD_BIND, 0, 0))],
                   NLM_F_REQUEST | NLM_F_ACK))
    list(packet_ids(s.recv(65536)))  # the ack, or exit on an error (queue taken, no permission)
    s.send(message(NFQNL_MSG_CONFIG, queue, [attr(NFQA_CFG_PARAMS, struct.pack("!IB", 0, NFQNL_COPY_META)),
                                             attr(NFQA_CFG_QUEUE_MAXLEN, struct.pack("!I", 65536))]))
    print("nfq-delay: queue %d, delay %.1f ms, jitter %.1f ms" % (queue, delay * 1000, jitter * 1000), flush=True)
    due = []  # (time, seq, packet id)
    seq = 0
    while True:
        timeout = max(0.0, due[0][0] - time.monotonic()) if due else None
        ready, _, _ = select.select([s], [], [], timeout)
        if ready:
            try:
                data = s.recv(1 << 20)
            except OSError:  # ENOBUFS: notifications lost; their packets stay queued until the kernel drops them
                continue
            now = time.monotonic()
            for pid in packet_ids(data):
                d = delay + (rng.uniform(-jitter, jitter) if jitter > 0 else 0.0)
                heapq.heappush(due, (now + max(0.0, d), seq, pid))
                seq += 1
        now = time.monotonic()
        while due and due[0][0] <= now:
            _, _, pid = heapq.heappop(due)
            s.send(message(NFQNL_MSG_VERDICT, queue, [attr(NFQA_VERDICT_HDR, struct.pack("!II", NF_ACCEPT, pid))]))


if __name__ == "__main__":
    main()
