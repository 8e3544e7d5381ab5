package dsmipha.perf.emulator;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.CodecStatus;
import dsmipha.common.codec.EthernetHeader;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.Ipv6ExtensionWalker;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.common.codec.UdpHeader;

/**
 * Reads a frame leaving the home agent's access port as a tunnelled downlink packet and checks it against the
 * registration of the node its payload tag names: the encapsulation (RFC 2473 IPv6 tunnel, RFC 4213 / RFC 2003
 * IPv4 tunnel, RFC 5555 §4.1 UDP 4191), the outer destination (the registered care-of address or NAT mapping,
 * RFC 6275 §10.4.1) and the inner destination (the node's home address, IPv4 home address or mobile network).
 * <pre>
 *   Ethernet / IPv6 (HA → CoA) [ext. hdrs] / nh 41 | 4 / inner                    → OUTER_IPV6
 *   Ethernet / IPv4 (HA4 → CoA4) / proto 41 | 4 / inner                            → OUTER_IPV4
 *   Ethernet / IPv4 (HA4 → CoA4 or NAT) / UDP (4191 → port) / inner (version nibble) → OUTER_UDP
 *   inner:  IPv6 | IPv4 / UDP / PayloadTag (node index, epoch, sequence)
 * </pre>
 * Reusable; no allocation per frame. Not thread safe.
 */
public final class TunnelClassifier
{
    /** IPv6 outer header (IPv6 care-of address). */
    public static final int OUTER_IPV6 = 1;
    /** IPv4 outer header, protocol 41 or 4. */
    public static final int OUTER_IPV4 = 2;
    /** IPv4 and UDP 4191 outer headers. */
    public static final int OUTER_UDP = 3;

    /** The tunnel is the node's registered one. */
    public static final int MATCH = 0;
    /** Not a tunnelled packet carrying a payload tag. */
    public static final int NOT_TAGGED_TUNNEL = 1;
    /** Tagged, but tunnelled otherwise than the node registered. */
    public static final int MISMATCH = 2;

    private final Ipv6ExtensionWalker walker = new Ipv6ExtensionWalker();
    private final Ipv6ExtensionWalker innerWalker = new Ipv6ExtensionWalker();
    private final EthernetHeader ethernet = new EthernetHeader();
    private final Ipv4Header outer4 = new Ipv4Header();
    private final Ipv4Header inner4 = new Ipv4Header();
    private final UdpHeader udp = new UdpHeader();
    private final UdpHeader innerUdp = new UdpHeader();

    private int kind;
    private long outerHigh;
    private long outerLow;
    private int outerIpv4;
    private int outerPort;
    private int innerVersion;
    private long innerHigh;
    private long innerLow;
    private int innerIpv4;
    private int index;
    private int epoch;

    /**
     * Parse a frame.
     *
     * @param frame  the frame.
     * @param offset where its Ethernet header starts.
     * @param length its length.
     * @return true when it is a tunnel carrying a tagged inner packet; the accessors then describe it.
     */
    public boolean read(final MemorySegment frame, final long offset, final int length)
    {
        index = PayloadTag.NONE;
        final long limit = offset + length;
        if (ethernet.wrap(frame, offset, limit) != CodecStatus.OK)
        {
            return false;
        }
        final long l3 = ethernet.payloadOffset();
        if (ethernet.etherType() == EthernetHeader.ETHERTYPE_IPV6)
        {
            if (walker.walk(frame, l3, limit) != CodecStatus.OK)
            {
                return false;
            }
            final int upper = walker.upperLayerProtocol();
            if (upper != TunnelFrames.PROTOCOL_IPV6 && upper != TunnelFrames.PROTOCOL_IPV4)
            {
                return false;
            }
            kind = OUTER_IPV6;
            outerHigh = walker.ipv6().destinationHigh();
            outerLow = walker.ipv6().destinationLow();
            return readInner(frame, walker.upperLayerOffset(), walker.packetEnd());
        }
        if (ethernet.etherType() != EthernetHeader.ETHERTYPE_IPV4 || outer4.wrap(frame, l3, limit) != CodecStatus.OK)
        {
            return false;
        }
        outerIpv4 = outer4.destinationAddress();
        final long payload = outer4.payloadOffset();
        final long end = l3 + outer4.totalLength();
        final int protocol = outer4.protocol();
        if (protocol == TunnelFrames.PROTOCOL_IPV6 || protocol == TunnelFrames.PROTOCOL_IPV4)
        {
            kind = OUTER_IPV4;
            return readInner(frame, payload, end);
        }
        if (protocol != Ipv4Header.PROTOCOL_UDP || udp.wrap(frame, payload, end) != CodecStatus.OK ||
            udp.sourcePort() != BindingUpdateFrames.DSMIPV6_PORT)
        {
            return false;
        }
        kind = OUTER_UDP;
        outerPort = udp.destinationPort();
        return readInner(frame, udp.payloadOffset(), end);
    }

