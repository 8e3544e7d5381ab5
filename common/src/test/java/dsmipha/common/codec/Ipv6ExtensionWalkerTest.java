package dsmipha.common.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dsmipha.common.pcap.PcapWriter;
import dsmipha.common.testing.Fixture;
import dsmipha.common.testing.Tshark;

class Ipv6ExtensionWalkerTest
{
    private static final long IP = Fixture.HEADROOM;

    private final Ipv6ExtensionWalker walker = new Ipv6ExtensionWalker();

    @ParameterizedTest
    @ValueSource(strings = {
        "plain_udp", "hbh_router_alert", "destopt_hao_bu", "rh2_ba", "rh2_processed", "frag_first", "frag_last",
        "frag_atomic", "chain", "unknown_options", "hao_in_hbh", "esp_after_destopt", "no_next_header", "srh",
        "eight_destopts"})
    void recordsWhatScapyDissects(final String name)
    {
        final Fixture fixture = Fixture.load("ip6", name);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            assertEquals(CodecStatus.OK, walker.walk(segment, IP, fixture.limit()));
            assertEquals(Ipv6ExtensionWalker.NONE, walker.errorOffset());
            assertEquals(IP, walker.ipv6Offset());
            assertEquals(fixture.limit(), walker.packetEnd());
            assertEquals(fixture.intField("ip6.nh"), walker.ipv6().nextHeader());
            assertEquals(fixture.intField("ext.count"), walker.headerCount());
            assertUpperLayer(fixture, segment);
            assertHomeAddressOption(fixture, segment);
            assertRoutingHeaders(fixture, segment);
            assertFragment(fixture);
            assertOptions(fixture);
            assertPseudoHeader(fixture, segment);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "bad_nine_destopts, TOO_MANY_HEADERS, 96",
        "bad_hbh_not_first, BAD_FIELD, 40",
        "bad_hao_misaligned, BAD_ALIGNMENT, 42",
        "bad_hao_length, BAD_OPTION, 47",
        "bad_two_hao, BAD_OPTION, 70",
        "bad_option_overrun, BAD_OPTION, 43",
        "bad_ext_len_overrun, BAD_LENGTH, 41",
        "bad_router_alert_length, BAD_OPTION, 43",
        "bad_rh2_two_addresses, BAD_LENGTH, 41",
        "bad_rh2_segleft, BAD_FIELD, 43",
        "bad_jumbo, UNSUPPORTED, 4",
        "bad_version, BAD_VERSION, 0",
        "bad_plen, BAD_LENGTH, 4"})
    void malformedScapyPacketsGiveTheirStatus(final String name, final String status, final long errorOffset)
    {
        final Fixture fixture = Fixture.load("ip6", name);
        try (Arena arena = Arena.ofConfined())
        {
            final int result = walker.walk(fixture.toSegment(arena), IP, fixture.limit());
            assertEquals(status.toLowerCase().replace('_', '-'), CodecStatus.name(result));
            assertEquals(IP + errorOffset, walker.errorOffset());
        }
    }

    @Test
    void theBoundOnHeadersIsConfigurable()
    {
        final Fixture fixture = Fixture.load("ip6", "eight_destopts");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            assertEquals(CodecStatus.OK, walker.walk(segment, IP, fixture.limit()));
            final Ipv6ExtensionWalker strict = new Ipv6ExtensionWalker(7);
            assertEquals(7, strict.maxHeaders());
            assertEquals(CodecStatus.TOO_MANY_HEADERS, strict.walk(segment, IP, fixture.limit()));
            assertEquals(7, strict.headerCount());
            assertEquals(CodecStatus.OK, new Ipv6ExtensionWalker(9).walk(
                fixtureSegment(arena, "bad_nine_destopts"), IP, IP + Fixture.load("ip6", "bad_nine_destopts")
                .bytes().length));
            assertThrows(IllegalArgumentException.class, () -> new Ipv6ExtensionWalker(0));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "plain_udp", "hbh_router_alert", "destopt_hao_bu", "rh2_ba", "frag_first", "frag_last", "frag_atomic",
        "chain", "unknown_options", "esp_after_destopt", "no_next_header", "srh"})
    void truncatedAtEveryLengthIsAnErrorCodeNeverAnException(final String name)
    {
        final Fixture fixture = Fixture.load("ip6", name);
        final byte[] bytes = fixture.bytes();
        final long fullEnd = fixture.fields().containsKey("upper.offset") ?
            fixture.intField("upper.offset") : fixture.intField("frag.hdr_offset") + FragmentHeader.LENGTH;
        try (Arena arena = Arena.ofConfined())
        {
            for (int n = 0; n < bytes.length; n++)
            {
                // As captured: the payload length still claims the whole packet.
                final MemorySegment cut = arena.allocate(IP + n);
                MemorySegment.copy(bytes, 0, cut, ValueLayout.JAVA_BYTE, IP, n);
                final int expected = n < Ipv6Header.LENGTH ? CodecStatus.TRUNCATED : CodecStatus.BAD_LENGTH;
                assertEquals(expected, walker.walk(cut, IP, IP + n), name + " cut at " + n);

                // Re-labelled: the payload length says the packet ends at the cut, so the chain itself is short.
                if (n >= Ipv6Header.LENGTH)
                {
                    Bytes.put16(cut, IP + Ipv6Header.PAYLOAD_LENGTH_OFFSET, n - Ipv6Header.LENGTH);
                    final int status = walker.walk(cut, IP, IP + n);
                    if (n < fullEnd)
                    {
                        assertTrue(status < 0, name + " relabelled at " + n + ": " + CodecStatus.name(status));
                    }
                    else
                    {
                        assertEquals(CodecStatus.OK, status, name + " relabelled at " + n);
                        assertTrue(walker.upperLayerOffset() <= IP + n);
                    }
                }
            }
        }
    }

    @Test
    void homeAddressOptionIsAcceptedOnlyAtEightNPlusSix()
    {
        try (Arena arena = Arena.ofConfined())
        {
            // A Destination Options header of 32 octets: Pad1s, then the HAO at offset p, then Pad1s.
            for (int p = 2; p + HomeAddressOption.LENGTH <= 32; p++)
            {
                final MemorySegment segment = arena.allocate(Ipv6Header.LENGTH + 32);
                ipv6Into(segment, 32, Ipv6ExtensionWalker.DESTINATION_OPTIONS);
                Bytes.put8(segment, 40, Ipv6ExtensionWalker.NO_NEXT_HEADER);
                Bytes.put8(segment, 41, 3);
                new HomeAddressOption().wrapForEncode(segment, 40 + p).typeAndLength().homeAddress(1L, 2L);
                final int status = walker.walk(segment, 0, segment.byteSize());
                if (p % 8 == 6)
                {
                    assertEquals(CodecStatus.OK, status, "offset " + p);
                    assertEquals(40 + p + 2, walker.homeAddressOffset());
                    assertEquals(40 + p + 2, walker.pseudoHeaderSourceOffset());
                }
                else
                {
                    assertEquals(CodecStatus.BAD_ALIGNMENT, status, "offset " + p);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 8, 15, 17, 18})
    void homeAddressOptionOfAnotherLengthIsBadOption(final int length)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(Ipv6Header.LENGTH + 48);
            ipv6Into(segment, 48, Ipv6ExtensionWalker.DESTINATION_OPTIONS);
            Bytes.put8(segment, 40, Ipv6ExtensionWalker.NO_NEXT_HEADER);
            Bytes.put8(segment, 41, 5);
            Bytes.put8(segment, 46, HomeAddressOption.OPTION_TYPE);
            Bytes.put8(segment, 47, length);
            // What follows the option is a PadN that fills the header to its end.
            Bytes.put8(segment, 48 + length, Ipv6ExtensionWalker.OPTION_PADN);
            Bytes.put8(segment, 49 + length, 88 - 50 - length);
            assertEquals(CodecStatus.BAD_OPTION, walker.walk(segment, 0, segment.byteSize()));
            assertEquals(47, walker.errorOffset());
        }
    }

    @Test
    void padOptionsAndUnknownOptionActionsFollowRfc8200()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(Ipv6Header.LENGTH + 16);
            ipv6Into(segment, 16, Ipv6ExtensionWalker.HOP_BY_HOP);
            Bytes.put8(segment, 40, Ipv6ExtensionWalker.NO_NEXT_HEADER);
            Bytes.put8(segment, 41, 1);
            // 42: Pad1 x2, 44: unknown 0x3e (skip) len 0, 46: unknown 0x7f (discard) len 2, 50: PadN len 4.
            Bytes.put8(segment, 44, 0x3E);
            Bytes.put8(segment, 46, 0x7F);
            Bytes.put8(segment, 47, 2);
            Bytes.put8(segment, 50, Ipv6ExtensionWalker.OPTION_PADN);
            Bytes.put8(segment, 51, 4);
            assertEquals(CodecStatus.OK, walker.walk(segment, 0, segment.byteSize()));
            assertEquals(0x7F, walker.unknownOptionType());
            assertEquals(46, walker.unknownOptionOffset());
            assertEquals(Ipv6ExtensionWalker.OPTION_ACTION_DISCARD, walker.unknownOptionAction());
            assertEquals(40, walker.hopByHopOffset());
            assertEquals(Ipv6ExtensionWalker.NO_NEXT_HEADER, walker.upperLayerProtocol());
            assertEquals(0, walker.upperLayerLength());

            // The last PadN one octet too long overruns the header.
            Bytes.put8(segment, 51, 5);
            assertEquals(CodecStatus.BAD_OPTION, walker.walk(segment, 0, segment.byteSize()));
            assertEquals(51, walker.errorOffset());
            // A lone type octet with no room for its length octet overruns too.
            Bytes.put8(segment, 51, 2);
            Bytes.put8(segment, 54, 0);
            Bytes.put8(segment, 55, 0x3E);
            assertEquals(CodecStatus.BAD_OPTION, walker.walk(segment, 0, segment.byteSize()));
            assertEquals(55, walker.errorOffset());
        }
        assertEquals(Ipv6ExtensionWalker.OPTION_ACTION_SKIP, Ipv6ExtensionWalker.optionAction(0x05));
        assertEquals(Ipv6ExtensionWalker.OPTION_ACTION_DISCARD, Ipv6ExtensionWalker.optionAction(0x4D));
        assertEquals(Ipv6ExtensionWalker.OPTION_ACTION_DISCARD_ICMP, Ipv6ExtensionWalker.optionAction(0xC2 ^ 0x40));
        assertEquals(
            Ipv6ExtensionWalker.OPTION_ACTION_DISCARD_ICMP_UNLESS_MULTICAST,
            Ipv6ExtensionWalker.optionAction(HomeAddressOption.OPTION_TYPE));
        assertFalse(Ipv6ExtensionWalker.optionMayChange(HomeAddressOption.OPTION_TYPE));
        assertTrue(Ipv6ExtensionWalker.optionMayChange(0x3E));
    }

    @Test
    void secondFragmentHeaderIsRejected()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(Ipv6Header.LENGTH + 2 * FragmentHeader.LENGTH);
            ipv6Into(segment, 2 * FragmentHeader.LENGTH, FragmentHeader.NEXT_HEADER_FRAGMENT);
            FragmentHeader.encode(segment, 40, FragmentHeader.NEXT_HEADER_FRAGMENT, 0, true, 1L);
            FragmentHeader.encode(segment, 48, Ipv6ExtensionWalker.NO_NEXT_HEADER, 5, false, 2L);
            assertEquals(CodecStatus.BAD_FIELD, walker.walk(segment, 0, segment.byteSize()));
            assertEquals(48, walker.errorOffset());
            assertEquals(40, walker.fragmentHeaderOffset());
            assertEquals(1L, walker.fragmentIdentification());
        }
    }

    @Test
    void walkerIsReusedWithoutLeftovers()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment chain = fixtureSegment(arena, "chain");
            final MemorySegment plain = fixtureSegment(arena, "plain_udp");
            assertEquals(CodecStatus.OK, walker.walk(chain, IP, chain.byteSize()));
            assertTrue(walker.hasHomeAddressOption() && walker.hasType2RoutingHeader() && walker.hasFragmentHeader());
            assertEquals(CodecStatus.OK, walker.walk(plain, IP, plain.byteSize()));
            assertFalse(walker.hasHomeAddressOption());
            assertFalse(walker.hasType2RoutingHeader());
            assertFalse(walker.hasFragmentHeader());
            assertFalse(walker.isFragment());
            assertEquals(Ipv6ExtensionWalker.NONE, walker.hopByHopOffset());
            assertEquals(Ipv6ExtensionWalker.UNKNOWN, walker.routingType());
            assertEquals(Ipv6ExtensionWalker.UNKNOWN, walker.routerAlert());
            assertEquals(Ipv6ExtensionWalker.UNKNOWN, walker.unknownOptionType());
            assertEquals(Ipv6ExtensionWalker.UNKNOWN, walker.fragmentNextHeader());
            assertEquals(IP + Ipv6Header.SOURCE_OFFSET, walker.pseudoHeaderSourceOffset());
            assertEquals(IP + Ipv6Header.DESTINATION_OFFSET, walker.finalDestinationOffset());
        }
    }

    @Test
    void encodedMobileIpv6HeadersDecodeInTshark()
    {
        final long hoaHigh = 0x20010db8000a0000L;
        final long hoaLow = 0x100L;
        try (Arena arena = Arena.ofConfined())
        {
            // IPv6 / RH2 / DestOpt(HAO) / Fragment (atomic) / ICMPv6 echo request: the order of RFC 8200 §4.1
            // with the HAO after the routing header (RFC 6275 §6.3).
            final int icmpLength = Icmpv6Header.LENGTH + 4;
            final int payload = Type2RoutingHeader.LENGTH + HomeAddressOption.DESTINATION_OPTIONS_LENGTH +
                FragmentHeader.LENGTH + icmpLength;
            final MemorySegment segment = arena.allocate(Ipv6Header.LENGTH + payload);
            new Ipv6Header().wrapForEncode(segment, 0).versionTrafficClassFlowLabel(0, 0).payloadLength(payload)
                .nextHeader(Type2RoutingHeader.NEXT_HEADER_ROUTING).hopLimit(64)
                .source(0x20010db8cafe0000L, 7L).destination(0x20010db80c0a0000L, 0x10L);
            long at = Ipv6Header.LENGTH;
            at += Type2RoutingHeader.encode(segment, at, HomeAddressOption.DESTINATION_OPTIONS, hoaHigh, hoaLow);
            at += HomeAddressOption.encodeDestinationOptions(
                segment, at, FragmentHeader.NEXT_HEADER_FRAGMENT, 0x20010db8000b0000L, 0x200L);
            at += FragmentHeader.encode(segment, at, Icmpv6Header.PROTOCOL, 0, false, 0xfeedf00dL);
            Bytes.putBytes(new byte[] {'p', 'i', 'n', 'g'}, 0, segment, at + Icmpv6Header.LENGTH, 4);

            assertEquals(CodecStatus.OK, walker.walk(segment, 0, segment.byteSize()));
            assertEquals(3, walker.headerCount());
            assertEquals(Icmpv6Header.PROTOCOL, walker.upperLayerProtocol());
            assertEquals(at, walker.upperLayerOffset());
            assertEquals(Ipv6Header.LENGTH + 8, walker.type2HomeAddressOffset());
            assertEquals(walker.type2HomeAddressOffset(), walker.finalDestinationOffset());
            assertEquals(walker.homeAddressOffset(), walker.pseudoHeaderSourceOffset());
            assertFalse(walker.isFragment());

            final Icmpv6Header icmp = new Icmpv6Header();
            icmp.wrapForEncode(segment, at, icmpLength).type(Icmpv6Header.TYPE_ECHO_REQUEST).code(0)
                .identifier(0x0101).sequenceNumber(9)
                .updateChecksum(walker.pseudoHeaderSourceOffset(), walker.finalDestinationOffset());

            final JsonNode packet = Tshark.decode(
                PcapWriter.LINKTYPE_RAW, List.of(), segment.toArray(ValueLayout.JAVA_BYTE)).get(0);
            assertEquals("2", Tshark.field(packet, "ipv6.routing.type"));
            assertEquals("2", Tshark.field(packet, "ipv6.routing.len"));
            assertEquals("1", Tshark.field(packet, "ipv6.routing.segleft"));
            assertEquals("2001:db8:a::100", Tshark.field(packet, "ipv6.routing.mipv6.home_address"));
            assertEquals("2001:db8:b::200", Tshark.field(packet, "ipv6.opt.mipv6.home_address"));
            assertEquals("2", Tshark.field(packet, "ipv6.dstopts.len"));
            assertEquals("0", Tshark.field(packet, "ipv6.fraghdr.offset"));
            assertEquals("0", Tshark.field(packet, "ipv6.fraghdr.more"));
            assertEquals(0xfeedf00dL, Long.decode(Tshark.field(packet, "ipv6.fraghdr.ident")));
            assertEquals("58", Tshark.field(packet, "ipv6.fraghdr.nxt"));
            assertEquals("128", Tshark.field(packet, "icmpv6.type"));
            assertEquals("9", Tshark.field(packet, "icmpv6.echo.sequence_number"));
            // tshark: 0 = bad, 1 = good, 2 = unverified. Good means tshark chose the same pseudo-header addresses.
            assertEquals("1", Tshark.field(packet, "icmpv6.checksum.status"));
            assertTrue(icmp.verifyChecksum(walker.pseudoHeaderSourceOffset(), walker.finalDestinationOffset()));
        }
    }

    @Test
    void encodedFragmentDecodesInTshark()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final int data = 16;
            final MemorySegment segment = arena.allocate(Ipv6Header.LENGTH + FragmentHeader.LENGTH + data);
            new Ipv6Header().wrapForEncode(segment, 0).versionTrafficClassFlowLabel(0, 0)
                .payloadLength(FragmentHeader.LENGTH + data).nextHeader(FragmentHeader.NEXT_HEADER_FRAGMENT)
                .hopLimit(64).source(0x20010db8cafe0000L, 7L).destination(0x20010db8000a0000L, 0x100L);
            new FragmentHeader().wrapForEncode(segment, Ipv6Header.LENGTH).nextHeader(UdpHeader.PROTOCOL)
                .fragmentOffsetAndFlag(185, true).identification(0x1234abcdL);

            assertEquals(CodecStatus.OK, walker.walk(segment, 0, segment.byteSize()));
            assertTrue(walker.isFragment());
            assertEquals(185, walker.fragmentOffset());
            assertTrue(walker.moreFragments());
            assertEquals(Ipv6ExtensionWalker.UNKNOWN, walker.upperLayerProtocol());
            assertEquals(Ipv6ExtensionWalker.NONE, walker.upperLayerOffset());
            assertEquals(-1, walker.upperLayerLength());
            assertEquals(Ipv6Header.LENGTH, walker.nextHeaderFieldOffset());

            final JsonNode packet = Tshark.decode(
                PcapWriter.LINKTYPE_RAW, List.of(), segment.toArray(ValueLayout.JAVA_BYTE)).get(0);
            assertEquals("185", Tshark.field(packet, "ipv6.fraghdr.offset"));
            assertEquals("1", Tshark.field(packet, "ipv6.fraghdr.more"));
            assertEquals(0x1234abcdL, Long.decode(Tshark.field(packet, "ipv6.fraghdr.ident")));
            assertEquals("17", Tshark.field(packet, "ipv6.fraghdr.nxt"));
        }
    }

    private void assertUpperLayer(final Fixture fixture, final MemorySegment segment)
    {
        if (fixture.fields().containsKey("upper.nh"))
        {
            assertEquals(fixture.intField("upper.nh"), walker.upperLayerProtocol());
            assertEquals(IP + fixture.intField("upper.offset"), walker.upperLayerOffset());
            assertEquals(fixture.intField("upper.length"), walker.upperLayerLength());
            assertEquals(walker.upperLayerProtocol(), Bytes.u8(segment, walker.nextHeaderFieldOffset()));
        }
        else
        {
            assertEquals(Ipv6ExtensionWalker.UNKNOWN, walker.upperLayerProtocol());
            assertEquals(Ipv6ExtensionWalker.NONE, walker.upperLayerOffset());
            assertEquals(walker.fragmentHeaderOffset(), walker.nextHeaderFieldOffset());
        }
    }

    private void assertHomeAddressOption(final Fixture fixture, final MemorySegment segment)
    {
        final boolean present = fixture.fields().containsKey("hao.offset");
        assertEquals(present, walker.hasHomeAddressOption());
        if (present)
        {
            assertEquals(IP + fixture.intField("hao.option_offset"), walker.homeAddressOptionOffset());
            assertEquals(IP + fixture.intField("hao.offset"), walker.homeAddressOffset());
            assertEquals(fixture.longField("hao.addr.high"), Bytes.i64(segment, walker.homeAddressOffset()));
            assertEquals(fixture.longField("hao.addr.low"), Bytes.i64(segment, walker.homeAddressOffset() + 8));
            final HomeAddressOption hao = new HomeAddressOption();
            final long header = walker.homeAddressOptionOffset() - 6;
            assertEquals(CodecStatus.OK, hao.wrap(segment, header, walker.homeAddressOptionOffset(), header + 24));
            assertEquals(fixture.longField("hao.addr.high"), hao.homeAddressHigh());
            assertEquals(fixture.longField("hao.addr.low"), hao.homeAddressLow());
            assertEquals(HomeAddressOption.OPTION_TYPE, hao.optionType());
            assertEquals(fixture.intField("hao.optlen"), hao.optionLength());
        }
        else
        {
            assertEquals(Ipv6ExtensionWalker.NONE, walker.homeAddressOffset());
        }
    }

    private void assertRoutingHeaders(final Fixture fixture, final MemorySegment segment)
    {
        if (fixture.fields().containsKey("rh.offset"))
        {
            assertEquals(IP + fixture.intField("rh.offset"), walker.routingHeaderOffset());
            assertEquals(fixture.intField("rh.type"), walker.routingType());
            assertEquals(fixture.intField("rh.segleft"), walker.routingSegmentsLeft());
        }
        else
        {
            assertEquals(Ipv6ExtensionWalker.NONE, walker.routingHeaderOffset());
        }
        final boolean rh2 = fixture.fields().containsKey("rh2.offset");
        assertEquals(rh2, walker.hasType2RoutingHeader());
        if (rh2)
        {
            assertEquals(IP + fixture.intField("rh2.offset"), walker.type2RoutingHeaderOffset());
            assertEquals(IP + fixture.intField("rh2.addr_offset"), walker.type2HomeAddressOffset());
            assertEquals(fixture.intField("rh.segleft"), walker.type2SegmentsLeft());
            final Type2RoutingHeader header = new Type2RoutingHeader();
            assertEquals(CodecStatus.OK, header.wrap(segment, walker.type2RoutingHeaderOffset(), fixture.limit()));
            assertEquals(fixture.longField("rh2.addr.high"), header.homeAddressHigh());
            assertEquals(fixture.longField("rh2.addr.low"), header.homeAddressLow());
            assertEquals(fixture.intField("rh.len"), header.hdrExtLen());
            assertEquals(fixture.intField("rh.segleft"), header.segmentsLeft());
            assertEquals(0, header.reserved());
        }
        else
        {
            assertEquals(Ipv6ExtensionWalker.NONE, walker.type2HomeAddressOffset());
            assertEquals(Ipv6ExtensionWalker.UNKNOWN, walker.type2SegmentsLeft());
        }
    }

    private void assertFragment(final Fixture fixture)
    {
        final boolean present = fixture.fields().containsKey("frag.hdr_offset");
        assertEquals(present, walker.hasFragmentHeader());
        if (present)
        {
            assertEquals(IP + fixture.intField("frag.hdr_offset"), walker.fragmentHeaderOffset());
            assertEquals(fixture.intField("frag.offset"), walker.fragmentOffset());
            assertEquals(fixture.intField("frag.m") == 1, walker.moreFragments());
            assertEquals(fixture.longField("frag.id"), walker.fragmentIdentification());
            assertEquals(fixture.intField("frag.nh"), walker.fragmentNextHeader());
            assertEquals(fixture.intField("frag.offset") != 0 || fixture.intField("frag.m") == 1, walker.isFragment());
        }
    }

    private void assertOptions(final Fixture fixture)
    {
        if (fixture.fields().containsKey("ra.value"))
        {
            assertEquals(fixture.intField("ra.value"), walker.routerAlert());
        }
        if (fixture.fields().containsKey("unknown.type"))
        {
            assertEquals(fixture.intField("unknown.type"), walker.unknownOptionType());
            assertEquals(IP + fixture.intField("unknown.offset"), walker.unknownOptionOffset());
            assertEquals(Ipv6ExtensionWalker.optionAction(fixture.intField("unknown.type")),
                walker.unknownOptionAction());
        }
        else
        {
            assertEquals(Ipv6ExtensionWalker.UNKNOWN, walker.unknownOptionType());
            assertEquals(Ipv6ExtensionWalker.OPTION_ACTION_SKIP, walker.unknownOptionAction());
        }
    }

    private void assertPseudoHeader(final Fixture fixture, final MemorySegment segment)
    {
        // scapy computed the upper-layer checksum with its own choice of pseudo-header addresses (home address as
        // source, RH2 address as final destination). A fragment's checksum covers the reassembled datagram, and
        // scapy reads a segment routing header's final segment, which the walker leaves to others.
        if (!fixture.fields().containsKey("upper.cksum") || walker.isFragment() || fixture.name().equals("srh"))
        {
            return;
        }
        final long pseudo = InternetChecksum.ipv6PseudoHeaderSum(
            segment, walker.pseudoHeaderSourceOffset(), walker.finalDestinationOffset(),
            walker.upperLayerProtocol(), walker.upperLayerLength());
        final long sum = InternetChecksum.add(pseudo, segment, walker.upperLayerOffset(), walker.upperLayerLength());
        assertEquals(0, InternetChecksum.finish(sum), "upper-layer checksum of " + fixture.name());
    }

    private static void ipv6Into(final MemorySegment segment, final int payloadLength, final int nextHeader)
    {
        new Ipv6Header().wrapForEncode(segment, 0).versionTrafficClassFlowLabel(0, 0).payloadLength(payloadLength)
            .nextHeader(nextHeader).hopLimit(64).source(0x20010db80c0a0000L, 0x10L)
            .destination(0x20010db8000a0000L, 0x1L);
    }

    private static MemorySegment fixtureSegment(final Arena arena, final String name)
    {
        return Fixture.load("ip6", name).toSegment(arena);
    }
}
