#!/usr/bin/python3
"""Binding Updates as the home agent receives them, and the replies it must send, built by scapy.

"in_*" fixtures are whole Ethernet frames carrying a Binding Update (RFC 6275 §6.1.7) in every way it reaches the
home agent: natively with a Home Address option (§6.3), in IPv4 protocol 41 (RFC 5555 §4.2) and in IPv4/UDP to
port 4191 from behind a NAT (RFC 5555 §4.1), with the DSMIPv6 options 29 and 32, NEMO prefixes (RFC 3963), a DNS
Update option (RFC 5026), pre-RFC 5555 drafts (options 21-24, an IPv4-mapped source, UDP 666) and every malformed
case the reader rejects. The test wraps each in a punt header; "inner_l3" is the offset of the IPv6 header.

"out_*" fixtures are the replies octet for octet: Binding Acknowledgements natively with a Type 2 Routing header
(RFC 6275 §9.5.4), in IPv4 protocol 41 and in IPv4/UDP 4191 (RFC 5555 §4.2), a Binding Error (§9.3.3) and a
Binding Refresh Request tunnelled to the care-of address (§6.1, RFC 2473).

Scapy 2.5 has no classes for options 29-32: they are MIP6OptUnknown with the layout of RFC 5555 §3.1.1, §3.1.5,
§3.2.1, §3.2.2; the BU F flag (0x0100, RFC 5555) is the top bit of scapy's 9-bit reserved field.

Run: /usr/bin/python3 fixtures_registration.py slowpath/src/test/resources/fixtures
"""
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../common/src/test/scapy"))

from scapy.all import Ether, IP, UDP, IPv6, Raw, bind_layers  # noqa: E402
from scapy.layers.inet6 import IPv6ExtHdrDestOpt, IPv6ExtHdrRouting, IPv6ExtHdrFragment, HAO, Pad1, PadN  # noqa
from scapy.layers.inet6 import HBHOptUnknown  # noqa: E402
from scapy.layers.ipsec import ESP  # noqa: E402
from scapy.layers.mobileip import *  # noqa: E402,F401,F403
from scapy.layers.inet6 import MIP6MH_BU, MIP6MH_BA, MIP6MH_BE, MIP6MH_BRR, MIP6MH_Generic  # noqa: E402
from scapy.layers.inet6 import MIP6OptUnknown, MIP6OptAltCoA, MIP6OptMobNetPrefix, MIP6OptBRAdvice  # noqa: E402
from fixturelib import out_dir, write  # noqa: E402

out = out_dir("registration")

# Let scapy dissect IPv6 inside UDP 4191 (RFC 5555 §4.1) and the legacy port 666 when it reads a frame back.
bind_layers(UDP, IPv6, dport=4191)
bind_layers(UDP, IPv6, sport=4191)
bind_layers(UDP, IPv6, dport=666)

# The home agent's access port and the router in front of it.
HA_MAC = "00:11:22:33:44:66"
ROUTER_MAC = "00:00:5e:00:53:01"
HA6 = "2001:db8:a::1"
HA4 = "192.0.2.1"
# The mobile node.
HOA = "2001:db8:a::100"
COA = "2001:db8:c::100"
ALT_COA = "2001:db8:c::200"
COA4 = "192.0.2.77"
PRIVATE_COA4 = "10.0.0.5"
NAT4 = "203.0.113.9"
NAT_PORT = 40123
IPV4_HOA = "198.51.100.7"

F_FLAG = 0x100  # RFC 5555 F (0x0100): the top bit of scapy's 9-bit reserved field
BU_SEQ = 10
BU_LIFETIME = 0x96


def v4(address):
    return socket.inet_aton(address)


def ipv4_hoa(address, prefix_len=32, p_flag=False):
    """IPv4 Home Address option, RFC 5555 §3.1.1: Prefix-len (6 bits), P, Reserved (9 bits), address."""
    word = (prefix_len << 10) | (0x200 if p_flag else 0)
    return MIP6OptUnknown(otype=29, odata=struct.pack("!H", word) + v4(address))


