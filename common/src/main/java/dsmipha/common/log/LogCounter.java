package dsmipha.common.log;

import dsmipha.common.counters.CounterDescriptor;
import dsmipha.common.counters.CounterDescriptors;
import dsmipha.common.counters.CounterInfo;

/**
 * Outcomes of the event log ({@link EventLog}, {@link LogAgent}), ids 2500-2509 of the slowpath range (see
 * {@link CounterDescriptor}): events written, and every reason an event was not written as it was produced.
 */
public enum LogCounter implements CounterDescriptor
{
    /** Events formatted and handed to the sink. */
    WRITTEN(2500, "log-written", "log events written"),
    /** The record ring was full: the event was lost (the producer never waits). */
    DROPPED_RING_FULL(2501, "log-drop-ring-full", "log events lost because the log ring was full"),
    /** Over its event name's rate limit: counted, and reported as "suppressed" by the next event of the name. */
    SUPPRESSED(2502, "log-suppressed", "log events suppressed by the per-event rate limit"),
    /** A field did not fit in the record (long strings or too many fields): the field was left out. */
    FIELD_TRUNCATED(2503, "log-field-truncated", "log event fields left out because the record was full"),
    /** The sink failed to write or open: the lines were lost. */
    WRITE_ERROR(2504, "log-write-error", "log writes or reopens that failed"),
    /** The log file was reopened (after rotation). */
    REOPENED(2505, "log-reopened", "log file reopened");

    static
    {
        CounterDescriptors.requireUnique(values());
    }

    private final CounterInfo info;

    LogCounter(final int id, final String label, final String description)
    {
        this.info = new CounterInfo(id, label, description);
    }

    @Override
    public CounterInfo info()
    {
        return info;
    }
}
