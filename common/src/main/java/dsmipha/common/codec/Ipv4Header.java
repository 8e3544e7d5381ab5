package dsmipha.common.codec;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over an IPv4 header (RFC 791 §3.1), reused across packets: {@link #wrap} it, check the status, read
 * or write.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |Version|  IHL  |    DSCP   |ECN|          Total Length         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Identification        |R|D|M|     Fragment Offset     |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Time to Live |    Protocol   |         Header Checksum       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Source Address                          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Destination Address                        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Options                    |    Padding    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The type of service octet is read as DSCP (RFC 2474 §3) and ECN (RFC 3168 §5); the flags are R (reserved, must
 * be zero per RFC 791 §3.1 but reported as-is), DF and MF. Addresses are {@code int}s in network order.
 * <p>
 * {@link #wrap} checks what makes the other accessors safe: the version, the header length, the total length and
 * the option list. It does not verify the header checksum ({@link #verifyChecksum()}), so a fastpath that trusts
 * its NIC's checksum offload does not pay for it twice.
 * <p>
 * Not thread safe: one instance per worker.
 */
public final class Ipv4Header
{
    /** Length of a header without options in octets. */
    public static final int LENGTH = 20;
    /** Longest header: IHL 15. */
    public static final int MAX_LENGTH = 60;
    /** Offset of the version and IHL octet. */
    public static final int VERSION_IHL_OFFSET = 0;
    /** Offset of the DSCP and ECN octet (formerly type of service). */
    public static final int TOS_OFFSET = 1;
    /** Offset of the total length. */
    public static final int TOTAL_LENGTH_OFFSET = 2;
    /** Offset of the identification. */
    public static final int IDENTIFICATION_OFFSET = 4;
    /** Offset of the flags and fragment offset word. */
    public static final int FLAGS_FRAGMENT_OFFSET = 6;
    /** Offset of the time to live. */
    public static final int TTL_OFFSET = 8;
    /** Offset of the protocol. */
    public static final int PROTOCOL_OFFSET = 9;
    /** Offset of the header checksum. */
    public static final int CHECKSUM_OFFSET = 10;
    /** Offset of the source address. */
    public static final int SOURCE_OFFSET = 12;
    /** Offset of the destination address. */
    public static final int DESTINATION_OFFSET = 16;
    /** Offset of the first option. */
    public static final int OPTIONS_OFFSET = 20;
    /** The version this codec speaks. */
    public static final int VERSION = 4;
    /** Smallest IHL: 5 words (RFC 791 §3.1). */
    public static final int MIN_IHL = 5;
    /** Largest datagram, also after reassembly (RFC 791 §3.1, Total Length). */
    public static final int MAX_DATAGRAM_LENGTH = 65535;
    /** Reserved flag bit in the flags and fragment offset word. */
    public static final int FLAG_RESERVED = 0x8000;
    /** Don't Fragment flag bit in the flags and fragment offset word. */
    public static final int FLAG_DF = 0x4000;
    /** More Fragments flag bit in the flags and fragment offset word. */
    public static final int FLAG_MF = 0x2000;
    /** Mask of the fragment offset, in 8-octet units. */
    public static final int FRAGMENT_OFFSET_MASK = 0x1FFF;
    /** End of Option List (RFC 791 §3.1): the rest of the header is padding. */
    public static final int OPTION_EOL = 0;
    /** No Operation option (RFC 791 §3.1): one octet. */
    public static final int OPTION_NOP = 1;
    /** Router Alert option (RFC 2113 §2.1): copied, class 0, number 20. */
    public static final int OPTION_ROUTER_ALERT = 148;
    /** Protocol number of ICMPv4. */
    public static final int PROTOCOL_ICMP = 1;
    /** Protocol number of IPv4-in-IPv4 (RFC 2003). */
    public static final int PROTOCOL_IPIP = 4;
    /** Protocol number of UDP. */
    public static final int PROTOCOL_UDP = 17;
    /** Protocol number of IPv6-in-IPv4 (RFC 4213 §3.5). */
    public static final int PROTOCOL_IPV6 = 41;
    /** Protocol number of ESP (RFC 4303). */
    public static final int PROTOCOL_ESP = 50;

    private MemorySegment segment;
    private long offset;

    /**
     * Point the flyweight at a received header and validate it: version 4, IHL at least 5 and inside the packet,
     * total length at least the header and not past the packet, a fragment that cannot reassemble past 65535
     * octets, and an option list whose every option fits in the header.
     *
     * @param segment holding the packet.
     * @param offset  of the IPv4 header.
     * @param limit   offset one past the last octet of the packet (link-layer padding may follow the datagram).
     * @return {@link CodecStatus#OK}, {@link CodecStatus#TRUNCATED}, {@link CodecStatus#BAD_VERSION},
     * {@link CodecStatus#BAD_FIELD} (IHL below 5), {@link CodecStatus#BAD_LENGTH} or {@link CodecStatus#BAD_OPTION}.
     */
    public int wrap(final MemorySegment segment, final long offset, final long limit)
    {
        this.segment = segment;
        this.offset = offset;
        final long available = limit - offset;
        if (available < LENGTH)
        {
            return CodecStatus.TRUNCATED;
        }
        if (version() != VERSION)
        {
            return CodecStatus.BAD_VERSION;
        }
        // RFC 791 §3.1: "the minimum value for a correct header is 5".
        final int headerLength = headerLength();
        if (headerLength < LENGTH)
        {
            return CodecStatus.BAD_FIELD;
        }
        if (available < headerLength)
        {
            return CodecStatus.TRUNCATED;
        }
        // RFC 791 §3.1: Total Length counts header and data, so it is at least the header length.
        final int totalLength = totalLength();
        if (totalLength < headerLength || totalLength > available)
        {
            return CodecStatus.BAD_LENGTH;
        }
        // RFC 791 §3.1: a fragment's data starts at Fragment Offset * 8 of a datagram of at most 65535 octets;
        // more would overflow a reassembly buffer ("ping of death").
        if (fragmentOffset() * 8 + totalLength > MAX_DATAGRAM_LENGTH)
        {
            return CodecStatus.BAD_LENGTH;
        }
        return walkOptions(headerLength);
    }

    /**
     * Point the flyweight at a header to be written; nothing is validated. Call {@link #writeHeader} to lay down a
     * 20-octet header, then the setters, then {@link #updateChecksum()}.
     *
     * @param segment holding the packet.
     * @param offset  of the IPv4 header.
     * @return this for chaining.
     */
    public Ipv4Header wrapForEncode(final MemorySegment segment, final long offset)
    {
        this.segment = segment;
        this.offset = offset;
        return this;
    }

    /**
     * Write a 20-octet header with no options: version 4, IHL 5, DSCP and ECN 0, no flags, fragment offset 0 and
     * checksum 0; the other fields as given.
     *
     * @param totalLength        header plus payload in octets.
     * @param identification     the identification field.
     * @param ttl                time to live.
     * @param protocol           the payload's protocol number.
     * @param sourceAddress      source address.
     * @param destinationAddress destination address.
     * @return this for chaining.
     */
    public Ipv4Header writeHeader(
        final int totalLength,
        final int identification,
        final int ttl,
        final int protocol,
        final int sourceAddress,
        final int destinationAddress)
    {
        Bytes.put8(segment, offset + VERSION_IHL_OFFSET, VERSION << 4 | MIN_IHL);
        Bytes.put8(segment, offset + TOS_OFFSET, 0);
        Bytes.put16(segment, offset + FLAGS_FRAGMENT_OFFSET, 0);
        Bytes.put16(segment, offset + CHECKSUM_OFFSET, 0);
        return totalLength(totalLength).identification(identification).ttl(ttl).protocol(protocol)
            .sourceAddress(sourceAddress).destinationAddress(destinationAddress);
    }

    /**
     * @return offset of the header in the segment.
     */
    public long offset()
    {
        return offset;
    }

    /**
     * @return the version nibble.
     */
    public int version()
    {
        return Bytes.u8(segment, offset + VERSION_IHL_OFFSET) >>> 4;
    }

    /**
     * @return the IHL nibble: header length in 32-bit words.
     */
    public int ihl()
    {
        return Bytes.u8(segment, offset + VERSION_IHL_OFFSET) & 0x0F;
    }

    /**
     * @return header length in octets, options included.
     */
    public int headerLength()
    {
        return ihl() * 4;
    }

    /**
     * @return the differentiated services code point (RFC 2474 §3), 0..63.
     */
    public int dscp()
    {
        return Bytes.u8(segment, offset + TOS_OFFSET) >>> 2;
    }

    /**
     * @param dscp the differentiated services code point 0..63; ECN is kept.
     * @return this for chaining.
     */
    public Ipv4Header dscp(final int dscp)
    {
        final long at = offset + TOS_OFFSET;
        Bytes.put8(segment, at, (dscp & 0x3F) << 2 | (Bytes.u8(segment, at) & 0x03));
        return this;
    }

    /**
     * @return the ECN codepoint (RFC 3168 §5), 0..3.
     */
    public int ecn()
    {
        return Bytes.u8(segment, offset + TOS_OFFSET) & 0x03;
    }

    /**
     * @param ecn the ECN codepoint 0..3; DSCP is kept.
     * @return this for chaining.
     */
    public Ipv4Header ecn(final int ecn)
    {
        final long at = offset + TOS_OFFSET;
        Bytes.put8(segment, at, (Bytes.u8(segment, at) & 0xFC) | (ecn & 0x03));
        return this;
    }

    /**
     * @return the total length: header plus data in octets.
     */
    public int totalLength()
    {
        return Bytes.u16(segment, offset + TOTAL_LENGTH_OFFSET);
    }

    /**
     * @param totalLength header plus data in octets.
     * @return this for chaining.
     */
    public Ipv4Header totalLength(final int totalLength)
    {
        Bytes.put16(segment, offset + TOTAL_LENGTH_OFFSET, totalLength);
        return this;
    }

    /**
     * @return the identification field.
     */
    public int identification()
    {
        return Bytes.u16(segment, offset + IDENTIFICATION_OFFSET);
    }

    /**
     * @param identification the identification field.
     * @return this for chaining.
     */
    public Ipv4Header identification(final int identification)
    {
        Bytes.put16(segment, offset + IDENTIFICATION_OFFSET, identification);
        return this;
    }

    /**
     * @return the 3 flag bits (R, DF, MF) as a value 0..7, as scapy and tshark show them.
     */
    public int flags()
    {
        return flagsAndFragmentOffset() >>> 13;
    }

    /**
     * @return true when the reserved flag (bit 0) is set; RFC 791 §3.1 says it must be zero.
     */
    public boolean reservedFlag()
    {
        return (flagsAndFragmentOffset() & FLAG_RESERVED) != 0;
    }

    /**
     * @return the Don't Fragment flag.
     */
    public boolean dontFragment()
    {
        return (flagsAndFragmentOffset() & FLAG_DF) != 0;
    }

    /**
     * @param dontFragment the Don't Fragment flag.
     * @return this for chaining.
     */
    public Ipv4Header dontFragment(final boolean dontFragment)
    {
        return flagBit(FLAG_DF, dontFragment);
    }

    /**
     * @return the More Fragments flag.
     */
    public boolean moreFragments()
    {
        return (flagsAndFragmentOffset() & FLAG_MF) != 0;
    }

    /**
     * @param moreFragments the More Fragments flag.
     * @return this for chaining.
     */
    public Ipv4Header moreFragments(final boolean moreFragments)
    {
        return flagBit(FLAG_MF, moreFragments);
    }

    /**
     * @return the fragment offset in 8-octet units.
     */
    public int fragmentOffset()
    {
        return flagsAndFragmentOffset() & FRAGMENT_OFFSET_MASK;
    }

    /**
     * @param fragmentOffset in 8-octet units, 0..8191; the flags are kept.
     * @return this for chaining.
     */
    public Ipv4Header fragmentOffset(final int fragmentOffset)
    {
        final int word = (flagsAndFragmentOffset() & ~FRAGMENT_OFFSET_MASK) | (fragmentOffset & FRAGMENT_OFFSET_MASK);
        Bytes.put16(segment, offset + FLAGS_FRAGMENT_OFFSET, word);
        return this;
    }

    /**
     * @return true for any fragment of a fragmented datagram: MF set or a non-zero fragment offset
     * (RFC 791 §3.2, Fragmentation and Reassembly).
     */
    public boolean isFragment()
    {
        return (flagsAndFragmentOffset() & (FLAG_MF | FRAGMENT_OFFSET_MASK)) != 0;
    }

    /**
     * @return the time to live.
     */
    public int ttl()
    {
        return Bytes.u8(segment, offset + TTL_OFFSET);
    }

    /**
     * @param ttl time to live 0..255; the checksum is not updated.
     * @return this for chaining.
     */
    public Ipv4Header ttl(final int ttl)
    {
        Bytes.put8(segment, offset + TTL_OFFSET, ttl);
        return this;
    }

    /**
     * Decrement the TTL when forwarding and patch the checksum incrementally (RFC 1624 eqn. 3) rather than
     * recomputing it. A correct checksum stays correct; a wrong one stays wrong, as RFC 1624 §3 intends. The
     * caller checks {@link #ttl()} first: a router does not forward a datagram whose TTL would reach zero but
     * sends ICMP Time Exceeded (RFC 1812 §5.3.1).
     *
     * @return the new TTL; a TTL already at zero is left as it is and 0 returned.
     */
    public int decrementTtl()
    {
        final long wordOffset = offset + TTL_OFFSET;
        final int oldWord = Bytes.u16(segment, wordOffset);
        if (oldWord < 0x0100)
        {
            return 0;
        }
        final int newWord = oldWord - 0x0100;
        Bytes.put16(segment, wordOffset, newWord);
        checksum(InternetChecksum.update16(checksum(), oldWord, newWord));
        return newWord >>> 8;
    }

    /**
     * @return the payload's protocol number.
     */
    public int protocol()
    {
        return Bytes.u8(segment, offset + PROTOCOL_OFFSET);
    }

    /**
     * @param protocol the payload's protocol number.
     * @return this for chaining.
     */
    public Ipv4Header protocol(final int protocol)
    {
        Bytes.put8(segment, offset + PROTOCOL_OFFSET, protocol);
        return this;
    }

    /**
     * @return the header checksum field.
     */
    public int checksum()
    {
        return Bytes.u16(segment, offset + CHECKSUM_OFFSET);
    }

    /**
     * @param checksum the header checksum field.
     * @return this for chaining.
     */
    public Ipv4Header checksum(final int checksum)
    {
        Bytes.put16(segment, offset + CHECKSUM_OFFSET, checksum);
        return this;
    }

    /**
     * Compute the header checksum (RFC 791 §3.1): the one's complement of the one's complement sum of the header's
     * 16-bit words, options included, with the checksum field taken as zero.
     *
     * @return the value for the checksum field.
     */
    public int computeChecksum()
    {
        final long sum = InternetChecksum.add(0, segment, offset, CHECKSUM_OFFSET);
        final int afterChecksum = CHECKSUM_OFFSET + 2;
        return InternetChecksum.finish(
            InternetChecksum.add(sum, segment, offset + afterChecksum, headerLength() - afterChecksum));
    }

    /**
     * @return true when the header checksum verifies: the sum over the whole header, checksum included, is
     * all ones (RFC 1071 §1).
     */
    public boolean verifyChecksum()
    {
        return InternetChecksum.compute(segment, offset, headerLength()) == 0;
    }

    /**
     * Compute the header checksum and write it.
     *
     * @return this for chaining.
     */
    public Ipv4Header updateChecksum()
    {
        return checksum(computeChecksum());
    }

    /**
     * @return the source address.
     */
    public int sourceAddress()
    {
        return Bytes.i32(segment, offset + SOURCE_OFFSET);
    }

    /**
     * @param address the source address.
     * @return this for chaining.
     */
    public Ipv4Header sourceAddress(final int address)
    {
        Bytes.put32(segment, offset + SOURCE_OFFSET, address);
        return this;
    }

    /**
     * @return the destination address.
     */
    public int destinationAddress()
    {
        return Bytes.i32(segment, offset + DESTINATION_OFFSET);
    }

    /**
     * @param address the destination address.
     * @return this for chaining.
     */
    public Ipv4Header destinationAddress(final int address)
    {
        Bytes.put32(segment, offset + DESTINATION_OFFSET, address);
        return this;
    }

    /**
     * @return offset of the first option octet.
     */
    public long optionsOffset()
    {
        return offset + OPTIONS_OFFSET;
    }

    /**
     * @return length of the options and their padding in octets, 0..40.
     */
    public int optionsLength()
    {
        return headerLength() - LENGTH;
    }

    /**
     * Find an option in a header that {@link #wrap} accepted. EOL and NOP cannot be searched for.
     *
     * @param type the full option type octet, e.g. {@link #OPTION_ROUTER_ALERT}.
     * @return offset of the option's type octet, or -1 when absent.
     */
    public long findOption(final int type)
    {
        final long end = offset + headerLength();
        long at = optionsOffset();
        while (at < end)
        {
            final int optionType = Bytes.u8(segment, at);
            if (optionType == OPTION_EOL)
            {
                break;
            }
            if (optionType == OPTION_NOP)
            {
                at++;
                continue;
            }
            if (optionType == type)
            {
                return at;
            }
            at += Bytes.u8(segment, at + 1);
        }
        return -1;
    }

    /**
     * @return offset of the first payload octet.
     */
    public long payloadOffset()
    {
        return offset + headerLength();
    }

    /**
     * @return payload length in octets: total length less the header.
     */
    public int payloadLength()
    {
        return totalLength() - headerLength();
    }

    private int flagsAndFragmentOffset()
    {
        return Bytes.u16(segment, offset + FLAGS_FRAGMENT_OFFSET);
    }

    private Ipv4Header flagBit(final int bit, final boolean set)
    {
        final int word = flagsAndFragmentOffset();
        Bytes.put16(segment, offset + FLAGS_FRAGMENT_OFFSET, set ? word | bit : word & ~bit);
        return this;
    }

    private int walkOptions(final int headerLength)
    {
        // RFC 791 §3.1 "Options": case 1 is a single octet of option-type (EOL, NOP); case 2 is an option-type
        // octet, an option-length octet counting type, length and data, then the data. Every option must end
        // inside the header; after EOL the rest is padding.
        final long end = offset + headerLength;
        long at = offset + OPTIONS_OFFSET;
        while (at < end)
        {
            final int type = Bytes.u8(segment, at);
            if (type == OPTION_EOL)
            {
                return CodecStatus.OK;
            }
            if (type == OPTION_NOP)
            {
                at++;
                continue;
            }
            if (end - at < 2)
            {
                return CodecStatus.BAD_OPTION;
            }
            final int length = Bytes.u8(segment, at + 1);
            if (length < 2 || length > end - at)
            {
                return CodecStatus.BAD_OPTION;
            }
            at += length;
        }
        return CodecStatus.OK;
    }
}
