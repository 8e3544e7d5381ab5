package dsmipha.common.codec;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over the Type 2 Routing header (RFC 6275 §6.4): a correspondent node or home agent sends a packet to
 * a mobile node's care-of address (the IPv6 destination) and names the home address as the one remaining hop.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Next Header  | Hdr Ext Len=2 | Routing Type=2|Segments Left=1|
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                            Reserved                           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |
 *  +                                                               +
 *  |                                                               |
 *  +                         Home Address                          +
 *  |                                                               |
 *  +                                                               +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * RFC 6275 §6.4: Hdr Ext Len is 2 and Segments Left is 1 as sent; the mobile node that consumes the header sees
 * 0 afterwards. Any other Hdr Ext Len, or Segments Left above 1, is malformed. While Segments Left is 1 the
 * home address is the final destination used in upper-layer pseudo-header checksums (RFC 8200 §8.1).
 * <p>
 * Not thread safe: one instance per worker.
 */
public final class Type2RoutingHeader
{
    /** Length of the header in octets. */
    public static final int LENGTH = 24;
    /** Next Header value of a Routing header (RFC 8200 §4.4). */
    public static final int NEXT_HEADER_ROUTING = 43;
    /** Routing Type of this header (RFC 6275 §6.4). */
    public static final int ROUTING_TYPE = 2;
    /** Hdr Ext Len of this header: one address, 2 units of 8 octets (RFC 6275 §6.4). */
    public static final int HDR_EXT_LEN = 2;
    /** Segments Left as sent (RFC 6275 §6.4). */
    public static final int SEGMENTS_LEFT = 1;
    /** Offset of the next header. */
    public static final int NEXT_HEADER_OFFSET = 0;
    /** Offset of the header extension length. */
    public static final int HDR_EXT_LEN_OFFSET = 1;
    /** Offset of the routing type. */
    public static final int ROUTING_TYPE_OFFSET = 2;
    /** Offset of segments left. */
    public static final int SEGMENTS_LEFT_OFFSET = 3;
    /** Offset of the 32-bit reserved field. */
    public static final int RESERVED_OFFSET = 4;
    /** Offset of the home address. */
    public static final int HOME_ADDRESS_OFFSET = 8;

    private MemorySegment segment;
    private long offset;

    /**
     * Point the flyweight at a received header and validate it.
     *
     * @param segment holding the packet.
     * @param offset  of the routing header.
     * @param limit   offset one past the end of the packet.
     * @return {@link CodecStatus#OK}, {@link CodecStatus#TRUNCATED} (fewer than 8 octets),
     *         {@link CodecStatus#BAD_FIELD} (routing type not 2, or segments left above 1) or
     *         {@link CodecStatus#BAD_LENGTH} (Hdr Ext Len not 2, or the header runs past {@code limit}).
     */
    public int wrap(final MemorySegment segment, final long offset, final long limit)
    {
        this.segment = segment;
        this.offset = offset;
        if (limit - offset < 8)
        {
            return CodecStatus.TRUNCATED;
        }
        if (routingType() != ROUTING_TYPE)
        {
            return CodecStatus.BAD_FIELD;
        }
        return validate(segment, offset, limit);
    }

    /**
     * Check the fields of a Routing header already known to be of type 2 with at least 8 octets before
     * {@code limit}.
     *
     * @param segment holding the packet.
     * @param offset  of the routing header.
     * @param limit   offset one past the end of the packet.
     * @return {@link CodecStatus#OK}, {@link CodecStatus#BAD_LENGTH} or {@link CodecStatus#BAD_FIELD}.
     */
    static int validate(final MemorySegment segment, final long offset, final long limit)
    {
        if (Bytes.u8(segment, offset + HDR_EXT_LEN_OFFSET) != HDR_EXT_LEN || limit - offset < LENGTH)
        {
            return CodecStatus.BAD_LENGTH;
        }
        if (Bytes.u8(segment, offset + SEGMENTS_LEFT_OFFSET) > SEGMENTS_LEFT)
        {
            return CodecStatus.BAD_FIELD;
        }
        return CodecStatus.OK;
    }

    /**
     * Point the flyweight at a header to be written; nothing is validated.
     *
     * @param segment holding the packet.
     * @param offset  of the routing header.
     * @return this for chaining.
     */
    public Type2RoutingHeader wrapForEncode(final MemorySegment segment, final long offset)
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
     * @return the type of the header that follows.
     */
    public int nextHeader()
    {
        return Bytes.u8(segment, offset + NEXT_HEADER_OFFSET);
    }

