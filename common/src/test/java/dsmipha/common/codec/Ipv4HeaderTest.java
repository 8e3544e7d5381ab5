package dsmipha.common.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dsmipha.common.pcap.PcapWriter;
import dsmipha.common.testing.Fixture;
import dsmipha.common.testing.Tshark;

class Ipv4HeaderTest
{
    private static final long IP = Fixture.HEADROOM;

    private final Ipv4Header ip = new Ipv4Header();

    @ParameterizedTest
    @ValueSource(strings = {
        "ip4_udp_df_ef", "ip4_ecn_ce", "ip4_router_alert", "ip4_options_nop_rr_ra", "ip4_options_eol",
        "ip4_options_full", "ip4_frag_first", "ip4_frag_middle", "ip4_frag_last", "ip4_ipv6_in_ipv4",
        "ip4_link_padded"})
    void decodesEveryFieldOfScapyHeaders(final String name)
    {
        final Fixture fixture = Fixture.load("ip4", name);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            assertEquals(fixture.intField("frame.len"), fixture.bytes().length);
            assertEquals(CodecStatus.OK, ip.wrap(segment, IP, fixture.limit()));
            assertEquals(IP, ip.offset());
            assertEquals(fixture.intField("ip.version"), ip.version());
            assertEquals(fixture.intField("ip.ihl"), ip.ihl());
            assertEquals(fixture.intField("ip.hdr_len"), ip.headerLength());
            assertEquals(fixture.intField("ip.dscp"), ip.dscp());
            assertEquals(fixture.intField("ip.ecn"), ip.ecn());
            assertEquals(fixture.intField("ip.len"), ip.totalLength());
            assertEquals(fixture.intField("ip.id"), ip.identification());
            assertEquals(fixture.intField("ip.flags"), ip.flags());
            assertEquals(fixture.intField("ip.rb") == 1, ip.reservedFlag());
            assertEquals(fixture.intField("ip.df") == 1, ip.dontFragment());
            assertEquals(fixture.intField("ip.mf") == 1, ip.moreFragments());
            assertEquals(fixture.intField("ip.frag"), ip.fragmentOffset());
            assertEquals(fixture.intField("ip.is_fragment") == 1, ip.isFragment());
            assertEquals(fixture.intField("ip.ttl"), ip.ttl());
            assertEquals(fixture.intField("ip.proto"), ip.protocol());
            assertEquals(fixture.intField("ip.chksum"), ip.checksum());
            assertEquals(fixture.intField("ip.src"), ip.sourceAddress());
            assertEquals(fixture.intField("ip.dst"), ip.destinationAddress());
            assertEquals(fixture.intField("ip.options_len"), ip.optionsLength());
            assertEquals(IP + Ipv4Header.OPTIONS_OFFSET, ip.optionsOffset());
            assertEquals(fixture.intField("ip.payload_len"), ip.payloadLength());
            assertEquals(IP + fixture.intField("ip.hdr_len"), ip.payloadOffset());
            final int routerAlert = fixture.intField("ip.router_alert_offset");
            assertEquals(routerAlert < 0 ? -1 : IP + routerAlert, ip.findOption(Ipv4Header.OPTION_ROUTER_ALERT));
            assertTrue(ip.verifyChecksum());
            assertEquals(fixture.intField("ip.chksum"), ip.computeChecksum());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ip4_udp_df_ef", "ip4_ecn_ce", "ip4_options_nop_rr_ra", "ip4_options_full", "ip4_frag_last"})
    void decrementedTtlHasTheChecksumScapyComputes(final String name)
    {
        final Fixture fixture = Fixture.load("ip4", name);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            assertEquals(CodecStatus.OK, ip.wrap(segment, IP, fixture.limit()));
            assertEquals(fixture.intField("ip.ttl") - 1, ip.decrementTtl());
            assertEquals(fixture.intField("ip.ttl") - 1, ip.ttl());
            assertEquals(fixture.intField("ip.chksum_ttl_minus_1"), ip.checksum());
            assertEquals(ip.computeChecksum(), ip.checksum());
            assertTrue(ip.verifyChecksum());
        }
    }

