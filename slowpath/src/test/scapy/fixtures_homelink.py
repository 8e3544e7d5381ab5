#!/usr/bin/python3
"""Frames of the home agent's home link duties (ProxyHomeLink), built and dissected by scapy.

"out_*" fixtures are what the home agent must send, octet for octet: the unsolicited Neighbor Advertisement that
announces a registered IPv6 home address (RFC 6275 §10.4.1, RFC 4861 §7.2.6: to ff02::1, R=0 S=0 O=1, Target
Link-Layer Address option with the home agent's MAC), the gratuitous ARP for an IPv4 home address (RFC 5944 §4.6,
RFC 5227 §3: broadcast request, sender and target protocol address both the home address), the Duplicate Address
Detection probe (RFC 4862 §5.4.2: NS from :: to the solicited-node address, no option) and the proxy answers to
an ARP request and a Neighbor Solicitation for a registered home address.

"in_*" fixtures are frames from other nodes on the home link: requests for the mobile node's addresses, and the
two messages that make DAD fail (RFC 4862 §5.4.3, §5.4.4).

Run: /usr/bin/python3 fixtures_homelink.py slowpath/src/test/resources/fixtures
"""
import os
import sys

# fixturelib lives beside the common module's scripts.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../common/src/test/scapy"))

from scapy.all import ARP, Ether, IPv6, ICMPv6ND_NS, ICMPv6ND_NA  # noqa: E402
from scapy.all import ICMPv6NDOptSrcLLAddr, ICMPv6NDOptDstLLAddr  # noqa: E402
from fixturelib import out_dir  # noqa: E402
from ndlib import emit, multicast_mac, nd, solicited_node  # noqa: E402

out = out_dir("homelink")

# The home agent's home port (port 0), as in HomeLinkFixture.java.
HOME_MAC = "00:11:22:33:44:55"
HOME_LL = "fe80::211:22ff:fe33:4455"
# The away mobile node's home addresses.
MN6 = "2001:db8:a::100"
MN4 = "192.0.2.100"
# Other nodes on the home link.
HOST_MAC = "00:00:5e:00:53:50"
HOST_MAC2 = "00:00:5e:00:53:51"
HOST4 = "192.0.2.50"
HOST6 = "2001:db8:a::50"
BROADCAST = "ff:ff:ff:ff:ff:ff"
ALL_NODES = "ff02::1"
ALL_NODES_MAC = "33:33:00:00:00:01"


# ---------------------------------------------------------------- frames the home agent sends

emit(out, "out_unsolicited_na", nd(HOME_MAC, ALL_NODES_MAC, HOME_LL, ALL_NODES,
                              ICMPv6ND_NA(R=0, S=0, O=1, tgt=MN6) / ICMPv6NDOptDstLLAddr(lladdr=HOME_MAC)))
emit(out, "out_gratuitous_arp", Ether(src=HOME_MAC, dst=BROADCAST) /
     ARP(op=1, hwsrc=HOME_MAC, psrc=MN4, hwdst="00:00:00:00:00:00", pdst=MN4))
emit(out, "out_dad_ns", nd(HOME_MAC, multicast_mac(solicited_node(MN6)), "::", solicited_node(MN6),
                      ICMPv6ND_NS(tgt=MN6)))
emit(out, "out_proxy_arp_reply", Ether(src=HOME_MAC, dst=HOST_MAC) /
     ARP(op=2, hwsrc=HOME_MAC, psrc=MN4, hwdst=HOST_MAC, pdst=HOST4))
emit(out, "out_proxy_na", nd(HOME_MAC, HOST_MAC, HOME_LL, HOST6,
                        ICMPv6ND_NA(R=1, S=1, O=0, tgt=MN6) / ICMPv6NDOptDstLLAddr(lladdr=HOME_MAC)))

# ---------------------------------------------------------------- frames other nodes send

emit(out, "in_arp_request_mn", Ether(src=HOST_MAC, dst=BROADCAST) /
     ARP(op=1, hwsrc=HOST_MAC, psrc=HOST4, hwdst="00:00:00:00:00:00", pdst=MN4))
emit(out, "in_ns_mn", nd(HOST_MAC, multicast_mac(solicited_node(MN6)), HOST6, solicited_node(MN6),
                    ICMPv6ND_NS(tgt=MN6) / ICMPv6NDOptSrcLLAddr(lladdr=HOST_MAC)))
emit(out, "in_na_mn", nd(HOST_MAC2, ALL_NODES_MAC, MN6, ALL_NODES,
                    ICMPv6ND_NA(R=0, S=0, O=1, tgt=MN6) / ICMPv6NDOptDstLLAddr(lladdr=HOST_MAC2)))
emit(out, "in_ns_dad_mn", nd(HOST_MAC2, multicast_mac(solicited_node(MN6)), "::", solicited_node(MN6),
                        ICMPv6ND_NS(tgt=MN6)))
emit(out, "in_na_other", nd(HOST_MAC, ALL_NODES_MAC, HOST6, ALL_NODES,
                       ICMPv6ND_NA(R=0, S=0, O=1, tgt=HOST6) / ICMPv6NDOptDstLLAddr(lladdr=HOST_MAC)))
