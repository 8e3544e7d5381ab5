#!/usr/bin/python3
"""ARP and Neighbor Discovery frames for the neighbour resolver, built and dissected by scapy.

"out_*" fixtures are the frames the resolver must send, octet for octet: ARP requests (RFC 826; broadcast for
resolution, unicast to the cached MAC for a probe, RFC 1122 §2.3.2.1) and replies, Neighbor Solicitations to the
solicited-node multicast address (RFC 4861 §7.2.2, RFC 4291 §2.7.1, RFC 2464 §7) and unicast probes (§7.3.3),
solicited Neighbor Advertisements (§7.2.4, R/S/O flags, Target Link-Layer Address option) and the answer to a
duplicate address detection probe (to all-nodes, S clear).

"in_*" fixtures are frames the resolver receives from hosts on the link, valid and invalid (RFC 4861 §7.1.1,
§7.1.2: hop limit 255, option length non-zero, no solicited advertisement to a multicast address).

Each <name>.hex is the whole frame from its Ethernet header; <name>.properties holds the fields scapy dissects.

Run: /usr/bin/python3 fixtures_neighbor.py slowpath/src/test/resources/fixtures
"""
import os
import sys

# fixturelib lives beside the common module's scripts.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../common/src/test/scapy"))

from scapy.all import ARP, Ether, ICMPv6ND_NS, ICMPv6ND_NA, ICMPv6ND_RS  # noqa: E402
from scapy.all import ICMPv6NDOptSrcLLAddr, ICMPv6NDOptDstLLAddr  # noqa: E402
from fixturelib import out_dir  # noqa: E402
from ndlib import emit, multicast_mac, nd, solicited_node  # noqa: E402

out = out_dir("neighbor")

# The home agent's home port (port 0) and access port (port 1), as in NeighborFixture.java.
HOME_MAC = "00:11:22:33:44:55"
HOME4 = "192.0.2.1"
HOME6 = "2001:db8:a::1"
HOME_LL = "fe80::211:22ff:fe33:4455"
ACCESS_MAC = "00:11:22:33:44:66"
ACCESS_LL = "fe80::211:22ff:fe33:4466"
# Hosts and routers on those links.
HOST_MAC = "00:00:5e:00:53:50"
HOST_MAC2 = "00:00:5e:00:53:51"
HOST4 = "192.0.2.50"
HOST6 = "2001:db8:a::50"
ROUTER_MAC = "00:00:5e:00:53:01"
ROUTER_LL = "fe80::1"
BROADCAST = "ff:ff:ff:ff:ff:ff"


# ---------------------------------------------------------------- frames the resolver sends

emit(out, "out_arp_request", Ether(src=HOME_MAC, dst=BROADCAST) /
     ARP(op=1, hwsrc=HOME_MAC, psrc=HOME4, hwdst="00:00:00:00:00:00", pdst=HOST4))
emit(out, "out_arp_probe", Ether(src=HOME_MAC, dst=HOST_MAC) /
     ARP(op=1, hwsrc=HOME_MAC, psrc=HOME4, hwdst="00:00:00:00:00:00", pdst=HOST4))
emit(out, "out_arp_reply", Ether(src=HOME_MAC, dst=HOST_MAC) /
     ARP(op=2, hwsrc=HOME_MAC, psrc=HOME4, hwdst=HOST_MAC, pdst=HOST4))
emit(out, "out_ns_multicast", nd(HOME_MAC, multicast_mac(solicited_node(HOST6)), HOME6, solicited_node(HOST6),
                            ICMPv6ND_NS(tgt=HOST6) / ICMPv6NDOptSrcLLAddr(lladdr=HOME_MAC)))
emit(out, "out_ns_link_local", nd(ACCESS_MAC, multicast_mac(solicited_node(ROUTER_LL)), ACCESS_LL,
                             solicited_node(ROUTER_LL),
                             ICMPv6ND_NS(tgt=ROUTER_LL) / ICMPv6NDOptSrcLLAddr(lladdr=ACCESS_MAC)))
emit(out, "out_ns_probe", nd(HOME_MAC, HOST_MAC, HOME6, HOST6,
                        ICMPv6ND_NS(tgt=HOST6) / ICMPv6NDOptSrcLLAddr(lladdr=HOME_MAC)))
emit(out, "out_na_solicited", nd(HOME_MAC, HOST_MAC, HOME6, HOST6,
                            ICMPv6ND_NA(R=1, S=1, O=1, tgt=HOME6) / ICMPv6NDOptDstLLAddr(lladdr=HOME_MAC)))
emit(out, "out_na_dad", nd(HOME_MAC, "33:33:00:00:00:01", HOME6, "ff02::1",
                      ICMPv6ND_NA(R=1, S=0, O=1, tgt=HOME6) / ICMPv6NDOptDstLLAddr(lladdr=HOME_MAC)))

