package dsmipha.fastpath.icmp;

import java.lang.foreign.MemorySegment;

import org.agrona.concurrent.NanoClock;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.CodecStatus;
import dsmipha.common.codec.Icmpv4Header;
import dsmipha.common.codec.Icmpv6Header;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.Ipv6ExtensionWalker;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.PacketBurst;

/**
 * Stage {@code icmp-error}: builds an ICMP or ICMPv6 error about packet {@code i} of a burst into a new frame and
 * appends it to an output burst. The offending packet is only read; the caller still owns (and usually frees) it.
 * <p>
 * <b>Where packets start.</b> The offending packet starts at its IP header (the worker has stripped the Ethernet
 * header). The error is written at {@link FrameLayout#DATA_OFFSET} of its new frame and also starts at its IP
 * header, addressed to the offending packet's source, so the egress stage routes it back like any other packet and
 * prepends the Ethernet header.
 * <pre>
 *  ICMPv6 error (RFC 4443 §2.1, §3.2, §3.3)            ICMPv4 error (RFC 792, RFC 1191 §4)
 *  +------------------------------------------+        +------------------------------------------+
 *  | IPv6 (40): tc 0, flow 0, nh 58, hlim 64, |        | IPv4 (20): TOS 0xC0, id per generator,   |
 *  | plen 8 + q, src = HA IPv6,               |        | DF 0, TTL 64, proto 1, len 28 + q,       |
 *  | dst = offending packet's source          |        | src = HA IPv4, dst = offending source    |
 *  +---------+---------+----------------------+        +---------+---------+----------------------+
 *  | Type    | Code    | Checksum (pseudo-hdr)|        | Type    | Code    | Checksum             |
 *  +---------+---------+----------------------+        +---------+---------+----------------------+
 *  | MTU (type 2) / unused = 0 (type 3)       |        | unused = 0      | Next-Hop MTU (3/4) or 0|
 *  +------------------------------------------+        +------------------------------------------+
 *  | q octets of the offending packet from    |        | q octets of the offending packet from    |
 *  | its IPv6 header: q = min(len, 1232), so  |        | its IPv4 header: q = min(len, 548), so   |
 *  | the error fits 1280 (RFC 4443 §2.4 (c))  |        | the error fits 576 (RFC 1812 §4.3.2.3)   |
 *  +------------------------------------------+        +------------------------------------------+
 * </pre>
 * <b>Fields chosen.</b> Hop limit and TTL are 64, the default IANA recommends for a host's own datagrams (RFC 1700,
 * "IP TTL"; Linux's default too): the error is an ordinary datagram that crosses the Internet back to the source,
 * and 255 is reserved in meaning for messages that must prove they stayed on-link (RFC 4861 §6.1.2, RFC 5082).
 * The IPv4 TOS is 0xC0, precedence Internetwork Control (RFC 1812 §4.3.2.5: ICMP errors SHOULD have precedence 6 or
 * 7; DSCP CS6, RFC 2474 §4.2.2.2); the IPv6 traffic class is 0 (RFC 4443 sets none). The IPv4 header has DF clear
 * and an identification from a per-generator counter (RFC 6864 §4.1: non-atomic datagrams need distinct ids).
 * The quote is bounded by the IP length field, not the frame, so link padding is never quoted. The ICMPv6 checksum
 * covers the pseudo-header (RFC 4443 §2.3, RFC 8200 §8.1).
 * <p>
 * <b>Refusals</b>, checked in this order, each a status and a counter ({@link IcmpCounter}):
 * <ol>
 *   <li>shorter than its fixed IP header, the wrong version for the message, or (IPv6) extension headers that do
 *       not walk: {@link #REFUSED_MALFORMED};</li>
 *   <li>a source that does not name one host: IPv4 0/8, 127/8, 224/4 multicast, 240/4 class E and broadcast
 *       (RFC 1812 §4.3.2.7); IPv6 ::, ::1, ff00::/8 (RFC 4443 §2.4 (e.6)): {@link #REFUSED_BAD_SOURCE};</li>
 *   <li>a multicast destination, IPv4 224/4 (RFC 1812 §4.3.2.7) or IPv6 ff00::/8 (RFC 4443 §2.4 (e.3)), except
 *       that Packet Too Big is sent about IPv6 multicast, as RFC 4443 §2.4 (e.3) requires for Path MTU Discovery:
 *       {@link #REFUSED_MULTICAST_DESTINATION};</li>
 *   <li>the limited broadcast destination 255.255.255.255 (RFC 1812 §4.3.2.7; a directed broadcast needs the
 *       subnet, which this stage does not know): {@link #REFUSED_BROADCAST_DESTINATION};</li>
 *   <li>an unspecified or loopback destination, 0/8, 127/8, ::, ::1, which a router never forwards (RFC 1812
 *       §5.3.7, RFC 4291 §2.5.2, §2.5.3): {@link #REFUSED_BAD_DESTINATION};</li>
 *   <li>an IPv4 fragment other than the first (RFC 1812 §4.3.2.7): {@link #REFUSED_NON_FIRST_FRAGMENT};</li>
 *   <li>an ICMPv4 error, types 3, 4, 5, 11, 12 (RFC 1812 §4.3.2.7), or an ICMPv6 error, types below 128
 *       (RFC 4443 §2.4 (e.1)): {@link #REFUSED_ICMP_ERROR}; an ICMPv6 Redirect (RFC 4443 §2.4 (e.2)):
 *       {@link #REFUSED_REDIRECT}. An IPv6 non-first fragment cannot be told apart and is answered (RFC 4443
 *       has no fragment rule).</li>
 * </ol>
 * Link-layer multicast and broadcast (RFC 4443 §2.4 (e.4), (e.5), RFC 1812 §4.3.2.7) are the worker's to check: the
 * packet reaches this stage without its Ethernet header.
 * <p>
 * <b>Rate limit.</b> What passes the refusals takes a token from one {@link TokenBucket} per generator (RFC 4443
 * §2.4 (f)) before a frame is taken; an empty bucket is {@link #RATE_LIMITED}. The defaults are Linux's host-wide
 * ICMP limit, {@code net.ipv4.icmp_msgs_per_sec} = 1000 and {@code net.ipv4.icmp_msgs_burst} = 50
 * (Documentation/networking/ip-sysctl.rst; ICMPv6 shares it), applied per worker. Time comes from an injected
 * {@link NanoClock}, so tests drive it.
 * <p>
 * No exceptions and no allocation per packet. Not thread safe: one instance per worker.
 */
