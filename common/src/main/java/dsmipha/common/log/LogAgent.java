package dsmipha.common.log;

import java.io.IOException;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;

import dsmipha.common.counters.CounterSlots;

/**
 * The logger thread's duty cycle: drain the {@link EventLog}'s ring (a bounded batch per call), format each record
 * with the {@link LineFormatter}, write the batch to the {@link LogSink} in one go, reopen the sink when asked,
 * run the {@link LogTicker}s once a second and publish the log's counters. It is the only consumer of the ring and
 * the only writer of the sink; it may allocate (formatting), the producers never do.
 */
public final class LogAgent implements Agent
{
    /** Records formatted per duty cycle at most. */
    public static final int DRAIN_LIMIT = 256;
    /** Interval between {@link LogTicker} runs. */
    public static final long TICK_INTERVAL_MS = 1_000;

    private static final LogCounter[] COUNTERS = LogCounter.values();

    private final EventLog log;
    private final LineFormatter formatter;
    private final LogSink sink;
    private final CounterSlots counters;
    private final StringBuilder line = new StringBuilder(256);
    private final MessageHandler handler = this::onRecord;
    private long nextTickMs;
    private int pendingLines;

    /**
     * @param log       the log whose ring is drained.
     * @param formatter the line format.
     * @param sink      where lines go (closed by {@link #onClose()}).
     * @param counters  slots over {@link LogCounter#values()}, or null for none.
     */
    public LogAgent(final EventLog log, final LineFormatter formatter, final LogSink sink, final CounterSlots counters)
    {
        this.log = log;
        this.formatter = formatter;
        this.sink = sink;
        this.counters = counters;
        this.nextTickMs = log.epochMs() + TICK_INTERVAL_MS;
    }

    @Override
    public int doWork()
    {
        int work = 0;
        if (log.takeReopenRequest())
        {
            reopen();
            work++;
        }
        work += log.ring().read(handler, DRAIN_LIMIT);
        flush();
        final long nowMs = log.epochMs();
        if (nowMs >= nextTickMs)
        {
            nextTickMs = nowMs + TICK_INTERVAL_MS;
            work += tick(nowMs);
        }
        publish();
        return work;
    }

    /**
     * Format and write everything in the ring now (tests, and the last act before close).
     *
     * @return records written.
     */
    public int drain()
    {
        int total = 0;
        int read;
        while ((read = log.ring().read(handler, DRAIN_LIMIT)) > 0)
        {
            total += read;
        }
        flush();
        publish();
        return total;
    }

    /**
     * Run every ticker now (the duty cycle does it once per {@link #TICK_INTERVAL_MS}).
     *
     * @param nowMs wall-clock time now, epoch milliseconds.
     * @return events the tickers produced.
     */
    public int tick(final long nowMs)
    {
        int events = 0;
        for (final LogTicker ticker : log.tickers())
        {
            events += ticker.onTick(nowMs);
        }
        return events;
    }

    @Override
    public void onClose()
    {
        drain();
        sink.close();
    }

    @Override
    public String roleName()
    {
        return EventLog.THREAD_NAME;
    }

    private void onRecord(final int typeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        format(log.eventTypeById(typeId), buffer, index, length);
    }

    private void format(final EventType type, final DirectBuffer buffer, final int index, final int length)
    {
        if (type == null)
        {
            return;
        }
        line.setLength(0);
        formatter.format(type, buffer, index, length, line);
        sink.write(line);
        pendingLines++;
    }

    private void flush()
    {
        if (pendingLines == 0)
        {
            return;
        }
        final int lines = pendingLines;
        pendingLines = 0;
        try
        {
            sink.flush();
            log.add(LogCounter.WRITTEN, lines);
        }
        catch (final IOException ex)
        {
            log.increment(LogCounter.WRITE_ERROR);
        }
    }

    private void reopen()
    {
        flush();
        try
        {
            sink.reopen();
            log.increment(LogCounter.REOPENED);
        }
        catch (final IOException ex)
        {
            log.increment(LogCounter.WRITE_ERROR);
        }
    }

    private void publish()
    {
        if (counters == null)
        {
            return;
        }
        for (final LogCounter counter : COUNTERS)
        {
            counters.set(counter.ordinal(), log.count(counter));
        }
        counters.publish();
    }
}
