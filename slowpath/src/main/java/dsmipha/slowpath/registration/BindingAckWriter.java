package dsmipha.slowpath.registration;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.EthernetHeader;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.common.codec.Type2RoutingHeader;
import dsmipha.common.codec.UdpHeader;
import dsmipha.common.codec.mh.BindingAck;
import dsmipha.common.codec.mh.BindingError;
import dsmipha.common.codec.mh.BindingRefreshAdviceOption;
import dsmipha.common.codec.mh.BindingRefreshRequest;
import dsmipha.common.codec.mh.Ipv4AddressAcknowledgementOption;
import dsmipha.common.codec.mh.MobilityHeader;
import dsmipha.common.codec.mh.NatDetectionOption;

/**
 * Builds whole Ethernet frames for the home agent's signaling replies: Binding Acknowledgement (RFC 6275 §6.1.8),
 * Binding Error (§6.1.9) and Binding Refresh Request (§6.1.2), along a {@link ReplyPath}.
 * <pre>
 *   NATIVE_IPV6, Binding Ack (RFC 6275 §9.5.4, §6.4):
 *     Ethernet | IPv6 (src HA, dst care-of, nh 43) | Type 2 RH (home address, nh 135) | MH
 *     (no Type 2 RH, nh 135, when the home address is the care-of address: a deregistration from home)
 *   NATIVE_IPV6, Binding Refresh Request (RFC 6275 §6.1: no Type 2 RH but on a Binding Ack; §10.4.1 tunnel):
 *     Ethernet | IPv6 (src HA, dst care-of, nh 41) | IPv6 (src HA, dst home, nh 135) | MH
 *   NATIVE_IPV6, Binding Error (RFC 6275 §9.3.3: to the offending packet's source, no RH):
 *     Ethernet | IPv6 (src HA, dst source, nh 135) | MH
 *   IPV4_PROTOCOL_41 (RFC 5555 §4.2), every message:
 *     Ethernet | IPv4 (src HA v4, dst peer v4, proto 41) | IPv6 (src HA, dst home, nh 135) | MH
 *   IPV4_UDP (RFC 5555 §4.1, §4.2: back to the NAT-mapped address and port), every message:
 *     Ethernet | IPv4 (proto 17) | UDP (4191 -> peer port) | IPv6 (src HA, dst home, nh 135) | MH
 *
 *   Binding Acknowledgement (RFC 6275 §6.1.8), options from octet 12, each on its alignment (§6.2.1):
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   | Payload Proto |  Header Len   |  MH Type = 6  |   Reserved    |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |           Checksum            |    Status     |K|R| Reserved  |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |           Sequence #          |           Lifetime            |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   | [Refresh Advice 2n] [IPv4 Address Ack 4n] [NAT Detection 4n] [PadN to 8n] |
 * </pre>
 * Hop limit and TTL 64. The IPv4 header has DF clear (RFC 4213 §3.2: IPv6 inside, static tunnel MTU) and an
 * identification from a per-writer 16-bit counter (RFC 6864 §4.1). The UDP checksum is computed (RFC 768 leaves it
 * optional over IPv4; a real one covers the ports the MH checksum does not). The MH checksum's pseudo-header
 * destination is the final destination: the Type 2 RH address when present (RFC 6275 §6.1.1, §6.4).
 * <p>
 * The caller gives a segment with at least {@link #MAX_FRAME_LENGTH} octets from the offset. Nothing is allocated.
 * Not thread safe: one instance on the signaling thread.
 */
public final class BindingAckWriter
{
    /** The longest frame this writer builds: Ethernet, IPv4, UDP, IPv6 and a Binding Ack with every option. */
    public static final int MAX_FRAME_LENGTH = 160;
    /** Hop limit and TTL of every message. */
    public static final int HOP_LIMIT = 64;

    private static final int ABSENT = -1;

