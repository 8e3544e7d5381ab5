package dsmipha.fastpath.encap;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.InternetChecksum;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.common.codec.UdpHeader;
import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.binding.EncapVariant;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.PacketBurst;

/**
 * Stage {@code mip-encap}: tunnels a packet to its binding's care-of address by prepending the binding's
 * precomputed outer header ({@link OuterHeaderTemplate}) into the frame's headroom and patching the few fields that
 * change per packet. It decides nothing about the binding: the variant and every constant field were chosen by the
 * slowpath when it built the template.
 * <p>
 * <b>Where the packet starts.</b> On entry packet {@code i} of the burst starts at its inner IP header (the worker
 * has stripped the Ethernet header by moving the start past it); on {@link #OK} it starts at the new outer IP
 * header, ready for the egress stage to prepend an Ethernet header for the next hop:
 * <pre>
 *  before:  | metadata | headroom ..................... | inner IP header | inner payload |
 *                                                       ^ start
 *  after:   | metadata | headroom ....... | outer (+UDP) | inner IP header | inner payload |   (inner unchanged)
 *                                         ^ start (moved down by the template length)
 * </pre>
 * Fields patched per packet (the template holds zero in each):
 * <ul>
 *   <li>IPv6 outer (variants 1, 2): traffic class = the inner DSCP and ECN (RFC 2473 §3.1 leaves the tunnel
 *       traffic class to configuration; the DSCP is copied, uniform model of RFC 2983 §3.1, and the ECN field is
 *       copied, RFC 6040 §4.1 normal mode); payload length = inner length (RFC 8200 §3).</li>
 *   <li>IPv4 outer (variants 3, 4, 5): TOS = the inner DSCP and ECN (as above; RFC 2003 §3.1 copies the TOS);
 *       total length; identification from a per-stage 16-bit counter (RFC 6864 §4.1: unique for non-atomic
 *       datagrams); DF copied from an IPv4 inner header (RFC 2003 §3.1) and never set over an IPv6 inner
 *       (RFC 4213 §3.2, static tunnel MTU); header checksum updated incrementally (RFC 1624 eqn. 3) by adding the
 *       patched words to the template's checksum, which was computed with them zero.</li>
 *   <li>UDP (variant 5): length = 8 + inner length; the checksum stays zero (RFC 768 over IPv4,
 *       RFC 5555 §4.1).</li>
 * </ul>
 * The hop limit or TTL is the template's (the tunnel entry point's configured value, RFC 2473 §3.1, RFC 2003
 * §3.1); decrementing the inner hop limit as a router is the forwarding stage's job, before this one.
 * <p>
 * A packet that fails any check is left exactly as it was and its status names the reason; each outcome is
 * counted ({@link EncapCounter}). No exceptions, no allocation. Not thread safe: one instance per worker.
 */
public final class Encapsulator
{
    /** Status: encapsulated. */
    public static final int OK = 0;
    /** Status: the frame has less headroom before the packet than the template needs. */
    public static final int NO_HEADROOM = -1;
    /** Status: the inner IP version is not one the binding's variant carries. */
    public static final int INNER_VERSION_MISMATCH = -2;
    /** Status: the inner packet is shorter than its fixed IP header. */
    public static final int INNER_TRUNCATED = -3;
    /** Status: the outer IPv4 total length or IPv6 payload length would exceed 65535. */
    public static final int TOO_LONG = -4;
    /** Status: unknown variant, or a template length that does not fit the variant. */
    public static final int BAD_BINDING = -5;

    private static final int MAX_LENGTH = 0xFFFF;
    private static final int IPV6_INNER_MINIMUM = Ipv6Header.LENGTH;
    private static final int IPV4_INNER_MINIMUM = Ipv4Header.LENGTH;
    /** counts[] index of a drop status s is DROP_INDEX_BASE - s (statuses follow the enum's drop order). */
    private static final int DROP_INDEX_BASE = EncapCounter.NO_HEADROOM.ordinal() + NO_HEADROOM;
    private static final int COUNTER_COUNT = EncapCounter.values().length;

