package dsmipha.common.codec;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over an ESP packet's cleartext parts (RFC 4303 §2): the header (SPI and sequence number) and, once the
 * payload is decrypted or when the SA uses NULL encryption, the trailer (padding, pad length, next header) in front
 * of the ICV. Reused across packets: {@link #wrap} the header, {@link #wrapTrailer} the trailer.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |               Security Parameters Index (SPI)                 |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      Sequence Number                          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Payload Data (variable)                    |
 *  ~                                                               ~
 *  |                                                               |
 *  +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |               |     Padding (0-255 bytes)                     |
 *  +-+-+-+-+-+-+-+-+               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                               |  Pad Length   | Next Header   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Integrity Check Value-ICV   (variable)                |
 *  ~                                                               ~
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Rules, by section of RFC 4303:
 * <ul>
 *   <li>§2.1: SPI 0 is reserved for local use and MUST NOT be sent on the wire, so {@link #wrap} rejects it. (On
 *   UDP port 4500 four zero octets are the Non-ESP Marker of an IKE message, RFC 3948 §2.2: the caller tells the
 *   two apart before it wraps.) SPIs 1 to 255 are reserved by IANA but reported as they are
 *   ({@link #isReservedSpi()}): the SA lookup fails on them anyway.</li>
 *   <li>§2.2: the sequence number is an unsigned 32-bit counter; the high half of an extended sequence number is
 *   not on the wire.</li>
 *   <li>§2.4: the default padding is the octets 1, 2, 3, ...; a receiver SHOULD inspect it, and
 *   {@link #wrapTrailer} does ({@link CodecStatus#BAD_PADDING}). The trailer must end on a 4-octet boundary and on
 *   the cipher's block boundary; {@link #writeTrailer} pads to both.</li>
 *   <li>§2.5: the pad length counts the padding octets only, 0 to 255, and cannot reach in front of the payload
 *   ({@link CodecStatus#BAD_LENGTH}).</li>
 *   <li>§2.6: next header 59 marks a dummy packet (traffic flow confidentiality) that the receiver discards
 *   ({@link #isDummy()}).</li>
 * </ul>
 * Not thread safe: one instance per worker.
 */
public final class EspHeader
{
    /** Length of the header (SPI and sequence number) in octets. */
    public static final int LENGTH = 8;
    /** Offset of the SPI. */
    public static final int SPI_OFFSET = 0;
    /** Offset of the sequence number. */
    public static final int SEQUENCE_OFFSET = 4;
    /** Length of the trailer's fixed fields, pad length and next header, in octets. */
    public static final int TRAILER_LENGTH = 2;
    /** Most padding octets (RFC 4303 §2.5). */
    public static final int MAX_PAD_LENGTH = 255;
    /** Alignment of the end of the trailer in octets, whatever the cipher (RFC 4303 §2.4). */
    public static final int MIN_ALIGNMENT = 4;
    /** Highest SPI reserved by IANA (RFC 4303 §2.1). */
    public static final int MAX_RESERVED_SPI = 255;
    /** Next header of a dummy packet, "no next header" (RFC 4303 §2.6). */
    public static final int NEXT_HEADER_NONE = 59;
    /** IP protocol number of ESP. */
    public static final int PROTOCOL = 50;

    private MemorySegment segment;
    private long offset;
    private long icvOffset;
    private int icvLength;

    /**
     * Point the flyweight at a received ESP header and validate it: the 8 octets fit and the SPI is not zero.
     *
     * @param segment holding the packet.
     * @param offset  of the SPI.
     * @param limit   offset one past the last octet of the ESP packet (the end of the IP or UDP payload).
     * @return {@link CodecStatus#OK}, {@link CodecStatus#TRUNCATED} or {@link CodecStatus#BAD_FIELD} (SPI 0).
     */
    public int wrap(final MemorySegment segment, final long offset, final long limit)
    {
        this.segment = segment;
        this.offset = offset;
        if (limit - offset < LENGTH)
        {
            return CodecStatus.TRUNCATED;
        }
        // RFC 4303 §2.1: "The SPI value of zero (0) is reserved ... and MUST NOT be sent on the wire."
        if (spi() == 0)
        {
            return CodecStatus.BAD_FIELD;
        }
        return CodecStatus.OK;
    }

    /**
     * Point the flyweight at a header to be written; nothing is validated.
     *
     * @param segment holding the packet.
     * @param offset  of the SPI.
     * @return this for chaining.
     */
    public EspHeader wrapForEncode(final MemorySegment segment, final long offset)
    {
        this.segment = segment;
        this.offset = offset;
        return this;
    }

    /**
     * Point the trailer accessors at the plaintext end of an ESP packet and validate the trailer: pad length and
     * next header sit just before the ICV, the padding fits between the payload start and the pad length, and the
     * padding is 1, 2, 3, ... (RFC 4303 §2.4). The header accessors keep their previous {@link #wrap}.
     *
     * @param segment      holding the packet, decrypted in place when the SA encrypts.
     * @param payloadStart first octet of the payload data after any IV; the padding may not reach in front of it.
     * @param limit        offset one past the last octet of the ESP packet, the ICV included.
     * @param icvLength    length of the ICV the SA's integrity algorithm appends, 0 for none.
     * @return {@link CodecStatus#OK}, {@link CodecStatus#TRUNCATED} (no room for the trailer and the ICV),
     * {@link CodecStatus#BAD_LENGTH} (pad length past the payload start, or a negative ICV length) or
     * {@link CodecStatus#BAD_PADDING}.
     */
    public int wrapTrailer(final MemorySegment segment, final long payloadStart, final long limit, final int icvLength)
    {
        this.segment = segment;
        this.icvLength = 0;
        this.icvOffset = limit;
        if (icvLength < 0)
        {
            return CodecStatus.BAD_LENGTH;
        }
        if (limit - payloadStart < (long)icvLength + TRAILER_LENGTH)
        {
            return CodecStatus.TRUNCATED;
        }
        this.icvLength = icvLength;
        this.icvOffset = limit - icvLength;
        final int padLength = padLength();
        final long paddingOffset = icvOffset - TRAILER_LENGTH - padLength;
        // RFC 4303 §2.5: Pad Length counts the octets of padding immediately preceding it.
        if (paddingOffset < payloadStart)
        {
            return CodecStatus.BAD_LENGTH;
        }
        // RFC 4303 §2.4: "The first padding byte appended to the plaintext is numbered 1, with subsequent padding
        // bytes making up a monotonically increasing sequence: 1, 2, 3, ..."; the receiver SHOULD inspect it.
        for (int i = 0; i < padLength; i++)
        {
            if (Bytes.u8(segment, paddingOffset + i) != i + 1)
            {
                return CodecStatus.BAD_PADDING;
            }
        }
        return CodecStatus.OK;
    }

    /**
     * @return offset of the header in the segment.
     */
    public long offset()
    {
        return offset;
    }

    /**
     * @return the SPI as a network-order int (compare as unsigned).
     */
    public int spi()
    {
        return Bytes.i32(segment, offset + SPI_OFFSET);
    }

    /**
     * @param spi the SPI; 0 MUST NOT be sent (RFC 4303 §2.1).
     * @return this for chaining.
     */
    public EspHeader spi(final int spi)
    {
        Bytes.put32(segment, offset + SPI_OFFSET, spi);
        return this;
    }

    /**
     * @return true for an SPI of 1 to 255, reserved by IANA (RFC 4303 §2.1).
     */
    public boolean isReservedSpi()
    {
        final long spi = Bytes.u32(segment, offset + SPI_OFFSET);
        return spi >= 1 && spi <= MAX_RESERVED_SPI;
    }

    /**
     * @return the sequence number, unsigned 0..2^32-1 (RFC 4303 §2.2).
     */
    public long sequenceNumber()
    {
        return Bytes.u32(segment, offset + SEQUENCE_OFFSET);
    }

    /**
     * @param sequenceNumber the sequence number; its low 32 bits are written (the low half of an ESN).
     * @return this for chaining.
     */
    public EspHeader sequenceNumber(final long sequenceNumber)
    {
        Bytes.put32(segment, offset + SEQUENCE_OFFSET, (int)sequenceNumber);
        return this;
    }

    /**
     * @return offset of the first payload data octet (the IV, when the cipher carries one).
     */
    public long payloadOffset()
    {
        return offset + LENGTH;
    }

    /**
     * @return the pad length after {@link #wrapTrailer} or {@link #writeTrailer}: padding octets, 0..255.
     */
    public int padLength()
    {
        return Bytes.u8(segment, icvOffset - TRAILER_LENGTH);
    }

    /**
     * @return the next header after {@link #wrapTrailer} or {@link #writeTrailer}: the protocol of the payload data.
     */
    public int nextHeader()
    {
        return Bytes.u8(segment, icvOffset - 1);
    }

    /**
     * @return true for a dummy packet to be discarded: next header 59 (RFC 4303 §2.6).
     */
    public boolean isDummy()
    {
        return nextHeader() == NEXT_HEADER_NONE;
    }

    /**
     * @return offset of the ICV after {@link #wrapTrailer} or {@link #writeTrailer}: one past the next header.
     */
    public long icvOffset()
    {
        return icvOffset;
    }

    /**
     * @return length of the ICV given to {@link #wrapTrailer} or {@link #writeTrailer}.
     */
    public int icvLength()
    {
        return icvLength;
    }

    /**
     * @return offset of the first padding octet, which is one past the last payload data octet.
     */
    public long paddingOffset()
    {
        return icvOffset - TRAILER_LENGTH - padLength();
    }

    /**
     * Write the trailer after the payload data: padding 1, 2, 3, ... (RFC 4303 §2.4), pad length and next header,
     * so that the payload data, padding and trailer fields (the IV excluded, §2.4) fill whole cipher blocks and end
     * on a 4-octet boundary. The trailer accessors then describe what was written, with the given ICV length.
     *
     * @param payloadStart first payload data octet after any IV.
     * @param payloadEnd   one past the last payload data octet.
     * @param blockSize    the cipher's block size in octets (1 for NULL and the counter modes, 16 for AES-CBC);
     *                     the padding aligns to the least common multiple of it and 4, at most 256.
     * @param nextHeader   protocol of the payload data, e.g. 41 for IPv6 or 135 for a Mobility Header.
     * @param icvLength    length of the ICV that the caller appends at the returned offset.
     * @return offset of the ICV, one past the next header octet; or {@link CodecStatus#BAD_FIELD} when the block
     * size is below 1 or the alignment above 256, which 255 padding octets cannot always reach.
     */
    public long writeTrailer(
        final long payloadStart,
        final long payloadEnd,
        final int blockSize,
        final int nextHeader,
        final int icvLength)
    {
        if (blockSize < 1)
        {
            return CodecStatus.BAD_FIELD;
        }
        final long alignment = lcm(blockSize, MIN_ALIGNMENT);
        if (alignment > MAX_PAD_LENGTH + 1)
        {
            return CodecStatus.BAD_FIELD;
        }
        final int padLength = (int)Math.floorMod(-(payloadEnd - payloadStart + TRAILER_LENGTH), alignment);
        for (int i = 0; i < padLength; i++)
        {
            Bytes.put8(segment, payloadEnd + i, i + 1);
        }
        final long trailer = payloadEnd + padLength;
        Bytes.put8(segment, trailer, padLength);
        Bytes.put8(segment, trailer + 1, nextHeader);
        this.icvOffset = trailer + TRAILER_LENGTH;
        this.icvLength = icvLength;
        return icvOffset;
    }

    private static long lcm(final long a, final long b)
    {
        long x = a;
        long y = b;
        while (y != 0)
        {
            final long t = x % y;
            x = y;
            y = t;
        }
        return a / x * b;
    }
}
