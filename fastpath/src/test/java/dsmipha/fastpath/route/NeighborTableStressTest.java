package dsmipha.fastpath.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/**
 * One writer flips a few neighbour entries between states, ports' MACs and removal as fast as it can while reader
 * threads look them up: a reader must never keep a copy whose MAC, state and key come from different writes.
 * <p>
 * Every write of entry k uses a MAC that encodes k and a sequence number, and a state derived from that sequence,
 * so a torn copy shows as a MAC of another entry or a state that does not match its MAC.
 */
class NeighborTableStressTest
{
    private static final int ENTRIES = 4;
    private static final int PORT = 3;
    private static final long WRITES = 2_000_000;

    @Test
    void readersNeverSeeATornEntry() throws Exception
    {
        try (NeighborTable table = new NeighborTable(ENTRIES, 1))
        {
            final AtomicBoolean done = new AtomicBoolean();
            final AtomicReference<String> failure = new AtomicReference<>();
            final AtomicLong hits = new AtomicLong();
            final int readerCount = Math.max(1, Math.min(3, Runtime.getRuntime().availableProcessors() - 1));
            final CountDownLatch started = new CountDownLatch(readerCount);
            final Thread[] readers = new Thread[readerCount];
            for (int r = 0; r < readerCount; r++)
            {
                readers[r] = new Thread(() -> read(table, done, failure, hits, started), "reader-" + r);
                readers[r].start();
            }
            started.await();
            for (long w = 0; w < WRITES; w++)
            {
                final int k = (int)(w % ENTRIES);
                final long sequence = w & 0xFF_FFFF;
                final int state = stateFor(sequence);
                if (state == 0)
                {
                    table.remove(PORT, 0, key(k));
                }
                else
                {
                    table.put(PORT, 0, key(k), state, NeighborState.isUsable(state) ? macFor(k, sequence) : 0);
                }
            }
            done.set(true);
            for (final Thread reader : readers)
            {
                reader.join();
            }
            assertEquals(null, failure.get());
            assertTrue(hits.get() > 0, "readers saw entries");
        }
    }

    private static void read(
        final NeighborTable table,
        final AtomicBoolean done,
        final AtomicReference<String> failure,
        final AtomicLong hits,
        final CountDownLatch started)
    {
        final NeighborView view = new NeighborView();
        started.countDown();
        long seen = 0;
        int k = 0;
        while (!done.get() && failure.get() == null)
        {
            k = (k + 1) % ENTRIES;
            final int slot = table.lookup(PORT, 0, key(k), view);
            if (slot >= 0)
            {
                seen++;
                final String problem = check(k, view);
                if (problem != null)
                {
                    failure.compareAndSet(null, problem);
                }
            }
        }
        hits.addAndGet(seen);
    }

    private static String check(final int k, final NeighborView view)
    {
        if (view.port() != PORT || view.keyHigh() != 0 || view.keyLow() != key(k))
        {
            return "key torn: port " + view.port() + " low " + Long.toHexString(view.keyLow());
        }
        if (!NeighborState.isUsable(view.state()))
        {
            return view.mac() == 0 ? null : "pending state " + view.state() + " with MAC " + view.mac();
        }
        final long mac = view.mac();
        if ((mac >>> 32) != 0x0200 + k)
        {
            return "MAC of another entry: " + Long.toHexString(mac) + " for " + k;
        }
        final long sequence = mac & 0xFF_FFFFL;
        if (stateFor(sequence) != view.state())
        {
            return "state " + view.state() + " with MAC of sequence " + sequence;
        }
        return null;
    }

    private static int stateFor(final long sequence)
    {
        // 0 means removed.
        return (int)(sequence % 6);
    }

    private static long macFor(final int k, final long sequence)
    {
        return ((0x0200L + k) << 32) | sequence;
    }

    private static long key(final int k)
    {
        return NeighborTable.ipv4MappedLow(0x0A00_0001 + k);
    }
}