    private final long[] counts = new long[COUNTER_COUNT];
    private int identification;

    /**
     * @param initialIdentification first outer IPv4 identification (0..65535); give each worker a different
     *                              start so that workers sending to one care-of address rarely collide.
     */
    public Encapsulator(final int initialIdentification)
    {
        this.identification = initialIdentification & MAX_LENGTH;
    }

    /**
     * Encapsulate every packet of a burst with its binding, recording each packet's status.
     *
     * @param burst    the packets, each starting at its inner IP header.
     * @param bindings {@code bindings[i]} is packet {@code i}'s binding (a lookup result).
     * @param statuses receives {@code statuses[i]}: {@link #OK} or a negative status; at least {@code count} long.
     * @return number of packets encapsulated.
     */
    public int encapsulateBurst(final PacketBurst burst, final BindingView[] bindings, final int[] statuses)
    {
        final int count = burst.count();
        int encapsulated = 0;
        for (int i = 0; i < count; i++)
        {
            final int status = encapsulate(burst, i, bindings[i]);
            statuses[i] = status;
            if (status == OK)
            {
                encapsulated++;
            }
        }
        return encapsulated;
    }

    /**
     * Encapsulate one packet of a burst.
     *
     * @param burst   the burst.
     * @param i       packet index; the packet starts at its inner IP header.
     * @param binding the packet's binding (variant and template).
     * @return {@link #OK}, after which the packet starts at the outer header, or a negative status, the packet
     * unchanged.
     */
    public int encapsulate(final PacketBurst burst, final int i, final BindingView binding)
    {
        final int variant = binding.variant();
        final int outerLength = binding.templateLength();
        if (outerLength != OuterHeaderTemplate.lengthOf(variant) || outerLength == 0)
        {
            return drop(BAD_BINDING);
        }
        final MemorySegment memory = burst.memory();
        final long inner = burst.address(i);
        final int innerLength = burst.length(i);
        final int status = check(memory, inner, innerLength, variant, outerLength, burst.offset(i));
        if (status != OK)
        {
            return drop(status);
        }
        burst.adjustStart(i, -outerLength);
        final long outer = inner - outerLength;
        binding.copyTemplateTo(memory, outer);
        if (outerLength == OuterHeaderTemplate.IPV6_LENGTH)
        {
            patchIpv6(memory, outer, innerTrafficClass(memory, inner), innerLength);
        }
        else
        {
            patchIpv4(memory, outer, inner, outerLength + innerLength);
            if (outerLength == OuterHeaderTemplate.IPV4_UDP_LENGTH)
            {
                patchUdp(memory, outer + Ipv4Header.LENGTH, UdpHeader.LENGTH + innerLength);
            }
        }
        counts[variant - EncapVariant.IPV6_IN_IPV6]++;
        return OK;
    }

    /**
     * @param counter an encapsulation counter.
     * @return its count on this stage so far.
     */
    public long count(final EncapCounter counter)
    {
        return counts[counter.ordinal()];
    }

    /**
     * @return the identification the next outer IPv4 header gets.
     */
    public int nextIdentification()
    {
        return identification;
    }

    private static int check(
        final MemorySegment memory,
        final long inner,
        final int innerLength,
        final int variant,
        final int outerLength,
        final int offsetInFrame)
    {
        if (innerLength < 1)
        {
            return INNER_TRUNCATED;
        }
        final int version = Bytes.u8(memory, inner) >>> 4;
        if (!carries(variant, version))
        {
            return INNER_VERSION_MISMATCH;
        }
        if (innerLength < (version == Ipv4Header.VERSION ? IPV4_INNER_MINIMUM : IPV6_INNER_MINIMUM))
        {
            return INNER_TRUNCATED;
        }
        // The IPv6 payload length excludes the outer header itself (RFC 8200 §3); IPv4's total length includes it.
        if (innerLength + (outerLength == OuterHeaderTemplate.IPV6_LENGTH ? 0 : outerLength) > MAX_LENGTH)
        {
            return TOO_LONG;
        }
        if (offsetInFrame - FrameLayout.METADATA_LENGTH < outerLength)
        {
            return NO_HEADROOM;
        }
        return OK;
    }