    /**
     * Check the frame just {@link #read} against the node its tag names.
     *
     * @param node the node the tag names.
     * @return {@link #MATCH} or {@link #MISMATCH}.
     */
    public int check(final EmulatedMobileNode node)
    {
        if (!node.matchesTunnel(epoch, kind, outerHigh, outerLow, outerIpv4, outerPort))
        {
            return MISMATCH;
        }
        if (innerVersion == Ipv4Header.VERSION)
        {
            return node.ipv4Home != 0 && innerIpv4 == node.ipv4Home ? MATCH : MISMATCH;
        }
        if (innerHigh == node.homeHigh && innerLow == node.homeLow)
        {
            return MATCH;
        }
        // RFC 3963 §6.5: packets for the mobile network go through the mobile router's tunnel.
        final long mask = node.prefixLength == 0 ? 0 : -1L << (64 - Math.min(64, node.prefixLength));
        return node.prefixLength > 0 && (innerHigh & mask) == node.prefixHigh ? MATCH : MISMATCH;
    }

    /**
     * @return the node index from the payload tag, {@link PayloadTag#NONE} when none was read.
     */
    public int index()
    {
        return index;
    }

    /**
     * @return the epoch from the payload tag.
     */
    public int epoch()
    {
        return epoch;
    }

    /**
     * @return {@link #OUTER_IPV6}, {@link #OUTER_IPV4} or {@link #OUTER_UDP}.
     */
    public int kind()
    {
        return kind;
    }

    /**
     * @return 6 or 4: the inner packet's version.
     */
    public int innerVersion()
    {
        return innerVersion;
    }

    /**
     * @return the outer IPv4 destination (IPv4 and UDP tunnels).
     */
    public int outerIpv4()
    {
        return outerIpv4;
    }

    /**
     * @return the outer UDP destination port (UDP tunnels).
     */
    public int outerPort()
    {
        return outerPort;
    }

    /**
     * @return the outer IPv6 destination octets 8..15 (IPv6 tunnels).
     */
    public long outerLow()
    {
        return outerLow;
    }

    private boolean readInner(final MemorySegment frame, final long inner, final long limit)
    {
        if (limit - inner < Ipv4Header.LENGTH)
        {
            return false;
        }
        innerVersion = Bytes.u8(frame, inner) >>> 4;
        long udpOffset;
        long end;
        if (innerVersion == Ipv6Header.VERSION)
        {
            if (innerWalker.walk(frame, inner, limit) != CodecStatus.OK ||
                innerWalker.upperLayerProtocol() != UdpHeader.PROTOCOL)
            {
                return false;
            }
            innerHigh = innerWalker.ipv6().destinationHigh();
            innerLow = innerWalker.ipv6().destinationLow();
            udpOffset = innerWalker.upperLayerOffset();
            end = innerWalker.packetEnd();
        }
        else if (innerVersion == Ipv4Header.VERSION)
        {
            if (inner4.wrap(frame, inner, limit) != CodecStatus.OK || inner4.protocol() != Ipv4Header.PROTOCOL_UDP)
            {
                return false;
            }
            innerIpv4 = inner4.destinationAddress();
            udpOffset = inner4.payloadOffset();
            end = inner + inner4.totalLength();
        }
        else
        {
            return false;
        }
        if (innerUdp.wrap(frame, udpOffset, end) != CodecStatus.OK)
        {
            return false;
        }
        index = PayloadTag.index(frame, innerUdp.payloadOffset(), end);
        if (index == PayloadTag.NONE)
        {
            return false;
        }
        epoch = PayloadTag.epoch(frame, innerUdp.payloadOffset());
        return true;
    }
}
