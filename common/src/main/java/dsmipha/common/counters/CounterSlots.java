package dsmipha.common.counters;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.status.CountersReader;

/**
 * One owner's counters, counted locally and published in one go: the packet path adds to plain {@code long}s
 * and {@link #publish()} release-stores them into the owner's slots once per duty cycle, so a burst of 32 packets
 * costs 32 array increments and at most one store per changed counter, never an atomic per packet.
 * <p>
 * Single writer: only the owning agent's thread calls {@link #add}, {@link #increment} and {@link #publish}.
 */
public final class CounterSlots
{
    private final AtomicBuffer values;
    private final int[] valueOffsets;
    private final long[] totals;
    private final long[] published;

    /**
     * @param file        counters file to allocate in.
     * @param descriptors the counters, indexed by ordinal.
     * @param ownerIndex  owner index (stored as each counter's key).
     * @param ownerName   owner name (label prefix).
     */
    public CounterSlots(
        final CountersFile file, final CounterDescriptor[] descriptors, final int ownerIndex, final String ownerName)
    {
        final int[] ids = file.allocate(descriptors, ownerIndex, ownerName);
        this.values = file.valuesBuffer();
        this.valueOffsets = new int[ids.length];
        for (int i = 0; i < ids.length; i++)
        {
            valueOffsets[i] = CountersReader.counterOffset(ids[i]);
        }
        this.totals = new long[ids.length];
        this.published = new long[ids.length];
    }

    /**
     * @param index ordinal of the counter's descriptor.
     */
    public void increment(final int index)
    {
        totals[index]++;
    }

    /**
     * @param index ordinal of the counter's descriptor.
     * @param delta amount to add.
     */
    public void add(final int index, final long delta)
    {
        totals[index] += delta;
    }

    /**
     * Set a counter's local total (for owners that count elsewhere and copy their totals in before publishing).
     *
     * @param index ordinal of the counter's descriptor.
     * @param total the new total.
     */
    public void set(final int index, final long total)
    {
        totals[index] = total;
    }

    /**
     * @param index ordinal of the counter's descriptor.
     * @return the local total, including what is not yet published.
     */
    public long get(final int index)
    {
        return totals[index];
    }

    /**
     * Take an owner's own running totals (an array indexed by counter ordinal, as the resolver, the signaling reader
     * and the home link keep them) as these slots' totals and publish the ones that changed.
     *
     * @param counts totals by ordinal; at most as long as the descriptor list.
     * @return the number of counters stored.
     */
    public int publishTotals(final long[] counts)
    {
        System.arraycopy(counts, 0, totals, 0, counts.length);
        return publish();
    }

    /**
     * Release-store every counter that changed since the last publish.
     *
     * @return the number of counters stored.
     */
    public int publish()
    {
        int stored = 0;
        final long[] totals = this.totals;
        final long[] published = this.published;
        for (int i = 0; i < totals.length; i++)
        {
            final long total = totals[i];
            if (total != published[i])
            {
                values.putLongRelease(valueOffsets[i], total);
                published[i] = total;
                stored++;
            }
        }
        return stored;
    }
}
