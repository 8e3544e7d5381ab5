package dsmipha.common.codec.mh;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.CodecStatus;
import dsmipha.common.codec.InternetChecksum;

/**
 * Flyweight over an IPv6 Mobility Header (RFC 6275 §6.1.1), reused across packets: {@link #wrap} it, check the
 * status, then wrap the message flyweight for its {@link #type()} and walk its options with a
 * {@link MobilityOptionIterator}.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  | Payload Proto |  Header Len   |   MH Type     |   Reserved    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           Checksum            |                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
 *  .                                                               .
 *  .                       Message Data                            .
 *  .                 (fixed part, then Mobility Options)           .
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Header Len counts 8-octet units after the first 8 octets, so the header is always a multiple of 8 octets long
 * (RFC 6275 §6.1.1). The header is the last one in the packet (Payload Proto 59, "no next header"), so the caller
 * passes the end of the IPv6 payload as the limit and the header must fill it exactly.
 * <p>
 * Encoding: {@link #wrapForEncode}, {@link #startMessage} (or a message flyweight's {@code start}), set the fixed
 * fields, append options with the option flyweights' {@code appendTo} (which call {@link #appendOption} and insert
 * Pad1/PadN for the option's alignment, RFC 6275 §6.2.1), then {@link #finish(long, long)} pads the header to a
 * multiple of 8 octets, sets Header Len and the checksum.
 * <p>
 * Not thread safe: one instance per worker.
 */
public final class MobilityHeader
{
    /** IPv6 Next Header value that identifies the Mobility Header (RFC 6275 §6.1.1). */
    public static final int PROTOCOL = 135;
    /** The only Payload Proto value accepted: IPPROTO_NONE (RFC 6275 §6.1.1, §9.2). */
    public static final int PAYLOAD_PROTO_NONE = 59;

    /** Offset of the Payload Proto field. */
    public static final int PAYLOAD_PROTO_OFFSET = 0;
    /** Offset of the Header Len field (8-octet units, not counting the first 8 octets). */
    public static final int HEADER_LENGTH_OFFSET = 1;
    /** Offset of the MH Type field. */
    public static final int TYPE_OFFSET = 2;
    /** Offset of the Reserved field. */
    public static final int RESERVED_OFFSET = 3;
    /** Offset of the Checksum field. */
    public static final int CHECKSUM_OFFSET = 4;
    /** Offset of the message data. */
    public static final int MESSAGE_DATA_OFFSET = 6;
    /** Smallest header: Header Len 0 (RFC 6275 §6.1.1). */
    public static final int MIN_LENGTH = 8;
    /** Largest header: Header Len 255. */
    public static final int MAX_LENGTH = 256 * 8;
    /** The header length is a multiple of this many octets (RFC 6275 §6.1.1). */
    public static final int LENGTH_UNIT = 8;

    /** Binding Refresh Request (RFC 6275 §6.1.2). */
    public static final int TYPE_BINDING_REFRESH_REQUEST = 0;
    /** Home Test Init (RFC 6275 §6.1.3). */
    public static final int TYPE_HOME_TEST_INIT = 1;
    /** Care-of Test Init (RFC 6275 §6.1.4). */
    public static final int TYPE_CARE_OF_TEST_INIT = 2;
    /** Home Test (RFC 6275 §6.1.5). */
    public static final int TYPE_HOME_TEST = 3;
    /** Care-of Test (RFC 6275 §6.1.6). */
    public static final int TYPE_CARE_OF_TEST = 4;
    /** Binding Update (RFC 6275 §6.1.7). */
    public static final int TYPE_BINDING_UPDATE = 5;
    /** Binding Acknowledgement (RFC 6275 §6.1.8). */
    public static final int TYPE_BINDING_ACK = 6;
    /** Binding Error (RFC 6275 §6.1.9). */
    public static final int TYPE_BINDING_ERROR = 7;
    /** Home Agent Switch (RFC 5142): recognised, not decoded. */
    public static final int TYPE_HOME_AGENT_SWITCH = 12;
    /** Heartbeat (RFC 5847): recognised, not decoded. */
    public static final int TYPE_HEARTBEAT = 13;
    /** Binding Revocation (RFC 5846): recognised, not decoded. */
    public static final int TYPE_BINDING_REVOCATION = 16;

    private static final int PAD1 = 0;
    private static final int PADN = 1;

    private MemorySegment segment;
    private long offset;
    private long cursor;

