package dsmipha.common.codec.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dsmipha.common.codec.Bytes;
import dsmipha.common.codec.CodecStatus;
import dsmipha.common.codec.FragmentHeader;
import dsmipha.common.codec.HomeAddressOption;
import dsmipha.common.codec.Ipv6ExtensionWalker;
import dsmipha.common.codec.Ipv6Header;
import dsmipha.common.codec.Type2RoutingHeader;

/**
 * Jazzer fuzz test of the IPv6 extension header walk: any octets give a status code, never an exception or a
 * loop, and nothing an accepted walk reports (upper layer, Home Address option, Type 2 Routing header, Fragment
 * header, unknown option, pseudo-header addresses) lies past the packet. Runs its seed corpus in regression mode
 * under {@code mvn test}; fuzz with {@code JAZZER_FUZZ=1 mvn -pl common test -Dtest=Ipv6ExtensionWalkerFuzzTest}.
 */
class Ipv6ExtensionWalkerFuzzTest
{
    private static final long NONE = Ipv6ExtensionWalker.NONE;

    private final Ipv6ExtensionWalker walker = new Ipv6ExtensionWalker();
    private final HomeAddressOption hao = new HomeAddressOption();
    private final Type2RoutingHeader rh2 = new Type2RoutingHeader();
    private final FragmentHeader fragment = new FragmentHeader();

