package dsmipha.fastpath.icmp;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.Icmpv6Header;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.io.PacketBurst;

/**
 * Stage {@code mtu-check}: decides what happens to a packet about to be tunnelled, given the room the tunnel leaves
 * for it: the binding's static tunnel MTU (RFC 4213 §3.2, "Static Tunnel MTU") less the outer header the template
 * adds. It only reads the packet, which starts at its (inner) IP header, and answers one verdict:
 * <pre>
 *   family  length vs room                      verdict             then
 *   ------  ----------------------------------  ------------------  -------------------------------------------
 *   any     length &lt;= room                      FITS                encapsulate
 *   IPv6    length &gt; room, room &gt;= 1280         TOO_BIG_IPV6        Packet Too Big, MTU = room
 *   IPv6    length &gt; room, room &lt; 1280,
 *           length &gt; 1280                       TOO_BIG_IPV6        Packet Too Big, MTU = 1280
 *   IPv6    room &lt; length &lt;= 1280               FRAGMENT_OUTER      encapsulate, fragment the tunnel packet
 *   IPv4    length &gt; room, DF set               TOO_BIG_IPV4_DF     Fragmentation Needed, Next-Hop MTU = room
 *   IPv4    length &gt; room, DF clear             FRAGMENT_IPV4       fragment to room, encapsulate each fragment
 * </pre>
 * <b>Why an IPv6 packet is not told an MTU below 1280.</b> Every IPv6 link has an MTU of at least 1280 and a link
 * that cannot carry 1280 must fragment below IPv6 (RFC 8200 §5). A tunnel is such a link: RFC 4213 §3.2 says
 * that when the tunnel leaves less than 1280, a packet larger than 1280 gets Packet Too Big with MTU 1280, and one
 * of at most 1280 is encapsulated anyway with DF clear in the outer IPv4 header so that IPv4 fragments the tunnel
 * packet (on the encapsulator or on the path); RFC 2473 §7.1 (a) and (b) say the same for an IPv6 outer header,
 * where the encapsulator fragments the outer IPv6 packet. {@link #FRAGMENT_OUTER} is that case: for an IPv4 outer
 * header the worker runs the {@link Ipv4Fragmenter} on the encapsulated packet (its DF is clear, the
 * encapsulator never sets it over an IPv6 inner packet); an IPv6 outer header needs IPv6 fragmentation, which the
 * fastpath does not build yet.
 * <p>
 * The length is the IP header's (IPv4 total length, or 40 + IPv6 payload length), bounded by the packet, so link
 * padding never makes a packet too big. Each verdict is counted ({@link IcmpCounter}, {@code mtu-*}). No
 * allocation. Not thread safe: one instance per worker.
 */
public final class TunnelMtuCheck
{
    /** Verdict: the packet fits; encapsulate it. */
    public static final int FITS = 0;
    /** Verdict: IPv6 packet too big; send Packet Too Big with {@link #packetTooBigMtu(int)} and drop it. */
    public static final int TOO_BIG_IPV6 = 1;
    /** Verdict: IPv6 packet of at most 1280 over a tunnel leaving less; encapsulate and fragment the outer packet. */
    public static final int FRAGMENT_OUTER = 2;
    /** Verdict: IPv4 packet too big with DF set; send Fragmentation Needed with the room and drop it. */
    public static final int TOO_BIG_IPV4_DF = 3;
    /** Verdict: IPv4 packet too big with DF clear; fragment it to the room. */
    public static final int FRAGMENT_IPV4 = 4;
    /** Verdict: neither a whole IPv4 nor a whole IPv6 header; the encapsulator drops it. */
    public static final int MALFORMED = 5;

    private static final int BASE = IcmpCounter.MTU_FITS.ordinal();

    private final long[] counts = new long[IcmpCounter.values().length];

