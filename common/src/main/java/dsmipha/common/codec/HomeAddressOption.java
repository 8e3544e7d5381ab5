package dsmipha.common.codec;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over the Home Address destination option (RFC 6275 §6.3), carried in a Destination Options header
 * (RFC 8200 §4.6) by a mobile node away from home: the IPv6 source is its care-of address, the option its home
 * address.
 * <pre>
 *                                  0                   1                   2                   3
 *                                  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *                                 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                 |  Option Type  | Option Length |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |
 *  +                                                               +
 *  |                                                               |
 *  +                          Home Address                         +
 *  |                                                               |
 *  +                                                               +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Option Type 201 (0xC9): the high bits 11 tell a node that does not know it to discard the packet and send ICMP
 * Parameter Problem code 2 unless the destination is multicast (RFC 8200 §4.2). Option Length 16. The alignment
 * requirement is 8n+6 (RFC 6275 §6.3), so the address starts on an 8-octet boundary of the header.
 * <p>
 * The smallest Destination Options header carrying it, as {@link #encodeDestinationOptions} writes it:
 * <pre>
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Next Header  | Hdr Ext Len=2 | PadN Type=1   | Opt Data Len=2|
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |       0       |       0       | Type=201      | Length=16     |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   Home Address (16 octets)                    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Not thread safe: one instance per worker.
 */
public final class HomeAddressOption
{
    /** Option Type of the Home Address option (RFC 6275 §6.3, IANA: 0xC9). */
    public static final int OPTION_TYPE = 201;
    /** Option Length: the home address (RFC 6275 §6.3). */
    public static final int OPTION_DATA_LENGTH = 16;
    /** Total length of the option with its type and length octets. */
    public static final int LENGTH = 2 + OPTION_DATA_LENGTH;
    /** Offset of the option type. */
    public static final int TYPE_OFFSET = 0;
    /** Offset of the option length. */
    public static final int OPTION_LENGTH_OFFSET = 1;
    /** Offset of the home address. */
    public static final int HOME_ADDRESS_OFFSET = 2;
    /** Alignment modulus of the option type octet from the start of its header (RFC 6275 §6.3: 8n+6). */
    public static final int ALIGNMENT = 8;
    /** Alignment remainder of the option type octet (RFC 6275 §6.3: 8n+6). */
    public static final int ALIGNMENT_OFFSET = 6;
    /** Next Header value of a Destination Options header (RFC 8200 §4.6). */
    public static final int DESTINATION_OPTIONS = 60;
    /** Length of the Destination Options header {@link #encodeDestinationOptions} writes. */
    public static final int DESTINATION_OPTIONS_LENGTH = 24;

    private static final int PADN = 1;

    private MemorySegment segment;
    private long offset;

    /**
     * Point the flyweight at a received option (at its Option Type octet) and validate it.
     *
     * @param segment      holding the packet.
     * @param headerOffset offset of the enclosing Destination Options header, for the alignment check.
     * @param offset       of the option type octet.
     * @param limit        offset one past the end of the enclosing header.
     * @return {@link CodecStatus#OK}, {@link CodecStatus#TRUNCATED} (no room for type and length),
     *         {@link CodecStatus#BAD_FIELD} (not option 201), {@link CodecStatus#BAD_OPTION} (length not 16, or the
     *         option overruns its header, RFC 8200 §4.2) or {@link CodecStatus#BAD_ALIGNMENT} (not at 8n+6).
     */
    public int wrap(final MemorySegment segment, final long headerOffset, final long offset, final long limit)
    {
        this.segment = segment;
        this.offset = offset;
        if (limit - offset < 2)
        {
            return CodecStatus.TRUNCATED;
        }
        if (optionType() != OPTION_TYPE)
        {
            return CodecStatus.BAD_FIELD;
        }
        if (optionLength() != OPTION_DATA_LENGTH || limit - offset < LENGTH)
        {
            return CodecStatus.BAD_OPTION;
        }
        if (!isAligned(headerOffset, offset))
        {
            return CodecStatus.BAD_ALIGNMENT;
        }
        return CodecStatus.OK;
    }

    /**
     * Point the flyweight at an option to be written; nothing is validated.
     *
     * @param segment holding the packet.
     * @param offset  of the option type octet.
     * @return this for chaining.
     */
    public HomeAddressOption wrapForEncode(final MemorySegment segment, final long offset)
    {
        this.segment = segment;
        this.offset = offset;
        return this;
    }

    /**
     * @param headerOffset offset of the enclosing options header.
     * @param optionOffset offset of the option type octet.
     * @return true when the option sits at 8n+6 from the start of its header (RFC 6275 §6.3).
     */
    public static boolean isAligned(final long headerOffset, final long optionOffset)
    {
        return ((optionOffset - headerOffset) & (ALIGNMENT - 1)) == ALIGNMENT_OFFSET;
    }

    /**
     * @return offset of the option type octet in the segment.
     */
    public long offset()
    {
        return offset;
    }

    /**
     * @return the option type, 201.
     */
    public int optionType()
    {
        return Bytes.u8(segment, offset + TYPE_OFFSET);
    }

    /**
     * @return the option length, 16.
     */
    public int optionLength()
    {
        return Bytes.u8(segment, offset + OPTION_LENGTH_OFFSET);
    }

    /**
     * Write the option type (201) and length (16).
     *
     * @return this for chaining.
     */
    public HomeAddressOption typeAndLength()
    {
        Bytes.put8(segment, offset + TYPE_OFFSET, OPTION_TYPE);
        Bytes.put8(segment, offset + OPTION_LENGTH_OFFSET, OPTION_DATA_LENGTH);
        return this;
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
    public HomeAddressOption homeAddress(final long high, final long low)
    {
        Bytes.put64(segment, offset + HOME_ADDRESS_OFFSET, high);
        Bytes.put64(segment, offset + HOME_ADDRESS_OFFSET + 8, low);
        return this;
    }

    /**
     * Write a Destination Options header holding only the Home Address option: a 4-octet PadN puts the option at
     * offset 6 (8n+6, RFC 6275 §6.3) and the header ends on 24 octets, a multiple of 8 (RFC 8200 §4.6).
     *
     * @param segment    to write.
     * @param offset     of the Destination Options header.
     * @param nextHeader the type of the header that follows.
     * @param high       octets 0..7 of the home address.
     * @param low        octets 8..15 of the home address.
     * @return the header length written, {@link #DESTINATION_OPTIONS_LENGTH}.
     */
    public static int encodeDestinationOptions(
        final MemorySegment segment, final long offset, final int nextHeader, final long high, final long low)
    {
        Bytes.put8(segment, offset, nextHeader);
        // Hdr Ext Len counts 8-octet units after the first 8 (RFC 8200 §4.6).
        Bytes.put8(segment, offset + 1, DESTINATION_OPTIONS_LENGTH / 8 - 1);
        // PadN with two zero data octets (RFC 8200 §4.2) fills offsets 2..5.
        Bytes.put8(segment, offset + 2, PADN);
        Bytes.put8(segment, offset + 3, 2);
        Bytes.put16(segment, offset + 4, 0);
        Bytes.put8(segment, offset + 6, OPTION_TYPE);
        Bytes.put8(segment, offset + 7, OPTION_DATA_LENGTH);
        Bytes.put64(segment, offset + 8, high);
        Bytes.put64(segment, offset + 16, low);
        return DESTINATION_OPTIONS_LENGTH;
    }

    /**
     * As {@link #encodeDestinationOptions(MemorySegment, long, int, long, long)}, copying the home address from
     * a segment.
     *
     * @param segment       to write.
     * @param offset        of the Destination Options header.
     * @param nextHeader    the type of the header that follows.
     * @param address       segment holding the 16-octet home address.
     * @param addressOffset offset of the home address.
     * @return the header length written, {@link #DESTINATION_OPTIONS_LENGTH}.
     */
    public static int encodeDestinationOptions(
        final MemorySegment segment,
        final long offset,
        final int nextHeader,
        final MemorySegment address,
        final long addressOffset)
    {
        return encodeDestinationOptions(
            segment, offset, nextHeader, Bytes.i64(address, addressOffset), Bytes.i64(address, addressOffset + 8));
    }
}
