package dsmipha.ha.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.EthernetHeader;
import dsmipha.common.codec.InternetChecksum;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.common.codec.UdpHeader;
import dsmipha.fastpath.binding.BindingTable;
import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.binding.EncapVariant;
import dsmipha.fastpath.encap.OuterHeaderTemplate;
import dsmipha.fastpath.traffic.DemoNetwork;

/**
 * The bench's traffic: N bindings installed straight into the home agent's binding table (the way perf's
 * WorkerPathBenchmark fills it, so 1 to 10 million are ready in seconds), and frame templates per variant,
 * direction and size that the generator copies and stamps with a binding's addresses.
 * <pre>
 *   downlink (home port):  Ethernet / inner IP (CN → home address n) / UDP / payload ... [send time, 8 octets]
 *   uplink (access port):  Ethernet / outer IPv6 or IPv4 [/ UDP 4191] (care-of n → HA) / inner IP (home n → CN)
 *                          / UDP / payload ... [send time, 8 octets]
 * </pre>
 * Binding n: IPv6 home addresses 2001:db8::/64 with pseudo-random interface identifiers, IPv4 ones pseudo-random in
 * 10.0.0.0/8; care-of addresses 2001:db8:c0a::/64 and 100.64.0.0/10; NAT ports 1024 + n mod 32768. Outside the
 * home agent's connected prefixes, so a packet without a binding is routed natively by the default route. In the
 * mix binding n has variant n mod 6. The last 8 octets of every packet carry its send time (encapsulation adds
 * headers in front, decapsulation removes them there, so the tail arrives as sent). Not thread safe.
 */
public final class TrafficFrames
{
    /** Variant codes by {@link BenchScenarios#VARIANTS} index. */
    static final int[] CODES = { EncapVariant.IPV6_IN_IPV6, EncapVariant.IPV4_IN_IPV6, EncapVariant.IPV6_IN_IPV4,
        EncapVariant.IPV4_IN_IPV4, EncapVariant.IPV4_UDP_4191, EncapVariant.IPV4_UDP_4191 };
    /** IPv4 home address per variant index. */
    static final boolean[] IPV4_HOME = { false, true, false, true, true, false };
    /** IPv4 care-of address per variant index. */
    static final boolean[] IPV4_CARE_OF = { false, false, true, true, true, true };
    /** IMIX 7:4:1 of 64, 570 and 1518 octets, interleaved. */
    static final int[] IMIX = { 64, 64, 570, 64, 64, 570, 64, 1518, 64, 570, 64, 570 };
    /** Octets at the end of each packet holding its send time. */
    public static final int TIMESTAMP_LENGTH = 8;
    /** Tunnel MTU of the installed bindings: IMIX's 1500-octet packets are tunnelled whole. */
    static final int TUNNEL_MTU = 1600;

    private static final int SLOT = 2048;
    private static final long HOME6_HIGH = 0x2001_0DB8_0000_0000L;
    private static final int HOME4_NET = 0x0A00_0000;
    private static final long CARE_OF6_HIGH = 0x2001_0DB8_0C0A_0000L;
    private static final int CARE_OF4_NET = 0x6440_0000;
    private static final long CN6_HIGH = 0x2001_0DB8_0BAD_0000L;
    private static final int CN4 = 0xCB00_7102;
    /** Smallest IPv6 packet carrying a UDP header and the send time. */
    private static final int MIN_IPV6 = Ipv6Header.LENGTH + UdpHeader.LENGTH + TIMESTAMP_LENGTH;
    /** Smallest IPv4 packet carrying a UDP header and the send time. */
    private static final int MIN_IPV4 = Ipv4Header.LENGTH + UdpHeader.LENGTH + TIMESTAMP_LENGTH;

    private final int[] variants;
    private final int sizes;
    private final MemorySegment templates;
    private final int[] templateLength;
    private final int[] innerOffset;

