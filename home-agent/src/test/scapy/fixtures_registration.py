#!/usr/bin/python3
"""Binding Updates from mobile nodes to the embedded home agent, for the end-to-end registration tests.

The network is the embedded demo's (DemoNetwork): the home agent is 2001:db8:a::1 and 198.51.100.1; the access port
has MAC 02:00:00:00:00:12 and its router 02:00:00:00:00:fe; the home link's host is 2001:db8:a::cc / 198.51.100.204
(MAC 02:00:00:00:00:cc). Home addresses 2001:db8:a::200.. are unused by the demo's synthetic bindings; the demo's
registration config accepts any home address in 2001:db8:a::/64 and hands out dynamic IPv4 home addresses from
198.51.100.128/26 (the first is 198.51.100.128).

Each case <name>.hex is a whole Ethernet frame as it arrives on a port; <name>.properties says which port and what
scapy reads back. Run with Debian's python: /usr/bin/python3 fixtures_registration.py home-agent/src/test/resources/fixtures
"""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..",
                                "common", "src", "test", "scapy"))

from scapy.all import (Ether, IP, IPv6, UDP, Raw, IPv6ExtHdrDestOpt, HAO, MIP6MH_BU, MIP6OptUnknown,  # noqa: E402
                       MIP6OptMobNetPrefix, in6_chksum)
from fixturelib import out_dir, write  # noqa: E402

out = out_dir("registration")

ACCESS_MAC = "02:00:00:00:00:12"
HOME_MAC = "02:00:00:00:00:02"
GW_MAC = "02:00:00:00:00:fe"
HOST_MAC = "02:00:00:00:00:cc"
HA6 = "2001:db8:a::1"
HA4 = "198.51.100.1"
HOST6 = "2001:db8:a::cc"
HOST4 = "198.51.100.204"
ACCESS = 0
HOME = 1
FLAG_A = 0x8000
FLAG_H = 0x4000
FLAG_F = 0x0100
FLAG_R = 0x0400


def ipv4_home_option(address="0.0.0.0", prefix_length=32, p=False):
    """RFC 5555 §3.1.1, type 29: Prefix-len (6 bits) | P | Reserved (9 bits), IPv4 home address."""
    flags = (prefix_length << 10) | (0x0200 if p else 0)
    return MIP6OptUnknown(otype=29, odata=struct.pack("!H", flags) + bytes(map(int, address.split("."))))


def ipv4_care_of_option(address):
    """RFC 5555 §3.1.5, type 32: Reserved (16 bits), IPv4 care-of address."""
    return MIP6OptUnknown(otype=32, odata=b"\x00\x00" + bytes(map(int, address.split("."))))


def pad_to_8(options, fixed=6):
    """PadN so that the Mobility Header ends on an 8-octet boundary (RFC 6275 §6.1.1)."""
    length = fixed + sum(len(bytes(o)) for o in options)
    pad = (-length) % 8
    if pad == 0:
        return options
    if pad == 1:
        return options + [MIP6OptUnknown(otype=0, odata=b"")][:0] + [Raw(b"\x00")]
    return options + [Raw(bytes([1, pad - 2]) + b"\x00" * (pad - 2))]


def binding_update(seq, flags, lifetime_units, options):
    """BU fixed part (RFC 6275 §6.1.7) with the 16-bit flags word set by hand (scapy 2.5 has no F flag)."""
    body = struct.pack("!HHH", seq, flags, lifetime_units) + b"".join(bytes(o) for o in options)
    body += b"\x00" * ((-(len(body) + 6)) % 8)
    length_units = (len(body) + 6) // 8 - 1
    return bytes([59, length_units, 5, 0, 0, 0]) + body


def with_checksum(mh, src, dst):
    """MH checksum over the IPv6 pseudo-header (RFC 6275 §6.1.1): src is the home address when a HAO is present."""
    value = in6_chksum(135, IPv6(src=src, dst=dst), mh)
    return mh[:4] + struct.pack("!H", value) + mh[6:]


