#!/usr/bin/python3
"""Ethernet II frames (RFC 894) with IEEE 802.1Q C-tags and 802.1ad S-tags (QinQ), built and dissected by scapy."""
from scapy.all import ARP, Dot1AD, Dot1Q, Dot3, Ether, ICMP, IP, IPv6, LLC, Raw, STP, UDP
from fixturelib import out_dir, write

# Every address is given: scapy would otherwise fill in this machine's MAC and routes.

out = out_dir("eth")

TAGS = (Dot1Q, Dot1AD)


def mac(text):
    return "0x" + text.replace(":", "")


def eth_fields(frame):
    fields = {"eth.dst": mac(frame.dst), "eth.src": mac(frame.src), "eth.outer_type": frame.type}
    layer = frame.payload
    tpid = frame.type
    count = 0
    while isinstance(layer, TAGS):
        prefix = "vlan.%d." % count
        fields[prefix + "tpid"] = tpid
        fields[prefix + "prio"] = layer.prio
        fields[prefix + "dei"] = layer.id
        fields[prefix + "vid"] = layer.vlan
        fields[prefix + "tci"] = layer.prio << 13 | layer.id << 12 | layer.vlan
        last = layer
        tpid = layer.type
        layer = layer.payload
        count += 1
    fields["vlan.count"] = count
    fields["eth.type"] = last.type if count else frame.type
    fields["eth.header_len"] = len(frame) - len(layer)
    return fields


HA = "02:00:5e:10:00:01"
MN = "52:54:00:12:34:56"
inner4 = IP(src="192.0.2.1", dst="198.51.100.7", id=9) / UDP(sport=434, dport=434) / Raw(b"ha")
inner6 = IPv6(src="2001:db8::1", dst="2001:db8:1::2") / UDP(sport=4191, dport=4191) / Raw(b"x" * 7)

frames = [
    ("eth_ipv4", Ether(dst=HA, src=MN) / inner4),
    ("eth_ipv4_vlan7", Ether(dst=HA, src=MN) / Dot1Q(vlan=7, prio=3) / inner4),
    ("eth_ipv6_vlan", Ether(dst="33:33:00:00:00:01", src=HA) / Dot1Q(vlan=4094, prio=7, id=1) / inner6),
    ("eth_arp_broadcast", Ether(dst="ff:ff:ff:ff:ff:ff", src=MN) / ARP(hwsrc=MN, psrc="192.0.2.1", pdst="192.0.2.77")),
    ("eth_qinq", Ether(dst=HA, src=MN) / Dot1AD(vlan=300, prio=2) / Dot1Q(vlan=42, prio=5) / inner4),
    ("eth_double_c_tag", Ether(dst=HA, src=MN) / Dot1Q(vlan=1000) / Dot1Q(vlan=1, id=1) / inner6),
    ("eth_priority_tag", Ether(dst=HA, src=MN) / Dot1Q(vlan=0, prio=6) / IP(src="192.0.2.2", dst="192.0.2.9") / ICMP()),
]
for name, pkt in frames:
    raw = bytes(pkt)
    write(out, name, raw, eth_fields(Ether(raw)))

# Frames the codec refuses; scapy still reports the outer fields.
refused = [
    ("eth_three_tags", Ether(dst=HA, src=MN) / Dot1AD(vlan=1) / Dot1Q(vlan=2) / Dot1Q(vlan=3) / inner4),
    ("eth_s_tag_inside", Ether(dst=HA, src=MN) / Dot1Q(vlan=2) / Dot1AD(vlan=1) / inner4),
    ("eth_llc", Dot3(dst="01:80:c2:00:00:00", src=MN) / LLC() / STP()),
]
for name, pkt in refused:
    raw = bytes(pkt)
    frame = Ether(raw)  # scapy dispatches a length field to its Dot3 class
    type_or_length = frame.len if isinstance(frame, Dot3) else frame.type
    write(out, name, raw, {"eth.dst": mac(frame.dst), "eth.src": mac(frame.src), "eth.outer_type": type_or_length})