def ipv4_coa(address):
    """IPv4 Care-of Address option, RFC 5555 §3.1.5: Reserved (16 bits), address."""
    return MIP6OptUnknown(otype=32, odata=b"\x00\x00" + v4(address))


def ipv4_ack(status, prefix_len, address):
    """IPv4 Address Acknowledgement option, RFC 5555 §3.2.1: Status, Pref-len (6 bits), Res (2 bits), address."""
    return MIP6OptUnknown(otype=30, odata=bytes([status, prefix_len << 2]) + v4(address))


def nat_detection(force, refresh):
    """NAT Detection option, RFC 5555 §3.2.2: F, Reserved (15 bits), Refresh time (32 bits)."""
    return MIP6OptUnknown(otype=31, odata=struct.pack("!HI", 0x8000 if force else 0, refresh))


def padn(length):
    """PadN of `length` octets in all (RFC 6275 §6.2.3)."""
    return PadN(optdata=b"\x00" * (length - 2))


def bu(options=(), flags="AHK", reserved=0, seq=BU_SEQ, lifetime=BU_LIFETIME, autopad=1, **fields):
    return MIP6MH_BU(seq=seq, flags=flags, reserved=reserved, mhtime=lifetime, autopad=autopad,
                     options=list(options), **fields)


def native(mh, src=COA, hoa=HOA, dst=HA6):
    ipv6 = IPv6(src=src, dst=dst)
    if hoa is not None:
        ipv6 = ipv6 / IPv6ExtHdrDestOpt(options=[HAO(hoa=hoa)])
    return Ether(src=ROUTER_MAC, dst=HA_MAC) / ipv6 / mh


def proto41(mh, src4=COA4, **ipfields):
    return Ether(src=ROUTER_MAC, dst=HA_MAC) / IP(src=src4, dst=HA4, proto=41, **ipfields) / \
        IPv6(src=HOA, dst=HA6) / mh


def udp(mh, dport=4191, src4=NAT4, sport=NAT_PORT, **udpfields):
    return Ether(src=ROUTER_MAC, dst=HA_MAC) / IP(src=src4, dst=HA4) / UDP(sport=sport, dport=dport, **udpfields) / \
        IPv6(src=HOA, dst=HA6) / mh


def inner_l3(frame):
    """Offset of the IPv6 header that carries the Mobility Header, from the Ethernet header."""
    raw_frame = bytes(frame)
    again = Ether(raw_frame)
    if IP not in again:
        return 14
    ip = again[IP]
    return 14 + ip.ihl * 4 + (8 if UDP in again and ip.proto == 17 else 0)


def emit(name, frame, **extra):
    raw_frame = bytes(frame)
    again = Ether(raw_frame)
    fields = {"length": len(raw_frame), "eth.dst": again.dst, "eth.src": again.src, "inner_l3": inner_l3(frame)}
    if IP in again:
        ip = again[IP]
        fields.update({"ip.src": ip.src, "ip.dst": ip.dst, "ip.proto": ip.proto, "ip.id": ip.id, "ip.ttl": ip.ttl})
    if UDP in again:
        fields.update({"udp.sport": again[UDP].sport, "udp.dport": again[UDP].dport})
    if IPv6 in again:
        ipv6 = again[IPv6]
        fields.update({"ipv6.src": ipv6.src, "ipv6.dst": ipv6.dst})
    if HAO in again:
        fields["hao"] = again[HAO].hoa
    if MIP6MH_BU in again:
        b = again[MIP6MH_BU]
        fields.update({"bu.seq": b.seq, "bu.flags": (int(b.flags) << 9) | b.reserved, "bu.lifetime": b.mhtime,
                       "mh.cksum": b.cksum})
    fields.update(extra)
    write(out, name, raw_frame, fields)


# ---- well-formed Binding Updates ----
emit("in_bu_native_hao", native(bu()))
emit("in_bu_native_altcoa", native(bu([MIP6OptAltCoA(acoa=ALT_COA)])), altcoa=ALT_COA)
emit("in_bu_ipv4_proto41", proto41(bu([ipv4_hoa(IPV4_HOA), ipv4_coa(COA4)])),
     ipv4hoa=IPV4_HOA, ipv4hoa_plen=32, ipv4coa=COA4)
