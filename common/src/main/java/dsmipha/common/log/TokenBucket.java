package dsmipha.common.log;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A lock-free token bucket, kept as one number: the theoretical arrival time of the next event (the generic cell
 * rate algorithm, ITU-T I.371). An event is allowed when that time is at most {@code burst - 1} intervals ahead of
 * now; each allowed event moves it one interval ({@code 1 / rate}) further. So {@code burst} events pass at once,
 * then {@code rate} per second. Any number of threads may call {@link #tryAcquire}; it never blocks and never
 * allocates.
 */
public final class TokenBucket
{
    private final long intervalNs;
    private final long toleranceNs;
    private final AtomicLong nextArrivalNs = new AtomicLong(Long.MIN_VALUE);

    /**
     * @param ratePerSecond refill rate; 0 or less: every event allowed.
     * @param burst         bucket depth, at least 1.
     */
    public TokenBucket(final double ratePerSecond, final int burst)
    {
        this.intervalNs = ratePerSecond > 0 ? Math.max(1, (long)(1_000_000_000d / ratePerSecond)) : 0;
        this.toleranceNs = intervalNs * (Math.max(1, burst) - 1L);
    }

    /**
     * @param nowNs monotonic time now.
     * @return true when the event may pass (a token was taken), false when it is over the limit.
     */
    public boolean tryAcquire(final long nowNs)
    {
        if (intervalNs == 0)
        {
            return true;
        }
        while (true)
        {
            final long arrival = nextArrivalNs.get();
            final long base = Math.max(arrival, nowNs);
            if (base - nowNs > toleranceNs)
            {
                return false;
            }
            if (nextArrivalNs.compareAndSet(arrival, base + intervalNs))
            {
                return true;
            }
        }
    }
}