    /**
     * @param variants   variant indexes ({@link BenchScenarios#VARIANTS}) the bindings cycle through.
     * @param packetSize inner frame size or {@link BenchSettings#IMIX}.
     */
    public TrafficFrames(final int[] variants, final int packetSize)
    {
        this.variants = variants.clone();
        this.sizes = packetSize == BenchSettings.IMIX ? IMIX.length : 1;
        final int count = variants.length * 2 * sizes;
        this.templates = Arena.ofAuto().allocate((long)count * SLOT);
        this.templateLength = new int[count];
        this.innerOffset = new int[variants.length * 2];
        for (int v = 0; v < variants.length; v++)
        {
            for (int d = 0; d < 2; d++)
            {
                for (int t = 0; t < sizes; t++)
                {
                    final int frameSize = packetSize == BenchSettings.IMIX ? IMIX[t] : packetSize;
                    final boolean ipv4 = IPV4_HOME[variants[v]];
                    final int ipLength = Math.max(frameSize - 18, ipv4 ? MIN_IPV4 : MIN_IPV6);
                    final int index = (v * 2 + d) * sizes + t;
                    templateLength[index] = writeFrame(templates.asSlice((long)index * SLOT, SLOT), variants[v],
                        d == 1, ipLength, v * 2 + d);
                }
            }
        }
    }

    /**
     * @param name a variant name.
     * @return its index in {@link BenchScenarios#VARIANTS}.
     */
    public static int variantIndex(final String name)
    {
        final int index = BenchScenarios.VARIANTS.indexOf(name);
        if (index < 0)
        {
            throw new IllegalArgumentException("--encap must be one of " + BenchScenarios.VARIANTS + ": " + name);
        }
        return index;
    }

    /**
     * Install bindings 0 .. count-1 (RFC 6275 §10.3.1's result, without the signaling: the table entry a home
     * registration makes).
     *
     * @param table the home agent's binding table (no Binding Updates may be in flight).
     * @param count how many.
     */
    public void installBindings(final BindingTable table, final int count)
    {
        final OuterHeaderTemplate outer = new OuterHeaderTemplate(DemoNetwork.HOME6_HIGH, 1, DemoNetwork.HOME4 | 1,
            OuterHeaderTemplate.DEFAULT_HOP_LIMIT);
        final BindingView value = new BindingView();
        for (int n = 0; n < count; n++)
        {
            final int variant = variants[n % variants.length];
            if (IPV4_HOME[variant])
            {
                value.ipv4HomeAddress(home4(n));
            }
            else
            {
                value.ipv6HomeAddress(HOME6_HIGH, home6Low(n));
            }
            if (IPV4_CARE_OF[variant])
            {
                value.ipv4CareOfAddress(careOf4(n));
            }
            else
            {
                value.ipv6CareOfAddress(CARE_OF6_HIGH, careOf6Low(n));
            }
            final boolean udp = CODES[variant] == EncapVariant.IPV4_UDP_4191;
            value.bindingId(n + 1).variant(CODES[variant]).tunnelMtu(TUNNEL_MTU)
                .udpPorts(udp ? OuterHeaderTemplate.DSMIPV6_UDP_PORT : 0, udp ? natPort(n) : 0);
            outer.applyTo(value);
            if (table.put(value) != BindingTable.ADDED)
            {
                throw new IllegalStateException("binding " + n + " refused by the binding table");
            }
        }
    }

