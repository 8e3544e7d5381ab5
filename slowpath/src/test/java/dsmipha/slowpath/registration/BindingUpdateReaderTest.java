package dsmipha.slowpath.registration;

import static dsmipha.common.testing.Addresses.high;
import static dsmipha.common.testing.Addresses.ipv4;
import static dsmipha.common.testing.Addresses.low;
import static dsmipha.common.testing.Addresses.mac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dsmipha.common.codec.mh.BindingUpdate;
import dsmipha.common.testing.Fixture;
import dsmipha.fastpath.punt.PuntMessageDescriptor;

/**
 * The reader against Binding Updates built by scapy (fixtures_registration.py), each wrapped in a punt header as
 * the fastpath writes it: every flavour decoded field by field against scapy's own dissection, every reject reason
 * returned with its counter, and no allocation per call.
 */
class BindingUpdateReaderTest
{
    static final String GROUP = "registration";
    static final int PORT = 3;
    static final int RECORD_OFFSET = 64;

    private final Arena arena = Arena.ofConfined();
    private final BindingUpdateReader reader = new BindingUpdateReader();
    private final BindingUpdateRequest out = new BindingUpdateRequest();

    @AfterEach
    void close()
    {
        arena.close();
    }

    /**
     * @param arena   to allocate from.
     * @param fixture the frame.
     * @param inner   inner L3 offset to write in the punt header.
     * @return a segment holding the punt record at {@link #RECORD_OFFSET}, ending with the packet.
     */
    static MemorySegment record(final Arena arena, final Fixture fixture, final int inner)
    {
        final byte[] frame = fixture.bytes();
        final MemorySegment segment =
            arena.allocate(RECORD_OFFSET + PuntMessageDescriptor.HEADER_LENGTH + frame.length);
        final long header = RECORD_OFFSET;
        segment.set(ValueLayout.JAVA_SHORT_UNALIGNED, header + PuntMessageDescriptor.PORT_OFFSET, (short)PORT);
        segment.set(ValueLayout.JAVA_SHORT_UNALIGNED, header + PuntMessageDescriptor.QUEUE_OFFSET, (short)1);
        segment.set(ValueLayout.JAVA_SHORT_UNALIGNED, header + PuntMessageDescriptor.WORKER_OFFSET, (short)2);
        segment.set(ValueLayout.JAVA_SHORT_UNALIGNED, header + PuntMessageDescriptor.L3_OFFSET_OFFSET, (short)14);
        segment.set(ValueLayout.JAVA_SHORT_UNALIGNED, header + PuntMessageDescriptor.INNER_L3_OFFSET_OFFSET,
            (short)inner);
        MemorySegment.copy(frame, 0, segment, ValueLayout.JAVA_BYTE, header + PuntMessageDescriptor.HEADER_LENGTH,
            frame.length);
        return segment;
    }

    private Fixture fixture;

    private int read(final String name)
    {
        fixture = Fixture.load(GROUP, name);
        final MemorySegment segment = record(arena, fixture, fixture.intField("inner_l3"));
        return reader.read(segment, RECORD_OFFSET, PuntMessageDescriptor.HEADER_LENGTH + fixture.bytes().length, out);
    }

