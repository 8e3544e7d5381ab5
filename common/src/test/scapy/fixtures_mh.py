#!/usr/bin/python3
"""Mobility Header messages and options (RFC 6275 §6.1-6.2, RFC 3963 §4.3, RFC 5026 §8.1, RFC 5149 §3,
RFC 5555 §3.1-3.2), built and dissected by scapy as full IPv6 packets so the MH checksum can be checked
against the pseudo-header.

Each fixture records:
  mh.offset            offset of the Mobility Header in the packet
  pseudo.src_offset    offset of the address scapy used as pseudo-header source (the HAO home address if present)
  pseudo.dst_offset    offset of the final destination (the Type 2 Routing header address if present)
  mh.*                 the common MH fields, message fields as scapy dissects them
  opt.N.*              the N-th option our iterator must return (Pad1, PadN and unknown types are skipped)
  unknown.N.*          options of unknown type, which the iterator must skip (RFC 6275 §6.2.1)

scapy 2.5 has no classes for options 17, 20 and 29-32: they are built as MIP6OptUnknown with the octets laid
out by hand here; for those the fixture records the values they were built from and the option data scapy
dissects back (opt.N.odata). scapy's BU flags field stops at P: F (0x0100) and later flags go in 'reserved';
scapy's BA flags stop at P: T/B/S/D go in 'res2'.
"""
import socket
import struct

from scapy.all import IPv6, IPv6ExtHdrDestOpt, IPv6ExtHdrRouting, raw
from scapy.layers.inet6 import (HAO, Pad1, PadN, MIP6MH_BRR, MIP6MH_HoTI, MIP6MH_CoTI, MIP6MH_HoT, MIP6MH_CoT,
                                MIP6MH_BU, MIP6MH_BA, MIP6MH_BE, MIP6MH_Generic, MIP6OptBRAdvice, MIP6OptAltCoA,
                                MIP6OptNonceIndices, MIP6OptBindingAuthData, MIP6OptMobNetPrefix, MIP6OptUnknown,
                                _MobilityHeader)
from fixturelib import out_dir, write

out = out_dir("mh")

HOA = "2001:db8:1::100"
HA = "2001:db8:1::1"
COA = "2001:db8:2::55"
CN = "2001:db8:9::9"
IPV4_HOA = "192.0.2.77"
IPV4_COA = "198.51.100.20"


class AlignedUnknown(MIP6OptUnknown):
    """An option scapy has no class for, with the 4n alignment RFC 5555 §3.1.1-3.2.2 gives options 29-32."""
    x = 4
    y = 0


def v4(addr):
    return struct.unpack("!I", socket.inet_aton(addr))[0]


def v6(addr):
    return socket.inet_pton(socket.AF_INET6, addr)


def opt_ipv4_hoa(plen, p, addr):
    # RFC 5555 §3.1.1: Prefix-len (6 bits), P (1 bit), Reserved (9 bits), IPv4 home address
    odata = struct.pack("!HI", (plen << 10) | (p << 9), v4(addr))
    return AlignedUnknown(otype=29, odata=odata), {"plen": plen, "p": p, "addr": v4(addr)}


def opt_ipv4_ack(status, plen, addr):
    # RFC 5555 §3.2.1: Status (8 bits), Pref (6 bits), Res (2 bits), IPv4 home address
    odata = struct.pack("!BBI", status, plen << 2, v4(addr))
    return AlignedUnknown(otype=30, odata=odata), {"status": status, "plen": plen, "addr": v4(addr)}


def opt_nat_detection(f, refresh):
    # RFC 5555 §3.2.2: F (1 bit), Reserved (15 bits), Refresh time (32 bits)
    odata = struct.pack("!HI", f << 15, refresh)
    return AlignedUnknown(otype=31, odata=odata), {"f": f, "refresh": refresh}


