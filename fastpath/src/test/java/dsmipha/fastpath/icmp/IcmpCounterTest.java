package dsmipha.fastpath.icmp;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dsmipha.common.counters.CounterDescriptors;
import dsmipha.fastpath.binding.BindingTableCounter;
import dsmipha.fastpath.decap.DecapCounter;
import dsmipha.fastpath.encap.EncapCounter;
import dsmipha.fastpath.traffic.WireCounter;
import dsmipha.fastpath.worker.FastpathCounter;

/**
 * The ICMP counters keep to their id range, clash with no other fastpath counter, and line up with the statuses
 * and verdicts the stages index them by.
 */
class IcmpCounterTest
{
    @Test
    void idsInRangeAndUniqueAcrossTheFastpath()
    {
        for (final IcmpCounter counter : IcmpCounter.values())
        {
            assertTrue(counter.id() >= 1500 && counter.id() <= 1599, counter + " id " + counter.id());
            assertTrue(counter.label().matches("[a-z0-9-]+"), counter.label());
            assertTrue(!counter.description().isBlank());
        }
        assertDoesNotThrow(() -> CounterDescriptors.requireUnique(FastpathCounter.values(),
            BindingTableCounter.values(), WireCounter.values(), DecapCounter.values(), EncapCounter.values(),
            IcmpCounter.values()));
    }

    @Test
    void generatorStatusesMapToTheirCounters()
    {
        // A not-sent status s counts at ordinal RATE_LIMITED.ordinal() - 1 - s.
        final int base = IcmpCounter.RATE_LIMITED.ordinal() - 1;
        assertEquals(IcmpCounter.RATE_LIMITED.ordinal(), base - IcmpErrorGenerator.RATE_LIMITED);
        assertEquals(IcmpCounter.NO_FRAME.ordinal(), base - IcmpErrorGenerator.NO_FRAME);
        assertEquals(IcmpCounter.OUTPUT_FULL.ordinal(), base - IcmpErrorGenerator.OUTPUT_FULL);
        assertEquals(IcmpCounter.REFUSED_ICMP_ERROR.ordinal(), base - IcmpErrorGenerator.REFUSED_ICMP_ERROR);
        assertEquals(IcmpCounter.REFUSED_REDIRECT.ordinal(), base - IcmpErrorGenerator.REFUSED_REDIRECT);
        assertEquals(IcmpCounter.REFUSED_NON_FIRST_FRAGMENT.ordinal(),
            base - IcmpErrorGenerator.REFUSED_NON_FIRST_FRAGMENT);
        assertEquals(IcmpCounter.REFUSED_MULTICAST_DESTINATION.ordinal(),
            base - IcmpErrorGenerator.REFUSED_MULTICAST_DESTINATION);
        assertEquals(IcmpCounter.REFUSED_BROADCAST_DESTINATION.ordinal(),
            base - IcmpErrorGenerator.REFUSED_BROADCAST_DESTINATION);
        assertEquals(IcmpCounter.REFUSED_BAD_DESTINATION.ordinal(),
            base - IcmpErrorGenerator.REFUSED_BAD_DESTINATION);
        assertEquals(IcmpCounter.REFUSED_BAD_SOURCE.ordinal(), base - IcmpErrorGenerator.REFUSED_BAD_SOURCE);
        assertEquals(IcmpCounter.REFUSED_MALFORMED.ordinal(), base - IcmpErrorGenerator.REFUSED_MALFORMED);
    }

    @Test
    void fragmenterStatusesAndMtuVerdictsMapToTheirCounters()
    {
        final int base = IcmpCounter.FRAG_DROP_DF.ordinal() - 1;
        assertEquals(IcmpCounter.FRAG_DROP_DF.ordinal(), base - Ipv4Fragmenter.DF_SET);
        assertEquals(IcmpCounter.FRAG_DROP_MTU_TOO_SMALL.ordinal(), base - Ipv4Fragmenter.MTU_TOO_SMALL);
        assertEquals(IcmpCounter.FRAG_DROP_NO_FRAME.ordinal(), base - Ipv4Fragmenter.NO_FRAME);
        assertEquals(IcmpCounter.FRAG_DROP_OUTPUT_FULL.ordinal(), base - Ipv4Fragmenter.OUTPUT_FULL);
        assertEquals(IcmpCounter.FRAG_DROP_MALFORMED.ordinal(), base - Ipv4Fragmenter.MALFORMED);
        final int verdicts = IcmpCounter.MTU_FITS.ordinal();
        assertEquals(IcmpCounter.MTU_FITS.ordinal(), verdicts + TunnelMtuCheck.FITS);
        assertEquals(IcmpCounter.MTU_TOO_BIG_IPV6.ordinal(), verdicts + TunnelMtuCheck.TOO_BIG_IPV6);
        assertEquals(IcmpCounter.MTU_FRAGMENT_OUTER.ordinal(), verdicts + TunnelMtuCheck.FRAGMENT_OUTER);
        assertEquals(IcmpCounter.MTU_TOO_BIG_IPV4_DF.ordinal(), verdicts + TunnelMtuCheck.TOO_BIG_IPV4_DF);
        assertEquals(IcmpCounter.MTU_FRAGMENT_IPV4.ordinal(), verdicts + TunnelMtuCheck.FRAGMENT_IPV4);
        assertEquals(IcmpCounter.MTU_MALFORMED.ordinal(), verdicts + TunnelMtuCheck.MALFORMED);
    }
}
