package dsmipha.common.codec;

import java.lang.foreign.MemorySegment;

/**
 * Walks the IPv6 extension header chain of one packet (RFC 8200 §4) and records what the home agent needs: where
 * the upper layer starts and which protocol it is, the Home Address option (RFC 6275 §6.3), the Type 2 Routing
 * header (RFC 6275 §6.4), the Fragment header (RFC 8200 §4.5), and the addresses an upper-layer pseudo-header
 * checksum uses (RFC 8200 §8.1).
 * <pre>
 *  +-------------+------------+-------------+---------+----------+-------------+--------------------+
 *  | IPv6 header | Hop-by-Hop | Destination | Routing | Fragment | Destination | upper layer        |
 *  | (40)        | (0, first) | Options (60)| (43)    | (44)     | Options (60)| (58, 135, 17, ...) |
 *  +-------------+------------+-------------+---------+----------+-------------+--------------------+
 *  every extension header but the Fragment header:        Fragment header (8 octets):
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+          +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Next Header  |  Hdr Ext Len  |  ...          |          |  Next Header  |  Reserved | ...   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+          +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  length = (Hdr Ext Len + 1) * 8 octets (RFC 8200 §4.3, §4.4, §4.6)
 * </pre>
 * The walk follows Hop-by-Hop Options (0), Routing (43), Fragment (44) and Destination Options (60) headers.
 * Any other Next Header value ends it and is reported as the upper layer: TCP, UDP, ICMPv6 and the Mobility Header
 * (135, RFC 6275 §6.1, which always ends a chain), but also AH, ESP and No Next Header (59), whose handling is the
 * caller's.
 * <p>
 * Rules checked, each a status code rather than an exception:
 * <ul>
 *   <li>the IPv6 header itself, see {@link Ipv6Header#wrap};</li>
 *   <li>a Hop-by-Hop header anywhere but right after the IPv6 header: {@link CodecStatus#BAD_FIELD}
 *       (RFC 8200 §4, §4.1);</li>
 *   <li>more than {@code maxHeaders} extension headers: {@link CodecStatus#TOO_MANY_HEADERS};</li>
 *   <li>fewer than 8 octets left for an extension header: {@link CodecStatus#TRUNCATED}; a Hdr Ext Len that runs
 *       past the payload length: {@link CodecStatus#BAD_LENGTH};</li>
 *   <li>options (RFC 8200 §4.2): Pad1 is one octet, every other option a TLV that must end inside its header,
 *       otherwise {@link CodecStatus#BAD_OPTION};</li>
 *   <li>Home Address option in a Destination Options header: length 16 ({@link CodecStatus#BAD_OPTION}),
 *       alignment 8n+6 ({@link CodecStatus#BAD_ALIGNMENT}) (RFC 6275 §6.3); a second one makes the source
 *       ambiguous and is {@link CodecStatus#BAD_OPTION};</li>
 *   <li>Type 2 Routing header: Hdr Ext Len 2 ({@link CodecStatus#BAD_LENGTH}), Segments Left 0 or 1
 *       ({@link CodecStatus#BAD_FIELD}) (RFC 6275 §6.4); a second one is {@link CodecStatus#BAD_FIELD};</li>
 *   <li>a second Fragment header: {@link CodecStatus#BAD_FIELD} (its offset, M and identification would be
 *       ambiguous);</li>
 *   <li>Router Alert in a Hop-by-Hop header: length 2 (RFC 2711 §2.1), else {@link CodecStatus#BAD_OPTION};</li>
 *   <li>a Jumbo Payload option (RFC 2675): {@link CodecStatus#UNSUPPORTED}.</li>
 * </ul>
 * An option this walker does not know is handled as RFC 8200 §4.2 says a node that does not recognise it would:
 * action 00 is skipped; the first unknown option whose action is 01, 10 or 11 is recorded
 * ({@link #unknownOptionType()}, {@link #unknownOptionOffset()}) and the walk goes on, so the caller can drop the
 * packet and send ICMPv6 Parameter Problem code 2 where the action asks for it. The Home Address option outside a
 * Destination Options header, and the Router Alert outside a Hop-by-Hop header, count as unknown options.
 * <p>
 * A Routing header of another type is recorded ({@link #routingType()}, {@link #routingSegmentsLeft()}) and
 * skipped: RFC 8200 §4.4 leaves the drop of an unknown type with Segments Left above zero to the node the packet
 * is addressed to. A non-first fragment (offset above zero) ends the walk with the upper layer unknown
 * ({@link #UNKNOWN}); the first fragment and an atomic fragment are walked through. Whether the data of a
 * fragment is a multiple of 8 octets (RFC 8200 §4.5) is for the reassembly to check. Where the Home Address
 * option sits relative to the Routing and Fragment headers (RFC 6275 §6.3: after the former, before the latter) is
 * not enforced either; the recorded offsets let a caller check it.
 * <p>
 * Every offset the walker reports lies inside the packet as the payload length describes it. Nothing allocates.
 * Not thread safe: one instance per worker.
 */
