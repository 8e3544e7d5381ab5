package dsmipha.common.codec;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over an ICMPv4 message (RFC 792), reused across packets: {@link #wrap} it, check the status, read or
 * write.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Type      |     Code      |          Checksum             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Rest of Header                         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Data: echo data, or the original IP header + 64 bits ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-
 * </pre>
 * The rest of header is, by type: Identifier and Sequence Number for Echo, Timestamp and Information messages
 * (RFC 792); unused and Next-Hop MTU for Destination Unreachable code 4, fragmentation needed (RFC 1191 §4); the
 * Gateway Internet Address for Redirect (RFC 792); a Pointer octet for Parameter Problem (RFC 792).
 * <p>
 * The checksum covers the whole message, type to the end of the IP payload (RFC 792), so {@link #wrap}'s limit must
 * be the end of the IP payload (from the IPv4 total length), not the end of a padded frame.
 * <p>
 * Not thread safe: one instance per worker.
 */
public final class Icmpv4Header
{
    /** Length of the header (type, code, checksum, rest of header) in octets. */
    public static final int LENGTH = 8;
    /** Offset of the type. */
    public static final int TYPE_OFFSET = 0;
    /** Offset of the code. */
    public static final int CODE_OFFSET = 1;
    /** Offset of the checksum. */
    public static final int CHECKSUM_OFFSET = 2;
    /** Offset of the 4-octet rest of header. */
    public static final int REST_OFFSET = 4;
    /** Offset of the echo identifier. */
    public static final int IDENTIFIER_OFFSET = 4;
    /** Offset of the echo sequence number. */
    public static final int SEQUENCE_OFFSET = 6;
    /** Offset of the Next-Hop MTU in a fragmentation-needed message (RFC 1191 §4). */
    public static final int MTU_OFFSET = 6;
    /** Offset of the Parameter Problem pointer. */
    public static final int POINTER_OFFSET = 4;
    /** Longest message: the IPv4 total length less a minimal IPv4 header. */
    public static final int MAX_MESSAGE_LENGTH = 65535 - Ipv4Header.LENGTH;
    /** Echo Reply (RFC 792). */
    public static final int TYPE_ECHO_REPLY = 0;
    /** Destination Unreachable (RFC 792). */
    public static final int TYPE_DESTINATION_UNREACHABLE = 3;
    /** Source Quench (RFC 792; deprecated by RFC 6633). */
    public static final int TYPE_SOURCE_QUENCH = 4;
    /** Redirect (RFC 792). */
    public static final int TYPE_REDIRECT = 5;
    /** Echo (request, RFC 792). */
    public static final int TYPE_ECHO_REQUEST = 8;
    /** Time Exceeded (RFC 792). */
    public static final int TYPE_TIME_EXCEEDED = 11;
    /** Parameter Problem (RFC 792). */
    public static final int TYPE_PARAMETER_PROBLEM = 12;
    /** Timestamp (RFC 792). */
    public static final int TYPE_TIMESTAMP = 13;
    /** Timestamp Reply (RFC 792). */
    public static final int TYPE_TIMESTAMP_REPLY = 14;
    /** Destination Unreachable code: fragmentation needed and DF set (RFC 792, RFC 1191 §4). */
    public static final int CODE_FRAGMENTATION_NEEDED = 4;
    /** Time Exceeded code: time to live exceeded in transit (RFC 792). */
    public static final int CODE_TTL_EXCEEDED = 0;

    private MemorySegment segment;
    private long offset;
    private int messageLength;

    /**
     * Point the flyweight at a received message and validate that the 8-octet header fits.
     *
     * @param segment holding the packet.
     * @param offset  of the ICMP message (the IPv4 payload).
     * @param limit   offset one past the last octet of the message (the end of the IPv4 payload).
     * @return {@link CodecStatus#OK}, {@link CodecStatus#TRUNCATED} or {@link CodecStatus#BAD_LENGTH} (longer than an
     * IPv4 payload can be).
     */
    public int wrap(final MemorySegment segment, final long offset, final long limit)
    {
        this.segment = segment;
        this.offset = offset;
        this.messageLength = 0;
        final long available = limit - offset;
        if (available < LENGTH)
        {
            return CodecStatus.TRUNCATED;
        }
        if (available > MAX_MESSAGE_LENGTH)
        {
            return CodecStatus.BAD_LENGTH;
        }
        messageLength = (int)available;
        return CodecStatus.OK;
    }

    /**
     * Point the flyweight at a message to be written; nothing is validated. Set the {@link #messageLength(int)}
     * before {@link #updateChecksum()}.
     *
     * @param segment holding the packet.
     * @param offset  of the ICMP message.
     * @return this for chaining.
     */
    public Icmpv4Header wrapForEncode(final MemorySegment segment, final long offset)
    {
        this.segment = segment;
        this.offset = offset;
        this.messageLength = LENGTH;
        return this;
    }

    /**
     * @return offset of the message in the segment.
     */
    public long offset()
    {
        return offset;
    }

    /**
     * @return message length in octets, header included.
     */
    public int messageLength()
    {
        return messageLength;
    }

    /**
     * Encode side: the length of the message being written, over which the checksum is computed.
     *
     * @param messageLength header plus data in octets.
     * @return this for chaining.
     */
    public Icmpv4Header messageLength(final int messageLength)
    {
        this.messageLength = messageLength;
        return this;
    }

    /**
     * @return the type.
     */
    public int type()
    {
        return Bytes.u8(segment, offset + TYPE_OFFSET);
    }

    /**
     * @param type the type.
     * @return this for chaining.
     */
    public Icmpv4Header type(final int type)
    {
        Bytes.put8(segment, offset + TYPE_OFFSET, type);
        return this;
    }

    /**
     * @return the code.
     */
    public int code()
    {
        return Bytes.u8(segment, offset + CODE_OFFSET);
    }

    /**
     * @param code the code.
     * @return this for chaining.
     */
    public Icmpv4Header code(final int code)
    {
        Bytes.put8(segment, offset + CODE_OFFSET, code);
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
    public Icmpv4Header checksum(final int checksum)
    {
        Bytes.put16(segment, offset + CHECKSUM_OFFSET, checksum);
        return this;
    }

    /**
     * @return the 4-octet rest of header as a network-order int.
     */
    public int restOfHeader()
    {
        return Bytes.i32(segment, offset + REST_OFFSET);
    }

    /**
     * @param rest the 4-octet rest of header.
     * @return this for chaining.
     */
    public Icmpv4Header restOfHeader(final int rest)
    {
        Bytes.put32(segment, offset + REST_OFFSET, rest);
        return this;
    }

    /**
     * @return the identifier of an Echo, Timestamp or Information message.
     */
    public int identifier()
    {
        return Bytes.u16(segment, offset + IDENTIFIER_OFFSET);
    }

    /**
     * @param identifier the identifier of an Echo, Timestamp or Information message.
     * @return this for chaining.
     */
    public Icmpv4Header identifier(final int identifier)
    {
        Bytes.put16(segment, offset + IDENTIFIER_OFFSET, identifier);
        return this;
    }

    /**
     * @return the sequence number of an Echo, Timestamp or Information message.
     */
    public int sequenceNumber()
    {
        return Bytes.u16(segment, offset + SEQUENCE_OFFSET);
    }

    /**
     * @param sequenceNumber the sequence number of an Echo, Timestamp or Information message.
     * @return this for chaining.
     */
    public Icmpv4Header sequenceNumber(final int sequenceNumber)
    {
        Bytes.put16(segment, offset + SEQUENCE_OFFSET, sequenceNumber);
        return this;
    }

    /**
     * @return the Next-Hop MTU of a fragmentation-needed message (RFC 1191 §4); 0 from a router older than RFC 1191.
     */
    public int nextHopMtu()
    {
        return Bytes.u16(segment, offset + MTU_OFFSET);
    }

    /**
     * @param mtu the Next-Hop MTU of a fragmentation-needed message; the unused high-order 16 bits are zeroed.
     * @return this for chaining.
     */
    public Icmpv4Header nextHopMtu(final int mtu)
    {
        Bytes.put16(segment, offset + REST_OFFSET, 0);
        Bytes.put16(segment, offset + MTU_OFFSET, mtu);
        return this;
    }

    /**
     * @return the Parameter Problem pointer: the octet of the original header where the error was found.
     */
    public int pointer()
    {
        return Bytes.u8(segment, offset + POINTER_OFFSET);
    }

    /**
     * @return the Gateway Internet Address of a Redirect.
     */
    public int gatewayAddress()
    {
        return Bytes.i32(segment, offset + REST_OFFSET);
    }

    /**
     * @return true for Destination Unreachable code 4: fragmentation needed and DF set.
     */
    public boolean isFragmentationNeeded()
    {
        return type() == TYPE_DESTINATION_UNREACHABLE && code() == CODE_FRAGMENTATION_NEEDED;
    }

    /**
     * @return true for an error message, which carries the original IP header and at least 64 bits of its data
     * (RFC 792; RFC 1812 §4.3.2.3 allows up to 576 octets in all).
     */
    public boolean isError()
    {
        final int type = type();
        return type == TYPE_DESTINATION_UNREACHABLE || type == TYPE_SOURCE_QUENCH || type == TYPE_REDIRECT ||
            type == TYPE_TIME_EXCEEDED || type == TYPE_PARAMETER_PROBLEM;
    }

    /**
     * @return offset of the first data octet after the 8-octet header.
     */
    public long payloadOffset()
    {
        return offset + LENGTH;
    }

    /**
     * @return data length in octets.
     */
    public int payloadLength()
    {
        return messageLength - LENGTH;
    }

    /**
     * Compute the checksum (RFC 792): the one's complement of the one's complement sum of the message from the type
     * octet on, with the checksum field taken as zero; an odd length is padded with a zero octet (RFC 1071 §4.1).
     *
     * @return the value for the checksum field.
     */
    public int computeChecksum()
    {
        final long sum = InternetChecksum.add(0, segment, offset, CHECKSUM_OFFSET);
        return InternetChecksum.finish(
            InternetChecksum.add(sum, segment, offset + REST_OFFSET, messageLength - REST_OFFSET));
    }

    /**
     * @return true when the checksum verifies over the whole message.
     */
    public boolean verifyChecksum()
    {
        return InternetChecksum.compute(segment, offset, messageLength) == 0;
    }

    /**
     * Compute the checksum over the message and write it.
     *
     * @return this for chaining.
     */
    public Icmpv4Header updateChecksum()
    {
        return checksum(computeChecksum());
    }

    /**
     * Turn a wrapped Echo request into its Echo Reply in place: type 8 becomes 0 and the checksum is patched
     * incrementally (RFC 1624 eqn. 3). Identifier, sequence number and data are returned unchanged (RFC 792).
     * The caller swaps the IP addresses.
     *
     * @return this for chaining.
     */
    public Icmpv4Header echoRequestToReply()
    {
        final int oldWord = Bytes.u16(segment, offset + TYPE_OFFSET);
        final int newWord = TYPE_ECHO_REPLY << 8 | (oldWord & 0xFF);
        Bytes.put16(segment, offset + TYPE_OFFSET, newWord);
        final int patched = InternetChecksum.update16(checksum(), oldWord, newWord);
        // A patched 0x0000 is the one case where the incremental result may be the other one's complement zero
        // than a full computation gives (a message whose other words are all zero needs 0xFFFF): recompute it.
        return patched == 0 ? updateChecksum() : checksum(patched);
    }
}
