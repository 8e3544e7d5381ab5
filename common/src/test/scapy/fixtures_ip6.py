#!/usr/bin/python3
"""IPv6 headers and extension header chains (RFC 8200 §3, §4; RFC 6275 §6.3 HAO, §6.4 RH2), built and dissected
by scapy.

Every offset written here is relative to the start of the IPv6 header and is computed from scapy's own dissection
(the length of each layer scapy found), not by our walker's rules. Fixtures whose name starts with "bad_" are
malformed on purpose; the Java tests say which status each one must give.
"""
from scapy.all import IPv6, UDP, Raw
from scapy.layers.inet6 import (
    IPv6ExtHdrHopByHop, IPv6ExtHdrDestOpt, IPv6ExtHdrRouting, IPv6ExtHdrFragment, IPv6ExtHdrSegmentRouting,
    HAO, RouterAlert, PadN, Pad1, Jumbo, HBHOptUnknown, ICMPv6EchoRequest, ICMPv6MLReport, MIP6MH_BU, MIP6MH_BA,
    fragment6)
from fixturelib import out_dir, write
import socket

out = out_dir("ip6")

HA = "2001:db8:a::1"
HOA = "2001:db8:a::100"
COA = "2001:db8:c0a::10"
CN = "2001:db8:cafe::7"

EXT = (IPv6ExtHdrHopByHop, IPv6ExtHdrDestOpt, IPv6ExtHdrRouting, IPv6ExtHdrFragment, IPv6ExtHdrSegmentRouting)


def addr(prefix, text, fields):
    raw = socket.inet_pton(socket.AF_INET6, text)
    fields[prefix + ".high"] = "0x" + raw[:8].hex()
    fields[prefix + ".low"] = "0x" + raw[8:].hex()
    fields[prefix] = text


def layers(pkt):
    """(layer, offset) for each layer scapy dissected, offsets from the IPv6 header."""
    result = []
    offset = 0
    layer = pkt
    while layer is not None:
        result.append((layer, offset))
        offset += len(bytes(layer)) - len(bytes(layer.payload))
        layer = layer.payload if layer.payload else None
    return result


def option_offsets(header, header_offset):
    """(option, offset) for each option of a dissected HBH or DestOpt header."""
    result = []
    offset = header_offset + 2
    for opt in header.options:
        result.append((opt, offset))
        offset += len(bytes(opt))
    return result


def fields_of(pkt):
    ip = pkt[IPv6]
    f = {"ip6.version": ip.version, "ip6.tc": ip.tc, "ip6.fl": ip.fl, "ip6.plen": ip.plen, "ip6.nh": ip.nh,
         "ip6.hlim": ip.hlim, "ip6.length": len(bytes(pkt))}
    addr("ip6.src", ip.src, f)
    addr("ip6.dst", ip.dst, f)
    headers = 0
    upper = None
    nh = ip.nh
    for layer, offset in layers(pkt)[1:]:
        if upper is None and isinstance(layer, EXT):
            nh = layer.nh
            headers += 1
            f["ext%d.nh" % headers] = layer.nh
            f["ext%d.offset" % headers] = offset
            f["ext%d.class" % headers] = type(layer).__name__
            if isinstance(layer, IPv6ExtHdrFragment):
                f["frag.offset"] = layer.offset
                f["frag.m"] = layer.m
                f["frag.id"] = layer.id
                f["frag.nh"] = layer.nh
                f["frag.hdr_offset"] = offset
            elif isinstance(layer, IPv6ExtHdrRouting):
                f.setdefault("rh.type", layer.type)
                f.setdefault("rh.segleft", layer.segleft)
                f.setdefault("rh.offset", offset)
                f.setdefault("rh.len", layer.len)
                if layer.type == 2 and layer.addresses:
                    f["rh2.offset"] = offset
                    addr("rh2.addr", layer.addresses[0], f)
                    f["rh2.addr_offset"] = offset + 8
            elif isinstance(layer, IPv6ExtHdrSegmentRouting):
                f.setdefault("rh.type", layer.type)
                f.setdefault("rh.segleft", layer.segleft)
                f.setdefault("rh.offset", offset)
            else:
                hop_by_hop = isinstance(layer, IPv6ExtHdrHopByHop)
                for opt, at in option_offsets(layer, offset):
                    if isinstance(opt, (Pad1, PadN)):
                        continue
                    if isinstance(opt, HAO) and not hop_by_hop:
                        f["hao.option_offset"] = at
                        f["hao.offset"] = at + 2
                        f["hao.optlen"] = opt.optlen
                        addr("hao.addr", opt.hoa, f)
                    elif isinstance(opt, (RouterAlert, Jumbo)) and hop_by_hop:
                        if isinstance(opt, RouterAlert):
                            f["ra.value"] = opt.value
                    elif opt.otype >> 6 != 0 and "unknown.type" not in f:
                        # RFC 8200 §4.2: an option not known in this header, whose action is not "skip".
                        f["unknown.type"] = opt.otype
                        f["unknown.offset"] = at
        elif upper is None:
            upper = (layer, offset)
    f["ext.count"] = headers
    if upper is not None and f.get("frag.offset", 0) == 0:
        layer, offset = upper
        f["upper.nh"] = nh
        f["upper.offset"] = offset
        f["upper.length"] = len(bytes(pkt)) - offset
        f["upper.class"] = type(layer).__name__
        if hasattr(layer, "cksum") and layer.cksum is not None:
            f["upper.cksum"] = layer.cksum
        if hasattr(layer, "chksum") and layer.chksum is not None:
            f["upper.cksum"] = layer.chksum
    elif f.get("frag.offset", 0) == 0:
        # Nothing after the last extension header (No Next Header): an empty upper layer at the end.
        f["upper.nh"] = nh
        f["upper.offset"] = len(bytes(pkt))
        f["upper.length"] = 0
    return f


