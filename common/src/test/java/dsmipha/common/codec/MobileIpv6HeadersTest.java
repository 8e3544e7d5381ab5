package dsmipha.common.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.Test;

import dsmipha.common.testing.Fixture;

/**
 * The small flyweights the extension walk leans on: {@link HomeAddressOption}, {@link Type2RoutingHeader} and
 * {@link FragmentHeader}, on their own.
 */
class MobileIpv6HeadersTest
{
    private static final long IP = Fixture.HEADROOM;

    @Test
    void homeAddressOptionWrapStatuses()
    {
        final Fixture fixture = Fixture.load("ip6", "destopt_hao_bu");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            final long header = IP + fixture.intField("ext1.offset");
            final long option = IP + fixture.intField("hao.option_offset");
            final long end = header + HomeAddressOption.DESTINATION_OPTIONS_LENGTH;
            final HomeAddressOption hao = new HomeAddressOption();
            assertEquals(CodecStatus.OK, hao.wrap(segment, header, option, end));
            assertEquals(option, hao.offset());
            assertEquals(IP + fixture.intField("hao.offset"), hao.homeAddressOffset());
            assertEquals(fixture.longField("hao.addr.high"), hao.homeAddressHigh());
            assertEquals(fixture.longField("hao.addr.low"), hao.homeAddressLow());
            assertEquals(CodecStatus.TRUNCATED, hao.wrap(segment, header, option, option + 1));
            assertEquals(CodecStatus.BAD_OPTION, hao.wrap(segment, header, option, end - 1));
            assertEquals(CodecStatus.BAD_ALIGNMENT, hao.wrap(segment, header - 8 + 2, option, end));
            assertEquals(CodecStatus.BAD_FIELD, hao.wrap(segment, header, header + 2, end));
            Bytes.put8(segment, option + 1, 15);
            assertEquals(CodecStatus.BAD_OPTION, hao.wrap(segment, header, option, end));
        }
        assertTrue(HomeAddressOption.isAligned(40, 46));
        assertTrue(HomeAddressOption.isAligned(40, 62));
        assertFalse(HomeAddressOption.isAligned(40, 44));
    }

    @Test
    void homeAddressOptionEncodesAsScapyBuildsIt()
    {
        final Fixture fixture = Fixture.load("ip6", "destopt_hao_bu");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment scapy = fixture.toSegment(arena);
            final MemorySegment ours = arena.allocate(HomeAddressOption.DESTINATION_OPTIONS_LENGTH);
            final long header = IP + fixture.intField("ext1.offset");
            assertEquals(HomeAddressOption.DESTINATION_OPTIONS_LENGTH, HomeAddressOption.encodeDestinationOptions(
                ours, 0, fixture.intField("ext1.nh"), scapy, IP + fixture.intField("hao.offset")));
            assertEquals(
                -1L, scapy.asSlice(header, HomeAddressOption.DESTINATION_OPTIONS_LENGTH).mismatch(ours));
        }
    }

    @Test
    void type2RoutingHeaderWrapStatusesAndEncoding()
    {
        final Fixture fixture = Fixture.load("ip6", "rh2_ba");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            final long offset = IP + fixture.intField("rh2.offset");
            final Type2RoutingHeader rh2 = new Type2RoutingHeader();
            assertEquals(CodecStatus.OK, rh2.wrap(segment, offset, fixture.limit()));
            assertEquals(offset, rh2.offset());
            assertEquals(fixture.intField("ext1.nh"), rh2.nextHeader());
            assertEquals(Type2RoutingHeader.ROUTING_TYPE, rh2.routingType());
            assertEquals(1, rh2.segmentsLeft());
            assertEquals(IP + fixture.intField("rh2.addr_offset"), rh2.homeAddressOffset());

            final MemorySegment ours = arena.allocate(Type2RoutingHeader.LENGTH);
            assertEquals(Type2RoutingHeader.LENGTH, Type2RoutingHeader.encode(
                ours, 0, rh2.nextHeader(), segment, rh2.homeAddressOffset()));
            assertEquals(-1L, segment.asSlice(offset, Type2RoutingHeader.LENGTH).mismatch(ours));

            assertEquals(CodecStatus.TRUNCATED, rh2.wrap(segment, offset, offset + 7));
            assertEquals(CodecStatus.BAD_LENGTH, rh2.wrap(segment, offset, offset + 23));
            rh2.wrapForEncode(segment, offset).segmentsLeft(0);
            assertEquals(CodecStatus.OK, rh2.wrap(segment, offset, fixture.limit()));
            rh2.segmentsLeft(2);
            assertEquals(CodecStatus.BAD_FIELD, rh2.wrap(segment, offset, fixture.limit()));
            rh2.segmentsLeft(1).nextHeader(59).homeAddress(5L, 6L);
            assertEquals(5L, rh2.homeAddressHigh());
            assertEquals(6L, rh2.homeAddressLow());
            Bytes.put8(segment, offset + Type2RoutingHeader.HDR_EXT_LEN_OFFSET, 4);
            assertEquals(CodecStatus.BAD_LENGTH, rh2.wrap(segment, offset, fixture.limit()));
            Bytes.put8(segment, offset + Type2RoutingHeader.ROUTING_TYPE_OFFSET, 0);
            assertEquals(CodecStatus.BAD_FIELD, rh2.wrap(segment, offset, fixture.limit()));
        }
    }

    @Test
    void fragmentHeaderFieldsAndEncoding()
    {
        final Fixture fixture = Fixture.load("ip6", "frag_last");
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = fixture.toSegment(arena);
            final long offset = IP + fixture.intField("frag.hdr_offset");
            final FragmentHeader fragment = new FragmentHeader();
            assertEquals(CodecStatus.OK, fragment.wrap(segment, offset, fixture.limit()));
            assertEquals(offset, fragment.offset());
            assertEquals(fixture.intField("frag.nh"), fragment.nextHeader());
            assertEquals(fixture.intField("frag.offset"), fragment.fragmentOffset());
            assertEquals(fixture.intField("frag.offset") * 8, fragment.fragmentOffsetOctets());
            assertEquals(fixture.intField("frag.m") == 1, fragment.moreFragments());
            assertEquals(fixture.longField("frag.id"), fragment.identification());
            assertEquals(0, fragment.reserved());
            assertEquals(0, fragment.reservedBits());
            assertFalse(fragment.isFirstFragment());
            assertFalse(fragment.isAtomic());
            assertEquals(CodecStatus.TRUNCATED, fragment.wrap(segment, offset, offset + 7));

            final MemorySegment ours = arena.allocate(FragmentHeader.LENGTH);
            FragmentHeader.encode(ours, 0, fragment.nextHeader(), fragment.fragmentOffset(),
                fragment.moreFragments(), fragment.identification());
            assertEquals(-1L, segment.asSlice(offset, FragmentHeader.LENGTH).mismatch(ours));

            fragment.wrapForEncode(ours, 0).fragmentOffsetAndFlag(0, false).identification(0xFFFF_FFFFL);
            assertTrue(fragment.isFirstFragment());
            assertTrue(fragment.isAtomic());
            assertEquals(0xFFFF_FFFFL, fragment.identification());
            fragment.fragmentOffsetAndFlag(0x1FFF, true).nextHeader(58);
            assertEquals(0x1FFF, fragment.fragmentOffset());
            assertTrue(fragment.moreFragments());
            assertEquals(0, fragment.reservedBits());
            assertEquals(58, fragment.nextHeader());
        }
    }
}
