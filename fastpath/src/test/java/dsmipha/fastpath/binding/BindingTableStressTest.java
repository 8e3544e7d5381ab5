package dsmipha.fastpath.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * A long randomized race between the slowpath writer and two workers: the writer adds, updates and removes random
 * IPv6 and IPv4 bindings whose every field is derived from the key and a generation, with a checksum; the readers
 * look up random keys and check every entry they accept. One reader looks keys up one at a time, the other in
 * bursts of 32 ({@link BindingTable#lookupBurst}, whose views are checked the same way). Any torn read (fields of
 * two versions, or of another key) fails the test. The table is small so that readers often hit the entry being written.
 * <p>
 * Runs for {@code -Ddsmipha.stress.seconds} (default 10) seconds with a fixed seed ({@code -Ddsmipha.stress.seed}).
 */
class BindingTableStressTest
{
    private static final int KEYS = 2_048;
    private static final int READERS = 2;

    @Test
    void readersNeverAcceptATornEntry() throws InterruptedException
    {
        final long seed = Long.getLong("dsmipha.stress.seed", 0xB1D_1AB1EL);
        final long seconds = Long.getLong("dsmipha.stress.seconds", 10);
        System.out.printf("binding table stress: seed 0x%x, %d s, %d keys, %d readers%n", seed, seconds, KEYS, READERS);

        try (BindingTable table = new BindingTable(KEYS, seed))
        {
            final AtomicBoolean running = new AtomicBoolean(true);
            final AtomicLong consistent = new AtomicLong();
            final AtomicLong torn = new AtomicLong();
            final AtomicLong misses = new AtomicLong();
            final AtomicLong retries = new AtomicLong();
            final AtomicLong busy = new AtomicLong();
            final long[] writes = new long[3];

            final Thread writer = new Thread(() -> write(table, new SplittableRandom(seed), running, writes), "writer");
            final Thread[] readers = new Thread[READERS];
            for (int i = 0; i < READERS; i++)
            {
                final SplittableRandom random = new SplittableRandom(seed + 1 + i);
                final boolean burst = (i & 1) == 1;
                readers[i] = new Thread(
                    () -> read(table, random, running, burst, consistent, torn, misses, retries, busy),
                    (burst ? "burst-reader-" : "reader-") + i);
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

            System.out.printf(
                "binding table stress: writes %d added / %d updated / %d removed; reads %d consistent, %d torn, " +
                    "%d misses, %d retries, %d busy%n",
                writes[0], writes[1], writes[2], consistent.get(), torn.get(), misses.get(), retries.get(), busy.get());
            assertEquals(0, torn.get(), "torn entries accepted by readers");
            assertTrue(consistent.get() > 10_000, "readers made progress: " + consistent.get());
            assertTrue(writes[0] + writes[1] + writes[2] > 10_000, "writer made progress");
            assertEquals(0, table.counter(BindingTableCounter.TABLE_FULL));
            assertEquals(0, table.counter(BindingTableCounter.PROBE_LIMIT));
        }
    }

    private static void write(
        final BindingTable table, final SplittableRandom random, final AtomicBoolean running, final long[] writes)
    {
        final BindingEntries entries = BindingEntries.create();
        final BindingView value = new BindingView();
        final int[] generations = new int[KEYS];
        while (running.get())
        {
            for (int i = 0; i < 64; i++)
            {
                final int key = random.nextInt(KEYS);
                if (random.nextInt(10) < 7)
                {
                    final int result = table.put(entries.fill(value, key, ++generations[key]));
                    writes[result == BindingTable.ADDED ? 0 : 1]++;
                    if (result != BindingTable.ADDED && result != BindingTable.UPDATED)
                    {
                        throw new IllegalStateException("put failed: " + result);
                    }
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
        final SplittableRandom random,
        final AtomicBoolean running,
        final boolean burst,
        final AtomicLong consistent,
        final AtomicLong torn,
        final AtomicLong misses,
        final AtomicLong retries,
        final AtomicLong busy)
    {
        final long[] tally = new long[5];
        if (burst)
        {
            readBursts(table, random, running, tally);
        }
        else
        {
            readSingly(table, random, running, tally);
        }
        consistent.addAndGet(tally[0]);
        torn.addAndGet(tally[1]);
        misses.addAndGet(tally[2]);
        retries.addAndGet(tally[3]);
        busy.addAndGet(tally[4]);
    }

    /**
     * @param tally out: consistent, torn, misses, retries, busy.
     */
    private static void readSingly(
        final BindingTable table, final SplittableRandom random, final AtomicBoolean running, final long[] tally)
    {
        final BindingView view = new BindingView();
        long good = 0;
        long bad = 0;
        long missed = 0;
        while (running.get())
        {
            for (int i = 0; i < 256; i++)
            {
                final int key = random.nextInt(KEYS);
                final int slot = BindingEntries.isIpv4(key) ?
                    table.lookupIpv4(BindingEntries.ipv4Address(key), view) :
                    table.lookupIpv6(BindingEntries.PREFIX, key, view);
                if (slot < 0)
                {
                    missed++;
                }
                else if (slot == view.slot() && BindingEntries.isConsistent(view, key))
                {
                    good++;
                }
                else
                {
                    bad++;
                }
            }
        }
        tally[0] += good;
        tally[1] += bad;
        tally[2] += missed;
        tally[3] += view.readRetryCount();
        tally[4] += view.readBusyCount();
    }

    /**
     * Bursts of 32 random keys (repeats allowed, as in real traffic), each accepted view checked.
     *
     * @param tally out: consistent, torn, misses, retries, busy.
     */
    private static void readBursts(
        final BindingTable table, final SplittableRandom random, final AtomicBoolean running, final long[] tally)
    {
        final int burst = 32;
        final BindingView[] views = new BindingView[burst];
        for (int i = 0; i < burst; i++)
        {
            views[i] = new BindingView();
        }
        final int[] keys = new int[burst];
        final long[] keyHigh = new long[burst];
        final long[] keyLow = new long[burst];
        final int[] results = new int[burst];
        while (running.get())
        {
            for (int round = 0; round < 8; round++)
            {
                for (int i = 0; i < burst; i++)
                {
                    final int key = random.nextInt(KEYS);
                    keys[i] = key;
                    keyHigh[i] = BindingEntries.isIpv4(key) ? 0 : BindingEntries.PREFIX;
                    keyLow[i] = BindingEntries.isIpv4(key) ?
                        BindingView.ipv4MappedLow(BindingEntries.ipv4Address(key)) : key;
                }
                final int hits = table.lookupBurst(keyHigh, keyLow, burst, views, results);
                int seen = 0;
                for (int i = 0; i < burst; i++)
                {
                    if (results[i] < 0)
                    {
                        tally[2]++;
                    }
                    else if (results[i] == views[i].slot() && BindingEntries.isConsistent(views[i], keys[i]))
                    {
                        tally[0]++;
                        seen++;
                    }
                    else
                    {
                        tally[1]++;
                        seen++;
                    }
                }
                if (seen != hits)
                {
                    tally[1]++;
                }
            }
        }
        for (final BindingView view : views)
        {
            tally[3] += view.readRetryCount();
            tally[4] += view.readBusyCount();
        }
    }
}
