#!/usr/bin/python3
"""ICMP errors the home agent sends about packets it cannot tunnel or forward, and IPv4 fragments, built by scapy.

Errors (each <name>.hex is the whole expected error, from its IP header; <name>.properties holds the offending
packet as hex ("offending"), the generator's configuration and the error's fields as scapy dissects them again):
  ptb6            ICMPv6 Packet Too Big (RFC 4443 §3.2) about a 1400-octet IPv6 packet, quoted up to 1280 in all
  ptb6_multicast  the same to a multicast destination: PTB is the exception of RFC 4443 §2.4 (e.3)
  fragneeded4     ICMPv4 3/4 with the Next-Hop MTU (RFC 1191 §4) about a 1400-octet IPv4 DF packet, quoted up to 576
  timeexceeded4   ICMPv4 11/0 (RFC 792) about a short IPv4 packet, quoted whole
  timeexceeded6   ICMPv6 3/0 (RFC 4443 §3.3) about a short IPv6 packet, quoted whole

Fragments (RFC 791 §3.2): <name>.hex is the original datagram and <name>_<k>.hex fragment k as expected.
  frag_plain      1400-octet UDP datagram, MTU 576: scapy's own fragment() output
  frag_odd        data length not a multiple of 8 (the last fragment carries the rest), MTU 300
  frag_already    a datagram that is itself a fragment (offset 100, MF set), MTU 500: offsets add, MF stays
  frag_options    Record Route (not copied) and Router Alert (copied, RFC 2113): the first fragment keeps both, later
                  ones only Router Alert (RFC 791 §3.1 copied flag); scapy's fragment() copies every option, so
                  the later fragments are rebuilt with the copied options only

Run: /usr/bin/python3 fixtures_icmp.py fastpath/src/test/resources/fixtures
"""
import os
import socket
import sys

# fixturelib lives beside the common module's scripts.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../common/src/test/scapy"))

from scapy.all import IP, IPv6, UDP, ICMP, Raw, IPOption_RR, IPOption_Router_Alert, fragment  # noqa: E402
from scapy.layers.inet6 import ICMPv6PacketTooBig, ICMPv6TimeExceeded  # noqa: E402
from fixturelib import out_dir, write  # noqa: E402

out = out_dir("icmp")

HA6 = "2001:db8:a::1"
HA4 = "192.0.2.1"
HOA6 = "2001:db8:a::100"
HOA4 = "10.10.0.100"
CN6 = "2001:db8:cafe::7"
CN4 = "192.0.2.77"
HOP_LIMIT = 64
TOS4 = 0xC0


def v6(text):
    raw = socket.inet_pton(socket.AF_INET6, text)
    return "0x" + raw[:8].hex(), "0x" + raw[8:].hex()


def v4(text):
    return "0x" + socket.inet_aton(text).hex()


def config(fields):
    fields["ha6.high"], fields["ha6.low"] = v6(HA6)
    fields["ha4"] = v4(HA4)
    return fields


def payload(n):
    return Raw(bytes((i * 7 + 3) & 0xFF for i in range(n)))


def emit_error6(name, offending, icmp, extra):
    off = bytes(offending)
    quote = off[:1280 - 48]
    raw = bytes(IPv6(src=HA6, dst=offending[IPv6].src, hlim=HOP_LIMIT, tc=0, fl=0) / icmp / Raw(quote))
    again = IPv6(raw)
    fields = config({"offending": off, "offending.length": len(off), "quote.length": len(quote),
                     "length": len(raw), "plen": again.plen, "nh": again.nh, "hlim": again.hlim,
                     "icmp.type": again.payload.type, "icmp.code": again.payload.code,
                     "icmp.cksum": again.payload.cksum})
    fields.update(extra(again.payload))
    write(out, name, raw, fields)


def emit_error4(name, offending, icmp, extra):
    off = bytes(offending)
    quote = off[:576 - 28]
    raw = bytes(IP(src=HA4, dst=offending[IP].src, tos=TOS4, ttl=HOP_LIMIT, id=0, flags=0) / icmp / Raw(quote))
    again = IP(raw)
    fields = config({"offending": off, "offending.length": len(off), "quote.length": len(quote),
                     "length": len(raw), "ip.len": again.len, "ip.tos": again.tos, "ip.ttl": again.ttl,
                     "ip.id": again.id, "ip.flags": int(again.flags), "ip.proto": again.proto,
                     "ip.chksum": again.chksum, "icmp.type": again[ICMP].type, "icmp.code": again[ICMP].code,
                     "icmp.chksum": again[ICMP].chksum, "identification": 0})
    fields.update(extra(again[ICMP]))
    write(out, name, raw, fields)


def udp6(dst, size, hlim=63):
    return IPv6(src=CN6, dst=dst, hlim=hlim, fl=0x12345) / UDP(sport=5000, dport=6000) / payload(size - 48)


def udp4(size, flags, ttl=63, ident=0x1234):
    return IP(src=CN4, dst=HOA4, ttl=ttl, id=ident, flags=flags, tos=0x28) / UDP(sport=5000, dport=6000) / \
        payload(size - 28)