    private final EthernetHeader ethernet = new EthernetHeader();
    private final Ipv4Header ipv4 = new Ipv4Header();
    private final UdpHeader udp = new UdpHeader();
    private final Ipv6Header ipv6 = new Ipv6Header();
    private final MobilityHeader mobilityHeader = new MobilityHeader();
    private final BindingAck bindingAck = new BindingAck();
    private final BindingError bindingError = new BindingError();
    private final BindingRefreshRequest refreshRequest = new BindingRefreshRequest();
    private final BindingRefreshAdviceOption refreshAdvice = new BindingRefreshAdviceOption();
    private final Ipv4AddressAcknowledgementOption ipv4Ack = new Ipv4AddressAcknowledgementOption();
    private final NatDetectionOption natDetection = new NatDetectionOption();

    private int ipv4Identification;
    private MemorySegment frame;
    private long ipv4Offset;
    private long udpOffset;
    private long outerIpv6Offset;
    private long ipv6Offset;
    private long mhOffset;
    private long finalDestinationOffset;

    /**
     * Build a Binding Acknowledgement answering a request.
     *
     * @param request the Binding Update answered: its path.
     * @param reply   status, flags, sequence, lifetime, addresses and options.
     * @param frame   to write into.
     * @param offset  of the Ethernet header.
     * @return the frame length in octets.
     */
    public int writeBindingAck(
        final BindingUpdateRequest request, final BindingAckReply reply, final MemorySegment frame, final long offset)
    {
        final ReplyPath path = request.path;
        final boolean native6 = !SignalingTransport.isIpv4(path.transport);
        // RFC 6275 §9.5.4: natively to the care-of address with a Type 2 RH holding the home address; RFC 5555
        // §4.2: over IPv4 the IPv6 destination is the home address and there is no Type 2 RH.
        final boolean routingHeader = native6 && !sameAddress(reply);
        final long dstHigh = native6 ? reply.careOfHigh : reply.homeHigh;
        final long dstLow = native6 ? reply.careOfLow : reply.homeLow;
        headers(path, frame, offset, reply.localHigh, reply.localLow, dstHigh, dstLow, false);
        if (routingHeader)
        {
            ipv6.nextHeader(Type2RoutingHeader.NEXT_HEADER_ROUTING);
            Type2RoutingHeader.encode(frame, mhOffset, MobilityHeader.PROTOCOL, reply.homeHigh, reply.homeLow);
            finalDestinationOffset = mhOffset + Type2RoutingHeader.HOME_ADDRESS_OFFSET;
            mhOffset += Type2RoutingHeader.LENGTH;
        }
        mobilityHeader.wrapForEncode(frame, mhOffset);
        bindingAck.start(mobilityHeader).status(reply.status).flags(reply.flags).sequence(reply.sequence)
            .lifetime(reply.lifetimeUnits);
        appendAckOptions(reply);
        return finish();
    }

    /**
     * Build a Binding Error (RFC 6275 §6.1.9, §9.3.3): to the offending packet's source, never with a Type 2 RH
     * (§6.1).
     *
     * @param path      the way back to the sender of the offending packet.
     * @param localHigh IPv6 source (the home agent address) octets 0..7.
     * @param localLow  octets 8..15.
     * @param dstHigh   the offending packet's IPv6 source octets 0..7.
     * @param dstLow    octets 8..15.
     * @param status    BindingError.STATUS_*.
     * @param homeHigh  the Home Address field octets 0..7 (the Home Address option's address, else the source).
     * @param homeLow   octets 8..15.
     * @param frame     to write into.
     * @param offset    of the Ethernet header.
     * @return the frame length in octets.
     */
    public int writeBindingError(
        final ReplyPath path,
        final long localHigh,
        final long localLow,
        final long dstHigh,
        final long dstLow,
        final int status,
        final long homeHigh,
        final long homeLow,
        final MemorySegment frame,
        final long offset)
    {
        headers(path, frame, offset, localHigh, localLow, dstHigh, dstLow, false);
        mobilityHeader.wrapForEncode(frame, mhOffset);
        bindingError.start(mobilityHeader).status(status);
        Bytes.put64(frame, bindingError.homeAddressOffset(), homeHigh);
        Bytes.put64(frame, bindingError.homeAddressOffset() + 8, homeLow);
        return finish();
    }

