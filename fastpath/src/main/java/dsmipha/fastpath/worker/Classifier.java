package dsmipha.fastpath.worker;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.CodecStatus;
import dsmipha.common.codec.EthernetHeader;
import dsmipha.common.codec.Icmpv6Header;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.Ipv6ExtensionWalker;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.common.codec.UdpHeader;
import dsmipha.fastpath.io.PacketBurst;
import dsmipha.fastpath.route.LocalAddresses;

/**
 * Stage {@code ha-classify}: decides for every packet of a burst whether it is routed (IPv4 or IPv6, towards a
 * binding or natively), decapsulated (a tunnel from a mobile node to the home agent), punted to the slowpath
 * (signaling, neighbour discovery, ARP, host-bound) or dropped, and why. It validates every header it reads with
 * the wire codecs, so later stages can trust the L3 header's offset and lengths.
 * <p>
 * Addressed to one of the home agent's own addresses ({@link LocalAddresses}):
 * <ul>
 *   <li>the Mobility Header (next header 135, RFC 6275 §6.1): punted, natively, and inside IPv4 protocol 41
 *       (RFC 5555 §4.2, mobile node on a public IPv4 network) or IPv4/UDP 4191 (RFC 5555 §4.1, behind a NAT)
 *       when the inner IPv6 packet is addressed to the home agent too. The punt records where the inner header
 *       starts, so the slowpath sees the outer addresses and ports the reply must go back to;</li>
 *   <li>tunnels (IPv6 next header 41/4, IPv4 protocol 41/4, IPv4/UDP 4191 carrying data): decapsulated;</li>
 *   <li>Mobile IPv4 registration (UDP 434, RFC 5944 §3.3), IKEv2 (UDP 500 and 4500, RFC 7296 §2, RFC 3948):
 *       punted; ICMPv6 DHAAD request and Mobile Prefix Solicitation (RFC 6275 §6.5, §6.7): punted;</li>
 *   <li>anything else: punted as host-bound.</li>
 * </ul>
 * Whatever the destination: ARP (RFC 826; proxy ARP for IPv4 home addresses, RFC 5555 §4.3) and ICMPv6 router
 * and neighbour discovery 133-137 (RFC 4861; proxy ND for home addresses, RFC 6275 §10.4.1) are punted; DHAAD
 * requests go to the Home-Agents anycast address (RFC 6275 §10.5), which is not unicast-local, and are punted too.
 * <p>
 * Everything else is routed unless a router must not forward it (multicast, broadcast, loopback, unspecified,
 * IPv6 link-local: RFC 1812 §5.3.7, RFC 4291 §2.5.6) or its TTL or hop limit would reach zero (RFC 791 §3.2,
 * RFC 8200 §3). The packet's L3 offset, and for a punt the offset of the signaling packet's own IP header (the
 * inner header when tunnelled), are written beside the verdict.
 * <p>
 * Not thread safe: one per worker; flyweights are reused for every packet.
 */
public final class Classifier
{
    /** Mobile IPv4 registration port (RFC 5944 §3.3, IANA "mobileip-agent"). */
    public static final int MIP4_PORT = 434;
    /** DSMIPv6 NAT traversal port (RFC 5555 §4.1, IANA "dsmipv6"). */
    public static final int DSMIP6_PORT = 4191;
    /** IKEv2 port (RFC 7296 §2). */
    public static final int IKE_PORT = 500;
    /** IKE and ESP in UDP behind a NAT (RFC 3948 §2). */
    public static final int IKE_NAT_PORT = 4500;
    /** IPv6 next header of the Mobility Header (RFC 6275 §6.1). */
    public static final int NEXT_HEADER_MOBILITY = 135;
    /** IPv6 next header of ICMPv6. */
    public static final int NEXT_HEADER_ICMPV6 = 58;
    /** IPv6 next header / IPv4 protocol of an IPv6 packet inside (RFC 2473, RFC 4213). */
    public static final int PROTOCOL_IPV6 = 41;
    /** IPv6 next header / IPv4 protocol of an IPv4 packet inside (RFC 2003, RFC 2473). */
    public static final int PROTOCOL_IPV4 = 4;

