package dsmipha.fastpath.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link BindingTable#lookupBurst}: every key of a burst gets the answer a single lookup gives (slot, miss, busy),
 * its own view holds its own entry, and keys displaced from home, removed keys and both families work, for burst
 * sizes around the loop boundaries.
 */
class BindingTableBurstTest
{
    private static final long SEED = 0x5EED_0B57L;
    private static final int BINDINGS = 1_000;
    private static final int MAX_BURST = 40;

    private final BindingEntries entries = BindingEntries.create();
    private final BindingView value = new BindingView();
    private final BindingView single = new BindingView();
    private final BindingView[] views = new BindingView[MAX_BURST];
    private final long[] keyHigh = new long[MAX_BURST];
    private final long[] keyLow = new long[MAX_BURST];
    private final int[] keys = new int[MAX_BURST];
    private final int[] results = new int[MAX_BURST];
    private BindingTable table;

    BindingTableBurstTest()
    {
        for (int i = 0; i < MAX_BURST; i++)
        {
            views[i] = new BindingView();
        }
    }

    @AfterEach
    void close()
    {
        if (table != null)
        {
            table.close();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 3, 4, 5, 31, 32, 33 })
    void everyKeyGetsTheAnswerOfASingleLookup(final int count)
    {
        // Load factor 0.9: many keys sit past their home slot, so the second pass really probes.
        table = new BindingTable(BINDINGS, 0.9, BindingTableDescriptor.DEFAULT_MAX_PROBE, SEED);
        fill(BINDINGS);
        assertTrue(table.maxDisplacement() > 1, "keys displaced from home: " + table.maxDisplacement());
        final SplittableRandom random = new SplittableRandom(count);
        for (int round = 0; round < 200; round++)
        {
            // A quarter of the keys are never bound.
            drawKeys(random, count, BINDINGS + BINDINGS / 3);
            final int hits = table.lookupBurst(keyHigh, keyLow, count, views, results);
            int expectedHits = 0;
            for (int i = 0; i < count; i++)
            {
                final int expected = singleLookup(keys[i]);
                assertEquals(expected, results[i], "key " + keys[i]);
                if (expected >= 0)
                {
                    expectedHits++;
                    assertEquals(expected, views[i].slot());
                    assertTrue(BindingEntries.isConsistent(views[i], keys[i]), "view of key " + keys[i]);
                    assertEquals(1, views[i].bindingId(), "generation of key " + keys[i]);
                }
                else
                {
                    assertEquals(BindingTable.NOT_FOUND, results[i]);
                    assertTrue(keys[i] >= BINDINGS, "only unbound keys miss: " + keys[i]);
                }
            }
            assertEquals(expectedHits, hits);
        }
    }

    @Test
    void aBurstOfOneKeyRepeatedFillsEveryView()
    {
        table = new BindingTable(64, SEED);
        fill(64);
        for (int i = 0; i < 32; i++)
        {
            keys[i] = 7;
            setKey(i, 7);
        }
        assertEquals(32, table.lookupBurst(keyHigh, keyLow, 32, views, results));
        for (int i = 0; i < 32; i++)
        {
            assertEquals(results[0], results[i]);
            assertTrue(BindingEntries.isConsistent(views[i], 7));
        }
    }

    @Test
    void removedAndUpdatedKeysAreSeenByTheNextBurst()
    {
        table = new BindingTable(64, SEED);
        fill(64);
        assertEquals(BindingTable.REMOVED, table.removeIpv6(BindingEntries.PREFIX, 10));
        assertEquals(BindingTable.REMOVED, table.removeIpv4(BindingEntries.ipv4Address(11)));
        assertEquals(BindingTable.UPDATED, table.put(entries.fill(value, 12, 5)));
        for (int i = 0; i < 3; i++)
        {
            setKey(i, 10 + i);
        }

        assertEquals(1, table.lookupBurst(keyHigh, keyLow, 3, views, results));

        assertEquals(BindingTable.NOT_FOUND, results[0]);
        assertEquals(BindingTable.NOT_FOUND, results[1]);
        assertTrue(results[2] >= 0);
        assertEquals(5, views[2].bindingId());
        assertTrue(BindingEntries.isConsistent(views[2], 12));
    }

