package dsmipha.common.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dsmipha.common.pcap.PcapWriter;
import dsmipha.common.testing.Fixture;
import dsmipha.common.testing.Tshark;

class Icmpv6HeaderTest
{
    private static final long IP = Fixture.HEADROOM;
    private static final String[] ALL = {
        "echo_request", "echo_reply_odd", "echo_request_hao", "echo_reply_rh2", "packet_too_big", "dest_unreach",
        "time_exceeded", "param_problem", "neighbor_solicitation", "neighbor_advertisement", "router_solicitation",
        "router_advertisement", "haad_request", "haad_reply", "mobile_prefix_solicitation",
        "mobile_prefix_advertisement"};

    private final Ipv6ExtensionWalker walker = new Ipv6ExtensionWalker();
    private final Icmpv6Header icmp = new Icmpv6Header();

    @ParameterizedTest
    @ValueSource(strings = {
        "echo_request", "echo_reply_odd", "echo_request_hao", "echo_reply_rh2", "packet_too_big", "dest_unreach",
        "time_exceeded", "param_problem", "neighbor_solicitation", "neighbor_advertisement", "router_solicitation",
        "router_advertisement", "haad_request", "haad_reply", "mobile_prefix_solicitation",
        "mobile_prefix_advertisement"})
    void decodesEveryFieldOfScapyMessages(final String name)
    {
        final Fixture fixture = Fixture.load("icmp6", name);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            assertEquals(CodecStatus.OK, walker.walk(segment, IP, fixture.limit()));
            assertEquals(Icmpv6Header.PROTOCOL, walker.upperLayerProtocol());
            assertEquals(IP + fixture.intField("icmp6.offset"), walker.upperLayerOffset());
            assertEquals(CodecStatus.OK, icmp.wrap(segment, walker.upperLayerOffset(), walker.packetEnd()));
            assertEquals(walker.upperLayerOffset(), icmp.offset());
            assertEquals(fixture.intField("icmp6.length"), icmp.length());
            assertEquals(fixture.intField("icmp6.type"), icmp.type());
            assertEquals(fixture.intField("icmp6.code"), icmp.code());
            assertEquals(fixture.intField("icmp6.cksum"), icmp.checksum());
            assertEquals(fixture.intField("icmp6.payload_len"), icmp.payloadLength());
            assertEquals(icmp.offset() + Icmpv6Header.LENGTH, icmp.payloadOffset());
            assertEquals(fixture.intField("icmp6.type") < 128, icmp.isError());
            assertTypeSpecific(fixture);
            assertTrue(icmp.verifyChecksum(walker.pseudoHeaderSourceOffset(), walker.finalDestinationOffset()));
            assertEquals(
                fixture.intField("icmp6.cksum"),
                icmp.computeChecksum(walker.pseudoHeaderSourceOffset(), walker.finalDestinationOffset()));
        }
    }

    @Test
    void homeAddressOptionAndType2RoutingHeaderChangeThePseudoHeader()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final Fixture hao = Fixture.load("icmp6", "echo_request_hao");
            final MemorySegment haoSegment = hao.toSegment(arena);
            walker.walk(haoSegment, IP, hao.limit());
            icmp.wrap(haoSegment, walker.upperLayerOffset(), walker.packetEnd());
            assertTrue(icmp.verifyChecksum(walker.homeAddressOffset(), walker.ipv6().destinationOffset()));
            assertFalse(icmp.verifyChecksum(walker.ipv6().sourceOffset(), walker.ipv6().destinationOffset()));

            final Fixture rh2 = Fixture.load("icmp6", "echo_reply_rh2");
            final MemorySegment rh2Segment = rh2.toSegment(arena);
            walker.walk(rh2Segment, IP, rh2.limit());
            icmp.wrap(rh2Segment, walker.upperLayerOffset(), walker.packetEnd());
            assertTrue(icmp.verifyChecksum(walker.ipv6().sourceOffset(), walker.type2HomeAddressOffset()));
            assertFalse(icmp.verifyChecksum(walker.ipv6().sourceOffset(), walker.ipv6().destinationOffset()));
        }
    }

    @Test
    void everyCorruptedOctetFailsTheChecksum()
    {
        final Fixture fixture = Fixture.load("icmp6", "echo_reply_odd");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            walker.walk(segment, IP, fixture.limit());
            for (long at = walker.upperLayerOffset(); at < fixture.limit(); at++)
            {
                final int old = Bytes.u8(segment, at);
                Bytes.put8(segment, at, old ^ 0x10);
                icmp.wrap(segment, walker.upperLayerOffset(), walker.packetEnd());
                assertFalse(icmp.verifyChecksum(walker.pseudoHeaderSourceOffset(), walker.finalDestinationOffset()));
                Bytes.put8(segment, at, old);
            }
        }
    }

    @Test
    void messagesShorterThanTheirTypeAreTruncated()
    {
        try (Arena arena = Arena.ofConfined())
        {
            for (final String name : ALL)
            {
                final Fixture fixture = Fixture.load("icmp6", name);
                final MemorySegment segment = fixture.toSegment(arena);
                final long offset = IP + fixture.intField("icmp6.offset");
                final int minimum = Icmpv6Header.minimumLength(fixture.intField("icmp6.type"));
                for (long limit = offset; limit < offset + minimum; limit++)
                {
                    assertEquals(CodecStatus.TRUNCATED, icmp.wrap(segment, offset, limit), name + " " + limit);
                }
                assertEquals(CodecStatus.OK, icmp.wrap(segment, offset, offset + minimum), name);
            }
            final MemorySegment huge = arena.allocate(Ipv6Header.MAX_PAYLOAD_LENGTH + 1);
            assertEquals(CodecStatus.BAD_LENGTH, icmp.wrap(huge, 0, huge.byteSize()));
        }
        assertEquals(Icmpv6Header.LENGTH, Icmpv6Header.minimumLength(200));
        assertEquals(Icmpv6Header.LENGTH, Icmpv6Header.minimumLength(Icmpv6Header.TYPE_HAAD_REQUEST));
        assertEquals(16, Icmpv6Header.minimumLength(Icmpv6Header.TYPE_ROUTER_ADVERTISEMENT));
        assertEquals(24, Icmpv6Header.minimumLength(Icmpv6Header.TYPE_NEIGHBOR_SOLICITATION));
        assertEquals(40, Icmpv6Header.minimumLength(Icmpv6Header.TYPE_REDIRECT));
    }

    @Test
    void encodedMessagesDecodeInTshark()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment echo = message(arena, 12);
            icmp.wrapForEncode(echo, Ipv6Header.LENGTH, 12).type(Icmpv6Header.TYPE_ECHO_REQUEST).code(0)
                .identifier(0xBEEF).sequenceNumber(513)
                .updateChecksum(Ipv6Header.SOURCE_OFFSET, Ipv6Header.DESTINATION_OFFSET);

            final MemorySegment tooBig = message(arena, Icmpv6Header.LENGTH + Ipv6Header.LENGTH);
            new Ipv6Header().wrapForEncode(tooBig, Ipv6Header.LENGTH + Icmpv6Header.LENGTH)
                .versionTrafficClassFlowLabel(0, 0).payloadLength(0).nextHeader(59).hopLimit(3)
                .source(0x20010db8000a0000L, 0x100L).destination(0x20010db8cafe0000L, 7L);
            icmp.wrapForEncode(tooBig, Ipv6Header.LENGTH, Icmpv6Header.LENGTH + Ipv6Header.LENGTH)
                .type(Icmpv6Header.TYPE_PACKET_TOO_BIG).code(0).mtu(1400)
                .updateChecksum(Ipv6Header.SOURCE_OFFSET, Ipv6Header.DESTINATION_OFFSET);

            final MemorySegment problem = message(arena, Icmpv6Header.LENGTH + Ipv6Header.LENGTH);
            new Ipv6Header().wrapForEncode(problem, Ipv6Header.LENGTH + Icmpv6Header.LENGTH)
                .versionTrafficClassFlowLabel(0, 0).payloadLength(0).nextHeader(59).hopLimit(3)
                .source(0x20010db8000a0000L, 0x100L).destination(0x20010db8cafe0000L, 7L);
            icmp.wrapForEncode(problem, Ipv6Header.LENGTH, Icmpv6Header.LENGTH + Ipv6Header.LENGTH)
                .type(Icmpv6Header.TYPE_PARAMETER_PROBLEM).code(Icmpv6Header.CODE_UNRECOGNIZED_OPTION).pointer(46)
                .updateChecksum(Ipv6Header.SOURCE_OFFSET, Ipv6Header.DESTINATION_OFFSET);

            final MemorySegment haad = message(arena, Icmpv6Header.LENGTH);
            icmp.wrapForEncode(haad, Ipv6Header.LENGTH, Icmpv6Header.LENGTH).type(Icmpv6Header.TYPE_HAAD_REQUEST)
                .code(0).clearTypeSpecificWord().identifier(0x4242)
                .updateChecksum(Ipv6Header.SOURCE_OFFSET, Ipv6Header.DESTINATION_OFFSET);

            final List<JsonNode> layers = Tshark.decode(PcapWriter.LINKTYPE_RAW, List.of(),
                echo.toArray(ValueLayout.JAVA_BYTE), tooBig.toArray(ValueLayout.JAVA_BYTE),
                problem.toArray(ValueLayout.JAVA_BYTE), haad.toArray(ValueLayout.JAVA_BYTE));
            assertEquals("128", Tshark.field(layers.get(0), "icmpv6.type"));
            assertEquals(0xBEEF, Long.decode(Tshark.field(layers.get(0), "icmpv6.echo.identifier")));
            assertEquals("513", Tshark.field(layers.get(0), "icmpv6.echo.sequence_number"));
            assertEquals("2", Tshark.field(layers.get(1), "icmpv6.type"));
            assertEquals("1400", Tshark.field(layers.get(1), "icmpv6.mtu"));
            assertEquals("4", Tshark.field(layers.get(2), "icmpv6.type"));
            assertEquals("2", Tshark.field(layers.get(2), "icmpv6.code"));
            assertEquals("46", Tshark.field(layers.get(2), "icmpv6.pointer"));
            assertEquals("144", Tshark.field(layers.get(3), "icmpv6.type"));
            assertEquals(0x4242, Long.decode(Tshark.field(layers.get(3), "icmpv6.mip6.identifier")));
            for (final JsonNode packet : layers)
            {
                // tshark: 0 = bad, 1 = good, 2 = unverified
                assertEquals("1", Tshark.field(packet, "icmpv6.checksum.status"));
            }
        }
    }

    private void assertTypeSpecific(final Fixture fixture)
    {
        if (fixture.fields().containsKey("icmp6.id"))
        {
            assertEquals(fixture.intField("icmp6.id"), icmp.identifier());
        }
        if (fixture.fields().containsKey("icmp6.seq"))
        {
            assertEquals(fixture.intField("icmp6.seq"), icmp.sequenceNumber());
        }
        if (fixture.fields().containsKey("icmp6.mtu"))
        {
            assertEquals(fixture.longField("icmp6.mtu"), icmp.mtu());
        }
        if (fixture.fields().containsKey("icmp6.ptr"))
        {
            assertEquals(fixture.longField("icmp6.ptr"), icmp.pointer());
        }
        if (fixture.fields().containsKey("icmp6.tgt.high"))
        {
            final MemorySegment segment = walker.ipv6().segment();
            assertEquals(fixture.longField("icmp6.tgt.high"), Bytes.i64(segment, icmp.targetAddressOffset()));
            assertEquals(fixture.longField("icmp6.tgt.low"), Bytes.i64(segment, icmp.targetAddressOffset() + 8));
        }
    }

    private static MemorySegment message(final Arena arena, final int icmpLength)
    {
        final MemorySegment segment = arena.allocate(Ipv6Header.LENGTH + icmpLength);
        new Ipv6Header().wrapForEncode(segment, 0).versionTrafficClassFlowLabel(0, 0).payloadLength(icmpLength)
            .nextHeader(Icmpv6Header.PROTOCOL).hopLimit(255)
            .source(0x20010db80c0a0000L, 0x10L).destination(0x20010db8000a0000L, 0xfdfffffffffffffeL);
        return segment;
    }
}