    /**
     * @param nextHeader the type of the header that follows.
     * @return this for chaining.
     */
    public Type2RoutingHeader nextHeader(final int nextHeader)
    {
        Bytes.put8(segment, offset + NEXT_HEADER_OFFSET, nextHeader);
        return this;
    }

    /**
     * @return the header extension length, 2.
     */
    public int hdrExtLen()
    {
        return Bytes.u8(segment, offset + HDR_EXT_LEN_OFFSET);
    }

    /**
     * @return the routing type, 2.
     */
    public int routingType()
    {
        return Bytes.u8(segment, offset + ROUTING_TYPE_OFFSET);
    }

    /**
     * @return segments left: 1 as sent, 0 once the mobile node has processed the header.
     */
    public int segmentsLeft()
    {
        return Bytes.u8(segment, offset + SEGMENTS_LEFT_OFFSET);
    }

    /**
     * @param segmentsLeft 1 to send, 0 once processed.
     * @return this for chaining.
     */
    public Type2RoutingHeader segmentsLeft(final int segmentsLeft)
    {
        Bytes.put8(segment, offset + SEGMENTS_LEFT_OFFSET, segmentsLeft);
        return this;
    }

    /**
     * @return the reserved field (zero when sent, ignored on receipt, RFC 6275 §6.4).
     */
    public long reserved()
    {
        return Bytes.u32(segment, offset + RESERVED_OFFSET);
    }

    /**
     * @return offset of the 16-octet home address in the segment.
     */
    public long homeAddressOffset()
    {
        return offset + HOME_ADDRESS_OFFSET;
    }

    /**
     * @return octets 0..7 of the home address as a big-endian long.
     */
    public long homeAddressHigh()
    {
        return Bytes.i64(segment, offset + HOME_ADDRESS_OFFSET);
    }

    /**
     * @return octets 8..15 of the home address as a big-endian long.
     */
    public long homeAddressLow()
    {
        return Bytes.i64(segment, offset + HOME_ADDRESS_OFFSET + 8);
    }

    /**
     * @param high octets 0..7 of the home address.
     * @param low  octets 8..15 of the home address.
     * @return this for chaining.
     */
    public Type2RoutingHeader homeAddress(final long high, final long low)
    {
        Bytes.put64(segment, offset + HOME_ADDRESS_OFFSET, high);
        Bytes.put64(segment, offset + HOME_ADDRESS_OFFSET + 8, low);
        return this;
    }

    /**
     * Write a complete Type 2 Routing header with one home address and Segments Left 1 (RFC 6275 §6.4).
     *
     * @param segment    to write.
     * @param offset     of the routing header.
     * @param nextHeader the type of the header that follows.
     * @param high       octets 0..7 of the home address.
     * @param low        octets 8..15 of the home address.
     * @return the header length written, {@link #LENGTH}.
     */
    public static int encode(
        final MemorySegment segment, final long offset, final int nextHeader, final long high, final long low)
    {
        Bytes.put8(segment, offset + NEXT_HEADER_OFFSET, nextHeader);
        Bytes.put8(segment, offset + HDR_EXT_LEN_OFFSET, HDR_EXT_LEN);
        Bytes.put8(segment, offset + ROUTING_TYPE_OFFSET, ROUTING_TYPE);
        Bytes.put8(segment, offset + SEGMENTS_LEFT_OFFSET, SEGMENTS_LEFT);
        Bytes.put32(segment, offset + RESERVED_OFFSET, 0);
        Bytes.put64(segment, offset + HOME_ADDRESS_OFFSET, high);
        Bytes.put64(segment, offset + HOME_ADDRESS_OFFSET + 8, low);
        return LENGTH;
    }

    /**
     * As {@link #encode(MemorySegment, long, int, long, long)}, copying the home address from a segment.
     *
     * @param segment       to write.
     * @param offset        of the routing header.
     * @param nextHeader    the type of the header that follows.
     * @param address       segment holding the 16-octet home address.
     * @param addressOffset offset of the home address.
     * @return the header length written, {@link #LENGTH}.
     */
    public static int encode(
        final MemorySegment segment,
        final long offset,
        final int nextHeader,
        final MemorySegment address,
        final long addressOffset)
    {
        final long high = Bytes.i64(address, addressOffset);
        return encode(segment, offset, nextHeader, high, Bytes.i64(address, addressOffset + 8));
    }
}
