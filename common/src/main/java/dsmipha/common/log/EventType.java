package dsmipha.common.log;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One event name, registered once with {@link EventLog#eventType}: its stable dotted name (e.g.
 * {@code registration.rejected}), default level and category, its own rate limit ({@link TokenBucket}) and the
 * count of its events suppressed since one was last written. Shared by every producer thread.
 */
public final class EventType
{
    private final int id;
    private final String name;
    private final LogLevel level;
    private final LogCategory category;
    private final TokenBucket bucket;
    private final AtomicLong suppressed = new AtomicLong();

    EventType(final int id, final String name, final LogLevel level, final LogCategory category,
        final TokenBucket bucket)
    {
        this.id = id;
        this.name = name;
        this.level = level;
        this.category = category;
        this.bucket = bucket;
    }

    /**
     * @return the ring message type id of this event's records (1 and up).
     */
    public int id()
    {
        return id;
    }

    /**
     * @return the dotted name written in the {@code event} field.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return the level its events are written at unless the producer says otherwise.
     */
    public LogLevel level()
    {
        return level;
    }

    /**
     * @return the category written in the {@code category} field.
     */
    public LogCategory category()
    {
        return category;
    }

    boolean tryAcquire(final long nowNs)
    {
        return bucket.tryAcquire(nowNs);
    }

    void suppress()
    {
        suppressed.incrementAndGet();
    }

    long takeSuppressed()
    {
        return suppressed.getAndSet(0);
    }

    void restoreSuppressed(final long count)
    {
        if (count != 0)
        {
            suppressed.addAndGet(count);
        }
    }

    @Override
    public String toString()
    {
        return name;
    }
}