def native(name, home, care_of, seq, flags, lifetime_units, options):
    mh = with_checksum(binding_update(seq, flags, lifetime_units, options), home, HA6)
    frame = Ether(dst=ACCESS_MAC, src=GW_MAC) / IPv6(src=care_of, dst=HA6, hlim=64) / \
        IPv6ExtHdrDestOpt(nh=135, options=[HAO(hoa=home)]) / Raw(mh)
    frame = Ether(bytes(frame))
    write(out, name, bytes(frame), {"in.port": ACCESS, "home": home, "care_of": care_of, "sequence": seq,
                                    "transport": "ipv6", "hao": frame[HAO].hoa})


def over_ipv4(name, home, outer_source, sport, care_of4, seq, flags, lifetime_units, options, udp=True):
    mh = with_checksum(binding_update(seq, flags, lifetime_units, options), home, HA6)
    inner = IPv6(src=home, dst=HA6, nh=135, hlim=64) / Raw(mh)
    outer = IP(src=outer_source, dst=HA4, ttl=64, id=0x4242)
    frame = Ether(dst=ACCESS_MAC, src=GW_MAC) / (outer / UDP(sport=sport, dport=4191) / inner if udp
                                                 else IP(src=outer_source, dst=HA4, ttl=64, id=0x4242, proto=41)
                                                 / inner)
    frame = Ether(bytes(frame))
    write(out, name, bytes(frame), {"in.port": ACCESS, "home": home, "outer_source": outer_source,
                                    "care_of4": care_of4, "sequence": seq,
                                    "transport": "ipv4-udp" if udp else "ipv4-proto41",
                                    "udp_source_port": sport if udp else 0})


def data_to_home(name, home):
    frame = Ether(dst=HOME_MAC, src=HOST_MAC) / IPv6(src=HOST6, dst=home, hlim=64) / UDP(sport=5000, dport=6000) / \
        Raw(b"d" * 16)
    frame = Ether(bytes(frame))
    write(out, name, bytes(frame), {"in.port": HOME, "destination": home})


def data4_to_home(name, home4):
    frame = Ether(dst=HOME_MAC, src=HOST_MAC) / IP(src=HOST4, dst=home4, ttl=64, id=7) / UDP(sport=5000, dport=6000) / \
        Raw(b"d" * 16)
    frame = Ether(bytes(frame))
    write(out, name, bytes(frame), {"in.port": HOME, "destination": home4})


# A mobile node on the IPv6 access network registers its IPv6 home address and asks for a dynamic IPv4 one.
native("bu_native_dynamic4", "2001:db8:a::200", "2001:db8:c::77", 1, FLAG_A | FLAG_H, 100,
       pad_to_8([ipv4_home_option()]))
# The same node refreshes (sequence 2), then replays sequence 1 (status 135), then deregisters (lifetime 0).
native("bu_native_refresh", "2001:db8:a::200", "2001:db8:c::77", 2, FLAG_A | FLAG_H, 100,
       pad_to_8([ipv4_home_option()]))
native("bu_native_replay", "2001:db8:a::200", "2001:db8:c::77", 1, FLAG_A | FLAG_H, 100,
       pad_to_8([ipv4_home_option()]))
native("bu_native_dereg", "2001:db8:a::200", "2001:db8:c::77", 3, FLAG_A | FLAG_H, 0, [])
# A home address outside the home prefix: status 132.
native("bu_native_foreign_home", "2001:db8:99::200", "2001:db8:c::77", 1, FLAG_A | FLAG_H, 100, [])
# From behind a NAT: the IPv4 CoA option says 10.0.0.5, the outer source is the NAT's 203.0.113.9:40001.
over_ipv4("bu_udp_nat", "2001:db8:a::201", "203.0.113.9", 40001, "10.0.0.5", 1, FLAG_A | FLAG_H, 100,
          pad_to_8([ipv4_home_option(), ipv4_care_of_option("10.0.0.5")]))
