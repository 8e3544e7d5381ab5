"""Shared helpers of the neighbour and home-link fixture scripts: solicited-node addresses and their MACs computed
by scapy itself, an ND frame builder, and the fixture writer that records what scapy reads back from each frame."""
import socket

from scapy.all import ARP, Ether, IPv6, ICMPv6ND_NA
from scapy.pton_ntop import inet_ntop, inet_pton
from scapy.utils6 import in6_getnsma, in6_getnsmac
from fixturelib import write


def solicited_node(address):
    """ff02::1:ffXX:XXXX from the last 24 bits (RFC 4291 §2.7.1), by scapy's own in6_getnsma."""
    return inet_ntop(socket.AF_INET6, in6_getnsma(inet_pton(socket.AF_INET6, address)))


def multicast_mac(address):
    """33:33 and the last 32 bits of an IPv6 multicast address (RFC 2464 §7), by scapy's in6_getnsmac."""
    return in6_getnsmac(inet_pton(socket.AF_INET6, address))


def nd(src_mac, dst_mac, src, dst, message, hlim=255):
    """An ND message in IPv6 in Ethernet; hop limit 255 as RFC 4861 §7.1 requires unless told otherwise."""
    return Ether(src=src_mac, dst=dst_mac) / IPv6(src=src, dst=dst, hlim=hlim) / message


def emit(out, name, frame):
    """Write one fixture: the frame's octets and the ARP/IPv6/ICMPv6/NA fields scapy reads back from them."""
    raw = bytes(frame)
    again = Ether(raw)
    fields = {"length": len(raw), "eth.dst": again.dst, "eth.src": again.src, "eth.type": again.type}
    if ARP in again:
        a = again[ARP]
        fields.update({"arp.op": a.op, "arp.hwsrc": a.hwsrc, "arp.psrc": a.psrc, "arp.hwdst": a.hwdst,
                       "arp.pdst": a.pdst})
    if IPv6 in again:
        i = again[IPv6]
        fields.update({"ipv6.src": i.src, "ipv6.dst": i.dst, "ipv6.hlim": i.hlim, "ipv6.plen": i.plen})
        icmp = i.payload
        fields.update({"icmp.type": icmp.type, "icmp.code": icmp.code, "icmp.cksum": icmp.cksum})
        if hasattr(icmp, "tgt"):
            fields["icmp.tgt"] = icmp.tgt
        if ICMPv6ND_NA in again:
            na = again[ICMPv6ND_NA]
            fields.update({"na.R": na.R, "na.S": na.S, "na.O": na.O})
    write(out, name, raw, fields)