def opt_ipv4_coa(addr):
    # RFC 5555 §3.1.2: Reserved (16 bits), IPv4 care-of address
    odata = struct.pack("!HI", 0, v4(addr))
    return AlignedUnknown(otype=32, odata=odata), {"addr": v4(addr)}


def opt_dns_update(status, r, fqdn):
    # RFC 5026 §8.1: Status (8 bits), R (1 bit), Reserved (7 bits), MN identity (FQDN)
    odata = struct.pack("!BB", status, r << 7) + fqdn
    return MIP6OptUnknown(otype=17, odata=odata), {"status": status, "r": r, "identity": fqdn}


def opt_service_selection(identifier):
    # RFC 5149 §3: Identifier (1-255 octets)
    return MIP6OptUnknown(otype=20, odata=identifier), {"identifier": identifier}


def options(specs):
    """specs: scapy option packets, or (packet, built-from fields) pairs; returns the packets and the fields."""
    pkts, built = [], {}
    for spec in specs:
        if isinstance(spec, tuple):
            pkt, fields = spec
            built[id(pkt)] = fields
            pkts.append(pkt)
        else:
            pkts.append(spec)
    return pkts, built


def mh_layer(pkt):
    layer = pkt
    while layer is not None and not isinstance(layer, _MobilityHeader):
        layer = layer.payload if layer.payload else None
    return layer


FIXED = {0: 8, 1: 16, 2: 16, 3: 24, 4: 24, 5: 12, 6: 12, 7: 24}
KNOWN_OPTIONS = {2, 3, 4, 5, 6, 17, 20, 29, 30, 31, 32}


def option_fields(index, opt, built_from, prefix):
    f = {prefix + ".type": opt.otype, prefix + ".len": opt.olen}
    if opt.otype == 2:
        f[prefix + ".rinter"] = opt.rinter
    elif opt.otype == 3:
        f[prefix + ".acoa"] = v6(opt.acoa)
    elif opt.otype == 4:
        f[prefix + ".hni"] = opt.hni
        f[prefix + ".coni"] = opt.coni
    elif opt.otype == 5:
        f[prefix + ".authenticator"] = opt.authenticator.to_bytes(12, "big")
    elif opt.otype == 6:
        f[prefix + ".reserved"] = opt.reserved
        f[prefix + ".plen"] = opt.plen
        f[prefix + ".prefix"] = v6(opt.prefix)
    else:
        f[prefix + ".odata"] = opt.odata
        for key, value in built_from.items():
            f[prefix + "." + key] = value
    return f


def fixture(name, pkt, built=None, built_order=None):
    raw_bytes = raw(pkt)
    parsed = IPv6(raw_bytes)
    mh = mh_layer(parsed)
    mh_raw = raw(mh)
    mh_offset = len(raw_bytes) - len(mh_raw)
    fields = {"mh.offset": mh_offset, "mh.nh": mh.nh, "mh.len": mh.len, "mh.mhtype": mh.mhtype,
              "mh.res": mh.res if mh.res is not None else 0, "mh.cksum": mh.cksum, "mh.length": len(mh_raw)}
    # pseudo-header addresses as scapy's in6_pseudoheader chose them (RFC 8200 §8.1, RFC 6275 §6.1.1)
    src, dst = parsed.src, parsed.dst
    if parsed.haslayer(IPv6ExtHdrDestOpt):
        for o in parsed[IPv6ExtHdrDestOpt].options:
            if isinstance(o, HAO):
                src = o.hoa
    if parsed.haslayer(IPv6ExtHdrRouting) and parsed[IPv6ExtHdrRouting].segleft:
        dst = parsed[IPv6ExtHdrRouting].addresses[-1]
    fields["pseudo.src_offset"] = raw_bytes.rfind(v6(src), 0, mh_offset)
    fields["pseudo.dst_offset"] = raw_bytes.rfind(v6(dst), 0, mh_offset)
    fields.update(message_fields(mh))

    if mh.mhtype in FIXED:
        built_iter = iter(built_order or [])
        position = FIXED[mh.mhtype]
        known = unknown = 0
        for opt in mh.options:
            length = len(raw(opt))
            if isinstance(opt, (Pad1, PadN)):
                position += length
                continue
            from_build = built.get(next(built_iter), {}) if built_order and opt.otype not in (2, 3, 4, 5, 6) else {}
            if opt.otype in KNOWN_OPTIONS:
                prefix = "opt.%d" % known
                known += 1
            else:
                prefix = "unknown.%d" % unknown
                unknown += 1
            fields.update(option_fields(known, opt, from_build, prefix))
            fields[prefix + ".offset"] = position
            position += length
        fields["opt.count"] = known
        fields["unknown.count"] = unknown
    write(out, name, raw_bytes, fields)


