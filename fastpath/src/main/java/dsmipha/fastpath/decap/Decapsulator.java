package dsmipha.fastpath.decap;

import java.lang.foreign.MemorySegment;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.CodecStatus;
import dsmipha.common.codec.InternetChecksum;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.Ipv6ExtensionWalker;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.common.codec.UdpHeader;
import dsmipha.fastpath.binding.BindingResolver;
import dsmipha.fastpath.binding.BindingTable;
import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.binding.EncapVariant;
import dsmipha.fastpath.io.PacketBurst;
import dsmipha.fastpath.route.LocalAddresses;
import dsmipha.fastpath.route.PortAddresses;

/**
 * Stage {@code mip-decap}: removes the tunnel a mobile node wrapped its packet in on the way to the home agent,
 * after checking that the tunnel is the one its binding registered (RFC 6275 §10.4.5, RFC 5454 §4, RFC 5555
 * §4.1-4.2), and applies the ECN decapsulation rules of RFC 6040 §4.2.
 * <p>
 * <b>Input.</b> Every packet of the burst starts at its <i>outer IP header</i>: the worker has already moved the
 * start past the link-layer header ({@link PacketBurst#adjustStart}) and the classifier has sorted the packet as a
 * tunnel addressed to the home agent. Starting at L3 keeps this stage free of link-layer variants (VLAN tags) and
 * lets the egress stage prepend whatever link header the inner packet needs. The outer IPv4 header checksum is the
 * classifier's to verify; this stage does not pay for it twice.
 * <pre>
 *  IPv6 care-of address (RFC 2473)           IPv4 care-of address (RFC 4213, RFC 2003)
 *  +------------+-----------+---------+      +------------+---------------------+
 *  | IPv6 outer | ext. hdrs | IPv6 or |      | IPv4 outer | IPv6 (41) or        |
 *  | nh 41 or 4 | (walked)  | IPv4    |      | proto 41/4 | IPv4 (4) inner      |
 *  +------------+-----------+---------+      +------------+---------------------+
 *  IPv4 care-of address behind a NAT (RFC 5555 §4.1)
 *  +------------+-------------------+-------------------------------+
 *  | IPv4 outer | UDP dport 4191    | IPv6 or IPv4 inner (version   |
 *  | proto 17   | sport = NAT port  | nibble says which)            |
 *  +------------+-------------------+-------------------------------+
 *                                     ^ after decapsulation the packet starts here and ends where the inner
 *                                       header's length says (link padding and tunnel trailer trimmed)
 * </pre>
 * <b>Checks, in order</b> (the first that fails names the packet's {@link DecapCounter} outcome):
 * <ol>
 *   <li>outer header well formed: {@link DecapCounter#DROP_MALFORMED_OUTER}; not a fragment:
 *       {@link DecapCounter#DROP_OUTER_FRAGMENT}; protocol 41, 4 or UDP to 4191:
 *       {@link DecapCounter#DROP_NOT_A_TUNNEL};</li>
 *   <li>inner version is what the tunnel carries (41 carries IPv6, 4 carries IPv4, UDP either):
 *       {@link DecapCounter#DROP_INNER_VERSION_MISMATCH};</li>
 *   <li>inner header well formed: {@link DecapCounter#DROP_MALFORMED_INNER}, inner IPv4 checksum:
 *       {@link DecapCounter#DROP_INNER_BAD_CHECKSUM};</li>
 *   <li>a binding serving the inner source, through the worker's {@link BindingResolver}: the exact home address
 *       first, else the longest registered prefix holding it (a NEMO mobile network prefix, RFC 3963 §6.6 ingress
 *       filtering; an IPv4 home prefix, RFC 5555 §3.1.1; RFC 5454 §4 "inner source in registered prefixes") and
 *       then its owner's binding: {@link DecapCounter#DROP_NO_BINDING}, {@link DecapCounter#DROP_BINDING_BUSY}.
 *       The checks below then hold the packet to the <i>owner's</i> tunnel: a mobile network's packets must come
 *       through its mobile router's registered care-of address;</li>
 *   <li>the tunnel type is the registered variant: {@link DecapCounter#DROP_VARIANT_MISMATCH}. This comes before
 *       the address check because the variant fixes the outer family: an IPv4 care-of address is stored
 *       IPv4-mapped, so only within one family is an address comparison meaningful;</li>
 *   <li>outer source is the registered care-of address (RFC 6275 §10.4.5, RFC 5454 §4):
 *       {@link DecapCounter#DROP_CARE_OF_MISMATCH}; for UDP, the source port is the registered NAT-mapped port
 *       (RFC 5555 §4.1): {@link DecapCounter#DROP_UDP_PORT_MISMATCH};</li>
 *   <li>inner destination is one of the home agent's own addresses ({@link LocalAddresses}): such a packet is
 *       never forwarded. An IPv6 packet with next header 59 (No Next Header, RFC 8200 §4.7) carries nothing: it
 *       is a NAT keepalive, consumed as {@link DecapCounter#NAT_KEEPALIVE}; anything else is
 *       {@link DecapCounter#TO_HOME_AGENT}, for the worker to punt. Only decapsulated packets pay for this check,
 *       a few compares;</li>
 *   <li>ECN (RFC 6040 §4.2): outer CE on inner Not-ECT: {@link DecapCounter#DROP_ECN_CE_ON_NOT_ECT}.</li>
 * </ol>
 * An accepted packet whose source was served through a prefix is also noted as {@link DecapCounter#PREFIX_SOURCE}.
 * <p>
 * <b>Keepalives.</b> RFC 5555 §4.2 (NAT Keepalives): "NAT bindings can be refreshed through sending and receiving
 * traffic encapsulated in UDP. However, if the mobile node is not active, it will need to periodically send a
 * message to the home agent in order to refresh the NAT binding. This can be done using the binding update
 * message." The Binding Update is the slowpath's (the classifier punts it); an empty packet to the home agent
 * through the UDP tunnel is the other way a node keeps its mapping open, and ends here:
 * <pre>
 *  +------------+-------------------+---------------------------------------------+
 *  | IPv4 outer | UDP sport = NAT   | IPv6: src home address, dst home agent,     |
 *  | proto 17   | dport 4191        | next header 59, payload length 0            |
 *  +------------+-------------------+---------------------------------------------+
 * </pre>
 * <p>
 * Nothing allocates after construction. Not thread safe: one instance per worker (its flyweights, its
 * {@link BindingView} and its {@link BindingResolver} are reused for every packet); the binding and prefix tables
 * are shared and read lock free.
 */
