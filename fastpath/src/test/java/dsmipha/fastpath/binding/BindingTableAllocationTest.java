package dsmipha.fastpath.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Proves that lookups (hits and misses, IPv6 and IPv4, single and in bursts of 32) and steady-state puts and
 * removes allocate nothing, with the JVM's per-thread allocation counter around two million random lookups of each
 * kind in a table of 200 000 bindings.
 */
class BindingTableAllocationTest
{
    private static final int BINDINGS = 200_000;
    private static final int LOOKUPS = 2_000_000;
    private static final int WRITES = 200_000;

    @Test
    void lookupsAndWritesAllocateNothing()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().threadId();
        final BindingEntries entries = BindingEntries.create();
        final BindingView value = new BindingView();
        final BindingView view = new BindingView();
        try (BindingTable table = new BindingTable(BINDINGS, 0x1234_5678L))
        {
            for (int key = 0; key < BINDINGS; key++)
            {
                assertEquals(BindingTable.ADDED, table.put(entries.fill(value, key, 1)));
            }
            final BurstLookups bursts = new BurstLookups();
            lookups(table, view, new SplittableRandom(1), LOOKUPS / 4);
            bursts.run(table, new SplittableRandom(5), LOOKUPS / 4);
            writes(table, entries, value, new SplittableRandom(2), WRITES / 4);

            final long before = threads.getThreadAllocatedBytes(threadId);
            final long hits = lookups(table, view, new SplittableRandom(3), LOOKUPS);
            final long afterLookups = threads.getThreadAllocatedBytes(threadId);
            writes(table, entries, value, new SplittableRandom(4), WRITES);
            final long afterWrites = threads.getThreadAllocatedBytes(threadId);
            final long burstHits = bursts.run(table, new SplittableRandom(6), LOOKUPS);
            final long afterBursts = threads.getThreadAllocatedBytes(threadId);

            final long lookupBytes = afterLookups - before;
            final long writeBytes = afterWrites - afterLookups;
            System.out.printf("binding table: %d bytes allocated for %d lookups (%d hits), %d bytes for %d writes%n",
                lookupBytes, LOOKUPS, hits, writeBytes, WRITES);
            assertTrue(hits > LOOKUPS / 2, "most lookups hit: " + hits);
            // The measuring call itself may allocate a little; one object per lookup would be >= 32 MB.
            assertTrue(lookupBytes < 16 * 1024, "lookups allocated " + lookupBytes + " bytes");
            assertTrue(writeBytes < 16 * 1024, "writes allocated " + writeBytes + " bytes");
            final long burstBytes = afterBursts - afterWrites;
            System.out.printf("binding table: %d bytes allocated for %d lookups in bursts of %d (%d hits)%n",
                burstBytes, LOOKUPS, BurstLookups.BURST, burstHits);
            assertTrue(burstHits > LOOKUPS / 3, "most burst lookups hit: " + burstHits);
            assertTrue(burstBytes < 16 * 1024, "burst lookups allocated " + burstBytes + " bytes");
        }
    }

    private static long lookups(
        final BindingTable table, final BindingView view, final SplittableRandom random, final int count)
    {
        long hits = 0;
        for (int i = 0; i < count; i++)
        {
            // A quarter of the keys are never bound: misses walk to an empty slot.
            final int key = random.nextInt(BINDINGS + BINDINGS / 3);
            final int slot = BindingEntries.isIpv4(key) ?
                table.lookupIpv4(BindingEntries.ipv4Address(key), view) :
                table.lookupIpv6(BindingEntries.PREFIX, key, view);
            hits += slot >= 0 ? 1 : 0;
        }
        return hits;
    }

    /**
     * Preallocated arrays for lookups in bursts of 32.
     */
    private static final class BurstLookups
    {
        static final int BURST = 32;

        private final BindingView[] views = new BindingView[BURST];
        private final long[] keyHigh = new long[BURST];
        private final long[] keyLow = new long[BURST];
        private final int[] results = new int[BURST];

        BurstLookups()
        {
            for (int i = 0; i < BURST; i++)
            {
                views[i] = new BindingView();
            }
        }

        long run(final BindingTable table, final SplittableRandom random, final int count)
        {
            long hits = 0;
            for (int done = 0; done < count; done += BURST)
            {
                for (int i = 0; i < BURST; i++)
                {
                    final int key = random.nextInt(BINDINGS + BINDINGS / 3);
                    final boolean ipv4 = BindingEntries.isIpv4(key);
                    keyHigh[i] = ipv4 ? 0 : BindingEntries.PREFIX;
                    keyLow[i] = ipv4 ? BindingView.ipv4MappedLow(BindingEntries.ipv4Address(key)) : key;
                }
                hits += table.lookupBurst(keyHigh, keyLow, BURST, views, results);
            }
            return hits;
        }
    }

    private static void writes(
        final BindingTable table,
        final BindingEntries entries,
        final BindingView value,
        final SplittableRandom random,
        final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final int key = random.nextInt(BINDINGS);
            if ((i & 1) == 0)
            {
                table.put(entries.fill(value, key, i));
            }
            else if (BindingEntries.isIpv4(key))
            {
                table.removeIpv4(BindingEntries.ipv4Address(key));
            }
            else
            {
                table.removeIpv6(BindingEntries.PREFIX, key);
            }
        }
    }
}
