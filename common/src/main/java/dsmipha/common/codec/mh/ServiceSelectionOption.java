package dsmipha.common.codec.mh;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.Bytes;

/**
 * Service Selection option, type 20 (RFC 5149 §3): in a Binding Update, the service (for example an APN) the
 * mobile node asks for. No alignment requirement; the identifier is 1 to 255 octets of UTF-8, a length of zero is
 * not allowed (RFC 5149 §3).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *                                  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                  |  Type = 20    |   Length      |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Identifier...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Not thread safe: one instance per worker.
 */
public final class ServiceSelectionOption extends MobilityOption
{
    /** Option type. */
    public static final int TYPE = 20;
    /** Smallest option length: a one-octet identifier (RFC 5149 §3). */
    public static final int MIN_LENGTH = 1;
    /** No alignment requirement (RFC 5149 §3). */
    public static final int ALIGNMENT_MODULUS = 0;
    /** No alignment requirement. */
    public static final int ALIGNMENT_REMAINDER = 0;
    /** Offset of the identifier from the option start. */
    public static final int IDENTIFIER_OFFSET = 2;

    /**
     * @param options an iterator whose {@link MobilityOptionIterator#next()} just returned {@link #TYPE}.
     * @return this for chaining.
     */
    public ServiceSelectionOption wrap(final MobilityOptionIterator options)
    {
        wrapAt(options.segment(), options.offset());
        return this;
    }

    /**
     * @param segment holding the option.
     * @param offset  of the option type octet.
     * @return this for chaining.
     */
    public ServiceSelectionOption wrap(final MemorySegment segment, final long offset)
    {
        wrapAt(segment, offset);
        return this;
    }

    /**
     * Append the option to a message being built (slowpath: takes an array).
     *
     * @param header     the header being built.
     * @param identifier 1 to 255 octets of identifier.
     * @return this, wrapped at the new option, for chaining.
     */
    public ServiceSelectionOption appendTo(final MobilityHeader header, final byte[] identifier)
    {
        wrapAt(header.segment(), header.appendOption(TYPE, identifier.length, ALIGNMENT_MODULUS, ALIGNMENT_REMAINDER));
        Bytes.putBytes(identifier, 0, segment, identifierOffset(), identifier.length);
        return this;
    }

    /**
     * @return offset of the identifier.
     */
    public long identifierOffset()
    {
        return offset + IDENTIFIER_OFFSET;
    }

    /**
     * @return octets of identifier (the option length).
     */
    public int identifierLength()
    {
        return length();
    }

    /**
     * @param dst   array to copy the {@link #identifierLength()} octets of identifier into.
     * @param index first index in the array.
     */
    public void getIdentifier(final byte[] dst, final int index)
    {
        Bytes.getBytes(segment, identifierOffset(), dst, index, identifierLength());
    }
}
