package dsmipha.perf.emulator;

import static dsmipha.common.testing.Addresses.high;
import static dsmipha.common.testing.Addresses.ipv4;
import static dsmipha.common.testing.Addresses.low;
import static dsmipha.common.testing.Addresses.mac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dsmipha.common.codec.EthernetHeader;
import dsmipha.common.codec.Ipv4Header;
import dsmipha.common.codec.UdpHeader;
import dsmipha.common.codec.mh.BindingUpdate;
import dsmipha.common.pcap.PcapWriter;
import dsmipha.common.testing.Oracles;
import dsmipha.common.testing.Tshark;
import dsmipha.fastpath.punt.PuntMessageDescriptor;
import dsmipha.slowpath.registration.BindingUpdateReader;
import dsmipha.slowpath.registration.BindingUpdateRequest;
import dsmipha.slowpath.registration.SignalingTransport;

/**
 * The emulator's Binding Updates, as the benchmarks send them, are accepted by the home agent's reader with the
 * fields they were built with (so their Mobility Header checksum holds, RFC 6275 §6.1.1), and tshark, an
 * independent dissector, sees the same fields with valid IPv4 and UDP checksums.
 */
class BindingUpdateFramesTest
{
    private static final long HA_HIGH = high("2001:db8:a::1");
    private static final long HA_LOW = low("2001:db8:a::1");
    private static final int HA4 = ipv4("198.51.100.1");
    private static final long HOME_HIGH = high("2001:db8:a::1234");
    private static final long HOME_LOW = low("2001:db8:a::1234");
    private static final long COA_HIGH = high("2001:db8:c::5");
    private static final long COA_LOW = low("2001:db8:c::5");
    private static final int COA4 = ipv4("10.1.2.3");
    private static final int NAT4 = ipv4("203.0.113.7");
    private static final int NAT_PORT = 40000;
    private static final int FLAGS = BindingUpdate.FLAG_ACKNOWLEDGE | BindingUpdate.FLAG_HOME_REGISTRATION;

    private final BindingUpdateFrames frames = new BindingUpdateFrames(
        mac("02:00:00:00:00:01"), mac("02:00:00:00:00:02"), HA_HIGH, HA_LOW, HA4);
    private final MemorySegment record = Arena.ofAuto().allocate(512, 8);
    private final BindingUpdateReader reader = new BindingUpdateReader();
    private final BindingUpdateRequest request = new BindingUpdateRequest();

    @Test
    void nativeBindingUpdateIsReadWithItsHomeAddressOption()
    {
        final int length = frames.writeNative(record, PuntMessageDescriptor.HEADER_LENGTH, HOME_HIGH, HOME_LOW,
            COA_HIGH, COA_LOW, 7, FLAGS, 900, BindingUpdateFrames.NO_IPV4_HOME);
        assertEquals(BindingUpdateReader.OK, read(length, EthernetHeader.LENGTH));
        assertEquals(SignalingTransport.NATIVE_IPV6, request.path.transport);
        assertEquals(COA_HIGH, request.sourceHigh);
        assertEquals(COA_LOW, request.sourceLow);
        assertEquals(HA_HIGH, request.destinationHigh);
        assertEquals(HA_LOW, request.destinationLow);
        assertTrue(request.hasHomeAddressOption);
        assertEquals(HOME_HIGH, request.homeAddressHigh);
        assertEquals(HOME_LOW, request.homeAddressLow);
        assertEquals(7, request.sequence);
        assertEquals(FLAGS, request.flags);
        assertEquals(900, request.lifetimeUnits);
        assertFalse(request.hasIpv4HomeAddress);
        assertFalse(request.hasIpv4CareOf);
    }

    @Test
    void udpBindingUpdateBehindNatIsReadWithItsIpv4CareOfOption()
    {
        final int length = frames.writeOverIpv4(record, PuntMessageDescriptor.HEADER_LENGTH, HOME_HIGH, HOME_LOW,
            NAT4, NAT_PORT, COA4, true, 65535, FLAGS, 15, 0);
        assertEquals(BindingUpdateReader.OK,
            read(length, EthernetHeader.LENGTH + Ipv4Header.LENGTH + UdpHeader.LENGTH));
        assertEquals(SignalingTransport.IPV4_UDP, request.path.transport);
        assertEquals(NAT4, request.path.peerIpv4);
        assertEquals(HA4, request.path.localIpv4);
        assertEquals(NAT_PORT, request.path.peerUdpPort);
        assertEquals(BindingUpdateFrames.DSMIPV6_PORT, request.path.localUdpPort);
        assertFalse(request.hasHomeAddressOption);
        assertEquals(HOME_HIGH, request.sourceHigh);
        assertEquals(HOME_LOW, request.sourceLow);
        assertEquals(65535, request.sequence);
        assertEquals(15, request.lifetimeUnits);
        assertTrue(request.hasIpv4CareOf);
        assertEquals(COA4, request.ipv4CareOf);
        assertTrue(request.hasIpv4HomeAddress);
        assertEquals(0, request.ipv4HomeAddress);
        assertEquals(32, request.ipv4HomePrefixLength);
    }