    /**
     * Point the flyweight at a received Mobility Header and validate it (RFC 6275 §6.1.1, §9.2):
     * <ul>
     *   <li>at least 8 octets remain, else {@link CodecStatus#TRUNCATED};</li>
     *   <li>Payload Proto is 59, else {@link CodecStatus#BAD_FIELD};</li>
     *   <li>the length from Header Len does not run past the limit, else {@link CodecStatus#BAD_LENGTH};</li>
     *   <li>the octets up to the limit are a multiple of 8, else {@link CodecStatus#BAD_PADDING};</li>
     *   <li>the header fills the packet up to the limit, else {@link CodecStatus#BAD_LENGTH};</li>
     *   <li>the header is not shorter than the fixed part of its type, else {@link CodecStatus#BAD_LENGTH};</li>
     *   <li>the type is one this codec decodes (0-7), else {@link CodecStatus#UNSUPPORTED}: the header is well
     *   formed and the receiver answers with a Binding Error, status 2 (RFC 6275 §9.2).</li>
     * </ul>
     * The checksum is not verified here: it needs the pseudo-header, see {@link #verifyChecksum}.
     *
     * @param segment holding the packet.
     * @param offset  of the Mobility Header.
     * @param limit   offset one past the last octet of the IPv6 payload that carries the header.
     * @return {@link CodecStatus#OK} or a negative status as listed above.
     */
    public int wrap(final MemorySegment segment, final long offset, final long limit)
    {
        this.segment = segment;
        this.offset = offset;
        final long remaining = limit - offset;
        if (remaining < MIN_LENGTH)
        {
            return CodecStatus.TRUNCATED;
        }
        if (payloadProto() != PAYLOAD_PROTO_NONE)
        {
            return CodecStatus.BAD_FIELD;
        }
        final int length = length();
        if (length > remaining)
        {
            return CodecStatus.BAD_LENGTH;
        }
        if ((remaining & (LENGTH_UNIT - 1)) != 0)
        {
            return CodecStatus.BAD_PADDING;
        }
        if (length != remaining)
        {
            return CodecStatus.BAD_LENGTH;
        }
        return checkType(length);
    }

    /**
     * Point the flyweight at a header to be written; nothing is validated. Follow with {@link #startMessage}.
     *
     * @param segment holding the packet.
     * @param offset  of the Mobility Header.
     * @return this for chaining.
     */
    public MobilityHeader wrapForEncode(final MemorySegment segment, final long offset)
    {
        this.segment = segment;
        this.offset = offset;
        this.cursor = offset;
        return this;
    }

    /**
     * Length of the fixed part of a message type: the common header plus the message fields before the options
     * (RFC 6275 §6.1.2-6.1.9). A header shorter than this is malformed (RFC 6275 §9.2).
     *
     * @param type MH Type.
     * @return the fixed length in octets, or -1 for a type this codec does not decode.
     */
    public static int fixedLength(final int type)
    {
        return switch (type)
        {
            case TYPE_BINDING_REFRESH_REQUEST -> BindingRefreshRequest.FIXED_LENGTH;
            case TYPE_HOME_TEST_INIT, TYPE_CARE_OF_TEST_INIT -> HomeTestInit.FIXED_LENGTH;
            case TYPE_HOME_TEST, TYPE_CARE_OF_TEST -> HomeTest.FIXED_LENGTH;
            case TYPE_BINDING_UPDATE -> BindingUpdate.FIXED_LENGTH;
            case TYPE_BINDING_ACK -> BindingAck.FIXED_LENGTH;
            case TYPE_BINDING_ERROR -> BindingError.FIXED_LENGTH;
            default -> -1;
        };
    }

    /**
     * @return the segment the flyweight is over.
     */
    public MemorySegment segment()
    {
        return segment;
    }

    /**
     * @return offset of the header in the segment.
     */
    public long offset()
    {
        return offset;
    }

    /**
     * @return the Payload Proto field.
     */
    public int payloadProto()
    {
        return Bytes.u8(segment, offset + PAYLOAD_PROTO_OFFSET);
    }

    /**
     * @param proto the Payload Proto field.
     * @return this for chaining.
     */
    public MobilityHeader payloadProto(final int proto)
    {
        Bytes.put8(segment, offset + PAYLOAD_PROTO_OFFSET, proto);
        return this;
    }

