package dsmipha.common.codec.mh;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.Bytes;

/**
 * Base of the mobility option flyweights (RFC 6275 §6.2.1): type, length, then {@code length} octets of value.
 * <pre>
 *   0                   1                   2
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+- - - - - - - - -
 *  |  Option Type  | Option Length |   Option Data...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+- - - - - - - - -
 * </pre>
 * A flyweight is wrapped at an option the {@link MobilityOptionIterator} returned (which has checked the length
 * and alignment for the type), or at one just appended to a message being built. Wrapping does not validate.
 * <p>
 * Not thread safe: one instance per worker.
 */
public abstract class MobilityOption
{
    /** Offset of the option type octet. */
    public static final int TYPE_OFFSET = 0;
    /** Offset of the option length octet. */
    public static final int LENGTH_OFFSET = 1;
    /** Offset of the option data. */
    public static final int VALUE_OFFSET = 2;

    /** Segment holding the option. */
    protected MemorySegment segment;
    /** Offset of the option type octet. */
    protected long offset;

    /**
     * @return the segment the flyweight is over.
     */
    public final MemorySegment segment()
    {
        return segment;
    }

    /**
     * @return offset of the option type octet.
     */
    public final long offset()
    {
        return offset;
    }

    /**
     * @return the option type.
     */
    public final int type()
    {
        return Bytes.u8(segment, offset + TYPE_OFFSET);
    }

    /**
     * @return the option length: octets of data, not counting type and length.
     */
    public final int length()
    {
        return Bytes.u8(segment, offset + LENGTH_OFFSET);
    }

    /**
     * @return offset of the first data octet.
     */
    public final long valueOffset()
    {
        return offset + VALUE_OFFSET;
    }

    /**
     * @param segment holding the option.
     * @param offset  of the option type octet.
     */
    protected final void wrapAt(final MemorySegment segment, final long offset)
    {
        this.segment = segment;
        this.offset = offset;
    }

    /**
     * Copy an IPv6 address out (slowpath and tests: the fastpath compares in place).
     *
     * @param at    offset of the address in the segment.
     * @param dst   destination array.
     * @param index first index in the array.
     */
    protected final void getAddress16(final long at, final byte[] dst, final int index)
    {
        Bytes.getBytes(segment, at, dst, index, 16);
    }

    /**
     * Copy an IPv6 address in.
     *
     * @param at    offset of the address in the segment.
     * @param src   source array.
     * @param index first index in the array.
     */
    protected final void putAddress16(final long at, final byte[] src, final int index)
    {
        Bytes.putBytes(src, index, segment, at, 16);
    }
}