    @Test
    void protocol41BindingUpdateIsRead()
    {
        final int length = frames.writeOverIpv4(record, PuntMessageDescriptor.HEADER_LENGTH, HOME_HIGH, HOME_LOW,
            COA4, 0, COA4, false, 1, FLAGS, 0, ipv4("198.51.100.20"));
        assertEquals(BindingUpdateReader.OK, read(length, EthernetHeader.LENGTH + Ipv4Header.LENGTH));
        assertEquals(SignalingTransport.IPV4_PROTOCOL_41, request.path.transport);
        assertEquals(COA4, request.path.peerIpv4);
        assertEquals(HOME_LOW, request.sourceLow);
        assertEquals(1, request.sequence);
        assertEquals(0, request.lifetimeUnits);
        assertEquals(COA4, request.ipv4CareOf);
        assertEquals(ipv4("198.51.100.20"), request.ipv4HomeAddress);
    }

    @Test
    void tsharkDecodesTheThreeEncapsulations()
    {
        Oracles.requireTshark();
        final byte[] nativeFrame = frame(frames.writeNative(record, 0, HOME_HIGH, HOME_LOW, COA_HIGH, COA_LOW, 7,
            FLAGS, 900, BindingUpdateFrames.NO_IPV4_HOME));
        final byte[] udpFrame = frame(frames.writeOverIpv4(record, 0, HOME_HIGH, HOME_LOW, NAT4, NAT_PORT, COA4,
            true, 8, FLAGS, 15, 0));
        final byte[] protocol41Frame = frame(frames.writeOverIpv4(record, 0, HOME_HIGH, HOME_LOW, COA4, 0, COA4,
            false, 9, FLAGS, 15, BindingUpdateFrames.NO_IPV4_HOME));
        final List<Map<String, String>> rows = Tshark.fields(PcapWriter.LINKTYPE_ETHERNET,
            List.of("-d", "udp.port==4191,ipv6", "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE"),
            List.of("ip.src", "ip.proto", "ip.checksum.status", "udp.srcport", "udp.dstport", "udp.checksum.status",
                "ipv6.src", "ipv6.dst", "ipv6.opt.mipv6.home_address", "mip6.mhtype", "mip6.bu.seqnr",
                "mip6.bu.a_flag", "mip6.bu.h_flag", "mip6.bu.lifetime", "mip6.ipv4ha.ha", "mip6.ipv4coa.addr",
                "_ws.expert"),
            nativeFrame, udpFrame, protocol41Frame);
        final Map<String, String> nativeRow = rows.get(0);
        assertEquals("2001:db8:c::5", nativeRow.get("ipv6.src"));
        assertEquals("2001:db8:a::1", nativeRow.get("ipv6.dst"));
        assertEquals("2001:db8:a::1234", nativeRow.get("ipv6.opt.mipv6.home_address"));
        assertEquals("5", nativeRow.get("mip6.mhtype"));
        assertEquals("7", nativeRow.get("mip6.bu.seqnr"));
        assertEquals("1", nativeRow.get("mip6.bu.a_flag"));
        assertEquals("1", nativeRow.get("mip6.bu.h_flag"));
        assertEquals("900", nativeRow.get("mip6.bu.lifetime"));
        assertEquals("", nativeRow.get("mip6.ipv4coa.addr"));

        final Map<String, String> udpRow = rows.get(1);
        assertEquals("203.0.113.7", udpRow.get("ip.src"));
        assertEquals("17", udpRow.get("ip.proto"));
        assertEquals("1", udpRow.get("ip.checksum.status"));
        assertEquals("40000", udpRow.get("udp.srcport"));
        assertEquals("4191", udpRow.get("udp.dstport"));
        assertEquals("1", udpRow.get("udp.checksum.status"));
        assertEquals("2001:db8:a::1234", udpRow.get("ipv6.src"));
        assertEquals("8", udpRow.get("mip6.bu.seqnr"));
        assertEquals("0.0.0.0", udpRow.get("mip6.ipv4ha.ha"));
        assertEquals("10.1.2.3", udpRow.get("mip6.ipv4coa.addr"));

        final Map<String, String> protocol41Row = rows.get(2);
        assertEquals("10.1.2.3", protocol41Row.get("ip.src"));
        assertEquals("41", protocol41Row.get("ip.proto"));
        assertEquals("1", protocol41Row.get("ip.checksum.status"));
        assertEquals("2001:db8:a::1234", protocol41Row.get("ipv6.src"));
        assertEquals("9", protocol41Row.get("mip6.bu.seqnr"));
        assertEquals("", protocol41Row.get("mip6.ipv4ha.ha"));
        assertEquals("10.1.2.3", protocol41Row.get("mip6.ipv4coa.addr"));
        for (final Map<String, String> row : rows)
        {
            assertEquals("", row.get("_ws.expert"), "tshark found fault with " + row);
        }
    }

    private int read(final int frameLength, final int innerOffset)
    {
        record.set(ValueLayout.JAVA_SHORT, PuntMessageDescriptor.PORT_OFFSET, (short)0);
        record.set(ValueLayout.JAVA_SHORT, PuntMessageDescriptor.L3_OFFSET_OFFSET, (short)EthernetHeader.LENGTH);
        record.set(ValueLayout.JAVA_SHORT, PuntMessageDescriptor.INNER_L3_OFFSET_OFFSET, (short)innerOffset);
        return reader.read(record, 0, PuntMessageDescriptor.HEADER_LENGTH + frameLength, request);
    }

    private byte[] frame(final int length)
    {
        return record.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
    }
}
