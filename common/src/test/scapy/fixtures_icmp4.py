#!/usr/bin/python3
"""ICMPv4 messages (RFC 792) in IPv4, built and dissected by scapy: echo request and reply (also odd-length and
empty), fragmentation needed with and without a Next-Hop MTU (RFC 1191 §4), time exceeded, parameter problem and
redirect; error messages carry the original IPv4 header and the first 8 octets of its payload."""
import socket
import struct

from scapy.all import ICMP, IP, UDP, Raw
from fixturelib import out_dir, write

out = out_dir("icmp4")

HA = "192.0.2.1"
ROUTER = "198.51.100.254"
COA = "203.0.113.5"


def ip(text):
    return "0x%08x" % struct.unpack("!I", socket.inet_aton(text))[0]


def icmp_fields(raw):
    packet = IP(raw)
    i = packet[ICMP]
    message = bytes(i)
    fields = {"icmp.type": i.type, "icmp.code": i.code, "icmp.chksum": i.chksum,
              "icmp.rest": "0x" + message[4:8].hex(), "icmp.offset": packet.ihl * 4, "icmp.len": len(message),
              "icmp.payload_len": len(message) - 8}
    if i.type in (0, 8):
        fields.update({"icmp.id": i.id, "icmp.seq": i.seq})
    if i.type == 3 and i.code == 4:
        fields["icmp.nexthopmtu"] = i.nexthopmtu
    if i.type == 5:
        fields["icmp.gw"] = ip(i.gw)
    if i.type == 12:
        fields["icmp.ptr"] = i.ptr
    if i.type == 8:
        # The reply scapy builds for this request (RFC 792: same identifier, sequence number and data).
        reply = ICMP(type=0, code=i.code, id=i.id, seq=i.seq) / Raw(message[8:])
        fields["icmp.reply_chksum"] = ICMP(bytes(reply)).chksum
    return fields


def quoted(original):
    """The original datagram as an ICMP error quotes it: its header and the first 64 bits of its data (RFC 792)."""
    raw = bytes(original)
    return Raw(raw[:(raw[0] & 0x0F) * 4 + 8])


data = IP(src=HA, dst=COA, id=0x0101, flags="DF", ttl=64) / UDP(sport=4191, dport=4191) / Raw(bytes(1400))
messages = [
    ("icmp4_echo_request", IP(src=COA, dst=HA, id=11) / ICMP(type=8, id=0x1234, seq=7) / Raw(
        b"dsmip-ha ping 0123456789")),
    ("icmp4_echo_reply", IP(src=HA, dst=COA, id=12) / ICMP(type=0, id=0x1234, seq=7) / Raw(
        b"dsmip-ha ping 0123456789")),
    ("icmp4_echo_odd", IP(src=COA, dst=HA, id=13) / ICMP(type=8, id=0xFFFF, seq=0xFFFF) / Raw(b"odd!!")),
    ("icmp4_echo_empty", IP(src=COA, dst=HA, id=14) / ICMP(type=8, id=0, seq=0)),
    ("icmp4_frag_needed", IP(src=ROUTER, dst=HA, id=15) / ICMP(type=3, code=4, nexthopmtu=1400) / quoted(data)),
    ("icmp4_frag_needed_no_mtu", IP(src=ROUTER, dst=HA, id=16) / ICMP(type=3, code=4, nexthopmtu=0) / quoted(data)),
    ("icmp4_time_exceeded", IP(src=ROUTER, dst=HA, id=17) / ICMP(type=11, code=0) / quoted(data)),
    ("icmp4_param_problem", IP(src=ROUTER, dst=HA, id=18) / ICMP(type=12, code=0, ptr=20) / quoted(data)),
    ("icmp4_redirect", IP(src=ROUTER, dst=HA, id=19) / ICMP(type=5, code=1, gw="198.51.100.1") / quoted(data)),
]
for name, pkt in messages:
    raw = bytes(pkt)
    write(out, name, raw, icmp_fields(raw))
