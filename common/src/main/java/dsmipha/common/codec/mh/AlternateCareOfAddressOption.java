package dsmipha.common.codec.mh;

import java.lang.foreign.MemorySegment;

/**
 * Alternate Care-of Address option, type 3 (RFC 6275 §6.2.5): in a Binding Update, the care-of address to use
 * instead of the packet's source address. Alignment 8n+6, length 16.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *                                  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                  |   Type = 3    |  Length = 16  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |
 *  +                   Alternate Care-of Address                   +
 *  |                          (128 bits)                           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Not thread safe: one instance per worker.
 */
public final class AlternateCareOfAddressOption extends MobilityOption
{
    /** Option type. */
    public static final int TYPE = 3;
    /** Option length (RFC 6275 §6.2.5). */
    public static final int LENGTH = 16;
    /** x of the 8n+6 alignment rule (RFC 6275 §6.2.5). */
    public static final int ALIGNMENT_MODULUS = 8;
    /** y of the 8n+6 alignment rule. */
    public static final int ALIGNMENT_REMAINDER = 6;
    /** Offset of the address from the option start. */
    public static final int ADDRESS_OFFSET = 2;

    /**
     * @param options an iterator whose {@link MobilityOptionIterator#next()} just returned {@link #TYPE}.
     * @return this for chaining.
     */
    public AlternateCareOfAddressOption wrap(final MobilityOptionIterator options)
    {
        wrapAt(options.segment(), options.offset());
        return this;
    }

    /**
     * @param segment holding the option.
     * @param offset  of the option type octet.
     * @return this for chaining.
     */
    public AlternateCareOfAddressOption wrap(final MemorySegment segment, final long offset)
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
    public AlternateCareOfAddressOption appendTo(final MobilityHeader header)
    {
        wrapAt(header.segment(), header.appendOption(TYPE, LENGTH, ALIGNMENT_MODULUS, ALIGNMENT_REMAINDER));
        return this;
    }

    /**
     * @return offset of the 16-octet alternate care-of address.
     */
    public long addressOffset()
    {
        return offset + ADDRESS_OFFSET;
    }

    /**
     * @param dst   array to copy the 16-octet address into.
     * @param index first index in the array.
     */
    public void getAddress(final byte[] dst, final int index)
    {
        getAddress16(addressOffset(), dst, index);
    }

    /**
     * @param src   array holding the 16-octet address.
     * @param index first index in the array.
     * @return this for chaining.
     */
    public AlternateCareOfAddressOption address(final byte[] src, final int index)
    {
        putAddress16(addressOffset(), src, index);
        return this;
    }
}