public final class Decapsulator
{
    /** DSMIPv6 NAT traversal port (RFC 5555 §4.1, IANA "dsmipv6"). */
    public static final int DSMIP6_PORT = 4191;
    /** IPv6 next header / IPv4 protocol of an IPv6 payload (RFC 2473 §3, RFC 4213 §3.5). */
    public static final int PROTOCOL_IPV6 = 41;
    /** IPv6 next header / IPv4 protocol of an IPv4 payload (RFC 2473 §3, RFC 2003 §3). */
    public static final int PROTOCOL_IPV4 = 4;

    /** ECN codepoints (RFC 3168 §5). */
    static final int NOT_ECT = 0;
    static final int ECT_1 = 1;
    static final int ECT_0 = 2;
    static final int CE = 3;

    private static final int ECN_MASK = 0x03;
    /** ECN bits of an IPv6 header's second octet (traffic class bits 1..0 sit in bits 5..4 of octet 1). */
    private static final int IPV6_ECN_SHIFT = 4;
    private static final int ANY_VERSION = 0;
    private static final int NO_PORT = -1;

    private static final int OK_6IN6 = DecapCounter.IPV6_IN_IPV6_OK.ordinal();
    private static final int OK_4IN6 = DecapCounter.IPV4_IN_IPV6_OK.ordinal();
    private static final int OK_6IN4 = DecapCounter.IPV6_IN_IPV4_OK.ordinal();
    private static final int OK_4IN4 = DecapCounter.IPV4_IN_IPV4_OK.ordinal();
    private static final int OK_6INUDP = DecapCounter.IPV6_IN_UDP4_OK.ordinal();
    private static final int OK_4INUDP = DecapCounter.IPV4_IN_UDP4_OK.ordinal();
    private static final int MALFORMED_OUTER = DecapCounter.DROP_MALFORMED_OUTER.ordinal();
    private static final int OUTER_FRAGMENT = DecapCounter.DROP_OUTER_FRAGMENT.ordinal();
    private static final int NOT_A_TUNNEL = DecapCounter.DROP_NOT_A_TUNNEL.ordinal();
    private static final int VERSION_MISMATCH = DecapCounter.DROP_INNER_VERSION_MISMATCH.ordinal();
    private static final int MALFORMED_INNER = DecapCounter.DROP_MALFORMED_INNER.ordinal();
    private static final int INNER_CHECKSUM = DecapCounter.DROP_INNER_BAD_CHECKSUM.ordinal();
    private static final int NO_BINDING = DecapCounter.DROP_NO_BINDING.ordinal();
    private static final int BINDING_BUSY = DecapCounter.DROP_BINDING_BUSY.ordinal();
    private static final int VARIANT_MISMATCH = DecapCounter.DROP_VARIANT_MISMATCH.ordinal();
    private static final int CARE_OF_MISMATCH = DecapCounter.DROP_CARE_OF_MISMATCH.ordinal();
    private static final int PORT_MISMATCH = DecapCounter.DROP_UDP_PORT_MISMATCH.ordinal();
    private static final int ECN_DROP = DecapCounter.DROP_ECN_CE_ON_NOT_ECT.ordinal();
    private static final int ECN_PROPAGATED = DecapCounter.ECN_PROPAGATED.ordinal();
    private static final int ECN_UNUSED = DecapCounter.ECN_UNUSED_COMBINATION.ordinal();
    private static final int PREFIX_SOURCE = DecapCounter.PREFIX_SOURCE.ordinal();
    private static final int NAT_KEEPALIVE = DecapCounter.NAT_KEEPALIVE.ordinal();
    private static final int TO_HOME_AGENT = DecapCounter.TO_HOME_AGENT.ordinal();
    /** IPv6 No Next Header (RFC 8200 §4.7). */
    private static final int NO_NEXT_HEADER = 59;
    private static final int COUNTER_COUNT = DecapCounter.values().length;

