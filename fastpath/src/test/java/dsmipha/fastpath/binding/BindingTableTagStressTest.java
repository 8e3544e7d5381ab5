package dsmipha.fastpath.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

import org.junit.jupiter.api.Test;

/**
 * The tags under a racing writer: in a 128-slot table, keys are chosen so that they crowd a few home slots (chains
 * that cross the tag line boundary at slot 64 and wrap at the end) and share fingerprints with one another. Anchor
 * keys are bound first and then only updated in place; the other keys are removed and re-added all the time, so
 * tombstones are made, reused and reclaimed around the anchors. Two readers (one single, one in bursts of 32)
 * check that an anchor is never {@link BindingTable#NOT_FOUND} (a tag never hides a live key) and that every entry
 * they accept is consistent (a stale tag never yields a torn entry or another key's).
 * <p>
 * Runs for {@code -Ddsmipha.stress.seconds} (default 10, here at most 5) seconds with a fixed seed.
 */
class BindingTableTagStressTest
{
    private static final int CAPACITY = 96;
    private static final int ANCHORS = 16;
    private static final int CHURNERS = 56;
    private static final int READERS = 2;
    private static final long[] CROWDED_HOMES = {60, 61, 62, 63, 120, 124, 126, 127};

    private static final int CONSISTENT = 0;
    private static final int TORN = 1;
    private static final int ANCHOR_MISSED = 2;
    private static final int MISSES = 3;
    private static final int BUSY = 4;

    @Test
    void anchorsAreAlwaysFoundAndNoEntryIsTorn() throws InterruptedException
    {
        final long seed = Long.getLong("dsmipha.stress.seed", 0x7A65_57E5L);
        final long seconds = Math.min(5, Long.getLong("dsmipha.stress.seconds", 10));

        try (BindingTable table = new BindingTable(CAPACITY, seed))
        {
            assertEquals(128, table.slotCount());
            final int[] keys = crowdedKeys(table);
            final int collisions = countFingerprintTwins(table, keys);
            System.out.printf("binding tag stress: seed 0x%x, %d s, %d anchors, %d churners, %d keys sharing a " +
                "home and a fingerprint%n", seed, seconds, ANCHORS, CHURNERS, collisions);
            assertTrue(collisions >= ANCHORS, "fingerprint twins among the keys: " + collisions);

            final BindingEntries entries = BindingEntries.create();
            final BindingView value = new BindingView();
            for (int i = 0; i < ANCHORS; i++)
            {
                assertEquals(BindingTable.ADDED, table.put(entries.fill(value, keys[i], 1)));
            }

            final AtomicBoolean running = new AtomicBoolean(true);
            final AtomicLongArray tally = new AtomicLongArray(5);
            final long[] writes = new long[3];
            final Thread writer = new Thread(() -> write(table, keys, new SplittableRandom(seed), running, writes));
            final Thread[] readers = new Thread[READERS];
            for (int r = 0; r < READERS; r++)
            {
                final boolean burst = r == 1;
                final SplittableRandom random = new SplittableRandom(seed + 1 + r);
                readers[r] = new Thread(() -> read(table, keys, random, running, burst, tally));
            }
            writer.start();
            for (final Thread reader : readers)
            {
                reader.start();
            }
            Thread.sleep(seconds * 1000);
            running.set(false);
            writer.join();
            for (final Thread reader : readers)
            {
                reader.join();
            }

            System.out.printf("binding tag stress: writes %d added / %d updated / %d removed; reads %d consistent, " +
                "%d torn, %d anchors missed, %d misses, %d busy; tombstones at the end %d, max displacement %d%n",
                writes[0], writes[1], writes[2], tally.get(CONSISTENT), tally.get(TORN), tally.get(ANCHOR_MISSED),
                tally.get(MISSES), tally.get(BUSY), table.tombstoneCount(), table.maxDisplacement());
            assertEquals(0, tally.get(TORN), "torn or foreign entries accepted");
            assertEquals(0, tally.get(ANCHOR_MISSED), "live anchors answered NOT_FOUND");
            assertTrue(tally.get(CONSISTENT) > 10_000, "readers made progress");
            assertTrue(writes[2] > 1_000, "writer removed keys: " + writes[2]);
            assertEquals(0, table.counter(BindingTableCounter.PROBE_LIMIT));
        }
    }

    /**
     * @return {@code ANCHORS + CHURNERS} BindingEntries keys whose homes are among {@link #CROWDED_HOMES}, anchors
     *         first; then for each anchor a churner with the same home and fingerprint (a twin), then more
     *         churners.
     */
    private static int[] crowdedKeys(final BindingTable table)
    {
        final int[] keys = new int[ANCHORS + CHURNERS];
        int anchors = 0;
        int key = 0;
        while (anchors < ANCHORS)
        {
            if (isCrowded(table, key))
            {
                keys[anchors++] = key;
            }
            key++;
        }
        final boolean[] twinned = new boolean[ANCHORS];
        int churners = ANCHORS;
        int twins = 0;
        while (twins < ANCHORS)
        {
            for (int a = 0; a < ANCHORS; a++)
            {
                if (!twinned[a] && areTwins(table, key, keys[a]))
                {
                    twinned[a] = true;
                    keys[churners++] = key;
                    twins++;
                    break;
                }
            }
            key++;
        }
        while (churners < keys.length)
        {
            if (isCrowded(table, key))
            {
                keys[churners++] = key;
            }
            key++;
        }
        return keys;
    }

