package dsmipha.slowpath.registration;

import java.util.function.Consumer;

/**
 * The slowpath's binding cache index: IPv6 home address to {@link BindingRecord}, O(1) get, put and remove with no
 * allocation except when it grows. Open addressing with linear probing over three parallel arrays, backward-shift
 * deletion (single thread: no reader can be in a probe while an entry moves), load factor at most one half, keyed
 * hash (a mobile node forms its own home address inside its prefix, so an unkeyed hash could be aimed at).
 * <pre>
 *   slot i:  keyHigh[i] | keyLow[i] | records[i]   (records[i] == null: empty)
 *   memory:  20 octets per slot (compressed oops), 2..4 slots per binding: 40..80 octets per binding
 * </pre>
 * Single thread (the slowpath's).
 */
public final class BindingCache
{
    private static final int MIN_CAPACITY = 16;

    private final long seed;
    private long[] keyHigh;
    private long[] keyLow;
    private BindingRecord[] records;
    private int mask;
    private int size;

    /**
     * @param expectedBindings bindings to hold before the first growth.
     * @param seed             hash key (random per process).
     */
    public BindingCache(final int expectedBindings, final long seed)
    {
        if (expectedBindings < 0 || expectedBindings > (1 << 28))
        {
            throw new IllegalArgumentException("expected bindings outside 0..2^28: " + expectedBindings);
        }
        this.seed = seed;
        allocate(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, expectedBindings)) << 2));
    }

    /**
     * @param high home address octets 0..7.
     * @param low  octets 8..15.
     * @return the binding, or null.
     */
    public BindingRecord get(final long high, final long low)
    {
        int slot = slot(high, low);
        BindingRecord record;
        while ((record = records[slot]) != null)
        {
            if (keyHigh[slot] == high && keyLow[slot] == low)
            {
                return record;
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    /**
     * Add or replace the binding of the record's home address.
     *
     * @param record the binding.
     * @return the record it replaced, or null.
     */
    public BindingRecord put(final BindingRecord record)
    {
        if ((size + 1) * 2 > records.length)
        {
            grow();
        }
        final long high = record.homeHigh;
        final long low = record.homeLow;
        int slot = slot(high, low);
        BindingRecord existing;
        while ((existing = records[slot]) != null)
        {
            if (keyHigh[slot] == high && keyLow[slot] == low)
            {
                records[slot] = record;
                return existing;
            }
            slot = (slot + 1) & mask;
        }
        keyHigh[slot] = high;
        keyLow[slot] = low;
        records[slot] = record;
        size++;
        return null;
    }

    /**
     * @param high home address octets 0..7.
     * @param low  octets 8..15.
     * @return the removed binding, or null.
     */
    public BindingRecord remove(final long high, final long low)
    {
        int slot = slot(high, low);
        BindingRecord record;
        while ((record = records[slot]) != null)
        {
            if (keyHigh[slot] == high && keyLow[slot] == low)
            {
                shiftBack(slot);
                size--;
                return record;
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    /**
     * Grow once, now, so that this many bindings fit without a further growth (a restore of a known number).
     *
     * @param bindings bindings to hold; at most 2^28.
     */
    public void ensureCapacity(final int bindings)
    {
        if (bindings > (1 << 28))
        {
            throw new IllegalArgumentException("bindings over 2^28: " + bindings);
        }
        int capacity = records.length;
        while ((long)bindings * 2 > capacity)
        {
            capacity <<= 1;
        }
        if (capacity != records.length)
        {
            rehash(capacity);
        }
    }

    /**
     * @return bindings held.
     */
    public int size()
    {
        return size;
    }

    /**
     * @return slots allocated (memory is 20 octets per slot).
     */
    public int slotCount()
    {
        return records.length;
    }

    /**
     * Visit every binding (order unspecified). The consumer must not change the cache.
     *
     * @param consumer receives each record.
     */
    public void forEach(final Consumer<BindingRecord> consumer)
    {
        final BindingRecord[] records = this.records;
        for (final BindingRecord record : records)
        {
            if (record != null)
            {
                consumer.accept(record);
            }
        }
    }

    /**
     * Receives the bindings of a slot range ({@link #visit}).
     */
    @FunctionalInterface
    public interface SlotVisitor
    {
        /**
         * @param record a binding (read only; the visitor must not change the cache).
         * @return true to go on, false to stop after this slot.
         */
        boolean onRecord(BindingRecord record);
    }

    /**
     * Visit the bindings of slots {@code fromSlot} onwards, in slot order, at most {@code maxSlots} slots, so that a
     * long walk (a control dump) can be cut into bounded steps between which the cache changes. Between steps a
     * removal's backward shift or a growth may move a binding across the cursor: a walker that must see each
     * binding at most once keeps the ids it saw, and restarts when {@link #slotCount()} changed.
     *
     * @param fromSlot first slot, 0 to start.
     * @param maxSlots most slots to scan.
     * @param visitor  receives each binding; false stops the walk after that slot.
     * @return the slot to continue from; {@link #slotCount()} or more when the walk reached the end.
     */
    public int visit(final int fromSlot, final int maxSlots, final SlotVisitor visitor)
    {
        final BindingRecord[] records = this.records;
        final int end = (int)Math.min(records.length, (long)Math.max(0, fromSlot) + maxSlots);
        for (int slot = Math.max(0, fromSlot); slot < end; slot++)
        {
            final BindingRecord record = records[slot];
            if (record != null && !visitor.onRecord(record))
            {
                return slot + 1;
            }
        }
        return end;
    }

    private void shiftBack(final int removed)
    {
        int hole = removed;
        int slot = (removed + 1) & mask;
        BindingRecord record;
        while ((record = records[slot]) != null)
        {
            final int home = slot(keyHigh[slot], keyLow[slot]);
            // Move the entry into the hole when its home slot is not cyclically within (hole, slot].
            if (((slot - home) & mask) >= ((slot - hole) & mask))
            {
                keyHigh[hole] = keyHigh[slot];
                keyLow[hole] = keyLow[slot];
                records[hole] = record;
                hole = slot;
            }
            slot = (slot + 1) & mask;
        }
        records[hole] = null;
        keyHigh[hole] = 0;
        keyLow[hole] = 0;
    }

    private void grow()
    {
        rehash(records.length << 1);
    }

    private void rehash(final int capacity)
    {
        final long[] oldHigh = keyHigh;
        final long[] oldLow = keyLow;
        final BindingRecord[] oldRecords = records;
        allocate(capacity);
        size = 0;
        for (int i = 0; i < oldRecords.length; i++)
        {
            if (oldRecords[i] != null)
            {
                int slot = slot(oldHigh[i], oldLow[i]);
                while (records[slot] != null)
                {
                    slot = (slot + 1) & mask;
                }
                keyHigh[slot] = oldHigh[i];
                keyLow[slot] = oldLow[i];
                records[slot] = oldRecords[i];
                size++;
            }
        }
    }

    private void allocate(final int capacity)
    {
        keyHigh = new long[capacity];
        keyLow = new long[capacity];
        records = new BindingRecord[capacity];
        mask = capacity - 1;
    }

    private int slot(final long high, final long low)
    {
        long h = high * 0x9E3779B97F4A7C15L ^ Long.rotateLeft(low, 31) ^ seed;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return (int)h & mask;
    }
}
