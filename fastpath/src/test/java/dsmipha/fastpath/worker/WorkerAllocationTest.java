package dsmipha.fastpath.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dsmipha.fastpath.io.PacketBurst;
import dsmipha.fastpath.traffic.SyntheticTraffic;

/**
 * Proves that the I/O path and a worker's duty cycle allocate nothing per packet: the bytes allocated by this
 * thread while two million packets go wire → port → worker (classify, binding lookup, encapsulate, route, punt, drop, ICMP, transmit) → wire are
 * measured with the JVM's per-thread allocation counter. The punt ring is drained by the same thread, so it never
 * fills.
 */
class WorkerAllocationTest
{
    private static final int PACKETS = 2_000_000;
    private static final int WARMUP_PACKETS = 500_000;

    @Test
    void theDutyCycleAllocatesNothingPerPacket(@TempDir final Path dir)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().threadId();
        try (WorkerFixture f = new WorkerFixture(dir, 8192, 32);
            SyntheticTraffic traffic = new SyntheticTraffic())
        {
            final PacketBurst burst = new PacketBurst(f.pool, 32);
            final PacketBurst collected = new PacketBurst(f.pool, 64);
            final org.agrona.concurrent.MessageHandler drain = (type, buffer, index, length) -> { };
            run(f, traffic, burst, collected, drain, WARMUP_PACKETS);

            final long rxBefore = f.count(FastpathCounter.RX_PACKETS);
            final long before = threads.getThreadAllocatedBytes(threadId);
            run(f, traffic, burst, collected, drain, PACKETS);
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

            System.out.printf("allocated %d bytes on the worker thread for %d packets%n", allocated, PACKETS);
            final long received = f.count(FastpathCounter.RX_PACKETS) - rxBefore;
            assertEquals(PACKETS, received);
            assertTrue(f.count(FastpathCounter.PUNT_MOBILITY_HEADER) > 0);
            assertTrue(f.count(FastpathCounter.FORWARD_IPV6) > 0);
            assertTrue(f.count(FastpathCounter.DOWNLINK_TO_BINDING) > PACKETS / 2);
            // The measuring call itself may allocate a few objects; a per-packet allocation would be >= 32 MB.
            assertTrue(allocated < 64 * 1024,
                "allocated " + allocated + " bytes for " + PACKETS + " packets (" +
                    (double)allocated / PACKETS + " B/packet)");
        }
    }

    private static void run(
        final WorkerFixture f,
        final SyntheticTraffic traffic,
        final PacketBurst burst,
        final PacketBurst collected,
        final org.agrona.concurrent.MessageHandler drain,
        final int packets)
    {
        long injected = 0;
        while (injected < packets)
        {
            burst.clear();
            final int made = traffic.fill(f.pool, burst, (int)Math.min(32, packets - injected));
            final int accepted = f.access.wire().inject(0, burst, 0, made);
            for (int i = accepted; i < made; i++)
            {
                f.pool.free(burst.frame(i));
            }
            injected += accepted;
            f.worker.doWork();
            collected.clear();
            f.access.wire().collect(0, collected, 64);
            collected.freeAll();
            f.puntRing.ring().read(drain, 64);
        }
        while (f.worker.doWork() > 0)
        {
            collected.clear();
            f.access.wire().collect(0, collected, 64);
            collected.freeAll();
        }
        collected.clear();
        f.access.wire().collect(0, collected, 64);
        collected.freeAll();
    }
}