    private static boolean areTwins(final BindingTable table, final int key, final int other)
    {
        return table.homeSlot(high(key), low(key)) == table.homeSlot(high(other), low(other)) &&
            table.fingerprint(high(key), low(key)) == table.fingerprint(high(other), low(other));
    }

    private static boolean isCrowded(final BindingTable table, final int key)
    {
        final long home = table.homeSlot(high(key), low(key));
        for (final long crowded : CROWDED_HOMES)
        {
            if (home == crowded)
            {
                return true;
            }
        }
        return false;
    }

    private static int countFingerprintTwins(final BindingTable table, final int[] keys)
    {
        int twins = 0;
        for (int i = 0; i < keys.length; i++)
        {
            for (int j = i + 1; j < keys.length; j++)
            {
                if (areTwins(table, keys[i], keys[j]))
                {
                    twins++;
                }
            }
        }
        return twins;
    }

    private static void write(
        final BindingTable table,
        final int[] keys,
        final SplittableRandom random,
        final AtomicBoolean running,
        final long[] writes)
    {
        final BindingEntries entries = BindingEntries.create();
        final BindingView value = new BindingView();
        final int[] generations = new int[keys.length];
        Arrays.fill(generations, 1);
        while (running.get())
        {
            for (int round = 0; round < 64; round++)
            {
                final int index = random.nextInt(keys.length);
                final int key = keys[index];
                if (index < ANCHORS || random.nextBoolean())
                {
                    final int result = table.put(entries.fill(value, key, ++generations[index]));
                    if (result != BindingTable.ADDED && result != BindingTable.UPDATED)
                    {
                        throw new IllegalStateException("put failed: " + result);
                    }
                    writes[result == BindingTable.ADDED ? 0 : 1]++;
                }
                else
                {
                    final int result = BindingEntries.isIpv4(key) ?
                        table.removeIpv4(BindingEntries.ipv4Address(key)) :
                        table.removeIpv6(BindingEntries.PREFIX, key);
                    writes[2] += result == BindingTable.REMOVED ? 1 : 0;
                }
            }
        }
    }

    private static void read(
        final BindingTable table,
        final int[] keys,
        final SplittableRandom random,
        final AtomicBoolean running,
        final boolean burst,
        final AtomicLongArray tally)
    {
        final int size = 32;
        final BindingView[] views = new BindingView[size];
        for (int i = 0; i < size; i++)
        {
            views[i] = new BindingView();
        }
        final int[] indices = new int[size];
        final long[] keyHigh = new long[size];
        final long[] keyLow = new long[size];
        final int[] results = new int[size];
        final long[] counts = new long[5];
        while (running.get())
        {
            for (int i = 0; i < size; i++)
            {
                indices[i] = random.nextInt(keys.length);
                keyHigh[i] = high(keys[indices[i]]);
                keyLow[i] = low(keys[indices[i]]);
            }
            if (burst)
            {
                table.lookupBurst(keyHigh, keyLow, size, views, results);
            }
            else
            {
                for (int i = 0; i < size; i++)
                {
                    final int key = keys[indices[i]];
                    results[i] = BindingEntries.isIpv4(key) ?
                        table.lookupIpv4(BindingEntries.ipv4Address(key), views[i]) :
                        table.lookupIpv6(keyHigh[i], keyLow[i], views[i]);
                }
            }
            for (int i = 0; i < size; i++)
            {
                final int result = results[i];
                if (result == BindingTable.BUSY)
                {
                    counts[BUSY]++;
                }
                else if (result < 0)
                {
                    counts[indices[i] < ANCHORS ? ANCHOR_MISSED : MISSES]++;
                }
                else if (result == views[i].slot() && BindingEntries.isConsistent(views[i], keys[indices[i]]))
                {
                    counts[CONSISTENT]++;
                }
                else
                {
                    counts[TORN]++;
                }
            }
        }
        for (int i = 0; i < counts.length; i++)
        {
            tally.addAndGet(i, counts[i]);
        }
    }

    private static long high(final int key)
    {
        return BindingEntries.isIpv4(key) ? BindingView.IPV4_MAPPED_HIGH : BindingEntries.PREFIX;
    }

    private static long low(final int key)
    {
        return BindingEntries.isIpv4(key) ? BindingView.ipv4MappedLow(BindingEntries.ipv4Address(key)) : key;
    }
}