    @Test
    void incrementalTtlUpdateAgreesWithFullRecomputeForEveryTtl()
    {
        final Random random = new Random(791);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(Ipv4Header.LENGTH);
            for (int round = 0; round < 2000; round++)
            {
                ip.wrapForEncode(segment, 0)
                    .writeHeader(Ipv4Header.LENGTH, random.nextInt(65536), 255, random.nextInt(256),
                        random.nextInt(), random.nextInt())
                    .dscp(random.nextInt(64)).ecn(random.nextInt(4)).fragmentOffset(random.nextInt(8192))
                    .updateChecksum();
                for (int ttl = 255; ttl > 0; ttl--)
                {
                    assertEquals(ttl - 1, ip.decrementTtl());
                    assertEquals(ip.computeChecksum(), ip.checksum(), "round " + round + " ttl " + ttl);
                }
                final int checksum = ip.checksum();
                assertEquals(0, ip.decrementTtl());
                assertEquals(0, ip.ttl());
                assertEquals(checksum, ip.checksum());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ip4_udp_df_ef", "ip4_options_nop_rr_ra", "ip4_options_full"})
    void truncatedAtEveryLengthUpToTheHeaderIsTruncated(final String name)
    {
        final Fixture fixture = Fixture.load("ip4", name);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            final int headerLength = fixture.intField("ip.hdr_len");
            for (int length = 0; length < headerLength; length++)
            {
                assertEquals(CodecStatus.TRUNCATED, ip.wrap(segment, IP, IP + length), "length " + length);
            }
            // The whole header but not the whole datagram: the total length overruns.
            assertEquals(CodecStatus.BAD_LENGTH, ip.wrap(segment, IP, IP + headerLength));
            assertEquals(CodecStatus.BAD_LENGTH, ip.wrap(segment, IP, fixture.limit() - 1));
            assertEquals(CodecStatus.OK, ip.wrap(segment, IP, fixture.limit()));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 6, 15})
    void versionOtherThanFourIsBadVersion(final int version)
    {
        assertEquals(CodecStatus.BAD_VERSION, wrapPatched("ip4_udp_df_ef", 0, version << 4 | 5));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4})
    void ihlBelowFiveIsBadField(final int ihl)
    {
        assertEquals(CodecStatus.BAD_FIELD, wrapPatched("ip4_udp_df_ef", 0, 0x40 | ihl));
    }