    private static final int DROP_ETHERNET = FastpathCounter.DROP_MALFORMED_ETHERNET.ordinal();
    private static final int DROP_ETHERTYPE = FastpathCounter.DROP_UNSUPPORTED_ETHERTYPE.ordinal();
    private static final int DROP_IPV4 = FastpathCounter.DROP_MALFORMED_IPV4.ordinal();
    private static final int DROP_IPV4_CHECKSUM = FastpathCounter.DROP_IPV4_BAD_CHECKSUM.ordinal();
    private static final int DROP_IPV6 = FastpathCounter.DROP_MALFORMED_IPV6.ordinal();
    private static final int DROP_TTL = FastpathCounter.DROP_TTL_EXPIRED.ordinal();
    private static final int DROP_HOP_LIMIT = FastpathCounter.DROP_HOP_LIMIT_EXPIRED.ordinal();
    private static final int DROP_UDP = FastpathCounter.DROP_MALFORMED_UDP.ordinal();
    private static final int DROP_ICMP = FastpathCounter.DROP_MALFORMED_ICMP.ordinal();
    private static final int DROP_NOT_FORWARDABLE = FastpathCounter.DROP_NOT_FORWARDABLE.ordinal();
    private static final int PUNT_MH = FastpathCounter.PUNT_MOBILITY_HEADER.ordinal();
    private static final int PUNT_MIP4 = FastpathCounter.PUNT_MIP4_REGISTRATION.ordinal();
    private static final int PUNT_DSMIP6 = FastpathCounter.PUNT_DSMIP6_UDP.ordinal();
    private static final int PUNT_ICMPV6_MOBILITY = FastpathCounter.PUNT_ICMPV6_MOBILITY.ordinal();
    private static final int PUNT_ND = FastpathCounter.PUNT_NEIGHBOR_DISCOVERY.ordinal();
    private static final int PUNT_ARP = FastpathCounter.PUNT_ARP.ordinal();
    private static final int PUNT_IKE = FastpathCounter.PUNT_IKE.ordinal();
    private static final int PUNT_HOST = FastpathCounter.PUNT_HOST_BOUND.ordinal();
    private static final int NOT_DECIDED = -1;
    /** Inner offset of a tunnel whose inner packet cannot be reached yet (an outer fragment). */
    public static final int NO_INNER = -1;

    private final LocalAddresses local;
    private final EthernetHeader ethernet = new EthernetHeader();
    private final Ipv4Header ipv4 = new Ipv4Header();
    private final Ipv6ExtensionWalker walker = new Ipv6ExtensionWalker();
    private final Ipv6ExtensionWalker innerWalker = new Ipv6ExtensionWalker();
    private final UdpHeader udp = new UdpHeader();
    private final Icmpv6Header icmpv6 = new Icmpv6Header();

    /**
     * @param local the home agent's own addresses.
     */
    public Classifier(final LocalAddresses local)
    {
        this.local = local;
    }

    /**
     * Classify every packet of a burst.
     *
     * @param burst        the packets.
     * @param next         out: a {@link Next} code per packet.
     * @param reason       out: a {@link FastpathCounter} ordinal per punted or dropped packet.
     * @param l3Offsets    out: offset of the L3 header from the packet's first octet, per packet.
     * @param innerOffsets out, for punted packets: offset of the signaling packet's own IP header from the
     *                     packet's first octet (the L3 offset unless the signaling came tunnelled); for tunnels to
     *                     decapsulate: offset of the inner IP header, or {@link #NO_INNER}.
     */
    public void classify(
        final PacketBurst burst, final int[] next, final int[] reason, final int[] l3Offsets, final int[] innerOffsets)
    {
        final MemorySegment memory = burst.memory();
        for (int i = 0, count = burst.count(); i < count; i++)
        {
            final long start = burst.address(i);
            final long limit = start + burst.length(i);
            next[i] = classifyPacket(memory, start, limit, i, reason, l3Offsets, innerOffsets);
        }
    }

