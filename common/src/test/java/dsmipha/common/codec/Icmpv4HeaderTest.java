package dsmipha.common.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dsmipha.common.pcap.PcapWriter;
import dsmipha.common.testing.Fixture;
import dsmipha.common.testing.Tshark;

class Icmpv4HeaderTest
{
    private static final long IP = Fixture.HEADROOM;

    private final Ipv4Header ip = new Ipv4Header();
    private final Icmpv4Header icmp = new Icmpv4Header();

    @ParameterizedTest
    @ValueSource(strings = {
        "icmp4_echo_request", "icmp4_echo_reply", "icmp4_echo_odd", "icmp4_echo_empty", "icmp4_frag_needed",
        "icmp4_frag_needed_no_mtu", "icmp4_time_exceeded", "icmp4_param_problem", "icmp4_redirect"})
    void decodesEveryFieldOfScapyMessages(final String name)
    {
        final Fixture fixture = Fixture.load("icmp4", name);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            wrapMessage(segment, fixture);
            assertEquals(IP + fixture.intField("icmp.offset"), icmp.offset());
            assertEquals(fixture.intField("icmp.type"), icmp.type());
            assertEquals(fixture.intField("icmp.code"), icmp.code());
            assertEquals(fixture.intField("icmp.chksum"), icmp.checksum());
            assertEquals(fixture.intField("icmp.rest"), icmp.restOfHeader());
            assertEquals(fixture.intField("icmp.len"), icmp.messageLength());
            assertEquals(fixture.intField("icmp.payload_len"), icmp.payloadLength());
            assertEquals(icmp.offset() + Icmpv4Header.LENGTH, icmp.payloadOffset());
            if (fixture.fields().containsKey("icmp.id"))
            {
                assertEquals(fixture.intField("icmp.id"), icmp.identifier());
                assertEquals(fixture.intField("icmp.seq"), icmp.sequenceNumber());
            }
            if (fixture.fields().containsKey("icmp.nexthopmtu"))
            {
                assertTrue(icmp.isFragmentationNeeded());
                assertEquals(fixture.intField("icmp.nexthopmtu"), icmp.nextHopMtu());
            }
            else
            {
                assertFalse(icmp.isFragmentationNeeded());
            }
            if (fixture.fields().containsKey("icmp.ptr"))
            {
                assertEquals(fixture.intField("icmp.ptr"), icmp.pointer());
            }
            if (fixture.fields().containsKey("icmp.gw"))
            {
                assertEquals(fixture.intField("icmp.gw"), icmp.gatewayAddress());
            }
            final int type = icmp.type();
            assertEquals(type != Icmpv4Header.TYPE_ECHO_REQUEST && type != Icmpv4Header.TYPE_ECHO_REPLY, icmp.isError());
            assertTrue(icmp.verifyChecksum());
            assertEquals(fixture.intField("icmp.chksum"), icmp.computeChecksum());
        }
    }

    @Test
    void quotedDatagramOfAnErrorIsTheOriginalHeader()
    {
        final Fixture fixture = Fixture.load("icmp4", "icmp4_frag_needed");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            wrapMessage(segment, fixture);
            final long limit = icmp.offset() + icmp.messageLength();
            // The quoted header says 1428 octets, of which only 28 are quoted: its total length overruns.
            assertEquals(CodecStatus.BAD_LENGTH, ip.wrap(segment, icmp.payloadOffset(), limit));
            assertEquals(0xC0000201, ip.sourceAddress());
            assertEquals(0xCB007105, ip.destinationAddress());
            assertEquals(Ipv4Header.PROTOCOL_UDP, ip.protocol());
            assertTrue(ip.dontFragment());
            assertTrue(ip.verifyChecksum());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"icmp4_echo_request", "icmp4_echo_odd", "icmp4_echo_empty"})
    void echoReplyInPlaceHasTheChecksumScapyComputes(final String name)
    {
        final Fixture fixture = Fixture.load("icmp4", name);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            wrapMessage(segment, fixture);
            final int identifier = icmp.identifier();
            final int sequence = icmp.sequenceNumber();
            icmp.echoRequestToReply();
            assertEquals(Icmpv4Header.TYPE_ECHO_REPLY, icmp.type());
            assertEquals(identifier, icmp.identifier());
            assertEquals(sequence, icmp.sequenceNumber());
            assertEquals(fixture.intField("icmp.reply_chksum"), icmp.checksum());
            assertEquals(icmp.computeChecksum(), icmp.checksum());
            assertTrue(icmp.verifyChecksum());
        }
    }

    @Test
    void echoReplyInPlaceIsTheReplyScapyBuilds()
    {
        final Fixture request = Fixture.load("icmp4", "icmp4_echo_request");
        final Fixture reply = Fixture.load("icmp4", "icmp4_echo_reply");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = request.toSegment(arena);
            wrapMessage(segment, request);
            icmp.echoRequestToReply();
            final int offset = request.intField("icmp.offset");
            final byte[] expected = Arrays.copyOfRange(reply.bytes(), offset, reply.bytes().length);
            assertArrayEquals(expected, segment.asSlice(icmp.offset()).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void truncatedAtEveryLengthUpToTheHeaderIsTruncated()
    {
        final Fixture fixture = Fixture.load("icmp4", "icmp4_frag_needed");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            final long offset = IP + fixture.intField("icmp.offset");
            for (int length = 0; length < Icmpv4Header.LENGTH; length++)
            {
                assertEquals(CodecStatus.TRUNCATED, icmp.wrap(segment, offset, offset + length), "length " + length);
            }
            assertEquals(CodecStatus.OK, icmp.wrap(segment, offset, offset + Icmpv4Header.LENGTH));
            assertEquals(0, icmp.payloadLength());
        }
    }

    @Test
    void messageLongerThanAnIpv4PayloadIsBadLength()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(Icmpv4Header.LENGTH);
            assertEquals(CodecStatus.BAD_LENGTH, icmp.wrap(segment, 0, Icmpv4Header.MAX_MESSAGE_LENGTH + 1));
            assertEquals(CodecStatus.BAD_LENGTH, icmp.wrap(segment, 0, Long.MAX_VALUE));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"icmp4_echo_request", "icmp4_echo_odd", "icmp4_frag_needed"})
    void corruptedMessageFailsChecksum(final String name)
    {
        final Fixture fixture = Fixture.load("icmp4", name);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            wrapMessage(segment, fixture);
            // The last octet: for an odd length it is the one padded with zero in the sum.
            final long last = fixture.limit() - 1;
            segment.set(ValueLayout.JAVA_BYTE, last, (byte)(segment.get(ValueLayout.JAVA_BYTE, last) ^ 0x01));
            assertFalse(icmp.verifyChecksum());
            icmp.updateChecksum();
            assertTrue(icmp.verifyChecksum());
        }
    }

    @Test
    void encodedMessagesDecodeInTshark()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final byte[] echo = encodeEcho(arena);
            final byte[] tooBig = encodeFragmentationNeeded(arena);
            final List<JsonNode> layers = Tshark.decode(
                PcapWriter.LINKTYPE_RAW, List.of("-o", "ip.check_checksum:TRUE"), echo, tooBig);

            final JsonNode request = layers.get(0);
            assertEquals("8", Tshark.field(request, "icmp.type"));
            assertEquals("0", Tshark.field(request, "icmp.code"));
            assertEquals("4660", Tshark.field(request, "icmp.ident"));
            assertEquals("258", Tshark.field(request, "icmp.seq"));
            assertEquals("1", Tshark.field(request, "icmp.checksum.status"));

            final JsonNode error = layers.get(1);
            assertEquals("3", Tshark.field(error, "icmp.type"));
            assertEquals("4", Tshark.field(error, "icmp.code"));
            assertEquals("1280", Tshark.field(error, "icmp.mtu"));
            assertEquals("1", Tshark.field(error, "icmp.checksum.status"));
            assertEquals("1", Tshark.field(error, "ip.checksum.status"));
        }
    }

    private byte[] encodeEcho(final Arena arena)
    {
        final byte[] data = "abcdefghijklmnopq".getBytes(StandardCharsets.US_ASCII);
        final int messageLength = Icmpv4Header.LENGTH + data.length;
        final MemorySegment segment = arena.allocate(Ipv4Header.LENGTH + messageLength);
        ip.wrapForEncode(segment, 0)
            .writeHeader(Ipv4Header.LENGTH + messageLength, 1, 64, Ipv4Header.PROTOCOL_ICMP, 0xCB007105, 0xC0000201)
            .updateChecksum();
        MemorySegment.copy(data, 0, segment, ValueLayout.JAVA_BYTE, Ipv4Header.LENGTH + Icmpv4Header.LENGTH,
            data.length);
        icmp.wrapForEncode(segment, Ipv4Header.LENGTH).messageLength(messageLength)
            .type(Icmpv4Header.TYPE_ECHO_REQUEST).code(0).identifier(0x1234).sequenceNumber(0x0102).checksum(0)
            .updateChecksum();
        assertEquals(CodecStatus.OK, icmp.wrap(segment, Ipv4Header.LENGTH, segment.byteSize()));
        assertTrue(icmp.verifyChecksum());
        return segment.toArray(ValueLayout.JAVA_BYTE);
    }

    private byte[] encodeFragmentationNeeded(final Arena arena)
    {
        // The error quotes a 20-octet header and 8 octets of its payload (RFC 792).
        final int quoted = Ipv4Header.LENGTH + 8;
        final int messageLength = Icmpv4Header.LENGTH + quoted;
        final MemorySegment segment = arena.allocate(Ipv4Header.LENGTH + messageLength);
        ip.wrapForEncode(segment, Ipv4Header.LENGTH + Icmpv4Header.LENGTH)
            .writeHeader(1400, 7, 63, Ipv4Header.PROTOCOL_UDP, 0xC0000201, 0xCB007105)
            .dontFragment(true)
            .updateChecksum();
        ip.wrapForEncode(segment, 0)
            .writeHeader(Ipv4Header.LENGTH + messageLength, 2, 64, Ipv4Header.PROTOCOL_ICMP, 0xC63364FE, 0xC0000201)
            .updateChecksum();
        icmp.wrapForEncode(segment, Ipv4Header.LENGTH).messageLength(messageLength)
            .type(Icmpv4Header.TYPE_DESTINATION_UNREACHABLE).code(Icmpv4Header.CODE_FRAGMENTATION_NEEDED)
            .nextHopMtu(1280).checksum(0)
            .updateChecksum();
        return segment.toArray(ValueLayout.JAVA_BYTE);
    }

    private void wrapMessage(final MemorySegment segment, final Fixture fixture)
    {
        assertEquals(CodecStatus.OK, ip.wrap(segment, IP, fixture.limit()));
        assertEquals(Ipv4Header.PROTOCOL_ICMP, ip.protocol());
        assertEquals(IP + fixture.intField("icmp.offset"), ip.payloadOffset());
        final long end = ip.payloadOffset() + ip.payloadLength();
        assertEquals(CodecStatus.OK, icmp.wrap(segment, ip.payloadOffset(), end));
    }
}