    private void assertCommonFields(final int transport)
    {
        assertEquals(PORT, out.path.port);
        assertEquals(mac(fixture.field("eth.src")), out.path.peerMac);
        assertEquals(mac(fixture.field("eth.dst")), out.path.localMac);
        assertEquals(transport, out.path.transport);
        assertEquals(high(fixture.field("ipv6.src")), out.sourceHigh);
        assertEquals(low(fixture.field("ipv6.src")), out.sourceLow);
        assertEquals(high(fixture.field("ipv6.dst")), out.destinationHigh);
        assertEquals(low(fixture.field("ipv6.dst")), out.destinationLow);
        assertEquals(fixture.intField("bu.seq"), out.sequence);
        assertEquals(fixture.intField("bu.flags"), out.flags);
        assertEquals(fixture.intField("bu.lifetime"), out.lifetimeUnits);
        if (transport != SignalingTransport.NATIVE_IPV6)
        {
            assertEquals(ipv4(fixture.field("ip.src")), out.path.peerIpv4);
            assertEquals(ipv4(fixture.field("ip.dst")), out.path.localIpv4);
        }
        else
        {
            assertEquals(0, out.path.peerIpv4);
            assertEquals(0, out.path.localIpv4);
        }
        if (transport == SignalingTransport.IPV4_UDP)
        {
            assertEquals(fixture.intField("udp.sport"), out.path.peerUdpPort);
            assertEquals(fixture.intField("udp.dport"), out.path.localUdpPort);
            assertEquals(4191, out.path.localUdpPort);
        }
        else
        {
            assertEquals(0, out.path.peerUdpPort);
            assertEquals(0, out.path.localUdpPort);
        }
    }

    @Test
    void nativeWithHomeAddressOption()
    {
        assertEquals(BindingUpdateReader.OK, read("in_bu_native_hao"));
        assertCommonFields(SignalingTransport.NATIVE_IPV6);
        assertTrue(out.hasHomeAddressOption);
        assertEquals(high(fixture.field("hao")), out.homeAddressHigh);
        assertEquals(low(fixture.field("hao")), out.homeAddressLow);
        assertTrue(out.flag(BindingUpdate.FLAG_ACKNOWLEDGE));
        assertTrue(out.flag(BindingUpdate.FLAG_HOME_REGISTRATION));
        assertTrue(out.flag(BindingUpdate.FLAG_KEY_MANAGEMENT));
        assertFalse(out.flag(BindingUpdate.FLAG_FORCE_UDP));
        assertFalse(out.hasAlternateCareOf || out.hasIpv4HomeAddress || out.hasIpv4CareOf || out.hasDnsUpdate);
        assertEquals(0, out.mobileNetworkPrefixCount);
        assertEquals(1, reader.count(SignalingInputCounter.RX_BINDING_UPDATE));
        assertEquals(1, reader.count(SignalingInputCounter.RX_NATIVE_IPV6));
    }

    @Test
    void nativeWithAlternateCareOf()
    {
        assertEquals(BindingUpdateReader.OK, read("in_bu_native_altcoa"));
        assertCommonFields(SignalingTransport.NATIVE_IPV6);
        assertTrue(out.hasAlternateCareOf);
        assertEquals(high(fixture.field("altcoa")), out.alternateCareOfHigh);
        assertEquals(low(fixture.field("altcoa")), out.alternateCareOfLow);
    }

    @Test
    void ipv4Protocol41()
    {
        assertEquals(BindingUpdateReader.OK, read("in_bu_ipv4_proto41"));
        assertCommonFields(SignalingTransport.IPV4_PROTOCOL_41);
        assertFalse(out.hasHomeAddressOption);
        assertTrue(out.hasIpv4HomeAddress);
        assertEquals(ipv4(fixture.field("ipv4hoa")), out.ipv4HomeAddress);
        assertEquals(32, out.ipv4HomePrefixLength);
        assertFalse(out.ipv4PrefixRequested);
        assertTrue(out.hasIpv4CareOf);
        assertEquals(ipv4(fixture.field("ipv4coa")), out.ipv4CareOf);
        assertEquals(1, reader.count(SignalingInputCounter.RX_IPV4_PROTOCOL_41));
    }

    @Test
    void ipv4UdpBehindNat()
    {
        assertEquals(BindingUpdateReader.OK, read("in_bu_ipv4_udp_nat"));
        assertCommonFields(SignalingTransport.IPV4_UDP);
        assertEquals(ipv4(fixture.field("ipv4hoa")), out.ipv4HomeAddress);
        assertEquals(ipv4(fixture.field("ipv4coa")), out.ipv4CareOf);
        assertNotEquals(out.path.peerIpv4, out.ipv4CareOf);
        assertFalse(out.flag(BindingUpdate.FLAG_FORCE_UDP));
        assertEquals(1, reader.count(SignalingInputCounter.RX_IPV4_UDP));
    }

