package dsmipha.slowpath.neighbor;

import static dsmipha.slowpath.neighbor.NeighborFixture.SECOND;
import static dsmipha.slowpath.neighbor.NeighborFixture.T0;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

import dsmipha.common.testing.Fixture;
import dsmipha.fastpath.route.NeighborTable;

/**
 * The resolver allocates nothing per message once running: ARP requests answered, solicitations answered,
 * advertisements and replies learnt, punted next hops resolved and aged, measured with the JVM's per-thread
 * allocation counter (not required of the slowpath, but it keeps a signaling storm from feeding the collector).
 */
class NeighborResolverAllocationTest
{
    private static final int ROUNDS = 100_000;

    @Test
    void messagesAndTimersAllocateNothing()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().threadId();
        final long[] frames = new long[1];
        try (NeighborFixture f = new NeighborFixture(64); Arena arena = Arena.ofConfined())
        {
            final NeighborResolver resolver = new NeighborResolver(f.table, f.ports, f.local,
                (port, frame, offset, length) -> ++frames[0] > 0, ProxyNeighbor.NONE);
            final String[] names = {"in_arp_request", "in_arp_reply", "in_ns", "in_na_solicited", "in_rs"};
            final MemorySegment[] segments = new MemorySegment[names.length];
            final int[] lengths = new int[names.length];
            for (int i = 0; i < names.length; i++)
            {
                final Fixture fixture = Fixture.load(NeighborFixture.GROUP, names[i]);
                segments[i] = fixture.toSegment(arena);
                lengths[i] = fixture.bytes().length;
            }
            run(resolver, segments, lengths, ROUNDS / 4);
            final long before = threads.getThreadAllocatedBytes(threadId);
            final long messages = run(resolver, segments, lengths, ROUNDS);
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
            System.out.printf("allocated %d bytes for %d resolver calls, %d frames sent%n", allocated, messages,
                frames[0]);
            assertTrue(frames[0] > ROUNDS, "frames were sent");
            assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes for " + messages + " calls");
        }
    }

    private static long run(
        final NeighborResolver resolver, final MemorySegment[] segments, final int[] lengths, final int rounds)
    {
        long calls = 0;
        long now = T0;
        for (int r = 0; r < rounds; r++)
        {
            for (int i = 0; i < segments.length; i++)
            {
                if (i < 2)
                {
                    resolver.onArp(segments[i], Fixture.HEADROOM, lengths[i], 0, now);
                }
                else
                {
                    resolver.onNeighborDiscovery(segments[i], Fixture.HEADROOM, lengths[i], 0, now);
                }
                calls++;
            }
            resolver.onUnresolved(0, NeighborTable.IPV4_MAPPED_HIGH,
                NeighborTable.ipv4MappedLow(0xC000_0200 | (r & 0x1F) + 100), now);
            resolver.doWork(now);
            now += SECOND / 4;
            calls += 2;
        }
        return calls;
    }
}