def emit(name, pkt):
    raw = bytes(pkt)
    write(out, name, raw, fields_of(IPv6(raw)))


# Plain IPv6 carrying UDP: every fixed-header field set to something non-default.
emit("plain_udp", IPv6(tc=0xb8, fl=0xabcde, hlim=63, src="2001:db8::1", dst="2001:db8:1::2")
     / UDP(sport=4191, dport=4191) / Raw(b"dsmip6-plain"))

# MLD report with the Router Alert hop-by-hop option (RFC 2711, value 0 = MLD).
emit("hbh_router_alert", IPv6(src="fe80::1", dst="ff02::16", hlim=1)
     / IPv6ExtHdrHopByHop(options=[RouterAlert(value=0)]) / ICMPv6MLReport(mladdr="ff02::1:3"))

# Binding Update from a mobile node away from home: care-of address as source, HAO with the home address.
emit("destopt_hao_bu", IPv6(src=COA, dst=HA)
     / IPv6ExtHdrDestOpt(options=[HAO(hoa=HOA)]) / MIP6MH_BU(seq=42, flags="AHL", mhtime=0x0100))

# Binding Acknowledgement from the home agent: care-of address as destination, RH2 with the home address.
emit("rh2_ba", IPv6(src=HA, dst=COA)
     / IPv6ExtHdrRouting(type=2, addresses=[HOA], segleft=1) / MIP6MH_BA(status=0, seq=42, mhtime=0x0100))

# RH2 already processed by the mobile node (Segments Left 0): the final destination is the IPv6 destination.
emit("rh2_processed", IPv6(src=CN, dst=HOA)
     / IPv6ExtHdrRouting(type=2, addresses=[COA], segleft=0) / UDP(sport=7, dport=7) / Raw(b"echo"))

# A datagram cut in two by fragment6: the first fragment still has the UDP header, the last one does not.
big = (IPv6(src=CN, dst=HOA) / IPv6ExtHdrFragment(id=0x1234abcd)
       / UDP(sport=5000, dport=4191) / Raw(bytes(range(256)) * 3))
frags = fragment6(big, 600)
emit("frag_first", frags[0])
emit("frag_last", frags[-1])

# Atomic fragment (RFC 6946): offset 0 and M 0.
emit("frag_atomic", IPv6(src=CN, dst=HOA) / IPv6ExtHdrFragment(offset=0, m=0, id=7)
     / ICMPv6EchoRequest(id=1, seq=1))

# The longest sensible chain: HBH, DestOpt (before routing), RH2, DestOpt with HAO, first fragment, UDP.
emit("chain", IPv6(src=COA, dst=CN, hlim=17)
     / IPv6ExtHdrHopByHop(options=[PadN(optdata=b"\x00\x00\x00\x00")])
     / IPv6ExtHdrDestOpt(options=[HBHOptUnknown(otype=0x1e, optdata=b"ab")])
     / IPv6ExtHdrRouting(type=2, addresses=[HOA], segleft=1)
     / IPv6ExtHdrDestOpt(options=[HAO(hoa="2001:db8:b::200")])
     / IPv6ExtHdrFragment(offset=0, m=1, id=0xfeedf00d)
     / UDP(sport=1234, dport=4321) / Raw(b"0123456789abcdef"))