emit("in_bu_ipv4_udp_nat", udp(bu([ipv4_hoa(IPV4_HOA), ipv4_coa(PRIVATE_COA4)])),
     ipv4hoa=IPV4_HOA, ipv4hoa_plen=32, ipv4coa=PRIVATE_COA4)
emit("in_bu_force_udp", udp(bu([ipv4_hoa(IPV4_HOA), ipv4_coa(PRIVATE_COA4)], reserved=F_FLAG)))
emit("in_bu_ipv4_hoa_dynamic", udp(bu([ipv4_hoa("0.0.0.0"), ipv4_coa(PRIVATE_COA4)])),
     ipv4hoa="0.0.0.0", ipv4hoa_plen=32)
emit("in_bu_ipv4_prefix", proto41(bu([ipv4_hoa("198.51.100.96", 28, True), ipv4_coa(COA4)])),
     ipv4hoa="198.51.100.96", ipv4hoa_plen=28)
emit("in_bu_nemo", native(bu([MIP6OptMobNetPrefix(plen=48, prefix="2001:db8:100::"),
                              MIP6OptMobNetPrefix(plen=64, prefix="2001:db8:200:1::")], flags="AHKR")),
     mnp0="2001:db8:100::", mnp1="2001:db8:200:1::")
# DNS Update option, RFC 5026 §8.1: Status, R flag + Reserved, MN identity (FQDN).
emit("in_bu_dns_update", native(bu([MIP6OptUnknown(otype=17, odata=b"\x00\x00" + b"\x02mn\x07example\x00")])))
emit("in_bu_unknown_option", native(bu([MIP6OptUnknown(otype=99, odata=b"\x01\x02\x03")])))
# IPv4 HoA at octet 14 (4n+2), placed there by a PadN(2) without scapy's autopad: accepted, counted.
emit("in_bu_misaligned_option", proto41(bu([padn(2), ipv4_hoa(IPV4_HOA), padn(2)], autopad=0)))

# ---- pre-RFC 5555 drafts ----
emit("in_bu_legacy_option_21", udp(bu([MIP6OptUnknown(otype=21, odata=b"\x80\x00" + v4(IPV4_HOA))])))
emit("in_bu_legacy_mapped_source", native(bu(), src="::ffff:" + COA4))
emit("in_bu_legacy_udp_666", udp(bu([ipv4_hoa(IPV4_HOA)]), dport=666))

# ---- malformed ----
emit("in_bu_bad_checksum", native(bu(cksum=0x1234)))
emit("in_bu_header_len_too_long", native(bu(len=3)))
emit("in_bu_header_len_short", native(MIP6MH_Generic(mhtype=5, msg=b"\x00" * 2)))
emit("in_bu_bad_payload_proto", native(bu(nh=6)))
emit("in_mh_unknown_type", native(MIP6MH_Generic(mhtype=99, msg=b"\x00" * 10)))
emit("in_mh_binding_refresh_request", native(MIP6MH_BRR(), hoa=None))
emit("in_bu_option_overrun", native(bu([MIP6OptUnknown(otype=99, olen=20, odata=b"\x00\x00")], autopad=0)))
emit("in_bu_option_truncated", native(bu([Pad1(), Pad1(), Pad1(), Raw(b"\x63")], autopad=0)))
emit("in_bu_option_bad_length", proto41(bu([MIP6OptUnknown(otype=29, odata=b"\x80\x00\xc6\x33")])))
emit("in_bu_duplicate_ipv4_hoa", proto41(bu([ipv4_hoa(IPV4_HOA), ipv4_hoa("198.51.100.8")])))
emit("in_bu_too_many_prefixes", native(bu([MIP6OptMobNetPrefix(plen=64, prefix="2001:db8:300:%x::" % i)
                                           for i in range(17)], flags="AHKR")))
emit("in_bu_ipv4_fragment", proto41(bu(), flags="MF"))
emit("in_bu_ipv4_bad_checksum", proto41(bu(), chksum=0x4321))
emit("in_bu_udp_bad_checksum", udp(bu(), chksum=0x4321))
emit("in_bu_udp_other_port", udp(bu(), dport=5000))
emit("in_bu_ipv6_fragment", Ether(src=ROUTER_MAC, dst=HA_MAC) / IPv6(src=COA, dst=HA6) /
     IPv6ExtHdrFragment(m=1, id=7) / IPv6ExtHdrDestOpt(options=[HAO(hoa=HOA)]) / bu())