    /**
     * Build a Binding Refresh Request (RFC 6275 §6.1.2, §9.5.5) to a registered mobile node. Natively it is
     * addressed to the home address and tunnelled to the care-of address (RFC 2473), since §6.1 allows a Type 2
     * RH on a Binding Acknowledgement only; over IPv4 it takes the binding's IPv4 path (RFC 5555 §4.2).
     *
     * @param path       the binding's path.
     * @param localHigh  IPv6 source (the home agent address) octets 0..7.
     * @param localLow   octets 8..15.
     * @param careOfHigh the care-of address octets 0..7 (natively the tunnel's destination).
     * @param careOfLow  octets 8..15.
     * @param homeHigh   the home address octets 0..7.
     * @param homeLow    octets 8..15.
     * @param frame      to write into.
     * @param offset     of the Ethernet header.
     * @return the frame length in octets.
     */
    public int writeBindingRefreshRequest(
        final ReplyPath path,
        final long localHigh,
        final long localLow,
        final long careOfHigh,
        final long careOfLow,
        final long homeHigh,
        final long homeLow,
        final MemorySegment frame,
        final long offset)
    {
        final boolean tunnel = !SignalingTransport.isIpv4(path.transport) &&
            (careOfHigh != homeHigh || careOfLow != homeLow);
        if (tunnel)
        {
            headers(path, frame, offset, localHigh, localLow, careOfHigh, careOfLow, true);
            ipv6.wrapForEncode(frame, ipv6Offset);
            writeIpv6(localHigh, localLow, homeHigh, homeLow);
        }
        else
        {
            headers(path, frame, offset, localHigh, localLow, homeHigh, homeLow, false);
        }
        mobilityHeader.wrapForEncode(frame, mhOffset);
        refreshRequest.start(mobilityHeader);
        return finish();
    }

    /**
     * @return the IPv4 identification the next IPv4 frame carries.
     */
    public int nextIpv4Identification()
    {
        return ipv4Identification;
    }

    private void appendAckOptions(final BindingAckReply reply)
    {
        // BindingAckReply's order; appendTo pads each to its alignment (RFC 6275 §6.2.1).
        if (reply.includeRefreshAdvice)
        {
            // RFC 6275 §6.2.4, alignment 2n.
            refreshAdvice.appendTo(mobilityHeader).refreshInterval(reply.refreshAdviceUnits);
        }
        if (reply.includeIpv4Ack)
        {
            // RFC 5555 §3.2.1, alignment 4n.
            ipv4Ack.appendTo(mobilityHeader).status(reply.ipv4AckStatus).prefixLength(reply.ipv4AckPrefixLength)
                .address(reply.ipv4AckAddress);
        }
        if (reply.includeNatDetection)
        {
            // RFC 5555 §3.2.2, alignment 4n.
            natDetection.appendTo(mobilityHeader).forceUdp(reply.natForceUdp)
                .refreshTimeSeconds(reply.natRefreshSeconds);
        }
    }