public final class Ipv6ExtensionWalker
{
    /** Default bound on the number of extension headers walked. */
    public static final int DEFAULT_MAX_HEADERS = 8;
    /** Next Header value of a Hop-by-Hop Options header (RFC 8200 §4.3). */
    public static final int HOP_BY_HOP = 0;
    /** Next Header value of a Routing header (RFC 8200 §4.4). */
    public static final int ROUTING = 43;
    /** Next Header value of a Fragment header (RFC 8200 §4.5). */
    public static final int FRAGMENT = 44;
    /** Next Header value of a Destination Options header (RFC 8200 §4.6). */
    public static final int DESTINATION_OPTIONS = 60;
    /** Next Header value "No Next Header" (RFC 8200 §4.7). */
    public static final int NO_NEXT_HEADER = 59;
    /** Pad1 option type: a single octet (RFC 8200 §4.2). */
    public static final int OPTION_PAD1 = 0;
    /** PadN option type (RFC 8200 §4.2). */
    public static final int OPTION_PADN = 1;
    /** Router Alert option type (RFC 2711 §2.1). */
    public static final int OPTION_ROUTER_ALERT = 5;
    /** Jumbo Payload option type (RFC 2675 §2). */
    public static final int OPTION_JUMBO = 0xC2;
    /** Option action 00: skip over the option and go on (RFC 8200 §4.2). */
    public static final int OPTION_ACTION_SKIP = 0;
    /** Option action 01: discard the packet (RFC 8200 §4.2). */
    public static final int OPTION_ACTION_DISCARD = 1;
    /** Option action 10: discard and send ICMP Parameter Problem code 2, even to multicast (RFC 8200 §4.2). */
    public static final int OPTION_ACTION_DISCARD_ICMP = 2;
    /** Option action 11: discard and send ICMP Parameter Problem code 2 unless the destination is multicast. */
    public static final int OPTION_ACTION_DISCARD_ICMP_UNLESS_MULTICAST = 3;
    /** The third-highest option type bit: option data may change en route (RFC 8200 §4.2). */
    public static final int OPTION_MAY_CHANGE = 0x20;
    /** Upper-layer protocol value when the walk could not reach it (a non-first fragment). */
    public static final int UNKNOWN = -1;
    /** Offset value for something absent from the packet. */
    public static final long NONE = -1;

    private static final int ROUTER_ALERT_LENGTH = 2;
    private static final int MIN_HEADER_LENGTH = 8;

    private final int maxHeaders;
    private final Ipv6Header ipv6 = new Ipv6Header();

    private MemorySegment segment;
    private long ipv6Offset;
    private long packetEnd;
    private int headerCount;
    private long errorOffset;
    private int upperLayerProtocol;
    private long upperLayerOffset;
    private long nextHeaderFieldOffset;
    private long hopByHopOffset;
    private int routerAlert;
    private long homeAddressOptionOffset;
    private long routingHeaderOffset;
    private int routingType;
    private int routingSegmentsLeft;
    private long type2RoutingHeaderOffset;
    private long fragmentHeaderOffset;
    private int fragmentOffset;
    private boolean moreFragments;
    private long fragmentIdentification;
    private int fragmentNextHeader;
    private int unknownOptionType;
    private long unknownOptionOffset;

    /**
     * A walker bounded at {@link #DEFAULT_MAX_HEADERS} extension headers.
     */
    public Ipv6ExtensionWalker()
    {
        this(DEFAULT_MAX_HEADERS);
    }

    /**
     * @param maxHeaders the most extension headers a packet may carry before the walk gives up with
     *                   {@link CodecStatus#TOO_MANY_HEADERS}.
     */
    public Ipv6ExtensionWalker(final int maxHeaders)
    {
        if (maxHeaders < 1)
        {
            throw new IllegalArgumentException("maxHeaders must be at least 1: " + maxHeaders);
        }
        this.maxHeaders = maxHeaders;
    }

