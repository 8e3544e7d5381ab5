package dsmipha.common.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dsmipha.common.pcap.PcapWriter;
import dsmipha.common.testing.Fixture;
import dsmipha.common.testing.Tshark;

class Ipv6HeaderTest
{
    private final Ipv6Header ipv6 = new Ipv6Header();

    @ParameterizedTest
    @ValueSource(strings = {
        "plain_udp", "hbh_router_alert", "destopt_hao_bu", "rh2_ba", "frag_first", "frag_last", "chain",
        "no_next_header", "esp_after_destopt", "bad_nine_destopts", "bad_hao_misaligned"})
    void decodesEveryFieldOfScapyPackets(final String name)
    {
        final Fixture fixture = Fixture.load("ip6", name);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            final long ip = Fixture.HEADROOM;
            assertEquals(CodecStatus.OK, ipv6.wrap(segment, ip, fixture.limit()));
            assertEquals(fixture.intField("ip6.version"), ipv6.version());
            assertEquals(fixture.intField("ip6.tc"), ipv6.trafficClass());
            assertEquals(fixture.intField("ip6.fl"), ipv6.flowLabel());
            assertEquals(fixture.intField("ip6.plen"), ipv6.payloadLength());
            assertEquals(fixture.intField("ip6.nh"), ipv6.nextHeader());
            assertEquals(fixture.intField("ip6.hlim"), ipv6.hopLimit());
            assertEquals(fixture.longField("ip6.src.high"), ipv6.sourceHigh());
            assertEquals(fixture.longField("ip6.src.low"), ipv6.sourceLow());
            assertEquals(fixture.longField("ip6.dst.high"), ipv6.destinationHigh());
            assertEquals(fixture.longField("ip6.dst.low"), ipv6.destinationLow());
            assertTrue(ipv6.sourceEquals(fixture.longField("ip6.src.high"), fixture.longField("ip6.src.low")));
            assertTrue(ipv6.destinationEquals(fixture.longField("ip6.dst.high"), fixture.longField("ip6.dst.low")));
            assertFalse(ipv6.sourceEquals(fixture.longField("ip6.src.high"), fixture.longField("ip6.src.low") + 1));
            assertEquals(ip, ipv6.offset());
            assertEquals(ip + 8, ipv6.sourceOffset());
            assertEquals(ip + 24, ipv6.destinationOffset());
            assertEquals(ip + 40, ipv6.payloadOffset());
            assertEquals(ip + fixture.intField("ip6.length"), ipv6.end());
            assertEquals(fixture.limit(), ipv6.end());
        }
    }

    @Test
    void truncatedHeaderAndShortPayloadAreErrorCodes()
    {
        final Fixture fixture = Fixture.load("ip6", "plain_udp");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            final long ip = Fixture.HEADROOM;
            for (long limit = ip; limit < fixture.limit(); limit++)
            {
                final int expected = limit - ip < Ipv6Header.LENGTH ? CodecStatus.TRUNCATED : CodecStatus.BAD_LENGTH;
                assertEquals(expected, ipv6.wrap(segment, ip, limit), "limit " + (limit - ip));
            }
            assertEquals(CodecStatus.OK, ipv6.wrap(segment, ip, fixture.limit()));
        }
    }

    @Test
    void trailingLinkPaddingIsNotPartOfThePacket()
    {
        final Fixture fixture = Fixture.load("ip6", "plain_udp");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(Fixture.HEADROOM + fixture.bytes().length + 6);
            MemorySegment.copy(fixture.toSegment(arena), 0, segment, 0, fixture.limit());
            assertEquals(CodecStatus.OK, ipv6.wrap(segment, Fixture.HEADROOM, segment.byteSize()));
            assertEquals(fixture.limit(), ipv6.end());
        }
    }

    @Test
    void scapyMalformedHeadersAreErrorCodes()
    {
        assertEquals(CodecStatus.BAD_VERSION, wrapFixture("bad_version"));
        assertEquals(CodecStatus.BAD_LENGTH, wrapFixture("bad_plen"));
        assertEquals(CodecStatus.UNSUPPORTED, wrapFixture("bad_jumbo"));
    }

    @Test
    void everyVersionButSixIsRejected()
    {
        final Fixture fixture = Fixture.load("ip6", "plain_udp");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            final long ip = Fixture.HEADROOM;
            final int first = Bytes.u8(segment, ip);
            for (int version = 0; version < 16; version++)
            {
                Bytes.put8(segment, ip, (version << 4) | (first & 0x0F));
                final int expected = version == 6 ? CodecStatus.OK : CodecStatus.BAD_VERSION;
                assertEquals(expected, ipv6.wrap(segment, ip, fixture.limit()), "version " + version);
            }
        }
    }

    @Test
    void zeroPayloadLengthWithoutHopByHopIsAnEmptyPacket()
    {
        final Fixture fixture = Fixture.load("ip6", "plain_udp");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            final long ip = Fixture.HEADROOM;
            ipv6.wrapForEncode(segment, ip).payloadLength(0).nextHeader(59);
            assertEquals(CodecStatus.OK, ipv6.wrap(segment, ip, ip + Ipv6Header.LENGTH));
            assertEquals(ip + Ipv6Header.LENGTH, ipv6.end());
            ipv6.nextHeader(Ipv6Header.NEXT_HEADER_HOP_BY_HOP);
            assertEquals(CodecStatus.UNSUPPORTED, ipv6.wrap(segment, ip, fixture.limit()));
        }
    }

    @Test
    void settersKeepNeighbouringBitsAndHopLimitStopsAtZero()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(Ipv6Header.LENGTH);
            ipv6.wrapForEncode(segment, 0).versionTrafficClassFlowLabel(0xFF, 0xFFFFF);
            ipv6.trafficClass(0x2E);
            assertEquals(6, ipv6.version());
            assertEquals(0x2E, ipv6.trafficClass());
            assertEquals(0xFFFFF, ipv6.flowLabel());
            ipv6.flowLabel(0x12345);
            assertEquals(6, ipv6.version());
            assertEquals(0x2E, ipv6.trafficClass());
            assertEquals(0x12345, ipv6.flowLabel());

            ipv6.hopLimit(2);
            assertEquals(1, ipv6.decrementHopLimit());
            assertEquals(0, ipv6.decrementHopLimit());
            assertEquals(-1, ipv6.decrementHopLimit());
            assertEquals(0, ipv6.hopLimit());
        }
    }

    @Test
    void addressesCopyAndCompareWithoutArrays()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(Ipv6Header.LENGTH + 32);
            ipv6.wrapForEncode(segment, 0)
                .source(0x20010db8000a0000L, 0x100L)
                .destination(0xff02000000000000L, 0x16L);
            ipv6.copySource(segment, 40);
            ipv6.copyDestination(segment, 56);
            assertTrue(Ipv6Header.addressEquals(segment, 8, segment, 40));
            assertTrue(Ipv6Header.addressEquals(segment, 24, segment, 56));
            assertFalse(Ipv6Header.addressEquals(segment, 8, segment, 56));
            assertTrue(Ipv6Header.isMulticast(segment, ipv6.destinationOffset()));
            assertFalse(Ipv6Header.isMulticast(segment, ipv6.sourceOffset()));
            ipv6.source(segment, 56).destination(segment, 40);
            assertEquals(0xff02000000000000L, ipv6.sourceHigh());
            assertEquals(0x16L, ipv6.sourceLow());
            assertEquals(0x20010db8000a0000L, ipv6.destinationHigh());
            assertEquals(0x100L, ipv6.destinationLow());
        }
    }

    @Test
    void encodedHeaderDecodesInTshark()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final byte[] payload = "dsmip6".getBytes(StandardCharsets.US_ASCII);
            final MemorySegment segment = arena.allocate(Ipv6Header.LENGTH + UdpHeader.LENGTH + payload.length);
            ipv6.wrapForEncode(segment, 0)
                .versionTrafficClassFlowLabel(0xB8, 0xABCDE)
                .payloadLength(UdpHeader.LENGTH + payload.length)
                .nextHeader(UdpHeader.PROTOCOL)
                .hopLimit(64)
                .source(0x20010db80c0a0000L, 0x10L)
                .destination(0x20010db8000a0000L, 0x1L);
            assertEquals(63, ipv6.decrementHopLimit());
            Bytes.putBytes(payload, 0, segment, Ipv6Header.LENGTH + UdpHeader.LENGTH, payload.length);
            final UdpHeader udp = new UdpHeader();
            udp.wrapForEncode(segment, Ipv6Header.LENGTH).sourcePort(4191).destinationPort(4191)
                .length(UdpHeader.LENGTH + payload.length).checksum(0);
            udp.checksum(udp.computeChecksumIpv6(ipv6.sourceOffset(), ipv6.destinationOffset()));

            final List<JsonNode> layers = Tshark.decode(
                PcapWriter.LINKTYPE_RAW, List.of(), segment.toArray(ValueLayout.JAVA_BYTE));
            final JsonNode packet = layers.get(0);
            assertEquals("6", Tshark.field(packet, "ipv6.version"));
            assertEquals(0xB8, Long.decode(Tshark.field(packet, "ipv6.tclass")));
            assertEquals(0xABCDE, Long.decode(Tshark.field(packet, "ipv6.flow")));
            assertEquals("14", Tshark.field(packet, "ipv6.plen"));
            assertEquals("17", Tshark.field(packet, "ipv6.nxt"));
            assertEquals("63", Tshark.field(packet, "ipv6.hlim"));
            assertEquals("2001:db8:c0a::10", Tshark.field(packet, "ipv6.src"));
            assertEquals("2001:db8:a::1", Tshark.field(packet, "ipv6.dst"));
            assertEquals("4191", Tshark.field(packet, "udp.dstport"));
        }
    }

    private int wrapFixture(final String name)
    {
        final Fixture fixture = Fixture.load("ip6", name);
        try (Arena arena = Arena.ofConfined())
        {
            return ipv6.wrap(fixture.toSegment(arena), Fixture.HEADROOM, fixture.limit());
        }
    }
}
