package dsmipha.common.codec.mh;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.Bytes;

/**
 * Mobile Network Prefix option, type 6 (RFC 3963 §4.3): a prefix served by a mobile router, in a NEMO Binding
 * Update (explicit mode). Alignment 8n+4, length 18.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *                                  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                  |   Type = 6    |  Length = 18  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Reserved    | Prefix Length |                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 *  |                                                               |
 *  +                   Mobile Network Prefix                       +
 *  |                                                               |
 *  +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Not thread safe: one instance per worker.
 */
public final class MobileNetworkPrefixOption extends MobilityOption
{
    /** Option type. */
    public static final int TYPE = 6;
    /** Option length (RFC 3963 §4.3). */
    public static final int LENGTH = 18;
    /** x of the 8n+4 alignment rule (RFC 3963 §4.3). */
    public static final int ALIGNMENT_MODULUS = 8;
    /** y of the 8n+4 alignment rule. */
    public static final int ALIGNMENT_REMAINDER = 4;
    /** Offset of the Reserved octet from the option start. */
    public static final int RESERVED_OFFSET = 2;
    /** Offset of the Prefix Length octet from the option start. */
    public static final int PREFIX_LENGTH_OFFSET = 3;
    /** Offset of the 16-octet prefix from the option start. */
    public static final int PREFIX_OFFSET = 4;

    /**
     * @param options an iterator whose {@link MobilityOptionIterator#next()} just returned {@link #TYPE}.
     * @return this for chaining.
     */
    public MobileNetworkPrefixOption wrap(final MobilityOptionIterator options)
    {
        wrapAt(options.segment(), options.offset());
        return this;
    }

    /**
     * @param segment holding the option.
     * @param offset  of the option type octet.
     * @return this for chaining.
     */
    public MobileNetworkPrefixOption wrap(final MemorySegment segment, final long offset)
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
    public MobileNetworkPrefixOption appendTo(final MobilityHeader header)
    {
        wrapAt(header.segment(), header.appendOption(TYPE, LENGTH, ALIGNMENT_MODULUS, ALIGNMENT_REMAINDER));
        return this;
    }

    /**
     * @return the Reserved octet (sent as zero, ignored on receipt).
     */
    public int reserved()
    {
        return Bytes.u8(segment, offset + RESERVED_OFFSET);
    }

    /**
     * @return the Prefix Length in bits.
     */
    public int prefixLength()
    {
        return Bytes.u8(segment, offset + PREFIX_LENGTH_OFFSET);
    }

    /**
     * @param bits the Prefix Length.
     * @return this for chaining.
     */
    public MobileNetworkPrefixOption prefixLength(final int bits)
    {
        Bytes.put8(segment, offset + PREFIX_LENGTH_OFFSET, bits);
        return this;
    }

    /**
     * @return offset of the 16-octet prefix.
     */
    public long prefixOffset()
    {
        return offset + PREFIX_OFFSET;
    }

    /**
     * @param dst   array to copy the 16-octet prefix into.
     * @param index first index in the array.
     */
    public void getPrefix(final byte[] dst, final int index)
    {
        getAddress16(prefixOffset(), dst, index);
    }

    /**
     * @param src   array holding the 16-octet prefix.
     * @param index first index in the array.
     * @return this for chaining.
     */
    public MobileNetworkPrefixOption prefix(final byte[] src, final int index)
    {
        putAddress16(prefixOffset(), src, index);
        return this;
    }
}
