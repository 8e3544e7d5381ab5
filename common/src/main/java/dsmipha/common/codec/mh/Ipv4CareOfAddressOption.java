package dsmipha.common.codec.mh;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.Bytes;

/**
 * IPv4 Care-of Address option, type 32 (RFC 5555 §3.1.2): in a Binding Update sent from an IPv4-only network, the
 * mobile node's IPv4 care-of address; the home agent compares it with the outer IPv4 source to detect a NAT.
 * Alignment 4n, length 6.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Type = 32   |   Length = 6  |           Reserved            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     IPv4 Care-of address                      |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Not thread safe: one instance per worker.
 */
public final class Ipv4CareOfAddressOption extends MobilityOption
{
    /** Option type (RFC 5555, IANA). */
    public static final int TYPE = 32;
    /** Option length (RFC 5555 §3.1.2). */
    public static final int LENGTH = 6;
    /** x of the 4n alignment rule (RFC 5555 §3.1.2). */
    public static final int ALIGNMENT_MODULUS = 4;
    /** y of the 4n alignment rule. */
    public static final int ALIGNMENT_REMAINDER = 0;
    /** Offset of the 16-bit Reserved field from the option start. */
    public static final int RESERVED_OFFSET = 2;
    /** Offset of the IPv4 care-of address from the option start. */
    public static final int ADDRESS_OFFSET = 4;

    /**
     * @param options an iterator whose {@link MobilityOptionIterator#next()} just returned {@link #TYPE}.
     * @return this for chaining.
     */
    public Ipv4CareOfAddressOption wrap(final MobilityOptionIterator options)
    {
        wrapAt(options.segment(), options.offset());
        return this;
    }

    /**
     * @param segment holding the option.
     * @param offset  of the option type octet.
     * @return this for chaining.
     */
    public Ipv4CareOfAddressOption wrap(final MemorySegment segment, final long offset)
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
    public Ipv4CareOfAddressOption appendTo(final MobilityHeader header)
    {
        wrapAt(header.segment(), header.appendOption(TYPE, LENGTH, ALIGNMENT_MODULUS, ALIGNMENT_REMAINDER));
        return this;
    }

    /**
     * @return the Reserved field (sent as zero, ignored on receipt).
     */
    public int reserved()
    {
        return Bytes.u16(segment, offset + RESERVED_OFFSET);
    }

    /**
     * @return the IPv4 care-of address in network order as an int.
     */
    public int address()
    {
        return Bytes.i32(segment, offset + ADDRESS_OFFSET);
    }

    /**
     * @param address the IPv4 care-of address.
     * @return this for chaining.
     */
    public Ipv4CareOfAddressOption address(final int address)
    {
        Bytes.put32(segment, offset + ADDRESS_OFFSET, address);
        return this;
    }

    /**
     * @return offset of the IPv4 care-of address.
     */
    public long addressOffset()
    {
        return offset + ADDRESS_OFFSET;
    }
}
