package dsmipha.common.log;

/**
 * Periodic work run by the logger thread ({@link LogAgent}) once per {@link LogAgent#TICK_INTERVAL_MS}: watchers
 * that turn counter growth into events (the fastpath cannot log per packet). It may log through its own
 * {@link EventWriter}.
 */
@FunctionalInterface
public interface LogTicker
{
    /**
     * @param nowMs wall-clock time now, epoch milliseconds.
     * @return events produced.
     */
    int onTick(long nowMs);
}