    @Test
    void aKeyWhoseEntryStaysOddIsBusyAndTheOthersStillHit()
    {
        table = new BindingTable(64, SEED);
        fill(64);
        final int slot = table.lookupIpv6(BindingEntries.PREFIX, 20, single);
        BindingTableTestHooks.addToVersion(table, slot, 1);
        for (int i = 0; i < 4; i++)
        {
            setKey(i, 20 + i);
        }

        assertEquals(3, table.lookupBurst(keyHigh, keyLow, 4, views, results));

        assertEquals(BindingTable.BUSY, results[0]);
        assertEquals(1, views[0].readBusyCount());
        assertEquals(BindingTable.MAX_READ_ATTEMPTS, views[0].readRetryCount());
        for (int i = 1; i < 4; i++)
        {
            assertTrue(results[i] >= 0);
            assertTrue(BindingEntries.isConsistent(views[i], 20 + i));
        }
        BindingTableTestHooks.addToVersion(table, slot, -1);
        assertEquals(4, table.lookupBurst(keyHigh, keyLow, 4, views, results));
    }

    @Test
    void anIpv4MappedKeyReachesTheIpv4Binding()
    {
        // The burst takes keys in table form: the caller maps IPv4 addresses, and filters IPv6 ones (documented).
        table = new BindingTable(64, SEED);
        fill(64);
        keyHigh[0] = 0;
        keyLow[0] = BindingView.ipv4MappedLow(BindingEntries.ipv4Address(5));
        keyHigh[1] = BindingEntries.PREFIX;
        keyLow[1] = 5;

        assertEquals(1, table.lookupBurst(keyHigh, keyLow, 2, views, results));

        assertTrue(views[0].isIpv4Key());
        assertTrue(BindingEntries.isConsistent(views[0], 5));
        assertEquals(BindingTable.NOT_FOUND, results[1], "key 5 is bound as IPv4 only");
    }

    @Test
    void anEmptyTableMissesEveryKey()
    {
        table = new BindingTable(1_000, SEED);
        drawKeys(new SplittableRandom(3), 32, 1_000);
        assertEquals(0, table.lookupBurst(keyHigh, keyLow, 32, views, results));
        for (int i = 0; i < 32; i++)
        {
            assertEquals(BindingTable.NOT_FOUND, results[i]);
        }
        assertFalse(table.isHugePageAdvised(), "171 KB table: below one huge page");
    }

    private void fill(final int count)
    {
        for (int key = 0; key < count; key++)
        {
            assertEquals(BindingTable.ADDED, table.put(entries.fill(value, key, 1)));
        }
    }

    private void drawKeys(final SplittableRandom random, final int count, final int bound)
    {
        for (int i = 0; i < count; i++)
        {
            setKey(i, random.nextInt(bound));
        }
    }

    private void setKey(final int i, final int key)
    {
        keys[i] = key;
        if (BindingEntries.isIpv4(key))
        {
            keyHigh[i] = 0;
            keyLow[i] = BindingView.ipv4MappedLow(BindingEntries.ipv4Address(key));
        }
        else
        {
            keyHigh[i] = BindingEntries.PREFIX;
            keyLow[i] = key;
        }
    }

    private int singleLookup(final int key)
    {
        return BindingEntries.isIpv4(key) ?
            table.lookupIpv4(BindingEntries.ipv4Address(key), single) :
            table.lookupIpv6(BindingEntries.PREFIX, key, single);
    }

    @Test
    void prefetchChangesNoAnswer()
    {
        try (BindingTable table = new BindingTable(64, 0.75, 16, 3, false))
        {
            final BindingView binding = new BindingView().bindingId(1).variant(EncapVariant.IPV4_IN_IPV4)
                .ipv4CareOfAddress(0xC0000201).tunnelMtu(1500)
                .template(java.lang.foreign.MemorySegment.ofArray(new byte[0]), 0, 0);
            table.put(binding.ipv4HomeAddress(0x0A000001));
            final long[] high = {0, 0x20010db8_00000000L};
            final long[] low = {BindingView.ipv4MappedLow(0x0A000001), 7};
            assertEquals(0, table.prefetch(high, low, 0));
            table.prefetch(high, low, 2);
            final BindingView view = new BindingView();
            assertTrue(table.lookupIpv4(0x0A000001, view) >= 0);
            assertEquals(BindingTable.NOT_FOUND, table.lookupIpv6(0x20010db8_00000000L, 7, view));
            assertEquals(1, table.size());
        }
    }
}
