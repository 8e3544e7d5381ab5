package dsmipha.fastpath.route;

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
 * The egress counters keep to their id range, clash with no other fastpath counter, and line up with the statuses
 * the {@link Egress} stage indexes them by.
 */
class EgressCounterTest
{
    @Test
    void idsInRangeAndUniqueAcrossTheFastpath()
    {
        for (final EgressCounter counter : EgressCounter.values())
        {
            assertTrue(counter.id() >= 1600 && counter.id() <= 1629, counter + " id " + counter.id());
            assertTrue(counter.label().startsWith("egress-"), counter.label());
        }
        assertDoesNotThrow(() -> CounterDescriptors.requireUnique(FastpathCounter.values(),
            BindingTableCounter.values(), WireCounter.values(), DecapCounter.values(), EncapCounter.values(),
            EgressCounter.values()));
    }

    @Test
    void orderMatchesStatuses()
    {
        // Status s (negative) counts at ordinal NO_ROUTE.ordinal() - 1 - s.
        final int base = EgressCounter.NO_ROUTE.ordinal() - 1;
        assertEquals(EgressCounter.NO_ROUTE.ordinal(), base - Egress.NO_ROUTE);
        assertEquals(EgressCounter.NEIGHBOR_UNRESOLVED.ordinal(), base - Egress.NEIGHBOR_UNRESOLVED);
        assertEquals(EgressCounter.NEIGHBOR_INCOMPLETE.ordinal(), base - Egress.NEIGHBOR_INCOMPLETE);
        assertEquals(EgressCounter.NEIGHBOR_FAILED.ordinal(), base - Egress.NEIGHBOR_FAILED);
        assertEquals(EgressCounter.NEIGHBOR_BUSY.ordinal(), base - Egress.NEIGHBOR_BUSY);
        assertEquals(EgressCounter.NO_HEADROOM.ordinal(), base - Egress.NO_HEADROOM);
        assertEquals(EgressCounter.NOT_IP.ordinal(), base - Egress.NOT_IP);
        assertEquals(EgressCounter.values().length - 1, base - Egress.NOT_IP, "no counter without a status");
    }
}