    /**
     * Validate the IPv6 header at {@code offset} and walk its extension headers.
     *
     * @param segment holding the packet.
     * @param offset  of the IPv6 header.
     * @param limit   offset one past the last octet received.
     * @return {@link CodecStatus#OK} or a negative {@link CodecStatus} code; on failure {@link #errorOffset()}
     *         says which octet is at fault and what was recorded before it stays readable.
     */
    public int walk(final MemorySegment segment, final long offset, final long limit)
    {
        reset(segment, offset);
        final int status = ipv6.wrap(segment, offset, limit);
        if (status != CodecStatus.OK)
        {
            final boolean lengthField = status == CodecStatus.BAD_LENGTH || status == CodecStatus.UNSUPPORTED;
            return fail(status, offset + (lengthField ? Ipv6Header.PAYLOAD_LENGTH_OFFSET : 0));
        }
        packetEnd = ipv6.end();
        int next = ipv6.nextHeader();
        long field = offset + Ipv6Header.NEXT_HEADER_OFFSET;
        long cursor = offset + Ipv6Header.LENGTH;
        while (isExtensionHeader(next))
        {
            if (next == HOP_BY_HOP && headerCount != 0)
            {
                // RFC 8200 §4.1: Hop-by-Hop only immediately after the IPv6 header; §4: a zero elsewhere is an
                // unrecognised Next Header.
                return fail(CodecStatus.BAD_FIELD, field);
            }
            if (headerCount == maxHeaders)
            {
                return fail(CodecStatus.TOO_MANY_HEADERS, field);
            }
            if (packetEnd - cursor < MIN_HEADER_LENGTH)
            {
                return fail(CodecStatus.TRUNCATED, cursor);
            }
            headerCount++;
            final long length = next == FRAGMENT ?
                FragmentHeader.LENGTH : (Bytes.u8(segment, cursor + 1) + 1L) * 8;
            if (length > packetEnd - cursor)
            {
                return fail(CodecStatus.BAD_LENGTH, cursor + 1);
            }
            final int headerStatus = header(next, cursor, cursor + length);
            if (headerStatus != CodecStatus.OK)
            {
                return headerStatus;
            }
            field = cursor;
            if (next == FRAGMENT && Bytes.u16(segment, cursor + FragmentHeader.OFFSET_FLAGS_OFFSET) >>> 3 != 0)
            {
                // RFC 8200 §4.5: the headers after the Fragment header travel in the first fragment only.
                nextHeaderFieldOffset = field;
                return CodecStatus.OK;
            }
            next = Bytes.u8(segment, cursor);
            cursor += length;
        }
        nextHeaderFieldOffset = field;
        upperLayerProtocol = next;
        upperLayerOffset = cursor;
        return CodecStatus.OK;
    }

    private int header(final int type, final long start, final long end)
    {
        switch (type)
        {
            case HOP_BY_HOP:
                hopByHopOffset = start;
                return options(start, end, false);
            case DESTINATION_OPTIONS:
                return options(start, end, true);
            case ROUTING:
                return routing(start);
            default:
                return fragment(start);
        }
    }

    private int options(final long start, final long end, final boolean destination)
    {
        long cursor = start + 2;
        while (cursor < end)
        {
            final int type = Bytes.u8(segment, cursor);
            if (type == OPTION_PAD1)
            {
                cursor++;
                continue;
            }
            if (end - cursor < 2)
            {
                return fail(CodecStatus.BAD_OPTION, cursor);
            }
            final int length = Bytes.u8(segment, cursor + 1);
            if (length > end - cursor - 2)
            {
                // RFC 8200 §4.2: the option would run past the end of its header.
                return fail(CodecStatus.BAD_OPTION, cursor + 1);
            }
            final int status = option(type, length, start, cursor, destination);
            if (status != CodecStatus.OK)
            {
                return status;
            }
            cursor += 2 + length;
        }
        return CodecStatus.OK;
    }

    private int option(final int type, final int length, final long header, final long at, final boolean destination)
    {
        if (type == OPTION_PADN)
        {
            return CodecStatus.OK;
        }
        if (destination && type == HomeAddressOption.OPTION_TYPE)
        {
            return homeAddressOption(length, header, at);
        }
        if (!destination && type == OPTION_ROUTER_ALERT)
        {
            if (length != ROUTER_ALERT_LENGTH)
            {
                return fail(CodecStatus.BAD_OPTION, at + 1);
            }
            if (routerAlert == UNKNOWN)
            {
                routerAlert = Bytes.u16(segment, at + 2);
            }
            return CodecStatus.OK;
        }
        if (!destination && type == OPTION_JUMBO)
        {
            return fail(CodecStatus.UNSUPPORTED, at);
        }
        if (optionAction(type) != OPTION_ACTION_SKIP && unknownOptionOffset == NONE)
        {
            unknownOptionType = type;
            unknownOptionOffset = at;
        }
        return CodecStatus.OK;
    }

