package dsmipha.fastpath.traffic;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.EthernetHeader;
import dsmipha.common.codec.InternetChecksum;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.common.codec.UdpHeader;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.PacketBurst;

/**
 * Builds a repeating mix of synthetic frames into pool frames: mostly IPv4 and IPv6 UDP data from
 * correspondents to mobile nodes' home addresses, reverse-tunnelled packets from mobile nodes (IPv6-in-IPv6,
 * IPv6-in-IPv4, IPv4-in-IPv6, IPv4/UDP 4191 from behind the NAT, as their {@link DemoNetwork} bindings say), plus each kind of packet the fastpath must punt (a DSMIPv6
 * Binding Update with the IPv4 Home Address option, a Mobile IPv4 registration request, ARP, a neighbour
 * solicitation) and each kind it must drop (TTL 1, bad IPv4 checksum, a truncated frame), so that a demo shows
 * every path of the pipeline. Templates are built once; a packet costs one copy and a port patch.
 * <p>
 * Not thread safe: one instance per generating thread.
 */
public final class SyntheticTraffic implements AutoCloseable
{
    /** Length of the mix cycle: template {@code i % CYCLE} is used for the i-th packet. */
    public static final int CYCLE = 64;
    /** Octets of UDP payload in the data packets. */
    public static final int DATA_PAYLOAD_LENGTH = 64;

    /**
     * DSMIPv6 Binding Update from a mobile node (IPv6 CoA, HAO, IPv4 HoA option 29), built with scapy: the demo's
     * mobile node 2001:db8:a::100 (IPv4 home 198.51.100.10) at its care-of address 2001:db8:c::5, sequence 7, so
     * that the registration it makes agrees with the demo's binding and later copies are answered 135.
     */
    static final String BINDING_UPDATE_FRAME = "02000000000202000000000186dd6000000000303c4020010db8000c00000000" +
        "00000000000520010db8000a00000000000000000001870201020000c91020010db8000a000000000000000001003b020500" +
        "da240007c00000641d068000c633640a01020000";
    /** Mobile IPv4 registration request to UDP 434, built with scapy. */
    static final String REGISTRATION_REQUEST_FRAME = "0200000000020200000000010800450000340001000040118e51c0000232" +
        "c633640101b201b20020f70d0102012cc633640ac6336401c00002320000000000000001";
    /** ARP request for an IPv4 home address, built with scapy. */
    static final String ARP_REQUEST_FRAME = "ffffffffffff02000000000108060001080006040001020000000001c633644d00" +
        "0000000000c633640a";
    /** Neighbour solicitation for an IPv6 home address, built with scapy. */
    static final String NEIGHBOR_SOLICITATION_FRAME = "3333ff00010002000000000186dd6000000000203aff20010db8000a000000" +
        "00000000000077ff0200000000000000000001ff000100870019a10000000020010db8000a00000000000000000100010102" +
        "0000000001";

    private static final long MAC_MN = 0x02_00_00_00_00_01L;
    private static final long MAC_HA = 0x02_00_00_00_00_02L;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment templates;
    private final int[] templateOffsets = new int[CYCLE];
    private final int[] templateLengths = new int[CYCLE];
    private final int[] portPatchOffsets = new int[CYCLE];
    private final int[] checksumPatchOffsets = new int[CYCLE];
    private long sequence;

    /**
     * Build the templates.
     */
    public SyntheticTraffic()
    {
        templates = arena.allocate((long)CYCLE * 256);
        final byte[][] frames = mix();
        for (int i = 0; i < CYCLE; i++)
        {
            templateOffsets[i] = i * 256;
            templateLengths[i] = frames[i].length;
            MemorySegment.copy(frames[i], 0, templates, ValueLayout.JAVA_BYTE, templateOffsets[i], frames[i].length);
        }
    }