public final class IcmpErrorGenerator
{
    /** Status: the error was built and appended to the output burst. */
    public static final int GENERATED = 0;
    /** Status: not sent, the token bucket was empty (RFC 4443 §2.4 (f)). */
    public static final int RATE_LIMITED = -1;
    /** Status: not sent, the pool had no free frame. */
    public static final int NO_FRAME = -2;
    /** Status: not sent, the output burst was full. */
    public static final int OUTPUT_FULL = -3;
    /** Status: refused, the offending packet is an ICMP error (RFC 1812 §4.3.2.7, RFC 4443 §2.4 (e.1)). */
    public static final int REFUSED_ICMP_ERROR = -4;
    /** Status: refused, the offending packet is an ICMPv6 Redirect (RFC 4443 §2.4 (e.2)). */
    public static final int REFUSED_REDIRECT = -5;
    /** Status: refused, the offending packet is a non-first IPv4 fragment (RFC 1812 §4.3.2.7). */
    public static final int REFUSED_NON_FIRST_FRAGMENT = -6;
    /** Status: refused, multicast destination (RFC 1812 §4.3.2.7, RFC 4443 §2.4 (e.3)). */
    public static final int REFUSED_MULTICAST_DESTINATION = -7;
    /** Status: refused, limited broadcast destination (RFC 1812 §4.3.2.7). */
    public static final int REFUSED_BROADCAST_DESTINATION = -8;
    /** Status: refused, unspecified or loopback destination (RFC 1812 §5.3.7, RFC 4291 §2.5.2-2.5.3). */
    public static final int REFUSED_BAD_DESTINATION = -9;
    /** Status: refused, the source does not name one host (RFC 1812 §4.3.2.7, RFC 4443 §2.4 (e.6)). */
    public static final int REFUSED_BAD_SOURCE = -10;
    /** Status: refused, the offending packet is not a well-formed packet of the message's IP version. */
    public static final int REFUSED_MALFORMED = -11;

