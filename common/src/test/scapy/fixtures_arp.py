#!/usr/bin/python3
"""ARP for Ethernet and IPv4 (RFC 826) in Ethernet frames, built and dissected by scapy: requests, replies, a
gratuitous announcement, a frame padded to the 60-octet minimum, and the proxy reply the home agent owes a request
(RFC 826 "Packet Reception", RFC 5944 §4.6)."""
import socket
import struct

from scapy.all import ARP, Ether, Padding
from fixturelib import out_dir, write

out = out_dir("arp")

# Every address is given: scapy would otherwise fill in this machine's MAC and IPv4 address.
HA = "02:00:5e:10:00:01"
ROUTER = "52:54:00:ab:cd:ef"
MN = "52:54:00:12:34:56"
ZERO = "00:00:00:00:00:00"


def mac(text):
    return "0x" + text.replace(":", "")


def ip(text):
    return "0x%08x" % struct.unpack("!I", socket.inet_aton(text))[0]


def arp_fields(frame):
    a = frame[ARP]
    return {"arp.hwtype": a.hwtype, "arp.ptype": a.ptype, "arp.hwlen": a.hwlen, "arp.plen": a.plen, "arp.op": a.op,
            "arp.hwsrc": mac(a.hwsrc), "arp.psrc": ip(a.psrc), "arp.hwdst": mac(a.hwdst), "arp.pdst": ip(a.pdst),
            "arp.offset": len(frame) - len(a)}


request = ARP(op="who-has", hwsrc=ROUTER, psrc="192.0.2.254", hwdst=ZERO, pdst="192.0.2.77")
frames = [
    ("arp_request", Ether(dst="ff:ff:ff:ff:ff:ff", src=ROUTER) / request),
    ("arp_reply", Ether(dst=ROUTER, src=MN) / ARP(op="is-at", hwsrc=MN, psrc="192.0.2.77", hwdst=ROUTER,
                                                  pdst="192.0.2.254")),
    ("arp_gratuitous", Ether(dst="ff:ff:ff:ff:ff:ff", src=HA) / ARP(op="who-has", hwsrc=HA, psrc="192.0.2.77",
                                                                    hwdst=ZERO, pdst="192.0.2.77")),
    ("arp_padded", Ether(dst="ff:ff:ff:ff:ff:ff", src=ROUTER) / request / Padding(b"\x00" * 18)),
    # What the home agent answers for the away mobile node's home address 192.0.2.77: its own MAC.
    ("arp_proxy_reply", Ether(dst=ROUTER, src=HA) / ARP(op="is-at", hwsrc=HA, psrc="192.0.2.77", hwdst=ROUTER,
                                                        pdst="192.0.2.254")),
]
for name, pkt in frames:
    raw = bytes(pkt)
    fields = arp_fields(Ether(raw))
    fields["frame.len"] = len(raw)
    write(out, name, raw, fields)

# Address spaces the codec does not speak (UNSUPPORTED): IEEE 802 hardware, and IPv6 protocol addresses.
for name, pkt in [
    # The request with hardware type 6 (IEEE 802, same 6-octet MACs); scapy would write a MAC as text there.
    ("arp_ieee802", Ether(bytes(frames[0][1])[:14] + b"\x00\x06" + bytes(frames[0][1])[16:])),
    ("arp_ipv6", Ether(dst="ff:ff:ff:ff:ff:ff", src=ROUTER) / ARP(ptype=0x86DD, hwsrc=ROUTER, psrc="2001:db8::1",
                                                                  hwdst=ZERO, pdst="2001:db8::2")),
]:
    raw = bytes(pkt)
    a = Ether(raw)[ARP]
    write(out, name, raw, {"arp.hwtype": a.hwtype, "arp.ptype": a.ptype, "arp.hwlen": a.hwlen, "arp.plen": a.plen,
                           "arp.offset": len(raw) - len(a)})
