package dsmipha.common.codec;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over an ICMPv6 message (RFC 4443 §2.1), reused across packets: {@link #wrap} it, check the status,
 * read or write.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Type      |     Code      |          Checksum             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   type-specific word: Identifier | Sequence Number (echo),    |
 *  |   MTU (Packet Too Big), Pointer (Parameter Problem), unused   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   payload: as much of the invoking packet as fits (errors),   |
 *  |   echo data, ND target and options, DHAAD addresses ...       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Types below 128 are errors, 128 and above informational (RFC 4443 §2.1). The checksum covers the IPv6
 * pseudo-header with Next Header 58 and the whole message (RFC 4443 §2.3, RFC 8200 §8.1); the caller passes the
 * pseudo-header addresses, which {@link Ipv6ExtensionWalker#pseudoHeaderSourceOffset()} and
 * {@link Ipv6ExtensionWalker#finalDestinationOffset()} give for a received packet.
 * <p>
 * {@link #wrap} checks that the 8-octet header, and the fixed part of the Neighbor Discovery messages, fit; the
 * message length is {@code limit - offset} (the upper-layer length from the IPv6 payload length). Not thread safe: one instance per worker.
 */
public final class Icmpv6Header
{
    /** Next Header value of ICMPv6 (RFC 4443 §1). */
    public static final int PROTOCOL = 58;
    /** Length of the type, code and checksum. */
    public static final int BASE_LENGTH = 4;
    /** Length of the header with its type-specific 32-bit word, where echo data and error payloads start. */
    public static final int LENGTH = 8;
    /** Offset of the type. */
    public static final int TYPE_OFFSET = 0;
    /** Offset of the code. */
    public static final int CODE_OFFSET = 1;
    /** Offset of the checksum. */
    public static final int CHECKSUM_OFFSET = 2;
    /** Offset of the echo identifier, and of the DHAAD and Mobile Prefix identifier (RFC 6275 §6.5-6.8). */
    public static final int IDENTIFIER_OFFSET = 4;
    /** Offset of the echo sequence number. */
    public static final int SEQUENCE_OFFSET = 6;
    /** Offset of the Packet Too Big MTU. */
    public static final int MTU_OFFSET = 4;
    /** Offset of the Parameter Problem pointer. */
    public static final int POINTER_OFFSET = 4;
    /** Offset of the Neighbor Solicitation and Advertisement target address (RFC 4861 §4.3, §4.4). */
    public static final int TARGET_ADDRESS_OFFSET = 8;
    /** Offset of the first payload octet after the 8-octet header. */
    public static final int PAYLOAD_OFFSET = 8;

    /** Offset of the first option of a Neighbor Solicitation or Advertisement (RFC 4861 §4.3, §4.4). */
    public static final int NEIGHBOR_OPTIONS_OFFSET = TARGET_ADDRESS_OFFSET + 16;
    /** Offset of the Neighbor Advertisement flags word (R, S, O and 29 reserved bits, RFC 4861 §4.4). */
    public static final int NEIGHBOR_FLAGS_OFFSET = 4;
    /** Neighbor Advertisement Router flag (RFC 4861 §4.4). */
    public static final int NA_FLAG_ROUTER = 0x8000_0000;
    /** Neighbor Advertisement Solicited flag (RFC 4861 §4.4). */
    public static final int NA_FLAG_SOLICITED = 0x4000_0000;
    /** Neighbor Advertisement Override flag (RFC 4861 §4.4). */
    public static final int NA_FLAG_OVERRIDE = 0x2000_0000;
    /** Neighbor Discovery option type Source Link-Layer Address (RFC 4861 §4.6.1). */
    public static final int OPTION_SOURCE_LINK_LAYER_ADDRESS = 1;
    /** Neighbor Discovery option type Target Link-Layer Address (RFC 4861 §4.6.1). */
    public static final int OPTION_TARGET_LINK_LAYER_ADDRESS = 2;
    /** Length of a link-layer address option for Ethernet, in octets: one unit of 8 (RFC 2464 §8). */
    public static final int LINK_LAYER_OPTION_LENGTH = 8;
    /** {@link #linkLayerAddressOption} result: no option of that type. */
    public static final long OPTION_NOT_FOUND = -1;
    /** {@link #linkLayerAddressOption} result: an option of length zero or past the message (RFC 4861 §4.6). */
    public static final long OPTIONS_MALFORMED = -2;

    /** Destination Unreachable (RFC 4443 §3.1). */
    public static final int TYPE_DESTINATION_UNREACHABLE = 1;
    /** Packet Too Big (RFC 4443 §3.2). */
    public static final int TYPE_PACKET_TOO_BIG = 2;
    /** Time Exceeded (RFC 4443 §3.3). */
    public static final int TYPE_TIME_EXCEEDED = 3;
    /** Parameter Problem (RFC 4443 §3.4). */
    public static final int TYPE_PARAMETER_PROBLEM = 4;
    /** Echo Request (RFC 4443 §4.1). */
    public static final int TYPE_ECHO_REQUEST = 128;
    /** Echo Reply (RFC 4443 §4.2). */
    public static final int TYPE_ECHO_REPLY = 129;
    /** Router Solicitation (RFC 4861 §4.1). */
    public static final int TYPE_ROUTER_SOLICITATION = 133;
    /** Router Advertisement (RFC 4861 §4.2). */
    public static final int TYPE_ROUTER_ADVERTISEMENT = 134;
    /** Neighbor Solicitation (RFC 4861 §4.3). */
    public static final int TYPE_NEIGHBOR_SOLICITATION = 135;
    /** Neighbor Advertisement (RFC 4861 §4.4). */
    public static final int TYPE_NEIGHBOR_ADVERTISEMENT = 136;
    /** Redirect (RFC 4861 §4.5). */
    public static final int TYPE_REDIRECT = 137;
    /** Home Agent Address Discovery Request (RFC 6275 §6.5). */
    public static final int TYPE_HAAD_REQUEST = 144;
    /** Home Agent Address Discovery Reply (RFC 6275 §6.6). */
    public static final int TYPE_HAAD_REPLY = 145;
    /** Mobile Prefix Solicitation (RFC 6275 §6.7). */
    public static final int TYPE_MOBILE_PREFIX_SOLICITATION = 146;
    /** Mobile Prefix Advertisement (RFC 6275 §6.8). */
    public static final int TYPE_MOBILE_PREFIX_ADVERTISEMENT = 147;

    /** Destination Unreachable code 0: no route to destination (RFC 4443 §3.1). */
    public static final int CODE_NO_ROUTE = 0;
    /** Destination Unreachable code 1: communication administratively prohibited (RFC 4443 §3.1). */
    public static final int CODE_ADMINISTRATIVELY_PROHIBITED = 1;
    /** Destination Unreachable code 3: address unreachable (RFC 4443 §3.1). */
    public static final int CODE_ADDRESS_UNREACHABLE = 3;
    /** Destination Unreachable code 4: port unreachable (RFC 4443 §3.1). */
    public static final int CODE_PORT_UNREACHABLE = 4;
    /** Time Exceeded code 0: hop limit exceeded in transit (RFC 4443 §3.3). */
    public static final int CODE_HOP_LIMIT_EXCEEDED = 0;
    /** Time Exceeded code 1: fragment reassembly time exceeded (RFC 4443 §3.3). */
    public static final int CODE_REASSEMBLY_TIME_EXCEEDED = 1;
    /** Parameter Problem code 0: erroneous header field (RFC 4443 §3.4). */
    public static final int CODE_ERRONEOUS_HEADER_FIELD = 0;
    /** Parameter Problem code 1: unrecognized Next Header type (RFC 4443 §3.4). */
    public static final int CODE_UNRECOGNIZED_NEXT_HEADER = 1;
    /** Parameter Problem code 2: unrecognized IPv6 option (RFC 4443 §3.4). */
    public static final int CODE_UNRECOGNIZED_OPTION = 2;

    /** IPv6 minimum link MTU (RFC 8200 §5); an error message must not exceed it (RFC 4443 §2.4 (c)). */
    public static final int MIN_MTU = 1280;

    private MemorySegment segment;
    private long offset;
    private int length;

    /**
     * Point the flyweight at a received message and validate that the fixed part of its type fits.
     *
     * @param segment holding the packet.
     * @param offset  of the ICMPv6 header.
     * @param limit   offset one past the message's last octet (the end of the IPv6 payload).
     * @return {@link CodecStatus#OK} or {@link CodecStatus#TRUNCATED}; {@link CodecStatus#BAD_LENGTH} for a
     *         message longer than an IPv6 payload can be.
     */
    public int wrap(final MemorySegment segment, final long offset, final long limit)
    {
        this.segment = segment;
        this.offset = offset;
        this.length = 0;
        final long available = limit - offset;
        if (available < BASE_LENGTH)
        {
            return CodecStatus.TRUNCATED;
        }
        if (available > Ipv6Header.MAX_PAYLOAD_LENGTH)
        {
            return CodecStatus.BAD_LENGTH;
        }
        length = (int)available;
        return length < minimumLength(type()) ? CodecStatus.TRUNCATED : CodecStatus.OK;
    }

    /**
     * Point the flyweight at a message to be written; nothing is validated.
     *
     * @param segment holding the packet.
     * @param offset  of the ICMPv6 header.
     * @param length  of the whole message (header and payload) in octets, used by the checksum.
     * @return this for chaining.
     */
    public Icmpv6Header wrapForEncode(final MemorySegment segment, final long offset, final int length)
    {
        this.segment = segment;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /**
     * @param type an ICMPv6 type.
     * @return the octets the fixed part of a message of that type needs: the RFC 4861 layouts for Router
     *         Advertisement, Neighbor Solicitation and Advertisement and Redirect, 8 for every other type. Every
     *         message RFC 4443, RFC 4861 and RFC 6275 define has the 32-bit word after the checksum, so a shorter
     *         message of a type not known here is malformed too and the type-specific accessors stay in bounds.
     */
    public static int minimumLength(final int type)
    {
        switch (type)
        {
            case TYPE_ROUTER_ADVERTISEMENT:
                return 16;
            case TYPE_NEIGHBOR_SOLICITATION:
            case TYPE_NEIGHBOR_ADVERTISEMENT:
                return TARGET_ADDRESS_OFFSET + Ipv6Header.ADDRESS_LENGTH;
            case TYPE_REDIRECT:
                return TARGET_ADDRESS_OFFSET + 2 * Ipv6Header.ADDRESS_LENGTH;
            default:
                return LENGTH;
        }
    }

    /**
     * @return offset of the header in the segment.
     */
    public long offset()
    {
        return offset;
    }

    /**
     * @return length of the whole message in octets.
     */
    public int length()
    {
        return length;
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
    public Icmpv6Header type(final int type)
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
    public Icmpv6Header code(final int code)
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
    public Icmpv6Header checksum(final int checksum)
    {
        Bytes.put16(segment, offset + CHECKSUM_OFFSET, checksum);
        return this;
    }

    /**
     * @return true for an error message (type below 128, RFC 4443 §2.1).
     */
    public boolean isError()
    {
        return type() < TYPE_ECHO_REQUEST;
    }

    /**
     * @return the echo identifier, or the identifier of a DHAAD or Mobile Prefix message (RFC 6275 §6.5-6.8).
     */
    public int identifier()
    {
        return Bytes.u16(segment, offset + IDENTIFIER_OFFSET);
    }

    /**
     * @param identifier the identifier.
     * @return this for chaining.
     */
    public Icmpv6Header identifier(final int identifier)
    {
        Bytes.put16(segment, offset + IDENTIFIER_OFFSET, identifier);
        return this;
    }

    /**
     * @return the echo sequence number (RFC 4443 §4.1).
     */
    public int sequenceNumber()
    {
        return Bytes.u16(segment, offset + SEQUENCE_OFFSET);
    }

    /**
     * @param sequenceNumber the echo sequence number.
     * @return this for chaining.
     */
    public Icmpv6Header sequenceNumber(final int sequenceNumber)
    {
        Bytes.put16(segment, offset + SEQUENCE_OFFSET, sequenceNumber);
        return this;
    }

    /**
     * @return the MTU of a Packet Too Big message (RFC 4443 §3.2), unsigned 32 bits.
     */
    public long mtu()
    {
        return Bytes.u32(segment, offset + MTU_OFFSET);
    }

    /**
     * @param mtu the MTU of the next-hop link.
     * @return this for chaining.
     */
    public Icmpv6Header mtu(final long mtu)
    {
        Bytes.put32(segment, offset + MTU_OFFSET, (int)mtu);
        return this;
    }

    /**
     * @return the pointer of a Parameter Problem message (RFC 4443 §3.4): offset in the invoking packet of the
     *         octet at fault, unsigned 32 bits.
     */
    public long pointer()
    {
        return Bytes.u32(segment, offset + POINTER_OFFSET);
    }

    /**
     * @param pointer offset in the invoking packet of the octet at fault.
     * @return this for chaining.
     */
    public Icmpv6Header pointer(final long pointer)
    {
        Bytes.put32(segment, offset + POINTER_OFFSET, (int)pointer);
        return this;
    }

    /**
     * Write zero into the unused type-specific word of Destination Unreachable and Time Exceeded (RFC 4443 §3.1,
     * §3.3) or the reserved field of a message that has one.
     *
     * @return this for chaining.
     */
    public Icmpv6Header clearTypeSpecificWord()
    {
        Bytes.put32(segment, offset + IDENTIFIER_OFFSET, 0);
        return this;
    }

    /**
     * @return offset of the Neighbor Solicitation or Advertisement target address (RFC 4861 §4.3, §4.4).
     */
    public long targetAddressOffset()
    {
        return offset + TARGET_ADDRESS_OFFSET;
    }

    /**
     * @return the Neighbor Advertisement flags word: {@link #NA_FLAG_ROUTER}, {@link #NA_FLAG_SOLICITED},
     *         {@link #NA_FLAG_OVERRIDE} (RFC 4861 §4.4).
     */
    public int neighborFlags()
    {
        return Bytes.i32(segment, offset + NEIGHBOR_FLAGS_OFFSET);
    }

    /**
     * @param flags the Neighbor Advertisement flags word (reserved bits zero).
     * @return this for chaining.
     */
    public Icmpv6Header neighborFlags(final int flags)
    {
        Bytes.put32(segment, offset + NEIGHBOR_FLAGS_OFFSET, flags);
        return this;
    }

    /**
     * Find an Ethernet link-layer address option among the options of a Neighbor Solicitation or Advertisement,
     * checking every option's length on the way (RFC 4861 §4.6: a zero length is invalid and the packet must be
     * discarded, §7.1.1, §7.1.2).
     *
     * @param type {@link #OPTION_SOURCE_LINK_LAYER_ADDRESS} or {@link #OPTION_TARGET_LINK_LAYER_ADDRESS}.
     * @return the MAC in the low 48 bits, {@link #OPTION_NOT_FOUND} or {@link #OPTIONS_MALFORMED}.
     */
    public long linkLayerAddressOption(final int type)
    {
        long found = OPTION_NOT_FOUND;
        long option = offset + NEIGHBOR_OPTIONS_OFFSET;
        final long end = offset + length;
        while (option + 2 <= end)
        {
            final int optionLength = Bytes.u8(segment, option + 1) * 8;
            if (optionLength == 0 || option + optionLength > end)
            {
                return OPTIONS_MALFORMED;
            }
            if (found == OPTION_NOT_FOUND && Bytes.u8(segment, option) == type &&
                optionLength == LINK_LAYER_OPTION_LENGTH)
            {
                found = EthernetHeader.readMac(segment, option + 2);
            }
            option += optionLength;
        }
        return option == end ? found : OPTIONS_MALFORMED;
    }

    /**
     * Write an Ethernet link-layer address option (RFC 4861 §4.6.1, RFC 2464 §8).
     *
     * @param optionOffset where the option goes.
     * @param type         {@link #OPTION_SOURCE_LINK_LAYER_ADDRESS} or {@link #OPTION_TARGET_LINK_LAYER_ADDRESS}.
     * @param mac          the MAC in the low 48 bits.
     * @return this for chaining.
     */
    public Icmpv6Header linkLayerAddressOption(final long optionOffset, final int type, final long mac)
    {
        Bytes.put8(segment, optionOffset, type);
        Bytes.put8(segment, optionOffset + 1, LINK_LAYER_OPTION_LENGTH / 8);
        EthernetHeader.writeMac(segment, optionOffset + 2, mac);
        return this;
    }

    /**
     * @return offset of the payload after the 8-octet header: the invoking packet of an error, echo data.
     */
    public long payloadOffset()
    {
        return offset + PAYLOAD_OFFSET;
    }

    /**
     * @return payload length in octets after the 8-octet header, 0 when the message is shorter.
     */
    public int payloadLength()
    {
        return Math.max(0, length - PAYLOAD_OFFSET);
    }

    /**
     * Compute the checksum over the IPv6 pseudo-header and the message (the checksum field is treated as zero).
     *
     * @param sourceOffset      offset of the pseudo-header source address (the home address when a Home Address
     *                          option is present).
     * @param destinationOffset offset of the final destination address (RFC 8200 §8.1).
     * @return the value to put in the checksum field.
     */
    public int computeChecksum(final long sourceOffset, final long destinationOffset)
    {
        final long pseudo = InternetChecksum.ipv6PseudoHeaderSum(
            segment, sourceOffset, destinationOffset, PROTOCOL, length);
        long sum = InternetChecksum.add(pseudo, segment, offset, CHECKSUM_OFFSET);
        sum = InternetChecksum.add(sum, segment, offset + BASE_LENGTH, length - BASE_LENGTH);
        return InternetChecksum.finish(sum);
    }

    /**
     * @param sourceOffset      offset of the pseudo-header source address.
     * @param destinationOffset offset of the final destination address.
     * @return true when the message and pseudo-header sum to all ones (RFC 4443 §2.3, RFC 1071).
     */
    public boolean verifyChecksum(final long sourceOffset, final long destinationOffset)
    {
        final long pseudo = InternetChecksum.ipv6PseudoHeaderSum(
            segment, sourceOffset, destinationOffset, PROTOCOL, length);
        return InternetChecksum.finish(InternetChecksum.add(pseudo, segment, offset, length)) == 0;
    }

    /**
     * Compute and write the checksum.
     *
     * @param sourceOffset      offset of the pseudo-header source address.
     * @param destinationOffset offset of the final destination address.
     * @return this for chaining.
     */
    public Icmpv6Header updateChecksum(final long sourceOffset, final long destinationOffset)
    {
        return checksum(computeChecksum(sourceOffset, destinationOffset));
    }
}
