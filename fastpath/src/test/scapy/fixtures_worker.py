#!/usr/bin/python3
"""Whole frames through a fastpath worker: what arrives on a port and what must leave, for the golden pipeline tests.

The network (mirrored by WorkerPipelineFixture in Java):
  port 0 "access": MAC 02:00:00:00:00:12, 2001:db8:ac::1/64, 192.0.2.1/25, router 2001:db8:ac::fffe and 192.0.2.126
                   (MAC 02:00:00:00:00:fe, static), default routes via that router
  port 1 "home":   MAC 02:00:00:00:00:02, 2001:db8:a::1/64, 198.51.100.1/24, host 2001:db8:a::cc and 198.51.100.204
                   (MAC 02:00:00:00:00:cc, static)
  bindings: 2001:db8:a::100 IPv6-in-IPv6 to 2001:db8:c::5, 2001:db8:a::101 IPv6-in-IPv4 to 192.0.2.200,
            2001:db8:a::102 IPv4/UDP to NAT 203.0.113.77:40123, 198.51.100.10 IPv4-in-IPv6 to 2001:db8:c::5,
            198.51.100.11 IPv4-in-IPv4 to 192.0.2.200, 198.51.100.12 IPv4/UDP to the NAT;
            mobile network prefix 2001:db8:b::/48 behind 2001:db8:a::100 (RFC 3963).
  tunnels leave from 2001:db8:a::1 / 198.51.100.1 with hop limit / TTL 64.

For every case <name>.hex is the frame as it arrives (Ethernet first) and its .properties say on which port it
arrives (in.port) and what must happen: out.port and <name>_out.hex (the exact frame that must leave), or
verdict=punt/drop with the reason label and, for punts, the offsets the punt record carries.

Run with Debian's python: /usr/bin/python3 fixtures_worker.py fastpath/src/test/resources/fixtures
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..",
                                "common", "src", "test", "scapy"))

from scapy.all import (Ether, ARP, IP, IPv6, UDP, ICMP, Raw, IPv6ExtHdrDestOpt, ICMPv6ND_NS, ICMPv6NDOptSrcLLAddr,  # noqa: E402,E501
                       MIP6MH_BU, MIP6MH_HoTI, HAO)
from fixturelib import out_dir, write  # noqa: E402

out = out_dir("worker")

ACCESS_MAC = "02:00:00:00:00:12"
HOME_MAC = "02:00:00:00:00:02"
GW_MAC = "02:00:00:00:00:fe"
HOST_MAC = "02:00:00:00:00:cc"
MN_MAC = "02:00:00:00:00:01"
HA6 = "2001:db8:a::1"
HA4 = "198.51.100.1"
HOST6 = "2001:db8:a::cc"
HOST4 = "198.51.100.204"
COA6 = "2001:db8:c::5"
COA4 = "192.0.2.200"
NAT4 = "203.0.113.77"
NAT_PORT = 40123
CN6 = "2001:db8:f::1"
CN4 = "203.0.113.50"
ACCESS = 0
HOME = 1


def data6(dst, hlim=64, src=CN6, size=0):
    return IPv6(src=src, dst=dst, hlim=hlim, tc=0xB8, fl=0x2468) / UDP(sport=5000, dport=6000) / Raw(b"d" * (16 + size))


def data4(dst, ttl=64, src=CN4, flags="DF", size=0):
    return IP(src=src, dst=dst, ttl=ttl, tos=0x28, id=0x1234, flags=flags) / UDP(sport=5000, dport=6000) / \
        Raw(b"d" * (16 + size))


def forwarded(packet):
    """The packet as the home agent forwards it: hop limit / TTL one less (checksum recomputed by scapy)."""
    p = packet.copy()
    if p.version == 6:
        p.hlim -= 1
    else:
        p.ttl -= 1
        del p.chksum
    return p.__class__(bytes(p))


def meta(in_port, **kw):
    f = {"in.port": in_port}
    f.update(kw)
    return f


def forward_case(name, in_port, frame, out_port, out_frame):
    write(out, name, bytes(frame), meta(in_port, verdict="tx", **{"out.port": out_port}))
    write(out, name + "_out", bytes(out_frame), meta(in_port, verdict="tx", **{"out.port": out_port}))


def verdict_case(name, in_port, frame, verdict, reason, **kw):
    write(out, name, bytes(frame), meta(in_port, verdict=verdict, reason=reason, **kw))


def from_gw(payload):
    return Ether(src=GW_MAC, dst=ACCESS_MAC) / payload


def to_gw(payload):
    return Ether(src=ACCESS_MAC, dst=GW_MAC) / payload


def on_home(payload):
    return Ether(src=HOST_MAC, dst=HOME_MAC) / payload


def to_host(payload):
    return Ether(src=HOME_MAC, dst=HOST_MAC) / payload


def tunnel6(inner, nh):
    return IPv6(src=HA6, dst=COA6, hlim=64, tc=inner_tc(inner), fl=0, nh=nh) / inner


def tunnel4(dst, inner, proto):
    return IP(src=HA4, dst=dst, ttl=64, tos=inner_tc(inner), id=0, flags=inner_df(inner), proto=proto) / inner


def tunnel_udp(inner):
    return IP(src=HA4, dst=NAT4, ttl=64, tos=inner_tc(inner), id=0, flags=inner_df(inner)) / \
        UDP(sport=4191, dport=NAT_PORT, chksum=0) / inner


def inner_tc(inner):
    return inner.tc if inner.version == 6 else inner.tos


def inner_df(inner):
    return "DF" if inner.version == 4 and "DF" in str(inner.flags) else 0


# Downlink: a correspondent's packet to a home address, tunnelled to the care-of address (RFC 6275 §10.4.1).
p = data6("2001:db8:a::100")
forward_case("down_6in6", ACCESS, from_gw(p), ACCESS, to_gw(tunnel6(forwarded(p), 41)))
p = data6("2001:db8:a::101")
forward_case("down_6in4", ACCESS, from_gw(p), ACCESS, to_gw(tunnel4(COA4, forwarded(p), 41)))
p = data6("2001:db8:a::102")
forward_case("down_6inudp", ACCESS, from_gw(p), ACCESS, to_gw(tunnel_udp(forwarded(p))))
p = data4("198.51.100.10")
forward_case("down_4in6", ACCESS, from_gw(p), ACCESS, to_gw(tunnel6(forwarded(p), 4)))
p = data4("198.51.100.11")
forward_case("down_4in4", ACCESS, from_gw(p), ACCESS, to_gw(tunnel4(COA4, forwarded(p), 4)))
p = data4("198.51.100.12", flags=0)
forward_case("down_4inudp", ACCESS, from_gw(p), ACCESS, to_gw(tunnel_udp(forwarded(p))))
# A host of the mobile network behind the mobile router 2001:db8:a::100 (RFC 3963 §6.2, prefix binding).
p = data6("2001:db8:b:7::9")
forward_case("down_mnp_6in6", ACCESS, from_gw(p), ACCESS, to_gw(tunnel6(forwarded(p), 41)))
# No binding: routed as it is, to a host on the home link.
p = data4(HOST4)
forward_case("native_4_home", ACCESS, from_gw(p), HOME, to_host(forwarded(p)))
p = data6(HOST6)
forward_case("native_6_home", ACCESS, from_gw(p), HOME, to_host(forwarded(p)))

# Uplink: reverse-tunnelled packets from mobile nodes (RFC 6275 §10.4.5, RFC 5555 §4.1).
p = data6(CN6, src="2001:db8:a::100")
forward_case("up_6in6", ACCESS, Ether(src=GW_MAC, dst=ACCESS_MAC) / IPv6(src=COA6, dst=HA6, nh=41) / p,
             ACCESS, to_gw(forwarded(p)))
p = data4(CN4, src="198.51.100.12")
forward_case("up_4inudp", ACCESS,
             from_gw(IP(src=NAT4, dst=HA4, id=9) / UDP(sport=NAT_PORT, dport=4191, chksum=0) / p),
             ACCESS, to_gw(forwarded(p)))
p = data6(HOST6, src="2001:db8:a::101")
forward_case("up_6in4_to_home", ACCESS, from_gw(IP(src=COA4, dst=HA4, id=3, proto=41) / p), HOME,
             to_host(forwarded(p)))
# The mobile network's host, through its mobile router's tunnel (RFC 3963 §6.6).
p = data6(CN6, src="2001:db8:b:7::9")
forward_case("up_mnp_6in6", ACCESS, from_gw(IPv6(src=COA6, dst=HA6, nh=41) / p), ACCESS, to_gw(forwarded(p)))
# A tunnelled packet whose care-of address is not the registered one: dropped by decapsulation.
p = data6(CN6, src="2001:db8:a::100")
verdict_case("up_wrong_coa", ACCESS, from_gw(IPv6(src="2001:db8:c::99", dst=HA6, nh=41) / p), "drop",
             "decap-drop-care-of-mismatch")

# Signaling to the home agent: punted with where the signaling packet starts (RFC 6275 §6.1, RFC 5555 §4).
bu = MIP6MH_BU(seq=7, flags=0x60, mhtime=60)
verdict_case("punt_bu_native", ACCESS,
             from_gw(IPv6(src=COA6, dst=HA6) / IPv6ExtHdrDestOpt(options=[HAO(hoa="2001:db8:a::100")]) / bu),
             "punt", "punt-mobility-header", **{"l3": 14, "inner": 14})
verdict_case("punt_bu_in_41", ACCESS,
             from_gw(IP(src=COA4, dst=HA4, proto=41) / IPv6(src="2001:db8:a::101", dst=HA6) / bu),
             "punt", "punt-mobility-header", **{"l3": 14, "inner": 34})
verdict_case("punt_bu_in_udp", ACCESS,
             from_gw(IP(src=NAT4, dst=HA4) / UDP(sport=NAT_PORT, dport=4191, chksum=0) /
                     IPv6(src="2001:db8:a::102", dst=HA6) / bu),
             "punt", "punt-dsmip6-udp", **{"l3": 14, "inner": 42})
verdict_case("punt_mip4_rrq", ACCESS, from_gw(IP(src=COA4, dst=HA4) / UDP(sport=434, dport=434) / Raw(b"\x01" * 24)),
             "punt", "punt-mip4-registration", **{"l3": 14, "inner": 14})
verdict_case("punt_ike", ACCESS, from_gw(IP(src=COA4, dst=HA4) / UDP(sport=4500, dport=4500) / Raw(b"\x00" * 12)),
             "punt", "punt-ike", **{"l3": 14, "inner": 14})
verdict_case("punt_ping_ha", ACCESS, from_gw(IP(src=CN4, dst=HA4) / ICMP()), "punt", "punt-host-bound",
             **{"l3": 14, "inner": 14})
verdict_case("punt_arp", HOME, Ether(src=HOST_MAC, dst="ff:ff:ff:ff:ff:ff") /
             ARP(op=1, hwsrc=HOST_MAC, psrc=HOST4, pdst="198.51.100.10"), "punt", "punt-arp",
             **{"l3": 14, "inner": 14})
verdict_case("punt_ns", HOME, Ether(src=HOST_MAC, dst="33:33:ff:00:01:00") /
             IPv6(src=HOST6, dst="ff02::1:ff00:100", hlim=255) / ICMPv6ND_NS(tgt="2001:db8:a::100") /
             ICMPv6NDOptSrcLLAddr(lladdr=HOST_MAC), "punt", "punt-neighbor-discovery", **{"l3": 14, "inner": 14})
# A reverse-tunnelled HoTI is for a correspondent: decapsulated and relayed, not punted (RFC 6275 §5.2.5).
hoti = IPv6(src="2001:db8:a::100", dst=CN6) / MIP6MH_HoTI(cookie=bytes.fromhex("1122334455667788"))
forward_case("relay_hoti", ACCESS, from_gw(IPv6(src=COA6, dst=HA6, nh=41) / hoti), ACCESS, to_gw(forwarded(hoti)))

# Drops a router must make (RFC 1812 §5.3.7, RFC 4291 §2.5.6).
verdict_case("drop_multicast6", ACCESS, from_gw(data6("ff0e::1")), "drop", "drop-not-forwardable")
verdict_case("drop_linklocal6", ACCESS, from_gw(data6("fe80::5")), "drop", "drop-not-forwardable")
verdict_case("drop_multicast4", ACCESS, from_gw(data4("224.0.0.5")), "drop", "drop-not-forwardable")
verdict_case("drop_loopback_src4", ACCESS, from_gw(data4(HOST4, src="127.0.0.1")), "drop", "drop-not-forwardable")
verdict_case("drop_ttl", ACCESS, from_gw(data4("198.51.100.11", ttl=1)), "drop", "drop-ttl-expired")
verdict_case("drop_hlim", ACCESS, from_gw(data6("2001:db8:a::100", hlim=1)), "drop", "drop-hop-limit-expired")

# A mobile node's reverse-tunnelled packet whose TTL expires here: Time Exceeded (RFC 792) goes back to its home
# address, so through its tunnel (IPv4-in-IPv4 to 192.0.2.200). The error quotes the inner packet as it arrived.
p = data4(CN4, src="198.51.100.11", ttl=1)
verdict_case("up_ttl_expired_error_tunnelled", ACCESS, from_gw(IP(src=COA4, dst=HA4, id=3, proto=4) / p), "drop",
             "drop-ttl-expired", **{"error.port": ACCESS, "error.tunnel": "ip4in4"})
# An IPv4-mapped IPv6 destination never appears on the wire (RFC 4291 §2.5.5.2) and would alias the key of the IPv4
# home address 198.51.100.10.
verdict_case("drop_v4mapped6", ACCESS, from_gw(data6("::ffff:198.51.100.10")), "drop", "drop-not-forwardable")

# Inner packets to the home agent's own addresses are never forwarded (docs/decapsulation.md). A NAT keepalive from
# the node behind the NAT: an empty IPv6 packet (next header 59, RFC 8200 §4.7) from its home address to the home
# agent in the UDP tunnel (RFC 5555 §4.2: traffic in the tunnel refreshes the NAT mapping). Consumed.
keepalive = IPv6(src="2001:db8:a::102", dst=HA6, nh=59, hlim=64)
verdict_case("up_keepalive_udp", ACCESS,
             from_gw(IP(src=NAT4, dst=HA4, id=11) / UDP(sport=NAT_PORT, dport=4191, chksum=0) / keepalive), "drop",
             "decap-nat-keepalive")
# The same empty packet through an IPv6-in-IPv6 tunnel: nothing to forward either.
verdict_case("up_keepalive_6in6", ACCESS,
             from_gw(IPv6(src=COA6, dst=HA6, nh=41) / IPv6(src="2001:db8:a::100", dst=HA6, nh=59)), "drop",
             "decap-nat-keepalive")
# A keepalive whose NAT port is not the registered one fails the reverse-tunnel check first (RFC 5555 §4.1).
verdict_case("up_keepalive_wrong_port", ACCESS,
             from_gw(IP(src=NAT4, dst=HA4, id=12) / UDP(sport=NAT_PORT + 1, dport=4191, chksum=0) / keepalive), "drop",
             "decap-drop-udp-port-mismatch")
# Anything else to the home agent through the tunnel is punted whole as host-bound, with the inner offset.
verdict_case("up_ping_ha4_in_udp", ACCESS,
             from_gw(IP(src=NAT4, dst=HA4, id=13) / UDP(sport=NAT_PORT, dport=4191, chksum=0) /
                     IP(src="198.51.100.12", dst=HA4, ttl=64, id=5) / ICMP()),
             "punt", "punt-host-bound", **{"l3": 14, "inner": 42})
verdict_case("up_udp_ha6_in_6in4", ACCESS,
             from_gw(IP(src=COA4, dst=HA4, id=14, proto=41) /
                     IPv6(src="2001:db8:a::101", dst=HA6) / UDP(sport=5000, dport=7) / Raw(b"echo")),
             "punt", "punt-host-bound", **{"l3": 14, "inner": 34})