    /**
     * @param variant an {@link EncapVariant} code.
     * @param version the inner IP version nibble.
     * @return true when the variant carries that inner version (RFC 5555 §4.1: UDP carries either).
     */
    private static boolean carries(final int variant, final int version)
    {
        return switch (variant)
        {
            case EncapVariant.IPV6_IN_IPV6, EncapVariant.IPV6_IN_IPV4 -> version == Ipv6Header.VERSION;
            case EncapVariant.IPV4_IN_IPV6, EncapVariant.IPV4_IN_IPV4 -> version == Ipv4Header.VERSION;
            case EncapVariant.IPV4_UDP_4191 -> version == Ipv4Header.VERSION || version == Ipv6Header.VERSION;
            default -> false;
        };
    }

    /**
     * The inner packet's DSCP and ECN octet: IPv4 TOS (RFC 2474 §3) or IPv6 traffic class (RFC 8200 §7).
     */
    private static int innerTrafficClass(final MemorySegment memory, final long inner)
    {
        final int first = Bytes.u16(memory, inner);
        return (first >>> 12) == Ipv4Header.VERSION ? first & 0xFF : (first >>> 4) & 0xFF;
    }

    private static void patchIpv6(
        final MemorySegment memory, final long outer, final int trafficClass, final int payloadLength)
    {
        final long word = outer + Ipv6Header.VERSION_TC_FLOW_OFFSET;
        Bytes.put32(memory, word, Bytes.i32(memory, word) | trafficClass << 20);
        Bytes.put16(memory, outer + Ipv6Header.PAYLOAD_LENGTH_OFFSET, payloadLength);
    }

    private void patchIpv4(final MemorySegment memory, final long outer, final long inner, final int totalLength)
    {
        final int tos = innerTrafficClass(memory, inner);
        final int flags = innerDontFragment(memory, inner);
        final int id = identification;
        identification = (id + 1) & MAX_LENGTH;
        Bytes.put8(memory, outer + Ipv4Header.TOS_OFFSET, tos);
        Bytes.put16(memory, outer + Ipv4Header.TOTAL_LENGTH_OFFSET, totalLength);
        Bytes.put16(memory, outer + Ipv4Header.IDENTIFICATION_OFFSET, id);
        Bytes.put16(memory, outer + Ipv4Header.FLAGS_FRAGMENT_OFFSET, flags);
        // RFC 1624 eqn. 3, HC' = ~(~HC + ~m + m'): each patched word was m = 0 in the template (the TOS octet is
        // the low half of the word 0x45TT), so ~m + m' is just m' in one's complement arithmetic.
        final long checksum = outer + Ipv4Header.CHECKSUM_OFFSET;
        final long sum = (~Bytes.u16(memory, checksum) & 0xFFFF) + tos + totalLength + id + flags;
        Bytes.put16(memory, checksum, InternetChecksum.finish(sum));
    }

    /**
     * DF of the outer IPv4 header: copied from an IPv4 inner header (RFC 2003 §3.1), never set for an IPv6 inner
     * one (RFC 4213 §3.2: not set with a static tunnel MTU).
     */
    private static int innerDontFragment(final MemorySegment memory, final long inner)
    {
        if ((Bytes.u8(memory, inner) >>> 4) != Ipv4Header.VERSION)
        {
            return 0;
        }
        return Bytes.u16(memory, inner + Ipv4Header.FLAGS_FRAGMENT_OFFSET) & Ipv4Header.FLAG_DF;
    }

    private static void patchUdp(final MemorySegment memory, final long udp, final int udpLength)
    {
        Bytes.put16(memory, udp + UdpHeader.LENGTH_OFFSET, udpLength);
    }

    private int drop(final int status)
    {
        counts[DROP_INDEX_BASE - status]++;
        return status;
    }
}
