package dsmipha.fastpath.encap;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dsmipha.common.counters.CounterDescriptors;
import dsmipha.fastpath.binding.BindingTableCounter;
import dsmipha.fastpath.binding.EncapVariant;
import dsmipha.fastpath.decap.DecapCounter;
import dsmipha.fastpath.traffic.WireCounter;
import dsmipha.fastpath.worker.FastpathCounter;

/**
 * The encapsulation counters keep to their id range, clash with no other fastpath counter, and line up with the
 * variant codes and statuses the {@link Encapsulator} indexes them by.
 */
class EncapCounterTest
{
    @Test
    void idsInRangeAndUniqueAcrossTheFastpath()
    {
        for (final EncapCounter counter : EncapCounter.values())
        {
            assertTrue(counter.id() >= 1300 && counter.id() <= 1399, counter + " id " + counter.id());
        }
        assertDoesNotThrow(() -> CounterDescriptors.requireUnique(FastpathCounter.values(),
            BindingTableCounter.values(), WireCounter.values(), DecapCounter.values(), EncapCounter.values()));
    }

    @Test
    void orderMatchesVariantsAndStatuses()
    {
        assertEquals(EncapVariant.IPV6_IN_IPV6 - 1, EncapCounter.IPV6_IN_IPV6.ordinal());
        assertEquals(EncapVariant.IPV4_IN_IPV6 - 1, EncapCounter.IPV4_IN_IPV6.ordinal());
        assertEquals(EncapVariant.IPV6_IN_IPV4 - 1, EncapCounter.IPV6_IN_IPV4.ordinal());
        assertEquals(EncapVariant.IPV4_IN_IPV4 - 1, EncapCounter.IPV4_IN_IPV4.ordinal());
        assertEquals(EncapVariant.IPV4_UDP_4191 - 1, EncapCounter.IPV4_UDP.ordinal());
        // Drop status s (negative) counts at ordinal NO_HEADROOM.ordinal() - 1 - s.
        final int base = EncapCounter.NO_HEADROOM.ordinal() - 1;
        assertEquals(EncapCounter.NO_HEADROOM.ordinal(), base - Encapsulator.NO_HEADROOM);
        assertEquals(EncapCounter.INNER_VERSION_MISMATCH.ordinal(), base - Encapsulator.INNER_VERSION_MISMATCH);
        assertEquals(EncapCounter.INNER_TRUNCATED.ordinal(), base - Encapsulator.INNER_TRUNCATED);
        assertEquals(EncapCounter.TOO_LONG.ordinal(), base - Encapsulator.TOO_LONG);
        assertEquals(EncapCounter.BAD_BINDING.ordinal(), base - Encapsulator.BAD_BINDING);
    }
}