    /** Hop limit and TTL of every error (see the class comment for why 64). */
    public static final int HOP_LIMIT = 64;
    /** IPv4 TOS of every error: precedence 6, Internetwork Control (RFC 1812 §4.3.2.5). */
    public static final int IPV4_TOS = 0xC0;
    /** Default rate: Linux's {@code net.ipv4.icmp_msgs_per_sec}. */
    public static final long DEFAULT_MESSAGES_PER_SECOND = 1000;
    /** Default burst: Linux's {@code net.ipv4.icmp_msgs_burst}. */
    public static final int DEFAULT_BURST = 50;
    /** Longest ICMPv6 error: the IPv6 minimum MTU (RFC 4443 §2.4 (c)). */
    public static final int MAX_IPV6_ERROR_LENGTH = Icmpv6Header.MIN_MTU;
    /** Longest ICMPv4 error: 576 octets (RFC 1812 §4.3.2.3). */
    public static final int MAX_IPV4_ERROR_LENGTH = 576;
    /** IPv6 and ICMPv6 headers before the quote. */
    public static final int IPV6_ERROR_HEADERS_LENGTH = Ipv6Header.LENGTH + Icmpv6Header.LENGTH;
    /** IPv4 and ICMPv4 headers before the quote. */
    public static final int IPV4_ERROR_HEADERS_LENGTH = Ipv4Header.LENGTH + Icmpv4Header.LENGTH;

    /** counts[] index of a not-sent status s is NOT_SENT_BASE - s (statuses follow the enum's order). */
    private static final int NOT_SENT_BASE = IcmpCounter.RATE_LIMITED.ordinal() + RATE_LIMITED;
    private static final int MULTICAST_FIRST_OCTET = 0xFF;

    private final long[] counts = new long[IcmpCounter.values().length];
    private final Ipv4Header ipv4 = new Ipv4Header();
    private final Ipv6Header ipv6 = new Ipv6Header();
    private final Icmpv4Header icmpv4 = new Icmpv4Header();
    private final Icmpv6Header icmpv6 = new Icmpv6Header();
    private final Ipv6ExtensionWalker walker = new Ipv6ExtensionWalker();
    private final int ipv4Source;
    private final long ipv6SourceHigh;
    private final long ipv6SourceLow;
    private final NanoClock clock;
    private final TokenBucket bucket;
    private int identification;

    /**
     * A generator with the default rate limit ({@link #DEFAULT_MESSAGES_PER_SECOND}, {@link #DEFAULT_BURST}).
     *
     * @param ipv4Source     the home agent's IPv4 address the errors come from.
     * @param ipv6SourceHigh octets 0..7 of the home agent's IPv6 address the errors come from.
     * @param ipv6SourceLow  octets 8..15 of that address.
     * @param clock          time for the rate limit.
     */
    public IcmpErrorGenerator(
        final int ipv4Source, final long ipv6SourceHigh, final long ipv6SourceLow, final NanoClock clock)
    {
        this(ipv4Source, ipv6SourceHigh, ipv6SourceLow, DEFAULT_MESSAGES_PER_SECOND, DEFAULT_BURST, clock);
    }

    /**
     * @param ipv4Source        the home agent's IPv4 address the errors come from.
     * @param ipv6SourceHigh    octets 0..7 of the home agent's IPv6 address the errors come from.
     * @param ipv6SourceLow     octets 8..15 of that address.
     * @param messagesPerSecond long-run rate of errors from this generator.
     * @param burst             errors that may go back to back after a quiet period.
     * @param clock             time for the rate limit.
     */
    public IcmpErrorGenerator(
        final int ipv4Source,
        final long ipv6SourceHigh,
        final long ipv6SourceLow,
        final long messagesPerSecond,
        final int burst,
        final NanoClock clock)
    {
        this.ipv4Source = ipv4Source;
        this.ipv6SourceHigh = ipv6SourceHigh;
        this.ipv6SourceLow = ipv6SourceLow;
        this.clock = clock;
        this.bucket = new TokenBucket(messagesPerSecond, burst, clock.nanoTime());
    }

    /**
     * Send ICMPv6 Packet Too Big (type 2, code 0, RFC 4443 §3.2) about an IPv6 packet.
     *
     * @param in  the burst holding the offending packet.
     * @param i   its index; it starts at its IPv6 header.
     * @param mtu the MTU of the next-hop link, for the MTU field (see {@link TunnelMtuCheck#packetTooBigMtu}).
     * @param out the burst the error is appended to; its pool gives the frame.
     * @return {@link #GENERATED} or a negative status.
     */
    public int packetTooBig(final PacketBurst in, final int i, final int mtu, final PacketBurst out)
    {
        final int status = checkIpv6(in.memory(), in.address(i), in.length(i), true);
        if (status != GENERATED)
        {
            return notSent(status);
        }
        return sendIpv6(in, i, Icmpv6Header.TYPE_PACKET_TOO_BIG, mtu, out, IcmpCounter.PTB_SENT);
    }

