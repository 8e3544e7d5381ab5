#!/usr/bin/python3
"""UDP over IPv4 and IPv6 (RFC 768, RFC 8200 §8.1), built and dissected by scapy."""
from scapy.all import IP, IPv6, UDP, Raw
from fixturelib import out_dir, write

out = out_dir("udp")


def udp_fields(pkt):
    u = pkt[UDP]
    return {"udp.sport": u.sport, "udp.dport": u.dport, "udp.len": u.len, "udp.chksum": u.chksum,
            "udp.payload_len": len(bytes(u.payload))}


for name, pkt in [
    ("udp4", IP(src="192.0.2.1", dst="198.51.100.7", id=1, ttl=64) / UDP(sport=4191, dport=4191) / Raw(b"dsmip6-nat")),
    ("udp4_odd", IP(src="203.0.113.9", dst="192.0.2.200", id=7) / UDP(sport=434, dport=40000) / Raw(b"abc")),
    ("udp6", IPv6(src="2001:db8::1", dst="2001:db8:1::2", hlim=63) / UDP(sport=53, dport=5353) / Raw(b"x" * 33)),
]:
    raw = bytes(pkt)
    parsed = pkt.__class__(raw)
    write(out, name, raw, udp_fields(parsed))
