package dsmipha.common.codec.mh;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.Bytes;

/**
 * IPv4 Address Acknowledgement option, type 30 (RFC 5555 §3.2.1): in a Binding Acknowledgement, whether a binding
 * was created for the IPv4 home address, and the address (assigned dynamically or copied from the Binding Update).
 * Alignment 4n, length 6.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Type = 30   |   Length = 6  |    Status     | Pref-len  |Res|
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     IPv4 home address                         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Status below 128 is success; Pref-len is only meaningful on success and zero on failure (RFC 5555 §3.2.1).
 * <p>
 * Not thread safe: one instance per worker.
 */
public final class Ipv4AddressAcknowledgementOption extends MobilityOption
{
    /** Option type (RFC 5555, IANA). */
    public static final int TYPE = 30;
    /** Option length (RFC 5555 §3.2.1). */
    public static final int LENGTH = 6;
    /** x of the 4n alignment rule (RFC 5555 §3.2.1). */
    public static final int ALIGNMENT_MODULUS = 4;
    /** y of the 4n alignment rule. */
    public static final int ALIGNMENT_REMAINDER = 0;
    /** Offset of the Status octet from the option start. */
    public static final int STATUS_OFFSET = 2;
    /** Offset of the Pref-len / Res octet from the option start. */
    public static final int PREFIX_LENGTH_OFFSET = 3;
    /** Offset of the IPv4 home address from the option start. */
    public static final int ADDRESS_OFFSET = 4;

    /** Status: success (RFC 5555 §3.2.1; 0-127 are success). */
    public static final int STATUS_SUCCESS = 0;
    /** Status: failure, reason unspecified. */
    public static final int STATUS_FAILURE_UNSPECIFIED = 128;
    /** Status: administratively prohibited. */
    public static final int STATUS_ADMINISTRATIVELY_PROHIBITED = 129;
    /** Status: incorrect IPv4 home address. */
    public static final int STATUS_INCORRECT_IPV4_HOME_ADDRESS = 130;
    /** Status: invalid IPv4 address. */
    public static final int STATUS_INVALID_IPV4_ADDRESS = 131;
    /** Status: dynamic IPv4 home address assignment not available. */
    public static final int STATUS_DYNAMIC_ASSIGNMENT_NOT_AVAILABLE = 132;
    /** Status: prefix allocation unauthorized. */
    public static final int STATUS_PREFIX_ALLOCATION_UNAUTHORIZED = 133;
    /** Status values at or above this one are failures. */
    public static final int STATUS_FIRST_FAILURE = 128;

    private static final int PREFIX_LENGTH_SHIFT = 2;
    private static final int PREFIX_LENGTH_MASK = 0x3F;
    private static final int RESERVED_MASK = 0x03;

    /**
     * @param options an iterator whose {@link MobilityOptionIterator#next()} just returned {@link #TYPE}.
     * @return this for chaining.
     */
    public Ipv4AddressAcknowledgementOption wrap(final MobilityOptionIterator options)
    {
        wrapAt(options.segment(), options.offset());
        return this;
    }

    /**
     * @param segment holding the option.
     * @param offset  of the option type octet.
     * @return this for chaining.
     */
    public Ipv4AddressAcknowledgementOption wrap(final MemorySegment segment, final long offset)
    {
        wrapAt(segment, offset);
        return this;
    }

    /**
     * Append the option, aligned, to a message being built.
     *
     * @param header the header being built.
     * @return this, wrapped at the new option, for chaining.
     */
    public Ipv4AddressAcknowledgementOption appendTo(final MobilityHeader header)
    {
        wrapAt(header.segment(), header.appendOption(TYPE, LENGTH, ALIGNMENT_MODULUS, ALIGNMENT_REMAINDER));
        return this;
    }

    /**
     * @return the Status octet.
     */
    public int status()
    {
        return Bytes.u8(segment, offset + STATUS_OFFSET);
    }

    /**
     * @param status the Status octet.
     * @return this for chaining.
     */
    public Ipv4AddressAcknowledgementOption status(final int status)
    {
        Bytes.put8(segment, offset + STATUS_OFFSET, status);
        return this;
    }

    /**
     * @return true when the status is success (below 128).
     */
    public boolean success()
    {
        return status() < STATUS_FIRST_FAILURE;
    }

    /**
     * @return the 6-bit Pref-len of the address allocated.
     */
    public int prefixLength()
    {
        return (Bytes.u8(segment, offset + PREFIX_LENGTH_OFFSET) >>> PREFIX_LENGTH_SHIFT) & PREFIX_LENGTH_MASK;
    }

    /**
     * @param bits the Pref-len, 0 to 32; the reserved bits are written as zero.
     * @return this for chaining.
     */
    public Ipv4AddressAcknowledgementOption prefixLength(final int bits)
    {
        Bytes.put8(segment, offset + PREFIX_LENGTH_OFFSET, (bits & PREFIX_LENGTH_MASK) << PREFIX_LENGTH_SHIFT);
        return this;
    }

    /**
     * @return the 2 reserved bits (sent as zero, ignored on receipt).
     */
    public int reserved()
    {
        return Bytes.u8(segment, offset + PREFIX_LENGTH_OFFSET) & RESERVED_MASK;
    }

    /**
     * @return the IPv4 home address in network order as an int.
     */
    public int address()
    {
        return Bytes.i32(segment, offset + ADDRESS_OFFSET);
    }

    /**
     * @param address the IPv4 home address.
     * @return this for chaining.
     */
    public Ipv4AddressAcknowledgementOption address(final int address)
    {
        Bytes.put32(segment, offset + ADDRESS_OFFSET, address);
        return this;
    }

    /**
     * @return offset of the IPv4 home address.
     */
    public long addressOffset()
    {
        return offset + ADDRESS_OFFSET;
    }
}
