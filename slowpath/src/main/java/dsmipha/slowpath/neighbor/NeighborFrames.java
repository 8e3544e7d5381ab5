package dsmipha.slowpath.neighbor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.ArpPacket;
import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.EthernetHeader;
import dsmipha.common.codec.Icmpv6Header;
import dsmipha.common.codec.Ipv6Header;

/**
 * Builds the frames the resolver sends, each from its Ethernet header, into one reused buffer:
 * <pre>
 *  ARP (42 octets, RFC 826):      | Ethernet 14, type 0x0806 | ARP 28 |
 *  NS/NA (86 octets, RFC 4861):   | Ethernet 14, type 0x86DD | IPv6 40, next header 58, hop limit 255 |
 *                                 | ICMPv6 135/136: type, code 0, checksum, flags/reserved (8) | target (16) |
 *                                 | link-layer address option: type 1 (source) or 2 (target), length 1, MAC (8) |
 *  DAD NS (78 octets, RFC 4862 §5.4.2): as NS, source ::, to the solicited-node address, no option
 * </pre>
 * ARP frames are not padded to the 60-octet Ethernet minimum: the port pads on transmit (IEEE 802.3 §4.2.3.3).
 * Not thread safe: the signaling thread's.
 */
public final class NeighborFrames
{
    /** Length of an ARP frame. */
    public static final int ARP_FRAME_LENGTH = EthernetHeader.LENGTH + ArpPacket.LENGTH;
    /** Length of an NS or NA frame with one link-layer address option. */
    public static final int ND_FRAME_LENGTH = EthernetHeader.LENGTH + Ipv6Header.LENGTH +
        Icmpv6Header.NEIGHBOR_OPTIONS_OFFSET + Icmpv6Header.LINK_LAYER_OPTION_LENGTH;
    /** Length of a Duplicate Address Detection NS: no Source Link-Layer Address option (RFC 4862 §5.4.2). */
    public static final int DAD_FRAME_LENGTH = ND_FRAME_LENGTH - Icmpv6Header.LINK_LAYER_OPTION_LENGTH;
    /** Hop limit of every Neighbor Discovery message (RFC 4861 §7.1: 255 proves it was not forwarded). */
    public static final int ND_HOP_LIMIT = 255;
    /** High 64 bits of the all-nodes multicast address ff02::1 (RFC 4291 §2.7.1). */
    public static final long ALL_NODES_HIGH = 0xFF02_0000_0000_0000L;
    /** Low 64 bits of ff02::1. */
    public static final long ALL_NODES_LOW = 1L;

    private static final int ICMP_LENGTH = ND_FRAME_LENGTH - EthernetHeader.LENGTH - Ipv6Header.LENGTH;
    private static final int NO_OPTION = -1;
    private static final long SOLICITED_NODE_LOW_PREFIX = 0x0000_0001_FF00_0000L;
    private static final long IPV6_MULTICAST_MAC_PREFIX = 0x3333_0000_0000L;

    private final MemorySegment frame = Arena.ofAuto().allocate(128, 8);
    private final ArpPacket arp = new ArpPacket();
    private final Ipv6Header ipv6 = new Ipv6Header();
    private final Icmpv6Header icmp = new Icmpv6Header();

    /**
     * @return the buffer every frame is built in, from offset 0.
     */
    public MemorySegment frame()
    {
        return frame;
    }

    /**
     * @param targetLow low 64 bits of a unicast address.
     * @return low 64 bits of its solicited-node multicast address ff02::1:ffXX:XXXX (RFC 4291 §2.7.1); the high 64
     *         bits are {@link #ALL_NODES_HIGH}.
     */
    public static long solicitedNodeLow(final long targetLow)
    {
        return SOLICITED_NODE_LOW_PREFIX | (targetLow & 0xFF_FFFFL);
    }

    /**
     * @param low low 64 bits of an IPv6 multicast address.
     * @return its Ethernet multicast MAC 33:33 followed by the address's last 32 bits (RFC 2464 §7).
     */
    public static long multicastMac(final long low)
    {
        return IPV6_MULTICAST_MAC_PREFIX | (low & 0xFFFF_FFFFL);
    }