# ---------------------------------------------------------------- frames the resolver receives

emit(out, "in_arp_request", Ether(src=HOST_MAC, dst=BROADCAST) /
     ARP(op=1, hwsrc=HOST_MAC, psrc=HOST4, hwdst="00:00:00:00:00:00", pdst=HOME4))
emit(out, "in_arp_request_other", Ether(src=HOST_MAC, dst=BROADCAST) /
     ARP(op=1, hwsrc=HOST_MAC, psrc=HOST4, hwdst="00:00:00:00:00:00", pdst="192.0.2.99"))
emit(out, "in_arp_reply", Ether(src=HOST_MAC, dst=HOME_MAC) /
     ARP(op=2, hwsrc=HOST_MAC, psrc=HOST4, hwdst=HOME_MAC, pdst=HOME4))
emit(out, "in_arp_reply_moved", Ether(src=HOST_MAC2, dst=HOME_MAC) /
     ARP(op=2, hwsrc=HOST_MAC2, psrc=HOST4, hwdst=HOME_MAC, pdst=HOME4))
emit(out, "in_arp_bad_op", Ether(src=HOST_MAC, dst=BROADCAST) /
     ARP(op=3, hwsrc=HOST_MAC, psrc=HOST4, hwdst="00:00:00:00:00:00", pdst=HOME4))
emit(out, "in_ns", nd(HOST_MAC, multicast_mac(solicited_node(HOME6)), HOST6, solicited_node(HOME6),
                 ICMPv6ND_NS(tgt=HOME6) / ICMPv6NDOptSrcLLAddr(lladdr=HOST_MAC)))
emit(out, "in_ns_dad", nd(HOST_MAC, multicast_mac(solicited_node(HOME6)), "::", solicited_node(HOME6),
                     ICMPv6ND_NS(tgt=HOME6)))
emit(out, "in_ns_not_ours", nd(HOST_MAC, multicast_mac(solicited_node("2001:db8:a::99")), HOST6,
                          solicited_node("2001:db8:a::99"),
                          ICMPv6ND_NS(tgt="2001:db8:a::99") / ICMPv6NDOptSrcLLAddr(lladdr=HOST_MAC)))
emit(out, "in_ns_hop_limit_64", nd(HOST_MAC, multicast_mac(solicited_node(HOME6)), HOST6, solicited_node(HOME6),
                              ICMPv6ND_NS(tgt=HOME6) / ICMPv6NDOptSrcLLAddr(lladdr=HOST_MAC), hlim=64))
emit(out, "in_ns_zero_option", nd(HOST_MAC, multicast_mac(solicited_node(HOME6)), HOST6, solicited_node(HOME6),
                             ICMPv6ND_NS(tgt=HOME6) / ICMPv6NDOptSrcLLAddr(len=0, lladdr=HOST_MAC)))
emit(out, "in_na_solicited", nd(HOST_MAC, HOME_MAC, HOST6, HOME6,
                           ICMPv6ND_NA(R=0, S=1, O=1, tgt=HOST6) / ICMPv6NDOptDstLLAddr(lladdr=HOST_MAC)))
emit(out, "in_na_router", nd(ROUTER_MAC, ACCESS_MAC, ROUTER_LL, ACCESS_LL,
                        ICMPv6ND_NA(R=1, S=1, O=1, tgt=ROUTER_LL) / ICMPv6NDOptDstLLAddr(lladdr=ROUTER_MAC)))
emit(out, "in_na_no_option", nd(HOST_MAC, HOME_MAC, HOST6, HOME6, ICMPv6ND_NA(R=0, S=1, O=1, tgt=HOST6)))
emit(out, "in_na_unsolicited_override", nd(HOST_MAC2, "33:33:00:00:00:01", HOST6, "ff02::1",
                                      ICMPv6ND_NA(R=0, S=0, O=1, tgt=HOST6) /
                                      ICMPv6NDOptDstLLAddr(lladdr=HOST_MAC2)))
emit(out, "in_na_no_override", nd(HOST_MAC2, HOME_MAC, HOST6, HOME6,
                             ICMPv6ND_NA(R=0, S=1, O=0, tgt=HOST6) / ICMPv6NDOptDstLLAddr(lladdr=HOST_MAC2)))
emit(out, "in_na_multicast_solicited", nd(HOST_MAC, "33:33:00:00:00:01", HOST6, "ff02::1",
                                     ICMPv6ND_NA(R=0, S=1, O=1, tgt=HOST6) / ICMPv6NDOptDstLLAddr(lladdr=HOST_MAC)))
emit(out, "in_rs", nd(HOST_MAC, "33:33:00:00:00:02", HOST6, "ff02::2", ICMPv6ND_RS()))