def message_fields(mh):
    t = mh.mhtype
    if t == 0:
        return {"brr.res2": mh.res2}
    if t in (1, 2):
        return {"hoti.reserved": mh.reserved, "hoti.cookie": mh.cookie}
    if t in (3, 4):
        return {"hot.index": mh.index, "hot.cookie": mh.cookie, "hot.token": mh.token}
    if t == 5:
        return {"bu.seq": mh.seq, "bu.flags": (int(mh.flags) << 9) | mh.reserved, "bu.mhtime": mh.mhtime}
    if t == 6:
        return {"ba.status": mh.status, "ba.flags": (int(mh.flags) << 5) | mh.res2, "ba.seq": mh.seq,
                "ba.mhtime": mh.mhtime}
    if t == 7:
        return {"be.status": mh.status, "be.reserved": mh.reserved, "be.ha": v6(mh.ha)}
    return {"generic.msg": mh.msg}


def built_fixture(name, outer, make_mh, specs):
    """outer: the IPv6 packet and extension headers; make_mh(options) builds the MH."""
    pkts, built = options(specs)
    order = [id(p) for p in pkts if not isinstance(p, (Pad1, PadN)) and p.otype not in (2, 3, 4, 5, 6)]
    fixture(name, outer / make_mh(pkts), built, order)


hao = IPv6ExtHdrDestOpt(options=[HAO(hoa=HOA)])

# DSMIPv6 BU over IPv4 (RFC 5555 §4.1): IPv6 source is the HoA, IPv4 HoA and IPv4 CoA options; F flag by hand.
built_fixture("bu_dsmip", IPv6(src=HOA, dst=HA, hlim=64),
              lambda o: MIP6MH_BU(seq=0x1234, flags="AHK", reserved=0x100, mhtime=3600, options=o),
              [opt_ipv4_hoa(32, 0, IPV4_HOA), opt_ipv4_coa(IPV4_COA)])

# Dynamic IPv4 home address request (RFC 5555 §3.1.1: 0.0.0.0, P = 0), IPv6 CoA with the Home Address option.
built_fixture("bu_dynamic_hoa", IPv6(src=COA, dst=HA) / hao,
              lambda o: MIP6MH_BU(seq=7, flags="AH", mhtime=100, options=o),
              [opt_ipv4_hoa(32, 0, "0.0.0.0")])

# NEMO BU (RFC 3963 §4.1 R flag) with every HA-side option, a prefix request (P = 1) and an unknown type 200.
built_fixture("bu_nemo", IPv6(src=COA, dst=HA) / hao,
              lambda o: MIP6MH_BU(seq=65535, flags="AHKR", reserved=0x0010, mhtime=65535, options=o),
              [MIP6OptAltCoA(acoa=COA),
               MIP6OptMobNetPrefix(plen=64, prefix="2001:db8:100:1::"),
               MIP6OptMobNetPrefix(plen=56, prefix="2001:db8:200::"),
               opt_ipv4_hoa(28, 1, "0.0.0.0"),
               opt_dns_update(0, 0, b"mn1.example.com"),
               opt_service_selection(b"ims.example"),
               (MIP6OptUnknown(otype=200, odata=b"\x01\x02\x03"), {})])

