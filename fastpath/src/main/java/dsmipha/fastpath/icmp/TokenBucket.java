package dsmipha.fastpath.icmp;

/**
 * A token bucket over a nanosecond clock, in integer arithmetic: the rate limit of RFC 4443 §2.4 (f), which names
 * the token bucket as the suggested method ("the average rate ... B tokens ... N tokens per time interval T"), and
 * of RFC 1812 §4.3.2.8 for ICMPv4.
 * <p>
 * The bucket holds credit in nanoseconds: time that passes adds credit, up to {@code burst} intervals; a message
 * costs one interval ({@code 1e9 / messagesPerSecond} ns). This is the shape of Linux's {@code icmp_global_allow}
 * and {@code xrlim_allow}: a quiet period refills the bucket, after which {@code burst} messages go back to back.
 * <p>
 * Not thread safe: one per generator, hence one per worker.
 */
public final class TokenBucket
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long intervalNs;
    private final long capacityNs;
    private long creditNs;
    private long lastNs;

    /**
     * A bucket that starts full.
     *
     * @param messagesPerSecond long-run rate, 1..1,000,000,000.
     * @param burst             messages that may go back to back after a quiet period, at least 1.
     * @param nowNs             the clock's time now.
     */
    public TokenBucket(final long messagesPerSecond, final int burst, final long nowNs)
    {
        if (messagesPerSecond < 1 || messagesPerSecond > NANOS_PER_SECOND)
        {
            throw new IllegalArgumentException("messages per second outside 1..1e9: " + messagesPerSecond);
        }
        if (burst < 1)
        {
            throw new IllegalArgumentException("burst must be at least 1: " + burst);
        }
        this.intervalNs = NANOS_PER_SECOND / messagesPerSecond;
        this.capacityNs = intervalNs * burst;
        this.creditNs = capacityNs;
        this.lastNs = nowNs;
    }

    /**
     * Take one token if there is one.
     *
     * @param nowNs the clock's time now; a time before the last one adds nothing.
     * @return true when a message may be sent.
     */
    public boolean tryAcquire(final long nowNs)
    {
        final long elapsedNs = nowNs - lastNs;
        if (elapsedNs > 0)
        {
            // Compared before adding so that a long idle period cannot overflow the credit.
            creditNs = elapsedNs >= capacityNs - creditNs ? capacityNs : creditNs + elapsedNs;
            lastNs = nowNs;
        }
        if (creditNs >= intervalNs)
        {
            creditNs -= intervalNs;
            return true;
        }
        return false;
    }

    /**
     * Give back the token of a message that was not sent after all (no frame to build it in).
     */
    public void refund()
    {
        creditNs = Math.min(capacityNs, creditNs + intervalNs);
    }

    /**
     * @return whole tokens in the bucket as of the last call.
     */
    public long tokens()
    {
        return creditNs / intervalNs;
    }

    /**
     * @return nanoseconds of credit one message costs.
     */
    public long intervalNs()
    {
        return intervalNs;
    }
}