    /**
     * Build an ARP request (RFC 826).
     *
     * @param destinationMac broadcast for resolution, the neighbour's MAC for a unicast probe (RFC 1122 §2.3.2.1).
     * @param sourceMac      our port's MAC, in both the Ethernet header and ar$sha.
     * @param senderIp       our port's IPv4 address.
     * @param targetIp       the address to resolve.
     * @return the frame length.
     */
    public int arpRequest(final long destinationMac, final long sourceMac, final int senderIp, final int targetIp)
    {
        ethernet(destinationMac, sourceMac, EthernetHeader.ETHERTYPE_ARP);
        arp.wrapForEncode(frame, EthernetHeader.LENGTH).encodeRequest(sourceMac, senderIp, targetIp);
        return ARP_FRAME_LENGTH;
    }

    /**
     * Build an ARP reply (RFC 826 "Packet Reception": sender fields ours, target fields the requester's).
     *
     * @param sourceMac our port's MAC.
     * @param senderIp  the address asked for (ours or proxied).
     * @param targetMac the requester's MAC, also the Ethernet destination.
     * @param targetIp  the requester's IPv4 address.
     * @return the frame length.
     */
    public int arpReply(final long sourceMac, final int senderIp, final long targetMac, final int targetIp)
    {
        ethernet(targetMac, sourceMac, EthernetHeader.ETHERTYPE_ARP);
        arp.wrapForEncode(frame, EthernetHeader.LENGTH).encodeReply(sourceMac, senderIp, targetMac, targetIp);
        return ARP_FRAME_LENGTH;
    }

    /**
     * Build a gratuitous ARP announcement in the request form (RFC 5944 §4.6, RFC 5227 §3): broadcast, sender and
     * target protocol addresses both the address announced, sender hardware address the MAC that should now
     * receive its packets, target hardware address zero (unused in a request).
     *
     * @param sourceMac the MAC to bind the address to (the home agent's port), Ethernet source and ar$sha.
     * @param address   the IPv4 address announced.
     * @return the frame length.
     */
    public int gratuitousArp(final long sourceMac, final int address)
    {
        return arpRequest(EthernetHeader.BROADCAST_MAC, sourceMac, address, address);
    }

    /**
     * Build a Duplicate Address Detection probe (RFC 4862 §5.4.2, RFC 4861 §7.2.2): a Neighbor Solicitation from
     * the unspecified address to the target's solicited-node multicast address, without a Source Link-Layer
     * Address option (RFC 4861 §4.3: it MUST NOT be included when the source is unspecified).
     *
     * @param sourceMac  our port's MAC (Ethernet source only).
     * @param targetHigh the tentative address, octets 0..7.
     * @param targetLow  octets 8..15.
     * @return the frame length, {@link #DAD_FRAME_LENGTH}.
     */
    public int dadSolicitation(final long sourceMac, final long targetHigh, final long targetLow)
    {
        final long destinationLow = solicitedNodeLow(targetLow);
        return neighborMessage(multicastMac(destinationLow), sourceMac, 0L, 0L, ALL_NODES_HIGH, destinationLow,
            Icmpv6Header.TYPE_NEIGHBOR_SOLICITATION, 0, targetHigh, targetLow, NO_OPTION);
    }

    /**
     * Build a Neighbor Solicitation with a Source Link-Layer Address option (RFC 4861 §4.3, §7.2.2).
     *
     * @param destinationMac   the multicast MAC of the solicited-node address, or the neighbour's MAC for a probe.
     * @param sourceMac        our port's MAC (Ethernet source and the option).
     * @param sourceHigh       our address on the port, octets 0..7.
     * @param sourceLow        octets 8..15.
     * @param destinationHigh  the solicited-node address, or the target for a unicast probe.
     * @param destinationLow   octets 8..15.
     * @param targetHigh       the address to resolve.
     * @param targetLow        octets 8..15.
     * @return the frame length.
     */
    public int neighborSolicitation(
        final long destinationMac,
        final long sourceMac,
        final long sourceHigh,
        final long sourceLow,
        final long destinationHigh,
        final long destinationLow,
        final long targetHigh,
        final long targetLow)
    {
        return neighborMessage(destinationMac, sourceMac, sourceHigh, sourceLow, destinationHigh, destinationLow,
            Icmpv6Header.TYPE_NEIGHBOR_SOLICITATION, 0, targetHigh, targetLow,
            Icmpv6Header.OPTION_SOURCE_LINK_LAYER_ADDRESS);
    }