    private final BindingResolver resolver;
    private final LocalAddresses local;
    private final BindingView binding = new BindingView();
    private final Ipv6ExtensionWalker outerIpv6 = new Ipv6ExtensionWalker();
    private final Ipv4Header outerIpv4 = new Ipv4Header();
    private final UdpHeader udp = new UdpHeader();
    private final Ipv6Header innerIpv6 = new Ipv6Header();
    private final Ipv4Header innerIpv4 = new Ipv4Header();
    private final long[] counts = new long[COUNTER_COUNT];

    // What the outer header(s) said about the packet in hand: set by ipv6Outer / ipv4Outer, read by inner.
    private long outerSourceHigh;
    private long outerSourceLow;
    private int outerSourcePort;
    private int outerEcn;
    private int expectedVariant;
    private int expectedInnerVersion;
    private long innerStart;
    private long innerEnd;
    private int innerLength;

    /**
     * A decapsulator that accepts exact home addresses only: no prefix bindings, no local addresses.
     *
     * @param table the shared binding table, read lock free.
     */
    public Decapsulator(final BindingTable table)
    {
        this(new BindingResolver(table, null));
    }

    /**
     * A decapsulator that resolves the inner source exact first, then by longest prefix, and knows no address of
     * the home agent's own (every accepted inner packet is forwarded).
     *
     * @param resolver this worker's resolver over the shared binding and prefix tables; owned by this instance from
     *                 now on (it is not thread safe).
     */
    public Decapsulator(final BindingResolver resolver)
    {
        this(resolver, new LocalAddresses(new PortAddresses[0], new int[0], new long[0][]));
    }

