package dsmipha.common.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

class ArpPacketTest
{
    private static final long HA_MAC = 0x02005e100001L;
    private static final long ROUTER_MAC = 0x525400abcdefL;

    private final ArpPacket arp = new ArpPacket();
    private final EthernetHeader eth = new EthernetHeader();

    @ParameterizedTest
    @CsvSource({
        "arp_request, true, false, false",
        "arp_reply, false, true, false",
        "arp_gratuitous, true, false, true",
        "arp_padded, true, false, false",
        "arp_proxy_reply, false, true, false"})
    void decodesEveryFieldOfScapyPackets(
        final String name, final boolean request, final boolean reply, final boolean gratuitous)
    {
        final Fixture fixture = Fixture.load("arp", name);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            assertEquals(CodecStatus.OK, eth.wrap(segment, Fixture.HEADROOM, fixture.limit()));
            assertEquals(EthernetHeader.ETHERTYPE_ARP, eth.etherType());
            assertEquals(Fixture.HEADROOM + fixture.intField("arp.offset"), eth.payloadOffset());
            assertEquals(fixture.intField("frame.len"), fixture.bytes().length);

            assertEquals(CodecStatus.OK, arp.wrap(segment, eth.payloadOffset(), fixture.limit()));
            assertEquals(eth.payloadOffset(), arp.offset());
            assertEquals(fixture.intField("arp.hwtype"), arp.hardwareType());
            assertEquals(fixture.intField("arp.ptype"), arp.protocolType());
            assertEquals(fixture.intField("arp.hwlen"), arp.hardwareLength());
            assertEquals(fixture.intField("arp.plen"), arp.protocolLength());
            assertEquals(fixture.intField("arp.op"), arp.operation());
            assertEquals(fixture.longField("arp.hwsrc"), arp.senderMac());
            assertEquals(fixture.intField("arp.psrc"), arp.senderIp());
            assertEquals(fixture.longField("arp.hwdst"), arp.targetMac());
            assertEquals(fixture.intField("arp.pdst"), arp.targetIp());
            assertEquals(request, arp.isRequest());
            assertEquals(reply, arp.isReply());
            assertEquals(gratuitous, arp.isGratuitous());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"arp_ieee802", "arp_ipv6"})
    void otherAddressSpacesAreUnsupported(final String name)
    {
        final Fixture fixture = Fixture.load("arp", name);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            final long offset = Fixture.HEADROOM + fixture.intField("arp.offset");
            assertEquals(CodecStatus.UNSUPPORTED, arp.wrap(segment, offset, fixture.limit()));
            assertEquals(fixture.intField("arp.hwtype"), arp.hardwareType());
            assertEquals(fixture.intField("arp.ptype"), arp.protocolType());
            assertEquals(fixture.intField("arp.hwlen"), arp.hardwareLength());
            assertEquals(fixture.intField("arp.plen"), arp.protocolLength());
        }
    }

    @ParameterizedTest
    @CsvSource({"4, 8", "4, 0", "5, 16", "5, 6"})
    void addressLengthsOtherThanEthernetAndIpv4AreBadFields(final int fieldOffset, final int value)
    {
        final Fixture fixture = Fixture.load("arp", "arp_request");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            final long offset = Fixture.HEADROOM + fixture.intField("arp.offset");
            Bytes.put8(segment, offset + fieldOffset, value);
            assertEquals(CodecStatus.BAD_FIELD, arp.wrap(segment, offset, fixture.limit()));
        }
    }

    @Test
    void truncatedAtEveryLengthUpToThePacketIsTruncated()
    {
        final Fixture fixture = Fixture.load("arp", "arp_request");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            final long offset = Fixture.HEADROOM + fixture.intField("arp.offset");
            for (int length = 0; length < ArpPacket.LENGTH; length++)
            {
                assertEquals(CodecStatus.TRUNCATED, arp.wrap(segment, offset, offset + length), "length " + length);
            }
            assertEquals(CodecStatus.OK, arp.wrap(segment, offset, offset + ArpPacket.LENGTH));
        }
    }

    @Test
    void proxyReplyInPlaceIsTheReplyScapyBuilds()
    {
        final Fixture request = Fixture.load("arp", "arp_request");
        final Fixture expected = Fixture.load("arp", "arp_proxy_reply");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = request.toSegment(arena);
            assertEquals(CodecStatus.OK, eth.wrap(segment, Fixture.HEADROOM, request.limit()));
            assertEquals(CodecStatus.OK, arp.wrap(segment, eth.payloadOffset(), request.limit()));
            final long requester = arp.senderMac();
            arp.requestToReply(HA_MAC);
            eth.destinationMac(requester).sourceMac(HA_MAC);
            assertArrayEquals(expected.bytes(), segment.asSlice(Fixture.HEADROOM).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void encodedReplyDecodesInTshark()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(EthernetHeader.LENGTH + ArpPacket.LENGTH);
            eth.wrapForEncode(segment, 0).destinationMac(ROUTER_MAC).sourceMac(HA_MAC)
                .etherType(EthernetHeader.ETHERTYPE_ARP);
            arp.wrapForEncode(segment, eth.payloadOffset())
                .encodeReply(HA_MAC, 0xC000024D, ROUTER_MAC, 0xC00002FE);
            assertEquals(CodecStatus.OK, arp.wrap(segment, eth.payloadOffset(), segment.byteSize()));

            final List<JsonNode> layers = Tshark.decode(
                PcapWriter.LINKTYPE_ETHERNET, List.of(), segment.toArray(ValueLayout.JAVA_BYTE));
            final JsonNode frame = layers.get(0);
            assertEquals("1", Tshark.field(frame, "arp.hw.type"));
            assertEquals("0x0800", Tshark.field(frame, "arp.proto.type"));
            assertEquals("6", Tshark.field(frame, "arp.hw.size"));
            assertEquals("4", Tshark.field(frame, "arp.proto.size"));
            assertEquals("2", Tshark.field(frame, "arp.opcode"));
            assertEquals("02:00:5e:10:00:01", Tshark.field(frame, "arp.src.hw_mac"));
            assertEquals("192.0.2.77", Tshark.field(frame, "arp.src.proto_ipv4"));
            assertEquals("52:54:00:ab:cd:ef", Tshark.field(frame, "arp.dst.hw_mac"));
            assertEquals("192.0.2.254", Tshark.field(frame, "arp.dst.proto_ipv4"));
        }
    }
}