    /**
     * @return the Header Len field: 8-octet units after the first 8 octets.
     */
    public int headerLength()
    {
        return Bytes.u8(segment, offset + HEADER_LENGTH_OFFSET);
    }

    /**
     * @param units the Header Len field.
     * @return this for chaining.
     */
    public MobilityHeader headerLength(final int units)
    {
        Bytes.put8(segment, offset + HEADER_LENGTH_OFFSET, units);
        return this;
    }

    /**
     * @return the header length in octets, from Header Len.
     */
    public int length()
    {
        return (headerLength() + 1) * LENGTH_UNIT;
    }

    /**
     * @return the MH Type field.
     */
    public int type()
    {
        return Bytes.u8(segment, offset + TYPE_OFFSET);
    }

    /**
     * @param type the MH Type field.
     * @return this for chaining.
     */
    public MobilityHeader type(final int type)
    {
        Bytes.put8(segment, offset + TYPE_OFFSET, type);
        return this;
    }

    /**
     * @return the Reserved field (sent as zero, ignored on receipt, RFC 6275 §6.1.1).
     */
    public int reserved()
    {
        return Bytes.u8(segment, offset + RESERVED_OFFSET);
    }

    /**
     * @return the Checksum field.
     */
    public int checksum()
    {
        return Bytes.u16(segment, offset + CHECKSUM_OFFSET);
    }

    /**
     * @param checksum the Checksum field.
     * @return this for chaining.
     */
    public MobilityHeader checksum(final int checksum)
    {
        Bytes.put16(segment, offset + CHECKSUM_OFFSET, checksum);
        return this;
    }

    /**
     * @return offset of the message data (the first octet after the checksum).
     */
    public long messageDataOffset()
    {
        return offset + MESSAGE_DATA_OFFSET;
    }

    /**
     * @return offset of the first mobility option: after the fixed part of the type; for a type this codec does
     * not decode, the end of the header (no options are walked).
     */
    public long optionsOffset()
    {
        final int fixed = fixedLength(type());
        return fixed < 0 ? offset + length() : offset + fixed;
    }

    /**
     * @return offset one past the options area: the end of the header.
     */
    public long optionsLimit()
    {
        return offset + length();
    }

    /**
     * Compute the checksum over the IPv6 pseudo-header (RFC 8200 §8.1, Next Header 135) and the header, the
     * checksum field counted as zero (RFC 6275 §6.1.1). The source is the home address when a Home Address option
     * is present, and the destination is the final destination (the Type 2 Routing header address when present).
     *
     * @param sourceOffset      offset of the 16-octet pseudo-header source address in the same segment.
     * @param destinationOffset offset of the 16-octet final destination address in the same segment.
     * @return the value for the checksum field.
     */
    public int computeChecksum(final long sourceOffset, final long destinationOffset)
    {
        final int length = length();
        long sum = InternetChecksum.ipv6PseudoHeaderSum(segment, sourceOffset, destinationOffset, PROTOCOL, length);
        sum = InternetChecksum.add(sum, segment, offset, CHECKSUM_OFFSET);
        sum = InternetChecksum.add(sum, segment, offset + MESSAGE_DATA_OFFSET, length - MESSAGE_DATA_OFFSET);
        return InternetChecksum.finish(sum);
    }

    /**
     * Verify the checksum (RFC 6275 §6.1.1, §9.2): the one's complement sum of pseudo-header and header, checksum
     * included, must be all ones.
     *
     * @param sourceOffset      offset of the 16-octet pseudo-header source address in the same segment.
     * @param destinationOffset offset of the 16-octet final destination address in the same segment.
     * @return true when the checksum verifies.
     */
    public boolean verifyChecksum(final long sourceOffset, final long destinationOffset)
    {
        final int length = length();
        final long sum = InternetChecksum.add(
            InternetChecksum.ipv6PseudoHeaderSum(segment, sourceOffset, destinationOffset, PROTOCOL, length),
            segment, offset, length);
        return InternetChecksum.fold(sum) == 0xFFFF;
    }

    /**
     * Start a message: write Payload Proto 59, the type, zero Reserved, checksum and the fixed message fields, and
     * place the option cursor after the fixed part.
     *
     * @param type a type this codec decodes (0-7).
     * @return this for chaining.
     * @throws IllegalArgumentException for a type this codec does not encode (a programming error).
     */
    public MobilityHeader startMessage(final int type)
    {
        final int fixed = fixedLength(type);
        if (fixed < 0)
        {
            throw unknownType(type);
        }
        zero(offset, fixed);
        payloadProto(PAYLOAD_PROTO_NONE);
        type(type);
        cursor = offset + fixed;
        return this;
    }