    /**
     * A decapsulator that resolves the inner source exact first, then by longest prefix, and keeps inner packets
     * addressed to the home agent itself from being forwarded.
     *
     * @param resolver this worker's resolver over the shared binding and prefix tables; owned by this instance from
     *                 now on (it is not thread safe).
     * @param local    the home agent's own addresses (shared, immutable).
     */
    public Decapsulator(final BindingResolver resolver, final LocalAddresses local)
    {
        this.resolver = resolver;
        this.local = local;
    }

    /**
     * Decapsulate every packet of a burst. An accepted packet now starts at its inner IP header and ends where
     * that header's length says; a dropped one is left as it arrived, for the caller to free.
     *
     * @param burst    packets starting at their outer IP header.
     * @param outcomes out: a {@link DecapCounter} ordinal per packet.
     * @return the number of packets accepted.
     */
    public int decapsulate(final PacketBurst burst, final int[] outcomes)
    {
        int accepted = 0;
        for (int i = 0, count = burst.count(); i < count; i++)
        {
            final int outcome = decapsulate(burst, i);
            outcomes[i] = outcome;
            if (outcome <= OK_4INUDP)
            {
                accepted++;
            }
        }
        return accepted;
    }

    /**
     * Decapsulate one packet of a burst.
     *
     * @param burst the burst.
     * @param i     packet index; the packet starts at its outer IP header.
     * @return a {@link DecapCounter} ordinal: one of the {@code *_OK} outcomes, {@link DecapCounter#NAT_KEEPALIVE},
     *         {@link DecapCounter#TO_HOME_AGENT} (left as it arrived, for the caller to punt) or a drop reason.
     */
    public int decapsulate(final PacketBurst burst, final int i)
    {
        final MemorySegment memory = burst.memory();
        final long start = burst.address(i);
        final int outcome = decapsulatePacket(memory, start, start + burst.length(i));
        counts[outcome]++;
        if (outcome <= OK_4INUDP)
        {
            if (resolver.lastMatchWasPrefix())
            {
                counts[PREFIX_SOURCE]++;
            }
            burst.adjustStart(i, (int)(innerStart - start));
            burst.length(i, innerLength);
        }
        return outcome;
    }

    /**
     * @param counter an outcome or note.
     * @return how many packets this instance counted under it.
     */
    public long count(final DecapCounter counter)
    {
        return counts[counter.ordinal()];
    }

    /**
     * @return the view the lookups read into; its retry and busy counts are this worker's binding read counters.
     */
    public BindingView bindingView()
    {
        return binding;
    }

    /**
     * @return the resolver the inner source is looked up with; its prefix match holds this worker's prefix read
     *         counters, and it counts exact and prefix hits.
     */
    public BindingResolver resolver()
    {
        return resolver;
    }

    private int decapsulatePacket(final MemorySegment memory, final long start, final long limit)
    {
        if (limit <= start)
        {
            return MALFORMED_OUTER;
        }
        final int version = Bytes.u8(memory, start) >>> 4;
        final int outer;
        if (version == Ipv6Header.VERSION)
        {
            outer = ipv6Outer(memory, start, limit);
        }
        else if (version == Ipv4Header.VERSION)
        {
            outer = ipv4Outer(memory, start, limit);
        }
        else
        {
            outer = MALFORMED_OUTER;
        }
        return outer < 0 ? inner(memory) : outer;
    }

