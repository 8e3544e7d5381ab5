package dsmipha.fastpath.binding;

import dsmipha.common.counters.CounterDescriptor;
import dsmipha.common.counters.CounterDescriptors;
import dsmipha.common.counters.CounterInfo;

/**
 * Outcomes of the prefix table (ids 1250-1269 of the fastpath range, see {@link CounterDescriptor}). The writer
 * counters are kept by {@link PrefixTable} on the slowpath thread; the reader counters are kept per worker in its
 * {@link PrefixMatch} (retries, busy) and {@link BindingResolver} (owner missing).
 */
public enum PrefixTableCounter implements CounterDescriptor
{
    /** A new prefix was added. */
    ADDED(1250, "prefix-added", "prefix binding added"),
    /** The owner of a present prefix was changed in place. */
    UPDATED(1251, "prefix-updated", "prefix binding's owner updated in place"),
    /** A prefix was removed. */
    REMOVED(1252, "prefix-removed", "prefix binding removed"),
    /** A new prefix was refused because the table holds its capacity. */
    TABLE_FULL(1253, "prefix-table-full", "new prefix refused: prefix table at capacity"),
    /** A new prefix was refused because no slot was free within the probe bound of its home slot. */
    PROBE_LIMIT(1254, "prefix-probe-limit", "new prefix refused: no free slot within the probe bound"),
    /** A put or remove was refused as invalid (length out of range, host bits set, wrong family, owner ::). */
    INVALID(1255, "prefix-invalid", "prefix refused: bad length, host bits set, wrong family or owner"),
    /** A worker re-read an entry because the slowpath was writing it (seqlock retry). */
    READ_RETRIES(1260, "prefix-read-retries", "prefix entry re-read while the slowpath changed it"),
    /** A worker gave up on an entry that kept changing, and treated the lookup as busy. */
    READ_BUSY(1261, "prefix-read-busy", "prefix lookup gave up on an entry that kept changing"),
    /** A prefix matched but its owner had no binding: nothing serves the address. */
    OWNER_MISSING(1262, "prefix-owner-missing", "prefix matched but its owner has no binding");

    static
    {
        CounterDescriptors.requireUnique(values());
    }

    private final CounterInfo info;

    PrefixTableCounter(final int id, final String label, final String description)
    {
        this.info = new CounterInfo(id, label, description);
    }

    @Override
    public CounterInfo info()
    {
        return info;
    }
}
