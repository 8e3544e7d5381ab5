package dsmipha.common.codec;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over the IPv6 Fragment header (RFC 8200 §4.5).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Next Header  |   Reserved    |      Fragment Offset    |Res|M|
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Identification                        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Fragment Offset counts 8-octet units of the original packet's fragmentable part; M is 1 on every fragment but
 * the last. A header with offset 0 and M 0 is an atomic fragment (RFC 6946): the whole packet in one piece.
 * <p>
 * Not thread safe: one instance per worker.
 */
public final class FragmentHeader
{
    /** Length of the header in octets. */
    public static final int LENGTH = 8;
    /** Next Header value of a Fragment header (RFC 8200 §4.5). */
    public static final int NEXT_HEADER_FRAGMENT = 44;
    /** Offset of the next header. */
    public static final int NEXT_HEADER_OFFSET = 0;
    /** Offset of the reserved octet. */
    public static final int RESERVED_OFFSET = 1;
    /** Offset of the 16-bit word holding fragment offset, reserved bits and M. */
    public static final int OFFSET_FLAGS_OFFSET = 2;
    /** Offset of the identification. */
    public static final int IDENTIFICATION_OFFSET = 4;
    /** The M (more fragments) flag in the offset word. */
    public static final int MORE_FRAGMENTS = 0x0001;
    /** The two reserved bits in the offset word. */
    public static final int RESERVED_BITS = 0x0006;

    private MemorySegment segment;
    private long offset;

    /**
     * Point the flyweight at a received header and validate it: the 8 octets fit.
     *
     * @param segment holding the packet.
     * @param offset  of the fragment header.
     * @param limit   offset one past the end of the packet.
     * @return {@link CodecStatus#OK} or {@link CodecStatus#TRUNCATED}.
     */
    public int wrap(final MemorySegment segment, final long offset, final long limit)
    {
        this.segment = segment;
        this.offset = offset;
        return limit - offset < LENGTH ? CodecStatus.TRUNCATED : CodecStatus.OK;
    }

    /**
     * Point the flyweight at a header to be written; nothing is validated.
     *
     * @param segment holding the packet.
     * @param offset  of the fragment header.
     * @return this for chaining.
     */
    public FragmentHeader wrapForEncode(final MemorySegment segment, final long offset)
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
     * @return the type of the first header of the fragmentable part.
     */
    public int nextHeader()
    {
        return Bytes.u8(segment, offset + NEXT_HEADER_OFFSET);
    }

    /**
     * @param nextHeader the type of the first header of the fragmentable part.
     * @return this for chaining.
     */
    public FragmentHeader nextHeader(final int nextHeader)
    {
        Bytes.put8(segment, offset + NEXT_HEADER_OFFSET, nextHeader);
        return this;
    }

    /**
     * @return the reserved octet (zero when sent, ignored on receipt).
     */
    public int reserved()
    {
        return Bytes.u8(segment, offset + RESERVED_OFFSET);
    }

    /**
     * @return the fragment offset in 8-octet units.
     */
    public int fragmentOffset()
    {
        return Bytes.u16(segment, offset + OFFSET_FLAGS_OFFSET) >>> 3;
    }

    /**
     * @return the fragment offset in octets.
     */
    public int fragmentOffsetOctets()
    {
        return fragmentOffset() << 3;
    }

    /**
     * @return the two reserved bits (zero when sent, ignored on receipt).
     */
    public int reservedBits()
    {
        return (Bytes.u16(segment, offset + OFFSET_FLAGS_OFFSET) & RESERVED_BITS) >>> 1;
    }

    /**
     * @return true when the M flag says more fragments follow.
     */
    public boolean moreFragments()
    {
        return (Bytes.u16(segment, offset + OFFSET_FLAGS_OFFSET) & MORE_FRAGMENTS) != 0;
    }

    /**
     * Write the fragment offset and the M flag, clearing the reserved bits.
     *
     * @param fragmentOffset in 8-octet units, 13 bits.
     * @param moreFragments  the M flag.
     * @return this for chaining.
     */
    public FragmentHeader fragmentOffsetAndFlag(final int fragmentOffset, final boolean moreFragments)
    {
        Bytes.put16(segment, offset + OFFSET_FLAGS_OFFSET, offsetWord(fragmentOffset, moreFragments));
        return this;
    }

    /**
     * @return the identification as an unsigned 32-bit value.
     */
    public long identification()
    {
        return Bytes.u32(segment, offset + IDENTIFICATION_OFFSET);
    }

    /**
     * @param identification low 32 bits are written.
     * @return this for chaining.
     */
    public FragmentHeader identification(final long identification)
    {
        Bytes.put32(segment, offset + IDENTIFICATION_OFFSET, (int)identification);
        return this;
    }

    /**
     * @return true for the first fragment: offset 0 (which includes an atomic fragment).
     */
    public boolean isFirstFragment()
    {
        return fragmentOffset() == 0;
    }

    /**
     * @return true for an atomic fragment: offset 0 and M 0 (RFC 6946 §4).
     */
    public boolean isAtomic()
    {
        return fragmentOffset() == 0 && !moreFragments();
    }

    /**
     * Write a complete Fragment header with the reserved fields zero.
     *
     * @param segment        to write.
     * @param offset         of the fragment header.
     * @param nextHeader     the type of the first header of the fragmentable part.
     * @param fragmentOffset in 8-octet units.
     * @param moreFragments  the M flag.
     * @param identification the identification, low 32 bits.
     * @return the header length written, {@link #LENGTH}.
     */
    public static int encode(
        final MemorySegment segment,
        final long offset,
        final int nextHeader,
        final int fragmentOffset,
        final boolean moreFragments,
        final long identification)
    {
        Bytes.put8(segment, offset + NEXT_HEADER_OFFSET, nextHeader);
        Bytes.put8(segment, offset + RESERVED_OFFSET, 0);
        Bytes.put16(segment, offset + OFFSET_FLAGS_OFFSET, offsetWord(fragmentOffset, moreFragments));
        Bytes.put32(segment, offset + IDENTIFICATION_OFFSET, (int)identification);
        return LENGTH;
    }

    private static int offsetWord(final int fragmentOffset, final boolean moreFragments)
    {
        return (fragmentOffset << 3) | (moreFragments ? MORE_FRAGMENTS : 0);
    }
}