    /**
     * Send ICMPv4 Destination Unreachable, Fragmentation Needed and DF Set (type 3, code 4, RFC 792), with the
     * Next-Hop MTU in the low 16 bits of the second word (RFC 1191 §4), about an IPv4 packet.
     *
     * @param in         the burst holding the offending packet.
     * @param i          its index; it starts at its IPv4 header.
     * @param nextHopMtu the MTU of the next-hop network, 0..65535.
     * @param out        the burst the error is appended to; its pool gives the frame.
     * @return {@link #GENERATED} or a negative status.
     */
    public int fragmentationNeeded(final PacketBurst in, final int i, final int nextHopMtu, final PacketBurst out)
    {
        final int status = checkIpv4(in.memory(), in.address(i), in.length(i));
        if (status != GENERATED)
        {
            return notSent(status);
        }
        return sendIpv4(in, i, Icmpv4Header.TYPE_DESTINATION_UNREACHABLE, Icmpv4Header.CODE_FRAGMENTATION_NEEDED,
            nextHopMtu & 0xFFFF, out, IcmpCounter.FRAG_NEEDED_SENT);
    }

    /**
     * Send Time Exceeded in transit about a packet whose TTL or hop limit ran out: ICMPv4 type 11 code 0 (RFC 792,
     * RFC 1812 §5.3.1) or ICMPv6 type 3 code 0 (RFC 4443 §3.3), by the packet's IP version.
     *
     * @param in  the burst holding the offending packet.
     * @param i   its index; it starts at its IP header.
     * @param out the burst the error is appended to; its pool gives the frame.
     * @return {@link #GENERATED} or a negative status.
     */
    public int timeExceeded(final PacketBurst in, final int i, final PacketBurst out)
    {
        final MemorySegment memory = in.memory();
        final long packet = in.address(i);
        final int length = in.length(i);
        final int version = length < 1 ? 0 : Bytes.u8(memory, packet) >>> 4;
        if (version == Ipv6Header.VERSION)
        {
            final int status = checkIpv6(memory, packet, length, false);
            if (status != GENERATED)
            {
                return notSent(status);
            }
            return sendIpv6(in, i, Icmpv6Header.TYPE_TIME_EXCEEDED, 0, out, IcmpCounter.TIME_EXCEEDED_V6_SENT);
        }
        final int status = checkIpv4(memory, packet, length);
        if (status != GENERATED)
        {
            return notSent(status);
        }
        return sendIpv4(in, i, Icmpv4Header.TYPE_TIME_EXCEEDED, Icmpv4Header.CODE_TTL_EXCEEDED, 0, out,
            IcmpCounter.TIME_EXCEEDED_V4_SENT);
    }

    /**
     * @param counter an ICMP counter.
     * @return its count on this generator so far (0 for the other stages' counters).
     */
    public long count(final IcmpCounter counter)
    {
        return counts[counter.ordinal()];
    }

    /**
     * @return the rate limiter, for inspection.
     */
    public TokenBucket bucket()
    {
        return bucket;
    }

    /**
     * @return the identification the next IPv4 error gets.
     */
    public int nextIdentification()
    {
        return identification;
    }

    private int checkIpv6(final MemorySegment memory, final long packet, final int length, final boolean tooBig)
    {
        if (length < Ipv6Header.LENGTH || Bytes.u8(memory, packet) >>> 4 != Ipv6Header.VERSION)
        {
            return REFUSED_MALFORMED;
        }
        final long source = packet + Ipv6Header.SOURCE_OFFSET;
        if (isUnspecifiedOrLoopback(memory, source) || Bytes.u8(memory, source) == MULTICAST_FIRST_OCTET)
        {
            return REFUSED_BAD_SOURCE;
        }
        final long destination = packet + Ipv6Header.DESTINATION_OFFSET;
        if (Bytes.u8(memory, destination) == MULTICAST_FIRST_OCTET)
        {
            // RFC 4443 §2.4 (e.3): Packet Too Big is the exception, so that Path MTU Discovery works for multicast.
            if (!tooBig)
            {
                return REFUSED_MULTICAST_DESTINATION;
            }
        }
        else if (isUnspecifiedOrLoopback(memory, destination))
        {
            return REFUSED_BAD_DESTINATION;
        }
        return checkIcmpv6Payload(memory, packet, length);
    }

