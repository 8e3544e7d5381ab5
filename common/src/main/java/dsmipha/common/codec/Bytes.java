package dsmipha.common.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Network-order (big endian) field access over a {@link MemorySegment}, shared by every codec flyweight.
 * <p>
 * The layouts are unaligned because headers sit at any offset inside a frame (an Ethernet header of 14 octets
 * puts the IP header on a 2-octet boundary). Every method is a single bounds-checked access: the segment's own
 * check is the last line of defence, the flyweights check lengths against the packet before they read.
 */
public final class Bytes
{
    /** Unsigned 16-bit network-order layout. */
    public static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** 32-bit network-order layout. */
    public static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** 64-bit network-order layout. */
    public static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private Bytes()
    {
    }

    /**
     * @param segment to read.
     * @param offset  of the octet.
     * @return the octet as an unsigned value 0..255.
     */
    public static int u8(final MemorySegment segment, final long offset)
    {
        return segment.get(ValueLayout.JAVA_BYTE, offset) & 0xFF;
    }

    /**
     * @param segment to read.
     * @param offset  of the first octet.
     * @return the network-order 16-bit value as unsigned 0..65535.
     */
    public static int u16(final MemorySegment segment, final long offset)
    {
        return segment.get(U16, offset) & 0xFFFF;
    }

    /**
     * @param segment to read.
     * @param offset  of the first octet.
     * @return the network-order 32-bit value as a signed int (use {@link #u32} for the unsigned value).
     */
    public static int i32(final MemorySegment segment, final long offset)
    {
        return segment.get(U32, offset);
    }

    /**
     * @param segment to read.
     * @param offset  of the first octet.
     * @return the network-order 32-bit value as unsigned 0..2^32-1.
     */
    public static long u32(final MemorySegment segment, final long offset)
    {
        return segment.get(U32, offset) & 0xFFFF_FFFFL;
    }

    /**
     * @param segment to read.
     * @param offset  of the first octet.
     * @return the network-order 64-bit value.
     */
    public static long i64(final MemorySegment segment, final long offset)
    {
        return segment.get(U64, offset);
    }

    /**
     * @param segment to write.
     * @param offset  of the octet.
     * @param value   low 8 bits are written.
     */
    public static void put8(final MemorySegment segment, final long offset, final int value)
    {
        segment.set(ValueLayout.JAVA_BYTE, offset, (byte)value);
    }

    /**
     * @param segment to write.
     * @param offset  of the first octet.
     * @param value   low 16 bits are written in network order.
     */
    public static void put16(final MemorySegment segment, final long offset, final int value)
    {
        segment.set(U16, offset, (short)value);
    }

    /**
     * @param segment to write.
     * @param offset  of the first octet.
     * @param value   written in network order.
     */
    public static void put32(final MemorySegment segment, final long offset, final int value)
    {
        segment.set(U32, offset, value);
    }

    /**
     * @param segment to write.
     * @param offset  of the first octet.
     * @param value   written in network order.
     */
    public static void put64(final MemorySegment segment, final long offset, final long value)
    {
        segment.set(U64, offset, value);
    }

    /**
     * Copy octets between (possibly the same) segments.
     *
     * @param src       source segment.
     * @param srcOffset first source octet.
     * @param dst       destination segment.
     * @param dstOffset first destination octet.
     * @param length    in octets.
     */
    public static void copy(
        final MemorySegment src, final long srcOffset, final MemorySegment dst, final long dstOffset, final long length)
    {
        MemorySegment.copy(src, srcOffset, dst, dstOffset, length);
    }

    /**
     * Copy octets out to a byte array (slowpath and tests only: the fastpath never creates arrays).
     *
     * @param src       source segment.
     * @param srcOffset first source octet.
     * @param dst       destination array.
     * @param dstIndex  first destination index.
     * @param length    in octets.
     */
    public static void getBytes(
        final MemorySegment src, final long srcOffset, final byte[] dst, final int dstIndex, final int length)
    {
        MemorySegment.copy(src, ValueLayout.JAVA_BYTE, srcOffset, dst, dstIndex, length);
    }

    /**
     * Copy octets in from a byte array.
     *
     * @param src       source array.
     * @param srcIndex  first source index.
     * @param dst       destination segment.
     * @param dstOffset first destination octet.
     * @param length    in octets.
     */
    public static void putBytes(
        final byte[] src, final int srcIndex, final MemorySegment dst, final long dstOffset, final int length)
    {
        MemorySegment.copy(src, srcIndex, dst, ValueLayout.JAVA_BYTE, dstOffset, length);
    }
}
