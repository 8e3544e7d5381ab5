#!/usr/bin/python3
"""IPv4 headers (RFC 791 §3.1) built and dissected by scapy: DSCP/ECN, DF, options (NOP, Record Route, Router Alert,
EOL padding, the full 40 octets), the fragments of one datagram, and link-layer padding after the datagram."""
import socket
import struct

from scapy.all import ICMP, IP, UDP, Raw, fragment
from scapy.layers.inet import IPOption_EOL, IPOption_NOP, IPOption_RR, IPOption_Router_Alert
from fixturelib import out_dir, write

out = out_dir("ip4")

ROUTER_ALERT = 148


def ip(text):
    return "0x%08x" % struct.unpack("!I", socket.inet_aton(text))[0]


def router_alert_offset(header):
    at = 20
    for option in header.options:
        if option.copy_flag << 7 | option.optclass << 5 | option.option == ROUTER_ALERT:
            return at
        at += len(bytes(option))
    return -1


def ip_fields(raw):
    h = IP(raw)
    flags = int(h.flags)
    fields = {"ip.version": h.version, "ip.ihl": h.ihl, "ip.tos": h.tos, "ip.dscp": h.tos >> 2, "ip.ecn": h.tos & 3,
              "ip.len": h.len, "ip.id": h.id, "ip.flags": flags, "ip.rb": flags >> 2 & 1, "ip.df": flags >> 1 & 1,
              "ip.mf": flags & 1, "ip.frag": h.frag, "ip.ttl": h.ttl, "ip.proto": h.proto, "ip.chksum": h.chksum,
              "ip.src": ip(h.src), "ip.dst": ip(h.dst), "ip.hdr_len": h.ihl * 4, "ip.options_len": h.ihl * 4 - 20,
              "ip.payload_len": h.len - h.ihl * 4, "ip.is_fragment": h.frag != 0 or flags & 1 == 1,
              "ip.router_alert_offset": router_alert_offset(h), "frame.len": len(raw)}
    # What scapy computes for the same header with the TTL one lower: the forwarding path's result.
    if h.ttl > 0:
        forwarded = IP(raw)
        forwarded.ttl -= 1
        del forwarded.chksum
        fields["ip.chksum_ttl_minus_1"] = IP(bytes(forwarded)).chksum
    return fields


SRC = "192.0.2.1"
DST = "198.51.100.7"
datagram = IP(src="203.0.113.5", dst="192.0.2.200", id=0xBEEF, ttl=61) / UDP(sport=4191, dport=4191) / Raw(
    bytes(range(256)) * 4)
first, middle, last = fragment(datagram, fragsize=400)

packets = [
    ("ip4_udp_df_ef", IP(src=SRC, dst=DST, id=1, ttl=64, tos=0xB8, flags="DF") / UDP(sport=434, dport=434) / Raw(
        b"registration")),
    ("ip4_ecn_ce", IP(src=DST, dst=SRC, id=0x8001, ttl=1, tos=0x2B) / ICMP(id=1, seq=1) / Raw(b"ce")),
    ("ip4_router_alert", IP(src=SRC, dst="224.0.0.22", id=2, ttl=1, proto=2, options=[IPOption_Router_Alert()]) / Raw(
        b"\x22\x00\xfa\x02\x00\x00\x00\x00")),
    ("ip4_options_nop_rr_ra", IP(src=SRC, dst=DST, id=3, ttl=255, proto=4, options=[
        IPOption_NOP(), IPOption_RR(routers=["192.0.2.1", "192.0.2.2"]), IPOption_Router_Alert()]) / IP(
        src="10.0.0.1", dst="10.0.0.2", ttl=9) / ICMP()),
    ("ip4_options_eol", IP(src=SRC, dst=DST, id=4, options=[IPOption_NOP(), IPOption_EOL()]) / UDP(sport=1,
                                                                                                   dport=2)),
    ("ip4_options_full", IP(src=SRC, dst=DST, id=5, options=[
        IPOption_RR(routers=["198.51.100.%d" % i for i in range(1, 10)]), IPOption_EOL()]) / ICMP()),
    ("ip4_frag_first", first),
    ("ip4_frag_middle", middle),
    ("ip4_frag_last", last),
    ("ip4_ipv6_in_ipv4", IP(src="203.0.113.5", dst=SRC, id=0, ttl=64, proto=41, flags="DF") / Raw(bytes(40))),
]
for name, pkt in packets:
    raw = bytes(pkt)
    write(out, name, raw, ip_fields(raw))

# An Ethernet frame pads a short datagram to 46 octets: the octets after the total length are not the datagram's.
raw = bytes(IP(src=SRC, dst=DST, id=6, ttl=64) / ICMP(type=0, id=7, seq=9)) + bytes(18)
write(out, "ip4_link_padded", raw, ip_fields(raw))