    private int checkIcmpv6Payload(final MemorySegment memory, final long packet, final int length)
    {
        if (walker.walk(memory, packet, packet + length) != CodecStatus.OK)
        {
            return REFUSED_MALFORMED;
        }
        final long upper = walker.upperLayerOffset();
        if (walker.upperLayerProtocol() != Icmpv6Header.PROTOCOL || upper >= walker.packetEnd())
        {
            return GENERATED;
        }
        final int type = Bytes.u8(memory, upper);
        if (type < Icmpv6Header.TYPE_ECHO_REQUEST)
        {
            return REFUSED_ICMP_ERROR;
        }
        return type == Icmpv6Header.TYPE_REDIRECT ? REFUSED_REDIRECT : GENERATED;
    }

    /**
     * @return true for :: (RFC 4291 §2.5.2) and ::1 (RFC 4291 §2.5.3).
     */
    private static boolean isUnspecifiedOrLoopback(final MemorySegment memory, final long address)
    {
        return Bytes.i64(memory, address) == 0 && (Bytes.i64(memory, address + 8) & ~1L) == 0;
    }

    private static int checkIpv4(final MemorySegment memory, final long packet, final int length)
    {
        if (length < Ipv4Header.LENGTH || Bytes.u8(memory, packet) >>> 4 != Ipv4Header.VERSION)
        {
            return REFUSED_MALFORMED;
        }
        final int headerLength = (Bytes.u8(memory, packet) & 0x0F) * 4;
        if (headerLength < Ipv4Header.LENGTH || headerLength > length)
        {
            return REFUSED_MALFORMED;
        }
        final int source = Bytes.i32(memory, packet + Ipv4Header.SOURCE_OFFSET);
        if (isZeroOrLoopback(source) || source >>> 28 >= 0xE)
        {
            return REFUSED_BAD_SOURCE;
        }
        final int status = checkIpv4Destination(Bytes.i32(memory, packet + Ipv4Header.DESTINATION_OFFSET));
        if (status != GENERATED)
        {
            return status;
        }
        if ((Bytes.u16(memory, packet + Ipv4Header.FLAGS_FRAGMENT_OFFSET) & Ipv4Header.FRAGMENT_OFFSET_MASK) != 0)
        {
            return REFUSED_NON_FIRST_FRAGMENT;
        }
        if (Bytes.u8(memory, packet + Ipv4Header.PROTOCOL_OFFSET) == Ipv4Header.PROTOCOL_ICMP &&
            headerLength < length && isIcmpv4Error(Bytes.u8(memory, packet + headerLength)))
        {
            return REFUSED_ICMP_ERROR;
        }
        return GENERATED;
    }

    private static int checkIpv4Destination(final int destination)
    {
        if (destination >>> 28 == 0xE)
        {
            return REFUSED_MULTICAST_DESTINATION;
        }
        if (destination == -1)
        {
            return REFUSED_BROADCAST_DESTINATION;
        }
        return isZeroOrLoopback(destination) ? REFUSED_BAD_DESTINATION : GENERATED;
    }

    /**
     * @return true for 0.0.0.0/8, "this network" (RFC 1122 §3.2.1.3), and 127.0.0.0/8, loopback.
     */
    private static boolean isZeroOrLoopback(final int address)
    {
        final int first = address >>> 24;
        return first == 0 || first == 127;
    }

    /**
     * @return true for the ICMPv4 error types of RFC 792 (RFC 1812 §4.3.2.7 lists them as "ICMP error message").
     */
    private static boolean isIcmpv4Error(final int type)
    {
        return type == Icmpv4Header.TYPE_DESTINATION_UNREACHABLE || type == Icmpv4Header.TYPE_SOURCE_QUENCH ||
            type == Icmpv4Header.TYPE_REDIRECT || type == Icmpv4Header.TYPE_TIME_EXCEEDED ||
            type == Icmpv4Header.TYPE_PARAMETER_PROBLEM;
    }