    private int classifyPacket(
        final MemorySegment memory, final long start, final long limit, final int i, final int[] reason,
        final int[] l3Offsets, final int[] innerOffsets)
    {
        if (ethernet.wrap(memory, start, limit) != CodecStatus.OK)
        {
            return verdict(reason, i, Next.DROP, DROP_ETHERNET);
        }
        final long l3 = ethernet.payloadOffset();
        l3Offsets[i] = (int)(l3 - start);
        innerOffsets[i] = l3Offsets[i];
        return switch (ethernet.etherType())
        {
            case EthernetHeader.ETHERTYPE_IPV4 -> classifyIpv4(memory, start, l3, limit, i, reason, innerOffsets);
            case EthernetHeader.ETHERTYPE_IPV6 -> classifyIpv6(memory, start, l3, limit, i, reason, innerOffsets);
            case EthernetHeader.ETHERTYPE_ARP -> verdict(reason, i, Next.PUNT, PUNT_ARP);
            default -> verdict(reason, i, Next.DROP, DROP_ETHERTYPE);
        };
    }

    private int classifyIpv4(
        final MemorySegment memory, final long start, final long l3, final long limit, final int i,
        final int[] reason, final int[] innerOffsets)
    {
        if (ipv4.wrap(memory, l3, limit) != CodecStatus.OK)
        {
            return verdict(reason, i, Next.DROP, DROP_IPV4);
        }
        if (!ipv4.verifyChecksum())
        {
            return verdict(reason, i, Next.DROP, DROP_IPV4_CHECKSUM);
        }
        final int destination = ipv4.destinationAddress();
        if (local.isLocalIpv4(destination))
        {
            return classifyIpv4ToHomeAgent(memory, start, l3, i, reason, innerOffsets);
        }
        if (!isForwardableIpv4(destination) || !isForwardableIpv4Source(ipv4.sourceAddress()))
        {
            return verdict(reason, i, Next.DROP, DROP_NOT_FORWARDABLE);
        }
        if (ipv4.ttl() <= 1)
        {
            return verdict(reason, i, Next.DROP, DROP_TTL);
        }
        return Next.FORWARD_IPV4;
    }

    private int classifyIpv4ToHomeAgent(
        final MemorySegment memory, final long start, final long l3, final int i, final int[] reason,
        final int[] innerOffsets)
    {
        final int protocol = ipv4.protocol();
        final long payload = ipv4.payloadOffset();
        final long ipEnd = l3 + ipv4.totalLength();
        if (ipv4.isFragment())
        {
            // Fragments of tunnels are refused by decapsulation with their own counter; the slowpath does not
            // reassemble signaling (a Binding Update fits one packet, RFC 6275 §6.1.1).
            if (protocol == PROTOCOL_IPV6 || protocol == PROTOCOL_IPV4 || protocol == Ipv4Header.PROTOCOL_UDP)
            {
                innerOffsets[i] = NO_INNER;
                return Next.DECAP;
            }
            return verdict(reason, i, Next.PUNT, PUNT_HOST);
        }
        if (protocol == PROTOCOL_IPV6)
        {
            // RFC 5555 §4.2: a Binding Update from a public IPv4 care-of address comes in IPv6-in-IPv4.
            return isMobilityToHomeAgent(memory, payload, ipEnd)
                ? punt(reason, i, PUNT_MH, innerOffsets, payload - start) : decap(innerOffsets, i, payload - start);
        }
        if (protocol == PROTOCOL_IPV4)
        {
            return decap(innerOffsets, i, payload - start);
        }
        if (protocol == Ipv4Header.PROTOCOL_UDP)
        {
            if (udp.wrap(memory, payload, ipEnd) != CodecStatus.OK)
            {
                return verdict(reason, i, Next.DROP, DROP_UDP);
            }
            final int port = udp.destinationPort();
            if (port == DSMIP6_PORT)
            {
                // RFC 5555 §4.1: signaling and data share UDP 4191; the inner packet says which.
                final long inner = udp.payloadOffset();
                return isMobilityToHomeAgent(memory, inner, ipEnd)
                    ? punt(reason, i, PUNT_DSMIP6, innerOffsets, inner - start) : decap(innerOffsets, i, inner - start);
            }
            if (port == MIP4_PORT)
            {
                return verdict(reason, i, Next.PUNT, PUNT_MIP4);
            }
            if (port == IKE_PORT || port == IKE_NAT_PORT)
            {
                return verdict(reason, i, Next.PUNT, PUNT_IKE);
            }
        }
        return verdict(reason, i, Next.PUNT, PUNT_HOST);
    }

