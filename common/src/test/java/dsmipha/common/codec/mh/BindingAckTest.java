package dsmipha.common.codec.mh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dsmipha.common.codec.CodecStatus;
import dsmipha.common.pcap.PcapWriter;
import dsmipha.common.testing.Tshark;

class BindingAckTest
{
    private final MobilityHeader mh = new MobilityHeader();
    private final BindingAck ba = new BindingAck();
    private final MobilityOptionIterator options = new MobilityOptionIterator();
    private final Ipv4AddressAcknowledgementOption ack = new Ipv4AddressAcknowledgementOption();
    private final NatDetectionOption nat = new NatDetectionOption();

    @ParameterizedTest
    @ValueSource(strings = {"ba_dsmip", "ba_ipv4_rejected", "ba_rh2"})
    void decodesEveryFieldOfScapyBindingAcks(final String name)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, name);
            assertEquals(CodecStatus.OK, mh.wrap(f.segment(), f.mh(), f.limit()));
            assertEquals(CodecStatus.OK, ba.wrap(mh));
            assertEquals(f.intField("ba.status"), ba.status());
            assertEquals(f.intField("ba.flags"), ba.flags());
            assertEquals(f.intField("ba.seq"), ba.sequence());
            assertEquals(f.intField("ba.mhtime"), ba.lifetime());
            assertEquals(f.intField("ba.mhtime") * 4, ba.lifetimeSeconds());
            assertEquals(f.intField("ba.status") < 128, ba.accepted());
        }
    }

    @Test
    void dsmipv6BindingAckWithAddressAcknowledgementAndNatDetection()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, "ba_dsmip");
            mh.wrap(f.segment(), f.mh(), f.limit());
            ba.wrap(mh);
            assertEquals(BindingAck.STATUS_ACCEPTED, ba.status());
            assertTrue(ba.keyManagement());
            assertFalse(ba.mobileRouter());
            options.reset(mh);
            assertEquals(MobilityOptionIterator.IPV4_ADDRESS_ACKNOWLEDGEMENT, options.next());
            ack.wrap(options);
            assertEquals(f.intField("opt.0.status"), ack.status());
            assertTrue(ack.success());
            assertEquals(f.intField("opt.0.plen"), ack.prefixLength());
            assertEquals(0, ack.reserved());
            assertEquals(f.intField("opt.0.addr"), ack.address());
            assertEquals(MobilityOptionIterator.NAT_DETECTION, options.next());
            nat.wrap(options);
            assertEquals(f.intField("opt.1.f") == 1, nat.forceUdp());
            assertEquals(0, nat.reserved());
            assertEquals(f.longField("opt.1.refresh"), nat.refreshTimeSeconds());
            assertEquals(MobilityOptionIterator.END, options.next());
        }
    }

    @Test
    void rejectedIpv4HomeAddressWithoutNat()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, "ba_ipv4_rejected");
            mh.wrap(f.segment(), f.mh(), f.limit());
            ba.wrap(mh);
            assertEquals(BindingAck.STATUS_ADMINISTRATIVELY_PROHIBITED, ba.status());
            assertFalse(ba.accepted());
            assertTrue(ba.keyManagement());
            assertTrue(ba.mobileRouter());
            assertTrue(ba.flag(BindingAck.FLAG_S), "S (0x04) set through scapy's res2 bits");
            assertFalse(ba.flag(BindingAck.FLAG_TLV_HEADER));
            options.reset(mh);
            assertEquals(MobilityOptionIterator.IPV4_ADDRESS_ACKNOWLEDGEMENT, options.next());
            ack.wrap(options);
            assertEquals(Ipv4AddressAcknowledgementOption.STATUS_DYNAMIC_ASSIGNMENT_NOT_AVAILABLE, ack.status());
            assertFalse(ack.success());
            assertEquals(f.intField("opt.0.plen"), ack.prefixLength());
            assertEquals(f.intField("opt.0.addr"), ack.address());
            assertEquals(MobilityOptionIterator.NAT_DETECTION, options.next());
            nat.wrap(options);
            assertFalse(nat.forceUdp());
            assertEquals(NatDetectionOption.REFRESH_TIME_NO_KEEPALIVES, nat.refreshTimeSeconds());
            assertEquals(f.longField("opt.1.refresh"), nat.refreshTimeSeconds());
            assertEquals(MobilityOptionIterator.DNS_UPDATE, options.next());
            final DnsUpdateOption dns = new DnsUpdateOption().wrap(options);
            assertEquals(DnsUpdateOption.STATUS_FAILED, dns.status());
            assertEquals(f.intField("opt.2.status"), dns.status());
            assertEquals(f.intField("opt.2.r") == 1, dns.remove());
            assertEquals(MobilityOptionIterator.END, options.next());
        }
    }

    @Test
    void bindingRefreshAdviceThroughAType2RoutingHeader()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, "ba_rh2");
            mh.wrap(f.segment(), f.mh(), f.limit());
            ba.wrap(mh);
            assertEquals(BindingAck.STATUS_ACCEPTED_PREFIX_DISCOVERY_NECESSARY, ba.status());
            assertTrue(ba.accepted());
            assertTrue(mh.verifyChecksum(f.source(), f.destination()));
            options.reset(mh);
            assertEquals(MobilityOptionIterator.BINDING_REFRESH_ADVICE, options.next());
            final BindingRefreshAdviceOption bra = new BindingRefreshAdviceOption().wrap(options);
            assertEquals(f.intField("opt.0.rinter"), bra.refreshInterval());
            assertEquals(600, bra.refreshIntervalSeconds());
            assertEquals(MobilityOptionIterator.END, options.next());
        }
    }

    @Test
    void encodedDsmipv6BindingAcksDecodeInTsharkAndScapy()
    {
        // BA status, IPv4 ack status, F, refresh time
        final long[][] cases = {
            {0, 0, 1, 110}, {135, 128, 0, 0}, {174, 130, 1, 4294967295L}, {176, 133, 0, 30},
            {1, 131, 1, 110}, {151, 129, 0, 110}, {164, 132, 0, 110}, {169, 0, 1, 1}};
        try (Arena arena = Arena.ofConfined())
        {
            final byte[][] packets = new byte[cases.length][];
            for (int i = 0; i < cases.length; i++)
            {
                packets[i] = encode(arena, (int)cases[i][0], (int)cases[i][1], cases[i][2] == 1, cases[i][3]);
            }
            final List<JsonNode> decoded = Tshark.decode(PcapWriter.LINKTYPE_RAW, List.of(), packets);
            for (int i = 0; i < cases.length; i++)
            {
                final JsonNode layers = decoded.get(i);
                final int status = (int)cases[i][0];
                final int ackStatus = (int)cases[i][1];
                final String label = "case " + i;
                assertEquals("6", Tshark.field(layers, "mip6.mhtype"), label);
                assertEquals(String.valueOf(status), Tshark.field(layers, "mip6.ba.status"), label);
                assertEquals("1", Tshark.field(layers, "mip6.ba.k_flag"), label);
                assertEquals("0", Tshark.field(layers, "mip6.nemo.ba.r_flag"), label);
                assertEquals("0", Tshark.field(layers, "mip6.ba.p_flag"), label);
                assertEquals("0", Tshark.field(layers, "mip6.ba.t_flag"), label);
                assertEquals("48879", Tshark.field(layers, "mip6.ba.seqnr"), label);
                assertEquals("1800", Tshark.field(layers, "mip6.ba.lifetime"), label);
                assertEquals(String.valueOf(ackStatus), Tshark.field(layers, "mip6.ipv4aa.sts"), label);
                // tshark 4.0 shows the acknowledgement's prefix length and address under the IPv4 HoA field names
                assertEquals(ackStatus < 128 ? "32" : "0", Tshark.field(layers, "mip6.ipv4ha.preflen"), label);
                assertEquals(ackStatus < 128 ? "192.0.2.77" : "0.0.0.0", Tshark.field(layers, "mip6.ipv4ha.ha"), label);
                assertEquals(cases[i][2] == 1 ? "1" : "0", Tshark.field(layers, "mip6.natd.f_flag"), label);
                assertEquals("0", Tshark.field(layers, "mip6.natd.reserved"), label);
                assertEquals(String.valueOf(cases[i][3]), Tshark.field(layers, "mip6.natd.refresh_t"), label);
            }

            final Properties scapy = MhFixtures.scapyDecode(packets[0]);
            assertEquals("MIP6MH_BA", scapy.getProperty("class"));
            assertEquals("0", scapy.getProperty("status"));
            assertEquals("4", scapy.getProperty("flags"));
            assertEquals("0", scapy.getProperty("res2"));
            assertEquals("48879", scapy.getProperty("seq"));
            assertEquals("1800", scapy.getProperty("mhtime"));
            assertEquals("30,31,1", scapy.getProperty("options"));
            assertEquals("1", scapy.getProperty("cksum_ok"));
        }
    }

    private byte[] encode(final Arena arena, final int status, final int ackStatus, final boolean force,
        final long refresh)
    {
        final MemorySegment segment = MhFixtures.ipv6Packet(arena, MhFixtures.HA, MhFixtures.HOA, 64);
        mh.wrapForEncode(segment, MhFixtures.IPV6_HEADER_LENGTH);
        ba.start(mh).status(status).flags(BindingAck.FLAG_KEY_MANAGEMENT).sequence(0xBEEF).lifetimeSeconds(7200);
        ack.appendTo(mh).status(ackStatus).prefixLength(ackStatus < 128 ? 32 : 0)
            .address(ackStatus < 128 ? MhFixtures.ipv4("192.0.2.77") : 0);
        nat.appendTo(mh).forceUdp(force).refreshTimeSeconds(refresh);
        final int length = mh.finish(MhFixtures.IPV6_SOURCE, MhFixtures.IPV6_DESTINATION);
        assertEquals(32, length);
        return MhFixtures.finishPacket(segment, length);
    }

    @Test
    void encodedFlagsRoundTripEveryBit()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(16);
            final int[] masks = {
                BindingAck.FLAG_KEY_MANAGEMENT, BindingAck.FLAG_MOBILE_ROUTER, BindingAck.FLAG_PROXY_REGISTRATION,
                BindingAck.FLAG_TLV_HEADER, BindingAck.FLAG_BULK, BindingAck.FLAG_S, BindingAck.FLAG_D};
            int expected = 0x80;
            for (final int mask : masks)
            {
                assertEquals(expected, mask);
                expected >>>= 1;
                mh.wrapForEncode(segment, 0);
                ba.start(mh).flags(mask);
                mh.finish();
                assertEquals(CodecStatus.OK, mh.wrap(segment, 0, 16));
                ba.wrap(mh);
                for (final int other : masks)
                {
                    assertEquals(other == mask, ba.flag(other));
                }
            }
            assertEquals(0x01, BindingAck.RESERVED_MASK);
        }
    }

    @Test
    void statusCodes()
    {
        assertEquals(0, BindingAck.STATUS_ACCEPTED);
        assertEquals(1, BindingAck.STATUS_ACCEPTED_PREFIX_DISCOVERY_NECESSARY);
        final int[] rejections = {
            BindingAck.STATUS_REASON_UNSPECIFIED, BindingAck.STATUS_ADMINISTRATIVELY_PROHIBITED,
            BindingAck.STATUS_INSUFFICIENT_RESOURCES, BindingAck.STATUS_HOME_REGISTRATION_NOT_SUPPORTED,
            BindingAck.STATUS_NOT_HOME_SUBNET, BindingAck.STATUS_NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE,
            BindingAck.STATUS_DUPLICATE_ADDRESS_DETECTION_FAILED, BindingAck.STATUS_SEQUENCE_NUMBER_OUT_OF_WINDOW,
            BindingAck.STATUS_EXPIRED_HOME_NONCE_INDEX, BindingAck.STATUS_EXPIRED_CARE_OF_NONCE_INDEX,
            BindingAck.STATUS_EXPIRED_NONCES, BindingAck.STATUS_REGISTRATION_TYPE_CHANGE_DISALLOWED,
            BindingAck.STATUS_MOBILE_ROUTER_OPERATION_NOT_PERMITTED, BindingAck.STATUS_INVALID_PREFIX,
            BindingAck.STATUS_NOT_AUTHORIZED_FOR_PREFIX,
            BindingAck.STATUS_MOBILE_NETWORK_PREFIX_INFORMATION_UNAVAILABLE};
        for (int i = 0; i < rejections.length; i++)
        {
            assertEquals(128 + i, rejections[i]);
        }
        assertEquals(151, BindingAck.STATUS_SERVICE_AUTHORIZATION_FAILED);
        final int[] mcoa = {
            BindingAck.STATUS_MCOA_MALFORMED, BindingAck.STATUS_MCOA_NON_MCOA_BINDING_EXISTS,
            BindingAck.STATUS_MCOA_PROHIBITED, BindingAck.STATUS_MCOA_UNKNOWN_COA,
            BindingAck.STATUS_MCOA_BULK_REGISTRATION_PROHIBITED,
            BindingAck.STATUS_MCOA_SIMULTANEOUS_HOME_AND_FOREIGN_PROHIBITED};
        for (int i = 0; i < mcoa.length; i++)
        {
            assertEquals(164 + i, mcoa[i]);
        }
        assertEquals(174, BindingAck.STATUS_INVALID_CARE_OF_ADDRESS);
        assertEquals(176, BindingAck.STATUS_REINIT_SA_WITH_HAC);

        assertEquals(0, Ipv4AddressAcknowledgementOption.STATUS_SUCCESS);
        assertEquals(128, Ipv4AddressAcknowledgementOption.STATUS_FAILURE_UNSPECIFIED);
        assertEquals(129, Ipv4AddressAcknowledgementOption.STATUS_ADMINISTRATIVELY_PROHIBITED);
        assertEquals(130, Ipv4AddressAcknowledgementOption.STATUS_INCORRECT_IPV4_HOME_ADDRESS);
        assertEquals(131, Ipv4AddressAcknowledgementOption.STATUS_INVALID_IPV4_ADDRESS);
        assertEquals(132, Ipv4AddressAcknowledgementOption.STATUS_DYNAMIC_ASSIGNMENT_NOT_AVAILABLE);
        assertEquals(133, Ipv4AddressAcknowledgementOption.STATUS_PREFIX_ALLOCATION_UNAUTHORIZED);
    }

    @Test
    void wrappingAnotherMessageTypeIsBadField()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, "bu_dsmip");
            mh.wrap(f.segment(), f.mh(), f.limit());
            assertEquals(CodecStatus.BAD_FIELD, ba.wrap(mh));
        }
    }
}
