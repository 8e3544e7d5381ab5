package dsmipha.fastpath.binding;

import dsmipha.common.counters.CounterDescriptor;
import dsmipha.common.counters.CounterDescriptors;
import dsmipha.common.counters.CounterInfo;

/**
 * Outcomes of the shared binding table (ids 1200-1299 of the fastpath range, see {@link CounterDescriptor}).
 * The writer counters are kept by {@link BindingTable} on the slowpath thread; the reader counters are kept per
 * worker in its {@link BindingView}.
 */
public enum BindingTableCounter implements CounterDescriptor
{
    /** A new binding was refused because the table holds its capacity. */
    TABLE_FULL(1200, "binding-table-full", "new binding refused: binding table at capacity"),
    /** A new binding was refused because no slot was free within the probe bound of its home slot. */
    PROBE_LIMIT(1201, "binding-probe-limit", "new binding refused: no free slot within the probe bound"),
    /** A binding was refused as invalid (IPv4-mapped IPv6 home address, unknown encapsulation variant). */
    INVALID_BINDING(1202, "binding-invalid", "binding refused: invalid key or encapsulation variant"),
    /** A worker re-read an entry because the slowpath was writing it (seqlock retry). */
    READ_RETRIES(1210, "binding-read-retries", "binding entry re-read while the slowpath changed it"),
    /** A worker gave up on an entry that kept changing, and treated the lookup as a miss. */
    READ_BUSY(1211, "binding-read-busy", "binding lookup gave up on an entry that kept changing");

    static
    {
        CounterDescriptors.requireUnique(values());
    }

    private final CounterInfo info;

    BindingTableCounter(final int id, final String label, final String description)
    {
        this.info = new CounterInfo(id, label, description);
    }

    @Override
    public CounterInfo info()
    {
        return info;
    }
}
