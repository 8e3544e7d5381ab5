package dsmipha.fastpath.binding;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dsmipha.common.counters.CounterDescriptors;
import dsmipha.fastpath.decap.DecapCounter;
import dsmipha.fastpath.encap.EncapCounter;
import dsmipha.fastpath.traffic.WireCounter;
import dsmipha.fastpath.worker.FastpathCounter;

/**
 * The prefix table's counters keep to their id range (1250-1269) and clash with no other fastpath counter.
 */
class PrefixTableCounterTest
{
    @Test
    void idsInRangeAndUniqueAcrossTheFastpath()
    {
        for (final PrefixTableCounter counter : PrefixTableCounter.values())
        {
            assertTrue(counter.id() >= 1250 && counter.id() <= 1269, counter + " id " + counter.id());
            assertTrue(counter.label().startsWith("prefix-"), counter.label());
        }
        assertDoesNotThrow(() -> CounterDescriptors.requireUnique(FastpathCounter.values(),
            BindingTableCounter.values(), PrefixTableCounter.values(), WireCounter.values(), DecapCounter.values(),
            EncapCounter.values()));
    }
}
