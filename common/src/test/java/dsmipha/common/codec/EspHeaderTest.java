package dsmipha.common.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dsmipha.common.pcap.PcapWriter;
import dsmipha.common.testing.Fixture;
import dsmipha.common.testing.Tshark;

class EspHeaderTest
{
    private final EspHeader esp = new EspHeader();

    @ParameterizedTest
    @ValueSource(strings = {
        "esp_null_sha1_udp", "esp_block16_pad13", "esp_no_icv", "esp_natt_tunnel", "esp_ipv6_mh_bu", "esp_dummy"})
    void decodesEveryFieldOfScapyPackets(final String name)
    {
        final Fixture fixture = Fixture.load("esp", name);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            final long offset = Fixture.HEADROOM + fixture.intField("esp.offset");
            assertEquals(fixture.intField("esp.len"), fixture.limit() - offset);
            assertEquals(CodecStatus.OK, esp.wrap(segment, offset, fixture.limit()));
            assertEquals(offset, esp.offset());
            assertEquals(fixture.longField("esp.spi"), Integer.toUnsignedLong(esp.spi()));
            assertEquals(fixture.longField("esp.seq"), esp.sequenceNumber());
            assertFalse(esp.isReservedSpi());
            assertEquals(offset + EspHeader.LENGTH, esp.payloadOffset());

            final long payloadStart = esp.payloadOffset() + fixture.intField("esp.iv_len");
            final int icvLength = fixture.intField("esp.icv_len");
            assertEquals(CodecStatus.OK, esp.wrapTrailer(segment, payloadStart, fixture.limit(), icvLength));
            assertEquals(fixture.intField("esp.padlen"), esp.padLength());
            assertEquals(fixture.intField("esp.nh"), esp.nextHeader());
            assertEquals(fixture.intField("esp.nh") == EspHeader.NEXT_HEADER_NONE, esp.isDummy());
            assertEquals(icvLength, esp.icvLength());
            assertEquals(fixture.limit() - icvLength, esp.icvOffset());
            assertEquals(payloadStart + fixture.intField("esp.payload_len"), esp.paddingOffset());
            assertEquals(fixture.field("esp.padding"), hex(segment, esp.paddingOffset(), esp.padLength()));
            assertEquals(fixture.field("esp.icv"), hex(segment, esp.icvOffset(), esp.icvLength()));
            // The header accessors still describe the header.
            assertEquals(fixture.longField("esp.seq"), esp.sequenceNumber());
        }
    }

    @ParameterizedTest
    @CsvSource({
        "esp_null_sha1_udp, 1",
        "esp_block16_pad13, 16",
        "esp_no_icv, 1",
        "esp_natt_tunnel, 4",
        "esp_ipv6_mh_bu, 1",
        "esp_dummy, 1"})
    void encodedTrailerIsTheOneScapyBuilds(final String name, final int blockSize)
    {
        final Fixture fixture = Fixture.load("esp", name);
        try (Arena arena = Arena.ofConfined())
        {
            final byte[] expected = fixture.bytes();
            final int espOffset = fixture.intField("esp.offset");
            final int payloadLength = fixture.intField("esp.payload_len");
            final int icvLength = fixture.intField("esp.icv_len");
            final MemorySegment segment = arena.allocate(expected.length);
            // Outer headers and the payload data as scapy made them; SPI, sequence number and trailer are ours.
            final long payloadStart = espOffset + EspHeader.LENGTH;
            MemorySegment.copy(expected, 0, segment, ValueLayout.JAVA_BYTE, 0, espOffset);
            MemorySegment.copy(expected, (int)payloadStart, segment, ValueLayout.JAVA_BYTE, payloadStart, payloadLength);
            esp.wrapForEncode(segment, espOffset)
                .spi((int)fixture.longField("esp.spi"))
                .sequenceNumber(fixture.longField("esp.seq"));
            final long icvOffset = esp.writeTrailer(
                payloadStart, payloadStart + payloadLength, blockSize, fixture.intField("esp.nh"), icvLength);
            assertEquals(expected.length - icvLength, icvOffset);
            assertEquals(fixture.intField("esp.padlen"), esp.padLength());
            assertEquals(fixture.intField("esp.nh"), esp.nextHeader());
            assertEquals(icvOffset, esp.icvOffset());
            MemorySegment.copy(expected, (int)icvOffset, segment, ValueLayout.JAVA_BYTE, icvOffset, icvLength);
            assertArrayEquals(expected, segment.toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void paddingOfZerosIsBadPadding()
    {
        final Fixture fixture = Fixture.load("esp", "esp_zero_padding");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            final long offset = Fixture.HEADROOM + fixture.intField("esp.offset");
            assertEquals(CodecStatus.OK, esp.wrap(segment, offset, fixture.limit()));
            assertEquals(CodecStatus.BAD_PADDING,
                esp.wrapTrailer(segment, esp.payloadOffset(), fixture.limit(), fixture.intField("esp.icv_len")));
            assertEquals(fixture.intField("esp.padlen"), esp.padLength());
            assertEquals(fixture.intField("esp.nh"), esp.nextHeader());
        }
    }

    @Test
    void everyPaddingOctetIsInspected()
    {
        final Fixture fixture = Fixture.load("esp", "esp_block16_pad13");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            final long payloadStart = Fixture.HEADROOM + fixture.intField("esp.offset") + EspHeader.LENGTH;
            final int icvLength = fixture.intField("esp.icv_len");
            final long padding = payloadStart + fixture.intField("esp.payload_len");
            for (int i = 0; i < fixture.intField("esp.padlen"); i++)
            {
                final long at = padding + i;
                final byte original = segment.get(ValueLayout.JAVA_BYTE, at);
                segment.set(ValueLayout.JAVA_BYTE, at, (byte)(original + 1));
                assertEquals(CodecStatus.BAD_PADDING, esp.wrapTrailer(segment, payloadStart, fixture.limit(), icvLength),
                    "padding octet " + i);
                segment.set(ValueLayout.JAVA_BYTE, at, original);
            }
            assertEquals(CodecStatus.OK, esp.wrapTrailer(segment, payloadStart, fixture.limit(), icvLength));
        }
    }

    @Test
    void padLengthReachingInFrontOfThePayloadIsBadLength()
    {
        final Fixture fixture = Fixture.load("esp", "esp_null_sha1_udp");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            final long payloadStart = Fixture.HEADROOM + fixture.intField("esp.offset") + EspHeader.LENGTH;
            final int icvLength = fixture.intField("esp.icv_len");
            final long padLengthOffset = fixture.limit() - icvLength - 2;
            final int room = (int)(padLengthOffset - payloadStart);
            Bytes.put8(segment, padLengthOffset, room + 1);
            assertEquals(CodecStatus.BAD_LENGTH, esp.wrapTrailer(segment, payloadStart, fixture.limit(), icvLength));
            Bytes.put8(segment, padLengthOffset, 255);
            assertEquals(CodecStatus.BAD_LENGTH, esp.wrapTrailer(segment, payloadStart, fixture.limit(), icvLength));
            // Padding over the whole payload is a length that fits; those octets are not 1, 2, 3, ... though.
            Bytes.put8(segment, padLengthOffset, room);
            assertEquals(CodecStatus.BAD_PADDING, esp.wrapTrailer(segment, payloadStart, fixture.limit(), icvLength));
            for (int i = 0; i < room; i++)
            {
                Bytes.put8(segment, payloadStart + i, i + 1);
            }
            assertEquals(CodecStatus.OK, esp.wrapTrailer(segment, payloadStart, fixture.limit(), icvLength));
            assertEquals(payloadStart, esp.paddingOffset());
        }
    }

    @Test
    void trailerWithoutRoomForItselfAndTheIcvIsTruncated()
    {
        final Fixture fixture = Fixture.load("esp", "esp_null_sha1_udp");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            final int icvLength = fixture.intField("esp.icv_len");
            final long limit = fixture.limit();
            for (int length = 0; length < icvLength + EspHeader.TRAILER_LENGTH; length++)
            {
                assertEquals(CodecStatus.TRUNCATED, esp.wrapTrailer(segment, limit - length, limit, icvLength),
                    "length " + length);
            }
            assertEquals(CodecStatus.BAD_LENGTH, esp.wrapTrailer(segment, Fixture.HEADROOM, limit, -1));
            assertEquals(CodecStatus.TRUNCATED,
                esp.wrapTrailer(segment, Fixture.HEADROOM, limit, Integer.MAX_VALUE));
        }
    }

    @Test
    void truncatedAtEveryLengthUpToTheHeaderIsTruncated()
    {
        final Fixture fixture = Fixture.load("esp", "esp_natt_tunnel");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            final long offset = Fixture.HEADROOM + fixture.intField("esp.offset");
            for (int length = 0; length < EspHeader.LENGTH; length++)
            {
                assertEquals(CodecStatus.TRUNCATED, esp.wrap(segment, offset, offset + length), "length " + length);
            }
            assertEquals(CodecStatus.OK, esp.wrap(segment, offset, offset + EspHeader.LENGTH));
        }
    }

    @ParameterizedTest
    @CsvSource({"0, -8, false", "1, 0, true", "255, 0, true", "256, 0, false", "-1, 0, false"})
    void spiZeroIsRefusedAndTheIanaRangeIsReported(final int spi, final int status, final boolean reserved)
    {
        final Fixture fixture = Fixture.load("esp", "esp_no_icv");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            final long offset = Fixture.HEADROOM + fixture.intField("esp.offset");
            Bytes.put32(segment, offset + EspHeader.SPI_OFFSET, spi);
            assertEquals(status, esp.wrap(segment, offset, fixture.limit()));
            assertEquals(spi, esp.spi());
            assertEquals(reserved, esp.isReservedSpi());
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 4", "4, 4", "8, 8", "12, 12", "16, 16", "6, 12", "64, 64", "256, 256"})
    void trailerEndsOnTheCipherBlockAndFourOctets(final int blockSize, final int alignment)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(EspHeader.LENGTH + 64 + 256 + 2);
            for (int payload = 0; payload < 64; payload++)
            {
                final long start = EspHeader.LENGTH;
                final long icv = esp.wrapForEncode(segment, 0).writeTrailer(start, start + payload, blockSize, 4, 0);
                assertEquals(0, (icv - start) % alignment, "payload " + payload);
                assertTrue(esp.padLength() < alignment);
                assertEquals(CodecStatus.OK, esp.wrapTrailer(segment, start, icv, 0));
                assertEquals(start + payload, esp.paddingOffset());
                assertEquals(4, esp.nextHeader());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -16, 257, 512, 65})
    void blockSizesPaddingCannotAlwaysReachAreBadFields(final int blockSize)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(64);
            assertEquals(CodecStatus.BAD_FIELD, esp.wrapForEncode(segment, 0).writeTrailer(8, 9, blockSize, 4, 0));
        }
    }

    @Test
    void encodedPacketDecodesInTshark()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final int icvLength = 12;
            final byte[] data = "binding".getBytes(StandardCharsets.US_ASCII);
            final int udpLength = UdpHeader.LENGTH + data.length;
            // 15 octets of UDP + 2 trailer octets pad to 32 with 16-octet blocks: 15 octets of padding.
            final int espLength = EspHeader.LENGTH + 32 + icvLength;
            final MemorySegment segment = arena.allocate(Ipv4Header.LENGTH + espLength);
            new Ipv4Header().wrapForEncode(segment, 0)
                .writeHeader(Ipv4Header.LENGTH + espLength, 9, 64, EspHeader.PROTOCOL, 0xC0000201, 0xC6336407)
                .updateChecksum();
            esp.wrapForEncode(segment, Ipv4Header.LENGTH).spi(0xABCD).sequenceNumber(42);
            final long payloadStart = esp.payloadOffset();
            // Not port 434: tshark would read "binding" as a Mobile IP message and stop before the trailer.
            new UdpHeader().wrapForEncode(segment, payloadStart).sourcePort(40001).destinationPort(4191)
                .length(udpLength).checksum(0);
            MemorySegment.copy(data, 0, segment, ValueLayout.JAVA_BYTE, payloadStart + UdpHeader.LENGTH, data.length);
            final long icvOffset = esp.writeTrailer(
                payloadStart, payloadStart + udpLength, 16, Ipv4Header.PROTOCOL_UDP, icvLength);
            assertEquals(segment.byteSize() - icvLength, icvOffset);
            assertEquals(15, esp.padLength());
            segment.asSlice(icvOffset, icvLength).fill((byte)0x5A);

            assertEquals(CodecStatus.OK, esp.wrap(segment, Ipv4Header.LENGTH, segment.byteSize()));
            assertEquals(CodecStatus.OK, esp.wrapTrailer(segment, payloadStart, segment.byteSize(), icvLength));

            final List<JsonNode> layers = Tshark.decode(
                PcapWriter.LINKTYPE_RAW,
                List.of("-o", "esp.enable_null_encryption_decode_heuristic:TRUE", "-o", "ip.check_checksum:TRUE"),
                segment.toArray(ValueLayout.JAVA_BYTE));
            final JsonNode packet = layers.get(0);
            assertEquals("0x0000abcd", Tshark.field(packet, "esp.spi"));
            assertEquals("42", Tshark.field(packet, "esp.sequence"));
            assertEquals("15", Tshark.field(packet, "esp.pad_len"));
            assertEquals("0x11", Tshark.field(packet, "esp.protocol"));
            assertEquals("01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f", Tshark.field(packet, "esp.pad"));
            assertEquals("40001", Tshark.field(packet, "udp.srcport"));
            assertEquals("1", Tshark.field(packet, "ip.checksum.status"));
        }
    }

    private static String hex(final MemorySegment segment, final long offset, final int length)
    {
        return HexFormat.of().formatHex(segment.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE));
    }
}
