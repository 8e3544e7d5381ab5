package dsmipha.ha.log;

import java.util.List;

import org.agrona.concurrent.status.CountersReader;

import dsmipha.common.counters.CounterDescriptor;
import dsmipha.common.log.EventLog;
import dsmipha.common.log.EventType;
import dsmipha.common.log.EventWriter;
import dsmipha.common.log.LogCategory;
import dsmipha.common.log.LogLevel;
import dsmipha.common.log.LogTicker;
import dsmipha.fastpath.decap.DecapCounter;

/**
 * Logs the fastpath's reverse-tunnel source check failures as security events. RFC 5454 §4 asks a home agent to
 * silently discard a reverse-tunnelled packet whose outer source is not the registered care-of address, or whose
 * inner source is not the mobile node's registered address, "and log the event as a security exception"; the
 * fastpath makes the same checks for DSMIPv6 tunnels (RFC 6275 §10.4.5, RFC 5555 §4.1, §4.2). A worker cannot log
 * per packet, so this watcher, run by the logger thread once a second
 * ({@link dsmipha.common.log.LogAgent#TICK_INTERVAL_MS}), reads the totals of the watched counters in the counters
 * file (summed over every worker) and logs one event per counter that grew:
 * <pre>
 *   {"event":"fastpath.source-check-failed","category":"security","counter":"decap-drop-care-of-mismatch",
 *    "packets":12,"interval_ms":1000,"total":340}
 * </pre>
 * Logger thread only; scans the counters file's metadata each tick (no allocation beyond the event log's own).
 */
public final class SecurityCounterWatcher implements LogTicker
{
    /** The event's name. */
    public static final String EVENT = "fastpath.source-check-failed";

    /**
     * The fastpath's source-check counters: inner source without a binding (the RFC 5454 §4 inner check), tunnel
     * type other than registered (RFC 5555 §4.1, §4.2), outer source other than the care-of address (RFC 6275
     * §10.4.5; the RFC 5454 §4 outer check), UDP source port other than the NAT-mapped one (RFC 5555 §4.1).
     */
    public static final List<DecapCounter> SOURCE_CHECKS = List.of(
        DecapCounter.DROP_NO_BINDING,
        DecapCounter.DROP_VARIANT_MISMATCH,
        DecapCounter.DROP_CARE_OF_MISMATCH,
        DecapCounter.DROP_UDP_PORT_MISMATCH);

    private final CountersReader reader;
    private final EventWriter writer;
    private final EventType event;
    private final int[] typeIds;
    private final String[] labels;
    private final long[] lastTotals;
    private long lastTickMs;

    /**
     * Watch {@link #SOURCE_CHECKS}.
     *
     * @param reader the counters file's reader.
     * @param log    the event log.
     * @param nowMs  wall-clock now: counts up to now are the baseline, not reported.
     */
    public SecurityCounterWatcher(final CountersReader reader, final EventLog log, final long nowMs)
    {
        this(reader, log, SOURCE_CHECKS, nowMs);
    }

    /**
     * @param reader  the counters file's reader.
     * @param log     the event log.
     * @param watched the counters whose growth is a security event.
     * @param nowMs   wall-clock now: counts up to now are the baseline, not reported.
     */
    public SecurityCounterWatcher(
        final CountersReader reader, final EventLog log, final List<? extends CounterDescriptor> watched,
        final long nowMs)
    {
        this.reader = reader;
        this.writer = log.newWriter();
        this.event = log.eventType(EVENT, LogLevel.WARN, LogCategory.SECURITY);
        this.typeIds = new int[watched.size()];
        this.labels = new String[watched.size()];
        this.lastTotals = new long[watched.size()];
        for (int i = 0; i < typeIds.length; i++)
        {
            typeIds[i] = watched.get(i).id();
            labels[i] = watched.get(i).label();
            lastTotals[i] = total(typeIds[i]);
        }
        this.lastTickMs = nowMs;
    }

    @Override
    public int onTick(final long nowMs)
    {
        int events = 0;
        final long intervalMs = nowMs - lastTickMs;
        lastTickMs = nowMs;
        for (int i = 0; i < typeIds.length; i++)
        {
            final long total = total(typeIds[i]);
            final long delta = total - lastTotals[i];
            lastTotals[i] = total;
            if (delta > 0 && writer.begin(event))
            {
                writer.string("counter", labels[i]).number("packets", delta).number("interval_ms", intervalMs)
                    .number("total", total).commit();
                events++;
            }
        }
        return events;
    }

    /**
     * @param typeId a counter's stable id.
     * @return its value summed over every allocated counter of that id (one per worker).
     */
    long total(final int typeId)
    {
        long sum = 0;
        final int max = reader.maxCounterId();
        for (int id = 0; id <= max; id++)
        {
            final int state = reader.getCounterState(id);
            if (state == CountersReader.RECORD_UNUSED)
            {
                break;
            }
            if (state == CountersReader.RECORD_ALLOCATED && reader.getCounterTypeId(id) == typeId)
            {
                sum += reader.getCounterValue(id);
            }
        }
        return sum;
    }
}