    /**
     * Build a Neighbor Advertisement with a Target Link-Layer Address option (RFC 4861 §4.4, §7.2.4).
     *
     * @param destinationMac  the soliciting node's MAC, or 33:33:00:00:00:01 for all-nodes.
     * @param sourceMac       our port's MAC (Ethernet source and the option).
     * @param sourceHigh      our address, octets 0..7.
     * @param sourceLow       octets 8..15.
     * @param destinationHigh the solicitation's source, or ff02::1.
     * @param destinationLow  octets 8..15.
     * @param flags           {@link Icmpv6Header#NA_FLAG_ROUTER} | SOLICITED | OVERRIDE as they apply.
     * @param targetHigh      the address advertised.
     * @param targetLow       octets 8..15.
     * @return the frame length.
     */
    public int neighborAdvertisement(
        final long destinationMac,
        final long sourceMac,
        final long sourceHigh,
        final long sourceLow,
        final long destinationHigh,
        final long destinationLow,
        final int flags,
        final long targetHigh,
        final long targetLow)
    {
        return neighborMessage(destinationMac, sourceMac, sourceHigh, sourceLow, destinationHigh, destinationLow,
            Icmpv6Header.TYPE_NEIGHBOR_ADVERTISEMENT, flags, targetHigh, targetLow,
            Icmpv6Header.OPTION_TARGET_LINK_LAYER_ADDRESS);
    }

    private int neighborMessage(
        final long destinationMac,
        final long sourceMac,
        final long sourceHigh,
        final long sourceLow,
        final long destinationHigh,
        final long destinationLow,
        final int type,
        final int flags,
        final long targetHigh,
        final long targetLow,
        final int optionType)
    {
        ethernet(destinationMac, sourceMac, EthernetHeader.ETHERTYPE_IPV6);
        final long ip = EthernetHeader.LENGTH;
        final int icmpLength = optionType == NO_OPTION ? ICMP_LENGTH - Icmpv6Header.LINK_LAYER_OPTION_LENGTH :
            ICMP_LENGTH;
        ipv6.wrapForEncode(frame, ip).versionTrafficClassFlowLabel(0, 0).payloadLength(icmpLength)
            .nextHeader(Icmpv6Header.PROTOCOL).hopLimit(ND_HOP_LIMIT)
            .source(sourceHigh, sourceLow).destination(destinationHigh, destinationLow);
        final long message = ip + Ipv6Header.LENGTH;
        icmp.wrapForEncode(frame, message, icmpLength).type(type).code(0).checksum(0).neighborFlags(flags);
        Bytes.put64(frame, message + Icmpv6Header.TARGET_ADDRESS_OFFSET, targetHigh);
        Bytes.put64(frame, message + Icmpv6Header.TARGET_ADDRESS_OFFSET + Long.BYTES, targetLow);
        if (optionType != NO_OPTION)
        {
            icmp.linkLayerAddressOption(message + Icmpv6Header.NEIGHBOR_OPTIONS_OFFSET, optionType, sourceMac);
        }
        icmp.updateChecksum(ip + Ipv6Header.SOURCE_OFFSET, ip + Ipv6Header.DESTINATION_OFFSET);
        return EthernetHeader.LENGTH + Ipv6Header.LENGTH + icmpLength;
    }

    private void ethernet(final long destinationMac, final long sourceMac, final int etherType)
    {
        EthernetHeader.writeMac(frame, EthernetHeader.DESTINATION_OFFSET, destinationMac);
        EthernetHeader.writeMac(frame, EthernetHeader.SOURCE_OFFSET, sourceMac);
        Bytes.put16(frame, EthernetHeader.ETHERTYPE_OFFSET, etherType);
    }
}