    private int homeAddressOption(final int length, final long header, final long at)
    {
        if (length != HomeAddressOption.OPTION_DATA_LENGTH)
        {
            return fail(CodecStatus.BAD_OPTION, at + 1);
        }
        if (!HomeAddressOption.isAligned(header, at))
        {
            return fail(CodecStatus.BAD_ALIGNMENT, at);
        }
        if (homeAddressOptionOffset != NONE)
        {
            return fail(CodecStatus.BAD_OPTION, at);
        }
        homeAddressOptionOffset = at;
        return CodecStatus.OK;
    }

    private int routing(final long start)
    {
        final int type = Bytes.u8(segment, start + Type2RoutingHeader.ROUTING_TYPE_OFFSET);
        final int segmentsLeft = Bytes.u8(segment, start + Type2RoutingHeader.SEGMENTS_LEFT_OFFSET);
        if (routingHeaderOffset == NONE)
        {
            routingHeaderOffset = start;
            routingType = type;
            routingSegmentsLeft = segmentsLeft;
        }
        if (type != Type2RoutingHeader.ROUTING_TYPE)
        {
            return CodecStatus.OK;
        }
        final int status = Type2RoutingHeader.validate(segment, start, packetEnd);
        if (status != CodecStatus.OK)
        {
            return fail(status, start + (status == CodecStatus.BAD_LENGTH ?
                Type2RoutingHeader.HDR_EXT_LEN_OFFSET : Type2RoutingHeader.SEGMENTS_LEFT_OFFSET));
        }
        if (type2RoutingHeaderOffset != NONE)
        {
            return fail(CodecStatus.BAD_FIELD, start);
        }
        type2RoutingHeaderOffset = start;
        return CodecStatus.OK;
    }

    private int fragment(final long start)
    {
        if (fragmentHeaderOffset != NONE)
        {
            // A packet is a fragment of one datagram: a second Fragment header would make offset, M and
            // identification ambiguous.
            return fail(CodecStatus.BAD_FIELD, start);
        }
        final int word = Bytes.u16(segment, start + FragmentHeader.OFFSET_FLAGS_OFFSET);
        fragmentHeaderOffset = start;
        fragmentOffset = word >>> 3;
        moreFragments = (word & FragmentHeader.MORE_FRAGMENTS) != 0;
        fragmentIdentification = Bytes.u32(segment, start + FragmentHeader.IDENTIFICATION_OFFSET);
        fragmentNextHeader = Bytes.u8(segment, start + FragmentHeader.NEXT_HEADER_OFFSET);
        return CodecStatus.OK;
    }

    private int fail(final int status, final long at)
    {
        errorOffset = at;
        return status;
    }

    private void reset(final MemorySegment segment, final long offset)
    {
        this.segment = segment;
        ipv6Offset = offset;
        packetEnd = NONE;
        headerCount = 0;
        errorOffset = NONE;
        upperLayerProtocol = UNKNOWN;
        upperLayerOffset = NONE;
        nextHeaderFieldOffset = NONE;
        hopByHopOffset = NONE;
        routerAlert = UNKNOWN;
        homeAddressOptionOffset = NONE;
        routingHeaderOffset = NONE;
        routingType = UNKNOWN;
        routingSegmentsLeft = UNKNOWN;
        type2RoutingHeaderOffset = NONE;
        fragmentHeaderOffset = NONE;
        fragmentOffset = 0;
        moreFragments = false;
        fragmentIdentification = 0;
        fragmentNextHeader = UNKNOWN;
        unknownOptionType = UNKNOWN;
        unknownOptionOffset = NONE;
    }

    /**
     * @return the IPv6 header flyweight of the last walk, wrapped over the packet.
     */
    public Ipv6Header ipv6()
    {
        return ipv6;
    }

    /**
     * @return the bound on extension headers given at construction.
     */
    public int maxHeaders()
    {
        return maxHeaders;
    }

    /**
     * @return offset of the IPv6 header of the last walk.
     */
    public long ipv6Offset()
    {
        return ipv6Offset;
    }

