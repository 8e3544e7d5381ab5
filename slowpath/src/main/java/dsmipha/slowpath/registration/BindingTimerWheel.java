package dsmipha.slowpath.registration;

/**
 * One timer per binding (its Binding Refresh Request time or its expiry): a hashed timing wheel whose spokes are
 * intrusive doubly linked lists through the {@link BindingRecord}s themselves, so scheduling, cancelling and
 * firing are O(1) and allocate nothing, at any number of bindings.
 * <pre>
 *   spoke = (deadlineNs &gt;&gt; TICK_SHIFT) &amp; (SPOKES - 1)      tick 2^30 ns (about 1.07 s), 4096 spokes
 *   heads[spoke] -&gt; record &lt;-&gt; record &lt;-&gt; ...            (timerPrev / timerNext in each record)
 * </pre>
 * A deadline further away than one revolution (about 73 minutes) waits in its spoke and is skipped until its
 * revolution comes. {@link #poll} visits at most a given number of records per call and resumes where it stopped.
 * Agrona's {@code DeadlineTimerWheel} was not used: it gives every spoke the capacity of the fullest one and throws
 * past 2^30 slots, so a million bindings restored in the same second (all expiring in the same tick) would not fit.
 * Single thread (the slowpath's).
 */
final class BindingTimerWheel
{
    /** log2 of the tick in nanoseconds. */
    static final int TICK_SHIFT = 30;
    /** Spokes (a power of two). */
    static final int SPOKES = 4096;

    /** Receives due timers. */
    interface Handler
    {
        /**
         * @param record the binding whose timer is due (already unlinked; it may be rescheduled).
         * @param nowNs  current time.
         */
        void onTimer(BindingRecord record, long nowNs);
    }

    private final BindingRecord[] heads = new BindingRecord[SPOKES];
    private boolean started;
    private long currentTick;
    private boolean inPass;
    private BindingRecord cursor;
    /** Earliest deadline in the current tick not yet fired; the current spoke is scanned again only from then. */
    private long earliestPendingNs = Long.MIN_VALUE;
    private long scheduled;

    /**
     * @param record     the binding (must not be scheduled).
     * @param deadlineNs when its timer is due.
     * @param nowNs      current time.
     */
    void schedule(final BindingRecord record, final long deadlineNs, final long nowNs)
    {
        start(nowNs);
        record.timerDeadlineNs = deadlineNs;
        final long tick = Math.max(deadlineNs >> TICK_SHIFT, currentTick);
        final int spoke = (int)tick & (SPOKES - 1);
        record.timerSpoke = spoke;
        if (tick == currentTick)
        {
            earliestPendingNs = Math.min(earliestPendingNs, deadlineNs);
            if (inPass)
            {
                insertBefore(record, cursor, spoke);
                cursor = record;
                scheduled++;
                return;
            }
        }
        insertBefore(record, heads[spoke], spoke);
        scheduled++;
    }

    /**
     * @param record the binding; nothing happens when it is not scheduled.
     */
    void cancel(final BindingRecord record)
    {
        if (record.timerSpoke < 0)
        {
            return;
        }
        if (record == cursor)
        {
            cursor = record.timerNext;
        }
        final BindingRecord prev = record.timerPrev;
        final BindingRecord next = record.timerNext;
        if (prev == null)
        {
            heads[record.timerSpoke] = next;
        }
        else
        {
            prev.timerNext = next;
        }
        if (next != null)
        {
            next.timerPrev = prev;
        }
        record.timerPrev = null;
        record.timerNext = null;
        record.timerSpoke = -1;
        scheduled--;
    }

    /**
     * Fire the timers due by now.
     *
     * @param nowNs    current time.
     * @param limit    most records to visit in this call.
     * @param handler  receives each due record.
     * @return records fired.
     */
    int poll(final long nowNs, final int limit, final Handler handler)
    {
        start(nowNs);
        int visited = 0;
        int fired = 0;
        int ticksAdvanced = 0;
        while (visited < limit && ticksAdvanced < SPOKES)
        {
            if (!inPass)
            {
                final long tickEndNs = (currentTick + 1) << TICK_SHIFT;
                if (nowNs < tickEndNs && nowNs < earliestPendingNs)
                {
                    break;
                }
                cursor = heads[(int)currentTick & (SPOKES - 1)];
                inPass = true;
                earliestPendingNs = Long.MAX_VALUE;
            }
            while (cursor != null && visited < limit)
            {
                final BindingRecord record = cursor;
                cursor = record.timerNext;
                visited++;
                if (record.timerDeadlineNs <= nowNs)
                {
                    cancel(record);
                    fired++;
                    handler.onTimer(record, nowNs);
                }
                else if ((record.timerDeadlineNs >> TICK_SHIFT) == currentTick)
                {
                    earliestPendingNs = Math.min(earliestPendingNs, record.timerDeadlineNs);
                }
            }
            if (cursor != null)
            {
                break;
            }
            inPass = false;
            if (nowNs < ((currentTick + 1) << TICK_SHIFT))
            {
                break;
            }
            currentTick++;
            ticksAdvanced++;
            earliestPendingNs = Long.MIN_VALUE; // the first pass over a tick always runs
        }
        return fired;
    }

    /**
     * @return timers scheduled.
     */
    long scheduledCount()
    {
        return scheduled;
    }

    private void start(final long nowNs)
    {
        if (!started)
        {
            started = true;
            currentTick = nowNs >> TICK_SHIFT;
            earliestPendingNs = Long.MIN_VALUE;
        }
    }

    private void insertBefore(final BindingRecord record, final BindingRecord next, final int spoke)
    {
        final BindingRecord prev = next == null ? tailOf(spoke) : next.timerPrev;
        record.timerPrev = prev;
        record.timerNext = next;
        if (prev == null)
        {
            heads[spoke] = record;
        }
        else
        {
            prev.timerNext = record;
        }
        if (next != null)
        {
            next.timerPrev = record;
        }
    }

    private BindingRecord tailOf(final int spoke)
    {
        BindingRecord tail = heads[spoke];
        if (tail == null)
        {
            return null;
        }
        while (tail.timerNext != null)
        {
            tail = tail.timerNext;
        }
        return tail;
    }
}
