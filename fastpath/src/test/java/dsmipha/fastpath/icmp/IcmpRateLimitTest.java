package dsmipha.fastpath.icmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dsmipha.common.codec.Bytes;
import dsmipha.common.testing.Fixture;
import dsmipha.fastpath.io.FrameLayout;
import dsmipha.fastpath.io.FramePool;
import dsmipha.fastpath.io.PacketBurst;

/**
 * The token bucket (RFC 4443 §2.4 (f)) driven by a clock the test moves: a burst goes back to back, then one
 * message per interval; a quiet period refills no more than the burst; an error that cannot be built (no frame,
 * full output) costs no token. Bursts of offending packets of the loop-boundary sizes fill the output and no more.
 */
class IcmpRateLimitTest
{
    private static final long MS = 1_000_000L;

    private final Fixture v4 = IcmpFixtures.load("timeexceeded4");
    private final IcmpFixtures.ManualClock clock = new IcmpFixtures.ManualClock();

    @Test
    void burstThenOneMessagePerInterval()
    {
        try (FramePool pool = new FramePool(64, FrameLayout.DEFAULT_FRAME_LENGTH))
        {
            final PacketBurst in = new PacketBurst(pool, 1);
            final PacketBurst out = new PacketBurst(pool, 64);
            IcmpFixtures.add(in, IcmpFixtures.offending(v4));
            final IcmpErrorGenerator generator = generator(10, 5);
            for (int k = 0; k < 5; k++)
            {
                assertEquals(IcmpErrorGenerator.GENERATED, generator.timeExceeded(in, 0, out), "burst " + k);
            }
            assertEquals(IcmpErrorGenerator.RATE_LIMITED, generator.timeExceeded(in, 0, out));
            assertEquals(IcmpErrorGenerator.RATE_LIMITED, generator.fragmentationNeeded(in, 0, 1000, out));
            clock.advance(99 * MS);
            assertEquals(IcmpErrorGenerator.RATE_LIMITED, generator.timeExceeded(in, 0, out), "99 ms: not yet");
            clock.advance(MS);
            assertEquals(IcmpErrorGenerator.GENERATED, generator.timeExceeded(in, 0, out), "100 ms: one token");
            assertEquals(IcmpErrorGenerator.RATE_LIMITED, generator.timeExceeded(in, 0, out));
            clock.advance(3_600_000 * MS);
            for (int k = 0; k < 5; k++)
            {
                assertEquals(IcmpErrorGenerator.GENERATED, generator.timeExceeded(in, 0, out), "refilled " + k);
            }
            assertEquals(IcmpErrorGenerator.RATE_LIMITED, generator.timeExceeded(in, 0, out), "an hour buys 5");
            assertEquals(5 + 1 + 5, generator.count(IcmpCounter.TIME_EXCEEDED_V4_SENT));
            assertEquals(5, generator.count(IcmpCounter.RATE_LIMITED));
            assertEquals(11, out.count());
            in.freeAll();
            out.freeAll();
        }
    }

    @Test
    void rateLimitIsSharedByEveryKindOfError()
    {
        try (FramePool pool = new FramePool(16, FrameLayout.DEFAULT_FRAME_LENGTH))
        {
            final PacketBurst in = new PacketBurst(pool, 2);
            final PacketBurst out = new PacketBurst(pool, 16);
            IcmpFixtures.add(in, IcmpFixtures.offending(v4));
            IcmpFixtures.add(in, IcmpFixtures.offending(IcmpFixtures.load("ptb6")));
            final IcmpErrorGenerator generator = generator(1, 2);
            assertEquals(IcmpErrorGenerator.GENERATED, generator.fragmentationNeeded(in, 0, 1000, out));
            assertEquals(IcmpErrorGenerator.GENERATED, generator.packetTooBig(in, 1, 1280, out));
            assertEquals(IcmpErrorGenerator.RATE_LIMITED, generator.timeExceeded(in, 1, out));
            assertEquals(IcmpErrorGenerator.RATE_LIMITED, generator.timeExceeded(in, 0, out));
            assertEquals(2, generator.count(IcmpCounter.RATE_LIMITED));
            in.freeAll();
            out.freeAll();
        }
    }

    @Test
    void noFrameGivesTheTokenBack()
    {
        try (FramePool pool = new FramePool(2, FrameLayout.DEFAULT_FRAME_LENGTH))
        {
            final PacketBurst in = new PacketBurst(pool, 1);
            final PacketBurst out = new PacketBurst(pool, 4);
            IcmpFixtures.add(in, IcmpFixtures.offending(v4));
            final IcmpErrorGenerator generator = generator(1, 1);
            final int held = pool.allocate();
            assertEquals(0, pool.available());
            assertEquals(IcmpErrorGenerator.NO_FRAME, generator.timeExceeded(in, 0, out));
            assertEquals(1, generator.count(IcmpCounter.NO_FRAME));
            assertEquals(1, generator.bucket().tokens(), "token refunded");
            pool.free(held);
            assertEquals(IcmpErrorGenerator.GENERATED, generator.timeExceeded(in, 0, out), "same instant");
            in.freeAll();
            out.freeAll();
        }
    }