    /**
     * Fill up to {@code count} packets into new frames from the pool, appended to a burst.
     *
     * @param pool  frames come from here.
     * @param burst appended to.
     * @param count how many packets to make.
     * @return how many were made (fewer when the pool or the burst runs out).
     */
    public int fill(final FramePool pool, final PacketBurst burst, final int count)
    {
        final MemorySegment memory = pool.memory();
        int made = 0;
        while (made < count && burst.remaining() > 0)
        {
            final int frame = pool.allocate();
            if (frame < 0)
            {
                break;
            }
            final int t = (int)(sequence++ & (CYCLE - 1));
            final long data = pool.frameOffset(frame) + FrameLayout.DATA_OFFSET;
            MemorySegment.copy(templates, templateOffsets[t], memory, data, templateLengths[t]);
            patchFlow(memory, data, t);
            burst.add(frame, FrameLayout.DATA_OFFSET, templateLengths[t]);
            made++;
        }
        return made;
    }

    /**
     * @return packets made so far.
     */
    public long sequence()
    {
        return sequence;
    }

    @Override
    public void close()
    {
        arena.close();
    }

    private void patchFlow(final MemorySegment memory, final long data, final int t)
    {
        final int portOffset = portPatchOffsets[t];
        if (portOffset == 0)
        {
            return;
        }
        // A new UDP source port per packet spreads flows (as RSS would); the UDP checksum is patched
        // incrementally (RFC 1624) where there is one.
        final int oldPort = Bytes.u16(memory, data + portOffset);
        final int newPort = 1024 + (int)(sequence & 0x7FFF);
        Bytes.put16(memory, data + portOffset, newPort);
        final int checksumOffset = checksumPatchOffsets[t];
        if (checksumOffset != 0)
        {
            final int checksum = Bytes.u16(memory, data + checksumOffset);
            Bytes.put16(memory, data + checksumOffset, InternetChecksum.update16(checksum, oldPort, newPort));
        }
    }

    private byte[][] mix()
    {
        final byte[][] frames = new byte[CYCLE][];
        for (int i = 0; i < CYCLE; i++)
        {
            frames[i] = switch (i)
            {
                case 5 -> hex(BINDING_UPDATE_FRAME);
                case 21 -> hex(REGISTRATION_REQUEST_FRAME);
                case 37 -> hex(ARP_REQUEST_FRAME);
                case 43 -> hex(NEIGHBOR_SOLICITATION_FRAME);
                case 53 -> ipv4Udp(i, 1, false);
                case 59 -> ipv4Udp(i, 64, true);
                case 61 -> truncated();
                case 3 -> uplink6(UPLINK_6IN6, 0x100);
                case 19 -> uplink6(UPLINK_6IN4, 0x101);
                case 35 -> uplink4(UPLINK_4INUDP, 12);
                case 51 -> uplink4(UPLINK_4IN6, 10);
                default -> (i & 1) == 0 ? ipv4Udp(i, 64, false) : ipv6Udp(i);
            };
        }
        return frames;
    }

    private byte[] ipv4Udp(final int i, final int ttl, final boolean corruptChecksum)
    {
        final int length = EthernetHeader.LENGTH + Ipv4Header.LENGTH + UdpHeader.LENGTH + DATA_PAYLOAD_LENGTH;
        try (Arena scratch = Arena.ofConfined())
        {
            final MemorySegment frame = scratch.allocate(length);
            new EthernetHeader().wrapForEncode(frame, 0).destinationMac(MAC_HA).sourceMac(MAC_MN)
                .etherType(EthernetHeader.ETHERTYPE_IPV4);
            final Ipv4Header ip = new Ipv4Header().wrapForEncode(frame, EthernetHeader.LENGTH);
            ip.writeHeader(length - EthernetHeader.LENGTH, i, ttl, Ipv4Header.PROTOCOL_UDP,
                0xCB007100 | i, 0xC6336400 | (i & 0x3F) + 10);
            ip.updateChecksum();
            if (corruptChecksum)
            {
                ip.checksum(ip.checksum() ^ 0x5555);
            }
            new UdpHeader().wrapForEncode(frame, EthernetHeader.LENGTH + Ipv4Header.LENGTH)
                .sourcePort(40000 + i).destinationPort(5001).length(UdpHeader.LENGTH + DATA_PAYLOAD_LENGTH)
                .checksum(0);
            portPatchOffsets[i] = EthernetHeader.LENGTH + Ipv4Header.LENGTH + UdpHeader.SOURCE_PORT_OFFSET;
            return frame.toArray(ValueLayout.JAVA_BYTE);
        }
    }

