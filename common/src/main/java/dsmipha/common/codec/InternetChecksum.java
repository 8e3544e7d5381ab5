package dsmipha.common.codec;

import java.lang.foreign.MemorySegment;

/**
 * The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum, plus the
 * pseudo-header sums of RFC 768 (UDP over IPv4) and RFC 8200 §8.1 (upper-layer checksums over IPv6), and the
 * incremental update of RFC 1624 used when the fastpath patches a field of a precomputed header.
 * <p>
 * Sums are carried in a {@code long} accumulator of 16-bit words and folded once at the end, so a caller can add
 * a pseudo-header and a payload without folding in between.
 */
public final class InternetChecksum
{
    private InternetChecksum()
    {
    }

    /**
     * Add the 16-bit words of a range to a running sum. An odd final octet is padded with zero (RFC 1071 §4.1).
     *
     * @param sum     running sum.
     * @param segment holding the octets.
     * @param offset  first octet.
     * @param length  number of octets.
     * @return the new running sum (unfolded).
     */
    public static long add(final long sum, final MemorySegment segment, final long offset, final int length)
    {
        long acc = sum;
        long i = offset;
        final long end = offset + length;
        while (end - i >= 4)
        {
            acc += Bytes.u32(segment, i);
            i += 4;
        }
        if (end - i >= 2)
        {
            acc += Bytes.u16(segment, i);
            i += 2;
        }
        if (i < end)
        {
            acc += (long)Bytes.u8(segment, i) << 8;
        }
        return acc;
    }

    /**
     * Fold a running sum to 16 bits and complement it.
     *
     * @param sum running sum.
     * @return the checksum field value 0..65535.
     */
    public static int finish(final long sum)
    {
        long s = sum;
        while ((s >>> 16) != 0)
        {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int)(~s & 0xFFFF);
    }

    /**
     * Fold a running sum to 16 bits without complementing it.
     *
     * @param sum running sum.
     * @return the folded one's complement sum.
     */
    public static int fold(final long sum)
    {
        long s = sum;
        while ((s >>> 16) != 0)
        {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int)s;
    }

    /**
     * Checksum of a range on its own, e.g. the IPv4 header (RFC 791) or an ICMPv4 message (RFC 792).
     *
     * @param segment holding the octets.
     * @param offset  first octet.
     * @param length  number of octets.
     * @return the checksum field value.
     */
    public static int compute(final MemorySegment segment, final long offset, final int length)
    {
        return finish(add(0, segment, offset, length));
    }

    /**
     * Sum of the IPv4 pseudo-header (RFC 768): source, destination, zero, protocol, upper-layer length.
     *
     * @param segment           holding the IPv4 header.
     * @param ipv4HeaderOffset  offset of the IPv4 header (addresses at +12 and +16).
     * @param protocol          upper-layer protocol number.
     * @param upperLayerLength  length of the upper-layer header and payload in octets.
     * @return running sum to continue with {@link #add}.
     */
    public static long ipv4PseudoHeaderSum(
        final MemorySegment segment, final long ipv4HeaderOffset, final int protocol, final int upperLayerLength)
    {
        return Bytes.u32(segment, ipv4HeaderOffset + 12) + Bytes.u32(segment, ipv4HeaderOffset + 16) +
            protocol + upperLayerLength;
    }

    /**
     * Sum of the IPv6 pseudo-header (RFC 8200 §8.1): source, destination, upper-layer length, next header.
     * The destination is the final destination: when a Type 2 Routing header is present it is the home address
     * in that header, not the IPv6 destination field (RFC 6275 §6.4). The caller passes the right offsets.
     *
     * @param segment            holding the addresses.
     * @param sourceOffset       offset of the 16-octet source address.
     * @param destinationOffset  offset of the 16-octet final destination address.
     * @param nextHeader         upper-layer protocol number.
     * @param upperLayerLength   length of the upper-layer header and payload in octets.
     * @return running sum to continue with {@link #add}.
     */
    public static long ipv6PseudoHeaderSum(
        final MemorySegment segment,
        final long sourceOffset,
        final long destinationOffset,
        final int nextHeader,
        final long upperLayerLength)
    {
        long sum = add(0, segment, sourceOffset, 16);
        sum = add(sum, segment, destinationOffset, 16);
        return sum + (upperLayerLength >>> 16) + (upperLayerLength & 0xFFFF) + nextHeader;
    }

    /**
     * Incremental update of a checksum when one 16-bit word changes (RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m')).
     *
     * @param checksum the old checksum field.
     * @param oldWord  the old value of the changed word.
     * @param newWord  the new value of the changed word.
     * @return the new checksum field.
     */
    public static int update16(final int checksum, final int oldWord, final int newWord)
    {
        final long sum = (~checksum & 0xFFFF) + (~oldWord & 0xFFFF) + (newWord & 0xFFFF);
        return finish(sum);
    }
}
