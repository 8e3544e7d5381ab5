package dsmipha.common.codec;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over the fixed IPv6 header (RFC 8200 §3), reused across packets: {@link #wrap} it, check the status,
 * read or write.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |Version| Traffic Class |           Flow Label                  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Payload Length        |  Next Header  |   Hop Limit   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |
 *  +                                                               +
 *  |                                                               |
 *  +                         Source Address                        +
 *  |                                                               |
 *  +                                                               +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |
 *  +                                                               +
 *  |                                                               |
 *  +                      Destination Address                      +
 *  |                                                               |
 *  +                                                               +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Addresses are read as two big-endian longs (high: octets 0..7, low: octets 8..15) so they can be compared,
 * hashed and copied without allocating an array or an {@code InetAddress}.
 * <p>
 * Jumbograms (RFC 2675: payload length zero and a Jumbo Payload option in a Hop-by-Hop header) are not decoded:
 * no link this agent serves carries more than 65,535 octets of payload.
 * <p>
 * Not thread safe: one instance per worker.
 */
public final class Ipv6Header
{
    /** Length of the fixed header in octets (RFC 8200 §3). */
    public static final int LENGTH = 40;
    /** Value of the version field (RFC 8200 §3). */
    public static final int VERSION = 6;
    /** Length of an IPv6 address in octets. */
    public static final int ADDRESS_LENGTH = 16;
    /** Offset of the 32-bit word holding version, traffic class and flow label. */
    public static final int VERSION_TC_FLOW_OFFSET = 0;
    /** Offset of the payload length. */
    public static final int PAYLOAD_LENGTH_OFFSET = 4;
    /** Offset of the next header. */
    public static final int NEXT_HEADER_OFFSET = 6;
    /** Offset of the hop limit. */
    public static final int HOP_LIMIT_OFFSET = 7;
    /** Offset of the source address. */
    public static final int SOURCE_OFFSET = 8;
    /** Offset of the destination address. */
    public static final int DESTINATION_OFFSET = 24;
    /** Largest payload length the 16-bit field carries (RFC 8200 §3). */
    public static final int MAX_PAYLOAD_LENGTH = 0xFFFF;
    /** Next Header value of a Hop-by-Hop Options header (RFC 8200 §4.3). */
    public static final int NEXT_HEADER_HOP_BY_HOP = 0;
    /** Flow label mask, 20 bits (RFC 8200 §3, RFC 6437). */
    public static final int FLOW_LABEL_MASK = 0xF_FFFF;

    private MemorySegment segment;
    private long offset;

    /**
     * Point the flyweight at a received header and validate it: the fixed header fits before {@code limit}, the
     * version is 6, and the payload the payload length describes also fits (RFC 8200 §3). Octets after the
     * payload (link-layer padding) are allowed and are not part of the packet.
     *
     * @param segment holding the packet.
     * @param offset  of the IPv6 header.
     * @param limit   offset one past the last octet received.
     * @return {@link CodecStatus#OK}, {@link CodecStatus#TRUNCATED}, {@link CodecStatus#BAD_VERSION},
     *         {@link CodecStatus#UNSUPPORTED} (a jumbogram, RFC 2675 §2) or {@link CodecStatus#BAD_LENGTH}.
     */
    public int wrap(final MemorySegment segment, final long offset, final long limit)
    {
        this.segment = segment;
        this.offset = offset;
        if (limit - offset < LENGTH)
        {
            return CodecStatus.TRUNCATED;
        }
        if (version() != VERSION)
        {
            return CodecStatus.BAD_VERSION;
        }
        final int payloadLength = payloadLength();
        if (payloadLength == 0 && nextHeader() == NEXT_HEADER_HOP_BY_HOP)
        {
            // RFC 2675 §2: a zero payload length with a Hop-by-Hop header announces a Jumbo Payload option.
            return CodecStatus.UNSUPPORTED;
        }
        if (offset + LENGTH + payloadLength > limit)
        {
            return CodecStatus.BAD_LENGTH;
        }
        return CodecStatus.OK;
    }

    /**
     * Point the flyweight at a header to be written; nothing is validated.
     *
     * @param segment holding the packet.
     * @param offset  of the IPv6 header.
     * @return this for chaining.
     */
    public Ipv6Header wrapForEncode(final MemorySegment segment, final long offset)
    {
        this.segment = segment;
        this.offset = offset;
        return this;
    }

    /**
     * @return offset of the header in the segment.
     */
    public long offset()
    {
        return offset;
    }

    /**
     * @return the segment the flyweight is wrapped over.
     */
    public MemorySegment segment()
    {
        return segment;
    }

    /**
     * @return the version field, 6 for a valid header.
     */
    public int version()
    {
        return Bytes.u8(segment, offset + VERSION_TC_FLOW_OFFSET) >>> 4;
    }

    /**
     * @return the traffic class (RFC 8200 §7: DSCP in the high six bits, ECN in the low two).
     */
    public int trafficClass()
    {
        return (Bytes.i32(segment, offset + VERSION_TC_FLOW_OFFSET) >>> 20) & 0xFF;
    }

    /**
     * @return the 20-bit flow label (RFC 8200 §6, RFC 6437).
     */
    public int flowLabel()
    {
        return Bytes.i32(segment, offset + VERSION_TC_FLOW_OFFSET) & FLOW_LABEL_MASK;
    }

    /**
     * Write the first 32-bit word: version 6, traffic class and flow label.
     *
     * @param trafficClass low 8 bits are written.
     * @param flowLabel    low 20 bits are written.
     * @return this for chaining.
     */
    public Ipv6Header versionTrafficClassFlowLabel(final int trafficClass, final int flowLabel)
    {
        final int word = (VERSION << 28) | ((trafficClass & 0xFF) << 20) | (flowLabel & FLOW_LABEL_MASK);
        Bytes.put32(segment, offset + VERSION_TC_FLOW_OFFSET, word);
        return this;
    }

    /**
     * @param trafficClass low 8 bits are written; version and flow label are kept.
     * @return this for chaining.
     */
    public Ipv6Header trafficClass(final int trafficClass)
    {
        final int word = Bytes.i32(segment, offset + VERSION_TC_FLOW_OFFSET);
        Bytes.put32(segment, offset + VERSION_TC_FLOW_OFFSET, (word & 0xF00F_FFFF) | ((trafficClass & 0xFF) << 20));
        return this;
    }

    /**
     * @param flowLabel low 20 bits are written; version and traffic class are kept.
     * @return this for chaining.
     */
    public Ipv6Header flowLabel(final int flowLabel)
    {
        final int word = Bytes.i32(segment, offset + VERSION_TC_FLOW_OFFSET);
        final int label = flowLabel & FLOW_LABEL_MASK;
        Bytes.put32(segment, offset + VERSION_TC_FLOW_OFFSET, (word & ~FLOW_LABEL_MASK) | label);
        return this;
    }

    /**
     * @return the payload length: octets after the fixed header, extension headers included (RFC 8200 §3).
     */
    public int payloadLength()
    {
        return Bytes.u16(segment, offset + PAYLOAD_LENGTH_OFFSET);
    }

    /**
     * @param length octets after the fixed header, extension headers included.
     * @return this for chaining.
     */
    public Ipv6Header payloadLength(final int length)
    {
        Bytes.put16(segment, offset + PAYLOAD_LENGTH_OFFSET, length);
        return this;
    }

    /**
     * @return the next header: an extension header type or an upper-layer protocol number.
     */
    public int nextHeader()
    {
        return Bytes.u8(segment, offset + NEXT_HEADER_OFFSET);
    }

    /**
     * @param nextHeader the type of the header that follows.
     * @return this for chaining.
     */
    public Ipv6Header nextHeader(final int nextHeader)
    {
        Bytes.put8(segment, offset + NEXT_HEADER_OFFSET, nextHeader);
        return this;
    }

    /**
     * @return the hop limit.
     */
    public int hopLimit()
    {
        return Bytes.u8(segment, offset + HOP_LIMIT_OFFSET);
    }

    /**
     * @param hopLimit the hop limit.
     * @return this for chaining.
     */
    public Ipv6Header hopLimit(final int hopLimit)
    {
        Bytes.put8(segment, offset + HOP_LIMIT_OFFSET, hopLimit);
        return this;
    }

    /**
     * Decrement the hop limit by one when forwarding (RFC 8200 §3). A forwarder must not forward a packet whose
     * hop limit reaches zero and sends ICMPv6 Time Exceeded instead (RFC 4443 §3.3); that is the caller's call.
     * IPv6 has no header checksum to update.
     *
     * @return the new hop limit, or -1 when it was already zero (left unchanged).
     */
    public int decrementHopLimit()
    {
        final int hopLimit = hopLimit();
        if (hopLimit == 0)
        {
            return -1;
        }
        Bytes.put8(segment, offset + HOP_LIMIT_OFFSET, hopLimit - 1);
        return hopLimit - 1;
    }

    /**
     * @return offset of the first octet after the fixed header.
     */
    public long payloadOffset()
    {
        return offset + LENGTH;
    }

    /**
     * @return offset one past the packet's last octet, from the payload length.
     */
    public long end()
    {
        return offset + LENGTH + payloadLength();
    }

    /**
     * @return offset of the 16-octet source address in the segment.
     */
    public long sourceOffset()
    {
        return offset + SOURCE_OFFSET;
    }

    /**
     * @return offset of the 16-octet destination address in the segment.
     */
    public long destinationOffset()
    {
        return offset + DESTINATION_OFFSET;
    }

    /**
     * @return octets 0..7 of the source address as a big-endian long.
     */
    public long sourceHigh()
    {
        return Bytes.i64(segment, offset + SOURCE_OFFSET);
    }

    /**
     * @return octets 8..15 of the source address as a big-endian long.
     */
    public long sourceLow()
    {
        return Bytes.i64(segment, offset + SOURCE_OFFSET + 8);
    }

    /**
     * @return octets 0..7 of the destination address as a big-endian long.
     */
    public long destinationHigh()
    {
        return Bytes.i64(segment, offset + DESTINATION_OFFSET);
    }

    /**
     * @return octets 8..15 of the destination address as a big-endian long.
     */
    public long destinationLow()
    {
        return Bytes.i64(segment, offset + DESTINATION_OFFSET + 8);
    }

    /**
     * @param high octets 0..7 of the source address.
     * @param low  octets 8..15 of the source address.
     * @return this for chaining.
     */
    public Ipv6Header source(final long high, final long low)
    {
        Bytes.put64(segment, offset + SOURCE_OFFSET, high);
        Bytes.put64(segment, offset + SOURCE_OFFSET + 8, low);
        return this;
    }

    /**
     * @param high octets 0..7 of the destination address.
     * @param low  octets 8..15 of the destination address.
     * @return this for chaining.
     */
    public Ipv6Header destination(final long high, final long low)
    {
        Bytes.put64(segment, offset + DESTINATION_OFFSET, high);
        Bytes.put64(segment, offset + DESTINATION_OFFSET + 8, low);
        return this;
    }

    /**
     * @param src       segment holding a 16-octet address.
     * @param srcOffset offset of the address.
     * @return this for chaining.
     */
    public Ipv6Header source(final MemorySegment src, final long srcOffset)
    {
        Bytes.copy(src, srcOffset, segment, offset + SOURCE_OFFSET, ADDRESS_LENGTH);
        return this;
    }

    /**
     * @param src       segment holding a 16-octet address.
     * @param srcOffset offset of the address.
     * @return this for chaining.
     */
    public Ipv6Header destination(final MemorySegment src, final long srcOffset)
    {
        Bytes.copy(src, srcOffset, segment, offset + DESTINATION_OFFSET, ADDRESS_LENGTH);
        return this;
    }

    /**
     * @param dst       segment to copy the 16-octet source address into.
     * @param dstOffset offset in {@code dst}.
     */
    public void copySource(final MemorySegment dst, final long dstOffset)
    {
        Bytes.copy(segment, offset + SOURCE_OFFSET, dst, dstOffset, ADDRESS_LENGTH);
    }

    /**
     * @param dst       segment to copy the 16-octet destination address into.
     * @param dstOffset offset in {@code dst}.
     */
    public void copyDestination(final MemorySegment dst, final long dstOffset)
    {
        Bytes.copy(segment, offset + DESTINATION_OFFSET, dst, dstOffset, ADDRESS_LENGTH);
    }

    /**
     * @param high octets 0..7 of an address.
     * @param low  octets 8..15 of an address.
     * @return true when the source address equals it.
     */
    public boolean sourceEquals(final long high, final long low)
    {
        return sourceHigh() == high && sourceLow() == low;
    }

    /**
     * @param high octets 0..7 of an address.
     * @param low  octets 8..15 of an address.
     * @return true when the destination address equals it.
     */
    public boolean destinationEquals(final long high, final long low)
    {
        return destinationHigh() == high && destinationLow() == low;
    }

    /**
     * Compare two 16-octet addresses anywhere in (possibly the same) segments, without allocating.
     *
     * @param a       first segment.
     * @param aOffset offset of the first address.
     * @param b       second segment.
     * @param bOffset offset of the second address.
     * @return true when the 16 octets are equal.
     */
    public static boolean addressEquals(
        final MemorySegment a, final long aOffset, final MemorySegment b, final long bOffset)
    {
        return Bytes.i64(a, aOffset) == Bytes.i64(b, bOffset) && Bytes.i64(a, aOffset + 8) == Bytes.i64(b, bOffset + 8);
    }

    /**
     * @param segment holding the address.
     * @param offset  of a 16-octet address.
     * @return true for a multicast address, prefix ff00::/8 (RFC 4291 §2.7).
     */
    public static boolean isMulticast(final MemorySegment segment, final long offset)
    {
        return Bytes.u8(segment, offset) == 0xFF;
    }
}