    @Test
    void forceUdpFlag()
    {
        assertEquals(BindingUpdateReader.OK, read("in_bu_force_udp"));
        assertCommonFields(SignalingTransport.IPV4_UDP);
        assertTrue(out.flag(BindingUpdate.FLAG_FORCE_UDP));
    }

    @Test
    void dynamicIpv4HomeAddress()
    {
        assertEquals(BindingUpdateReader.OK, read("in_bu_ipv4_hoa_dynamic"));
        assertCommonFields(SignalingTransport.IPV4_UDP);
        assertTrue(out.hasIpv4HomeAddress);
        assertEquals(0, out.ipv4HomeAddress);
        assertEquals(fixture.intField("ipv4hoa_plen"), out.ipv4HomePrefixLength);
    }

    @Test
    void ipv4PrefixRequest()
    {
        assertEquals(BindingUpdateReader.OK, read("in_bu_ipv4_prefix"));
        assertCommonFields(SignalingTransport.IPV4_PROTOCOL_41);
        assertEquals(ipv4(fixture.field("ipv4hoa")), out.ipv4HomeAddress);
        assertEquals(fixture.intField("ipv4hoa_plen"), out.ipv4HomePrefixLength);
        assertEquals(28, out.ipv4HomePrefixLength);
        assertTrue(out.ipv4PrefixRequested);
    }

    @Test
    void mobileNetworkPrefixes()
    {
        assertEquals(BindingUpdateReader.OK, read("in_bu_nemo"));
        assertCommonFields(SignalingTransport.NATIVE_IPV6);
        assertTrue(out.flag(BindingUpdate.FLAG_MOBILE_ROUTER));
        assertEquals(2, out.mobileNetworkPrefixCount);
        assertEquals(high(fixture.field("mnp0")), out.mobileNetworkPrefixHigh[0]);
        assertEquals(low(fixture.field("mnp0")), out.mobileNetworkPrefixLow[0]);
        assertEquals(48, out.mobileNetworkPrefixLength[0]);
        assertEquals(high(fixture.field("mnp1")), out.mobileNetworkPrefixHigh[1]);
        assertEquals(64, out.mobileNetworkPrefixLength[1]);
    }

    @Test
    void dnsUpdateOptionIsNoted()
    {
        assertEquals(BindingUpdateReader.OK, read("in_bu_dns_update"));
        assertCommonFields(SignalingTransport.NATIVE_IPV6);
        assertTrue(out.hasDnsUpdate);
        assertEquals(1, reader.count(SignalingInputCounter.DNS_UPDATE_PRESENT));
    }

    @Test
    void unknownOptionIsSkippedAndCounted()
    {
        assertEquals(BindingUpdateReader.OK, read("in_bu_unknown_option"));
        assertCommonFields(SignalingTransport.NATIVE_IPV6);
        assertEquals(1, reader.count(SignalingInputCounter.OPTION_UNKNOWN_SKIPPED));
    }

