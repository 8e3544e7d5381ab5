package dsmipha.common.codec.mh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.CodecStatus;

class MobilityOptionIteratorTest
{
    private final MobilityHeader mh = new MobilityHeader();
    private final MobilityOptionIterator options = new MobilityOptionIterator();

    @ParameterizedTest
    @FieldSource("dsmipha.common.codec.mh.MhFixtures#DECODED")
    void returnsTheKnownOptionsScapyBuiltAndSkipsPaddingAndUnknownTypes(final String name)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, name);
            assertEquals(CodecStatus.OK, mh.wrap(f.segment(), f.mh(), f.limit()));
            options.reset(mh);
            final int count = f.intField("opt.count");
            for (int i = 0; i < count; i++)
            {
                final String key = "opt." + i;
                assertEquals(f.intField(key + ".type"), options.next(), key);
                assertEquals(f.intField(key + ".type"), options.type());
                assertEquals(f.intField(key + ".len"), options.length());
                assertEquals(f.mh() + f.intField(key + ".offset"), options.offset());
                assertEquals(options.offset() + 2, options.valueOffset());
                assertTrue(options.valueOffset() + options.length() <= f.limit());
            }
            assertEquals(MobilityOptionIterator.END, options.next());
            assertEquals(MobilityOptionIterator.END, options.next());
            assertEquals(f.intField("unknown.count"), options.skippedCount());
            assertEquals(f.limit(), options.limit());
        }
    }

    @Test
    void unknownOptionTypeIsSkipped()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, "bu_nemo");
            assertEquals(200, f.intField("unknown.0.type"));
            assertTrue(f.intField("unknown.0.offset") > f.intField("opt.5.offset"));
            mh.wrap(f.segment(), f.mh(), f.limit());
            options.reset(mh);
            int last = 0;
            for (int type = options.next(); type != MobilityOptionIterator.END; type = options.next())
            {
                assertTrue(type > 0 && MobilityOptionIterator.isKnown(type));
                last = type;
            }
            assertEquals(MobilityOptionIterator.SERVICE_SELECTION, last);
            assertEquals(1, options.skippedCount());
        }
    }

    @Test
    void misalignedDsmipv6OptionFromScapyIsBadAlignment()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, "bu_misaligned");
            assertEquals(13, f.intField("opt.0.offset"));
            assertEquals(CodecStatus.OK, mh.wrap(f.segment(), f.mh(), f.limit()));
            options.reset(mh);
            assertEquals(CodecStatus.BAD_ALIGNMENT, options.next());
            assertEquals(CodecStatus.BAD_ALIGNMENT, options.next());
            assertEquals(MobilityOptionIterator.END, options.type());
        }
    }

    @ParameterizedTest
    @CsvSource({
        // type, length, offset in the MH where it is misaligned (the BU options start at 12)
        "2, 2, 13", "3, 16, 12", "3, 16, 13", "4, 4, 13", "5, 12, 12", "5, 12, 14", "6, 18, 13", "6, 18, 16",
        "29, 6, 13", "29, 6, 14", "30, 6, 15", "31, 6, 14", "32, 6, 13", "32, 6, 18"})
    void knownOptionOffItsAlignmentIsBadAlignment(final int type, final int length, final int at)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = buWithOption(arena, at, type, length);
            assertEquals(CodecStatus.OK, mh.wrap(segment, 0, segment.byteSize()));
            assertEquals(CodecStatus.BAD_ALIGNMENT, options.reset(mh).next());
        }
    }

    @ParameterizedTest
    @CsvSource({
        // type, length, an aligned offset; options without a rule (17, 20, unknown) sit anywhere
        "2, 2, 14", "3, 16, 14", "4, 4, 12", "5, 12, 18", "6, 18, 20", "29, 6, 12", "30, 6, 16", "31, 6, 20",
        "32, 6, 24", "17, 2, 13", "17, 9, 15", "20, 1, 13", "20, 40, 17"})
    void knownOptionOnItsAlignmentIsReturned(final int type, final int length, final int at)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = buWithOption(arena, at, type, length);
            assertEquals(CodecStatus.OK, mh.wrap(segment, 0, segment.byteSize()));
            options.reset(mh);
            assertEquals(type, options.next());
            assertEquals(at, options.offset());
            assertEquals(length, options.length());
            assertEquals(MobilityOptionIterator.END, options.next());
        }
    }

    @ParameterizedTest
    @CsvSource({
        // type, wrong length, aligned offset
        "2, 1, 12", "2, 3, 12", "3, 15, 14", "3, 17, 14", "4, 2, 12", "4, 8, 12", "6, 16, 12", "6, 19, 12",
        "29, 5, 12", "29, 8, 12", "30, 4, 12", "30, 7, 12", "31, 0, 12", "31, 10, 12", "32, 2, 12", "32, 16, 12",
        "17, 0, 12", "17, 1, 12", "20, 0, 12"})
    void knownOptionWithWrongLengthIsBadOption(final int type, final int length, final int at)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = buWithOption(arena, at, type, length);
            assertEquals(CodecStatus.OK, mh.wrap(segment, 0, segment.byteSize()));
            assertEquals(CodecStatus.BAD_OPTION, options.reset(mh).next());
        }
    }

    @Test
    void optionOverrunningTheOptionsAreaIsBadOption()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MhFixtures.Loaded f = MhFixtures.load(arena, "ba_dsmip");
            // the NAT Detection option at 20 claims 12 octets of data: 20 + 2 + 12 = 34 > 32
            Bytes.put8(f.segment(), f.mh() + f.intField("opt.1.offset") + 1, 12);
            assertEquals(CodecStatus.OK, mh.wrap(f.segment(), f.mh(), f.limit()));
            options.reset(mh);
            assertEquals(MobilityOptionIterator.IPV4_ADDRESS_ACKNOWLEDGEMENT, options.next());
            assertEquals(CodecStatus.BAD_OPTION, options.next());
            assertEquals(CodecStatus.BAD_OPTION, options.next());
        }
    }

    @Test
    void unknownOptionOverrunningTheOptionsAreaIsBadOption()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = buWithOption(arena, 12, 200, 3);
            Bytes.put8(segment, 13, 255);
            mh.wrap(segment, 0, segment.byteSize());
            assertEquals(CodecStatus.BAD_OPTION, options.reset(mh).next());
        }
    }

    @Test
    void optionTypeInTheLastOctetWithoutALengthIsBadOption()
    {
        try (Arena arena = Arena.ofConfined())
        {
            // BU, options at 12: PadN of 1 data octet (12..14), Pad1 at 15 ... then type 200 in the last octet
            final MemorySegment segment = MhFixtures.segmentOf(arena,
                "3b02 0500 0000 0001 0000 0000 0101 0000 0000 0000 0000 00c8");
            assertEquals(CodecStatus.OK, mh.wrap(segment, 0, segment.byteSize()));
            assertEquals(CodecStatus.BAD_OPTION, options.reset(mh).next());
        }
    }

    @Test
    void paddingOnlyOptionsAreaEndsWithoutOptions()
    {
        try (Arena arena = Arena.ofConfined())
        {
            // BRR with 8 octets of options: Pad1, PadN(3 data), PadN(0 data)... all padding
            final MemorySegment segment = MhFixtures.segmentOf(arena, "3b01 0000 0000 0000 0001 0300 0000 0100");
            assertEquals(CodecStatus.OK, mh.wrap(segment, 0, segment.byteSize()));
            options.reset(mh);
            assertEquals(MobilityOptionIterator.END, options.next());
            assertEquals(0, options.skippedCount());
        }
    }

    @Test
    void iterationTerminatesOnEveryByteValueFill()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(MobilityHeader.MAX_LENGTH);
            for (int fill = 0; fill < 256; fill++)
            {
                segment.fill((byte)fill);
                options.reset(segment, 0, BindingUpdate.FIXED_LENGTH, segment.byteSize());
                int calls = 0;
                int status;
                do
                {
                    status = options.next();
                    calls++;
                }
                while (status >= 0 && status != MobilityOptionIterator.END);
                assertTrue(calls <= MobilityHeader.MAX_LENGTH, "fill " + fill);
                assertTrue(options.offset() + 2 + options.length() <= segment.byteSize());
            }
        }
    }

    @Test
    void rulesPerKnownType()
    {
        assertEquals(2, MobilityOptionIterator.alignmentModulus(MobilityOptionIterator.BINDING_REFRESH_ADVICE));
        assertEquals(8, MobilityOptionIterator.alignmentModulus(MobilityOptionIterator.ALTERNATE_CARE_OF_ADDRESS));
        assertEquals(6, MobilityOptionIterator.alignmentRemainder(MobilityOptionIterator.ALTERNATE_CARE_OF_ADDRESS));
        assertEquals(2, MobilityOptionIterator.alignmentModulus(MobilityOptionIterator.NONCE_INDICES));
        assertEquals(2, MobilityOptionIterator.alignmentRemainder(MobilityOptionIterator.BINDING_AUTHORIZATION_DATA));
        assertEquals(4, MobilityOptionIterator.alignmentRemainder(MobilityOptionIterator.MOBILE_NETWORK_PREFIX));
        assertEquals(0, MobilityOptionIterator.alignmentModulus(MobilityOptionIterator.DNS_UPDATE));
        assertEquals(0, MobilityOptionIterator.alignmentModulus(MobilityOptionIterator.SERVICE_SELECTION));
        for (int type = 29; type <= 32; type++)
        {
            assertEquals(4, MobilityOptionIterator.alignmentModulus(type));
            assertEquals(0, MobilityOptionIterator.alignmentRemainder(type));
            assertEquals(6, MobilityOptionIterator.minimumLength(type));
            assertEquals(6, MobilityOptionIterator.maximumLength(type));
        }
        assertTrue(!MobilityOptionIterator.isKnown(MobilityOptionIterator.PAD1));
        assertTrue(!MobilityOptionIterator.isKnown(MobilityOptionIterator.PADN));
        assertTrue(!MobilityOptionIterator.isKnown(7));
        assertTrue(!MobilityOptionIterator.isKnown(33));
    }

    /**
     * A Binding Update whose options area holds one option of the given type and length at the given offset,
     * preceded by padding and followed by padding to a multiple of 8. The option data is zero.
     */
    private static MemorySegment buWithOption(final Arena arena, final int at, final int type, final int length)
    {
        final int end = at + 2 + length;
        final int total = (end + 7) / 8 * 8;
        final MemorySegment segment = arena.allocate(total);
        Bytes.put8(segment, MobilityHeader.PAYLOAD_PROTO_OFFSET, MobilityHeader.PAYLOAD_PROTO_NONE);
        Bytes.put8(segment, MobilityHeader.HEADER_LENGTH_OFFSET, total / 8 - 1);
        Bytes.put8(segment, MobilityHeader.TYPE_OFFSET, MobilityHeader.TYPE_BINDING_UPDATE);
        padding(segment, BindingUpdate.FIXED_LENGTH, at);
        Bytes.put8(segment, at, type);
        Bytes.put8(segment, at + 1, length);
        padding(segment, end, total);
        return segment;
    }

    private static void padding(final MemorySegment segment, final int from, final int to)
    {
        final int n = to - from;
        if (n == 1)
        {
            Bytes.put8(segment, from, MobilityOptionIterator.PAD1);
        }
        else if (n > 1)
        {
            Bytes.put8(segment, from, MobilityOptionIterator.PADN);
            Bytes.put8(segment, from + 1, n - 2);
        }
    }
}
