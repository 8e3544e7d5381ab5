#!/usr/bin/python3
"""Encapsulated packets the home agent sends to mobile nodes, built and dissected by scapy: one fixture per
encapsulation variant (RFC 2473 IPv6 and IPv4 in IPv6, RFC 4213 protocol 41, RFC 2003 protocol 4, RFC 5555 §4.1
IPv4/UDP 4191 carrying IPv4 or IPv6), plus DSCP and all four ECN codepoints (RFC 6040 §4.1 normal mode: the outer
ECN field is a copy of the inner one) and the DF rule (RFC 2003 §3.1 copies an IPv4 inner DF; RFC 4213 §3.2 never
sets DF over an IPv6 inner with a static tunnel MTU).

Each <name>.hex is the whole expected packet (outer header + the inner packet unchanged); <name>.properties holds
the binding (variant, care-of address, UDP ports), the outer IPv4 identification the encapsulator is started with,
the inner packet as hex ("inner") and the outer fields as scapy dissects them again.

Run: /usr/bin/python3 fixtures_encap.py fastpath/src/test/resources/fixtures
"""
import os
import socket
import sys

# fixturelib lives beside the common module's scripts.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../common/src/test/scapy"))

from scapy.all import IP, IPv6, UDP, Raw  # noqa: E402
from fixturelib import out_dir, write  # noqa: E402

out = out_dir("encap")

HA6 = "2001:db8:a::1"
HA4 = "192.0.2.1"
HOA6 = "2001:db8:a::100"
HOA4 = "10.10.0.100"
COA6 = "2001:db8:c0a::10"
COA4 = "198.51.100.10"
NAT4 = "203.0.113.5"
NAT_PORT = 61000
CN6 = "2001:db8:cafe::7"
CN4 = "192.0.2.77"
HOP_LIMIT = 64

# EncapVariant codes
IPV6_IN_IPV6, IPV4_IN_IPV6, IPV6_IN_IPV4, IPV4_IN_IPV4, IPV4_UDP_4191 = 1, 2, 3, 4, 5


def inner6(tc=0xB8):
    return IPv6(src=CN6, dst=HOA6, tc=tc, fl=0x12345, hlim=63) / UDP(sport=5000, dport=6000) / Raw(b"downlink-v6" * 3)


def inner4(tos=0x28, flags="DF"):
    return IP(src=CN4, dst=HOA4, tos=tos, ttl=63, id=0x1234, flags=flags) / UDP(sport=5000, dport=6000) / \
        Raw(b"downlink-v4" * 3)


def v6(text):
    raw = socket.inet_pton(socket.AF_INET6, text)
    return "0x" + raw[:8].hex(), "0x" + raw[8:].hex()


def v4(text):
    return "0x" + socket.inet_aton(text).hex()


def emit(name, variant, inner, outer, ident=0):
    inner_raw = bytes(inner)
    raw = bytes(outer / Raw(inner_raw))
    again = IPv6(raw) if raw[0] >> 4 == 6 else IP(raw)
    fields = {"variant": variant, "inner": inner_raw, "inner.length": len(inner_raw), "identification": ident,
              "hoplimit": HOP_LIMIT, "length": len(raw)}
    fields["ha6.high"], fields["ha6.low"] = v6(HA6)
    fields["ha4"] = v4(HA4)
    if isinstance(again, IPv6):
        fields["careof.high"], fields["careof.low"] = v6(again.dst)
        fields.update({"outer.tc": again.tc, "outer.plen": again.plen, "outer.nh": again.nh, "outer.hlim": again.hlim})
    else:
        fields["careof.v4"] = v4(again.dst)
        fields.update({"outer.tos": again.tos, "outer.len": again.len, "outer.proto": again.proto,
                       "outer.ttl": again.ttl, "outer.id": again.id, "outer.flags": int(again.flags),
                       "outer.chksum": again.chksum})
        if UDP in again and again.proto == 17:
            u = again[UDP]
            fields.update({"udp.sport": u.sport, "udp.dport": u.dport, "udp.len": u.len, "udp.chksum": u.chksum})
    write(out, name, raw, fields)


def outer6(nh, tc):
    return IPv6(src=HA6, dst=COA6, nh=nh, tc=tc, fl=0, hlim=HOP_LIMIT)


def outer4(proto, tos, ident, flags):
    return IP(src=HA4, dst=COA4, proto=proto, tos=tos, id=ident, flags=flags, ttl=HOP_LIMIT)


def udp_outer(tos, ident, flags, length):
    return IP(src=HA4, dst=NAT4, proto=17, tos=tos, id=ident, flags=flags, ttl=HOP_LIMIT) / \
        UDP(sport=4191, dport=NAT_PORT, len=8 + length, chksum=0)


i6 = inner6()
i4 = inner4()
emit("ip6in6", IPV6_IN_IPV6, i6, outer6(41, 0xB8))
emit("ip4in6", IPV4_IN_IPV6, i4, outer6(4, 0x28))
emit("ip6in4", IPV6_IN_IPV4, i6, outer4(41, 0xB8, 0x0100, 0), 0x0100)
emit("ip4in4", IPV4_IN_IPV4, i4, outer4(4, 0x28, 0xBEEF, "DF"), 0xBEEF)
emit("ip4in4_nodf", IPV4_IN_IPV4, inner4(flags=0), outer4(4, 0x28, 0xFFFF, 0), 0xFFFF)
emit("udp4_ip4", IPV4_UDP_4191, i4, udp_outer(0x28, 0x0001, "DF", len(i4)), 0x0001)
emit("udp4_ip6", IPV4_UDP_4191, i6, udp_outer(0xB8, 0x7FFF, 0, len(i6)), 0x7FFF)

# DSCP AF41 (34) with each ECN codepoint: Not-ECT 0, ECT(1) 1, ECT(0) 2, CE 3 (RFC 3168 §5), copied as a whole.
for ecn in range(4):
    tos = (34 << 2) | ecn
    emit("ecn%d_ip4in6" % ecn, IPV4_IN_IPV6, inner4(tos=tos), outer6(4, tos))
    emit("ecn%d_ip6in4" % ecn, IPV6_IN_IPV4, inner6(tc=tos), outer4(41, tos, 0x4000 + ecn, 0), 0x4000 + ecn)