    @Test
    void fullOutputCostsNoToken()
    {
        try (FramePool pool = new FramePool(4, FrameLayout.DEFAULT_FRAME_LENGTH))
        {
            final PacketBurst in = new PacketBurst(pool, 1);
            final PacketBurst out = new PacketBurst(pool, 1);
            IcmpFixtures.add(in, IcmpFixtures.offending(v4));
            final IcmpErrorGenerator generator = generator(1, 1);
            out.add(pool.allocate(), FrameLayout.DATA_OFFSET, 0);
            final int free = pool.available();
            assertEquals(IcmpErrorGenerator.OUTPUT_FULL, generator.timeExceeded(in, 0, out));
            assertEquals(1, generator.count(IcmpCounter.OUTPUT_FULL));
            assertEquals(1, generator.bucket().tokens());
            assertEquals(free, pool.available());
            out.freeAll();
            assertEquals(IcmpErrorGenerator.GENERATED, generator.timeExceeded(in, 0, out));
            in.freeAll();
            out.freeAll();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 31, 32, 33})
    void burstOfOffendingPacketsFillsTheOutputAndNoMore(final int size)
    {
        try (FramePool pool = new FramePool(128, FrameLayout.DEFAULT_FRAME_LENGTH))
        {
            final PacketBurst in = new PacketBurst(pool, 64);
            final PacketBurst out = new PacketBurst(pool, 32);
            final byte[] v6 = IcmpFixtures.offending(IcmpFixtures.load("timeexceeded6"));
            for (int i = 0; i < size; i++)
            {
                IcmpFixtures.add(in, i % 2 == 0 ? IcmpFixtures.offending(v4) : v6);
            }
            final IcmpErrorGenerator generator = generator(1000, 64);
            int generated = 0;
            for (int i = 0; i < in.count(); i++)
            {
                if (generator.timeExceeded(in, i, out) == IcmpErrorGenerator.GENERATED)
                {
                    generated++;
                }
            }
            final int expected = Math.min(size, 32);
            assertEquals(expected, generated);
            assertEquals(expected, out.count());
            assertEquals((expected + 1) / 2, generator.count(IcmpCounter.TIME_EXCEEDED_V4_SENT));
            assertEquals(expected / 2, generator.count(IcmpCounter.TIME_EXCEEDED_V6_SENT));
            assertEquals(size - expected, generator.count(IcmpCounter.OUTPUT_FULL));
            for (int i = 0; i < out.count(); i++)
            {
                final int version = Bytes.u8(out.memory(), out.address(i)) >>> 4;
                assertEquals(i % 2 == 0 ? 4 : 6, version, "error " + i + " answers packet " + i);
            }
            in.freeAll();
            out.freeAll();
            assertEquals(128, pool.available());
        }
    }

    @Test
    void tokenBucketArithmetic()
    {
        final TokenBucket bucket = new TokenBucket(1000, 50, 0);
        assertEquals(1_000_000, bucket.intervalNs());
        assertEquals(50, bucket.tokens(), "starts full");
        for (int k = 0; k < 50; k++)
        {
            assertTrue(bucket.tryAcquire(0));
        }
        assertTrue(!bucket.tryAcquire(0));
        assertTrue(!bucket.tryAcquire(-5_000_000), "time going back adds nothing");
        assertTrue(!bucket.tryAcquire(999_999));
        assertTrue(bucket.tryAcquire(1_000_000));
        assertTrue(bucket.tryAcquire(Long.MAX_VALUE), "a huge gap fills the bucket without overflow");
        assertEquals(49, bucket.tokens());
        bucket.refund();
        bucket.refund();
        assertEquals(50, bucket.tokens(), "a refund never overfills");
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(2_000_000_000L, 1, 0));
    }

    @Test
    void defaultsAreLinuxsGlobalIcmpLimit()
    {
        final IcmpErrorGenerator generator = IcmpFixtures.generator(v4, clock);
        assertEquals(IcmpErrorGenerator.DEFAULT_BURST, generator.bucket().tokens());
        assertEquals(1_000_000_000L / IcmpErrorGenerator.DEFAULT_MESSAGES_PER_SECOND,
            generator.bucket().intervalNs());
        assertEquals(1000, IcmpErrorGenerator.DEFAULT_MESSAGES_PER_SECOND);
        assertEquals(50, IcmpErrorGenerator.DEFAULT_BURST);
    }

    private IcmpErrorGenerator generator(final long perSecond, final int burst)
    {
        return new IcmpErrorGenerator(v4.intField("ha4"), v4.longField("ha6.high"), v4.longField("ha6.low"),
            perSecond, burst, clock);
    }
}
