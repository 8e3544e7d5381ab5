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

class UdpHeaderTest
{
    private final UdpHeader udp = new UdpHeader();

    @ParameterizedTest
    @ValueSource(strings = {"udp4", "udp4_odd"})
    void decodesEveryFieldOfScapyIpv4Datagrams(final String name)
    {
        final Fixture fixture = Fixture.load("udp", name);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            final long ip = Fixture.HEADROOM;
            final long offset = ip + (Bytes.u8(segment, ip) & 0x0F) * 4L;
            assertEquals(CodecStatus.OK, udp.wrap(segment, offset, fixture.limit()));
            assertFields(fixture);
            assertTrue(udp.verifyChecksumIpv4(ip));
            assertEquals(fixture.intField("udp.chksum"), udp.computeChecksumIpv4(ip));
        }
    }

    @Test
    void decodesEveryFieldOfScapyIpv6Datagram()
    {
        final Fixture fixture = Fixture.load("udp", "udp6");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            final long ip = Fixture.HEADROOM;
            assertEquals(CodecStatus.OK, udp.wrap(segment, ip + 40, fixture.limit()));
            assertFields(fixture);
            assertTrue(udp.verifyChecksumIpv6(ip + 8, ip + 24));
            assertEquals(fixture.intField("udp.chksum"), udp.computeChecksumIpv6(ip + 8, ip + 24));
        }
    }

    @Test
    void truncatedAndOverrunningLengthsAreErrorCodes()
    {
        final Fixture fixture = Fixture.load("udp", "udp6");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            final long offset = Fixture.HEADROOM + 40;
            assertEquals(CodecStatus.TRUNCATED, udp.wrap(segment, offset, offset + 7));
            assertEquals(CodecStatus.BAD_LENGTH, udp.wrap(segment, offset, fixture.limit() - 1));
            Bytes.put16(segment, offset + UdpHeader.LENGTH_OFFSET, 7);
            assertEquals(CodecStatus.BAD_LENGTH, udp.wrap(segment, offset, fixture.limit()));
        }
    }

    @Test
    void corruptedDatagramFailsChecksum()
    {
        final Fixture fixture = Fixture.load("udp", "udp6");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            final long ip = Fixture.HEADROOM;
            udp.wrap(segment, ip + 40, fixture.limit());
            segment.set(ValueLayout.JAVA_BYTE, fixture.limit() - 1, (byte)'y');
            assertFalse(udp.verifyChecksumIpv6(ip + 8, ip + 24));
        }
    }

    @Test
    void encodedDatagramDecodesInTshark()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final byte[] ipv4 = {
                0x45, 0, 0, 0, 0, 1, 0, 0, 64, 17, 0, 0, (byte)192, 0, 2, 1, (byte)198, 51, 100, 7 };
            final int payload = 5;
            final MemorySegment segment = arena.allocate(20 + UdpHeader.LENGTH + payload);
            MemorySegment.copy(ipv4, 0, segment, ValueLayout.JAVA_BYTE, 0, ipv4.length);
            Bytes.put16(segment, 2, (int)segment.byteSize());
            Bytes.put16(segment, 10, InternetChecksum.compute(segment, 0, 20));
            udp.wrapForEncode(segment, 20).sourcePort(40001).destinationPort(434).length(8 + payload).checksum(0);
            udp.checksum(udp.computeChecksumIpv4(0));

            final List<JsonNode> layers = Tshark.decode(
                PcapWriter.LINKTYPE_RAW, List.of("-o", "udp.check_checksum:TRUE"),
                segment.toArray(ValueLayout.JAVA_BYTE));
            assertEquals("40001", Tshark.field(layers.get(0), "udp.srcport"));
            assertEquals("434", Tshark.field(layers.get(0), "udp.dstport"));
            assertEquals("13", Tshark.field(layers.get(0), "udp.length"));
            // tshark: 0 = bad, 1 = good, 2 = unverified
            assertEquals("1", Tshark.field(layers.get(0), "udp.checksum.status"));
        }
    }

    private void assertFields(final Fixture fixture)
    {
        assertEquals(fixture.intField("udp.sport"), udp.sourcePort());
        assertEquals(fixture.intField("udp.dport"), udp.destinationPort());
        assertEquals(fixture.intField("udp.len"), udp.length());
        assertEquals(fixture.intField("udp.chksum"), udp.checksum());
        assertEquals(fixture.intField("udp.payload_len"), udp.payloadLength());
    }
}
