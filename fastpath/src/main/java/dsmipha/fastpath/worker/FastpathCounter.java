package dsmipha.fastpath.worker;

import dsmipha.common.counters.CounterDescriptor;
import dsmipha.common.counters.CounterDescriptors;
import dsmipha.common.counters.CounterInfo;

/**
 * Every outcome of a fastpath worker: what it received and sent, each reason to punt a packet to the slowpath and
 * each reason to drop one. Ids are stable (1000-1999, see {@link CounterDescriptor}); each worker has its own slots.
 */
public enum FastpathCounter implements CounterDescriptor
{
    /** Packets received from all served queues. */
    RX_PACKETS(1000, "rx-packets", "packets received from the served port queues"),
    /** Octets received. */
    RX_BYTES(1001, "rx-bytes", "octets received from the served port queues"),
    /** Packets the ports accepted for transmission. */
    TX_PACKETS(1002, "tx-packets", "packets handed to a port queue for transmission"),
    /** Octets the ports accepted for transmission. */
    TX_BYTES(1003, "tx-bytes", "octets handed to a port queue for transmission"),
    /** Duty cycles that received at least one packet. */
    BURSTS(1004, "rx-bursts", "duty cycles that received at least one packet"),

    /** IPv4 packets routed (TTL decremented, checksum patched), tunnelled or not. */
    FORWARD_IPV4(1010, "forward-ipv4", "IPv4 packets routed by the home agent (TTL decremented)"),
    /** IPv6 packets routed (hop limit decremented), tunnelled or not. */
    FORWARD_IPV6(1011, "forward-ipv6", "IPv6 packets routed by the home agent (hop limit decremented)"),
    /** Packets for a home address or mobile network prefix, handed to encapsulation (RFC 6275 §10.4.1). */
    DOWNLINK_TO_BINDING(1012, "downlink-to-binding", "packets whose destination has a binding (tunnelled)"),
    /** Packets whose destination has no binding: routed natively. */
    ROUTED_NATIVELY(1013, "routed-natively", "packets whose destination has no binding (routed as they are)"),
    /** Tunnelled packets addressed to the home agent, handed to decapsulation (RFC 6275 §10.4.5). */
    UPLINK_TUNNEL(1014, "uplink-tunnel", "tunnelled packets to the home agent handed to decapsulation"),
    /** Downlink packets whose binding was found through a prefix (NEMO, RFC 3963; IPv4 home prefix, RFC 5555). */
    DOWNLINK_PREFIX(1016, "downlink-prefix", "downlink packets matched by a prefix binding"),
    /** Packets the slowpath asked the workers to transmit (Binding Acks, ARP, ND...). */
    SLOWPATH_TX(1015, "slowpath-tx", "packets transmitted for the slowpath"),

    /** Mobility Header messages (BU, HoTI, ...): RFC 6275 §6.1, the slowpath's. */
    PUNT_MOBILITY_HEADER(1020, "punt-mobility-header", "IPv6 Mobility Header (next header 135) punted to slowpath"),
    /** Mobile IPv4 registration messages on UDP 434 (RFC 5944 §3.3, RFC 5454). */
    PUNT_MIP4_REGISTRATION(1021, "punt-mip4-registration", "UDP port 434 Mobile IPv4 registration punted"),
    /**
     * IPv4/UDP 4191 to the home agent carrying a Mobility Header to the home agent: DSMIPv6 signaling behind a NAT
     * (RFC 5555 §4.1). Other UDP 4191 traffic is decapsulated; a keepalive ends there (decap-nat-keepalive).
     */
    PUNT_DSMIP6_UDP(1022, "punt-dsmip6-udp", "UDP port 4191 (RFC 5555 NAT traversal) punted"),
    /** ICMPv6 for mobility: DHAAD request 144, Mobile Prefix Solicitation 146 (RFC 6275 §6.5, §6.7). */
    PUNT_ICMPV6_MOBILITY(1023, "punt-icmpv6-mobility", "ICMPv6 DHAAD request / mobile prefix solicitation punted"),
    /** ICMPv6 neighbor discovery (RFC 4861): proxy ND for home addresses is the slowpath's (RFC 6275 §10.4.1). */
    PUNT_NEIGHBOR_DISCOVERY(1024, "punt-neighbor-discovery", "ICMPv6 router/neighbor discovery punted"),
    /** ARP (RFC 826): proxy ARP for IPv4 home addresses is the slowpath's (RFC 5555 §4.3). */
    PUNT_ARP(1025, "punt-arp", "ARP punted to slowpath"),
    /** IKEv2 (UDP 500) and ESP-in-UDP/IKE NAT traversal (UDP 4500) to the home agent (RFC 7296 §2, RFC 3948). */
    PUNT_IKE(1026, "punt-ike", "UDP 500/4500 to the home agent punted"),
    /**
     * Anything else addressed to the home agent itself (ICMP echo, management): the host's. Also an inner packet to
     * the home agent that arrived through a mobile node's tunnel (decap-to-home-agent), punted whole.
     */
    PUNT_HOST_BOUND(1027, "punt-host-bound", "other traffic to the home agent's own addresses punted"),
    /** Next hop not yet in the neighbour table: the packet goes to the resolver (VPP's glean). */
    PUNT_NEIGHBOR_MISS(1028, "punt-neighbor-miss", "next hop unknown: packet punted to the resolver"),