    @Test
    void misalignedOptionIsAcceptedAndCounted()
    {
        assertEquals(BindingUpdateReader.OK, read("in_bu_misaligned_option"));
        assertCommonFields(SignalingTransport.IPV4_PROTOCOL_41);
        assertEquals(ipv4("198.51.100.7"), out.ipv4HomeAddress);
        assertEquals(1, reader.count(SignalingInputCounter.OPTION_MISALIGNED));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "in_bu_legacy_option_21, DROP_LEGACY_OPTION",
        "in_bu_legacy_mapped_source, DROP_LEGACY_MAPPED_SOURCE",
        "in_bu_legacy_udp_666, DROP_LEGACY_UDP_PORT",
        "in_bu_bad_checksum, DROP_MH_BAD_CHECKSUM",
        "in_bu_header_len_too_long, DROP_MH_BAD_LENGTH",
        "in_bu_header_len_short, DROP_MH_BAD_LENGTH",
        "in_bu_bad_payload_proto, DROP_MH_BAD_PAYLOAD_PROTO",
        "in_mh_binding_refresh_request, DROP_MH_NOT_BINDING_UPDATE",
        "in_bu_option_overrun, DROP_OPTION_OVERRUN",
        "in_bu_option_truncated, DROP_OPTION_TRUNCATED",
        "in_bu_option_bad_length, DROP_OPTION_BAD_LENGTH",
        "in_bu_duplicate_ipv4_hoa, DROP_DUPLICATE_OPTION",
        "in_bu_too_many_prefixes, DROP_TOO_MANY_PREFIXES",
        "in_bu_ipv4_fragment, DROP_IPV4_FRAGMENT",
        "in_bu_ipv4_bad_checksum, DROP_MALFORMED_IPV4",
        "in_bu_udp_bad_checksum, DROP_MALFORMED_UDP",
        "in_bu_udp_other_port, DROP_UNEXPECTED_ENCAPSULATION",
        "in_arp_frame, DROP_UNEXPECTED_ENCAPSULATION",
        "in_bu_ipv6_fragment, DROP_IPV6_FRAGMENT",
        "in_bu_unknown_ipv6_option, DROP_UNKNOWN_IPV6_OPTION",
        "in_bu_ipv6_bad_payload_length, DROP_MALFORMED_IPV6",
        "in_esp, DROP_ESP",
        "in_not_mh, DROP_NOT_MOBILITY_HEADER",
        "in_ethernet_truncated, DROP_MALFORMED_ETHERNET",
    })
    void rejectReasonIsReturnedAndCounted(final String name, final SignalingInputCounter reason)
    {
        final int result = read(name);
        assertEquals(reason.resultCode(), result);
        assertTrue(result < 0);
        assertEquals(reason, SignalingInputCounter.fromResultCode(result));
        assertEquals(1, reader.count(reason));
        assertEquals(0, reader.count(SignalingInputCounter.RX_BINDING_UPDATE));
    }

    @Test
    void unknownMobilityHeaderTypeCarriesTheTypeAndTheAddressesForABindingError()
    {
        final int result = read("in_mh_unknown_type");
        assertTrue(BindingUpdateReader.isUnknownMhType(result));
        assertEquals(99, BindingUpdateReader.unknownMhType(result));
        assertEquals(1, reader.count(SignalingInputCounter.DROP_MH_UNKNOWN_TYPE));
        assertEquals(high(fixture.field("ipv6.src")), out.sourceHigh);
        assertEquals(low(fixture.field("ipv6.src")), out.sourceLow);
        assertTrue(out.hasHomeAddressOption);
        assertEquals(low(fixture.field("hao")), out.homeAddressLow);
        assertEquals(mac(fixture.field("eth.src")), out.path.peerMac);
        assertFalse(BindingUpdateReader.isUnknownMhType(BindingUpdateReader.OK));
        assertFalse(BindingUpdateReader.isUnknownMhType(SignalingInputCounter.DROP_ESP.resultCode()));
    }

    @Test
    void recordShorterThanItsHeader()
    {
        fixture = Fixture.load(GROUP, "in_bu_native_hao");
        final MemorySegment segment = record(arena, fixture, 14);
        final int truncated = SignalingInputCounter.DROP_TRUNCATED_RECORD.resultCode();
        assertEquals(truncated, reader.read(segment, RECORD_OFFSET, PuntMessageDescriptor.HEADER_LENGTH - 1, out));
        assertEquals(truncated, reader.read(segment, RECORD_OFFSET, (int)segment.byteSize(), out));
        assertEquals(2, reader.count(SignalingInputCounter.DROP_TRUNCATED_RECORD));
    }

    @Test
    void innerOffsetThatDisagreesWithThePacket()
    {
        fixture = Fixture.load(GROUP, "in_bu_ipv4_udp_nat");
        final MemorySegment segment = record(arena, fixture, 34);
        final int length = PuntMessageDescriptor.HEADER_LENGTH + fixture.bytes().length;
        assertEquals(SignalingInputCounter.DROP_PUNT_OFFSET_MISMATCH.resultCode(),
            reader.read(segment, RECORD_OFFSET, length, out));
        assertEquals(1, reader.count(SignalingInputCounter.DROP_PUNT_OFFSET_MISMATCH));
    }

    @Test
    void legacyPorts()
    {
        assertTrue(BindingUpdateReader.isLegacyDsmipUdpPort(666));
        assertTrue(BindingUpdateReader.isLegacyDsmipUdpPort(667));
        assertFalse(BindingUpdateReader.isLegacyDsmipUdpPort(4191));
    }

    @Test
    void everyDropReasonIsReachedByAFixture()
    {
        final String[] names = {
            "in_bu_legacy_option_21", "in_bu_legacy_mapped_source", "in_bu_legacy_udp_666", "in_bu_bad_checksum",
            "in_bu_header_len_too_long", "in_bu_bad_payload_proto", "in_mh_binding_refresh_request",
            "in_mh_unknown_type", "in_bu_option_overrun", "in_bu_option_truncated", "in_bu_option_bad_length",
            "in_bu_duplicate_ipv4_hoa", "in_bu_too_many_prefixes", "in_bu_ipv4_fragment", "in_bu_ipv4_bad_checksum",
            "in_bu_udp_bad_checksum", "in_bu_udp_other_port", "in_bu_ipv6_fragment", "in_bu_unknown_ipv6_option",
            "in_bu_ipv6_bad_payload_length", "in_esp", "in_not_mh", "in_ethernet_truncated"};
        for (final String name : names)
        {
            read(name);
        }
        fixture = Fixture.load(GROUP, "in_bu_native_hao");
        final MemorySegment segment = record(arena, fixture, 20);
        reader.read(segment, RECORD_OFFSET, 3, out);
        reader.read(segment, RECORD_OFFSET, PuntMessageDescriptor.HEADER_LENGTH + fixture.bytes().length, out);
        read("in_bu_native_hao");
        read("in_bu_dns_update");
        read("in_bu_ipv4_proto41");
        read("in_bu_ipv4_udp_nat");
        read("in_bu_unknown_option");
        read("in_bu_misaligned_option");
        for (final SignalingInputCounter counter : SignalingInputCounter.values())
        {
            assertTrue(reader.count(counter) > 0, counter.info().label());
        }
    }

    @Test
    void readingAllocatesNothing()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().threadId();
        final String[] names = {"in_bu_native_hao", "in_bu_ipv4_udp_nat", "in_bu_nemo", "in_bu_bad_checksum"};
        final MemorySegment[] segments = new MemorySegment[names.length];
        final int[] lengths = new int[names.length];
        for (int i = 0; i < names.length; i++)
        {
            final Fixture f = Fixture.load(GROUP, names[i]);
            segments[i] = record(arena, f, f.intField("inner_l3"));
            lengths[i] = PuntMessageDescriptor.HEADER_LENGTH + f.bytes().length;
        }
        long sum = run(segments, lengths, 20_000);
        final long before = threads.getThreadAllocatedBytes(threadId);
        sum += run(segments, lengths, 100_000);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        assertTrue(sum < 0);
        assertTrue(allocated < 16 * 1024, "bytes allocated for 400000 reads: " + allocated);
    }

    private long run(final MemorySegment[] segments, final int[] lengths, final int rounds)
    {
        long sum = 0;
        for (int r = 0; r < rounds; r++)
        {
            for (int i = 0; i < segments.length; i++)
            {
                sum += reader.read(segments[i], RECORD_OFFSET, lengths[i], out);
            }
        }
        return sum;
    }
}