    private int sendIpv6(
        final PacketBurst in,
        final int i,
        final int type,
        final int word,
        final PacketBurst out,
        final IcmpCounter sent)
    {
        final int frame = admit(out);
        if (frame < 0)
        {
            return notSent(frame);
        }
        final MemorySegment from = in.memory();
        final long packet = in.address(i);
        final int ipLength = Ipv6Header.LENGTH + Bytes.u16(from, packet + Ipv6Header.PAYLOAD_LENGTH_OFFSET);
        final int room = Math.min(MAX_IPV6_ERROR_LENGTH, dataRoom(out.pool())) - IPV6_ERROR_HEADERS_LENGTH;
        final int quote = Math.min(Math.min(in.length(i), ipLength), room);
        final MemorySegment to = out.memory();
        final long error = out.pool().frameOffset(frame) + FrameLayout.DATA_OFFSET;
        final long message = error + Ipv6Header.LENGTH;
        final int messageLength = Icmpv6Header.LENGTH + quote;
        Bytes.copy(from, packet, to, message + Icmpv6Header.PAYLOAD_OFFSET, quote);
        ipv6.wrapForEncode(to, error).versionTrafficClassFlowLabel(0, 0).payloadLength(messageLength)
            .nextHeader(Icmpv6Header.PROTOCOL).hopLimit(HOP_LIMIT).source(ipv6SourceHigh, ipv6SourceLow)
            .destination(from, packet + Ipv6Header.SOURCE_OFFSET);
        icmpv6.wrapForEncode(to, message, messageLength).type(type).code(0).checksum(0).mtu(word & 0xFFFF_FFFFL)
            .updateChecksum(error + Ipv6Header.SOURCE_OFFSET, error + Ipv6Header.DESTINATION_OFFSET);
        out.add(frame, FrameLayout.DATA_OFFSET, Ipv6Header.LENGTH + messageLength);
        counts[sent.ordinal()]++;
        return GENERATED;
    }

    private int sendIpv4(
        final PacketBurst in,
        final int i,
        final int type,
        final int code,
        final int restOfHeader,
        final PacketBurst out,
        final IcmpCounter sent)
    {
        final int frame = admit(out);
        if (frame < 0)
        {
            return notSent(frame);
        }
        final MemorySegment from = in.memory();
        final long packet = in.address(i);
        final int ipLength = Bytes.u16(from, packet + Ipv4Header.TOTAL_LENGTH_OFFSET);
        final int room = Math.min(MAX_IPV4_ERROR_LENGTH, dataRoom(out.pool())) - IPV4_ERROR_HEADERS_LENGTH;
        final int quote = Math.min(Math.min(in.length(i), ipLength), room);
        final MemorySegment to = out.memory();
        final long error = out.pool().frameOffset(frame) + FrameLayout.DATA_OFFSET;
        final long message = error + Ipv4Header.LENGTH;
        final int messageLength = Icmpv4Header.LENGTH + quote;
        Bytes.copy(from, packet, to, message + Icmpv4Header.LENGTH, quote);
        final int id = identification;
        identification = (id + 1) & 0xFFFF;
        ipv4.wrapForEncode(to, error).writeHeader(Ipv4Header.LENGTH + messageLength, id, HOP_LIMIT,
            Ipv4Header.PROTOCOL_ICMP, ipv4Source, Bytes.i32(from, packet + Ipv4Header.SOURCE_OFFSET));
        Bytes.put8(to, error + Ipv4Header.TOS_OFFSET, IPV4_TOS);
        ipv4.updateChecksum();
        icmpv4.wrapForEncode(to, message).messageLength(messageLength).type(type).code(code).checksum(0)
            .restOfHeader(restOfHeader).updateChecksum();
        out.add(frame, FrameLayout.DATA_OFFSET, Ipv4Header.LENGTH + messageLength);
        counts[sent.ordinal()]++;
        return GENERATED;
    }

    /**
     * Room in the output burst, then a token, then a frame: a refused or rate-limited error costs no frame, and a
     * token is given back when no frame can be had.
     *
     * @return a frame index, or {@link #OUTPUT_FULL}, {@link #RATE_LIMITED}, {@link #NO_FRAME}.
     */
    private int admit(final PacketBurst out)
    {
        if (out.remaining() == 0)
        {
            return OUTPUT_FULL;
        }
        if (!bucket.tryAcquire(clock.nanoTime()))
        {
            return RATE_LIMITED;
        }
        final int frame = out.pool().allocate();
        if (frame < 0)
        {
            bucket.refund();
            return NO_FRAME;
        }
        return frame;
    }

    private static int dataRoom(final FramePool pool)
    {
        return pool.frameLength() - FrameLayout.DATA_OFFSET;
    }

    private int notSent(final int status)
    {
        counts[NOT_SENT_BASE - status]++;
        return status;
    }
}