    /**
     * Parse an IPv6 outer header and its extension headers (RFC 2473 §3: the tunnel header is an IPv6 header,
     * possibly with extension headers, whose last Next Header is 41 or 4).
     *
     * @return -1 when the inner packet is to be examined, otherwise a drop outcome.
     */
    private int ipv6Outer(final MemorySegment memory, final long start, final long limit)
    {
        final Ipv6ExtensionWalker walker = outerIpv6;
        if (walker.walk(memory, start, limit) != CodecStatus.OK ||
            walker.unknownOptionOffset() != Ipv6ExtensionWalker.NONE)
        {
            // RFC 8200 §4.2: an unrecognised option whose action is not "skip" discards the packet.
            return MALFORMED_OUTER;
        }
        if (walker.isFragment())
        {
            return OUTER_FRAGMENT;
        }
        final int protocol = walker.upperLayerProtocol();
        if (protocol == PROTOCOL_IPV6)
        {
            expect(EncapVariant.IPV6_IN_IPV6, Ipv6Header.VERSION);
        }
        else if (protocol == PROTOCOL_IPV4)
        {
            expect(EncapVariant.IPV4_IN_IPV6, Ipv4Header.VERSION);
        }
        else
        {
            return NOT_A_TUNNEL;
        }
        final Ipv6Header ipv6 = walker.ipv6();
        outerSourceHigh = ipv6.sourceHigh();
        outerSourceLow = ipv6.sourceLow();
        outerSourcePort = NO_PORT;
        outerEcn = ipv6.trafficClass() & ECN_MASK;
        innerStart = walker.upperLayerOffset();
        innerEnd = walker.packetEnd();
        return -1;
    }

    /**
     * Parse an IPv4 outer header: protocol 41 (RFC 4213 §3.5), 4 (RFC 2003 §3) or UDP to port 4191 (RFC 5555
     * §4.1).
     *
     * @return -1 when the inner packet is to be examined, otherwise a drop outcome.
     */
    private int ipv4Outer(final MemorySegment memory, final long start, final long limit)
    {
        final Ipv4Header ipv4 = outerIpv4;
        if (ipv4.wrap(memory, start, limit) != CodecStatus.OK)
        {
            return MALFORMED_OUTER;
        }
        if (ipv4.isFragment())
        {
            return OUTER_FRAGMENT;
        }
        final long ipEnd = start + ipv4.totalLength();
        final int protocol = ipv4.protocol();
        outerSourcePort = NO_PORT;
        innerStart = ipv4.payloadOffset();
        innerEnd = ipEnd;
        if (protocol == PROTOCOL_IPV6)
        {
            expect(EncapVariant.IPV6_IN_IPV4, Ipv6Header.VERSION);
        }
        else if (protocol == PROTOCOL_IPV4)
        {
            expect(EncapVariant.IPV4_IN_IPV4, Ipv4Header.VERSION);
        }
        else if (protocol == UdpHeader.PROTOCOL)
        {
            final int status = udpOuter(memory, ipv4.payloadOffset(), ipEnd);
            if (status >= 0)
            {
                return status;
            }
        }
        else
        {
            return NOT_A_TUNNEL;
        }
        outerSourceHigh = 0;
        outerSourceLow = BindingView.ipv4MappedLow(ipv4.sourceAddress());
        outerEcn = ipv4.ecn();
        return -1;
    }

    private int udpOuter(final MemorySegment memory, final long udpStart, final long ipEnd)
    {
        if (udp.wrap(memory, udpStart, ipEnd) != CodecStatus.OK)
        {
            return MALFORMED_OUTER;
        }
        if (udp.destinationPort() != DSMIP6_PORT)
        {
            return NOT_A_TUNNEL;
        }
        // RFC 5555 §4.1: the inner header follows the UDP header directly; its version nibble tells IPv4 from
        // IPv6. The UDP checksum is not verified: the inner headers carry their own integrity checks.
        expect(EncapVariant.IPV4_UDP_4191, ANY_VERSION);
        outerSourcePort = udp.sourcePort();
        innerStart = udp.payloadOffset();
        innerEnd = udpStart + udp.length();
        return -1;
    }

    private void expect(final int variant, final int innerVersion)
    {
        expectedVariant = variant;
        expectedInnerVersion = innerVersion;
    }

