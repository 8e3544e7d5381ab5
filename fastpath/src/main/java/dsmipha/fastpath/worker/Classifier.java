package dsmipha.fastpath.worker;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.CodecStatus;
import dsmipha.common.codec.EthernetHeader;
import dsmipha.common.codec.Icmpv6Header;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.Ipv6ExtensionWalker;
import dsmipha.common.codec.UdpHeader;
import dsmipha.fastpath.io.PacketBurst;

/**
 * Stage {@code ha-classify}: decides for every packet of a burst whether it is forwarded (IPv4 or IPv6), punted to
 * the slowpath (signaling, neighbour discovery, ARP) or dropped, and why. It validates every header it reads with
 * the wire codecs, so later stages can trust the L3 header's offset and lengths.
 * <p>
 * Punted: the Mobility Header (next header 135, RFC 6275 §6.1), Mobile IPv4 registration (UDP 434, RFC 5944 §3.3),
 * DSMIPv6 NAT traversal (UDP 4191, RFC 5555 §4.1), ICMPv6 DHAAD request and Mobile Prefix Solicitation (RFC 6275
 * §6.5, §6.7), ICMPv6 router and neighbour discovery 133-137 (RFC 4861; proxy ND for home addresses, RFC 6275
 * §10.4.1), and ARP (proxy ARP for IPv4 home addresses, RFC 5555 §4.3).
 * <p>
 * Not thread safe: one per worker; flyweights are reused for every packet.
 */
public final class Classifier
{
    /** Mobile IPv4 registration port (RFC 5944 §3.3, IANA "mobileip-agent"). */
    public static final int MIP4_PORT = 434;
    /** DSMIPv6 NAT traversal port (RFC 5555 §4.1, IANA "dsmipv6"). */
    public static final int DSMIP6_PORT = 4191;
    /** IPv6 next header of the Mobility Header (RFC 6275 §6.1). */
    public static final int NEXT_HEADER_MOBILITY = 135;
    /** IPv6 next header of ICMPv6. */
    public static final int NEXT_HEADER_ICMPV6 = 58;

    private static final int DROP_ETHERNET = FastpathCounter.DROP_MALFORMED_ETHERNET.ordinal();
    private static final int DROP_ETHERTYPE = FastpathCounter.DROP_UNSUPPORTED_ETHERTYPE.ordinal();
    private static final int DROP_IPV4 = FastpathCounter.DROP_MALFORMED_IPV4.ordinal();
    private static final int DROP_IPV4_CHECKSUM = FastpathCounter.DROP_IPV4_BAD_CHECKSUM.ordinal();
    private static final int DROP_IPV6 = FastpathCounter.DROP_MALFORMED_IPV6.ordinal();
    private static final int DROP_TTL = FastpathCounter.DROP_TTL_EXPIRED.ordinal();
    private static final int DROP_HOP_LIMIT = FastpathCounter.DROP_HOP_LIMIT_EXPIRED.ordinal();
    private static final int DROP_UDP = FastpathCounter.DROP_MALFORMED_UDP.ordinal();
    private static final int DROP_ICMP = FastpathCounter.DROP_MALFORMED_ICMP.ordinal();
    private static final int PUNT_MH = FastpathCounter.PUNT_MOBILITY_HEADER.ordinal();
    private static final int PUNT_MIP4 = FastpathCounter.PUNT_MIP4_REGISTRATION.ordinal();
    private static final int PUNT_DSMIP6 = FastpathCounter.PUNT_DSMIP6_UDP.ordinal();
    private static final int PUNT_ICMPV6_MOBILITY = FastpathCounter.PUNT_ICMPV6_MOBILITY.ordinal();
    private static final int PUNT_ND = FastpathCounter.PUNT_NEIGHBOR_DISCOVERY.ordinal();
    private static final int PUNT_ARP = FastpathCounter.PUNT_ARP.ordinal();

    private final EthernetHeader ethernet = new EthernetHeader();
    private final Ipv4Header ipv4 = new Ipv4Header();
    private final Ipv6ExtensionWalker walker = new Ipv6ExtensionWalker();
    private final UdpHeader udp = new UdpHeader();
    private final Icmpv6Header icmpv6 = new Icmpv6Header();

    /**
     * Classify every packet of a burst.
     *
     * @param burst     the packets.
     * @param next      out: a {@link Next} code per packet.
     * @param reason    out: a {@link FastpathCounter} ordinal per punted or dropped packet.
     * @param l3Offsets out: offset of the L3 header from the packet's first octet, per packet.
     */
    public void classify(final PacketBurst burst, final int[] next, final int[] reason, final int[] l3Offsets)
    {
        final MemorySegment memory = burst.memory();
        for (int i = 0, count = burst.count(); i < count; i++)
        {
            final long start = burst.address(i);
            final long limit = start + burst.length(i);
            next[i] = classifyPacket(memory, start, limit, i, reason, l3Offsets);
        }
    }