    /**
     * @return offset one past the packet's last octet as the payload length says, or {@link #NONE} when the IPv6
     *         header did not validate.
     */
    public long packetEnd()
    {
        return packetEnd;
    }

    /**
     * @return number of extension headers walked (the failing one included when the walk failed inside it).
     */
    public int headerCount()
    {
        return headerCount;
    }

    /**
     * @return offset of the octet the failure points at (for an ICMPv6 Parameter Problem pointer subtract
     *         {@link #ipv6Offset()}, RFC 4443 §3.4), or {@link #NONE} after a successful walk.
     */
    public long errorOffset()
    {
        return errorOffset;
    }

    /**
     * @return the upper-layer protocol (the first Next Header value that is not Hop-by-Hop, Routing, Fragment or
     *         Destination Options), or {@link #UNKNOWN} for a non-first fragment.
     */
    public int upperLayerProtocol()
    {
        return upperLayerProtocol;
    }

    /**
     * @return offset of the upper-layer header, or {@link #NONE} for a non-first fragment.
     */
    public long upperLayerOffset()
    {
        return upperLayerOffset;
    }

    /**
     * @return length of the upper-layer header and payload in octets (the pseudo-header's Upper-Layer Packet
     *         Length, RFC 8200 §8.1), or -1 for a non-first fragment.
     */
    public int upperLayerLength()
    {
        return upperLayerOffset == NONE ? -1 : (int)(packetEnd - upperLayerOffset);
    }

    /**
     * @return offset of the Next Header field that names the upper layer (in the IPv6 header or the last extension
     *         header walked; for a non-first fragment, the Fragment header's), e.g. for the pointer of an ICMPv6
     *         Parameter Problem code 1 (RFC 4443 §3.4).
     */
    public long nextHeaderFieldOffset()
    {
        return nextHeaderFieldOffset;
    }

    /**
     * @return offset of the Hop-by-Hop Options header, or {@link #NONE}.
     */
    public long hopByHopOffset()
    {
        return hopByHopOffset;
    }

    /**
     * @return the value of the Router Alert option in the Hop-by-Hop header (RFC 2711 §2.1: 0 MLD, 1 RSVP, 2
     *         Active Networks), or {@link #UNKNOWN} when absent.
     */
    public int routerAlert()
    {
        return routerAlert;
    }

    /**
     * @return true when a Destination Options header carries a Home Address option (RFC 6275 §6.3).
     */
    public boolean hasHomeAddressOption()
    {
        return homeAddressOptionOffset != NONE;
    }

    /**
     * @return offset of the Home Address option's type octet, or {@link #NONE}.
     */
    public long homeAddressOptionOffset()
    {
        return homeAddressOptionOffset;
    }

    /**
     * @return offset of the 16-octet home address in the Home Address option, or {@link #NONE}.
     */
    public long homeAddressOffset()
    {
        return homeAddressOptionOffset == NONE ? NONE : homeAddressOptionOffset + HomeAddressOption.HOME_ADDRESS_OFFSET;
    }

    /**
     * @return offset of the first Routing header of any type, or {@link #NONE}.
     */
    public long routingHeaderOffset()
    {
        return routingHeaderOffset;
    }

    /**
     * @return routing type of the first Routing header, or {@link #UNKNOWN}.
     */
    public int routingType()
    {
        return routingType;
    }

    /**
     * @return segments left of the first Routing header, or {@link #UNKNOWN}.
     */
    public int routingSegmentsLeft()
    {
        return routingSegmentsLeft;
    }

    /**
     * @return true when the packet carries a Type 2 Routing header (RFC 6275 §6.4).
     */
    public boolean hasType2RoutingHeader()
    {
        return type2RoutingHeaderOffset != NONE;
    }

    /**
     * @return offset of the Type 2 Routing header, or {@link #NONE}.
     */
    public long type2RoutingHeaderOffset()
    {
        return type2RoutingHeaderOffset;
    }

    /**
     * @return offset of the 16-octet home address in the Type 2 Routing header, or {@link #NONE}.
     */
    public long type2HomeAddressOffset()
    {
        return type2RoutingHeaderOffset == NONE ?
            NONE : type2RoutingHeaderOffset + Type2RoutingHeader.HOME_ADDRESS_OFFSET;
    }

    /**
     * @return segments left of the Type 2 Routing header (1 as sent, 0 once processed), or {@link #UNKNOWN}.
     */
    public int type2SegmentsLeft()
    {
        return type2RoutingHeaderOffset == NONE ?
            UNKNOWN : Bytes.u8(segment, type2RoutingHeaderOffset + Type2RoutingHeader.SEGMENTS_LEFT_OFFSET);
    }