    /**
     * Write binding n's packet into a frame.
     *
     * @param memory  the frame pool's memory.
     * @param data    where the Ethernet header goes.
     * @param n       the binding (an index at or above the installed count has no binding).
     * @param uplink  true for the mobile node's reverse-tunnelled packet, false for a correspondent's.
     * @param sizeSlot which IMIX size (any value; taken modulo the sizes).
     * @param sendNs  the send time stamped at the packet's end.
     * @return the frame length.
     */
    public int write(
        final MemorySegment memory, final long data, final int n, final boolean uplink, final int sizeSlot,
        final long sendNs)
    {
        final int v = n % variants.length;
        final int shape = v * 2 + (uplink ? 1 : 0);
        final int index = shape * sizes + sizeSlot % sizes;
        final int length = templateLength[index];
        MemorySegment.copy(templates, (long)index * SLOT, memory, data, length);
        stamp(memory, data, data + innerOffset[shape], variants[v], uplink, n);
        memory.set(ValueLayout.JAVA_LONG_UNALIGNED, data + length - TIMESTAMP_LENGTH, sendNs);
        return length;
    }

    /**
     * @param memory a frame's memory.
     * @param data   where the frame starts.
     * @param length its length.
     * @return the send time stamped at its end.
     */
    public static long sendTime(final MemorySegment memory, final long data, final int length)
    {
        return memory.get(ValueLayout.JAVA_LONG_UNALIGNED, data + length - TIMESTAMP_LENGTH);
    }

    private static void stamp(
        final MemorySegment memory, final long frame, final long inner, final int variant, final boolean uplink,
        final int n)
    {
        final boolean ipv4Home = IPV4_HOME[variant];
        if (uplink)
        {
            // The mobile node's home address as the inner source, its registered care-of (and NAT port) outside:
            // the decapsulation checks both against the binding (RFC 5555 §4.3).
            if (ipv4Home)
            {
                Bytes.put32(memory, inner + Ipv4Header.SOURCE_OFFSET, home4(n));
                patchIpv4Checksum(memory, inner);
            }
            else
            {
                Bytes.put64(memory, inner + Ipv6Header.SOURCE_OFFSET + 8, home6Low(n));
            }
            final long outer = frame + EthernetHeader.LENGTH;
            if (IPV4_CARE_OF[variant])
            {
                Bytes.put32(memory, outer + Ipv4Header.SOURCE_OFFSET, careOf4(n));
                patchIpv4Checksum(memory, outer);
                if (CODES[variant] == EncapVariant.IPV4_UDP_4191)
                {
                    Bytes.put16(memory, outer + Ipv4Header.LENGTH + UdpHeader.SOURCE_PORT_OFFSET, natPort(n));
                }
            }
            else
            {
                Bytes.put64(memory, outer + Ipv6Header.SOURCE_OFFSET + 8, careOf6Low(n));
            }
        }
        else if (ipv4Home)
        {
            Bytes.put32(memory, inner + Ipv4Header.DESTINATION_OFFSET, home4(n));
            patchIpv4Checksum(memory, inner);
        }
        else
        {
            Bytes.put64(memory, inner + Ipv6Header.DESTINATION_OFFSET + 8, home6Low(n));
        }
    }

    private static void patchIpv4Checksum(final MemorySegment memory, final long header)
    {
        Bytes.put16(memory, header + Ipv4Header.CHECKSUM_OFFSET, 0);
        Bytes.put16(memory, header + Ipv4Header.CHECKSUM_OFFSET,
            InternetChecksum.compute(memory, header, Ipv4Header.LENGTH));
    }