    /**
     * Append an option after the ones already appended: first Pad1 or PadN so that the option type octet lies at
     * {@code alignmentModulus * n + alignmentRemainder} octets from the start of the header (RFC 6275 §6.2.1), then
     * the type and length octets and a zeroed value.
     *
     * @param type               option type.
     * @param length             option length (octets of value, not counting type and length).
     * @param alignmentModulus   x of the option's xn+y rule, 0 when it has none.
     * @param alignmentRemainder y of the option's xn+y rule.
     * @return offset of the option's type octet.
     * @throws IllegalStateException when the header would exceed {@link #MAX_LENGTH} (a programming error).
     */
    public long appendOption(final int type, final int length, final int alignmentModulus, final int alignmentRemainder)
    {
        final int padding = alignmentPadding(cursor - offset, alignmentModulus, alignmentRemainder);
        if (cursor - offset + padding + MobilityOption.VALUE_OFFSET + length > MAX_LENGTH)
        {
            throw tooLong();
        }
        pad(padding);
        final long optionOffset = cursor;
        Bytes.put8(segment, optionOffset + MobilityOption.TYPE_OFFSET, type);
        Bytes.put8(segment, optionOffset + MobilityOption.LENGTH_OFFSET, length);
        zero(optionOffset + MobilityOption.VALUE_OFFSET, length);
        cursor = optionOffset + MobilityOption.VALUE_OFFSET + length;
        return optionOffset;
    }

    /**
     * Finish the message: pad with Pad1/PadN to a multiple of 8 octets and set Header Len (RFC 6275 §6.1.1,
     * §6.2.1). The checksum field is left zero; see {@link #finish(long, long)}.
     *
     * @return the header length in octets.
     */
    public int finish()
    {
        pad(alignmentPadding(cursor - offset, LENGTH_UNIT, 0));
        final int length = (int)(cursor - offset);
        if (length > MAX_LENGTH)
        {
            throw tooLong();
        }
        headerLength(length / LENGTH_UNIT - 1);
        return length;
    }

    /**
     * Finish the message as {@link #finish()} does and set the checksum.
     *
     * @param sourceOffset      offset of the pseudo-header source address (the home address when the packet carries
     *                          a Home Address option).
     * @param destinationOffset offset of the final destination address.
     * @return the header length in octets.
     */
    public int finish(final long sourceOffset, final long destinationOffset)
    {
        final int length = finish();
        checksum(0);
        checksum(computeChecksum(sourceOffset, destinationOffset));
        return length;
    }

    /**
     * Padding needed before an option with alignment rule xn+y placed at a position.
     *
     * @param position  octets from the start of the header.
     * @param modulus   x, 0 when the option has no alignment requirement.
     * @param remainder y.
     * @return octets of padding, 0 to x-1.
     */
    public static int alignmentPadding(final long position, final int modulus, final int remainder)
    {
        if (modulus == 0)
        {
            return 0;
        }
        return (int)Math.floorMod(remainder - position, (long)modulus);
    }

    private int checkType(final int length)
    {
        final int fixed = fixedLength(type());
        if (fixed < 0)
        {
            return CodecStatus.UNSUPPORTED;
        }
        return length < fixed ? CodecStatus.BAD_LENGTH : CodecStatus.OK;
    }

    private void pad(final int padding)
    {
        // RFC 6275 §6.2.2-6.2.3: Pad1 is a single zero octet; PadN is type 1, length N-2, N-2 zero octets.
        if (padding == 1)
        {
            Bytes.put8(segment, cursor, PAD1);
        }
        else if (padding > 1)
        {
            Bytes.put8(segment, cursor, PADN);
            Bytes.put8(segment, cursor + 1, padding - 2);
            zero(cursor + 2, padding - 2);
        }
        cursor += padding;
    }

    private void zero(final long from, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            Bytes.put8(segment, from + i, 0);
        }
    }

    private static IllegalArgumentException unknownType(final int type)
    {
        return new IllegalArgumentException("MH type not encoded by this codec: " + type);
    }

    private static IllegalStateException tooLong()
    {
        return new IllegalStateException("Mobility Header longer than " + MAX_LENGTH + " octets");
    }
}