    private boolean isMobilityToHomeAgent(final MemorySegment memory, final long inner, final long limit)
    {
        if (limit - inner < Ipv6Header.LENGTH || (Bytes.u8(memory, inner) >>> 4) != 6)
        {
            return false;
        }
        if (innerWalker.walk(memory, inner, limit) != CodecStatus.OK)
        {
            return false; // decapsulation drops it with its own counter
        }
        final Ipv6Header header = innerWalker.ipv6();
        return innerWalker.upperLayerProtocol() == NEXT_HEADER_MOBILITY
            && local.isLocalIpv6(header.destinationHigh(), header.destinationLow());
    }

    private int classifyIpv6(
        final MemorySegment memory, final long start, final long l3, final long limit, final int i,
        final int[] reason, final int[] innerOffsets)
    {
        if (walker.walk(memory, l3, limit) != CodecStatus.OK)
        {
            return verdict(reason, i, Next.DROP, DROP_IPV6);
        }
        final int upper = walker.upperLayerProtocol();
        if (upper == NEXT_HEADER_ICMPV6)
        {
            final int verdict = classifyIcmpv6(memory, walker.upperLayerOffset(), walker.packetEnd(), i, reason);
            if (verdict != NOT_DECIDED)
            {
                return verdict;
            }
        }
        final Ipv6Header header = walker.ipv6();
        final long destinationHigh = header.destinationHigh();
        final long destinationLow = header.destinationLow();
        if (local.isLocalIpv6(destinationHigh, destinationLow))
        {
            return classifyIpv6ToHomeAgent(memory, start, upper, i, reason, innerOffsets);
        }
        if (!isForwardableIpv6(destinationHigh, destinationLow)
            || !isForwardableIpv6Source(header.sourceHigh(), header.sourceLow()))
        {
            return verdict(reason, i, Next.DROP, DROP_NOT_FORWARDABLE);
        }
        if (header.hopLimit() <= 1)
        {
            return verdict(reason, i, Next.DROP, DROP_HOP_LIMIT);
        }
        return Next.FORWARD_IPV6;
    }

    private int classifyIpv6ToHomeAgent(
        final MemorySegment memory, final long start, final int upper, final int i, final int[] reason,
        final int[] innerOffsets)
    {
        if (upper == NEXT_HEADER_MOBILITY)
        {
            return verdict(reason, i, Next.PUNT, PUNT_MH);
        }
        if (upper == PROTOCOL_IPV6)
        {
            // A reverse-tunnelled HoTI (RFC 6275 §5.2.5) is addressed to a correspondent: decapsulated and relayed.
            final long inner = walker.upperLayerOffset();
            return isMobilityToHomeAgent(memory, inner, walker.packetEnd())
                ? punt(reason, i, PUNT_MH, innerOffsets, inner - start) : decap(innerOffsets, i, inner - start);
        }
        if (upper == PROTOCOL_IPV4)
        {
            return decap(innerOffsets, i, walker.upperLayerOffset() - start);
        }
        if (upper == Ipv6ExtensionWalker.FRAGMENT)
        {
            innerOffsets[i] = NO_INNER;
            return Next.DECAP;
        }
        if (upper == Ipv4Header.PROTOCOL_UDP)
        {
            if (udp.wrap(memory, walker.upperLayerOffset(), walker.packetEnd()) != CodecStatus.OK)
            {
                return verdict(reason, i, Next.DROP, DROP_UDP);
            }
            final int port = udp.destinationPort();
            if (port == IKE_PORT || port == IKE_NAT_PORT)
            {
                return verdict(reason, i, Next.PUNT, PUNT_IKE);
            }
        }
        return verdict(reason, i, Next.PUNT, PUNT_HOST);
    }

