package dsmipha.fastpath.icmp;

import dsmipha.common.counters.CounterDescriptor;
import dsmipha.common.counters.CounterDescriptors;
import dsmipha.common.counters.CounterInfo;

/**
 * Every outcome of the fastpath's MTU and ICMP error stages, ids 1500-1529 of the fastpath range (see
 * {@link CounterDescriptor}):
 * <ul>
 *   <li>1500-1515: {@link IcmpErrorGenerator} ({@code icmp-*}): messages sent, rate limited, not sent for want of
 *       a frame or of room, and each reason an error is refused (RFC 4443 §2.4 (e), RFC 1812 §4.3.2.7);</li>
 *   <li>1516-1522: {@link Ipv4Fragmenter} ({@code ip4-frag-*});</li>
 *   <li>1524-1529: {@link TunnelMtuCheck} ({@code mtu-*}): one per verdict.</li>
 * </ul>
 * Each stage keeps its own counts, indexed by ordinal, and answers {@code count(IcmpCounter)}; a counter of
 * another stage reads 0 there.
 */
public enum IcmpCounter implements CounterDescriptor
{
    /** ICMPv6 Packet Too Big sent (RFC 4443 §3.2). */
    PTB_SENT(1500, "icmp-ptb-sent", "ICMPv6 Packet Too Big sent (RFC 4443 §3.2)"),
    /** ICMPv4 Destination Unreachable, Fragmentation Needed and DF set, sent (RFC 792, RFC 1191 §4). */
    FRAG_NEEDED_SENT(1501, "icmp-frag-needed-sent",
        "ICMP Fragmentation Needed with the Next-Hop MTU sent (RFC 1191 §4)"),
    /** ICMPv4 Time Exceeded, TTL exceeded in transit, sent (RFC 792). */
    TIME_EXCEEDED_V4_SENT(1502, "icmp-time-exceeded-v4-sent", "ICMP Time Exceeded (TTL) sent (RFC 792)"),
    /** ICMPv6 Time Exceeded, hop limit exceeded in transit, sent (RFC 4443 §3.3). */
    TIME_EXCEEDED_V6_SENT(1503, "icmp-time-exceeded-v6-sent",
        "ICMPv6 Time Exceeded (hop limit) sent (RFC 4443 §3.3)"),
    /** Not sent: the generator's token bucket was empty (RFC 4443 §2.4 (f), RFC 1812 §4.3.2.8). */
    RATE_LIMITED(1504, "icmp-rate-limited", "ICMP error not sent: rate limit (RFC 4443 §2.4 (f))"),
    /** Not sent: the frame pool was empty. */
    NO_FRAME(1505, "icmp-no-frame", "ICMP error not sent: no free frame in the pool"),
    /** Not sent: the output burst was full. */
    OUTPUT_FULL(1506, "icmp-output-full", "ICMP error not sent: output burst full"),
    /** Refused: the offending packet is itself an ICMP or ICMPv6 error (RFC 1812 §4.3.2.7, RFC 4443 §2.4 (e.1)). */
    REFUSED_ICMP_ERROR(1507, "icmp-refused-icmp-error",
        "no ICMP error about an ICMP error (RFC 1812 §4.3.2.7, RFC 4443 §2.4 (e.1))"),
    /** Refused: the offending packet is an ICMPv6 Redirect (RFC 4443 §2.4 (e.2)). */
    REFUSED_REDIRECT(1508, "icmp-refused-redirect", "no ICMPv6 error about a Redirect (RFC 4443 §2.4 (e.2))"),
    /** Refused: the offending packet is an IPv4 fragment other than the first (RFC 1812 §4.3.2.7). */
    REFUSED_NON_FIRST_FRAGMENT(1509, "icmp-refused-non-first-fragment",
        "no ICMP error about a non-first IPv4 fragment (RFC 1812 §4.3.2.7)"),
    /** Refused: multicast destination (RFC 1812 §4.3.2.7, RFC 4443 §2.4 (e.3) except Packet Too Big). */
    REFUSED_MULTICAST_DESTINATION(1510, "icmp-refused-multicast-destination",
        "no ICMP error about a packet to a multicast address (RFC 1812 §4.3.2.7, RFC 4443 §2.4 (e.3))"),
    /** Refused: limited broadcast destination 255.255.255.255 (RFC 1812 §4.3.2.7). */
    REFUSED_BROADCAST_DESTINATION(1511, "icmp-refused-broadcast-destination",
        "no ICMP error about a packet to the broadcast address (RFC 1812 §4.3.2.7)"),
    /** Refused: unspecified or loopback destination, which no forwarded packet may carry (RFC 1812 §5.3.7). */
    REFUSED_BAD_DESTINATION(1512, "icmp-refused-bad-destination",
        "no ICMP error about a packet to an unspecified or loopback address (RFC 1812 §5.3.7, RFC 4291 §2.5.3)"),
    /** Refused: the source does not name a single host (RFC 1812 §4.3.2.7, RFC 4443 §2.4 (e.6)). */
    REFUSED_BAD_SOURCE(1513, "icmp-refused-bad-source",
        "no ICMP error to a source that is not one host (RFC 1812 §4.3.2.7, RFC 4443 §2.4 (e.6))"),
    /** Refused: the offending packet is shorter than its IP header or its extension headers do not walk. */
    REFUSED_MALFORMED(1514, "icmp-refused-malformed", "no ICMP error about a malformed packet"),