    private byte[] ipv6Udp(final int i)
    {
        final int udpLength = UdpHeader.LENGTH + DATA_PAYLOAD_LENGTH;
        final int length = EthernetHeader.LENGTH + Ipv6Header.LENGTH + udpLength;
        try (Arena scratch = Arena.ofConfined())
        {
            final MemorySegment frame = scratch.allocate(length);
            new EthernetHeader().wrapForEncode(frame, 0).destinationMac(MAC_HA).sourceMac(MAC_MN)
                .etherType(EthernetHeader.ETHERTYPE_IPV6);
            final long ip = EthernetHeader.LENGTH;
            new Ipv6Header().wrapForEncode(frame, ip).versionTrafficClassFlowLabel(0, i).payloadLength(udpLength)
                .nextHeader(UdpHeader.PROTOCOL).hopLimit(64)
                .source(0x20010db8_00000000L | 0xF_0000L, i)
                .destination(0x20010db8_000A0000L, 0x100 + (i & 0x3F));
            final UdpHeader udp = new UdpHeader().wrapForEncode(frame, ip + Ipv6Header.LENGTH)
                .sourcePort(40000 + i).destinationPort(5001).length(udpLength).checksum(0);
            udp.checksum(udp.computeChecksumIpv6(ip + Ipv6Header.SOURCE_OFFSET, ip + Ipv6Header.DESTINATION_OFFSET));
            portPatchOffsets[i] = EthernetHeader.LENGTH + Ipv6Header.LENGTH + UdpHeader.SOURCE_PORT_OFFSET;
            checksumPatchOffsets[i] = EthernetHeader.LENGTH + Ipv6Header.LENGTH + UdpHeader.CHECKSUM_OFFSET;
            return frame.toArray(ValueLayout.JAVA_BYTE);
        }
    }

    private static final int UPLINK_6IN6 = 1;
    private static final int UPLINK_6IN4 = 2;
    private static final int UPLINK_4IN6 = 3;
    private static final int UPLINK_4INUDP = 4;

    /**
     * A mobile node's packet to a correspondent, reverse tunnelled the way its DemoNetwork binding says.
     */
    private byte[] uplink6(final int tunnel, final int homeLow)
    {
        final int innerLength = Ipv6Header.LENGTH + UdpHeader.LENGTH + DATA_PAYLOAD_LENGTH;
        final MemorySegment inner = MemorySegment.ofArray(new byte[innerLength]);
        new Ipv6Header().wrapForEncode(inner, 0).versionTrafficClassFlowLabel(0, 0).payloadLength(innerLength - 40)
            .nextHeader(UdpHeader.PROTOCOL).hopLimit(64).source(DemoNetwork.HOME6_HIGH, homeLow)
            .destination(0x20010db8_000f0000L, 1);
        new UdpHeader().wrapForEncode(inner, Ipv6Header.LENGTH).sourcePort(40000).destinationPort(5001)
            .length(innerLength - Ipv6Header.LENGTH).checksum(0);
        return tunnel == UPLINK_6IN6 ? outer6(inner, 41) : outer4(inner, 41, DemoNetwork.CARE_OF4, false);
    }