    /** Frame too short for Ethernet, or too many VLAN tags. */
    DROP_MALFORMED_ETHERNET(1100, "drop-malformed-ethernet", "frame shorter than its Ethernet/VLAN headers"),
    /** EtherType the home agent does not handle. */
    DROP_UNSUPPORTED_ETHERTYPE(1101, "drop-unsupported-ethertype", "EtherType other than IPv4, IPv6, ARP"),
    /** IPv4 header malformed (version, IHL, total length, options). */
    DROP_MALFORMED_IPV4(1102, "drop-malformed-ipv4", "IPv4 header malformed"),
    /** IPv4 header checksum wrong (RFC 791 §3.1). */
    DROP_IPV4_BAD_CHECKSUM(1103, "drop-ipv4-bad-checksum", "IPv4 header checksum does not verify"),
    /** IPv6 header or extension header chain malformed (RFC 8200 §4). */
    DROP_MALFORMED_IPV6(1104, "drop-malformed-ipv6", "IPv6 header or extension header chain malformed"),
    /** IPv4 TTL would reach zero (RFC 791 §3.2; the ICMP error is the slowpath's, rate limited). */
    DROP_TTL_EXPIRED(1105, "drop-ttl-expired", "IPv4 TTL expired in transit"),
    /** IPv6 hop limit would reach zero (RFC 8200 §3). */
    DROP_HOP_LIMIT_EXPIRED(1106, "drop-hop-limit-expired", "IPv6 hop limit expired in transit"),
    /** UDP header malformed where the classifier needs the ports. */
    DROP_MALFORMED_UDP(1107, "drop-malformed-udp", "UDP header malformed"),
    /** The punt ring to the slowpath was full: the slowpath is behind (signaling storm). */
    DROP_PUNT_RING_FULL(1108, "drop-punt-ring-full", "punt ring to slowpath full"),
    /** The output port queue did not accept the packet (TX ring full). */
    DROP_TX_FULL(1109, "drop-tx-full", "output port queue full"),
    /** ICMP or ICMPv6 message malformed where the classifier needs its type. */
    DROP_MALFORMED_ICMP(1110, "drop-malformed-icmp", "ICMP/ICMPv6 header malformed"),
    /**
     * Destination a router must not forward: multicast, broadcast, loopback, unspecified, IPv6 link-local
     * (RFC 1812 §5.3.7, RFC 4291 §2.5.6, §2.7).
     */
    DROP_NOT_FORWARDABLE(1111, "drop-not-forwardable", "multicast/broadcast/link-local/loopback destination"),
    /** The binding for the destination kept changing during the lookup: dropped rather than routed natively. */
    DROP_BINDING_BUSY(1112, "drop-binding-busy", "binding entry busy (being rewritten) at lookup"),
    /** Punted for neighbour resolution too often: the resolver's share of the punt path is used up. */
    DROP_NEIGHBOR_MISS_LIMIT(1113, "drop-neighbor-miss-limit", "next hop unknown and glean punts over limit"),
    /** Encapsulation refused the packet (no headroom, bad template, too long: see the encap counters). */
    DROP_ENCAP_FAILED(1115, "drop-encap-failed", "encapsulation refused the packet");

    static
    {
        CounterDescriptors.requireUnique(values());
    }

    private final CounterInfo info;

    FastpathCounter(final int id, final String label, final String description)
    {
        this.info = new CounterInfo(id, label, description);
    }

    @Override
    public CounterInfo info()
    {
        return info;
    }
}