    /** Datagrams split into fragments (RFC 791 §3.2). */
    FRAG_DATAGRAMS(1516, "ip4-frag-datagrams", "IPv4 datagrams fragmented (RFC 791 §3.2)"),
    /** Fragments written (one frame each). */
    FRAG_FRAGMENTS(1517, "ip4-frag-fragments", "IPv4 fragments written"),
    /** Not fragmented: Don't Fragment set (RFC 791 §3.2). */
    FRAG_DROP_DF(1518, "ip4-frag-drop-df", "not fragmented: Don't Fragment set (RFC 791 §3.2)"),
    /** Not fragmented: MTU below 68 or too small for the header (RFC 791 §3.2). */
    FRAG_DROP_MTU_TOO_SMALL(1519, "ip4-frag-drop-mtu-too-small",
        "not fragmented: MTU below 68 octets (RFC 791 §3.2)"),
    /** Not fragmented: the pool had too few free frames. */
    FRAG_DROP_NO_FRAME(1520, "ip4-frag-drop-no-frame", "not fragmented: too few free frames in the pool"),
    /** Not fragmented: the output burst had too little room. */
    FRAG_DROP_OUTPUT_FULL(1521, "ip4-frag-drop-output-full", "not fragmented: output burst too full"),
    /** Not fragmented: not a well-formed IPv4 datagram. */
    FRAG_DROP_MALFORMED(1522, "ip4-frag-drop-malformed", "not fragmented: malformed IPv4 header"),

    /** The packet fits the room the tunnel leaves. */
    MTU_FITS(1524, "mtu-fits", "packet fits the tunnel MTU"),
    /** IPv6 packet too big: send Packet Too Big (RFC 4213 §3.2, RFC 2473 §7.1). */
    MTU_TOO_BIG_IPV6(1525, "mtu-too-big-ip6", "IPv6 packet over the tunnel MTU: Packet Too Big (RFC 4213 §3.2)"),
    /** IPv6 packet of at most 1280 over a tunnel leaving less: fragment the outer packet (RFC 2473 §7.1 (a)). */
    MTU_FRAGMENT_OUTER(1526, "mtu-fragment-outer",
        "IPv6 packet <= 1280 over a tunnel MTU below it: fragment the tunnel packet (RFC 4213 §3.2, RFC 2473 §7.1)"),
    /** IPv4 packet too big with DF set: send Fragmentation Needed (RFC 1191 §4). */
    MTU_TOO_BIG_IPV4_DF(1527, "mtu-too-big-ip4-df",
        "IPv4 packet with DF over the tunnel MTU: Fragmentation Needed (RFC 1191 §4)"),
    /** IPv4 packet too big without DF: fragment it (RFC 791 §3.2). */
    MTU_FRAGMENT_IPV4(1528, "mtu-fragment-ip4", "IPv4 packet without DF over the tunnel MTU: fragmented"),
    /** Not checked: the packet is neither a whole IPv4 nor a whole IPv6 header. */
    MTU_MALFORMED(1529, "mtu-malformed", "tunnel MTU not checked: not an IPv4 or IPv6 header"),

    /** Tunnel packets fragmented at an IPv6 tunnel entry (RFC 2473 §7.1, RFC 8200 §4.5). */
    FRAG6_PACKETS(1530, "ip6-frag-packets", "IPv6 tunnel packets fragmented at the tunnel entry (RFC 2473 §7.1)"),
    /** IPv6 fragments written (one frame each). */
    FRAG6_FRAGMENTS(1531, "ip6-frag-fragments", "IPv6 fragments written"),
    /** Not fragmented: the outer header is not a plain IPv6 header with its payload. Order as the statuses. */
    FRAG6_DROP_MALFORMED(1532, "ip6-frag-drop-malformed", "not fragmented: malformed outer IPv6 header"),
    /** Not fragmented: the MTU leaves no room for data. */
    FRAG6_DROP_MTU_TOO_SMALL(1533, "ip6-frag-drop-mtu-too-small", "not fragmented: MTU too small for the headers"),
    /** Not fragmented: the pool had too few free frames. */
    FRAG6_DROP_NO_FRAME(1534, "ip6-frag-drop-no-frame", "not fragmented: too few free frames in the pool"),
    /** Not fragmented: the output burst had too little room. */
    FRAG6_DROP_OUTPUT_FULL(1535, "ip6-frag-drop-output-full", "not fragmented: output burst too full");

    static
    {
        CounterDescriptors.requireUnique(values());
    }

    private final CounterInfo info;

    IcmpCounter(final int id, final String label, final String description)
    {
        this.info = new CounterInfo(id, label, description);
    }

    @Override
    public CounterInfo info()
    {
        return info;
    }
}
