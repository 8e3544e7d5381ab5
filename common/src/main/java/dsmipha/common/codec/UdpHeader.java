package dsmipha.common.codec;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over a UDP header (RFC 768), reused across packets: {@link #wrap} it, check the status, read or write.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          Source Port          |       Destination Port        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            Length             |           Checksum            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Checksums: over IPv4 a zero checksum means "none" (RFC 768) and a computed zero is sent as 0xFFFF; over IPv6
 * the checksum is mandatory (RFC 8200 §8.1) and a received zero is invalid.
 * <p>
 * Not thread safe: one instance per worker.
 */
public final class UdpHeader
{
    /** Length of the header in octets. */
    public static final int LENGTH = 8;
    /** Offset of the source port. */
    public static final int SOURCE_PORT_OFFSET = 0;
    /** Offset of the destination port. */
    public static final int DESTINATION_PORT_OFFSET = 2;
    /** Offset of the length field (header plus payload, octets). */
    public static final int LENGTH_OFFSET = 4;
    /** Offset of the checksum. */
    public static final int CHECKSUM_OFFSET = 6;
    /** IP protocol number of UDP. */
    public static final int PROTOCOL = 17;

    private MemorySegment segment;
    private long offset;

    /**
     * Point the flyweight at a received header and validate it: the fixed header fits, and the length field is
     * at least 8 and does not run past the packet.
     *
     * @param segment holding the packet.
     * @param offset  of the UDP header.
     * @param limit   offset one past the last octet of the packet (or of the IP payload).
     * @return {@link CodecStatus#OK}, {@link CodecStatus#TRUNCATED} or {@link CodecStatus#BAD_LENGTH}.
     */
    public int wrap(final MemorySegment segment, final long offset, final long limit)
    {
        this.segment = segment;
        this.offset = offset;
        if (limit - offset < LENGTH)
        {
            return CodecStatus.TRUNCATED;
        }
        final int length = length();
        if (length < LENGTH || offset + length > limit)
        {
            return CodecStatus.BAD_LENGTH;
        }
        return CodecStatus.OK;
    }

    /**
     * Point the flyweight at a header to be written; nothing is validated.
     *
     * @param segment holding the packet.
     * @param offset  of the UDP header.
     * @return this for chaining.
     */
    public UdpHeader wrapForEncode(final MemorySegment segment, final long offset)
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
     * @return the source port.
     */
    public int sourcePort()
    {
        return Bytes.u16(segment, offset + SOURCE_PORT_OFFSET);
    }

    /**
     * @param port the source port.
     * @return this for chaining.
     */
    public UdpHeader sourcePort(final int port)
    {
        Bytes.put16(segment, offset + SOURCE_PORT_OFFSET, port);
        return this;
    }

    /**
     * @return the destination port.
     */
    public int destinationPort()
    {
        return Bytes.u16(segment, offset + DESTINATION_PORT_OFFSET);
    }

    /**
     * @param port the destination port.
     * @return this for chaining.
     */
    public UdpHeader destinationPort(final int port)
    {
        Bytes.put16(segment, offset + DESTINATION_PORT_OFFSET, port);
        return this;
    }

    /**
     * @return the length field: header plus payload in octets.
     */
    public int length()
    {
        return Bytes.u16(segment, offset + LENGTH_OFFSET);
    }

    /**
     * @param length header plus payload in octets.
     * @return this for chaining.
     */
    public UdpHeader length(final int length)
    {
        Bytes.put16(segment, offset + LENGTH_OFFSET, length);
        return this;
    }

    /**
     * @return the checksum field.
     */
    public int checksum()
    {
        return Bytes.u16(segment, offset + CHECKSUM_OFFSET);
    }

    /**
     * @param checksum the checksum field.
     * @return this for chaining.
     */
    public UdpHeader checksum(final int checksum)
    {
        Bytes.put16(segment, offset + CHECKSUM_OFFSET, checksum);
        return this;
    }

    /**
     * @return offset of the first payload octet.
     */
    public long payloadOffset()
    {
        return offset + LENGTH;
    }

    /**
     * @return payload length in octets, from the length field.
     */
    public int payloadLength()
    {
        return length() - LENGTH;
    }

    /**
     * Compute the checksum over the IPv4 pseudo-header and the datagram (the checksum field is treated as zero).
     *
     * @param ipv4HeaderOffset offset of the enclosing IPv4 header.
     * @return the value to put in the checksum field; a computed zero is returned as 0xFFFF (RFC 768).
     */
    public int computeChecksumIpv4(final long ipv4HeaderOffset)
    {
        final int length = length();
        final long pseudo = InternetChecksum.ipv4PseudoHeaderSum(segment, ipv4HeaderOffset, PROTOCOL, length);
        return nonZero(InternetChecksum.finish(datagramSum(pseudo, length)));
    }

    /**
     * Compute the checksum over the IPv6 pseudo-header and the datagram (the checksum field is treated as zero).
     *
     * @param sourceOffset      offset of the IPv6 source address.
     * @param destinationOffset offset of the final destination address.
     * @return the value to put in the checksum field; a computed zero is returned as 0xFFFF (RFC 8200 §8.1).
     */
    public int computeChecksumIpv6(final long sourceOffset, final long destinationOffset)
    {
        final int length = length();
        final long pseudo = InternetChecksum.ipv6PseudoHeaderSum(
            segment, sourceOffset, destinationOffset, PROTOCOL, length);
        return nonZero(InternetChecksum.finish(datagramSum(pseudo, length)));
    }

    /**
     * @param ipv4HeaderOffset offset of the enclosing IPv4 header.
     * @return true when the checksum is absent (zero, allowed over IPv4) or verifies.
     */
    public boolean verifyChecksumIpv4(final long ipv4HeaderOffset)
    {
        return checksum() == 0 || checksum() == computeChecksumIpv4(ipv4HeaderOffset);
    }

    /**
     * @param sourceOffset      offset of the IPv6 source address.
     * @param destinationOffset offset of the final destination address.
     * @return true when the checksum is present and verifies (zero is invalid over IPv6).
     */
    public boolean verifyChecksumIpv6(final long sourceOffset, final long destinationOffset)
    {
        return checksum() != 0 && checksum() == computeChecksumIpv6(sourceOffset, destinationOffset);
    }

    private long datagramSum(final long pseudoSum, final int length)
    {
        // Ports and length (6 octets), then the payload: the checksum word itself is left out of the sum.
        final long sum = InternetChecksum.add(pseudoSum, segment, offset, CHECKSUM_OFFSET);
        return InternetChecksum.add(sum, segment, offset + LENGTH, length - LENGTH);
    }

    private static int nonZero(final int checksum)
    {
        return checksum == 0 ? 0xFFFF : checksum;
    }
}