# Unknown options: 0x1e is skipped (action 00), 0x9e (action 10) is the first to report, 0x5e (01) comes after.
emit("unknown_options", IPv6(src=CN, dst=HA)
     / IPv6ExtHdrDestOpt(options=[HBHOptUnknown(otype=0x1e, optdata=b"x"),
                                  HBHOptUnknown(otype=0x9e, optdata=b"yy"),
                                  HBHOptUnknown(otype=0x5e, optdata=b"")])
     / ICMPv6EchoRequest(id=2, seq=3))

# HAO in a Hop-by-Hop header is not a home address option there: an unknown option with action 11.
emit("hao_in_hbh", IPv6(src=COA, dst=HA)
     / IPv6ExtHdrHopByHop(options=[HBHOptUnknown(otype=201, optdata=socket.inet_pton(socket.AF_INET6, HOA))])
     / ICMPv6EchoRequest(id=4, seq=5))

# ESP after a Destination Options header ends the walk: upper layer 50.
emit("esp_after_destopt", IPv6(src=COA, dst=HA) / IPv6ExtHdrDestOpt(nh=50)
     / Raw(b"\x00\x00\x43\x21\x00\x00\x00\x01" + b"\xee" * 24))

# No Next Header after a Destination Options header: upper layer 59, zero octets.
emit("no_next_header", IPv6(src=CN, dst=HA) / IPv6ExtHdrDestOpt(nh=59))

# A Routing header of another type (segment routing, type 4): recorded, skipped, no RH2.
emit("srh", IPv6(src=CN, dst="2001:db8:5::1")
     / IPv6ExtHdrSegmentRouting(addresses=["2001:db8:5::2", "2001:db8:5::1"], segleft=1)
     / UDP(sport=9, dport=9) / Raw(b"srv6"))

# Eight Destination Options headers (the walker's default bound) pass; nine do not.
eight = IPv6(src=CN, dst=HA)
for _ in range(8):
    eight = eight / IPv6ExtHdrDestOpt()
emit("eight_destopts", eight / UDP(sport=1, dport=2))
nine = IPv6(src=CN, dst=HA)
for _ in range(9):
    nine = nine / IPv6ExtHdrDestOpt()
emit("bad_nine_destopts", nine / UDP(sport=1, dport=2))

# Malformed on purpose.
emit("bad_hbh_not_first", IPv6(src=CN, dst=HA) / IPv6ExtHdrDestOpt() / IPv6ExtHdrHopByHop()
     / UDP(sport=1, dport=2))
emit("bad_hao_misaligned", IPv6(src=COA, dst=HA)
     / IPv6ExtHdrDestOpt(autopad=0, options=[HAO(hoa=HOA), PadN(optdata=b"\x00\x00")]) / Raw(b""))
emit("bad_hao_length", IPv6(src=COA, dst=HA)
     / IPv6ExtHdrDestOpt(autopad=0, options=[PadN(optdata=b"\x00\x00"),
                                             HBHOptUnknown(otype=201, optdata=b"\x20\x01" + b"\x00" * 12),
                                             Pad1(), Pad1()]) / Raw(b""))
emit("bad_two_hao", IPv6(src=COA, dst=HA)
     / IPv6ExtHdrDestOpt(options=[HAO(hoa=HOA), HAO(hoa=HOA)]) / Raw(b""))
emit("bad_option_overrun", IPv6(src=CN, dst=HA)
     / IPv6ExtHdrHopByHop(autopad=0, options=[PadN(optlen=10, optdata=b"\x00\x00\x00\x00")])
     / UDP(sport=1, dport=2))
emit("bad_ext_len_overrun", IPv6(src=CN, dst=HA) / IPv6ExtHdrDestOpt(nh=59, len=5))
emit("bad_router_alert_length", IPv6(src="fe80::1", dst="ff02::16", hlim=1)
     / IPv6ExtHdrHopByHop(autopad=0, options=[HBHOptUnknown(otype=5, optdata=b"\x00\x00\x00\x00")])
     / ICMPv6MLReport())
emit("bad_rh2_two_addresses", IPv6(src=HA, dst=COA)
     / IPv6ExtHdrRouting(type=2, addresses=[HOA, HOA], segleft=1) / Raw(b""))
emit("bad_rh2_segleft", IPv6(src=HA, dst=COA)
     / IPv6ExtHdrRouting(type=2, addresses=[HOA], segleft=2) / Raw(b""))
emit("bad_jumbo", IPv6(src=CN, dst=HA, plen=0)
     / IPv6ExtHdrHopByHop(options=[Jumbo(jumboplen=70000)]) / UDP(sport=1, dport=2) / Raw(b"j"))
emit("bad_version", IPv6(version=4, src=CN, dst=HA) / UDP(sport=1, dport=2))
emit("bad_plen", IPv6(src=CN, dst=HA, plen=100) / UDP(sport=1, dport=2) / Raw(b"short"))