    private int inner(final MemorySegment memory)
    {
        if (innerEnd <= innerStart)
        {
            return MALFORMED_INNER;
        }
        final int version = Bytes.u8(memory, innerStart) >>> 4;
        if (expectedInnerVersion != ANY_VERSION && version != expectedInnerVersion)
        {
            return VERSION_MISMATCH;
        }
        if (version == Ipv6Header.VERSION)
        {
            return innerIpv6(memory);
        }
        if (version == Ipv4Header.VERSION)
        {
            return innerIpv4(memory);
        }
        return VERSION_MISMATCH;
    }

    private int innerIpv6(final MemorySegment memory)
    {
        final Ipv6Header ipv6 = innerIpv6;
        if (ipv6.wrap(memory, innerStart, innerEnd) != CodecStatus.OK)
        {
            return MALFORMED_INNER;
        }
        innerLength = Ipv6Header.LENGTH + ipv6.payloadLength();
        // An IPv4-mapped source is never an IPv6 home address nor inside an IPv6 prefix: both lookups answer
        // NOT_FOUND for it.
        final int slot = resolver.resolveIpv6(ipv6.sourceHigh(), ipv6.sourceLow(), binding);
        final int verdict = checkBinding(slot);
        if (verdict >= 0)
        {
            return verdict;
        }
        if (local.isLocalIpv6(ipv6.destinationHigh(), ipv6.destinationLow()))
        {
            // Never forwarded towards our own address. RFC 5555 §4.2: traffic in the UDP tunnel refreshes the NAT
            // mapping; an empty one (RFC 8200 §4.7: nothing follows next header 59) has no other purpose.
            return ipv6.nextHeader() == NO_NEXT_HEADER ? NAT_KEEPALIVE : TO_HOME_AGENT;
        }
        final int ecnVerdict = ecnIpv6(memory, ipv6.trafficClass() & ECN_MASK);
        if (ecnVerdict >= 0)
        {
            return ecnVerdict;
        }
        return expectedVariant == EncapVariant.IPV4_UDP_4191 ? OK_6INUDP :
            expectedVariant == EncapVariant.IPV6_IN_IPV6 ? OK_6IN6 : OK_6IN4;
    }

    private int innerIpv4(final MemorySegment memory)
    {
        final Ipv4Header ipv4 = innerIpv4;
        if (ipv4.wrap(memory, innerStart, innerEnd) != CodecStatus.OK)
        {
            return MALFORMED_INNER;
        }
        if (!ipv4.verifyChecksum())
        {
            // RFC 1812 §5.2.2: a router verifies the header checksum before forwarding; the incremental ECN
            // update below would otherwise carry a wrong checksum on.
            return INNER_CHECKSUM;
        }
        innerLength = ipv4.totalLength();
        final int slot = resolver.resolveIpv4(ipv4.sourceAddress(), binding);
        final int verdict = checkBinding(slot);
        if (verdict >= 0)
        {
            return verdict;
        }
        if (local.isLocalIpv4(ipv4.destinationAddress()))
        {
            return TO_HOME_AGENT;
        }
        final int ecnVerdict = ecnIpv4(memory, ipv4.ecn());
        if (ecnVerdict >= 0)
        {
            return ecnVerdict;
        }
        return expectedVariant == EncapVariant.IPV4_UDP_4191 ? OK_4INUDP :
            expectedVariant == EncapVariant.IPV4_IN_IPV6 ? OK_4IN6 : OK_4IN4;
    }

    /**
     * The reverse-tunnel checks (RFC 6275 §10.4.5, RFC 5454 §4, RFC 5555 §4.1), against the binding that serves the
     * inner source: its own, or its prefix owner's (RFC 3963 §6.6).
     *
     * @param slot the resolve result.
     * @return -1 when the packet came through its registered tunnel, otherwise a drop outcome.
     */
    private int checkBinding(final int slot)
    {
        if (slot < 0)
        {
            return slot == BindingTable.BUSY ? BINDING_BUSY : NO_BINDING;
        }
        final BindingView view = binding;
        if (view.variant() != expectedVariant)
        {
            return VARIANT_MISMATCH;
        }
        if (view.careOfHigh() != outerSourceHigh || view.careOfLow() != outerSourceLow)
        {
            return CARE_OF_MISMATCH;
        }
        if (outerSourcePort != NO_PORT && view.udpDestinationPort() != outerSourcePort)
        {
            // The binding's UDP destination port is the NAT-mapped port the mobile node's packets come from.
            return PORT_MISMATCH;
        }
        return -1;
    }

