package dsmipha.fastpath.icmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

import dsmipha.common.testing.Fixture;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.PacketBurst;

/**
 * Proves the MTU check, the error generator (all four messages, refusals and rate limiting included) and the
 * fragmenter allocate nothing per packet: millions of errors and fragments on this thread, measured with the JVM's
 * per-thread allocation counter.
 */
class IcmpAllocationTest
{
    private static final int ROUNDS = 200_000;
    private static final int WARMUP_ROUNDS = 50_000;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private final long threadId = Thread.currentThread().threadId();

    @Test
    void errorsAllocateNothing()
    {
        try (FramePool pool = new FramePool(64, FrameLayout.DEFAULT_FRAME_LENGTH))
        {
            final PacketBurst in = new PacketBurst(pool, 8);
            final PacketBurst out = new PacketBurst(pool, 8);
            final Fixture ptb = IcmpFixtures.load("ptb6");
            IcmpFixtures.add(in, IcmpFixtures.offending(ptb));
            IcmpFixtures.add(in, IcmpFixtures.offending(IcmpFixtures.load("fragneeded4")));
            IcmpFixtures.add(in, IcmpFixtures.offending(IcmpFixtures.load("timeexceeded4")));
            IcmpFixtures.add(in, IcmpFixtures.offending(IcmpFixtures.load("timeexceeded6")));
            final IcmpFixtures.ManualClock clock = new IcmpFixtures.ManualClock();
            // 1000 per second, burst 4: each round's clock step buys 4 errors, the fifth call is rate limited.
            final IcmpErrorGenerator generator = new IcmpErrorGenerator(ptb.intField("ha4"),
                ptb.longField("ha6.high"), ptb.longField("ha6.low"), 1000, 4, clock);
            final TunnelMtuCheck check = new TunnelMtuCheck();
            errors(generator, check, clock, in, out, WARMUP_ROUNDS);

            final long before = threads.getThreadAllocatedBytes(threadId);
            final long sent = errors(generator, check, clock, in, out, ROUNDS);
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

            System.out.printf("allocated %d bytes for %d ICMP errors and %d rate-limited%n", allocated, sent, ROUNDS);
            assertEquals(4L * ROUNDS, sent);
            assertEquals(WARMUP_ROUNDS + ROUNDS, generator.count(IcmpCounter.RATE_LIMITED));
            assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes for " + sent + " errors");
            in.freeAll();
        }
    }

    @Test
    void fragmentationAllocatesNothing()
    {
        try (FramePool pool = new FramePool(64, FrameLayout.DEFAULT_FRAME_LENGTH))
        {
            final PacketBurst in = new PacketBurst(pool, 4);
            final PacketBurst out = new PacketBurst(pool, 32);
            final Fixture options = IcmpFixtures.load("frag_options");
            IcmpFixtures.add(in, IcmpFixtures.load("frag_plain").bytes());
            IcmpFixtures.add(in, options.bytes());
            final Ipv4Fragmenter fragmenter = new Ipv4Fragmenter();
            fragments(fragmenter, in, out, WARMUP_ROUNDS);

            final long before = threads.getThreadAllocatedBytes(threadId);
            final long fragments = fragments(fragmenter, in, out, ROUNDS);
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

            System.out.printf("allocated %d bytes for %d fragments%n", allocated, fragments);
            assertEquals(6L * ROUNDS, fragments);
            assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes for " + fragments + " fragments");
            in.freeAll();
        }
    }

    private static long errors(
        final IcmpErrorGenerator generator,
        final TunnelMtuCheck check,
        final IcmpFixtures.ManualClock clock,
        final PacketBurst in,
        final PacketBurst out,
        final int rounds)
    {
        long sent = 0;
        for (int r = 0; r < rounds; r++)
        {
            clock.advance(4_000_000L);
            sent += check.check(in, 0, 1360) == TunnelMtuCheck.TOO_BIG_IPV6 &&
                generator.packetTooBig(in, 0, 1360, out) == IcmpErrorGenerator.GENERATED ? 1 : 0;
            sent += generator.fragmentationNeeded(in, 1, 1380, out) == IcmpErrorGenerator.GENERATED ? 1 : 0;
            sent += generator.timeExceeded(in, 2, out) == IcmpErrorGenerator.GENERATED ? 1 : 0;
            sent += generator.timeExceeded(in, 3, out) == IcmpErrorGenerator.GENERATED ? 1 : 0;
            generator.timeExceeded(in, 3, out);
            out.freeAll();
        }
        return sent;
    }

    private static long fragments(
        final Ipv4Fragmenter fragmenter, final PacketBurst in, final PacketBurst out, final int rounds)
    {
        long fragments = 0;
        for (int r = 0; r < rounds; r++)
        {
            fragments += fragmenter.fragment(in, 0, 576, out);
            fragments += fragmenter.fragment(in, 1, 300, out);
            out.freeAll();
        }
        return fragments;
    }
}