    @Test
    void ihlPastThePacketIsTruncated()
    {
        // ip4_ecn_ce is 30 octets: IHL 8 (32 octets) does not fit.
        assertEquals(CodecStatus.TRUNCATED, wrapPatched("ip4_ecn_ce", 0, 0x48));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 19, 23})
    void totalLengthBelowTheHeaderIsBadLength(final int totalLength)
    {
        final Fixture fixture = Fixture.load("ip4", "ip4_router_alert");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            Bytes.put16(segment, IP + Ipv4Header.TOTAL_LENGTH_OFFSET, totalLength);
            assertEquals(CodecStatus.BAD_LENGTH, ip.wrap(segment, IP, fixture.limit()));
            Bytes.put16(segment, IP + Ipv4Header.TOTAL_LENGTH_OFFSET, 24);
            assertEquals(CodecStatus.OK, ip.wrap(segment, IP, fixture.limit()));
        }
    }

    @Test
    void totalLengthPastThePacketIsBadLength()
    {
        final Fixture fixture = Fixture.load("ip4", "ip4_udp_df_ef");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            Bytes.put16(segment, IP + Ipv4Header.TOTAL_LENGTH_OFFSET, fixture.bytes().length + 1);
            assertEquals(CodecStatus.BAD_LENGTH, ip.wrap(segment, IP, fixture.limit()));
            Bytes.put16(segment, IP + Ipv4Header.TOTAL_LENGTH_OFFSET, 0xFFFF);
            assertEquals(CodecStatus.BAD_LENGTH, ip.wrap(segment, IP, fixture.limit()));
        }
    }

    @Test
    void fragmentReassemblingPast65535IsBadLength()
    {
        final Fixture fixture = Fixture.load("ip4", "ip4_frag_last");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            final int totalLength = fixture.intField("ip.len");
            final int lastFitting = (Ipv4Header.MAX_DATAGRAM_LENGTH - totalLength) / 8;
            ip.wrapForEncode(segment, IP).fragmentOffset(lastFitting);
            assertEquals(CodecStatus.OK, ip.wrap(segment, IP, fixture.limit()));
            ip.fragmentOffset(lastFitting + 1);
            assertEquals(CodecStatus.BAD_LENGTH, ip.wrap(segment, IP, fixture.limit()));
            assertFalse(ip.moreFragments());
        }
    }

    @ParameterizedTest
    @CsvSource({
        // option-length octet of Record Route (at +22 in ip4_options_nop_rr_ra): 0 and 1 are below the minimum 2,
        // 16 runs past the 36-octet header (RR starts at +21, so 15 is the most that fits).
        "ip4_options_nop_rr_ra, 22, 0, -5",
        "ip4_options_nop_rr_ra, 22, 1, -5",
        "ip4_options_nop_rr_ra, 22, 16, -5",
        "ip4_options_nop_rr_ra, 22, 15, 0",
        // Router Alert length at +33: 4 is right; 5 overruns the header.
        "ip4_options_nop_rr_ra, 33, 5, -5",
        // Anything may follow EOL (ip4_options_eol: NOP at +20, EOL at +21).
        "ip4_options_eol, 22, 7, 0",
        "ip4_options_eol, 21, 7, -5",
        "ip4_options_eol, 21, 1, 0",
        // Record Route filling all 40 octets: length 40 fits exactly, 41 does not.
        "ip4_options_full, 21, 40, 0",
        "ip4_options_full, 21, 41, -5"})
    void optionLengthsMustBeAtLeastTwoAndFitTheHeader(
        final String name, final int at, final int value, final int expected)
    {
        assertEquals(expected, wrapPatched(name, at, value));
    }

    @ParameterizedTest
    @CsvSource({"7, -5", "148, -5", "1, 0", "0, 0"})
    void optionTypeInTheLastOctetNeedsRoomForItsLength(final int lastOctet, final int expected)
    {
        final Fixture fixture = Fixture.load("ip4", "ip4_router_alert");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            // Shorten Router Alert (+20) to 3 octets so that the header's last octet (+23) starts an option.
            Bytes.put8(segment, IP + 21, 3);
            Bytes.put8(segment, IP + 23, lastOctet);
            assertEquals(expected, ip.wrap(segment, IP, fixture.limit()));
        }
    }

    @Test
    void flagAndFieldSettersKeepTheirNeighbours()
    {
        final Fixture fixture = Fixture.load("ip4", "ip4_frag_middle");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            assertEquals(CodecStatus.OK, ip.wrap(segment, IP, fixture.limit()));
            ip.dontFragment(true);
            assertTrue(ip.dontFragment());
            assertTrue(ip.moreFragments());
            assertEquals(50, ip.fragmentOffset());
            ip.moreFragments(false).dontFragment(false);
            assertTrue(ip.isFragment());
            assertEquals(50, ip.fragmentOffset());
            ip.fragmentOffset(0);
            assertFalse(ip.isFragment());
            ip.dscp(46).ecn(1);
            assertEquals(46, ip.dscp());
            assertEquals(1, ip.ecn());
            ip.ecn(3);
            assertEquals(46, ip.dscp());
            ip.dscp(0);
            assertEquals(3, ip.ecn());
        }
    }

    @Test
    void corruptedHeaderFailsChecksum()
    {
        final Fixture fixture = Fixture.load("ip4", "ip4_options_nop_rr_ra");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            assertEquals(CodecStatus.OK, ip.wrap(segment, IP, fixture.limit()));
            // A flipped bit in an option octet is covered too.
            segment.set(ValueLayout.JAVA_BYTE, IP + 30, (byte)(segment.get(ValueLayout.JAVA_BYTE, IP + 30) ^ 0x10));
            assertFalse(ip.verifyChecksum());
            ip.updateChecksum();
            assertTrue(ip.verifyChecksum());
        }
    }

    @Test
    void encodedHeaderDecodesInTsharkWithAGoodChecksumAlsoAfterTtlDecrement()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final int payload = 8;
            final MemorySegment segment = arena.allocate(Ipv4Header.LENGTH + payload);
            ip.wrapForEncode(segment, 0)
                .writeHeader(Ipv4Header.LENGTH + payload, 0x1234, 64, Ipv4Header.PROTOCOL_UDP, 0xC0000201, 0xC6336407)
                .dscp(46).ecn(2).dontFragment(true)
                .updateChecksum();
            new UdpHeader().wrapForEncode(segment, Ipv4Header.LENGTH).sourcePort(434).destinationPort(434)
                .length(payload).checksum(0);
            assertEquals(CodecStatus.OK, ip.wrap(segment, 0, segment.byteSize()));
            assertTrue(ip.verifyChecksum());
            final byte[] original = segment.toArray(ValueLayout.JAVA_BYTE);
            assertEquals(63, ip.decrementTtl());
            final byte[] forwarded = segment.toArray(ValueLayout.JAVA_BYTE);

            final List<JsonNode> layers = Tshark.decode(
                PcapWriter.LINKTYPE_RAW, List.of("-o", "ip.check_checksum:TRUE"), original, forwarded);
            for (final JsonNode packet : layers)
            {
                assertEquals("4", Tshark.field(packet, "ip.version"));
                assertEquals("20", Tshark.field(packet, "ip.hdr_len"));
                assertEquals("46", Tshark.field(packet, "ip.dsfield.dscp"));
                assertEquals("2", Tshark.field(packet, "ip.dsfield.ecn"));
                assertEquals("28", Tshark.field(packet, "ip.len"));
                assertEquals("0x1234", Tshark.field(packet, "ip.id"));
                assertEquals("1", Tshark.field(packet, "ip.flags.df"));
                assertEquals("0", Tshark.field(packet, "ip.flags.mf"));
                assertEquals("0", Tshark.field(packet, "ip.frag_offset"));
                assertEquals("17", Tshark.field(packet, "ip.proto"));
                assertEquals("192.0.2.1", Tshark.field(packet, "ip.src"));
                assertEquals("198.51.100.7", Tshark.field(packet, "ip.dst"));
                // tshark: 0 = bad, 1 = good, 2 = unverified
                assertEquals("1", Tshark.field(packet, "ip.checksum.status"));
                assertEquals("434", Tshark.field(packet, "udp.dstport"));
            }
            assertEquals("64", Tshark.field(layers.get(0), "ip.ttl"));
            assertEquals("63", Tshark.field(layers.get(1), "ip.ttl"));
        }
    }

    private int wrapPatched(final String name, final int at, final int value)
    {
        final Fixture fixture = Fixture.load("ip4", name);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            Bytes.put8(segment, IP + at, value);
            return ip.wrap(segment, IP, fixture.limit());
        }
    }
}