    /**
     * @param tunnelMtu   the tunnel's MTU: the most octets an outer packet may have.
     * @param outerLength octets of outer header the encapsulation adds (the template length).
     * @return the room for the inner packet, never below 0.
     */
    public static int room(final int tunnelMtu, final int outerLength)
    {
        return Math.max(0, tunnelMtu - outerLength);
    }

    /**
     * @param room the room the tunnel leaves for the inner packet.
     * @return the MTU to announce in Packet Too Big: the room, but never less than the IPv6 minimum link MTU 1280
     * (RFC 8200 §5, RFC 4213 §3.2).
     */
    public static int packetTooBigMtu(final int room)
    {
        return Math.max(room, Icmpv6Header.MIN_MTU);
    }

    /**
     * The MTU a {@link #TOO_BIG_IPV6} verdict's Packet Too Big announces; the same as {@link #packetTooBigMtu(int)}.
     *
     * @param room the room the tunnel leaves for the inner packet.
     * @return the room, but never less than 1280.
     */
    public int reportedMtu(final int room)
    {
        return packetTooBigMtu(room);
    }

    /**
     * Check a packet against its binding: room = {@link BindingView#tunnelMtu()} less
     * {@link BindingView#templateLength()}.
     *
     * @param burst   the burst.
     * @param i       packet index; the packet starts at its inner IP header.
     * @param binding the packet's binding.
     * @return a verdict.
     */
    public int check(final PacketBurst burst, final int i, final BindingView binding)
    {
        return check(burst, i, room(binding.tunnelMtu(), binding.templateLength()));
    }

    /**
     * @param burst the burst.
     * @param i     packet index; the packet starts at its inner IP header.
     * @param room  the most octets the inner packet may have.
     * @return a verdict: {@link #FITS}, {@link #TOO_BIG_IPV6}, {@link #FRAGMENT_OUTER}, {@link #TOO_BIG_IPV4_DF},
     * {@link #FRAGMENT_IPV4} or {@link #MALFORMED}.
     */
    public int check(final PacketBurst burst, final int i, final int room)
    {
        final int verdict = verdict(burst.memory(), burst.address(i), burst.length(i), room);
        counts[BASE + verdict]++;
        return verdict;
    }

    /**
     * @param counter an ICMP-package counter.
     * @return its count on this stage so far (0 for the other stages' counters).
     */
    public long count(final IcmpCounter counter)
    {
        return counts[counter.ordinal()];
    }

    private static int verdict(final MemorySegment memory, final long packet, final int length, final int room)
    {
        final int version = length < 1 ? 0 : Bytes.u8(memory, packet) >>> 4;
        if (version == Ipv6Header.VERSION && length >= Ipv6Header.LENGTH)
        {
            final int ipLength =
                Math.min(length, Ipv6Header.LENGTH + Bytes.u16(memory, packet + Ipv6Header.PAYLOAD_LENGTH_OFFSET));
            if (ipLength <= room)
            {
                return FITS;
            }
            // RFC 4213 §3.2 / RFC 2473 §7.1: below 1280 the tunnel itself fragments what IPv6 may not be told to.
            return room < Icmpv6Header.MIN_MTU && ipLength <= Icmpv6Header.MIN_MTU ? FRAGMENT_OUTER : TOO_BIG_IPV6;
        }
        if (version == Ipv4Header.VERSION && length >= Ipv4Header.LENGTH)
        {
            final int ipLength = Math.min(length, Bytes.u16(memory, packet + Ipv4Header.TOTAL_LENGTH_OFFSET));
            if (ipLength <= room)
            {
                return FITS;
            }
            // RFC 1191 §4 (DF: tell the source) or RFC 791 §3.2 (no DF: fragment).
            final int flags = Bytes.u16(memory, packet + Ipv4Header.FLAGS_FRAGMENT_OFFSET);
            return (flags & Ipv4Header.FLAG_DF) != 0 ? TOO_BIG_IPV4_DF : FRAGMENT_IPV4;
        }
        return MALFORMED;
    }
}