# Packet Too Big: MTU 1360 is a 1400 tunnel MTU less an IPv4 outer header and 20 more of margin.
emit_error6("ptb6", udp6(HOA6, 1400), ICMPv6PacketTooBig(mtu=1360), lambda m: {"mtu": m.mtu})
emit_error6("ptb6_multicast", udp6("ff0e::101", 1400), ICMPv6PacketTooBig(mtu=1280), lambda m: {"mtu": m.mtu})
emit_error6("timeexceeded6", udp6(HOA6, 120, hlim=1), ICMPv6TimeExceeded(code=0), lambda m: {"unused": m.unused})
emit_error4("fragneeded4", udp4(1400, "DF"), ICMP(type=3, code=4, nexthopmtu=1380),
            lambda m: {"nexthopmtu": m.nexthopmtu})
emit_error4("timeexceeded4", udp4(100, 0, ttl=1), ICMP(type=11, code=0), lambda m: {"unused": m.unused})


def header_fields(p):
    return {"ihl": p.ihl, "len": p.len, "flags": int(p.flags), "frag": p.frag, "id": p.id, "ttl": p.ttl,
            "proto": p.proto, "chksum": p.chksum, "tos": p.tos}


def emit_fragments(name, original, mtu, fragments):
    orig = bytes(original)
    write(out, name, orig, {"mtu": mtu, "count": len(fragments), "length": len(orig)})
    for k, f in enumerate(fragments):
        raw = bytes(f)
        write(out, "%s_%d" % (name, k), raw, header_fields(IP(raw)))


def scapy_fragments(original, mtu):
    # scapy's fragsize is the data per fragment; it rounds it down to 8 for all but the last, which gets it whole.
    return fragment(IP(bytes(original)), fragsize=mtu - (IP(bytes(original)).ihl * 4))


plain = udp4(1400, 0)
emit_fragments("frag_plain", plain, 576, scapy_fragments(plain, 576))
odd = udp4(1001, 0, ident=0xBEEF)
emit_fragments("frag_odd", odd, 300, scapy_fragments(odd, 300))
already = IP(src=CN4, dst=HOA4, ttl=63, id=0x4242, flags="MF", frag=100, proto=17) / payload(1200)
emit_fragments("frag_already", already, 500, scapy_fragments(already, 500))


def option_fragments(original, mtu):
    """RFC 791 §3.2: the first fragment keeps all options, later ones only those with the copied flag."""
    o = IP(bytes(original))
    data = bytes(o.payload)
    first_size = (mtu - o.ihl * 4) & ~7
    later = IP(src=o.src, dst=o.dst, ttl=o.ttl, id=o.id, tos=o.tos, proto=o.proto,
               options=[opt for opt in o.options if opt.copy_flag])
    later_ihl = len(bytes(later / Raw(b""))) - 0
    later_header = IP(bytes(later)).ihl * 4
    assert later_ihl == later_header
    later_size = (mtu - later_header) & ~7
    pieces = [(0, data[:first_size])]
    at = first_size
    while len(data) - at > mtu - later_header:
        pieces.append((at, data[at:at + later_size]))
        at += later_size
    pieces.append((at, data[at:]))
    result = []
    for k, (start, chunk) in enumerate(pieces):
        base = o.copy() if k == 0 else later.copy()
        del base.payload
        del base.chksum
        del base.len
        base.flags = "MF" if k < len(pieces) - 1 else 0
        base.frag = start // 8
        result.append(base / Raw(chunk))
    return result


with_options = IP(src=CN4, dst=HOA4, ttl=63, id=0x0777, tos=0x28,
                  options=[IPOption_RR(routers=["198.51.100.1", "198.51.100.2"]), IPOption_Router_Alert()]) / \
    UDP(sport=5000, dport=6000) / payload(700)
emit_fragments("frag_options", with_options, 300, option_fragments(with_options, 300))


# IPv6 fragmentation at an IPv6 tunnel entry (RFC 2473 §7.1 (a), RFC 8200 §4.5): a 1280-octet IPv6 packet inside
# IPv6 (next header 41) through a tunnel MTU of 1200; scapy's fragment6() builds the expected fragments.
# <name>.hex is the tunnel packet as encapsulated, <name>_<k>.hex fragment k.
from scapy.layers.inet6 import IPv6ExtHdrFragment, fragment6  # noqa: E402


def emit_fragments6(name, outer, inner, mtu, ident):
    original = outer / inner
    frags = fragment6(outer / IPv6ExtHdrFragment(id=ident) / inner, mtu)
    write(out, name, bytes(original), {"mtu": mtu, "count": len(frags), "id": ident})
    for k, f in enumerate(frags):
        raw = bytes(f)
        p = IPv6(raw)
        fh = p[IPv6ExtHdrFragment]
        write(out, "%s_%d" % (name, k), raw, {"plen": p.plen, "nh": p.nh, "offset": fh.offset, "m": fh.m,
                                               "id": fh.id, "fnh": fh.nh})


inner1280 = IPv6(src="2001:db8:f::1", dst="2001:db8:a::100", hlim=63) / UDP(sport=5000, dport=6000) / \
    Raw((bytes(range(256)) * 5)[:1280 - 48])
emit_fragments6("frag6_tunnel", IPv6(src="2001:db8:a::1", dst="2001:db8:c::5", hlim=64), inner1280, 1200,
                0x11223344)