    private byte[] uplink4(final int tunnel, final int homeHost)
    {
        final int innerLength = Ipv4Header.LENGTH + UdpHeader.LENGTH + DATA_PAYLOAD_LENGTH;
        final MemorySegment inner = MemorySegment.ofArray(new byte[innerLength]);
        new Ipv4Header().wrapForEncode(inner, 0).writeHeader(innerLength, 1, 64, Ipv4Header.PROTOCOL_UDP,
            DemoNetwork.HOME4 | homeHost, 0xCB007132).updateChecksum();
        new UdpHeader().wrapForEncode(inner, Ipv4Header.LENGTH).sourcePort(40000).destinationPort(5001)
            .length(innerLength - Ipv4Header.LENGTH).checksum(0);
        return tunnel == UPLINK_4IN6 ? outer6(inner, 4) : outer4(inner, Ipv4Header.PROTOCOL_UDP, DemoNetwork.NAT4, true);
    }

    private static byte[] outer6(final MemorySegment inner, final int nextHeader)
    {
        final int length = EthernetHeader.LENGTH + Ipv6Header.LENGTH + (int)inner.byteSize();
        final MemorySegment frame = MemorySegment.ofArray(new byte[length]);
        new EthernetHeader().wrapForEncode(frame, 0).destinationMac(MAC_HA).sourceMac(MAC_MN)
            .etherType(EthernetHeader.ETHERTYPE_IPV6);
        new Ipv6Header().wrapForEncode(frame, EthernetHeader.LENGTH).versionTrafficClassFlowLabel(0, 0)
            .payloadLength((int)inner.byteSize()).nextHeader(nextHeader).hopLimit(64)
            .source(DemoNetwork.CARE_OF6_HIGH, DemoNetwork.CARE_OF6_LOW).destination(DemoNetwork.HOME6_HIGH, 1);
        MemorySegment.copy(inner, 0, frame, EthernetHeader.LENGTH + Ipv6Header.LENGTH, inner.byteSize());
        return frame.toArray(ValueLayout.JAVA_BYTE);
    }

    private static byte[] outer4(final MemorySegment inner, final int protocol, final int source, final boolean udp)
    {
        final int udpLength = udp ? UdpHeader.LENGTH : 0;
        final int length = EthernetHeader.LENGTH + Ipv4Header.LENGTH + udpLength + (int)inner.byteSize();
        final MemorySegment frame = MemorySegment.ofArray(new byte[length]);
        new EthernetHeader().wrapForEncode(frame, 0).destinationMac(MAC_HA).sourceMac(MAC_MN)
            .etherType(EthernetHeader.ETHERTYPE_IPV4);
        new Ipv4Header().wrapForEncode(frame, EthernetHeader.LENGTH).writeHeader(length - EthernetHeader.LENGTH, 2,
            64, protocol, source, DemoNetwork.HOME4 | 1).updateChecksum();
        if (udp)
        {
            // RFC 5555 §4.1: from the NAT-mapped port to 4191, UDP checksum zero.
            new UdpHeader().wrapForEncode(frame, EthernetHeader.LENGTH + Ipv4Header.LENGTH)
                .sourcePort(DemoNetwork.NAT_PORT).destinationPort(4191)
                .length(udpLength + (int)inner.byteSize()).checksum(0);
        }
        MemorySegment.copy(inner, 0, frame, EthernetHeader.LENGTH + Ipv4Header.LENGTH + udpLength, inner.byteSize());
        return frame.toArray(ValueLayout.JAVA_BYTE);
    }

    private static byte[] truncated()
    {
        // An Ethernet header claiming IPv4 followed by 10 octets: shorter than any IPv4 header.
        final byte[] frame = new byte[EthernetHeader.LENGTH + 10];
        frame[12] = 0x08;
        frame[14] = 0x45;
        return frame;
    }

    private static byte[] hex(final String hex)
    {
        return HexFormat.of().parseHex(hex);
    }
}
