#!/usr/bin/python3
"""ICMPv6 messages (RFC 4443; RFC 4861 Neighbor Discovery; RFC 6275 §6.5-6.8 DHAAD and Mobile Prefix), built and
dissected by scapy. Offsets are relative to the start of the IPv6 header; the checksum is the one scapy computed
over its pseudo-header (home address as source when a Home Address option is present, the Type 2 Routing header
address as final destination while Segments Left is 1).
"""
from scapy.all import IPv6, UDP, Raw
from scapy.layers.inet6 import (
    IPv6ExtHdrDestOpt, IPv6ExtHdrRouting, HAO, ICMPv6EchoRequest, ICMPv6EchoReply, ICMPv6PacketTooBig,
    ICMPv6DestUnreach, ICMPv6TimeExceeded, ICMPv6ParamProblem, ICMPv6ND_NS, ICMPv6ND_NA, ICMPv6ND_RS, ICMPv6ND_RA,
    ICMPv6NDOptSrcLLAddr, ICMPv6NDOptDstLLAddr, ICMPv6NDOptPrefixInfo, ICMPv6HAADRequest, ICMPv6HAADReply,
    ICMPv6MPSol, ICMPv6MPAdv, _ICMPv6)
from fixturelib import out_dir, write
import socket

out = out_dir("icmp6")

HA = "2001:db8:a::1"
HA2 = "2001:db8:a::2"
HOA = "2001:db8:a::100"
COA = "2001:db8:c0a::10"
CN = "2001:db8:cafe::7"
# Home agents anycast address of 2001:db8:a::/64 (RFC 2526: interface identifier fdff:ffff:ffff:fffe).
HA_ANYCAST = "2001:db8:a:0:fdff:ffff:ffff:fffe"


def addr(prefix, text, fields):
    raw = socket.inet_pton(socket.AF_INET6, text)
    fields[prefix + ".high"] = "0x" + raw[:8].hex()
    fields[prefix + ".low"] = "0x" + raw[8:].hex()


def icmp_layer(pkt):
    offset = 0
    layer = pkt
    while layer is not None:
        if isinstance(layer, _ICMPv6):
            return layer, offset
        offset += len(bytes(layer)) - len(bytes(layer.payload))
        layer = layer.payload if layer.payload else None
    raise ValueError("no ICMPv6 layer")


def emit(name, pkt):
    raw = bytes(pkt)
    parsed = IPv6(raw)
    icmp, offset = icmp_layer(parsed)
    f = {"icmp6.offset": offset, "icmp6.length": len(raw) - offset, "icmp6.type": icmp.type,
         "icmp6.code": icmp.code, "icmp6.cksum": icmp.cksum, "icmp6.class": type(icmp).__name__,
         "icmp6.payload_len": max(0, len(raw) - offset - 8), "ip6.plen": parsed.plen}
    for field, key in [("id", "icmp6.id"), ("seq", "icmp6.seq"), ("mtu", "icmp6.mtu"), ("ptr", "icmp6.ptr")]:
        if field in icmp.fields or any(f_.name == field for f_ in icmp.fields_desc):
            f[key] = getattr(icmp, field)
    if hasattr(icmp, "tgt"):
        addr("icmp6.tgt", icmp.tgt, f)
    write(out, name, raw, f)


emit("echo_request", IPv6(src=CN, dst=HA) / ICMPv6EchoRequest(id=0x1234, seq=7, data=b"dsmip6 ping"))
emit("echo_reply_odd", IPv6(src=HA, dst=CN) / ICMPv6EchoReply(id=0x1234, seq=7, data=b"odd"))
# Route-optimised traffic: the pseudo-header uses the home address, not the care-of address in the IPv6 header.
emit("echo_request_hao", IPv6(src=COA, dst=CN) / IPv6ExtHdrDestOpt(options=[HAO(hoa=HOA)])
     / ICMPv6EchoRequest(id=0x0101, seq=1, data=b"from home"))
emit("echo_reply_rh2", IPv6(src=CN, dst=COA) / IPv6ExtHdrRouting(type=2, addresses=[HOA], segleft=1)
     / ICMPv6EchoReply(id=0x0101, seq=1, data=b"to home"))
inner = IPv6(src=HOA, dst=CN) / UDP(sport=4191, dport=4191) / Raw(b"x" * 64)
emit("packet_too_big", IPv6(src=HA, dst=HOA) / ICMPv6PacketTooBig(mtu=1280) / inner)
emit("dest_unreach", IPv6(src=HA, dst=CN) / ICMPv6DestUnreach(code=3) / inner)
emit("time_exceeded", IPv6(src=HA, dst=CN) / ICMPv6TimeExceeded(code=0) / inner)
emit("param_problem", IPv6(src=HA, dst=COA) / ICMPv6ParamProblem(code=2, ptr=46)
     / IPv6(src=COA, dst=HA) / IPv6ExtHdrDestOpt(options=[HAO(hoa=HOA)]) / Raw(b"\x3b\x00"))
# Proxy Neighbor Discovery by the home agent for a mobile node's home address (RFC 6275 §10.4.1).
emit("neighbor_solicitation", IPv6(src="fe80::1", dst="ff02::1:ff00:100", hlim=255)
     / ICMPv6ND_NS(tgt=HOA) / ICMPv6NDOptSrcLLAddr(lladdr="02:00:00:00:00:01"))
emit("neighbor_advertisement", IPv6(src="fe80::a", dst="ff02::1", hlim=255)
     / ICMPv6ND_NA(tgt=HOA, R=1, S=0, O=1) / ICMPv6NDOptDstLLAddr(lladdr="02:00:00:00:00:0a"))
emit("router_solicitation", IPv6(src="fe80::1", dst="ff02::2", hlim=255) / ICMPv6ND_RS())
emit("router_advertisement", IPv6(src="fe80::a", dst="ff02::1", hlim=255)
     / ICMPv6ND_RA(H=1, routerlifetime=1800) / ICMPv6NDOptPrefixInfo(prefix="2001:db8:a::", prefixlen=64))
# Dynamic Home Agent Address Discovery and Mobile Prefix Discovery (RFC 6275 §6.5-6.8).
emit("haad_request", IPv6(src=COA, dst=HA_ANYCAST) / ICMPv6HAADRequest(id=0x4242))
emit("haad_reply", IPv6(src=HA, dst=COA) / ICMPv6HAADReply(id=0x4242, addresses=[HA, HA2]))
emit("mobile_prefix_solicitation", IPv6(src=HOA, dst=HA) / ICMPv6MPSol(id=0x0909))
emit("mobile_prefix_advertisement", IPv6(src=HA, dst=HOA) / ICMPv6MPAdv(id=0x0909, flags=2)
     / ICMPv6NDOptPrefixInfo(prefix="2001:db8:a::", prefixlen=64))
