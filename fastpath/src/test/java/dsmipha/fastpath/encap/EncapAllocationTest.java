package dsmipha.fastpath.encap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

import dsmipha.common.testing.Fixture;
import dsmipha.fastpath.binding.BindingView;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.PacketBurst;

/**
 * Proves the encapsulation stage allocates nothing per packet: bursts of 32 packets cycling through every variant
 * are encapsulated, then their starts moved back, millions of times on this thread, measured with the JVM's
 * per-thread allocation counter.
 */
class EncapAllocationTest
{
    private static final int BURST = 32;
    private static final int PACKETS = 2_000_000;
    private static final int WARMUP_PACKETS = 500_000;

    @Test
    void encapsulationAllocatesNothingPerPacket()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().threadId();
        try (FramePool pool = new FramePool(BURST, FrameLayout.DEFAULT_FRAME_LENGTH))
        {
            final PacketBurst burst = new PacketBurst(pool, BURST);
            final BindingView[] views = new BindingView[BURST];
            for (int i = 0; i < BURST; i++)
            {
                final String name = EncapFixtures.VARIANTS.get(i % EncapFixtures.VARIANTS.size());
                final Fixture fixture = EncapFixtures.load(name);
                views[i] = EncapFixtures.binding(fixture, new BindingView());
                EncapFixtures.add(burst, EncapFixtures.inner(fixture));
            }
            final int[] statuses = new int[BURST];
            final Encapsulator encapsulator = new Encapsulator(0);
            run(encapsulator, burst, views, statuses, WARMUP_PACKETS);

            final long before = threads.getThreadAllocatedBytes(threadId);
            final long encapsulated = run(encapsulator, burst, views, statuses, PACKETS);
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

            System.out.printf("allocated %d bytes for %d encapsulations%n", allocated, encapsulated);
            assertEquals(PACKETS, encapsulated);
            // The measuring call itself may allocate a few objects; a per-packet allocation would be >= 32 MB.
            assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes for " + PACKETS + " packets");
            burst.freeAll();
        }
    }

    private static long run(
        final Encapsulator encapsulator,
        final PacketBurst burst,
        final BindingView[] views,
        final int[] statuses,
        final int packets)
    {
        long done = 0;
        while (done < packets)
        {
            done += encapsulator.encapsulateBurst(burst, views, statuses);
            for (int i = 0; i < BURST; i++)
            {
                // Undo the encapsulation: the inner packet is untouched behind the outer header.
                burst.adjustStart(i, views[i].templateLength());
            }
        }
        return done;
    }
}
