package dsmipha.perf.emulator;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.EthernetHeader;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.common.codec.UdpHeader;

/**
 * A mobile node's uplink: a packet from its home address (or its mobile network) to the correspondent, reverse
 * tunnelled from its care-of address to the home agent (RFC 6275 §11.3.1, RFC 5555 §4.1-4.2, RFC 3963 §5.6), as
 * the home agent's access port receives it from the access router.
 * <pre>
 *   IPv6 CoA:   Ethernet / IPv6 (CoA → HA, nh 41 | 4)                        / inner
 *   IPv4 CoA:   Ethernet / IPv4 (CoA4 → HA4, proto 41 | 4)                   / inner
 *   UDP:        Ethernet / IPv4 (CoA4 or NAT → HA4, 17) / UDP (sport → 4191) / inner   (RFC 5555 §4.1)
 *   inner:      IPv6 (home → host) / UDP (40000 → 9) / PayloadTag     or   IPv4 (home4 → host4) / UDP / PayloadTag
 * </pre>
 * The UDP checksum of the outer UDP header is zero (RFC 5555 §4.1 follows RFC 6935's allowance for tunnels); the
 * inner IPv6 UDP checksum is computed (RFC 8200 §8.1). A NAT keepalive is a UDP 4191 datagram carrying only an
 * IPv6 header from the home address to the home agent with next header 59 (No Next Header): it refreshes the NAT
 * mapping without carrying data. RFC 5555 §4.2 prescribes no keepalive packet of its own: "NAT bindings can be
 * refreshed through sending and receiving traffic encapsulated in UDP. However, if the mobile node is not active,
 * it will need to periodically send a message to the home agent in order to refresh the NAT binding. This can be
 * done using the binding update message." The emulated node does both: this empty tunnelled packet between its
 * Binding Update refreshes (which are the RFC's reliable way, answered by an Ack). The home agent consumes the
 * keepalive after the reverse-tunnel checks (decap-nat-keepalive). Reusable; no allocation per frame.
 */
public final class TunnelFrames
{
    /** IPv6 next header / IPv4 protocol for an IPv6 payload (RFC 2473, RFC 4213). */
    public static final int PROTOCOL_IPV6 = 41;
    /** IPv6 next header / IPv4 protocol for an IPv4 payload (RFC 2473, RFC 2003). */
    public static final int PROTOCOL_IPV4 = 4;
    /** IPv6 No Next Header (RFC 8200 §4.7). */
    public static final int NO_NEXT_HEADER = 59;
    /** Hop limit and TTL of the packets. */
    public static final int HOP_LIMIT = 64;

    private final EmulatedNetwork network;
    private final EthernetHeader ethernet = new EthernetHeader();
    private final Ipv6Header outer6 = new Ipv6Header();
    private final Ipv4Header outer4 = new Ipv4Header();
    private final UdpHeader outerUdp = new UdpHeader();
    private final Ipv6Header inner6 = new Ipv6Header();
    private final Ipv4Header inner4 = new Ipv4Header();
    private final UdpHeader innerUdp = new UdpHeader();
    private int identification;

    /**
     * @param network the network the nodes are in.
     */
    public TunnelFrames(final EmulatedNetwork network)
    {
        this.network = network;
    }

    /**
     * An IPv6 packet from the node (from its home address, or from {@code sourceHigh/Low} in its mobile network),
     * reverse tunnelled the way its current attachment says.
     *
     * @param frame      to write into.
     * @param offset     where the Ethernet header starts.
     * @param node       the sender.
     * @param sourceHigh inner source octets 0..7.
     * @param sourceLow  octets 8..15.
     * @param sequence   packet sequence for the tag.
     * @return the frame length.
     */
    public int writeIpv6Uplink(
        final MemorySegment frame,
        final long offset,
        final EmulatedMobileNode node,
        final long sourceHigh,
        final long sourceLow,
        final int sequence)
    {
        final long inner = writeOuter(frame, offset, node, PROTOCOL_IPV6, Ipv6Header.LENGTH + UdpHeader.LENGTH +
            PayloadTag.LENGTH);
        final int udpLength = UdpHeader.LENGTH + PayloadTag.LENGTH;
        inner6.wrapForEncode(frame, inner).versionTrafficClassFlowLabel(0, 0).payloadLength(udpLength)
            .nextHeader(UdpHeader.PROTOCOL).hopLimit(HOP_LIMIT).source(sourceHigh, sourceLow)
            .destination(network.homePrefixHigh(), network.hostLow());
        innerUdp.wrapForEncode(frame, inner + Ipv6Header.LENGTH).sourcePort(CorrespondentFrames.SOURCE_PORT)
            .destinationPort(CorrespondentFrames.DESTINATION_PORT).length(udpLength).checksum(0);
        PayloadTag.write(frame, inner + Ipv6Header.LENGTH + UdpHeader.LENGTH, node.index, node.epoch, sequence);
        innerUdp.checksum(innerUdp.computeChecksumIpv6(inner6.sourceOffset(), inner6.destinationOffset()));
        return (int)(inner + Ipv6Header.LENGTH + udpLength - offset);
    }

