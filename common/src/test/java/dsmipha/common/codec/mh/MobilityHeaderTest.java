package dsmipha.common.codec.mh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.CodecStatus;

class MobilityHeaderTest
{
    private final MobilityHeader mh = new MobilityHeader();

    @ParameterizedTest
    @FieldSource("dsmipha.common.codec.mh.MhFixtures#DECODED")
    void decodesTheCommonHeaderOfEveryScapyMessage(final String name)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, name);
            assertEquals(CodecStatus.OK, mh.wrap(f.segment(), f.mh(), f.limit()));
            assertEquals(f.mh(), mh.offset());
            assertEquals(f.intField("mh.nh"), mh.payloadProto());
            assertEquals(f.intField("mh.len"), mh.headerLength());
            assertEquals(f.intField("mh.length"), mh.length());
            assertEquals(f.intField("mh.mhtype"), mh.type());
            assertEquals(f.intField("mh.res"), mh.reserved());
            assertEquals(f.intField("mh.cksum"), mh.checksum());
            assertEquals(f.mh() + MobilityHeader.MESSAGE_DATA_OFFSET, mh.messageDataOffset());
            assertEquals(f.mh() + MobilityHeader.fixedLength(mh.type()), mh.optionsOffset());
            assertEquals(f.limit(), mh.optionsLimit());
        }
    }

    @ParameterizedTest
    @FieldSource("dsmipha.common.codec.mh.MhFixtures#ALL")
    void checksumMatchesScapyOverThePseudoHeaderWithHomeAddressAndRoutingHeader(final String name)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, name);
            mh.wrap(f.segment(), f.mh(), f.limit());
            assertTrue(mh.verifyChecksum(f.source(), f.destination()));
            assertEquals(f.intField("mh.cksum"), mh.computeChecksum(f.source(), f.destination()));
        }
    }

    @Test
    void checksumUsesTheHomeAddressNotTheCareOfAddress()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, "bu_nemo");
            mh.wrap(f.segment(), f.mh(), f.limit());
            final long ipv6Source = f.mh() - f.intField("mh.offset") + MhFixtures.IPV6_SOURCE;
            assertFalse(mh.verifyChecksum(ipv6Source, f.destination()));
        }
    }

    @Test
    void checksumUsesTheFinalDestinationOfTheType2RoutingHeader()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, "ba_rh2");
            mh.wrap(f.segment(), f.mh(), f.limit());
            final long ipv6Destination = f.mh() - f.intField("mh.offset") + MhFixtures.IPV6_DESTINATION;
            assertFalse(mh.verifyChecksum(f.source(), ipv6Destination));
        }
    }

    @ParameterizedTest
    @FieldSource("dsmipha.common.codec.mh.MhFixtures#DECODED")
    void everyCorruptedOctetFailsTheChecksum(final String name)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, name);
            for (long at = f.mh(); at < f.limit(); at++)
            {
                final byte original = f.segment().get(ValueLayout.JAVA_BYTE, at);
                f.segment().set(ValueLayout.JAVA_BYTE, at, (byte)(original ^ 0x10));
                mh.wrap(f.segment(), f.mh(), f.limit());
                if (at != f.mh() + MobilityHeader.HEADER_LENGTH_OFFSET)
                {
                    assertFalse(mh.verifyChecksum(f.source(), f.destination()), "octet " + (at - f.mh()));
                }
                f.segment().set(ValueLayout.JAVA_BYTE, at, original);
            }
        }
    }

    @ParameterizedTest
    @FieldSource("dsmipha.common.codec.mh.MhFixtures#ALL")
    void truncatedAtEveryLengthIsAnErrorCode(final String name)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, name);
            final int length = f.intField("mh.length");
            for (int cut = 0; cut < length; cut++)
            {
                final int expected = cut < MobilityHeader.MIN_LENGTH ? CodecStatus.TRUNCATED : CodecStatus.BAD_LENGTH;
                assertEquals(expected, mh.wrap(f.segment(), f.mh(), f.mh() + cut), "cut at " + cut);
            }
        }
    }

    @ParameterizedTest
    @FieldSource("dsmipha.common.codec.mh.MhFixtures#DECODED")
    void headerLengthOverrunningThePacketIsBadLength(final String name)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, name);
            Bytes.put8(f.segment(), f.mh() + MobilityHeader.HEADER_LENGTH_OFFSET, f.intField("mh.len") + 1);
            assertEquals(CodecStatus.BAD_LENGTH, mh.wrap(f.segment(), f.mh(), f.limit()));
            Bytes.put8(f.segment(), f.mh() + MobilityHeader.HEADER_LENGTH_OFFSET, 255);
            assertEquals(CodecStatus.BAD_LENGTH, mh.wrap(f.segment(), f.mh(), f.limit()));
        }
    }

    @ParameterizedTest
    @CsvSource({"1", "4", "7"})
    void packetNotAMultipleOfEightOctetsIsBadPadding(final int extra)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, "bu_dsmip");
            final MemorySegment longer = arena.allocate(f.limit() + extra);
            MemorySegment.copy(f.segment(), 0, longer, 0, f.limit());
            assertEquals(CodecStatus.BAD_PADDING, mh.wrap(longer, f.mh(), f.limit() + extra));
        }
    }

    @Test
    void octetsAfterTheHeaderThatHeaderLenDoesNotCountAreBadLength()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, "ba_dsmip");
            final MemorySegment longer = arena.allocate(f.limit() + 8);
            MemorySegment.copy(f.segment(), 0, longer, 0, f.limit());
            assertEquals(CodecStatus.BAD_LENGTH, mh.wrap(longer, f.mh(), f.limit() + 8));
        }
    }

    @ParameterizedTest
    @CsvSource({"0", "6", "58", "60", "255"})
    void payloadProtoOtherThan59IsBadField(final int proto)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, "brr");
            Bytes.put8(f.segment(), f.mh() + MobilityHeader.PAYLOAD_PROTO_OFFSET, proto);
            assertEquals(CodecStatus.BAD_FIELD, mh.wrap(f.segment(), f.mh(), f.limit()));
        }
    }

    @ParameterizedTest
    @CsvSource({
        // type, header len: one unit short of the type's fixed part (RFC 6275 §6.1.2-6.1.9, §9.2)
        "1, 0", "2, 0", "3, 1", "4, 1", "5, 0", "6, 0", "7, 1", "7, 0", "3, 0"})
    void headerShorterThanItsTypeIsBadLength(final int type, final int headerLength)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final int length = (headerLength + 1) * 8;
            final MemorySegment segment = arena.allocate(length);
            Bytes.put8(segment, 0, MobilityHeader.PAYLOAD_PROTO_NONE);
            Bytes.put8(segment, 1, headerLength);
            Bytes.put8(segment, 2, type);
            assertEquals(CodecStatus.BAD_LENGTH, mh.wrap(segment, 0, length));
        }
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1, 1", "2, 1", "3, 2", "4, 2", "5, 1", "6, 1", "7, 2"})
    void headerOfExactlyItsTypesMinimumIsAccepted(final int type, final int headerLength)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final int length = (headerLength + 1) * 8;
            final MemorySegment segment = arena.allocate(length);
            Bytes.put8(segment, 0, MobilityHeader.PAYLOAD_PROTO_NONE);
            Bytes.put8(segment, 1, headerLength);
            Bytes.put8(segment, 2, type);
            assertEquals(CodecStatus.OK, mh.wrap(segment, 0, length));
        }
    }

    @Test
    void typeThisCodecDoesNotDecodeIsUnsupportedWithNoOptionsToWalk()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, "heartbeat");
            assertEquals(CodecStatus.UNSUPPORTED, mh.wrap(f.segment(), f.mh(), f.limit()));
            assertEquals(MobilityHeader.TYPE_HEARTBEAT, mh.type());
            assertEquals(f.intField("mh.length"), mh.length());
            assertEquals(mh.optionsLimit(), mh.optionsOffset());
            assertEquals(MobilityOptionIterator.END, new MobilityOptionIterator().reset(mh).next());
        }
    }

    @Test
    void fixedLengthsPerType()
    {
        assertEquals(8, MobilityHeader.fixedLength(MobilityHeader.TYPE_BINDING_REFRESH_REQUEST));
        assertEquals(16, MobilityHeader.fixedLength(MobilityHeader.TYPE_HOME_TEST_INIT));
        assertEquals(16, MobilityHeader.fixedLength(MobilityHeader.TYPE_CARE_OF_TEST_INIT));
        assertEquals(24, MobilityHeader.fixedLength(MobilityHeader.TYPE_HOME_TEST));
        assertEquals(24, MobilityHeader.fixedLength(MobilityHeader.TYPE_CARE_OF_TEST));
        assertEquals(12, MobilityHeader.fixedLength(MobilityHeader.TYPE_BINDING_UPDATE));
        assertEquals(12, MobilityHeader.fixedLength(MobilityHeader.TYPE_BINDING_ACK));
        assertEquals(24, MobilityHeader.fixedLength(MobilityHeader.TYPE_BINDING_ERROR));
        assertEquals(-1, MobilityHeader.fixedLength(MobilityHeader.TYPE_HOME_AGENT_SWITCH));
        assertEquals(-1, MobilityHeader.fixedLength(MobilityHeader.TYPE_HEARTBEAT));
        assertEquals(-1, MobilityHeader.fixedLength(MobilityHeader.TYPE_BINDING_REVOCATION));
        assertEquals(-1, MobilityHeader.fixedLength(255));
    }

    @ParameterizedTest
    @CsvSource({
        // type, header len the RFC gives an empty message (RFC 6275 §6.1.2-6.1.9)
        "0, 0", "1, 1", "2, 1", "3, 2", "4, 2", "5, 1", "6, 1", "7, 2"})
    void emptyMessagesArePaddedToTheHeaderLenTheRfcGives(final int type, final int headerLength)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(64);
            segment.fill((byte)0x5A);
            final int length = mh.wrapForEncode(segment, 8).startMessage(type).finish();
            assertEquals((headerLength + 1) * 8, length);
            assertEquals(headerLength, mh.headerLength());
            assertEquals(MobilityHeader.PAYLOAD_PROTO_NONE, mh.payloadProto());
            assertEquals(0, mh.reserved());
            assertEquals(0, mh.checksum());
            for (int i = MobilityHeader.MESSAGE_DATA_OFFSET; i < MobilityHeader.fixedLength(type); i++)
            {
                assertEquals(0, Bytes.u8(segment, 8 + i), "fixed field octet " + i);
            }
            assertEquals(CodecStatus.OK, mh.wrap(segment, 8, 8 + length));
            assertEquals(MobilityOptionIterator.END, new MobilityOptionIterator().reset(mh).next());
        }
    }

    @Test
    void finishPadsWithPad1OrPadN()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(64);
            // BU fixed part 12 + DNS update of 2+2+1 = 17: 7 octets of PadN to 24
            mh.wrapForEncode(segment, 0).startMessage(MobilityHeader.TYPE_BINDING_UPDATE);
            new DnsUpdateOption().appendTo(mh, new byte[] {'a'});
            assertEquals(24, mh.finish());
            assertEquals(MobilityOptionIterator.PADN, Bytes.u8(segment, 17));
            assertEquals(5, Bytes.u8(segment, 18));

            // BU fixed part 12 + DNS update of 2+2+7 = 23: a single missing octet is Pad1
            mh.wrapForEncode(segment, 0).startMessage(MobilityHeader.TYPE_BINDING_UPDATE);
            new DnsUpdateOption().appendTo(mh, new byte[] {'a', 'b', 'c', 'd', 'e', 'f', 'g'});
            assertEquals(24, mh.finish());
            assertEquals(MobilityOptionIterator.PAD1, Bytes.u8(segment, 23));
            assertEquals(2, mh.headerLength());
        }
    }

    @ParameterizedTest
    @CsvSource({
        // position, modulus, remainder, padding
        "12, 0, 0, 0", "13, 2, 0, 1", "12, 2, 0, 0", "12, 8, 6, 2", "15, 8, 6, 7", "14, 8, 6, 0",
        "12, 8, 2, 6", "12, 8, 4, 0", "13, 8, 4, 7", "13, 4, 0, 3", "20, 4, 0, 0"})
    void alignmentPaddingFollowsTheXnPlusYRule(final int position, final int modulus, final int remainder,
        final int padding)
    {
        assertEquals(padding, MobilityHeader.alignmentPadding(position, modulus, remainder));
    }

    @Test
    void finishComputesAChecksumThatVerifies()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = MhFixtures.ipv6Packet(arena, MhFixtures.HOA, MhFixtures.HA, 64);
            mh.wrapForEncode(segment, MhFixtures.IPV6_HEADER_LENGTH).startMessage(MobilityHeader.TYPE_BINDING_UPDATE);
            final int length = mh.finish(MhFixtures.IPV6_SOURCE, MhFixtures.IPV6_DESTINATION);
            assertEquals(CodecStatus.OK, mh.wrap(segment, MhFixtures.IPV6_HEADER_LENGTH,
                MhFixtures.IPV6_HEADER_LENGTH + length));
            assertTrue(mh.verifyChecksum(MhFixtures.IPV6_SOURCE, MhFixtures.IPV6_DESTINATION));
            assertFalse(mh.verifyChecksum(MhFixtures.IPV6_DESTINATION, MhFixtures.IPV6_SOURCE + 1));
        }
    }

    @Test
    void encodingPastTheLargestHeaderIsAProgrammingError()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(4096);
            mh.wrapForEncode(segment, 0).startMessage(MobilityHeader.TYPE_BINDING_UPDATE);
            final ServiceSelectionOption option = new ServiceSelectionOption();
            for (int i = 0; i < 7; i++)
            {
                option.appendTo(mh, new byte[255]);
            }
            assertThrows(IllegalStateException.class, () -> option.appendTo(mh, new byte[255]));
            assertThrows(IllegalArgumentException.class,
                () -> mh.wrapForEncode(segment, 0).startMessage(MobilityHeader.TYPE_HEARTBEAT));
        }
    }
}