# Return routability BU to a correspondent (RFC 6275 §6.1.7, §6.2.6-6.2.7): nonce indices, authorization data.
built_fixture("bu_rr", IPv6(src=COA, dst=CN) / hao,
              lambda o: MIP6MH_BU(seq=42, flags="A", mhtime=105, options=o),
              [MIP6OptAltCoA(acoa=COA),
               MIP6OptNonceIndices(olen=4, hni=3, coni=9),
               MIP6OptBindingAuthData(olen=12, authenticator=0x0102030405060708090A0B0C)])

# DSMIPv6 BA (RFC 5555 §4.4): IPv4 Address Acknowledgement and NAT Detection.
built_fixture("ba_dsmip", IPv6(src=HA, dst=HOA),
              lambda o: MIP6MH_BA(status=0, flags="K", seq=0x1234, mhtime=3600, options=o),
              [opt_ipv4_ack(0, 32, IPV4_HOA), opt_nat_detection(1, 110)])

# IPv4 part rejected (RFC 5555 §3.2.1 status 132), no NAT (refresh all ones), R flag and S flag (0x04) in res2.
built_fixture("ba_ipv4_rejected", IPv6(src=HA, dst=HOA),
              lambda o: MIP6MH_BA(status=129, flags="KR", res2=0x04, seq=99, mhtime=0, options=o),
              [opt_ipv4_ack(132, 0, "0.0.0.0"), opt_nat_detection(0, 0xFFFFFFFF),
               opt_dns_update(130, 1, b"mn1.example.com")])

# BA to a CoA through a Type 2 Routing header (RFC 6275 §6.4, §9.5.4): the pseudo-header destination is the HoA.
built_fixture("ba_rh2", IPv6(src=HA, dst=COA) / IPv6ExtHdrRouting(type=2, addresses=[HOA], segleft=1),
              lambda o: MIP6MH_BA(status=1, flags="", seq=300, mhtime=1800, options=o),
              [MIP6OptBRAdvice(rinter=150)])

fixture("brr", IPv6(src=HA, dst=HOA) / MIP6MH_BRR())
fixture("hoti", IPv6(src=HOA, dst=CN) / MIP6MH_HoTI(cookie=bytes.fromhex("1122334455667788")))
fixture("coti", IPv6(src=COA, dst=CN) / MIP6MH_CoTI(cookie=bytes.fromhex("8877665544332211")))
fixture("hot", IPv6(src=CN, dst=HOA) / MIP6MH_HoT(index=0x2A, cookie=bytes.fromhex("1122334455667788"),
                                                  token=bytes.fromhex("a1a2a3a4a5a6a7a8")))
fixture("cot", IPv6(src=CN, dst=COA) / MIP6MH_CoT(index=0x2B, cookie=bytes.fromhex("8877665544332211"),
                                                  token=bytes.fromhex("b1b2b3b4b5b6b7b8")))
fixture("be", IPv6(src=HA, dst=COA) / MIP6MH_BE(status=2, ha=HOA))

# An MH type this codec does not decode (13 Heartbeat, RFC 5847): well formed, reported as unsupported.
fixture("heartbeat", IPv6(src=HA, dst=HOA) / MIP6MH_Generic(mhtype=13, msg=b"\x00" * 10))

# Malformed: IPv4 Home Address option at offset 13, not on 4n (RFC 5555 §3.1.1); padding placed by hand.
hoa_opt, hoa_fields = opt_ipv4_hoa(32, 0, IPV4_HOA)
fixture("bu_misaligned", IPv6(src=HOA, dst=HA) /
        MIP6MH_BU(seq=1, flags="AH", mhtime=10, autopad=0, options=[Pad1(), hoa_opt, PadN(optdata=b"\x00")]),
        {id(hoa_opt): hoa_fields}, [id(hoa_opt)])
