package dsmipha.common.codec.mh;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.Bytes;

/**
 * Nonce Indices option, type 4 (RFC 6275 §6.2.6): in a Binding Update to a correspondent node, the nonces used to
 * build the home and care-of keygen tokens. Alignment 2n, length 4.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *                                  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                  |   Type = 4    |   Length = 4  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Home Nonce Index      |     Care-of Nonce Index       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Not thread safe: one instance per worker.
 */
public final class NonceIndicesOption extends MobilityOption
{
    /** Option type. */
    public static final int TYPE = 4;
    /** Option length (RFC 6275 §6.2.6). */
    public static final int LENGTH = 4;
    /** x of the 2n alignment rule (RFC 6275 §6.2.6). */
    public static final int ALIGNMENT_MODULUS = 2;
    /** y of the 2n alignment rule. */
    public static final int ALIGNMENT_REMAINDER = 0;
    /** Offset of the Home Nonce Index from the option start. */
    public static final int HOME_NONCE_INDEX_OFFSET = 2;
    /** Offset of the Care-of Nonce Index from the option start. */
    public static final int CARE_OF_NONCE_INDEX_OFFSET = 4;

    /**
     * @param options an iterator whose {@link MobilityOptionIterator#next()} just returned {@link #TYPE}.
     * @return this for chaining.
     */
    public NonceIndicesOption wrap(final MobilityOptionIterator options)
    {
        wrapAt(options.segment(), options.offset());
        return this;
    }

    /**
     * @param segment holding the option.
     * @param offset  of the option type octet.
     * @return this for chaining.
     */
    public NonceIndicesOption wrap(final MemorySegment segment, final long offset)
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
    public NonceIndicesOption appendTo(final MobilityHeader header)
    {
        wrapAt(header.segment(), header.appendOption(TYPE, LENGTH, ALIGNMENT_MODULUS, ALIGNMENT_REMAINDER));
        return this;
    }

    /**
     * @return the Home Nonce Index.
     */
    public int homeNonceIndex()
    {
        return Bytes.u16(segment, offset + HOME_NONCE_INDEX_OFFSET);
    }

    /**
     * @param index the Home Nonce Index.
     * @return this for chaining.
     */
    public NonceIndicesOption homeNonceIndex(final int index)
    {
        Bytes.put16(segment, offset + HOME_NONCE_INDEX_OFFSET, index);
        return this;
    }

    /**
     * @return the Care-of Nonce Index.
     */
    public int careOfNonceIndex()
    {
        return Bytes.u16(segment, offset + CARE_OF_NONCE_INDEX_OFFSET);
    }

    /**
     * @param index the Care-of Nonce Index.
     * @return this for chaining.
     */
    public NonceIndicesOption careOfNonceIndex(final int index)
    {
        Bytes.put16(segment, offset + CARE_OF_NONCE_INDEX_OFFSET, index);
        return this;
    }
}