    /**
     * @return true when the packet carries a Fragment header (a fragment or an atomic fragment).
     */
    public boolean hasFragmentHeader()
    {
        return fragmentHeaderOffset != NONE;
    }

    /**
     * @return offset of the Fragment header, or {@link #NONE}.
     */
    public long fragmentHeaderOffset()
    {
        return fragmentHeaderOffset;
    }

    /**
     * @return the Fragment Offset field of the Fragment header in 8-octet units, 0 when there is none.
     */
    public int fragmentOffset()
    {
        return fragmentOffset;
    }

    /**
     * @return the M flag of the Fragment header, false when there is none.
     */
    public boolean moreFragments()
    {
        return moreFragments;
    }

    /**
     * @return the Identification of the Fragment header, 0 when there is none.
     */
    public long fragmentIdentification()
    {
        return fragmentIdentification;
    }

    /**
     * @return the Next Header of the Fragment header, or {@link #UNKNOWN} when there is none.
     */
    public int fragmentNextHeader()
    {
        return fragmentNextHeader;
    }

    /**
     * @return true when the packet is a piece of a larger one: a Fragment header that is not atomic (RFC 6946).
     */
    public boolean isFragment()
    {
        return fragmentHeaderOffset != NONE && (fragmentOffset != 0 || moreFragments);
    }

    /**
     * @return offset of the source address for an upper-layer pseudo-header: the home address when a Home
     *         Address option is present (RFC 6275 §6.3: the receiver uses it in place of the care-of address in
     *         the Source Address field, as Linux, scapy and Wireshark do), otherwise the IPv6 source.
     */
    public long pseudoHeaderSourceOffset()
    {
        return homeAddressOptionOffset == NONE ? ipv6Offset + Ipv6Header.SOURCE_OFFSET : homeAddressOffset();
    }

    /**
     * @return offset of the final destination for an upper-layer pseudo-header (RFC 8200 §8.1): the home address
     *         of a Type 2 Routing header still to be processed (Segments Left 1, RFC 6275 §6.4), otherwise the IPv6
     *         destination.
     */
    public long finalDestinationOffset()
    {
        return type2SegmentsLeft() > 0 ? type2HomeAddressOffset() : ipv6Offset + Ipv6Header.DESTINATION_OFFSET;
    }

    /**
     * @return type of the first option whose action (RFC 8200 §4.2) is not skip and that the walker does not
     *         recognise, or {@link #UNKNOWN}.
     */
    public int unknownOptionType()
    {
        return unknownOptionType;
    }

    /**
     * @return offset of that option's type octet (the Parameter Problem code 2 pointer, less {@link #ipv6Offset()},
     *         RFC 4443 §3.4), or {@link #NONE}.
     */
    public long unknownOptionOffset()
    {
        return unknownOptionOffset;
    }

    /**
     * @return the action of the recorded unknown option, {@link #OPTION_ACTION_SKIP} when there is none.
     */
    public int unknownOptionAction()
    {
        return unknownOptionType == UNKNOWN ? OPTION_ACTION_SKIP : optionAction(unknownOptionType);
    }

    /**
     * @param nextHeader a Next Header value.
     * @return true for the extension headers this walker follows: Hop-by-Hop, Routing, Fragment, Destination
     *         Options.
     */
    public static boolean isExtensionHeader(final int nextHeader)
    {
        return nextHeader == HOP_BY_HOP || nextHeader == ROUTING || nextHeader == FRAGMENT ||
            nextHeader == DESTINATION_OPTIONS;
    }

    /**
     * @param optionType an option type octet.
     * @return what a node that does not recognise the option must do, from its two high bits (RFC 8200 §4.2):
     *         {@link #OPTION_ACTION_SKIP}, {@link #OPTION_ACTION_DISCARD}, {@link #OPTION_ACTION_DISCARD_ICMP} or
     *         {@link #OPTION_ACTION_DISCARD_ICMP_UNLESS_MULTICAST}.
     */
    public static int optionAction(final int optionType)
    {
        return (optionType >>> 6) & 0x3;
    }

    /**
     * @param optionType an option type octet.
     * @return true when the option data may change en route (RFC 8200 §4.2), so AH covers it as zeros.
     */
    public static boolean optionMayChange(final int optionType)
    {
        return (optionType & OPTION_MAY_CHANGE) != 0;
    }
}
