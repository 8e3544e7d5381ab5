package dsmipha.common.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dsmipha.common.pcap.PcapWriter;
import dsmipha.common.testing.Fixture;
import dsmipha.common.testing.Tshark;

class EthernetHeaderTest
{
    private static final long HA_MAC = 0x02005e100001L;
    private static final long MN_MAC = 0x525400123456L;

    private final EthernetHeader eth = new EthernetHeader();

    @ParameterizedTest
    @ValueSource(strings = {
        "eth_ipv4", "eth_ipv4_vlan7", "eth_ipv6_vlan", "eth_arp_broadcast", "eth_qinq", "eth_double_c_tag",
        "eth_priority_tag"})
    void decodesEveryFieldOfScapyFrames(final String name)
    {
        final Fixture fixture = Fixture.load("eth", name);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            assertEquals(CodecStatus.OK, eth.wrap(segment, Fixture.HEADROOM, fixture.limit()));
            assertEquals(fixture.longField("eth.dst"), eth.destinationMac());
            assertEquals(fixture.longField("eth.src"), eth.sourceMac());
            assertEquals(fixture.intField("vlan.count"), eth.vlanCount());
            for (int i = 0; i < eth.vlanCount(); i++)
            {
                final String prefix = "vlan." + i + ".";
                assertEquals(fixture.intField(prefix + "tpid"), eth.vlanTpid(i));
                assertEquals(fixture.intField(prefix + "tci"), eth.vlanTci(i));
                assertEquals(fixture.intField(prefix + "vid"), eth.vlanId(i));
                assertEquals(fixture.intField(prefix + "prio"), eth.vlanPcp(i));
                assertEquals(fixture.intField(prefix + "dei") == 1, eth.vlanDei(i));
            }
            assertEquals(fixture.intField("eth.type"), eth.etherType());
            assertEquals(fixture.intField("eth.header_len"), eth.headerLength());
            assertEquals(Fixture.HEADROOM + fixture.intField("eth.header_len"), eth.payloadOffset());
            assertEquals(Fixture.HEADROOM, eth.offset());
        }
    }

    @ParameterizedTest
    @CsvSource({
        "eth_three_tags, -7",
        "eth_s_tag_inside, -8",
        "eth_llc, -6"})
    void refusesWhatScapyBuildsButTheCodecDoesNotSpeak(final String name, final int expected)
    {
        final Fixture fixture = Fixture.load("eth", name);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            final int status = eth.wrap(segment, Fixture.HEADROOM, fixture.limit());
            assertEquals(expected, status, CodecStatus.name(status));
            assertEquals(fixture.longField("eth.dst"), eth.destinationMac());
            assertEquals(fixture.longField("eth.src"), eth.sourceMac());
            assertEquals(fixture.intField("eth.outer_type"), Bytes.u16(segment, Fixture.HEADROOM + 12));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"eth_ipv4", "eth_ipv4_vlan7", "eth_qinq", "eth_double_c_tag"})
    void truncatedAtEveryLengthUpToTheHeaderIsTruncated(final String name)
    {
        final Fixture fixture = Fixture.load("eth", name);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            final int headerLength = fixture.intField("eth.header_len");
            for (int length = 0; length < headerLength; length++)
            {
                assertEquals(CodecStatus.TRUNCATED, eth.wrap(segment, Fixture.HEADROOM, Fixture.HEADROOM + length),
                    "length " + length);
            }
            assertEquals(CodecStatus.OK, eth.wrap(segment, Fixture.HEADROOM, Fixture.HEADROOM + headerLength));
            assertEquals(Fixture.HEADROOM + headerLength, eth.payloadOffset());
        }
    }

    @Test
    void lengthFieldValuesAreNotEtherTypes()
    {
        final Fixture fixture = Fixture.load("eth", "eth_ipv4_vlan7");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            final long innerType = Fixture.HEADROOM + 16;
            Bytes.put16(segment, innerType, 1500);
            assertEquals(CodecStatus.UNSUPPORTED, eth.wrap(segment, Fixture.HEADROOM, fixture.limit()));
            Bytes.put16(segment, innerType, 0x05FF);
            assertEquals(CodecStatus.UNSUPPORTED, eth.wrap(segment, Fixture.HEADROOM, fixture.limit()));
            Bytes.put16(segment, innerType, EthernetHeader.MIN_ETHERTYPE);
            assertEquals(CodecStatus.OK, eth.wrap(segment, Fixture.HEADROOM, fixture.limit()));
        }
    }

    @Test
    void pushedTagGivesTheFrameScapyBuildsWithTheTag()
    {
        final Fixture untagged = Fixture.load("eth", "eth_ipv4");
        final Fixture tagged = Fixture.load("eth", "eth_ipv4_vlan7");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = untagged.toSegment(arena);
            assertEquals(CodecStatus.OK, eth.wrap(segment, Fixture.HEADROOM, untagged.limit()));
            final long payload = eth.payloadOffset();
            assertEquals(CodecStatus.OK, eth.pushVlanTag(EthernetHeader.ETHERTYPE_VLAN, 3, false, 7));
            assertEquals(Fixture.HEADROOM - EthernetHeader.VLAN_TAG_LENGTH, eth.offset());
            assertEquals(payload, eth.payloadOffset());
            assertEquals(1, eth.vlanCount());
            assertArrayEquals(tagged.bytes(), segment.asSlice(eth.offset()).toArray(ValueLayout.JAVA_BYTE));

            assertEquals(CodecStatus.OK, eth.wrap(segment, eth.offset(), untagged.limit()));
            assertEquals(7, eth.vlanId(0));
            assertEquals(3, eth.vlanPcp(0));
        }
    }

    @Test
    void pushingAnSTagOutsideACTagGivesTheQinqFrameScapyBuilds()
    {
        final Fixture fixture = Fixture.load("eth", "eth_qinq");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            final long sTag = Fixture.HEADROOM + 12;
            // Remove the S-tag: the MACs move 4 octets towards the payload.
            MemorySegment.copy(segment, Fixture.HEADROOM, segment, Fixture.HEADROOM + 4, 12);
            segment.asSlice(Fixture.HEADROOM, 4).fill((byte)0);
            assertEquals(CodecStatus.OK, eth.wrap(segment, Fixture.HEADROOM + 4, fixture.limit()));
            assertEquals(1, eth.vlanCount());
            assertEquals(CodecStatus.OK, eth.pushVlanTag(EthernetHeader.ETHERTYPE_QINQ, 2, false, 300));
            assertEquals(Fixture.HEADROOM, eth.offset());
            assertEquals(fixture.intField("vlan.0.tci"), Bytes.u16(segment, sTag + 2));
            assertArrayEquals(fixture.bytes(), segment.asSlice(Fixture.HEADROOM).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void pushRefusesWhatWouldBreakTheFrame()
    {
        final Fixture fixture = Fixture.load("eth", "eth_qinq");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            eth.wrap(segment, Fixture.HEADROOM, fixture.limit());
            assertEquals(CodecStatus.TOO_MANY_HEADERS, eth.pushVlanTag(EthernetHeader.ETHERTYPE_VLAN, 0, false, 1));

            final Fixture tagged = Fixture.load("eth", "eth_ipv4_vlan7");
            final MemorySegment one = tagged.toSegment(arena);
            eth.wrap(one, Fixture.HEADROOM, tagged.limit());
            assertEquals(CodecStatus.BAD_FIELD, eth.pushVlanTag(EthernetHeader.ETHERTYPE_IPV4, 0, false, 1));

            final MemorySegment noHeadroom = arena.allocate(tagged.bytes().length);
            MemorySegment.copy(tagged.bytes(), 0, noHeadroom, ValueLayout.JAVA_BYTE, 0, tagged.bytes().length);
            assertEquals(CodecStatus.OK, eth.wrap(noHeadroom, 0, noHeadroom.byteSize()));
            assertEquals(CodecStatus.TRUNCATED, eth.pushVlanTag(EthernetHeader.ETHERTYPE_QINQ, 0, false, 1));
            assertArrayEquals(tagged.bytes(), noHeadroom.toArray(ValueLayout.JAVA_BYTE));

            Bytes.put16(one, Fixture.HEADROOM + 12, EthernetHeader.ETHERTYPE_QINQ);
            assertEquals(CodecStatus.OK, eth.wrap(one, Fixture.HEADROOM, tagged.limit()));
            assertEquals(CodecStatus.BAD_FIELD, eth.pushVlanTag(EthernetHeader.ETHERTYPE_VLAN, 0, false, 1));
        }
    }

    @Test
    void groupAddressesHaveTheIgBit()
    {
        assertTrue(EthernetHeader.isGroupMac(EthernetHeader.BROADCAST_MAC));
        assertTrue(EthernetHeader.isGroupMac(0x333300000001L));
        assertTrue(EthernetHeader.isGroupMac(0x01005e000001L));
        assertFalse(EthernetHeader.isGroupMac(HA_MAC));
        assertFalse(EthernetHeader.isGroupMac(MN_MAC));
    }

    @Test
    void encodedQinqFrameDecodesInTshark()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final int headerLength = EthernetHeader.LENGTH + 2 * EthernetHeader.VLAN_TAG_LENGTH;
            final MemorySegment segment = arena.allocate(headerLength + Ipv4Header.LENGTH);
            eth.wrapForEncode(segment, 0)
                .destinationMac(HA_MAC)
                .sourceMac(MN_MAC)
                .appendVlanTag(EthernetHeader.ETHERTYPE_QINQ, 2, false, 300)
                .appendVlanTag(EthernetHeader.ETHERTYPE_VLAN, 5, true, 42)
                .etherType(EthernetHeader.ETHERTYPE_IPV4);
            assertEquals(headerLength, eth.payloadOffset());
            new Ipv4Header().wrapForEncode(segment, eth.payloadOffset())
                .writeHeader(Ipv4Header.LENGTH, 1, 64, 253, 0xC0000201, 0xC6336407)
                .updateChecksum();

            final List<JsonNode> layers = Tshark.decode(
                PcapWriter.LINKTYPE_ETHERNET, List.of("-o", "ip.check_checksum:TRUE"),
                segment.toArray(ValueLayout.JAVA_BYTE));
            final JsonNode frame = layers.get(0);
            assertEquals("02:00:5e:10:00:01", Tshark.field(frame, "eth.dst"));
            assertEquals("52:54:00:12:34:56", Tshark.field(frame, "eth.src"));
            assertEquals("0x88a8", Tshark.field(frame, "eth.type"));
            assertEquals("300", Tshark.field(frame, "ieee8021ad.id"));
            assertEquals("2", Tshark.field(frame, "ieee8021ad.priority"));
            assertEquals("42", Tshark.field(frame, "vlan.id"));
            assertEquals("5", Tshark.field(frame, "vlan.priority"));
            assertEquals("1", Tshark.field(frame, "vlan.dei"));
            assertEquals("0x0800", Tshark.field(frame, "vlan.etype"));
            assertEquals("192.0.2.1", Tshark.field(frame, "ip.src"));
            assertEquals("1", Tshark.field(frame, "ip.checksum.status"));
        }
    }
}