    /**
     * An IPv4 packet from the node's IPv4 home address, reverse tunnelled the way its attachment says.
     *
     * @param frame    to write into.
     * @param offset   where the Ethernet header starts.
     * @param node     the sender (with an IPv4 home address).
     * @param sequence packet sequence for the tag.
     * @return the frame length.
     */
    public int writeIpv4Uplink(
        final MemorySegment frame, final long offset, final EmulatedMobileNode node, final int sequence)
    {
        final int totalLength = Ipv4Header.LENGTH + UdpHeader.LENGTH + PayloadTag.LENGTH;
        final long inner = writeOuter(frame, offset, node, PROTOCOL_IPV4, totalLength);
        inner4.wrapForEncode(frame, inner).writeHeader(totalLength, identification++ & 0xFFFF, HOP_LIMIT,
            Ipv4Header.PROTOCOL_UDP, node.ipv4Home, network.hostIpv4()).updateChecksum();
        innerUdp.wrapForEncode(frame, inner + Ipv4Header.LENGTH).sourcePort(CorrespondentFrames.SOURCE_PORT)
            .destinationPort(CorrespondentFrames.DESTINATION_PORT).length(UdpHeader.LENGTH + PayloadTag.LENGTH)
            .checksum(0);
        PayloadTag.write(frame, inner + Ipv4Header.LENGTH + UdpHeader.LENGTH, node.index, node.epoch, sequence);
        return (int)(inner + totalLength - offset);
    }

    /**
     * A NAT keepalive from a node that uses UDP encapsulation (RFC 5555 §4.2: traffic in the UDP tunnel refreshes
     * the NAT binding): UDP 4191 from the NAT mapping, carrying an IPv6 header (home address → home agent, No Next
     * Header, RFC 8200 §4.7) and nothing else.
     * <pre>
     *  Ethernet / IPv4 (CoA4 or NAT → HA4, 17) / UDP (sport → 4191, length 48) / IPv6 (home → HA, nh 59, plen 0)
     * </pre>
     *
     * @param frame  to write into.
     * @param offset where the Ethernet header starts.
     * @param node   the sender.
     * @return the frame length.
     */
    public int writeKeepalive(final MemorySegment frame, final long offset, final EmulatedMobileNode node)
    {
        final long inner = writeOuter(frame, offset, node, PROTOCOL_IPV6, Ipv6Header.LENGTH);
        inner6.wrapForEncode(frame, inner).versionTrafficClassFlowLabel(0, 0).payloadLength(0)
            .nextHeader(NO_NEXT_HEADER).hopLimit(HOP_LIMIT).source(node.homeHigh, node.homeLow)
            .destination(network.homeAgentHigh(), network.homeAgentLow());
        return (int)(inner + Ipv6Header.LENGTH - offset);
    }

    /**
     * @return where the inner packet starts.
     */
    private long writeOuter(
        final MemorySegment frame,
        final long offset,
        final EmulatedMobileNode node,
        final int innerProtocol,
        final int innerLength)
    {
        final boolean ipv6 = node.careOfKind == EmulatedMobileNode.CARE_OF_IPV6;
        ethernet.wrapForEncode(frame, offset).destinationMac(network.accessMac()).sourceMac(network.gatewayMac())
            .etherType(ipv6 ? EthernetHeader.ETHERTYPE_IPV6 : EthernetHeader.ETHERTYPE_IPV4);
        final long ip = offset + EthernetHeader.LENGTH;
        if (ipv6)
        {
            // RFC 2473 §3: the tunnel entry point (the care-of address) is the outer source.
            outer6.wrapForEncode(frame, ip).versionTrafficClassFlowLabel(0, 0).payloadLength(innerLength)
                .nextHeader(innerProtocol).hopLimit(HOP_LIMIT).source(node.careOfHigh, node.careOfLow)
                .destination(network.homeAgentHigh(), network.homeAgentLow());
            return ip + Ipv6Header.LENGTH;
        }
        final boolean udp = node.usesUdp();
        final int udpLength = udp ? UdpHeader.LENGTH : 0;
        outer4.wrapForEncode(frame, ip).writeHeader(Ipv4Header.LENGTH + udpLength + innerLength,
            identification++ & 0xFFFF, HOP_LIMIT, udp ? Ipv4Header.PROTOCOL_UDP : innerProtocol,
            node.outerIpv4Source(), network.homeAgentIpv4()).updateChecksum();
        if (udp)
        {
            // RFC 5555 §4.1: from the (NAT-mapped) port the Binding Update came from, to 4191.
            outerUdp.wrapForEncode(frame, ip + Ipv4Header.LENGTH).sourcePort(node.udpSourcePort())
                .destinationPort(BindingUpdateFrames.DSMIPV6_PORT).length(UdpHeader.LENGTH + innerLength)
                .checksum(0);
        }
        return ip + Ipv4Header.LENGTH + udpLength;
    }
}