    @FuzzTest(maxDuration = "5m")
    void walk(final byte[] input)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment segment = arena.allocate(Math.max(1, input.length));
            MemorySegment.copy(input, 0, segment, ValueLayout.JAVA_BYTE, 0, input.length);
            final int status = walker.walk(segment, 0, input.length);
            assertTrue(status <= CodecStatus.OK);
            assertTrue(walker.headerCount() <= walker.maxHeaders());
            if (status != CodecStatus.OK)
            {
                assertTrue(walker.errorOffset() >= 0 && walker.errorOffset() <= input.length);
                return;
            }
            assertEquals(NONE, walker.errorOffset());
            final long end = walker.packetEnd();
            assertTrue(end >= Ipv6Header.LENGTH && end <= input.length);
            assertEquals(end, walker.ipv6().end());
            assertTrue(walker.nextHeaderFieldOffset() >= 0 && walker.nextHeaderFieldOffset() < end);
            upperLayer(segment, end);
            homeAddressOption(segment, end);
            routing(segment, end);
            fragment(segment, end);
            options(segment, end);
            within(walker.pseudoHeaderSourceOffset(), Ipv6Header.ADDRESS_LENGTH, end);
            within(walker.finalDestinationOffset(), Ipv6Header.ADDRESS_LENGTH, end);
            Bytes.i64(segment, walker.pseudoHeaderSourceOffset() + 8);
            Bytes.i64(segment, walker.finalDestinationOffset() + 8);
        }
    }

    private void upperLayer(final MemorySegment segment, final long end)
    {
        if (walker.upperLayerOffset() == NONE)
        {
            assertEquals(Ipv6ExtensionWalker.UNKNOWN, walker.upperLayerProtocol());
            assertTrue(walker.isFragment() && walker.fragmentOffset() != 0);
            assertEquals(-1, walker.upperLayerLength());
            return;
        }
        assertTrue(walker.upperLayerOffset() >= Ipv6Header.LENGTH && walker.upperLayerOffset() <= end);
        assertEquals(end - walker.upperLayerOffset(), walker.upperLayerLength());
        assertEquals(walker.upperLayerProtocol(), Bytes.u8(segment, walker.nextHeaderFieldOffset()));
        assertTrue(!Ipv6ExtensionWalker.isExtensionHeader(walker.upperLayerProtocol()));
    }

    private void homeAddressOption(final MemorySegment segment, final long end)
    {
        if (!walker.hasHomeAddressOption())
        {
            assertEquals(NONE, walker.homeAddressOffset());
            return;
        }
        within(walker.homeAddressOptionOffset(), HomeAddressOption.LENGTH, end);
        assertEquals(walker.homeAddressOptionOffset() + 2, walker.homeAddressOffset());
        assertEquals(walker.homeAddressOffset(), walker.pseudoHeaderSourceOffset());
        hao.wrapForEncode(segment, walker.homeAddressOptionOffset());
        assertEquals(HomeAddressOption.OPTION_TYPE, hao.optionType());
        assertEquals(HomeAddressOption.OPTION_DATA_LENGTH, hao.optionLength());
        hao.homeAddressHigh();
        hao.homeAddressLow();
    }

    private void routing(final MemorySegment segment, final long end)
    {
        if (walker.routingHeaderOffset() != NONE)
        {
            within(walker.routingHeaderOffset(), 8, end);
            assertTrue(walker.routingType() >= 0 && walker.routingSegmentsLeft() >= 0);
        }
        if (!walker.hasType2RoutingHeader())
        {
            assertEquals(NONE, walker.type2HomeAddressOffset());
            assertEquals(Ipv6ExtensionWalker.UNKNOWN, walker.type2SegmentsLeft());
            assertEquals(walker.ipv6().destinationOffset(), walker.finalDestinationOffset());
            return;
        }
        within(walker.type2RoutingHeaderOffset(), Type2RoutingHeader.LENGTH, end);
        assertEquals(CodecStatus.OK, rh2.wrap(segment, walker.type2RoutingHeaderOffset(), end));
        assertEquals(walker.type2HomeAddressOffset(), rh2.homeAddressOffset());
        assertEquals(rh2.segmentsLeft(), walker.type2SegmentsLeft());
        assertTrue(walker.type2SegmentsLeft() <= Type2RoutingHeader.SEGMENTS_LEFT);
        rh2.nextHeader();
        rh2.reserved();
        rh2.homeAddressHigh();
        rh2.homeAddressLow();
    }

    private void fragment(final MemorySegment segment, final long end)
    {
        if (!walker.hasFragmentHeader())
        {
            assertTrue(!walker.isFragment());
            assertEquals(Ipv6ExtensionWalker.UNKNOWN, walker.fragmentNextHeader());
            return;
        }
        within(walker.fragmentHeaderOffset(), FragmentHeader.LENGTH, end);
        assertEquals(CodecStatus.OK, fragment.wrap(segment, walker.fragmentHeaderOffset(), end));
        assertEquals(fragment.fragmentOffset(), walker.fragmentOffset());
        assertEquals(fragment.moreFragments(), walker.moreFragments());
        assertEquals(fragment.identification(), walker.fragmentIdentification());
        assertEquals(fragment.nextHeader(), walker.fragmentNextHeader());
        fragment.reserved();
        fragment.reservedBits();
        fragment.isAtomic();
    }

    private void options(final MemorySegment segment, final long end)
    {
        if (walker.hopByHopOffset() != NONE)
        {
            assertEquals(Ipv6Header.LENGTH, walker.hopByHopOffset());
        }
        if (walker.unknownOptionOffset() == NONE)
        {
            assertEquals(Ipv6ExtensionWalker.UNKNOWN, walker.unknownOptionType());
            assertEquals(Ipv6ExtensionWalker.OPTION_ACTION_SKIP, walker.unknownOptionAction());
        }
        else
        {
            within(walker.unknownOptionOffset(), 2, end);
            assertEquals(walker.unknownOptionType(), Bytes.u8(segment, walker.unknownOptionOffset()));
            assertTrue(walker.unknownOptionAction() != Ipv6ExtensionWalker.OPTION_ACTION_SKIP);
            Ipv6ExtensionWalker.optionMayChange(walker.unknownOptionType());
        }
        assertTrue(walker.routerAlert() >= Ipv6ExtensionWalker.UNKNOWN && walker.routerAlert() <= 0xFFFF);
    }

    private static void within(final long offset, final int length, final long end)
    {
        assertTrue(offset >= 0 && offset + length <= end, () -> offset + "+" + length + " past " + end);
    }
}
