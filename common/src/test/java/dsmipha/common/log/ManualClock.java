package dsmipha.common.log;

import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;

/**
 * A clock the test moves: monotonic nanoseconds and the wall clock advance together.
 */
final class ManualClock implements NanoClock, EpochClock
{
    /** 2026-11-23T19:33:38.123Z. */
    static final long START_MS = 1_795_462_418_123L;

    long nanos = 5_000_000_000L;
    long epochMs = START_MS;

    void advanceMs(final long ms)
    {
        nanos += ms * 1_000_000L;
        epochMs += ms;
    }

    @Override
    public long nanoTime()
    {
        return nanos;
    }

    @Override
    public long time()
    {
        return epochMs;
    }
}
