package dsmipha.slowpath;

import dsmipha.common.counters.CounterDescriptor;
import dsmipha.common.counters.CounterSlots;
import dsmipha.common.counters.CountersFile;
import dsmipha.fastpath.binding.BindingTable;
import dsmipha.fastpath.binding.BindingTableCounter;
import dsmipha.fastpath.binding.PrefixTable;
import dsmipha.fastpath.binding.PrefixTableCounter;

/**
 * The writer-side counters of the binding and prefix tables (bindings refused because the table is full, the probe
 * bound was reached or the binding was invalid; prefixes added, updated, removed, refused), published by their one
 * writer, the slowpath thread. Reader-side counters (entries re-read while being written) belong to each worker.
 */
public final class TableCounters
{
    private static final BindingTableCounter[] BINDING = {
        BindingTableCounter.TABLE_FULL, BindingTableCounter.PROBE_LIMIT, BindingTableCounter.INVALID_BINDING};
    private static final PrefixTableCounter[] PREFIX = {
        PrefixTableCounter.ADDED, PrefixTableCounter.UPDATED, PrefixTableCounter.REMOVED, PrefixTableCounter.TABLE_FULL,
        PrefixTableCounter.PROBE_LIMIT, PrefixTableCounter.INVALID};

    private final BindingTable bindings;
    private final PrefixTable prefixes;
    private final CounterSlots slots;

    /**
     * @param file     the counters file.
     * @param bindings the binding table this thread writes.
     * @param prefixes the prefix table this thread writes.
     */
    public TableCounters(final CountersFile file, final BindingTable bindings, final PrefixTable prefixes)
    {
        this.bindings = bindings;
        this.prefixes = prefixes;
        this.slots = new CounterSlots(file, descriptors(), 0, "slowpath");
    }

    /**
     * @return the counters published, in slot order.
     */
    public static CounterDescriptor[] descriptors()
    {
        final CounterDescriptor[] all = new CounterDescriptor[BINDING.length + PREFIX.length];
        System.arraycopy(BINDING, 0, all, 0, BINDING.length);
        System.arraycopy(PREFIX, 0, all, BINDING.length, PREFIX.length);
        return all;
    }

    /**
     * Copy the tables' writer counters into the slots and publish the changed ones. Writer thread only.
     *
     * @return slots stored.
     */
    public int publish()
    {
        int index = 0;
        for (final BindingTableCounter counter : BINDING)
        {
            slots.set(index++, bindings.counter(counter));
        }
        for (final PrefixTableCounter counter : PREFIX)
        {
            slots.set(index++, prefixes.counter(counter));
        }
        return slots.publish();
    }
}
