package dsmipha.fastpath.decap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

/**
 * Proves that decapsulation allocates nothing per packet: two million decapsulations of all six tunnel types, in
 * bursts of 32, measured with the JVM's per-thread allocation counter. The mobile node's IPv6 and IPv4 home
 * addresses are registered for UDP encapsulation, so the UDP packets are accepted and the other four types are
 * dropped as variant mismatches after the full parse and lookup; every eighth packet is dropped earlier (inner
 * version mismatch).
 */
class DecapsulatorAllocationTest
{
    private static final String[] TYPES = {"ip6in6", "ip4in6", "ip6in4", "ip4in4", "ip6inudp", "ip4inudp"};
    private static final int BURST = 32;
    private static final int PACKETS = 2_000_000;
    private static final int WARMUP_PACKETS = 500_000;

    @Test
    void decapsulationAllocatesNothingPerPacket()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().threadId();
        try (DecapHarness h = new DecapHarness())
        {
            for (final String type : TYPES)
            {
                h.registerFor(type);
            }
            for (int i = 0; i < BURST; i++)
            {
                // Every eighth packet is dropped: protocol 41 carrying IPv4.
                h.add(i % 8 == 7 ? "mismatch_41_carries_ip4" : TYPES[i % TYPES.length]);
            }
            final int[] frames = new int[BURST];
            final int[] offsets = new int[BURST];
            final int[] lengths = new int[BURST];
            for (int i = 0; i < BURST; i++)
            {
                frames[i] = h.burst.frame(i);
                offsets[i] = h.burst.offset(i);
                lengths[i] = h.burst.length(i);
            }
            run(h, frames, offsets, lengths, WARMUP_PACKETS);
            int acceptedPerBurst = 0;
            for (int i = 0; i < BURST; i++)
            {
                acceptedPerBurst += DecapCounter.isAccepted(h.outcomes[i]) ? 1 : 0;
            }

            final long before = threads.getThreadAllocatedBytes(threadId);
            final long accepted = run(h, frames, offsets, lengths, PACKETS);
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

            System.out.printf("decapsulation: allocated %d bytes for %d packets%n", allocated, PACKETS);
            assertEquals(9, acceptedPerBurst);
            assertEquals((long)PACKETS / BURST * acceptedPerBurst, accepted);
            // The measuring call itself may allocate a few objects; a per-packet allocation would be >= 32 MB.
            assertTrue(allocated < 64 * 1024,
                "allocated " + allocated + " bytes for " + PACKETS + " packets (" +
                    (double)allocated / PACKETS + " B/packet)");
            h.burst.clear();
            for (int i = 0; i < BURST; i++)
            {
                h.burst.add(frames[i], offsets[i], lengths[i]);
            }
        }
    }

    private static long run(
        final DecapHarness h, final int[] frames, final int[] offsets, final int[] lengths, final int packets)
    {
        long accepted = 0;
        for (int done = 0; done < packets; done += BURST)
        {
            // Decapsulation moves each packet's start; restore the descriptors (the octets are unchanged: no ECN).
            h.burst.clear();
            for (int i = 0; i < BURST; i++)
            {
                h.burst.add(frames[i], offsets[i], lengths[i]);
            }
            accepted += h.decapsulator.decapsulate(h.burst, h.outcomes);
        }
        return accepted;
    }
}