    private void headers(
        final ReplyPath path,
        final MemorySegment frame,
        final long offset,
        final long srcHigh,
        final long srcLow,
        final long dstHigh,
        final long dstLow,
        final boolean tunnel)
    {
        this.frame = frame;
        ethernet.wrapForEncode(frame, offset).destinationMac(path.peerMac).sourceMac(path.localMac);
        final boolean overIpv4 = SignalingTransport.isIpv4(path.transport);
        ethernet.etherType(overIpv4 ? EthernetHeader.ETHERTYPE_IPV4 : EthernetHeader.ETHERTYPE_IPV6);
        long cursor = offset + EthernetHeader.LENGTH;
        ipv4Offset = ABSENT;
        udpOffset = ABSENT;
        outerIpv6Offset = ABSENT;
        if (overIpv4)
        {
            ipv4Offset = cursor;
            cursor += Ipv4Header.LENGTH;
            if (path.transport == SignalingTransport.IPV4_UDP)
            {
                udpOffset = cursor;
                cursor += UdpHeader.LENGTH;
            }
        }
        ipv6Offset = cursor;
        ipv6.wrapForEncode(frame, ipv6Offset);
        writeIpv6(srcHigh, srcLow, dstHigh, dstLow);
        if (tunnel)
        {
            // RFC 2473 §3: the outer header's next header is IPv6 (41); the caller writes the inner header.
            ipv6.nextHeader(Ipv4Header.PROTOCOL_IPV6);
            outerIpv6Offset = ipv6Offset;
            ipv6Offset += Ipv6Header.LENGTH;
        }
        mhOffset = ipv6Offset + Ipv6Header.LENGTH;
        finalDestinationOffset = ipv6Offset + Ipv6Header.DESTINATION_OFFSET;
        writeOuterHeaders(path);
    }

    private void writeIpv6(final long srcHigh, final long srcLow, final long dstHigh, final long dstLow)
    {
        ipv6.versionTrafficClassFlowLabel(0, 0).payloadLength(0).nextHeader(MobilityHeader.PROTOCOL)
            .hopLimit(HOP_LIMIT).source(srcHigh, srcLow).destination(dstHigh, dstLow);
    }

    private void writeOuterHeaders(final ReplyPath path)
    {
        if (ipv4Offset != ABSENT)
        {
            final int protocol = udpOffset != ABSENT ? Ipv4Header.PROTOCOL_UDP : Ipv4Header.PROTOCOL_IPV6;
            ipv4.wrapForEncode(frame, ipv4Offset).writeHeader(0, ipv4Identification, HOP_LIMIT, protocol,
                path.localIpv4, path.peerIpv4);
            ipv4Identification = (ipv4Identification + 1) & 0xFFFF;
        }
        if (udpOffset != ABSENT)
        {
            // RFC 5555 §4.1, §4.2: from 4191 back to the NAT-mapped source port of the request.
            udp.wrapForEncode(frame, udpOffset).sourcePort(path.localUdpPort).destinationPort(path.peerUdpPort)
                .length(0).checksum(0);
        }
    }

    private int finish()
    {
        final long sourceOffset = ipv6Offset + Ipv6Header.SOURCE_OFFSET;
        final int mhLength = mobilityHeader.finish(sourceOffset, finalDestinationOffset);
        final long end = mhOffset + mhLength;
        ipv6.wrapForEncode(frame, ipv6Offset).payloadLength((int)(end - ipv6Offset - Ipv6Header.LENGTH));
        if (outerIpv6Offset != ABSENT)
        {
            ipv6.wrapForEncode(frame, outerIpv6Offset)
                .payloadLength((int)(end - outerIpv6Offset - Ipv6Header.LENGTH));
        }
        if (udpOffset != ABSENT)
        {
            udp.wrapForEncode(frame, udpOffset).length((int)(end - udpOffset));
        }
        if (ipv4Offset != ABSENT)
        {
            ipv4.wrapForEncode(frame, ipv4Offset).totalLength((int)(end - ipv4Offset)).updateChecksum();
        }
        if (udpOffset != ABSENT)
        {
            udp.checksum(udp.computeChecksumIpv4(ipv4Offset));
        }
        return (int)(end - ethernet.offset());
    }

    private static boolean sameAddress(final BindingAckReply reply)
    {
        return reply.careOfHigh == reply.homeHigh && reply.careOfLow == reply.homeLow;
    }
}
