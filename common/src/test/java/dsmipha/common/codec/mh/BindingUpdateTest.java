package dsmipha.common.codec.mh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dsmipha.common.codec.CodecStatus;
import dsmipha.common.pcap.PcapWriter;
import dsmipha.common.testing.Tshark;

class BindingUpdateTest
{
    private final MobilityHeader mh = new MobilityHeader();
    private final BindingUpdate bu = new BindingUpdate();
    private final MobilityOptionIterator options = new MobilityOptionIterator();
    private final Ipv4HomeAddressOption ipv4HomeAddress = new Ipv4HomeAddressOption();
    private final Ipv4CareOfAddressOption ipv4CareOfAddress = new Ipv4CareOfAddressOption();

    @ParameterizedTest
    @ValueSource(strings = {"bu_dsmip", "bu_dynamic_hoa", "bu_nemo", "bu_rr", "bu_misaligned"})
    void decodesEveryFieldOfScapyBindingUpdates(final String name)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, name);
            assertEquals(CodecStatus.OK, mh.wrap(f.segment(), f.mh(), f.limit()));
            assertEquals(CodecStatus.OK, bu.wrap(mh));
            assertEquals(f.intField("bu.seq"), bu.sequence());
            assertEquals(f.intField("bu.flags"), bu.flags());
            assertEquals(f.intField("bu.mhtime"), bu.lifetime());
            assertEquals(f.intField("bu.mhtime") * 4, bu.lifetimeSeconds());
        }
    }

    @Test
    void dsmipv6BindingUpdateWithForceUdpAndIpv4Options()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, "bu_dsmip");
            mh.wrap(f.segment(), f.mh(), f.limit());
            bu.wrap(mh);
            assertTrue(bu.acknowledge());
            assertTrue(bu.homeRegistration());
            assertFalse(bu.linkLocalCompatibility());
            assertTrue(bu.keyManagement());
            assertFalse(bu.mapRegistration());
            assertFalse(bu.mobileRouter());
            assertFalse(bu.proxyRegistration());
            assertTrue(bu.forceUdp(), "F flag 0x0100 set by hand in scapy's reserved bits");
            assertFalse(bu.flag(BindingUpdate.FLAG_TLV_HEADER));
            assertEquals(14400, bu.lifetimeSeconds());

            options.reset(mh);
            assertEquals(MobilityOptionIterator.IPV4_HOME_ADDRESS, options.next());
            ipv4HomeAddress.wrap(options);
            assertEquals(f.intField("opt.0.plen"), ipv4HomeAddress.prefixLength());
            assertEquals(f.intField("opt.0.p") == 1, ipv4HomeAddress.prefixRequested());
            assertEquals(0, ipv4HomeAddress.reserved());
            assertEquals(f.intField("opt.0.addr"), ipv4HomeAddress.address());
            assertArrayEquals(f.bytesField("opt.0.odata"),
                MhFixtures.bytes(f.segment(), ipv4HomeAddress.valueOffset(), ipv4HomeAddress.length()));
            assertEquals(MobilityOptionIterator.IPV4_CARE_OF_ADDRESS, options.next());
            ipv4CareOfAddress.wrap(options);
            assertEquals(0, ipv4CareOfAddress.reserved());
            assertEquals(f.intField("opt.1.addr"), ipv4CareOfAddress.address());
            assertEquals("198.51.100.20", MhFixtures.ipv4Text(ipv4CareOfAddress.address()));
            assertArrayEquals(f.bytesField("opt.1.odata"),
                MhFixtures.bytes(f.segment(), ipv4CareOfAddress.valueOffset(), ipv4CareOfAddress.length()));
            assertEquals(MobilityOptionIterator.END, options.next());
        }
    }

    @Test
    void dynamicIpv4HomeAddressRequest()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, "bu_dynamic_hoa");
            mh.wrap(f.segment(), f.mh(), f.limit());
            bu.wrap(mh);
            assertFalse(bu.forceUdp());
            assertTrue(mh.verifyChecksum(f.source(), f.destination()));
            options.reset(mh);
            assertEquals(MobilityOptionIterator.IPV4_HOME_ADDRESS, options.next());
            ipv4HomeAddress.wrap(options);
            assertEquals(0, ipv4HomeAddress.address(), "0.0.0.0 asks for dynamic assignment (RFC 5555 §3.1.1)");
            assertEquals(f.intField("opt.0.addr"), ipv4HomeAddress.address());
            assertFalse(ipv4HomeAddress.prefixRequested());
            assertEquals(32, ipv4HomeAddress.prefixLength());
            assertEquals(MobilityOptionIterator.END, options.next());
        }
    }

    @Test
    void encodedDsmipv6BindingUpdateDecodesInTsharkAndScapy()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = MhFixtures.ipv6Packet(arena, MhFixtures.HOA, MhFixtures.HA, 64);
            mh.wrapForEncode(segment, MhFixtures.IPV6_HEADER_LENGTH);
            bu.start(mh).sequence(0xBEEF)
                .flags(BindingUpdate.FLAG_ACKNOWLEDGE | BindingUpdate.FLAG_HOME_REGISTRATION |
                    BindingUpdate.FLAG_KEY_MANAGEMENT | BindingUpdate.FLAG_FORCE_UDP)
                .lifetimeSeconds(7200);
            ipv4HomeAddress.appendTo(mh).prefixLength(32).prefixRequested(false).address(MhFixtures.ipv4("192.0.2.77"));
            ipv4CareOfAddress.appendTo(mh).address(MhFixtures.ipv4("198.51.100.20"));
            final int length = mh.finish(MhFixtures.IPV6_SOURCE, MhFixtures.IPV6_DESTINATION);
            assertEquals(32, length);
            final byte[] packet = MhFixtures.finishPacket(segment, length);

            final JsonNode layers = Tshark.decode(PcapWriter.LINKTYPE_RAW, List.of(), packet).get(0);
            assertEquals("5", Tshark.field(layers, "mip6.mhtype"));
            assertEquals("59", Tshark.field(layers, "mip6.proto"));
            assertEquals("3", Tshark.field(layers, "mip6.hlen"));
            assertEquals("48879", Tshark.field(layers, "mip6.bu.seqnr"));
            assertEquals("1", Tshark.field(layers, "mip6.bu.a_flag"));
            assertEquals("1", Tshark.field(layers, "mip6.bu.h_flag"));
            assertEquals("0", Tshark.field(layers, "mip6.bu.l_flag"));
            assertEquals("1", Tshark.field(layers, "mip6.bu.k_flag"));
            assertEquals("0", Tshark.field(layers, "mip6.nemo.bu.r_flag"));
            assertEquals("0", Tshark.field(layers, "mip6.bu.p_flag"));
            assertEquals("1", Tshark.field(layers, "mip6.bu.f_flag"));
            assertEquals("0", Tshark.field(layers, "mip6.bu.t_flag"));
            assertEquals("1800", Tshark.field(layers, "mip6.bu.lifetime"));
            assertEquals("32", Tshark.field(layers, "mip6.ipv4ha.preflen"));
            assertEquals("0", Tshark.field(layers, "mip6.ipv4ha.p_flag"));
            assertEquals("192.0.2.77", Tshark.field(layers, "mip6.ipv4ha.ha"));
            assertEquals("198.51.100.20", Tshark.field(layers, "mip6.ipv4coa.addr"));
            assertEquals("0", Tshark.field(layers, "mip6.ipv4coa.reserved"));
            assertEquals(String.format("0x%04x", mh.checksum()), Tshark.field(layers, "mip6.csum"));

            final Properties scapy = MhFixtures.scapyDecode(packet);
            assertEquals("MIP6MH_BU", scapy.getProperty("class"));
            assertEquals("48879", scapy.getProperty("seq"));
            // scapy's 7-bit flags field: A=0x40 H=0x20 K=0x08; F is the top bit of its 9 reserved bits
            assertEquals(String.valueOf(0x40 | 0x20 | 0x08), scapy.getProperty("flags"));
            assertEquals(String.valueOf(0x100), scapy.getProperty("reserved"));
            assertEquals("1800", scapy.getProperty("mhtime"));
            assertEquals("29,32,1", scapy.getProperty("options"));
            assertEquals("1", scapy.getProperty("cksum_ok"));
        }
    }

    @Test
    void encodedNemoBindingUpdateWithEveryMobileNodeOptionDecodesInTshark()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = MhFixtures.ipv6Packet(arena, MhFixtures.HOA, MhFixtures.HA, 256);
            mh.wrapForEncode(segment, MhFixtures.IPV6_HEADER_LENGTH);
            bu.start(mh).sequence(1).flags(BindingUpdate.FLAG_ACKNOWLEDGE | BindingUpdate.FLAG_HOME_REGISTRATION |
                BindingUpdate.FLAG_MOBILE_ROUTER).lifetime(900);
            new AlternateCareOfAddressOption().appendTo(mh).address(MhFixtures.COA, 0);
            new MobileNetworkPrefixOption().appendTo(mh).prefixLength(48)
                .prefix(MhFixtures.ipv6("2001:db8:300::"), 0);
            ipv4HomeAddress.appendTo(mh).prefixLength(24).prefixRequested(true).address(0);
            new DnsUpdateOption().appendTo(mh, "mr.example.org".getBytes(StandardCharsets.US_ASCII)).remove(false);
            new ServiceSelectionOption().appendTo(mh, "internet".getBytes(StandardCharsets.UTF_8));
            final int length = mh.finish(MhFixtures.IPV6_SOURCE, MhFixtures.IPV6_DESTINATION);
            final byte[] packet = MhFixtures.finishPacket(segment, length);

            final JsonNode layers = Tshark.decode(PcapWriter.LINKTYPE_RAW, List.of(), packet).get(0);
            assertEquals("1", Tshark.field(layers, "mip6.nemo.bu.r_flag"));
            assertEquals("900", Tshark.field(layers, "mip6.bu.lifetime"));
            assertEquals("2001:db8:2::55", Tshark.field(layers, "mip6.acoa.acoa"));
            assertEquals("48", Tshark.field(layers, "mip6.nemo.mnp.pfl"));
            assertEquals("2001:db8:300::", Tshark.field(layers, "mip6.nemo.mnp.mnp"));
            assertEquals("24", Tshark.field(layers, "mip6.ipv4ha.preflen"));
            assertEquals("1", Tshark.field(layers, "mip6.ipv4ha.p_flag"));
            assertEquals("0.0.0.0", Tshark.field(layers, "mip6.ipv4ha.ha"));
            assertEquals("0", Tshark.field(layers, "mip6.dnsu.status"));
            assertEquals("0", Tshark.field(layers, "mip6.dnsu.flag.r"));
            assertEquals("internet", Tshark.field(layers, "mip6.ss.identifier"));

            // and our own decoder agrees, alignment included
            assertEquals(CodecStatus.OK, mh.wrap(segment, MhFixtures.IPV6_HEADER_LENGTH,
                MhFixtures.IPV6_HEADER_LENGTH + length));
            assertTrue(mh.verifyChecksum(MhFixtures.IPV6_SOURCE, MhFixtures.IPV6_DESTINATION));
            options.reset(mh);
            assertEquals(MobilityOptionIterator.ALTERNATE_CARE_OF_ADDRESS, options.next());
            assertEquals(MobilityOptionIterator.MOBILE_NETWORK_PREFIX, options.next());
            assertEquals(MobilityOptionIterator.IPV4_HOME_ADDRESS, options.next());
            assertEquals(MobilityOptionIterator.DNS_UPDATE, options.next());
            assertEquals(MobilityOptionIterator.SERVICE_SELECTION, options.next());
            assertEquals(MobilityOptionIterator.END, options.next());
        }
    }

    @Test
    void encodedFlagsRoundTripEveryBit()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(64);
            final int[] masks = {
                BindingUpdate.FLAG_ACKNOWLEDGE, BindingUpdate.FLAG_HOME_REGISTRATION,
                BindingUpdate.FLAG_LINK_LOCAL_COMPATIBILITY, BindingUpdate.FLAG_KEY_MANAGEMENT,
                BindingUpdate.FLAG_MAP_REGISTRATION, BindingUpdate.FLAG_MOBILE_ROUTER,
                BindingUpdate.FLAG_PROXY_REGISTRATION, BindingUpdate.FLAG_FORCE_UDP, BindingUpdate.FLAG_TLV_HEADER,
                BindingUpdate.FLAG_BULK, BindingUpdate.FLAG_S, BindingUpdate.FLAG_D};
            int expected = 0x8000;
            for (final int mask : masks)
            {
                assertEquals(expected, mask);
                expected >>>= 1;
                mh.wrapForEncode(segment, 0);
                bu.start(mh).flags(mask);
                mh.finish();
                assertEquals(CodecStatus.OK, mh.wrap(segment, 0, 16));
                bu.wrap(mh);
                for (final int other : masks)
                {
                    assertEquals(other == mask, bu.flag(other));
                }
            }
            assertEquals(0x000F, BindingUpdate.RESERVED_MASK);
        }
    }

    @Test
    void lifetimeInUnitsOfFourSeconds()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(16);
            mh.wrapForEncode(segment, 0);
            assertEquals(1, bu.start(mh).lifetimeSeconds(7).lifetime());
            assertEquals(4, bu.lifetimeSeconds());
            assertEquals(0xFFFF, bu.lifetimeSeconds(Integer.MAX_VALUE).lifetime());
            assertEquals(262140, bu.lifetimeSeconds());
            assertEquals(0, bu.lifetime(0).lifetimeSeconds());
        }
    }

    @Test
    void wrappingAnotherMessageTypeIsBadField()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, "ba_dsmip");
            mh.wrap(f.segment(), f.mh(), f.limit());
            assertEquals(CodecStatus.BAD_FIELD, bu.wrap(mh));
        }
    }
}