    private int ecnIpv6(final MemorySegment memory, final int innerEcn)
    {
        final int ecn = decapsulatedEcn(innerEcn, outerEcn);
        if (ecn < 0)
        {
            return ECN_DROP;
        }
        if (ecn != innerEcn)
        {
            final long octet = innerStart + 1;
            final int old = Bytes.u8(memory, octet);
            Bytes.put8(memory, octet, (old & ~(ECN_MASK << IPV6_ECN_SHIFT)) | (ecn << IPV6_ECN_SHIFT));
        }
        return -1;
    }

    private int ecnIpv4(final MemorySegment memory, final int innerEcn)
    {
        final int ecn = decapsulatedEcn(innerEcn, outerEcn);
        if (ecn < 0)
        {
            return ECN_DROP;
        }
        if (ecn != innerEcn)
        {
            // RFC 6040 §4.2: "the IPv4 header checksum also changes whenever the ECN field is changed"; version,
            // IHL and TOS form the first 16-bit word, patched incrementally (RFC 1624 eqn. 3).
            final int oldWord = Bytes.u16(memory, innerStart);
            final int newWord = (oldWord & ~ECN_MASK) | ecn;
            Bytes.put16(memory, innerStart, newWord);
            final long checksum = innerStart + Ipv4Header.CHECKSUM_OFFSET;
            Bytes.put16(memory, checksum, InternetChecksum.update16(Bytes.u16(memory, checksum), oldWord, newWord));
        }
        return -1;
    }

    /**
     * RFC 6040 §4.2, Figure 4: the outgoing ECN field at the intersection of the arriving inner (row) and outer
     * (column) codepoints.
     * <pre>
     *  +---------+------------------------------------------------+
     *  |Arriving |            Arriving Outer Header               |
     *  |   Inner +---------+------------+------------+------------+
     *  |  Header | Not-ECT | ECT(0)     | ECT(1)     |     CE     |
     *  +---------+---------+------------+------------+------------+
     *  | Not-ECT | Not-ECT |Not-ECT(!!!)|Not-ECT(!!!)| &lt;drop&gt;(!!!)|
     *  |  ECT(0) |  ECT(0) | ECT(0)     | ECT(1)     |     CE     |
     *  |  ECT(1) |  ECT(1) | ECT(1) (!) | ECT(1)     |     CE     |
     *  |    CE   |      CE |     CE     |     CE(!!!)|     CE     |
     *  +---------+---------+------------+------------+------------+
     * </pre>
     * The "(!!!)" combinations that are not dropped are counted ({@link DecapCounter#ECN_UNUSED_COMBINATION}),
     * as the RFC asks them to be logged; a change of the inner field is counted as
     * {@link DecapCounter#ECN_PROPAGATED}.
     *
     * @return the new inner codepoint, or -1 to drop.
     */
    private int decapsulatedEcn(final int inner, final int outer)
    {
        if (inner == NOT_ECT)
        {
            if (outer == CE)
            {
                return -1;
            }
            if (outer != NOT_ECT)
            {
                counts[ECN_UNUSED]++;
            }
            return NOT_ECT;
        }
        if (inner == CE)
        {
            if (outer == ECT_1)
            {
                counts[ECN_UNUSED]++;
            }
            return CE;
        }
        final int ecn = outer == CE ? CE : outer == ECT_1 ? ECT_1 : inner;
        if (ecn != inner)
        {
            counts[ECN_PROPAGATED]++;
        }
        return ecn;
    }
}