emit("in_bu_unknown_ipv6_option", Ether(src=ROUTER_MAC, dst=HA_MAC) / IPv6(src=COA, dst=HA6) /
     IPv6ExtHdrDestOpt(options=[HAO(hoa=HOA), HBHOptUnknown(otype=0x4F, optdata=b"\x00\x00")]) / bu())
emit("in_bu_ipv6_bad_payload_length", native(bu(), hoa=None).__class__(
    bytes(native(bu(), hoa=None))[:18] + struct.pack("!H", 200) + bytes(native(bu(), hoa=None))[20:]))
emit("in_esp", Ether(src=ROUTER_MAC, dst=HA_MAC) / IPv6(src=HOA, dst=HA6) / ESP(spi=0x100, seq=1, data=b"\x00" * 16))
emit("in_not_mh", Ether(src=ROUTER_MAC, dst=HA_MAC) / IPv6(src=COA, dst=HA6) / UDP(sport=1, dport=2) / b"hi")
emit("in_arp_frame", Ether(src=ROUTER_MAC, dst=HA_MAC, type=0x0806) / Raw(b"\x00" * 28))
write(out, "in_ethernet_truncated", bytes(Ether(src=ROUTER_MAC, dst=HA_MAC))[:10], {"length": 10, "inner_l3": 14})

# ---- replies, octet for octet (options padded by hand to their RFC alignment, autopad off) ----
BA_SEQ = 10
BA_LIFETIME = 0x96


def ba(options, status=0, flags=0):
    return MIP6MH_BA(status=status, flags=flags, seq=BA_SEQ, mhtime=BA_LIFETIME, autopad=0, options=options)


# Native: IPv6 to the care-of address, Type 2 RH with the home address (RFC 6275 §9.5.4); Refresh Advice at 12 (2n).
emit("out_ba_native", Ether(src=HA_MAC, dst=ROUTER_MAC) / IPv6(src=HA6, dst=COA, hlim=64) /
     IPv6ExtHdrRouting(type=2, addresses=[HOA]) / ba([MIP6OptBRAdvice(rinter=0x80)], flags="K"))
# Protocol 41: IPv6 to the home address, no RH (RFC 5555 §4.2); IPv4 Ack at 12 (4n), PadN(4) to 24.
emit("out_ba_proto41", Ether(src=HA_MAC, dst=ROUTER_MAC) / IP(src=HA4, dst=COA4, ttl=64, id=0, proto=41) /
     IPv6(src=HA6, dst=HOA, hlim=64) / ba([ipv4_ack(0, 32, IPV4_HOA), padn(4)]))
# UDP: back to the NAT-mapped address and port; IPv4 Ack at 12, NAT Detection at 20 (4n), PadN(4) to 32.
emit("out_ba_udp", Ether(src=HA_MAC, dst=ROUTER_MAC) / IP(src=HA4, dst=NAT4, ttl=64, id=0) /
     UDP(sport=4191, dport=NAT_PORT) / IPv6(src=HA6, dst=HOA, hlim=64) /
     ba([ipv4_ack(0, 32, IPV4_HOA), nat_detection(True, 110), padn(4)]))
# Binding Error status 2 to the source of the offending packet, Home Address field = its HAO (RFC 6275 §9.3.3).
emit("out_be_native", Ether(src=HA_MAC, dst=ROUTER_MAC) / IPv6(src=HA6, dst=COA, hlim=64) /
     MIP6MH_BE(status=2, ha=HOA))
# Binding Refresh Request to the home address, tunnelled to the care-of address (RFC 6275 §6.1, RFC 2473).
emit("out_brr_native", Ether(src=HA_MAC, dst=ROUTER_MAC) / IPv6(src=HA6, dst=COA, hlim=64, nh=41) /
     IPv6(src=HA6, dst=HOA, hlim=64) / MIP6MH_BRR(autopad=0))
