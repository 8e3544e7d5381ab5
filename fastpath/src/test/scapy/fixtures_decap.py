#!/usr/bin/python3
"""Tunnelled packets from a mobile node to its home agent, and the inner packet each must decapsulate to.

For every case <name>.hex is the packet as it reaches the home agent, starting at its outer IP header, and
<name>_inner.hex the octets the decapsulator must leave (the inner packet, with its ECN field as RFC 6040 §4.2
says). Tunnel types: IPv6-in-IPv6 and IPv4-in-IPv6 (RFC 2473), IPv6-in-IPv4 protocol 41 (RFC 4213), IPv4-in-IPv4
protocol 4 (RFC 2003), and IPv4/UDP 4191 carrying IPv6 or IPv4 (RFC 5555 §4.1).

Run with Debian's python: /usr/bin/python3 fixtures_decap.py fastpath/src/test/resources/fixtures
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..",
                                "common", "src", "test", "scapy"))

from scapy.all import IP, IPv6, IPv6ExtHdrDestOpt, HBHOptUnknown, IPOption_Router_Alert, UDP, TCP, ICMP, Raw  # noqa: E402,E501
from fixturelib import out_dir, write  # noqa: E402

out = out_dir("decap")

HOA6 = "2001:db8:100::10"
HOA4 = "10.1.0.10"
HA6 = "2001:db8:100::1"
HA4 = "198.51.100.1"
COA6 = "2001:db8:beef::5"
COA4 = "192.0.2.10"
NAT4 = "203.0.113.77"
NAT_PORT = 40123
CN6 = "2001:db8:ffff::1"
CN4 = "203.0.113.50"


def inner6(tc=0):
    return IPv6(src=HOA6, dst=CN6, tc=tc, hlim=64, fl=0x12345) / UDP(sport=5000, dport=53) / Raw(b"query-v6")


def inner4(tos=0):
    return IP(src=HOA4, dst=CN4, tos=tos, id=0x4242, ttl=64) / TCP(sport=40000, dport=80, flags="S", seq=1)


def outer6(tc=0):
    return IPv6(src=COA6, dst=HA6, tc=tc, hlim=64)


def outer4(tos=0):
    return IP(src=COA4, dst=HA4, tos=tos, id=7, ttl=64)


def outer_udp(tos=0):
    return IP(src=NAT4, dst=HA4, tos=tos, id=9, ttl=60) / UDP(sport=NAT_PORT, dport=4191, chksum=0)


def fields(outer, inner_raw):
    f = {"inner.len": len(inner_raw), "outer.len": len(outer)}
    version = inner_raw[0] >> 4
    if version == 6:
        p = IPv6(inner_raw)
        f.update({"inner.version": 6, "inner.src": p.src, "inner.dst": p.dst, "inner.ecn": p.tc & 3,
                  "inner.tc": p.tc})
    else:
        p = IP(inner_raw)
        f.update({"inner.version": 4, "inner.src": p.src, "inner.dst": p.dst, "inner.ecn": p.tos & 3,
                  "inner.tos": p.tos, "inner.chksum": p.chksum})
    return f


def case(name, outer, inner_arriving, inner_expected):
    raw = bytes(outer / inner_arriving)
    expected = bytes(inner_expected)
    write(out, name, raw, fields(raw, expected))
    write(out, name + "_inner", expected, fields(raw, expected))


# The six tunnel types, ECN Not-ECT on both headers.
case("ip6in6", outer6(), inner6(), inner6())
case("ip4in6", outer6(), inner4(), inner4())
case("ip6in4", outer4(), inner6(), inner6())
case("ip4in4", outer4(), inner4(), inner4())
case("ip6inudp", outer_udp(), inner6(), inner6())
case("ip4inudp", outer_udp(), IP(src=HOA4, dst=CN4, id=3) / ICMP(id=1, seq=2) / Raw(b"ping"),
     IP(src=HOA4, dst=CN4, id=3) / ICMP(id=1, seq=2) / Raw(b"ping"))

# Outer headers with extras the decapsulator walks past: an RFC 2473 §5.1 Tunnel Encapsulation Limit option (type 4)
# in a Destination Options header, and an IPv4 Router Alert option (RFC 2113).
case("encaplimit_ip6in6", outer6() / IPv6ExtHdrDestOpt(options=[HBHOptUnknown(otype=4, optdata=b"\x04")]),
     inner6(), inner6())
case("options_ip4in4", IP(src=COA4, dst=HA4, id=7, options=[IPOption_Router_Alert()]), inner4(), inner4())

# RFC 6040 §4.2 (inner row, outer column), named ecn_<outer>_<inner>_<tunnel>. DSCP bits are set on the inner header to show they are kept.
case("ecn_ce_ect0_ip4in4", outer4(tos=0x03), inner4(tos=0xB8 | 2), inner4(tos=0xB8 | 3))
case("ecn_ce_ect1_ip4inudp", outer_udp(tos=0x03), inner4(tos=0x28 | 1), inner4(tos=0x28 | 3))
case("ecn_ce_ect0_ip6in6", outer6(tc=0x03), inner6(tc=0xB8 | 2), inner6(tc=0xB8 | 3))
case("ecn_ect1_ect0_ip6in4", outer4(tos=0x01), inner6(tc=0x02), inner6(tc=0x01))
case("ecn_ect1_ect0_ip4in6", outer6(tc=0x01), inner4(tos=0x02), inner4(tos=0x01))
case("ecn_ect0_ect1_ip4in4", outer4(tos=0x02), inner4(tos=0x01), inner4(tos=0x01))
case("ecn_ce_ce_ip6inudp", outer_udp(tos=0x03), inner6(tc=0x03), inner6(tc=0x03))
case("ecn_ect1_ce_ip4in4", outer4(tos=0x01), inner4(tos=0x03), inner4(tos=0x03))
case("ecn_ect0_notect_ip6in6", outer6(tc=0x02), inner6(tc=0x00), inner6(tc=0x00))
case("ecn_notect_ect0_ip4in4", outer4(tos=0x00), inner4(tos=0x02), inner4(tos=0x02))
# Outer CE on an inner Not-ECT packet: dropped (the _inner file is what arrived inside).
case("ecn_ce_notect_ip4in6", outer6(tc=0x03), inner4(tos=0x00), inner4(tos=0x00))
case("ecn_ce_notect_ip6in4", outer4(tos=0x03), inner6(tc=0x00), inner6(tc=0x00))

# Inner version does not match the tunnel type: protocol 41 carrying IPv4, next header 4 carrying IPv6.
case("mismatch_41_carries_ip4", IP(src=COA4, dst=HA4, id=7, proto=41), inner4(), inner4())
case("mismatch_4_carries_ip6", IPv6(src=COA6, dst=HA6, nh=4), inner6(), inner6())
# Link padding after the outer datagram (a short frame padded to 60 octets): trimmed on decapsulation.
case("ip4in4_padded", outer4(), IP(src=HOA4, dst=CN4, id=5, proto=253) / Raw(b"x"),
     IP(src=HOA4, dst=CN4, id=5, proto=253) / Raw(b"x"))
with open(os.path.join(out, "ip4in4_padded.hex"), "w") as f:
    f.write((bytes(outer4() / IP(src=HOA4, dst=CN4, id=5, proto=253) / Raw(b"x")) + b"\x00" * 19).hex() + "\n")