    private int classifyIcmpv6(
        final MemorySegment memory, final long icmpOffset, final long ipEnd, final int i, final int[] reason)
    {
        if (icmpv6.wrap(memory, icmpOffset, ipEnd) != CodecStatus.OK)
        {
            return verdict(reason, i, Next.DROP, DROP_ICMP);
        }
        final int type = icmpv6.type();
        if (type == Icmpv6Header.TYPE_HAAD_REQUEST || type == Icmpv6Header.TYPE_MOBILE_PREFIX_SOLICITATION)
        {
            return verdict(reason, i, Next.PUNT, PUNT_ICMPV6_MOBILITY);
        }
        if (type >= Icmpv6Header.TYPE_ROUTER_SOLICITATION && type <= Icmpv6Header.TYPE_REDIRECT)
        {
            return verdict(reason, i, Next.PUNT, PUNT_ND);
        }
        return NOT_DECIDED;
    }

    /**
     * @param address an IPv4 destination.
     * @return false for 0/8, 127/8, multicast 224/4, reserved 240/4 and broadcast (RFC 1812 §5.3.7, §4.2.2.11).
     */
    static boolean isForwardableIpv4(final int address)
    {
        final int first = address >>> 24;
        return first != 0 && first != 127 && first < 224;
    }

    private static boolean isForwardableIpv4Source(final int address)
    {
        // RFC 1812 §5.3.7: a source of 127/8, multicast or limited broadcast is never forwarded. 0.0.0.0 is let
        // through to the routing stage only as a destination check, so it is refused here as well.
        return isForwardableIpv4(address);
    }

    /**
     * @param high high 64 bits of an IPv6 destination.
     * @param low  low 64 bits.
     * @return false for multicast ff00::/8, link-local fe80::/10 (RFC 4291 §2.5.6: never forwarded), loopback and
     *         the unspecified address (RFC 4291 §2.5.2, §2.5.3).
     */
    static boolean isForwardableIpv6(final long high, final long low)
    {
        final int top10 = (int)(high >>> 54);
        if ((high >>> 56) == 0xFF || top10 == 0x3FA)
        {
            return false;
        }
        return high != 0 || (low != 0 && low != 1);
    }

    private static boolean isForwardableIpv6Source(final long high, final long low)
    {
        // RFC 4291 §2.5.6: a router must not forward a packet with a link-local source off its link;
        // a multicast source is never valid (RFC 4291 §2.7). The unspecified source (DAD) is never forwarded.
        return isForwardableIpv6(high, low);
    }

    private static int verdict(final int[] reason, final int i, final int next, final int counterOrdinal)
    {
        reason[i] = counterOrdinal;
        return next;
    }

    private static int decap(final int[] innerOffsets, final int i, final long innerOffset)
    {
        innerOffsets[i] = (int)innerOffset;
        return Next.DECAP;
    }

    private static int punt(
        final int[] reason, final int i, final int counterOrdinal, final int[] innerOffsets, final long innerOffset)
    {
        innerOffsets[i] = (int)innerOffset;
        return verdict(reason, i, Next.PUNT, counterOrdinal);
    }
}