# From a public IPv4 network in protocol 41: no NAT.
over_ipv4("bu_proto41", "2001:db8:a::202", "192.0.2.50", 0, "192.0.2.50", 1, FLAG_A | FLAG_H, 100,
          pad_to_8([ipv4_home_option(), ipv4_care_of_option("192.0.2.50")]), udp=False)
# Public IPv4 over UDP, no NAT, F flag set: UDP encapsulation all the same.
over_ipv4("bu_udp_force", "2001:db8:a::203", "192.0.2.51", 4191, "192.0.2.51", 1, FLAG_A | FLAG_H | FLAG_F, 100,
          pad_to_8([ipv4_care_of_option("192.0.2.51")]))
# With the test's mobile node policies (HomeAgentRegistrationTest.POLICIES):
# a static IPv4 home address (RFC 5555 §3.1.1), and another node claiming it;
native("bu_static4", "2001:db8:a::210", "2001:db8:c::78", 1, FLAG_A | FLAG_H, 100,
       pad_to_8([ipv4_home_option("198.51.100.50")]))
native("bu_static4_taken", "2001:db8:a::211", "2001:db8:c::79", 1, FLAG_A | FLAG_H, 100,
       pad_to_8([ipv4_home_option("198.51.100.50")]))
# a dynamic IPv4 home prefix (P flag, 0.0.0.0/29);
native("bu_prefix4", "2001:db8:a::212", "2001:db8:c::7a", 1, FLAG_A | FLAG_H, 100,
       pad_to_8([ipv4_home_option("0.0.0.0", 29, p=True)]))
# a mobile router with its mobile network prefix in explicit mode (RFC 3963 §4.3, §6.2), then a prefix it does not own,
# and a node that is not a mobile router setting R.
native("bu_nemo", "2001:db8:a::213", "2001:db8:c::7b", 1, FLAG_A | FLAG_H | FLAG_R, 100,
       [MIP6OptMobNetPrefix(plen=48, prefix="2001:db8:d::")])
native("bu_nemo_foreign_prefix", "2001:db8:a::213", "2001:db8:c::7b", 2, FLAG_A | FLAG_H | FLAG_R, 100,
       [MIP6OptMobNetPrefix(plen=48, prefix="2001:db8:e::")])
native("bu_not_a_router", "2001:db8:a::214", "2001:db8:c::7c", 1, FLAG_A | FLAG_H | FLAG_R, 100, [])
# Mobility Headers that are not Binding Updates: an unknown MH Type (Binding Error status 2, RFC 6275 §9.2), and a
# Home Test Init carrying a Home Address option for which there is no binding (Binding Error status 1, §9.3.1).
def mobility_header(name, home, care_of, mh_type, body):
    mh = bytes([59, 0, mh_type, 0, 0, 0]) + body
    mh = bytes([59, (len(mh) // 8) - 1]) + mh[2:]
    mh = with_checksum(mh, home, HA6)
    frame = Ether(dst=ACCESS_MAC, src=GW_MAC) / IPv6(src=care_of, dst=HA6, hlim=64) / \
        IPv6ExtHdrDestOpt(nh=135, options=[HAO(hoa=home)]) / Raw(mh)
    frame = Ether(bytes(frame))
    write(out, name, bytes(frame), {"in.port": ACCESS, "home": home, "care_of": care_of, "mh_type": mh_type})


mobility_header("mh_unknown_type", "2001:db8:a::220", "2001:db8:c::80", 20, b"\x00" * 10)
mobility_header("mh_hoti_unbound_home", "2001:db8:a::221", "2001:db8:c::81", 1, b"\x00" * 10)
# Correspondents on the home link send to the registered home addresses.
data_to_home("data_to_native", "2001:db8:a::200")
data_to_home("data_to_nat", "2001:db8:a::201")
data4_to_home("data4_to_native", "198.51.100.128")
data_to_home("data_to_mobile_network", "2001:db8:d::1")
data4_to_home("data4_to_prefix", "198.51.100.101")
