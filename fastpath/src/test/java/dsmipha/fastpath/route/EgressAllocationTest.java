package dsmipha.fastpath.route;

import static dsmipha.fastpath.route.EgressFixture.HOST;
import static dsmipha.fastpath.route.EgressFixture.HOST6;
import static dsmipha.fastpath.route.EgressFixture.HOST_INCOMPLETE;
import static dsmipha.fastpath.route.EgressFixture.HOST_UNKNOWN;
import static dsmipha.fastpath.route.EgressFixture.REMOTE;
import static dsmipha.fastpath.route.EgressFixture.REMOTE6;
import static dsmipha.fastpath.route.EgressFixture.UNROUTED6;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

import dsmipha.common.codec.EthernetHeader;

/**
 * Proves the egress stage allocates nothing per packet: bursts of 32 packets mixing every route and neighbour kind
 * (connected, gateway, both families, unresolved, incomplete, no route) are prepared, then their starts moved
 * back, millions of times on this thread, measured with the JVM's per-thread allocation counter.
 */
class EgressAllocationTest
{
    private static final int BURST = 32;
    private static final int PACKETS = 2_000_000;
    private static final int WARMUP_PACKETS = 500_000;

    @Test
    void egressAllocatesNothingPerPacket()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().threadId();
        try (EgressFixture f = new EgressFixture())
        {
            final String[] destinations = {HOST, REMOTE, HOST6, REMOTE6, HOST, REMOTE, HOST_INCOMPLETE, HOST_UNKNOWN,
                UNROUTED6};
            for (int i = 0; i < BURST; i++)
            {
                final String destination = destinations[i % destinations.length];
                if (destination.indexOf(':') >= 0)
                {
                    f.addIpv6(destination);
                }
                else
                {
                    f.addIpv4(destination);
                }
            }
            final int[] results = new int[BURST];
            run(f, results, WARMUP_PACKETS);

            final long before = threads.getThreadAllocatedBytes(threadId);
            final long packets = run(f, results, PACKETS);
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

            System.out.printf("allocated %d bytes for %d packets through egress%n", allocated, packets);
            assertTrue(packets >= PACKETS);
            // The measuring call itself may allocate a few objects; a per-packet allocation would be >= 32 MB.
            assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes for " + packets + " packets");
            for (final EgressCounter outcome : new EgressCounter[] {EgressCounter.IPV4_OK, EgressCounter.IPV6_OK,
                EgressCounter.NO_ROUTE, EgressCounter.NEIGHBOR_UNRESOLVED, EgressCounter.NEIGHBOR_INCOMPLETE})
            {
                assertTrue(f.egress.count(outcome) > 0, "the measured run reached " + outcome);
            }
        }
    }

    private static long run(final EgressFixture f, final int[] results, final int packets)
    {
        long done = 0;
        while (done < packets)
        {
            f.egress.prepareBurst(f.burst, results);
            for (int i = 0; i < BURST; i++)
            {
                if (results[i] >= 0)
                {
                    // Undo the Ethernet header: the IP packet is untouched behind it.
                    f.burst.adjustStart(i, EthernetHeader.LENGTH);
                }
            }
            done += BURST;
        }
        return done;
    }
}