    private int writeFrame(
        final MemorySegment frame, final int variant, final boolean uplink, final int innerLength, final int shape)
    {
        final boolean ipv4Home = IPV4_HOME[variant];
        final boolean ipv4CareOf = IPV4_CARE_OF[variant];
        final int code = CODES[variant];
        final EthernetHeader ethernet = new EthernetHeader().wrapForEncode(frame, 0)
            .destinationMac(uplink ? DemoNetwork.ACCESS_MAC : DemoNetwork.HOME_MAC)
            .sourceMac(uplink ? DemoNetwork.GATEWAY_MAC : DemoNetwork.HOST_MAC);
        long at = EthernetHeader.LENGTH;
        if (uplink)
        {
            final int udp = code == EncapVariant.IPV4_UDP_4191 ? UdpHeader.LENGTH : 0;
            if (ipv4CareOf)
            {
                // RFC 5555 §4.3: IPv4 care-of: protocol 4 or 41 to the home agent's IPv4 address, or UDP 4191.
                ethernet.etherType(EthernetHeader.ETHERTYPE_IPV4);
                final int protocol = udp > 0 ? Ipv4Header.PROTOCOL_UDP : ipv4Home ? 4 : 41;
                new Ipv4Header().wrapForEncode(frame, at).writeHeader(Ipv4Header.LENGTH + udp + innerLength, 1, 64,
                    protocol, 0, DemoNetwork.HOME4 | 1);
                at += Ipv4Header.LENGTH;
                if (udp > 0)
                {
                    new UdpHeader().wrapForEncode(frame, at).sourcePort(1024)
                        .destinationPort(OuterHeaderTemplate.DSMIPV6_UDP_PORT).length(UdpHeader.LENGTH + innerLength)
                        .checksum(0);
                    at += UdpHeader.LENGTH;
                }
            }
            else
            {
                // RFC 6275 §10.4.5 reverse tunnel (RFC 2473): IPv6 from the care-of address to the home agent.
                ethernet.etherType(EthernetHeader.ETHERTYPE_IPV6);
                new Ipv6Header().wrapForEncode(frame, at).versionTrafficClassFlowLabel(0, 0)
                    .payloadLength(innerLength).nextHeader(ipv4Home ? 4 : 41).hopLimit(64).source(CARE_OF6_HIGH, 0)
                    .destination(DemoNetwork.HOME6_HIGH, 1);
                at += Ipv6Header.LENGTH;
            }
        }
        else
        {
            ethernet.etherType(ipv4Home ? EthernetHeader.ETHERTYPE_IPV4 : EthernetHeader.ETHERTYPE_IPV6);
        }
        innerOffset[shape] = (int)at;
        if (ipv4Home)
        {
            new Ipv4Header().wrapForEncode(frame, at).writeHeader(innerLength, 7, 64, Ipv4Header.PROTOCOL_UDP,
                uplink ? 0 : CN4, uplink ? CN4 : 0);
            writeUdp(frame, at + Ipv4Header.LENGTH, innerLength - Ipv4Header.LENGTH);
        }
        else
        {
            new Ipv6Header().wrapForEncode(frame, at).versionTrafficClassFlowLabel(0, 0)
                .payloadLength(innerLength - Ipv6Header.LENGTH).nextHeader(UdpHeader.PROTOCOL).hopLimit(64)
                .source(uplink ? HOME6_HIGH : CN6_HIGH, uplink ? 0 : 2)
                .destination(uplink ? CN6_HIGH : HOME6_HIGH, uplink ? 2 : 0);
            writeUdp(frame, at + Ipv6Header.LENGTH, innerLength - Ipv6Header.LENGTH);
        }
        return (int)at + innerLength;
    }

    private static void writeUdp(final MemorySegment frame, final long at, final int length)
    {
        new UdpHeader().wrapForEncode(frame, at).sourcePort(5000).destinationPort(6000).length(length).checksum(0);
    }

    static int home4(final int n)
    {
        // Multiplying by an odd constant permutes 24-bit values: distinct bindings get distinct addresses.
        return HOME4_NET | ((n * 0x9E3779B1) & 0xFF_FFFF);
    }

    static long home6Low(final int n)
    {
        return (n + 1L) * 0x9E3779B97F4A7C15L;
    }

    static int careOf4(final int n)
    {
        return CARE_OF4_NET | ((n * 0x85EBCA6B) & 0x3F_FFFF);
    }

    static long careOf6Low(final int n)
    {
        return (n + 1L) * 0xC2B2AE3D27D4EB4FL;
    }

    static int natPort(final int n)
    {
        return 1024 + (n & 0x7FFF);
    }
}