    private int classifyPacket(
        final MemorySegment memory, final long start, final long limit, final int i, final int[] reason,
        final int[] l3Offsets)
    {
        if (ethernet.wrap(memory, start, limit) != CodecStatus.OK)
        {
            return drop(reason, i, DROP_ETHERNET);
        }
        final long l3 = ethernet.payloadOffset();
        l3Offsets[i] = (int)(l3 - start);
        return switch (ethernet.etherType())
        {
            case EthernetHeader.ETHERTYPE_IPV4 -> classifyIpv4(memory, l3, limit, i, reason);
            case EthernetHeader.ETHERTYPE_IPV6 -> classifyIpv6(memory, l3, limit, i, reason);
            case EthernetHeader.ETHERTYPE_ARP -> punt(reason, i, PUNT_ARP);
            default -> drop(reason, i, DROP_ETHERTYPE);
        };
    }

    private int classifyIpv4(
        final MemorySegment memory, final long l3, final long limit, final int i, final int[] reason)
    {
        if (ipv4.wrap(memory, l3, limit) != CodecStatus.OK)
        {
            return drop(reason, i, DROP_IPV4);
        }
        if (!ipv4.verifyChecksum())
        {
            return drop(reason, i, DROP_IPV4_CHECKSUM);
        }
        if (ipv4.protocol() == Ipv4Header.PROTOCOL_UDP && ipv4.fragmentOffset() == 0)
        {
            final long ipLimit = l3 + ipv4.totalLength();
            if (udp.wrap(memory, ipv4.payloadOffset(), ipLimit) != CodecStatus.OK && !ipv4.moreFragments())
            {
                return drop(reason, i, DROP_UDP);
            }
            if (ipLimit - ipv4.payloadOffset() >= UdpHeader.LENGTH)
            {
                final int port = udp.destinationPort();
                if (port == MIP4_PORT)
                {
                    return punt(reason, i, PUNT_MIP4);
                }
                if (port == DSMIP6_PORT)
                {
                    return punt(reason, i, PUNT_DSMIP6);
                }
            }
        }
        if (ipv4.ttl() <= 1)
        {
            return drop(reason, i, DROP_TTL);
        }
        return Next.FORWARD_IPV4;
    }

    private int classifyIpv6(
        final MemorySegment memory, final long l3, final long limit, final int i, final int[] reason)
    {
        if (walker.walk(memory, l3, limit) != CodecStatus.OK)
        {
            return drop(reason, i, DROP_IPV6);
        }
        final int upper = walker.upperLayerProtocol();
        if (upper == NEXT_HEADER_MOBILITY)
        {
            return punt(reason, i, PUNT_MH);
        }
        if (upper == NEXT_HEADER_ICMPV6)
        {
            final int verdict = classifyIcmpv6(memory, walker.upperLayerOffset(), walker.packetEnd(), i, reason);
            if (verdict >= 0)
            {
                return verdict;
            }
        }
        if (walker.ipv6().hopLimit() <= 1)
        {
            return drop(reason, i, DROP_HOP_LIMIT);
        }
        return Next.FORWARD_IPV6;
    }

    private int classifyIcmpv6(
        final MemorySegment memory, final long icmpOffset, final long ipEnd, final int i, final int[] reason)
    {
        if (icmpv6.wrap(memory, icmpOffset, ipEnd) != CodecStatus.OK)
        {
            return drop(reason, i, DROP_ICMP);
        }
        final int type = icmpv6.type();
        if (type == Icmpv6Header.TYPE_HAAD_REQUEST || type == Icmpv6Header.TYPE_MOBILE_PREFIX_SOLICITATION)
        {
            return punt(reason, i, PUNT_ICMPV6_MOBILITY);
        }
        if (type >= Icmpv6Header.TYPE_ROUTER_SOLICITATION && type <= Icmpv6Header.TYPE_REDIRECT)
        {
            return punt(reason, i, PUNT_ND);
        }
        return -1;
    }

    private static int drop(final int[] reason, final int i, final int counterOrdinal)
    {
        reason[i] = counterOrdinal;
        return Next.DROP;
    }

    private static int punt(final int[] reason, final int i, final int counterOrdinal)
    {
        reason[i] = counterOrdinal;
        return Next.PUNT;
    }
}
